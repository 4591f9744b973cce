//! Linking a case to another: `GET /cases/{case_id}/links/new` and `POST /cases/{case_id}/links`.
//! A force links its own cases, the IOPC any two (S3's primary and linked investigations);
//! the other case is named by its IOPC or force reference and must be one the user may see.
//!
//! A form sent back with errors carries the version it was first drawn with, not the case's
//! current one, so a second submit is still checked against what the user first saw.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db;
use crate::domain::intake::limits;
use crate::domain::vocab::LinkReason;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{ChoiceField, Field, Posted, TextField};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::intake::may_link_cases;

#[derive(askama::Template)]
#[template(path = "cases/link_new.html")]
struct LinkPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    case_id: CaseId,
    version: i32,
    errors: FormErrors,
    fields: Vec<Field>,
}

async fn version_in_scope(state: &AppState, user: &StaffUser, case_id: CaseId) -> AppResult<i32> {
    if !db::case_page::in_scope(&state.pool, case_id.0, user.scope()).await? {
        return Err(AppError::NotFound);
    }
    let mut conn = state.pool.acquire().await?;
    let (_, version) = db::workflow::load_case(&mut conn, case_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(version)
}

fn fields(posted: &Posted, errors: &FormErrors) -> Vec<Field> {
    let reasons: Vec<(&str, &str)> = LinkReason::ALL
        .iter()
        .map(|r| (r.as_str(), r.label()))
        .collect();
    vec![
        Field::Text(TextField {
            label_class: "govuk-label--s",
            ..TextField::input(
                "reference",
                "Reference of the other case",
                posted.get("reference"),
                errors,
            )
            .hint("Its IOPC reference, for example 2020/139739, or the force's reference")
            .width("govuk-input--width-20")
        }),
        Field::Radios(
            ChoiceField::new(
                "reason",
                Some("Why are the cases linked?"),
                &reasons,
                posted.all("reason"),
                errors,
            )
            .small(),
        ),
    ]
}

fn page(
    user: &StaffUser,
    case_id: CaseId,
    version: i32,
    errors: FormErrors,
    posted: &Posted,
) -> AppResult<Response> {
    let status = errors.status();
    let body = html(&LinkPage {
        lang: Page::ENGLISH,
        page_title: "Link this case to another".to_owned(),
        user,
        nav: "cases",
        case_id,
        version,
        fields: fields(posted, &errors),
        errors,
    })?;
    Ok((status, body).into_response())
}

/// `GET /cases/{case_id}/links/new`
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
) -> AppResult<Response> {
    let version = version_in_scope(&state, &user, case_id).await?;
    if !may_link_cases(user.role) {
        return user.refuse(&state.pool, "linking cases").await;
    }
    page(
        &user,
        case_id,
        version,
        FormErrors::default(),
        &Posted::default(),
    )
}

/// The other case, by its reference, when it can be linked to this one.
async fn other_case(
    state: &AppState,
    user: &StaffUser,
    case_id: CaseId,
    reference: &str,
) -> AppResult<Result<Uuid, String>> {
    if reference.is_empty() {
        return Ok(Err(
            "Enter the IOPC or force reference of the case to link".to_owned()
        ));
    }
    if reference.chars().count() > limits::FORCE_REFERENCE {
        return Ok(Err(format!(
            "A reference is {} characters or fewer",
            limits::FORCE_REFERENCE
        )));
    }
    Ok(
        match db::case_links::find_by_reference(&state.pool, reference, user.scope()).await? {
            None => Err(format!("No case you can see has the reference {reference}")),
            Some(other) if other == case_id.0 => Err("A case cannot be linked to itself".into()),
            Some(other) if db::case_links::linked(&state.pool, case_id.0, other).await? => {
                Err("These cases are already linked".into())
            }
            Some(other) => Ok(other),
        },
    )
}

/// `POST /cases/{case_id}/links`
pub async fn create(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    version_in_scope(&state, &user, case_id).await?;
    if !may_link_cases(user.role) {
        return user.refuse(&state.pool, "linking cases").await;
    }
    let mut errors = FormErrors::default();
    let other = match other_case(&state, &user, case_id, posted.get("reference").trim()).await? {
        Ok(other) => Some(other),
        Err(message) => {
            errors.add("reference", message);
            None
        }
    };
    let reason = posted.get("reason").parse::<LinkReason>().ok();
    if reason.is_none() {
        errors.add("reason", "Select why the cases are linked");
    }
    let expected = posted.version().ok_or(AppError::Conflict)?;
    let (Some(other), Some(reason), true) = (other, reason, errors.is_empty()) else {
        // Drawn again with the version that was posted: the check against concurrent
        // changes still compares with the case the user first saw.
        return page(&user, case_id, expected, errors, &posted);
    };
    db::case_links::link(
        &state.pool,
        case_id.0,
        expected,
        other,
        reason,
        user.id,
        user.role,
    )
    .await?;
    Ok(Redirect::to(&format!("/cases/{case_id}#linked-cases")).into_response())
}
