//! Absolute links come from the configured public address, never from the request's `Host`
//! header (ASVS 5.0 V3.5), and every public response says how it may be cached: the
//! published pages and the feed for five minutes by anyone, a complainant's pages never
//! (ASVS 5.0 V14.3.2).

use oversight::config::PublicUrl;
use oversight::web::Settings;
use reqwest::StatusCode;

use crate::support::TestApp;
use crate::support::public::{
    P2_CODE, P2_REFERENCE, complainant_csrf, look_up, public_demo, public_demo_with,
    sign_in_as_complainant,
};

const PUBLIC_URL: &str = "https://oversight.example.org";

/// The public demo data served with `OVERSIGHT_PUBLIC_URL` set.
async fn app_with_public_url() -> TestApp {
    public_demo_with(Settings {
        public_url: PublicUrl::parse(PUBLIC_URL).expect("a public address"),
        ..Settings::default()
    })
    .await
}

fn cache_control(res: &reqwest::Response) -> String {
    res.headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("(none)")
        .to_owned()
}

#[tokio::test]
async fn the_feed_links_to_the_configured_public_address_whatever_the_host_header_says() {
    let app = app_with_public_url().await;
    let res = app
        .client
        .get(format!("{}/published/feed.atom", app.base))
        .header("host", "evil.example")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    let feed = res.text().await.expect("feed");
    assert!(!feed.contains("evil.example"), "{feed}");
    assert!(
        feed.contains(&format!(r#"href="{PUBLIC_URL}/published/feed.atom""#)),
        "{feed}"
    );
    let entries = feed.matches("<entry>").count();
    assert!(entries > 0);
    assert_eq!(
        feed.matches(&format!(r#"href="{PUBLIC_URL}/published/"#))
            .count(),
        entries + 1,
        "the feed's own link and every entry's name the public address"
    );
    // Without the setting, the links name the default address, not the Host header either.
    let default = public_demo().await;
    let res = default
        .client
        .get(format!("{}/published/feed.atom", default.base))
        .header("host", "evil.example")
        .send()
        .await
        .expect("GET");
    let feed = res.text().await.expect("feed");
    assert!(!feed.contains("evil.example"));
    assert!(feed.contains("http://127.0.0.1:8080/published"), "{feed}");
}

#[tokio::test]
async fn published_pages_and_the_feed_may_be_cached_for_five_minutes_by_anyone() {
    let app = public_demo().await;
    let id: uuid::Uuid = sqlx::query_scalar(
        "select recommendation_id from recommendation where stage = 'published' limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("a published recommendation");
    for path in [
        "/published".to_owned(),
        "/published?q=photographs".to_owned(),
        format!("/published/{id}"),
        "/published/feed.atom".to_owned(),
        "/published/statistics".to_owned(),
        "/published/statistics/dyfed-powys".to_owned(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(cache_control(&res), "public, max-age=300", "{path}");
        let vary = res
            .headers()
            .get_all("vary")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ");
        assert!(
            vary.contains("Cookie") && vary.contains("Accept-Language"),
            "{path}: the words depend on the language chosen: {vary}"
        );
    }
    // Not an error, and not an answer that sets a cookie (a language switch).
    for path in [
        format!("/published/{}", uuid::Uuid::nil()),
        "/published?lang=cy".to_owned(),
        "/published/statistics/no-such-force".to_owned(),
        "/published/statistics/dyfed-powys?lang=cy".to_owned(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(cache_control(&res), "no-store", "{path}");
    }
}

#[tokio::test]
async fn a_complainants_pages_are_never_stored() {
    let app = public_demo().await;
    let res = app.get("/status").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(cache_control(&res), "no-store", "the look-up page");
    let res = look_up(&app, P2_REFERENCE, "AAAA-BBBB-CCCC-DDDD").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(cache_control(&res), "no-store", "a refused look-up");
    let res = look_up(&app, P2_REFERENCE, P2_CODE).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(cache_control(&res), "no-store", "the look-up that signs in");
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    for path in [
        "/status",
        "/status?read=easy",
        "/status/review",
        "/status/contact",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(cache_control(&res), "no-store", "{path}");
    }
    let token = complainant_csrf(&app.db.pool).await;
    let res = app
        .post_form_without_csrf("/status/sign-out", &[("csrf_token", &token)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(cache_control(&res), "no-store", "signing out");
}
