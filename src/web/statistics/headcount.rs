//! `GET/POST /statistics/headcount`: an administrator enters the employees of a force in a
//! financial year, the denominator of "allegations per 1,000 employees" (bulletin table A1.1).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use crate::auth::session::StaffUser;
use crate::db::audit::RecordAction;
use crate::db::statistics::{self as db, ForceChoice, HeadcountRow};
use crate::domain::Role;
use crate::domain::intake::thousands;
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm, audit_staff_event};
use crate::web::shared::form::{Field, Posted, Reader, SelectField, TextField};
use crate::web::shared::render::{Page, html};
use crate::workflow::statistics::FinancialYear;

const ADMIN: &[Role] = &[Role::IopcAdmin];

/// The earliest year a headcount may be entered for (as the return's first year).
const FIRST_YEAR: i32 = 2019;
/// More employees than any force has: a figure above it is a typing mistake.
const MOST: i32 = 1_000_000;

#[derive(askama::Template)]
#[template(path = "statistics/headcount.html")]
struct HeadcountPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    banner: Option<String>,
    fields: Vec<Field>,
    rows: Vec<(String, String, String)>,
}

fn fields(
    posted: &Posted,
    errors: &FormErrors,
    forces: &[ForceChoice],
    this_year: i32,
) -> Vec<Field> {
    let forces: Vec<(&str, &str)> = forces
        .iter()
        .map(|f| (f.code.as_str(), f.name.as_str()))
        .collect();
    let years: Vec<(String, String)> = (FIRST_YEAR..=this_year + 1)
        .rev()
        .map(|y| (y.to_string(), FinancialYear(y).label()))
        .collect();
    let years: Vec<(&str, &str)> = years
        .iter()
        .map(|(v, l)| (v.as_str(), l.as_str()))
        .collect();
    vec![
        Field::Select(SelectField::new(
            "force",
            "Force",
            "Choose a force",
            &forces,
            posted.get("force"),
            errors,
        )),
        Field::Select(SelectField::new(
            "year",
            "Financial year",
            "Choose a year",
            &years,
            posted.get("year"),
            errors,
        )),
        Field::Text(
            TextField::input("headcount", "Number of employees", posted.get("headcount"), errors)
                .hint("Everyone the force employs, as it reported them for the year: police officers, police staff, PCSOs and special constables")
                .width("govuk-input--width-10"),
        ),
    ]
}

async fn render(
    state: &AppState,
    user: &StaffUser,
    posted: &Posted,
    errors: FormErrors,
    banner: Option<String>,
) -> AppResult<Response> {
    let forces = db::forces(&state.pool).await?;
    let today = crate::db::today(&state.pool).await?;
    let rows = db::headcounts(&state.pool)
        .await?
        .into_iter()
        .map(|r: HeadcountRow| {
            (
                r.force_name,
                FinancialYear(r.financial_year).label(),
                thousands(usize::try_from(r.headcount).unwrap_or_default()),
            )
        })
        .collect();
    let status = errors.status();
    let page = HeadcountPage {
        lang: Page::ENGLISH,
        user,
        nav: "statistics",
        fields: fields(posted, &errors, &forces, FinancialYear::of(today).0),
        errors,
        banner,
        rows,
    };
    Ok((status, html(&page)?).into_response())
}

#[derive(Debug, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
    #[serde(default)]
    force: String,
    #[serde(default)]
    year: String,
}

/// `GET /statistics/headcount`
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "statistics_headcount")
        .await?;
    let forces = db::forces(&state.pool).await?;
    let banner = (done.done == "saved").then(|| {
        let force = forces.iter().find(|f| f.code == done.force);
        let year = done.year.parse::<i32>().ok().map(FinancialYear);
        match (force, year) {
            (Some(f), Some(y)) => format!("Headcount saved for {}, {}", f.name, y.label()),
            _ => "Headcount saved".to_owned(),
        }
    });
    render(
        &state,
        &user,
        &Posted::default(),
        FormErrors::default(),
        banner,
    )
    .await
}

/// `POST /statistics/headcount`
pub async fn save(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "statistics_headcount_save")
        .await?;
    let forces = db::forces(&state.pool).await?;
    let today = crate::db::today(&state.pool).await?;
    let mut reader = Reader::form(&posted, today);
    let force = forces.iter().find(|f| f.code == reader.raw("force"));
    if force.is_none() {
        reader.fail("force", "Select a force from the list");
    }
    let last = FinancialYear::of(today).0 + 1;
    let year = reader
        .raw("year")
        .parse::<i32>()
        .ok()
        .filter(|y| (FIRST_YEAR..=last).contains(y));
    if year.is_none() {
        reader.fail("year", "Select a financial year from the list");
    }
    let typed = reader.raw("headcount").replace(',', "");
    let headcount = typed.parse::<i32>().ok().filter(|n| (1..=MOST).contains(n));
    if headcount.is_none() {
        let message = if typed.is_empty() {
            "Enter the number of employees".to_owned()
        } else {
            format!(
                "The number of employees must be a whole number between 1 and {}",
                thousands(MOST as usize)
            )
        };
        reader.fail("headcount", message);
    }
    let (Some(force), Some(year), Some(headcount)) = (force, year, headcount) else {
        return render(&state, &user, &posted, reader.into_errors(), None).await;
    };
    let mut tx = state.pool.begin().await?;
    let previous = db::save_headcount(&mut tx, force.id, year, headcount, user.id).await?;
    audit_staff_event(
        &mut *tx,
        Some(user.id),
        Some(user.role),
        RecordAction::EnterHeadcount,
        json!({
            "force_id": force.id,
            "financial_year": year,
            "headcount": headcount,
            "previous": previous,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/statistics/headcount?done=saved&force={}&year={year}",
        force.code
    ))
    .into_response())
}
