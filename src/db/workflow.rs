//! Persistence of workflow steps.
//!
//! Applying an action is one transaction: read the case with its version, ask the workflow
//! whether the action is allowed, write the new stage only if the version is unchanged
//! (otherwise [`ApplyError::Conflict`], which a page turns into a 409 "reload"), record the
//! effects the law requires on the case, and append an audit event. The database's own
//! trigger checks the stage change again against the mirrored transition table.

use super::audit::{self, Action, Entity, Event};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::vocab::{HandlingType, ReferralDecision, ReferralType};
use crate::domain::{
    CaseKind, CaseStage, InvestigationMode, ReviewFollowUp, ReviewStage, SubjectStage,
};
use crate::workflow::case::{
    self, CaseAction, CaseCommand, CaseSnapshot, CaseTransition, MandatoryGround, ReviewSummary,
};
use crate::workflow::dating::{self, StepClockFacts};
use crate::workflow::refusal::Refusal;
use crate::workflow::{Actor, Effect, ForceId, LpbId, all_transitions};

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
    /// The role written on audit events: the staff role, or "complainant".
    pub(crate) fn role_code(&self) -> &'static str {
        self.actor.party.code()
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
                  exists (select 1 from case_link l where l.from_case_id = c.case_id
                           and l.reason = 'rerecorded_as_conduct_matter') as "rerecorded!",
                  (select max(i.report_submitted_on) from investigation i where i.case_id = c.case_id) as report_received_on,
                  array(select g.ground_code from case_referral_ground g join referral_ground rg on rg.code = g.ground_code
                        where g.case_id = c.case_id and rg.mandatory order by rg.sort_order) as "grounds!",
                  array(select distinct x.ground_code from referral_referral_ground x
                        join referral r on r.referral_id = x.referral_id
                        where r.case_id = c.case_id) as "referred_grounds!",
                  array(select s.stage::text from case_subject s where s.case_id = c.case_id) as "subjects!",
                  rv.stage as "review_stage?: ReviewStage", rv.follow_up as "review_follow_up?: ReviewFollowUp"
           from case_record c join police_force f on f.police_force_id = c.force_id
           left join lateral (select r.stage, r.follow_up from review r where r.case_id = c.case_id
                              order by r.applied_on desc, r.created_at desc limit 1) rv on true
           where c.case_id = $1"#,
        case_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let review = row.review_stage.map(|stage| ReviewSummary {
        stage,
        follow_up: row.review_follow_up,
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
    snapshot.referred_grounds = row
        .referred_grounds
        .iter()
        .filter_map(|g| g.parse::<MandatoryGround>().ok())
        .collect();
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
    snapshot.rerecorded = row.rerecorded;
    Ok(Some((snapshot, row.version)))
}

/// Claims the case's version: the first write of every change to a case. `false` when the
/// case is no longer at the version the user saw (someone else changed it first), so the
/// caller writes nothing and answers with a conflict.
pub async fn claim_case_version(
    conn: &mut PgConnection,
    case_id: Uuid,
    expected_version: i32,
) -> sqlx::Result<bool> {
    let claimed = sqlx::query!(
        "update case_record set version = version + 1 where case_id = $1 and version = $2",
        case_id,
        expected_version,
    )
    .execute(conn)
    .await?;
    Ok(claimed.rows_affected() == 1)
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
    let transition =
        apply_case_in(&mut tx, case_id, expected_version, command, user, today).await?;
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
    apply_case_with(
        tx,
        case_id,
        expected_version,
        command,
        user,
        today,
        &StepFacts::default(),
    )
    .await
}

/// What a person taking a step writes beside it: the reasons and details the law asks them
/// to record, which the workflow itself does not need to decide.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StepFacts {
    /// Why, in the user's words: a decision's rationale (paras 5, 15), a voluntary
    /// referral's reason (para 4(2)), a suspension's reason, what handling otherwise did.
    /// Stored with the step (and in the audit event's `reason`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Referral grounds ticked (codes of `referral_ground`): at a referral, the grounds it is
    /// made on; at recording, the mandatory grounds found (none when "None of these applies"
    /// was the answer).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grounds: Vec<String>,
    /// Per allegation, in page order: the remedy or learning told to the complainant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcome_details: Vec<Option<String>>,
    /// How a complaint handled otherwise than by investigation was handled (explanation,
    /// apology, learning, ...), as codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub handling: Vec<String>,
    /// The date the step happened, when it is not the day it is entered (see
    /// [`crate::workflow::dating`]). Written as the audit event's `on`.
    #[serde(skip)]
    pub on: Option<NaiveDate>,
}

impl StepFacts {
    /// Nothing written beside the step (its date aside).
    fn is_empty(&self) -> bool {
        StepFacts {
            on: None,
            ..self.clone()
        } == StepFacts::default()
    }
}

/// The dates a step on the case is checked and counted against.
struct StepDates {
    /// The case's latest step (or its logging).
    previous: NaiveDate,
    clock: StepClockFacts,
}

async fn step_dates(conn: &mut PgConnection, case_id: Uuid) -> sqlx::Result<StepDates> {
    let row = sqlx::query!(
        r#"select coalesce(c.last_step_on, c.logged_on, c.received_on) as "previous!",
                  coalesce(c.recorded_on, c.logged_on, c.received_on) as "clear_on!",
                  (select step_date(e.details, e.occurred_at) from audit_event e
                    where e.case_id = c.case_id and e.entity_kind = 'case' and e.to_state = 'outcome_decided'
                    order by e.chain_position desc limit 1) as outcome_decided_on
           from case_record c where c.case_id = $1"#,
        case_id
    )
    .fetch_one(conn)
    .await?;
    Ok(StepDates {
        previous: row.previous,
        clock: StepClockFacts {
            referral_clear_on: Some(row.clear_on),
            outcome_decided_on: row.outcome_decided_on,
        },
    })
}

/// Applies a case action with what the user recorded beside it, inside the caller's
/// transaction (see [`apply_case_in`]).
pub async fn apply_case_with(
    tx: &mut PgConnection,
    case_id: Uuid,
    expected_version: i32,
    command: &CaseCommand,
    user: &ActingUser,
    today: NaiveDate,
    facts: &StepFacts,
) -> Result<CaseTransition, ApplyError> {
    let (snapshot, version) = load_case(&mut *tx, case_id)
        .await?
        .ok_or(ApplyError::NotFound)?;
    if version != expected_version {
        return Err(ApplyError::Conflict);
    }
    // The step is taken on the day it happened: the workflow's guards, its effects' dates
    // and the clocks they start all run from it.
    let on = facts.on.unwrap_or(today);
    let dates = step_dates(&mut *tx, case_id).await?;
    dating::check_step_date(on, today, Some(dates.previous)).map_err(ApplyError::Refused)?;
    let transition =
        case::apply(&snapshot, command, &user.actor, on).map_err(ApplyError::Refused)?;
    let late = match dating::deadline_met_by(transition.action) {
        Some(kind) => {
            let cal = super::calendar::load(&mut *tx).await?;
            dating::due(kind, &dates.clock, &cal)
                .and_then(|deadline| dating::lateness(&deadline, on, &cal))
        }
        None => None,
    };
    // Claim the version first: a lost race stops here, before anything else is written.
    if !claim_case_version(&mut *tx, case_id, expected_version).await? {
        return Err(ApplyError::Conflict);
    }
    // The facts the new stage requires come before the stage (the schema checks each row).
    record_case_effects(&mut *tx, case_id, snapshot.kind, &transition, user, facts).await?;
    sqlx::query!(
        "update case_record set stage = $2, last_step_on = $3 where case_id = $1",
        case_id,
        transition.to as CaseStage,
        on,
    )
    .execute(&mut *tx)
    .await?;
    let mut details =
        json!({ "source": transition.source, "effects": transition.effects, "on": on });
    if !facts.is_empty() {
        details["facts"] = json!(facts);
    }
    if let Some(late) = late {
        details["late"] = json!(late);
    }
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Case(case_id),
            Action::Case(transition.action),
            user.into(),
        )
        .stages(Some(transition.from.as_str()), transition.to.as_str())
        .reason(facts.reason.as_deref())
        .details(details),
    )
    .await?;
    // What the step owes the complainant is queued in its transaction (`super::outbox`).
    super::outbox::case_step(&mut *tx, case_id, &snapshot, &transition).await?;
    Ok(transition)
}

/// Writes onto the case the facts its new stage requires (the schema refuses a stage without
/// them). Everything else a step decides is in the audit event's details.
async fn record_case_effects(
    conn: &mut PgConnection,
    case_id: Uuid,
    kind: CaseKind,
    transition: &CaseTransition,
    user: &ActingUser,
    facts: &StepFacts,
) -> sqlx::Result<()> {
    let reason = facts.reason.as_deref();
    // The IOPC's decision on the referral waiting for one (paras 5, 15).
    let decision = match transition.action {
        CaseAction::DecideInvestigation => Some(ReferralDecision::Investigate),
        CaseAction::ReferBack => Some(ReferralDecision::ReferBack),
        _ => None,
    };
    if let Some(decision) = decision {
        let mode = transition.effects.iter().find_map(|e| match e {
            Effect::InvestigationStarted { mode, .. } => Some(*mode),
            _ => None,
        });
        sqlx::query!(
            "update referral set decision = $2, decided_mode = $3, decided_on = $4, decided_by = $5,
                    rationale = $6
             where referral_id = (select referral_id from referral where case_id = $1 and decision is null
                                  order by referred_on desc, created_at desc limit 1)",
            case_id,
            decision as ReferralDecision,
            mode as Option<InvestigationMode>,
            transition.on,
            user.staff_user_id,
            reason,
        )
        .execute(&mut *conn)
        .await?;
    }
    // How each allegation is being handled, for the statistics (para 6, 15).
    let handling = match transition.action {
        CaseAction::HandleOutsideSchedule3 => Some(HandlingType::OutsideSchedule3),
        CaseAction::HandleOtherwise => Some(HandlingType::OtherwiseThanByInvestigation),
        CaseAction::NoFurtherAction => Some(HandlingType::NoFurtherAction),
        _ => transition.effects.iter().find_map(|e| match e {
            Effect::InvestigationStarted { mode, .. } => Some(match mode {
                InvestigationMode::Independent => HandlingType::IndependentInvestigation,
                InvestigationMode::Directed => HandlingType::DirectedInvestigation,
                _ => HandlingType::LocalInvestigation,
            }),
            _ => None,
        }),
    };
    if let Some(handling) = handling {
        sqlx::query!(
            "update allegation set handling_type = $2 where case_id = $1",
            case_id,
            handling as HandlingType
        )
        .execute(&mut *conn)
        .await?;
    }
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
                // The mandatory-referral grounds found at recording: the duty to refer runs
                // from then (CMR 2020 regs 4, 7).
                sqlx::query!(
                    "insert into case_referral_ground (case_id, ground_code)
                     select $1, g from unnest($2::text[]) g on conflict do nothing",
                    case_id,
                    &facts.grounds,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::Referred { referral_type } => {
                // The IOPC's reference, from the first referral on.
                sqlx::query!(
                    "update case_record set iopc_reference = next_iopc_reference($2)
                     where case_id = $1 and iopc_reference is null",
                    case_id,
                    transition.on,
                )
                .execute(&mut *conn)
                .await?;
                let voluntary = *referral_type == ReferralType::Voluntary;
                sqlx::query!(
                    "insert into referral (case_id, case_legacy, referral_type, referred_on, referred_by, voluntary_reason, rationale)
                     select $1, legacy, $2, $3, $4, $5, $6 from case_record where case_id = $1",
                    case_id,
                    *referral_type as ReferralType,
                    transition.on,
                    user.staff_user_id,
                    reason.filter(|_| voluntary),
                    reason.filter(|_| !voluntary),
                )
                .execute(&mut *conn)
                .await?;
                // The matter is referred with every mandatory ground it has, whoever refers it
                // (a call-in too): the ground is then covered by a referral.
                sqlx::query!(
                    "insert into referral_referral_ground (referral_id, ground_code)
                     select (select referral_id from referral where case_id = $1 order by created_at desc limit 1), g
                     from (select unnest($2::text[]) as g
                           union
                           select cg.ground_code from case_referral_ground cg
                           join referral_ground rg on rg.code = cg.ground_code
                           where cg.case_id = $1 and rg.mandatory) grounds",
                    case_id,
                    &facts.grounds,
                )
                .execute(&mut *conn)
                .await?;
                // The grounds found stay on the case: they decide what may happen next.
                sqlx::query!(
                    "insert into case_referral_ground (case_id, ground_code)
                     select $1, g from unnest($2::text[]) g on conflict do nothing",
                    case_id,
                    &facts.grounds,
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
                // A re-investigation points at the investigation it repeats.
                sqlx::query!(
                    "insert into investigation (case_id, case_legacy, mode, started_on, reinvestigation_of)
                     select $1, legacy, $2, $3,
                            (select investigation_id from investigation where case_id = $1
                              order by started_on desc, created_at desc limit 1)
                     from case_record where case_id = $1",
                    case_id,
                    *mode as InvestigationMode,
                    *on
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::SuspensionStarted { on } => {
                sqlx::query!(
                    "insert into investigation_suspension (investigation_id, started_on, reason)
                     select investigation_id, $2, $3 from investigation where case_id = $1
                      order by started_on desc, created_at desc limit 1",
                    case_id,
                    *on,
                    reason.unwrap_or("No reason recorded"),
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::SuspensionEnded { on } => {
                sqlx::query!(
                    "update investigation_suspension s set ended_on = $2
                     from investigation i
                     where i.investigation_id = s.investigation_id and i.case_id = $1 and s.ended_on is null",
                    case_id,
                    *on,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::ReportReceived { on } => {
                sqlx::query!(
                    "update investigation set report_submitted_on = $2
                     where investigation_id = (select investigation_id from investigation where case_id = $1
                                               order by started_on desc, created_at desc limit 1)",
                    case_id,
                    *on,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::OutcomeDecided { outcomes } => {
                // In page order, one outcome per allegation (CMR 2020 reg 34); a single
                // outcome for a case without allegations rows has nothing to write here.
                let codes: Vec<&str> = outcomes.iter().map(|o| o.as_str()).collect();
                let details: Vec<Option<String>> = (0..codes.len())
                    .map(|i| facts.outcome_details.get(i).cloned().flatten())
                    .collect();
                sqlx::query!(
                    "with numbered as (
                        select allegation_id, row_number() over (order by entry_order) as n
                        from allegation where case_id = $1
                     )
                     update allegation a set outcome = o.outcome::allegation_outcome, outcome_detail = o.detail
                     from numbered, unnest($2::text[], $3::text[]) with ordinality as o(outcome, detail, n)
                     where a.allegation_id = numbered.allegation_id and numbered.n = o.n",
                    case_id,
                    &codes as &[&str],
                    &details as &[Option<String>],
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
            Effect::ReviewApplied { on, body } => {
                // The application itself; the caller adds what the complainant wrote and the
                // review's reference in the same transaction. The local policing body is the
                // case's force's (CMR 2020 reg 32).
                sqlx::query!(
                    "insert into review (case_id, review_body, local_policing_body_id, applied_on)
                     select c.case_id, $2,
                            case when $2 = 'local_policing_body'::review_body then f.local_policing_body_id end, $3
                       from case_record c join police_force f on f.police_force_id = c.force_id
                      where c.case_id = $1",
                    case_id,
                    *body as crate::domain::ReviewBody,
                    *on
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::RerecordedAsConductMatter { on } => {
                super::rerecording::create_conduct_matter(&mut *conn, case_id, *on, user, reason)
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
