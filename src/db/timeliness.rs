//! The timeliness dashboard's figures (`GET /statistics/timeliness`): how old the open cases
//! are, which have nobody handling or investigating them, which have gone quiet, which owe
//! the complainant an update, which investigations have run past 12 months and which
//! recommendations are past their response date, in the user's scope.
//!
//! Each figure is the count of what the list it links to shows: the case figures read the
//! same SQL definitions (migration 0090: `case_stage_open`, `received_months_ago`,
//! `case_last_activity_on`, `case_update_due`, `case_investigation_since`,
//! `case_awaits_investigator`) as the cases list's filters in [`crate::db::cases`], and the
//! recommendations figure repeats the recommendations list's scope and "overdue" condition
//! word for word. "Today" is the database's `current_date` for the case figures, as the
//! cases list's filters use it, and the date given for the recommendations, as their list
//! takes it.
//!
//! Cost: two aggregate queries, never a round trip per case, in one transaction that carries
//! the user's scope ([`super::list_transaction`]).
//! - Every case figure is counted in one pass over `case_timeliness` (migration 0101): one
//!   narrow row per open case holding what the figures read (its latest activity, the update
//!   it owes, its open investigation's start and whether it has an investigator), written by
//!   the database in the transaction of each step that changes them, from the same
//!   definitions the list's filters read. Working them out per open case at request time
//!   took England and Wales's dashboard past the 30-second statement timeout at 1,000,000
//!   generated cases. A force's figures read its rows through `case_timeliness_force_idx`.
//! - The recommendations figure reads the recommendations awaiting a response
//!   (`recommendation_awaiting_response_idx`, or for one force
//!   `recommendation_force_awaiting_response_idx`, both partial on `stage = 'made'`).

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;

/// Days without activity after which the dashboard counts a case as idle.
pub const IDLE_DAYS: i32 = 28;
/// Months after which the dashboard counts an investigation as long-running: the 12-month
/// progress notice falls due then (CMR 2020 reg 13; PCR 2020 reg 19).
pub const INVESTIGATION_MONTHS: i32 = 12;

/// How long ago an open case was received, in calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeBand {
    UnderThreeMonths,
    ThreeToSixMonths,
    SixToTwelveMonths,
    TwelveToTwentyFourMonths,
    OverTwentyFourMonths,
}

impl AgeBand {
    /// Every band, youngest first.
    pub const ALL: [AgeBand; 5] = [
        AgeBand::UnderThreeMonths,
        AgeBand::ThreeToSixMonths,
        AgeBand::SixToTwelveMonths,
        AgeBand::TwelveToTwentyFourMonths,
        AgeBand::OverTwentyFourMonths,
    ];

    /// The spelling in the cases list's query string (`age=`).
    pub const fn as_str(self) -> &'static str {
        match self {
            AgeBand::UnderThreeMonths => "under-3-months",
            AgeBand::ThreeToSixMonths => "3-to-6-months",
            AgeBand::SixToTwelveMonths => "6-to-12-months",
            AgeBand::TwelveToTwentyFourMonths => "12-to-24-months",
            AgeBand::OverTwentyFourMonths => "24-months-or-more",
        }
    }

    /// Reads [`AgeBand::as_str`]'s spelling back.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == code)
    }

    /// "3 to 6 months".
    pub const fn label(self) -> &'static str {
        match self {
            AgeBand::UnderThreeMonths => "Under 3 months",
            AgeBand::ThreeToSixMonths => "3 to 6 months",
            AgeBand::SixToTwelveMonths => "6 to 12 months",
            AgeBand::TwelveToTwentyFourMonths => "12 to 24 months",
            AgeBand::OverTwentyFourMonths => "24 months or more",
        }
    }

    /// The band as (at least, under) whole calendar months since the case was received;
    /// `None` for no upper limit.
    pub const fn months(self) -> (i32, Option<i32>) {
        match self {
            AgeBand::UnderThreeMonths => (0, Some(3)),
            AgeBand::ThreeToSixMonths => (3, Some(6)),
            AgeBand::SixToTwelveMonths => (6, Some(12)),
            AgeBand::TwelveToTwentyFourMonths => (12, Some(24)),
            AgeBand::OverTwentyFourMonths => (24, None),
        }
    }

    /// The days received that fall in the band on `today`: (earliest, latest); `None` for no
    /// earliest. Month arithmetic clamps to the month's last day, as Postgres's does.
    pub fn received_between(self, today: NaiveDate) -> (Option<NaiveDate>, NaiveDate) {
        let back = |months: i32| {
            today
                .checked_sub_months(chrono::Months::new(months.unsigned_abs()))
                .unwrap_or(NaiveDate::MIN)
        };
        let (at_least, under) = self.months();
        let latest = back(at_least);
        let earliest = under.map(|m| back(m).succ_opt().unwrap_or(NaiveDate::MAX));
        (earliest, latest)
    }
}

/// Whose figures to count: the user's scope and, for IOPC staff, one force (its code).
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub cases: CaseScope,
    pub force_code: Option<&'a str>,
}

/// The dashboard's figures.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// The database's `current_date`, which the case figures count from.
    pub today: NaiveDate,
    /// Open cases in each [`AgeBand`], in the order of [`AgeBand::ALL`].
    pub by_age: Vec<(AgeBand, i64)>,
    /// Open cases with no handler (`assigned_to` empty).
    pub unassigned: i64,
    /// Cases under investigation whose open investigation has no investigator.
    pub no_investigator: i64,
    /// Open cases with no activity for [`IDLE_DAYS`] days or more, and the earliest latest
    /// activity among them.
    pub idle: i64,
    pub idle_since: Option<NaiveDate>,
    /// Cases whose update to the complainant is overdue, and the earliest due date.
    pub updates_overdue: i64,
    pub earliest_update_due: Option<NaiveDate>,
    /// Cases whose open investigation started more than [`INVESTIGATION_MONTHS`] ago, and
    /// the earliest start.
    pub long_investigations: i64,
    pub earliest_investigation: Option<NaiveDate>,
    /// Recommendations awaiting a response past their due date, and the earliest due date.
    pub recommendations_overdue: i64,
    pub earliest_recommendation_due: Option<NaiveDate>,
}

/// Counts every figure of the dashboard in `scope`. `recommendations_today` is the day the
/// recommendations list counts lateness from (`db::today`).
pub async fn figures(
    pool: &PgPool,
    scope: Scope<'_>,
    recommendations_today: NaiveDate,
) -> sqlx::Result<Figures> {
    let s = scope.cases;
    let [b0, b1, b2, b3, b4] = AgeBand::ALL.map(AgeBand::months);
    let mut tx = super::list_transaction(pool, s).await?;
    let c = sqlx::query!(
        r#"select current_date as "today!",
                  count(*) filter (where received_months_ago(t.received_on, $5, $6)) as "band0!",
                  count(*) filter (where received_months_ago(t.received_on, $7, $8)) as "band1!",
                  count(*) filter (where received_months_ago(t.received_on, $9, $10)) as "band2!",
                  count(*) filter (where received_months_ago(t.received_on, $11, $12)) as "band3!",
                  count(*) filter (where received_months_ago(t.received_on, $13, $14)) as "band4!",
                  count(*) filter (where t.unassigned) as "unassigned!",
                  count(*) filter (where t.awaits_investigator) as "no_investigator!",
                  count(*) filter (where t.active_on <= current_date - $15::int) as "idle!",
                  min(t.active_on) filter (where t.active_on <= current_date - $15::int) as idle_since,
                  count(*) filter (where t.update_due < current_date) as "updates!",
                  min(t.update_due) filter (where t.update_due < current_date) as earliest_update,
                  count(*) filter (where (t.investigating_since + make_interval(months => $16::int))::date
                                         < current_date) as "investigations!",
                  min(t.investigating_since)
                      filter (where (t.investigating_since + make_interval(months => $16::int))::date
                                    < current_date) as earliest_investigation
           from case_timeliness t
           where case_in_scope(t.force_id, t.case_id, $1, $2, $3)
             and ($4::text is null or t.force_id = (select pf.police_force_id from police_force pf
                                                    where pf.code = $4))"#,
        s.force(),
        s.lpb(),
        s.nothing(),
        scope.force_code,
        b0.0,
        b0.1,
        b1.0,
        b1.1,
        b2.0,
        b2.1,
        b3.0,
        b3.1,
        b4.0,
        b4.1,
        IDLE_DAYS,
        INVESTIGATION_MONTHS,
    )
    .fetch_one(&mut *tx)
    .await?;
    // The recommendations list's scope and its "awaiting a response, overdue" condition
    // (db::recommendations::list with stage `made` and `overdue`), word for word.
    let r = sqlx::query!(
        r#"select count(*) as "n!", min(coalesce(r.extended_to, r.response_due_on)) as earliest
           from recommendation r
           left join case_record c on c.case_id = r.case_id
           left join police_force f on f.police_force_id = r.recipient_force_id
           where not $3
             and ($1::uuid is null or r.recipient_force_id = $1 or c.force_id = $1)
             and ($2::uuid is null or exists (select 1 from review rv where rv.case_id = r.case_id and rv.local_policing_body_id = $2))
             and ($4::text is null or f.code = $4)
             and r.stage = 'made' and coalesce(r.extended_to, r.response_due_on) < $5"#,
        s.force(),
        s.lpb(),
        s.nothing(),
        scope.force_code,
        recommendations_today,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Figures {
        today: c.today,
        by_age: AgeBand::ALL
            .into_iter()
            .zip([c.band0, c.band1, c.band2, c.band3, c.band4])
            .collect(),
        unassigned: c.unassigned,
        no_investigator: c.no_investigator,
        idle: c.idle,
        idle_since: c.idle_since,
        updates_overdue: c.updates,
        earliest_update_due: c.earliest_update,
        long_investigations: c.investigations,
        earliest_investigation: c.earliest_investigation,
        recommendations_overdue: r.n,
        earliest_recommendation_due: r.earliest,
    })
}

/// The code of the force with this id.
pub async fn force_code(pool: &PgPool, force_id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "select code from police_force where police_force_id = $1",
        force_id
    )
    .fetch_optional(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn age_bands_read_back_their_own_spelling_and_nothing_else() {
        for band in AgeBand::ALL {
            assert_eq!(AgeBand::from_code(band.as_str()), Some(band));
        }
        assert_eq!(AgeBand::from_code("3-6"), None);
    }

    #[test]
    fn age_bands_meet_without_gaps_or_overlaps() {
        let today = d(2026, 3, 14);
        let mut later_than: Option<NaiveDate> = None;
        for band in AgeBand::ALL {
            let (earliest, latest) = band.received_between(today);
            if let Some(next_band_starts) = later_than {
                assert_eq!(latest.succ_opt(), Some(next_band_starts), "{band:?}");
            }
            later_than = earliest;
        }
        assert_eq!(
            AgeBand::ThreeToSixMonths.received_between(today),
            (Some(d(2025, 9, 15)), d(2025, 12, 14))
        );
        assert_eq!(
            AgeBand::OverTwentyFourMonths.received_between(today),
            (None, d(2024, 3, 14))
        );
    }
}
