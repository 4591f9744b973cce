//! Helpers for the tests of the public pages: looking a case up as a complainant would,
//! reading a page, seeding cases and access codes, and an app that trusts `X-Forwarded-For`
//! (so a test can come from several addresses).

use oversight::web::{AppState, Settings, app};
use reqwest::StatusCode;
use sqlx::PgPool;
use uuid::Uuid;

use oversight::domain::vocab::{AllegationOutcome, CaseStage};

use super::app::{TestApp, TestDb, browser_client};
use super::builders::{AllegationBuilder, CaseBuilder, ComplainantBuilder, DUTIES};

/// The demo complaint under investigation (Dyfed-Powys Police, Welsh preferred).
pub const P1_REFERENCE: &str = "OV-DEM0-0001";
pub const P1_CODE: &str = "CYMR-AEG0-2026-0001";
pub const P1_CASE: &str = "5ce00010-0001-4000-8000-000000000001";
/// The demo complaint with the review window open.
pub const P2_REFERENCE: &str = "OV-DEM0-0002";
pub const P2_CODE: &str = "REV1-EW0P-EN26-0002";
pub const P2_CASE: &str = "5ce00010-0001-4000-8000-000000000002";
/// The demo complaint with the review window closed.
pub const P3_REFERENCE: &str = "OV-DEM0-0003";
pub const P3_CODE: &str = "REV1-EWC1-0SED-0003";

/// Posts the look-up form as a browser would.
pub async fn look_up(app: &TestApp, reference: &str, code: &str) -> reqwest::Response {
    app.post_form_without_csrf("/status", &[("reference", reference), ("code", code)])
        .await
}

/// The demo data (scenarios, accounts) with the demo complaints for the status page and
/// their access codes, but no synthetic cases.
pub async fn public_demo() -> TestApp {
    let app = TestApp::with_demo(0).await;
    let mut conn = app.db.pool.acquire().await.expect("connection");
    oversight::demo::public::load(&mut conn, oversight::web::public::uk_today(), true)
        .await
        .expect("demo complaints");
    drop(conn);
    app
}

/// Looks a case up and expects to be let in (303 to /status).
pub async fn sign_in_as_complainant(app: &TestApp, reference: &str, code: &str) {
    let res = look_up(app, reference, code).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "look-up of {reference}"
    );
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/status")
    );
}

/// GETs a page and returns its status and body.
pub async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app.get(path).await;
    let status = res.status();
    (status, res.text().await.expect("body"))
}

/// The complainant session's CSRF token (the latest session).
pub async fn complainant_csrf(pool: &PgPool) -> String {
    sqlx::query_scalar(
        "select csrf_token from complainant_session order by created_at desc limit 1",
    )
    .fetch_one(pool)
    .await
    .expect("a complainant session")
}

/// The demo data with no synthetic cases, served with `X-Forwarded-For` trusted.
pub async fn demo_app_behind_proxy() -> TestApp {
    public_demo_with(Settings {
        trust_proxy: true,
        ..Settings::default()
    })
    .await
}

/// The data of [`public_demo`], served with these settings.
pub async fn public_demo_with(settings: Settings) -> TestApp {
    let db = TestDb::new().await;
    oversight::demo::load(
        &db.pool,
        &oversight::demo::DemoOptions {
            seed: 11,
            synthetic: 0,
        },
    )
    .await
    .expect("demo data");
    let mut conn = db.pool.acquire().await.expect("connection");
    oversight::demo::public::load(&mut conn, oversight::web::public::uk_today(), true)
        .await
        .expect("demo complaints");
    drop(conn);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app(AppState::with_settings(db.pool.clone(), settings));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    TestApp {
        db,
        base: format!("http://{addr}"),
        client: browser_client(),
    }
}

/// A complaint of the Metropolitan Police Service with a complainant, at `stage`, with the
/// facts that stage needs; `notified_days_ago` sets the outcome letter's date (and the
/// allegation's outcome). Returns the case and the complainant's case_complainant id.
pub async fn seed_complaint(
    pool: &PgPool,
    stage: CaseStage,
    notified_days_ago: Option<i64>,
) -> (Uuid, Uuid) {
    let today = oversight::web::public::uk_today();
    let days_ago = |n: i64| today - chrono::Duration::days(n);
    let mut allegation = AllegationBuilder::new(DUTIES, "The officer did not explain the stop.");
    let mut case = CaseBuilder::complaint()
        .at(stage)
        .received(days_ago(100))
        .recorded(days_ago(95))
        .summary("A test complaint about a road stop")
        .complainant(ComplainantBuilder::named("Test Complainant").by_email("test@example.org"));
    if let Some(n) = notified_days_ago {
        case = case.outcome_notified(days_ago(n));
        allegation = allegation.outcome(AllegationOutcome::ServiceNotAcceptable);
    }
    let case = case.allegation(allegation).insert_all(pool).await;
    (case.id.0, case.complainants[0].1.0)
}

/// Issues an access code as the database function the staff page uses, returning
/// (reference, code).
pub async fn issue(pool: &PgPool, case_id: Uuid, cc: Uuid) -> (String, String) {
    let staff: Uuid = sqlx::query_scalar(
        "select staff_user_id from staff_user where email = 'caseworker@iopc.example'",
    )
    .fetch_one(pool)
    .await
    .expect("caseworker");
    let mut tx = pool.begin().await.expect("tx");
    let issued = oversight::db::public::issue_code(&mut tx, case_id, cc, staff)
        .await
        .expect("issue")
        .expect("the person is in the case");
    tx.commit().await.expect("commit");
    (issued.reference, issued.code)
}
