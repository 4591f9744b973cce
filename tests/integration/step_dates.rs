//! Steps are dated when they happened, not when they were entered: the date a caseworker
//! gives is checked (not in the future, not before the step before it), the clocks and the
//! IOPC reference run from it, a step after its deadline is marked late, and the timeline
//! shows both dates.

use oversight::domain::CaseStage;
use reqwest::StatusCode;
use sqlx::PgPool;

use crate::support::{
    CASEWORKER, CaseBuilder, CaseId, Html, PSD, TestApp, date, error_text, page, post_action,
    stage_and_version, ymd,
};

/// A Met conduct matter received, logged and recorded on 1 March 2019.
async fn recorded_in_march_2019(pool: &PgPool) -> CaseId {
    CaseBuilder::conduct_matter()
        .received(ymd("2019-03-01"))
        .logged(ymd("2019-03-01"))
        .recorded(ymd("2019-03-01"))
        .at(CaseStage::Recorded)
        .insert(pool)
        .await
}

/// Posts `action` as `who`, dated `on`, with the other fields given.
async fn step_on(
    app: &TestApp,
    who: &str,
    case_id: CaseId,
    action: &str,
    on: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    app.sign_in(who).await;
    let (_, version) = stage_and_version(&app.db.pool, case_id).await;
    let dated = date("on", on);
    let mut fields: Vec<(&str, &str)> = extra.to_vec();
    fields.extend(dated.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    post_action(app, who, case_id, version, action, &fields).await
}

async fn refused_body(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    res.text().await.expect("body")
}

#[tokio::test]
async fn a_referral_dated_3_march_2019_gets_a_2019_iopc_reference_and_a_2019_deadline() {
    let app = TestApp::with_demo(0).await;
    let case = recorded_in_march_2019(&app.db.pool).await;
    app.sign_in(PSD).await;
    // The referral deadline runs from the recording in 2019, not from today.
    let (_, body) = page(&app, &format!("/cases/{case}")).await;
    assert!(
        Html::parse(&body).says("2 March 2019"),
        "the referral deadline is counted from 1 March 2019"
    );

    let res = step_on(
        &app,
        PSD,
        case,
        "refer",
        "2019-03-03",
        &[("grounds", "serious_corruption")],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        error_text(&res.text().await.expect("body"))
    );

    let (reference, referred_on): (String, chrono::NaiveDate) = sqlx::query_as(
        "select c.iopc_reference, r.referred_on from case_record c join referral r using (case_id)
         where c.case_id = $1",
    )
    .bind(case.0)
    .fetch_one(&app.db.pool)
    .await
    .expect("referral");
    assert!(reference.starts_with("2019/"), "{reference}");
    assert_eq!(referred_on, ymd("2019-03-03"));

    // The timeline gives the date it happened and the day it was entered, and marks it late.
    let (_, body) = page(&app, &format!("/cases/{case}")).await;
    let html = Html::parse(&body);
    assert!(
        html.says("3 March 2019, entered"),
        "both dates on the timeline"
    );
    assert!(
        html.says("1 day late (due 2 March 2019)"),
        "the referral was due the day after the recording"
    );

    // The IOPC's decision, dated a week later, starts the investigation's clock then.
    let res = step_on(
        &app,
        CASEWORKER,
        case,
        "decide_investigation",
        "2019-03-10",
        &[("mode", "independent"), ("reason", "Serious corruption")],
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        error_text(&res.text().await.expect("body"))
    );
    let started: chrono::NaiveDate =
        sqlx::query_scalar("select started_on from investigation where case_id = $1")
            .bind(case.0)
            .fetch_one(&app.db.pool)
            .await
            .expect("investigation");
    assert_eq!(started, ymd("2019-03-10"));
    let (_, body) = page(&app, &format!("/cases/{case}")).await;
    assert!(
        Html::parse(&body).says("10 March 2020"),
        "the 12-month notice falls due a year after the investigation started"
    );
}

#[tokio::test]
async fn a_step_dated_before_the_step_it_follows_is_refused_and_changes_nothing() {
    let app = TestApp::with_demo(0).await;
    let case = recorded_in_march_2019(&app.db.pool).await;
    let res = step_on(
        &app,
        PSD,
        case,
        "refer",
        "2019-02-20",
        &[("grounds", "serious_corruption")],
    )
    .await;
    let body = refused_body(res).await;
    assert!(
        error_text(&body).contains("cannot be dated before the step it follows"),
        "{}",
        error_text(&body)
    );
    let (stage, _) = stage_and_version(&app.db.pool, case).await;
    assert_eq!(stage, "recorded");
    let referrals: i64 = sqlx::query_scalar("select count(*) from referral where case_id = $1")
        .bind(case.0)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(referrals, 0);
}

#[tokio::test]
async fn a_step_dated_in_the_future_is_refused_beside_its_date_with_the_input_kept() {
    let app = TestApp::with_demo(0).await;
    let case = recorded_in_march_2019(&app.db.pool).await;
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Days::new(2)).to_string();
    let res = step_on(
        &app,
        PSD,
        case,
        "refer",
        &tomorrow,
        &[("grounds", "serious_corruption")],
    )
    .await;
    let body = refused_body(res).await;
    let html = Html::parse(&body);
    assert!(
        html.field_errors()
            .iter()
            .any(|e| e.contains("today or in the past")),
        "{:?}",
        html.field_errors()
    );
    assert!(
        html.checked("grounds", "serious_corruption"),
        "the ticked ground is kept"
    );
    assert_eq!(stage_and_version(&app.db.pool, case).await.0, "recorded");
}

#[tokio::test]
async fn the_database_refuses_a_step_dated_before_the_last_one() {
    let app = TestApp::with_demo(0).await;
    let case = recorded_in_march_2019(&app.db.pool).await;
    sqlx::query("update case_record set last_step_on = '2019-03-05' where case_id = $1")
        .bind(case.0)
        .execute(&app.db.pool)
        .await
        .expect("a step dated 5 March");
    let err = sqlx::query("update case_record set last_step_on = '2019-03-04' where case_id = $1")
        .bind(case.0)
        .execute(&app.db.pool)
        .await
        .expect_err("an earlier date is refused");
    assert!(err.to_string().contains("cannot be dated"), "{err}");
    let err =
        sqlx::query("update case_record set last_step_on = current_date + 3 where case_id = $1")
            .bind(case.0)
            .execute(&app.db.pool)
            .await
            .expect_err("a date in the future is refused");
    assert!(err.to_string().contains("later than today"), "{err}");
}

#[tokio::test]
async fn sch3_para_28b_a_recommendation_made_on_20_january_2022_is_answered_by_17_march_2022() {
    let app = TestApp::with_demo(0).await;
    let case = CaseBuilder::conduct_matter()
        .received(ymd("2020-06-15"))
        .at(CaseStage::UnderInvestigation)
        .iopc_reference("2020/900001")
        .insert(&app.db.pool)
        .await;
    app.sign_in(CASEWORKER).await;
    let force: uuid::Uuid =
        sqlx::query_scalar("select force_id from case_record where case_id = $1")
            .bind(case.0)
            .fetch_one(&app.db.pool)
            .await
            .expect("force");
    let force = force.to_string();
    let path = format!("/cases/{case}/recommendations/new");
    let post = |made_on: &'static str| {
        let mut fields = vec![
            ("recipient".to_owned(), "force".to_owned()),
            ("force_id".to_owned(), force.clone()),
            ("title".to_owned(), "Scene guarding".to_owned()),
            (
                "text".to_owned(),
                "Brief officers guarding a scene".to_owned(),
            ),
        ];
        fields.extend(date("made-on", made_on));
        fields
    };
    let early = post("2020-06-01");
    let pairs: Vec<(&str, &str)> = early
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app.post_form_as(CASEWORKER, &path, &pairs).await;
    let body = refused_body(res).await;
    assert!(
        Html::parse(&body)
            .field_errors()
            .iter()
            .any(|e| e.contains("before the case was received")),
        "a recommendation cannot predate its case"
    );

    let fields = post("2022-01-20");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app.post_form_as(CASEWORKER, &path, &pairs).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (made, due): (chrono::NaiveDate, chrono::NaiveDate) =
        sqlx::query_as("select made_on, response_due_on from recommendation where case_id = $1")
            .bind(case.0)
            .fetch_one(&app.db.pool)
            .await
            .expect("recommendation");
    assert_eq!(made, ymd("2022-01-20"));
    assert_eq!(due, ymd("2022-03-17"));
}
