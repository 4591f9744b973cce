//! The timeliness dashboard (`/statistics/timeliness`): each figure counts what its definition
//! says in the user's scope, and links to a list showing exactly the cases (or
//! recommendations) it counts; the cases list's filters behind those links; and the SQL
//! definitions (migration 0090) agree with the workflow's.
//!
//! The demo data's scenario cases are Metropolitan Police cases, so the cases seeded here are
//! West Midlands' (whose PSD user the demo has) and Cumbria's (another force). Dates are exact,
//! counted from the database's `current_date`, so each boundary is tested on its day.

use std::collections::{HashMap, HashSet};

use chrono::{Days, Months, NaiveDate};
use reqwest::StatusCode;
use uuid::Uuid;

use oversight::auth::session::CaseScope;
use oversight::domain::vocab::{CaseKind, CaseStage, RecommendationResponse};
use oversight::workflow::clocks::{self, DeadlineKind};

use crate::support::{
    CaseBuilder, CaseId, ComplainantBuilder, Html, InvestigationBuilder, RecommendationBuilder,
    RecommendationId, RowId, TestApp, TestDb, local_review,
};

const WEST_MIDLANDS_PSD: &str = "psd@westmidlands.example";
const CASEWORKER: &str = "caseworker@iopc.example";
const REVIEW_BODY: &str = "reviews@mopac.example";

/// Every figure of the page, by its row id.
const FIGURES: [&str; 11] = [
    "age-under-3-months",
    "age-3-to-6-months",
    "age-6-to-12-months",
    "age-12-to-24-months",
    "age-24-months-or-more",
    "unassigned",
    "no-investigator",
    "idle",
    "updates",
    "investigations",
    "recommendations",
];

async fn today(app: &TestApp) -> NaiveDate {
    sqlx::query_scalar("select current_date")
        .fetch_one(&app.db.pool)
        .await
        .expect("today")
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).expect("a date")
}

fn months_before(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(n)).expect("a date")
}

/// A case of `force` received on `received`, at `stage`.
fn case(force: &str, kind: CaseKind, stage: CaseStage, received: NaiveDate) -> CaseBuilder {
    CaseBuilder::new(kind)
        .force(force)
        .at(stage)
        .received(received)
        .summary("A case for the timeliness dashboard")
}

/// Makes the case look entered `days` ago (its latest activity when its history is empty).
async fn entered_days_ago(app: &TestApp, case: CaseId, days: i32) {
    sqlx::query(
        "update case_record set created_at = now() - make_interval(days => $2) where case_id = $1",
    )
    .bind(case)
    .bind(days)
    .execute(&app.db.pool)
    .await
    .expect("created_at");
}

/// An event in the case's audit trail, entered `days` ago.
async fn event_days_ago(app: &TestApp, case: CaseId, days: i32) {
    sqlx::query(
        "insert into audit_event (case_id, entity_kind, entity_id, actor_description, action, occurred_at)
         values ($1, 'case', $1, 'test', 'contact_logged', now() - make_interval(days => $2))",
    )
    .bind(case)
    .bind(days)
    .execute(&app.db.pool)
    .await
    .expect("audit event");
}

/// The number a figure shows and the list it links to.
fn figure(body: &str, id: &str) -> (i64, String) {
    let doc = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(&format!("tr[id=\"{id}\"] a[href]")).expect("selector");
    let link = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no figure {id}"));
    let number = link
        .text()
        .next()
        .and_then(|t| t.trim().parse::<i64>().ok())
        .unwrap_or_else(|| panic!("figure {id} is not a number"));
    let href = link.value().attr("href").unwrap_or_default().to_owned();
    (number, href.replace("&amp;", "&"))
}

/// The text of a figure's row.
fn row_text(body: &str, id: &str) -> String {
    let doc = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(&format!("tr[id=\"{id}\"]")).expect("selector");
    doc.select(&sel)
        .next()
        .map(|r| r.text().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The links that remove the chosen dashboard filters, in order.
fn remove_links(body: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse("#chosen-filters a[href]").expect("selector");
    doc.select(&sel)
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

async fn get_ok(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "GET {path}");
    res.text().await.expect("body")
}

/// The distinct ids a list page links to under `prefix` (`/cases/`, `/recommendations/`).
fn linked_ids(body: &str, prefix: &str) -> HashSet<Uuid> {
    Html::parse(body)
        .links()
        .into_iter()
        .filter_map(|(_, href)| {
            href.strip_prefix(prefix)
                .and_then(|rest| rest.get(..36))
                .and_then(|id| Uuid::parse_str(id).ok())
        })
        .collect()
}

/// Reads the dashboard at `query`, follows every figure's link, checks that the list shows
/// exactly as many rows as the figure says (on one page), and gives each figure's ids.
async fn figures_and_their_lists(
    app: &TestApp,
    query: &str,
) -> HashMap<&'static str, HashSet<Uuid>> {
    let body = get_ok(app, &format!("/statistics/timeliness{query}")).await;
    let mut out = HashMap::new();
    for id in FIGURES {
        let (count, href) = figure(&body, id);
        let list = get_ok(app, &href).await;
        assert!(
            Html::parse(&list).link_with_rel("next").is_none(),
            "{id}: {href} fits one page"
        );
        let prefix = if id == "recommendations" {
            "/recommendations/"
        } else {
            "/cases/"
        };
        let ids = linked_ids(&list, prefix);
        assert_eq!(
            ids.len() as i64,
            count,
            "{id}: the figure says {count}, its list {href} shows {}",
            ids.len()
        );
        out.insert(id, ids);
    }
    out
}

fn set(ids: &[impl RowId]) -> HashSet<Uuid> {
    ids.iter().map(|id| id.uuid()).collect()
}

/// The seeded cases and recommendations.
struct Seeded {
    a: CaseId,
    b: CaseId,
    c: CaseId,
    d: CaseId,
    e: CaseId,
    g: CaseId,
    h: CaseId,
    r1: RecommendationId,
    cumbria: CaseId,
}

async fn seed(app: &TestApp) -> Seeded {
    let pool = &app.db.pool;
    let today = today(app).await;
    let wm = "west-midlands";
    use CaseKind::{Complaint, ConductMatter, DsiMatter};
    use CaseStage::{Logged, Recorded, UnderInvestigation, Withdrawn};

    // A: recorded 39 days ago with a complainant and no contact since: the update fell due
    // 11 days ago (CMR 2020 reg 34(2)(a)). Nobody handles it.
    let a = case(wm, Complaint, Recorded, days_before(today, 40))
        .complainant(ComplainantBuilder::named("Alex Able"))
        .insert(pool)
        .await;
    // B: received exactly 3 months ago, so 3 to 6 months old; handled.
    let b = case(wm, Complaint, Logged, months_before(today, 3))
        .assigned_to(WEST_MIDLANDS_PSD)
        .insert(pool)
        .await;
    // C: received the day after, so under 3 months; entered exactly 28 days ago with
    // nothing since: idle.
    let c = case(
        wm,
        Complaint,
        Logged,
        months_before(today, 3).succ_opt().expect("a date"),
    )
    .insert(pool)
    .await;
    entered_days_ago(app, c, 28).await;
    // D: under investigation since 12 months and a day ago, no investigator, last event 29
    // days ago.
    let d = case(
        wm,
        ConductMatter,
        UnderInvestigation,
        months_before(today, 14),
    )
    .insert(pool)
    .await;
    InvestigationBuilder::of(d)
        .started(days_before(months_before(today, 12), 1))
        .insert(pool)
        .await;
    entered_days_ago(app, d, 40).await;
    event_days_ago(app, d, 29).await;
    // E: under investigation since exactly 12 months ago (not yet over), investigator named,
    // entered long ago but with an event 3 days ago; handled.
    let e = case(wm, DsiMatter, UnderInvestigation, months_before(today, 13))
        .assigned_to(WEST_MIDLANDS_PSD)
        .insert(pool)
        .await;
    let inv = InvestigationBuilder::of(e)
        .started(months_before(today, 12))
        .insert(pool)
        .await;
    sqlx::query(
        "update investigation set investigator_name = 'DS Patel' where investigation_id = $1",
    )
    .bind(inv)
    .execute(pool)
    .await
    .expect("investigator");
    entered_days_ago(app, e, 40).await;
    event_days_ago(app, e, 3).await;
    // F: withdrawn, so not open: counted nowhere.
    let f = case(wm, Complaint, Withdrawn, months_before(today, 30))
        .insert(pool)
        .await;
    entered_days_ago(app, f, 100).await;
    // G: logged 25 months ago, entered 27 days ago: not yet idle.
    let g = case(wm, Complaint, Logged, months_before(today, 25))
        .insert(pool)
        .await;
    entered_days_ago(app, g, 27).await;
    // H: recorded with a complainant contacted 10 days ago: the next update is not yet due.
    let h = case(wm, Complaint, Recorded, days_before(today, 50))
        .assigned_to(WEST_MIDLANDS_PSD)
        .complainant(ComplainantBuilder::named("Harper Hale"))
        .insert(pool)
        .await;
    sqlx::query(
        "insert into contact_log_entry (case_id, contacted_on, method, summary, created_by)
         values ($1, current_date - 10, 'email', 'Progress update sent',
                 (select staff_user_id from staff_user where email = $2))",
    )
    .bind(h)
    .bind(WEST_MIDLANDS_PSD)
    .execute(pool)
    .await
    .expect("contact");

    // Recommendations to West Midlands: one past its due date (56 days after 60 days ago),
    // one not yet due, one answered, one extended past today.
    let r1 = RecommendationBuilder::on(a)
        .made(days_before(today, 60))
        .insert(pool)
        .await;
    RecommendationBuilder::standalone()
        .to(wm)
        .made(days_before(today, 50))
        .insert(pool)
        .await;
    RecommendationBuilder::standalone()
        .to(wm)
        .made(days_before(today, 70))
        .response_received(
            RecommendationResponse::Accepted,
            "Done.",
            days_before(today, 5),
        )
        .insert(pool)
        .await;
    let extended = RecommendationBuilder::standalone()
        .to(wm)
        .made(days_before(today, 70))
        .insert(pool)
        .await;
    sqlx::query(
        "update recommendation set extended_to = current_date + 10, extension_reason = 'Asked for in time'
         where recommendation_id = $1",
    )
    .bind(extended)
    .execute(pool)
    .await
    .expect("extension");

    // Cumbria, another force: one of everything, none of it West Midlands'.
    let cumbria = case("cumbria", Complaint, Recorded, days_before(today, 40))
        .complainant(ComplainantBuilder::named("Cory Cumbria"))
        .insert(pool)
        .await;
    entered_days_ago(app, cumbria, 40).await;
    let long = case(
        "cumbria",
        ConductMatter,
        UnderInvestigation,
        months_before(today, 30),
    )
    .insert(pool)
    .await;
    InvestigationBuilder::of(long)
        .started(months_before(today, 24))
        .insert(pool)
        .await;
    RecommendationBuilder::on(long)
        .made(days_before(today, 100))
        .insert(pool)
        .await;

    Seeded {
        a,
        b,
        c,
        d,
        e,
        g,
        h,
        r1,
        cumbria,
    }
}

/// What the West Midlands figures must be, each as the set its list shows.
fn west_midlands_expected(s: &Seeded) -> HashMap<&'static str, HashSet<Uuid>> {
    HashMap::from([
        ("age-under-3-months", set(&[s.a, s.c, s.h])),
        ("age-3-to-6-months", set(&[s.b])),
        ("age-6-to-12-months", HashSet::new()),
        ("age-12-to-24-months", set(&[s.d, s.e])),
        ("age-24-months-or-more", set(&[s.g])),
        ("unassigned", set(&[s.a, s.c, s.d, s.g])),
        ("no-investigator", set(&[s.d])),
        ("idle", set(&[s.c, s.d])),
        ("updates", set(&[s.a])),
        // CMR 2020 reg 13: E reached 12 months today, D yesterday.
        ("investigations", set(&[s.d])),
        ("recommendations", set(&[s.r1])),
    ])
}

#[tokio::test]
async fn timeliness_figures_count_the_forces_own_cases_and_each_link_lists_exactly_them() {
    let app = TestApp::with_demo(0).await;
    let s = seed(&app).await;
    app.sign_in(WEST_MIDLANDS_PSD).await;

    let got = figures_and_their_lists(&app, "").await;
    assert_eq!(got, west_midlands_expected(&s));

    // The same figures when the force names itself; its links carry no force of their own.
    let body = get_ok(&app, "/statistics/timeliness?force=west-midlands").await;
    assert_eq!(
        figure(&body, "unassigned"),
        (4, "/cases?unassigned=1".to_owned())
    );
    assert_eq!(
        figure(&body, "recommendations").1,
        "/recommendations?stage=made&overdue=1"
    );

    // Definitions are beside the figures, with the dates and working days they turn on.
    let page = Html::parse(&body);
    assert!(page.says("West Midlands Police"), "{}", page.text());
    let today = today(&app).await;
    let three_months = oversight::workflow::english_date(months_before(today, 3));
    assert!(
        row_text(&body, "age-3-to-6-months").contains(&three_months),
        "the band's dates"
    );
    let idle = row_text(&body, "idle");
    assert!(
        idle.contains("working days") && idle.contains("28 calendar days"),
        "{idle}"
    );
    let updates = row_text(&body, "updates");
    assert!(
        updates.contains("CMR 2020 reg 34(2)(a)") && updates.contains("overdue by"),
        "{updates}"
    );
    assert!(row_text(&body, "investigations").contains("CMR 2020 reg 13"));
    assert!(row_text(&body, "recommendations").contains("Sch 3 para 28B(2)"));
    assert_eq!(
        page.count("script"),
        page.count("script[src]"),
        "no inline script"
    );
}

#[tokio::test]
async fn iopc_staff_see_any_force_or_all_and_an_unknown_force_is_refused_beside_the_chooser() {
    let app = TestApp::with_demo(0).await;
    let s = seed(&app).await;
    app.sign_in(CASEWORKER).await;

    // One force: exactly its figures, and lists filtered to it.
    let got = figures_and_their_lists(&app, "?force=west-midlands").await;
    assert_eq!(got, west_midlands_expected(&s));
    let body = get_ok(&app, "/statistics/timeliness?force=west-midlands").await;
    assert_eq!(
        figure(&body, "idle").1,
        "/cases?force=west-midlands&idle=28"
    );
    assert_eq!(
        Html::parse(&body).selected("force").as_deref(),
        Some("west-midlands")
    );

    // Another force sees its own and none of West Midlands'.
    let cumbria = figures_and_their_lists(&app, "?force=cumbria").await;
    assert_eq!(cumbria["updates"], set(&[s.cumbria]));
    assert_eq!(cumbria["idle"], set(&[s.cumbria]));
    assert_eq!(cumbria["investigations"].len(), 1);
    assert_eq!(cumbria["recommendations"].len(), 1);
    assert!(!cumbria["unassigned"].contains(&s.a.uuid()));

    // All forces: every figure still equals its list, and holds both forces' cases.
    let all = figures_and_their_lists(&app, "").await;
    assert!(all["updates"].contains(&s.a.uuid()) && all["updates"].contains(&s.cumbria.uuid()));

    // An unknown force is shown again beside the chooser, as the cases list does.
    let res = app.get("/statistics/timeliness?force=atlantis").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.field_error("force").as_deref(),
        Some("Select a force from the list")
    );
    assert_eq!(page.error_summary_links()[0].0, "#force");
    assert_eq!(
        page.count("tr[id]"),
        0,
        "no figures for a force that does not exist"
    );
}

#[tokio::test]
async fn a_force_user_cannot_see_another_forces_dashboard() {
    let app = TestApp::with_demo(0).await;
    let s = seed(&app).await;
    app.sign_in(WEST_MIDLANDS_PSD).await;
    for other in ["cumbria", "met", "atlantis"] {
        let res = app
            .get(&format!("/statistics/timeliness?force={other}"))
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "force={other}");
    }
    // My work links to the dashboard.
    let work = get_ok(&app, "/my-work").await;
    assert_eq!(
        Html::parse(&work)
            .link_to("timeliness dashboard")
            .as_deref(),
        Some("/statistics/timeliness")
    );
    // The chooser is the IOPC's alone, and the force's own figures hold nothing of Cumbria's.
    let body = get_ok(&app, "/statistics/timeliness").await;
    assert!(!Html::parse(&body).has_field("force"));
    let got = figures_and_their_lists(&app, "").await;
    assert!(got.values().all(|ids| !ids.contains(&s.cumbria.uuid())));
}

#[tokio::test]
async fn a_review_body_sees_the_cases_its_body_reviews() {
    let app = TestApp::with_demo(0).await;
    let s = seed(&app).await;
    // A review decided by MOPAC puts Cumbria's case in its scope; no West Midlands case is.
    local_review(&app.db.pool, s.cumbria.uuid(), "mopac").await;
    app.sign_in(REVIEW_BODY).await;
    let got = figures_and_their_lists(&app, "").await;
    assert!(got["updates"].contains(&s.cumbria.uuid()));
    assert!(got["age-under-3-months"].contains(&s.cumbria.uuid()));
    for ids in got.values() {
        assert!(!ids.contains(&s.a.uuid()) && !ids.contains(&s.d.uuid()));
    }
    let res = app.get("/statistics/timeliness?force=cumbria").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn dashboard_filters_on_the_cases_list_are_shown_removable_and_checked() {
    let app = TestApp::with_demo(0).await;
    let s = seed(&app).await;
    app.sign_in(WEST_MIDLANDS_PSD).await;

    // Two at once: both apply, each is shown in words with a link that removes it, and
    // both are kept as hidden fields when other filters are applied.
    let body = get_ok(&app, "/cases?unassigned=1&idle=28").await;
    assert_eq!(linked_ids(&body, "/cases/"), set(&[s.c, s.d]));
    let page = Html::parse(&body);
    let chosen = page.texts("#chosen-filters li");
    assert!(chosen[0].contains("Open, with no handler"), "{chosen:?}");
    assert!(
        chosen[1].contains("Open, no activity for 28 days or more"),
        "{chosen:?}"
    );
    assert_eq!(
        remove_links(&body),
        vec![
            "/cases?idle=28".to_owned(),
            "/cases?unassigned=1".to_owned()
        ]
    );
    assert_eq!(page.input_value("idle").as_deref(), Some("28"));
    // Removing one widens the list to the other's cases.
    let body = get_ok(&app, "/cases?unassigned=1").await;
    assert_eq!(linked_ids(&body, "/cases/"), set(&[s.a, s.c, s.d, s.g]));
    // The idle filter takes other numbers of days, and the investigation filter other months.
    let body = get_ok(&app, "/cases?idle=20").await;
    assert_eq!(linked_ids(&body, "/cases/"), set(&[s.c, s.d, s.g]));
    let body = get_ok(&app, "/cases?investigation_over=6m").await;
    assert_eq!(linked_ids(&body, "/cases/"), set(&[s.d, s.e]));
    // And the CSV export carries them too.
    let csv = get_ok(&app, "/cases.csv?update=overdue").await;
    assert_eq!(csv.lines().count(), 2, "{csv}");

    // Nonsense is shown again beside the filter it belongs to (422), never a 500.
    for (query, id, words) in [
        ("age=ancient", "age", "age band"),
        ("idle=soon", "idle", "whole number"),
        ("idle=0", "idle", "whole number"),
        ("update=late", "update", "overdue"),
        (
            "investigation_over=a-while",
            "investigation_over",
            "number of months",
        ),
    ] {
        let res = app.get(&format!("/cases?{query}")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body = res.text().await.expect("body");
        assert_eq!(remove_links(&body), vec!["/cases".to_owned()], "{query}");
        let page = Html::parse(&body);
        let message = page.error_for(id).unwrap_or_default();
        assert!(message.contains(words), "{query}: {message}");
        assert!(
            page.error_summary_links()
                .iter()
                .any(|(href, _)| href == &format!("#{id}")),
            "{query}: the summary links to the filter"
        );
    }
    let res = app.get("/cases?idle=soon").await;
    let page = Html::parse(&res.text().await.expect("body"));
    let chosen = page.texts("#chosen-filters li");
    assert!(
        chosen[0].contains("Days without activity \"soon\""),
        "{chosen:?}"
    );
    assert_eq!(
        page.input_value("idle").as_deref(),
        Some("soon"),
        "kept as given"
    );
}

#[tokio::test]
async fn open_cases_are_those_the_case_machine_can_still_move() {
    let db = TestDb::new().await;
    for &stage in CaseStage::ALL {
        let open: bool = sqlx::query_scalar("select case_stage_open($1)")
            .bind(stage)
            .fetch_one(&db.pool)
            .await
            .expect("case_stage_open");
        assert_eq!(
            open,
            !oversight::workflow::case::TERMINAL.contains(&stage),
            "{}",
            stage.as_str()
        );
    }
}

/// CMR 2020 reg 34(2)(a): the update the dashboard counts as overdue is the one the case page
/// shows, for every demo case.
#[tokio::test]
async fn cmr_2020_reg_34_2_a_the_update_clock_in_sql_is_the_workflows_for_every_case() {
    let db = TestDb::new().await;
    oversight::demo::load(
        &db.pool,
        &oversight::demo::DemoOptions {
            seed: 11,
            synthetic: 150,
        },
    )
    .await
    .expect("demo");
    let calendar = oversight::db::calendar::load(&db.pool)
        .await
        .expect("calendar");
    let cases: Vec<(Uuid, Option<NaiveDate>)> = sqlx::query_as(
        "select case_id, case_update_due(case_id) from case_record order by case_id",
    )
    .fetch_all(&db.pool)
    .await
    .expect("cases");
    let mut conn = db.pool.acquire().await.expect("connection");
    let mut running = 0;
    for (case_id, in_db) in &cases {
        let details = oversight::db::case_page::load(&mut conn, *case_id, CaseScope::All)
            .await
            .expect("case page")
            .expect("the case");
        let expected = clocks::running(&details.clock_facts(), details.case.today, &calendar)
            .into_iter()
            .find(|c| c.deadline.kind == DeadlineKind::ComplainantUpdate)
            .map(|c| c.deadline.due);
        assert_eq!(
            *in_db, expected,
            "case {case_id} at {:?}",
            details.case.stage
        );
        running += usize::from(expected.is_some());
    }
    assert!(
        running >= 10,
        "not vacuous: {running} of {} cases",
        cases.len()
    );
}
