//! Casework steps through the case page's forms: what each step asks the user to write down,
//! what it stores beside the stage, and who may take it.

use sqlx::PgPool;

use oversight::domain::vocab::{AllegationOutcome, CaseStage};

use crate::support::{
    AllegationBuilder, CaseBuilder, CaseId, ComplainantBuilder, DUTIES, Html, RowId, TestApp, date,
    error_text, page, post_action, stage_and_version, ymd,
};

const PSD: &str = "psd@met.example";
const OTHER_PSD: &str = "psd@westmidlands.example";
const CASEWORKER: &str = "caseworker@iopc.example";
const INVESTIGATOR: &str = "investigator@iopc.example";

/// A recorded Met complaint with a complainant and two allegations.
async fn recorded_complaint(pool: &PgPool) -> CaseId {
    CaseBuilder::complaint()
        .at(CaseStage::Recorded)
        .complainant(
            ComplainantBuilder::named("Alex Example")
                .address("1 High Street, Anytown, AN1 1AA")
                .with_complainant_role(),
        )
        .allegation(AllegationBuilder::new(
            "use-of-police-vehicles",
            "The officer drove onto the pavement",
        ))
        .allegation(AllegationBuilder::new(DUTIES, "Nobody called me back"))
        .insert(pool)
        .await
}

async fn version(pool: &PgPool, case_id: impl RowId) -> i32 {
    stage_and_version(pool, case_id).await.1
}

/// Signs in as `who` and posts `action` on the case's current version.
async fn act_as(
    app: &TestApp,
    who: &str,
    case_id: impl RowId,
    action: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    app.sign_in(who).await;
    let v = version(&app.db.pool, case_id).await;
    post_action(app, who, case_id, v, action, extra).await
}

/// Takes a step that must succeed (303), as `who`.
async fn step(app: &TestApp, who: &str, case_id: impl RowId, action: &str, extra: &[(&str, &str)]) {
    let res = act_as(app, who, case_id, action, extra).await;
    let status = res.status().as_u16();
    let body = res.text().await.unwrap_or_default();
    assert_eq!(
        status,
        303,
        "{action} by {who} should succeed; got {status}: {}",
        error_text(&body)
    );
}

#[tokio::test]
async fn a_referral_needs_a_mandatory_ground_or_a_voluntary_reason() {
    let app = TestApp::with_demo(0).await;
    let case_id = recorded_complaint(&app.db.pool).await;
    let res = act_as(&app, PSD, case_id, "refer", &[]).await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains(
        "Tick at least one mandatory ground, or give the reason for a voluntary referral"
    ));
    assert_eq!(stage_and_version(&app.db.pool, case_id).await.0, "recorded");
    let count: i64 = sqlx::query_scalar("select count(*) from referral where case_id = $1")
        .bind(case_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(count, 0, "nothing is written when the form is refused");
}

#[tokio::test]
async fn the_referral_checklist_says_a_mandatory_ground_makes_referral_compulsory_and_shows_the_deadline()
 {
    let app = TestApp::with_demo(0).await;
    let case_id = recorded_complaint(&app.db.pool).await;
    app.sign_in(PSD).await;
    let (status, body) = page(&app, &format!("/cases/{case_id}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Which mandatory referral grounds apply?"));
    assert!(body.contains("the referral is mandatory"));
    assert!(body.contains("Serious assault"));
    assert!(
        body.contains("Refer by "),
        "the referral deadline is shown beside the checklist"
    );
}

#[tokio::test]
async fn ticking_a_mandatory_ground_sends_a_mandatory_referral_with_its_grounds() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = recorded_complaint(pool).await;
    step(
        &app,
        PSD,
        case_id,
        "refer",
        &[
            ("grounds", "serious_assault"),
            ("grounds", "discrimination_aggravated"),
        ],
    )
    .await;
    let (kind, grounds): (String, Vec<String>) = sqlx::query_as(
        "select r.referral_type::text, array(select ground_code from referral_referral_ground g
                                            where g.referral_id = r.referral_id order by ground_code)
         from referral r where r.case_id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("referral");
    assert_eq!(kind, "mandatory");
    assert_eq!(
        grounds,
        vec!["discrimination_aggravated", "serious_assault"]
    );
    assert_eq!(stage_and_version(pool, case_id).await.0, "referred");
}

#[tokio::test]
async fn a_voluntary_referral_records_its_reason() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = recorded_complaint(pool).await;
    step(
        &app,
        PSD,
        case_id,
        "refer",
        &[("reason", "Public concern after local press coverage")],
    )
    .await;
    let (kind, reason): (String, Option<String>) = sqlx::query_as(
        "select referral_type::text, voluntary_reason from referral where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("referral");
    assert_eq!(kind, "voluntary");
    assert_eq!(
        reason.as_deref(),
        Some("Public concern after local press coverage")
    );
}

#[tokio::test]
async fn another_forces_psd_cannot_refer_the_case() {
    let app = TestApp::with_demo(0).await;
    let case_id = recorded_complaint(&app.db.pool).await;
    let res = act_as(
        &app,
        OTHER_PSD,
        case_id,
        "refer",
        &[("grounds", "serious_assault")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(stage_and_version(&app.db.pool, case_id).await.0, "recorded");
}

#[tokio::test]
async fn the_assessment_decision_needs_a_rationale_and_is_recorded_on_the_referral() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = referred_complaint(&app).await;

    let res = act_as(
        &app,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[("mode", "independent")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("Give the rationale for the decision"));
    assert!(
        Html::parse(&body).checked("mode", "independent"),
        "the chosen mode is kept"
    );

    step(
        &app,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[
            ("mode", "independent"),
            ("reason", "Serious injury alleged; public confidence"),
        ],
    )
    .await;
    let (decision, mode, rationale): (String, String, String) = sqlx::query_as(
        "select decision::text, decided_mode::text, rationale from referral where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("decision");
    assert_eq!(
        (decision.as_str(), mode.as_str()),
        ("investigate", "independent")
    );
    assert_eq!(rationale, "Serious injury alleged; public confidence");
    app.sign_in(CASEWORKER).await;
    let (_, body) = page(&app, &format!("/cases/{case_id}")).await;
    assert!(
        body.contains("Decide to investigate and the mode: independent investigation"),
        "the timeline names the mode"
    );
    assert!(
        body.contains("Grounds: serious assault."),
        "the referral's grounds stay on the case page"
    );
    assert!(
        body.contains("Serious injury alleged; public confidence"),
        "the rationale is in the timeline"
    );
}

#[tokio::test]
async fn a_force_cannot_decide_the_mode_of_investigation() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = referred_complaint(&app).await;
    let res = act_as(
        &app,
        PSD,
        case_id,
        "decide_investigation",
        &[("mode", "local"), ("reason", "We would like to")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(stage_and_version(pool, case_id).await.0, "referred");
}

#[tokio::test]
async fn handling_otherwise_records_what_was_done() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = recorded_complaint(pool).await;
    let res = act_as(
        &app,
        PSD,
        case_id,
        "handle_otherwise",
        &[("reason", "Spoke to the complainant")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Select what was done to handle the complaint")
    );

    step(
        &app,
        PSD,
        case_id,
        "handle_otherwise",
        &[
            ("handling", "explanation"),
            ("handling", "apology"),
            (
                "reason",
                "The inspector explained the decision and apologised for the delay",
            ),
        ],
    )
    .await;
    let handling: Vec<String> =
        sqlx::query_scalar("select handling_type::text from allegation where case_id = $1")
            .bind(case_id)
            .fetch_all(pool)
            .await
            .expect("allegations");
    assert_eq!(handling, vec!["otherwise_than_by_investigation"; 2]);
    let facts: serde_json::Value = sqlx::query_scalar(
        "select details -> 'facts' from audit_event where case_id = $1 and action = 'handle_otherwise'",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("event");
    assert_eq!(
        facts["handling"],
        serde_json::json!(["explanation", "apology"])
    );
}

/// A referred complaint carried by the IOPC through an independent investigation, its
/// suspension, the report, the outcome per allegation and the letter.
#[tokio::test]
async fn an_independent_investigation_runs_from_decision_to_the_outcome_letter() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = referred_complaint(&app).await;
    step(
        &app,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[
            ("mode", "independent"),
            ("reason", "Serious assault alleged"),
        ],
    )
    .await;

    // Suspension needs a reason; resumption ends it.
    let res = act_as(&app, CASEWORKER, case_id, "suspend", &[]).await;
    assert_eq!(res.status().as_u16(), 422);
    step(
        &app,
        CASEWORKER,
        case_id,
        "suspend",
        &[("reason", "Criminal trial of a third party")],
    )
    .await;
    step(&app, CASEWORKER, case_id, "resume", &[]).await;
    let (reason, ended): (String, bool) = sqlx::query_as(
        "select s.reason, s.ended_on is not null from investigation_suspension s
         join investigation i using (investigation_id) where i.case_id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("suspension");
    assert_eq!(reason, "Criminal trial of a third party");
    assert!(ended);

    // Only the investigator submits the report; its date is stored.
    let res = act_as(&app, PSD, case_id, "submit_report", &[]).await;
    assert_eq!(
        res.status().as_u16(),
        422,
        "the force does not submit an independent investigation's report"
    );
    step(&app, INVESTIGATOR, case_id, "submit_report", &[]).await;
    let reported: bool = sqlx::query_scalar(
        "select report_submitted_on is not null from investigation where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("investigation");
    assert!(reported);

    step(&app, CASEWORKER, case_id, "complete_determinations", &[]).await;
    step(
        &app,
        CASEWORKER,
        case_id,
        "decide_outcome",
        &[
            ("outcome-1", "service_not_acceptable"),
            ("detail-1", "The officer will receive driving training"),
            ("outcome-2", "service_acceptable"),
        ],
    )
    .await;
    let outcomes: Vec<(String, Option<String>)> = sqlx::query_as(
        "select outcome::text, outcome_detail from allegation where case_id = $1 order by created_at, allegation_id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await
    .expect("outcomes");
    assert_eq!(
        outcomes,
        vec![
            (
                "service_not_acceptable".to_owned(),
                Some("The officer will receive driving training".to_owned())
            ),
            ("service_acceptable".to_owned(), None),
        ]
    );

    app.sign_in(CASEWORKER).await;
    let (status, letter) = page(&app, &format!("/cases/{case_id}/letter")).await;
    assert_eq!(status, 200);
    assert!(letter.contains("This is a draft dated today"));
    assert!(letter.contains("The service you were given was not acceptable."));
    assert!(letter.contains("The officer will receive driving training"));
    assert!(
        letter.contains("the Independent Office for Police Conduct (IOPC)"),
        "a referred complaint is reviewed by the IOPC"
    );

    step(&app, CASEWORKER, case_id, "notify_outcome", &[]).await;
    assert_eq!(stage_and_version(pool, case_id).await.0, "outcome_notified");
    let (_, letter) = page(&app, &format!("/cases/{case_id}/letter")).await;
    assert!(
        !letter.contains("This is a draft"),
        "once sent, the letter carries its date"
    );
}

/// A Met complaint whose outcome letter was sent on 1 April 2026, to a complainant who
/// prefers `language`.
async fn notified_on_1_april(pool: &PgPool, language: &str) -> CaseId {
    CaseBuilder::complaint()
        .at(CaseStage::OutcomeNotified)
        .received(ymd("2026-01-05"))
        .outcome_notified(ymd("2026-04-01"))
        .summary("Rudeness at the front counter")
        .allegation(
            AllegationBuilder::new(DUTIES, "Rude at the counter")
                .outcome(AllegationOutcome::ServiceAcceptable),
        )
        .complainant(
            ComplainantBuilder::named("Sam Example")
                .language(language)
                .with_complainant_role(),
        )
        .insert(pool)
        .await
}

#[tokio::test]
async fn the_outcome_letter_dated_1_april_gives_29_april_as_the_last_day_to_apply() {
    let app = TestApp::with_demo(0).await;
    let case_id = notified_on_1_april(&app.db.pool, "en").await;
    app.sign_in(PSD).await;
    let (status, letter) = page(&app, &format!("/cases/{case_id}/letter")).await;
    assert_eq!(status, 200);
    assert!(letter.contains("1 April 2026"));
    assert!(
        letter.contains("You must apply by 29 April 2026."),
        "CMR 2020 reg 29: 28 days starting the day after the letter"
    );
    assert!(
        letter.contains(
            "The review will be carried out by Mayor&#39;s Office for Policing and Crime"
        ) || letter.contains(
            "The review will be carried out by Mayor&#x27;s Office for Policing and Crime"
        ),
        "an unreferred complaint is reviewed by the local policing body"
    );
}

#[tokio::test]
async fn the_outcome_letter_is_in_welsh_when_the_complainant_chose_welsh() {
    let app = TestApp::with_demo(0).await;
    let case_id = notified_on_1_april(&app.db.pool, "cy").await;
    app.sign_in(PSD).await;
    let (status, letter) = page(&app, &format!("/cases/{case_id}/letter")).await;
    assert_eq!(status, 200);
    assert!(
        letter.contains(r#"lang="cy""#),
        "the letter is marked as Welsh"
    );
    assert!(letter.contains("Canlyniad eich cwyn"));
    assert!(letter.contains("1 Ebrill 2026"));
    assert!(letter.contains("Rhaid i chi wneud cais erbyn 29 Ebrill 2026."));
    // Staff can print the English version too.
    let (_, english) = page(&app, &format!("/cases/{case_id}/letter?lang=en")).await;
    assert!(english.contains("You must apply by 29 April 2026."));
}

#[tokio::test]
async fn a_conduct_matter_has_no_outcome_letter() {
    let app = TestApp::with_demo(0).await;
    let case_id = CaseBuilder::conduct_matter()
        .at(CaseStage::Recorded)
        .insert(&app.db.pool)
        .await;
    app.sign_in(PSD).await;
    let (status, body) = page(&app, &format!("/cases/{case_id}/letter")).await;
    assert_eq!(status, 200);
    assert!(body.contains("has no complainant, so there is no outcome letter"));
}

#[tokio::test]
async fn the_assessment_queue_lists_referrals_oldest_first_with_their_grounds_and_age() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let newer = recorded_complaint(pool).await;
    let older = recorded_complaint(pool).await;
    step(
        &app,
        PSD,
        newer,
        "refer",
        &[("grounds", "serious_corruption")],
    )
    .await;
    step(&app, PSD, older, "refer", &[("reason", "Local concern")]).await;
    sqlx::query("update referral set referred_on = date '2025-02-03' where case_id = $1")
        .bind(older)
        .execute(pool)
        .await
        .expect("backdate");

    app.sign_in(CASEWORKER).await;
    let (status, body) = page(&app, "/assessment").await;
    assert_eq!(status, 200);
    let (a, b) = (
        body.find(&format!("/cases/{older}")).expect("older listed"),
        body.find(&format!("/cases/{newer}")).expect("newer listed"),
    );
    assert!(a < b, "oldest first");
    assert!(body.contains("Serious corruption"));
    assert!(body.contains("Voluntary referral: Local concern") || body.contains(": Local concern"));
    assert!(body.contains("3 February 2025"));
    assert!(body.contains("working days"));

    let (_, other) = page(&app, "/assessment?force=west-midlands").await;
    assert!(
        !other.contains(&format!("/cases/{older}")),
        "the force filter keeps only that force's referrals"
    );

    app.sign_in(PSD).await;
    assert_eq!(
        page(&app, "/assessment").await.0,
        403,
        "the queue is the IOPC's"
    );
}

/// A recorded Met complaint referred by the force on the serious-assault ground.
async fn referred_complaint(app: &TestApp) -> CaseId {
    let case_id = recorded_complaint(&app.db.pool).await;
    step(
        app,
        PSD,
        case_id,
        "refer",
        &[("grounds", "serious_assault")],
    )
    .await;
    case_id
}

/// A Met complaint under independent investigation, reached through the forms.
async fn under_independent_investigation(app: &TestApp) -> CaseId {
    let case_id = referred_complaint(app).await;
    step(
        app,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[
            ("mode", "independent"),
            ("reason", "Serious assault alleged"),
        ],
    )
    .await;
    case_id
}

#[tokio::test]
async fn the_investigator_sets_the_terms_of_reference_and_they_reach_the_timeline() {
    let app = TestApp::with_demo(0).await;
    let case_id = under_independent_investigation(&app).await;
    app.sign_in(INVESTIGATOR).await;
    let v = version(&app.db.pool, case_id).await.to_string();
    let path = format!("/cases/{case_id}/investigation");
    let res = app
        .post_form(
            &path,
            &[
                ("version", &v),
                ("terms_of_reference", "Whether force used was necessary"),
                ("investigator_name", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("Enter the investigator&#39;s name")
            || body.contains("Enter the investigator&#x27;s name")
    );
    assert!(
        body.contains("Whether force used was necessary"),
        "the input is kept"
    );

    let res = app
        .post_form(
            &path,
            &[
                ("version", &v),
                ("terms_of_reference", "Whether force used was necessary"),
                ("investigator_name", "Jo Investigator"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page_body) = page(&app, &format!("{path}?saved=details")).await;
    assert!(page_body.contains("details were saved"));
    assert!(page_body.contains("Jo Investigator"));
    let (_, case_page) = page(&app, &format!("/cases/{case_id}")).await;
    assert!(case_page.contains("Investigation details updated"));

    // A stale version is a conflict.
    let res = app
        .post_form(
            &path,
            &[
                ("version", &v),
                ("terms_of_reference", "Other"),
                ("investigator_name", "Someone else"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
}

#[tokio::test]
async fn the_force_cannot_change_an_independent_investigation() {
    let app = TestApp::with_demo(0).await;
    let case_id = under_independent_investigation(&app).await;
    app.sign_in(PSD).await;
    let v = version(&app.db.pool, case_id).await.to_string();
    let res = app
        .post_form(
            &format!("/cases/{case_id}/investigation"),
            &[
                ("version", &v),
                ("terms_of_reference", "Ours"),
                ("investigator_name", "DS Smith"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn a_progress_notice_cannot_be_sent_long_before_it_is_due() {
    let app = TestApp::with_demo(0).await;
    let case_id = under_independent_investigation(&app).await;
    app.sign_in(CASEWORKER).await;
    let v = version(&app.db.pool, case_id).await.to_string();
    let res = app
        .post_form(
            &format!("/cases/{case_id}/investigation/notices"),
            &[("version", &v), ("progress", "Statements taken")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("it can be sent from four weeks before")
    );
}

#[tokio::test]
async fn the_twelve_month_notice_tells_the_local_policing_body_why_it_is_taking_so_long() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = under_independent_investigation(&app).await;
    // The investigation started 13 months ago (CMR 2020 reg 13: notice after 12 months).
    sqlx::query("update investigation set started_on = current_date - 400 where case_id = $1")
        .bind(case_id)
        .execute(pool)
        .await
        .expect("backdate");
    app.sign_in(CASEWORKER).await;
    let v = version(pool, case_id).await.to_string();
    let res = app
        .post_form(
            &format!("/cases/{case_id}/investigation/notices"),
            &[
                ("version", &v),
                ("progress", "Awaiting forensic results from the laboratory"),
                ("expected_completion-day", "31"),
                ("expected_completion-month", "3"),
                ("expected_completion-year", "2099"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let notice = app.follow(res).await.text().await.expect("notice");
    assert!(notice.contains("12-month notice"));
    assert!(
        notice.contains("Mayor&#39;s Office for Policing and Crime")
            || notice.contains("Mayor&#x27;s Office for Policing and Crime")
    );
    assert!(notice.contains("has not been completed within 12 months"));
    assert!(notice.contains("Awaiting forensic results from the laboratory"));
    assert!(notice.contains("31 March 2099"));
    let kind: String = sqlx::query_scalar(
        "select n.kind from investigation_notice n join investigation i using (investigation_id) where i.case_id = $1",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("notice stored");
    assert_eq!(kind, "twelve_month");
}

/// CMR 2020 reg 13: the progress notice can be printed in Welsh as well as English; the
/// investigator's words are kept as written, and the page says which language it is in.
#[tokio::test]
async fn cmr_2020_reg_13_the_progress_notice_is_offered_in_welsh() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = under_independent_investigation(&app).await;
    sqlx::query("update investigation set started_on = current_date - 400 where case_id = $1")
        .bind(case_id)
        .execute(pool)
        .await
        .expect("backdate");
    app.sign_in(CASEWORKER).await;
    let v = version(pool, case_id).await.to_string();
    let res = app
        .post_form(
            &format!("/cases/{case_id}/investigation/notices"),
            &[
                ("version", &v),
                ("progress", "Awaiting forensic results from the laboratory"),
                ("expected_completion-day", "31"),
                ("expected_completion-month", "3"),
                ("expected_completion-year", "2099"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("the notice's address")
        .to_owned();
    let english = Html::parse(&app.get(&location).await.text().await.expect("notice"));
    assert!(english.says("12-month notice, sent"));
    assert_eq!(
        english.link_to("Cymraeg").as_deref(),
        Some("?lang=cy"),
        "the notice offers Welsh"
    );
    let res = app.get(&format!("{location}?lang=cy")).await;
    assert_eq!(res.status().as_u16(), 200);
    let body = res.text().await.expect("notice");
    let welsh = Html::parse(&body);
    assert!(body.contains(r#"<article lang="cy""#), "marked as Welsh");
    for words in [
        "Hysbysiad 12 mis, anfonwyd",
        "Hysbysiad o dan reoliad 13 o Reoliadau'r Heddlu (Cwynion a Chamymddwyn) 2020.",
        "Dechreuodd yr ymchwiliad annibynnol i'r mater hwn ar",
        "nid yw wedi'i gwblhau o fewn 12 mis",
        "Copi at: prif swyddog Metropolitan Police Service",
        "Y cynnydd a'r rhesymau am yr amser a gymerwyd:",
        "Awaiting forensic results from the laboratory",
        "Disgwylir i'r ymchwiliad gael ei gwblhau erbyn 31 Mawrth 2099.",
    ] {
        assert!(welsh.says(words), "missing {words:?}");
    }
    assert_eq!(welsh.link_to("English").as_deref(), Some("?lang=en"));
}

#[tokio::test]
async fn a_referral_gives_the_case_its_iopc_reference() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let first = recorded_complaint(pool).await;
    let second = recorded_complaint(pool).await;
    step(&app, PSD, first, "refer", &[("grounds", "serious_assault")]).await;
    step(&app, PSD, second, "refer", &[("reason", "Public concern")]).await;
    let refs: Vec<String> = sqlx::query_scalar(
        "select iopc_reference from case_record where case_id = any($1) order by iopc_reference",
    )
    .bind(vec![first, second])
    .fetch_all(pool)
    .await
    .expect("references");
    assert_eq!(refs.len(), 2);
    let year: i32 = sqlx::query_scalar("select extract(year from current_date)::int")
        .fetch_one(pool)
        .await
        .expect("year");
    for r in &refs {
        assert!(
            r.starts_with(&format!("{year}/")) && r.len() == 11,
            "year/six-digit serial: {r}"
        );
    }
    assert_ne!(refs[0], refs[1], "each referral gets its own serial");
}

#[tokio::test]
async fn the_iopc_links_a_second_investigation_to_the_first_and_both_timelines_show_it() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let primary = under_independent_investigation(&app).await;
    let linked = recorded_complaint(pool).await;
    step(&app, PSD, linked, "refer", &[("grounds", "same_incident")]).await;
    let linked_ref: String =
        sqlx::query_scalar("select iopc_reference from case_record where case_id = $1")
            .bind(linked)
            .fetch_one(pool)
            .await
            .expect("reference");
    app.sign_in(CASEWORKER).await;
    let path = format!("/cases/{primary}/links");
    let v = version(pool, primary).await.to_string();

    // Nothing chosen, then a reference nobody has: each named beside its field.
    let res = app
        .post_form(&path, &[("version", &v), ("reference", "")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("Enter the IOPC or force reference of the case to link"));
    assert!(body.contains("Select why the cases are linked"));
    let res = app
        .post_form(
            &path,
            &[
                ("version", &v),
                ("reference", "1999/000001"),
                ("reason", "linked_investigation"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("No case you can see has the reference 1999/000001"));
    assert!(
        Html::parse(&body).checked("reason", "linked_investigation"),
        "the choice is kept"
    );

    let res = app
        .post_form(
            &path,
            &[
                ("version", &v),
                ("reference", &linked_ref),
                ("reason", "linked_investigation"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, first) = page(&app, &format!("/cases/{primary}")).await;
    assert!(
        first.contains(&format!("/cases/{linked}")),
        "the link is on the first case"
    );
    assert!(first.contains("Linked to another case"));
    let (_, second) = page(&app, &format!("/cases/{linked}")).await;
    assert!(
        second.contains(&format!("/cases/{primary}")),
        "and on the second"
    );

    // Linking them again is refused.
    let v = version(pool, primary).await.to_string();
    let res = app
        .post_form(
            &path,
            &[
                ("version", &v),
                ("reference", &linked_ref),
                ("reason", "same_incident"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("These cases are already linked")
    );
}

#[tokio::test]
async fn a_force_cannot_link_its_case_to_another_forces_case() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let ours = recorded_complaint(pool).await;
    let theirs: String = sqlx::query_scalar(
        "update case_record set force_id = (select police_force_id from police_force where code = 'west-midlands'),
                force_reference = 'WM-LINK-1'
          where case_id = $1 returning force_reference",
    )
    .bind(recorded_complaint(pool).await)
    .fetch_one(pool)
    .await
    .expect("another force's case");
    app.sign_in(PSD).await;
    let v = version(pool, ours).await.to_string();
    let res = app
        .post_form(
            &format!("/cases/{ours}/links"),
            &[
                ("version", &v),
                ("reference", &theirs),
                ("reason", "same_incident"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("No case you can see has the reference WM-LINK-1")
    );
}

#[tokio::test]
async fn the_investigation_page_shows_a_suspension_still_running() {
    let app = TestApp::with_demo(0).await;
    let case_id = under_independent_investigation(&app).await;
    step(
        &app,
        CASEWORKER,
        case_id,
        "suspend",
        &[("reason", "Criminal trial of a third party")],
    )
    .await;
    let (status, body) = page(&app, &format!("/cases/{case_id}/investigation")).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Since "),
        "an open suspension reads \"Since <date>\""
    );
}

#[tokio::test]
async fn cmr_2020_reg_13_a_progress_notice_is_dated_when_sent_and_marked_late_after_its_due_date() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let case_id = under_independent_investigation(&app).await;
    sqlx::query("update investigation set started_on = current_date - 400 where case_id = $1")
        .bind(case_id)
        .execute(pool)
        .await
        .expect("backdate");
    app.sign_in(CASEWORKER).await;
    let started: chrono::NaiveDate =
        sqlx::query_scalar("select started_on from investigation where case_id = $1")
            .bind(case_id)
            .fetch_one(pool)
            .await
            .expect("started");
    let send = |sent_on: chrono::NaiveDate| {
        let app = &app;
        async move {
            let v = version(&app.db.pool, case_id).await.to_string();
            let mut form = vec![
                ("version".to_owned(), v),
                (
                    "progress".to_owned(),
                    "Awaiting forensic results from the laboratory".to_owned(),
                ),
            ];
            form.extend(date("sent_on", &sent_on.to_string()));
            let pairs: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_form(&format!("/cases/{case_id}/investigation/notices"), &pairs)
                .await
        }
    };
    // Not before the investigation started.
    let res = send(started - chrono::Days::new(1)).await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(
        error_text(&body).contains("cannot be sent before the investigation started"),
        "{}",
        error_text(&body)
    );
    // Sent today, about five weeks after the 12-month date: recorded, and marked late.
    let today = chrono::Local::now().date_naive();
    let res = send(today).await;
    assert_eq!(res.status().as_u16(), 303);
    let sent: chrono::NaiveDate =
        sqlx::query_scalar("select sent_on from investigation_notice n join investigation i using (investigation_id) where i.case_id = $1")
            .bind(case_id)
            .fetch_one(pool)
            .await
            .expect("the notice");
    assert_eq!(sent, today);
    let (_, body) = page(&app, &format!("/cases/{case_id}")).await;
    let late: Vec<String> = Html::parse(&body)
        .timeline()
        .into_iter()
        .filter_map(|(title, _, _, late)| {
            title.starts_with("Progress notice sent").then_some(late?)
        })
        .collect();
    assert_eq!(late.len(), 1, "the notice is marked late on the timeline");
    assert!(late[0].contains("working days late"), "{late:?}");
}
