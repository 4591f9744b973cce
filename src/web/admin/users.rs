//! Managing staff accounts: the list, creating an account, disabling and enabling it, and
//! resetting its password. IOPC administrators only; anyone else gets a 403 that is written
//! to the audit trail (`CurrentUser::require`).
//!
//! The create form is parsed, not validated: the raw strings become a [`NewStaffUser`] or the
//! form comes back (422) with each problem beside its field and everything typed kept except
//! the password. A duplicate email address is caught from the database's unique index, so two
//! administrators creating the same account at once cannot both succeed. Disabling and
//! password resets end the account's sessions in the same transaction. Every change is
//! written to the audit trail, never with a password.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::auth::password;
use crate::auth::policy;
use crate::auth::session::StaffUser;
use crate::db::audit::RecordAction;
use crate::db::staff_users::{self, Choice, CreateError, NewStaffUser, StaffUserRow};
use crate::domain::Role;
use crate::domain::intake::{EmailAddress, limits, thousands};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm, audit_staff_event};
use crate::web::shared::form::{ChoiceField, Field, Posted, SelectField, TextField};
use crate::web::shared::ids::{Ids, UserId};
use crate::web::shared::render::{Page, html};

const ADMIN: &[Role] = &[Role::IopcAdmin];

/// A row of the list, ready to show.
pub struct UserLine {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub organisation: String,
    pub enabled: bool,
    pub last_sign_in: String,
    /// The signed-in administrator's own account (it cannot be disabled here).
    pub is_me: bool,
    /// An authenticator app is set up (or being set up), which an administrator can reset.
    pub second_factor: bool,
}

impl UserLine {
    fn new(row: StaffUserRow, me: Uuid) -> Self {
        UserLine {
            id: row.id,
            is_me: row.id == me,
            name: row.name,
            email: row.email,
            role: row.role.label(),
            organisation: row.organisation.unwrap_or_else(|| match row.role {
                Role::IopcCaseworker | Role::IopcInvestigator | Role::IopcAdmin => {
                    "IOPC".to_owned()
                }
                Role::ForcePsd | Role::ReviewBody => "None".to_owned(),
            }),
            enabled: row.disabled_at.is_none(),
            second_factor: row.second_factor,
            last_sign_in: row.last_sign_in_local.map_or_else(
                || "Never".to_owned(),
                |t| {
                    format!(
                        "{} at {}",
                        crate::workflow::english_date(t.date()),
                        t.format("%H:%M")
                    )
                },
            ),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "admin/users.html")]
struct ListPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    users: Vec<UserLine>,
    banner: Option<String>,
    error: Option<&'static str>,
}

/// What the list's success banner reports (from the redirect after a change).
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    done: Option<String>,
    user: Option<Uuid>,
}

/// `GET /admin/users`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users").await?;
    let banner = match (done.done.as_deref(), done.user) {
        (Some(what), Some(id)) => {
            let name = staff_users::find(&state.pool, id).await?.map(|u| u.name);
            name.and_then(|name| match what {
                "created" => Some(format!("The account for {name} was created.")),
                "disabled" => Some(format!(
                    "The account for {name} was disabled and signed out."
                )),
                "enabled" => Some(format!("The account for {name} was enabled.")),
                "password" => Some(format!(
                    "The password for {name} was reset and they were signed out."
                )),
                "second_factor" => Some(format!(
                    "The second factor for {name} was reset and they were signed out. They set up an authenticator app again when they next sign in."
                )),
                _ => None,
            })
        }
        _ => None,
    };
    render_list(&state, &user, banner, None, StatusCode::OK).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    banner: Option<String>,
    error: Option<&'static str>,
    status: StatusCode,
) -> AppResult<Response> {
    let users = staff_users::list(&state.pool)
        .await?
        .into_iter()
        .map(|row| UserLine::new(row, user.id))
        .collect();
    let page = html(&ListPage {
        lang: Page::ENGLISH,
        user,
        nav: "users",
        users,
        banner,
        error,
    })?;
    Ok((status, page).into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/new_user.html")]
struct NewUserPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    fields: Vec<Field>,
}

/// A select of organisations (forces or local policing bodies).
fn organisation(
    id: &str,
    label: &str,
    placeholder: &str,
    hint: &str,
    choices: &[Choice],
    posted: &Posted,
    errors: &FormErrors,
) -> Field {
    let ids: Vec<String> = choices.iter().map(|c| c.id.to_string()).collect();
    let options: Vec<(&str, &str)> = ids
        .iter()
        .zip(choices)
        .map(|(id, c)| (id.as_str(), c.name.as_str()))
        .collect();
    let mut select = SelectField::new(id, label, placeholder, &options, posted.get(id), errors);
    select.hint = Some(hint.to_owned());
    Field::Select(select)
}

async fn render_new(
    state: &AppState,
    user: &CurrentUser,
    posted: &Posted,
    errors: FormErrors,
) -> AppResult<Response> {
    let status = errors.status();
    let forces = staff_users::forces(&state.pool).await?;
    let lpbs = staff_users::local_policing_bodies(&state.pool).await?;
    let roles: Vec<(&str, &str)> = Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect();
    let fields = vec![
        Field::Text(TextField::input(
            "name",
            "Full name",
            posted.get("name"),
            &errors,
        )),
        Field::Text(
            TextField::input("email", "Email address", posted.get("email"), &errors)
                .input_type("email")
                .hint("They sign in with this"),
        ),
        Field::Radios(ChoiceField::new(
            "role",
            Some("Role"),
            &roles,
            posted.all("role"),
            &errors,
        )),
        organisation(
            "force_id",
            "Force",
            "Choose a force",
            "Only for force professional standards users",
            &forces,
            posted,
            &errors,
        ),
        organisation(
            "lpb_id",
            "Local policing body",
            "Choose a local policing body",
            "Only for review body users",
            &lpbs,
            posted,
            &errors,
        ),
        Field::Text(
            TextField::new_password("password", "Initial password", &errors).hint(PASSWORD_HINT),
        ),
    ];
    let page = html(&NewUserPage {
        lang: Page::ENGLISH,
        user,
        nav: "users",
        errors,
        fields,
    })?;
    Ok((status, page).into_response())
}

const PASSWORD_HINT: &str =
    "At least 12 characters. Not a common password: three random words work well";

/// `GET /admin/users/new`
pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users_new").await?;
    render_new(&state, &user, &Posted::default(), FormErrors::default()).await
}

/// The checked fields of a new account, before the password is hashed.
struct ParsedUser {
    name: String,
    email: String,
    role: Role,
    force_id: Option<Uuid>,
    lpb_id: Option<Uuid>,
}

/// Turns the typed form into an account, or says what is wrong with each field, in the order
/// of the form.
fn parse(posted: &Posted, forces: &[Choice], lpbs: &[Choice]) -> Result<ParsedUser, FormErrors> {
    let mut errors = FormErrors::default();
    let name = posted.get("name").trim();
    if name.is_empty() {
        errors.add("name", "Enter the person's full name");
    } else if name.chars().count() > limits::NAME {
        errors.add(
            "name",
            format!(
                "Enter a name of no more than {} characters",
                thousands(limits::NAME)
            ),
        );
    }
    // The same rule for an email address as everywhere else (`domain::intake`).
    let email = posted.get("email").trim();
    if email.is_empty() {
        errors.add("email", "Enter an email address");
    } else if EmailAddress::try_from(email).is_err() {
        errors.add(
            "email",
            "Enter an email address in the correct format, like name@example.org",
        );
    }
    let role = posted.get("role").parse::<Role>().ok();
    if role.is_none() {
        errors.add("role", "Select the person's role");
    }
    let find = |choices: &[Choice], value: &str| {
        Uuid::parse_str(value.trim())
            .ok()
            .filter(|id| choices.iter().any(|c| c.id == *id))
    };
    let force_id = match role {
        Some(Role::ForcePsd) => {
            let found = find(forces, posted.get("force_id"));
            if found.is_none() {
                errors.add("force_id", "Select the force this person works for");
            }
            found
        }
        _ => None,
    };
    let lpb_id = match role {
        Some(Role::ReviewBody) => {
            let found = find(lpbs, posted.get("lpb_id"));
            if found.is_none() {
                errors.add(
                    "lpb_id",
                    "Select the local policing body this person works for",
                );
            }
            found
        }
        _ => None,
    };
    if let Err(problem) = policy::check(posted.get("password")) {
        errors.add("password", problem.to_string());
    }
    match role {
        Some(role) if errors.is_empty() => Ok(ParsedUser {
            name: name.to_owned(),
            email: email.to_owned(),
            role,
            force_id,
            lpb_id,
        }),
        _ => Err(errors),
    }
}

/// `POST /admin/users`
pub async fn create(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users_create")
        .await?;
    let forces = staff_users::forces(&state.pool).await?;
    let lpbs = staff_users::local_policing_bodies(&state.pool).await?;
    let parsed = match parse(&posted, &forces, &lpbs) {
        Ok(parsed) => parsed,
        Err(errors) => return render_new(&state, &user, &posted, errors).await,
    };
    let password_hash = hash(posted.get("password").to_owned()).await?;
    let new = NewStaffUser {
        name: parsed.name,
        email: parsed.email,
        role: parsed.role,
        force_id: parsed.force_id,
        lpb_id: parsed.lpb_id,
        password_hash,
    };
    let id = match staff_users::create(&state.pool, &new).await {
        Ok(id) => id,
        Err(CreateError::DuplicateEmail) => {
            let mut errors = FormErrors::default();
            errors.add(
                "email",
                "An account with this email address already exists. Enter a different email address",
            );
            return render_new(&state, &user, &posted, errors).await;
        }
        Err(CreateError::Database(e)) => return Err(e.into()),
    };
    audit_staff_event(
        &state.pool,
        Some(user.id),
        Some(user.role),
        RecordAction::CreateStaffUser,
        json!({
            "staff_user_id": id,
            "role": new.role.as_str(),
            "force_id": new.force_id,
            "local_policing_body_id": new.lpb_id,
        }),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/users?done=created&user={id}")).into_response())
}

/// Hashes a password off the async threads (argon2 takes tens of milliseconds on purpose).
async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the hashing task failed: {e}")))?
        .map_err(AppError::Internal)
}

/// `POST /admin/users/{user_id}/disable`: disables the account and ends its sessions.
pub async fn disable(
    State(state): State<AppState>,
    Ids(UserId(user_id)): Ids<UserId>,
    StaffForm { user, .. }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users_disable")
        .await?;
    if user_id == user.id {
        return render_list(
            &state,
            &user,
            None,
            Some("You cannot disable your own account. Ask another administrator to do it."),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    set_enabled(&state, &user, user_id, false).await
}

/// `POST /admin/users/{user_id}/enable`
pub async fn enable(
    State(state): State<AppState>,
    Ids(UserId(user_id)): Ids<UserId>,
    StaffForm { user, .. }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users_enable")
        .await?;
    set_enabled(&state, &user, user_id, true).await
}

/// Disables (ending every session) or re-enables an account, and records it in the audit
/// trail in the same transaction.
async fn set_enabled(
    state: &AppState,
    user: &StaffUser,
    user_id: Uuid,
    enabled: bool,
) -> AppResult<Response> {
    if staff_users::find(&state.pool, user_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let mut tx = state.pool.begin().await?;
    let changed = if enabled {
        staff_users::enable(&mut tx, user_id).await?
    } else {
        staff_users::disable(&mut tx, user_id).await?
    };
    let (action, done) = if enabled {
        (RecordAction::EnableStaffUser, "enabled")
    } else {
        (RecordAction::DisableStaffUser, "disabled")
    };
    if changed {
        audit_staff_event(
            &mut *tx,
            Some(user.id),
            Some(user.role),
            action,
            json!({ "staff_user_id": user_id }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/users?done={done}&user={user_id}")).into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/password.html")]
struct PasswordPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    target: StaffUserRow,
    fields: Vec<Field>,
}

impl<'a> PasswordPage<'a> {
    fn new(user: &'a StaffUser, target: StaffUserRow, errors: FormErrors) -> Self {
        PasswordPage {
            lang: Page::ENGLISH,
            user,
            nav: "users",
            fields: vec![Field::Text(
                TextField::new_password("password", "New password", &errors).hint(PASSWORD_HINT),
            )],
            errors,
            target,
        }
    }
}

/// `GET /admin/users/{user_id}/password`
pub async fn password_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(UserId(user_id)): Ids<UserId>,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users_password")
        .await?;
    let target = staff_users::find(&state.pool, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    html(&PasswordPage::new(&user, target, FormErrors::default()))
}

/// `POST /admin/users/{user_id}/password`: sets a new password and ends the account's
/// sessions.
pub async fn reset_password(
    State(state): State<AppState>,
    Ids(UserId(user_id)): Ids<UserId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users_password_reset")
        .await?;
    let target = staff_users::find(&state.pool, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Err(problem) = policy::check(posted.get("password")) {
        let mut errors = FormErrors::default();
        errors.add("password", problem.to_string());
        let page = html(&PasswordPage::new(&user, target, errors))?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let password_hash = hash(posted.get("password").to_owned()).await?;
    let mut tx = state.pool.begin().await?;
    staff_users::set_password(&mut tx, user_id, &password_hash).await?;
    audit_staff_event(
        &mut *tx,
        Some(user.id),
        Some(user.role),
        RecordAction::ResetStaffPassword,
        json!({ "staff_user_id": user_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/users?done=password&user={user_id}")).into_response())
}

/// `POST /admin/users/{user_id}/second-factor`: removes an account's authenticator app and
/// recovery codes and ends its sessions; it enrols again at its next sign-in (for someone who
/// has lost both). Audited.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    Ids(UserId(user_id)): Ids<UserId>,
    StaffForm { user, .. }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_users_second_factor_reset")
        .await?;
    if staff_users::find(&state.pool, user_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let mut tx = state.pool.begin().await?;
    if crate::auth::second_factor::reset(&mut tx, user_id).await? {
        crate::auth::session::end_all(&mut tx, user_id).await?;
        audit_staff_event(
            &mut *tx,
            Some(user.id),
            Some(user.role),
            RecordAction::ResetSecondFactor,
            json!({ "staff_user_id": user_id }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/users?done=second_factor&user={user_id}")).into_response())
}
