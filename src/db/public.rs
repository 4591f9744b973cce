//! Queries of the public side: complainants' access codes, look-up throttling and sessions,
//! the status of a case as its complainant sees it, review applications, contact
//! preferences, and the published recommendations.
//!
//! Why it is shaped so:
//! - **One statement per status page.** The session, the person, the case, its key dates,
//!   its allegations with their outcomes, its latest review and what the harm test withholds
//!   come back from one query (sub-selects and JSON aggregation), because each round trip
//!   costs more than the query itself. The session is touched at most once a minute, in a
//!   second statement only then.
//! - **Nothing personal or internal leaves here unasked.** The status query reads no subject,
//!   no staff name, no evidence, no contact-log text and no audit detail; the web layer then
//!   drops every field the harm test withholds.
//! - **A case whose publication is deferred** until proceedings end is left out of the
//!   register (its recommendations, the facets) while `case_publication_withheld` says so
//!   (migration 0071).
//! - **Published recommendations** are read through partial indexes on `stage = 'published'`
//!   (migration 0030): newest publication first with keyset paging, per force, and a GIN index
//!   over the text a reader sees for search. The page is cut on `recommendation` alone and
//!   only its rows are joined to their force and case, so a common word costs a sort of its
//!   matches' keys, not thousands of joins.

use super::audit::{self, Action, Actor, Entity, Event, RecordAction};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::auth::access_code;
use crate::domain::vocab::{
    AllegationOutcome, CaseKind, CaseStage, ContactMethod, Language, RecommendationResponse,
    ReviewBody, ReviewStage,
};

/// Failed look-ups allowed per address and per reference in [`LOOKUP_WINDOW`].
pub const MAX_LOOKUP_FAILURES: i64 = 10;
/// The throttling window.
pub const LOOKUP_WINDOW: chrono::Duration = chrono::Duration::minutes(5);
/// After this many failures in the window, each further look-up is slowed down.
pub const SLOW_DOWN_AFTER: i64 = 5;
/// How long a block lasts once the limit is reached.
pub const BLOCK_FOR: chrono::Duration = chrono::Duration::minutes(15);
/// Complainant sessions end after this long without a request…
pub const SESSION_IDLE: chrono::Duration = chrono::Duration::minutes(30);
/// …and this long after they began, however active.
pub const SESSION_ABSOLUTE: chrono::Duration = chrono::Duration::hours(4);

fn sha256(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn random_hex() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

// ---------------------------------------------------------------------------------------------
// Access codes (staff side)
// ---------------------------------------------------------------------------------------------

/// A complainant or interested person of a case, with their access record if any.
#[derive(Debug, Clone)]
pub struct AccessRow {
    pub case_complainant_id: Uuid,
    pub role: String,
    pub full_name: String,
    pub reference: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
    pub reissue_count: Option<i32>,
}

/// The people of a case who can be given an access code.
pub async fn access_rows(pool: &PgPool, case_id: Uuid) -> sqlx::Result<Vec<AccessRow>> {
    sqlx::query_as!(
        AccessRow,
        r#"select cc.case_complainant_id, cc.role, p.full_name, a.reference as "reference?",
                  a.issued_at as "issued_at?", a.reissue_count as "reissue_count?"
           from case_complainant cc
           join person p using (person_id)
           left join complainant_access a using (case_complainant_id)
           where cc.case_id = $1
           order by cc.role, cc.created_at, cc.case_complainant_id"#,
        case_id
    )
    .fetch_all(pool)
    .await
}

/// A newly issued code: shown once, never stored.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    pub reference: String,
    pub code: String,
    pub reissued: bool,
}

/// Issues (or reissues) the access code of a person in a case, inside the caller's
/// transaction: the old code stops working and the person's open sessions end. `None` if the
/// person is not in that case.
pub async fn issue_code(
    conn: &mut PgConnection,
    case_id: Uuid,
    case_complainant_id: Uuid,
    staff_user_id: Uuid,
) -> sqlx::Result<Option<IssuedCode>> {
    let belongs = sqlx::query_scalar!(
        r#"select exists (select 1 from case_complainant where case_complainant_id = $1 and case_id = $2) as "x!""#,
        case_complainant_id,
        case_id
    )
    .fetch_one(&mut *conn)
    .await?;
    if !belongs {
        return Ok(None);
    }
    let code = access_code::new_code();
    let hash = access_code::hash(&code);
    // A reference is made once per person; a clash with another person's (one in 2^40) is
    // simply tried again.
    let mut reference = access_code::new_reference();
    for _ in 0..5 {
        let taken = sqlx::query_scalar!(
            r#"select exists (select 1 from complainant_access where reference = $1 and case_complainant_id <> $2) as "x!""#,
            reference,
            case_complainant_id
        )
        .fetch_one(&mut *conn)
        .await?;
        if !taken {
            break;
        }
        reference = access_code::new_reference();
    }
    let row = sqlx::query!(
        "insert into complainant_access (case_complainant_id, case_id, reference, code_hash, issued_by)
         values ($1, $2, $3, $4, $5)
         on conflict (case_complainant_id) do update
            set code_hash = excluded.code_hash, issued_at = now(), issued_by = excluded.issued_by,
                reissue_count = complainant_access.reissue_count + 1
         returning reference, reissue_count",
        case_complainant_id,
        case_id,
        reference,
        hash,
        staff_user_id
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "delete from complainant_session where case_complainant_id = $1",
        case_complainant_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(Some(IssuedCode {
        reference: row.reference,
        code,
        reissued: row.reissue_count > 0,
    }))
}

// ---------------------------------------------------------------------------------------------
// Look-up and throttling
// ---------------------------------------------------------------------------------------------

/// What a look-up came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The reference and code match: a session was started with this token.
    Found { token: String },
    /// Wrong reference or code; `failures` is the larger of the address's and the
    /// reference's recent failure counts, including this one.
    Refused { failures: i64 },
    /// Too many failures: no look-up until then.
    Blocked { until: DateTime<Utc> },
}

/// Checks a reference and code typed at `/status` from `address`, throttled per address and
/// per reference. `reference` and `code` are the canonical forms, or `None` when what was
/// typed cannot be one (it still counts as a failure).
///
/// The look-up is **recorded as a failure before the code is checked**, in a statement of its
/// own, and only then are the failures counted, its own included (the staff sign-in does the
/// same; see [`crate::auth::sign_in`] for why this is exact under parallel guesses and why it
/// holds no lock): the eleventh of any number of parallel look-ups counts after the ten before
/// it were recorded, so it is refused unchecked. A refused look-up's record is removed again
/// (it neither counts nor lengthens the block), and so is a right one's.
pub async fn look_up(
    pool: &PgPool,
    address: &str,
    typed_reference: &str,
    reference: Option<&str>,
    code: Option<&str>,
    now: DateTime<Utc>,
) -> sqlx::Result<Lookup> {
    // Failures are counted against what was typed (canonical when it parses), so that varying
    // the spelling of one reference does not escape its limit.
    let throttle_key = reference.unwrap_or(typed_reference).to_owned();
    if let Some(until) = blocked_until(pool, address, &throttle_key, now).await? {
        return Ok(Lookup::Blocked { until });
    }
    // Recorded first, committed before the count below reads the others.
    let failure_id = sqlx::query_scalar!(
        "insert into status_lookup_failure (client_address, reference, failed_at) values ($1, $2, $3)
         returning status_lookup_failure_id",
        address,
        throttle_key,
        now
    )
    .fetch_one(pool)
    .await?;
    let forget = async || {
        sqlx::query!(
            "delete from status_lookup_failure where status_lookup_failure_id = $1",
            failure_id
        )
        .execute(pool)
        .await
    };
    let since = now - LOOKUP_WINDOW;
    let counts = sqlx::query!(
        r#"select (select count(*) from status_lookup_failure where client_address = $1 and failed_at > $3) as "by_address!",
                  (select count(*) from status_lookup_failure where reference = $2 and failed_at > $3) as "by_reference!""#,
        address,
        throttle_key,
        since
    )
    .fetch_one(pool)
    .await?;
    if counts.by_address > MAX_LOOKUP_FAILURES || counts.by_reference > MAX_LOOKUP_FAILURES {
        // Others got here first: the one that made the tenth failure records the block (or
        // is about to).
        forget().await?;
        let until = blocked_until(pool, address, &throttle_key, now)
            .await?
            .unwrap_or(now + BLOCK_FOR);
        return Ok(Lookup::Blocked { until });
    }
    let found = match (reference, code) {
        (Some(reference), Some(code)) => sqlx::query!(
            "select case_complainant_id, code_hash from complainant_access where reference = $1",
            reference
        )
        .fetch_optional(pool)
        .await?
        .filter(|row| access_code::same_hash(&row.code_hash, &access_code::hash(code)))
        .map(|row| row.case_complainant_id),
        _ => None,
    };
    if let Some(case_complainant_id) = found {
        forget().await?;
        let token = start_session(pool, case_complainant_id, now).await?;
        return Ok(Lookup::Found { token });
    }
    let until = now + BLOCK_FOR;
    for (scope, key, count) in [
        ("address", address, counts.by_address),
        ("reference", throttle_key.as_str(), counts.by_reference),
    ] {
        if count >= MAX_LOOKUP_FAILURES {
            sqlx::query!(
                "insert into status_lookup_block (scope, key, blocked_until) values ($1, $2, $3)
                 on conflict (scope, key) do update set blocked_until = greatest(status_lookup_block.blocked_until, excluded.blocked_until)",
                scope,
                key,
                until
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(Lookup::Refused {
        failures: counts.by_address.max(counts.by_reference),
    })
}

/// The end of a block on look-ups from `address` or against `key`, if one is in force.
async fn blocked_until(
    pool: &PgPool,
    address: &str,
    key: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<DateTime<Utc>>> {
    sqlx::query_scalar!(
        "select max(blocked_until) from status_lookup_block
         where ((scope = 'address' and key = $1) or (scope = 'reference' and key = $2)) and blocked_until > $3",
        address,
        key,
        now
    )
    .fetch_one(pool)
    .await
}

/// Forgets failures and blocks older than needed (called now and then, cheaply).
pub async fn prune_throttling(pool: &PgPool, now: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from status_lookup_failure where failed_at < $1",
        now - LOOKUP_WINDOW
    )
    .execute(pool)
    .await?;
    sqlx::query!(
        "delete from status_lookup_block where blocked_until < $1",
        now
    )
    .execute(pool)
    .await?;
    sqlx::query!(
        "delete from complainant_session where last_seen_at < $1 or created_at < $2",
        now - SESSION_IDLE,
        now - SESSION_ABSOLUTE
    )
    .execute(pool)
    .await?;
    Ok(())
}

async fn start_session(
    pool: &PgPool,
    case_complainant_id: Uuid,
    now: DateTime<Utc>,
) -> sqlx::Result<String> {
    let token = random_hex();
    sqlx::query!(
        "insert into complainant_session (session_token_hash, case_complainant_id, csrf_token, created_at, last_seen_at)
         values ($1, $2, $3, $4, $4)",
        sha256(&token),
        case_complainant_id,
        random_hex(),
        now
    )
    .execute(pool)
    .await?;
    Ok(token)
}

/// Ends a complainant's session (sign-out).
pub async fn end_session(pool: &PgPool, token: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from complainant_session where session_token_hash = $1",
        sha256(token)
    )
    .execute(pool)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The status of a case
// ---------------------------------------------------------------------------------------------

/// One allegation as the complainant may see it (before the harm test is applied).
#[derive(Debug, Clone, Deserialize)]
pub struct AllegationJson {
    pub id: Uuid,
    pub description: String,
    pub outcome: Option<AllegationOutcome>,
    pub outcome_detail: Option<String>,
}

/// The latest review of the case.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewJson {
    pub reference: Option<String>,
    pub applied_on: NaiveDate,
    pub stage: ReviewStage,
    pub review_body: ReviewBody,
}

/// Something the harm test withholds from the complainant.
#[derive(Debug, Clone, Deserialize)]
pub struct WithheldJson {
    pub kind: Option<String>,
    pub id: Option<Uuid>,
    pub field: Option<String>,
}

/// Everything a complainant's pages show, read with the session in one statement.
#[derive(Debug, Clone)]
pub struct StatusRow {
    pub case_complainant_id: Uuid,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub role: String,
    pub person_id: Uuid,
    pub preferred_language: Language,
    pub easy_read: bool,
    pub contact_method: Option<ContactMethod>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub reference: Option<String>,
    pub case_id: Uuid,
    pub kind: CaseKind,
    pub stage: CaseStage,
    pub legacy: bool,
    pub version: i32,
    pub force_reference: Option<String>,
    pub received_on: NaiveDate,
    pub recorded_on: Option<NaiveDate>,
    pub logged_on: Option<NaiveDate>,
    pub schedule3: Option<bool>,
    pub outcome_notified_on: Option<NaiveDate>,
    pub review_right: Option<bool>,
    pub closed_on: Option<NaiveDate>,
    pub aa_is_lpb: bool,
    pub concerns_senior_officer: bool,
    pub could_justify_proceedings: bool,
    pub force_name: String,
    pub force_name_cy: Option<String>,
    pub lpb_name: Option<String>,
    pub lpb_name_cy: Option<String>,
    pub referred_on: Option<NaiveDate>,
    pub investigation_started_on: Option<NaiveDate>,
    pub last_update_on: Option<NaiveDate>,
    pub review: Option<Json<ReviewJson>>,
    pub allegations: Json<Vec<AllegationJson>>,
    pub withheld: Json<Vec<WithheldJson>>,
}

/// The status of the case behind a session token, or `None` when there is no live session
/// (unknown, idle for [`SESSION_IDLE`] or older than [`SESSION_ABSOLUTE`]; such a session is
/// deleted).
pub async fn status(
    conn: &mut sqlx::PgConnection,
    token: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<StatusRow>> {
    let hash = sha256(token);
    let row = sqlx::query_as!(
        StatusRow,
        r#"select s.case_complainant_id, s.csrf_token, s.created_at, s.last_seen_at,
                  cc.role, p.person_id, p.preferred_language as "preferred_language: Language", p.easy_read,
                  p.contact_method as "contact_method: ContactMethod", p.email, p.phone, p.address,
                  a.reference as "reference?",
                  c.case_id, c.kind as "kind: CaseKind", c.stage as "stage: CaseStage", c.legacy, c.version,
                  c.force_reference, c.received_on, c.recorded_on, c.logged_on, c.schedule3,
                  c.outcome_notified_on, c.review_right, c.closed_on,
                  c.aa_is_lpb, c.concerns_senior_officer, c.could_justify_proceedings,
                  f.name as force_name, f.name_cy as force_name_cy, l.name as "lpb_name?", l.name_cy as "lpb_name_cy?",
                  (select min(r.referred_on) from referral r where r.case_id = c.case_id) as referred_on,
                  (select min(i.started_on) from investigation i where i.case_id = c.case_id) as investigation_started_on,
                  (select max(e.contacted_on) from contact_log_entry e
                    where e.case_id = c.case_id and e.person_id = p.person_id) as last_update_on,
                  (select json_build_object('reference', rv.reference, 'applied_on', rv.applied_on,
                                            'stage', rv.stage, 'review_body', rv.review_body)
                     from review rv where rv.case_id = c.case_id
                    order by rv.applied_on desc, rv.created_at desc limit 1) as "review?: Json<ReviewJson>",
                  coalesce((select json_agg(json_build_object('id', al.allegation_id, 'description', al.description,
                                                              'outcome', al.outcome, 'outcome_detail', al.outcome_detail)
                                            order by al.entry_order)
                              from allegation al where al.case_id = c.case_id), '[]') as "allegations!: Json<Vec<AllegationJson>>",
                  coalesce((select json_agg(json_build_object('kind', w.entity_kind, 'id', w.entity_id, 'field', w.field_name))
                              from withheld_item w where w.case_id = c.case_id and w.released_at is null), '[]')
                    as "withheld!: Json<Vec<WithheldJson>>"
           from complainant_session s
           join case_complainant cc on cc.case_complainant_id = s.case_complainant_id
           join person p on p.person_id = cc.person_id
           left join complainant_access a on a.case_complainant_id = cc.case_complainant_id
           join case_record c on c.case_id = cc.case_id
           join police_force f on f.police_force_id = c.force_id
           left join local_policing_body l on l.local_policing_body_id = f.local_policing_body_id
           where s.session_token_hash = $1"#,
        &hash
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if now - row.last_seen_at > SESSION_IDLE || now - row.created_at > SESSION_ABSOLUTE {
        sqlx::query!(
            "delete from complainant_session where session_token_hash = $1",
            &hash
        )
        .execute(&mut *conn)
        .await?;
        return Ok(None);
    }
    // Touch at most once a minute: the idle clock needs no more, and most pages then cost
    // one statement.
    if now - row.last_seen_at > chrono::Duration::minutes(1) {
        sqlx::query!(
            "update complainant_session set last_seen_at = greatest(last_seen_at, $2) where session_token_hash = $1",
            &hash,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(Some(row))
}

// ---------------------------------------------------------------------------------------------
// Review applications
// ---------------------------------------------------------------------------------------------

/// A complainant's review application, as typed.
#[derive(Debug, Clone)]
pub struct ReviewApplication<'a> {
    pub grounds: &'a str,
    pub outcome_sought: &'a str,
}

/// Completes the review application that a complainant's `apply_for_review` step has just
/// recorded (the step writes the review row with its body and date), inside the step's
/// transaction: a new human reference, what the complainant disagrees with and what they
/// want. Returns the reference.
pub async fn complete_review_application(
    conn: &mut PgConnection,
    case_id: Uuid,
    applied_on: NaiveDate,
    application: &ReviewApplication<'_>,
) -> sqlx::Result<String> {
    let mut reference = new_review_reference(applied_on);
    for _ in 0..5 {
        let taken = sqlx::query_scalar!(
            r#"select exists (select 1 from review where reference = $1) as "x!""#,
            reference
        )
        .fetch_one(&mut *conn)
        .await?;
        if !taken {
            break;
        }
        reference = new_review_reference(applied_on);
    }
    sqlx::query!(
        "update review set reference = $2, grounds = $3, outcome_sought = $4
         where review_id = (select review_id from review
                             where case_id = $1 and stage = 'applied' and reference is null
                             order by created_at desc, review_id desc limit 1)
         returning review_id",
        case_id,
        reference,
        application.grounds,
        application.outcome_sought,
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(reference)
}

/// A review reference: `RV-2026-K7M2-9Q`, the year of application and eight random symbols.
fn new_review_reference(applied_on: NaiveDate) -> String {
    use chrono::Datelike;
    let symbols = access_code::new_reference();
    let tail = symbols.trim_start_matches("OV-");
    format!("RV-{}-{tail}", applied_on.year())
}

// ---------------------------------------------------------------------------------------------
// Contact preferences
// ---------------------------------------------------------------------------------------------

/// A person's contact preferences as the complainant set them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPreferences {
    pub method: ContactMethod,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub language: Language,
    pub easy_read: bool,
}

/// Saves a complainant's contact preferences and records the change in the case's timeline,
/// in one transaction. `changed` names the fields that changed (never their values: the
/// audit trail holds no personal data).
pub async fn save_contact_preferences(
    pool: &PgPool,
    case_id: Uuid,
    person_id: Uuid,
    prefs: &ContactPreferences,
    changed: &[&str],
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "update person set contact_method = $2, email = $3, phone = $4, address = $5,
                           preferred_language = $6, easy_read = $7
         where person_id = $1",
        person_id,
        prefs.method as ContactMethod,
        prefs.email,
        prefs.phone,
        prefs.address,
        prefs.language as Language,
        prefs.easy_read
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Person { case_id, person_id },
            Action::Record(RecordAction::ChangeContactPreferences),
            Actor::complainant(),
        )
        .details(serde_json::json!({
            "changed": changed,
            "contact_method": prefs.method.as_str(),
            "language": prefs.language.as_str(),
            "easy_read": prefs.easy_read,
        })),
    )
    .await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// Published recommendations
// ---------------------------------------------------------------------------------------------

/// Published recommendations shown on a page.
pub const PUBLISHED_PAGE_SIZE: i64 = 20;

/// One published recommendation with its response.
#[derive(Debug, Clone)]
pub struct PublishedRow {
    pub recommendation_id: Uuid,
    pub title: Option<String>,
    pub recipient: String,
    /// The recipient force's Welsh name, where it has one.
    pub recipient_cy: Option<String>,
    pub iopc_reference: Option<String>,
    pub made_on: NaiveDate,
    pub response_due_on: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub published_on: NaiveDate,
    pub publication_summary: Option<String>,
    pub recommendation_text: String,
    pub response: Option<RecommendationResponse>,
    pub response_action: Option<String>,
}

/// What the list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct PublishedFilter {
    pub force_id: Option<Uuid>,
    pub year: Option<i32>,
    /// Words to search for (websearch syntax).
    pub words: Option<String>,
    /// An IOPC reference (`2020/138174`) to match exactly.
    pub iopc_reference: Option<String>,
}

/// Where a page starts: after (older than) or before (newer than) a row's sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishedCursor {
    First,
    After(NaiveDate, Uuid),
    Before(NaiveDate, Uuid),
}

/// A page of published recommendations, newest publication first, and whether there are
/// more older (`has_older`) and newer (`has_newer`) ones.
pub struct PublishedPage {
    pub rows: Vec<PublishedRow>,
    pub has_older: bool,
    pub has_newer: bool,
}

/// Keyset pages through the published recommendations matching `filter`.
pub async fn published_page(
    pool: &PgPool,
    filter: &PublishedFilter,
    cursor: PublishedCursor,
) -> sqlx::Result<PublishedPage> {
    let (after, before) = match cursor {
        PublishedCursor::First => (None, None),
        PublishedCursor::After(d, id) => (Some((d, id)), None),
        PublishedCursor::Before(d, id) => (None, Some((d, id))),
    };
    let limit = PUBLISHED_PAGE_SIZE + 1;
    let year_from = filter.year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1));
    let year_to = filter
        .year
        .and_then(|y| NaiveDate::from_ymd_opt(y + 1, 1, 1));
    macro_rules! published_query {
        ($order:tt, $keyset:tt, $date:expr, $id:expr) => {
            sqlx::query_as!(
                PublishedRow,
                r#"select r.recommendation_id, r.title,
                          coalesce(f.name, r.recipient_name, '') as "recipient!", f.name_cy as "recipient_cy?",
                          c.iopc_reference as "iopc_reference?", r.made_on, r.response_due_on, r.extended_to,
                          r.published_on as "published_on!", r.publication_summary, r.recommendation_text,
                          r.response as "response: RecommendationResponse", r.response_action
                   from (select r.recommendation_id
                           from recommendation r
                          where r.stage = 'published'
                            and (r.case_id is null or not case_publication_withheld(r.case_id))
                            and ($1::uuid is null or r.recipient_force_id = $1)
                            and ($2::date is null or r.published_on >= $2)
                            and ($3::date is null or r.published_on < $3)
                            and ($4::text is null or recommendation_publication_search(r.title, r.recommendation_text,
                                   r.publication_summary, r.response_action, r.recipient_name) @@ websearch_to_tsquery('english', $4))
                            and ($5::text is null or r.case_id = (select c.case_id from case_record c where c.iopc_reference = $5))
                            and "# + $keyset + r#"
                          order by "# + $order + r#"
                          limit $8) page
                   join recommendation r on r.recommendation_id = page.recommendation_id
                   left join police_force f on f.police_force_id = r.recipient_force_id
                   left join case_record c on c.case_id = r.case_id
                   order by "# + $order + r#""#,
                filter.force_id,
                year_from,
                year_to,
                filter.words.as_deref(),
                filter.iopc_reference.as_deref(),
                $date,
                $id,
                limit
            )
        };
    }
    let mut rows = match before {
        None => {
            published_query!(
                "r.published_on desc, r.recommendation_id desc",
                "($6::date is null or (r.published_on, r.recommendation_id) < ($6, $7::uuid))",
                after.map(|a| a.0),
                after.map(|a| a.1)
            )
            .fetch_all(pool)
            .await?
        }
        Some((d, id)) => {
            let mut rows = published_query!(
                "r.published_on asc, r.recommendation_id asc",
                "($6::date is null or (r.published_on, r.recommendation_id) > ($6, $7::uuid))",
                Some(d),
                Some(id)
            )
            .fetch_all(pool)
            .await?;
            rows.reverse();
            rows
        }
    };
    let overflow = rows.len() as i64 > PUBLISHED_PAGE_SIZE;
    let (has_older, has_newer) = match cursor {
        PublishedCursor::First => {
            rows.truncate(PUBLISHED_PAGE_SIZE as usize);
            (overflow, false)
        }
        PublishedCursor::After(..) => {
            rows.truncate(PUBLISHED_PAGE_SIZE as usize);
            (overflow, true)
        }
        PublishedCursor::Before(..) => {
            if overflow {
                rows.remove(0);
            }
            (true, overflow)
        }
    };
    Ok(PublishedPage {
        rows,
        has_older,
        has_newer,
    })
}

/// One published recommendation by its id.
pub async fn published_one(pool: &PgPool, id: Uuid) -> sqlx::Result<Option<PublishedRow>> {
    sqlx::query_as!(
        PublishedRow,
        r#"select r.recommendation_id, r.title,
                  coalesce(f.name, r.recipient_name, '') as "recipient!", f.name_cy as "recipient_cy?",
                  c.iopc_reference as "iopc_reference?", r.made_on, r.response_due_on, r.extended_to,
                  r.published_on as "published_on!", r.publication_summary, r.recommendation_text,
                  r.response as "response: RecommendationResponse", r.response_action
           from recommendation r
           left join police_force f on f.police_force_id = r.recipient_force_id
           left join case_record c on c.case_id = r.case_id
           where r.recommendation_id = $1 and r.stage = 'published'
             and (r.case_id is null or not case_publication_withheld(r.case_id))"#,
        id
    )
    .fetch_optional(pool)
    .await
}

/// The forces with published recommendations, and the years with publications, for the
/// filters.
pub async fn published_facets(
    pool: &PgPool,
) -> sqlx::Result<(Vec<(Uuid, String, Option<String>)>, Vec<i32>)> {
    let forces = sqlx::query!(
        r#"select f.police_force_id, f.name, f.name_cy from police_force f
           where exists (select 1 from recommendation r
                          where r.recipient_force_id = f.police_force_id and r.stage = 'published'
                            and (r.case_id is null or not case_publication_withheld(r.case_id)))
           order by f.name"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.police_force_id, r.name, r.name_cy))
    .collect();
    // The years with publications, one index probe a year rather than a scan of them all.
    let years = sqlx::query_scalar!(
        r#"select y as "year!"
           from generate_series(
                  (select extract(year from min(published_on))::int from recommendation where stage = 'published'),
                  (select extract(year from max(published_on))::int from recommendation where stage = 'published')) y
          where exists (select 1 from recommendation r
                         where r.stage = 'published'
                           and (r.case_id is null or not case_publication_withheld(r.case_id))
                           and r.published_on >= make_date(y, 1, 1) and r.published_on < make_date(y + 1, 1, 1))
          order by 1 desc"#
    )
    .fetch_all(pool)
    .await?;
    Ok((forces, years))
}
