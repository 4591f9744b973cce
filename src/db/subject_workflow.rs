//! Persistence of the subject machine: reading a subject as the workflow sees it, taking a
//! step on it, adding a subject to a case and recording that a subject has left the force.
//!
//! A step is one transaction, shaped like a case step (`db::workflow::apply_case_in`): lock
//! the case and then the subject (always in that order, so two steps cannot deadlock), check
//! the subject's version against the one the page was drawn with (otherwise
//! [`ApplyError::Conflict`], a 409 "reload"), read both afresh and ask the workflow, then
//! claim the subject's version, bump the case's version (so forms on the case page, drawn
//! before this change, are refused as stale rather than acting on an old picture), write the
//! facts the new stage needs, the stage, and an audit event. Nothing is written when the
//! answer is an error.
//!
//! The facts a step records come from two places: the workflow's [`Effect`]s (what was
//! decided) and the [`StepFacts`] the user typed (when the notice was served, whether the
//! interview was under caution, the panel, the finding on each allegation). The database
//! checks them a third time: the stage trigger against the mirrored transition table, the
//! row checks of `case_subject` and `proceedings` (dates in order, outcomes the form and
//! finding allow, "would have been dismissed" only for a subject who has left) and the
//! deferred barred-list trigger (migrations 0004, 0006, 0013).
//!
//! Audit events about a subject use the entity kind `case_subject` and the `case_subject_id`,
//! as the scenario histories do, so the case timeline names the subject beside each event.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::vocab::{
    AuthorityView, CpsDecision, Determination, Determiner, IndividualLearning, InterviewKind,
    ProceedingsConductor, ProceedingsFinding, ProceedingsForm, ProceedingsOutcome,
    ProfessionalStandard, ProsecutionOutcome, Severity, SubjectKind, SubjectStage,
};
use crate::workflow::case::CaseSnapshot;
use crate::workflow::dating;
use crate::workflow::subject::{self, SubjectCommand, SubjectSnapshot, SubjectTransition};
use crate::workflow::{Effect, english_date};

use super::audit::{self, Action, Entity, Event, RecordAction};
use super::workflow::{ActingUser, ApplyError, load_case};

/// What the user told us about a step, beside what the workflow decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepFacts {
    /// When the step happened, for dated steps (notice served, interview): today if `None`.
    pub on: Option<NaiveDate>,
    /// Whether the interview was under criminal caution.
    pub under_caution: Option<bool>,
    /// What kind of interview it was: misconduct, under criminal caution, or both.
    pub interview_kind: Option<InterviewKind>,
    /// The Standards of Professional Behaviour each allegation concerns (PCR 2020 Sch 2),
    /// recorded with the severity assessment, by allegation id.
    pub standards: Vec<(Uuid, Vec<ProfessionalStandard>)>,
    /// Where there is no case to answer, the learning for the person.
    pub individual_learning: Option<IndividualLearning>,
    /// The force's view of the IOPC's determination on each allegation, by allegation id.
    pub allegation_views: Vec<(Uuid, AuthorityView)>,
    /// Why the severity assessment is revised (kept in the audit trail).
    pub reason: Option<String>,
    /// The arrangements of proceedings being brought.
    pub proceedings: Option<ProceedingsFacts>,
    /// The dates and per-allegation findings of proceedings that have ended.
    pub outcome: Option<OutcomeFacts>,
}

/// Arrangements of misconduct proceedings (PCR 2020).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProceedingsFacts {
    /// When the officer was given written notice of the proceedings (PCR 2020 reg 30).
    pub notice_given_on: Option<NaiveDate>,
    /// When the meeting or hearing is (or was) to be held.
    pub held_on: Option<NaiveDate>,
    /// Who conducts it, e.g. "Legally qualified chair and two panel members".
    pub panel: Option<String>,
    /// Who conducts it, from the closed list (PCR 2020 regs 28, 55).
    pub conducted_by: Option<ProceedingsConductor>,
}

/// How proceedings ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeFacts {
    pub held_on: NaiveDate,
    pub concluded_on: NaiveDate,
    /// The finding on each allegation heard, by allegation id.
    pub findings: Vec<(Uuid, ProceedingsFinding)>,
    /// The standards found breached on each allegation, by allegation id (the others it
    /// concerns were not proven).
    pub standards_proven: Vec<(Uuid, Vec<ProfessionalStandard>)>,
}

/// Reads what the subject machine needs to know about one subject of a case (with the case's
/// facts, read through [`load_case`]) and the subject's version. `None` when the case has no
/// such subject.
pub async fn load_subject(
    conn: &mut PgConnection,
    case_id: Uuid,
    case_subject_id: Uuid,
) -> sqlx::Result<Option<(SubjectSnapshot, i32)>> {
    let Some(row) = sqlx::query!(
        r#"select cs.stage as "stage: SubjectStage", s.kind as "kind: SubjectKind",
                  cs.severity as "severity: Severity", cs.determination as "determination: Determination",
                  cs.determined_by as "determined_by: Determiner", cs.version,
                  cs.special_conditions_certified_on is not null as "certified!",
                  (select p.form from proceedings p where p.case_subject_id = cs.case_subject_id
                    order by p.created_at desc, p.proceedings_id desc limit 1) as "proceedings_form?: ProceedingsForm"
           from case_subject cs join subject s on s.subject_id = cs.subject_id
           where cs.case_subject_id = $1 and cs.case_id = $2"#,
        case_subject_id,
        case_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let Some((case, _)) = load_case(&mut *conn, case_id).await? else {
        return Ok(None);
    };
    let record = SubjectState {
        kind: row.kind,
        stage: row.stage,
        severity: row.severity,
        determination: row.determination,
        determiner: row.determined_by,
        proceedings_form: row.proceedings_form,
        special_conditions_certified: row.certified,
    };
    Ok(Some((record.snapshot(&case), row.version)))
}

/// What the subject machine needs to know of the subject's own record.
pub struct SubjectState {
    pub kind: SubjectKind,
    pub stage: SubjectStage,
    pub severity: Option<Severity>,
    pub determination: Option<Determination>,
    pub determiner: Option<Determiner>,
    /// The form of the latest proceedings, if any were brought.
    pub proceedings_form: Option<ProceedingsForm>,
    /// The special conditions are certified (PCR 2020 reg 49).
    pub special_conditions_certified: bool,
}

impl SubjectState {
    /// The machine's snapshot of the subject in `case`.
    pub fn snapshot(&self, case: &CaseSnapshot) -> SubjectSnapshot {
        let mut snapshot = SubjectSnapshot::of(case, self.kind);
        snapshot.stage = self.stage;
        snapshot.severity = self.severity;
        snapshot.determination = self.determination;
        snapshot.determiner = self.determiner;
        snapshot.proceedings_form = self.proceedings_form;
        snapshot.special_conditions_certified = self.special_conditions_certified;
        snapshot
    }
}

/// Takes a subject step in a transaction of its own.
#[allow(clippy::too_many_arguments)]
pub async fn apply_subject(
    pool: &PgPool,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
    command: &SubjectCommand,
    facts: &StepFacts,
    user: &ActingUser,
    today: NaiveDate,
) -> Result<SubjectTransition, ApplyError> {
    let mut tx = pool.begin().await?;
    let transition = apply_subject_in(
        &mut tx,
        case_id,
        case_subject_id,
        expected_version,
        command,
        facts,
        user,
        today,
    )
    .await?;
    tx.commit().await?;
    Ok(transition)
}

/// Locks the case, then the subject, and checks the subject's version.
async fn lock(
    conn: &mut PgConnection,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
) -> Result<(), ApplyError> {
    sqlx::query_scalar!(
        "select version from case_record where case_id = $1 for update",
        case_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ApplyError::NotFound)?;
    let version = sqlx::query_scalar!(
        "select version from case_subject where case_subject_id = $1 and case_id = $2 for update",
        case_subject_id,
        case_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ApplyError::NotFound)?;
    if version != expected_version {
        return Err(ApplyError::Conflict);
    }
    Ok(())
}

/// Claims the subject's version and moves the case's on.
async fn claim(
    conn: &mut PgConnection,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
) -> Result<(), ApplyError> {
    let claimed = sqlx::query!(
        "update case_subject set version = version + 1
         where case_subject_id = $1 and case_id = $2 and version = $3",
        case_subject_id,
        case_id,
        expected_version,
    )
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(ApplyError::Conflict);
    }
    sqlx::query!(
        "update case_record set version = version + 1 where case_id = $1",
        case_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a subject step inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn apply_subject_in(
    tx: &mut PgConnection,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
    command: &SubjectCommand,
    facts: &StepFacts,
    user: &ActingUser,
    today: NaiveDate,
) -> Result<SubjectTransition, ApplyError> {
    lock(&mut *tx, case_id, case_subject_id, expected_version).await?;
    let (snapshot, _) = load_subject(&mut *tx, case_id, case_subject_id)
        .await?
        .ok_or(ApplyError::NotFound)?;
    // The step is taken on the day it happened (see `workflow::dating`).
    let on = facts.on.unwrap_or(today);
    check_subject_dates(&mut *tx, case_subject_id, on, today, facts).await?;
    let transition =
        subject::apply(&snapshot, command, &user.actor, on).map_err(ApplyError::Refused)?;
    claim(&mut *tx, case_id, case_subject_id, expected_version).await?;
    // The facts the new stage requires come before the stage (the schema checks each row).
    record_subject_effects(&mut *tx, case_subject_id, &transition, facts, on).await?;
    sqlx::query!(
        "update case_subject set stage = $2, last_step_on = greatest(last_step_on, $3)
          where case_subject_id = $1",
        case_subject_id,
        transition.to as SubjectStage,
        on,
    )
    .execute(&mut *tx)
    .await?;
    let details = json!({
        "summary": summary(&transition, facts),
        "source": transition.source,
        "effects": transition.effects,
        "facts": facts_json(facts),
        "on": on,
    });
    audit::record(
        &mut *tx,
        Event::new(
            subject_entity(case_id, case_subject_id),
            Action::Subject(transition.action),
            user.into(),
        )
        .stages(Some(transition.from.as_str()), transition.to.as_str())
        .reason(facts.reason.as_deref())
        .details(details),
    )
    .await?;
    Ok(transition)
}

/// Checks the dates of a subject's step: the day it happened is not later than today nor
/// before the subject's last step or the start of the investigation; proceedings are not
/// noticed or held before the determination that they follow.
async fn check_subject_dates(
    conn: &mut PgConnection,
    case_subject_id: Uuid,
    on: NaiveDate,
    today: NaiveDate,
    facts: &StepFacts,
) -> Result<(), ApplyError> {
    let row = sqlx::query!(
        r#"select greatest(cs.last_step_on,
                           (select max(i.started_on) from investigation i where i.case_id = cs.case_id)) as previous,
                  cs.determined_on
           from case_subject cs where cs.case_subject_id = $1"#,
        case_subject_id
    )
    .fetch_one(conn)
    .await?;
    dating::check_dated_after(
        on,
        today,
        row.previous,
        "the subject's last step, or the start of the investigation,",
    )
    .map_err(ApplyError::Refused)?;
    let mut typed = Vec::new();
    if let Some(p) = &facts.proceedings {
        typed.push((p.held_on, "The meeting or hearing"));
        typed.push((p.notice_given_on, "The notice of the proceedings"));
    }
    if let Some(o) = &facts.outcome {
        typed.push((Some(o.held_on), "The meeting or hearing"));
    }
    if let Some(determined) = row.determined_on {
        for (date, what) in typed {
            if let Some(date) = date {
                dating::check_follows(date, what, determined, "the determination")
                    .map_err(ApplyError::Refused)?;
            }
        }
    }
    Ok(())
}

/// Writes onto the subject (and its proceedings) what the step decided and what the user
/// told us about it.
async fn record_subject_effects(
    conn: &mut PgConnection,
    case_subject_id: Uuid,
    transition: &SubjectTransition,
    facts: &StepFacts,
    on: NaiveDate,
) -> sqlx::Result<()> {
    for effect in &transition.effects {
        match effect {
            // CMR 2020 reg 16: the assessment, and each revision of it, is dated.
            Effect::SeverityAssessed { severity, revised } => {
                sqlx::query!(
                    "update case_subject
                        set severity = $2, severity_assessed_on = $3, special_procedures = true,
                            severity_revision_count = severity_revision_count + $4
                      where case_subject_id = $1",
                    case_subject_id,
                    *severity as Severity,
                    on,
                    i32::from(*revised),
                )
                .execute(&mut *conn)
                .await?;
                // PCR 2020 Sch 2: the standards each allegation concerns (a revision that
                // names none keeps those recorded).
                let ids: Vec<Uuid> = facts.standards.iter().map(|(id, _)| *id).collect();
                let lists: Vec<String> = facts
                    .standards
                    .iter()
                    .map(|(_, list)| pg_array(list.iter().map(|s| s.as_str())))
                    .collect();
                sqlx::query!(
                    "update allegation_subject y set standards = x.standards::professional_standard[]
                       from unnest($2::uuid[], $3::text[]) as x(allegation_id, standards)
                      where y.case_subject_id = $1 and y.allegation_id = x.allegation_id",
                    case_subject_id,
                    &ids,
                    &lists,
                )
                .execute(&mut *conn)
                .await?;
            }
            // CMR 2020 reg 17: the written notice, before any interview.
            Effect::NoticeServed { .. } => {
                sqlx::query!(
                    "update case_subject set notice_served_on = $2 where case_subject_id = $1",
                    case_subject_id,
                    on,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::Interviewed { .. } => {
                sqlx::query!(
                    "update case_subject set interviewed_on = $2, under_caution = $3, interview_kind = $4
                      where case_subject_id = $1",
                    case_subject_id,
                    on,
                    facts
                        .interview_kind
                        .map(|k| k != InterviewKind::Misconduct)
                        .or(facts.under_caution),
                    facts.interview_kind as Option<InterviewKind>,
                )
                .execute(&mut *conn)
                .await?;
            }
            // Sch 3 para 22: the opinion in the report.
            Effect::OpinionGiven { opinion } => {
                sqlx::query!(
                    "update case_subject set opinion = $2, opinion_given_on = $3
                      where case_subject_id = $1",
                    case_subject_id,
                    *opinion as Determination,
                    on,
                )
                .execute(&mut *conn)
                .await?;
            }
            // Sch 3 paras 23, 24.
            Effect::Determined { determination, by } => {
                sqlx::query!(
                    "update case_subject set determination = $2, determined_by = $3, determined_on = $4,
                            individual_learning = $5
                      where case_subject_id = $1",
                    case_subject_id,
                    *determination as Determination,
                    *by as Determiner,
                    on,
                    facts.individual_learning as Option<IndividualLearning>,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::AuthorityViewRecorded { view } => {
                sqlx::query!(
                    "update case_subject set authority_view = $2 where case_subject_id = $1",
                    case_subject_id,
                    *view as AuthorityView,
                )
                .execute(&mut *conn)
                .await?;
                // Sch 3 para 23(5A): the view allegation by allegation.
                let ids: Vec<Uuid> = facts.allegation_views.iter().map(|(id, _)| *id).collect();
                let views: Vec<&str> = facts
                    .allegation_views
                    .iter()
                    .map(|(_, v)| v.as_str())
                    .collect();
                sqlx::query!(
                    "update allegation_subject y set authority_view = x.view::authority_view
                       from unnest($2::uuid[], $3::text[]) as x(allegation_id, view)
                      where y.case_subject_id = $1 and y.allegation_id = x.allegation_id",
                    case_subject_id,
                    &ids,
                    &views as &[&str],
                )
                .execute(&mut *conn)
                .await?;
            }
            // The first referral's date is kept; a later one is in the audit trail.
            Effect::ReferredToCps { .. } => {
                sqlx::query!(
                    "update case_subject set referred_to_cps_on = coalesce(referred_to_cps_on, $2)
                      where case_subject_id = $1",
                    case_subject_id,
                    on,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::ProceedingsBrought { form, .. } => {
                let p = facts.proceedings.clone().unwrap_or_default();
                sqlx::query!(
                    "insert into proceedings (case_subject_id, form, notice_given_on, held_on, panel, conducted_by)
                     values ($1, $2, $3, $4, $5, $6)",
                    case_subject_id,
                    *form as ProceedingsForm,
                    p.notice_given_on,
                    p.held_on,
                    p.panel,
                    p.conducted_by as Option<ProceedingsConductor>,
                )
                .execute(&mut *conn)
                .await?;
            }
            Effect::ProceedingsConcluded {
                finding,
                outcome,
                left_force,
            } => {
                // The subject's having left comes first: the proceedings trigger reads it.
                if *left_force {
                    sqlx::query!(
                        "update case_subject set left_force = true where case_subject_id = $1",
                        case_subject_id
                    )
                    .execute(&mut *conn)
                    .await?;
                }
                let (held_on, concluded_on) = facts
                    .outcome
                    .as_ref()
                    .map_or((on, on), |o| (o.held_on, o.concluded_on));
                let proceedings_id = sqlx::query_scalar!(
                    "update proceedings set finding = $2, outcome = $3, held_on = $4, concluded_on = $5
                      where proceedings_id = (select p.proceedings_id from proceedings p
                                               where p.case_subject_id = $1 and p.outcome is null
                                               order by p.created_at desc, p.proceedings_id desc limit 1)
                      returning proceedings_id",
                    case_subject_id,
                    *finding as ProceedingsFinding,
                    *outcome as ProceedingsOutcome,
                    held_on,
                    concluded_on,
                )
                .fetch_one(&mut *conn)
                .await?;
                let findings = facts.outcome.as_ref().map_or(&[][..], |o| &o.findings[..]);
                let allegation_ids: Vec<Uuid> = findings.iter().map(|(id, _)| *id).collect();
                let codes: Vec<&str> = findings.iter().map(|(_, f)| f.as_str()).collect();
                // PCR 2020 Sch 2: the standards found breached on each allegation.
                let proven: Vec<String> = findings
                    .iter()
                    .map(|(id, _)| {
                        let list = facts
                            .outcome
                            .as_ref()
                            .and_then(|o| o.standards_proven.iter().find(|(a, _)| a == id))
                            .map_or(&[][..], |(_, l)| &l[..]);
                        pg_array(list.iter().map(|s| s.as_str()))
                    })
                    .collect();
                sqlx::query!(
                    "insert into proceedings_allegation_finding (proceedings_id, allegation_id, finding, standards_proven)
                     select $1, a, f::proceedings_finding, p::professional_standard[]
                       from unnest($2::uuid[], $3::text[], $4::text[]) as x(a, f, p)",
                    proceedings_id,
                    &allegation_ids,
                    &codes as &[&str],
                    &proven,
                )
                .execute(&mut *conn)
                .await?;
            }
            // Police Act 1996 Part 4A: dismissed, or would have been.
            Effect::BarredList => {
                sqlx::query!(
                    "update case_subject set barred_list = true where case_subject_id = $1",
                    case_subject_id
                )
                .execute(&mut *conn)
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// A Postgres array literal of enum codes (codes are snake_case words: nothing to escape).
fn pg_array<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    format!("{{{}}}", codes.collect::<Vec<_>>().join(","))
}

/// The user's facts, for the audit event (no personal data: dates, flags, the panel's
/// description, allegation ids).
fn facts_json(facts: &StepFacts) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    if let Some(on) = facts.on {
        m.insert("on".into(), json!(on));
    }
    if let Some(c) = facts.under_caution {
        m.insert("under_caution".into(), json!(c));
    }
    if let Some(k) = facts.interview_kind {
        m.insert("interview_kind".into(), json!(k.as_str()));
    }
    if !facts.standards.is_empty() {
        let by_allegation: serde_json::Map<String, serde_json::Value> = facts
            .standards
            .iter()
            .map(|(id, l)| (id.to_string(), json!(l)))
            .collect();
        m.insert("standards".into(), serde_json::Value::Object(by_allegation));
    }
    if let Some(l) = facts.individual_learning {
        m.insert("individual_learning".into(), json!(l.as_str()));
    }
    if !facts.allegation_views.is_empty() {
        let by_allegation: serde_json::Map<String, serde_json::Value> = facts
            .allegation_views
            .iter()
            .map(|(id, v)| (id.to_string(), json!(v.as_str())))
            .collect();
        m.insert(
            "authority_view_by_allegation".into(),
            serde_json::Value::Object(by_allegation),
        );
    }
    if let Some(p) = &facts.proceedings {
        m.insert(
            "proceedings".into(),
            json!({ "notice_given_on": p.notice_given_on, "held_on": p.held_on, "panel": p.panel,
                    "conducted_by": p.conducted_by.map(|c| c.as_str()) }),
        );
    }
    if let Some(o) = &facts.outcome {
        let by_allegation: serde_json::Map<String, serde_json::Value> = o
            .findings
            .iter()
            .map(|(id, f)| (id.to_string(), json!(f.as_str())))
            .collect();
        let proven: serde_json::Map<String, serde_json::Value> = o
            .standards_proven
            .iter()
            .map(|(id, l)| (id.to_string(), json!(l)))
            .collect();
        m.insert(
            "outcome".into(),
            json!({ "held_on": o.held_on, "concluded_on": o.concluded_on, "by_allegation": by_allegation,
                    "standards_proven": proven }),
        );
    }
    serde_json::Value::Object(m)
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// One sentence for the timeline saying what the step decided (the subject's name is put in
/// front of it by the timeline).
pub fn summary(t: &SubjectTransition, facts: &StepFacts) -> String {
    let on = facts.on.map(english_date);
    let mut parts: Vec<String> = Vec::new();
    for e in &t.effects {
        match e {
            Effect::SeverityAssessed {
                severity,
                revised: false,
            } => {
                parts.push(severity_sentence(*severity, "The conduct"));
                let mut all: Vec<ProfessionalStandard> = facts
                    .standards
                    .iter()
                    .flat_map(|(_, l)| l.iter().copied())
                    .collect();
                all.sort();
                all.dedup();
                if !all.is_empty() {
                    parts.push(format!(
                        "Standards of Professional Behaviour concerned: {}.",
                        standards_words(&all)
                    ));
                }
            }
            Effect::SeverityAssessed {
                severity,
                revised: true,
            } => {
                let mut s = severity_sentence(*severity, "Revised: the conduct");
                if let Some(reason) = &facts.reason {
                    s.push_str(&format!(" Reason: {reason}"));
                }
                parts.push(s);
            }
            Effect::NoticeServed { .. } => parts.push(match &on {
                Some(d) => format!("Written notice of the investigation served on {d}."),
                None => "Written notice of the investigation served.".to_owned(),
            }),
            Effect::Interviewed { .. } => {
                let caution = match (facts.interview_kind, facts.under_caution) {
                    (Some(InterviewKind::Misconduct), _) => " (a misconduct interview)",
                    (Some(InterviewKind::CriminalCaution), _) => " under criminal caution",
                    (Some(InterviewKind::MisconductAndCriminalCaution), _) => {
                        " (a misconduct interview and under criminal caution)"
                    }
                    (None, Some(true)) => " under caution",
                    (None, Some(false)) => ", not under caution,",
                    (None, None) => "",
                };
                parts.push(match &on {
                    Some(d) => format!("Interviewed{caution} on {d}."),
                    None => format!("Interviewed{caution}."),
                });
            }
            Effect::OpinionGiven { opinion } => parts.push(format!(
                "The investigator's opinion: {}.",
                lower(opinion.label())
            )),
            Effect::Determined { determination, by } => {
                let who = match by {
                    Determiner::Iopc => "IOPC determination",
                    Determiner::AppropriateAuthority => "The appropriate authority's determination",
                };
                parts.push(format!("{who}: {}.", lower(determination.label())));
                if let Some(l) = facts.individual_learning {
                    parts.push(format!("Learning for the person: {}.", lower(l.label())));
                }
            }
            Effect::AuthorityViewRecorded { view } => {
                let mut s = format!(
                    "The force {} with the IOPC's determination.",
                    lower(view.label())
                );
                let agreed = facts
                    .allegation_views
                    .iter()
                    .filter(|(_, v)| *v == AuthorityView::Agreed)
                    .count();
                let total = facts.allegation_views.len();
                if total > 1 && agreed > 0 && agreed < total {
                    s = format!(
                        "The force agreed with the IOPC's determination on {agreed} of {total} allegations and disagreed on the others."
                    );
                }
                parts.push(s);
            }
            Effect::ReferredToCps { .. } => {
                parts.push("The file is referred to the Crown Prosecution Service.".to_owned())
            }
            Effect::ProceedingsBrought {
                form,
                directed_by_iopc,
            } => {
                let mut s = if *directed_by_iopc {
                    format!(
                        "The IOPC directed that proceedings be brought as {}.",
                        with_article(&lower(form.label()))
                    )
                } else {
                    format!(
                        "Proceedings arranged: {}.",
                        with_article(&lower(form.label()))
                    )
                };
                if let Some(p) = &facts.proceedings {
                    if let Some(n) = p.notice_given_on {
                        s.push_str(&format!(" Notice given on {}.", english_date(n)));
                    }
                    if let Some(h) = p.held_on {
                        s.push_str(&format!(" To be held on {}.", english_date(h)));
                    }
                    if let Some(c) = p.conducted_by {
                        s.push_str(&format!(" Conducted by: {}.", lower(c.label())));
                    }
                }
                parts.push(s);
            }
            Effect::ProceedingsConcluded {
                finding, outcome, ..
            } => {
                let held = facts
                    .outcome
                    .as_ref()
                    .map(|o| format!(" (held {})", english_date(o.held_on)))
                    .unwrap_or_default();
                parts.push(format!(
                    "Proceedings{held}: {}; outcome: {}.",
                    lower(finding.label()),
                    lower(outcome.label())
                ));
                let mut breached: Vec<ProfessionalStandard> = facts
                    .outcome
                    .iter()
                    .flat_map(|o| {
                        o.standards_proven
                            .iter()
                            .flat_map(|(_, l)| l.iter().copied())
                    })
                    .collect();
                breached.sort();
                breached.dedup();
                if !breached.is_empty() {
                    parts.push(format!(
                        "Standards breached: {}.",
                        standards_words(&breached)
                    ));
                }
            }
            Effect::BarredList => parts.push("Placed on the barred list.".to_owned()),
            _ => {}
        }
    }
    if parts.is_empty() {
        parts.push(match t.action {
            subject::SubjectAction::DirectReflectivePractice => {
                "To be dealt with through the reflective practice review process instead of proceedings."
                    .to_owned()
            }
            subject::SubjectAction::Conclude => "The subject's part in the case is concluded.".to_owned(),
            other => format!("{}.", other.label()),
        });
    }
    parts.join(" ")
}

/// "honesty and integrity, use of force".
fn standards_words(list: &[ProfessionalStandard]) -> String {
    list.iter()
        .map(|s| lower(s.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "a misconduct hearing", "an accelerated misconduct hearing".
fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'));
    if vowel {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

fn severity_sentence(severity: Severity, lead: &str) -> String {
    match severity {
        Severity::NoMisconduct => format!("{lead} would not amount to misconduct if proved."),
        Severity::Misconduct => format!("{lead} would amount to misconduct if proved."),
        Severity::GrossMisconduct => format!("{lead} would amount to gross misconduct if proved."),
    }
}

/// A subject being added to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubject {
    /// Name, or a description such as "Officer C".
    pub name: String,
    pub kind: SubjectKind,
    pub rank: Option<String>,
    pub collar_number: Option<String>,
    /// The allegations of the case they are subject of.
    pub allegations: Vec<Uuid>,
}

/// Locks a case against concurrent steps and reads it, for a change that depends on its
/// stage (adding a subject). `None` when there is no such case.
pub async fn lock_case(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> sqlx::Result<Option<CaseSnapshot>> {
    let found = sqlx::query_scalar!(
        "select version from case_record where case_id = $1 for update",
        case_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if found.is_none() {
        return Ok(None);
    }
    Ok(load_case(&mut *conn, case_id).await?.map(|(s, _)| s))
}

/// Adds a subject to a case (a person serving with the case's force), links them to their
/// allegations and appends the audit event. Run it in the transaction that locked the case
/// with [`lock_case`] and checked that the user may add a subject now.
pub async fn insert_subject(
    conn: &mut PgConnection,
    case_id: Uuid,
    new: &NewSubject,
    summary: &str,
    user: &ActingUser,
) -> sqlx::Result<Uuid> {
    let subject_id = sqlx::query_scalar!(
        "insert into subject (kind, name, rank, collar_number, force_id)
         select $2, $3, $4, $5, force_id from case_record where case_id = $1
         returning subject_id",
        case_id,
        new.kind as SubjectKind,
        new.name,
        new.rank,
        new.collar_number,
    )
    .fetch_one(&mut *conn)
    .await?;
    // Para 19A: the special procedures apply to officers and special constables.
    let special = matches!(
        new.kind,
        SubjectKind::PoliceOfficer | SubjectKind::SpecialConstable
    );
    let case_subject_id = sqlx::query_scalar!(
        "insert into case_subject (case_id, subject_id, special_procedures)
         values ($1, $2, $3) returning case_subject_id",
        case_id,
        subject_id,
        special,
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into allegation_subject (allegation_id, case_subject_id, case_id)
         select a, $2, $3 from unnest($1::uuid[]) as x(a)",
        &new.allegations,
        case_subject_id,
        case_id,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update case_record set version = version + 1 where case_id = $1",
        case_id
    )
    .execute(&mut *conn)
    .await?;
    audit::record(
        &mut *conn,
        Event::new(
            subject_entity(case_id, case_subject_id),
            Action::Record(RecordAction::AddSubject),
            user.into(),
        )
        .stages(None, SubjectStage::Identified.as_str())
        .details(json!({ "summary": summary, "kind": new.kind.as_str(), "allegations": new.allegations })),
    )
    .await?;
    Ok(case_subject_id)
}

/// Records that a subject no longer serves (so that proceedings can find they would have been
/// dismissed, PCR 2020). Checks the subject's version like a step; the stage does not move.
pub async fn record_left_force(
    pool: &PgPool,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
    user: &ActingUser,
) -> Result<(), ApplyError> {
    let mut tx = pool.begin().await?;
    record_left_force_in(&mut tx, case_id, case_subject_id, expected_version, user).await?;
    tx.commit().await?;
    Ok(())
}

/// Records that a subject no longer serves, inside the caller's transaction.
pub async fn record_left_force_in(
    tx: &mut PgConnection,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
    user: &ActingUser,
) -> Result<(), ApplyError> {
    lock(&mut *tx, case_id, case_subject_id, expected_version).await?;
    claim(&mut *tx, case_id, case_subject_id, expected_version).await?;
    let stage = sqlx::query_scalar!(
        r#"update case_subject set left_force = true where case_subject_id = $1
           returning stage as "stage: SubjectStage""#,
        case_subject_id
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Event::new(
            subject_entity(case_id, case_subject_id),
            Action::Record(RecordAction::RecordLeftForce),
            user.into(),
        )
        .stages(Some(stage.as_str()), stage.as_str())
        .details(json!({ "summary": "No longer serves with the police: proceedings may find that they would have been dismissed." })),
    )
    .await?;
    Ok(())
}

/// A fact about a subject that is not a step of the machine: the stage does not move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectFact {
    /// The appropriate authority certified that the special conditions are satisfied
    /// (PCR 2020 reg 49).
    SpecialConditionsCertified { on: NaiveDate },
    /// The Crown Prosecution Service's decision on the referred file.
    CpsDecided {
        decision: CpsDecision,
        on: NaiveDate,
    },
    /// How the prosecution ended.
    ProsecutionEnded {
        outcome: ProsecutionOutcome,
        on: NaiveDate,
    },
    /// The written outcome of the latest proceedings was given (PCR 2020 reg 42).
    OutcomeReported { on: NaiveDate },
}

impl SubjectFact {
    fn action(self) -> RecordAction {
        match self {
            SubjectFact::SpecialConditionsCertified { .. } => {
                RecordAction::CertifySpecialConditions
            }
            SubjectFact::CpsDecided { .. } => RecordAction::RecordCpsDecision,
            SubjectFact::ProsecutionEnded { .. } => RecordAction::RecordProsecutionOutcome,
            SubjectFact::OutcomeReported { .. } => RecordAction::RecordOutcomeReport,
        }
    }

    /// The sentence the timeline shows.
    pub fn summary(self) -> String {
        match self {
            SubjectFact::SpecialConditionsCertified { on } => format!(
                "The appropriate authority certified on {} that the special conditions are satisfied: the case may go to an accelerated misconduct hearing (PCR 2020 reg 49).",
                english_date(on)
            ),
            SubjectFact::CpsDecided { decision, on } => match decision {
                CpsDecision::Charge => format!(
                    "The Crown Prosecution Service decided on {} to charge.",
                    english_date(on)
                ),
                CpsDecision::NoCharge => format!(
                    "The Crown Prosecution Service decided on {} not to charge.",
                    english_date(on)
                ),
            },
            SubjectFact::ProsecutionEnded { outcome, on } => format!(
                "The prosecution ended on {}: {}.",
                english_date(on),
                lower(outcome.label())
            ),
            SubjectFact::OutcomeReported { on } => format!(
                "The written outcome of the proceedings was given on {} (PCR 2020 reg 42).",
                english_date(on)
            ),
        }
    }
}

/// Records a [`SubjectFact`]; checks the subject's version like a step. The schema checks the
/// fact's order against the subject's other dates (migration 0071).
pub async fn record_subject_fact(
    pool: &PgPool,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
    fact: SubjectFact,
    user: &ActingUser,
) -> Result<(), ApplyError> {
    let mut tx = pool.begin().await?;
    record_subject_fact_in(
        &mut tx,
        case_id,
        case_subject_id,
        expected_version,
        fact,
        user,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a fact about a subject inside the caller's transaction.
pub async fn record_subject_fact_in(
    tx: &mut PgConnection,
    case_id: Uuid,
    case_subject_id: Uuid,
    expected_version: i32,
    fact: SubjectFact,
    user: &ActingUser,
) -> Result<(), ApplyError> {
    lock(&mut *tx, case_id, case_subject_id, expected_version).await?;
    claim(&mut *tx, case_id, case_subject_id, expected_version).await?;
    match fact {
        SubjectFact::SpecialConditionsCertified { on } => {
            sqlx::query!(
                "update case_subject set special_conditions_certified_on = $2 where case_subject_id = $1",
                case_subject_id,
                on
            )
            .execute(&mut *tx)
            .await?;
        }
        SubjectFact::CpsDecided { decision, on } => {
            sqlx::query!(
                "update case_subject set cps_decision = $2, cps_decided_on = $3 where case_subject_id = $1",
                case_subject_id,
                decision as CpsDecision,
                on
            )
            .execute(&mut *tx)
            .await?;
        }
        SubjectFact::ProsecutionEnded { outcome, on } => {
            sqlx::query!(
                "update case_subject set prosecution_outcome = $2, prosecution_ended_on = $3 where case_subject_id = $1",
                case_subject_id,
                outcome as ProsecutionOutcome,
                on
            )
            .execute(&mut *tx)
            .await?;
        }
        SubjectFact::OutcomeReported { on } => {
            sqlx::query!(
                "update proceedings set outcome_reported_on = $2
                  where proceedings_id = (select p.proceedings_id from proceedings p
                                           where p.case_subject_id = $1 and p.outcome is not null
                                           order by p.created_at desc, p.proceedings_id desc limit 1)",
                case_subject_id,
                on
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    let stage = sqlx::query_scalar!(
        r#"select stage as "stage: SubjectStage" from case_subject where case_subject_id = $1"#,
        case_subject_id
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Event::new(
            subject_entity(case_id, case_subject_id),
            Action::Record(fact.action()),
            user.into(),
        )
        .stages(Some(stage.as_str()), stage.as_str())
        .details(json!({ "summary": fact.summary() })),
    )
    .await?;
    Ok(())
}

/// Events about a subject use the entity kind `case_subject` and the `case_subject_id`.
fn subject_entity(case_id: Uuid, case_subject_id: Uuid) -> Entity {
    Entity::Subject {
        case_id,
        case_subject_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::{CaseKind, CaseStage, InvestigationMode, Role};
    use crate::workflow::subject::SubjectAction;
    use crate::workflow::{Actor, ForceId, LpbId, MachineName};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn transition(action: SubjectAction, effects: Vec<Effect>) -> SubjectTransition {
        SubjectTransition {
            machine: MachineName::Subject,
            from: SubjectStage::Identified,
            action,
            to: SubjectStage::Identified,
            on: d(2026, 3, 2),
            source: "test",
            effects,
        }
    }

    #[test]
    fn summaries_say_what_was_decided_with_the_dates_typed() {
        let t = transition(
            SubjectAction::Interview,
            vec![Effect::Interviewed { on: d(2026, 3, 2) }],
        );
        let facts = StepFacts {
            on: Some(d(2023, 5, 10)),
            under_caution: Some(true),
            ..StepFacts::default()
        };
        assert_eq!(
            summary(&t, &facts),
            "Interviewed under caution on 10 May 2023."
        );

        let t = transition(
            SubjectAction::RecordProceedingsOutcome,
            vec![
                Effect::ProceedingsConcluded {
                    finding: ProceedingsFinding::GrossMisconductProven,
                    outcome: ProceedingsOutcome::WouldHaveBeenDismissed,
                    left_force: true,
                },
                Effect::BarredList,
            ],
        );
        let facts = StepFacts {
            outcome: Some(OutcomeFacts {
                held_on: d(2025, 7, 14),
                concluded_on: d(2025, 7, 18),
                findings: Vec::new(),
                standards_proven: Vec::new(),
            }),
            ..StepFacts::default()
        };
        assert_eq!(
            summary(&t, &facts),
            "Proceedings (held 14 July 2025): gross misconduct proven; outcome: would have been dismissed. Placed on the barred list."
        );

        let t = transition(
            SubjectAction::ReviseSeverity,
            vec![Effect::SeverityAssessed {
                severity: Severity::GrossMisconduct,
                revised: true,
            }],
        );
        let facts = StepFacts {
            reason: Some("New video evidence".into()),
            ..StepFacts::default()
        };
        assert_eq!(
            summary(&t, &facts),
            "Revised: the conduct would amount to gross misconduct if proved. Reason: New video evidence"
        );
    }

    #[test]
    fn proceedings_are_named_with_the_right_article() {
        let t = transition(
            SubjectAction::BringProceedings,
            vec![Effect::ProceedingsBrought {
                form: ProceedingsForm::AcceleratedHearing,
                directed_by_iopc: false,
            }],
        );
        assert_eq!(
            summary(&t, &StepFacts::default()),
            "Proceedings arranged: an accelerated misconduct hearing."
        );
    }

    #[test]
    fn a_step_without_effects_is_summarised_by_its_action() {
        let t = transition(SubjectAction::DirectReflectivePractice, Vec::new());
        assert!(summary(&t, &StepFacts::default()).contains("reflective practice review process"));
        // The workflow's own effects for a real step read as a sentence too.
        let mut case = CaseSnapshot::new(
            CaseKind::ConductMatter,
            ForceId("met".into()),
            LpbId("mopac".into()),
        );
        case.stage = CaseStage::UnderInvestigation;
        case.investigation_mode = Some(InvestigationMode::Independent);
        let s = SubjectSnapshot::of(&case, SubjectKind::PoliceOfficer);
        let t = subject::apply(
            &s,
            &SubjectCommand::AssessSeverity {
                severity: Severity::Misconduct,
            },
            &Actor::iopc(Role::IopcInvestigator),
            d(2026, 3, 2),
        )
        .expect("assessed");
        assert_eq!(
            summary(&t, &StepFacts::default()),
            "The conduct would amount to misconduct if proved."
        );
    }
}
