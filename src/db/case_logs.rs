//! A case's contact log (updates to the complainant or an interested person, CMR 2020
//! reg 34) and evidence log: what their forms need to know about the case, and the
//! transactions that add an entry.
//!
//! Adding an entry is a change to the case like any other: one transaction claims the case's
//! version (`update ... set version = version + 1 where version = $seen`; another change in
//! between is a [`LogError::Conflict`], which the page answers with 409 "reload"), inserts
//! the entry and appends the audit event that puts it in the case's timeline. The audit
//! event carries the date and the method, never what was said or who was contacted: the
//! trail is append-only, so no personal data goes into it.
//!
//! Every read goes through the user's [`CaseScope`], so a case outside it reads as absent and
//! the page answers 404.

use super::audit::{self, Action, Actor, Entity, Event, RecordAction};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::db::workflow::claim_case_version;
use crate::domain::intake::{NewContact, NewEvidence};
use crate::domain::vocab::{CaseKind, ContactMethod, Role};
use crate::workflow::english_date;

/// Someone of the case who may be contacted.
#[derive(Debug, Clone)]
pub struct CasePerson {
    pub person_id: Uuid,
    /// "Jane Doe (complainant)", "A Solicitor (agent for Jane Doe)".
    pub label: String,
}

/// What the contact and evidence forms need to know about the case.
#[derive(Debug, Clone)]
pub struct LogTarget {
    pub case_id: Uuid,
    pub reference: String,
    pub kind: CaseKind,
    pub received_on: NaiveDate,
    pub version: i32,
    pub people: Vec<CasePerson>,
    /// Today in England and Wales, by the database's clock.
    pub today: NaiveDate,
}

/// Reads the case through the user's scope; `None` when it does not exist or is outside it.
pub async fn target(
    pool: &PgPool,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<LogTarget>> {
    let Some(c) = sqlx::query!(
        r#"select c.case_id,
                  coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "reference!",
                  c.kind as "kind: CaseKind", c.received_on, c.version,
                  (now() at time zone 'Europe/London')::date as "today!"
           from case_record c
           where c.case_id = $1
             and case_in_scope(c.force_id, c.case_id, $2, $3, $4)"#,
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let people = sqlx::query!(
        r#"select p.person_id as "person_id!", p.full_name as "full_name!", x.role as "role!",
                  x.for_name
           from (
               select cc.person_id, cc.role, null::text as for_name, cc.created_at, 0 as n
               from case_complainant cc where cc.case_id = $1
               union all
               select cc.agent_person_id, 'agent', w.full_name, cc.created_at, 1
               from case_complainant cc join person w on w.person_id = cc.person_id
               where cc.case_id = $1 and cc.agent_person_id is not null
           ) x
           join person p on p.person_id = x.person_id
           order by x.created_at, x.n, p.full_name"#,
        case_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| CasePerson {
        person_id: r.person_id,
        label: match (r.role.as_str(), r.for_name) {
            ("agent", Some(who)) => format!("{} (agent for {who})", r.full_name),
            ("interested_person", _) => format!("{} (interested person)", r.full_name),
            _ => format!("{} (complainant)", r.full_name),
        },
    })
    .collect();
    Ok(Some(LogTarget {
        case_id: c.case_id,
        reference: c.reference,
        kind: c.kind,
        received_on: c.received_on,
        version: c.version,
        people,
        today: c.today,
    }))
}

/// Why an entry was not added. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// Someone else changed the case since the form was drawn.
    #[error("the case was changed by someone else")]
    Conflict,
    /// A check of the schema refused the entry.
    #[error("the database refused the entry ({constraint:?})")]
    Refused { constraint: Option<String> },
    #[error(transparent)]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for LogError {
    fn from(e: sqlx::Error) -> Self {
        match super::violated_constraint(&e) {
            Some(constraint) => LogError::Refused {
                constraint: constraint.map(str::to_owned),
            },
            None => LogError::Database(e),
        }
    }
}

/// Who adds the entry, for the audit trail.
#[derive(Debug, Clone, Copy)]
pub struct Author {
    pub staff_user_id: Uuid,
    pub role: Role,
}

/// Claims the case's version (see [`claim_case_version`]).
async fn claim(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    expected_version: i32,
) -> Result<(), LogError> {
    if claim_case_version(conn, case_id, expected_version).await? {
        Ok(())
    } else {
        Err(LogError::Conflict)
    }
}

/// Adds a contact to the case's contact log, with its audit event, in one transaction.
/// The person, if any, must be one of the case's people (or their agent).
pub async fn add_contact(
    pool: &PgPool,
    case_id: Uuid,
    expected_version: i32,
    contact: &NewContact,
    by: Author,
) -> Result<Uuid, LogError> {
    let mut tx = pool.begin().await?;
    claim(&mut tx, case_id, expected_version).await?;
    let id = sqlx::query_scalar!(
        "insert into contact_log_entry (case_id, person_id, contacted_on, method, summary, created_by)
         select $1, $2, $3, $4, $5, $6
          where $2::uuid is null
             or exists (select 1 from case_complainant cc
                        where cc.case_id = $1 and (cc.person_id = $2 or cc.agent_person_id = $2))
         returning contact_log_entry_id",
        case_id,
        contact.person_id,
        contact.contacted_on,
        contact.method as ContactMethod,
        contact.summary,
        by.staff_user_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(LogError::Refused {
        constraint: Some("contact_log_entry_person_of_the_case".to_owned()),
    })?;
    let summary = format!(
        "{} on {}.",
        match contact.method {
            ContactMethod::Email => "By email",
            ContactMethod::Post => "By post",
            ContactMethod::Telephone => "By telephone",
        },
        english_date(contact.contacted_on)
    );
    audit::record(
        &mut *tx,
        Event::new(
            Entity::ContactLogEntry {
                case_id,
                contact_log_entry_id: id,
            },
            Action::Record(RecordAction::LogContact),
            Actor::staff(by.staff_user_id, by.role),
        )
        .details(json!({
            "summary": summary,
            "method": contact.method.as_str(),
            "contacted_on": contact.contacted_on,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds an item to the case's evidence log, with its audit event, in one transaction.
pub async fn add_evidence(
    pool: &PgPool,
    case_id: Uuid,
    expected_version: i32,
    item: &NewEvidence,
    by: Author,
) -> Result<Uuid, LogError> {
    let mut tx = pool.begin().await?;
    claim(&mut tx, case_id, expected_version).await?;
    let id = sqlx::query_scalar!(
        "insert into evidence_item (case_id, description, source, received_on, created_by)
         values ($1, $2, $3, $4, $5)
         returning evidence_item_id",
        case_id,
        item.description,
        item.source,
        item.received_on,
        by.staff_user_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Event::new(
            Entity::EvidenceItem {
                case_id,
                evidence_item_id: id,
            },
            Action::Record(RecordAction::LogEvidence),
            Actor::staff(by.staff_user_id, by.role),
        )
        .details(json!({
            "summary": format!("An item received on {}.", english_date(item.received_on)),
            "received_on": item.received_on,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
