//! The facts of the IOPC's quarterly return, for a period and the same period a year earlier.
//!
//! **Summaries kept as each step happens** (migration 0100). A step that changes what the
//! return counts (a complaint logged, recorded or finalised, an allegation added or
//! concluded, a first contact, a suspension) brings that complaint's row of
//! `case_statistic` and its allegations' rows of `allegation_statistic` up to date in its
//! own transaction, with the working days of each measure already counted; those rows post
//! their difference to four ledgers of counts and sums by force, day and the dimensions a
//! table groups by, plus England and Wales's own rows. A return then sums the ledger rows of
//! its period: a few thousand rows for a force's year, not every case, allegation, contact
//! and suspension behind them.
//!
//! Why this shape, and what it replaced. Counting from the cases at request time (one
//! aggregate query per section, over covering indexes of the cases by date, the rules applied
//! per distinct span in Rust) took 28 s at p95 for the national Q4 return at 1,000,000
//! generated cases (2.5 million allegations), and slowed the case pages beside it to 0.63 of
//! their throughput. A materialised view would answer quickly but be as old as its last
//! refresh, and each refresh is that same full count. Counts updated in place would make two
//! steps of one force on one day wait for each other's row lock, and deadlock when they take
//! two rows in opposite orders; so the ledgers are only ever appended to by steps, and a
//! compaction (`statistics_compact`, run by the service every few minutes) folds the
//! appended rows into one per key. `scripts/bench-statistics.sh` measures the result.
//!
//! - **The rules are the database's.** Working days come from the `working_day` ordinals,
//!   the calendar of [`crate::workflow::calendar`] (a test compares the two for every day of
//!   a century); the spans are those of [`crate::workflow::statistics`]'s rules, which a test
//!   checks against each generated case's own dates.
//! - **Scope.** Every query runs in [`super::list_transaction`]: the ledgers' row-level
//!   policy shows a force's rows only in its scope, and England and Wales's rows only to a
//!   scope that sees every case. The return may be narrowed to some forces
//!   ([`Forces`]), which the web layer decides: a force's users their own force, IOPC staff
//!   any force, any group or England and Wales, a review body the forces of its local
//!   policing body (run with that force's scope, so a review body's return counts every case
//!   of the force, not only the cases it reviews).
//! - **Reviews** are read from the reviews themselves, by the dates they were applied for
//!   and decided (indexed): there are few of them beside the cases.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::domain::vocab::{AllegationOutcome, HandlingType, RecordingReason, ReviewBody};
use crate::workflow::statistics::Period;

/// The forces a return counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forces {
    /// Every case of the user's scope: England and Wales, for IOPC staff.
    All,
    /// Every active territorial force: England and Wales as the comparison columns count
    /// it. The ids are theirs.
    Territorial(Vec<Uuid>),
    /// These forces: one, or the members of a most-similar-forces group.
    These(Vec<Uuid>),
}

impl Forces {
    /// The forces named, or `None` for every force.
    pub fn ids(&self) -> Option<&[Uuid]> {
        match self {
            Forces::All => None,
            Forces::Territorial(ids) | Forces::These(ids) => Some(ids),
        }
    }

    /// Whether only England and Wales's territorial rows are read.
    fn territorial(&self) -> bool {
        matches!(self, Forces::Territorial(_))
    }

    /// The ids whose own ledger rows are read; `None` where England and Wales's are.
    fn own_rows(&self) -> Option<&[Uuid]> {
        match self {
            Forces::These(ids) => Some(ids),
            _ => None,
        }
    }
}

/// Whose cases a return counts: the user's scope, narrowed to some forces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnScope {
    pub cases: CaseScope,
    pub forces: Forces,
}

impl ReturnScope {
    /// The user's scope narrowed to one force.
    pub fn force(cases: CaseScope, force: Uuid) -> Self {
        Self {
            cases,
            forces: Forces::These(vec![force]),
        }
    }
}

/// Complaints logged in a period, by whether and why they were recorded, with the sums the
/// logging measures average.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedGroup {
    /// 0: the period asked for; 1: the same period last year.
    pub period: usize,
    /// Recorded under Schedule 3 (by now).
    pub schedule3: bool,
    pub recording_reason: Option<RecordingReason>,
    pub cases: i64,
    pub allegations: i64,
    /// Working days from receipt to logging, summed over the cases.
    pub receipt_days: i64,
    /// Cases with a first contact logged, and the working days from logging to it, summed.
    pub contacted: i64,
    pub contact_days: i64,
}

/// Allegations logged in each category, in both periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCount {
    pub code: String,
    pub name: String,
    /// The category this one belongs to, for a sub-category; `None` for a top-level one.
    pub parent: Option<String>,
    pub active: bool,
    pub counts: [i64; 2],
}

/// Complaints finalised in a period, with the working days they took, summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalisedGroup {
    pub period: usize,
    /// Recorded under Schedule 3.
    pub schedule3: bool,
    pub cases: i64,
    /// Working days from receipt to finalisation, including and excluding suspensions.
    pub days: i64,
    pub days_excluding: i64,
}

/// Allegations of the complaints finalised in a period, by handling and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalisedAllegations {
    pub period: usize,
    pub schedule3: bool,
    pub handling: Option<HandlingType>,
    /// Some subject of the allegation is subject to the special procedures (para 19A).
    pub special_procedures: bool,
    pub outcome: Option<AllegationOutcome>,
    pub allegations: i64,
}

/// Review applications received in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewsReceived {
    pub period: usize,
    pub body: ReviewBody,
    pub investigated: bool,
    pub reviews: i64,
}

/// Valid reviews decided in a period, with the dates of application and decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewsCompleted {
    pub period: usize,
    pub body: ReviewBody,
    pub investigated: bool,
    /// Upheld: the outcome was found not reasonable and proportionate.
    pub upheld: bool,
    pub applied_on: NaiveDate,
    pub decided_on: NaiveDate,
    pub reviews: i64,
}

/// Employees counted for a rate per 1,000, for one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Headcount {
    pub employees: i64,
    /// Forces of the return without a headcount for the year.
    pub missing: i64,
}

/// Everything the return counts, for the period and the same period last year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReturnFacts {
    pub logged: Vec<LoggedGroup>,
    pub categories: Vec<CategoryCount>,
    pub finalised: Vec<FinalisedGroup>,
    /// Allegations of the complaints finalised in each period, by category: those
    /// investigated (locally, directed or independently), and the rest.
    pub categories_investigated: Vec<CategoryCount>,
    pub categories_not_investigated: Vec<CategoryCount>,
    pub allegations_finalised: Vec<FinalisedAllegations>,
    pub reviews_received: Vec<ReviewsReceived>,
    pub reviews_completed: Vec<ReviewsCompleted>,
    pub headcount: [Headcount; 2],
}

fn index(n: i32) -> usize {
    usize::from(n != 0)
}

/// Which ledger rows a return reads, as query parameters: the forces whose own rows are
/// read (`None`: England and Wales's), and whether only England and Wales's territorial
/// rows are. The ledgers' condition is
/// `(($1::uuid[] is null and s.force_id is null and (s.territorial or not $2)) or s.force_id = any($1))`.
fn ledger_rows(scope: &ReturnScope) -> (Option<Vec<Uuid>>, bool) {
    (
        scope.forces.own_rows().map(<[Uuid]>::to_vec),
        scope.forces.territorial(),
    )
}

/// Reads the return's facts for `periods` (the period asked for, then the same period last
/// year) in one read-only transaction in the user's scope.
pub async fn facts(
    pool: &PgPool,
    scope: &ReturnScope,
    periods: [Period; 2],
) -> sqlx::Result<ReturnFacts> {
    let mut tx = super::list_transaction(pool, scope.cases).await?;
    let (own, territorial) = ledger_rows(scope);
    let [now, before] = periods;
    let logged = sqlx::query!(
        r#"with p (n, from_on, to_on) as (values (0, $3::date, $4::date), (1, $5::date, $6::date))
           select p.n as "n!", s.schedule3, s.recording_reason as "recording_reason: RecordingReason",
                  sum(s.cases)::bigint as "cases!", sum(s.allegations)::bigint as "allegations!",
                  sum(s.receipt_days)::bigint as "receipt_days!", sum(s.contacted)::bigint as "contacted!",
                  sum(s.contact_days)::bigint as "contact_days!"
             from p join stat_logged s on s.logged_on between p.from_on and p.to_on
            where (($1::uuid[] is null and s.force_id is null and (s.territorial or not $2))
                   or s.force_id = any($1))
            group by 1, 2, 3"#,
        own.as_deref(),
        territorial,
        now.from,
        now.to,
        before.from,
        before.to,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| LoggedGroup {
        period: index(r.n),
        schedule3: r.schedule3,
        recording_reason: r.recording_reason,
        cases: r.cases,
        allegations: r.allegations,
        receipt_days: r.receipt_days,
        contacted: r.contacted,
        contact_days: r.contact_days,
    })
    .collect();

    // Each category, then its sub-categories (an allegation need not have one, so a
    // category's count can be more than its sub-categories' sum), counting the allegations
    // logged, and those finalised investigated and not.
    let list = sqlx::query!(
        r#"select x.code as "code!", x.name as "name!", x.parent, x.active as "active!"
             from (
               select ac.code, ac.name, null::text as parent, ac.active, ac.sort_order as top_order,
                      0 as level, 0 as sub_order
                 from allegation_category ac
               union all
               select sc.code, sc.name, sc.category_code, sc.active, ac.sort_order, 1, sc.sort_order
                 from allegation_subcategory sc join allegation_category ac on ac.code = sc.category_code
             ) x
            order by x.top_order, x.parent nulls first, x.level, x.sub_order, x.name"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let counted = sqlx::query!(
        r#"with p (n, from_on, to_on) as (values (0, $3::date, $4::date), (1, $5::date, $6::date))
           select p.n as "n!", 'logged' as "what!", s.category_code as "category!", s.subcategory_code,
                  sum(s.allegations)::bigint as "allegations!"
             from p join stat_category s on s.logged_on between p.from_on and p.to_on
            where (($1::uuid[] is null and s.force_id is null and (s.territorial or not $2))
                   or s.force_id = any($1))
            group by 1, 3, 4
           union all
           select p.n, case when s.investigated then 'investigated' else 'other' end,
                  s.category_code, s.subcategory_code, sum(s.allegations)::bigint
             from p join stat_category_finalised s on s.finalised_on between p.from_on and p.to_on
            where (($1::uuid[] is null and s.force_id is null and (s.territorial or not $2))
                   or s.force_id = any($1))
            group by 1, 2, 3, 4"#,
        own.as_deref(),
        territorial,
        now.from,
        now.to,
        before.from,
        before.to,
    )
    .fetch_all(&mut *tx)
    .await?;
    let categories_of = |what: &str| -> Vec<CategoryCount> {
        list.iter()
            .map(|c| {
                let mut counts = [0, 0];
                for k in counted.iter().filter(|k| k.what == what) {
                    let this = match &c.parent {
                        None => k.category == c.code,
                        Some(parent) => {
                            k.category == *parent && k.subcategory_code.as_ref() == Some(&c.code)
                        }
                    };
                    if this {
                        counts[index(k.n)] += k.allegations;
                    }
                }
                CategoryCount {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    parent: c.parent.clone(),
                    active: c.active,
                    counts,
                }
            })
            .collect()
    };
    let categories = categories_of("logged");
    let categories_investigated = categories_of("investigated");
    let categories_not_investigated = categories_of("other");

    let finalised = sqlx::query!(
        r#"with p (n, from_on, to_on) as (values (0, $3::date, $4::date), (1, $5::date, $6::date))
           select p.n as "n!", s.schedule3, sum(s.cases)::bigint as "cases!",
                  sum(s.days)::bigint as "days!", sum(s.days_excluding)::bigint as "days_excluding!"
             from p join stat_finalised s on s.finalised_on between p.from_on and p.to_on
            where (($1::uuid[] is null and s.force_id is null and (s.territorial or not $2))
                   or s.force_id = any($1))
            group by 1, 2"#,
        own.as_deref(),
        territorial,
        now.from,
        now.to,
        before.from,
        before.to,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| FinalisedGroup {
        period: index(r.n),
        schedule3: r.schedule3,
        cases: r.cases,
        days: r.days,
        days_excluding: r.days_excluding,
    })
    .collect();

    let allegations_finalised = sqlx::query!(
        r#"with p (n, from_on, to_on) as (values (0, $3::date, $4::date), (1, $5::date, $6::date))
           select p.n as "n!", s.schedule3, s.handling_type as "handling: HandlingType",
                  s.special_procedures as "special!", s.outcome as "outcome: AllegationOutcome",
                  sum(s.allegations)::bigint as "allegations!"
             from p join stat_allegation_finalised s on s.finalised_on between p.from_on and p.to_on
            where (($1::uuid[] is null and s.force_id is null and (s.territorial or not $2))
                   or s.force_id = any($1))
            group by 1, 2, 3, 4, 5"#,
        own.as_deref(),
        territorial,
        now.from,
        now.to,
        before.from,
        before.to,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| FinalisedAllegations {
        period: index(r.n),
        schedule3: r.schedule3,
        handling: r.handling,
        special_procedures: r.special,
        outcome: r.outcome,
        allegations: r.allegations,
    })
    .filter(|g| g.allegations != 0)
    .collect();

    let (sf, sl, sn) = (
        scope.cases.force(),
        scope.cases.lpb(),
        scope.cases.nothing(),
    );
    let ids = scope.forces.ids();

    let reviews_received = sqlx::query!(
        r#"with p (n, from_on, to_on) as (values (0, $4::date, $5::date), (1, $6::date, $7::date))
           select p.n as "n!", r.review_body as "body!: ReviewBody",
                  exists (select 1 from investigation i
                           where i.case_id = r.case_id and i.started_on <= r.applied_on) as "investigated!",
                  count(*) as "reviews!"
             from p join review r on r.applied_on between p.from_on and p.to_on
             join case_record c on c.case_id = r.case_id
            where case_in_scope(c.force_id, c.case_id, $1, $2, $3)
              and ($8::uuid[] is null or c.force_id = any($8))
            group by 1, 2, 3"#,
        sf,
        sl,
        sn,
        now.from,
        now.to,
        before.from,
        before.to,
        ids,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| ReviewsReceived {
        period: index(r.n),
        body: r.body,
        investigated: r.investigated,
        reviews: r.reviews,
    })
    .collect();

    let reviews_completed = sqlx::query!(
        r#"with p (n, from_on, to_on) as (values (0, $4::date, $5::date), (1, $6::date, $7::date))
           select p.n as "n!", r.review_body as "body!: ReviewBody",
                  exists (select 1 from investigation i
                           where i.case_id = r.case_id and i.started_on <= r.applied_on) as "investigated!",
                  r.stage = 'upheld' as "upheld!", r.applied_on, r.decided_on as "decided_on!",
                  count(*) as "reviews!"
             from p join review r on r.decided_on between p.from_on and p.to_on
             join case_record c on c.case_id = r.case_id
            where r.stage in ('upheld', 'not_upheld')
              and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
              and ($8::uuid[] is null or c.force_id = any($8))
            group by 1, 2, 3, 4, 5, 6"#,
        sf,
        sl,
        sn,
        now.from,
        now.to,
        before.from,
        before.to,
        ids,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| ReviewsCompleted {
        period: index(r.n),
        body: r.body,
        investigated: r.investigated,
        upheld: r.upheld,
        applied_on: r.applied_on,
        decided_on: r.decided_on,
        reviews: r.reviews,
    })
    .collect();

    // The employees of the return's force, or of every active force, in each period's year.
    let years = [now.headcount_year().0, before.headcount_year().0];
    let mut headcount = [Headcount::default(); 2];
    for (i, year) in years.into_iter().enumerate() {
        let row = sqlx::query!(
            r#"select coalesce(sum(h.headcount), 0)::bigint as "employees!",
                      count(*) filter (where h.headcount is null) as "missing!"
                 from police_force f
                 left join force_headcount h on h.force_id = f.police_force_id and h.financial_year = $2
                where ($1::uuid[] is null and f.active) or f.police_force_id = any($1)"#,
            ids,
            year,
        )
        .fetch_one(&mut *tx)
        .await?;
        headcount[i] = Headcount {
            employees: row.employees,
            missing: row.missing,
        };
    }
    tx.commit().await?;
    Ok(ReturnFacts {
        logged,
        categories,
        finalised,
        categories_investigated,
        categories_not_investigated,
        allegations_finalised,
        reviews_received,
        reviews_completed,
        headcount,
    })
}

/// How often the service folds the ledgers' appended rows together ([`compact`]). A return
/// reads correct figures whenever it runs; between compactions it reads a few more rows.
pub const COMPACT_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Folds the rows the ledgers were appended since the last compaction into one row per key
/// (`statistics_compact`, migration 0100); returns at once while another compaction runs.
pub async fn compact(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query!("select statistics_compact()")
        .execute(pool)
        .await?;
    Ok(())
}

/// Runs [`compact`] every [`COMPACT_EVERY`], for as long as the service runs.
pub fn spawn_compaction(pool: PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(COMPACT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = compact(&pool).await {
                tracing::warn!(%error, "cannot compact the statistics ledgers; will try again");
            }
        }
    })
}

/// How many complaints logged in each period hold an allegation of each top-level category
/// (a category's allegations may all belong to one case): what the public bulletin's rule on
/// small numbers counts (`workflow::statistics::SMALL_NUMBERS`). Only categories with some
/// allegation are listed; in the same scope as [`facts`].
pub async fn category_cases(
    pool: &PgPool,
    scope: &ReturnScope,
    periods: [Period; 2],
) -> sqlx::Result<Vec<(String, [i64; 2])>> {
    let mut tx = super::list_transaction(pool, scope.cases).await?;
    let [now, before] = periods;
    let (own, territorial) = ledger_rows(scope);
    let rows = sqlx::query!(
        r#"with p (n, from_on, to_on) as (values (0, $3::date, $4::date), (1, $5::date, $6::date))
           select s.category_code as "code!",
                  coalesce(sum(s.cases) filter (where p.n = 0), 0)::bigint as "now!",
                  coalesce(sum(s.cases) filter (where p.n = 1), 0)::bigint as "before!"
             from p join stat_category s on s.logged_on between p.from_on and p.to_on
            where (($1::uuid[] is null and s.force_id is null and (s.territorial or not $2))
                   or s.force_id = any($1))
            group by s.category_code
           having sum(s.allegations) <> 0"#,
        own.as_deref(),
        territorial,
        now.from,
        now.to,
        before.from,
        before.to,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| (r.code, [r.now, r.before]))
    .collect();
    tx.commit().await?;
    Ok(rows)
}

/// A force as the public bulletin names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicForce {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub name_cy: Option<String>,
}

/// The active forces, by name, for the public bulletin's chooser.
pub async fn public_forces(pool: &PgPool) -> sqlx::Result<Vec<PublicForce>> {
    sqlx::query_as!(
        PublicForce,
        r#"select police_force_id as id, code, name, name_cy
             from police_force where active order by name"#
    )
    .fetch_all(pool)
    .await
}

/// Complaint cases and allegations logged in each of `quarters` (each a quarter's own three
/// months), for the return's trend chart: `[cases, allegations]` in the order asked. Counted
/// as the return's "Complaint cases logged" and "Allegations logged" are, in the same scope,
/// by one query over the quarters' dates.
pub async fn logged_by_quarter(
    pool: &PgPool,
    scope: &ReturnScope,
    quarters: &[Period],
) -> sqlx::Result<Vec<[i64; 2]>> {
    let mut tx = super::list_transaction(pool, scope.cases).await?;
    let starts: Vec<NaiveDate> = quarters.iter().map(|q| q.from).collect();
    let ends: Vec<NaiveDate> = quarters.iter().map(|q| q.to).collect();
    let (own, territorial) = ledger_rows(scope);
    let rows = sqlx::query!(
        r#"with q (n, from_on, to_on) as (
               select n::int, f, t from unnest($3::date[], $4::date[]) with ordinality as u (f, t, n))
           select q.n as "n!", sum(s.cases)::bigint as "cases!", sum(s.allegations)::bigint as "allegations!"
             from q join stat_logged s on s.logged_on between q.from_on and q.to_on
            where (($1::uuid[] is null and s.force_id is null and (s.territorial or not $2))
                   or s.force_id = any($1))
            group by q.n"#,
        own.as_deref(),
        territorial,
        &starts,
        &ends,
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut counts = vec![[0, 0]; quarters.len()];
    for r in rows {
        if let Some(slot) = usize::try_from(r.n - 1)
            .ok()
            .and_then(|i| counts.get_mut(i))
        {
            *slot = [r.cases, r.allegations];
        }
    }
    Ok(counts)
}

/// A force a user may ask the return of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceChoice {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub local_policing_body_id: Option<Uuid>,
    /// Its most-similar-forces group, if it is in one.
    pub group_id: Option<Uuid>,
    /// A territorial force, active: one of those England and Wales's figures are compared over.
    pub territorial: bool,
}

/// Every force, by name.
pub async fn forces(pool: &PgPool) -> sqlx::Result<Vec<ForceChoice>> {
    sqlx::query_as!(
        ForceChoice,
        r#"select police_force_id as id, code, name, local_policing_body_id,
                  force_group_id as group_id,
                  (kind = 'territorial' and active) as "territorial!"
             from police_force order by name"#
    )
    .fetch_all(pool)
    .await
}

/// A most-similar-forces group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceGroup {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// Confirmed by an administrator against a published source; seeded groups are not.
    pub verified: bool,
}

/// Every most-similar-forces group, by name.
pub async fn groups(pool: &PgPool) -> sqlx::Result<Vec<ForceGroup>> {
    sqlx::query_as!(
        ForceGroup,
        "select force_group_id as id, code, name, verified from force_group order by name"
    )
    .fetch_all(pool)
    .await
}

/// Adds a group (unverified, with no forces), inside the caller's transaction; `None` when a
/// group already has that code or name.
pub async fn add_group(
    conn: &mut sqlx::PgConnection,
    code: &str,
    name: &str,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "insert into force_group (code, name) values ($1, $2)
         on conflict do nothing returning force_group_id",
        code,
        name
    )
    .fetch_optional(&mut *conn)
    .await
}

/// Puts a force in a group, or in none, inside the caller's transaction; gives the group it
/// was in before, or `None` when the force does not exist.
pub async fn set_force_group(
    conn: &mut sqlx::PgConnection,
    force_id: Uuid,
    group_id: Option<Uuid>,
) -> sqlx::Result<Option<Option<Uuid>>> {
    let previous = sqlx::query_scalar!(
        "select force_group_id from police_force where police_force_id = $1 for update",
        force_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if previous.is_some() {
        sqlx::query!(
            "update police_force set force_group_id = $2 where police_force_id = $1",
            force_id,
            group_id
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(previous)
}

/// Marks a group confirmed against a published source, or unverified again, inside the
/// caller's transaction; `false` when there is no such group.
pub async fn set_group_verified(
    conn: &mut sqlx::PgConnection,
    group_id: Uuid,
    verified: bool,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "update force_group set verified = $2 where force_group_id = $1",
        group_id,
        verified
    )
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A force's headcount for a year, as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadcountRow {
    pub force_name: String,
    pub financial_year: i32,
    pub headcount: i32,
}

/// Every headcount entered, newest year first.
pub async fn headcounts(pool: &PgPool) -> sqlx::Result<Vec<HeadcountRow>> {
    sqlx::query_as!(
        HeadcountRow,
        "select f.name as force_name, h.financial_year, h.headcount
           from force_headcount h join police_force f on f.police_force_id = h.force_id
          order by h.financial_year desc, f.name"
    )
    .fetch_all(pool)
    .await
}

/// Enters (or corrects) a force's headcount for a year, inside the caller's transaction;
/// gives the figure it replaced.
pub async fn save_headcount(
    conn: &mut sqlx::PgConnection,
    force_id: Uuid,
    financial_year: i32,
    headcount: i32,
    entered_by: Uuid,
) -> sqlx::Result<Option<i32>> {
    let previous = sqlx::query_scalar!(
        "select headcount from force_headcount where force_id = $1 and financial_year = $2 for update",
        force_id,
        financial_year
    )
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into force_headcount (force_id, financial_year, headcount, entered_by)
         values ($1, $2, $3, $4)
         on conflict (force_id, financial_year)
         do update set headcount = excluded.headcount, entered_by = excluded.entered_by, entered_at = now()",
        force_id,
        financial_year,
        headcount,
        entered_by
    )
    .execute(&mut *conn)
    .await?;
    Ok(previous)
}
