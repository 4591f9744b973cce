//! The list of recommendations.

use std::str::FromStr;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::session::StaffUser;
use crate::db::recommendations::{self as db, Cursor, ListFilter, ListRow, PageAt};
use crate::domain::vocab::RecommendationStage;
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::render::{Page, html};
use crate::workflow::clocks::{self};
use crate::workflow::{Calendar, english_date};

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

/// The query string as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RawFilter {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    force: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    after: String,
    #[serde(default)]
    before: String,
}

/// An option of a select.
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A recommendation as the list shows it.
pub struct ListLine {
    pub href: String,
    pub title: String,
    pub recipient: String,
    pub case_href: Option<String>,
    pub case_reference: Option<String>,
    pub made_on: String,
    pub stage: &'static str,
    /// What the date is ("Response due", "Publication due", "Published").
    pub what: &'static str,
    pub date: String,
    /// "due 14 March 2026, in 3 working days", or "" when there is nothing left to do.
    pub describe: String,
    pub overdue: bool,
}

#[derive(askama::Template)]
#[template(path = "recommendations/list.html")]
struct ListPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    stages: Vec<SelectOption>,
    forces: Vec<SelectOption>,
    overdue: bool,
    filtered: bool,
    lines: Vec<ListLine>,
    next_href: Option<String>,
    previous_href: Option<String>,
}

fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// Percent-encodes a query-string value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn parse_filter(
    raw: &RawFilter,
    user: &StaffUser,
    force_codes: &[crate::db::cases::Choice],
) -> Result<(ListFilter, PageAt), FormErrors> {
    let mut errors = FormErrors::default();
    let mut filter = ListFilter {
        overdue: non_empty(&raw.overdue).is_some(),
        ..ListFilter::default()
    };
    if let Some(stage) = non_empty(&raw.stage) {
        match RecommendationStage::from_str(stage) {
            Ok(s) => filter.stage = Some(s),
            Err(_) => errors.add("stage", "Select a stage from the list"),
        }
    }
    // Only IOPC staff choose a force; a force's own list is bounded by its scope anyway.
    if user.is_iopc()
        && let Some(force) = non_empty(&raw.force)
    {
        if force_codes.iter().any(|f| f.code == force) {
            filter.force_code = Some(force.to_owned());
        } else {
            errors.add("force", "Select a force from the list");
        }
    }
    // Cursors come from our own links; a broken one starts again at the first page.
    let at = if let Some(c) = non_empty(&raw.after).and_then(Cursor::decode) {
        PageAt::After(c)
    } else if let Some(c) = non_empty(&raw.before).and_then(Cursor::decode) {
        PageAt::Before(c)
    } else {
        PageAt::First
    };
    if errors.is_empty() {
        Ok((filter, at))
    } else {
        Err(errors)
    }
}

/// The filters as typed, as a query string (without the page position).
fn filter_query(raw: &RawFilter) -> String {
    [
        ("stage", &raw.stage),
        ("force", &raw.force),
        ("overdue", &raw.overdue),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}={}", encode(v.trim())))
    .collect::<Vec<_>>()
    .join("&")
}

fn page_href(query: &str, key: &str, cursor: Cursor) -> String {
    let position = format!("{key}={}", encode(&cursor.encode()));
    if query.is_empty() {
        format!("/recommendations?{position}")
    } else {
        format!("/recommendations?{query}&{position}")
    }
}

fn list_line(r: &ListRow, today: NaiveDate, cal: &Calendar) -> ListLine {
    let deadline =
        clocks::recommendation_deadline(r.stage, r.made_on, r.extended_to, r.response_received_on);
    let (what, date, describe, overdue) = match (&deadline, r.stage) {
        (Some(d), RecommendationStage::Made) => (
            "Response due",
            english_date(d.due),
            d.describe(today, cal),
            d.is_overdue(today),
        ),
        (Some(d), _) => (
            "Publication due",
            english_date(d.due),
            d.describe(today, cal),
            d.is_overdue(today),
        ),
        (None, _) => (
            "Published",
            r.published_on.map(english_date).unwrap_or_default(),
            String::new(),
            false,
        ),
    };
    ListLine {
        href: format!("/recommendations/{}", r.recommendation_id),
        title: r.title.clone().unwrap_or_else(|| "Recommendation".into()),
        recipient: r.recipient.clone(),
        case_href: r.case_id.map(|id| format!("/cases/{id}")),
        case_reference: r.case_id.map(|id| {
            r.iopc_reference
                .clone()
                .unwrap_or_else(|| format!("case {id}"))
        }),
        made_on: english_date(r.made_on),
        stage: r.stage.label(),
        what,
        date,
        describe,
        overdue,
    }
}

/// `GET /recommendations`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(raw): Query<RawFilter>,
) -> AppResult<Response> {
    let force_codes = if user.is_iopc() {
        crate::db::cases::forces(&state.pool).await?
    } else {
        Vec::new()
    };
    let today = crate::db::today(&state.pool).await?;
    let cal = state.calendar().await?;
    let query = filter_query(&raw);
    let (status, errors, page) = match parse_filter(&raw, &user, &force_codes) {
        Ok((filter, at)) => (
            StatusCode::OK,
            FormErrors::default(),
            db::list(&state.pool, user.scope(), &filter, at, today).await?,
        ),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            db::ListPage::default(),
        ),
    };
    let template = ListPage {
        lang: Page::ENGLISH,
        page_title: "Recommendations".to_owned(),
        user: &user,
        nav: "recommendations",
        errors,
        stages: RecommendationStage::ALL
            .iter()
            .map(|s| SelectOption {
                value: s.as_str().to_owned(),
                label: s.label().to_owned(),
                selected: raw.stage.trim() == s.as_str(),
            })
            .collect(),
        forces: force_codes
            .iter()
            .map(|f| SelectOption {
                value: f.code.clone(),
                label: f.name.clone(),
                selected: raw.force.trim() == f.code,
            })
            .collect(),
        overdue: non_empty(&raw.overdue).is_some(),
        filtered: !query.is_empty(),
        lines: page
            .rows
            .iter()
            .map(|r| list_line(r, today, &cal))
            .collect(),
        next_href: page.next.map(|c| page_href(&query, "after", c)),
        previous_href: page.previous.map(|c| page_href(&query, "before", c)),
    };
    let mut response = html(&template)?;
    *response.status_mut() = status;
    Ok(response)
}
