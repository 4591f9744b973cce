//! Applying for a review from the status page: the 28-day window of CMR 2020 reg 29, the
//! cases with no review right, validation, and the step taken through the case machine.

use oversight::domain::vocab::{CaseStage, InvestigationMode};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::support::public::*;
use crate::support::{CaseBuilder, ComplainantBuilder, Day, Html, TestApp};

async fn signed_in_on(app: &TestApp, case_id: Uuid, cc: Uuid) {
    let (reference, code) = issue(&app.db.pool, case_id, cc).await;
    sign_in_as_complainant(app, &reference, &code).await;
}

async fn apply(app: &TestApp, grounds: &str, sought: &str) -> reqwest::Response {
    let csrf = complainant_csrf(&app.db.pool).await;
    let (_, form) = page(app, "/status/review").await;
    let version = Html::parse(&form)
        .input_value("version")
        .unwrap_or_else(|| "1".to_owned());
    app.post_form_without_csrf(
        "/status/review",
        &[
            ("csrf_token", &csrf),
            ("version", &version),
            ("grounds", grounds),
            ("outcome_sought", sought),
        ],
    )
    .await
}

#[tokio::test]
async fn review_application_on_day_28_is_accepted() {
    // CMR 2020 reg 29: 28 days starting the day after the letter. A letter dated 28 days ago
    // makes today the last day (letter 1 April, last day 29 April).
    let app = public_demo().await;
    let (case_id, cc) = seed_complaint(&app.db.pool, CaseStage::OutcomeNotified, Some(28)).await;
    signed_in_on(&app, case_id, cc).await;
    let (_, body) = page(&app, "/status").await;
    let today = oversight::web::public::uk_today();
    let last_day = oversight::workflow::calendar::english_date(today);
    assert!(
        body.contains(&format!("You must apply by {last_day}.")),
        "{body}"
    );
    let res = apply(
        &app,
        "The officer was not asked about the stop.",
        "A new investigation.",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/status/review/confirmation")
    );
    let res = app.follow(res).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.expect("body");
    assert!(body.contains("Application sent"));
    let (reference, grounds, sought, body_kind, lpb, stage, applied_on): (
        String,
        String,
        String,
        String,
        Option<Uuid>,
        String,
        chrono::NaiveDate,
    ) = sqlx::query_as(
        "select r.reference, r.grounds, r.outcome_sought, r.review_body::text, r.local_policing_body_id,
                c.stage::text, r.applied_on
           from review r join case_record c using (case_id) where r.case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("one review");
    assert!(
        body.contains(&reference),
        "the confirmation shows the reference"
    );
    assert!(reference.starts_with("RV-"));
    assert_eq!(grounds, "The officer was not asked about the stop.");
    assert_eq!(sought, "A new investigation.");
    assert_eq!(
        body_kind, "local_policing_body",
        "not referred: the LPB reviews"
    );
    assert!(lpb.is_some());
    assert_eq!(stage, "under_review");
    assert_eq!(applied_on, today);
    // The step went through the workflow, by the complainant, into the audit trail.
    let (actor_role, description, action): (String, String, String) = sqlx::query_as(
        "select actor_role, actor_description, action from audit_event
          where case_id = $1 and action = 'apply_for_review'",
    )
    .bind(case_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("audit event");
    assert_eq!(
        (actor_role.as_str(), description.as_str(), action.as_str()),
        ("complainant", "complainant", "apply_for_review")
    );
    // The status page now shows the application, not the form.
    let (_, body) = page(&app, "/status").await;
    assert!(body.contains(&format!("Your review reference is {reference}.")));
    assert!(!Html::parse(&body).links_to("/status/review"));
}

#[tokio::test]
async fn review_window_closes_on_day_29() {
    let app = public_demo().await;
    let (case_id, cc) = seed_complaint(&app.db.pool, CaseStage::OutcomeNotified, Some(29)).await;
    signed_in_on(&app, case_id, cc).await;
    let (_, body) = page(&app, "/status").await;
    let yesterday = oversight::workflow::calendar::english_date(
        oversight::web::public::uk_today() - chrono::Duration::days(1),
    );
    assert!(body.contains(&format!(
        "The time to apply for a review ended on {yesterday}."
    )));
    assert!(body.contains("accept a late application"));
    assert!(!Html::parse(&body).links_to("/status/review"));
    // The form is not offered, and a posted application is refused by the workflow.
    let res = app.get("/status/review").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = apply(&app, "Late, but I was in hospital.", "A review.").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(
        Html::parse(&body)
            .error_summary()
            .iter()
            .any(|e| e.contains(&format!(
                "The time to apply for a review ended on {yesterday}."
            ))),
        "the window's rule, not a general refusal"
    );
    assert!(body.contains("Late, but I was in hospital."), "input kept");
    let reviews: i64 = sqlx::query_scalar("select count(*) from review where case_id = $1")
        .bind(case_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(reviews, 0);
}

/// CMR 2020 reg 29: a form drawn while the window was open and sent after it closed (and after
/// the case changed) gets the window's rule, not "your case changed while you were writing".
#[tokio::test]
async fn cmr_reg_29_a_late_application_from_a_stale_form_gets_the_windows_rule() {
    let app = public_demo().await;
    let (case_id, cc) = seed_complaint(&app.db.pool, CaseStage::OutcomeNotified, Some(29)).await;
    signed_in_on(&app, case_id, cc).await;
    let csrf = complainant_csrf(&app.db.pool).await;
    sqlx::query("update case_record set version = version + 1 where case_id = $1")
        .bind(case_id)
        .execute(&app.db.pool)
        .await
        .expect("bump");
    let res = app
        .post_form_without_csrf(
            "/status/review",
            &[
                ("csrf_token", &csrf),
                ("version", "1"),
                ("grounds", "My words"),
                ("outcome_sought", "An apology"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    let summary = Html::parse(&body).error_summary();
    assert!(
        summary
            .iter()
            .any(|e| e.contains("The time to apply for a review ended on")
                && e.contains("accept a late application")),
        "{summary:?}"
    );
    assert!(!body.contains("Your case changed while you were writing"));
    assert!(body.contains("My words"), "input kept");
}

#[tokio::test]
async fn the_demo_case_with_a_closed_window_says_how_to_apply_late() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P3_REFERENCE, P3_CODE).await;
    let (_, body) = page(&app, "/status").await;
    assert!(body.contains("The time to apply for a review ended on"));
    assert!(body.contains("West Midlands Police and Crime Commissioner"));
}

#[tokio::test]
async fn a_referred_complaint_is_reviewed_by_the_iopc() {
    let app = public_demo().await;
    let (case_id, cc) = seed_complaint(&app.db.pool, CaseStage::OutcomeNotified, Some(3)).await;
    sqlx::query(
        "insert into referral (case_id, referral_type, referred_on, referred_by, voluntary_reason)
         select $1, 'voluntary', current_date - 90, staff_user_id, 'Public interest'
           from staff_user where email = 'psd@met.example'",
    )
    .bind(case_id)
    .execute(&app.db.pool)
    .await
    .expect("referral");
    signed_in_on(&app, case_id, cc).await;
    let (_, body) = page(&app, "/status").await;
    assert!(body.contains("ask the Independent Office for Police Conduct (IOPC) to review it"));
    let res = apply(&app, "I disagree.", "An apology.").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let body_kind: String =
        sqlx::query_scalar("select review_body::text from review where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("review");
    assert_eq!(body_kind, "iopc");
}

#[tokio::test]
async fn an_empty_application_is_shown_again_with_errors_beside_the_fields() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let res = apply(&app, "   ", "An apology").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    assert!(html.title().starts_with("Error: Apply for a review"));
    assert!(
        html.error_summary_links()
            .iter()
            .any(|(href, m)| href == "#grounds" && m.starts_with("Tell us what you disagree with")),
        "{:?}",
        html.error_summary_links()
    );
    assert!(
        html.error_for("grounds")
            .is_some_and(|m| m.starts_with("Tell us what you disagree with"))
    );
    assert_eq!(
        html.textarea_value("outcome_sought").as_deref(),
        Some("An apology")
    );
    let too_long = "x".repeat(5001);
    let res = apply(&app, &too_long, "An apology").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_application_without_the_sessions_csrf_token_is_refused() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let res = app
        .post_form_without_csrf(
            "/status/review",
            &[
                ("grounds", "x"),
                ("outcome_sought", "y"),
                ("csrf_token", "nope"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_stale_form_is_a_conflict_and_keeps_the_words() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let csrf = complainant_csrf(&app.db.pool).await;
    sqlx::query("update case_record set version = version + 1 where case_id = $1::uuid")
        .bind(P2_CASE)
        .execute(&app.db.pool)
        .await
        .expect("bump");
    let res = app
        .post_form_without_csrf(
            "/status/review",
            &[
                ("csrf_token", &csrf),
                ("version", "1"),
                ("grounds", "My words"),
                ("outcome_sought", "An apology"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.expect("body").contains("My words"));
}

#[tokio::test]
async fn no_review_right_where_the_law_gives_none() {
    let app = public_demo().await;
    // A complaint handled outside Schedule 3 (para 2(6C)).
    let case = CaseBuilder::complaint()
        .at(CaseStage::OutsideSchedule3)
        .received(Day::days_ago(30))
        .summary("A complaint about parking")
        .complainant(ComplainantBuilder::named("Complainant"))
        .insert_all(&app.db.pool)
        .await;
    let (case_id, cc) = (case.id.0, case.complainants[0].1.0);
    signed_in_on(&app, case_id, cc).await;
    let (_, body) = page(&app, "/status").await;
    assert!(body.contains("there is no right to ask for a review"));
    assert!(!Html::parse(&body).links_to("/status/review"));

    // A conduct matter, seen by an interested person (PRA 2002 s.21).
    let other = app.another_browser();
    let case = CaseBuilder::conduct_matter()
        .at(CaseStage::UnderInvestigation)
        .mode(InvestigationMode::Independent)
        .received(Day::days_ago(50))
        .summary("A conduct matter")
        .complainant(ComplainantBuilder::named("A relative").interested_person(true))
        .insert_all(&other.db.pool)
        .await;
    let (case_id, cc) = (case.id.0, case.complainants[0].1.0);
    signed_in_on(&other, case_id, cc).await;
    let (_, body) = page(&other, "/status").await;
    assert!(body.contains("The matter is being investigated"));
    assert!(body.contains("There is no right to ask for a review of this kind of case."));
    assert_eq!(
        other.get("/status/review").await.status(),
        StatusCode::SEE_OTHER
    );
}
