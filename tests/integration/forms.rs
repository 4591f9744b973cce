//! Rules every staff form shares: typed ids in the path, the same limits and the same email
//! rule wherever a field appears, a form sent back with the version it was drawn with, the
//! case scope on every page of a case, and lists planned for their own filters.

use reqwest::StatusCode;
use uuid::Uuid;

use oversight::domain::vocab::CaseStage;

use crate::support::{CaseBuilder, Html, TestApp, local_review};

/// Scenario S1's case (Metropolitan Police Service, an independent investigation).
const S1: &str = "5ce00001-0001-4000-8000-000000000001";
/// Scenario S2's case (a legacy complaint to the Metropolitan Police Service, investigated).
const S2: &str = "5ce00002-0001-4000-8000-000000000001";

async fn version_of(app: &TestApp, case_id: Uuid) -> i32 {
    sqlx::query_scalar("select version from case_record where case_id = $1")
        .bind(case_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("case")
}

#[tokio::test]
async fn a_malformed_id_in_the_path_is_the_layouts_not_found_page() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    for path in [
        "/cases/not-a-case",
        "/cases/not-a-case/letter",
        "/cases/not-a-case/investigation",
        &format!("/cases/{S1}/subjects/not-a-subject"),
        "/recommendations/nope",
        "/admin/users/not-a-user/password",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let html = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        assert!(html, "{path}: the layout's page, not plain text");
        assert!(
            res.text().await.expect("body").contains("Page not found"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_rank_is_limited_to_the_same_length_as_when_the_case_is_logged() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("psd@met.example").await;
    let case_id = CaseBuilder::conduct_matter()
        .at(CaseStage::Recorded)
        .summary("An officer used force at a road stop")
        .insert(&app.db.pool)
        .await;
    let rank = "R".repeat(oversight::domain::intake::limits::RANK + 1);
    let res = app
        .post_form_as(
            "psd@met.example",
            &format!("/cases/{case_id}/subjects/new"),
            &[
                ("name", "Officer Z"),
                ("kind", "police_officer"),
                ("rank", &rank),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("The rank or job title must be 60 characters or fewer"),
        "the same limit as at logging"
    );
}

#[tokio::test]
async fn a_link_form_sent_back_keeps_the_version_it_was_drawn_with() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("caseworker@iopc.example").await;
    let case_id = Uuid::parse_str(S1).expect("uuid");
    let drawn = version_of(&app, case_id).await;
    // Someone else changes the case while the form is open.
    sqlx::query("update case_record set version = version + 1 where case_id = $1")
        .bind(case_id)
        .execute(&app.db.pool)
        .await
        .expect("bump");
    let drawn_text = drawn.to_string();
    let res = app
        .post_form_as(
            "caseworker@iopc.example",
            &format!("/cases/{case_id}/links"),
            &[
                ("version", drawn_text.as_str()),
                ("reference", "NO/SUCH/REF"),
                ("reason", "same_incident"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert_eq!(
        Html::parse(&body).input_value("version"),
        Some(drawn.to_string()),
        "the form keeps the version it was drawn with"
    );
    // So the second submit, now with a good reference, still meets the concurrent change.
    let other: String = sqlx::query_scalar(
        "select coalesce(iopc_reference, force_reference) from case_record
         where case_id <> $1 and coalesce(iopc_reference, force_reference) is not null limit 1",
    )
    .bind(case_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("another case");
    let res = app
        .post_form_as(
            "caseworker@iopc.example",
            &format!("/cases/{case_id}/links"),
            &[
                ("version", drawn_text.as_str()),
                ("reference", other.as_str()),
                ("reason", "same_incident"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_contact_form_and_case_logging_apply_the_same_email_rule() {
    let app = TestApp::with_demo(0).await;
    // Logging a complaint with an address that has no domain refuses it beside the field.
    app.sign_in("psd@met.example").await;
    let res = app
        .post_form_as(
            "psd@met.example",
            "/cases/new",
            &[
                ("kind", "complaint"),
                ("complainant-name", "Sam Example"),
                ("complainant-email", "sam@example"),
                ("complainant-contact", "email"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(
        body.contains(r##"href="#complainant-email""##),
        "logging refuses it"
    );

    // The complainant's own contact form refuses the same address.
    let mut conn = app.db.pool.acquire().await.expect("connection");
    oversight::demo::public::load(&mut conn, oversight::web::public::uk_today(), true)
        .await
        .expect("demo complaints");
    drop(conn);
    let public = app.another_browser();
    let res = public
        .post_form_without_csrf(
            "/status",
            &[
                ("reference", "OV-DEM0-0002"),
                ("code", "REV1-EW0P-EN26-0002"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "signed in to the status page"
    );
    let form = public
        .get("/status/contact")
        .await
        .text()
        .await
        .expect("form");
    let token = Html::parse(&form)
        .input_value("csrf_token")
        .expect("the form's token");
    let res = public
        .post_form_without_csrf(
            "/status/contact",
            &[
                ("csrf_token", token.as_str()),
                ("method", "email"),
                ("email", "sam@example"),
                ("language", "en"),
                ("easy_read", "no"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains(r##"href="#email""##),
        "the contact form refuses it too"
    );
}

#[tokio::test]
async fn a_review_body_that_can_see_a_case_can_see_its_investigation() {
    let app = TestApp::with_demo(0).await;
    let case_id = Uuid::parse_str(S2).expect("uuid");
    // A review of S2 (a complaint the Metropolitan Police Service recorded) decided by the
    // Mayor's Office for Policing and Crime puts the case in the review body's scope.
    local_review(&app.db.pool, case_id, "mopac").await;
    app.sign_in("reviews@mopac.example").await;
    assert_eq!(
        app.get(&format!("/cases/{S2}")).await.status(),
        StatusCode::OK
    );
    let res = app.get(&format!("/cases/{S2}/investigation")).await;
    assert_eq!(res.status(), StatusCode::OK, "as the case page does");
    let body = res.text().await.expect("body");
    assert!(body.contains("investigation"));
    assert!(
        !body.contains("Save the details"),
        "a review body sees the investigation but does not run it"
    );
}

#[tokio::test]
async fn lists_are_planned_for_each_requests_own_filters() {
    let app = TestApp::spawn().await;
    let mut tx =
        oversight::db::list_transaction(&app.db.pool, oversight::auth::session::CaseScope::All)
            .await
            .expect("transaction");
    let mode: String = sqlx::query_scalar("select current_setting('plan_cache_mode')")
        .fetch_one(&mut *tx)
        .await
        .expect("setting");
    assert_eq!(mode, "force_custom_plan");
    tx.commit().await.expect("commit");
    // The setting is the transaction's only: the pool's connections keep the default.
    let mode: String = sqlx::query_scalar("select current_setting('plan_cache_mode')")
        .fetch_one(&app.db.pool)
        .await
        .expect("setting");
    assert_eq!(mode, "auto");
}
