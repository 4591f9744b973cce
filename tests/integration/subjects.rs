//! Subjects through investigation, determination and misconduct proceedings, driven through
//! HTTP as staff use them: adding a subject to a case, the subject page and its forms, each
//! step by the right body and the refusal of the wrong role, force or stage, validation with
//! the input kept, and the subject's events in the case timeline.

use uuid::Uuid;

use crate::support::{
    Html, Staff, TestApp, add_subject, case_step, case_version, date, fields, investigation,
    notice_and_interview, outcome_form, page, post, step_ok, subject_state, subject_step,
};

const S1: &str = "5ce00001-0001-4000-8000-000000000001";
const S1_OFFICER_A: &str = "5ce00001-0004-4000-8000-000000000001";
const S1_OFFICER_B: &str = "5ce00001-0004-4000-8000-000000000002";

const PSD: &str = "psd@met.example";
const OTHER_PSD: &str = "psd@westmidlands.example";
const CASEWORKER: &str = "caseworker@iopc.example";
const INVESTIGATOR: &str = "investigator@iopc.example";

/// An officer at opinion given, with the report received, in a `mode` investigation.
async fn officer_with_opinion(staff: &Staff, mode: &str, opinion: &str) -> (Uuid, Uuid, Vec<Uuid>) {
    let (case_id, allegations) =
        investigation(staff, mode, &["Made offensive comments about the callers"]).await;
    let investigator = if mode == "independent" {
        INVESTIGATOR
    } else {
        PSD
    };
    let assessor = if mode == "local" { PSD } else { INVESTIGATOR };
    let cs = add_subject(
        staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    step_ok(
        staff,
        assessor,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "gross_misconduct")]),
    )
    .await;
    notice_and_interview(staff, investigator, case_id, cs).await;
    step_ok(
        staff,
        investigator,
        case_id,
        cs,
        "give_opinion",
        fields(&[("opinion", opinion)]),
    )
    .await;
    case_step(staff, investigator, case_id, "submit_report", &[]).await;
    (case_id, cs, allegations)
}

/// An officer with a case to answer determined by the force after a local investigation,
/// and proceedings of `form` brought.
async fn officer_facing(staff: &Staff, determination: &str, form: &str) -> (Uuid, Uuid, Vec<Uuid>) {
    let (case_id, cs, allegations) = officer_with_opinion(staff, "local", determination).await;
    step_ok(
        staff,
        PSD,
        case_id,
        cs,
        "determine",
        fields(&[("determination", determination)]),
    )
    .await;
    let mut bring = fields(&[("form", form)]);
    bring.extend(date("notice_given_on", "2025-06-02"));
    step_ok(staff, PSD, case_id, cs, "bring_proceedings", bring).await;
    (case_id, cs, allegations)
}

#[tokio::test]
async fn an_officer_goes_from_identification_to_the_barred_list_as_in_s1() {
    let staff = Staff::new().await;
    let (case_id, allegations) = investigation(
        &staff,
        "independent",
        &[
            "Failed to investigate or record the report and passed inaccurate information to the control room",
            "Made offensive comments about the callers",
        ],
    )
    .await;
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}")).await;
    assert!(body.contains(&format!(
        r#"href="/cases/{case_id}/subjects/new">Add a subject"#
    )));

    // The force identifies the officer, against both allegations.
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    let (status, body) = page(
        &staff.psd,
        &format!("/cases/{case_id}/subjects/{cs}?done=add_subject"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("Subject added"));
    assert!(body.contains("Officer A is now at the stage “Identified”"));

    // The IOPC investigator: severity (CMR reg 16), notice (reg 17), interview, opinion.
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "gross_misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2023-02-09"),
    )
    .await;
    let mut interview = date("interviewed_on", "2023-05-10");
    interview.extend(fields(&[(
        "interview_kind",
        "misconduct_and_criminal_caution",
    )]));
    step_ok(&staff, INVESTIGATOR, case_id, cs, "interview", interview).await;
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "give_opinion",
        fields(&[("opinion", "case_to_answer_gross_misconduct")]),
    )
    .await;
    case_step(&staff, INVESTIGATOR, case_id, "submit_report", &[]).await;

    // The IOPC determines (para 23(5A)) and may refer to the CPS; the force gives its view.
    let (_, body) = page(
        &staff.caseworker,
        &format!("/cases/{case_id}/subjects/{cs}"),
    )
    .await;
    assert!(body.contains("The investigator&#39;s opinion: case to answer for gross misconduct."));
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "case_to_answer_gross_misconduct")]),
    )
    .await;
    step_ok(&staff, CASEWORKER, case_id, cs, "refer_to_cps", Vec::new()).await;
    case_step(&staff, CASEWORKER, case_id, "complete_determinations", &[]).await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_authority_view",
        fields(&[("view", "disagreed")]),
    )
    .await;

    // The IOPC directs a gross misconduct hearing (para 27); the officer leaves; the force
    // records the outcome.
    let mut direct = fields(&[
        ("form", "misconduct_hearing"),
        ("panel", "Legally qualified chair and two panel members"),
    ]);
    direct.extend(date("notice_given_on", "2025-03-03"));
    direct.extend(date("held_on", "2025-07-14"));
    step_ok(&staff, CASEWORKER, case_id, cs, "bring_proceedings", direct).await;
    step_ok(&staff, PSD, case_id, cs, "record_left_force", Vec::new()).await;
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    assert!(Html::parse(&body).has_control_value("would_have_been_dismissed"));
    assert!(
        !Html::parse(&body).has_control_value("dismissal_without_notice"),
        "they have left: no dismissal"
    );
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(
            &allegations,
            "gross_misconduct_proven",
            "would_have_been_dismissed",
            true,
        ),
    )
    .await;

    // What was recorded, as one line per record.
    let subject: String = sqlx::query_scalar(
        "select concat_ws(' ', stage, barred_list, left_force, notice_served_on, interviewed_on,
                          under_caution, determined_by, authority_view, severity_revision_count,
                          referred_to_cps_on is not null)
           from case_subject where case_subject_id = $1",
    )
    .bind(cs)
    .fetch_one(staff.pool())
    .await
    .expect("subject");
    assert_eq!(
        subject,
        "concluded t t 2023-02-09 2023-05-10 t iopc disagreed 0 t"
    );
    let proceedings: String = sqlx::query_scalar(
        "select concat_ws(' | ', form, finding, outcome, notice_given_on, held_on, concluded_on, panel)
           from proceedings where case_subject_id = $1",
    )
    .bind(cs)
    .fetch_one(staff.pool())
    .await
    .expect("proceedings");
    assert_eq!(
        proceedings,
        "misconduct_hearing | gross_misconduct_proven | would_have_been_dismissed | 2025-03-03 | \
         2025-07-14 | 2025-07-18 | Legally qualified chair and two panel members"
    );
    let findings: i64 = sqlx::query_scalar(
        "select count(*) from proceedings_allegation_finding f join proceedings p using (proceedings_id)
          where p.case_subject_id = $1 and f.finding = 'gross_misconduct_proven'",
    )
    .bind(cs)
    .fetch_one(staff.pool())
    .await
    .expect("findings");
    assert_eq!(findings, 2);

    // The subject page shows the whole track.
    let (_, body) = page(
        &staff.caseworker,
        &format!("/cases/{case_id}/subjects/{cs}"),
    )
    .await;
    for expected in [
        "Served 9 February 2023",
        "10 May 2023: a misconduct interview and under criminal caution",
        "Case to answer for gross misconduct, by the IOPC",
        "The force&#39;s view",
        "Disagreed",
        "Directed by the IOPC",
        "Legally qualified chair and two panel members",
        "Gross misconduct proven",
        "Would have been dismissed",
        "18 July 2025",
        // The file went to the CPS: its decision is still to be recorded.
        "Record the Crown Prosecution Service",
    ] {
        assert!(
            body.contains(expected),
            "subject page: missing {expected:?}"
        );
    }

    // The case page links to the subject and tells their story in its timeline.
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}")).await;
    for expected in [
        format!(r#"href="/cases/{case_id}/subjects/{cs}">Officer A</a>"#),
        "Officer A: Subject added — stage is now Identified".to_owned(),
        "Police officer added as a subject of allegations 1 and 2.".to_owned(),
        "Officer A: Assess severity — stage changed from Identified to Severity assessed".to_owned(),
        "The conduct would amount to gross misconduct if proved.".to_owned(),
        "Written notice of the investigation served on 9 February 2023.".to_owned(),
        "Interviewed (a misconduct interview and under criminal caution) on 10 May 2023.".to_owned(),
        "IOPC determination: case to answer for gross misconduct.".to_owned(),
        "The force disagreed with the IOPC&#39;s determination.".to_owned(),
        "The IOPC directed that proceedings be brought as a misconduct hearing.".to_owned(),
        "Officer A: Recorded as having left the force".to_owned(),
        "Officer A: Record the outcome of proceedings — stage changed from Proceedings arranged to Concluded".to_owned(),
        "Placed on the barred list.".to_owned(),
    ] {
        assert!(body.contains(&expected), "case timeline: missing {expected:?}");
    }
}

#[tokio::test]
async fn s1_subject_pages_show_the_forces_view_beside_the_iopc_determination() {
    let staff = Staff::new().await;
    let (status, body) = page(
        &staff.caseworker,
        &format!("/cases/{S1}/subjects/{S1_OFFICER_A}"),
    )
    .await;
    assert_eq!(status, 200);
    for expected in [
        "Officer A",
        "Subject of case 2023/184392",
        "Gross misconduct, assessed 6 February 2023",
        "Case to answer for gross misconduct, by the IOPC, 5 September 2024",
        "Disagreed",
        "Misconduct hearing",
        "Would have been dismissed",
        "Directed by the IOPC",
        "Assess severity — stage changed from Identified to Severity assessed",
        "There is nothing you can do for this subject at this stage.",
    ] {
        assert!(body.contains(expected), "Officer A: missing {expected:?}");
    }
    // Officer B went to reflective practice: the force may conclude it, or record its view.
    let (_, body) = page(&staff.psd, &format!("/cases/{S1}/subjects/{S1_OFFICER_B}")).await;
    assert!(Html::parse(&body).offers("action", "conclude"));
    assert!(Html::parse(&body).offers("action", "record_authority_view"));
    assert!(!Html::parse(&body).offers("action", "bring_proceedings"));
    // The case page links each subject to its page.
    let (_, body) = page(&staff.psd, &format!("/cases/{S1}")).await;
    assert!(body.contains(&format!(r#"href="/cases/{S1}/subjects/{S1_OFFICER_A}""#)));
    assert!(
        !body.contains("Add a subject"),
        "no new subject after the report"
    );
}

#[tokio::test]
async fn another_forces_subject_is_not_found_for_get_and_post() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(OTHER_PSD).await;
    let (status, _) = page(&app, &format!("/cases/{S1}/subjects/{S1_OFFICER_B}")).await;
    assert_eq!(status, 404);
    let res = app
        .post_form_as(
            OTHER_PSD,
            &format!("/cases/{S1}/subjects/{S1_OFFICER_B}/actions"),
            &[("version", "1"), ("action", "conclude")],
        )
        .await;
    assert_eq!(res.status(), 404);
    let stage: String =
        sqlx::query_scalar("select stage::text from case_subject where case_subject_id = $1::uuid")
            .bind(S1_OFFICER_B)
            .fetch_one(&app.db.pool)
            .await
            .expect("stage");
    assert_eq!(stage, "reflective_practice");
    // A subject looked up under another case, or a malformed id, is not found either.
    app.sign_in(CASEWORKER).await;
    let other_case = Uuid::new_v4();
    let (status, _) = page(
        &app,
        &format!("/cases/{other_case}/subjects/{S1_OFFICER_B}"),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = page(&app, &format!("/cases/{S1}/subjects/not-a-subject")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn interview_before_notice_is_refused() {
    let staff = Staff::new().await;
    let (case_id, allegations) =
        investigation(&staff, "independent", &["Made offensive comments"]).await;
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    let (_, body) = page(
        &staff.investigator,
        &format!("/cases/{case_id}/subjects/{cs}"),
    )
    .await;
    assert!(Html::parse(&body).offers("action", "serve_notice"));
    assert!(
        !Html::parse(&body).offers("action", "interview"),
        "no interview before the notice"
    );

    let mut interview = date("interviewed_on", "2025-05-10");
    interview.extend(fields(&[(
        "interview_kind",
        "misconduct_and_criminal_caution",
    )]));
    let res = subject_step(&staff, INVESTIGATOR, case_id, cs, "interview", interview).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains(
        "A subject must be served written notice of the investigation before being interviewed (CMR 2020 reg 17)."
    ));
    assert_eq!(
        subject_state(staff.pool(), cs).await,
        ("severity_assessed".to_owned(), 2)
    );

    // Once served, an interview dated before the notice is a field error, with the input kept.
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2025-02-09"),
    )
    .await;
    let mut early = date("interviewed_on", "2025-02-08");
    early.extend(fields(&[("interview_kind", "misconduct")]));
    let res = subject_step(&staff, INVESTIGATOR, case_id, cs, "interview", early).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    let message = "The date of the interview must be on or after the date the notice was served, 9 February 2025";
    assert!(
        html.error_summary_links()
            .iter()
            .any(|(href, m)| href == "#interview-interviewed_on-day" && m.starts_with(message)),
        "{:?}",
        html.error_summary_links()
    );
    assert!(
        html.error_for("interview-interviewed_on")
            .is_some_and(|m| m.starts_with(message))
    );
    assert_eq!(
        Html::parse(&body)
            .input_value("interviewed_on-day")
            .as_deref(),
        Some("8")
    );
    assert!(Html::parse(&body).checked("interview_kind", "misconduct"));
    assert_eq!(subject_state(staff.pool(), cs).await.0, "notice_served");
}

#[tokio::test]
async fn a_date_in_the_future_or_a_missing_choice_is_shown_again_beside_the_field() {
    let staff = Staff::new().await;
    let (case_id, allegations) = investigation(&staff, "local", &["Made offensive comments"]).await;
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2099-01-05"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    assert!(html.title().starts_with("Error: "));
    assert!(html.error_summary_links().contains(&(
        "#serve_notice-served_on-day".to_owned(),
        "The date the notice was served must be today or in the past".to_owned()
    )));
    assert_eq!(
        Html::parse(&body).input_value("served_on-year").as_deref(),
        Some("2099")
    );
    assert_eq!(
        html.field_error("served_on").as_deref(),
        Some("The date the notice was served must be today or in the past")
    );

    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "serve_notice",
        fields(&[("served_on-day", "9")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("The date the notice was served must include a month and year")
    );

    let res = subject_step(&staff, PSD, case_id, cs, "revise_severity", Vec::new()).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("Select what the conduct would now amount to if proved"));
    assert!(body.contains("Enter why the assessment is revised"));
    assert_eq!(
        subject_state(staff.pool(), cs).await,
        ("severity_assessed".to_owned(), 2)
    );
}

#[tokio::test]
async fn a_severity_revision_keeps_its_reason_and_is_counted() {
    let staff = Staff::new().await;
    let (case_id, allegations) =
        investigation(&staff, "directed", &["Made offensive comments"]).await;
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    // In a directed investigation the IOPC assesses severity, not the force (CMR reg 16).
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.expect("body").contains("The severity assessment is made by the investigator in a local investigation and by the IOPC in a directed or independent one"));
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "revise_severity",
        fields(&[
            ("severity", "gross_misconduct"),
            ("reason", "The video shows the comments were repeated"),
        ]),
    )
    .await;
    let count: i32 = sqlx::query_scalar(
        "select severity_revision_count from case_subject where case_subject_id = $1",
    )
    .bind(cs)
    .fetch_one(staff.pool())
    .await
    .expect("count");
    assert_eq!(count, 1);
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    assert!(body.contains("(revised once)"));
    assert!(body.contains("Revised: the conduct would amount to gross misconduct if proved. Reason: The video shows the comments were repeated"));
    // ...and the force serves the notice in a directed investigation.
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2025-02-09"),
    )
    .await;
}

#[tokio::test]
async fn force_cannot_determine_in_an_independent_investigation() {
    let staff = Staff::new().await;
    let (case_id, cs, _) =
        officer_with_opinion(&staff, "independent", "case_to_answer_misconduct").await;
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    assert!(!Html::parse(&body).offers("action", "determine"));
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "no_case_to_answer")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("The IOPC makes the determinations after a directed or independent investigation, the appropriate authority after a local one (Sch 3 paras 23(5A), 24)."));
    assert_eq!(subject_state(staff.pool(), cs).await.0, "opinion_given");
    // The caseworker does, and sees the opinion beside the form.
    let (_, body) = page(
        &staff.caseworker,
        &format!("/cases/{case_id}/subjects/{cs}"),
    )
    .await;
    assert!(Html::parse(&body).offers("action", "determine"));
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "case_to_answer_misconduct")]),
    )
    .await;
    // Only the force records its view; the IOPC directs reflective practice instead of a meeting.
    let res = subject_step(
        &staff,
        CASEWORKER,
        case_id,
        cs,
        "record_authority_view",
        fields(&[("view", "agreed")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("This step is not open to your role")
    );
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_authority_view",
        fields(&[("view", "agreed")]),
    )
    .await;
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        cs,
        "direct_reflective_practice",
        Vec::new(),
    )
    .await;
    step_ok(&staff, PSD, case_id, cs, "conclude", Vec::new()).await;
    assert_eq!(subject_state(staff.pool(), cs).await.0, "concluded");
}

#[tokio::test]
async fn investigator_steps_belong_to_the_investigation_they_conduct() {
    let staff = Staff::new().await;
    let (case_id, allegations) = investigation(&staff, "local", &["Made offensive comments"]).await;
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    // The IOPC neither assesses nor investigates a local investigation; the page offers
    // the investigator nothing.
    let (_, body) = page(
        &staff.investigator,
        &format!("/cases/{case_id}/subjects/{cs}"),
    )
    .await;
    assert!(body.contains("There is nothing you can do for this subject at this stage."));
    let res = subject_step(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text().await.expect("body").contains(
            "The severity assessment is made by the investigator in a local investigation"
        )
    );
    assert_eq!(
        subject_state(staff.pool(), cs).await,
        ("identified".to_owned(), 1)
    );
}

#[tokio::test]
async fn pra_2002_s12_7_a_detention_officer_cannot_be_interviewed_before_a_notice() {
    // Police staff are persons serving with the police (PRA 2002 s.12(7)): the severity
    // assessment and the notice before interview apply to them (Sch 3 para 19A; CMR 2020
    // regs 16, 17; unverified for staff).
    let staff = Staff::new().await;
    let (case_id, allegations) = investigation(
        &staff,
        "independent",
        &["The detainee's cell was not checked as the risk assessment required"],
    )
    .await;
    let cs = add_subject(
        &staff,
        INVESTIGATOR,
        case_id,
        "Detention officer A",
        "police_staff",
        &allegations,
    )
    .await;
    let path = format!("/cases/{case_id}/subjects/{cs}");
    let (_, body) = page(&staff.investigator, &path).await;
    let html = Html::parse(&body);
    assert!(html.offers("action", "assess_severity"));
    assert!(
        !html.offers("action", "interview"),
        "no interview before the notice"
    );
    assert!(html.says("Apply to police staff as persons serving with the police"));
    let mut interview = date("interviewed_on", "2025-03-04");
    interview.extend(fields(&[("interview_kind", "misconduct")]));
    let res = subject_step(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "interview",
        interview.clone(),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.expect("body").contains(
        "A subject must be served written notice of the investigation before being interviewed (CMR 2020 reg 17)."
    ));
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2025-03-03"),
    )
    .await;
    step_ok(&staff, INVESTIGATOR, case_id, cs, "interview", interview).await;
    assert_eq!(subject_state(staff.pool(), cs).await.0, "interviewed");
}

#[tokio::test]
async fn the_form_of_proceedings_must_fit_the_case_to_answer() {
    let staff = Staff::new().await;
    let (case_id, cs, _) = officer_with_opinion(&staff, "local", "case_to_answer_misconduct").await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "case_to_answer_misconduct")]),
    )
    .await;
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    assert!(Html::parse(&body).radio("form", "misconduct_meeting"));
    assert!(Html::parse(&body).radio("form", "misconduct_hearing"));
    assert!(
        !Html::parse(&body).has_control_value("accelerated_hearing"),
        "no accelerated hearing for misconduct"
    );
    // The force's view is for IOPC determinations only.
    assert!(!Html::parse(&body).offers("action", "record_authority_view"));
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "accelerated_hearing")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("The form of proceedings must fit the case to answer"));
    assert!(
        Html::parse(&body).radio("form", "misconduct_meeting"),
        "the form is shown again"
    );
    assert_eq!(subject_state(staff.pool(), cs).await.0, "case_to_answer");
    let count: i64 =
        sqlx::query_scalar("select count(*) from proceedings where case_subject_id = $1")
            .bind(cs)
            .fetch_one(staff.pool())
            .await
            .expect("count");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn proceedings_without_a_case_to_answer_are_refused() {
    let staff = Staff::new().await;
    let (case_id, cs, _) = officer_with_opinion(&staff, "local", "no_case_to_answer").await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "no_case_to_answer")]),
    )
    .await;
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "misconduct_meeting")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.expect("body").contains(
        "Misconduct proceedings follow only a determination that there is a case to answer"
    ));
    assert_eq!(subject_state(staff.pool(), cs).await.0, "no_case_to_answer");
}

#[tokio::test]
async fn outcome_not_allowed_for_the_finding_is_refused() {
    let staff = Staff::new().await;
    let (case_id, cs, allegations) =
        officer_facing(&staff, "case_to_answer_misconduct", "misconduct_meeting").await;
    // The meeting's form offers only what a meeting may decide.
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    assert!(Html::parse(&body).radio("outcome-misconduct_proven", "written_warning"));
    assert!(!Html::parse(&body).has_control_value("reduction_in_rank"));
    assert!(!Html::parse(&body).has_control_value("dismissal_without_notice"));
    assert!(!Html::parse(&body).radio("finding", "gross_misconduct_proven"));
    assert!(body.contains("The officer&#39;s response to the notice of proceedings"));
    // Posted by hand anyway: refused with the rule and the outcomes allowed.
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(
            &allegations,
            "misconduct_proven",
            "reduction_in_rank",
            false,
        ),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains(
        "The outcome of proceedings must be one that the form of proceedings and the finding allow"
    ));
    assert!(body.contains("the outcomes allowed are: no action, written warning, final written warning, referral to reflective practice review"));
    assert_eq!(
        subject_state(staff.pool(), cs).await.0,
        "proceedings_pending"
    );
    // A proper outcome is recorded.
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(&allegations, "misconduct_proven", "written_warning", false),
    )
    .await;
    let (stage, barred): (String, bool) = sqlx::query_as(
        "select stage::text, barred_list from case_subject where case_subject_id = $1",
    )
    .bind(cs)
    .fetch_one(staff.pool())
    .await
    .expect("subject");
    assert_eq!((stage.as_str(), barred), ("concluded", false));
}

#[tokio::test]
async fn barred_list_only_after_dismissal() {
    let staff = Staff::new().await;
    let (case_id, cs, allegations) = officer_facing(
        &staff,
        "case_to_answer_gross_misconduct",
        "misconduct_hearing",
    )
    .await;
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(
            &allegations,
            "gross_misconduct_proven",
            "final_written_warning",
            true,
        ),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains(r##"<a href="#record_proceedings_outcome-barred_list">Only someone dismissed, or found that they would have been dismissed, goes on the barred list (Police Act 1996 Part 4A)"##));
    assert!(
        Html::parse(&body).checked("outcome-gross_misconduct_proven", "final_written_warning"),
        "input kept"
    );
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(
            &allegations,
            "gross_misconduct_proven",
            "dismissal_without_notice",
            false,
        ),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("is placed on the barred list: tick the box to confirm")
    );
    assert_eq!(
        subject_state(staff.pool(), cs).await.0,
        "proceedings_pending"
    );
    // A serving officer found that they "would have been dismissed" is refused by the workflow.
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(
            &allegations,
            "gross_misconduct_proven",
            "would_have_been_dismissed",
            true,
        ),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("the officer is still serving")
    );
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(
            &allegations,
            "gross_misconduct_proven",
            "dismissal_without_notice",
            true,
        ),
    )
    .await;
    let barred: bool =
        sqlx::query_scalar("select barred_list from case_subject where case_subject_id = $1")
            .bind(cs)
            .fetch_one(staff.pool())
            .await
            .expect("barred");
    assert!(barred);
}

#[tokio::test]
async fn a_stale_subject_version_is_a_conflict_that_changes_nothing() {
    let staff = Staff::new().await;
    let (case_id, allegations) = investigation(&staff, "local", &["Made offensive comments"]).await;
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    let mut form = fields(&[
        ("version", "1"),
        ("action", "assess_severity"),
        ("severity", "misconduct"),
    ]);
    for a in &allegations {
        form.push((format!("standards-{a}"), "honesty_and_integrity".to_owned()));
    }
    let first = post(
        &staff,
        PSD,
        &format!("/cases/{case_id}/subjects/{cs}/actions"),
        form.clone(),
    )
    .await;
    assert_eq!(first.status(), 303);
    let case_before = case_version(staff.pool(), case_id).await;
    form[2].1 = "gross_misconduct".to_owned();
    let again = post(
        &staff,
        PSD,
        &format!("/cases/{case_id}/subjects/{cs}/actions"),
        form,
    )
    .await;
    assert_eq!(again.status(), 409);
    assert!(
        again
            .text()
            .await
            .expect("body")
            .contains("Reload the page")
    );
    let severity: String =
        sqlx::query_scalar("select severity::text from case_subject where case_subject_id = $1")
            .bind(cs)
            .fetch_one(staff.pool())
            .await
            .expect("severity");
    assert_eq!(severity, "misconduct");
    assert_eq!(case_version(staff.pool(), case_id).await, case_before);
}

#[tokio::test]
async fn a_subject_step_moves_the_case_version_so_case_forms_drawn_before_are_stale() {
    let staff = Staff::new().await;
    let (case_id, allegations) = investigation(&staff, "local", &["Made offensive comments"]).await;
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "Officer A",
        "police_officer",
        &allegations,
    )
    .await;
    let before = case_version(staff.pool(), case_id).await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    assert_eq!(case_version(staff.pool(), case_id).await, before + 1);
    let res = post(
        &staff,
        PSD,
        &format!("/cases/{case_id}/actions"),
        fields(&[("version", &before.to_string()), ("action", "suspend")]),
    )
    .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn a_subject_step_without_the_csrf_token_is_forbidden() {
    let staff = Staff::new().await;
    let res = staff
        .psd
        .post_form_without_csrf(
            &format!("/cases/{S1}/subjects/{S1_OFFICER_B}/actions"),
            &[("version", "1"), ("action", "conclude")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = staff
        .psd
        .post_form_without_csrf(
            &format!("/cases/{S1}/subjects/new"),
            &[("name", "Officer C")],
        )
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn adding_a_subject_shows_errors_beside_the_fields_with_the_input_kept() {
    let staff = Staff::new().await;
    let (case_id, _) = investigation(
        &staff,
        "local",
        &["Made offensive comments", "Failed to record the report"],
    )
    .await;
    let (status, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/new")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Allegation 2: Discriminatory behaviour"));
    let res = post(
        &staff,
        PSD,
        &format!("/cases/{case_id}/subjects/new"),
        fields(&[("name", "Officer C"), ("rank", "Sergeant")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    assert!(html.title().starts_with("Error: "));
    let summary = html.error_summary_links();
    assert!(
        summary
            .iter()
            .any(|(href, m)| href == "#kind" && m.starts_with("Select who the subject is")),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(
            "#allegation".to_owned(),
            "Select the allegations this person is subject of".to_owned()
        )),
        "{summary:?}"
    );
    assert_eq!(html.input_value("name").as_deref(), Some("Officer C"));
    assert_eq!(html.input_value("rank").as_deref(), Some("Sergeant"));
    let subjects: i64 = sqlx::query_scalar("select count(*) from case_subject where case_id = $1")
        .bind(case_id)
        .fetch_one(staff.pool())
        .await
        .expect("count");
    assert_eq!(subjects, 0);
}

#[tokio::test]
async fn iopc_cannot_add_a_subject_to_a_case_it_does_not_hold() {
    let staff = Staff::new().await;
    let (case_id, allegations) = investigation(&staff, "local", &["Made offensive comments"]).await;
    let (status, _) = page(&staff.caseworker, &format!("/cases/{case_id}/subjects/new")).await;
    assert_eq!(status, 403);
    let mut form = fields(&[("name", "Officer C"), ("kind", "police_officer")]);
    form.push(("allegation".to_owned(), allegations[0].to_string()));
    let res = post(
        &staff,
        CASEWORKER,
        &format!("/cases/{case_id}/subjects/new"),
        form,
    )
    .await;
    assert_eq!(res.status(), 403);
    let (_, body) = page(&staff.caseworker, &format!("/cases/{case_id}")).await;
    assert!(!body.contains("Add a subject"));
    let refused: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'permission_refused' and details ->> 'refused' = 'add_subject'",
    )
    .fetch_one(staff.pool())
    .await
    .expect("audit");
    assert_eq!(refused, 2);
}

#[tokio::test]
async fn no_subject_is_added_after_the_investigation_report() {
    let staff = Staff::new().await;
    let (status, body) = page(&staff.psd, &format!("/cases/{S1}/subjects/new")).await;
    assert_eq!(status, 200);
    assert!(body.contains("before the investigation report, which gives an opinion on every subject (PRA 2002 Sch 3 para 22)"));
    assert!(!body.contains(r#"action="/cases/5ce00001-0001-4000-8000-000000000001/subjects/new""#));
    let before: i64 =
        sqlx::query_scalar("select count(*) from case_subject where case_id = $1::uuid")
            .bind(S1)
            .fetch_one(staff.pool())
            .await
            .expect("count");
    let res = post(
        &staff,
        PSD,
        &format!("/cases/{S1}/subjects/new"),
        fields(&[("name", "Officer C"), ("kind", "police_officer")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let after: i64 =
        sqlx::query_scalar("select count(*) from case_subject where case_id = $1::uuid")
            .bind(S1)
            .fetch_one(staff.pool())
            .await
            .expect("count");
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_rule_the_database_enforces_is_a_message_not_an_error() {
    let staff = Staff::new().await;
    let (case_id, cs, allegations) = officer_facing(
        &staff,
        "case_to_answer_gross_misconduct",
        "misconduct_hearing",
    )
    .await;
    step_ok(&staff, PSD, case_id, cs, "record_left_force", Vec::new()).await;
    // Not offered to someone who has left; posted by hand, the schema refuses it.
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    assert!(!Html::parse(&body).has_control_value("reduction_in_rank"));
    assert!(
        !Html::parse(&body).offers("action", "record_left_force"),
        "recorded once"
    );
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(
            &allegations,
            "gross_misconduct_proven",
            "reduction_in_rank",
            false,
        ),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("Someone who has left the force cannot be dismissed or reduced in rank"));
    assert!(Html::parse(&body).radio("outcome-gross_misconduct_proven", "final_written_warning"));
    assert_eq!(
        subject_state(staff.pool(), cs).await.0,
        "proceedings_pending"
    );
    let outcome: Option<String> =
        sqlx::query_scalar("select outcome::text from proceedings where case_subject_id = $1")
            .bind(cs)
            .fetch_one(staff.pool())
            .await
            .expect("proceedings");
    assert_eq!(outcome, None);
}
