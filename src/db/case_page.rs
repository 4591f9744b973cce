//! Everything the case page shows about one case, read in one go.
//!
//! Every read starts from [`load`], which binds the user's [`CaseScope`]: a case outside the
//! scope reads as absent, so the page answers 404 and does not reveal that the case exists.
//! The rest of the reads are keyed by the case id that passed that check. The rows are plain
//! data (codes already parsed into the vocabulary's types); the web layer turns them into
//! sentences, deadlines and forms.

use chrono::{NaiveDate, NaiveDateTime};
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::domain::vocab::{
    AllegationOutcome, AuthorityView, CaseKind, CaseStage, ContactMethod, Determination,
    Determiner, HandlingType, InvestigationMode, Language, LinkReason, ProceedingsFinding,
    ProceedingsForm, ProceedingsOutcome, RecommendationResponse, RecommendationStage,
    RecordingReason, ReferralDecision, ReferralType, ReviewBody, ReviewFollowUp, ReviewStage,
    Severity, SubjectKind, SubjectStage,
};

/// The case's own record.
#[derive(Debug, Clone)]
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
    pub dsi_kind: Option<String>,
    pub dsi_context: Option<String>,
    pub assigned_to: Option<String>,
    pub outcome_notified_on: Option<NaiveDate>,
    pub review_right: Option<bool>,
    pub review_right_notified_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub version: i32,
    /// Today in England and Wales, by the database's clock.
    pub today: NaiveDate,
}

/// A complainant or interested person, with their agent.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct WithheldRow {
    pub description: String,
    pub entity_kind: Option<String>,
    pub entity_id: Option<Uuid>,
    pub field_name: Option<String>,
    pub reason: String,
}

/// One allegation with its category and the subjects it is against.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct ReferralRow {
    pub referral_type: ReferralType,
    pub referred_on: NaiveDate,
    pub decision: Option<ReferralDecision>,
    pub decided_on: Option<NaiveDate>,
    pub decided_mode: Option<InvestigationMode>,
}

/// An investigation with its suspensions and progress notices.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct EvidenceRow {
    pub evidence_item_id: Uuid,
    pub description: String,
    pub source: Option<String>,
    pub received_on: Option<NaiveDate>,
    pub logged_by: String,
}

/// A contact with a complainant or interested person.
#[derive(Debug, Clone)]
pub struct ContactRow {
    pub contacted_on: NaiveDate,
    pub method: ContactMethod,
    pub person: Option<String>,
    pub summary: String,
    pub by: String,
}

/// A case linked to this one.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct RecommendationRow {
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
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub review_body: ReviewBody,
    pub applied_on: NaiveDate,
    pub stage: ReviewStage,
    pub decided_on: Option<NaiveDate>,
    pub follow_up: Option<ReviewFollowUp>,
}

/// One audit event of the case, with who did it.
#[derive(Debug, Clone)]
pub struct EventRow {
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
    /// Local time in England and Wales.
    pub occurred_at: NaiveDateTime,
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

/// Whether the case exists and the scope lets the user see it.
/// The categories of a case's allegations, in the order the case page lists them.
pub async fn allegation_categories(pool: &PgPool, case_id: Uuid) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "select ac.name from allegation a
         join allegation_category ac on ac.code = a.category_code
         where a.case_id = $1
         order by a.created_at, a.allegation_id",
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
                and ($2::uuid is null or c.force_id = $2)
                and ($3::uuid is null or exists (select 1 from review r where r.case_id = c.case_id and r.local_policing_body_id = $3))
                and not $4
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
pub async fn load(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<CaseDetails>> {
    let Some(c) = sqlx::query!(
        r#"select c.case_id, c.kind as "kind: CaseKind", c.stage as "stage: CaseStage", c.legacy,
                  f.name as force_name, c.iopc_reference, c.force_reference, c.received_on,
                  c.logged_on, c.recorded_on, c.schedule3,
                  c.recording_reason as "recording_reason: RecordingReason",
                  c.investigation_mode as "investigation_mode: InvestigationMode",
                  c.summary, c.incident_date, c.incident_place, c.what_complainant_wants,
                  c.how_it_came_to_light, c.dsi_kind, c.dsi_context,
                  u.display_name as "assigned_to?", c.outcome_notified_on, c.review_right,
                  c.review_right_notified_on, c.closed_on, c.version,
                  (now() at time zone 'Europe/London')::date as "today!"
           from case_record c
           join police_force f on f.police_force_id = c.force_id
           left join staff_user u on u.staff_user_id = c.assigned_to
           where c.case_id = $1
             and ($2::uuid is null or c.force_id = $2)
             and ($3::uuid is null or exists (select 1 from review r where r.case_id = c.case_id and r.local_policing_body_id = $3))
             and not $4"#,
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
    let case = CaseRow {
        case_id: c.case_id,
        kind: c.kind,
        stage: c.stage,
        legacy: c.legacy,
        force_name: c.force_name,
        iopc_reference: c.iopc_reference,
        force_reference: c.force_reference,
        received_on: c.received_on,
        logged_on: c.logged_on,
        recorded_on: c.recorded_on,
        schedule3: c.schedule3,
        recording_reason: c.recording_reason,
        investigation_mode: c.investigation_mode,
        summary: c.summary,
        incident_date: c.incident_date,
        incident_place: c.incident_place,
        what_complainant_wants: c.what_complainant_wants,
        how_it_came_to_light: c.how_it_came_to_light,
        dsi_kind: c.dsi_kind,
        dsi_context: c.dsi_context,
        assigned_to: c.assigned_to,
        outcome_notified_on: c.outcome_notified_on,
        review_right: c.review_right,
        review_right_notified_on: c.review_right_notified_on,
        closed_on: c.closed_on,
        version: c.version,
        today: c.today,
    };

    let people = sqlx::query!(
        r#"select p.person_id, cc.role, p.full_name, p.address, p.email, p.phone,
                  p.preferred_language as "preferred_language: Language",
                  p.contact_method as "contact_method: ContactMethod",
                  p.easy_read, p.accessibility_needs, p.date_of_birth, cc.consent_given,
                  a.full_name as "agent_name?"
           from case_complainant cc
           join person p on p.person_id = cc.person_id
           left join person a on a.person_id = cc.agent_person_id
           where cc.case_id = $1
           order by cc.role, cc.created_at, p.full_name"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| PersonRow {
        person_id: r.person_id,
        role: r.role,
        full_name: r.full_name,
        address: r.address,
        email: r.email,
        phone: r.phone,
        preferred_language: r.preferred_language,
        contact_method: r.contact_method,
        easy_read: r.easy_read,
        accessibility_needs: r.accessibility_needs,
        date_of_birth: r.date_of_birth,
        consent_given: r.consent_given,
        agent_name: r.agent_name,
    })
    .collect();

    let withheld = sqlx::query!(
        "select description, entity_kind, entity_id, field_name, reason
           from withheld_item where case_id = $1 and released_at is null
          order by recorded_at",
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| WithheldRow {
        description: r.description,
        entity_kind: r.entity_kind,
        entity_id: r.entity_id,
        field_name: r.field_name,
        reason: r.reason,
    })
    .collect();

    let allegations = sqlx::query!(
        r#"select a.allegation_id, ac.name as category, a.description,
                  a.handling_type as "handling_type: HandlingType",
                  a.outcome as "outcome: AllegationOutcome", a.outcome_detail,
                  array(select coalesce(s.name, 'Unidentified subject')
                          from allegation_subject x
                          join case_subject cs on cs.case_subject_id = x.case_subject_id
                          join subject s on s.subject_id = cs.subject_id
                         where x.allegation_id = a.allegation_id
                         order by s.name) as "subjects!"
           from allegation a
           join allegation_category ac on ac.code = a.category_code
           where a.case_id = $1
           order by a.created_at, a.allegation_id"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| AllegationRow {
        allegation_id: r.allegation_id,
        category: r.category,
        description: r.description,
        handling_type: r.handling_type,
        outcome: r.outcome,
        outcome_detail: r.outcome_detail,
        subjects: r.subjects,
    })
    .collect();

    let subjects = sqlx::query!(
        r#"select cs.case_subject_id, s.name, s.kind as "kind: SubjectKind", s.rank, s.collar_number,
                  cs.stage as "stage: SubjectStage", cs.special_procedures,
                  cs.severity as "severity: Severity", cs.determination as "determination: Determination",
                  cs.determined_by as "determined_by: Determiner",
                  cs.authority_view as "authority_view: AuthorityView", cs.barred_list, cs.left_force,
                  p.form as "proceedings_form?: ProceedingsForm",
                  p.finding as "proceedings_finding?: ProceedingsFinding",
                  p.outcome as "proceedings_outcome?: ProceedingsOutcome"
           from case_subject cs
           join subject s on s.subject_id = cs.subject_id
           left join lateral (select * from proceedings p where p.case_subject_id = cs.case_subject_id
                              order by p.created_at desc limit 1) p on true
           where cs.case_id = $1
           order by s.name nulls last, cs.created_at"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| SubjectRow {
        case_subject_id: r.case_subject_id,
        name: r.name,
        kind: r.kind,
        rank: r.rank,
        collar_number: r.collar_number,
        stage: r.stage,
        special_procedures: r.special_procedures,
        severity: r.severity,
        determination: r.determination,
        determined_by: r.determined_by,
        authority_view: r.authority_view,
        barred_list: r.barred_list,
        left_force: r.left_force,
        proceedings_form: r.proceedings_form,
        proceedings_finding: r.proceedings_finding,
        proceedings_outcome: r.proceedings_outcome,
    })
    .collect();

    let referrals = sqlx::query!(
        r#"select referral_type as "referral_type: ReferralType", referred_on,
                  decision as "decision: ReferralDecision", decided_on,
                  decided_mode as "decided_mode: InvestigationMode"
           from referral where case_id = $1 order by referred_on, created_at"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| ReferralRow {
        referral_type: r.referral_type,
        referred_on: r.referred_on,
        decision: r.decision,
        decided_on: r.decided_on,
        decided_mode: r.decided_mode,
    })
    .collect();

    let mut investigations: Vec<InvestigationRow> = sqlx::query!(
        r#"select i.investigation_id, i.mode as "mode: InvestigationMode", i.terms_of_reference,
                  coalesce(i.investigator_name, u.display_name) as investigator_name,
                  i.started_on, i.report_submitted_on,
                  (select max(n.sent_on) from investigation_notice n where n.investigation_id = i.investigation_id) as last_notice_on
           from investigation i
           left join staff_user u on u.staff_user_id = i.investigator_id
           where i.case_id = $1 order by i.started_on, i.created_at"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| InvestigationRow {
        investigation_id: r.investigation_id,
        mode: r.mode,
        terms_of_reference: r.terms_of_reference,
        investigator_name: r.investigator_name,
        started_on: r.started_on,
        report_submitted_on: r.report_submitted_on,
        suspensions: Vec::new(),
        last_notice_on: r.last_notice_on,
    })
    .collect();
    let suspensions = sqlx::query!(
        "select s.investigation_id, s.started_on, s.ended_on, s.reason
           from investigation_suspension s join investigation i using (investigation_id)
          where i.case_id = $1 order by s.started_on",
        case_id
    )
    .fetch_all(&mut *conn)
    .await?;
    for s in suspensions {
        if let Some(i) = investigations
            .iter_mut()
            .find(|i| i.investigation_id == s.investigation_id)
        {
            i.suspensions.push((s.started_on, s.ended_on, s.reason));
        }
    }

    let evidence = sqlx::query!(
        "select e.evidence_item_id, e.description, e.source, e.received_on, u.display_name
           from evidence_item e join staff_user u on u.staff_user_id = e.created_by
          where e.case_id = $1 order by e.received_on nulls last, e.created_at",
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| EvidenceRow {
        evidence_item_id: r.evidence_item_id,
        description: r.description,
        source: r.source,
        received_on: r.received_on,
        logged_by: r.display_name,
    })
    .collect();

    let contacts = sqlx::query!(
        r#"select c.contacted_on, c.method as "method: ContactMethod", p.full_name as "person?",
                  c.summary, u.display_name
           from contact_log_entry c
           join staff_user u on u.staff_user_id = c.created_by
           left join person p on p.person_id = c.person_id
           where c.case_id = $1 order by c.contacted_on desc, c.created_at desc"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| ContactRow {
        contacted_on: r.contacted_on,
        method: r.method,
        person: r.person,
        summary: r.summary,
        by: r.display_name,
    })
    .collect();

    // Linked cases are shown only when the user may see them too.
    let links = sqlx::query!(
        r#"select o.case_id as other_case_id,
                  coalesce(o.iopc_reference, o.force_reference, o.case_id::text) as "reference!",
                  o.kind as "kind: CaseKind", o.stage as "stage: CaseStage",
                  l.reason as "reason: LinkReason", (l.from_case_id = $1) as "outgoing!"
           from case_link l
           join case_record o on o.case_id = case when l.from_case_id = $1 then l.to_case_id else l.from_case_id end
           where (l.from_case_id = $1 or l.to_case_id = $1)
             and ($2::uuid is null or o.force_id = $2)
             and ($3::uuid is null or exists (select 1 from review r where r.case_id = o.case_id and r.local_policing_body_id = $3))
             and not $4
           order by l.created_at"#,
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| LinkRow {
        other_case_id: r.other_case_id,
        reference: r.reference,
        kind: r.kind,
        stage: r.stage,
        reason: r.reason,
        outgoing: r.outgoing,
    })
    .collect();

    let recommendations = sqlx::query!(
        r#"select r.title, r.recommendation_text,
                  coalesce(f.name, r.recipient_name, '') as "recipient!",
                  r.made_on, r.response_due_on, r.extended_to,
                  r.stage as "stage: RecommendationStage",
                  r.response as "response: RecommendationResponse", r.response_action,
                  r.response_received_on, r.published_on
           from recommendation r
           left join police_force f on f.police_force_id = r.recipient_force_id
           where r.case_id = $1 order by r.made_on, r.created_at"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| RecommendationRow {
        title: r.title,
        text: r.recommendation_text,
        recipient: r.recipient,
        made_on: r.made_on,
        response_due_on: r.response_due_on,
        extended_to: r.extended_to,
        stage: r.stage,
        response: r.response,
        response_action: r.response_action,
        response_received_on: r.response_received_on,
        published_on: r.published_on,
    })
    .collect();

    let reviews = sqlx::query!(
        r#"select review_body as "review_body: ReviewBody", applied_on, stage as "stage: ReviewStage",
                  decided_on, follow_up as "follow_up: ReviewFollowUp"
           from review where case_id = $1 order by applied_on, created_at"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| ReviewRow {
        review_body: r.review_body,
        applied_on: r.applied_on,
        stage: r.stage,
        decided_on: r.decided_on,
        follow_up: r.follow_up,
    })
    .collect();

    let events: Vec<EventRow> = sqlx::query!(
        r#"select e.entity_kind, e.action, e.from_state, e.to_state,
                  e.details ->> 'summary' as summary,
                  s.name as "subject_name?", u.display_name as "actor_name?", e.actor_role,
                  e.actor_description,
                  (e.occurred_at at time zone 'Europe/London') as "occurred_at!"
           from audit_event e
           left join staff_user u on u.staff_user_id = e.actor_id
           left join case_subject cs on e.entity_kind = 'case_subject' and cs.case_subject_id = e.entity_id
           left join subject s on s.subject_id = cs.subject_id
           where e.case_id = $1
           order by e.occurred_at desc, e.audit_event_id desc"#,
        case_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| EventRow {
        entity_kind: r.entity_kind,
        action: r.action,
        from_state: r.from_state,
        to_state: r.to_state,
        summary: r.summary,
        subject_name: r.subject_name,
        actor_name: r.actor_name,
        actor_role: r.actor_role,
        actor_description: r.actor_description,
        occurred_at: r.occurred_at,
    })
    .collect();

    let outcome_decided_on = events
        .iter()
        .find(|e| e.entity_kind == "case" && e.action == "decide_outcome")
        .map(|e| e.occurred_at.date());

    Ok(Some(CaseDetails {
        case,
        people,
        withheld,
        allegations,
        subjects,
        referrals,
        investigations,
        evidence,
        contacts,
        links,
        recommendations,
        reviews,
        events,
        outcome_decided_on,
    }))
}

/// Today's date in England and Wales, by the database's clock (the workflow's clocks and
/// guards count in local dates).
pub async fn today(pool: &PgPool) -> sqlx::Result<NaiveDate> {
    sqlx::query_scalar!(r#"select (now() at time zone 'Europe/London')::date as "today!""#)
        .fetch_one(pool)
        .await
}
