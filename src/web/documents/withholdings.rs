//! `/documents/withholdings`: the documents withheld from complainants under the harm test,
//! for those who decide disclosure (`workflow::intake::may_log_evidence`), in their scope (a
//! force its own, the IOPC every force's), the soonest review first,
//! each with how long until (or since) its review is due. Filtered to those due within 20
//! working days, and paged by keyset.

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;

use crate::auth::session::StaffUser;
use crate::db::documents::{self as db};
use crate::domain::documents::WithholdingGround;
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::paging::date_cursor;
use crate::web::shared::render::{Page, html};
use crate::workflow::calendar::english_date;

/// Rows a page shows.
const PAGE: i64 = 50;
/// "Due soon": a review within this many working days.
const SOON_WORKING_DAYS: i64 = 20;

#[derive(Debug, Default, serde::Deserialize)]
pub struct WithholdingsQuery {
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    after: Option<String>,
}

struct Item {
    reference: String,
    case_href: String,
    force: String,
    name: String,
    document_href: String,
    ground: &'static str,
    review: String,
    overdue: bool,
    decided_by: String,
}

#[derive(askama::Template)]
#[template(path = "documents/withholdings.html")]
struct WithholdingsPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    items: Vec<Item>,
    due_only: bool,
    next_href: Option<String>,
    previous_href: Option<String>,
    today: String,
}

/// "review due 3 March 2027, in 12 working days", "review overdue by 2 working days".
fn review_words(
    on: NaiveDate,
    today: NaiveDate,
    cal: &crate::workflow::Calendar,
) -> (String, bool) {
    let date = english_date(on);
    let days = cal.working_days_between(today, on);
    if on < today {
        let n = -days;
        let unit = if n == 1 {
            "working day"
        } else {
            "working days"
        };
        (format!("{date}: overdue by {n} {unit}"), true)
    } else if on == today {
        (format!("{date}: due today"), false)
    } else {
        let unit = if days == 1 {
            "working day"
        } else {
            "working days"
        };
        (format!("{date}: due in {days} {unit}"), false)
    }
}

/// `GET /documents/withholdings`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<WithholdingsQuery>,
) -> AppResult<Response> {
    if !crate::workflow::intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "withholdings_report").await;
    }
    let today = crate::db::today(&state.pool).await?;
    let cal = state.calendar().await?;
    let due_only = query.due.as_deref() == Some("soon");
    let due_by = due_only.then(|| cal.add_working_days(today, SOON_WORKING_DAYS));
    let after = date_cursor(query.after.as_deref());
    let mut rows = db::withholdings(&state.pool, user.scope(), after, due_by, PAGE + 1).await?;
    let more = rows.len() > PAGE as usize;
    rows.truncate(PAGE as usize);
    let filter = if due_only { "due=soon&" } else { "" };
    let next_href = more.then(|| rows.last()).flatten().map(|r| {
        format!(
            "/documents/withholdings?{filter}after={}_{}",
            r.review_on, r.document_id
        )
    });
    let previous_href =
        after.map(|_| format!("/documents/withholdings?{}", filter.trim_end_matches('&')));
    let items = rows
        .into_iter()
        .map(|r| {
            let (review, overdue) = review_words(r.review_on, today, &cal);
            Item {
                case_href: format!("/cases/{}", r.case_id),
                document_href: format!(
                    "/cases/{}/documents/{}/disclosure",
                    r.case_id, r.document_id
                ),
                reference: r.reference,
                force: r.force_name,
                name: r.name,
                ground: r
                    .ground
                    .parse::<WithholdingGround>()
                    .map_or("—", |g| g.label()),
                review,
                overdue,
                decided_by: r.decided_by.unwrap_or_else(|| "—".to_owned()),
            }
        })
        .collect();
    html(&WithholdingsPage {
        lang: Page::ENGLISH,
        user: &user,
        nav: "work",
        items,
        due_only,
        next_href,
        previous_href,
        today: english_date(today),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_date_reads_as_a_date_and_in_working_days() {
        let cal = crate::workflow::Calendar::new([]);
        let mon = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date");
        let fri = NaiveDate::from_ymd_opt(2026, 3, 6).expect("a date");
        assert_eq!(
            review_words(fri, mon, &cal),
            ("6 March 2026: due in 4 working days".to_owned(), false)
        );
        assert_eq!(
            review_words(mon, fri, &cal),
            ("2 March 2026: overdue by 4 working days".to_owned(), true)
        );
        assert_eq!(review_words(mon, mon, &cal).0, "2 March 2026: due today");
    }
}
