//! The queues behind the "My work" dashboard: for each kind of work, the first rows in the
//! order the page shows them (oldest or soonest due first).
//!
//! Each query reads a small partial index (migration 0017) and stops after `limit` rows, so
//! the page costs the same with a thousand cases or a million. The queries return dates, not
//! deadlines: working days need the bank-holiday calendar, which the web layer applies in
//! Rust with [`crate::workflow::clocks`], so the rule lives in one place.
//!
//! Every query that reads cases binds the user's [`CaseScope`] (force, local policing body,
//! nothing), as `auth::session` requires, even where the queue's own filter already implies
//! it: a second line of defence costs nothing.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::domain::{CaseKind, CaseStage, InvestigationMode};

/// One row of a queue.
#[derive(Debug, Clone)]
pub struct QueueRow {
    /// The case to link to; `None` when there is no case (a thematic recommendation) or the
    /// user may not see it (a recommendation to this force arising from another force's case).
    pub case_id: Option<Uuid>,
    pub iopc_reference: Option<String>,
    pub force_reference: Option<String>,
    /// A short description: the force, a recommendation's title, the case's stage.
    pub context: String,
    /// The date the queue is measured from; what it means depends on the queue (see each
    /// function). `None` when the database does not hold it.
    pub date: Option<NaiveDate>,
}

/// Referrals the IOPC has not yet decided, oldest first. `date`: the day referred.
/// Index: `referral_awaiting_decision_idx (referred_on, referral_id) where decision is null`.
pub async fn referrals_awaiting_assessment(
    pool: &PgPool,
    scope: CaseScope,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, f.name as force_name, r.referred_on
           from referral r
           join case_record c on c.case_id = r.case_id
           join police_force f on f.police_force_id = c.force_id
           where r.decision is null
             and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
           order by r.referred_on, r.referral_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: r.force_name,
            date: Some(r.referred_on),
        })
        .collect())
}

/// Review applications the IOPC decides, not yet decided, oldest application first.
/// `date`: the day applied. Index: `review_iopc_open_idx`.
pub async fn iopc_reviews_to_decide(
    pool: &PgPool,
    scope: CaseScope,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, f.name as force_name, r.applied_on
           from review r
           join case_record c on c.case_id = r.case_id
           join police_force f on f.police_force_id = c.force_id
           where r.review_body = 'iopc' and r.stage in ('applied', 'valid')
             and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
           order by r.applied_on, r.review_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: r.force_name,
            date: Some(r.applied_on),
        })
        .collect())
}

/// Review applications a local policing body decides, not yet decided, oldest first.
/// `date`: the day applied. Index: `review_lpb_open_idx`.
pub async fn lpb_reviews_to_decide(
    pool: &PgPool,
    scope: CaseScope,
    lpb: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, f.name as force_name, r.applied_on
           from review r
           join case_record c on c.case_id = r.case_id
           join police_force f on f.police_force_id = c.force_id
           where r.local_policing_body_id = $5 and r.stage in ('applied', 'valid')
             and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
           order by r.applied_on, r.review_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit,
        lpb
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: r.force_name,
            date: Some(r.applied_on),
        })
        .collect())
}

/// Recommendations to forces still awaiting a response, soonest due first; only those to
/// `recipient_force` when given. `date`: the response due date, with any extension
/// (Sch 3 para 28B). The case is linked only when the user may see it.
/// Index: `recommendation_awaiting_response_idx` or, for one force,
/// `recommendation_force_awaiting_response_idx`.
pub async fn recommendation_responses_due(
    pool: &PgPool,
    scope: CaseScope,
    recipient_force: Option<Uuid>,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select
             case when c.case_id is not null
                       and case_in_scope(c.force_id, c.case_id, $1, $2, false)
                  then c.case_id end as visible_case_id,
             case when ($1::uuid is null or c.force_id = $1) and $2::uuid is null then c.iopc_reference end as iopc_reference,
             case when ($1::uuid is null or c.force_id = $1) and $2::uuid is null then c.force_reference end as force_reference,
             coalesce(m.title, left(m.recommendation_text, 80)) as "title!",
             f.name as "recipient!",
             coalesce(m.extended_to, m.response_due_on) as "due!"
           from recommendation m
           join police_force f on f.police_force_id = m.recipient_force_id
           left join case_record c on c.case_id = m.case_id
           where m.stage = 'made' and m.recipient_force_id is not null
             and ($5::uuid is null or m.recipient_force_id = $5)
             and not $3
           order by coalesce(m.extended_to, m.response_due_on), m.recommendation_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit,
        recipient_force
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: r.visible_case_id,
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: if recipient_force.is_some() {
                r.title
            } else {
                format!("{} ({})", r.title, r.recipient)
            },
            date: Some(r.due),
        })
        .collect())
}

/// A force's cases whose next update to the complainant (or to an interested person who
/// consented) falls due by the day `started_by` + 4 weeks, soonest first: the update runs 4
/// weeks from the day handling started (recorded, else logged, else received) or from the
/// latest contact logged since, while the case is handled (CMR 2020 reg 34(2)(a); the same
/// rule as `workflow::clocks::running` and the cases list's `case_next_deadline`).
/// `date`: the day the 4 weeks run from. Index: `case_record_update_clock_idx` (migration
/// 0062), then `contact_log_entry_case_idx` once per case.
pub async fn complainant_updates_due(
    pool: &PgPool,
    scope: CaseScope,
    force: Uuid,
    started_by: NaiveDate,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, c.stage as "stage: CaseStage",
                  coalesce(last.contacted_on, h.started_on) as "since!"
           from case_record c
           cross join lateral (select coalesce(c.recorded_on, c.logged_on, c.received_on) as started_on) h
           left join lateral (
               select e.contacted_on from contact_log_entry e
               where e.case_id = c.case_id and e.contacted_on >= h.started_on
               order by e.contacted_on desc
               limit 1
           ) last on true
           where c.force_id = $5
             and clock_runs_at('complainant_update', c.stage)
             and exists (select 1 from case_complainant cc
                          where cc.case_id = c.case_id
                            and (cc.role = 'complainant' or cc.consent_given))
             and coalesce(last.contacted_on, h.started_on) <= $6
             and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
           order by coalesce(last.contacted_on, h.started_on), c.case_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit,
        force,
        started_by
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: r.stage.label().to_owned(),
            date: Some(r.since),
        })
        .collect())
}

/// A force's cases whose outcome is decided but not yet notified to the complainant.
/// `date`: the day the case moved to "outcome decided", from the audit trail (CMR 2020
/// reg 34: tell them within 5 working days); `None` when the trail does not say.
/// Index: `case_record_outcome_decided_idx`, then `audit_event_case_to_state_idx`.
pub async fn outcome_notifications_due(
    pool: &PgPool,
    scope: CaseScope,
    force: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, c.kind as "kind: CaseKind",
                  step_date(decided.details, decided.occurred_at) as decided_on
           from case_record c
           left join lateral (
               select a.details, a.occurred_at from audit_event a
               where a.case_id = c.case_id and a.to_state = 'outcome_decided'
               order by a.audit_event_id desc
               limit 1
           ) decided on true
           where c.force_id = $5
             and clock_runs_at('outcome_notification', c.stage)
             and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
           order by 5 nulls last, c.case_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit,
        force
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: r.kind.label().to_owned(),
            date: r.decided_on,
        })
        .collect())
}

/// A force's investigations still open that started before `started_before` (about 11
/// months ago) and have had no 12-month progress notice (CMR 2020 reg 13; PCR 2020 reg 19).
/// `date`: the day the investigation started. Index: `investigation_open_idx (started_on)
/// where report_submitted_on is null`, and `investigation_notice_one_twelve_month`.
pub async fn twelve_month_notices_due(
    pool: &PgPool,
    scope: CaseScope,
    force: Uuid,
    started_before: NaiveDate,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, i.mode as "mode: InvestigationMode", i.started_on
           from investigation i
           join case_record c on c.case_id = i.case_id
           where i.report_submitted_on is null
             and i.started_on <= $6
             and c.force_id = $5
             and not exists (select 1 from investigation_notice n
                             where n.investigation_id = i.investigation_id and n.kind = 'twelve_month')
             and clock_runs_at('investigation_progress_notice', c.stage)
             and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
           order by i.started_on, i.investigation_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit,
        force,
        started_before
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: format!("{} investigation", r.mode.label()),
            date: Some(r.started_on),
        })
        .collect())
}

/// Open cases assigned to `user`, oldest first. `date`: the day received.
/// Index: `case_record_assigned_open_idx`.
pub async fn assigned_to(
    pool: &PgPool,
    scope: CaseScope,
    user: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, c.stage as "stage: CaseStage", c.received_on
           from case_record c
           where c.assigned_to = $5 and c.closed_on is null
             and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
           order by c.received_on, c.case_id
           limit $4"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        limit,
        user
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: r.stage.label().to_owned(),
            date: Some(r.received_on),
        })
        .collect())
}
