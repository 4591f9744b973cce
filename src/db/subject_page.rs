//! Everything the subject page shows about one subject of a case, read in one go.
//!
//! [`load`] binds the user's [`CaseScope`] exactly as the case page does: a case outside the
//! scope, or a subject that is not of that case, reads as absent (the page answers 404 and
//! reveals nothing). The rest is keyed by the ids that passed that check.

use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::PgConnection;
use sqlx::types::Json;
use uuid::Uuid;

use super::case_page::EventRow;
use crate::auth::session::CaseScope;
use crate::domain::vocab::{
    AuthorityView, CaseKind, CpsDecision, Determination, Determiner, IndividualLearning,
    InterviewKind, ProceedingsConductor, ProceedingsFinding, ProceedingsForm, ProceedingsOutcome,
    ProfessionalStandard, ProsecutionOutcome, Severity, SubjectKind, SubjectStage,
};

/// The subject's own record and its part in the case.
#[derive(Debug, Clone)]
pub struct SubjectRecord {
    pub case_id: Uuid,
    pub case_subject_id: Uuid,
    pub case_reference: String,
    pub case_kind: CaseKind,
    pub force_name: String,
    pub name: Option<String>,
    pub kind: SubjectKind,
    pub rank: Option<String>,
    pub collar_number: Option<String>,
    pub stage: SubjectStage,
    pub special_procedures: bool,
    pub severity: Option<Severity>,
    pub severity_assessed_on: Option<NaiveDate>,
    pub severity_revision_count: i32,
    pub notice_served_on: Option<NaiveDate>,
    pub interviewed_on: Option<NaiveDate>,
    pub under_caution: Option<bool>,
    pub interview_kind: Option<InterviewKind>,
    pub opinion: Option<Determination>,
    pub opinion_given_on: Option<NaiveDate>,
    pub determination: Option<Determination>,
    pub determined_by: Option<Determiner>,
    pub determined_on: Option<NaiveDate>,
    pub authority_view: Option<AuthorityView>,
    pub individual_learning: Option<IndividualLearning>,
    pub special_conditions_certified_on: Option<NaiveDate>,
    pub referred_to_cps_on: Option<NaiveDate>,
    pub cps_outcome: Option<String>,
    pub cps_decision: Option<CpsDecision>,
    pub cps_decided_on: Option<NaiveDate>,
    pub prosecution_outcome: Option<ProsecutionOutcome>,
    pub prosecution_ended_on: Option<NaiveDate>,
    pub barred_list: bool,
    pub left_force: bool,
    pub version: i32,
    /// Today in England and Wales, by the database's clock.
    pub today: NaiveDate,
}

/// An allegation of the case, with whether this subject is subject of it.
#[derive(Debug, Clone)]
pub struct AllegationLine {
    pub allegation_id: Uuid,
    /// Its number on the case page (1-based, in the case page's order).
    pub number: usize,
    pub category: String,
    pub description: String,
    pub against_this_subject: bool,
    /// The standards it concerns for this subject (PCR 2020 Sch 2).
    pub standards: Vec<ProfessionalStandard>,
    /// The force's view of the IOPC's determination on it for this subject.
    pub authority_view: Option<AuthorityView>,
}

/// Misconduct proceedings of this subject, with the finding on each allegation.
#[derive(Debug, Clone, Deserialize)]
pub struct ProceedingsRow {
    pub form: ProceedingsForm,
    pub notice_given_on: Option<NaiveDate>,
    pub held_on: Option<NaiveDate>,
    pub panel: Option<String>,
    #[serde(default)]
    pub conducted_by: Option<ProceedingsConductor>,
    pub finding: Option<ProceedingsFinding>,
    pub outcome: Option<ProceedingsOutcome>,
    pub concluded_on: Option<NaiveDate>,
    /// When the written outcome was given (PCR 2020 reg 42).
    #[serde(default)]
    pub outcome_reported_on: Option<NaiveDate>,
    /// (allegation id, finding)
    #[serde(default)]
    pub findings: Vec<(Uuid, ProceedingsFinding)>,
    /// (allegation id, the standards found breached on it)
    #[serde(default)]
    pub standards_proven: Vec<(Uuid, Vec<ProfessionalStandard>)>,
}

/// Everything the subject page shows.
#[derive(Debug, Clone)]
pub struct SubjectDetails {
    pub subject: SubjectRecord,
    pub allegations: Vec<AllegationLine>,
    /// Oldest first; the last is the current one.
    pub proceedings: Vec<ProceedingsRow>,
    /// Whether the IOPC directed the proceedings (Sch 3 para 27).
    pub proceedings_directed: bool,
    /// This subject's events, newest first.
    pub events: Vec<EventRow>,
}

impl SubjectDetails {
    /// The proceedings now under way or last held.
    pub fn current_proceedings(&self) -> Option<&ProceedingsRow> {
        self.proceedings.last()
    }
}

/// Reads the subject, or `None` when the case is outside the user's scope or has no such
/// subject.
///
/// One statement, as the case page reads: the allegations, the proceedings with their
/// findings and the subject's events are JSON arrays built by correlated subqueries, so the
/// page costs one round trip for all of them.
pub async fn load(
    conn: &mut PgConnection,
    case_id: Uuid,
    case_subject_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<SubjectDetails>> {
    let Some(r) = sqlx::query!(
        r#"select c.case_id, cs.case_subject_id,
                  coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "case_reference!",
                  c.kind as "case_kind: CaseKind", f.name as force_name,
                  s.name, s.kind as "kind: SubjectKind", s.rank, s.collar_number,
                  cs.stage as "stage: SubjectStage", cs.special_procedures,
                  cs.severity as "severity: Severity", cs.severity_assessed_on, cs.severity_revision_count,
                  cs.notice_served_on, cs.interviewed_on, cs.under_caution,
                  cs.interview_kind as "interview_kind: InterviewKind",
                  cs.individual_learning as "individual_learning: IndividualLearning",
                  cs.special_conditions_certified_on,
                  cs.cps_decision as "cps_decision: CpsDecision", cs.cps_decided_on,
                  cs.prosecution_outcome as "prosecution_outcome: ProsecutionOutcome", cs.prosecution_ended_on,
                  cs.opinion as "opinion: Determination", cs.opinion_given_on,
                  cs.determination as "determination: Determination",
                  cs.determined_by as "determined_by: Determiner", cs.determined_on,
                  cs.authority_view as "authority_view: AuthorityView",
                  cs.referred_to_cps_on, cs.cps_outcome, cs.barred_list, cs.left_force, cs.version,
                  (now() at time zone 'Europe/London')::date as "today!",
                  coalesce((select json_agg(x order by x.entry_order) from (
                      select a.allegation_id, ac.name || coalesce(': ' || sc.name, '') as category, a.description, a.entry_order,
                             y.allegation_id is not null as against_this_subject,
                             coalesce(y.standards, '{}') as standards, y.authority_view
                      from allegation a
                      join allegation_category ac on ac.code = a.category_code
                      left join allegation_subcategory sc on sc.code = a.subcategory_code
                      left join allegation_subject y on y.allegation_id = a.allegation_id
                                                    and y.case_subject_id = cs.case_subject_id
                      where a.case_id = c.case_id) x), '[]') as "allegations!: Json<Vec<AllegationJson>>",
                  coalesce((select json_agg(x order by x.created_at, x.proceedings_id) from (
                      select p.proceedings_id, p.form, p.notice_given_on, p.held_on, p.panel, p.conducted_by,
                             p.finding, p.outcome, p.concluded_on, p.outcome_reported_on, p.created_at,
                             coalesce((select json_agg(json_build_array(pf.allegation_id, pf.finding))
                                         from proceedings_allegation_finding pf
                                        where pf.proceedings_id = p.proceedings_id), '[]') as findings,
                             coalesce((select json_agg(json_build_array(pf.allegation_id, pf.standards_proven))
                                         from proceedings_allegation_finding pf
                                        where pf.proceedings_id = p.proceedings_id), '[]') as standards_proven
                      from proceedings p
                      where p.case_subject_id = cs.case_subject_id) x), '[]') as "proceedings!: Json<Vec<ProceedingsRow>>",
                  coalesce((select json_agg(x order by x.occurred_at desc, x.audit_event_id desc) from (
                      select e.audit_event_id, e.entity_kind, e.action, e.from_state, e.to_state,
                             e.details ->> 'summary' as summary,
                             u.display_name as actor_name, e.actor_role, e.actor_description,
                             (e.occurred_at at time zone 'Europe/London') as occurred_at,
                             (e.details ->> 'on')::date as step_on, e.details -> 'late' as late
                      from audit_event e
                      left join staff_user u on u.staff_user_id = e.actor_id
                      where e.case_id = c.case_id and e.entity_kind = 'case_subject'
                        and e.entity_id = cs.case_subject_id) x), '[]') as "events!: Json<Vec<EventRow>>"
           from case_subject cs
           join subject s on s.subject_id = cs.subject_id
           join case_record c on c.case_id = cs.case_id
           join police_force f on f.police_force_id = c.force_id
           where cs.case_subject_id = $1 and cs.case_id = $2
             and case_in_scope(c.force_id, c.case_id, $3, $4, $5)"#,
        case_subject_id,
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
    let subject = SubjectRecord {
        case_id: r.case_id,
        case_subject_id: r.case_subject_id,
        case_reference: r.case_reference,
        case_kind: r.case_kind,
        force_name: r.force_name,
        name: r.name,
        kind: r.kind,
        rank: r.rank,
        collar_number: r.collar_number,
        stage: r.stage,
        special_procedures: r.special_procedures,
        severity: r.severity,
        severity_assessed_on: r.severity_assessed_on,
        severity_revision_count: r.severity_revision_count,
        notice_served_on: r.notice_served_on,
        interviewed_on: r.interviewed_on,
        under_caution: r.under_caution,
        interview_kind: r.interview_kind,
        opinion: r.opinion,
        opinion_given_on: r.opinion_given_on,
        determination: r.determination,
        determined_by: r.determined_by,
        determined_on: r.determined_on,
        authority_view: r.authority_view,
        individual_learning: r.individual_learning,
        special_conditions_certified_on: r.special_conditions_certified_on,
        referred_to_cps_on: r.referred_to_cps_on,
        cps_outcome: r.cps_outcome,
        cps_decision: r.cps_decision,
        cps_decided_on: r.cps_decided_on,
        prosecution_outcome: r.prosecution_outcome,
        prosecution_ended_on: r.prosecution_ended_on,
        barred_list: r.barred_list,
        left_force: r.left_force,
        version: r.version,
        today: r.today,
    };
    let allegations = r
        .allegations
        .0
        .into_iter()
        .enumerate()
        .map(|(i, a)| AllegationLine {
            allegation_id: a.allegation_id,
            number: i + 1,
            category: a.category,
            description: a.description,
            against_this_subject: a.against_this_subject,
            standards: a.standards,
            authority_view: a.authority_view,
        })
        .collect();
    // The page is about this subject: its events need not repeat the name.
    let events = r.events.0;
    let proceedings_directed = events.iter().any(|e| {
        e.action == "bring_proceedings" && e.actor_role.as_deref() == Some("iopc_caseworker")
    });
    Ok(Some(SubjectDetails {
        subject,
        allegations,
        proceedings: r.proceedings.0,
        proceedings_directed,
        events,
    }))
}

/// An allegation as the statement reads it.
#[derive(Debug, Deserialize)]
struct AllegationJson {
    allegation_id: Uuid,
    category: String,
    description: String,
    against_this_subject: bool,
    #[serde(default)]
    standards: Vec<ProfessionalStandard>,
    #[serde(default)]
    authority_view: Option<AuthorityView>,
}

/// An allegation of a case, numbered as the case page numbers it.
#[derive(Debug, Clone)]
pub struct CaseAllegation {
    pub allegation_id: Uuid,
    pub number: usize,
    pub category: String,
    pub description: String,
}

/// The allegations of a case, in the case page's order. Call it only for a case that passed
/// the scope check.
pub async fn case_allegations(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> sqlx::Result<Vec<CaseAllegation>> {
    Ok(sqlx::query!(
        r#"select a.allegation_id, ac.name || coalesce(': ' || sc.name, '') as "category!", a.description
           from allegation a
           join allegation_category ac on ac.code = a.category_code
           left join allegation_subcategory sc on sc.code = a.subcategory_code
          where a.case_id = $1
          order by a.entry_order"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .enumerate()
    .map(|(i, a)| CaseAllegation {
        allegation_id: a.allegation_id,
        number: i + 1,
        category: a.category,
        description: a.description,
    })
    .collect())
}

/// The reference a case is known by: the IOPC's, else the force's, else its id.
pub async fn case_reference(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        r#"select coalesce(iopc_reference, force_reference, case_id::text) as "reference!"
             from case_record where case_id = $1"#,
        case_id
    )
    .fetch_optional(&mut *conn)
    .await
}
