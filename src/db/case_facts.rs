//! Facts about a whole case that move no stage and that the IOPC's published summaries
//! record (domain.md H2): that no organisational learning was identified (a positive finding,
//! not a gap), and that publication is deferred until proceedings end, with a date to revisit
//! it. The public register leaves a deferred case out while `case_publication_withheld`
//! (migration 0071) says so.
//!
//! Each change locks the case, checks the version the page was drawn with, writes the fact,
//! moves the case's version on and appends an audit event, in one transaction.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::audit::{self, Action, Entity, Event, RecordAction};
use super::workflow::{ActingUser, ApplyError};
use crate::auth::session::CaseScope;
use crate::workflow::english_date;

/// What the learning and publication page shows.
#[derive(Debug, Clone)]
pub struct LearningAndPublication {
    pub case_reference: String,
    pub version: i32,
    pub no_organisational_learning_on: Option<NaiveDate>,
    pub publication_deferred_on: Option<NaiveDate>,
    pub publication_revisit_on: Option<NaiveDate>,
    /// Recommendations made on the case (organisational learning identified).
    pub recommendations: i64,
    /// The public register leaves the case out today.
    pub withheld: bool,
    /// Today in England and Wales, by the database's clock.
    pub today: NaiveDate,
}

/// Reads the case's learning and publication facts, or `None` outside the user's scope.
pub async fn load(
    pool: &PgPool,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<LearningAndPublication>> {
    sqlx::query_as!(
        LearningAndPublication,
        r#"select coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "case_reference!",
                  c.version, c.no_organisational_learning_on, c.publication_deferred_on,
                  c.publication_revisit_on,
                  (select count(*) from recommendation r where r.case_id = c.case_id) as "recommendations!",
                  case_publication_withheld(c.case_id) as "withheld!",
                  (now() at time zone 'Europe/London')::date as "today!"
             from case_record c
            where c.case_id = $1 and case_in_scope(c.force_id, c.case_id, $2, $3, $4)"#,
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_optional(pool)
    .await
}

/// A case fact to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseFact {
    /// No organisational learning was identified, decided on `on`.
    NoOrganisationalLearning { on: NaiveDate },
    /// Publication deferred on `on` until proceedings end, to be revisited on `revisit_on`.
    DeferPublication {
        on: NaiveDate,
        revisit_on: NaiveDate,
    },
}

impl CaseFact {
    /// The sentence the timeline shows.
    pub fn summary(self) -> String {
        match self {
            CaseFact::NoOrganisationalLearning { on } => format!(
                "No organisational learning was identified (decided {}).",
                english_date(on)
            ),
            CaseFact::DeferPublication { on, revisit_on } => format!(
                "Publication deferred on {} until proceedings end; to be revisited on {}.",
                english_date(on),
                english_date(revisit_on)
            ),
        }
    }
}

/// Records a case fact against the version the page was drawn with.
pub async fn record(
    pool: &PgPool,
    case_id: Uuid,
    expected_version: i32,
    fact: CaseFact,
    user: &ActingUser,
) -> Result<(), ApplyError> {
    let mut tx = pool.begin().await?;
    let version = sqlx::query_scalar!(
        "select version from case_record where case_id = $1 for update",
        case_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApplyError::NotFound)?;
    if version != expected_version {
        return Err(ApplyError::Conflict);
    }
    let action = match fact {
        CaseFact::NoOrganisationalLearning { on } => {
            sqlx::query!(
                "update case_record set no_organisational_learning_on = $2, version = version + 1
                  where case_id = $1",
                case_id,
                on
            )
            .execute(&mut *tx)
            .await?;
            RecordAction::RecordNoOrganisationalLearning
        }
        CaseFact::DeferPublication { on, revisit_on } => {
            sqlx::query!(
                "update case_record set publication_deferred_on = $2, publication_revisit_on = $3,
                        version = version + 1
                  where case_id = $1",
                case_id,
                on,
                revisit_on
            )
            .execute(&mut *tx)
            .await?;
            RecordAction::DeferPublication
        }
    };
    audit::record(
        &mut *tx,
        Event::new(Entity::Case(case_id), Action::Record(action), user.into())
            .details(json!({ "summary": fact.summary() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
