//! Linking a case to another: `GET /cases/{case_id}/links/new` and `POST /cases/{case_id}/links`.
//! A force links its own cases, the IOPC any two (S3's primary and linked investigations);
//! the other case is named by its IOPC or force reference and must be one the user may see.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db;
use crate::domain::vocab::LinkReason;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::ids::parse_id;
use crate::web::shared::render::{Page, html};
use crate::workflow::intake::may_link_cases;

#[derive(Debug, Default, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    reason: String,
}

#[derive(askama::Template)]
#[template(path = "cases/link_new.html")]
struct LinkPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    case_id: Uuid,
    version: i32,
    errors: FormErrors,
    reference: String,
    /// (code, label, checked)
    reasons: Vec<(&'static str, &'static str, bool)>,
}

async fn version_in_scope(state: &AppState, user: &StaffUser, case_id: Uuid) -> AppResult<i32> {
    if !db::case_page::in_scope(&state.pool, case_id, user.scope()).await? {
        return Err(AppError::NotFound);
    }
    let mut conn = state.pool.acquire().await?;
    let (_, version) = db::workflow::load_case(&mut conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(version)
}

fn page(
    user: &StaffUser,
    case_id: Uuid,
    version: i32,
    errors: FormErrors,
    form: &LinkForm,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = html(&LinkPage {
        lang: Page::ENGLISH,
        page_title: "Link this case to another".to_owned(),
        user,
        nav: "cases",
        case_id,
        version,
        errors,
        reference: form.reference.clone(),
        reasons: LinkReason::ALL
            .iter()
            .map(|r| (r.as_str(), r.label(), r.as_str() == form.reason))
            .collect(),
    })?;
    Ok((status, body).into_response())
}

/// `GET /cases/{case_id}/links/new`
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
) -> AppResult<Response> {
    let case_id = parse_id(&case_id)?;
    let version = version_in_scope(&state, &user, case_id).await?;
    if !may_link_cases(user.role) {
        return user.refuse(&state.pool, "linking cases").await;
    }
    page(
        &user,
        case_id,
        version,
        FormErrors::default(),
        &LinkForm::default(),
    )
}

/// `POST /cases/{case_id}/links`
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
    Form(form): Form<LinkForm>,
) -> AppResult<Response> {
    user.check_csrf(&state.pool, &form.csrf_token).await?;
    let case_id = parse_id(&case_id)?;
    let current = version_in_scope(&state, &user, case_id).await?;
    if !may_link_cases(user.role) {
        return user.refuse(&state.pool, "linking cases").await;
    }
    let mut errors = FormErrors::default();
    let reference = form.reference.trim();
    let other = if reference.is_empty() {
        errors.add(
            "reference",
            "Enter the IOPC or force reference of the case to link",
        );
        None
    } else if reference.chars().count() > 40 {
        errors.add("reference", "A reference is 40 characters or fewer");
        None
    } else {
        match db::case_links::find_by_reference(&state.pool, reference, user.scope()).await? {
            None => {
                errors.add(
                    "reference",
                    format!("No case you can see has the reference {reference}"),
                );
                None
            }
            Some(other) if other == case_id => {
                errors.add("reference", "A case cannot be linked to itself");
                None
            }
            Some(other) if db::case_links::linked(&state.pool, case_id, other).await? => {
                errors.add("reference", "These cases are already linked");
                None
            }
            Some(other) => Some(other),
        }
    };
    let reason = form.reason.parse::<LinkReason>().ok();
    if reason.is_none() {
        errors.add("reason", "Select why the cases are linked");
    }
    let (Some(other), Some(reason), true) = (other, reason, errors.is_empty()) else {
        return page(&user, case_id, current, errors, &form);
    };
    let expected = form
        .version
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::Conflict)?;
    db::case_links::link(
        &state.pool,
        case_id,
        expected,
        other,
        reason,
        user.id,
        user.role,
    )
    .await?;
    Ok(Redirect::to(&format!("/cases/{case_id}#linked-cases")).into_response())
}
