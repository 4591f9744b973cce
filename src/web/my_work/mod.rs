//! "My work": the page staff land on after signing in. One section per kind of work the
//! user's role does, each listing the oldest or soonest-due items first, with the date they
//! are due and how many working days are left (or how late they are).
//!
//! Which sections a role sees:
//! - IOPC caseworker: referrals awaiting assessment, reviews the IOPC decides, recommendation
//!   responses due from forces;
//! - force PSD: its own force's complainant updates overdue or due within a week (CMR 2020
//!   reg 34(2)(a), for everyone kept informed, as on the case page), outcome
//!   notifications (CMR 2020 reg 34), recommendation responses it owes (Sch 3 para 28B),
//!   12-month investigation notices (CMR 2020 reg 13; PCR 2020 reg 19);
//! - review body: reviews its local policing body decides;
//! - those who handle cases (`workflow::intake::may_log_evidence`): documents complainants
//!   have sent that nobody has decided on yet, on the cases they handle;
//! - everyone: open cases assigned to them.
//!
//! Each section shows at most [`LIMIT`] items (the queries stop there, using the partial
//! indexes of migration 0017) and links to the cases list for the rest. Dates come from the
//! database; deadlines and working days are computed here with the bank-holiday
//! [`Calendar`], through the clock functions of `workflow::clocks`, so the page and the rest
//! of the service count days the same way.

crate::web::shared::staff_routes! {
    get "/my-work" => page,
}

use axum::extract::State;
use axum::response::Response;
use chrono::{Days, Months, NaiveDate};

use crate::auth::session::{CaseScope, StaffUser};
use crate::db::my_work::{self as queues, QueueRow};
use crate::domain::Role;
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::render::{Page, html};
use crate::workflow::clocks::{self, Deadline, DeadlineKind};
use crate::workflow::{Calendar, english_date};
use uuid::Uuid;

/// The most items a section shows.
pub const LIMIT: i64 = 50;
/// One more than shown, to know whether there are more.
const FETCH: i64 = LIMIT + 1;
/// Complainant updates are listed once they fall due within this many days (or are overdue).
const UPDATE_HORIZON_DAYS: u64 = 7;

/// One line of a section.
pub struct Item {
    /// `/cases/{id}`, when the user may open the case.
    pub href: Option<String>,
    /// The IOPC reference, the force's, or both.
    pub reference: String,
    /// What the item is about (force, stage, recommendation title).
    pub context: String,
    /// What is due.
    pub what: String,
    /// The due date ("14 March 2026"), when there is one.
    pub due: Option<String>,
    /// "due 14 March 2026, in 3 working days", or the age of a waiting item.
    pub describe: String,
    /// Past the due date: the page says "Overdue" in bold, not by colour alone.
    pub overdue: bool,
}

/// One section of the page.
pub struct Section {
    /// The section's element id.
    pub id: &'static str,
    pub heading: &'static str,
    /// What the page says when there is nothing to do.
    pub empty: &'static str,
    /// The column heading for `describe`.
    pub when_heading: &'static str,
    pub items: Vec<Item>,
    /// More items exist than are shown.
    pub more: bool,
}

#[derive(askama::Template)]
#[template(path = "my_work/page.html")]
struct MyWorkPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    today: String,
    sections: Vec<Section>,
    limit: i64,
    /// Whether to point to the report of withholdings (those who may read it).
    withholdings: bool,
}

/// `GET /my-work`
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    let cal = state.calendar().await?;
    let q = Queues {
        pool: &state.pool,
        scope: user.scope(),
        today: crate::db::today(&state.pool).await?,
        cal: &cal,
    };
    let mut sections = match (user.role, user.force_id, user.lpb_id) {
        (Role::IopcCaseworker, _, _) => iopc_sections(&q).await?,
        (Role::ForcePsd, Some(force), _) => force_sections(&q, force).await?,
        (Role::ReviewBody, _, Some(lpb)) => review_body_sections(&q, lpb).await?,
        _ => Vec::new(),
    };
    if crate::workflow::intake::may_log_evidence(user.role) {
        let rows = crate::db::documents::from_complainants_undecided(
            q.pool,
            q.scope,
            user.id,
            user.force_id,
            user.role == Role::IopcCaseworker,
            FETCH,
        )
        .await?;
        sections.push(section(
            "complainant-documents",
            "Documents received from complainants",
            "No document from a complainant is waiting for a decision.",
            "Waiting",
            rows,
            |row| {
                let mut item =
                    waiting(row, "Decide whether to disclose it", "sent", q.today, q.cal);
                item.href = item.href.map(|h| format!("{h}/documents"));
                item
            },
        ));
    }
    let rows = queues::assigned_to(q.pool, q.scope, user.id, FETCH).await?;
    sections.push(section(
        "assigned",
        "Cases assigned to me",
        "No open cases are assigned to you.",
        "Open for",
        rows,
        |row| waiting(row, "Work on the case", "received", q.today, q.cal),
    ));

    html(&MyWorkPage {
        lang: Page::ENGLISH,
        user: &user,
        nav: "work",
        today: english_date(q.today),
        sections,
        limit: LIMIT,
        withholdings: crate::workflow::intake::may_log_evidence(user.role),
    })
}

/// What every queue of the page is read and dated with.
struct Queues<'a> {
    pool: &'a sqlx::PgPool,
    scope: CaseScope,
    today: NaiveDate,
    cal: &'a Calendar,
}

/// The IOPC caseworker's queues: referrals to assess, reviews to decide, responses awaited.
async fn iopc_sections(q: &Queues<'_>) -> AppResult<Vec<Section>> {
    let (pool, scope, today, cal) = (q.pool, q.scope, q.today, q.cal);
    let mut sections = Vec::new();
    let rows = queues::referrals_awaiting_assessment(pool, scope, FETCH).await?;
    sections.push(section(
        "referrals",
        "Referrals waiting for assessment",
        "No referrals are waiting for assessment.",
        "Waiting",
        rows,
        |row| waiting(row, "Assess the referral", "referred", today, cal),
    ));
    let rows = queues::iopc_reviews_to_decide(pool, scope, FETCH).await?;
    sections.push(section(
        "reviews",
        "Reviews to decide",
        "No reviews are waiting for a decision by the IOPC.",
        "Waiting",
        rows,
        |row| waiting(row, "Decide the review", "applied", today, cal),
    ));
    let rows = queues::recommendation_responses_due(pool, scope, None, FETCH).await?;
    sections.push(section(
        "recommendations",
        "Recommendation responses due from forces",
        "No responses to recommendations are awaited.",
        "Due",
        rows,
        |row| {
            let deadline = row
                .date
                .map(|d| Deadline::new(DeadlineKind::RecommendationResponse, d));
            due(row, "Response to the recommendation", deadline, today, cal)
        },
    ));
    Ok(sections)
}

/// A force's queues: complainants and outcomes to tell, responses and 12-month notices due.
async fn force_sections(q: &Queues<'_>, force: Uuid) -> AppResult<Vec<Section>> {
    let (pool, scope, today, cal) = (q.pool, q.scope, q.today, q.cal);
    let mut sections = Vec::new();
    // CMR 2020 reg 34(2)(a): the updates overdue or due within the next week.
    let horizon = today
        .checked_add_days(Days::new(UPDATE_HORIZON_DAYS))
        .unwrap_or(today);
    let started_by = clocks::complainant_update_last_start(horizon);
    let rows = queues::complainant_updates_due(pool, scope, force, started_by, FETCH).await?;
    sections.push(section(
        "updates",
        "Complainant updates due",
        "No updates to complainants are overdue or due in the next 7 days.",
        "Due",
        rows,
        |row| {
            let deadline = row.date.map(clocks::complainant_update_due);
            due(row, "Update the complainant", deadline, today, cal)
        },
    ));
    let rows = queues::outcome_notifications_due(pool, scope, force, FETCH).await?;
    sections.push(section(
        "outcomes",
        "Outcome notifications due",
        "No outcome notifications are due.",
        "Due",
        rows,
        |row| {
            let deadline = row.date.map(|d| clocks::outcome_notification_due(d, cal));
            due(
                row,
                "Tell the complainant the outcome",
                deadline,
                today,
                cal,
            )
        },
    ));
    let rows = queues::recommendation_responses_due(pool, scope, Some(force), FETCH).await?;
    sections.push(section(
        "recommendations",
        "Recommendation responses due",
        "No responses to recommendations are due from your force.",
        "Due",
        rows,
        |row| {
            let deadline = row
                .date
                .map(|d| Deadline::new(DeadlineKind::RecommendationResponse, d));
            due(row, "Respond to the recommendation", deadline, today, cal)
        },
    ));
    // Notices fall due at 12 months; list them from about 11 months, so there is
    // time to write them.
    let horizon = today.checked_sub_months(Months::new(11)).unwrap_or(today);
    let rows = queues::twelve_month_notices_due(pool, scope, force, horizon, FETCH).await?;
    sections.push(section(
        "notices",
        "12-month investigation notices due",
        "No investigation has reached 11 months without its 12-month notice.",
        "Due",
        rows,
        |row| {
            let deadline = row.date.map(|started| {
                let due = started
                    .checked_add_months(Months::new(12))
                    .unwrap_or(NaiveDate::MAX);
                Deadline::new(DeadlineKind::InvestigationProgressNotice, due)
            });
            due(
                row,
                "Send the 12-month progress notice",
                deadline,
                today,
                cal,
            )
        },
    ));
    Ok(sections)
}

/// A review body's queue: the reviews it decides.
async fn review_body_sections(q: &Queues<'_>, lpb: Uuid) -> AppResult<Vec<Section>> {
    let (pool, scope, today, cal) = (q.pool, q.scope, q.today, q.cal);
    let mut sections = Vec::new();
    let rows = queues::lpb_reviews_to_decide(pool, scope, lpb, FETCH).await?;
    sections.push(section(
        "reviews",
        "Reviews to decide",
        "No reviews are waiting for a decision by your body.",
        "Waiting",
        rows,
        |row| waiting(row, "Decide the review", "applied", today, cal),
    ));
    Ok(sections)
}

fn section(
    id: &'static str,
    heading: &'static str,
    empty: &'static str,
    when_heading: &'static str,
    mut rows: Vec<QueueRow>,
    item: impl Fn(QueueRow) -> Item,
) -> Section {
    let more = rows.len() > usize::try_from(LIMIT).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(LIMIT).unwrap_or(usize::MAX));
    Section {
        id,
        heading,
        empty,
        when_heading,
        items: rows.into_iter().map(item).collect(),
        more,
    }
}

fn reference(row: &QueueRow) -> String {
    match (&row.iopc_reference, &row.force_reference) {
        (Some(i), Some(f)) => format!("{i} ({f})"),
        (Some(r), None) | (None, Some(r)) => r.clone(),
        (None, None) if row.case_id.is_some() => "No reference yet".to_owned(),
        (None, None) => "No case".to_owned(),
    }
}

fn base(row: &QueueRow, what: &str) -> Item {
    Item {
        href: row.case_id.map(|id| format!("/cases/{id}")),
        reference: reference(row),
        context: row.context.clone(),
        what: what.to_owned(),
        due: None,
        describe: String::new(),
        overdue: false,
    }
}

/// An item with a statutory deadline.
fn due(
    row: QueueRow,
    what: &str,
    deadline: Option<Deadline>,
    today: NaiveDate,
    cal: &Calendar,
) -> Item {
    let mut item = base(&row, what);
    match deadline {
        Some(d) => {
            item.due = Some(english_date(d.due));
            item.describe = d.describe(today, cal);
            item.overdue = d.is_overdue(today);
        }
        None => item.describe = "The date this is due from is not recorded".to_owned(),
    }
    item
}

/// An item with no statutory deadline: say how long it has waited, in working days.
fn waiting(row: QueueRow, what: &str, since: &str, today: NaiveDate, cal: &Calendar) -> Item {
    let mut item = base(&row, what);
    if let Some(d) = row.date {
        let days = cal.working_days_between(d, today).max(0);
        let plural = if days == 1 { "" } else { "s" };
        item.describe = format!("{days} working day{plural} ({since} {})", english_date(d));
    }
    item
}
