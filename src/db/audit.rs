//! Verification of the audit trail's hash chains.
//!
//! Each event's hash covers its content and the previous event's hash in the same chain (the
//! same case). The digest is computed by one SQL function, used both by the insert trigger and
//! here, so writer and checker cannot disagree. A changed event breaks its own hash; a removed
//! or re-ordered one breaks the next event's link.

use std::fmt;

use sqlx::PgPool;
use uuid::Uuid;

/// The first broken link of one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub audit_event_id: i64,
    pub case_id: Option<Uuid>,
    pub problem: String,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chain = self.case_id.map_or_else(
            || "events without a case".to_owned(),
            |c| format!("case {c}"),
        );
        write!(
            f,
            "event {} ({chain}): {}",
            self.audit_event_id, self.problem
        )
    }
}

/// What a verification found.
#[derive(Debug, Default)]
pub struct AuditReport {
    pub events: i64,
    pub chains: i64,
    pub broken: Vec<BrokenLink>,
}

/// Checks every chain and returns the first broken link of each broken chain.
pub async fn verify(pool: &PgPool) -> sqlx::Result<AuditReport> {
    let counts = sqlx::query!(
        r#"select count(*) as "events!", count(distinct coalesce(case_id::text, '')) as "chains!" from audit_event"#
    )
    .fetch_one(pool)
    .await?;
    let broken = sqlx::query!(
        r#"with chain as (
               select e.audit_event_id, e.case_id, e.prev_hash, e.hash,
                      lag(e.hash) over (partition by e.case_id order by e.audit_event_id) as expected_prev,
                      audit_event_digest(e.prev_hash, e) as expected_hash
               from audit_event e)
           select distinct on (case_id) audit_event_id as "audit_event_id!", case_id,
                  (prev_hash is distinct from expected_prev) as "bad_link!"
           from chain
           where prev_hash is distinct from expected_prev or hash is distinct from expected_hash
           order by case_id, audit_event_id"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| BrokenLink {
        audit_event_id: r.audit_event_id,
        case_id: r.case_id,
        problem: if r.bad_link {
            "its link to the previous event does not match (an event before it was changed, removed or inserted)".to_owned()
        } else {
            "its content does not match its hash (the event was changed after it was written)".to_owned()
        },
    })
    .collect();
    Ok(AuditReport {
        events: counts.events,
        chains: counts.chains,
        broken,
    })
}
