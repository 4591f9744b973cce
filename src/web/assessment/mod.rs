//! `GET /assessment`: the IOPC caseworker's assessment queue. Every referral waiting for a
//! decision, oldest first, with its grounds and its age in working days; each links to the
//! case page, where the decision (investigate and in which mode, or refer back, with the
//! rationale) is taken. Filter by force; "Next" pages by keyset.

crate::web::shared::staff_routes! {
    get "/assessment" => page,
}

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db;
use crate::domain::Role;
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::render::{Page, html};
use crate::workflow::case::MandatoryGround;
use crate::workflow::english_date;

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    force: String,
    /// The keyset: "YYYY-MM-DD~referral id" of the last row of the previous page.
    #[serde(default)]
    after: String,
}

pub struct Row {
    href: String,
    reference: String,
    kind: &'static str,
    force_name: String,
    referral: String,
    grounds: Vec<&'static str>,
    referred_on: String,
    age: String,
}

#[derive(askama::Template)]
#[template(path = "assessment/queue.html")]
struct AssessmentPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    rows: Vec<Row>,
    forces: Vec<(String, String, bool)>,
    next: Option<String>,
    filtered: bool,
}

fn parse_after(raw: &str) -> Option<(NaiveDate, Uuid)> {
    let (d, id) = raw.split_once('~')?;
    Some((d.parse().ok()?, id.parse().ok()?))
}

/// `GET /assessment`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filters): Query<Filters>,
) -> AppResult<Response> {
    user.require(
        &state.pool,
        &[Role::IopcCaseworker, Role::IopcInvestigator],
        "the assessment queue",
    )
    .await?;
    let forces = db::cases::forces(&state.pool).await?;
    let force = forces
        .iter()
        .find(|f| f.code == filters.force)
        .map(|f| f.code.as_str());
    let today = db::today(&state.pool).await?;
    let cal = state.calendar().await?;
    let mut rows = db::assessment::waiting(
        &state.pool,
        force,
        parse_after(&filters.after),
        PAGE_SIZE + 1,
    )
    .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next = more.then(|| {
        let last = rows
            .last()
            .map(|r| format!("{}~{}", r.referred_on, r.referral_id))
            .unwrap_or_default();
        format!("/assessment?force={}&after={}", filters.force, last)
    });
    let rows = rows
        .into_iter()
        .map(|w| {
            let days = cal.working_days_between(w.referred_on, today).max(0);
            Row {
                href: format!("/cases/{}#action-decide_investigation", w.case_id),
                reference: w.reference,
                kind: w.kind.label(),
                force_name: w.force_name,
                referral: match w.voluntary_reason {
                    Some(reason) => format!("{}: {reason}", w.referral_type.label()),
                    None => w.referral_type.label().to_owned(),
                },
                grounds: w
                    .grounds
                    .iter()
                    .filter_map(|g| g.parse::<MandatoryGround>().ok())
                    .map(MandatoryGround::label)
                    .collect(),
                referred_on: english_date(w.referred_on),
                age: format!("{days} working day{}", if days == 1 { "" } else { "s" }),
            }
        })
        .collect();
    html(&AssessmentPage {
        lang: Page::ENGLISH,
        page_title: "Assessment queue".to_owned(),
        user: &user,
        nav: "assessment",
        rows,
        forces: forces
            .into_iter()
            .map(|f| {
                let selected = f.code == filters.force;
                (f.code, f.name, selected)
            })
            .collect(),
        next,
        filtered: !filters.force.is_empty(),
    })
}
