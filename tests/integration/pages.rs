//! The start page, the health check and the error pages.

use crate::support::{TestApp, TestDb};
use reqwest::StatusCode;

#[tokio::test]
async fn start_page_renders_inside_the_layout() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res
        .headers()
        .get("content-security-policy")
        .expect("CSP header")
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        res.headers()
            .get("x-content-type-options")
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    let body = res.text().await.expect("body");
    assert!(body.contains("<html lang=\"en\""));
    assert!(body.contains("/static/dist/application.css"));
    assert!(body.contains("Check the status of your complaint") || body.contains("/status"));
}

#[tokio::test]
async fn healthz_answers_200_when_the_database_answers() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn healthz_answers_503_when_the_database_does_not() {
    let db = TestDb::new().await;
    // A pool whose database has gone away: close every connection it has.
    db.pool.close().await;
    let app = TestApp::serve(db).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn unknown_page_is_a_404_inside_the_layout_with_no_internals() {
    let app = TestApp::spawn().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers().get("x-request-id").is_some());
    let body = res.text().await.expect("body");
    assert!(body.contains("Page not found"));
    assert!(
        body.contains("govuk-template__body"),
        "rendered inside the layout"
    );
}

#[tokio::test]
async fn staff_pages_are_never_stored_and_never_compressed() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("caseworker@iopc.example").await;
    let res = app
        .client
        .get(format!("{}/cases", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..]),
        "personal data is not kept in caches"
    );
    assert!(
        res.headers().get("content-encoding").is_none(),
        "a page with a CSRF token beside text the address can change is not compressed (BREACH)"
    );
    // Public, shareable pages are still compressed.
    let res = app
        .client
        .get(format!("{}/workflow", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(
        res.headers().get("content-encoding").map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
}
