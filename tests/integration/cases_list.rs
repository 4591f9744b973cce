//! The staff cases list (`/cases`) and its CSV export (`/cases.csv`): filters, search, keyset
//! paging, scope and input errors, on small sets of cases seeded here with known facts.
//!
//! The demo data's scenario cases are all Metropolitan Police cases, so the cases seeded here
//! live in Cumbria and West Midlands, and IOPC tests filter by `force=cumbria`.

use std::collections::HashSet;

use reqwest::StatusCode;
use sqlx::PgPool;
use uuid::Uuid;

use oversight::domain::vocab::{CaseKind, CaseStage, InvestigationMode};

use crate::support::{
    AllegationBuilder, CaseBuilder, CaseId, DUTIES, Html, InvestigationBuilder,
    RecommendationBuilder, RowId, TestApp, ymd,
};

/// A case of `force` as the list tests seed it: logged and recorded on no date, so only the
/// dates a test gives are there to filter on.
fn case_of(force: &str, kind: CaseKind) -> CaseBuilder {
    CaseBuilder::new(kind)
        .force(force)
        .received(ymd("2026-01-01"))
        .unlogged()
        .unrecorded()
        .summary("A matter")
}

/// The known set: five Cumbria cases.
struct Known {
    rude: CaseId,
    vehicle: CaseId,
    custody: CaseId,
    recommendation: CaseId,
    assigned: CaseId,
}

async fn seed_known(pool: &PgPool) -> Known {
    let rude = case_of("cumbria", CaseKind::Complaint)
        .received(ymd("2026-01-10"))
        .summary("Rude officer at the front counter")
        .allegation(AllegationBuilder::new(
            DUTIES,
            "The officer swore at the complainant",
        ))
        .insert(pool)
        .await;
    let vehicle = case_of("cumbria", CaseKind::ConductMatter)
        .at(CaseStage::Recorded)
        .received(ymd("2026-02-03"))
        .summary("Misuse of a police vehicle, said \"just borrowing it\"")
        .iopc_reference("2026/000123")
        .allegation(AllegationBuilder::new(
            "use-of-police-vehicles",
            "Drove the patrol car to a football match",
        ))
        .insert(pool)
        .await;
    let custody = case_of("cumbria", CaseKind::DsiMatter)
        .at(CaseStage::UnderInvestigation)
        .mode(InvestigationMode::Independent)
        .received(ymd("2026-03-14"))
        .summary("Serious injury in custody")
        .insert(pool)
        .await;
    // An investigation open for over 12 months with no 12-month notice: overdue.
    InvestigationBuilder::of(custody)
        .mode(InvestigationMode::Independent)
        .started(ymd("2024-01-01"))
        .insert(pool)
        .await;
    let recommendation = case_of("cumbria", CaseKind::ConductMatter)
        .at(CaseStage::UnderInvestigation)
        .mode(InvestigationMode::Local)
        .received(ymd("2025-12-01"))
        .summary("Unlawful search of a vehicle")
        .insert(pool)
        .await;
    // A recommendation whose response was due long ago: overdue.
    RecommendationBuilder::on(recommendation)
        .to("cumbria")
        .text("Train officers on search powers")
        .made(ymd("2025-12-10"))
        .insert(pool)
        .await;
    let assigned = case_of("cumbria", CaseKind::Complaint)
        .received(ymd("2025-11-20"))
        .summary("Delay in returning property")
        .assigned_to("caseworker@iopc.example")
        .insert(pool)
        .await;
    Known {
        rude,
        vehicle,
        custody,
        recommendation,
        assigned,
    }
}

/// The case ids the page links to, in order.
fn case_ids(body: &str) -> Vec<Uuid> {
    Html::parse(body)
        .links()
        .into_iter()
        .filter_map(|(_, href)| {
            href.strip_prefix("/cases/")
                .and_then(|rest| rest.get(..36))
                .and_then(|id| Uuid::parse_str(id).ok())
        })
        .collect()
}

/// The href of the pagination link with this `rel`.
fn link(body: &str, rel: &str) -> Option<String> {
    Html::parse(body).link_with_rel(rel)
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "GET {path}");
    res.text().await.expect("body")
}

async fn ids(app: &TestApp, path: &str) -> HashSet<Uuid> {
    case_ids(&page(app, path).await).into_iter().collect()
}

fn set(ids: &[impl RowId]) -> HashSet<Uuid> {
    ids.iter().map(|id| id.uuid()).collect()
}

#[tokio::test]
async fn cases_list_filters_return_exactly_the_matching_cases() {
    let app = TestApp::with_demo(0).await;
    let k = seed_known(&app.db.pool).await;
    app.sign_in("caseworker@iopc.example").await;

    let all = [k.rude, k.vehicle, k.custody, k.recommendation, k.assigned];
    assert_eq!(ids(&app, "/cases?force=cumbria").await, set(&all));
    assert_eq!(
        ids(&app, "/cases?force=cumbria&kind=complaint").await,
        set(&[k.rude, k.assigned])
    );
    assert_eq!(
        ids(&app, "/cases?force=cumbria&stage=under_investigation").await,
        set(&[k.custody.0, k.recommendation.0])
    );
    assert_eq!(
        ids(&app, "/cases?force=cumbria&mode=independent").await,
        set(&[k.custody])
    );
    assert_eq!(
        ids(&app, "/cases?force=cumbria&category=use-of-police-vehicles").await,
        set(&[k.vehicle])
    );
    assert_eq!(
        ids(
            &app,
            "/cases?force=cumbria&received_from=1%2F1%2F2026&received_to=2026-02-03"
        )
        .await,
        set(&[k.rude, k.vehicle])
    );
    assert_eq!(
        ids(&app, "/cases?force=cumbria&overdue=1").await,
        set(&[k.custody.0, k.recommendation.0])
    );
    assert_eq!(
        ids(&app, "/cases?force=cumbria&assigned=me").await,
        set(&[k.assigned])
    );
    assert_eq!(
        ids(
            &app,
            "/cases?force=cumbria&kind=complaint&received_from=2026-01-01"
        )
        .await,
        set(&[k.rude])
    );

    // Newest received first by default; earliest next deadline first on request.
    let body = page(&app, "/cases?force=cumbria").await;
    assert_eq!(
        case_ids(&body),
        vec![
            k.custody.0,
            k.vehicle.0,
            k.rude.0,
            k.recommendation.0,
            k.assigned.0
        ]
    );
    assert!(body.contains("14 March 2026"), "long dates");
    assert!(body.contains("Recordable conduct matter") && body.contains("Under investigation"));
    let by_deadline = case_ids(&page(&app, "/cases?force=cumbria&sort=deadline").await);
    assert_eq!(&by_deadline[..2], &[k.custody.0, k.recommendation.0]);

    // Nothing matches: said plainly.
    let body = page(&app, "/cases?force=cumbria&kind=complaint&stage=closed").await;
    assert!(case_ids(&body).is_empty());
    assert!(body.contains("No cases match"), "{body}");
}

#[tokio::test]
async fn cases_list_search_finds_summaries_allegation_descriptions_and_references() {
    let app = TestApp::with_demo(0).await;
    let k = seed_known(&app.db.pool).await;
    app.sign_in("caseworker@iopc.example").await;

    // A summary word (stemmed: "vehicles" finds "vehicle").
    assert_eq!(
        ids(&app, "/cases?force=cumbria&q=vehicles").await,
        set(&[k.vehicle, k.recommendation])
    );
    // A word only in an allegation description.
    assert_eq!(
        ids(&app, "/cases?force=cumbria&q=swore").await,
        set(&[k.rude])
    );
    assert_eq!(
        ids(&app, "/cases?force=cumbria&q=football+match").await,
        set(&[k.vehicle])
    );
    // The IOPC reference, whole and in part.
    assert_eq!(ids(&app, "/cases?q=2026%2F000123").await, set(&[k.vehicle]));
    assert_eq!(ids(&app, "/cases?q=000123").await, set(&[k.vehicle]));
    // The search text is kept in the box.
    let body = page(&app, "/cases?q=swore").await;
    assert_eq!(
        Html::parse(&body).input_value("q").as_deref(),
        Some("swore")
    );
}

#[tokio::test]
async fn cases_list_keyset_pages_walk_every_case_once_in_order_and_back() {
    let app = TestApp::with_demo(0).await;
    // 120 cases over 30 days, four per day, so pages split days (ties on received_on).
    for n in 0..120 {
        case_of("cumbria", CaseKind::ConductMatter)
            .received(ymd("2026-01-01") + chrono::Duration::days(n / 4))
            .summary(&format!("Paging case {n}"))
            .insert(&app.db.pool)
            .await;
    }
    let expected: Vec<Uuid> = sqlx::query_scalar(
        "select case_id from case_record where force_id = (select police_force_id from police_force where code = 'cumbria')
         order by received_on desc, case_id desc",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("order");
    app.sign_in("caseworker@iopc.example").await;

    let mut path = "/cases?force=cumbria".to_owned();
    let mut pages: Vec<Vec<Uuid>> = Vec::new();
    let mut bodies = Vec::new();
    loop {
        let body = page(&app, &path).await;
        pages.push(case_ids(&body));
        let next = link(&body, "next");
        bodies.push(body);
        match next {
            Some(next) => {
                assert!(next.contains("after="), "{next}");
                assert!(!next.contains("offset"), "{next}");
                path = next;
            }
            None => break,
        }
        assert!(
            pages.len() < 10,
            "paging never ends: {path} {:?}",
            pages.iter().map(Vec::len).collect::<Vec<_>>()
        );
    }
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![50, 50, 20]
    );
    let walked: Vec<Uuid> = pages.concat();
    assert_eq!(
        walked, expected,
        "no gaps, no duplicates, page N+1 after page N"
    );
    assert!(
        link(&bodies[0], "prev").is_none(),
        "the first page has no previous page"
    );

    // Back from the last page: the previous page is page 2, and from there page 1.
    let previous = link(&bodies[2], "prev").expect("previous link on the last page");
    assert!(previous.contains("before="), "{previous}");
    let body = page(&app, &previous).await;
    assert_eq!(case_ids(&body), pages[1]);
    let previous = link(&body, "prev").expect("previous link on page 2");
    let body = page(&app, &previous).await;
    assert_eq!(case_ids(&body), pages[0]);
    assert!(link(&body, "prev").is_none());
    assert!(link(&body, "next").is_some());
}

#[tokio::test]
async fn cases_list_force_user_sees_only_their_forces_cases_whatever_the_url_says() {
    let app = TestApp::with_demo(0).await;
    let k = seed_known(&app.db.pool).await;
    let own = case_of("west-midlands", CaseKind::ConductMatter)
        .summary("Rude officer in Birmingham")
        .insert(&app.db.pool)
        .await;
    app.sign_in("psd@westmidlands.example").await;

    assert_eq!(ids(&app, "/cases").await, set(&[own]));
    assert_eq!(ids(&app, "/cases?force=cumbria").await, set(&[own]));
    assert_eq!(ids(&app, "/cases?q=rude").await, set(&[own]));
    let body = page(&app, "/cases").await;
    assert!(
        !Html::parse(&body).has_field("force"),
        "no force filter for a force user"
    );

    let csv = app.get("/cases.csv?force=cumbria").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.expect("csv");
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&own.to_string()));
    assert!(!csv.contains(&k.rude.to_string()));
}

#[tokio::test]
async fn cases_csv_has_a_header_and_exactly_the_filtered_rows_quoted() {
    let app = TestApp::with_demo(0).await;
    let k = seed_known(&app.db.pool).await;
    app.sign_in("caseworker@iopc.example").await;

    let res = app
        .get("/cases.csv?force=cumbria&kind=conduct_matter")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header("content-type").starts_with("text/csv"));
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"cases.csv\""
    );
    let body = res.text().await.expect("csv");
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3, "{body}");
    assert!(
        lines[0].starts_with("\"Case ID\",\"IOPC reference\""),
        "{}",
        lines[0]
    );
    // Newest first, like the page: the vehicle case (3 Feb) then the search case (1 Dec).
    assert!(lines[1].starts_with(&format!("\"{}\",\"2026/000123\"", k.vehicle)));
    assert!(lines[2].starts_with(&format!("\"{}\",", k.recommendation)));
    // Commas and quotes inside a field are quoted and doubled (RFC 4180).
    assert!(
        lines[1].contains("\"Misuse of a police vehicle, said \"\"just borrowing it\"\"\""),
        "{}",
        lines[1]
    );
    for id in [k.rude, k.custody, k.assigned] {
        assert!(!body.contains(&id.to_string()));
    }
}

#[tokio::test]
async fn cases_list_bad_date_is_a_422_with_the_message_by_the_field_and_input_kept() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("caseworker@iopc.example").await;

    let res = app
        .get("/cases?received_from=31%2F02%2F2026&stage=under_investigation")
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    let message = "Received from must be a real date, for example 14/3/2026";
    assert_eq!(
        html.error_summary_links(),
        vec![("#received_from".to_owned(), message.to_owned())]
    );
    assert_eq!(html.field_error("received_from").as_deref(), Some(message));
    assert_eq!(
        html.input_value("received_from").as_deref(),
        Some("31/02/2026"),
        "input kept"
    );
    assert_eq!(
        html.selected("stage").as_deref(),
        Some("under_investigation"),
        "other choices kept"
    );
    assert!(html.title().starts_with("Error: Cases"));

    let res = app.get("/cases?stage=nonsense").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert_eq!(
        Html::parse(&body).field_error("stage").as_deref(),
        Some("Select a stage from the list")
    );

    let res = app
        .get("/cases?received_from=2026-03-01&received_to=2026-02-01")
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let res = app.get("/cases.csv?received_to=tomorrow").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn cases_list_and_csv_need_a_signed_in_user() {
    let app = TestApp::with_demo(0).await;
    for path in ["/cases", "/cases.csv", "/cases?q=rude"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(location.starts_with("/sign-in"), "{location}");
    }
}

#[tokio::test]
async fn cases_list_review_body_sees_only_cases_with_its_review() {
    let app = TestApp::with_demo(0).await;
    let k = seed_known(&app.db.pool).await;
    app.sign_in("reviews@mopac.example").await;
    let body = page(&app, "/cases?force=cumbria&q=vehicle").await;
    assert!(case_ids(&body).is_empty());
    let seen = ids(&app, "/cases").await;
    assert!(!seen.contains(&k.vehicle.0) && !seen.contains(&k.rude.0));
    let expected: Vec<Uuid> = sqlx::query_scalar(
        "select distinct r.case_id from review r join local_policing_body l using (local_policing_body_id)
         where l.code = 'mopac'",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("reviews");
    assert_eq!(seen, set(&expected));
    let csv = app.get("/cases.csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(
        csv.text().await.expect("csv").lines().count(),
        expected.len() + 1
    );
}
