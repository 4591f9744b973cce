//! Staff sessions, kept in Postgres so that any number of instances can serve the same users.
//!
//! Why not `tower-sessions`: its sqlx store turns on sqlx's `time` feature, which changes how
//! every compile-time-checked query maps dates and timestamps across the whole crate. A
//! session here is small enough to own: a random 256-bit token in an HttpOnly,
//! SameSite=Strict cookie, stored only as its SHA-256; a per-session CSRF token; and the two
//! timestamps that the 30-minute idle and 12-hour absolute timeouts are measured from.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::Role;

/// Sessions end after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// Sessions end this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// The session cookie's name.
pub const COOKIE: &str = "oversight_session";

/// A signed-in member of staff, as every staff page sees them.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub force_id: Option<Uuid>,
    pub force_name: Option<String>,
    pub lpb_id: Option<Uuid>,
    pub lpb_name: Option<String>,
    /// The token every form of this session must carry back.
    pub csrf_token: String,
    /// Where the session stands with the second factor.
    pub second_factor: SecondFactor,
}

/// Where a session stands with the second factor (see [`super::second_factor`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// Given in this session, or not asked of this (demo) account: signed in.
    Done,
    /// The password was right; the account is enrolled and must give a code.
    CodeNeeded,
    /// The password was right; the account must enrol first.
    EnrolmentNeeded,
}

impl StaffUser {
    /// IOPC staff see every force's cases.
    pub fn is_iopc(&self) -> bool {
        matches!(
            self.role,
            Role::IopcCaseworker | Role::IopcInvestigator | Role::IopcAdmin
        )
    }

    /// Which cases this user may see. Every query that reads cases binds it.
    pub fn scope(&self) -> CaseScope {
        match (self.role, self.force_id, self.lpb_id) {
            (Role::ForcePsd, Some(force), _) => CaseScope::Force(force),
            (Role::ReviewBody, _, Some(lpb)) => CaseScope::ReviewBody(lpb),
            (Role::IopcCaseworker | Role::IopcInvestigator | Role::IopcAdmin, _, _) => {
                CaseScope::All
            }
            // A force or review-body account without its organisation sees nothing.
            _ => CaseScope::Nothing,
        }
    }

    /// The workflow's view of this user.
    pub fn actor(&self) -> crate::workflow::Actor {
        use crate::workflow::{Actor, ForceId, LpbId};
        match self.role {
            Role::ForcePsd => Actor::force_psd(ForceId(
                self.force_id.map(|f| f.to_string()).unwrap_or_default(),
            )),
            Role::ReviewBody => Actor::review_body(LpbId(
                self.lpb_id.map(|l| l.to_string()).unwrap_or_default(),
            )),
            role => Actor::iopc(role),
        }
    }
}

/// Which cases a user may see: a force user its own force's, a review body user those with a
/// review its body decides, IOPC staff all. A case outside the scope answers 404, so its
/// existence is not revealed.
///
/// In SQL, bind [`CaseScope::force`], [`CaseScope::lpb`] and [`CaseScope::nothing`] and add
/// `and case_in_scope(c.force_id, c.case_id, $1, $2, $3)` (migration 0052: the one definition,
/// which the planner inlines, so a force's index is used as if the condition were written out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseScope {
    All,
    Force(Uuid),
    ReviewBody(Uuid),
    Nothing,
}

impl CaseScope {
    pub fn force(self) -> Option<Uuid> {
        match self {
            CaseScope::Force(f) => Some(f),
            _ => None,
        }
    }

    pub fn lpb(self) -> Option<Uuid> {
        match self {
            CaseScope::ReviewBody(l) => Some(l),
            _ => None,
        }
    }

    pub fn nothing(self) -> bool {
        self == CaseScope::Nothing
    }
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Starts a session for a user whose password was right, and returns the cookie token. A new
/// token every time, so a session id known before sign-in is worthless after it. The session
/// is complete at once only for an account the second factor is not asked of (a demo account).
pub async fn start(pool: &PgPool, user_id: Uuid) -> sqlx::Result<String> {
    let token = random_token();
    sqlx::query!(
        "insert into staff_session (session_token_hash, staff_user_id, csrf_token, second_factor_at)
         select $1, $2, $3, case when u.second_factor_exempt then now() end
           from staff_user u where u.staff_user_id = $2",
        token_hash(&token),
        user_id,
        random_token()
    )
    .execute(pool)
    .await?;
    Ok(token)
}

/// Records that the second factor was given in this session: it is now complete, under a new
/// token (returned for the cookie), so the token of the half-signed-in session, which had
/// less, is worthless once it has more.
pub async fn complete(conn: &mut sqlx::PgConnection, token: &str) -> sqlx::Result<String> {
    let renewed = random_token();
    sqlx::query!(
        "update staff_session set second_factor_at = now(), session_token_hash = $2
          where session_token_hash = $1",
        token_hash(token),
        token_hash(&renewed)
    )
    .execute(conn)
    .await?;
    Ok(renewed)
}

/// The user behind a session token, if the session is live and the account enabled. Touches
/// the session so the idle timeout starts again; expired sessions are deleted.
pub async fn find(
    conn: &mut sqlx::PgConnection,
    token: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<StaffUser>> {
    let hash = token_hash(token);
    let row = sqlx::query!(
        r#"select s.created_at, s.last_seen_at, s.csrf_token, u.staff_user_id, u.email, u.display_name,
                  u.role as "role: Role", u.force_id, f.name as "force_name?", u.local_policing_body_id,
                  l.name as "lpb_name?", u.disabled_at, s.second_factor_at, u.totp_enrolled_at,
                  u.second_factor_exempt
           from staff_session s
           join staff_user u using (staff_user_id)
           left join police_force f on f.police_force_id = u.force_id
           left join local_policing_body l on l.local_policing_body_id = u.local_policing_body_id
           where s.session_token_hash = $1"#,
        &hash
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let expired = now - row.last_seen_at > IDLE_TIMEOUT || now - row.created_at > ABSOLUTE_TIMEOUT;
    if expired || row.disabled_at.is_some() {
        sqlx::query!(
            "delete from staff_session where session_token_hash = $1",
            &hash
        )
        .execute(&mut *conn)
        .await?;
        return Ok(None);
    }
    // Touch at most once a minute: the idle clock does not need more, and it saves a write a request.
    if now - row.last_seen_at > Duration::minutes(1) {
        sqlx::query!(
            "update staff_session set last_seen_at = greatest(last_seen_at, $2) where session_token_hash = $1",
            &hash,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(Some(StaffUser {
        id: row.staff_user_id,
        email: row.email,
        name: row.display_name,
        role: row.role,
        force_id: row.force_id,
        force_name: row.force_name,
        lpb_id: row.local_policing_body_id,
        lpb_name: row.lpb_name,
        csrf_token: row.csrf_token,
        second_factor: match (
            row.second_factor_exempt || row.second_factor_at.is_some(),
            row.totp_enrolled_at.is_some(),
        ) {
            (true, _) => SecondFactor::Done,
            (false, true) => SecondFactor::CodeNeeded,
            (false, false) => SecondFactor::EnrolmentNeeded,
        },
    }))
}

/// An enabled staff account by email, acting without a session (the importer, which replays
/// each step as the account that took it). No CSRF token: nothing is posted from a browser.
pub async fn account(
    conn: &mut sqlx::PgConnection,
    email: &str,
) -> sqlx::Result<Option<StaffUser>> {
    let row = sqlx::query!(
        r#"select u.staff_user_id, u.email, u.display_name, u.role as "role: Role", u.force_id,
                  f.name as "force_name?", u.local_policing_body_id, l.name as "lpb_name?"
           from staff_user u
           left join police_force f on f.police_force_id = u.force_id
           left join local_policing_body l on l.local_policing_body_id = u.local_policing_body_id
           where lower(u.email) = lower($1) and u.disabled_at is null"#,
        email
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| StaffUser {
        id: row.staff_user_id,
        email: row.email,
        name: row.display_name,
        role: row.role,
        force_id: row.force_id,
        force_name: row.force_name,
        lpb_id: row.local_policing_body_id,
        lpb_name: row.lpb_name,
        csrf_token: String::new(),
        second_factor: SecondFactor::Done,
    }))
}

/// Ends one session (sign-out).
pub async fn end(pool: &PgPool, token: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from staff_session where session_token_hash = $1",
        token_hash(token)
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Ends every session of a user (disabled account, password reset).
pub async fn end_all(conn: &mut sqlx::PgConnection, user_id: Uuid) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "delete from staff_session where staff_user_id = $1",
        user_id
    )
    .execute(conn)
    .await?
    .rows_affected())
}
