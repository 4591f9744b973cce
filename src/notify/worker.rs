//! The delivery worker: a background task of each server. It claims one due email at a time
//! with `FOR UPDATE SKIP LOCKED` (so any number of servers can run it and no two take the same
//! message), sends it with a `Message-ID` derived from the message's id (so a receiver can
//! tell a repeat, should a server stop between sending and recording it), and records in the
//! same transaction that it was sent, or when to try again: after 30 s, 1, 2, 4 … minutes,
//! at most 6 hours apart, until `max_tries` (`OVERSIGHT_MAIL_MAX_TRIES`, default 8). A
//! permanent refusal (an address the server rejects) fails the message at once. Every send,
//! retry and failure is an audit event of the case; the body is never logged.

use std::time::Duration;

use lettre::Message;
use lettre::message::{Mailbox, header::ContentType};
use sqlx::PgPool;
use uuid::Uuid;

use super::transport::Transport;
use crate::db::audit::{self, Action, Actor, Entity, Event, RecordAction};

/// How the worker sends.
#[derive(Clone)]
pub struct Options {
    pub from: Mailbox,
    /// The domain of each `Message-ID`.
    pub domain: String,
    pub public_url: crate::config::PublicUrl,
    pub max_tries: i32,
}

impl Options {
    /// The options of a service at `public_url`: the sender given (`OVERSIGHT_MAIL_FROM`), or
    /// Oversight at `no-reply@` the public address's host.
    pub fn new(
        public_url: &crate::config::PublicUrl,
        from: Option<&str>,
        max_tries: i32,
    ) -> anyhow::Result<Self> {
        let host = url::Url::parse(public_url.as_str())
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .filter(|h| h.chars().any(|c| c.is_ascii_alphabetic()))
            .unwrap_or_else(|| "localhost".to_owned());
        let from = match from {
            Some(f) => f
                .parse()
                .map_err(|e| anyhow::anyhow!("OVERSIGHT_MAIL_FROM {f:?}: {e}"))?,
            None => format!("Oversight <no-reply@{host}>")
                .parse()
                .map_err(|e| anyhow::anyhow!("the default sender: {e}"))?,
        };
        Ok(Self {
            from,
            domain: host,
            public_url: public_url.clone(),
            max_tries,
        })
    }
}

/// The tries allowed by default.
pub const DEFAULT_MAX_TRIES: i32 = 8;

/// How long to wait before try `attempts + 1`.
pub fn backoff(attempts: i32) -> Duration {
    let seconds = 30u64.saturating_mul(1u64 << attempts.clamp(0, 20));
    Duration::from_secs(seconds.min(6 * 3600))
}

/// What became of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    Sent,
    Retry,
    Failed,
    /// Nothing was due.
    Idle,
}

/// Sends the next due message, if there is one.
pub async fn deliver_one(
    pool: &PgPool,
    transport: &Transport,
    options: &Options,
) -> anyhow::Result<Delivered> {
    let mut tx = pool.begin().await?;
    let Some(row) = sqlx::query!(
        r#"select message_id, case_id, kind, to_name, to_address, subject, body, attempts
             from outbox_message
            where state = 'queued' and channel = 'email' and next_attempt_at <= now()
            order by next_attempt_at, message_id
            limit 1
            for update skip locked"#
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Delivered::Idle);
    };
    let message = build(
        options,
        row.message_id,
        &row.to_name,
        &row.to_address,
        &row.subject,
        &super::fill(&row.body, &options.public_url),
    );
    let outcome = match message {
        Ok(message) => transport.send(&message, row.message_id).await,
        Err(e) => Err(super::transport::SendError {
            permanent: true,
            message: e,
        }),
    };
    let attempts = row.attempts + 1;
    let (delivered, action, error) = match outcome {
        Ok(()) => (Delivered::Sent, RecordAction::SendMessage, None),
        Err(e) if e.permanent || attempts >= options.max_tries => (
            Delivered::Failed,
            RecordAction::FailMessage,
            Some(e.message),
        ),
        Err(e) => (
            Delivered::Retry,
            RecordAction::RetryMessage,
            Some(e.message),
        ),
    };
    let wait = backoff(row.attempts);
    sqlx::query!(
        "update outbox_message
            set attempts = $2, last_error = $3,
                state = case $4 when 'sent' then 'sent' when 'failed' then 'failed' else 'queued' end,
                sent_at = case when $4 = 'sent' then now() end,
                next_attempt_at = now() + make_interval(secs => $5)
          where message_id = $1",
        row.message_id,
        attempts,
        error.as_deref(),
        match delivered {
            Delivered::Sent => "sent",
            Delivered::Failed => "failed",
            _ => "queued",
        },
        wait.as_secs_f64(),
    )
    .execute(&mut *tx)
    .await?;
    if let Some(case_id) = row.case_id {
        let summary = match delivered {
            Delivered::Sent => "Email sent to the complainant.".to_owned(),
            Delivered::Failed => {
                format!("Email to the complainant could not be sent after {attempts} tries.")
            }
            _ => format!(
                "Email to the complainant not sent yet (try {attempts}); it will be tried again."
            ),
        };
        audit::record(
            &mut *tx,
            Event::new(
                Entity::Message {
                    case_id,
                    message_id: row.message_id,
                },
                Action::Record(action),
                Actor::system(),
            )
            .details(serde_json::json!({
                "summary": summary,
                "attempts": attempts,
                "error": error,
            })),
        )
        .await?;
    }
    tx.commit().await?;
    if delivered != Delivered::Sent {
        tracing::warn!(message_id = %row.message_id, attempts, "a message was not sent");
    }
    Ok(delivered)
}

/// The email of an outbox row.
fn build(
    options: &Options,
    id: Uuid,
    name: &str,
    address: &str,
    subject: &str,
    body: &str,
) -> Result<Message, String> {
    let to = address
        .parse()
        .map(|email| Mailbox::new(Some(name.to_owned()), email))
        .map_err(|e| format!("the address is not one an email can go to: {e}"))?;
    Message::builder()
        .from(options.from.clone())
        .to(to)
        .subject(subject)
        .message_id(Some(format!("<{id}@{}>", options.domain)))
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())
}

/// Runs the worker until the task is dropped: one message after another while any is due,
/// then a look every `poll`.
pub fn spawn(
    pool: PgPool,
    transport: Transport,
    options: Options,
    poll: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match deliver_one(&pool, &transport, &options).await {
                Ok(Delivered::Idle) => tokio::time::sleep(poll).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "the message worker could not run");
                    tokio::time::sleep(poll).await;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_back_off_from_thirty_seconds_doubling_to_six_hours() {
        assert_eq!(backoff(0), Duration::from_secs(30));
        assert_eq!(backoff(1), Duration::from_secs(60));
        assert_eq!(backoff(3), Duration::from_secs(240));
        assert_eq!(backoff(12), Duration::from_secs(6 * 3600));
        assert_eq!(backoff(99), Duration::from_secs(6 * 3600));
    }
}
