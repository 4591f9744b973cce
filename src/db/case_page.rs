//! Everything the case page shows about one case, read in one go.
//!
//! Every read starts from [`load`], which binds the user's [`CaseScope`]: a case outside the
//! scope reads as absent, so the page answers 404 and does not reveal that the case exists.
//! The rest of the reads are keyed by the case id that passed that check. The rows are plain
//! data (codes already parsed into the vocabulary's types); the web layer turns them into
//! sentences, deadlines and forms.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use sqlx::PgPool;
use sqlx::types::Json;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::domain::vocab::{
    AllegationOutcome, AuthorityView, CaseKind, CaseStage, ContactMethod, Determination,
    Determiner, HandlingType, InvestigationMode, Language, LinkReason, ProceedingsFinding,
    ProceedingsForm, ProceedingsOutcome, RecommendationResponse, RecommendationStage,
    RecordingReason, ReferralDecision, ReferralType, ReviewBody, ReviewFollowUp, ReviewStage,
    Severity, SubjectKind, SubjectStage,
};
use crate::workflow::clocks;

/// The case's own record.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseRow {
    pub case_id: Uuid,
    pub kind: CaseKind,
    pub stage: CaseStage,
    pub legacy: bool,
    pub force_name: String,
    pub iopc_reference: Option<String>,
    pub force_reference: Option<String>,
    pub received_on: NaiveDate,
    pub logged_on: Option<NaiveDate>,
    pub recorded_on: Option<NaiveDate>,
    pub schedule3: Option<bool>,
    pub recording_reason: Option<RecordingReason>,
    pub investigation_mode: Option<InvestigationMode>,
    pub summary: String,
    pub incident_date: Option<NaiveDate>,
    pub incident_place: Option<String>,
    pub what_complainant_wants: Option<String>,
    pub how_it_came_to_light: Option<String>,
    /// Who brought a conduct or DSI matter to light (`CameToLight` codes).
    pub came_to_light: Option<String>,
    pub dsi_kind: Option<String>,
    pub dsi_context: Option<String>,
    pub assigned_to: Option<String>,
    pub outcome_notified_on: Option<NaiveDate>,
    pub review_right: Option<bool>,
    pub review_right_notified_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// When it was recorded that no organisational learning was identified.
    #[serde(default)]
    pub no_organisational_learning_on: Option<NaiveDate>,
    /// Publication deferred until proceedings end, and the date to revisit it.
    #[serde(default)]
    pub publication_deferred_on: Option<NaiveDate>,
    #[serde(default)]
    pub publication_revisit_on: Option<NaiveDate>,
    pub version: i32,
    /// Today in England and Wales, by the database's clock.
    pub today: NaiveDate,
}

/// A complainant or interested person, with their agent.
#[derive(Debug, Clone, Deserialize)]
pub struct PersonRow {
    pub person_id: Uuid,
    pub role: String,
    pub full_name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_language: Language,
    pub contact_method: Option<ContactMethod>,
    pub easy_read: bool,
    pub accessibility_needs: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub consent_given: Option<bool>,
    pub agent_name: Option<String>,
}

/// Information withheld under the harm test (not yet released).
#[derive(Debug, Clone, Deserialize)]
pub struct WithheldRow {
    pub description: String,
    pub entity_kind: Option<String>,
    pub entity_id: Option<Uuid>,
    pub field_name: Option<String>,
    pub reason: String,
}

/// One allegation with its category and the subjects it is against.
#[derive(Debug, Clone, Deserialize)]
pub struct AllegationRow {
    pub allegation_id: Uuid,
    pub category: String,
    pub description: String,
    pub handling_type: Option<HandlingType>,
    pub outcome: Option<AllegationOutcome>,
    pub outcome_detail: Option<String>,
    pub subjects: Vec<String>,
}

/// One subject's part in the case, with their latest proceedings.
#[derive(Debug, Clone, Deserialize)]
pub struct SubjectRow {
    pub case_subject_id: Uuid,
    pub name: Option<String>,
    pub kind: SubjectKind,
    pub rank: Option<String>,
    pub collar_number: Option<String>,
    pub stage: SubjectStage,
    pub special_procedures: bool,
    pub severity: Option<Severity>,
    pub determination: Option<Determination>,
    pub determined_by: Option<Determiner>,
    pub authority_view: Option<AuthorityView>,
    pub barred_list: bool,
    pub left_force: bool,
    pub proceedings_form: Option<ProceedingsForm>,
    pub proceedings_finding: Option<ProceedingsFinding>,
    pub proceedings_outcome: Option<ProceedingsOutcome>,
}

/// A referral to the IOPC and its decision.
#[derive(Debug, Clone, Deserialize)]
pub struct ReferralRow {
    pub referral_type: ReferralType,
    pub referred_on: NaiveDate,
    /// The grounds referred on (codes of `referral_ground`), in order of seriousness.
    pub grounds: Vec<String>,
    /// A voluntary referral's reason.
    pub voluntary_reason: Option<String>,
    pub decision: Option<ReferralDecision>,
    pub decided_on: Option<NaiveDate>,
    pub decided_mode: Option<InvestigationMode>,
}

/// An investigation with its suspensions and progress notices.
#[derive(Debug, Clone, Deserialize)]
pub struct InvestigationRow {
    pub investigation_id: Uuid,
    pub mode: InvestigationMode,
    pub terms_of_reference: Option<String>,
    pub investigator_name: Option<String>,
    pub started_on: NaiveDate,
    pub report_submitted_on: Option<NaiveDate>,
    pub suspensions: Vec<(NaiveDate, Option<NaiveDate>, String)>,
    pub last_notice_on: Option<NaiveDate>,
}

/// An item in the evidence log.
#[derive(Debug, Clone, Deserialize)]
pub struct EvidenceRow {
    pub evidence_item_id: Uuid,
    pub description: String,
    pub source: Option<String>,
    pub received_on: Option<NaiveDate>,
    pub logged_by: String,
}

/// A contact with a complainant or interested person.
#[derive(Debug, Clone, Deserialize)]
pub struct ContactRow {
    pub contacted_on: NaiveDate,
    pub method: ContactMethod,
    pub person: Option<String>,
    pub summary: String,
    pub by: String,
}

/// A case linked to this one.
#[derive(Debug, Clone, Deserialize)]
pub struct LinkRow {
    pub other_case_id: Uuid,
    pub reference: String,
    pub kind: CaseKind,
    pub stage: CaseStage,
    pub reason: LinkReason,
    /// This case is the earlier one (the link was made from it).
    pub outgoing: bool,
}

/// A learning recommendation made in the case.
#[derive(Debug, Clone, Deserialize)]
pub struct RecommendationRow {
    pub recommendation_id: Uuid,
    pub title: Option<String>,
    pub text: String,
    pub recipient: String,
    pub made_on: NaiveDate,
    pub response_due_on: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub stage: RecommendationStage,
    pub response: Option<RecommendationResponse>,
    pub response_action: Option<String>,
    pub response_received_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
}

/// A review of the complaint's outcome.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewRow {
    pub review_body: ReviewBody,
    pub applied_on: NaiveDate,
    pub stage: ReviewStage,
    pub decided_on: Option<NaiveDate>,
    pub follow_up: Option<ReviewFollowUp>,
}

/// One audit event of the case, with who did it.
#[derive(Debug, Clone, Deserialize)]
pub struct EventRow {
    /// The mode of an investigation the step started, if it started one.
    #[serde(default)]
    pub mode: Option<InvestigationMode>,
    pub entity_kind: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub summary: Option<String>,
    /// The subject's name, for events about a subject.
    pub subject_name: Option<String>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub actor_description: Option<String>,
    /// Local time in England and Wales: when the event was entered.
    pub occurred_at: NaiveDateTime,
    /// The date the step happened, where it was given (see `workflow::dating`).
    #[serde(default)]
    pub step_on: Option<NaiveDate>,
    /// The step was taken after its statutory deadline.
    #[serde(default)]
    pub late: Option<crate::workflow::dating::Lateness>,
}

/// Everything the case page shows.
#[derive(Debug, Clone)]
pub struct CaseDetails {
    pub case: CaseRow,
    pub people: Vec<PersonRow>,
    pub withheld: Vec<WithheldRow>,
    pub allegations: Vec<AllegationRow>,
    pub subjects: Vec<SubjectRow>,
    pub referrals: Vec<ReferralRow>,
    pub investigations: Vec<InvestigationRow>,
    pub evidence: Vec<EvidenceRow>,
    pub contacts: Vec<ContactRow>,
    pub links: Vec<LinkRow>,
    pub recommendations: Vec<RecommendationRow>,
    pub reviews: Vec<ReviewRow>,
    pub events: Vec<EventRow>,
    /// When the outcome was decided (the latest `decide_outcome` event), for the CMR reg 34 clock.
    pub outcome_decided_on: Option<NaiveDate>,
}

impl CaseDetails {
    /// What the case's statutory clocks are counted from.
    pub fn clock_facts(&self) -> clocks::CaseFacts {
        let c = &self.case;
        clocks::CaseFacts {
            stage: c.stage,
            kept_informed: self
                .people
                .iter()
                .any(|p| p.role == "complainant" || p.consent_given == Some(true)),
            handling_started_on: c.recorded_on.or(c.logged_on).unwrap_or(c.received_on),
            contacts: self.contacts.iter().map(|x| x.contacted_on).collect(),
            outcome_decided_on: self.outcome_decided_on,
            review_right: c.review_right,
            review_letter_on: c.review_right_notified_on.or(c.outcome_notified_on),
            investigations: self
                .investigations
                .iter()
                .map(|i| clocks::InvestigationFacts {
                    started_on: i.started_on,
                    report_submitted_on: i.report_submitted_on,
                    suspensions: i
                        .suspensions
                        .iter()
                        .map(|(from, to, _)| clocks::Suspension {
                            from: *from,
                            resumed_on: *to,
                        })
                        .collect(),
                    last_notice_on: i.last_notice_on,
                })
                .collect(),
            recommendations: self
                .recommendations
                .iter()
                .map(|r| clocks::RecommendationFacts {
                    title: r.title.clone(),
                    stage: r.stage,
                    made_on: r.made_on,
                    extended_to: r.extended_to,
                    response_received_on: r.response_received_on,
                })
                .collect(),
        }
    }
}

/// Whether the case exists and the scope lets the user see it.
/// The categories of a case's allegations, in the order the case page lists them.
pub async fn allegation_categories(pool: &PgPool, case_id: Uuid) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"select ac.name || coalesce(': ' || sc.name, '') as "name!" from allegation a
         join allegation_category ac on ac.code = a.category_code
         left join allegation_subcategory sc on sc.code = a.subcategory_code
         where a.case_id = $1
         order by a.entry_order"#,
        case_id
    )
    .fetch_all(pool)
    .await
}

pub async fn in_scope(pool: &PgPool, case_id: Uuid, scope: CaseScope) -> sqlx::Result<bool> {
    let found = sqlx::query_scalar!(
        r#"select exists (
             select 1 from case_record c
              where c.case_id = $1
                and case_in_scope(c.force_id, c.case_id, $2, $3, $4)
           ) as "found!""#,
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_one(pool)
    .await?;
    Ok(found)
}

/// Reads the whole case, or `None` when it does not exist or is outside the user's scope.
///
/// One statement: each section is a JSON array built by a correlated subquery, so the page
/// costs one round trip however many sections it has (each round trip costs more than the
/// small indexed reads themselves). Column names in the JSON are the row structs' fields.
/// Linked cases are shown only when the user may see them too. (No SQL comments inside:
/// the benchmark replays this statement from the server log as one line.)
pub async fn load(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<CaseDetails>> {
    let Some(row) = sqlx::query!(
        r#"select
             row_to_json(k) as "case!: Json<CaseRow>",
             coalesce((select json_agg(x order by x.role, x.created_at, x.full_name) from (
                 select p.person_id, cc.role, p.full_name, p.address, p.email, p.phone, p.preferred_language,
                        p.contact_method, p.easy_read, p.accessibility_needs, p.date_of_birth, cc.consent_given,
                        a.full_name as agent_name, cc.created_at
                 from case_complainant cc
                 join person p on p.person_id = cc.person_id
                 left join person a on a.person_id = cc.agent_person_id
                 where cc.case_id = k.case_id) x), '[]') as "people!: Json<Vec<PersonRow>>",
             coalesce((select json_agg(x order by x.recorded_at) from (
                 select description, entity_kind, entity_id, field_name, reason, recorded_at
                 from withheld_item w where w.case_id = k.case_id and w.released_at is null) x), '[]')
               as "withheld!: Json<Vec<WithheldRow>>",
             coalesce((select json_agg(x order by x.entry_order) from (
                 select a.allegation_id, ac.name || coalesce(': ' || sc.name, '') as category, a.description, a.handling_type, a.outcome,
                        a.outcome_detail, a.created_at, a.entry_order,
                        array(select coalesce(s.name, 'Unidentified subject')
                                from allegation_subject x
                                join case_subject cs on cs.case_subject_id = x.case_subject_id
                                join subject s on s.subject_id = cs.subject_id
                               where x.allegation_id = a.allegation_id
                               order by s.name) as subjects
                 from allegation a
                 join allegation_category ac on ac.code = a.category_code
                 left join allegation_subcategory sc on sc.code = a.subcategory_code
                 where a.case_id = k.case_id) x), '[]') as "allegations!: Json<Vec<AllegationRow>>",
             coalesce((select json_agg(x order by x.name nulls last, x.created_at) from (
                 select cs.case_subject_id, s.name, s.kind, s.rank, s.collar_number, cs.stage, cs.special_procedures,
                        cs.severity, cs.determination, cs.determined_by, cs.authority_view, cs.barred_list,
                        cs.left_force, p.form as proceedings_form, p.finding as proceedings_finding,
                        p.outcome as proceedings_outcome, cs.created_at
                 from case_subject cs
                 join subject s on s.subject_id = cs.subject_id
                 left join lateral (select * from proceedings p where p.case_subject_id = cs.case_subject_id
                                    order by p.created_at desc limit 1) p on true
                 where cs.case_id = k.case_id) x), '[]') as "subjects!: Json<Vec<SubjectRow>>",
             coalesce((select json_agg(x order by x.referred_on, x.created_at) from (
                 select referral_type, referred_on, decision, decided_on, decided_mode, created_at,
                        voluntary_reason,
                        array(select g.code from referral_referral_ground x join referral_ground g on g.code = x.ground_code
                               where x.referral_id = r.referral_id order by g.sort_order) as grounds
                 from referral r where r.case_id = k.case_id) x), '[]') as "referrals!: Json<Vec<ReferralRow>>",
             coalesce((select json_agg(x order by x.started_on, x.created_at) from (
                 select i.investigation_id, i.mode, i.terms_of_reference,
                        coalesce(i.investigator_name, u.display_name) as investigator_name,
                        i.started_on, i.report_submitted_on, i.created_at,
                        coalesce((select json_agg(json_build_array(s.started_on, s.ended_on, s.reason) order by s.started_on)
                                  from investigation_suspension s where s.investigation_id = i.investigation_id), '[]')
                          as suspensions,
                        (select max(n.sent_on) from investigation_notice n where n.investigation_id = i.investigation_id)
                          as last_notice_on
                 from investigation i
                 left join staff_user u on u.staff_user_id = i.investigator_id
                 where i.case_id = k.case_id) x), '[]') as "investigations!: Json<Vec<InvestigationRow>>",
             coalesce((select json_agg(x order by x.received_on nulls last, x.created_at) from (
                 select e.evidence_item_id, e.description, e.source, e.received_on, u.display_name as logged_by,
                        e.created_at
                 from evidence_item e join staff_user u on u.staff_user_id = e.created_by
                 where e.case_id = k.case_id) x), '[]') as "evidence!: Json<Vec<EvidenceRow>>",
             coalesce((select json_agg(x order by x.contacted_on desc, x.created_at desc) from (
                 select c.contacted_on, c.method, p.full_name as person, c.summary, u.display_name as by,
                        c.created_at
                 from contact_log_entry c
                 join staff_user u on u.staff_user_id = c.created_by
                 left join person p on p.person_id = c.person_id
                 where c.case_id = k.case_id) x), '[]') as "contacts!: Json<Vec<ContactRow>>",
             coalesce((select json_agg(x order by x.created_at) from (
                 select o.case_id as other_case_id,
                        coalesce(o.iopc_reference, o.force_reference, o.case_id::text) as reference,
                        o.kind, o.stage, l.reason, (l.from_case_id = k.case_id) as outgoing, l.created_at
                 from case_link l
                 join case_record o on o.case_id = case when l.from_case_id = k.case_id then l.to_case_id else l.from_case_id end
                 where (l.from_case_id = k.case_id or l.to_case_id = k.case_id)
                   and case_in_scope(o.force_id, o.case_id, $2, $3, false)
                 ) x), '[]') as "links!: Json<Vec<LinkRow>>",
             coalesce((select json_agg(x order by x.made_on, x.created_at) from (
                 select r.recommendation_id, r.title, r.recommendation_text as text, coalesce(f.name, r.recipient_name, '') as recipient,
                        r.made_on, r.response_due_on, r.extended_to, r.stage, r.response, r.response_action,
                        r.response_received_on, r.published_on, r.created_at
                 from recommendation r
                 left join police_force f on f.police_force_id = r.recipient_force_id
                 where r.case_id = k.case_id) x), '[]') as "recommendations!: Json<Vec<RecommendationRow>>",
             coalesce((select json_agg(x order by x.applied_on, x.created_at) from (
                 select review_body, applied_on, stage, decided_on, follow_up, created_at
                 from review r where r.case_id = k.case_id) x), '[]') as "reviews!: Json<Vec<ReviewRow>>",
             coalesce((select json_agg(x order by x.occurred_at desc, x.audit_event_id desc) from (
                 select e.audit_event_id, e.entity_kind, e.action, e.from_state, e.to_state,
                        coalesce(e.reason, e.details ->> 'summary') as summary,
                        s.name as subject_name, u.display_name as actor_name, e.actor_role,
                        e.actor_description, (e.occurred_at at time zone 'Europe/London') as occurred_at,
                        (e.details ->> 'on')::date as step_on, e.details -> 'late' as late,
                        (select x ->> 'mode' from jsonb_array_elements(e.details -> 'effects') x
                          where x ->> 'effect' = 'investigation_started' limit 1) as mode
                 from audit_event e
                 left join staff_user u on u.staff_user_id = e.actor_id
                 left join case_subject cs on e.entity_kind = 'case_subject' and cs.case_subject_id = e.entity_id
                 left join subject s on s.subject_id = cs.subject_id
                 where e.case_id = k.case_id) x), '[]') as "events!: Json<Vec<EventRow>>"
           from (
             select c.case_id, c.kind, c.stage, c.legacy, f.name as force_name, c.iopc_reference,
                    c.force_reference, c.received_on, c.logged_on, c.recorded_on, c.schedule3,
                    c.recording_reason, c.investigation_mode, c.summary, c.incident_date, c.incident_place,
                    c.what_complainant_wants, c.how_it_came_to_light, c.came_to_light, c.dsi_kind, c.dsi_context,
                    u.display_name as assigned_to, c.outcome_notified_on, c.review_right,
                    c.review_right_notified_on, c.closed_on, c.no_organisational_learning_on,
                    c.publication_deferred_on, c.publication_revisit_on, c.version,
                    (now() at time zone 'Europe/London')::date as today
             from case_record c
             join police_force f on f.police_force_id = c.force_id
             left join staff_user u on u.staff_user_id = c.assigned_to
             where c.case_id = $1
               and case_in_scope(c.force_id, c.case_id, $2, $3, $4)
           ) k"#,
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
    let events = row.events.0;
    let outcome_decided_on = events
        .iter()
        .find(|e| e.entity_kind == "case" && e.action == "decide_outcome")
        .map(|e| e.step_on.unwrap_or(e.occurred_at.date()));
    Ok(Some(CaseDetails {
        case: row.case.0,
        people: row.people.0,
        withheld: row.withheld.0,
        allegations: row.allegations.0,
        subjects: row.subjects.0,
        referrals: row.referrals.0,
        investigations: row.investigations.0,
        evidence: row.evidence.0,
        contacts: row.contacts.0,
        links: row.links.0,
        recommendations: row.recommendations.0,
        reviews: row.reviews.0,
        events,
        outcome_decided_on,
    }))
}

/// The name of the local policing body of the case's force.
pub async fn local_policing_body_name(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "select l.name from case_record c
         join police_force f on f.police_force_id = c.force_id
         join local_policing_body l on l.local_policing_body_id = f.local_policing_body_id
         where c.case_id = $1",
        case_id
    )
    .fetch_optional(conn)
    .await
}
