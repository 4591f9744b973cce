//! Learning recommendations (Sch 3 paras 28A, 28B), from making to publishing.
//!
//! * `GET/POST /cases/{case_id}/recommendations/new`: an IOPC caseworker makes a
//!   recommendation from a case, to a force or another organisation, dated today; the
//!   response falls due when the workflow's clock says. Anyone else is refused (403, audited).
//! * `GET /recommendations`: the list the user may see (IOPC staff every one; a force those
//!   made to it or arising from its cases), newest first, filtered by stage, recipient force
//!   and lateness, cut into pages by keyset cursors, each with the date that matters now and
//!   how many working days are left or how late it is.
//! * `GET /recommendations/{recommendation_id}`: the recommendation, its deadline, its
//!   extension requests, its history in plain English, and one form for each step the
//!   recommendation machine lets this user take now (`available_actions`).
//! * `POST /recommendations/{recommendation_id}/actions`: CSRF (403), scope (404), the version
//!   the page was drawn with (409), the fields of the chosen step parsed into a
//!   `RecommendationCommand` (422 with the GOV.UK error summary and the input kept), then one
//!   transaction (`db::recommendations::apply_recommendation`). A refusal by the workflow is
//!   shown beside the form in plain English with the input kept (422); success is a 303 back
//!   with a confirmation banner. A step the page did not offer still goes to the workflow,
//!   which says why not: nothing the law forbids can happen through this route.
//!
//! Who sees what: the scope is the one of `db::recommendations` (a recommendation outside it
//! answers 404, as if it did not exist); which steps a user may take is the workflow's
//! answer, never decided here.

use std::collections::HashMap;
use std::str::FromStr;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::AppState;
use super::auth::CurrentUser;
use super::case_page::parse_id;
use super::case_page::{TimelineItem, timeline_item};
use super::forms::FormErrors;
use super::render::{Page, html};
use crate::auth::session::StaffUser;
use crate::db::recommendations::{
    self as db, CaseHeading, CreateError, Cursor, ListFilter, ListRow, NewRecommendation, PageAt,
    Recipient, RecommendationDetails,
};
use crate::db::workflow::{ActingUser, ApplyError};
use crate::domain::intake::{sentence, thousands};
use crate::domain::vocab::{RecommendationResponse, RecommendationStage, Role};
use crate::error::{AppError, AppResult};
use crate::workflow::clocks::{self, Deadline, DeadlineStatus};
use crate::workflow::recommendation::{
    RecommendationAction, RecommendationCommand, RecommendationSnapshot, available_actions,
};
use crate::workflow::{Calendar, english_date};

/// The most characters of each text field (the schema allows more, as a safety net).
const MAX_TITLE: usize = 200;
const MAX_ORGANISATION: usize = 200;
const MAX_TEXT: usize = 5000;
const MAX_ACTION: usize = 5000;
const MAX_REASON: usize = 1000;
const MAX_SUMMARY: usize = 1000;

/// Only IOPC caseworkers make recommendations (Sch 3 para 28A: the Director General's).
const MAKERS: &[Role] = &[Role::IopcCaseworker];

/// How an audit event of a recommendation reads in a timeline (past tense: it happened).
pub fn event_label(action: &str) -> Option<&'static str> {
    if action == "make_recommendation" {
        return Some("Recommendation made");
    }
    RecommendationAction::from_str(action)
        .ok()
        .map(|a| match a {
            RecommendationAction::RequestExtension => "More time to respond requested",
            RecommendationAction::GrantExtension => "More time to respond granted",
            RecommendationAction::RefuseExtension => "More time to respond refused",
            RecommendationAction::RecordResponse => "Response to the recommendation recorded",
            RecommendationAction::Publish => "Recommendation and response published",
        })
}

/// The case page's banner after a recommendation was made from it.
pub fn made_banner() -> (String, String) {
    (
        "Recommendation made".to_owned(),
        "It is listed under Recommendations with the date the response is due.".to_owned(),
    )
}

/// Everything posted, first value of each name, so the form can be drawn again as typed.
#[derive(Debug, Default, Clone)]
pub struct Input(HashMap<String, String>);

impl Input {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut values = HashMap::new();
        for (k, v) in pairs {
            values.entry(k).or_insert(v);
        }
        Input(values)
    }

    /// The value typed into a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// The parts of a GOV.UK date input named `key`.
    pub fn day(&self, key: &str) -> &str {
        self.get(&format!("{key}-day"))
    }
    pub fn month(&self, key: &str) -> &str {
        self.get(&format!("{key}-month"))
    }
    pub fn year(&self, key: &str) -> &str {
        self.get(&format!("{key}-year"))
    }

    /// Whether a radio of `key` is the one chosen.
    pub fn is(&self, key: &str, value: &str) -> bool {
        self.get(key) == value
    }

    fn set(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn set_date(&mut self, key: &str, d: NaiveDate) {
        self.set(&format!("{key}-day"), d.format("%-d").to_string());
        self.set(&format!("{key}-month"), d.format("%-m").to_string());
        self.set(&format!("{key}-year"), d.format("%Y").to_string());
    }
}

/// A required text field: trimmed, not empty, at most `max` characters.
fn required_text(
    errors: &mut FormErrors,
    input: &Input,
    key: &str,
    what: &str,
    max: usize,
) -> Option<String> {
    let value = input.get(key).trim();
    if value.is_empty() {
        errors.add(key, format!("Enter {what}"));
        None
    } else if value.chars().count() > max {
        errors.add(
            key,
            format!(
                "{} must be {} characters or fewer",
                sentence(what),
                thousands(max)
            ),
        );
        None
    } else {
        Some(value.to_owned())
    }
}

/// A GOV.UK date input (`{key}-day`, `-month`, `-year`), required. `what` names it in the
/// messages ("the new due date").
fn required_date(
    errors: &mut FormErrors,
    input: &Input,
    key: &str,
    what: &str,
) -> Option<NaiveDate> {
    let parts = [input.day(key), input.month(key), input.year(key)].map(str::trim);
    if parts.iter().all(|p| p.is_empty()) {
        errors.add(key, format!("Enter {what}"));
        return None;
    }
    for (part, name) in parts.iter().zip(["day", "month", "year"]) {
        if part.is_empty() {
            errors.add(key, format!("{} must include a {name}", sentence(what)));
            return None;
        }
    }
    let [d, m, y] = parts;
    let date = match (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) {
        (Ok(d), Ok(m), Ok(y)) if y.to_string().len() == 4 => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    if date.is_none() {
        errors.add(key, format!("{} must be a real date", sentence(what)));
    }
    date
}

/// A date that must not be in the future.
fn past_date(
    errors: &mut FormErrors,
    input: &Input,
    key: &str,
    what: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let date = required_date(errors, input, key, what)?;
    if date > today {
        errors.add(
            key,
            format!("{} must be today or in the past", sentence(what)),
        );
        return None;
    }
    Some(date)
}

// ---------------------------------------------------------------------------------------------
// Making a recommendation
// ---------------------------------------------------------------------------------------------

/// The form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub recipient: String,
    #[serde(default)]
    pub force_id: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub text: String,
}

/// A force in the recipient select.
pub struct ForceOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(askama::Template)]
#[template(path = "recommendations/new.html")]
struct NewPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    case: CaseHeading,
    reference: String,
    today: String,
    form: &'a NewForm,
    forces: Vec<ForceOption>,
    /// Why the recommendation cannot be made yet, if it cannot.
    warning: Option<&'static str>,
}

fn case_reference(case: &CaseHeading) -> String {
    case.iopc_reference
        .clone()
        .or_else(|| case.force_reference.clone())
        .unwrap_or_else(|| case.case_id.to_string())
}

async fn render_new(
    state: &AppState,
    user: &StaffUser,
    case: CaseHeading,
    form: &NewForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let forces = crate::db::staff_users::forces(&state.pool).await?;
    let today = crate::db::today(&state.pool).await?;
    let reference = case_reference(&case);
    let page = html(&NewPage {
        lang: Page::ENGLISH,
        page_title: format!("Make a recommendation: case {reference}"),
        warning: case.iopc_reference.is_none().then(no_reference_message),
        user,
        nav: "cases",
        errors,
        reference,
        today: english_date(today),
        forces: forces
            .into_iter()
            .map(|f| {
                let value = f.id.to_string();
                ForceOption {
                    selected: value == form.force_id.trim(),
                    value,
                    label: f.name,
                }
            })
            .collect(),
        case,
        form,
    })?;
    Ok((status, page).into_response())
}

async fn case_for(state: &AppState, user: &StaffUser, raw: &str) -> AppResult<CaseHeading> {
    let case_id = parse_id(raw)?;
    db::case_heading(&state.pool, case_id, user.scope())
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /cases/{case_id}/recommendations/new`
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
) -> AppResult<Response> {
    user.require(&state.pool, MAKERS, "recommendation_new")
        .await?;
    let case = case_for(&state, &user, &case_id).await?;
    // Most recommendations go to the force whose case it is: offer it first.
    let form = NewForm {
        recipient: "force".into(),
        force_id: case.force_id.to_string(),
        ..NewForm::default()
    };
    render_new(&state, &user, case, &form, FormErrors::default()).await
}

fn no_reference_message() -> &'static str {
    "This case has no IOPC reference yet. A recommendation is published under the IOPC \
     reference of the case it arose from, so the case needs one first"
}

/// The checked fields of a new recommendation.
fn parse_new(
    form: &NewForm,
    case_id: Uuid,
    forces: &[crate::db::staff_users::Choice],
) -> Result<NewRecommendation, FormErrors> {
    let mut errors = FormErrors::default();
    let input = Input(HashMap::from([
        ("organisation".to_owned(), form.organisation.clone()),
        ("title".to_owned(), form.title.clone()),
        ("text".to_owned(), form.text.clone()),
    ]));
    let recipient = match form.recipient.trim() {
        "force" => {
            let chosen = Uuid::parse_str(form.force_id.trim())
                .ok()
                .filter(|id| forces.iter().any(|f| f.id == *id));
            if chosen.is_none() {
                errors.add("force_id", "Select the force the recommendation is made to");
            }
            chosen.map(Recipient::Force)
        }
        "organisation" => required_text(
            &mut errors,
            &input,
            "organisation",
            "the name of the organisation the recommendation is made to",
            MAX_ORGANISATION,
        )
        .map(Recipient::Organisation),
        _ => {
            errors.add("recipient", "Select who the recommendation is made to");
            None
        }
    };
    let title = required_text(
        &mut errors,
        &input,
        "title",
        "a title for the recommendation",
        MAX_TITLE,
    );
    let text = required_text(&mut errors, &input, "text", "the recommendation", MAX_TEXT);
    match (recipient, title, text) {
        (Some(recipient), Some(title), Some(text)) if errors.is_empty() => Ok(NewRecommendation {
            case_id,
            recipient,
            title,
            text,
        }),
        _ => Err(errors),
    }
}

/// `POST /cases/{case_id}/recommendations/new`
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
    Form(form): Form<NewForm>,
) -> AppResult<Response> {
    user.require(&state.pool, MAKERS, "recommendation_create")
        .await?;
    user.check_csrf(&state.pool, &form.csrf_token).await?;
    let case = case_for(&state, &user, &case_id).await?;
    let forces = crate::db::staff_users::forces(&state.pool).await?;
    let new = match parse_new(&form, case.case_id, &forces) {
        Ok(new) => new,
        Err(errors) => return render_new(&state, &user, case, &form, errors).await,
    };
    let today = crate::db::today(&state.pool).await?;
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    let mut tx = state.pool.begin().await?;
    let made = db::create(&mut tx, &new, &acting, today).await;
    let problem = match made {
        Ok(_) => {
            tx.commit().await?;
            return Ok(
                Redirect::to(&format!("/cases/{}?done=make_recommendation", case.case_id))
                    .into_response(),
            );
        }
        Err(CreateError::NotFound) => return Err(AppError::NotFound),
        Err(CreateError::Database(e)) => return Err(e.into()),
        Err(CreateError::NoIopcReference) => ("recipient", no_reference_message().to_owned()),
        // The schema's second line of defence, read back as form errors.
        Err(CreateError::Refused(constraint)) => {
            tracing::warn!(%constraint, "the database refused a recommendation");
            match constraint.as_str() {
                "recommendation_recipient_force_id_fkey" | "recommendation_has_recipient" => (
                    "recipient",
                    "Select who the recommendation is made to".to_owned(),
                ),
                "recommendation_recommendation_text_check" => {
                    ("text", "Enter the recommendation".to_owned())
                }
                _ => (
                    "title",
                    "The recommendation could not be saved as typed. Check each field and try again"
                        .to_owned(),
                ),
            }
        }
    };
    drop(tx);
    let mut errors = FormErrors::default();
    errors.add(problem.0, problem.1);
    render_new(&state, &user, case, &form, errors).await
}

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

/// The deadline that runs at the recommendation's stage: the response (with any extension),
/// then its publication; none once published.
fn current_deadline(
    stage: RecommendationStage,
    made_on: NaiveDate,
    extended_to: Option<NaiveDate>,
    received_on: Option<NaiveDate>,
) -> Option<Deadline> {
    match stage {
        // Sch 3 para 28B(2)
        RecommendationStage::Made => Some(clocks::recommendation_response_deadline(
            made_on,
            extended_to,
        )),
        // Sch 3 para 28B(5)
        RecommendationStage::ResponseReceived => received_on.map(clocks::publication_due),
        RecommendationStage::Published => None,
    }
}

fn list_line(r: &ListRow, today: NaiveDate, cal: &Calendar) -> ListLine {
    let deadline = current_deadline(r.stage, r.made_on, r.extended_to, r.response_received_on);
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

// ---------------------------------------------------------------------------------------------
// One recommendation and its steps
// ---------------------------------------------------------------------------------------------

/// One row of a GOV.UK summary list.
pub struct Row {
    pub key: String,
    pub value: String,
    pub withheld: Option<String>,
}

fn row(key: &str, value: impl Into<String>) -> Row {
    Row {
        key: key.to_owned(),
        value: value.into(),
        withheld: None,
    }
}

/// The deadline running now, in words.
pub struct DeadlineLine {
    pub name: &'static str,
    pub source: &'static str,
    pub text: String,
    pub overdue: bool,
    pub due_soon: bool,
}

/// An extension request as the page lists it.
pub struct RequestLine {
    pub asked: String,
    pub reason: String,
    pub outcome: String,
}

/// A radio of the response question.
pub struct ResponseOption {
    pub id: String,
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(askama::Template)]
#[template(path = "recommendations/show.html")]
struct ShowPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    id: Uuid,
    version: i32,
    title: String,
    text: String,
    stage: &'static str,
    stage_tag: &'static str,
    case_href: Option<String>,
    case_reference: Option<String>,
    summary: Vec<Row>,
    deadline: Option<DeadlineLine>,
    requests: Vec<RequestLine>,
    timeline: Vec<TimelineItem>,
    banner: Option<(String, String)>,
    errors: FormErrors,
    input: Input,
    can_request: bool,
    can_grant: bool,
    can_refuse: bool,
    can_respond: bool,
    can_publish: bool,
    /// The IOPC records a response that came by other means, with the day it arrived.
    respond_asks_date: bool,
    /// The response question's radios.
    responses: Vec<ResponseOption>,
    /// "The force asked on 1 March 2026 for ...", while a request awaits a decision.
    pending: Option<String>,
    /// "by 13 December 2026", the publication deadline, for the publish form.
    publish_by: Option<String>,
}

/// The query string of the page: `done` names the step just taken (for the banner).
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

fn stage_tag(stage: RecommendationStage) -> &'static str {
    match stage {
        RecommendationStage::Made => "govuk-tag--blue",
        RecommendationStage::ResponseReceived => "govuk-tag--yellow",
        RecommendationStage::Published => "govuk-tag--green",
    }
}

/// What a rendering carries besides the recommendation.
#[derive(Default)]
struct Rendering {
    banner: Option<RecommendationAction>,
    errors: FormErrors,
    input: Option<Input>,
    status: Option<StatusCode>,
}

/// `GET /recommendations/{recommendation_id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let banner = query
        .done
        .as_deref()
        .and_then(|d| RecommendationAction::from_str(d).ok());
    render(
        &state,
        &user,
        id,
        Rendering {
            banner,
            ..Rendering::default()
        },
    )
    .await
}

fn banner_text(action: RecommendationAction, d: &RecommendationDetails) -> (String, String) {
    let due = english_date(d.extended_to.unwrap_or(d.response_due_on));
    match action {
        RecommendationAction::RequestExtension => (
            "More time requested".to_owned(),
            format!(
                "The IOPC will decide on the request. Until it does, the response is due on {due}."
            ),
        ),
        RecommendationAction::GrantExtension => (
            "More time granted".to_owned(),
            format!("The response is now due on {due}."),
        ),
        RecommendationAction::RefuseExtension => (
            "Request for more time refused".to_owned(),
            format!("The response is still due on {due}."),
        ),
        RecommendationAction::RecordResponse => (
            "Response recorded".to_owned(),
            match d.response_received_on {
                Some(on) => format!(
                    "The IOPC must publish the recommendation and the response by {}.",
                    english_date(clocks::publication_due(on).due)
                ),
                None => "The response is recorded.".to_owned(),
            },
        ),
        RecommendationAction::Publish => (
            "Recommendation published".to_owned(),
            format!(
                "The recommendation and the response were published on {}.",
                d.published_on.map(english_date).unwrap_or_default()
            ),
        ),
    }
}

fn decision_text(r: &db::ExtensionRequestRow) -> String {
    let by = r
        .decided_by
        .as_ref()
        .map(|n| format!(" by {n}"))
        .unwrap_or_default();
    let on = r.decided_on.map(english_date).unwrap_or_default();
    let why = r
        .decision_reason
        .as_ref()
        .map(|w| format!(": {w}"))
        .unwrap_or_default();
    match r.decision.as_deref() {
        Some("granted") => format!("Granted{by} on {on}{why}"),
        Some("refused") => format!("Refused{by} on {on}{why}"),
        Some("lapsed") => format!("Overtaken by the response on {on}"),
        _ => "Awaiting the IOPC's decision".to_owned(),
    }
}

async fn render(
    state: &AppState,
    user: &StaffUser,
    id: Uuid,
    rendering: Rendering,
) -> AppResult<Response> {
    let mut conn = state.pool.acquire().await?;
    let d = db::load_details(&mut conn, id, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let snapshot = d.snapshot();
    let requests = db::extension_requests(&mut conn, id).await?;
    let events = db::events(&mut conn, id).await?;
    drop(conn);
    let cal = state.calendar().await?;
    let today = d.today;
    let available = available_actions(&snapshot, &user.actor(), today);
    let can = |a| available.contains(&a);

    let mut summary = vec![
        row("Made to", d.recipient.clone()),
        row("Made on", english_date(d.made_on)),
        row("Response due", english_date(d.response_due_on)),
    ];
    if let Some(to) = d.extended_to {
        summary.push(row(
            "Extended to",
            match &d.extension_reason {
                Some(why) => format!("{}: {why}", english_date(to)),
                None => english_date(to),
            },
        ));
    }
    summary.push(row("Stage", d.stage.label()));
    if let Some(r) = d.response {
        summary.push(row("Do you accept the recommendation?", r.label()));
    }
    if let Some(a) = &d.response_action {
        summary.push(row("Accepted action", a.clone()));
    }
    if let Some(on) = d.response_received_on {
        summary.push(row("Response received", english_date(on)));
    }
    if let Some(on) = d.published_on {
        summary.push(row("Published", english_date(on)));
    }
    if let Some(s) = &d.publication_summary {
        summary.push(row("Published summary", s.clone()));
    }

    let deadline =
        current_deadline(d.stage, d.made_on, d.extended_to, d.response_received_on).map(|dl| {
            let status = dl.status(today, &cal);
            DeadlineLine {
                name: dl.kind.name(),
                source: dl.kind.source(),
                text: dl.describe(today, &cal),
                overdue: status == DeadlineStatus::Overdue,
                due_soon: status == DeadlineStatus::DueSoon,
            }
        });
    let pending = requests.iter().find(|r| r.decision.is_none());
    let pending_text = pending.map(|r| {
        format!(
            "{} asked on {} for the response to be due on {}: {}",
            r.requested_by.as_deref().unwrap_or("The recipient"),
            english_date(r.requested_on),
            english_date(r.requested_due_on),
            r.reason
        )
    });

    // The input as posted, or what the page suggests: a grant answers the pending request;
    // a response by post arrived today unless said otherwise.
    let input = rendering.input.unwrap_or_else(|| {
        let mut input = Input::default();
        if let Some(r) = pending {
            input.set_date("grant-requested_on", r.requested_on);
            input.set_date("grant-new_due", r.requested_due_on);
        }
        input.set_date("respond-received_on", today);
        input
    });

    let title = d.title.clone().unwrap_or_else(|| "Recommendation".into());
    let page = ShowPage {
        lang: Page::ENGLISH,
        page_title: format!("Recommendation: {title}"),
        user,
        nav: "recommendations",
        id,
        version: d.version,
        text: d.text.clone(),
        stage: d.stage.label(),
        stage_tag: stage_tag(d.stage),
        case_href: d.case_id.map(|c| format!("/cases/{c}")),
        case_reference: d.case_id.map(|c| {
            d.case_iopc_reference
                .clone()
                .or_else(|| d.case_force_reference.clone())
                .unwrap_or_else(|| c.to_string())
        }),
        summary,
        deadline,
        requests: requests
            .iter()
            .map(|r| RequestLine {
                asked: format!(
                    "Asked on {}{} for the response to be due on {}",
                    english_date(r.requested_on),
                    r.requested_by
                        .as_ref()
                        .map(|n| format!(" by {n}"))
                        .unwrap_or_default(),
                    english_date(r.requested_due_on)
                ),
                reason: r.reason.clone(),
                outcome: decision_text(r),
            })
            .collect(),
        timeline: events.iter().map(timeline_item).collect(),
        banner: rendering.banner.map(|a| banner_text(a, &d)),
        errors: rendering.errors,
        input,
        can_request: can(RecommendationAction::RequestExtension),
        can_grant: can(RecommendationAction::GrantExtension),
        can_refuse: can(RecommendationAction::RefuseExtension),
        can_respond: can(RecommendationAction::RecordResponse),
        can_publish: can(RecommendationAction::Publish),
        respond_asks_date: user.role != Role::ForcePsd,
        responses: RecommendationResponse::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| ResponseOption {
                id: if i == 0 {
                    "respond-response".to_owned()
                } else {
                    format!("respond-response-{}", r.as_str())
                },
                value: r.as_str(),
                label: r.label(),
            })
            .collect(),
        pending: pending_text,
        publish_by: d
            .response_received_on
            .map(|on| english_date(clocks::publication_due(on).due)),
        title,
    };
    let response = html(&page)?;
    Ok(match rendering.status {
        Some(status) => (status, response).into_response(),
        None => response,
    })
}

/// Parses the posted fields of an offered step into its command, or says what is wrong with
/// each field. `force_answers`: the recipient force answers through the service, so the
/// response is received today.
fn parse_command(
    action: RecommendationAction,
    input: &Input,
    today: NaiveDate,
    force_answers: bool,
) -> Result<RecommendationCommand, FormErrors> {
    let mut errors = FormErrors::default();
    let command = match action {
        RecommendationAction::RequestExtension => {
            let new_due = required_date(
                &mut errors,
                input,
                "request-new_due",
                "the date you ask the response to be due on",
            );
            let reason = required_text(
                &mut errors,
                input,
                "request-reason",
                "why more time is needed",
                MAX_REASON,
            );
            match (new_due, reason) {
                (Some(new_due), Some(reason)) => {
                    Some(RecommendationCommand::RequestExtension { new_due, reason })
                }
                _ => None,
            }
        }
        RecommendationAction::GrantExtension => {
            let requested_on = past_date(
                &mut errors,
                input,
                "grant-requested_on",
                "the date the extension was asked for",
                today,
            );
            let new_due = required_date(&mut errors, input, "grant-new_due", "the new due date");
            let reason = required_text(
                &mut errors,
                input,
                "grant-reason",
                "why the extension is granted",
                MAX_REASON,
            );
            match (requested_on, new_due, reason) {
                (Some(requested_on), Some(new_due), Some(reason)) => {
                    Some(RecommendationCommand::GrantExtension {
                        requested_on,
                        new_due,
                        reason,
                    })
                }
                _ => None,
            }
        }
        RecommendationAction::RefuseExtension => required_text(
            &mut errors,
            input,
            "refuse-reason",
            "why the extension is refused",
            MAX_REASON,
        )
        .map(|reason| RecommendationCommand::RefuseExtension { reason }),
        RecommendationAction::RecordResponse => {
            let response = RecommendationResponse::from_str(input.get("respond-response")).ok();
            if response.is_none() {
                errors.add(
                    "respond-response",
                    "Select whether the recommendation is accepted",
                );
            }
            let action = required_text(
                &mut errors,
                input,
                "respond-action",
                "what has been or will be done, or why nothing will be done",
                MAX_ACTION,
            );
            let received_on = if force_answers {
                Some(today)
            } else {
                past_date(
                    &mut errors,
                    input,
                    "respond-received_on",
                    "the date the response was received",
                    today,
                )
            };
            match (response, action, received_on) {
                (Some(response), Some(action), Some(received_on)) => {
                    Some(RecommendationCommand::RecordResponse {
                        response,
                        action,
                        received_on,
                    })
                }
                _ => None,
            }
        }
        RecommendationAction::Publish => required_text(
            &mut errors,
            input,
            "publish-summary",
            "a summary for publication",
            MAX_SUMMARY,
        )
        .map(|summary| RecommendationCommand::Publish { summary }),
    };
    match command {
        Some(c) if errors.is_empty() => Ok(c),
        _ => Err(errors),
    }
}

/// The command of a step the page did not offer, built from whatever was posted (or
/// placeholders), only so that the workflow can say why it is refused.
fn unoffered_command(
    action: RecommendationAction,
    input: &Input,
    snapshot: &RecommendationSnapshot,
    today: NaiveDate,
) -> RecommendationCommand {
    let mut ignored = FormErrors::default();
    let later = snapshot.due_on.succ_opt().unwrap_or(snapshot.due_on);
    let text = |key: &str| input.get(key).trim().to_owned();
    match action {
        RecommendationAction::RequestExtension => RecommendationCommand::RequestExtension {
            new_due: required_date(&mut ignored, input, "request-new_due", "").unwrap_or(later),
            reason: text("request-reason"),
        },
        RecommendationAction::GrantExtension => RecommendationCommand::GrantExtension {
            requested_on: required_date(&mut ignored, input, "grant-requested_on", "")
                .unwrap_or(today),
            new_due: required_date(&mut ignored, input, "grant-new_due", "").unwrap_or(later),
            reason: text("grant-reason"),
        },
        RecommendationAction::RefuseExtension => RecommendationCommand::RefuseExtension {
            reason: text("refuse-reason"),
        },
        RecommendationAction::RecordResponse => RecommendationCommand::RecordResponse {
            response: RecommendationResponse::from_str(input.get("respond-response"))
                .unwrap_or(RecommendationResponse::Accepted),
            action: text("respond-action"),
            received_on: today,
        },
        RecommendationAction::Publish => RecommendationCommand::Publish {
            summary: text("publish-summary"),
        },
    }
}

/// `POST /recommendations/{recommendation_id}/actions`
pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = Input::from_pairs(pairs);
    user.check_csrf(&state.pool, input.get("csrf_token"))
        .await?;
    let id = parse_id(&id)?;
    let mut conn = state.pool.acquire().await?;
    let details = db::load_details(&mut conn, id, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let snapshot = details.snapshot();
    let again = |errors: FormErrors, input: Input| Rendering {
        errors,
        input: Some(input),
        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
        ..Rendering::default()
    };
    let expected_version = input.get("version").trim().parse::<i32>().ok();
    let action = RecommendationAction::from_str(input.get("action")).ok();
    let (Some(expected_version), Some(action)) = (expected_version, action) else {
        let mut errors = FormErrors::default();
        errors.add(
            "actions",
            "Choose one of the steps on this page. If the page was open for a while, reload it first.",
        );
        return render(&state, &user, id, again(errors, input)).await;
    };
    if expected_version != details.version {
        return Err(AppError::Conflict);
    }
    let today = details.today;
    let offered = available_actions(&snapshot, &user.actor(), today).contains(&action);
    let command = if offered {
        match parse_command(action, &input, today, user.role == Role::ForcePsd) {
            Ok(command) => command,
            Err(errors) => return render(&state, &user, id, again(errors, input)).await,
        }
    } else {
        unoffered_command(action, &input, &snapshot, today)
    };
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    match db::apply_recommendation(&state.pool, id, expected_version, &command, &acting, today)
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/recommendations/{id}?done={}", action.as_str()))
                .into_response(),
        ),
        Err(ApplyError::Conflict) => Err(AppError::Conflict),
        Err(ApplyError::NotFound) => Err(AppError::NotFound),
        Err(ApplyError::Refused(refusal)) => {
            // Beside the step's form, or at the top of the steps when the page did not
            // offer this one (there is no form of it to show the message in).
            let mut errors = FormErrors::default();
            errors.add(
                if offered { action.as_str() } else { "actions" },
                refusal.message(),
            );
            render(&state, &user, id, again(errors, input)).await
        }
        // A constraint the schema enforces (the second line of defence) is a message the
        // user can act on, not a 500; the cause goes to the log only.
        Err(ApplyError::Database(e)) if crate::db::violated_constraint(&e).is_some() => {
            tracing::warn!(error = %e, action = action.as_str(), "the database refused a recommendation step");
            let mut errors = FormErrors::default();
            errors.add(
                action.as_str(),
                "This step could not be saved: the recommendation lacks facts the law or the \
                 published record requires for it. Nothing was changed.",
            );
            render(&state, &user, id, again(errors, input)).await
        }
        Err(ApplyError::Database(e)) => Err(AppError::Database(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> Input {
        Input::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_date_input_names_the_missing_part_or_says_it_is_not_a_real_date() {
        let mut e = FormErrors::default();
        assert_eq!(
            required_date(&mut e, &input(&[]), "d", "the new due date"),
            None
        );
        assert_eq!(e.get("d"), Some("Enter the new due date"));
        let mut e = FormErrors::default();
        required_date(
            &mut e,
            &input(&[("d-day", "3"), ("d-year", "2026")]),
            "d",
            "the new due date",
        );
        assert_eq!(e.get("d"), Some("The new due date must include a month"));
        let mut e = FormErrors::default();
        required_date(
            &mut e,
            &input(&[("d-day", "31"), ("d-month", "2"), ("d-year", "2026")]),
            "d",
            "the new due date",
        );
        assert_eq!(e.get("d"), Some("The new due date must be a real date"));
        let mut e = FormErrors::default();
        assert_eq!(
            required_date(
                &mut e,
                &input(&[("d-day", " 7 "), ("d-month", "4"), ("d-year", "2026")]),
                "d",
                "the new due date",
            ),
            Some(day(2026, 4, 7))
        );
        assert!(e.is_empty());
    }

    #[test]
    fn a_date_received_in_the_future_is_refused() {
        let mut e = FormErrors::default();
        let typed = input(&[("r-day", "2"), ("r-month", "3"), ("r-year", "2026")]);
        assert_eq!(
            past_date(&mut e, &typed, "r", "the date received", day(2026, 3, 1)),
            None
        );
        assert_eq!(
            e.get("r"),
            Some("The date received must be today or in the past")
        );
    }

    #[test]
    fn text_fields_are_required_and_have_a_maximum_length() {
        let mut e = FormErrors::default();
        let long = "x".repeat(MAX_SUMMARY + 1);
        let typed = input(&[("s", &long)]);
        assert_eq!(
            required_text(&mut e, &typed, "s", "a summary", MAX_SUMMARY),
            None
        );
        assert_eq!(
            e.get("s"),
            Some("A summary must be 1,000 characters or fewer")
        );
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(200), "200");
    }

    #[test]
    fn every_recommendation_event_reads_in_the_past_tense() {
        for a in RecommendationAction::ALL {
            assert!(event_label(a.as_str()).is_some(), "{a:?}");
        }
        assert_eq!(
            event_label("make_recommendation"),
            Some("Recommendation made")
        );
        assert_eq!(event_label("log"), None);
    }
}
