//! The open investigation of a case: its terms of reference and investigator, and the
//! progress notices sent to the local policing body once it has run 12 months and every 6
//! months after (CMR 2020 reg 13; PCR 2020 reg 19). Each change claims the case's version
//! (a lost race is a conflict) and appends an audit event, in one transaction.

use super::audit::{self, Action, Actor, Entity, Event, RecordAction};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::db::workflow::{ApplyError, claim_case_version};
use crate::domain::{CaseKind, CaseStage, InvestigationMode, Role};

/// The case's latest investigation, with what its pages need.
#[derive(Debug, Clone)]
pub struct Current {
    pub investigation_id: Uuid,
    pub case_id: Uuid,
    pub reference: String,
    pub kind: CaseKind,
    pub stage: CaseStage,
    pub version: i32,
    pub force_name: String,
    pub lpb_name: Option<String>,
    pub mode: InvestigationMode,
    pub terms_of_reference: Option<String>,
    pub investigator_name: Option<String>,
    pub started_on: NaiveDate,
    pub report_submitted_on: Option<NaiveDate>,
    /// (from, to) of each suspension.
    pub suspensions: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// (id, kind, sent on) of each progress notice, oldest first.
    pub notices: Vec<(Uuid, String, NaiveDate)>,
}

/// A progress notice as sent.
#[derive(Debug, Clone)]
pub struct Notice {
    pub kind: String,
    pub sent_on: NaiveDate,
    pub text: String,
    /// The notice in Welsh; `None` for a notice sent before Welsh notices were made.
    pub text_cy: Option<String>,
}

/// The latest investigation of a case the user may see (`force`: a force user's force).
pub async fn current(
    pool: &PgPool,
    case_id: Uuid,
    force: Option<Uuid>,
) -> sqlx::Result<Option<Current>> {
    let row = sqlx::query!(
        r#"select i.investigation_id, c.case_id,
                  coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "reference!",
                  c.kind as "kind: CaseKind", c.stage as "stage: CaseStage", c.version,
                  f.name as force_name, l.name as "lpb_name?", i.mode as "mode: InvestigationMode",
                  i.terms_of_reference, i.investigator_name, i.started_on, i.report_submitted_on,
                  array(select s.started_on from investigation_suspension s
                         where s.investigation_id = i.investigation_id order by s.started_on) as "suspended_from!",
                  array(select s.ended_on from investigation_suspension s
                         where s.investigation_id = i.investigation_id order by s.started_on) as "suspended_to!: Vec<Option<NaiveDate>>",
                  array(select n.investigation_notice_id from investigation_notice n
                         where n.investigation_id = i.investigation_id order by n.sent_on, n.created_at) as "notice_ids!",
                  array(select n.kind from investigation_notice n
                         where n.investigation_id = i.investigation_id order by n.sent_on, n.created_at) as "notice_kinds!",
                  array(select n.sent_on from investigation_notice n
                         where n.investigation_id = i.investigation_id order by n.sent_on, n.created_at) as "notice_dates!"
           from case_record c
           join police_force f on f.police_force_id = c.force_id
           left join local_policing_body l on l.local_policing_body_id = f.local_policing_body_id
           join lateral (select * from investigation i where i.case_id = c.case_id
                          order by i.started_on desc, i.created_at desc limit 1) i on true
           where c.case_id = $1 and ($2::uuid is null or c.force_id = $2)"#,
        case_id,
        force
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Current {
        investigation_id: r.investigation_id,
        case_id: r.case_id,
        reference: r.reference,
        kind: r.kind,
        stage: r.stage,
        version: r.version,
        force_name: r.force_name,
        lpb_name: r.lpb_name,
        mode: r.mode,
        terms_of_reference: r.terms_of_reference,
        investigator_name: r.investigator_name,
        started_on: r.started_on,
        report_submitted_on: r.report_submitted_on,
        suspensions: r.suspended_from.into_iter().zip(r.suspended_to).collect(),
        notices: r
            .notice_ids
            .into_iter()
            .zip(r.notice_kinds)
            .zip(r.notice_dates)
            .map(|((id, kind), on)| (id, kind, on))
            .collect(),
    }))
}

/// One progress notice of a case's investigation.
pub async fn notice(pool: &PgPool, case_id: Uuid, notice_id: Uuid) -> sqlx::Result<Option<Notice>> {
    sqlx::query_as!(
        Notice,
        "select n.kind, n.sent_on, n.notice_text as text, n.notice_text_cy as text_cy
         from investigation_notice n join investigation i using (investigation_id)
         where i.case_id = $1 and n.investigation_notice_id = $2",
        case_id,
        notice_id
    )
    .fetch_optional(pool)
    .await
}

/// Claims the case's version (the page's `expected`), or reports a conflict.
async fn claim(conn: &mut PgConnection, case_id: Uuid, expected: i32) -> Result<(), ApplyError> {
    if claim_case_version(conn, case_id, expected).await? {
        Ok(())
    } else {
        Err(ApplyError::Conflict)
    }
}

async fn audit(
    conn: &mut PgConnection,
    case_id: Uuid,
    investigation_id: Uuid,
    user: Uuid,
    role: Role,
    action: RecordAction,
    details: serde_json::Value,
) -> sqlx::Result<()> {
    audit::record(
        conn,
        Event::new(
            Entity::Investigation {
                case_id,
                investigation_id,
            },
            Action::Record(action),
            Actor::staff(user, role),
        )
        .details(details),
    )
    .await
}

/// Sets the terms of reference and the investigator's name.
#[allow(clippy::too_many_arguments)]
pub async fn update_details(
    pool: &PgPool,
    current: &Current,
    expected: i32,
    terms_of_reference: &str,
    investigator_name: &str,
    user: Uuid,
    role: Role,
) -> Result<(), ApplyError> {
    let mut tx = pool.begin().await?;
    claim(&mut tx, current.case_id, expected).await?;
    sqlx::query!(
        "update investigation set terms_of_reference = $2, investigator_name = $3 where investigation_id = $1",
        current.investigation_id,
        terms_of_reference,
        investigator_name
    )
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        current.case_id,
        current.investigation_id,
        user,
        role,
        RecordAction::UpdateInvestigationDetails,
        json!({ "summary": format!("Investigator: {investigator_name}. Terms of reference: {terms_of_reference}") }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a progress notice as sent on `sent_on` (and how late it was, if it was), with its
/// text in English and in Welsh (`(english, welsh)`); returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn send_notice(
    pool: &PgPool,
    current: &Current,
    expected: i32,
    kind: &str,
    (sent_on, late): (NaiveDate, Option<crate::workflow::dating::Lateness>),
    (text, text_cy): (&str, &str),
    user: Uuid,
    role: Role,
) -> Result<Uuid, ApplyError> {
    let mut tx = pool.begin().await?;
    claim(&mut tx, current.case_id, expected).await?;
    let id = sqlx::query_scalar!(
        "insert into investigation_notice (investigation_id, kind, sent_on, notice_text, notice_text_cy, created_by)
         values ($1, $2, $3, $4, $5, $6) returning investigation_notice_id",
        current.investigation_id,
        kind,
        sent_on,
        text,
        text_cy,
        user
    )
    .fetch_one(&mut *tx)
    .await?;
    let what = if kind == "twelve_month" {
        "12-month"
    } else {
        "6-monthly"
    };
    audit(
        &mut tx,
        current.case_id,
        current.investigation_id,
        user,
        role,
        RecordAction::SendProgressNotice,
        json!({
            "summary": format!("The {what} progress notice was sent to the local policing body"),
            "on": sent_on,
            "late": late,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
