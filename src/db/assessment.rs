//! The IOPC's assessment queue: referrals waiting for a decision (Sch 3 paras 5, 15), oldest
//! first, with the grounds they were referred on. Paged by keyset on (referred_on,
//! referral_id), which the partial index `referral_awaiting_decision_idx` serves.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::{CaseKind, ReferralType};

/// One referral waiting for assessment.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub referral_id: Uuid,
    pub case_id: Uuid,
    pub reference: String,
    pub kind: CaseKind,
    pub force_name: String,
    pub referral_type: ReferralType,
    pub referred_on: NaiveDate,
    /// The grounds' descriptions, in their order of seriousness.
    pub grounds: Vec<String>,
    pub voluntary_reason: Option<String>,
}

/// Up to `limit` referrals after the keyset `after` (referred_on, referral_id), oldest
/// first, optionally of one force (by its code).
pub async fn waiting(
    pool: &PgPool,
    force_code: Option<&str>,
    after: Option<(NaiveDate, Uuid)>,
    limit: i64,
) -> sqlx::Result<Vec<Waiting>> {
    let rows = sqlx::query!(
        r#"select r.referral_id, c.case_id,
                  coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "reference!",
                  c.kind as "kind: CaseKind", f.name as force_name,
                  r.referral_type as "referral_type: ReferralType", r.referred_on, r.voluntary_reason,
                  array(select g.code from referral_referral_ground x join referral_ground g on g.code = x.ground_code
                         where x.referral_id = r.referral_id order by g.sort_order) as "grounds!"
           from referral r
           join case_record c on c.case_id = r.case_id
           join police_force f on f.police_force_id = c.force_id
           where r.decision is null
             and ($1::text is null or f.code = $1)
             and ($2::date is null or (r.referred_on, r.referral_id) > ($2, $3))
           order by r.referred_on, r.referral_id
           limit $4"#,
        force_code,
        after.map(|a| a.0),
        after.map(|a| a.1),
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Waiting {
            referral_id: r.referral_id,
            case_id: r.case_id,
            reference: r.reference,
            kind: r.kind,
            force_name: r.force_name,
            referral_type: r.referral_type,
            referred_on: r.referred_on,
            grounds: r.grounds,
            voluntary_reason: r.voluntary_reason,
        })
        .collect())
}
