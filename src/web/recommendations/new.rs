//! Making a recommendation from a case.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::recommendations::{
    self as db, CaseHeading, CreateError, NewRecommendation, Recipient,
};
use crate::db::workflow::ActingUser;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::ids::parse_id;
use crate::web::shared::render::{Page, html};
use crate::workflow::english_date;

use super::*;
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
