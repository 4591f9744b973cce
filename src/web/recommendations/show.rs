//! One recommendation and its steps.

use std::str::FromStr;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::recommendations::{self as db, RecommendationDetails};
use crate::db::workflow::{ActingUser, ApplyError};
use crate::domain::vocab::{RecommendationResponse, RecommendationStage, Role};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::ids::parse_id;
use crate::web::shared::render::{Page, html};
use crate::web::shared::timeline::{TimelineItem, timeline_item};
use crate::workflow::clocks::{self, DeadlineStatus};
use crate::workflow::english_date;
use crate::workflow::recommendation::{
    RecommendationAction, RecommendationCommand, RecommendationSnapshot, available_actions,
};

use super::*;
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
        clocks::recommendation_deadline(d.stage, d.made_on, d.extended_to, d.response_received_on)
            .map(|dl| {
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
}
