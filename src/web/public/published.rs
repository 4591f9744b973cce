//! `/published`: the learning recommendations the IOPC has published with the recipients'
//! responses (PRA 2002 Sch 3 paras 28A, 28B), filtered by force and year, searched by text,
//! paged by keyset; each at a stable address (`/published/{id}`), and an Atom feed of the
//! newest (`/published/feed.atom`).
//!
//! Everything here is public by definition: only rows at the `published` stage are read.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{Choices, Chrome};
use crate::db::public::{self as db, PublishedCursor, PublishedFilter, PublishedRow};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::web::AppState;
use crate::web::shared::paging::date_cursor;
use crate::web::shared::render::html;

/// A published recommendation as the pages show it, in the reader's language.
struct Item {
    id: Uuid,
    title: String,
    recipient: String,
    iopc_reference: Option<String>,
    made_on: String,
    due_on: String,
    published_on: String,
    summary: Option<String>,
    text: String,
    accepted: &'static str,
    action: Option<String>,
}

fn item(tr: &Tr, r: PublishedRow) -> Item {
    let recipient = match (tr.lang, r.recipient_cy) {
        (crate::i18n::Lang::Welsh, Some(cy)) => cy,
        _ => r.recipient,
    };
    Item {
        id: r.recommendation_id,
        title: r
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| tr.f("published-untitled", &[("recipient", &recipient)])),
        recipient,
        iopc_reference: r.iopc_reference,
        made_on: tr.date(r.made_on),
        // The due date the recipient had to meet: the extended one if an extension was given.
        due_on: tr.date(r.extended_to.unwrap_or(r.response_due_on)),
        published_on: tr.date(r.published_on),
        summary: r.publication_summary.filter(|s| !s.trim().is_empty()),
        text: r.recommendation_text,
        accepted: r.response.map_or(tr.t("published-no-response"), |resp| {
            tr.t(&format!("published-response-{}", resp.as_str()))
        }),
        action: r.response_action.filter(|s| !s.trim().is_empty()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    force: Option<String>,
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    before: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "public/published_list.html")]
struct ListPage {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    forces: Vec<(String, String, bool)>,
    years: Vec<(String, bool)>,
    q: String,
    filtered: bool,
    items: Vec<Item>,
    previous: Option<String>,
    next: Option<String>,
}

/// `GET /published`
pub async fn list(
    State(state): State<AppState>,
    choices: Choices,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let tr = choices.tr(None, false);
    let force_id = query
        .force
        .as_deref()
        .and_then(|f| f.trim().parse::<Uuid>().ok());
    let year = query
        .year
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (1990..=2100).contains(y));
    let q: String = query
        .q
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect();
    let looks_like_reference = q.len() == 11
        && q.as_bytes().get(4) == Some(&b'/')
        && q.chars().filter(char::is_ascii_digit).count() == 10;
    let filter = PublishedFilter {
        force_id,
        year,
        words: (!q.is_empty() && !looks_like_reference).then(|| q.clone()),
        iopc_reference: looks_like_reference.then(|| q.clone()),
    };
    let cursor = match (
        date_cursor(query.after.as_deref()),
        date_cursor(query.before.as_deref()),
    ) {
        (Some((d, id)), _) => PublishedCursor::After(d, id),
        (None, Some((d, id))) => PublishedCursor::Before(d, id),
        _ => PublishedCursor::First,
    };
    let (page, (forces, years)) = tokio::try_join!(
        db::published_page(&state.pool, &filter, cursor),
        db::published_facets(&state.pool)
    )?;

    // Links keep the filters and add the cursor.
    let link = |key: &str, row: &PublishedRow| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(f) = force_id {
            pairs.push(("force", f.to_string()));
        }
        if let Some(y) = year {
            pairs.push(("year", y.to_string()));
        }
        if !q.is_empty() {
            pairs.push(("q", q.clone()));
        }
        pairs.push((
            key,
            format!("{}_{}", row.published_on, row.recommendation_id),
        ));
        format!(
            "/published?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let previous = page
        .has_newer
        .then(|| page.rows.first().map(|r| link("before", r)))
        .flatten();
    let next = page
        .has_older
        .then(|| page.rows.last().map(|r| link("after", r)))
        .flatten();
    let items = page.rows.into_iter().map(|r| item(&tr, r)).collect();
    html(&ListPage {
        lang: tr.lang.code(),
        page_title: tr.t("published-title"),
        tr,
        chrome: choices.chrome(tr, false),
        forces: forces
            .into_iter()
            .map(|(id, name, name_cy)| {
                let name = match (tr.lang, name_cy) {
                    (crate::i18n::Lang::Welsh, Some(cy)) => cy,
                    _ => name,
                };
                (id.to_string(), name, Some(id) == force_id)
            })
            .collect(),
        years: years
            .into_iter()
            .map(|y| (y.to_string(), Some(y) == year))
            .collect(),
        filtered: force_id.is_some() || year.is_some() || !q.is_empty(),
        q,
        items,
        previous,
        next,
    })
}

#[derive(askama::Template)]
#[template(path = "public/published_item.html")]
struct ItemPage {
    lang: &'static str,
    page_title: String,
    tr: Tr,
    chrome: Chrome,
    item: Item,
}

/// `GET /published/{recommendation_id}`: one published recommendation, at a stable address.
pub async fn show(
    State(state): State<AppState>,
    choices: Choices,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let row = db::published_one(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tr = choices.tr(None, false);
    let item = item(&tr, row);
    html(&ItemPage {
        lang: tr.lang.code(),
        page_title: item.title.clone(),
        tr,
        chrome: choices.chrome(tr, false),
        item,
    })
}

#[derive(askama::Template)]
#[template(path = "public/feed.xml")]
struct Feed {
    base: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

struct FeedEntry {
    id: Uuid,
    title: String,
    updated: String,
    summary: String,
}

/// `GET /published/feed.atom`: the newest publications, for feed readers (in English).
pub async fn feed(State(state): State<AppState>) -> AppResult<Response> {
    let page = db::published_page(
        &state.pool,
        &PublishedFilter::default(),
        PublishedCursor::First,
    )
    .await?;
    let tr = Tr::default();
    let stamp = |d: NaiveDate| format!("{d}T00:00:00Z");
    let entries: Vec<FeedEntry> = page
        .rows
        .into_iter()
        .map(|r| {
            let updated = stamp(r.published_on);
            let item = item(&tr, r);
            FeedEntry {
                id: item.id,
                summary: item.summary.clone().unwrap_or_else(|| item.text.clone()),
                title: format!("{} ({})", item.title, item.recipient),
                updated,
            }
        })
        .collect();
    let updated = entries
        .first()
        .map_or_else(|| "2020-02-01T00:00:00Z".to_owned(), |e| e.updated.clone());
    let body = askama::Template::render(&Feed {
        // The configured public address, never the Host header (which the client chooses).
        base: state.settings.public_url.as_str().to_owned(),
        updated,
        entries,
    })?;
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}
