//! The staff cases list: filters, search, two sort orders and keyset pagination, all in one
//! compile-time-checked query per (sort, direction), and the same query streamed for the CSV
//! export.
//!
//! Every query here binds the user's [`CaseScope`] (force users see their force's cases,
//! review-body users cases with a review of their body, IOPC staff all), so no filter value
//! can widen what a user sees.
//!
//! Why it is shaped so:
//! - **Keyset, never OFFSET.** Pages are cut by the last row's sort key and `case_id`, so page
//!   1,000 costs what page 1 costs. Sorted by received date the query walks
//!   `case_record_list_idx` (IOPC staff) or `case_record_force_list_idx` (force users) and
//!   stops after 51 rows (the 51st only says whether there is another page).
//! - **Optional filters as `($n is null or ...)`.** Postgres plans prepared statements with
//!   the bound values for the first executions and keeps those custom plans while a generic
//!   plan would cost more, so an unused filter folds away to `true`.
//! - **Search** is the union of three index-backed lookups: the case's own tsvector
//!   (`case_record.search`: references and summary), allegation descriptions (GIN index on
//!   `to_tsvector('english', description)`, migration 0015) and, when the text looks like a
//!   reference (it has a digit), a trigram-indexed `ilike` on the IOPC and force references.
//!   The matching ids are gathered first (`= any(array(...))`) and only they are sorted, so a
//!   rare word or a reference answers in milliseconds; a very common word costs a sort of its
//!   matches (about 0.4 s for 120,000 matches).
//! - **Only the page's rows are decorated**: the inner query filters, cuts and sorts on
//!   `case_record` alone; the force's name and the next deadline are looked up for the 50
//!   rows shown.
//! - **Next deadline** is the earliest of: the effective due date
//!   (`extended_to`, else `response_due_on`) of a learning recommendation on the case still
//!   awaiting its response (Sch 3 para 28B(2): 56 days), and the 12-month date of an open
//!   investigation (no report yet) for which the 12-month progress notice has not been sent
//!   (CMR 2020 reg 13). A case is **overdue** when its next deadline is before today. Both
//!   read partial indexes of open recommendations and open investigations (migration 0015).
//!   Sorting by next deadline (earliest first, cases without one last) has to compute the
//!   deadline of every case the filters leave, so it is fast on filtered lists (a force, a
//!   stage, overdue) and slower on all million cases; the received-date sort never is.
//! - **The timeliness dashboard's filters** (age band, no handler, no investigator, idle,
//!   complainant update overdue, investigation over so many months) call the SQL functions
//!   of migration 0090, the very definitions `db::timeliness` counts with, so a figure and
//!   the list it links to agree. They narrow a scan of the scope's cases rather than
//!   choosing an index of their own: a force's list still walks its force's index.
//! - The three macros below write the four list queries out from one text, so the
//!   filters cannot drift between sorts and directions.

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::auth::session::CaseScope;
use crate::db::timeliness::AgeBand;
use crate::domain::vocab::{CaseKind, CaseStage, InvestigationMode};

/// Rows a page shows.
pub const PAGE_SIZE: i64 = 50;

/// The sort key given to cases with no open deadline, so that they sort last.
pub const NO_DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// What the list is filtered by. `None`/`false` means "any".
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    /// A force's code; the web layer passes it only for IOPC users, and the scope applies
    /// regardless.
    pub force_code: Option<String>,
    pub stage: Option<CaseStage>,
    pub mode: Option<InvestigationMode>,
    /// An allegation category code: cases with at least one allegation in it.
    pub category: Option<String>,
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
    /// Only cases whose next deadline has passed.
    pub overdue: bool,
    /// Only cases assigned to this user.
    pub assigned_to: Option<Uuid>,
    /// Free text: websearch syntax over references, summaries and allegation descriptions.
    pub search: Option<String>,
    /// The timeliness dashboard's figures (`db::timeliness`, migration 0090's definitions):
    /// open cases received so many calendar months ago;
    pub open_age: Option<AgeBand>,
    /// open cases with no handler;
    pub unassigned: bool,
    /// cases whose open investigation has no investigator;
    pub no_investigator: bool,
    /// open cases with no activity for this many days or more;
    pub idle_days: Option<i32>,
    /// cases whose update to the complainant is overdue (CMR 2020 reg 34(2)(a));
    pub update_overdue: bool,
    /// cases whose open investigation started more than this many months ago.
    pub investigation_over_months: Option<i32>,
}

impl CaseFilter {
    /// The `ilike` pattern for reference search, when the search text looks like a reference
    /// (it contains a digit): `%text%` with `%`, `_` and `\` escaped.
    fn reference_pattern(&self) -> Option<String> {
        let q = self.search.as_deref()?.trim();
        if !q.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut pattern = String::with_capacity(q.len() + 2);
        pattern.push('%');
        for ch in q.chars() {
            if matches!(ch, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(ch);
        }
        pattern.push('%');
        Some(pattern)
    }
}

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest received first (the default).
    #[default]
    Received,
    /// Earliest next deadline first; cases without one last.
    Deadline,
}

impl Sort {
    /// The spelling in the query string.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Received => "received",
            Sort::Deadline => "deadline",
        }
    }
}

/// A position in the list: the sort key of a row (its received date, or its next deadline
/// with [`NO_DEADLINE`] for none) and its id, which breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub key: NaiveDate,
    pub case_id: Uuid,
}

impl Cursor {
    /// `2026-03-14,<uuid>`, as it appears in `after=` and `before=`.
    pub fn encode(&self) -> String {
        format!("{},{}", self.key.format("%Y-%m-%d"), self.case_id)
    }

    /// Reads [`Cursor::encode`]'s form back; `None` if it is not one.
    pub fn decode(text: &str) -> Option<Self> {
        let (key, id) = text.split_once(',')?;
        Some(Self {
            key: NaiveDate::parse_from_str(key.trim(), "%Y-%m-%d").ok()?,
            case_id: Uuid::parse_str(id.trim()).ok()?,
        })
    }

    fn of(row: &CaseListRow) -> Self {
        Self {
            key: row.sort_key,
            case_id: row.case_id,
        }
    }
}

/// Which page to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageAt {
    #[default]
    First,
    /// The rows after this position (the next page).
    After(Cursor),
    /// The rows before this position (the previous page).
    Before(Cursor),
}

/// One case in the list (and one line of the CSV).
#[derive(Debug, Clone)]
pub struct CaseListRow {
    pub case_id: Uuid,
    pub kind: CaseKind,
    pub iopc_reference: Option<String>,
    pub force_reference: Option<String>,
    pub force_name: String,
    pub stage: CaseStage,
    pub investigation_mode: Option<InvestigationMode>,
    pub received_on: NaiveDate,
    pub summary: String,
    pub next_deadline: Option<NaiveDate>,
    /// The row's key in the list's order (received date, or next deadline with
    /// [`NO_DEADLINE`] for none); with `case_id` it is the row's keyset cursor.
    pub sort_key: NaiveDate,
}

/// One page of the list, in display order, with the cursors of its neighbours.
#[derive(Debug, Clone, Default)]
pub struct CasePage {
    pub rows: Vec<CaseListRow>,
    /// Where the next page starts (`after=`), if there is one.
    pub next: Option<Cursor>,
    /// Where the previous page ends (`before=`), if there is one.
    pub previous: Option<Cursor>,
}

/// The shared text of every list query. The inner query filters, cuts the page by keyset and
/// sorts using only `case_record` and its indexes; the deadline and the force's name are
/// looked up afterwards for the page's rows only. `$lateral` defines the sort key `k.sort_key`
/// (a plain column for the received-date sort, which Postgres folds into the index scan),
/// `$keyset` the keyset condition and `$order` the order (by the output names `sort_key` and
/// `case_id`, so the same text orders the inner and the outer query). All three are string
/// literals, so that `query_as!` sees one literal text.
macro_rules! list_query {
    ($f:expr, $scope:expr, $cursor:expr, $limit:expr, $lateral:tt, $keyset:tt, $order:tt) => {{
        let f: &CaseFilter = $f;
        let scope: CaseScope = $scope;
        let cursor: Option<Cursor> = $cursor;
        let limit: Option<i64> = $limit;
        sqlx::query_as!(
            CaseListRow,
            r#"select c.case_id, c.kind as "kind: CaseKind", c.iopc_reference, c.force_reference,
                      f.name as "force_name!", c.stage as "stage: CaseStage",
                      c.investigation_mode as "investigation_mode: InvestigationMode",
                      c.received_on, c.summary, dl.next_deadline as "next_deadline?",
                      page.sort_key as "sort_key!"
               from (
                   select c.case_id, k.sort_key
                   from case_record c
                   "# + $lateral + r#"
                   where case_in_scope(c.force_id, c.case_id, $1, $2, $3)
                     and ($4::case_kind is null or c.kind = $4)
                     and ($5::text is null or c.force_id = (select pf.police_force_id from police_force pf
                                                            where pf.code = $5))
                     and ($6::case_stage is null or c.stage = $6)
                     and ($7::investigation_mode is null or c.investigation_mode = $7)
                     and ($8::text is null or exists (select 1 from allegation a
                                                      where a.case_id = c.case_id and a.category_code = $8))
                     and ($9::date is null or c.received_on >= $9)
                     and ($10::date is null or c.received_on <= $10)
                     and (not $11 or c.case_id = any(array(
                            select r.case_id from recommendation r
                            where r.response_received_on is null and r.case_id is not null
                              and coalesce(r.extended_to, r.response_due_on) < current_date
                            union
                            select i.case_id from investigation i
                            where i.report_submitted_on is null
                              and (i.started_on + interval '12 months')::date < current_date
                              -- implied by the line above; lets investigation_open_idx range-scan
                              and i.started_on < current_date - interval '11 months'
                              and not exists (select 1 from investigation_notice n
                                              where n.investigation_id = i.investigation_id
                                                and n.kind = 'twelve_month'))))
                     and ($12::uuid is null or c.assigned_to = $12)
                     and ($13::text is null
                          or (c.search || coalesce(c.allegation_search, ''::tsvector))
                             @@ websearch_to_tsquery('english', $13)
                          or ($14::text is not null
                              and (c.iopc_reference ilike $14 or c.force_reference ilike $14)))
                     and ($18::int is null or (case_stage_open(c.stage)
                                               and received_months_ago(c.received_on, $18, $19)))
                     and (not $20 or (case_stage_open(c.stage) and c.assigned_to is null))
                     and (not $21 or case_awaits_investigator(c.case_id))
                     and ($22::int is null or (case_stage_open(c.stage)
                                               and case_last_activity_on(c.case_id) <= current_date - $22))
                     and (not $23 or (clock_runs_at('complainant_update', c.stage)
                                      and case_update_due(c.case_id) < current_date))
                     and ($24::int is null
                          or (clock_runs_at('investigation_progress_notice', c.stage)
                              and (case_investigation_since(c.case_id) + make_interval(months => $24))::date
                                  < current_date))
                     and ($15::date is null or "# + $keyset + r#")
                   order by "# + $order + r#"
                   limit $17
               ) page
               join case_record c on c.case_id = page.case_id
               join police_force f on f.police_force_id = c.force_id
               cross join lateral (select case_next_deadline(c.case_id) as next_deadline) dl
               order by "# + $order,
            scope.force(),
            scope.lpb(),
            scope.nothing(),
            f.kind as Option<CaseKind>,
            f.force_code.as_deref(),
            f.stage as Option<CaseStage>,
            f.mode as Option<InvestigationMode>,
            f.category.as_deref(),
            f.received_from,
            f.received_to,
            f.overdue,
            f.assigned_to,
            f.search.as_deref(),
            f.reference_pattern(),
            cursor.map(|c| c.key),
            cursor.map(|c| c.case_id),
            limit,
            f.open_age.map(|b| b.months().0),
            f.open_age.and_then(|b| b.months().1),
            f.unassigned,
            f.no_investigator,
            f.idle_days,
            f.update_overdue,
            f.investigation_over_months,
        )
    }};
}

/// The list sorted by received date; the sort key is the plain column, which Postgres folds
/// into the scan of `case_record_list_idx` / `case_record_force_list_idx`.
macro_rules! received_query {
    ($f:expr, $scope:expr, $cursor:expr, $limit:expr, $keyset:tt, $order:tt) => {
        list_query!(
            $f,
            $scope,
            $cursor,
            $limit,
            "cross join lateral (select c.received_on as sort_key) k",
            $keyset,
            $order
        )
    };
}

/// The list sorted by next deadline; the sort key is the case's next deadline, or
/// 31 December 9999 (`NO_DEADLINE`) for none, so that those sort last.
macro_rules! deadline_query {
    ($f:expr, $scope:expr, $cursor:expr, $limit:expr, $keyset:tt, $order:tt) => {
        list_query!(
            $f,
            $scope,
            $cursor,
            $limit,
            "cross join lateral (
               select coalesce(case_next_deadline(c.case_id), date '9999-12-31') as sort_key
             ) k",
            $keyset,
            $order
        )
    };
}

/// Newest received first, after a cursor (next pages, and the CSV).
macro_rules! received_forward {
    ($f:expr, $scope:expr, $cursor:expr, $limit:expr) => {
        received_query!(
            $f,
            $scope,
            $cursor,
            $limit,
            "(k.sort_key, c.case_id) < ($15, $16::uuid)",
            "sort_key desc, case_id desc"
        )
    };
}

/// Earliest next deadline first, after a cursor.
macro_rules! deadline_forward {
    ($f:expr, $scope:expr, $cursor:expr, $limit:expr) => {
        deadline_query!(
            $f,
            $scope,
            $cursor,
            $limit,
            "(k.sort_key, c.case_id) > ($15, $16::uuid)",
            "sort_key, case_id"
        )
    };
}

/// One page of the cases the user may see, filtered and sorted.
pub async fn list(
    pool: &PgPool,
    scope: CaseScope,
    filter: &CaseFilter,
    sort: Sort,
    at: PageAt,
) -> sqlx::Result<CasePage> {
    let limit = Some(PAGE_SIZE + 1);
    let (cursor, backwards) = match at {
        PageAt::First => (None, false),
        PageAt::After(c) => (Some(c), false),
        PageAt::Before(c) => (Some(c), true),
    };
    let mut tx = super::list_transaction(pool, scope).await?;
    let mut rows = match (sort, backwards) {
        (Sort::Received, false) => {
            received_forward!(filter, scope, cursor, limit)
                .fetch_all(&mut *tx)
                .await?
        }
        (Sort::Received, true) => {
            received_query!(
                filter,
                scope,
                cursor,
                limit,
                "(k.sort_key, c.case_id) > ($15, $16::uuid)",
                "sort_key, case_id"
            )
            .fetch_all(&mut *tx)
            .await?
        }
        (Sort::Deadline, false) => {
            deadline_forward!(filter, scope, cursor, limit)
                .fetch_all(&mut *tx)
                .await?
        }
        (Sort::Deadline, true) => {
            deadline_query!(
                filter,
                scope,
                cursor,
                limit,
                "(k.sort_key, c.case_id) < ($15, $16::uuid)",
                "sort_key desc, case_id desc"
            )
            .fetch_all(&mut *tx)
            .await?
        }
    };
    tx.commit().await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let mut page = CasePage::default();
    if backwards {
        rows.reverse();
        // We came back from a later page, so there is always one after this.
        page.next = rows.last().map(Cursor::of).or(cursor);
        page.previous = if more {
            rows.first().map(Cursor::of)
        } else {
            None
        };
    } else {
        page.next = if more {
            rows.last().map(Cursor::of)
        } else {
            None
        };
        // A page reached with `after=` has one before it.
        page.previous = cursor.and(rows.first().map(Cursor::of).or(cursor));
    }
    page.rows = rows;
    Ok(page)
}

/// Every case the user may see that the filter leaves, in the list's order, sent one row at
/// a time into `rows` (the CSV export); stops early when the receiver goes away. Runs in a
/// transaction with a longer statement timeout than the pool's 30 seconds, because a large
/// export is read only as fast as the client takes it. A failure part-way is sent too.
pub async fn send_all(
    pool: &PgPool,
    scope: CaseScope,
    filter: &CaseFilter,
    sort: Sort,
    rows: tokio::sync::mpsc::Sender<sqlx::Result<CaseListRow>>,
) {
    if let Err(e) = send_all_inner(pool, scope, filter, sort, &rows).await {
        let _ = rows.send(Err(e)).await;
    }
}

async fn send_all_inner(
    pool: &PgPool,
    scope: CaseScope,
    filter: &CaseFilter,
    sort: Sort,
    out: &tokio::sync::mpsc::Sender<sqlx::Result<CaseListRow>>,
) -> sqlx::Result<()> {
    let mut tx = super::list_transaction(pool, scope).await?;
    sqlx::query("set local statement_timeout = '15min'")
        .execute(&mut *tx)
        .await?;
    let conn: &mut PgConnection = &mut tx;
    match sort {
        Sort::Received => {
            let mut rows = received_forward!(filter, scope, None, None).fetch(&mut *conn);
            while let Some(row) = rows.try_next().await? {
                if out.send(Ok(row)).await.is_err() {
                    break;
                }
            }
        }
        Sort::Deadline => {
            let mut rows = deadline_forward!(filter, scope, None, None).fetch(&mut *conn);
            while let Some(row) = rows.try_next().await? {
                if out.send(Ok(row)).await.is_err() {
                    break;
                }
            }
        }
    }
    tx.commit().await
}

/// A choice in a filter's list: the stable code and what the user reads.
#[derive(Debug, Clone)]
pub struct Choice {
    pub code: String,
    pub name: String,
}

/// Every force, by name, for the IOPC force filter.
pub async fn forces(pool: &PgPool) -> sqlx::Result<Vec<Choice>> {
    sqlx::query_as!(Choice, "select code, name from police_force order by name")
        .fetch_all(pool)
        .await
}

/// Every allegation category (inactive ones too: old cases carry them), in the usual order.
pub async fn categories(pool: &PgPool) -> sqlx::Result<Vec<Choice>> {
    sqlx::query_as!(
        Choice,
        "select code, name from allegation_category order by sort_order, name"
    )
    .fetch_all(pool)
    .await
}
