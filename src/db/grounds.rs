//! A case's mandatory-referral grounds (Sch 3 paras 4(1), 13(1); CMR 2020 regs 4, 7): the
//! read the revision form needs, and the transaction that revises them.
//!
//! The grounds are first found when the case is recorded (`db::workflow`, from the recording
//! checklist) and are revised here when more is known. Revising claims the case's version (a
//! change in between is a conflict, which the page answers with 409 "reload"), replaces the
//! case's mandatory grounds and appends the audit event that tells the timeline what changed
//! and why. What the workflow makes of them is `workflow::case`: a ground that no referral
//! covered blocks every local route until the matter is referred.

use super::audit::{self, Action, Entity, Event, RecordAction};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::db::workflow::{ActingUser, ApplyError, claim_case_version, load_case};
use crate::workflow::case::{CaseSnapshot, MandatoryGround};

/// What the revision form needs: the case's reference, its workflow snapshot (with the
/// grounds and those a referral covered) and version, and today.
#[derive(Debug, Clone)]
pub struct GroundsTarget {
    pub case_id: Uuid,
    pub reference: String,
    pub snapshot: CaseSnapshot,
    pub version: i32,
    /// Today in England and Wales, by the database's clock.
    pub today: chrono::NaiveDate,
}

/// Reads the case through the user's scope; `None` when it does not exist or is outside it.
pub async fn target(
    pool: &PgPool,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<GroundsTarget>> {
    let mut conn = pool.acquire().await?;
    let Some(c) = sqlx::query!(
        r#"select coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "reference!",
                  (now() at time zone 'Europe/London')::date as "today!"
           from case_record c
           where c.case_id = $1
             and case_in_scope(c.force_id, c.case_id, $2, $3, $4)"#,
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let Some((snapshot, version)) = load_case(&mut conn, case_id).await? else {
        return Ok(None);
    };
    Ok(Some(GroundsTarget {
        case_id,
        reference: c.reference,
        snapshot,
        version,
        today: c.today,
    }))
}

/// What a revision changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub added: Vec<MandatoryGround>,
    pub removed: Vec<MandatoryGround>,
}

fn names(grounds: &[MandatoryGround]) -> String {
    if grounds.is_empty() {
        "none".to_owned()
    } else {
        grounds
            .iter()
            .map(|g| g.label().to_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Replaces the case's mandatory grounds with `grounds` (none: "None of these applies"), if
/// the case is still at `expected_version`, with an audit event giving `reason`.
pub async fn revise(
    pool: &PgPool,
    case_id: Uuid,
    expected_version: i32,
    grounds: &[MandatoryGround],
    reason: &str,
    user: &ActingUser,
) -> Result<Revision, ApplyError> {
    let mut tx = pool.begin().await?;
    let (before, _) = load_case(&mut tx, case_id)
        .await?
        .ok_or(ApplyError::NotFound)?;
    if !claim_case_version(&mut tx, case_id, expected_version).await? {
        return Err(ApplyError::Conflict);
    }
    let before = before.mandatory_grounds;
    let revision = Revision {
        added: grounds
            .iter()
            .copied()
            .filter(|g| !before.contains(g))
            .collect(),
        removed: before
            .iter()
            .copied()
            .filter(|g| !grounds.contains(g))
            .collect(),
    };
    let codes: Vec<&str> = grounds.iter().map(|g| g.as_str()).collect();
    sqlx::query!(
        "delete from case_referral_ground cg using referral_ground rg
         where cg.case_id = $1 and rg.code = cg.ground_code and rg.mandatory
           and cg.ground_code <> all($2::text[])",
        case_id,
        &codes as &[&str],
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into case_referral_ground (case_id, ground_code)
         select $1, g from unnest($2::text[]) g on conflict do nothing",
        case_id,
        &codes as &[&str],
    )
    .execute(&mut *tx)
    .await?;
    let summary = format!(
        "Grounds now: {}. Added: {}. Removed: {}. Reason: {reason}",
        names(grounds),
        names(&revision.added),
        names(&revision.removed),
    );
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Case(case_id),
            Action::Record(RecordAction::ReviseReferralGrounds),
            user.into(),
        )
        .reason(Some(&summary))
        .details(json!({
            "source": "PRA 2002 Sch 3 paras 4(1), 13(1); CMR 2020 regs 4, 7",
            "grounds": codes,
            "added": revision.added.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
            "removed": revision.removed.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
            "reason": reason,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(revision)
}
