//! The one step pipeline: how a page that offers the steps of a workflow machine as forms
//! takes a posted step. The case, subject and recommendation pages each describe themselves
//! as a [`StepPage`] (a few lines of configuration and the parts that differ: what to load,
//! how to read a step's fields, how to apply it), and [`take`] does the rest, the same way for
//! all three:
//!
//! 1. the [`StaffForm`] extractor has checked the session, the CSRF token and the Origin;
//! 2. a form this page did not draw (no step, no version) gets the page again saying so;
//! 3. the record is loaded in the user's scope (404 outside it);
//! 4. the version the page was drawn with must still be the record's (409 otherwise);
//! 5. a step the page offers is parsed from its fields (422 with the errors beside the
//!    fields and the input kept); a step it did not offer is still asked of the workflow,
//!    whose refusal names the rule, so nothing the law forbids can pass through here;
//! 6. the step is applied in one transaction with its audit event;
//! 7. success is a 303 to the page with a confirmation; a refusal by the workflow, or by a
//!    constraint of the database (the second line of defence), is the page again with the
//!    reason (422); a lost race is a 409.

use std::future::Future;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::errors::FormErrors;
use super::extract::StaffForm;
use super::form::{Field, Posted};
use crate::auth::session::StaffUser;
use crate::db::workflow::{ActingUser, ApplyError};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::workflow::Calendar;
use sqlx::PgConnection;

/// The message for a post that is not one of the page's forms.
const NOT_A_FORM: &str =
    "Choose one of the actions on this page. If the page was open for a while, reload it first.";

/// One step's form, as the shared partial `step_form.html` draws it.
pub struct StepForm {
    /// The step's code, posted as `action`.
    pub code: &'static str,
    /// A heading above the form, where the page shows one.
    pub heading: Option<String>,
    /// The words of the button.
    pub button: String,
    /// The button's variant: `govuk-button--secondary`, `govuk-button--warning`, or empty.
    pub button_class: &'static str,
    /// What the step does in law, with its source.
    pub description: Option<String>,
    /// A message for the whole form (the workflow's refusal, shown beside it).
    pub error: Option<String>,
    pub fields: Vec<Field>,
}

/// The page drawn again after a refused post: the record as loaded for the post (when it
/// was), the errors, and the step with what was posted, so every field keeps its input.
pub struct Again<P: StepPage> {
    pub loaded: Option<P::Loaded>,
    pub errors: FormErrors,
    pub posted: Option<(P::Step, Posted)>,
}

/// A page whose forms take the steps of one workflow machine.
pub trait StepPage: Sized + Send + Sync + 'static {
    /// The record's id (or ids) from the path.
    type Id: Copy + Send + Sync;
    /// A step the page offers: an action of the machine, or one the page adds.
    type Step: Copy + Eq + Send + Sync;
    /// What a post reads about the record, in the user's scope.
    type Loaded: Send + Sync;
    /// A step read from its form, ready to apply.
    type Command: Send + Sync;

    /// What the record is called in the log ("case", "subject", "recommendation").
    const RECORD: &'static str;

    /// The step a posted `action` names.
    fn step(code: &str) -> Option<Self::Step>;
    /// The code of a step (posted as `action`, and `?done=` after it).
    fn code(step: Self::Step) -> &'static str;

    /// Reads the record in the user's scope: [`AppError::NotFound`] outside it.
    fn load(
        state: &AppState,
        user: &StaffUser,
        id: Self::Id,
    ) -> impl Future<Output = AppResult<Self::Loaded>> + Send;
    /// Reads the record in the user's scope inside the caller's transaction (`None` outside
    /// it), for a step taken without a page ([`take_in`]).
    fn load_in(
        conn: &mut PgConnection,
        calendar: &Arc<Calendar>,
        user: &StaffUser,
        id: Self::Id,
    ) -> impl Future<Output = sqlx::Result<Option<Self::Loaded>>> + Send;
    /// The record's version, to compare with the one the page was drawn with.
    fn version(loaded: &Self::Loaded) -> i32;
    /// The steps this user may take now.
    fn offered(loaded: &Self::Loaded, user: &StaffUser) -> Vec<Self::Step>;
    /// Reads an offered step's fields into its command, or the errors beside them.
    fn parse(
        step: Self::Step,
        loaded: &Self::Loaded,
        posted: &Posted,
        user: &StaffUser,
    ) -> Result<Self::Command, FormErrors>;
    /// The command of a step the page did not offer, built only so the workflow can say
    /// why it is refused; or the page's own refusal, for a step outside any machine.
    fn unoffered(
        step: Self::Step,
        loaded: &Self::Loaded,
        posted: &Posted,
    ) -> Result<Self::Command, String>;
    /// Applies the step in one transaction, with its audit event.
    fn apply(
        state: &AppState,
        id: Self::Id,
        loaded: &Self::Loaded,
        version: i32,
        command: &Self::Command,
        acting: &ActingUser,
    ) -> impl Future<Output = Result<(), ApplyError>> + Send;
    /// Applies the step inside the caller's transaction, with its audit event.
    fn apply_in(
        conn: &mut PgConnection,
        id: Self::Id,
        loaded: &Self::Loaded,
        version: i32,
        command: &Self::Command,
        acting: &ActingUser,
    ) -> impl Future<Output = Result<(), ApplyError>> + Send;
    /// What a refused database constraint means, in words.
    fn constraint_message(constraint: &str) -> &'static str;
    /// The field id a refusal of `step` is shown at (the top of the steps by default).
    fn refusal_at(_step: Self::Step, _offered: bool) -> String {
        "actions".to_owned()
    }
    /// Where a taken step leads: the page, with its confirmation.
    fn done(id: Self::Id, step: Self::Step) -> String;
    /// The page again with the errors and the input kept (the pipeline sets 422).
    fn render(
        state: &AppState,
        user: &StaffUser,
        id: Self::Id,
        again: Again<Self>,
    ) -> impl Future<Output = AppResult<Response>> + Send;
}

/// Takes a posted step of page `P` (see the module docs for the order of the checks).
pub async fn take<P: StepPage>(
    state: &AppState,
    form: StaffForm,
    id: P::Id,
) -> AppResult<Response> {
    let StaffForm { user, posted } = form;
    let step = P::step(posted.get("action"));
    let (Some(expected), Some(step)) = (posted.version(), step) else {
        return again::<P>(
            state,
            &user,
            id,
            None,
            "actions".into(),
            NOT_A_FORM.into(),
            None,
        )
        .await;
    };
    let loaded = P::load(state, &user, id).await?;
    if P::version(&loaded) != expected {
        return Err(AppError::Conflict);
    }
    let offered = P::offered(&loaded, &user).contains(&step);
    let command = if offered {
        P::parse(step, &loaded, &posted, &user)
    } else {
        P::unoffered(step, &loaded, &posted).map_err(|message| {
            let mut errors = FormErrors::default();
            errors.add("actions", message);
            errors
        })
    };
    let command = match command {
        Ok(command) => command,
        Err(errors) => {
            return render_again::<P>(state, &user, id, Some(loaded), errors, Some((step, posted)))
                .await;
        }
    };
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    let message = match P::apply(state, id, &loaded, expected, &command, &acting).await {
        Ok(()) => return Ok(Redirect::to(&P::done(id, step)).into_response()),
        Err(ApplyError::Conflict) => return Err(AppError::Conflict),
        Err(ApplyError::NotFound) => return Err(AppError::NotFound),
        Err(ApplyError::Refused(refusal)) => refusal.message(),
        Err(ApplyError::Database(e)) => match on_constraint(&e) {
            Some(constraint) => {
                tracing::warn!(error = %e, record = P::RECORD, step = P::code(step), "the database refused a step");
                P::constraint_message(constraint).to_owned()
            }
            None => return Err(AppError::from(e)),
        },
    };
    let at = P::refusal_at(step, offered);
    again::<P>(
        state,
        &user,
        id,
        Some(loaded),
        at,
        message,
        Some((step, posted)),
    )
    .await
}

/// Takes a step of page `P` inside the caller's transaction, without a page: the fields are
/// read by the same parser and the step asked of the workflow and applied with the same
/// checks as [`take`] (the importer replays histories through it). A refusal, or a problem
/// with a field, comes back in words; the caller rolls back.
pub async fn take_in<P: StepPage>(
    conn: &mut PgConnection,
    calendar: &Arc<Calendar>,
    user: &StaffUser,
    id: P::Id,
    code: &str,
    posted: &Posted,
) -> Result<(), String> {
    let step = P::step(code).ok_or_else(|| format!("“{code}” is not a step of a {}", P::RECORD))?;
    let loaded = P::load_in(&mut *conn, calendar, user, id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no such {} for this user", P::RECORD))?;
    let command = if P::offered(&loaded, user).contains(&step) {
        P::parse(step, &loaded, posted, user).map_err(|errors| {
            let messages: Vec<String> = errors.items.into_iter().map(|e| e.message).collect();
            messages.join("; ")
        })?
    } else {
        P::unoffered(step, &loaded, posted)?
    };
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    let version = P::version(&loaded);
    match P::apply_in(conn, id, &loaded, version, &command, &acting).await {
        Ok(()) => Ok(()),
        Err(ApplyError::Refused(refusal)) => Err(refusal.message()),
        Err(ApplyError::Database(e)) => Err(match on_constraint(&e) {
            Some(constraint) => format!("{} ({constraint})", P::constraint_message(constraint)),
            None => e.to_string(),
        }),
        Err(e) => Err(e.to_string()),
    }
}

/// The name of the database constraint an error violated (a check, unique, foreign key or
/// not-null constraint, SQLSTATE class 23), `""` when the server did not name it; `None` for
/// any other error. A violated constraint is the schema refusing what the law forbids: the
/// user gets a message, the log the cause, and nobody a 500.
pub fn on_constraint(e: &sqlx::Error) -> Option<&str> {
    crate::db::violated_constraint(e).map(|name| name.unwrap_or(""))
}

async fn again<P: StepPage>(
    state: &AppState,
    user: &StaffUser,
    id: P::Id,
    loaded: Option<P::Loaded>,
    at: String,
    message: String,
    posted: Option<(P::Step, Posted)>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    errors.add(&at, message);
    render_again::<P>(state, user, id, loaded, errors, posted).await
}

async fn render_again<P: StepPage>(
    state: &AppState,
    user: &StaffUser,
    id: P::Id,
    loaded: Option<P::Loaded>,
    errors: FormErrors,
    posted: Option<(P::Step, Posted)>,
) -> AppResult<Response> {
    let page = P::render(
        state,
        user,
        id,
        Again {
            loaded,
            errors,
            posted,
        },
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
