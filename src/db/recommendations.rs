//! Learning recommendations (Sch 3 paras 28A, 28B): making one from a case, reading one or a
//! page of them through the user's scope, and taking the recommendation machine's steps.
//!
//! A step is one transaction, shaped exactly like a case step (`db::workflow::apply_case_in`):
//! read the recommendation with its version, ask the workflow (`workflow::recommendation`),
//! claim the version (a lost race stops there, as [`ApplyError::Conflict`]), write the facts
//! the new stage needs together with the stage (the schema checks them in the same row), write
//! the extension request rows, then append an audit event with entity kind `recommendation`
//! and the recommendation's case, so the step shows in the case's timeline. The database's
//! own trigger checks the change of stage again against the mirrored transition table.
//!
//! Making a recommendation does not claim the case's version: it adds a record of its own
//! rather than changing the case, so colleagues taking case steps at the same moment are not
//! sent a needless "someone else changed this case". The due date comes from the workflow's
//! clock (`RecommendationSnapshot::new`), never from arithmetic here; the schema checks it a
//! second time.
//!
//! Scope: a force user sees the recommendations made to its force and those arising from its
//! own force's cases; a review-body user those arising from cases with a review its body
//! decides; IOPC staff all of them. The case behind a recommendation is named (reference and
//! link) only when the user may see that case.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::db::audit::{self, Action, Entity, Event, RecordAction};
use crate::db::workflow::{ActingUser, ApplyError};
use crate::domain::vocab::{RecommendationResponse, RecommendationStage};
use crate::workflow::recommendation::{
    self, RecommendationCommand, RecommendationSnapshot, RecommendationTransition,
};
use crate::workflow::{Effect, ForceId, clocks, english_date};

/// Who a recommendation is made to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A police force (its `police_force_id`).
    Force(Uuid),
    /// Another organisation, by name.
    Organisation(String),
}

/// A recommendation to be made from a case, already checked field by field.
#[derive(Debug, Clone)]
pub struct NewRecommendation {
    pub case_id: Uuid,
    pub recipient: Recipient,
    pub title: String,
    pub text: String,
    /// The day it was made: its response falls due 56 days after.
    pub made_on: NaiveDate,
}

/// Why a recommendation was not made.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// No such case.
    #[error("case not found")]
    NotFound,
    /// The case has no IOPC reference to publish the recommendation under.
    #[error("the case has no IOPC reference")]
    NoIopcReference,
    /// Dated before the case was received (the date given).
    #[error("dated before the case was received on {0}")]
    MadeBeforeCase(NaiveDate),
    /// The schema refused the row; the constraint's name says which rule.
    #[error("refused by the schema ({0})")]
    Refused(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The case a recommendation is made from, as the form shows it.
#[derive(Debug, Clone)]
pub struct CaseHeading {
    pub case_id: Uuid,
    pub iopc_reference: Option<String>,
    pub force_reference: Option<String>,
    pub force_id: Uuid,
    pub force_name: String,
}

/// The case, when it exists and the scope lets the user see it.
pub async fn case_heading(
    pool: &PgPool,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<CaseHeading>> {
    sqlx::query_as!(
        CaseHeading,
        r#"select c.case_id, c.iopc_reference, c.force_reference, c.force_id, f.name as force_name
           from case_record c
           join police_force f on f.police_force_id = c.force_id
           where c.case_id = $1
             and case_in_scope(c.force_id, c.case_id, $2, $3, $4)"#,
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_optional(pool)
    .await
}

/// Maps a constraint violation to [`CreateError::Refused`] with the constraint's name.
fn refused_by_schema(e: sqlx::Error) -> CreateError {
    match super::violated_constraint(&e) {
        Some(constraint) => CreateError::Refused(constraint.unwrap_or("unknown").to_owned()),
        None => CreateError::Database(e),
    }
}

/// Makes a recommendation from a case on the day it was made, inside the caller's
/// transaction, with its audit event. The response is due when the workflow's clock says
/// (Sch 3 para 28B(2)).
pub async fn create(
    tx: &mut PgConnection,
    new: &NewRecommendation,
    user: &ActingUser,
) -> Result<Uuid, CreateError> {
    let case = sqlx::query!(
        "select iopc_reference, received_on from case_record where case_id = $1",
        new.case_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CreateError::NotFound)?;
    if case.iopc_reference.is_none() {
        return Err(CreateError::NoIopcReference);
    }
    if new.made_on < case.received_on {
        return Err(CreateError::MadeBeforeCase(case.received_on));
    }
    let (force, name) = match &new.recipient {
        Recipient::Force(id) => (Some(*id), None),
        Recipient::Organisation(name) => (None, Some(name.as_str())),
    };
    let snapshot = RecommendationSnapshot::new(new.made_on, force.map(|f| ForceId(f.to_string())));
    let id = sqlx::query_scalar!(
        "insert into recommendation (case_id, recipient_force_id, recipient_name, title,
                                     recommendation_text, made_on, response_due_on, stage)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         returning recommendation_id",
        new.case_id,
        force,
        name,
        new.title,
        new.text,
        snapshot.made_on,
        snapshot.due_on,
        snapshot.stage as RecommendationStage,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(refused_by_schema)?;
    let recipient = recipient_name(&mut *tx, id).await?;
    let summary = format!(
        "“{}” made to {recipient}; the response is due on {}.",
        new.title,
        english_date(snapshot.due_on)
    );
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Recommendation {
                case_id: Some(new.case_id),
                recommendation_id: id,
            },
            Action::Record(RecordAction::MakeRecommendation),
            user.into(),
        )
        .stages(None, snapshot.stage.as_str())
        .details(json!({
            "source": "Sch 3 para 28A",
            "summary": summary,
            "response_due_on": snapshot.due_on,
            "on": snapshot.made_on,
        })),
    )
    .await?;
    Ok(id)
}

async fn recipient_name(conn: &mut PgConnection, id: Uuid) -> sqlx::Result<String> {
    sqlx::query_scalar!(
        r#"select coalesce(f.name, r.recipient_name, 'the recipient') as "name!"
           from recommendation r
           left join police_force f on f.police_force_id = r.recipient_force_id
           where r.recommendation_id = $1"#,
        id
    )
    .fetch_one(conn)
    .await
}

/// Reads what the recommendation machine needs to know, and the recommendation's version.
pub async fn load_recommendation(
    conn: &mut PgConnection,
    recommendation_id: Uuid,
) -> sqlx::Result<Option<(RecommendationSnapshot, i32)>> {
    let row = sqlx::query!(
        r#"select r.stage as "stage: RecommendationStage", r.made_on,
                  coalesce(r.extended_to, r.response_due_on) as "due_on!",
                  r.recipient_force_id, r.response_received_on, r.version,
                  (select q.requested_on from recommendation_extension_request q
                    where q.recommendation_id = r.recommendation_id and q.decision is null) as pending
           from recommendation r
           where r.recommendation_id = $1"#,
        recommendation_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        (
            RecommendationSnapshot {
                stage: r.stage,
                made_on: r.made_on,
                due_on: r.due_on,
                recipient_force_id: r.recipient_force_id.map(|f| ForceId(f.to_string())),
                response_received_on: r.response_received_on,
                pending_extension_request: r.pending,
            },
            r.version,
        )
    }))
}

/// Applies a recommendation step in one transaction, checking the version the user saw.
pub async fn apply_recommendation(
    pool: &PgPool,
    recommendation_id: Uuid,
    expected_version: i32,
    command: &RecommendationCommand,
    user: &ActingUser,
    today: NaiveDate,
) -> Result<RecommendationTransition, ApplyError> {
    let mut tx = pool.begin().await?;
    let transition = apply_recommendation_in(
        &mut tx,
        recommendation_id,
        expected_version,
        command,
        user,
        today,
    )
    .await?;
    tx.commit().await?;
    Ok(transition)
}

/// Applies a recommendation step inside the caller's transaction. Nothing is written when
/// the answer is an error (a database error leaves the transaction to be rolled back).
pub async fn apply_recommendation_in(
    tx: &mut PgConnection,
    recommendation_id: Uuid,
    expected_version: i32,
    command: &RecommendationCommand,
    user: &ActingUser,
    today: NaiveDate,
) -> Result<RecommendationTransition, ApplyError> {
    let (snapshot, version) = load_recommendation(&mut *tx, recommendation_id)
        .await?
        .ok_or(ApplyError::NotFound)?;
    if version != expected_version {
        return Err(ApplyError::Conflict);
    }
    let transition = recommendation::apply(&snapshot, command, &user.actor, today)
        .map_err(ApplyError::Refused)?;
    // Claim the version first: a lost race stops here, before anything else is written.
    let claimed = sqlx::query!(
        "update recommendation set version = version + 1
         where recommendation_id = $1 and version = $2",
        recommendation_id,
        expected_version,
    )
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(ApplyError::Conflict);
    }
    record_effects(&mut *tx, recommendation_id, &transition, user).await?;
    let about = sqlx::query!(
        r#"select r.case_id, coalesce(r.title, 'Recommendation') as "title!",
                  coalesce(f.name, r.recipient_name, 'the recipient') as "recipient!"
           from recommendation r
           left join police_force f on f.police_force_id = r.recipient_force_id
           where r.recommendation_id = $1"#,
        recommendation_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let summary = summary(&about.title, &about.recipient, &snapshot, &transition);
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Recommendation {
                case_id: about.case_id,
                recommendation_id,
            },
            Action::Recommendation(transition.action),
            user.into(),
        )
        .stages(Some(transition.from.as_str()), transition.to.as_str())
        .details(json!({
            "source": transition.source,
            "effects": transition.effects,
            "summary": summary,
        })),
    )
    .await?;
    Ok(transition)
}

/// Writes the step's facts with its stage in one statement (the schema requires a response
/// with "response received" and a publication date with "published", row by row), then the
/// extension request rows.
async fn record_effects(
    conn: &mut PgConnection,
    recommendation_id: Uuid,
    transition: &RecommendationTransition,
    user: &ActingUser,
) -> sqlx::Result<()> {
    let mut extended_to = None;
    let mut extension_reason = None;
    let mut response = None;
    let mut response_action = None;
    let mut received_on = None;
    let mut published_on = None;
    let mut publication_summary = None;
    for effect in &transition.effects {
        match effect {
            Effect::ExtensionGranted {
                new_due, reason, ..
            } => {
                extended_to = Some(*new_due);
                extension_reason = Some(reason.as_str());
            }
            Effect::ResponseRecorded {
                response: r,
                action,
                on,
            } => {
                response = Some(*r);
                response_action = Some(action.as_str());
                received_on = Some(*on);
            }
            Effect::Published { on, summary } => {
                published_on = Some(*on);
                publication_summary = Some(summary.as_str());
            }
            _ => {}
        }
    }
    sqlx::query!(
        "update recommendation
            set stage = $2,
                extended_to = coalesce($3, extended_to),
                extension_reason = coalesce($4, extension_reason),
                response = coalesce($5, response),
                response_action = coalesce($6, response_action),
                response_received_on = coalesce($7, response_received_on),
                published_on = coalesce($8, published_on),
                publication_summary = coalesce($9, publication_summary)
          where recommendation_id = $1",
        recommendation_id,
        transition.to as RecommendationStage,
        extended_to,
        extension_reason,
        response as Option<RecommendationResponse>,
        response_action,
        received_on,
        published_on,
        publication_summary,
    )
    .execute(&mut *conn)
    .await?;
    for effect in &transition.effects {
        match effect {
            Effect::ExtensionRequested {
                on,
                new_due,
                reason,
            } => {
                sqlx::query!(
                    "insert into recommendation_extension_request
                         (recommendation_id, requested_on, requested_by, requested_due_on, reason)
                     values ($1, $2, $3, $4, $5)",
                    recommendation_id,
                    *on,
                    user.staff_user_id,
                    *new_due,
                    reason,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::ExtensionGranted { reason, .. } => {
                decide_pending(
                    conn,
                    recommendation_id,
                    "granted",
                    transition.on,
                    user,
                    reason,
                )
                .await?;
            }
            Effect::ExtensionRefused { on, reason } => {
                decide_pending(conn, recommendation_id, "refused", *on, user, reason).await?;
            }
            Effect::ResponseRecorded { .. } => {
                // A request still awaiting a decision is overtaken by the response.
                sqlx::query!(
                    "update recommendation_extension_request
                        set decision = 'lapsed', decided_on = greatest($2, requested_on)
                      where recommendation_id = $1 and decision is null",
                    recommendation_id,
                    transition.on,
                )
                .execute(&mut *conn)
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Records the IOPC's decision on the request awaiting one (a grant may also answer a request
/// made by letter, in which case no row awaits and nothing is written).
async fn decide_pending(
    conn: &mut PgConnection,
    recommendation_id: Uuid,
    decision: &str,
    on: NaiveDate,
    user: &ActingUser,
    reason: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update recommendation_extension_request
            set decision = $2, decided_on = greatest($3, requested_on), decided_by = $4,
                decision_reason = $5
          where recommendation_id = $1 and decision is null",
        recommendation_id,
        decision,
        on,
        user.staff_user_id,
        reason,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The step in plain English for the timeline, naming the recommendation by its title.
fn summary(
    title: &str,
    recipient: &str,
    before: &RecommendationSnapshot,
    t: &RecommendationTransition,
) -> String {
    let mut out = String::new();
    for effect in &t.effects {
        let sentence = match effect {
            Effect::ExtensionRequested {
                new_due, reason, ..
            } => format!(
                "“{title}”: {recipient} asked for the response to be due on {} instead of {}. Reason: {}",
                english_date(*new_due),
                english_date(before.due_on),
                reason.trim()
            ),
            Effect::ExtensionGranted {
                requested_on,
                new_due,
                reason,
            } => format!(
                "“{title}”: the response is now due on {} instead of {}, on a request made on {}. Reason: {}",
                english_date(*new_due),
                english_date(before.due_on),
                english_date(*requested_on),
                reason.trim()
            ),
            Effect::ExtensionRefused { reason, .. } => format!(
                "“{title}”: the request for more time was refused; the response is still due on {}. Reason: {}",
                english_date(before.due_on),
                reason.trim()
            ),
            Effect::ResponseRecorded { response, on, .. } => {
                let answer = match response {
                    RecommendationResponse::Accepted => "accepted the recommendation",
                    RecommendationResponse::PartiallyAccepted => {
                        "accepted the recommendation in part"
                    }
                    RecommendationResponse::NotAccepted => "did not accept the recommendation",
                };
                let publish_by = clocks::publication_due(*on).due;
                format!(
                    "“{title}”: {recipient} {answer}; the response was received on {}. The IOPC publishes it by {}.",
                    english_date(*on),
                    english_date(publish_by)
                )
            }
            Effect::Published { on, .. } => format!(
                "“{title}”: the recommendation and the response were published on {}.",
                english_date(*on)
            ),
            _ => continue,
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&sentence);
    }
    out
}

/// One recommendation with everything its page shows.
#[derive(Debug, Clone)]
pub struct RecommendationDetails {
    pub recommendation_id: Uuid,
    /// The case it arose from, when the user may see that case.
    pub case_id: Option<Uuid>,
    pub case_iopc_reference: Option<String>,
    pub case_force_reference: Option<String>,
    pub recipient_force_id: Option<Uuid>,
    /// The recipient force's name, or the organisation's.
    pub recipient: String,
    pub title: Option<String>,
    pub text: String,
    pub made_on: NaiveDate,
    pub response_due_on: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub stage: RecommendationStage,
    pub response: Option<RecommendationResponse>,
    pub response_action: Option<String>,
    pub response_received_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub publication_summary: Option<String>,
    /// The day an undecided request for more time was made, if there is one.
    pub pending_extension_request: Option<NaiveDate>,
    pub version: i32,
    /// Today in England and Wales, by the database's clock.
    pub today: NaiveDate,
}

impl RecommendationDetails {
    /// What the recommendation machine needs to know, as [`load_recommendation`] reads it.
    pub fn snapshot(&self) -> RecommendationSnapshot {
        RecommendationSnapshot {
            stage: self.stage,
            made_on: self.made_on,
            due_on: self.extended_to.unwrap_or(self.response_due_on),
            recipient_force_id: self.recipient_force_id.map(|f| ForceId(f.to_string())),
            response_received_on: self.response_received_on,
            pending_extension_request: self.pending_extension_request,
        }
    }
}

/// A request for more time and what became of it.
#[derive(Debug, Clone)]
pub struct ExtensionRequestRow {
    pub requested_on: NaiveDate,
    pub requested_by: Option<String>,
    pub requested_due_on: NaiveDate,
    pub reason: String,
    pub decision: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
}

/// Reads one recommendation, or `None` when it does not exist or is outside the scope.
pub async fn load_details(
    conn: &mut PgConnection,
    recommendation_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<RecommendationDetails>> {
    let row = sqlx::query!(
        r#"select r.recommendation_id,
                  case when c.case_id is not null
                            and case_in_scope(c.force_id, c.case_id, $2, $3, false)
                       then c.case_id end as visible_case_id,
                  c.iopc_reference as "iopc_reference?",
                  c.force_reference as "force_reference?",
                  r.recipient_force_id, coalesce(f.name, r.recipient_name, '') as "recipient!",
                  r.title, r.recommendation_text, r.made_on, r.response_due_on, r.extended_to,
                  r.extension_reason, r.stage as "stage: RecommendationStage",
                  r.response as "response: RecommendationResponse", r.response_action,
                  r.response_received_on, r.published_on, r.publication_summary, r.version,
                  (select q.requested_on from recommendation_extension_request q
                    where q.recommendation_id = r.recommendation_id and q.decision is null) as pending,
                  (now() at time zone 'Europe/London')::date as "today!"
           from recommendation r
           left join case_record c on c.case_id = r.case_id
           left join police_force f on f.police_force_id = r.recipient_force_id
           where r.recommendation_id = $1
             and not $4
             and ($2::uuid is null or r.recipient_force_id = $2 or c.force_id = $2)
             and ($3::uuid is null or exists (select 1 from review rv where rv.case_id = r.case_id and rv.local_policing_body_id = $3))"#,
        recommendation_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        let visible = r.visible_case_id.is_some();
        RecommendationDetails {
            recommendation_id: r.recommendation_id,
            case_id: r.visible_case_id,
            case_iopc_reference: r.iopc_reference.filter(|_| visible),
            case_force_reference: r.force_reference.filter(|_| visible),
            recipient_force_id: r.recipient_force_id,
            recipient: r.recipient,
            title: r.title,
            text: r.recommendation_text,
            made_on: r.made_on,
            response_due_on: r.response_due_on,
            extended_to: r.extended_to,
            extension_reason: r.extension_reason,
            stage: r.stage,
            response: r.response,
            response_action: r.response_action,
            response_received_on: r.response_received_on,
            published_on: r.published_on,
            publication_summary: r.publication_summary,
            pending_extension_request: r.pending,
            version: r.version,
            today: r.today,
        }
    }))
}

/// The extension requests of a recommendation, oldest first.
pub async fn extension_requests(
    conn: &mut PgConnection,
    recommendation_id: Uuid,
) -> sqlx::Result<Vec<ExtensionRequestRow>> {
    sqlx::query_as!(
        ExtensionRequestRow,
        r#"select q.requested_on, rb.display_name as "requested_by?", q.requested_due_on, q.reason,
                  q.decision, q.decided_on, db.display_name as "decided_by?", q.decision_reason
           from recommendation_extension_request q
           left join staff_user rb on rb.staff_user_id = q.requested_by
           left join staff_user db on db.staff_user_id = q.decided_by
           where q.recommendation_id = $1
           order by q.created_at, q.recommendation_extension_request_id"#,
        recommendation_id
    )
    .fetch_all(conn)
    .await
}

/// The recommendation's history, newest first, as the case timeline reads events.
pub async fn events(
    conn: &mut PgConnection,
    recommendation_id: Uuid,
) -> sqlx::Result<Vec<crate::db::case_page::EventRow>> {
    let rows = sqlx::query!(
        r#"select e.entity_kind, e.action, e.from_state, e.to_state,
                  e.details ->> 'summary' as summary,
                  u.display_name as "actor_name?", e.actor_role, e.actor_description,
                  (e.occurred_at at time zone 'Europe/London') as "occurred_at!",
                  (e.details ->> 'on')::date as step_on
           from audit_event e
           left join staff_user u on u.staff_user_id = e.actor_id
           where e.entity_kind = 'recommendation' and e.entity_id = $1
           order by e.audit_event_id desc"#,
        recommendation_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::db::case_page::EventRow {
            mode: None,
            entity_kind: r.entity_kind,
            action: r.action,
            from_state: r.from_state,
            to_state: r.to_state,
            summary: r.summary,
            subject_name: None,
            actor_name: r.actor_name,
            actor_role: r.actor_role,
            actor_description: r.actor_description,
            occurred_at: r.occurred_at,
            step_on: r.step_on,
            late: None,
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

/// Rows per page of the list.
pub const PAGE_SIZE: i64 = 25;

/// What the list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub stage: Option<RecommendationStage>,
    /// The recipient force, by its code.
    pub force_code: Option<String>,
    /// Only those late: a response past its due date, or a response not published within
    /// the time the publication clock allows.
    pub overdue: bool,
}

/// A position in the list: the made-on date and id of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub made_on: NaiveDate,
    pub recommendation_id: Uuid,
}

impl Cursor {
    /// `2026-03-14,<uuid>`, as it appears in `after=` and `before=`.
    pub fn encode(&self) -> String {
        format!(
            "{},{}",
            self.made_on.format("%Y-%m-%d"),
            self.recommendation_id
        )
    }

    /// Reads [`Cursor::encode`]'s form back; `None` if it is not one.
    pub fn decode(text: &str) -> Option<Self> {
        let (day, id) = text.split_once(',')?;
        Some(Self {
            made_on: NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?,
            recommendation_id: Uuid::parse_str(id.trim()).ok()?,
        })
    }

    fn of(row: &ListRow) -> Self {
        Self {
            made_on: row.made_on,
            recommendation_id: row.recommendation_id,
        }
    }
}

/// Which page to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PageAt {
    #[default]
    First,
    /// The rows after this position (the next page).
    After(Cursor),
    /// The rows before this position (the previous page).
    Before(Cursor),
}

/// One recommendation in the list.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub recommendation_id: Uuid,
    pub title: Option<String>,
    pub recipient: String,
    /// The case, when the user may see it.
    pub case_id: Option<Uuid>,
    pub iopc_reference: Option<String>,
    pub made_on: NaiveDate,
    pub response_due_on: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub stage: RecommendationStage,
    pub response_received_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
}

/// A page of the list, with the cursors of its neighbours.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub next: Option<Cursor>,
    pub previous: Option<Cursor>,
}

/// The days the publication clock allows after a response, from the clock itself, so the
/// overdue filter cannot count differently from the page (para 28B(5)).
fn publication_days() -> i32 {
    let base = NaiveDate::MIN;
    i32::try_from((clocks::publication_due(base).due - base).num_days()).unwrap_or(i32::MAX)
}

/// The list query: the keyset condition and the order are the only parts that differ
/// between reading forwards (newest first) and backwards (the previous page), and both are
/// string literals so that `query_as!` sees one literal text. Newest first reads
/// `recommendation_made_idx` backwards.
macro_rules! list_query {
    ($scope:expr, $filter:expr, $today:expr, $cursor:expr, $limit:expr, $keyset:tt, $order:tt) => {{
        let scope: CaseScope = $scope;
        let filter: &ListFilter = $filter;
        let today: NaiveDate = $today;
        let cursor: Option<Cursor> = $cursor;
        let limit: i64 = $limit;
        sqlx::query_as!(
            ListRow,
            r#"select r.recommendation_id, r.title,
                      coalesce(f.name, r.recipient_name, '') as "recipient!",
                      case when case_in_scope(c.force_id, c.case_id, $1, $2, false)
                           then c.case_id end as case_id,
                      case when case_in_scope(c.force_id, c.case_id, $1, $2, false)
                           then c.iopc_reference end as iopc_reference,
                      r.made_on, r.response_due_on, r.extended_to,
                      r.stage as "stage: RecommendationStage", r.response_received_on, r.published_on
               from recommendation r
               left join case_record c on c.case_id = r.case_id
               left join police_force f on f.police_force_id = r.recipient_force_id
               where not $3
                 and ($1::uuid is null or r.recipient_force_id = $1 or c.force_id = $1)
                 and ($2::uuid is null or exists (select 1 from review rv where rv.case_id = r.case_id and rv.local_policing_body_id = $2))
                 and ($4::recommendation_stage is null or r.stage = $4)
                 and ($5::text is null or f.code = $5)
                 and (not $6
                      or (r.stage = 'made' and coalesce(r.extended_to, r.response_due_on) < $7)
                      or (r.stage = 'response_received' and r.response_received_on + $8::int < $7))
                 and ($9::date is null or "# + $keyset + r#")
               order by "# + $order + r#"
               limit $11"#,
            scope.force(),
            scope.lpb(),
            scope.nothing(),
            filter.stage as Option<RecommendationStage>,
            filter.force_code.as_deref(),
            filter.overdue,
            today,
            publication_days(),
            cursor.map(|c| c.made_on),
            cursor.map(|c| c.recommendation_id),
            limit,
        )
    }};
}

/// One page of the recommendations the user may see, newest first (by the day made).
pub async fn list(
    pool: &PgPool,
    scope: CaseScope,
    filter: &ListFilter,
    at: PageAt,
    today: NaiveDate,
) -> sqlx::Result<ListPage> {
    let limit = PAGE_SIZE + 1;
    let (cursor, backwards) = match at {
        PageAt::First => (None, false),
        PageAt::After(c) => (Some(c), false),
        PageAt::Before(c) => (Some(c), true),
    };
    let mut tx = super::list_transaction(pool, scope).await?;
    let mut rows = if backwards {
        list_query!(
            scope,
            filter,
            today,
            cursor,
            limit,
            "(r.made_on, r.recommendation_id) > ($9, $10::uuid)",
            "r.made_on, r.recommendation_id"
        )
        .fetch_all(&mut *tx)
        .await?
    } else {
        list_query!(
            scope,
            filter,
            today,
            cursor,
            limit,
            "(r.made_on, r.recommendation_id) < ($9, $10::uuid)",
            "r.made_on desc, r.recommendation_id desc"
        )
        .fetch_all(&mut *tx)
        .await?
    };
    tx.commit().await?;
    let more = rows.len() > usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX));
    let mut page = ListPage::default();
    if backwards {
        rows.reverse();
        // Reached with `before=`: there is always a page after it.
        page.next = rows.last().map(Cursor::of).or(cursor);
        page.previous = if more {
            rows.first().map(Cursor::of)
        } else {
            None
        };
    } else {
        page.next = if more {
            rows.last().map(Cursor::of)
        } else {
            None
        };
        // Reached with `after=`: there is a page before it.
        page.previous = cursor.and(rows.first().map(Cursor::of).or(cursor));
    }
    page.rows = rows;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_rejects_anything_else() {
        let c = Cursor {
            made_on: NaiveDate::from_ymd_opt(2026, 3, 14).expect("date"),
            recommendation_id: Uuid::nil(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("2026-03-14"), None);
        assert_eq!(
            Cursor::decode("yesterday,00000000-0000-0000-0000-000000000000"),
            None
        );
    }

    #[test]
    fn the_overdue_filter_counts_publication_with_the_clock_of_para_28b5() {
        let received = NaiveDate::from_ymd_opt(2022, 3, 15).expect("date");
        let days = i64::from(publication_days());
        assert_eq!(
            received + chrono::Days::new(u64::try_from(days).expect("positive")),
            clocks::publication_due(received).due
        );
    }
}
