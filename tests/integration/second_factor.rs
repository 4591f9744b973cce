//! The second factor of a staff sign-in (ASVS 5.0 level 2, V6): every role needs it, it is
//! enrolled at the first sign-in, a code is accepted once only, recovery codes work once,
//! wrong codes are throttled like passwords, and an administrator can reset it. Demo
//! accounts skip it only in a database seeded with demo data, and the start page says so.

use chrono::Utc;
use reqwest::StatusCode;

use crate::support::TestApp;

const PASSWORD: &str = "correct horse battery staple 2026";

/// A real (not demo) account of `role` made by the administrator, signed in with its password
/// only in a browser of its own.
async fn new_account(app: &TestApp, email: &str, role: &str) -> TestApp {
    let met = crate::support::force_id(&app.db.pool, "met")
        .await
        .to_string();
    let mopac: String = sqlx::query_scalar(
        "select local_policing_body_id::text from local_policing_body where code = 'mopac'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("lpb");
    let (force, lpb) = match role {
        "force_psd" => (met.as_str(), ""),
        "review_body" => ("", mopac.as_str()),
        _ => ("", ""),
    };
    let res = app
        .post_form_as(
            "admin@iopc.example",
            "/admin/users",
            &[
                ("name", "A Person"),
                ("email", email),
                ("role", role),
                ("force_id", force),
                ("lpb_id", lpb),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{role} created");
    let theirs = app.another_browser();
    let res = theirs
        .post_form_without_csrf("/sign-in", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    theirs
}

async fn secret_of(app: &TestApp, email: &str) -> Vec<u8> {
    sqlx::query_scalar("select totp_secret from staff_user where lower(email) = lower($1)")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .expect("secret")
}

async fn post_code(browser: &TestApp, email: &str, code: &str) -> reqwest::Response {
    let token = browser.csrf_token_of(email).await;
    browser
        .post_form_without_csrf(
            "/sign-in/code",
            &[("csrf_token", &token), ("code", code), ("next", "/cases")],
        )
        .await
}

async fn sign_in_again(app: &TestApp, email: &str) -> TestApp {
    let browser = app.another_browser();
    let res = browser
        .post_form_without_csrf("/sign-in", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    browser
}

#[tokio::test]
async fn every_staff_role_needs_a_second_factor_before_any_page() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    for (i, role) in [
        "iopc_caseworker",
        "iopc_investigator",
        "iopc_admin",
        "force_psd",
        "review_body",
    ]
    .iter()
    .enumerate()
    {
        let email = format!("person{i}@staff.example.org");
        let theirs = new_account(&app, &email, role).await;
        for path in ["/my-work", "/cases", "/admin/users"] {
            let res = theirs.get(path).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{role} {path}");
            let location = res.headers().get("location").and_then(|v| v.to_str().ok());
            assert!(
                location.is_some_and(|l| l.starts_with("/sign-in/enrol?next=")),
                "{role} {path}: {location:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_person_enrols_at_first_sign_in_then_signs_in_with_a_code_once() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    let email = "jo.investigator@staff.example.org";
    let theirs = new_account(&app, email, "iopc_investigator").await;
    let enrol = theirs.get("/sign-in/enrol").await;
    assert_eq!(
        enrol
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "the secret is never stored by a browser"
    );
    let body = enrol.text().await.expect("page");
    assert!(
        body.contains(r#"src="data:image/png;base64,"#),
        "a QR code drawn on the server"
    );
    // A wrong first code is refused beside the field, and nothing is enrolled.
    let token = theirs.csrf_token_of(email).await;
    let res = theirs
        .post_form_without_csrf(
            "/sign-in/enrol",
            &[
                ("csrf_token", &token),
                ("code", "000000"),
                ("next", "/my-work"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains(r##"href="#code""##)
    );
    let codes = theirs.enrol_second_factor(email).await;
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    assert_eq!(theirs.get("/my-work").await.status(), StatusCode::OK);

    // Signing in again asks for a code; the app's code lets them in once only.
    let next_time = sign_in_again(&app, email).await;
    let res = next_time.get("/cases").await;
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/sign-in/code?next=/cases")
    );
    let secret = secret_of(&app, email).await;
    // The enrolment used a code already: the code of the step it was accepted at (read from
    // the account, since the clock may have moved to the next step since then).
    let used_step: i64 =
        sqlx::query_scalar("select totp_last_step from staff_user where lower(email) = lower($1)")
            .bind(email)
            .fetch_one(&app.db.pool)
            .await
            .expect("last step");
    let used_at = chrono::DateTime::from_timestamp(used_step * 30, 0).expect("time");
    let enrolled_code = oversight::auth::second_factor::code_at(&secret, used_at);
    let mut now = Utc::now();
    let res = post_code(&next_time, email, &enrolled_code).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code already accepted is not accepted again"
    );
    while oversight::auth::second_factor::code_at(&secret, now) == enrolled_code {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        now = Utc::now();
    }
    let code = oversight::auth::second_factor::code_at(&secret, now);
    let res = post_code(&next_time, email, &code).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/cases")
    );
    assert_eq!(next_time.get("/cases").await.status(), StatusCode::OK);
    let replay = sign_in_again(&app, email).await;
    assert_eq!(
        post_code(&replay, email, &code).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code seen over a shoulder cannot be replayed"
    );
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    let email = "sam.psd@staff.example.org";
    let theirs = new_account(&app, email, "force_psd").await;
    let codes = theirs.enrol_second_factor(email).await;
    let first = codes[0].to_lowercase().replace('-', " ");
    let again = sign_in_again(&app, email).await;
    assert_eq!(
        post_code(&again, email, &first).await.status(),
        StatusCode::SEE_OTHER
    );
    let once_more = sign_in_again(&app, email).await;
    assert_eq!(
        post_code(&once_more, email, &first).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a recovery code works once"
    );
    let details: serde_json::Value = sqlx::query_scalar(
        "select details from audit_event where action = 'second_factor_given' order by audit_event_id desc limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("audited");
    assert_eq!(details["with"], "recovery_code");
    assert_eq!(details["recovery_codes_left"], 9);
}

#[tokio::test]
async fn wrong_codes_are_throttled_like_passwords() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    let email = "kim.caseworker@staff.example.org";
    let theirs = new_account(&app, email, "iopc_caseworker").await;
    theirs.enrol_second_factor(email).await;
    let guesser = sign_in_again(&app, email).await;
    let mut statuses = Vec::new();
    for guess in 0..12 {
        let res = post_code(&guesser, email, &format!("{guess:06}")).await;
        statuses.push(res.status().as_u16());
    }
    let checked = statuses.iter().filter(|s| **s == 422).count();
    assert!(checked <= 10, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
}

#[tokio::test]
async fn an_administrator_resets_a_lost_second_factor_and_it_is_audited() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    let email = "lee.lost@staff.example.org";
    let theirs = new_account(&app, email, "iopc_caseworker").await;
    theirs.enrol_second_factor(email).await;
    let id = crate::support::user_id(&app.db.pool, email).await;
    let res = app
        .post_form_as(
            "admin@iopc.example",
            &format!("/admin/users/{id}/second-factor"),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = app.follow(res).await.text().await.expect("list");
    assert!(list.contains("The second factor for A Person was reset"));
    assert_eq!(
        theirs.get("/my-work").await.status(),
        StatusCode::SEE_OTHER,
        "their sessions ended"
    );
    let again = sign_in_again(&app, email).await;
    let res = again.get("/my-work").await;
    assert!(
        res.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/sign-in/enrol")),
        "they set up an authenticator app again"
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'second_factor_reset' and details ->> 'staff_user_id' = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.db.pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn only_demo_accounts_of_a_demo_database_skip_the_second_factor_and_the_start_page_says_so() {
    let app = TestApp::with_demo(0).await;
    let start = app.get("/").await.text().await.expect("start page");
    assert!(start.contains(r#"id="demo-accounts""#));
    // A real address cannot be marked exempt, whoever tries.
    let err = sqlx::query(
        "insert into staff_user (email, display_name, role, password_hash, second_factor_exempt)
         values ('real.person@iopc.gov.uk', 'Real Person', 'iopc_caseworker', 'x', true)",
    )
    .execute(&app.db.pool)
    .await
    .expect_err("a real address is never exempt");
    assert!(
        err.to_string().contains("staff_user_exempt_only_demo"),
        "{err}"
    );

    let plain = TestApp::spawn().await;
    let start = plain.get("/").await.text().await.expect("start page");
    assert!(
        !start.contains(r#"id="demo-accounts""#),
        "no demo accounts, no notice"
    );
}

/// The session cookie's value in a response, if it sets one.
fn session_cookie_of(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("oversight_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
        .filter(|v| !v.is_empty())
}

/// ASVS V7.2.4: the half-signed-in session's token is not the signed-in session's: giving the
/// second factor renews it, and the old one opens nothing.
#[tokio::test]
async fn giving_the_second_factor_renews_the_session_token() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    let email = "renewed@staff.example.org";
    let theirs = new_account(&app, email, "force_psd").await;
    let codes = theirs.enrol_second_factor(email).await;

    let browser = app.another_browser();
    let res = browser
        .post_form_without_csrf("/sign-in", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let half_token = session_cookie_of(&res).expect("the password step sets a session");
    let res = post_code(&browser, email, &codes[0]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let full_token = session_cookie_of(&res).expect("the second factor sets a new token");
    assert_ne!(full_token, half_token);
    assert_eq!(browser.get("/my-work").await.status(), StatusCode::OK);

    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = stranger
        .get(format!("{}/my-work", app.base))
        .header("cookie", format!("oversight_session={half_token}"))
        .send()
        .await
        .expect("request");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the old token opens nothing"
    );
    assert!(
        res.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.starts_with("/sign-in")),
        "sent to sign in"
    );
}
