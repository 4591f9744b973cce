//! Checking a sign-in: throttling first, then the password, recording every attempt.
//!
//! The answer never says whether an account exists: an unknown email, a wrong password and a
//! disabled account all get the same message, and an unknown email is still hashed against a
//! dummy hash so that the time taken does not tell them apart either.
//!
//! # The throttle holds under parallel guesses (ASVS 5.0 V6.3.1)
//!
//! No more than [`MAX_FAILURES`] failed guesses in [`WINDOW`] per account and per client
//! address, passwords and second-factor codes together. Every guess is **recorded before it
//! is checked** ([`admit`]): it is written as a failed attempt in a statement of its own
//! (committed at once), and only then are the failures counted, its own included. A guess
//! that finds more than the limit is refused without being checked and its row is removed
//! again (a refused guess does not push the window on); a guess that succeeds has its row
//! marked so ([`Attempt::succeeded`]).
//!
//! Why this is exact: order the admitted guesses by when their rows were committed. The
//! eleventh counts after its own row was committed, so after the ten before it were too, and
//! so sees at least eleven failures and is refused. Parallel guesses can only make each other
//! more cautious (a guess being checked already counts as a failure), never less.
//!
//! Why not a lock: a per-account and per-address `pg_advisory_xact_lock` held across the check
//! would also be exact, but it would hold a database connection and the lock across the
//! password hash (argon2id, deliberately slow), so every sign-in from one address (an office
//! behind one proxy) would wait for the one before it, and sixteen parallel guesses would hold
//! sixteen connections. Recording first costs two short statements and holds nothing.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgExecutor, PgPool};
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

/// A guess admitted to be checked: recorded as failed until [`Attempt::succeeded`] says
/// otherwise.
#[derive(Debug)]
pub struct Attempt {
    id: i64,
}

/// Whether a guess may be checked.
#[derive(Debug)]
pub enum Admission {
    Admitted(Attempt),
    /// Too many failures: the guess was not checked (nor kept); try again after this moment.
    Throttled {
        retry_after: DateTime<Utc>,
    },
}

/// The longest email address there can be (RFC 5321 section 4.5.3.1: a path of 256 octets,
/// less its angle brackets).
const MAX_EMAIL: usize = 254;

/// The account a guess counts against: the email as typed, trimmed and in lower case, cut at
/// the longest an address can be (a longer one names no account, and an index cannot hold
/// any length of text).
fn throttle_key(email: &str) -> String {
    email
        .trim()
        .to_lowercase()
        .chars()
        .take(MAX_EMAIL)
        .collect()
}

/// Records a guess for `email` from `address` at `now` as a failed attempt, then counts the
/// failures of the account and of the address in the window, this one included: over
/// [`MAX_FAILURES`], the guess is removed again and refused. See the module docs for why the
/// order makes the limit exact however many guesses arrive at once.
pub async fn admit(
    pool: &PgPool,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Admission> {
    let email_lower = throttle_key(email);
    // Its own statement, committed before the count below reads the others.
    let id = sqlx::query_scalar!(
        "insert into sign_in_attempt (email_lower, client_address, attempted_at, succeeded)
         values ($1, $2, $3, false) returning sign_in_attempt_id",
        email_lower,
        address,
        now
    )
    .fetch_one(pool)
    .await?;
    let counts = sqlx::query!(
        r#"select
             (select count(*) from sign_in_attempt where email_lower = $1 and not succeeded and attempted_at > $3) as "by_email!",
             (select count(*) from sign_in_attempt where client_address = $2 and not succeeded and attempted_at > $3) as "by_address!",
             (select min(attempted_at) from (select attempted_at from sign_in_attempt
                where (email_lower = $1 or client_address = $2) and not succeeded and attempted_at > $3
                  and sign_in_attempt_id <> $5
                order by attempted_at desc limit $4) recent) as oldest"#,
        email_lower,
        address,
        now - WINDOW,
        MAX_FAILURES,
        id
    )
    .fetch_one(pool)
    .await?;
    if counts.by_email > MAX_FAILURES || counts.by_address > MAX_FAILURES {
        sqlx::query!(
            "delete from sign_in_attempt where sign_in_attempt_id = $1",
            id
        )
        .execute(pool)
        .await?;
        let retry_after = counts.oldest.unwrap_or(now) + WINDOW;
        return Ok(Admission::Throttled { retry_after });
    }
    Ok(Admission::Admitted(Attempt { id }))
}

impl Attempt {
    /// Marks the guess as right: it no longer counts as a failure.
    pub async fn succeeded(self, executor: impl PgExecutor<'_>) -> sqlx::Result<()> {
        sqlx::query!(
            "update sign_in_attempt set succeeded = true where sign_in_attempt_id = $1",
            self.id
        )
        .execute(executor)
        .await?;
        Ok(())
    }
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
    let attempt = match admit(pool, email, client_address, now).await? {
        Admission::Admitted(attempt) => attempt,
        Admission::Throttled { retry_after } => return Ok(Outcome::Throttled { retry_after }),
    };
    let account = sqlx::query!(
        "select staff_user_id, password_hash, disabled_at from staff_user where lower(email) = $1",
        email.trim().to_lowercase()
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
    let Some(id) = signed_in else {
        return Ok(Outcome::Refused);
    };
    attempt.succeeded(pool).await?;
    sqlx::query!(
        "update staff_user set last_sign_in_at = $2 where staff_user_id = $1",
        id,
        now
    )
    .execute(pool)
    .await?;
    Ok(Outcome::SignedIn(id))
}
