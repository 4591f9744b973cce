//! A DSI matter re-recorded as a conduct matter (Sch 3 para 21A): the conduct matter is made
//! from the DSI matter inside the transaction of the step on the DSI matter, so the two
//! commit together or not at all.
//!
//! The conduct matter keeps the DSI matter's force, incident, how it came to light, its
//! interested persons, its subjects (as newly identified subjects, whose severity assessment
//! and notice follow on the conduct matter) and its allegations; its summary is what the
//! investigation indicates. It is investigated in the same mode by the same investigator,
//! without a second referral (the DSI matter's referral and the IOPC's decision on it are
//! carried over, saying so), and follows the DSI matter's regime (CMR 2020 reg 2(2)(b)). The
//! two cases are linked, and the conduct matter's record, and the link on both cases, are
//! audited. See `workflow::case` for the rule and what of it is unverified.

use chrono::{Datelike, NaiveDate};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::audit::{self, Action, Entity, Event, RecordAction};
use super::workflow::ActingUser;
use crate::domain::vocab::{CaseKind, CaseStage, InvestigationMode, LinkReason};
use crate::workflow::Regime;

/// The legal source written on the new case's record.
const SOURCE: &str = "Sch 3 paras 21A, 22(4); CMR 2020 reg 2(2)(b)";

/// Creates the conduct matter from the DSI matter `dsi_case_id`, recorded `on`, with
/// `indication` (what the investigation indicates) as its summary. Returns its id.
pub async fn create_conduct_matter(
    conn: &mut PgConnection,
    dsi_case_id: Uuid,
    on: NaiveDate,
    user: &ActingUser,
    indication: Option<&str>,
) -> sqlx::Result<Uuid> {
    let dsi = sqlx::query!(
        r#"select c.force_id, c.legacy, c.summary, c.incident_date, c.incident_place, c.came_to_light,
                  c.how_it_came_to_light, c.assigned_to,
                  c.investigation_mode as "investigation_mode: InvestigationMode",
                  coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "reference!",
                  c.iopc_reference is not null as "has_iopc_reference!"
           from case_record c where c.case_id = $1"#,
        dsi_case_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let regime = Regime::for_related_matter(on, Regime::of_legacy(dsi.legacy));
    let force_reference =
        super::intake::next_force_reference(&mut *conn, dsi.force_id, on.year()).await?;
    let summary = indication
        .map(str::to_owned)
        .unwrap_or_else(|| dsi.summary.clone());
    let how = match &dsi.how_it_came_to_light {
        Some(how) => format!(
            "{how} Re-recorded from the death or serious injury matter {} (Sch 3 para 21A).",
            dsi.reference
        ),
        None => format!(
            "Re-recorded from the death or serious injury matter {} (Sch 3 para 21A).",
            dsi.reference
        ),
    };
    let case_id = sqlx::query_scalar!(
        "insert into case_record (kind, force_id, force_reference, legacy, received_on, logged_on,
                                  recorded_on, stage, investigation_mode, summary, incident_date,
                                  incident_place, came_to_light, how_it_came_to_light, assigned_to,
                                  iopc_reference)
         values ($1, $2, $3, $4, $5, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13,
                 case when $14 then next_iopc_reference($5) end)
         returning case_id",
        CaseKind::ConductMatter as CaseKind,
        dsi.force_id,
        force_reference,
        regime.is_legacy(),
        on,
        CaseStage::UnderInvestigation as CaseStage,
        dsi.investigation_mode as Option<InvestigationMode>,
        summary,
        dsi.incident_date,
        dsi.incident_place,
        dsi.came_to_light,
        how,
        dsi.assigned_to,
        dsi.has_iopc_reference,
    )
    .fetch_one(&mut *conn)
    .await?;

    // No second referral: the DSI matter's referral, the IOPC's decision on it and its
    // grounds stand for the conduct matter.
    sqlx::query!(
        "with old as (
             select r.* from referral r where r.case_id = $3
              order by r.referred_on desc, r.created_at desc limit 1),
         new as (
             insert into referral (case_id, case_legacy, referral_type, referred_on, referred_by,
                                   voluntary_reason, decision, decided_on, decided_by, decided_mode,
                                   rationale)
             select $1, $2, old.referral_type, old.referred_on, old.referred_by, old.voluntary_reason,
                    old.decision, old.decided_on, old.decided_by, old.decided_mode,
                    'The referral of the death or serious injury matter ' || $4 || ' stands for the conduct matter recorded from it (Sch 3 para 21A).'
               from old
             returning referral_id)
         insert into referral_referral_ground (referral_id, ground_code)
         select new.referral_id, g.ground_code
           from new, old join referral_referral_ground g on g.referral_id = old.referral_id",
        case_id,
        regime.is_legacy(),
        dsi_case_id,
        dsi.reference,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into case_referral_ground (case_id, ground_code)
         select $1, g.ground_code from case_referral_ground g where g.case_id = $2
         on conflict do nothing",
        case_id,
        dsi_case_id,
    )
    .execute(&mut *conn)
    .await?;

    // The same investigation goes on: same mode, same investigator, same terms of reference.
    sqlx::query!(
        "insert into investigation (case_id, case_legacy, mode, terms_of_reference, investigator_name,
                                    investigator_id, started_on)
         select $1, $2, i.mode, i.terms_of_reference, i.investigator_name, i.investigator_id, $4
           from investigation i where i.case_id = $3
          order by i.started_on desc, i.created_at desc limit 1",
        case_id,
        regime.is_legacy(),
        dsi_case_id,
        on,
    )
    .execute(&mut *conn)
    .await?;

    // The people: interested persons (PRA 2002 s.21) with their consent as given.
    sqlx::query!(
        "insert into case_complainant (case_id, person_id, agent_person_id, role, consent_given,
                                       consent_recorded_on)
         select $1, cc.person_id, cc.agent_person_id, cc.role, cc.consent_given, cc.consent_recorded_on
           from case_complainant cc where cc.case_id = $2",
        case_id,
        dsi_case_id,
    )
    .execute(&mut *conn)
    .await?;

    // The allegations, in their order, then the subjects and which allegations each is
    // subject of. Subjects start as identified: the conduct matter's special procedures follow.
    sqlx::query!(
        "insert into allegation (case_id, category_code, subcategory_code, description)
         select $1, a.category_code, a.subcategory_code, a.description from allegation a where a.case_id = $2
          order by a.entry_order",
        case_id,
        dsi_case_id,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into case_subject (case_id, subject_id)
         select $1, cs.subject_id from case_subject cs where cs.case_id = $2
          order by cs.created_at",
        case_id,
        dsi_case_id,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "with old_allegation as (
             select allegation_id, row_number() over (order by entry_order) as n
               from allegation where case_id = $2),
         new_allegation as (
             select allegation_id, row_number() over (order by entry_order) as n
               from allegation where case_id = $1)
         insert into allegation_subject (allegation_id, case_subject_id, case_id)
         select na.allegation_id, ncs.case_subject_id, $1
           from allegation_subject x
           join old_allegation oa on oa.allegation_id = x.allegation_id
           join new_allegation na on na.n = oa.n
           join case_subject ocs on ocs.case_subject_id = x.case_subject_id
           join case_subject ncs on ncs.case_id = $1 and ncs.subject_id = ocs.subject_id
          where x.case_id = $2",
        case_id,
        dsi_case_id,
    )
    .execute(&mut *conn)
    .await?;

    let link_id = sqlx::query_scalar!(
        "insert into case_link (from_case_id, to_case_id, reason, created_by) values ($1, $2, $3, $4)
         returning case_link_id",
        dsi_case_id,
        case_id,
        LinkReason::RerecordedAsConductMatter as LinkReason,
        user.staff_user_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    let new_reference = sqlx::query_scalar!(
        r#"select coalesce(iopc_reference, force_reference, case_id::text) as "reference!"
             from case_record where case_id = $1"#,
        case_id
    )
    .fetch_one(&mut *conn)
    .await?;

    audit::record(
        &mut *conn,
        Event::new(
            Entity::Case(case_id),
            Action::Record(RecordAction::RecordFromDsiMatter),
            user.into(),
        )
        .stages(None, CaseStage::UnderInvestigation.as_str())
        .details(json!({
            "summary": format!(
                "Recorded as a conduct matter from the death or serious injury matter {}, \
                 investigated in the same mode by the same investigator.",
                dsi.reference
            ),
            "source": SOURCE,
            "regime": regime,
            "force_reference": force_reference,
        })),
    )
    .await?;
    for (on_case, other_reference) in [(dsi_case_id, &new_reference), (case_id, &dsi.reference)] {
        audit::record(
            &mut *conn,
            Event::new(
                Entity::CaseLink {
                    case_id: on_case,
                    case_link_id: link_id,
                },
                Action::Record(RecordAction::LinkCase),
                user.into(),
            )
            .details(json!({
                "summary": format!(
                    "{}: {other_reference}",
                    LinkReason::RerecordedAsConductMatter.label()
                )
            })),
        )
        .await?;
    }
    Ok(case_id)
}

/// The conduct matter a DSI matter was re-recorded as, if it was: (case id, reference).
pub async fn conduct_matter_of(
    conn: &mut PgConnection,
    dsi_case_id: Uuid,
) -> sqlx::Result<Option<(Uuid, String)>> {
    let row = sqlx::query!(
        r#"select o.case_id, coalesce(o.iopc_reference, o.force_reference, o.case_id::text) as "reference!"
             from case_link l join case_record o on o.case_id = l.to_case_id
            where l.from_case_id = $1 and l.reason = 'rerecorded_as_conduct_matter'
            order by l.created_at limit 1"#,
        dsi_case_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.case_id, r.reference)))
}
