//! Persistence of workflow steps.
//!
//! Applying an action is one transaction: read the case with its version, ask the workflow
//! whether the action is allowed, write the new stage only if the version is unchanged
//! (otherwise [`ApplyError::Conflict`], which a page turns into a 409 "reload"), record the
//! effects the law requires on the case, and append an audit event. The database's own
//! trigger checks the stage change again against the mirrored transition table.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::{
    CaseKind, CaseStage, InvestigationMode, ReviewFollowUp, ReviewStage, SubjectStage,
};
use crate::workflow::case::{
    self, CaseCommand, CaseSnapshot, CaseTransition, MandatoryGround, ReviewSummary,
};
use crate::workflow::refusal::Refusal;
use crate::workflow::{Actor, Effect, ForceId, LpbId, Party, all_transitions};

/// Rewrites the database's mirror of the transition tables from the Rust tables. Runs at
/// start-up as the migration owner (the application role may only read the mirror).
pub async fn sync_transitions(conn: &mut PgConnection) -> sqlx::Result<()> {
    let rows = all_transitions();
    let machine: Vec<&str> = rows.iter().map(|r| r.machine).collect();
    let from: Vec<&str> = rows.iter().map(|r| r.from).collect();
    let action: Vec<&str> = rows.iter().map(|r| r.action).collect();
    let to: Vec<&str> = rows.iter().map(|r| r.to).collect();
    let source: Vec<&str> = rows.iter().map(|r| r.source).collect();
    let mut tx = sqlx::Connection::begin(conn).await?;
    sqlx::query!("delete from workflow_transition")
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "insert into workflow_transition (machine, from_state, action, to_state, legal_source)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         on conflict do nothing",
        &machine as &[&str],
        &from as &[&str],
        &action as &[&str],
        &to as &[&str],
        &source as &[&str],
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Why an action was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// No such case, or not one this user may see.
    #[error("case not found")]
    NotFound,
    /// Someone else changed the case since the user read it.
    #[error("the case was changed by someone else")]
    Conflict,
    /// The law does not allow it; the refusal says why.
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Who is acting, for the audit trail.
#[derive(Debug, Clone)]
pub struct ActingUser {
    pub actor: Actor,
    /// The staff account, if a member of staff.
    pub staff_user_id: Option<Uuid>,
    /// How the actor is described when there is no account (e.g. "complainant").
    pub description: Option<String>,
}

impl ActingUser {
    fn role_code(&self) -> &'static str {
        match self.actor.party {
            Party::Staff(role) => role.as_str(),
            Party::Complainant => "complainant",
        }
    }
}

/// Reads what the case machine needs to know about a case, and the case's version.
pub async fn load_case(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> sqlx::Result<Option<(CaseSnapshot, i32)>> {
    let Some(row) = sqlx::query!(
        r#"select c.kind as "kind: CaseKind", c.stage as "stage: CaseStage", c.legacy, c.force_id,
                  f.local_policing_body_id, c.version, c.investigation_mode as "investigation_mode: InvestigationMode",
                  c.outcome_notified_on, c.complainant_wants_recording, c.must_be_recorded,
                  c.must_be_investigated, c.aa_is_lpb, c.concerns_senior_officer, c.could_justify_proceedings,
                  exists (select 1 from case_complainant cc where cc.case_id = c.case_id and cc.role = 'complainant') as "complainant_present!",
                  exists (select 1 from referral r where r.case_id = c.case_id) as "referred!",
                  (select max(i.report_submitted_on) from investigation i where i.case_id = c.case_id) as report_received_on,
                  array(select g.ground_code from case_referral_ground g join referral_ground rg on rg.code = g.ground_code
                        where g.case_id = c.case_id and rg.mandatory) as "grounds!",
                  array(select s.stage::text from case_subject s where s.case_id = c.case_id) as "subjects!"
           from case_record c join police_force f on f.police_force_id = c.force_id
           where c.case_id = $1"#,
        case_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let review = sqlx::query!(
        r#"select stage as "stage: ReviewStage", follow_up as "follow_up: ReviewFollowUp"
           from review where case_id = $1 order by applied_on desc, created_at desc limit 1"#,
        case_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| ReviewSummary {
        stage: r.stage,
        follow_up: r.follow_up,
    });
    let lpb = row
        .local_policing_body_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    let mut snapshot = CaseSnapshot::new(row.kind, ForceId(row.force_id.to_string()), LpbId(lpb));
    snapshot.stage = row.stage;
    snapshot.legacy = row.legacy;
    snapshot.complainant_present = row.complainant_present;
    snapshot.complainant_wants_recording = row.complainant_wants_recording;
    snapshot.must_be_recorded = row.must_be_recorded;
    snapshot.must_be_investigated = row.must_be_investigated;
    snapshot.mandatory_grounds = row
        .grounds
        .iter()
        .filter_map(|g| g.parse::<MandatoryGround>().ok())
        .collect();
    snapshot.referred = row.referred;
    snapshot.investigation_mode = row.investigation_mode;
    snapshot.report_received_on = row.report_received_on;
    snapshot.outcome_notified_on = row.outcome_notified_on;
    snapshot.subjects = row
        .subjects
        .iter()
        .filter_map(|s| s.parse::<SubjectStage>().ok())
        .collect();
    snapshot.review = review;
    snapshot.aa_is_lpb = row.aa_is_lpb;
    snapshot.concerns_senior_officer = row.concerns_senior_officer;
    snapshot.could_justify_proceedings = row.could_justify_proceedings;
    Ok(Some((snapshot, row.version)))
}

/// Applies a case action in one transaction, checking the version the user saw.
pub async fn apply_case(
    pool: &PgPool,
    case_id: Uuid,
    expected_version: i32,
    command: &CaseCommand,
    user: &ActingUser,
    today: NaiveDate,
) -> Result<CaseTransition, ApplyError> {
    let mut tx = pool.begin().await?;
    let transition = apply_case_in(&mut tx, case_id, expected_version, command, user, today).await?;
    tx.commit().await?;
    Ok(transition)
}

/// Applies a case action inside the caller's transaction, so that a page can write what
/// the step records beside the stage (a referral's grounds, a review application's text)
/// and have all of it commit or none. Nothing is written when the answer is an error.
pub async fn apply_case_in(
    tx: &mut PgConnection,
    case_id: Uuid,
    expected_version: i32,
    command: &CaseCommand,
    user: &ActingUser,
    today: NaiveDate,
) -> Result<CaseTransition, ApplyError> {
    let (snapshot, version) = load_case(&mut *tx, case_id)
        .await?
        .ok_or(ApplyError::NotFound)?;
    if version != expected_version {
        return Err(ApplyError::Conflict);
    }
    let transition =
        case::apply(&snapshot, command, &user.actor, today).map_err(ApplyError::Refused)?;
    // Claim the version first: a lost race stops here, before anything else is written.
    let claimed = sqlx::query!(
        "update case_record set version = version + 1 where case_id = $1 and version = $2",
        case_id,
        expected_version,
    )
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(ApplyError::Conflict);
    }
    // The facts the new stage requires come before the stage (the schema checks each row).
    record_case_effects(&mut *tx, case_id, snapshot.kind, &transition).await?;
    sqlx::query!(
        "update case_record set stage = $2 where case_id = $1",
        case_id,
        transition.to as CaseStage,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into audit_event (case_id, entity_kind, entity_id, actor_id, actor_role, actor_description,
                                  action, from_state, to_state, details)
         values ($1, 'case', $1, $2, $3, $4, $5, $6, $7, $8)",
        case_id,
        user.staff_user_id,
        user.role_code(),
        user.description,
        transition.action.as_str(),
        transition.from.as_str(),
        transition.to.as_str(),
        json!({ "source": transition.source, "effects": transition.effects }),
    )
    .execute(&mut *tx)
    .await?;
    Ok(transition)
}

/// Writes onto the case the facts its new stage requires (the schema refuses a stage without
/// them). Everything else a step decides is in the audit event's details.
async fn record_case_effects(
    conn: &mut PgConnection,
    case_id: Uuid,
    kind: CaseKind,
    transition: &CaseTransition,
) -> sqlx::Result<()> {
    if transition.to == CaseStage::OutsideSchedule3 {
        sqlx::query!(
            "update case_record set schedule3 = false where case_id = $1",
            case_id
        )
        .execute(&mut *conn)
        .await?;
    }
    for effect in &transition.effects {
        match effect {
            Effect::Recorded { reason } => {
                let reason = (kind == CaseKind::Complaint).then_some(*reason);
                sqlx::query!(
                    "update case_record set schedule3 = true, recorded_on = coalesce(recorded_on, $2),
                            recording_reason = coalesce($3, recording_reason)
                     where case_id = $1",
                    case_id,
                    transition.on,
                    reason as Option<crate::domain::RecordingReason>,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::InvestigationStarted { mode, on } => {
                sqlx::query!(
                    "update case_record set investigation_mode = $2 where case_id = $1",
                    case_id,
                    *mode as InvestigationMode
                )
                .execute(&mut *conn)
                .await?;
                sqlx::query!(
                    "insert into investigation (case_id, case_legacy, mode, started_on)
                     select $1, legacy, $2, $3 from case_record where case_id = $1",
                    case_id,
                    *mode as InvestigationMode,
                    *on
                )
                .execute(&mut *conn)
                .await?;
            }
            // Sch 3 para 22: the report of the open investigation, which determinations need.
            Effect::ReportReceived { on } => {
                sqlx::query!(
                    "update investigation set report_submitted_on = $2
                     where case_id = $1 and report_submitted_on is null",
                    case_id,
                    *on
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::OutcomeNotified {
                on,
                review_window_last_day,
            } => {
                sqlx::query!(
                    "update case_record set outcome_notified_on = $2, review_right = $3,
                            review_right_notified_on = case when $3 then $2::date end
                     where case_id = $1",
                    case_id,
                    *on,
                    review_window_last_day.is_some()
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::Closed { on } => {
                sqlx::query!(
                    "update case_record set closed_on = $2 where case_id = $1",
                    case_id,
                    *on
                )
                .execute(&mut *conn)
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}
