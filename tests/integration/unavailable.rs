//! While the database cannot be reached, a request gets a 503 page in the layout saying the
//! service is unavailable, that nothing the person entered was saved and to try again: never
//! a 500, which reads like a fault in what they did.

use std::time::Duration;

use oversight::web::{AppState, app};
use reqwest::StatusCode;
use sqlx::postgres::PgPoolOptions;

use crate::support::TestApp;

/// The scenario case S1, a Metropolitan Police Service case.
const S1: &str = "5ce00001-0001-4000-8000-000000000001";
const SENTENCE: &str = "Nothing you entered was saved";

async fn expect_unavailable(res: reqwest::Response, what: &str) {
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{what}");
    let body = res.text().await.expect("body");
    assert!(body.contains("<html"), "{what}: drawn in the layout");
    assert!(
        body.contains("the service is unavailable") && body.contains(SENTENCE),
        "{what}: {body}"
    );
    assert!(body.contains("Try again"), "{what}");
}

#[tokio::test]
async fn a_writer_gets_503_saying_nothing_was_saved_while_the_database_is_down() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("psd@met.example").await;
    let token = app.csrf_token().await;
    // The database goes away: the application's pool can no longer give a connection.
    app.db.pool.close().await;
    let res = app
        .post_form_without_csrf(
            &format!("/cases/{S1}/contacts"),
            &[
                ("csrf_token", &token),
                ("version", "1"),
                ("summary", "Rang the complainant about the delay"),
            ],
        )
        .await;
    expect_unavailable(res, "a staff post").await;
    expect_unavailable(app.get("/cases").await, "a staff page").await;
    expect_unavailable(app.get("/published").await, "a public page").await;
}

#[tokio::test]
async fn an_app_whose_database_cannot_be_reached_answers_503_not_500() {
    // A port nobody listens on.
    let unused = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let db = crate::support::TestDb::new().await;
    let options = db.options.clone().port(unused);
    let pool = PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy_with(options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = app(AppState::new(pool));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = client
        .post(format!("{base}/sign-in"))
        .form(&[
            ("email", "psd@met.example"),
            ("password", oversight::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .expect("POST");
    expect_unavailable(res, "signing in").await;
    let session = format!("oversight_session={}", "ab".repeat(32));
    let res = client
        .post(format!("{base}/cases/{S1}/contacts"))
        .header("cookie", &session)
        .form(&[("csrf_token", "x"), ("version", "1")])
        .send()
        .await
        .expect("POST");
    expect_unavailable(res, "a staff post").await;
    let res = client
        .get(format!("{base}/status/review"))
        .header(
            "cookie",
            format!("oversight_complainant={}", "cd".repeat(32)),
        )
        .send()
        .await
        .expect("GET");
    expect_unavailable(res, "a complainant's page").await;
}
