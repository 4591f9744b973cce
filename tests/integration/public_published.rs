//! `/published`: the published recommendations, their filters, search, paging, stable
//! addresses and the Atom feed.

use reqwest::StatusCode;
use uuid::Uuid;

use oversight::domain::vocab::RecommendationResponse;

use crate::support::public::{page, public_demo};
use crate::support::{RecommendationBuilder, ymd};

#[tokio::test]
async fn the_published_list_shows_what_a_published_record_shows() {
    let app = public_demo().await;
    let (status, body) = page(&app, "/published").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Published outcomes and recommendations",
        "Metropolitan Police Service",
        "2020/138174",
        "2018/104370",
        "20 January 2022",
        "17 March 2022",
        "Do you accept the recommendation?",
        "Accepted action",
    ] {
        assert!(body.contains(expected), "missing {expected:?}");
    }
    // Recommendations not yet published (S1's) are not listed.
    let unpublished: String = sqlx::query_scalar(
        "select recommendation_text from recommendation where stage <> 'published' limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("an unpublished recommendation");
    assert!(!body.contains(&unpublished));
}

#[tokio::test]
async fn search_and_filters_narrow_the_list() {
    let app = public_demo().await;
    let (_, body) = page(&app, "/published?q=photographs").await;
    assert!(body.contains("2020/138174"));
    assert!(!body.contains("2018/104370"));
    let (_, body) = page(&app, "/published?q=2018%2F104370").await;
    assert!(body.contains("2018/104370"));
    assert!(!body.contains("2020/138174"));
    let (_, body) = page(&app, "/published?q=zebra+crossing+unicorn").await;
    assert!(body.contains("No published recommendations match"));
    let year: i32 = sqlx::query_scalar(
        "select extract(year from min(published_on))::int from recommendation where stage = 'published'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("year");
    let (_, body) = page(&app, &format!("/published?year={year}")).await;
    assert!(body.contains("2018/104370"));
    assert!(!body.contains("2020/138174"));
    let west_midlands: Uuid =
        sqlx::query_scalar("select police_force_id from police_force where code = 'west-midlands'")
            .fetch_one(&app.db.pool)
            .await
            .expect("force");
    let (_, body) = page(&app, &format!("/published?force={west_midlands}")).await;
    assert!(body.contains("No published recommendations match"));
}

#[tokio::test]
async fn each_recommendation_has_a_stable_address_and_the_feed_lists_it() {
    let app = public_demo().await;
    let id: Uuid = sqlx::query_scalar(
        "select recommendation_id from recommendation where stage = 'published' order by published_on desc limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("published");
    let (status, body) = page(&app, &format!("/published/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Response due"));
    let unpublished: Uuid = sqlx::query_scalar(
        "select recommendation_id from recommendation where stage <> 'published' limit 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("unpublished");
    assert_eq!(
        page(&app, &format!("/published/{unpublished}")).await.0,
        StatusCode::NOT_FOUND
    );
    let res = app.get("/published/feed.atom").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/atom+xml; charset=utf-8")
    );
    let feed = res.text().await.expect("feed");
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains(&format!("<id>urn:uuid:{id}</id>")));
    assert!(feed.contains(&format!("/published/{id}\"")));
    assert_eq!(feed.matches("<entry>").count(), 5);
}

/// The ids of the recommendations listed on a page, in order.
fn ids_on(body: &str) -> Vec<String> {
    body.split("<a class=\"govuk-link\" href=\"/published/")
        .skip(1)
        .filter_map(|part| part.get(..36))
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(str::to_owned)
        .collect()
}

/// The address of the pagination link with this `rel`.
fn pagination_link(body: &str, rel: &str) -> Option<String> {
    let before = body.split(&format!("\" rel=\"{rel}\"")).next()?;
    if before.len() == body.len() {
        return None;
    }
    let href = before.rsplit("href=\"").next()?;
    Some(href.replace("&amp;", "&"))
}

#[tokio::test]
async fn pages_follow_each_other_by_keyset_both_ways() {
    let app = public_demo().await;
    // 45 more published recommendations on one day, so that the order falls to the ids.
    for n in 1..=45 {
        RecommendationBuilder::standalone()
            .to("west-midlands")
            .title(&format!("Test recommendation {n}"))
            .text(&format!("Review the custody procedure {n}"))
            .made(ymd("2024-01-01"))
            .response_received(RecommendationResponse::Accepted, "Done", ymd("2024-02-01"))
            .published(
                ymd("2024-03-01"),
                "The force reviewed its custody procedure",
            )
            .insert(&app.db.pool)
            .await;
    }
    let mut seen = Vec::new();
    let mut path = "/published".to_owned();
    let mut pages = 0;
    loop {
        let (_, body) = page(&app, &path).await;
        pages += 1;
        seen.extend(ids_on(&body));
        match pagination_link(&body, "next") {
            Some(next) => path = next,
            None => break,
        }
        assert!(pages < 10);
    }
    assert_eq!(pages, 3, "50 recommendations, 20 a page");
    assert_eq!(seen.len(), 50);
    let distinct: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(distinct.len(), 50, "no recommendation twice");
    // Back from the last page: the previous page is the second.
    let (_, last) = page(&app, &path).await;
    let previous = pagination_link(&last, "prev").expect("a previous link");
    let (_, second) = page(&app, &previous).await;
    assert_eq!(ids_on(&second), seen[20..40].to_vec());
}

#[tokio::test]
async fn the_published_pages_are_in_welsh_when_asked() {
    let app = public_demo().await;
    let (_, body) = page(&app, "/published?lang=cy").await;
    assert!(body.contains("<html lang=\"cy\""));
    assert!(body.contains("Canlyniadau ac argymhellion a gyhoeddwyd"));
    assert!(body.contains("Ydych chi&#39;n derbyn yr argymhelliad?"));
    assert!(body.contains("20 Ionawr 2022"));
}

#[tokio::test]
async fn a_missing_public_page_answers_in_the_readers_language() {
    let app = public_demo().await;
    let missing = format!("/published/{}", Uuid::new_v4());

    let (status, body) = page(&app, &missing).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("<html lang=\"en\""));
    assert!(body.contains("Page not found"));
    assert!(
        body.contains("hreflang=\"cy\""),
        "the switch to Welsh is offered"
    );

    let (status, body) = page(&app, &format!("{missing}?lang=cy")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("<html lang=\"cy\""));
    assert!(body.contains("Heb ddod o hyd i&#39;r dudalen"));
    assert!(!body.contains("Page not found"));
    assert!(
        body.contains("hreflang=\"en\""),
        "the switch to English is offered"
    );

    // The choice is remembered for the next error too.
    let (_, body) = page(&app, "/status/no-such-page").await;
    assert!(body.contains("Heb ddod o hyd i&#39;r dudalen"));
}

#[tokio::test]
async fn a_missing_public_page_follows_a_browser_that_prefers_welsh() {
    let app = public_demo().await;
    let response = app
        .client
        .get(format!("{}/published/{}", app.base, Uuid::new_v4()))
        .header("Accept-Language", "cy-GB,cy;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = response.text().await.expect("body");
    assert!(body.contains("<html lang=\"cy\""));
    assert!(body.contains("Heb ddod o hyd i&#39;r dudalen"));
}
