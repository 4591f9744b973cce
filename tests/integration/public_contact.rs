//! A complainant's contact preferences: validation, saving, and the change in the timeline.

use reqwest::StatusCode;

use crate::support::Html;
use crate::support::TestApp;
use crate::support::public::*;

async fn save(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = complainant_csrf(&app.db.pool).await;
    let mut all = fields.to_vec();
    all.push(("csrf_token", &csrf));
    app.post_form_without_csrf("/status/contact", &all).await
}

#[tokio::test]
async fn changing_contact_preferences_is_saved_and_appears_in_the_timeline() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let (status, body) = page(&app, "/status/contact").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        Html::parse(&body).input_value("email").as_deref(),
        Some("sam.taylor@example.org"),
        "the held email is shown"
    );

    let res = save(
        &app,
        &[
            ("method", "telephone"),
            ("email", "sam.taylor@example.org"),
            ("phone", "07700 900982"),
            ("address", ""),
            ("language", "cy"),
            ("easy_read", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app.follow(res).await;
    let body = res.text().await.expect("body");
    // Now Welsh and easy read by default: the saved preferences apply to the pages too.
    assert!(body.contains("<html lang=\"cy\""));
    assert!(body.contains("Mae eich dewisiadau cysylltu wedi&#39;u cadw."));

    let (method, phone, language, easy): (String, String, String, bool) = sqlx::query_as(
        "select contact_method::text, phone, preferred_language::text, easy_read
           from person where person_id = '5ce00010-000a-4000-8000-000000000002'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("person");
    assert_eq!(
        (method.as_str(), phone.as_str(), language.as_str(), easy),
        ("telephone", "07700 900982", "cy", true)
    );
    let details: serde_json::Value = sqlx::query_scalar(
        "select details from audit_event where case_id = $1::uuid and action = 'contact_preferences_changed'",
    )
    .bind(P2_CASE)
    .fetch_one(&app.db.pool)
    .await
    .expect("timeline entry");
    assert_eq!(
        details["changed"],
        serde_json::json!(["contact_method", "phone", "preferred_language", "easy_read"])
    );
    assert!(
        !details.to_string().contains("07700"),
        "no personal data in the trail"
    );

    app.sign_in("caseworker@iopc.example").await;
    let (_, staff) = page(&app, &format!("/cases/{P2_CASE}")).await;
    assert!(
        staff.contains("Contact preferences changed"),
        "shown on the case's timeline"
    );
}

#[tokio::test]
async fn contact_details_are_checked_and_shown_again_with_errors() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let res = save(
        &app,
        &[
            ("method", "email"),
            ("email", "not-an-email"),
            ("phone", ""),
            ("address", ""),
            ("language", "en"),
            ("easy_read", "no"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    assert!(
        html.error_summary_links().contains(&(
            "#email".to_owned(),
            "Enter an email address in the correct format, like name@example.com".to_owned()
        )),
        "{:?}",
        html.error_summary_links()
    );
    assert_eq!(
        html.input_value("email").as_deref(),
        Some("not-an-email"),
        "input kept"
    );

    let res = save(&app, &[("method", "post"), ("address", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    let summary = Html::parse(&body).error_summary();
    assert!(
        summary.contains(&"Enter your postal address".to_owned()),
        "{summary:?}"
    );
    assert!(
        summary.contains(&"Choose a language".to_owned()),
        "{summary:?}"
    );
    let unchanged: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'contact_preferences_changed'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(unchanged, 0);
}
