//! The case page: what it shows, to whom, and the workflow steps it offers and takes.

use sqlx::PgPool;
use uuid::Uuid;

use crate::support::TestApp;

const S1: &str = "5ce00001-0001-4000-8000-000000000001";
/// Posts an action form with this user's CSRF token.
pub(crate) async fn post_action(
    app: &TestApp,
    email: &str,
    case_id: Uuid,
    version: i32,
    action: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let version = version.to_string();
    let mut form = vec![("version", version.as_str()), ("action", action)];
    form.extend_from_slice(extra);
    app.post_form_as(email, &format!("/cases/{case_id}/actions"), &form)
        .await
}

pub(crate) async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// A case of the Metropolitan Police Service at `stage`, with the facts that stage needs.
pub(crate) async fn seed_case(pool: &PgPool, kind: &str, stage: &str) -> Uuid {
    let recorded = stage != "logged";
    sqlx::query_scalar(
        "insert into case_record (kind, force_id, received_on, logged_on, recorded_on, schedule3,
                                  recording_reason, stage, summary)
         select $1::case_kind, police_force_id, date '2025-01-06', date '2025-01-06',
                case when $3 then date '2025-01-07' end,
                case when $3 and $1 = 'complaint' then true end,
                case when $3 and $1 = 'complaint' then 'complainant_wishes'::recording_reason end,
                $2::case_stage, 'An officer was rude to the complainant at a road stop'
           from police_force where code = 'met'
         returning case_id",
    )
    .bind(kind)
    .bind(stage)
    .bind(recorded)
    .fetch_one(pool)
    .await
    .expect("seed case")
}

pub(crate) async fn stage_and_version(pool: &PgPool, case_id: Uuid) -> (String, i32) {
    sqlx::query_as("select stage::text, version from case_record where case_id = $1")
        .bind(case_id)
        .fetch_one(pool)
        .await
        .expect("case")
}

#[tokio::test]
async fn s1_case_page_shows_allegations_subjects_evidence_recommendations_and_timeline() {
    let app = TestApp::with_demo(0).await;
    for email in ["psd@met.example", "caseworker@iopc.example"] {
        app.sign_in(email).await;
        let (status, body) = page(&app, &format!("/cases/{S1}")).await;
        assert_eq!(status, 200, "{email}");
        for expected in [
            "2023/184392",
            "Determinations made",
            // allegations with their categories
            "Officer A failed to investigate or record the report",
            "Delivery of duties and service",
            // subjects with their track
            "Call handler A",
            "Case to answer for gross misconduct",
            "Would have been dismissed",
            // evidence and recommendations
            "Body-worn video of Officer A and Officer B at the address",
            "Firearms-response assessment procedures",
            // the investigation
            "Independent investigation, started 30 January 2023",
            // the timeline in plain English, with who and when
            "Refer to the IOPC — stage changed from Recorded to Referred to the IOPC",
            "Officer A: Assess severity — stage changed from Identified to Severity assessed",
            "17 January 2023, 15:00",
        ] {
            assert!(body.contains(expected), "{email}: missing {expected:?}");
        }
    }
}

#[tokio::test]
async fn another_forces_case_is_not_found_for_get_and_post() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("psd@westmidlands.example").await;
    let (status, _) = page(&app, &format!("/cases/{S1}")).await;
    assert_eq!(status, 404);
    let id = Uuid::parse_str(S1).expect("uuid");
    let res = post_action(&app, "psd@westmidlands.example", id, 1, "close", &[]).await;
    assert_eq!(res.status(), 404);
    let (stage, _) = stage_and_version(&app.db.pool, id).await;
    assert_eq!(stage, "determinations_made");
    // A malformed id is simply not found.
    let (status, _) = page(&app, "/cases/not-a-case").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn only_the_actions_the_workflow_allows_the_user_are_offered() {
    let app = TestApp::with_demo(0).await;
    let logged = seed_case(&app.db.pool, "complaint", "logged").await;
    let referred = seed_case(&app.db.pool, "complaint", "referred").await;

    app.sign_in("psd@met.example").await;
    let (_, body) = page(&app, &format!("/cases/{logged}")).await;
    assert!(
        body.contains(r#"name="action" value="record""#),
        "PSD may record"
    );
    assert!(body.contains(r#"name="reason" type="radio" value="complainant_wishes""#));
    assert!(body.contains(r#"name="version" value="1""#));
    let (_, body) = page(&app, &format!("/cases/{referred}")).await;
    assert!(
        !body.contains(r#"value="decide_investigation""#),
        "the force does not decide the mode of investigation"
    );

    app.sign_in("caseworker@iopc.example").await;
    let (_, body) = page(&app, &format!("/cases/{logged}")).await;
    assert!(
        !body.contains(r#"name="action" value="record""#),
        "the IOPC does not record a force's complaint"
    );
    let (_, body) = page(&app, &format!("/cases/{referred}")).await;
    assert!(body.contains(r#"name="action" value="decide_investigation""#));
    assert!(body.contains(r#"name="mode" type="radio" value="independent""#));
    assert!(
        !body.contains(r#"value="supervised""#),
        "legacy modes are not offered on a 2020 case"
    );
}

#[tokio::test]
async fn taking_an_action_redirects_with_a_banner_and_moves_the_case_and_its_timeline() {
    let app = TestApp::with_demo(0).await;
    let case_id = seed_case(&app.db.pool, "conduct_matter", "logged").await;
    app.sign_in("psd@met.example").await;
    let res = post_action(&app, "psd@met.example", case_id, 1, "record", &[]).await;
    assert_eq!(res.status(), 303);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_owned();
    assert_eq!(location, format!("/cases/{case_id}?done=record"));
    let (stage, version) = stage_and_version(&app.db.pool, case_id).await;
    assert_eq!((stage.as_str(), version), ("recorded", 2));

    let (status, body) = page(&app, &location).await;
    assert_eq!(status, 200);
    assert!(body.contains("govuk-notification-banner--success"));
    assert!(body.contains("Recorded as a recordable conduct matter"));
    assert!(body.contains("Record — stage changed from Logged to Recorded"));
    assert!(body.contains("Force professional standards"));
    assert!(body.contains(r#"name="version" value="2""#));
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_that_changes_nothing() {
    let app = TestApp::with_demo(0).await;
    let case_id = seed_case(&app.db.pool, "conduct_matter", "logged").await;
    sqlx::query("update case_record set version = version + 1 where case_id = $1")
        .bind(case_id)
        .execute(&app.db.pool)
        .await
        .expect("someone else changed the case");
    app.sign_in("psd@met.example").await;
    let res = post_action(&app, "psd@met.example", case_id, 1, "record", &[]).await;
    assert_eq!(res.status(), 409);
    let body = res.text().await.expect("body");
    assert!(body.contains("Reload the page"), "{body}");
    assert_eq!(
        stage_and_version(&app.db.pool, case_id).await,
        ("logged".to_owned(), 2)
    );
}

#[tokio::test]
async fn a_missing_choice_is_shown_again_with_the_error_beside_the_field_and_the_input_kept() {
    let app = TestApp::with_demo(0).await;
    let case_id = seed_case(&app.db.pool, "complaint", "handled_otherwise").await;
    for description in [
        "The officer was rude",
        "The officer did not give their number",
    ] {
        sqlx::query(
            "insert into allegation (case_id, category_code, description)
             values ($1, 'delivery-of-duties-and-service', $2)",
        )
        .bind(case_id)
        .bind(description)
        .execute(&app.db.pool)
        .await
        .expect("allegation");
    }
    app.sign_in("psd@met.example").await;
    let res = post_action(
        &app,
        "psd@met.example",
        case_id,
        1,
        "decide_outcome",
        &[("outcome-1", "service_acceptable")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("There is a problem"));
    assert!(
        body.contains(
            r##"<a href="#decide_outcome-outcome-2">Select the outcome of allegation 2"##
        )
    );
    assert!(body.contains(r#"id="decide_outcome-outcome-2-error""#));
    assert!(body.contains("govuk-form-group--error"));
    assert!(
        body.contains(r#"name="outcome-1" type="radio" value="service_acceptable" checked"#),
        "the chosen outcome is kept"
    );
    assert!(body.contains("<title>Error: "));
    assert_eq!(
        stage_and_version(&app.db.pool, case_id).await,
        ("handled_otherwise".to_owned(), 1)
    );

    // A complaint cannot be recorded without saying why.
    let logged = seed_case(&app.db.pool, "complaint", "logged").await;
    let res = post_action(&app, "psd@met.example", logged, 1, "record", &[]).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("Select why the complaint is being recorded"));
}

#[tokio::test]
async fn an_action_the_workflow_does_not_allow_is_refused_in_plain_english_and_changes_nothing() {
    let app = TestApp::with_demo(0).await;
    let case_id = seed_case(&app.db.pool, "complaint", "referred").await;
    app.sign_in("psd@met.example").await;
    let res = post_action(
        &app,
        "psd@met.example",
        case_id,
        1,
        "decide_investigation",
        &[("mode", "local")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("There is a problem"));
    assert!(body.contains(r##"href="#actions""##));
    assert!(
        body.contains("This step is not open to your role"),
        "the refusal says why"
    );
    assert_eq!(
        stage_and_version(&app.db.pool, case_id).await,
        ("referred".to_owned(), 1)
    );
}

#[tokio::test]
async fn an_action_without_or_with_a_wrong_csrf_token_is_forbidden() {
    let app = TestApp::with_demo(0).await;
    let case_id = seed_case(&app.db.pool, "conduct_matter", "logged").await;
    app.sign_in("psd@met.example").await;
    let path = format!("/cases/{case_id}/actions");
    let res = app
        .post_form_without_csrf(&path, &[("version", "1"), ("action", "record")])
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_form_without_csrf(
            &path,
            &[
                ("csrf_token", "not-the-token"),
                ("version", "1"),
                ("action", "record"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        stage_and_version(&app.db.pool, case_id).await,
        ("logged".to_owned(), 1)
    );
}

#[tokio::test]
async fn a_deadline_that_has_passed_is_shown_as_overdue_in_words() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("caseworker@iopc.example").await;
    // S1's recommendations of 15 September 2025 were due on 10 November 2025.
    let (_, body) = page(&app, &format!("/cases/{S1}")).await;
    assert!(body.contains(r#"<strong class="app-overdue">Overdue</strong>"#));
    assert!(body.contains("was due 10 November 2025"));

    // A recorded complaint whose complainant has heard nothing since January 2025.
    let case_id = seed_case(&app.db.pool, "complaint", "recorded").await;
    let person: Uuid = sqlx::query_scalar(
        "insert into person (full_name, address, preferred_language, easy_read)
         values ('Sam Example', '1 High Street, London', 'cy', true) returning person_id",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("person");
    sqlx::query("insert into case_complainant (case_id, person_id) values ($1, $2)")
        .bind(case_id)
        .bind(person)
        .execute(&app.db.pool)
        .await
        .expect("complainant");
    let (_, body) = page(&app, &format!("/cases/{case_id}")).await;
    assert!(body.contains("Update the complainant"));
    assert!(body.contains("was due 4 February 2025"));
    assert!(body.contains(r#"<strong class="app-overdue">Overdue</strong>"#));
}

#[tokio::test]
async fn the_complainant_section_marks_what_the_harm_test_withholds_but_staff_see_it() {
    let app = TestApp::with_demo(0).await;
    let case_id = seed_case(&app.db.pool, "complaint", "recorded").await;
    let person: Uuid = sqlx::query_scalar(
        "insert into person (full_name, address, email, contact_method, preferred_language, accessibility_needs)
         values ('Sam Example', '1 High Street, London', 'sam@example.org', 'email', 'cy', 'Large print')
         returning person_id",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("person");
    sqlx::query("insert into case_complainant (case_id, person_id) values ($1, $2)")
        .bind(case_id)
        .bind(person)
        .execute(&app.db.pool)
        .await
        .expect("complainant");
    sqlx::query(
        "insert into withheld_item (case_id, description, entity_kind, entity_id, field_name, reason, recorded_by)
         select $1, 'The complainant''s address', 'person', $2, 'address',
                'Disclosure could put a witness at risk', staff_user_id
           from staff_user where email = 'psd@met.example'",
    )
    .bind(case_id)
    .bind(person)
    .execute(&app.db.pool)
    .await
    .expect("withheld item");
    app.sign_in("psd@met.example").await;
    let (status, body) = page(&app, &format!("/cases/{case_id}")).await;
    assert_eq!(status, 200);
    for expected in [
        "Complainant: Sam Example",
        "1 High Street, London",
        "Withheld under the harm test: Disclosure could put a witness at risk",
        "sam@example.org",
        "Cymraeg",
        "Large print",
    ] {
        assert!(body.contains(expected), "missing {expected:?}");
    }
}
