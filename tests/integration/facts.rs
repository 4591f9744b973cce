//! The facts the IOPC's published summaries record, as fields (domain.md H2), driven through
//! HTTP as staff record them: the Standards of Professional Behaviour and the finding on each,
//! the kind of interview, who conducts proceedings, dismissal with notice, the accelerated
//! procedure's certificate, the outcome report and its clock, the force's view allegation by
//! allegation, learning where there is no case to answer, the Crown Prosecution Service's
//! decision, "no organisational learning identified" and the deferral of publication.

use sqlx::PgPool;
use uuid::Uuid;

use crate::support::public::page as public_page;
use crate::support::{
    Html, Staff, add_subject, case_step, date, error_text, fields, investigation,
    notice_and_interview, outcome_form, page, post, step_ok, subject_state, subject_step,
};

const PSD: &str = "psd@met.example";
const CASEWORKER: &str = "caseworker@iopc.example";
const INVESTIGATOR: &str = "investigator@iopc.example";

/// An officer taken through the investigation to the report: severity (with the standards
/// `standards`, or the helper's default), notice, interview and `opinion`.
async fn officer_reported(
    staff: &Staff,
    mode: &str,
    allegations: &[&str],
    opinion: &str,
    severity: Vec<(String, String)>,
) -> (Uuid, Uuid, Vec<Uuid>) {
    let (case_id, ids) = investigation(staff, mode, allegations).await;
    let who = if mode == "local" { PSD } else { INVESTIGATOR };
    let cs = add_subject(staff, PSD, case_id, "Officer A", "police_officer", &ids).await;
    step_ok(staff, who, case_id, cs, "assess_severity", severity).await;
    notice_and_interview(staff, who, case_id, cs).await;
    step_ok(
        staff,
        who,
        case_id,
        cs,
        "give_opinion",
        fields(&[("opinion", opinion)]),
    )
    .await;
    case_step(staff, who, case_id, "submit_report", &[]).await;
    (case_id, cs, ids)
}

/// A local investigation's officer with the force's determination `determination`.
async fn officer_determined(staff: &Staff, determination: &str) -> (Uuid, Uuid, Vec<Uuid>) {
    let (case_id, cs, ids) = officer_reported(
        staff,
        "local",
        &["Made offensive comments about the callers"],
        determination,
        fields(&[("severity", "gross_misconduct")]),
    )
    .await;
    step_ok(
        staff,
        PSD,
        case_id,
        cs,
        "determine",
        fields(&[("determination", determination)]),
    )
    .await;
    (case_id, cs, ids)
}

async fn subject_page(staff: &Staff, email: &str, case_id: Uuid, cs: Uuid) -> String {
    let (status, body) = page(
        staff.browser(email),
        &format!("/cases/{case_id}/subjects/{cs}"),
    )
    .await;
    assert_eq!(status, 200);
    body
}

async fn today(pool: &PgPool) -> String {
    sqlx::query_scalar("select ((now() at time zone 'Europe/London')::date)::text")
        .fetch_one(pool)
        .await
        .expect("today")
}

// PCR 2020 Sch 2 (and reg 2: misconduct is a breach of the standards): the standards each
// allegation concerns are recorded at the severity assessment, and the finding on each at
// proceedings.
#[tokio::test]
async fn pcr_2020_sch_2_findings_are_recorded_per_standard() {
    let staff = Staff::new().await;
    let (case_id, ids) =
        investigation(&staff, "local", &["Gave a false account of the stop"]).await;
    let a = ids[0];
    let cs = add_subject(&staff, PSD, case_id, "Officer A", "police_officer", &ids).await;

    // No standard named: refused beside the allegation's field, the severity kept.
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct"), (&format!("standards-{a}"), "")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    assert_eq!(
        html.error_for(&format!("assess_severity-standards-{a}"))
            .as_deref(),
        Some("Select the standards allegation 1 concerns (PCR 2020 Sch 2)")
    );
    assert!(html.checked("severity", "misconduct"));

    let standards = format!("standards-{a}");
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "assess_severity",
        fields(&[
            ("severity", "misconduct"),
            (&standards, "honesty_and_integrity"),
            (&standards, "discreditable_conduct"),
        ]),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2025-02-09"),
    )
    .await;
    let mut interview = date("interviewed_on", "2025-05-10");
    interview.extend(fields(&[("interview_kind", "misconduct")]));
    step_ok(&staff, PSD, case_id, cs, "interview", interview).await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "give_opinion",
        fields(&[("opinion", "case_to_answer_misconduct")]),
    )
    .await;
    case_step(&staff, PSD, case_id, "submit_report", &[]).await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "case_to_answer_misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "misconduct_meeting")]),
    )
    .await;

    let body = subject_page(&staff, PSD, case_id, cs).await;
    assert!(body.contains(
        "Standards of Professional Behaviour: Honesty and integrity, Discreditable conduct."
    ));
    assert!(body.contains("10 May 2025: a misconduct interview"));
    assert!(body.contains("A meeting organised and conducted by the force"));
    let html = Html::parse(&body);
    assert!(html.radio(&format!("standard-{a}-honesty_and_integrity"), "proven"));
    assert!(html.radio(&format!("standard-{a}-discreditable_conduct"), "not_proven"));

    // Proven, with no standard breached: refused.
    let mut form = outcome_form(&ids, "misconduct_proven", "written_warning", false);
    form.extend(fields(&[
        (&format!("standard-{a}-honesty_and_integrity"), "not_proven"),
        (&format!("standard-{a}-discreditable_conduct"), "not_proven"),
    ]));
    let res = subject_step(&staff, PSD, case_id, cs, "record_proceedings_outcome", form).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        Html::parse(&body)
            .error_for(&format!(
                "record_proceedings_outcome-standard-{a}-honesty_and_integrity"
            ))
            .is_some_and(|e| e.contains("select proven for at least one standard")),
        "{}",
        error_text(&body)
    );

    let mut form = outcome_form(&ids, "misconduct_proven", "written_warning", false);
    form.extend(fields(&[
        (&format!("standard-{a}-honesty_and_integrity"), "proven"),
        (&format!("standard-{a}-discreditable_conduct"), "not_proven"),
    ]));
    step_ok(&staff, PSD, case_id, cs, "record_proceedings_outcome", form).await;
    let proven: Vec<String> = sqlx::query_scalar(
        "select unnest(f.standards_proven)::text from proceedings_allegation_finding f
           join proceedings p using (proceedings_id) where p.case_subject_id = $1",
    )
    .bind(cs)
    .fetch_all(staff.pool())
    .await
    .expect("standards proven");
    assert_eq!(proven, vec!["honesty_and_integrity"]);
    let body = subject_page(&staff, PSD, case_id, cs).await;
    assert!(body.contains("Misconduct proven (Honesty and integrity: breach proven; Discreditable conduct: not proven)"));
    assert!(body.contains("Standards breached: honesty and integrity."));
    assert!(body.contains("Standards of Professional Behaviour concerned: discreditable conduct, honesty and integrity.") || body.contains("Standards of Professional Behaviour concerned: honesty and integrity, discreditable conduct."));
}

// PCR 2020 reg 42: the outcome of proceedings is reported within 5 working days of their end.
#[tokio::test]
async fn pcr_2020_reg_42_outcome_report_due_within_5_working_days() {
    let staff = Staff::new().await;
    let (case_id, cs, ids) = officer_determined(&staff, "case_to_answer_misconduct").await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "misconduct_meeting")]),
    )
    .await;
    // Concluded on Friday 18 July 2025: due Friday 25 July 2025.
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(&ids, "misconduct_proven", "written_warning", false),
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    let text = Html::parse(&body).text();
    assert!(
        text.contains("Give the officer the written outcome of the proceedings"),
        "{text}"
    );
    assert!(text.contains("PCR 2020 reg 42"));
    assert!(text.contains("(was due 25 July 2025)"), "{text}");
    assert!(Html::parse(&body).offers("action", "record_outcome_report"));

    // Before the outcome was decided: refused beside the field.
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_outcome_report",
        date("reported_on", "2025-07-17"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        Html::parse(&body)
            .field_error("reported_on")
            .is_some_and(|e| e.contains("on or after the outcome was decided, 18 July 2025")),
        "{}",
        error_text(&body)
    );

    // Given a working day late.
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_outcome_report",
        date("reported_on", "2025-07-28"),
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    let html = Html::parse(&body);
    assert!(
        html.text()
            .contains("met late on 28 July 2025 (due 25 July 2025)"),
        "{}",
        html.text()
    );
    assert!(!html.offers("action", "record_outcome_report"));
    assert!(
        html.text()
            .contains("The written outcome of the proceedings was given on 28 July 2025")
    );

    // On time, for another officer: met.
    let (case_id, cs, ids) = officer_determined(&staff, "case_to_answer_misconduct").await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "misconduct_meeting")]),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(&ids, "misconduct_proven", "written_warning", false),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_outcome_report",
        date("reported_on", "2025-07-25"),
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    assert!(
        Html::parse(&body)
            .text()
            .contains("met on 25 July 2025 (due 25 July 2025)")
    );
}

// PCR 2020 reg 42 (unverified): dismissal with notice is an outcome of a misconduct hearing
// for misconduct, with a live final written warning; a meeting dismisses no one, and gross
// misconduct is dismissal without notice.
#[tokio::test]
async fn pcr_2020_reg_42_dismissal_with_notice_is_offered_at_a_hearing_only() {
    let staff = Staff::new().await;
    let (case_id, cs, _) = officer_determined(&staff, "case_to_answer_misconduct").await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "misconduct_meeting")]),
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    assert!(
        !Html::parse(&body).has_control_value("dismissal_with_notice"),
        "not at a meeting"
    );

    let (case_id, cs, ids) = officer_determined(&staff, "case_to_answer_misconduct").await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "misconduct_hearing")]),
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    let html = Html::parse(&body);
    assert!(html.radio("outcome-misconduct_proven", "dismissal_with_notice"));
    assert!(!html.radio("outcome-gross_misconduct_proven", "dismissal_with_notice"));
    assert!(html.radio(
        "outcome-gross_misconduct_proven",
        "dismissal_without_notice"
    ));
    assert!(
        html.text()
            .contains("A panel chaired by a legally qualified chair")
    );

    // Without a live final written warning: refused by the workflow.
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_proceedings_outcome",
        outcome_form(&ids, "misconduct_proven", "dismissal_with_notice", true),
    )
    .await;
    assert_eq!(res.status(), 422);
    let mut form = outcome_form(&ids, "misconduct_proven", "dismissal_with_notice", true);
    form.extend(fields(&[("live_warning", "yes")]));
    step_ok(&staff, PSD, case_id, cs, "record_proceedings_outcome", form).await;
    let (outcome, barred): (String, bool) = sqlx::query_as(
        "select p.outcome::text, cs.barred_list from proceedings p join case_subject cs using (case_subject_id)
          where cs.case_subject_id = $1",
    )
    .bind(cs)
    .fetch_one(staff.pool())
    .await
    .expect("outcome");
    assert_eq!((outcome.as_str(), barred), ("dismissal_with_notice", true));
}

// PCR 2020 reg 49: the accelerated procedure follows the appropriate authority's certificate
// that the special conditions are satisfied.
#[tokio::test]
async fn pcr_2020_reg_49_the_accelerated_hearing_needs_the_certificate() {
    let staff = Staff::new().await;
    let (case_id, cs, _) = officer_determined(&staff, "case_to_answer_gross_misconduct").await;
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
    assert!(
        body.contains("certificate that the special conditions are satisfied (PCR 2020 reg 49)"),
        "{}",
        error_text(&body)
    );
    assert_eq!(subject_state(staff.pool(), cs).await.0, "case_to_answer");

    let day = today(staff.pool()).await;
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "certify_special_conditions",
        date("certified_on", &day),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        Html::parse(&body)
            .error_for("certify_special_conditions-conditions")
            .is_some()
    );

    let mut certificate = date("certified_on", &day);
    certificate.extend(fields(&[("conditions", "yes")]));
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "certify_special_conditions",
        certificate,
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    assert!(body.contains("Special conditions certified (accelerated procedure)"));
    assert!(!Html::parse(&body).offers("action", "certify_special_conditions"));
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "bring_proceedings",
        fields(&[("form", "accelerated_hearing")]),
    )
    .await;
    assert_eq!(
        subject_state(staff.pool(), cs).await.0,
        "proceedings_pending"
    );
}

// Sch 3 para 23(5A): the force's view is recorded beside the IOPC's determination, and the
// published record shows it allegation by allegation (S1: agreed on one, disagreed on the
// other).
#[tokio::test]
async fn sch_3_para_23_the_forces_view_is_recorded_per_allegation() {
    let staff = Staff::new().await;
    let (case_id, cs, ids) = officer_reported(
        &staff,
        "independent",
        &[
            "Failed to record the report and passed inaccurate information to the control room",
            "Made offensive comments about the callers",
        ],
        "case_to_answer_gross_misconduct",
        fields(&[("severity", "gross_misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "case_to_answer_gross_misconduct")]),
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    assert!(Html::parse(&body).radio(&format!("view-{}", ids[0]), "agreed"));
    // Every allegation agreed, but disagreed overall: refused beside the overall view.
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "record_authority_view",
        fields(&[
            ("view", "disagreed"),
            (&format!("view-{}", ids[0]), "agreed"),
            (&format!("view-{}", ids[1]), "agreed"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "record_authority_view",
        fields(&[
            ("view", "disagreed"),
            (&format!("view-{}", ids[0]), "agreed"),
            (&format!("view-{}", ids[1]), "disagreed"),
        ]),
    )
    .await;
    let views: Vec<(Uuid, String)> = sqlx::query_as(
        "select allegation_id, authority_view::text from allegation_subject where case_subject_id = $1",
    )
    .bind(cs)
    .fetch_all(staff.pool())
    .await
    .expect("views");
    for (a, expected) in [(ids[0], "agreed"), (ids[1], "disagreed")] {
        assert!(views.contains(&(a, expected.to_owned())), "{views:?}");
    }
    let body = subject_page(&staff, PSD, case_id, cs).await;
    let text = Html::parse(&body).text();
    assert!(
        text.contains("Disagreed overall (allegation 1: agreed; allegation 2: disagreed)"),
        "{text}"
    );
    assert!(text.contains("The force agreed with the IOPC's determination on 1 of 2 allegations and disagreed on the others."));
}

// PCR 2020 Part 6: where there is no case to answer, the learning for the person is recorded;
// reflective practice only for police officers and special constables under the 2020 rules.
#[tokio::test]
async fn no_case_to_answer_records_the_learning_for_the_person() {
    let staff = Staff::new().await;
    let (case_id, ids) = investigation(
        &staff,
        "local",
        &["Made offensive comments about the callers"],
    )
    .await;
    let officer = add_subject(&staff, PSD, case_id, "Officer A", "police_officer", &ids).await;
    let clerk = add_subject(&staff, PSD, case_id, "Call handler B", "police_staff", &ids).await;
    step_ok(
        &staff,
        PSD,
        case_id,
        officer,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        officer,
        "give_opinion",
        fields(&[("opinion", "no_case_to_answer")]),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        clerk,
        "give_opinion",
        fields(&[("opinion", "no_case_to_answer")]),
    )
    .await;
    case_step(&staff, PSD, case_id, "submit_report", &[]).await;

    let res = subject_step(
        &staff,
        PSD,
        case_id,
        officer,
        "determine",
        fields(&[
            ("determination", "no_case_to_answer"),
            ("individual_learning", ""),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert_eq!(
        Html::parse(&body)
            .error_for("determine-individual_learning")
            .as_deref(),
        Some("Select what learning there is for the person, or that none was identified")
    );
    step_ok(
        &staff,
        PSD,
        case_id,
        officer,
        "determine",
        fields(&[
            ("determination", "no_case_to_answer"),
            ("individual_learning", "reflective_practice"),
        ]),
    )
    .await;
    let body = subject_page(&staff, PSD, case_id, officer).await;
    assert!(body.contains("Learning for the person: reflective practice."));

    // Police staff: no reflective practice review process.
    let body = subject_page(&staff, PSD, case_id, clerk).await;
    assert!(!Html::parse(&body).radio("individual_learning", "reflective_practice"));
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        clerk,
        "determine",
        fields(&[
            ("determination", "no_case_to_answer"),
            ("individual_learning", "reflective_practice"),
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    step_ok(
        &staff,
        PSD,
        case_id,
        clerk,
        "determine",
        fields(&[
            ("determination", "no_case_to_answer"),
            ("individual_learning", "learning_advice"),
        ]),
    )
    .await;
    let learning: Vec<String> = sqlx::query_scalar(
        "select individual_learning::text from case_subject where case_id = $1 order by individual_learning",
    )
    .bind(case_id)
    .fetch_all(staff.pool())
    .await
    .expect("learning");
    assert_eq!(learning, vec!["learning_advice", "reflective_practice"]);
}

// Sch 3 paras 23, 24: the file referred to the Crown Prosecution Service, its decision and the
// prosecution's outcome, dated in order.
#[tokio::test]
async fn the_cps_decision_and_the_prosecution_outcome_are_recorded() {
    let staff = Staff::new().await;
    let (case_id, cs, _) = officer_determined(&staff, "case_to_answer_gross_misconduct").await;
    let body = subject_page(&staff, PSD, case_id, cs).await;
    assert!(
        !Html::parse(&body).offers("action", "record_cps_decision"),
        "not before a referral"
    );
    step_ok(&staff, PSD, case_id, cs, "refer_to_cps", Vec::new()).await;
    let day = today(staff.pool()).await;

    let mut early = date("decided_on", "2025-01-02");
    early.extend(fields(&[("cps_decision", "charge")]));
    let res = subject_step(&staff, PSD, case_id, cs, "record_cps_decision", early).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        Html::parse(&body)
            .field_error("decided_on")
            .is_some_and(|e| e.contains("on or after the referral")),
        "{}",
        error_text(&body)
    );
    assert!(Html::parse(&body).checked("cps_decision", "charge"));

    let mut decision = date("decided_on", &day);
    decision.extend(fields(&[("cps_decision", "charge")]));
    step_ok(&staff, PSD, case_id, cs, "record_cps_decision", decision).await;
    let mut outcome = date("ended_on", &day);
    outcome.extend(fields(&[("prosecution_outcome", "convicted")]));
    step_ok(
        &staff,
        CASEWORKER,
        case_id,
        cs,
        "record_prosecution_outcome",
        outcome,
    )
    .await;

    let body = subject_page(&staff, PSD, case_id, cs).await;
    let text = Html::parse(&body).text();
    assert!(
        text.contains("Crown Prosecution Service decision Charged"),
        "{text}"
    );
    assert!(
        text.contains("Outcome of the prosecution Convicted"),
        "{text}"
    );
    assert!(text.contains("The Crown Prosecution Service decided on"));
    assert!(!Html::parse(&body).offers("action", "record_prosecution_outcome"));
    let row: (String, String) = sqlx::query_as(
        "select cps_decision::text, prosecution_outcome::text from case_subject where case_subject_id = $1",
    )
    .bind(cs)
    .fetch_one(staff.pool())
    .await
    .expect("cps");
    assert_eq!(row, ("charge".to_owned(), "convicted".to_owned()));
}

/// Posts a form of the learning and publication page as the caseworker.
async fn learning_post(
    staff: &Staff,
    case_id: Uuid,
    action: &str,
    extra: Vec<(String, String)>,
) -> reqwest::Response {
    let version: i32 = sqlx::query_scalar("select version from case_record where case_id = $1")
        .bind(case_id)
        .fetch_one(staff.pool())
        .await
        .expect("version");
    let mut form = fields(&[("version", &version.to_string()), ("action", action)]);
    form.extend(extra);
    post(
        staff,
        CASEWORKER,
        &format!("/cases/{case_id}/learning-and-publication"),
        form,
    )
    .await
}

// Domain.md H2: "no organisational learning identified" is a positive record; a case with a
// recommendation has learning identified (Sch 3 para 28A).
#[tokio::test]
async fn no_organisational_learning_is_recorded_and_refused_beside_a_recommendation() {
    let staff = Staff::new().await;
    let s1 = Uuid::parse_str("5ce00001-0001-4000-8000-000000000001").expect("uuid");
    let mut form = date("decided_on", "2025-08-01");
    form.extend(fields(&[("confirm", "yes")]));
    let res = learning_post(&staff, s1, "no_organisational_learning", form.clone()).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("organisational learning was identified (Sch 3 para 28A)"),
        "{}",
        error_text(&body)
    );

    let (case_id, _) = investigation(
        &staff,
        "local",
        &["Made offensive comments about the callers"],
    )
    .await;
    let res = learning_post(
        &staff,
        case_id,
        "no_organisational_learning",
        date("decided_on", "2025-08-01"),
    )
    .await;
    assert_eq!(res.status(), 422, "the confirmation is required");
    let res = learning_post(&staff, case_id, "no_organisational_learning", form).await;
    assert_eq!(res.status(), 303);
    let (_, body) = page(
        &staff.caseworker,
        &format!("/cases/{case_id}/learning-and-publication?done=no_organisational_learning"),
    )
    .await;
    assert!(body.contains("No organisational learning identified: recorded"));
    let (_, body) = page(&staff.caseworker, &format!("/cases/{case_id}")).await;
    assert!(body.contains("No organisational learning identified (recorded 1 August 2025)."));
    assert!(body.contains("No organisational learning identified"));
}

// Domain.md H2: publication deferred until proceedings end; the public register leaves the
// case out until its revisit date has come and no proceedings are outstanding.
#[tokio::test]
async fn a_deferred_case_is_not_on_the_public_register_until_its_revisit_and_proceedings_end() {
    let staff = Staff::new().await;
    let case_id: Uuid = sqlx::query_scalar(
        "select r.case_id from recommendation r join case_record c using (case_id)
          where c.iopc_reference = '2020/138174' and r.stage = 'published' limit 1",
    )
    .fetch_one(staff.pool())
    .await
    .expect("a published case");
    let (_, body) = public_page(&staff.app, "/published").await;
    assert!(body.contains("2020/138174"));

    // A revisit date today or earlier is refused beside the field.
    let day = today(staff.pool()).await;
    let res = learning_post(
        &staff,
        case_id,
        "defer_publication",
        date("revisit_on", &day),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert_eq!(
        Html::parse(&body).field_error("revisit_on").as_deref(),
        Some("The date to revisit the deferral must be after today")
    );
    let res = learning_post(
        &staff,
        case_id,
        "defer_publication",
        date("revisit_on", "2099-01-31"),
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, body) = public_page(&staff.app, "/published").await;
    assert!(!body.contains("2020/138174"), "deferred");
    let (_, body) = page(&staff.caseworker, &format!("/cases/{case_id}")).await;
    assert!(body.contains("to be revisited on 31 January 2099"));

    // The revisit date has come, but a subject still faces proceedings: still left out.
    sqlx::query(
        "update case_record set publication_deferred_on = date '2025-01-01', publication_revisit_on = date '2025-06-01'
          where case_id = $1",
    )
    .bind(case_id)
    .execute(staff.pool())
    .await
    .expect("time passes");
    let subject: Uuid = sqlx::query_scalar(
        "insert into subject (kind, name, force_id) select 'police_officer', 'Officer Z', force_id
           from case_record where case_id = $1 returning subject_id",
    )
    .bind(case_id)
    .fetch_one(staff.pool())
    .await
    .expect("subject");
    let pending: Uuid = sqlx::query_scalar(
        "insert into case_subject (case_id, subject_id, stage, determination, determined_by, determined_on)
         values ($1, $2, 'case_to_answer', 'case_to_answer_misconduct', 'iopc', date '2025-05-01')
         returning case_subject_id",
    )
    .bind(case_id)
    .bind(subject)
    .fetch_one(staff.pool())
    .await
    .expect("case to answer");
    let (_, body) = public_page(&staff.app, "/published").await;
    assert!(!body.contains("2020/138174"), "proceedings outstanding");

    // Proceedings over and the revisit date past: published again.
    sqlx::query("delete from case_subject where case_subject_id = $1")
        .bind(pending)
        .execute(staff.pool())
        .await
        .expect("proceedings end");
    let (_, body) = public_page(&staff.app, "/published").await;
    assert!(body.contains("2020/138174"));
}
