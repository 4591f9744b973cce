//! The "My work" dashboard: each role sees its own queues, in order, with due dates and
//! working days, and a force sees nothing of another force's work.

use chrono::{Days, NaiveDate};
use reqwest::StatusCode;
use uuid::Uuid;

use oversight::domain::vocab::CaseStage;

use crate::support::{
    CaseBuilder, CaseId, ComplainantBuilder, InvestigationBuilder, RecommendationBuilder, TestApp,
    force_id, user_id,
};

async fn today(app: &TestApp) -> NaiveDate {
    sqlx::query_scalar("select (now() at time zone 'Europe/London')::date")
        .fetch_one(&app.db.pool)
        .await
        .expect("today")
}

fn days_ago(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(n)).expect("date")
}

/// A recorded complaint of a force, at `stage`, received, logged and recorded on
/// `recorded_on`, with a complainant to keep informed.
async fn complaint(
    app: &TestApp,
    force: Uuid,
    reference: &str,
    stage: CaseStage,
    recorded_on: NaiveDate,
) -> CaseId {
    CaseBuilder::complaint()
        .force_id(force)
        .force_reference(reference)
        .at(stage)
        .received(recorded_on)
        .recorded(recorded_on)
        .summary("A complaint for the dashboard tests")
        .complainant(ComplainantBuilder::named("A Complainant"))
        .insert(&app.db.pool)
        .await
}

/// A recommendation to a force awaiting its response, made on `made_on`.
async fn recommendation(
    app: &TestApp,
    case_id: Option<CaseId>,
    force: Uuid,
    title: &str,
    made_on: NaiveDate,
) {
    let builder = match case_id {
        Some(case) => RecommendationBuilder::on(case),
        None => RecommendationBuilder::standalone(),
    };
    builder
        .recipient_id(force)
        .title(title)
        .text("Review the training given to custody staff.")
        .made(made_on)
        .insert(&app.db.pool)
        .await;
}

/// An open local investigation of a case, started on `started_on`, with no notices.
async fn investigation(app: &TestApp, case_id: CaseId, started_on: NaiveDate) {
    InvestigationBuilder::of(case_id)
        .started(started_on)
        .insert(&app.db.pool)
        .await;
}

async fn my_work(app: &TestApp) -> String {
    let res = app.get("/my-work").await;
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("body")
}

#[tokio::test]
async fn a_force_psd_user_sees_its_own_forces_work_and_none_of_another_forces() {
    let app = TestApp::with_demo(0).await;
    let met = force_id(&app.db.pool, "met").await;
    let wm = force_id(&app.db.pool, "west-midlands").await;
    let today = today(&app).await;

    let met_case = complaint(
        &app,
        met,
        "MW-MET-UPDATE",
        CaseStage::Recorded,
        days_ago(today, 40),
    )
    .await;
    let met_inv = complaint(
        &app,
        met,
        "MW-MET-INVESTIGATION",
        CaseStage::UnderInvestigation,
        days_ago(today, 400),
    )
    .await;
    investigation(&app, met_inv, days_ago(today, 380)).await;
    recommendation(
        &app,
        Some(met_case),
        met,
        "Met custody checks",
        days_ago(today, 10),
    )
    .await;

    let wm_case = complaint(
        &app,
        wm,
        "MW-WM-UPDATE",
        CaseStage::Recorded,
        days_ago(today, 40),
    )
    .await;
    let wm_inv = complaint(
        &app,
        wm,
        "MW-WM-INVESTIGATION",
        CaseStage::UnderInvestigation,
        days_ago(today, 400),
    )
    .await;
    investigation(&app, wm_inv, days_ago(today, 380)).await;
    recommendation(
        &app,
        Some(wm_case),
        wm,
        "West Midlands custody checks",
        days_ago(today, 10),
    )
    .await;
    // A recommendation to the Met arising from a West Midlands case: listed for the Met,
    // but without the other force's case or its reference.
    recommendation(
        &app,
        Some(wm_case),
        met,
        "Shared learning for the Met",
        days_ago(today, 20),
    )
    .await;

    app.sign_in("psd@met.example").await;
    let page = my_work(&app).await;
    for section in [
        "Complainant updates due",
        "Outcome notifications due",
        "Recommendation responses due",
        "12-month investigation notices due",
        "Cases assigned to me",
    ] {
        assert!(page.contains(section), "the Met's page has {section}");
    }
    assert!(!page.contains("Referrals waiting for assessment"));
    assert!(page.contains("MW-MET-UPDATE"));
    assert!(page.contains(&format!("/cases/{met_case}")));
    assert!(page.contains("MW-MET-INVESTIGATION"));
    assert!(page.contains("Send the 12-month progress notice"));
    assert!(page.contains("Met custody checks"));
    assert!(page.contains("Shared learning for the Met"));
    assert!(page.contains("No outcome notifications are due."));
    for theirs in [
        "MW-WM-UPDATE",
        "MW-WM-INVESTIGATION",
        "West Midlands custody checks",
    ] {
        assert!(!page.contains(theirs), "the Met's page shows {theirs}");
    }
    assert!(!page.contains(&wm_case.to_string()));
    assert!(!page.contains(&wm_inv.to_string()));

    let other = app.another_browser();
    other.sign_in("psd@westmidlands.example").await;
    let page = my_work(&other).await;
    assert!(page.contains("MW-WM-UPDATE"));
    assert!(page.contains("West Midlands custody checks"));
    for theirs in [
        "MW-MET-UPDATE",
        "MW-MET-INVESTIGATION",
        "Met custody checks",
        "Shared learning",
    ] {
        assert!(
            !page.contains(theirs),
            "the West Midlands page shows {theirs}"
        );
    }
}

#[tokio::test]
async fn the_caseworker_sees_referrals_awaiting_assessment_oldest_first_with_age_in_working_days() {
    let app = TestApp::with_demo(0).await;
    let met = force_id(&app.db.pool, "met").await;
    let psd = user_id(&app.db.pool, "psd@met.example").await;
    let today = today(&app).await;
    let calendar = oversight::db::calendar::load(&app.db.pool)
        .await
        .expect("calendar");
    let older = NaiveDate::from_ymd_opt(2024, 1, 8).expect("date");
    let newer = days_ago(today, 3);
    // Inserted newest first, so the order on the page is the query's, not the insertion's.
    for (reference, referred_on) in [("MW-REF-NEWER", newer), ("MW-REF-OLDER", older)] {
        let case_id = CaseBuilder::conduct_matter()
            .force_id(met)
            .force_reference(reference)
            .at(CaseStage::Referred)
            .received(referred_on)
            .unlogged()
            .recorded(referred_on)
            .summary("A conduct matter referred to the IOPC")
            .insert(&app.db.pool)
            .await;
        sqlx::query(
            "insert into referral (case_id, referral_type, referred_on, referred_by, voluntary_reason)
             values ($1, 'voluntary', $2, $3, 'The gravity of the matter')",
        )
        .bind(case_id)
        .bind(referred_on)
        .bind(psd)
        .execute(&app.db.pool)
        .await
        .expect("referral");
    }

    app.sign_in("caseworker@iopc.example").await;
    let page = my_work(&app).await;
    assert!(page.contains("Referrals waiting for assessment"));
    assert!(page.contains("Reviews to decide"));
    assert!(page.contains("Recommendation responses due from forces"));
    assert!(!page.contains("Complainant updates due"));
    let old_at = page
        .find("MW-REF-OLDER")
        .expect("the older referral is listed");
    let new_at = page
        .find("MW-REF-NEWER")
        .expect("the newer referral is listed");
    assert!(old_at < new_at, "oldest first");
    let age = calendar.working_days_between(older, today);
    assert!(
        page.contains(&format!("{age} working days (referred 8 January 2024)")),
        "age in working days"
    );
    let age = calendar.working_days_between(newer, today);
    let plural = if age == 1 { "" } else { "s" };
    assert!(page.contains(&format!(
        "{age} working day{plural} (referred {})",
        oversight::workflow::english_date(newer)
    )));
}

#[tokio::test]
async fn an_overdue_recommendation_response_shows_overdue_in_words() {
    let app = TestApp::with_demo(0).await;
    let met = force_id(&app.db.pool, "met").await;
    let today = today(&app).await;
    // Made 70 days ago: the response was due 14 days ago (56 days, Sch 3 para 28B).
    recommendation(&app, None, met, "Overdue learning", days_ago(today, 70)).await;
    let due = oversight::workflow::english_date(days_ago(today, 14));

    app.sign_in("psd@met.example").await;
    let page = my_work(&app).await;
    let at = page.find("Overdue learning").expect("listed for the Met");
    let row = &page[at..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(
        row.contains(r#"<strong class="app-overdue">Overdue</strong>"#),
        "{row}"
    );
    assert!(row.contains(&format!("(was due {due})")), "{row}");

    let caseworker = app.another_browser();
    caseworker.sign_in("caseworker@iopc.example").await;
    let page = my_work(&caseworker).await;
    let at = page.find("Overdue learning").expect("listed for the IOPC");
    let row = &page[at..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(
        row.contains(r#"<strong class="app-overdue">Overdue</strong>"#),
        "{row}"
    );
}

#[tokio::test]
async fn my_work_sends_someone_not_signed_in_to_sign_in() {
    let app = TestApp::spawn().await;
    let res = app.get("/my-work").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location");
    assert!(location.starts_with("/sign-in"), "{location}");
}

#[tokio::test]
async fn a_review_body_sees_the_reviews_its_body_decides_and_assigned_cases() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("reviews@mopac.example").await;
    let page = my_work(&app).await;
    assert!(page.contains("Reviews to decide"));
    assert!(page.contains("Cases assigned to me"));
    assert!(!page.contains("Referrals waiting for assessment"));
    assert!(!page.contains("Complainant updates due"));
}

/// CMR 2020 reg 34(2)(a): the update owed to the complainant every 4 weeks is the cases list's
/// next deadline, and My work lists it once it is overdue or due within a week; a case with
/// nobody to keep informed has no such update.
#[tokio::test]
async fn cmr_2020_reg_34_the_complainant_update_is_listed_and_in_my_work_when_due_soon() {
    let app = TestApp::with_demo(0).await;
    let met = force_id(&app.db.pool, "met").await;
    let today = today(&app).await;
    // Recorded 25 days ago: the update is due in 3 days. Recorded 10 days ago: due in 18.
    complaint(
        &app,
        met,
        "MW-UPDATE-SOON",
        CaseStage::Recorded,
        days_ago(today, 25),
    )
    .await;
    complaint(
        &app,
        met,
        "MW-UPDATE-LATER",
        CaseStage::Recorded,
        days_ago(today, 10),
    )
    .await;
    // A contact logged 2 days ago restarts the 4 weeks of a case recorded long ago.
    let contacted = complaint(
        &app,
        met,
        "MW-UPDATE-CONTACTED",
        CaseStage::HandledOtherwise,
        days_ago(today, 60),
    )
    .await;
    let psd = user_id(&app.db.pool, "psd@met.example").await;
    sqlx::query(
        "insert into contact_log_entry (case_id, contacted_on, method, summary, created_by)
         values ($1, $2, 'telephone', 'Progress explained', $3)",
    )
    .bind(contacted)
    .bind(days_ago(today, 2))
    .bind(psd)
    .execute(&app.db.pool)
    .await
    .expect("contact");
    CaseBuilder::complaint()
        .force_id(met)
        .force_reference("MW-UPDATE-NOBODY")
        .at(CaseStage::Recorded)
        .received(days_ago(today, 40))
        .recorded(days_ago(today, 40))
        .insert(&app.db.pool)
        .await;

    app.sign_in("psd@met.example").await;
    let res = app.get("/cases.csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.expect("csv");
    // The "Next deadline" column (the ninth) of the case's line.
    let deadline = |reference: &str| {
        csv.lines()
            .find(|l| l.contains(reference))
            .unwrap_or_else(|| panic!("{reference} is in the list"))
            .trim_end()
            .trim_matches('"')
            .split("\",\"")
            .nth(8)
            .expect("the next deadline column")
            .to_owned()
    };
    let due = |n: u64| today.checked_add_days(Days::new(n)).expect("date");
    let iso = |n: u64| due(n).format("%Y-%m-%d").to_string();
    assert_eq!(deadline("MW-UPDATE-SOON"), iso(3));
    assert_eq!(deadline("MW-UPDATE-LATER"), iso(18));
    assert_eq!(deadline("MW-UPDATE-CONTACTED"), iso(26));
    assert_eq!(deadline("MW-UPDATE-NOBODY"), "");

    let page = my_work(&app).await;
    let updates = &page[page.find("Complainant updates due").expect("the section")..];
    let updates = &updates[..updates.find("</table>").unwrap_or(updates.len())];
    assert!(updates.contains("MW-UPDATE-SOON"), "due in 3 days");
    assert!(
        updates.contains(&oversight::workflow::english_date(due(3))),
        "with its due date"
    );
    for not_yet in ["MW-UPDATE-LATER", "MW-UPDATE-CONTACTED", "MW-UPDATE-NOBODY"] {
        assert!(!updates.contains(not_yet), "{not_yet} is not listed");
    }
}
