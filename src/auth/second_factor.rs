//! The second factor of a staff sign-in: a time-based one-time password (RFC 6238) from an
//! authenticator app, or one of ten single-use recovery codes (ASVS 5.0 V6.5, V6.6).
//!
//! * **Enrolment.** At the first sign-in after the password, the account gets a random
//!   160-bit secret (RFC 4226 section 4 recommends 160 bits), shown as a QR code drawn on the
//!   server and as a key to type. Enrolment is finished when a code from the app is confirmed;
//!   then ten recovery codes are made and shown once.
//! * **Checking a code.** SHA-1, six digits, 30-second steps and one step of skew either way
//!   (RFC 6238's recommendations, which every authenticator app follows). A step is accepted
//!   once only: the last accepted step is kept, and a code of that step or an earlier one is
//!   refused, so a code seen over a shoulder cannot be replayed.
//! * **Recovery codes.** 50 random bits each, written in Crockford base 32 (the alphabet of
//!   the complainants' access codes), stored as SHA-256 digests and crossed out when used.
//! * **Throttling.** Wrong codes count as failed sign-ins of the account and the address,
//!   with the passwords' limit, each guess recorded before it is checked: see
//!   [`super::sign_in::admit`].
//!
//! The secret is read from the database only to check a code or draw the enrolment page; it
//! is never logged and never shown again once enrolment is finished.

use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use totp_rs::{Builder, Secret, Totp};
use uuid::Uuid;

/// The issuer an authenticator app shows beside the account.
pub const ISSUER: &str = "Oversight";
/// How many recovery codes an account gets.
pub const RECOVERY_CODES: usize = 10;

/// A new random secret (160 bits).
pub fn new_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// The TOTP of a secret for an account.
fn totp(secret: &[u8], account: &str) -> anyhow::Result<Totp> {
    Builder::new()
        .with_secret(Secret::new(secret.to_vec().into_boxed_slice()))
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', " "))
        .build()
        .map_err(|e| anyhow::anyhow!("the TOTP could not be built: {e:?}"))
}

/// What the enrolment page shows: the QR code as a PNG data URL, and the key to type, in
/// groups of four.
pub struct Enrolment {
    pub qr_data_url: String,
    pub key: String,
}

/// The enrolment page's QR code and key for `secret`.
pub fn enrolment(secret: &[u8], account: &str) -> anyhow::Result<Enrolment> {
    let totp = totp(secret, account)?;
    let png = totp
        .to_qr_base64()
        .map_err(|e| anyhow::anyhow!("the QR code could not be drawn: {e:?}"))?;
    let key = totp.secret().to_base32();
    let grouped = key
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Enrolment {
        qr_data_url: format!("data:image/png;base64,{png}"),
        key: grouped,
    })
}

/// The 30-second step a six-digit code matches at `now` (one step of skew either way), if it
/// does. Spaces typed between the digits are ignored.
pub fn matching_step(secret: &[u8], code: &str, now: DateTime<Utc>) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let time = u64::try_from(now.timestamp()).ok()?;
    totp(secret, "check").ok()?.check(&code, time)
}

/// The code an authenticator shows for `secret` at `now` (for tests and the demo).
pub fn code_at(secret: &[u8], now: DateTime<Utc>) -> String {
    let time = u64::try_from(now.timestamp()).unwrap_or_default();
    totp(secret, "code")
        .map(|t| t.generate(time).to_string())
        .unwrap_or_default()
}

/// Crockford's base 32, without the look-alike letters I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Ten new recovery codes, written `XXXXX-XXXXX` (50 random bits each).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut value = rng.next_u64() & ((1 << 50) - 1);
            let mut chars = Vec::with_capacity(10);
            for _ in 0..10 {
                chars.push(ALPHABET[usize::try_from(value & 31).unwrap_or(0)]);
                value >>= 5;
            }
            let s = String::from_utf8_lossy(&chars).into_owned();
            format!("{}-{}", &s[..5], &s[5..])
        })
        .collect()
}

/// A recovery code as typed, reduced to its ten characters: case, spaces and hyphens
/// forgiven, O read as 0 and I or L as 1.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let s: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    (s.len() == 10 && s.bytes().all(|b| ALPHABET.contains(&b))).then_some(s)
}

fn digest(normalised: &str) -> Vec<u8> {
    Sha256::digest(normalised.as_bytes()).to_vec()
}

/// The account's second factor as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    pub secret: Option<Vec<u8>>,
    pub enrolled: bool,
    pub email: String,
}

/// Reads an account's second factor.
pub async fn stored(conn: &mut PgConnection, user: Uuid) -> sqlx::Result<Option<Stored>> {
    Ok(sqlx::query!(
        "select totp_secret, totp_enrolled_at, email from staff_user where staff_user_id = $1",
        user
    )
    .fetch_optional(conn)
    .await?
    .map(|r| Stored {
        secret: r.totp_secret,
        enrolled: r.totp_enrolled_at.is_some(),
        email: r.email,
    }))
}

/// The secret enrolment shows: the one already started, or a new one (kept on the account
/// so that reloading the page shows the same QR code).
pub async fn start_enrolment(conn: &mut PgConnection, user: Uuid) -> sqlx::Result<Vec<u8>> {
    sqlx::query_scalar!(
        r#"update staff_user set totp_secret = coalesce(totp_secret, $2)
           where staff_user_id = $1 and totp_enrolled_at is null
           returning totp_secret as "secret!""#,
        user,
        new_secret()
    )
    .fetch_one(conn)
    .await
}

/// Accepts a step of the account's code once only: true when this step is later than any
/// accepted before (and so is now the last accepted).
async fn accept_step(conn: &mut PgConnection, user: Uuid, step: u64) -> sqlx::Result<bool> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    Ok(sqlx::query!(
        "update staff_user set totp_last_step = $2
         where staff_user_id = $1 and (totp_last_step is null or totp_last_step < $2)",
        user,
        step
    )
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Finishes enrolment when `code` matches the secret being enrolled: the account is enrolled
/// and gets new recovery codes, which are returned to be shown once.
pub async fn finish_enrolment(
    conn: &mut PgConnection,
    user: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Vec<String>>> {
    let Some(Stored {
        secret: Some(secret),
        enrolled: false,
        ..
    }) = stored(conn, user).await?
    else {
        return Ok(None);
    };
    let Some(step) = matching_step(&secret, code, now) else {
        return Ok(None);
    };
    if !accept_step(conn, user, step).await? {
        return Ok(None);
    }
    sqlx::query!(
        "update staff_user set totp_enrolled_at = $2 where staff_user_id = $1",
        user,
        now
    )
    .execute(&mut *conn)
    .await?;
    let codes = new_recovery_codes();
    replace_recovery_codes(conn, user, &codes).await?;
    Ok(Some(codes))
}

async fn replace_recovery_codes(
    conn: &mut PgConnection,
    user: Uuid,
    codes: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from staff_recovery_code where staff_user_id = $1",
        user
    )
    .execute(&mut *conn)
    .await?;
    let digests: Vec<Vec<u8>> = codes
        .iter()
        .filter_map(|c| normalise_recovery_code(c))
        .map(|c| digest(&c))
        .collect();
    sqlx::query!(
        "insert into staff_recovery_code (staff_user_id, code_digest)
         select $1, d from unnest($2::bytea[]) d",
        user,
        &digests
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// How a second factor was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    Code,
    RecoveryCode,
}

/// Checks a code from the app, or a recovery code (crossed out if it matches), for an
/// enrolled account.
pub async fn check(
    conn: &mut PgConnection,
    user: Uuid,
    typed: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Given>> {
    let Some(Stored {
        secret: Some(secret),
        enrolled: true,
        ..
    }) = stored(conn, user).await?
    else {
        return Ok(None);
    };
    if let Some(step) = matching_step(&secret, typed, now) {
        return Ok(accept_step(conn, user, step).await?.then_some(Given::Code));
    }
    let Some(code) = normalise_recovery_code(typed) else {
        return Ok(None);
    };
    let used = sqlx::query!(
        "update staff_recovery_code set used_at = $3
         where staff_user_id = $1 and code_digest = $2 and used_at is null",
        user,
        digest(&code),
        now
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok((used == 1).then_some(Given::RecoveryCode))
}

/// How many unused recovery codes an account has.
pub async fn recovery_codes_left(conn: &mut PgConnection, user: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from staff_recovery_code where staff_user_id = $1 and used_at is null"#,
        user
    )
    .fetch_one(conn)
    .await
}

/// Removes an account's second factor (an administrator's reset): it enrols again at its
/// next sign-in. True when there was one to remove.
pub async fn reset(conn: &mut PgConnection, user: Uuid) -> sqlx::Result<bool> {
    let changed = sqlx::query!(
        "update staff_user set totp_secret = null, totp_enrolled_at = null, totp_last_step = null
         where staff_user_id = $1 and totp_secret is not null",
        user
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query!(
        "delete from staff_recovery_code where staff_user_id = $1",
        user
    )
    .execute(conn)
    .await?;
    Ok(changed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_code_is_accepted_within_one_step_either_way_only() {
        // RFC 6238 appendix B: the test secret "12345678901234567890" gives 287082 (the last
        // six digits of 94287082) at 59 seconds with SHA-1.
        let secret = b"12345678901234567890";
        let at = |s: i64| Utc.timestamp_opt(s, 0).single().expect("time");
        assert_eq!(code_at(secret, at(59)), "287082");
        assert_eq!(matching_step(secret, "287082", at(59)), Some(1));
        assert_eq!(
            matching_step(secret, "287 082", at(59 + 30)),
            Some(1),
            "one step late"
        );
        assert_eq!(
            matching_step(secret, "287082", at(59 + 90)),
            None,
            "three steps late"
        );
        assert_eq!(matching_step(secret, "28708", at(59)), None);
        assert_eq!(matching_step(secret, "abcdef", at(59)), None);
    }

    #[test]
    fn recovery_codes_are_ten_different_fifty_bit_codes_read_forgivingly() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        for c in &codes {
            assert_eq!(c.len(), 11, "{c}");
            assert_eq!(
                normalise_recovery_code(c).as_deref(),
                Some(c.replace('-', "").as_str())
            );
            let sloppy = c.to_lowercase().replace('-', " ").replace('0', "o");
            assert_eq!(normalise_recovery_code(&sloppy), normalise_recovery_code(c));
        }
        assert_eq!(normalise_recovery_code("short"), None);
        assert_eq!(
            normalise_recovery_code("UUUUU-UUUUU"),
            None,
            "U is not in the alphabet"
        );
    }

    #[test]
    fn the_key_to_type_is_the_secret_in_base_32_groups() {
        let e = enrolment(b"12345678901234567890", "jo@force.example").expect("enrolment");
        assert_eq!(e.key.replace(' ', ""), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert!(e.qr_data_url.starts_with("data:image/png;base64,"));
    }
}
