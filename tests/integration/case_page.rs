//! The case page: what it shows, to whom, and the workflow steps it offers and takes.

use oversight::domain::vocab::CaseStage;
use uuid::Uuid;

use crate::support::{
    AllegationBuilder, CaseBuilder, ComplainantBuilder, DUTIES, Html, NO_GROUNDS, TestApp, page,
    post_action, stage_and_version,
};

const S1: &str = "5ce00001-0001-4000-8000-000000000001";

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
    let logged = CaseBuilder::complaint().insert(&app.db.pool).await;
    let referred = CaseBuilder::complaint()
        .at(CaseStage::Referred)
        .insert(&app.db.pool)
        .await;

    app.sign_in("psd@met.example").await;
    let (_, body) = page(&app, &format!("/cases/{logged}")).await;
    let html = Html::parse(&body);
    assert!(html.offers("action", "record"), "PSD may record");
    assert!(
        html.options("reason")
            .contains(&"complainant_wishes".to_owned())
    );
    assert_eq!(html.input_value("version").as_deref(), Some("1"));
    let (_, body) = page(&app, &format!("/cases/{referred}")).await;
    assert!(
        !Html::parse(&body).has_control_value("decide_investigation"),
        "the force does not decide the mode of investigation"
    );

    app.sign_in("caseworker@iopc.example").await;
    let (_, body) = page(&app, &format!("/cases/{logged}")).await;
    assert!(
        !Html::parse(&body).offers("action", "record"),
        "the IOPC does not record a force's complaint"
    );
    let (_, body) = page(&app, &format!("/cases/{referred}")).await;
    let html = Html::parse(&body);
    assert!(html.offers("action", "decide_investigation"));
    assert!(html.options("mode").contains(&"independent".to_owned()));
    assert!(
        !html.has_control_value("supervised"),
        "legacy modes are not offered on a 2020 case"
    );
}

#[tokio::test]
async fn taking_an_action_redirects_with_a_banner_and_moves_the_case_and_its_timeline() {
    let app = TestApp::with_demo(0).await;
    let case_id = CaseBuilder::conduct_matter().insert(&app.db.pool).await;
    app.sign_in("psd@met.example").await;
    let res = post_action(&app, "psd@met.example", case_id, 1, "record", &[NO_GROUNDS]).await;
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
    let html = Html::parse(&body);
    let banner = html.success_banner().expect("a success banner");
    assert!(
        banner.contains("Recorded as a recordable conduct matter"),
        "{banner}"
    );
    assert!(html.says("Record — stage changed from Logged to Recorded"));
    assert!(html.says("Force professional standards"));
    assert_eq!(html.input_value("version").as_deref(), Some("2"));
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_that_changes_nothing() {
    let app = TestApp::with_demo(0).await;
    let case_id = CaseBuilder::conduct_matter().insert(&app.db.pool).await;
    sqlx::query("update case_record set version = version + 1 where case_id = $1")
        .bind(case_id.0)
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
    let case_id = CaseBuilder::complaint()
        .at(CaseStage::HandledOtherwise)
        .allegation(AllegationBuilder::new(DUTIES, "The officer was rude"))
        .allegation(AllegationBuilder::new(
            DUTIES,
            "The officer did not give their number",
        ))
        .insert(&app.db.pool)
        .await;
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
    let html = Html::parse(&body);
    assert_eq!(
        html.error_summary_title().as_deref(),
        Some("There is a problem")
    );
    assert_eq!(
        html.error_summary_links(),
        vec![(
            "#decide_outcome-outcome-2".to_owned(),
            "Select the outcome of allegation 2".to_owned()
        )]
    );
    assert_eq!(
        html.error_for("decide_outcome-outcome-2").as_deref(),
        Some("Select the outcome of allegation 2")
    );
    assert_eq!(
        html.field_error("outcome-2").as_deref(),
        Some("Select the outcome of allegation 2"),
        "the error is beside the field, whose group is marked"
    );
    assert!(
        html.checked("outcome-1", "service_acceptable"),
        "the chosen outcome is kept"
    );
    assert!(html.title().starts_with("Error: "));
    assert_eq!(
        stage_and_version(&app.db.pool, case_id).await,
        ("handled_otherwise".to_owned(), 1)
    );

    // A complaint cannot be recorded without saying why.
    let logged = CaseBuilder::complaint().insert(&app.db.pool).await;
    let res = post_action(&app, "psd@met.example", logged, 1, "record", &[]).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        Html::parse(&body)
            .error_summary()
            .contains(&"Select why the complaint is being recorded".to_owned())
    );
}

#[tokio::test]
async fn an_action_the_workflow_does_not_allow_is_refused_in_plain_english_and_changes_nothing() {
    let app = TestApp::with_demo(0).await;
    let case_id = CaseBuilder::complaint()
        .at(CaseStage::Referred)
        .insert(&app.db.pool)
        .await;
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
    let html = Html::parse(&body);
    assert_eq!(
        html.error_summary_title().as_deref(),
        Some("There is a problem")
    );
    let links = html.error_summary_links();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].0, "#actions");
    assert!(
        links[0].1.contains("This step is not open to your role"),
        "the refusal says why: {links:?}"
    );
    assert_eq!(
        stage_and_version(&app.db.pool, case_id).await,
        ("referred".to_owned(), 1)
    );
}

#[tokio::test]
async fn an_action_without_or_with_a_wrong_csrf_token_is_forbidden() {
    let app = TestApp::with_demo(0).await;
    let case_id = CaseBuilder::conduct_matter().insert(&app.db.pool).await;
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
    let case_id = CaseBuilder::complaint()
        .at(CaseStage::Recorded)
        .complainant(
            ComplainantBuilder::named("Sam Example")
                .address("1 High Street, London")
                .language("cy")
                .easy_read(),
        )
        .insert(&app.db.pool)
        .await;
    let (_, body) = page(&app, &format!("/cases/{case_id}")).await;
    assert!(body.contains("Update the complainant"));
    assert!(body.contains("was due 4 February 2025"));
    assert!(body.contains(r#"<strong class="app-overdue">Overdue</strong>"#));
}

#[tokio::test]
async fn the_complainant_section_marks_what_the_harm_test_withholds_but_staff_see_it() {
    let app = TestApp::with_demo(0).await;
    let case = CaseBuilder::complaint()
        .at(CaseStage::Recorded)
        .complainant(
            ComplainantBuilder::named("Sam Example")
                .address("1 High Street, London")
                .by_email("sam@example.org")
                .language("cy")
                .accessibility_needs("Large print"),
        )
        .insert_all(&app.db.pool)
        .await;
    let (case_id, person) = (case.id, case.complainants[0].0);
    sqlx::query(
        "insert into withheld_item (case_id, description, entity_kind, entity_id, field_name, reason, recorded_by)
         select $1, 'The complainant''s address', 'person', $2, 'address',
                'Disclosure could put a witness at risk', staff_user_id
           from staff_user where email = 'psd@met.example'",
    )
    .bind(case_id.0)
    .bind(person.0)
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
