//! Links between cases (a linked investigation, the same incident, a DSI matter re-recorded
//! as a conduct matter). A link is made from one case to another the user may also see; it
//! claims the case's version and is audited on both cases' timelines.

use serde_json::json;

use super::audit::{self, Action, Actor, Entity, Event, RecordAction};
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::db::workflow::{ApplyError, claim_case_version};
use crate::domain::Role;
use crate::domain::vocab::LinkReason;

/// The case with this IOPC or force reference that the scope lets the user see.
pub async fn find_by_reference(
    pool: &PgPool,
    reference: &str,
    scope: CaseScope,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "select c.case_id from case_record c
          where (c.iopc_reference = $1 or c.force_reference = $1)
            and case_in_scope(c.force_id, c.case_id, $2, $3, $4)
          order by c.iopc_reference = $1 desc
          limit 1",
        reference,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_optional(pool)
    .await
}

/// Whether the two cases are already linked, either way round.
pub async fn linked(pool: &PgPool, a: Uuid, b: Uuid) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from case_link
                           where (from_case_id = $1 and to_case_id = $2) or (from_case_id = $2 and to_case_id = $1)) as "linked!""#,
        a,
        b
    )
    .fetch_one(pool)
    .await
}

/// Links `from` to `to`, checking the version of `from` the user saw; one audit event on
/// each case.
pub async fn link(
    pool: &PgPool,
    from: Uuid,
    expected_version: i32,
    to: Uuid,
    reason: LinkReason,
    user: Uuid,
    role: Role,
) -> Result<(), ApplyError> {
    let mut tx = pool.begin().await?;
    if !claim_case_version(&mut tx, from, expected_version).await? {
        return Err(ApplyError::Conflict);
    }
    let link_id = sqlx::query_scalar!(
        "insert into case_link (from_case_id, to_case_id, reason, created_by) values ($1, $2, $3, $4)
         returning case_link_id",
        from,
        to,
        reason as LinkReason,
        user
    )
    .fetch_one(&mut *tx)
    .await?;
    for (case_id, other) in [(from, to), (to, from)] {
        let other_reference = sqlx::query_scalar!(
            r#"select coalesce(iopc_reference, force_reference, case_id::text) as "reference!"
                 from case_record where case_id = $1"#,
            other
        )
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut *tx,
            Event::new(
                Entity::CaseLink {
                    case_id,
                    case_link_id: link_id,
                },
                Action::Record(RecordAction::LinkCase),
                Actor::staff(user, role),
            )
            .details(json!({ "summary": format!("{}: {other_reference}", reason.label()) })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
