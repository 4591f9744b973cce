//! The outbox as the pages read it: messages by state, a message, the letters waiting to be
//! posted; and the two things staff do to a message: send a failed one again, and mark a
//! letter posted. Each change and its audit event are one transaction.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::db::audit::{self, Action, Actor, Entity, Event, RecordAction};
use crate::domain::vocab::Role;

/// A message as the lists and its page show it.
#[derive(Debug, Clone)]
pub struct Row {
    pub message_id: Uuid,
    pub case_id: Option<Uuid>,
    pub reference: Option<String>,
    pub kind: String,
    pub channel: String,
    pub to_name: String,
    pub to_address: String,
    pub language: String,
    pub subject: String,
    pub body: String,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

macro_rules! message_query {
    ($where:literal, $order:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            Row,
            r#"select m.message_id, m.case_id,
                      coalesce(c.force_reference, c.iopc_reference) as "reference?",
                      m.kind, m.channel, m.to_name, m.to_address, m.language, m.subject, m.body,
                      m.state, m.attempts, m.last_error, m.created_at, m.sent_at
                 from outbox_message m
                 left join case_record c on c.case_id = m.case_id
                where "# + $where + r#"
                  and (m.case_id is null or case_in_scope(c.force_id, c.case_id, $1, $2, $3))
                order by "# + $order + r#"
                limit 51"#,
            $($arg),*
        )
    };
}

/// Up to 51 messages in `state` (`queued`, `sent`, `failed` or `posted`), newest first, before
/// the keyset `before`, in the user's scope.
pub async fn by_state(
    pool: &PgPool,
    scope: CaseScope,
    state: &str,
    before: Option<(DateTime<Utc>, Uuid)>,
) -> sqlx::Result<Vec<Row>> {
    message_query!(
        "m.state = $4 and ($5::timestamptz is null or (m.created_at, m.message_id) < ($5, $6))",
        "m.created_at desc, m.message_id desc",
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        state,
        before.map(|b| b.0),
        before.map(|b| b.1)
    )
    .fetch_all(pool)
    .await
}

/// Letters waiting to be posted, the oldest first (post them in that order), up to 51 after
/// the keyset `after`.
pub async fn letters(
    pool: &PgPool,
    scope: CaseScope,
    after: Option<(DateTime<Utc>, Uuid)>,
) -> sqlx::Result<Vec<Row>> {
    message_query!(
        "m.channel = 'post' and m.state = 'queued'
         and ($4::timestamptz is null or (m.created_at, m.message_id) > ($4, $5))",
        "m.created_at, m.message_id",
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        after.map(|b| b.0),
        after.map(|b| b.1)
    )
    .fetch_all(pool)
    .await
}

/// One message, in the user's scope.
pub async fn one(pool: &PgPool, scope: CaseScope, id: Uuid) -> sqlx::Result<Option<Row>> {
    Ok(message_query!(
        "m.message_id = $4",
        "m.created_at",
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .next())
}

/// Sends a failed email again from its first try. `false` when it is not a failed email.
pub async fn retry(pool: &PgPool, row: &Row, by: Uuid, role: Role) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query!(
        "update outbox_message set state = 'queued', attempts = 0, next_attempt_at = now()
          where message_id = $1 and state = 'failed' and channel = 'email'",
        row.message_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        let summary = format!(
            "{}: the email to {} is to be sent again.",
            label(row),
            row.to_name
        );
        record(
            &mut tx,
            row,
            RecordAction::RequeueMessage,
            &summary,
            by,
            role,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Marks a letter posted. `false` when it is not a letter waiting to be posted.
pub async fn mark_posted(pool: &PgPool, row: &Row, by: Uuid, role: Role) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query!(
        "update outbox_message set state = 'posted', posted_by = $2, sent_at = now()
          where message_id = $1 and state = 'queued' and channel = 'post'",
        row.message_id,
        by
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        let summary = format!("{}: the letter to {} is posted.", label(row), row.to_name);
        record(&mut tx, row, RecordAction::PostLetter, &summary, by, role).await?;
    }
    tx.commit().await?;
    Ok(done)
}

fn label(row: &Row) -> &'static str {
    row.kind
        .parse::<super::MessageKind>()
        .map_or("A message", super::MessageKind::label)
}

async fn record(
    tx: &mut sqlx::PgConnection,
    row: &Row,
    action: RecordAction,
    summary: &str,
    by: Uuid,
    role: Role,
) -> sqlx::Result<()> {
    let Some(case_id) = row.case_id else {
        return Ok(());
    };
    audit::record(
        tx,
        Event::new(
            Entity::Message {
                case_id,
                message_id: row.message_id,
            },
            Action::Record(action),
            Actor::staff(by, role),
        )
        .details(serde_json::json!({ "summary": summary })),
    )
    .await
}
