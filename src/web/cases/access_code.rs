//! Staff: issuing a complainant's case reference and access code for the public status page
//! (`/cases/{case_id}/access-code`).
//!
//! The force (or an IOPC caseworker) issues the code and gives it to the complainant. The
//! code is shown once, in the answer to the POST that made it, and is never stored: only its
//! hash is. That answer is therefore a page, not the usual redirect: a redirect would need the
//! code kept somewhere to show it on the next page. The answer is marked `no-store`, and
//! sending the form again (a reload) simply issues another code, which replaces this one.
//! Reissuing invalidates the old code at once and ends any open session of that person.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

use crate::db::audit::{self, Action, Actor, Entity, Event, RecordAction};
use crate::db::public::{self as db, AccessRow, IssuedCode};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::calendar::english_date;

/// Who may issue codes: the force's professional standards department and IOPC caseworkers.
const ISSUERS: &[Role] = &[Role::ForcePsd, Role::IopcCaseworker];

struct PersonRow {
    id: Uuid,
    heading: String,
    reference: Option<String>,
    issued: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "cases/access_code.html")]
struct AccessCodePage<'a> {
    lang: &'static str,
    page_title: &'static str,
    user: &'a CurrentUser,
    nav: &'static str,
    case_id: Uuid,
    case_label: String,
    people: Vec<PersonRow>,
    errors: FormErrors,
    issued: Option<(String, IssuedCode)>,
}

/// The case's label for the heading, when the user may see the case.
async fn case_label(state: &AppState, user: &CurrentUser, case_id: Uuid) -> AppResult<String> {
    if !crate::db::case_page::in_scope(&state.pool, case_id, user.scope()).await? {
        return Err(AppError::NotFound);
    }
    let row = sqlx::query!(
        "select iopc_reference, force_reference from case_record where case_id = $1",
        case_id
    )
    .fetch_one(&state.pool)
    .await?;
    Ok(row
        .iopc_reference
        .or(row.force_reference)
        .unwrap_or_else(|| "Case".to_owned()))
}

fn people(rows: Vec<AccessRow>) -> Vec<PersonRow> {
    rows.into_iter()
        .map(|r| PersonRow {
            id: r.case_complainant_id,
            heading: format!(
                "{}: {}",
                if r.role == "complainant" {
                    "Complainant"
                } else {
                    "Interested person"
                },
                r.full_name
            ),
            reference: r.reference,
            issued: r.issued_at.map(|at| {
                let when = english_date(crate::i18n::uk_local(at).date());
                match r.reissue_count {
                    Some(n) if n > 0 => {
                        format!("Code last issued on {when} (issued {} times)", n + 1)
                    }
                    _ => format!("Code issued on {when}"),
                }
            }),
        })
        .collect()
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    case_id: Uuid,
    errors: FormErrors,
    issued: Option<(String, IssuedCode)>,
) -> AppResult<Response> {
    let case_label = case_label(state, user, case_id).await?;
    let rows = db::access_rows(&state.pool, case_id).await?;
    let mut response = html(&AccessCodePage {
        lang: Page::ENGLISH,
        page_title: "Access to the case status page",
        user,
        nav: "cases",
        case_id,
        case_label,
        people: people(rows),
        errors,
        issued,
    })?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /cases/{case_id}/access-code`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(CaseId(case_id)): Ids<CaseId>,
) -> AppResult<Response> {
    case_label(&state, &user, case_id).await?;
    user.require(&state.pool, ISSUERS, "issue_access_code")
        .await?;
    render(&state, &user, case_id, FormErrors::default(), None).await
}

/// `POST /cases/{case_id}/access-code`: issues or reissues one person's code and shows it.
pub async fn issue(
    State(state): State<AppState>,
    Ids(CaseId(case_id)): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    case_label(&state, &user, case_id).await?;
    user.require(&state.pool, ISSUERS, "issue_access_code")
        .await?;
    let person = posted.get("person").trim().parse::<Uuid>().ok();
    let mut tx = state.pool.begin().await?;
    let issued = match person {
        Some(person) => db::issue_code(&mut tx, case_id, person, user.id).await?,
        None => None,
    };
    let Some(issued) = issued else {
        drop(tx);
        let mut errors = FormErrors::default();
        errors.add(
            "people",
            "Choose the complainant or interested person to give an access code to",
        );
        let page = render(&state, &user, case_id, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    audit::record(
        &mut *tx,
        Event::new(
            Entity::CaseComplainant {
                case_id,
                case_complainant_id: person,
            },
            Action::Record(RecordAction::IssueAccessCode),
            Actor::staff(user.id, user.role),
        )
        .details(json!({ "reissued": issued.reissued })),
    )
    .await?;
    tx.commit().await?;
    let name = db::access_rows(&state.pool, case_id)
        .await?
        .into_iter()
        .find(|r| Some(r.case_complainant_id) == person)
        .map(|r| r.full_name)
        .unwrap_or_default();
    render(
        &state,
        &user,
        case_id,
        FormErrors::default(),
        Some((name, issued)),
    )
    .await
}
