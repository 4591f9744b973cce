//! One recommendation and its steps.

use std::str::FromStr;

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::session::StaffUser;
use crate::db::recommendations::{self as db, RecommendationDetails};
use crate::db::workflow::{ActingUser, ApplyError};
use crate::domain::vocab::{RecommendationResponse, RecommendationStage, Role};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::deadlines::{DeadlineView, deadline_view};
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{Field, Posted, Reader, StepFields, TextField, options};
use crate::web::shared::ids::{Ids, RecommendationId};
use crate::web::shared::render::{Page, html};
use crate::web::shared::step::{self, Again, StepForm, StepPage};
use crate::web::shared::timeline::{TimelineItem, timeline_item};
use crate::workflow::clocks;
use crate::workflow::english_date;
use crate::workflow::recommendation::{
    RecommendationAction, RecommendationCommand, RecommendationSnapshot, available_actions,
};

use super::{MAX_ACTION, MAX_REASON, MAX_SUMMARY};
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

/// An extension request as the page lists it.
pub struct RequestLine {
    pub asked: String,
    pub reason: String,
    pub outcome: String,
}

#[derive(askama::Template)]
#[template(path = "recommendations/show.html")]
struct ShowPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    version: i32,
    title: String,
    text: String,
    stage: &'static str,
    stage_tag: &'static str,
    case_href: Option<String>,
    case_reference: Option<String>,
    summary: Vec<Row>,
    deadline: Option<DeadlineView>,
    requests: Vec<RequestLine>,
    timeline: Vec<TimelineItem>,
    banner: Option<(String, String)>,
    errors: FormErrors,
    /// The forms of the steps this user may take now.
    actions: Vec<StepForm>,
    /// Where the step forms post.
    post_to: String,
    /// "The force asked on 1 March 2026 for ...", while a request awaits a decision.
    pending: Option<String>,
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

/// `GET /recommendations/{recommendation_id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(id): Ids<RecommendationId>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let banner = query
        .done
        .as_deref()
        .and_then(|d| RecommendationAction::from_str(d).ok());
    let details = load(&state, &user, id).await?;
    render(
        &state,
        &user,
        id,
        details,
        banner,
        FormErrors::default(),
        None,
    )
    .await
}

async fn load(
    state: &AppState,
    user: &StaffUser,
    RecommendationId(id): RecommendationId,
) -> AppResult<RecommendationDetails> {
    let mut conn = state.pool.acquire().await?;
    db::load_details(&mut conn, id, user.scope())
        .await?
        .ok_or(AppError::NotFound)
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

/// The forms of the steps this user may take now, in the order the page shows them, with
/// what was posted kept (or what the page suggests: a grant answers the pending request; a
/// response by post arrived today unless said otherwise).
fn step_forms(
    user: &StaffUser,
    d: &RecommendationDetails,
    pending: Option<&db::ExtensionRequestRow>,
    errors: &FormErrors,
    posted: Option<&(RecommendationAction, Posted)>,
) -> Vec<StepForm> {
    use RecommendationAction as A;
    let available = available_actions(&d.snapshot(), &user.actor(), d.today);
    let force_answers = user.role == Role::ForcePsd;
    [
        A::RecordResponse,
        A::RequestExtension,
        A::GrantExtension,
        A::RefuseExtension,
        A::Publish,
    ]
    .into_iter()
    .filter(|a| available.contains(a))
    .map(|action| {
        let mut suggested = Posted::default();
        if let Some(r) = pending {
            suggested.set_date("requested_on", r.requested_on);
            suggested.set_date("new_due", r.requested_due_on);
        }
        suggested.set_date("received_on", d.today);
        let values = posted
            .filter(|(a, _)| *a == action)
            .map_or(&suggested, |(_, p)| p);
        let f = StepFields::new(action.as_str(), Some(values), errors);
        let reason = |label: &str| Field::Text(f.textarea("reason", label, MAX_REASON));
        let (heading, button, class, description, fields) = match action {
            A::RecordResponse => {
                let responses = options(
                    RecommendationResponse::ALL,
                    RecommendationResponse::as_str,
                    RecommendationResponse::label,
                );
                let mut fields = vec![
                    Field::Radios(f.radios(
                        "response",
                        "Do you accept the recommendation?",
                        responses,
                    )),
                    Field::Text(TextField {
                        rows: 6,
                        ..f.textarea("accepted_action", "Accepted action", MAX_ACTION)
                    }.hint("What has been done or will be done, or why nothing will be done")),
                ];
                if !force_answers {
                    fields.push(Field::Date(f.date(
                        "received_on",
                        "When was the response received?",
                        None,
                    )));
                }
                let (heading, button) = if force_answers {
                    ("Respond to the recommendation", "Send the response")
                } else {
                    ("Record the response", "Record the response")
                };
                (heading, button, "", None, fields)
            }
            A::RequestExtension => (
                "Ask for more time to respond",
                "Request an extension",
                "govuk-button--secondary",
                Some("The IOPC may extend the time on a request made before the response is due (Sch 3 para 28B)."),
                vec![
                    Field::Date(f.date("new_due", "When could you respond by?", None)),
                    reason("Why is more time needed?"),
                ],
            ),
            A::GrantExtension => (
                "Grant more time",
                "Grant an extension",
                "govuk-button--secondary",
                Some("Only on a request made before the response was due (Sch 3 para 28B)."),
                vec![
                    Field::Date(f.date("requested_on", "When was the extension asked for?", None)),
                    Field::Date(f.date("new_due", "New due date", None)),
                    reason("Why is the extension granted?"),
                ],
            ),
            A::RefuseExtension => (
                "Refuse the request for more time",
                "Refuse the extension",
                "govuk-button--warning",
                None,
                vec![reason("Why is the extension refused?")],
            ),
            A::Publish => (
                "Publish the recommendation and the response",
                "Publish",
                "",
                None,
                vec![Field::Text(
                    f.textarea("summary", "Summary for publication", MAX_SUMMARY)
                        .hint("What the recipient did, in a sentence or two"),
                )],
            ),
        };
        let description = match (action, d.response_received_on) {
            (A::Publish, Some(on)) => Some(format!(
                "Publish by {}: within 21 days of receiving the response (Sch 3 para 28B(5)).",
                english_date(clocks::publication_due(on).due)
            )),
            _ => description.map(str::to_owned),
        };
        StepForm {
            code: action.as_str(),
            heading: Some(heading.to_owned()),
            button: button.to_owned(),
            button_class: class,
            description,
            error: errors.get(action.as_str()).map(str::to_owned),
            fields,
        }
    })
    .collect()
}

async fn render(
    state: &AppState,
    user: &StaffUser,
    RecommendationId(id): RecommendationId,
    d: RecommendationDetails,
    banner: Option<RecommendationAction>,
    errors: FormErrors,
    posted: Option<(RecommendationAction, Posted)>,
) -> AppResult<Response> {
    let mut conn = state.pool.acquire().await?;
    let requests = db::extension_requests(&mut conn, id).await?;
    let events = db::events(&mut conn, id).await?;
    drop(conn);
    let cal = state.calendar().await?;
    let today = d.today;

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
            // Sch 3 para 28B, whatever the case's regulations: the Act is cited either way.
            .map(|dl| {
                deadline_view(
                    dl.kind.name().to_owned(),
                    &dl,
                    crate::workflow::Regime::Current2020,
                    today,
                    &cal,
                )
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
    let actions = step_forms(user, &d, pending, &errors, posted.as_ref());
    let title = d.title.clone().unwrap_or_else(|| "Recommendation".into());
    let page = ShowPage {
        lang: Page::ENGLISH,
        page_title: format!("Recommendation: {title}"),
        user,
        nav: "recommendations",
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
        banner: banner.map(|a| banner_text(a, &d)),
        errors,
        actions,
        post_to: format!("/recommendations/{id}/actions"),
        pending: pending_text,
        title,
    };
    html(&page)
}

/// Reads the posted fields of an offered step into its command, or says what is wrong with
/// each field. `force_answers`: the recipient force answers through the service, so the
/// response is received today.
fn parse_command(
    action: RecommendationAction,
    posted: &Posted,
    today: NaiveDate,
    force_answers: bool,
) -> Result<RecommendationCommand, FormErrors> {
    use RecommendationAction as A;
    use RecommendationCommand as C;
    let mut r = Reader::step(action.as_str(), posted, today);
    let command = match action {
        A::RequestExtension => {
            let new_due = r.date(
                "new_due",
                "the date you ask the response to be due on",
                true,
                false,
            );
            let reason = r.required_text("reason", "why more time is needed", MAX_REASON);
            new_due
                .zip(reason)
                .map(|(new_due, reason)| C::RequestExtension { new_due, reason })
        }
        A::GrantExtension => {
            let requested_on = r.past_date("requested_on", "the date the extension was asked for");
            let new_due = r.date("new_due", "the new due date", true, false);
            let reason = r.required_text("reason", "why the extension is granted", MAX_REASON);
            match (requested_on, new_due, reason) {
                (Some(requested_on), Some(new_due), Some(reason)) => Some(C::GrantExtension {
                    requested_on,
                    new_due,
                    reason,
                }),
                _ => None,
            }
        }
        A::RefuseExtension => r
            .required_text("reason", "why the extension is refused", MAX_REASON)
            .map(|reason| C::RefuseExtension { reason }),
        A::RecordResponse => {
            let response = r.choice::<RecommendationResponse>(
                "response",
                "Select whether the recommendation is accepted",
            );
            let action = r.required_text(
                "accepted_action",
                "what has been or will be done, or why nothing will be done",
                MAX_ACTION,
            );
            let received_on = if force_answers {
                Some(today)
            } else {
                r.past_date("received_on", "the date the response was received")
            };
            match (response, action, received_on) {
                (Some(response), Some(action), Some(received_on)) => Some(C::RecordResponse {
                    response,
                    action,
                    received_on,
                }),
                _ => None,
            }
        }
        A::Publish => r
            .required_text("summary", "a summary for publication", MAX_SUMMARY)
            .map(|summary| C::Publish { summary }),
    };
    r.finish(command)
}

/// The command of a step the page did not offer, built from whatever was posted (or
/// placeholders), only so that the workflow can say why it is refused.
fn unoffered_command(
    action: RecommendationAction,
    posted: &Posted,
    snapshot: &RecommendationSnapshot,
    today: NaiveDate,
) -> RecommendationCommand {
    use RecommendationAction as A;
    use RecommendationCommand as C;
    let later = snapshot.due_on.succ_opt().unwrap_or(snapshot.due_on);
    let mut r = Reader::step(action.as_str(), posted, today);
    let mut date = |name: &str| r.date(name, "the date", false, false);
    let new_due = date("new_due").unwrap_or(later);
    let requested_on = date("requested_on").unwrap_or(today);
    let text = |name: &str| posted.get(name).trim().to_owned();
    match action {
        A::RequestExtension => C::RequestExtension {
            new_due,
            reason: text("reason"),
        },
        A::GrantExtension => C::GrantExtension {
            requested_on,
            new_due,
            reason: text("reason"),
        },
        A::RefuseExtension => C::RefuseExtension {
            reason: text("reason"),
        },
        A::RecordResponse => C::RecordResponse {
            response: RecommendationResponse::from_str(posted.get("response"))
                .unwrap_or(RecommendationResponse::Accepted),
            action: text("accepted_action"),
            received_on: today,
        },
        A::Publish => C::Publish {
            summary: text("summary"),
        },
    }
}

/// The recommendation page as a page of steps of the recommendation machine.
pub struct RecommendationSteps;

impl StepPage for RecommendationSteps {
    type Id = RecommendationId;
    type Step = RecommendationAction;
    type Loaded = RecommendationDetails;
    type Command = RecommendationCommand;

    const RECORD: &'static str = "recommendation";

    fn step(code: &str) -> Option<RecommendationAction> {
        RecommendationAction::from_str(code).ok()
    }

    fn code(step: RecommendationAction) -> &'static str {
        step.as_str()
    }

    async fn load(
        state: &AppState,
        user: &StaffUser,
        id: RecommendationId,
    ) -> AppResult<RecommendationDetails> {
        load(state, user, id).await
    }

    async fn load_in(
        conn: &mut sqlx::PgConnection,
        _calendar: &std::sync::Arc<crate::workflow::Calendar>,
        user: &StaffUser,
        RecommendationId(id): RecommendationId,
    ) -> sqlx::Result<Option<RecommendationDetails>> {
        db::load_details(conn, id, user.scope()).await
    }

    fn version(d: &RecommendationDetails) -> i32 {
        d.version
    }

    fn offered(d: &RecommendationDetails, user: &StaffUser) -> Vec<RecommendationAction> {
        available_actions(&d.snapshot(), &user.actor(), d.today)
    }

    fn parse(
        action: RecommendationAction,
        d: &RecommendationDetails,
        posted: &Posted,
        user: &StaffUser,
    ) -> Result<RecommendationCommand, FormErrors> {
        parse_command(action, posted, d.today, user.role == Role::ForcePsd)
    }

    fn unoffered(
        action: RecommendationAction,
        d: &RecommendationDetails,
        posted: &Posted,
    ) -> Result<RecommendationCommand, String> {
        Ok(unoffered_command(action, posted, &d.snapshot(), d.today))
    }

    async fn apply(
        state: &AppState,
        RecommendationId(id): RecommendationId,
        d: &RecommendationDetails,
        version: i32,
        command: &RecommendationCommand,
        acting: &ActingUser,
    ) -> Result<(), ApplyError> {
        db::apply_recommendation(&state.pool, id, version, command, acting, d.today)
            .await
            .map(|_| ())
    }

    async fn apply_in(
        conn: &mut sqlx::PgConnection,
        RecommendationId(id): RecommendationId,
        d: &RecommendationDetails,
        version: i32,
        command: &RecommendationCommand,
        acting: &ActingUser,
    ) -> Result<(), ApplyError> {
        db::apply_recommendation_in(conn, id, version, command, acting, d.today)
            .await
            .map(|_| ())
    }

    fn constraint_message(_constraint: &str) -> &'static str {
        "This step could not be saved: the recommendation lacks facts the law or the \
         published record requires for it. Nothing was changed."
    }

    /// Beside the step's form, or at the top of the steps when the page did not offer this
    /// one (there is no form of it to show the message in).
    fn refusal_at(action: RecommendationAction, offered: bool) -> String {
        if offered {
            action.as_str().to_owned()
        } else {
            "actions".to_owned()
        }
    }

    fn done(id: RecommendationId, action: RecommendationAction) -> String {
        format!("/recommendations/{id}?done={}", action.as_str())
    }

    async fn render(
        state: &AppState,
        user: &StaffUser,
        id: RecommendationId,
        again: Again<Self>,
    ) -> AppResult<Response> {
        let d = match again.loaded {
            Some(d) => d,
            None => load(state, user, id).await?,
        };
        render(state, user, id, d, None, again.errors, again.posted).await
    }
}

/// `POST /recommendations/{recommendation_id}/actions`
pub async fn act(
    State(state): State<AppState>,
    Ids(id): Ids<RecommendationId>,
    form: StaffForm,
) -> AppResult<Response> {
    step::take::<RecommendationSteps>(&state, form, id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::thousands;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn errors(action: RecommendationAction, pairs: &[(&str, &str)]) -> FormErrors {
        parse_command(action, &posted(pairs), day(2026, 3, 1), false).expect_err("refused")
    }

    #[test]
    fn a_date_input_names_the_missing_part_or_says_it_is_not_a_real_date() {
        let a = RecommendationAction::GrantExtension;
        let reason = ("reason", "Asked in time");
        let asked = [
            ("requested_on-day", "1"),
            ("requested_on-month", "2"),
            ("requested_on-year", "2026"),
        ];
        let with = |new_due: &[(&'static str, &'static str)]| {
            let mut all = vec![reason];
            all.extend_from_slice(&asked);
            all.extend_from_slice(new_due);
            errors(a, &all)
        };
        assert_eq!(
            with(&[]).get("grant_extension-new_due-day"),
            Some("Enter the new due date")
        );
        assert_eq!(
            with(&[("new_due-day", "3"), ("new_due-year", "2026")])
                .get("grant_extension-new_due-month"),
            Some("The new due date must include a month")
        );
        assert_eq!(
            with(&[
                ("new_due-day", "31"),
                ("new_due-month", "2"),
                ("new_due-year", "2026")
            ])
            .get("grant_extension-new_due-day"),
            Some("The new due date must be a real date")
        );
        let mut all = vec![
            reason,
            ("new_due-day", " 7 "),
            ("new_due-month", "4"),
            ("new_due-year", "2026"),
        ];
        all.extend_from_slice(&asked);
        assert!(matches!(
            parse_command(a, &posted(&all), day(2026, 3, 1), false),
            Ok(RecommendationCommand::GrantExtension { new_due, .. }) if new_due == day(2026, 4, 7)
        ));
    }

    #[test]
    fn a_date_received_in_the_future_is_refused() {
        let e = errors(
            RecommendationAction::RecordResponse,
            &[
                ("response", "accepted"),
                ("accepted_action", "Training given"),
                ("received_on-day", "2"),
                ("received_on-month", "3"),
                ("received_on-year", "2026"),
            ],
        );
        assert_eq!(
            e.get("record_response-received_on-day"),
            Some("The date the response was received must be today or in the past")
        );
    }

    #[test]
    fn text_fields_are_required_and_have_a_maximum_length() {
        let long = "x".repeat(MAX_SUMMARY + 1);
        let e = errors(RecommendationAction::Publish, &[("summary", &long)]);
        assert_eq!(
            e.get("publish-summary"),
            Some("A summary for publication must be 1,000 characters or fewer")
        );
        let e = errors(RecommendationAction::Publish, &[]);
        assert_eq!(
            e.get("publish-summary"),
            Some("Enter a summary for publication")
        );
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(200), "200");
    }
}
