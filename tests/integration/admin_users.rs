//! Managing staff accounts: only IOPC administrators may; new accounts follow the password
//! policy; disabling and password resets end the account's live sessions; every refusal and
//! change is in the audit trail.

use reqwest::StatusCode;

use crate::support::{Html, TestApp, force_id, user_id};

const ADMIN: &str = "admin@iopc.example";
const NEW_PASSWORD: &str = "lantern orchard velvet";

async fn sign_in_with(app: &TestApp, email: &str, password: &str) -> StatusCode {
    app.post_form_without_csrf("/sign-in", &[("email", email), ("password", password)])
        .await
        .status()
}

/// The error message shown beside the field with this id.
fn error_beside(page: &str, field: &str) -> String {
    Html::parse(page)
        .error_for(field)
        .unwrap_or_else(|| panic!("no error beside {field}"))
}

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_sign_in() {
    let app = TestApp::with_demo(0).await;
    let met = force_id(&app.db.pool, "met").await.to_string();
    app.sign_in(ADMIN).await;
    let res = app
        .post_form_as(
            ADMIN,
            "/admin/users",
            &[
                ("name", "Pat Example"),
                ("email", "pat.example@met.example"),
                ("role", "force_psd"),
                ("force_id", &met),
                ("lpb_id", ""),
                ("password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = app.follow(res).await;
    assert_eq!(list.status(), StatusCode::OK);
    let body = list.text().await.expect("body");
    assert!(body.contains("The account for Pat Example was created."));
    assert!(body.contains("pat.example@met.example"));
    assert!(body.contains("Metropolitan Police Service"));

    let theirs = app.another_browser();
    assert_eq!(
        sign_in_with(&theirs, "pat.example@met.example", NEW_PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    // The password alone does not sign a real account in: it sets up its second factor first.
    let page = theirs.get("/my-work").await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/sign-in/enrol?next=/my-work")
    );
    theirs.enrol_second_factor("pat.example@met.example").await;
    let page = theirs.get("/my-work").await;
    assert_eq!(page.status(), StatusCode::OK);

    let id = user_id(&app.db.pool, "pat.example@met.example").await;
    let details: serde_json::Value = sqlx::query_scalar(
        "select details from audit_event where action = 'staff_user_created' order by audit_event_id desc limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("the creation is audited");
    assert_eq!(details["staff_user_id"], id.to_string());
    assert!(!details.to_string().contains(NEW_PASSWORD));
}

#[tokio::test]
async fn a_short_or_common_password_is_refused_beside_the_field_with_the_other_inputs_kept() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(ADMIN).await;
    for (password, message) in [
        ("too short", "Enter a password of at least 12 characters"),
        ("password1234", "This password is too common"),
    ] {
        let res = app
            .post_form_as(
                ADMIN,
                "/admin/users",
                &[
                    ("name", "Sam Sample"),
                    ("email", "sam.sample@iopc.example"),
                    ("role", "iopc_caseworker"),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = res.text().await.expect("body");
        assert!(
            error_beside(&page, "password").contains(message),
            "{password}"
        );
        let html = Html::parse(&page);
        assert_eq!(html.input_value("name").as_deref(), Some("Sam Sample"));
        assert_eq!(
            html.input_value("email").as_deref(),
            Some("sam.sample@iopc.example")
        );
        assert!(html.checked("role", "iopc_caseworker"));
        assert!(
            !page.contains(password),
            "the password is never shown again"
        );
        assert!(
            page.contains(r##"href="#password""##),
            "the summary links to the field"
        );
    }
    let created: i64 = sqlx::query_scalar(
        "select count(*) from staff_user where email = 'sam.sample@iopc.example'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(created, 0);
}

#[tokio::test]
async fn a_force_psd_user_without_a_force_is_refused() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(ADMIN).await;
    let res = app
        .post_form_as(
            ADMIN,
            "/admin/users",
            &[
                ("name", "No Force"),
                ("email", "no.force@example.org"),
                ("role", "force_psd"),
                ("force_id", ""),
                ("password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(error_beside(&page, "force_id").contains("Select the force"));
    assert!(Html::parse(&page).checked("role", "force_psd"));

    // Likewise a review body user needs a local policing body.
    let res = app
        .post_form_as(
            ADMIN,
            "/admin/users",
            &[
                ("name", "No Body"),
                ("email", "no.body@example.org"),
                ("role", "review_body"),
                ("password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(error_beside(&page, "lpb_id").contains("Select the local policing body"));
}

#[tokio::test]
async fn a_duplicate_email_is_refused_beside_the_email_field() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(ADMIN).await;
    let res = app
        .post_form_as(
            ADMIN,
            "/admin/users",
            &[
                ("name", "Another Caseworker"),
                // The same address in other letters: addresses are unique regardless of case.
                ("email", "Caseworker@IOPC.example"),
                ("role", "iopc_caseworker"),
                ("password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("body");
    assert!(error_beside(&page, "email").contains("already exists"));
    assert_eq!(
        Html::parse(&page).input_value("email").as_deref(),
        Some("Caseworker@IOPC.example")
    );
}

#[tokio::test]
async fn disabling_a_user_ends_their_live_session_and_stops_them_signing_in() {
    let app = TestApp::with_demo(0).await;
    let theirs = app.another_browser();
    theirs.sign_in("psd@westmidlands.example").await;
    assert_eq!(theirs.get("/my-work").await.status(), StatusCode::OK);

    app.sign_in(ADMIN).await;
    let target = user_id(&app.db.pool, "psd@westmidlands.example").await;
    let res = app
        .post_form_as(ADMIN, &format!("/admin/users/{target}/disable"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = app.follow(res).await.text().await.expect("body");
    assert!(list.contains("was disabled and signed out"));
    assert!(list.contains("Disabled"));

    let res = theirs.get("/my-work").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers().get("location").and_then(|v| v.to_str().ok());
    assert!(
        location.is_some_and(|l| l.starts_with("/sign-in")),
        "{location:?}"
    );
    assert_eq!(
        sign_in_with(
            &theirs,
            "psd@westmidlands.example",
            oversight::demo::DEMO_PASSWORD
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'staff_user_disabled' and details->>'staff_user_id' = $1",
    )
    .bind(target.to_string())
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn re_enabling_a_user_lets_them_sign_in_again() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(ADMIN).await;
    let target = user_id(&app.db.pool, "psd@westmidlands.example").await;
    let res = app
        .post_form_as(ADMIN, &format!("/admin/users/{target}/disable"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let theirs = app.another_browser();
    assert_eq!(
        sign_in_with(
            &theirs,
            "psd@westmidlands.example",
            oversight::demo::DEMO_PASSWORD
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let res = app
        .post_form_as(ADMIN, &format!("/admin/users/{target}/enable"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        app.follow(res)
            .await
            .text()
            .await
            .expect("body")
            .contains("was enabled")
    );
    assert_eq!(
        sign_in_with(
            &theirs,
            "psd@westmidlands.example",
            oversight::demo::DEMO_PASSWORD
        )
        .await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_admin_cannot_disable_their_own_account() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(ADMIN).await;
    let me = user_id(&app.db.pool, ADMIN).await;
    let res = app
        .post_form_as(ADMIN, &format!("/admin/users/{me}/disable"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("You cannot disable your own account")
    );
    assert_eq!(app.get("/admin/users").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_password_reset_ends_their_sessions_and_the_new_password_works() {
    let app = TestApp::with_demo(0).await;
    let theirs = app.another_browser();
    theirs.sign_in("psd@westmidlands.example").await;
    app.sign_in(ADMIN).await;
    let target = user_id(&app.db.pool, "psd@westmidlands.example").await;
    let path = format!("/admin/users/{target}/password");
    assert_eq!(app.get(&path).await.status(), StatusCode::OK);

    // The policy applies to resets too.
    let res = app
        .post_form_as(ADMIN, &path, &[("password", "short")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_beside(&res.text().await.expect("body"), "password").contains("at least 12"));

    let res = app
        .post_form_as(ADMIN, &path, &[("password", NEW_PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = theirs.get("/my-work").await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "their session has ended"
    );
    assert_eq!(
        sign_in_with(
            &theirs,
            "psd@westmidlands.example",
            oversight::demo::DEMO_PASSWORD
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        sign_in_with(&theirs, "psd@westmidlands.example", NEW_PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    let leaked: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where details::text like '%' || $1 || '%'",
    )
    .bind(NEW_PASSWORD)
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(leaked, 0, "the password is never in the audit trail");
}

#[tokio::test]
async fn a_non_admin_gets_403_on_every_admin_route_and_the_refusal_is_audited() {
    let app = TestApp::with_demo(0).await;
    let target = user_id(&app.db.pool, "psd@westmidlands.example")
        .await
        .to_string();
    for email in [
        "caseworker@iopc.example",
        "investigator@iopc.example",
        "psd@met.example",
        "reviews@mopac.example",
    ] {
        let browser = app.another_browser();
        browser.sign_in(email).await;
        let me = user_id(&app.db.pool, email).await;
        let mut routes: i64 = 0;
        for (method, path) in &oversight::web::staff_routes() {
            if !path.starts_with("/admin/") {
                continue;
            }
            routes += 1;
            let path = path
                .replace("{user_id}", &target)
                .replace("{message_id}", "0190f3c4-0000-7000-8000-000000000001");
            let res = match *method {
                "get" => browser.get(&path).await,
                _ => {
                    browser
                        .post_form_as(
                            email,
                            &path,
                            &[
                                ("name", "Sneaky"),
                                ("email", "sneaky@example.org"),
                                ("role", "iopc_admin"),
                                ("password", NEW_PASSWORD),
                            ],
                        )
                        .await
                }
            };
            assert_eq!(
                res.status(),
                StatusCode::FORBIDDEN,
                "{email} {method} {path}"
            );
        }
        assert!(routes >= 7, "every admin route was tried");
        let refused: i64 = sqlx::query_scalar(
            "select count(*) from audit_event where action = 'permission_refused' and actor_id = $1",
        )
        .bind(me)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
        assert_eq!(refused, routes, "{email}: every refusal is audited");
    }
    let untouched: (Option<chrono::DateTime<chrono::Utc>>,) = sqlx::query_as(
        "select disabled_at from staff_user where email = 'psd@westmidlands.example'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("target");
    assert!(untouched.0.is_none());
    let created: i64 =
        sqlx::query_scalar("select count(*) from staff_user where email = 'sneaky@example.org'")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert_eq!(created, 0);
}
