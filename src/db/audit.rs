//! Verification of the audit trail's hash chains.
//!
//! Each event's hash covers its content and the previous event's hash in the same chain (the
//! same case, or the events without a case). The digest is computed by one SQL function, used
//! both by the insert trigger and here, so writer and checker cannot disagree. Each event also
//! has its place in the chain, given by the trigger under the chain's lock (migration 0050),
//! and the chain is walked in that order: a changed event breaks its own hash; a removed,
//! inserted or re-ordered one breaks a link or leaves a gap in the places.

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
               select e.audit_event_id, e.case_id, e.chain_position, e.prev_hash, e.hash,
                      lag(e.hash) over w as expected_prev,
                      row_number() over w as expected_position,
                      audit_event_digest(e.prev_hash, e) as expected_hash
               from audit_event e
               window w as (partition by e.case_id order by e.chain_position))
           select distinct on (case_id) audit_event_id as "audit_event_id!", case_id,
                  (prev_hash is distinct from expected_prev
                   or chain_position <> expected_position) as "bad_link!"
           from chain
           where prev_hash is distinct from expected_prev
              or chain_position <> expected_position
              or hash is distinct from expected_hash
           order by case_id, chain_position"#
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
