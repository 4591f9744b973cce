//! Checking a sign-in: throttling first, then the password, recording every attempt.
//!
//! The answer never says whether an account exists: an unknown email, a wrong password and a
//! disabled account all get the same message, and an unknown email is still hashed against a
//! dummy hash so that the time taken does not tell them apart either.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::password;

/// Failed guesses allowed per account and per client address in [`WINDOW`].
pub const MAX_FAILURES: i64 = 10;
/// The throttling window.
pub const WINDOW: Duration = Duration::minutes(5);

/// What a sign-in attempt came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    SignedIn(Uuid),
    /// Wrong email or password, or a disabled account: one answer for all three.
    Refused,
    /// Too many failures; try again after this moment.
    Throttled {
        retry_after: DateTime<Utc>,
    },
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash("not a real password, only for timing").unwrap_or_default())
}

/// Checks an email and password from `client_address` at `now`.
pub async fn attempt(
    pool: &PgPool,
    email: &str,
    given_password: &str,
    client_address: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Outcome> {
    let email_lower = email.trim().to_lowercase();
    let since = now - WINDOW;
    let oldest = sqlx::query!(
        r#"select
             (select count(*) from sign_in_attempt where email_lower = $1 and not succeeded and attempted_at > $3) as "by_email!",
             (select count(*) from sign_in_attempt where client_address = $2 and not succeeded and attempted_at > $3) as "by_address!",
             (select min(attempted_at) from (select attempted_at from sign_in_attempt
                where (email_lower = $1 or client_address = $2) and not succeeded and attempted_at > $3
                order by attempted_at desc limit $4) recent) as oldest"#,
        email_lower,
        client_address,
        since,
        MAX_FAILURES
    )
    .fetch_one(pool)
    .await?;
    if oldest.by_email >= MAX_FAILURES || oldest.by_address >= MAX_FAILURES {
        let retry_after = oldest.oldest.unwrap_or(now) + WINDOW;
        return Ok(Outcome::Throttled { retry_after });
    }

    let account = sqlx::query!(
        "select staff_user_id, password_hash, disabled_at from staff_user where lower(email) = $1",
        email_lower
    )
    .fetch_optional(pool)
    .await?;
    let signed_in = match &account {
        Some(a) => {
            let matches = password::verify(given_password, &a.password_hash);
            (matches && a.disabled_at.is_none()).then_some(a.staff_user_id)
        }
        None => {
            // Spend the same time as a real check.
            let _ = password::verify(given_password, dummy_hash());
            None
        }
    };
    sqlx::query!(
        "insert into sign_in_attempt (email_lower, client_address, attempted_at, succeeded) values ($1, $2, $3, $4)",
        email_lower,
        client_address,
        now,
        signed_in.is_some()
    )
    .execute(pool)
    .await?;
    if let Some(id) = signed_in {
        sqlx::query!(
            "update staff_user set last_sign_in_at = $2 where staff_user_id = $1",
            id,
            now
        )
        .execute(pool)
        .await?;
    }
    Ok(signed_in.map_or(Outcome::Refused, Outcome::SignedIn))
}
