//! The case page: everything known about one case, the statutory deadlines it runs under,
//! its history in plain English, and the steps the workflow lets this user take now.
//!
//! Shape:
//!
//! * `GET /cases/{case_id}` reads the case through the user's scope (a case outside it, or a
//!   malformed id, is a 404 so its existence is not revealed), turns the rows into view
//!   structs here (sentences, deadlines, withheld marks) so the template only lays them out.
//! * The action forms are generated, not hand-written: for every [`CaseAction`] that
//!   `available_actions(snapshot, actor, today)` returns, [`params_for`] lists the choices the
//!   matching [`CaseCommand`] needs (recording reason, referral type, mode of investigation,
//!   an outcome per allegation, the mode of a re-investigation). The same list drives the
//!   radios on the page and the parsing of the posted form, so they cannot drift.
//! * `POST /cases/{case_id}/actions` checks the CSRF token (403), the scope (404) and the
//!   version the page was drawn with (409 when someone else moved the case first), parses
//!   the form into a `CaseCommand` (422 with the GOV.UK error summary, the message beside the
//!   field and the input kept) and applies it in one transaction (`db::workflow::apply_case`).
//!   The workflow's refusal is shown in plain English (422); success is a 303 back to the
//!   page with a confirmation banner. An action the page did not offer still goes through the
//!   workflow, which refuses it: nothing the law forbids can happen through this route.

use std::collections::HashMap;
use std::str::FromStr;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use uuid::Uuid;

use super::AppState;
use super::auth::CurrentUser;
use super::forms::FormErrors;
use super::render::{Page, html};
use crate::auth::session::StaffUser;
use crate::db::case_page::{self as db, CaseDetails, EventRow};
use crate::db::workflow::{ActingUser, ApplyError, apply_case, load_case};
use crate::domain::vocab::{
    AllegationOutcome, CaseKind, CaseStage, InvestigationMode, RecommendationStage,
    RecordingReason, ReferralType, ReviewFollowUp, ReviewStage, Role, SubjectStage,
};
use crate::error::{AppError, AppResult};
use crate::workflow::case::{CaseAction, CaseCommand, CaseSnapshot, available_actions};
use crate::workflow::clocks::{self, Deadline, DeadlineKind, DeadlineStatus};
use crate::workflow::{Calendar, RecommendationAction, ReviewAction, SubjectAction, english_date};

/// One row of a GOV.UK summary list; `withheld` is the harm-test reason when the value is
/// withheld from the complainant (staff still see it).
pub struct Item {
    key: String,
    value: String,
    withheld: Option<String>,
}

fn item(key: &str, value: impl Into<String>) -> Item {
    Item {
        key: key.to_owned(),
        value: value.into(),
        withheld: None,
    }
}

/// A complainant, interested person or agent, as summary rows.
pub struct PersonView {
    heading: String,
    rows: Vec<Item>,
}

pub struct AllegationView {
    number: usize,
    category: String,
    description: String,
    subjects: String,
    handling: String,
    outcome: String,
    withheld: Option<String>,
}

pub struct SubjectView {
    href: String,
    name: String,
    role: String,
    stage: &'static str,
    severity: String,
    determination: String,
    proceedings: String,
    barred_list: bool,
}

pub struct DeadlineView {
    name: String,
    source: &'static str,
    text: String,
    overdue: bool,
    due_soon: bool,
    unverified: bool,
}

pub struct EvidenceView {
    description: String,
    source: String,
    received: String,
    logged_by: String,
    withheld: Option<String>,
}

pub struct ContactView {
    on: String,
    method: &'static str,
    person: String,
    summary: String,
    by: String,
}

pub struct LinkView {
    href: String,
    reference: String,
    kind: &'static str,
    stage: &'static str,
    reason: &'static str,
}

pub struct RecommendationView {
    title: String,
    text: String,
    rows: Vec<Item>,
}

pub struct TimelineItem {
    title: String,
    summary: Option<String>,
    who: String,
    when: String,
    datetime: String,
}

/// One radio button of an action's choice.
pub struct OptionView {
    id: String,
    value: &'static str,
    label: String,
    checked: bool,
}

/// One required choice of an action (a fieldset of radios).
pub struct FieldView {
    id: String,
    name: String,
    legend: String,
    options: Vec<OptionView>,
    error: Option<String>,
}

/// The form for one action the user may take.
pub struct ActionForm {
    code: &'static str,
    label: &'static str,
    description: Option<String>,
    fields: Vec<FieldView>,
}

#[derive(askama::Template)]
#[template(path = "cases/show.html")]
struct CasePage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    case_id: Uuid,
    reference: String,
    kind: &'static str,
    stage: &'static str,
    stage_tag: &'static str,
    version: i32,
    banner: Option<(String, String)>,
    errors: FormErrors,
    summary: Vec<Item>,
    people: Vec<PersonView>,
    withheld_other: Vec<(String, String)>,
    allegations: Vec<AllegationView>,
    subjects: Vec<SubjectView>,
    investigation: Vec<Item>,
    deadlines: Vec<DeadlineView>,
    evidence: Vec<EvidenceView>,
    contacts: Vec<ContactView>,
    links: Vec<LinkView>,
    recommendations: Vec<RecommendationView>,
    timeline: Vec<TimelineItem>,
    actions: Vec<ActionForm>,
    is_complaint: bool,
    can_add_subject: bool,
}

/// The query string of the case page: `done` names the action just taken (for the banner).
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

fn parse_id(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

/// `GET /cases/{case_id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let case_id = parse_id(&case_id)?;
    let banner = query
        .done
        .as_deref()
        .and_then(|d| CaseAction::from_str(d).ok());
    render(
        &state,
        &user,
        case_id,
        Rendering {
            banner,
            ..Rendering::default()
        },
    )
    .await
}

/// What a rendering of the page carries besides the case: the banner after a step, or the
/// errors and kept input of a refused form.
#[derive(Default)]
struct Rendering {
    banner: Option<CaseAction>,
    errors: FormErrors,
    posted: Option<(CaseAction, HashMap<String, String>)>,
    status: Option<StatusCode>,
}

async fn render(
    state: &AppState,
    user: &StaffUser,
    case_id: Uuid,
    rendering: Rendering,
) -> AppResult<Response> {
    // One connection for the whole page: the page's queries run back to back on it.
    let mut conn = state.pool.acquire().await?;
    let details = db::load(&mut conn, case_id, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let (snapshot, version) = load_case(&mut conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let calendar = state.calendar().await?;
    let today = details.case.today;
    let available = available_actions(&snapshot, &user.actor(), today);
    let actions = available
        .iter()
        .map(|&action| {
            let posted = rendering
                .posted
                .as_ref()
                .filter(|(a, _)| *a == action)
                .map(|(_, values)| values);
            action_form(action, &snapshot, &details, posted, &rendering.errors)
        })
        .collect();
    let banner = rendering
        .banner
        .map(|a| banner_text(a, details.case.kind, details.case.stage));
    let mut page = build_page(
        user,
        &details,
        version,
        &calendar,
        today,
        actions,
        banner,
        rendering.errors,
    );
    page.can_add_subject = super::subject_new::offers_adding(user, &snapshot);
    let response = html(&page)?;
    Ok(match rendering.status {
        Some(status) => (status, response).into_response(),
        None => response,
    })
}

/// `POST /cases/{case_id}/actions`
pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut values: HashMap<String, String> = HashMap::new();
    for (k, v) in pairs {
        values.entry(k).or_insert(v);
    }
    let csrf = values.get("csrf_token").map_or("", String::as_str);
    user.check_csrf(&state.pool, csrf).await?;
    let case_id = parse_id(&case_id)?;
    if !db::in_scope(&state.pool, case_id, user.scope()).await? {
        return Err(AppError::NotFound);
    }
    let expected_version = values
        .get("version")
        .and_then(|v| v.trim().parse::<i32>().ok());
    let action = values
        .get("action")
        .and_then(|a| CaseAction::from_str(a).ok());
    let (Some(expected_version), Some(action)) = (expected_version, action) else {
        // Not a form this page drew: show the page again with what to do.
        let mut errors = FormErrors::default();
        errors.add(
            "actions",
            "Choose one of the actions on this page. If the page was open for a while, reload it first.",
        );
        return render(
            &state,
            &user,
            case_id,
            Rendering {
                errors,
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                ..Rendering::default()
            },
        )
        .await;
    };

    let mut conn = state.pool.acquire().await?;
    let (snapshot, version) = load_case(&mut conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    if version != expected_version {
        return Err(AppError::Conflict);
    }
    let today = db::today(&state.pool).await?;
    // Scope was checked above; only the labels are needed, not the whole page.
    let categories = db::allegation_categories(&state.pool, case_id).await?;
    let allegations = allegation_labels(categories.iter().map(String::as_str));
    let specs = params_for(action, &snapshot, &allegations);
    let offered = available_actions(&snapshot, &user.actor(), today).contains(&action);
    let chosen = if offered {
        match choose(action, &specs, &values) {
            Ok(chosen) => chosen,
            Err(errors) => {
                return render(
                    &state,
                    &user,
                    case_id,
                    Rendering {
                        errors,
                        posted: Some((action, values)),
                        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                        ..Rendering::default()
                    },
                )
                .await;
            }
        }
    } else {
        // Not offered: the workflow will refuse it whatever the choices, and its refusal
        // says why. Fill any missing choice so the command can be built and asked.
        specs
            .iter()
            .map(|s| {
                let v = values
                    .get(&s.name)
                    .and_then(|v| s.options.iter().find(|(code, _)| code == v))
                    .or_else(|| s.options.first())
                    .map_or("", |(code, _)| *code);
                (s.name.clone(), v)
            })
            .collect()
    };
    let command = command_for(action, &snapshot, &chosen);
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    match apply_case(
        &state.pool,
        case_id,
        expected_version,
        &command,
        &acting,
        today,
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/cases/{case_id}?done={}", action.as_str())).into_response())
        }
        Err(ApplyError::Conflict) => Err(AppError::Conflict),
        Err(ApplyError::NotFound) => Err(AppError::NotFound),
        // A constraint the schema enforces (the second line of defence) is a refusal the
        // user can read, not a 500; the cause goes to the log only.
        Err(ApplyError::Database(e))
            if e.as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| c.starts_with("23")) =>
        {
            tracing::warn!(error = %e, action = action.as_str(), "the database refused a case step");
            let mut errors = FormErrors::default();
            errors.add(
                "actions",
                "This step could not be saved: the case record lacks facts the law requires for it. \
                 Nothing was changed.",
            );
            render(
                &state,
                &user,
                case_id,
                Rendering {
                    errors,
                    posted: Some((action, values)),
                    status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                    ..Rendering::default()
                },
            )
            .await
        }
        Err(ApplyError::Database(e)) => Err(AppError::Database(e)),
        Err(ApplyError::Refused(refusal)) => {
            let mut errors = FormErrors::default();
            errors.add("actions", refusal.message());
            render(
                &state,
                &user,
                case_id,
                Rendering {
                    errors,
                    posted: Some((action, values)),
                    status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                    ..Rendering::default()
                },
            )
            .await
        }
    }
}

/// The allegations' labels ("Allegation 1: Delivery of duties and service"), in page order.
fn allegation_labels<'a>(categories: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    categories
        .into_iter()
        .enumerate()
        .map(|(i, category)| format!("Allegation {}: {category}", i + 1))
        .collect()
}

/// A choice an action's command needs: the form field's name, its question, the error when
/// it is left empty, and the allowed answers (code, label).
#[derive(Debug, Clone)]
pub struct ParamSpec {
    pub name: String,
    pub legend: String,
    pub missing: String,
    pub options: Vec<(&'static str, &'static str)>,
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&t| (code(t), label(t))).collect()
}

/// The upheld review's follow-up needs a new investigation, whose mode must be chosen.
fn review_needs_mode(snapshot: &CaseSnapshot) -> bool {
    snapshot.review.as_ref().is_some_and(|r| {
        r.stage == ReviewStage::Upheld
            && matches!(
                r.follow_up,
                Some(ReviewFollowUp::Reinvestigation | ReviewFollowUp::MustBeInvestigated)
            )
    })
}

fn modes(legacy: bool) -> Vec<(&'static str, &'static str)> {
    InvestigationMode::ALL
        .iter()
        .filter(|m| {
            legacy
                || matches!(
                    m,
                    InvestigationMode::Local
                        | InvestigationMode::Directed
                        | InvestigationMode::Independent
                )
        })
        .map(|&m| (m.as_str(), m.label()))
        .collect()
}

/// The choices the command of `action` needs on this case (empty for most actions).
pub fn params_for(
    action: CaseAction,
    snapshot: &CaseSnapshot,
    allegations: &[String],
) -> Vec<ParamSpec> {
    match action {
        // Sch 3 para 2(6)-(6B): a complaint is recorded for a reason; conduct and DSI
        // matters have none.
        CaseAction::Record if snapshot.kind == CaseKind::Complaint => vec![ParamSpec {
            name: "reason".into(),
            legend: "Why is the complaint being recorded?".into(),
            missing: "Select why the complaint is being recorded".into(),
            options: options(
                RecordingReason::ALL,
                RecordingReason::as_str,
                RecordingReason::label,
            ),
        }],
        // Para 4, 13: the force makes mandatory or voluntary referrals; calling in is the IOPC's.
        CaseAction::Refer => vec![ParamSpec {
            name: "referral_type".into(),
            legend: "What kind of referral is it?".into(),
            missing: "Select the kind of referral".into(),
            options: options(
                &[ReferralType::Mandatory, ReferralType::Voluntary],
                ReferralType::as_str,
                ReferralType::label,
            ),
        }],
        // Para 15: the mode of investigation (legacy modes only under the old rules).
        CaseAction::DecideInvestigation => vec![ParamSpec {
            name: "mode".into(),
            legend: "What mode of investigation?".into(),
            missing: "Select the mode of investigation".into(),
            options: modes(snapshot.legacy),
        }],
        CaseAction::ConcludeReview if review_needs_mode(snapshot) => vec![ParamSpec {
            name: "mode".into(),
            legend: "What mode of investigation does the review require?".into(),
            missing: "Select the mode of the new investigation".into(),
            options: modes(snapshot.legacy),
        }],
        // CMR reg 34: an outcome per allegation.
        CaseAction::DecideOutcome => {
            let outcomes: Vec<_> = AllegationOutcome::ALL
                .iter()
                .filter(|o| {
                    snapshot.legacy
                        || !matches!(o, AllegationOutcome::Upheld | AllegationOutcome::NotUpheld)
                })
                .map(|&o| (o.as_str(), o.label()))
                .collect();
            if allegations.is_empty() {
                return vec![ParamSpec {
                    name: "outcome-1".into(),
                    legend: "What is the outcome of the complaint?".into(),
                    missing: "Select the outcome of the complaint".into(),
                    options: outcomes,
                }];
            }
            allegations
                .iter()
                .enumerate()
                .map(|(i, label)| ParamSpec {
                    name: format!("outcome-{}", i + 1),
                    legend: format!("{label}: what is the outcome?"),
                    missing: format!("Select the outcome of allegation {}", i + 1),
                    options: outcomes.clone(),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The id of a choice's fieldset (the error summary links to its first radio).
fn field_id(action: CaseAction, name: &str) -> String {
    format!("{}-{}", action.as_str(), name)
}

/// Validates the posted choices of an offered action: every choice made, and made from the
/// allowed answers. Returns the chosen codes by field name, or the errors in field order.
fn choose(
    action: CaseAction,
    specs: &[ParamSpec],
    values: &HashMap<String, String>,
) -> Result<HashMap<String, &'static str>, FormErrors> {
    let mut errors = FormErrors::default();
    let mut chosen = HashMap::new();
    for spec in specs {
        let picked = values
            .get(&spec.name)
            .and_then(|v| spec.options.iter().find(|(code, _)| code == v));
        match picked {
            Some((code, _)) => {
                chosen.insert(spec.name.clone(), *code);
            }
            None => errors.add(&field_id(action, &spec.name), spec.missing.clone()),
        }
    }
    if errors.is_empty() {
        Ok(chosen)
    } else {
        Err(errors)
    }
}

fn pick<T: FromStr>(chosen: &HashMap<String, &'static str>, name: &str) -> Option<T> {
    chosen.get(name).and_then(|v| v.parse().ok())
}

/// Builds the command of `action` from the chosen codes (already checked against the
/// allowed answers by [`choose`]).
pub fn command_for(
    action: CaseAction,
    snapshot: &CaseSnapshot,
    chosen: &HashMap<String, &'static str>,
) -> CaseCommand {
    use CaseAction as A;
    use CaseCommand as C;
    match action {
        A::Record => C::Record {
            reason: pick(chosen, "reason").unwrap_or(RecordingReason::MustBeRecorded),
        },
        A::HandleOutsideSchedule3 => C::HandleOutsideSchedule3,
        A::RecordAfterDissatisfaction => C::RecordAfterDissatisfaction,
        A::Refer => C::Refer {
            referral_type: pick(chosen, "referral_type").unwrap_or(ReferralType::Voluntary),
        },
        A::CallIn => C::CallIn,
        A::TreatAsReferred => C::TreatAsReferred,
        A::DecideInvestigation => C::DecideInvestigation {
            mode: pick(chosen, "mode").unwrap_or(InvestigationMode::Local),
        },
        A::ReferBack => C::ReferBack,
        A::HandleOtherwise => C::HandleOtherwise,
        A::StartLocalInvestigation => C::StartLocalInvestigation,
        A::NoFurtherAction => C::NoFurtherAction,
        A::Suspend => C::Suspend,
        A::Resume => C::Resume,
        A::SubmitReport => C::SubmitReport,
        A::RequireReinvestigation => C::RequireReinvestigation,
        A::CompleteDeterminations => C::CompleteDeterminations,
        A::DecideOutcome => {
            let mut outcomes = Vec::new();
            let mut i = 1;
            while let Some(o) = pick::<AllegationOutcome>(chosen, &format!("outcome-{i}")) {
                outcomes.push(o);
                i += 1;
            }
            C::DecideOutcome { outcomes }
        }
        A::NotifyOutcome => C::NotifyOutcome,
        A::ApplyForReview => C::ApplyForReview,
        A::ConcludeReview => C::ConcludeReview {
            mode: if review_needs_mode(snapshot) {
                pick(chosen, "mode")
            } else {
                None
            },
        },
        A::Close => C::Close,
        A::Withdraw => C::Withdraw,
        A::Discontinue => C::Discontinue,
        A::Disapply => C::Disapply,
    }
}

fn action_form(
    action: CaseAction,
    snapshot: &CaseSnapshot,
    details: &CaseDetails,
    posted: Option<&HashMap<String, String>>,
    errors: &FormErrors,
) -> ActionForm {
    let specs = params_for(
        action,
        snapshot,
        &allegation_labels(details.allegations.iter().map(|a| a.category.as_str())),
    );
    let fields = specs
        .into_iter()
        .map(|spec| {
            let id = field_id(action, &spec.name);
            let selected = posted.and_then(|p| p.get(&spec.name));
            let options = spec
                .options
                .iter()
                .enumerate()
                .map(|(i, (code, label))| OptionView {
                    id: if i == 0 {
                        id.clone()
                    } else {
                        format!("{id}-{}", i + 1)
                    },
                    value: code,
                    label: (*label).to_owned(),
                    checked: selected.is_some_and(|s| s == code),
                })
                .collect();
            FieldView {
                error: errors.get(&id).map(str::to_owned),
                id,
                name: spec.name,
                legend: spec.legend,
                options,
            }
        })
        .collect();
    ActionForm {
        code: action.as_str(),
        label: action.label(),
        description: action_description(action, snapshot),
        fields,
    }
}

/// The plain-English description of the step this action takes from the case's stage.
fn action_description(action: CaseAction, snapshot: &CaseSnapshot) -> Option<String> {
    crate::workflow::case::TABLE
        .iter()
        .find(|r| {
            r.action == action
                && r.from.contains(&snapshot.stage)
                && r.kinds.contains(&snapshot.kind)
        })
        .map(|r| format!("{} ({})", r.description, r.source))
}

/// The banner after a step: (heading, body).
fn banner_text(action: CaseAction, kind: CaseKind, stage: CaseStage) -> (String, String) {
    let heading = match action {
        CaseAction::Record if kind == CaseKind::Complaint => "Recorded under Schedule 3".to_owned(),
        CaseAction::Record => format!("Recorded as a {}", kind.label().to_lowercase()),
        CaseAction::HandleOutsideSchedule3 => "Being handled outside Schedule 3".to_owned(),
        CaseAction::RecordAfterDissatisfaction => "Recorded under Schedule 3".to_owned(),
        CaseAction::Refer => "Referred to the IOPC".to_owned(),
        CaseAction::CallIn => "Called in by the IOPC".to_owned(),
        CaseAction::TreatAsReferred => "Treated as referred to the IOPC".to_owned(),
        CaseAction::DecideInvestigation => "Investigation decided".to_owned(),
        CaseAction::ReferBack => "Referred back to the force".to_owned(),
        CaseAction::Withdraw => "Withdrawal recorded".to_owned(),
        CaseAction::Close => "Case closed".to_owned(),
        other => format!("{}: done", other.label()),
    };
    (
        heading,
        format!("The case is now at the stage “{}”.", stage.label()),
    )
}

/// The GOV.UK tag colour for a stage.
fn stage_tag(stage: CaseStage) -> &'static str {
    match stage {
        CaseStage::Logged => "govuk-tag--grey",
        CaseStage::Closed
        | CaseStage::Withdrawn
        | CaseStage::Discontinued
        | CaseStage::Disapplied => "govuk-tag--grey",
        CaseStage::Referred | CaseStage::ReferredBack => "govuk-tag--purple",
        CaseStage::UnderInvestigation | CaseStage::ReportReceived => "govuk-tag--blue",
        CaseStage::InvestigationSuspended => "govuk-tag--orange",
        CaseStage::UnderReview => "govuk-tag--pink",
        CaseStage::OutcomeDecided | CaseStage::OutcomeNotified | CaseStage::DeterminationsMade => {
            "govuk-tag--green"
        }
        _ => "govuk-tag--light-blue",
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "Not recorded".to_owned(), english_date)
}

fn when(t: NaiveDateTime) -> String {
    format!("{}, {}", english_date(t.date()), t.format("%H:%M"))
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// Withheld items by what they point at.
struct Withheld<'a>(&'a [db::WithheldRow]);

impl Withheld<'_> {
    /// The reason a field (or, with `field` None, the whole record) is withheld.
    fn reason(&self, kind: &str, id: Uuid, field: Option<&str>) -> Option<String> {
        self.0
            .iter()
            .find(|w| {
                w.entity_kind.as_deref() == Some(kind)
                    && w.entity_id == Some(id)
                    && (w.field_name.is_none() || w.field_name.as_deref() == field)
            })
            .map(|w| w.reason.clone())
    }
}

fn marked(mut i: Item, withheld: &Withheld<'_>, kind: &str, id: Uuid, field: &str) -> Item {
    i.withheld = withheld.reason(kind, id, Some(field));
    i
}

fn role_label(code: Option<&str>) -> String {
    match code {
        Some("complainant") => "Complainant".to_owned(),
        Some("system") => "System".to_owned(),
        Some(code) => {
            Role::from_str(code).map_or_else(|_| humanize(code), |r| r.label().to_owned())
        }
        None => String::new(),
    }
}

/// "log_evidence" -> "Log evidence".
fn humanize(code: &str) -> String {
    let spaced = code.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn action_label(entity_kind: &str, action: &str) -> String {
    let known = match entity_kind {
        "case" | "case_record" => CaseAction::from_str(action).ok().map(CaseAction::label),
        "case_subject" => SubjectAction::from_str(action)
            .ok()
            .map(SubjectAction::label),
        "review" => ReviewAction::from_str(action).ok().map(ReviewAction::label),
        "recommendation" => RecommendationAction::from_str(action)
            .ok()
            .map(RecommendationAction::label),
        _ => None,
    };
    if let Some(label) = known {
        return label.to_owned();
    }
    match action {
        "log" => "Logged".to_owned(),
        "log_evidence" => "Evidence logged".to_owned(),
        "log_contact" => "Contact with the complainant logged".to_owned(),
        "send_progress_notice" => "Progress notice sent".to_owned(),
        "make_recommendation" => "Recommendation made".to_owned(),
        "withhold" => "Information withheld under the harm test".to_owned(),
        "add_subject" => "Subject added".to_owned(),
        "record_left_force" => "Recorded as having left the force".to_owned(),
        other => humanize(other),
    }
}

fn state_label(entity_kind: &str, code: &str) -> String {
    let known = match entity_kind {
        "case" | "case_record" => CaseStage::from_str(code).ok().map(CaseStage::label),
        "case_subject" => SubjectStage::from_str(code).ok().map(SubjectStage::label),
        "review" => ReviewStage::from_str(code).ok().map(ReviewStage::label),
        "recommendation" => RecommendationStage::from_str(code)
            .ok()
            .map(RecommendationStage::label),
        _ => None,
    };
    known.map_or_else(|| humanize(code), str::to_owned)
}

/// One audit event as a sentence: "Refer to the IOPC — stage changed from Recorded to
/// Referred to the IOPC".
pub fn event_sentence(e: &EventRow) -> String {
    let mut s = String::new();
    if let Some(name) = &e.subject_name {
        s.push_str(name);
        s.push_str(": ");
    }
    s.push_str(&action_label(&e.entity_kind, &e.action));
    match (e.from_state.as_deref(), e.to_state.as_deref()) {
        (Some(from), Some(to)) if from != to => s.push_str(&format!(
            " — stage changed from {} to {}",
            state_label(&e.entity_kind, from),
            state_label(&e.entity_kind, to)
        )),
        (None, Some(to)) => s.push_str(&format!(
            " — stage is now {}",
            state_label(&e.entity_kind, to)
        )),
        _ => {}
    }
    s
}

fn timeline_item(e: &EventRow) -> TimelineItem {
    let who = match (&e.actor_name, &e.actor_description) {
        (Some(name), _) => {
            let role = role_label(e.actor_role.as_deref());
            if role.is_empty() {
                name.clone()
            } else {
                format!("{name} ({role})")
            }
        }
        (None, Some(d)) => humanize(d),
        (None, None) => role_label(e.actor_role.as_deref()),
    };
    TimelineItem {
        title: event_sentence(e),
        summary: e.summary.clone(),
        who,
        when: when(e.occurred_at),
        datetime: e.occurred_at.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

fn deadline_view(name: String, d: &Deadline, today: NaiveDate, cal: &Calendar) -> DeadlineView {
    let status = d.status(today, cal);
    DeadlineView {
        name,
        source: d.kind.source(),
        text: d.describe(today, cal),
        overdue: status == DeadlineStatus::Overdue,
        due_soon: status == DeadlineStatus::DueSoon,
        unverified: d.kind.unverified(),
    }
}

/// The statutory deadlines that apply to the case at its stage, computed with the
/// workflow's clocks.
pub fn deadlines(d: &CaseDetails, cal: &Calendar, today: NaiveDate) -> Vec<DeadlineView> {
    use CaseStage as S;
    let c = &d.case;
    let mut out = Vec::new();
    let kept_informed = d
        .people
        .iter()
        .any(|p| p.role == "complainant" || p.consent_given == Some(true));
    // CMR reg 34(2)(a): updates every 4 weeks while the case is handled.
    if kept_informed
        && matches!(
            c.stage,
            S::Recorded
                | S::Referred
                | S::ReferredBack
                | S::HandledOtherwise
                | S::UnderInvestigation
                | S::InvestigationSuspended
                | S::ReportReceived
                | S::DeterminationsMade
                | S::OutcomeDecided
        )
    {
        let start = c.recorded_on.or(c.logged_on).unwrap_or(c.received_on);
        let last = d
            .contacts
            .iter()
            .map(|x| x.contacted_on)
            .filter(|&x| x >= start)
            .max()
            .unwrap_or(start);
        let dl = clocks::complainant_update_due(last);
        out.push(deadline_view(
            DeadlineKind::ComplainantUpdate.name().to_owned(),
            &dl,
            today,
            cal,
        ));
    }
    // CMR reg 34: the outcome letter within 5 working days.
    if c.stage == S::OutcomeDecided
        && let Some(on) = d.outcome_decided_on
    {
        let dl = clocks::outcome_notification_due(on, cal);
        out.push(deadline_view(
            DeadlineKind::OutcomeNotification.name().to_owned(),
            &dl,
            today,
            cal,
        ));
    }
    // CMR reg 29: the complainant's review window (theirs, so it closes rather than runs late).
    if c.stage == S::OutcomeNotified
        && c.review_right != Some(false)
        && let Some(letter) = c.review_right_notified_on.or(c.outcome_notified_on)
    {
        let dl = clocks::review_application_due(letter);
        let mut view = deadline_view(
            DeadlineKind::ReviewApplication.name().to_owned(),
            &dl,
            today,
            cal,
        );
        if dl.is_overdue(today) {
            view.overdue = false;
            view.text = format!("the window closed on {}", english_date(dl.due));
        }
        out.push(view);
    }
    // CMR reg 13; PCR reg 19: investigations over 12 months.
    if matches!(c.stage, S::UnderInvestigation | S::InvestigationSuspended) {
        for i in d
            .investigations
            .iter()
            .filter(|i| i.report_submitted_on.is_none())
        {
            let suspensions: Vec<clocks::Suspension> = i
                .suspensions
                .iter()
                .map(|(from, to, _)| clocks::Suspension {
                    from: *from,
                    resumed_on: *to,
                })
                .collect();
            let clock =
                clocks::investigation_clock(i.started_on, &suspensions, i.last_notice_on, today);
            let mut view = deadline_view(
                DeadlineKind::InvestigationProgressNotice.name().to_owned(),
                &clock.next_notice_including_suspension,
                today,
                cal,
            );
            if clock.next_notice_excluding_suspension.due
                != clock.next_notice_including_suspension.due
            {
                view.text.push_str(&format!(
                    " (excluding suspensions: {})",
                    english_date(clock.next_notice_excluding_suspension.due)
                ));
            }
            out.push(view);
        }
    }
    // Sch 3 para 28B: responses to recommendations, then their publication.
    for r in &d.recommendations {
        let title = r
            .title
            .clone()
            .unwrap_or_else(|| "recommendation".to_owned());
        match r.stage {
            RecommendationStage::Made => {
                let dl = clocks::recommendation_response_deadline(r.made_on, r.extended_to);
                out.push(deadline_view(
                    format!("Respond to the recommendation “{title}”"),
                    &dl,
                    today,
                    cal,
                ));
            }
            RecommendationStage::ResponseReceived => {
                if let Some(received) = r.response_received_on {
                    let dl = clocks::publication_due(received);
                    out.push(deadline_view(
                        format!("Publish the response to “{title}”"),
                        &dl,
                        today,
                        cal,
                    ));
                }
            }
            RecommendationStage::Published => {}
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn build_page<'a>(
    user: &'a StaffUser,
    d: &CaseDetails,
    version: i32,
    cal: &Calendar,
    today: NaiveDate,
    actions: Vec<ActionForm>,
    banner: Option<(String, String)>,
    errors: FormErrors,
) -> CasePage<'a> {
    let c = &d.case;
    let withheld = Withheld(&d.withheld);
    let reference = c
        .iopc_reference
        .clone()
        .or_else(|| c.force_reference.clone())
        .unwrap_or_else(|| c.case_id.to_string());

    let mut summary = vec![
        item(
            "IOPC reference",
            c.iopc_reference
                .clone()
                .unwrap_or_else(|| "None yet".into()),
        ),
        item(
            "Force reference",
            c.force_reference.clone().unwrap_or_else(|| "None".into()),
        ),
        item("Kind of case", c.kind.label()),
        item("Force", c.force_name.clone()),
        marked(
            item("Summary", c.summary.clone()),
            &withheld,
            "case_record",
            c.case_id,
            "summary",
        ),
        item("Received", english_date(c.received_on)),
        item("Logged", date(c.logged_on)),
    ];
    if c.kind == CaseKind::Complaint {
        let s3 = match c.schedule3 {
            Some(true) => "Recorded under Schedule 3",
            Some(false) => "Handled outside Schedule 3",
            None => "Not yet decided",
        };
        summary.push(item("Schedule 3", s3));
    }
    summary.push(item("Recorded", date(c.recorded_on)));
    if let Some(reason) = c.recording_reason {
        summary.push(item("Why it was recorded", reason.label()));
    }
    if let Some(mode) = c.investigation_mode {
        summary.push(item("Mode of investigation", mode.label()));
    }
    if let Some(d) = c.incident_date {
        summary.push(item("Date of the incident", english_date(d)));
    }
    if let Some(p) = &c.incident_place {
        summary.push(marked(
            item("Place of the incident", p.clone()),
            &withheld,
            "case_record",
            c.case_id,
            "incident_place",
        ));
    }
    if let Some(w) = &c.what_complainant_wants {
        summary.push(item("What the complainant wants", w.clone()));
    }
    if let Some(h) = &c.how_it_came_to_light {
        summary.push(item("How it came to light", h.clone()));
    }
    if let (Some(k), Some(ctx)) = (&c.dsi_kind, &c.dsi_context) {
        summary.push(item(
            "Death or serious injury",
            format!(
                "{} after {}",
                humanize(k),
                if ctx == "custody" {
                    "arrest or custody"
                } else {
                    "contact with the police"
                }
            ),
        ));
    }
    summary.push(item(
        "Assigned to",
        c.assigned_to.clone().unwrap_or_else(|| "Nobody".into()),
    ));
    if c.outcome_notified_on.is_some() {
        summary.push(item("Outcome notified", date(c.outcome_notified_on)));
    }
    if let Some(r) = c.review_right {
        summary.push(item("Right of review", yes_no(r)));
    }
    if c.closed_on.is_some() {
        summary.push(item("Closed", date(c.closed_on)));
    }
    if c.legacy {
        summary.push(item("Rules", "Before 1 February 2020 (legacy)"));
    }

    let people = d
        .people
        .iter()
        .map(|p| {
            let id = p.person_id;
            let heading = if p.role == "interested_person" {
                format!("Interested person: {}", p.full_name)
            } else {
                format!("Complainant: {}", p.full_name)
            };
            // Each contact detail, marked where the harm test withholds it.
            let details = [
                ("Name", Some(p.full_name.clone()), "full_name"),
                ("Address", p.address.clone(), "address"),
                ("Email", p.email.clone(), "email"),
                ("Telephone", p.phone.clone(), "phone"),
                (
                    "Date of birth",
                    p.date_of_birth.map(english_date),
                    "date_of_birth",
                ),
            ];
            let mut rows: Vec<Item> = details
                .into_iter()
                .filter_map(|(label, value, field)| {
                    value.map(|v| marked(item(label, v), &withheld, "person", id, field))
                })
                .collect();
            rows.push(item(
                "Preferred contact",
                p.contact_method.map_or("Not stated", |m| m.label()),
            ));
            rows.push(item("Language", p.preferred_language.label()));
            let mut access = Vec::new();
            if p.easy_read {
                access.push("Easy read".to_owned());
            }
            if let Some(n) = &p.accessibility_needs {
                access.push(n.clone());
            }
            rows.push(marked(
                item(
                    "Accessibility needs",
                    if access.is_empty() {
                        "None stated".to_owned()
                    } else {
                        access.join("; ")
                    },
                ),
                &withheld,
                "person",
                id,
                "accessibility_needs",
            ));
            if let Some(agent) = &p.agent_name {
                rows.push(item("Agent", agent.clone()));
            }
            if let Some(consent) = p.consent_given {
                rows.push(item("Consents to receive information", yes_no(consent)));
            }
            PersonView { heading, rows }
        })
        .collect();
    // Every withheld item, listed as well as marked beside the value it concerns.
    let withheld_other = d
        .withheld
        .iter()
        .map(|w| (w.description.clone(), w.reason.clone()))
        .collect();

    let allegations = d
        .allegations
        .iter()
        .enumerate()
        .map(|(i, a)| AllegationView {
            number: i + 1,
            category: a.category.clone(),
            description: a.description.clone(),
            subjects: if a.subjects.is_empty() {
                "Nobody identified".to_owned()
            } else {
                a.subjects.join(", ")
            },
            handling: a
                .handling_type
                .map_or("Not yet decided", |h| h.label())
                .to_owned(),
            outcome: match (a.outcome, &a.outcome_detail) {
                (Some(o), Some(detail)) => format!("{}. {detail}", o.label()),
                (Some(o), None) => o.label().to_owned(),
                (None, _) => "Not yet decided".to_owned(),
            },
            withheld: withheld.reason("allegation", a.allegation_id, None),
        })
        .collect();

    let subjects = d
        .subjects
        .iter()
        .map(|s| {
            let mut role = s.kind.label().to_owned();
            if let Some(rank) = &s.rank {
                role = format!("{rank} ({role})");
            }
            if let Some(n) = &s.collar_number {
                role.push_str(&format!(", number {n}"));
            }
            if s.left_force {
                role.push_str(", has left the force");
            }
            let determination = match (s.determination, s.determined_by) {
                (Some(det), Some(by)) => {
                    let mut t = format!("{} ({})", det.label(), by.label());
                    if let Some(view) = s.authority_view {
                        t.push_str(&format!("; the force {}", view.label().to_lowercase()));
                    }
                    t
                }
                (Some(det), None) => det.label().to_owned(),
                _ => "None yet".to_owned(),
            };
            let proceedings = match (
                s.proceedings_form,
                s.proceedings_finding,
                s.proceedings_outcome,
            ) {
                (Some(form), Some(finding), Some(outcome)) => {
                    format!("{}: {}; {}", form.label(), finding.label(), outcome.label())
                }
                (Some(form), Some(finding), None) => {
                    format!("{}: {}", form.label(), finding.label())
                }
                (Some(form), None, _) => format!("{}: not yet concluded", form.label()),
                _ => "None".to_owned(),
            };
            SubjectView {
                href: format!("/cases/{}/subjects/{}", c.case_id, s.case_subject_id),
                name: s
                    .name
                    .clone()
                    .unwrap_or_else(|| "Not yet identified".into()),
                role,
                stage: s.stage.label(),
                severity: s.severity.map_or_else(
                    || {
                        if s.special_procedures {
                            "Not yet assessed".to_owned()
                        } else {
                            "Special procedures do not apply".to_owned()
                        }
                    },
                    |v| v.label().to_owned(),
                ),
                determination,
                proceedings,
                barred_list: s.barred_list,
            }
        })
        .collect();

    let mut investigation = Vec::new();
    for r in &d.referrals {
        let decision = match (r.decision, r.decided_on) {
            (Some(dec), Some(on)) => {
                let mode = r
                    .decided_mode
                    .map(|m| format!(" ({} investigation)", m.label().to_lowercase()))
                    .unwrap_or_default();
                format!("{}{mode} on {}", dec.label(), english_date(on))
            }
            _ => "Awaiting the IOPC's assessment".to_owned(),
        };
        investigation.push(item(
            "Referral",
            format!(
                "{} on {}. {decision}.",
                r.referral_type.label(),
                english_date(r.referred_on)
            ),
        ));
    }
    for i in &d.investigations {
        investigation.push(item(
            "Investigation",
            format!(
                "{} investigation, started {}",
                i.mode.label(),
                english_date(i.started_on)
            ),
        ));
        if let Some(name) = &i.investigator_name {
            investigation.push(item("Investigator", name.clone()));
        }
        if let Some(t) = &i.terms_of_reference {
            investigation.push(item("Terms of reference", t.clone()));
        }
        for (from, to, reason) in &i.suspensions {
            let period = match to {
                Some(to) => format!("{} to {}", english_date(*from), english_date(*to)),
                None => format!("since {}", english_date(*from)),
            };
            investigation.push(item("Suspended", format!("{period}: {reason}")));
        }
        if let Some(n) = i.last_notice_on {
            investigation.push(item("Last progress notice", english_date(n)));
        }
        investigation.push(item(
            "Report",
            i.report_submitted_on.map_or_else(
                || "Not yet submitted".to_owned(),
                |r| format!("Submitted {}", english_date(r)),
            ),
        ));
    }
    for r in &d.reviews {
        let mut t = format!(
            "{}; applied {}; {}",
            r.review_body.label(),
            english_date(r.applied_on),
            r.stage.label()
        );
        if let Some(on) = r.decided_on {
            t.push_str(&format!(" on {}", english_date(on)));
        }
        if let Some(f) = r.follow_up {
            t.push_str(&format!("; {}", f.label()));
        }
        investigation.push(item("Review", t));
    }

    let evidence = d
        .evidence
        .iter()
        .map(|e| EvidenceView {
            description: e.description.clone(),
            source: e.source.clone().unwrap_or_default(),
            received: date(e.received_on),
            logged_by: e.logged_by.clone(),
            withheld: withheld.reason("evidence_item", e.evidence_item_id, None),
        })
        .collect();
    let contacts = d
        .contacts
        .iter()
        .map(|x| ContactView {
            on: english_date(x.contacted_on),
            method: x.method.label(),
            person: x.person.clone().unwrap_or_default(),
            summary: x.summary.clone(),
            by: x.by.clone(),
        })
        .collect();
    let links = d
        .links
        .iter()
        .map(|l| LinkView {
            href: format!("/cases/{}", l.other_case_id),
            reference: l.reference.clone(),
            kind: l.kind.label(),
            stage: l.stage.label(),
            reason: l.reason.label(),
        })
        .collect();
    let recommendations = d
        .recommendations
        .iter()
        .map(|r| {
            let mut rows = vec![
                item("Made to", r.recipient.clone()),
                item("Made on", english_date(r.made_on)),
                item(
                    "Response due",
                    english_date(r.extended_to.unwrap_or(r.response_due_on)),
                ),
                item("Stage", r.stage.label()),
            ];
            if let Some(resp) = r.response {
                rows.push(item("Do you accept the recommendation?", resp.label()));
            }
            if let Some(a) = &r.response_action {
                rows.push(item("Accepted action", a.clone()));
            }
            if let Some(p) = r.published_on {
                rows.push(item("Published", english_date(p)));
            }
            RecommendationView {
                title: r.title.clone().unwrap_or_else(|| "Recommendation".into()),
                text: r.text.clone(),
                rows,
            }
        })
        .collect();

    CasePage {
        lang: Page::ENGLISH,
        page_title: format!("Case {reference}"),
        user,
        nav: "cases",
        case_id: c.case_id,
        reference,
        kind: c.kind.label(),
        stage: c.stage.label(),
        stage_tag: stage_tag(c.stage),
        version,
        banner,
        errors,
        summary,
        people,
        withheld_other,
        allegations,
        subjects,
        investigation,
        deadlines: deadlines(d, cal, today),
        evidence,
        contacts,
        links,
        recommendations,
        timeline: d.events.iter().map(timeline_item).collect(),
        actions,
        is_complaint: c.kind == CaseKind::Complaint,
        can_add_subject: false,
    }
}
