//! The cases list (`GET /cases`) and its CSV export (`GET /cases.csv`).
//!
//! The filters are a GET form, so a filtered list is a plain URL that can be bookmarked,
//! shared and used without JavaScript. The query string is read as raw strings and parsed
//! here ("parse, don't validate"): a value that is not a known kind, stage, date, ... is shown
//! again next to its field with a GOV.UK error (422), never a 500. Pages are cut by keyset
//! cursors in the query string (`after=` for the next page, `before=` for the previous one;
//! see `db::cases`). The CSV export takes the same filters and streams every matching row
//! from a database cursor, so its size is not limited by memory.

use std::str::FromStr;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::session::StaffUser;
use crate::db::cases::{self, CaseFilter, CaseListRow, Choice, Cursor, PageAt, Sort};
use crate::db::timeliness::AgeBand;
use crate::domain::vocab::{CaseKind, CaseStage, InvestigationMode};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::render::{Page, html};

/// The query string as typed: every field a string, so nothing the user sends is lost.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RawFilter {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    force: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    received_from: String,
    #[serde(default)]
    received_to: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    assigned: String,
    #[serde(default)]
    sort: String,
    /// The timeliness dashboard's filters (`web::timeliness` links here with them).
    #[serde(default)]
    age: String,
    #[serde(default)]
    unassigned: String,
    #[serde(default)]
    no_investigator: String,
    #[serde(default)]
    idle: String,
    #[serde(default)]
    update: String,
    #[serde(default)]
    investigation_over: String,
    #[serde(default)]
    after: String,
    #[serde(default)]
    before: String,
}

/// A parsed request for the list.
struct ListRequest {
    filter: CaseFilter,
    sort: Sort,
    at: PageAt,
}

/// Reads a date as staff type it: `14/3/2026`, `14-3-2026`, `2026-03-14` or `14 March 2026`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .filter(|d| (1900..=9998).contains(&chrono::Datelike::year(d)))
}

fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// Parses the raw query string, checking choices against the lists the form offers.
fn parse(
    raw: &RawFilter,
    user: &StaffUser,
    forces: &[Choice],
    categories: &[Choice],
) -> Result<ListRequest, FormErrors> {
    let mut errors = FormErrors::default();
    let mut filter = CaseFilter {
        search: non_empty(&raw.q).map(str::to_owned),
        ..CaseFilter::default()
    };
    if let Some(kind) = non_empty(&raw.kind) {
        match CaseKind::from_str(kind) {
            Ok(k) => filter.kind = Some(k),
            Err(_) => errors.add("kind", "Select a kind of case from the list"),
        }
    }
    // Only IOPC staff choose a force; everyone else's list is bounded by their scope anyway.
    if user.is_iopc()
        && let Some(force) = non_empty(&raw.force)
    {
        if forces.iter().any(|f| f.code == force) {
            filter.force_code = Some(force.to_owned());
        } else {
            errors.add("force", "Select a force from the list");
        }
    }
    if let Some(stage) = non_empty(&raw.stage) {
        match CaseStage::from_str(stage) {
            Ok(s) => filter.stage = Some(s),
            Err(_) => errors.add("stage", "Select a stage from the list"),
        }
    }
    if let Some(mode) = non_empty(&raw.mode) {
        match InvestigationMode::from_str(mode) {
            Ok(m) => filter.mode = Some(m),
            Err(_) => errors.add("mode", "Select a mode of investigation from the list"),
        }
    }
    if let Some(category) = non_empty(&raw.category) {
        if categories.iter().any(|c| c.code == category) {
            filter.category = Some(category.to_owned());
        } else {
            errors.add("category", "Select an allegation category from the list");
        }
    }
    if let Some(from) = non_empty(&raw.received_from) {
        match parse_date(from) {
            Some(d) => filter.received_from = Some(d),
            None => errors.add(
                "received_from",
                "Received from must be a real date, for example 14/3/2026",
            ),
        }
    }
    if let Some(to) = non_empty(&raw.received_to) {
        match parse_date(to) {
            Some(d) => filter.received_to = Some(d),
            None => errors.add(
                "received_to",
                "Received to must be a real date, for example 31/3/2026",
            ),
        }
    }
    if let (Some(from), Some(to)) = (filter.received_from, filter.received_to)
        && from > to
    {
        errors.add(
            "received_to",
            "Received to must be the same as or after received from",
        );
    }
    filter.overdue = non_empty(&raw.overdue).is_some();
    if non_empty(&raw.assigned).is_some() {
        filter.assigned_to = Some(user.id);
    }
    parse_dashboard_filters(raw, &mut filter, &mut errors);
    let sort = match non_empty(&raw.sort) {
        None | Some("received") => Sort::Received,
        Some("deadline") => Sort::Deadline,
        Some(_) => {
            errors.add("sort", "Select how to sort the cases");
            Sort::Received
        }
    };
    // Cursors come from our own links; a broken one starts again at the first page.
    let at = if let Some(c) = non_empty(&raw.after).and_then(Cursor::decode) {
        PageAt::After(c)
    } else if let Some(c) = non_empty(&raw.before).and_then(Cursor::decode) {
        PageAt::Before(c)
    } else {
        PageAt::First
    };
    if errors.is_empty() {
        Ok(ListRequest { filter, sort, at })
    } else {
        Err(errors)
    }
}

/// The most days without activity, and the most months of investigation, a link may ask for.
const MOST_IDLE_DAYS: i32 = 3650;
const MOST_INVESTIGATION_MONTHS: i32 = 240;

/// The filters the timeliness dashboard's figures link with. They have no field in the form:
/// the list shows them as chosen filters, each with a link that removes it.
fn parse_dashboard_filters(raw: &RawFilter, filter: &mut CaseFilter, errors: &mut FormErrors) {
    if let Some(age) = non_empty(&raw.age) {
        match AgeBand::from_code(age) {
            Some(band) => filter.open_age = Some(band),
            None => errors.add(
                "age",
                "Choose an age band from the timeliness dashboard, or remove this filter",
            ),
        }
    }
    filter.unassigned = non_empty(&raw.unassigned).is_some();
    filter.no_investigator = non_empty(&raw.no_investigator).is_some();
    if let Some(idle) = non_empty(&raw.idle) {
        match idle.parse::<i32>() {
            Ok(days) if (1..=MOST_IDLE_DAYS).contains(&days) => filter.idle_days = Some(days),
            _ => errors.add(
                "idle",
                "Days without activity must be a whole number from 1 to 3650, for example 28",
            ),
        }
    }
    if let Some(update) = non_empty(&raw.update) {
        if update == "overdue" {
            filter.update_overdue = true;
        } else {
            errors.add(
                "update",
                "Complainant updates can only be filtered to those overdue",
            );
        }
    }
    if let Some(over) = non_empty(&raw.investigation_over) {
        match over.strip_suffix('m').unwrap_or(over).parse::<i32>().ok() {
            Some(months) if (1..=MOST_INVESTIGATION_MONTHS).contains(&months) => {
                filter.investigation_over_months = Some(months);
            }
            _ => errors.add(
                "investigation_over",
                "Investigation length must be a number of months from 1 to 240, for example 12m",
            ),
        }
    }
}

/// A dashboard filter in use, as the list shows it.
struct Chosen {
    /// The query-string name, which is also the element id its error links to.
    name: &'static str,
    value: String,
    label: String,
    remove_href: String,
    error: Option<String>,
}

/// The dashboard filters of this request, in plain English, each with the list's address
/// without it.
fn chosen_filters(raw: &RawFilter, errors: &FormErrors) -> Vec<Chosen> {
    let values: [(&'static str, &String); 6] = [
        ("age", &raw.age),
        ("unassigned", &raw.unassigned),
        ("no_investigator", &raw.no_investigator),
        ("idle", &raw.idle),
        ("update", &raw.update),
        ("investigation_over", &raw.investigation_over),
    ];
    values
        .into_iter()
        .filter_map(|(name, value)| {
            let value = non_empty(value)?.to_owned();
            let error = errors.get(name).map(str::to_owned);
            let label = match (name, &error) {
                // A value we could not read is named as it was given, beside its error.
                ("age", Some(_)) => format!("Age band \"{value}\""),
                ("idle", Some(_)) => format!("Days without activity \"{value}\""),
                ("update", Some(_)) => format!("Complainant update \"{value}\""),
                ("investigation_over", Some(_)) => format!("Investigation length \"{value}\""),
                ("age", None) => AgeBand::from_code(&value).map_or_else(String::new, |b| {
                    format!("Open, received {} ago", b.label().to_lowercase())
                }),
                ("unassigned", _) => "Open, with no handler".to_owned(),
                ("no_investigator", _) => "Under investigation, with no investigator".to_owned(),
                ("idle", None) => format!("Open, no activity for {value} days or more"),
                ("update", None) => "Update to the complainant overdue".to_owned(),
                _ => format!(
                    "Investigation open for more than {} months",
                    value.trim_end_matches('m')
                ),
            };
            let mut without = raw.clone();
            match name {
                "age" => without.age.clear(),
                "unassigned" => without.unassigned.clear(),
                "no_investigator" => without.no_investigator.clear(),
                "idle" => without.idle.clear(),
                "update" => without.update.clear(),
                _ => without.investigation_over.clear(),
            }
            Some(Chosen {
                name,
                label,
                remove_href: with_query("/cases", &filter_query(&without), None),
                error,
                value,
            })
        })
        .collect()
}

/// Percent-encodes a query-string value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The query string of the current filters as typed (without the page position).
fn filter_query(raw: &RawFilter) -> String {
    [
        ("q", &raw.q),
        ("kind", &raw.kind),
        ("force", &raw.force),
        ("stage", &raw.stage),
        ("mode", &raw.mode),
        ("category", &raw.category),
        ("received_from", &raw.received_from),
        ("received_to", &raw.received_to),
        ("overdue", &raw.overdue),
        ("assigned", &raw.assigned),
        ("sort", &raw.sort),
        ("age", &raw.age),
        ("unassigned", &raw.unassigned),
        ("no_investigator", &raw.no_investigator),
        ("idle", &raw.idle),
        ("update", &raw.update),
        ("investigation_over", &raw.investigation_over),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}={}", encode(v.trim())))
    .collect::<Vec<_>>()
    .join("&")
}

fn with_query(path: &str, query: &str, extra: Option<(&str, String)>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !query.is_empty() {
        parts.push(query.to_owned());
    }
    if let Some((k, v)) = extra {
        parts.push(format!("{k}={}", encode(&v)));
    }
    if parts.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

/// "14 March 2026".
fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The first `max` characters of a summary, cut at a word where possible.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// An option of a select: value, label, whether chosen.
struct SelectOption {
    value: String,
    label: String,
    selected: bool,
}

fn options<'a>(chosen: &str, items: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<SelectOption> {
    items
        .map(|(value, label)| SelectOption {
            value: value.to_owned(),
            label: label.to_owned(),
            selected: value == chosen.trim(),
        })
        .collect()
}

/// A case as the table shows it.
struct RowView {
    href: String,
    iopc_reference: String,
    force_reference: String,
    kind: &'static str,
    force: String,
    stage: &'static str,
    received: String,
    next_deadline: String,
    overdue: bool,
    summary: String,
}

#[derive(askama::Template)]
#[template(path = "cases/list.html")]
struct ListPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    raw: &'a RawFilter,
    kinds: Vec<SelectOption>,
    forces: Vec<SelectOption>,
    stages: Vec<SelectOption>,
    modes: Vec<SelectOption>,
    categories: Vec<SelectOption>,
    sort_deadline: bool,
    overdue: bool,
    assigned: bool,
    chosen: Vec<Chosen>,
    rows: Vec<RowView>,
    next_href: Option<String>,
    previous_href: Option<String>,
    csv_href: String,
    filtered: bool,
}

/// `GET /cases`: the cases the user may see, filtered, searched, sorted and paged.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(raw): Query<RawFilter>,
) -> AppResult<Response> {
    let forces = if user.is_iopc() {
        cases::forces(&state.pool).await?
    } else {
        Vec::new()
    };
    let categories = cases::categories(&state.pool).await?;
    let parsed = parse(&raw, &user, &forces, &categories);
    let query = filter_query(&raw);
    let (status, errors, page) = match &parsed {
        Ok(request) => (
            StatusCode::OK,
            FormErrors::default(),
            cases::list(
                &state.pool,
                user.scope(),
                &request.filter,
                request.sort,
                request.at,
            )
            .await?,
        ),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors.clone(),
            cases::CasePage::default(),
        ),
    };
    let today = chrono::Local::now().date_naive();
    let rows = page
        .rows
        .iter()
        .map(|r| row_view(r, today))
        .collect::<Vec<_>>();
    let chosen = chosen_filters(&raw, &errors);
    let template = ListPage {
        lang: Page::ENGLISH,
        user: &user,
        nav: "cases",
        errors,
        raw: &raw,
        kinds: options(
            &raw.kind,
            CaseKind::ALL.iter().map(|k| (k.as_str(), k.label())),
        ),
        forces: options(
            &raw.force,
            forces.iter().map(|f| (f.code.as_str(), f.name.as_str())),
        ),
        stages: options(
            &raw.stage,
            CaseStage::ALL.iter().map(|s| (s.as_str(), s.label())),
        ),
        modes: options(
            &raw.mode,
            InvestigationMode::ALL
                .iter()
                .map(|m| (m.as_str(), m.label())),
        ),
        categories: options(
            &raw.category,
            categories
                .iter()
                .map(|c| (c.code.as_str(), c.name.as_str())),
        ),
        sort_deadline: raw.sort.trim() == "deadline",
        overdue: !raw.overdue.trim().is_empty(),
        assigned: !raw.assigned.trim().is_empty(),
        chosen,
        rows,
        next_href: page
            .next
            .map(|c| with_query("/cases", &query, Some(("after", c.encode())))),
        previous_href: page
            .previous
            .map(|c| with_query("/cases", &query, Some(("before", c.encode())))),
        csv_href: with_query("/cases.csv", &query, None),
        filtered: !query.is_empty(),
    };
    let mut response = html(&template)?;
    *response.status_mut() = status;
    Ok(response)
}

fn row_view(r: &CaseListRow, today: NaiveDate) -> RowView {
    RowView {
        href: format!("/cases/{}", r.case_id),
        iopc_reference: r.iopc_reference.clone().unwrap_or_default(),
        force_reference: r.force_reference.clone().unwrap_or_default(),
        kind: r.kind.label(),
        force: r.force_name.clone(),
        stage: r.stage.label(),
        received: long_date(r.received_on),
        next_deadline: r.next_deadline.map(long_date).unwrap_or_default(),
        overdue: r.next_deadline.is_some_and(|d| d < today),
        summary: truncate(&r.summary, 120),
    }
}

/// One CSV field, RFC 4180: always quoted, quotes doubled. Text that a spreadsheet would run
/// as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`
/// (OWASP's advice on CSV injection); the references and dates never start so.
fn csv_field(out: &mut String, value: &str) {
    out.push('"');
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    for ch in value.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    out.push('"');
}

fn csv_line(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, field);
    }
    out.push_str("\r\n");
}

const CSV_HEADER: &[&str] = &[
    "Case ID",
    "IOPC reference",
    "Force reference",
    "Kind",
    "Force",
    "Stage",
    "Mode of investigation",
    "Received on",
    "Next deadline",
    "Summary",
];

fn csv_row(out: &mut String, r: &CaseListRow) {
    let id = r.case_id.to_string();
    let received = r.received_on.format("%Y-%m-%d").to_string();
    let deadline = r
        .next_deadline
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    csv_line(
        out,
        &[
            &id,
            r.iopc_reference.as_deref().unwrap_or(""),
            r.force_reference.as_deref().unwrap_or(""),
            r.kind.label(),
            &r.force_name,
            r.stage.label(),
            r.investigation_mode.map_or("", |m| m.label()),
            &received,
            &deadline,
            &r.summary,
        ],
    );
}

/// Bytes gathered before a chunk is sent to the client.
const CSV_CHUNK: usize = 32 * 1024;

/// `GET /cases.csv`: every case of the current filter (all pages), streamed as CSV.
///
/// Invalid filters answer 400 naming the problems (the list's own link is always valid).
/// The rows come from a database cursor read by a task that sends them through a bounded
/// channel: memory stays flat whatever the size, and a client that goes away stops the query.
pub async fn csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(raw): Query<RawFilter>,
) -> AppResult<Response> {
    let forces = if user.is_iopc() {
        cases::forces(&state.pool).await?
    } else {
        Vec::new()
    };
    let categories = cases::categories(&state.pool).await?;
    let request = match parse(&raw, &user, &forces, &categories) {
        Ok(r) => r,
        Err(errors) => {
            let message = errors
                .items
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(". ");
            return Err(AppError::BadRequest(message));
        }
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<sqlx::Result<CaseListRow>>(256);
    let pool = state.pool.clone();
    let scope = user.scope();
    tokio::spawn(async move {
        cases::send_all(&pool, scope, &request.filter, request.sort, tx).await;
    });
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        let mut chunk = String::with_capacity(CSV_CHUNK * 2);
        if first {
            csv_line(&mut chunk, CSV_HEADER);
        }
        // Wait for one row (or the end), then take whatever else is ready, up to a chunk.
        let mut next = rx.recv().await;
        loop {
            match next {
                None => {
                    return (!chunk.is_empty()).then(|| (Ok(Bytes::from(chunk)), (rx, false)));
                }
                Some(Err(e)) => {
                    tracing::error!(error = %e, "the CSV export failed part-way");
                    // Break the response so the download is seen to fail, not cut short.
                    rx.close();
                    return Some((Err(std::io::Error::other("the export failed")), (rx, false)));
                }
                Some(Ok(row)) => csv_row(&mut chunk, &row),
            }
            if chunk.len() >= CSV_CHUNK {
                return Some((Ok(Bytes::from(chunk)), (rx, false)));
            }
            next = match rx.try_recv() {
                Ok(item) => Some(item),
                Err(tokio::sync::mpsc::error::TryRecvError::Empty) => {
                    return Some((Ok(Bytes::from(chunk)), (rx, false)));
                }
                Err(tokio::sync::mpsc::error::TryRecvError::Disconnected) => None,
            };
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"cases.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_with_quotes_doubled_and_formulas_defused() {
        let mut out = String::new();
        csv_line(&mut out, &["a \"b\", c", "=1+1", "line\nbreak"]);
        assert_eq!(out, "\"a \"\"b\"\", c\",\"'=1+1\",\"line\nbreak\"\r\n");
    }

    #[test]
    fn dates_are_read_in_the_forms_staff_type() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 14);
        assert_eq!(parse_date("14/3/2026"), d);
        assert_eq!(parse_date("2026-03-14"), d);
        assert_eq!(parse_date("14 March 2026"), d);
        assert_eq!(parse_date("31/2/2026"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("one two three four", 10), "one two…");
    }
}
