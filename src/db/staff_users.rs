//! Staff accounts, as the administrators manage them: the list, creating an account,
//! disabling and enabling it, and resetting its password.
//!
//! Disabling and resetting a password end every session of the account in the same
//! transaction as the change, so no request can slip through with the old state. The email
//! address is unique regardless of case (`staff_user_email_key` on `lower(email)`); a
//! duplicate is reported as [`CreateError::DuplicateEmail`] from the unique violation itself,
//! not from a prior look-up that a concurrent request could race.

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::Role;

/// One account in the administrators' list.
#[derive(Debug, Clone)]
pub struct StaffUserRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The force or local policing body the account belongs to, if any.
    pub organisation: Option<String>,
    pub disabled_at: Option<DateTime<Utc>>,
    /// The last sign-in, in UK local time.
    pub last_sign_in_local: Option<NaiveDateTime>,
    /// An authenticator app is set up or being set up.
    pub second_factor: bool,
}

/// An organisation to choose from (a force or a local policing body).
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: Uuid,
    pub name: String,
}

/// A new account, already checked.
#[derive(Debug, Clone)]
pub struct NewStaffUser {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub force_id: Option<Uuid>,
    pub lpb_id: Option<Uuid>,
    /// The argon2id PHC string, never the password.
    pub password_hash: String,
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("an account with this email address already exists")]
    DuplicateEmail,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Every account, by name. Staff accounts number in the thousands at most.
pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<StaffUserRow>> {
    let rows = sqlx::query!(
        r#"select u.staff_user_id, u.display_name, u.email, u.role as "role: Role",
                  coalesce(f.name, l.name) as organisation, u.disabled_at,
                  u.last_sign_in_at at time zone 'Europe/London' as last_sign_in_local,
                  u.totp_secret is not null as "second_factor!"
           from staff_user u
           left join police_force f on f.police_force_id = u.force_id
           left join local_policing_body l on l.local_policing_body_id = u.local_policing_body_id
           order by lower(u.display_name), lower(u.email)"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StaffUserRow {
            id: r.staff_user_id,
            name: r.display_name,
            email: r.email,
            role: r.role,
            organisation: r.organisation,
            disabled_at: r.disabled_at,
            last_sign_in_local: r.last_sign_in_local,
            second_factor: r.second_factor,
        })
        .collect())
}

/// One account.
pub async fn find(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<StaffUserRow>> {
    let row = sqlx::query!(
        r#"select u.staff_user_id, u.display_name, u.email, u.role as "role: Role",
                  coalesce(f.name, l.name) as organisation, u.disabled_at,
                  u.last_sign_in_at at time zone 'Europe/London' as last_sign_in_local,
                  u.totp_secret is not null as "second_factor!"
           from staff_user u
           left join police_force f on f.police_force_id = u.force_id
           left join local_policing_body l on l.local_policing_body_id = u.local_policing_body_id
           where u.staff_user_id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| StaffUserRow {
        id: r.staff_user_id,
        name: r.display_name,
        email: r.email,
        role: r.role,
        organisation: r.organisation,
        disabled_at: r.disabled_at,
        last_sign_in_local: r.last_sign_in_local,
        second_factor: r.second_factor,
    }))
}

/// The active forces, by name, for the "force" select.
pub async fn forces<'e>(db: impl sqlx::PgExecutor<'e>) -> sqlx::Result<Vec<Choice>> {
    let rows =
        sqlx::query!("select police_force_id, name from police_force where active order by name")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| Choice {
            id: r.police_force_id,
            name: r.name,
        })
        .collect())
}

/// The active local policing bodies, by name, for the "local policing body" select.
pub async fn local_policing_bodies(pool: &PgPool) -> sqlx::Result<Vec<Choice>> {
    let rows = sqlx::query!(
        "select local_policing_body_id, name from local_policing_body where active order by name"
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Choice {
            id: r.local_policing_body_id,
            name: r.name,
        })
        .collect())
}

/// Creates an account and returns its id.
pub async fn create(pool: &PgPool, user: &NewStaffUser) -> Result<Uuid, CreateError> {
    let result = sqlx::query_scalar!(
        "insert into staff_user (email, display_name, role, password_hash, force_id, local_policing_body_id)
         values ($1, $2, $3, $4, $5, $6)
         returning staff_user_id",
        user.email,
        user.name,
        user.role as Role,
        user.password_hash,
        user.force_id,
        user.lpb_id
    )
    .fetch_one(pool)
    .await;
    match result {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("staff_user_email_key") => {
            Err(CreateError::DuplicateEmail)
        }
        Err(e) => Err(e.into()),
    }
}

/// Disables an account and ends its sessions. Returns false if there is no such account or
/// it was already disabled.
pub async fn disable(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<bool> {
    let changed = sqlx::query!(
        "update staff_user set disabled_at = now() where staff_user_id = $1 and disabled_at is null",
        id
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    crate::auth::session::end_all(conn, id).await?;
    Ok(changed == 1)
}

/// Enables a disabled account. Returns false if there is no such account or it was enabled.
pub async fn enable(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<bool> {
    let changed = sqlx::query!(
        "update staff_user set disabled_at = null where staff_user_id = $1 and disabled_at is not null",
        id
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Sets a new password hash and ends the account's sessions. Returns false if there is no
/// such account.
pub async fn set_password(
    conn: &mut PgConnection,
    id: Uuid,
    password_hash: &str,
) -> sqlx::Result<bool> {
    let changed = sqlx::query!(
        "update staff_user set password_hash = $2 where staff_user_id = $1",
        id,
        password_hash
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    crate::auth::session::end_all(conn, id).await?;
    Ok(changed == 1)
}
