//! `/published/reports`: the investigation reports published on the public register, newest
//! first, paged by keyset, and each report's file (`/published/reports/{document_id}`), for
//! anyone to download. Only a disclosable redacted PDF can be published (the database's
//! `document_published_is_redacted_pdf`), so nothing here can reach an original.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use uuid::Uuid;

use super::{Choices, Chrome};
use crate::db::documents::{self as db, PublishedReport};
use crate::domain::documents::size_in_words;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::paging::date_cursor;
use crate::web::shared::render::html;

/// Reports a page shows (the query reads one more, to know whether there are older ones).
const PAGE: usize = 50;

#[derive(Debug, Default, serde::Deserialize)]
pub struct ReportsQuery {
    #[serde(default)]
    before: Option<String>,
}

struct Item {
    href: String,
    name: String,
    size: String,
    case: String,
    force: String,
    published: String,
}

#[derive(askama::Template)]
#[template(path = "public/reports.html")]
struct ReportsPage {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    items: Vec<Item>,
    older: Option<String>,
    newest: bool,
}

fn item(tr: &Tr, r: &PublishedReport) -> Item {
    let force = match (tr.lang, &r.force_name_cy) {
        (Lang::Welsh, Some(cy)) => cy.clone(),
        _ => r.force_name.clone(),
    };
    Item {
        href: format!("/published/reports/{}", r.document_id),
        name: r.name.clone(),
        size: size_in_words(u64::try_from(r.size_bytes).unwrap_or(0)),
        case: r
            .iopc_reference
            .as_deref()
            .map(|reference| tr.f("reports-case", &[("reference", reference)]))
            .unwrap_or_default(),
        force,
        published: tr.f("reports-published", &[("date", &tr.date(r.published_on))]),
    }
}

/// `GET /published/reports`
pub async fn list(
    State(state): State<AppState>,
    choices: Choices,
    Query(query): Query<ReportsQuery>,
) -> AppResult<Response> {
    let before = date_cursor(query.before.as_deref());
    let mut rows = db::published_reports(&state.pool, before).await?;
    let more = rows.len() > PAGE;
    rows.truncate(PAGE);
    let tr = choices.tr(None, false);
    html(&ReportsPage {
        lang: tr.lang.code(),
        page_title: tr.t("reports-title"),
        items: rows.iter().map(|r| item(&tr, r)).collect(),
        older: more.then(|| rows.last()).flatten().map(|r| {
            format!(
                "/published/reports?before={}_{}",
                r.published_on, r.document_id
            )
        }),
        newest: before.is_some(),
        tr,
        chrome: choices.chrome(tr, false),
    })
}

/// `GET /published/reports/{document_id}`
pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let report = db::published_report(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::web::shared::download::send(
        &state,
        &report.object_key,
        &report.name,
        "application/pdf",
        u64::try_from(report.size_bytes).unwrap_or(0),
        &headers,
        async |_| Ok(()),
    )
    .await
}
