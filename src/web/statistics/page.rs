//! `GET /statistics`: the form of whose cases and which period, and the return.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use futures_util::future::try_join_all;
use uuid::Uuid;

use super::charts::{self, Chart, Series};
use super::tables::{self, Table};
use crate::auth::session::{CaseScope, StaffUser};
use crate::db::statistics::{self as db, ForceChoice, ForceGroup, Forces, ReturnScope};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::form::{
    ChoiceField, DATE_HINT, DateField, Field, FollowUp, Posted, Reader, SelectField,
};
use crate::web::shared::render::{Page, html};
use crate::workflow::statistics::{FinancialYear, Period, PeriodProblem, Quarter, YearQuarter};

/// The first financial year offered: 2019/20 holds the start of the 2020 rules (1 February
/// 2020).
const FIRST_YEAR: i32 = 2019;

/// The forces a user may ask the return of: a force user their own, a review body the forces
/// of its local policing body, IOPC staff every force.
fn choosable<'a>(user: &StaffUser, forces: &'a [ForceChoice]) -> Vec<&'a ForceChoice> {
    forces
        .iter()
        .filter(|f| match user.role {
            Role::ForcePsd => Some(f.id) == user.force_id,
            Role::ReviewBody => user.lpb_id.is_some() && f.local_policing_body_id == user.lpb_id,
            _ => user.is_iopc(),
        })
        .collect()
}

/// The value of the force field that asks for a most-similar-forces group: `msf:` and the
/// group's code.
const GROUP_PREFIX: &str = "msf:";

/// What IOPC staff see beside a force (its group, then England and Wales) or a group (England
/// and Wales): the same return counted over other forces, shown per force
/// (`tables::compare`).
pub(super) struct Comparison {
    /// The most similar group's name; `None` for England and Wales.
    pub group: Option<String>,
    /// The group's membership is not yet confirmed by an administrator.
    pub unverified: bool,
    /// Always narrowed to the forces it counts over.
    pub scope: ReturnScope,
}

/// How a group is named in the chooser and above its column.
fn group_label(name: &str) -> String {
    format!("Most similar forces: {name}")
}

impl Comparison {
    /// The column's heading: "Most similar forces: …" or "England and Wales".
    pub fn heading(&self) -> String {
        match &self.group {
            Some(name) => group_label(name),
            None => "England and Wales".to_owned(),
        }
    }

    /// How many forces it counts over, for the average per force.
    pub fn forces(&self) -> usize {
        self.scope.forces.ids().map_or(0, <[Uuid]>::len)
    }
}

/// What a valid request asks for.
pub(super) struct Asked {
    pub scope: ReturnScope,
    /// The force's or group's name, or "England and Wales".
    pub scope_name: String,
    /// For a file name: the force's code, `msf-` and the group's, or "england-and-wales".
    pub scope_code: String,
    /// The comparisons shown beside the figures; none for England and Wales or outside the
    /// IOPC.
    pub comparisons: Vec<Comparison>,
    pub period: Period,
    /// "2025/26 Q2 (April to September)", or the range's dates.
    pub period_name: String,
    /// The financial year and quarter asked for; `None` for dates chosen.
    pub quarter: Option<(FinancialYear, Quarter)>,
}

pub(super) enum Refused {
    /// Answered 422 with the errors beside the fields.
    Invalid(FormErrors),
    /// A force the user may not see: as if it did not exist.
    NotFound,
}

/// The query string with the defaults filled in: a quarter, this financial year, this quarter.
fn with_defaults(mut posted: Posted, today: NaiveDate) -> Posted {
    if posted.get("period").trim().is_empty() {
        posted.set("period", "quarter");
    }
    if posted.get("year").trim().is_empty() && posted.all("year").is_empty() {
        posted.set("year", FinancialYear::of(today).0.to_string());
    }
    if posted.get("quarter").trim().is_empty() {
        posted.set("quarter", Quarter::of(today).number().to_string());
    }
    posted
}

/// Reads the form: the force (checked against what the user may see) and the period.
fn read(
    posted: &Posted,
    user: &StaffUser,
    forces: &[ForceChoice],
    groups: &[ForceGroup],
    today: NaiveDate,
) -> Result<Asked, Refused> {
    let mut reader = Reader::form(posted, today);
    let allowed = choosable(user, forces);
    let code = reader.raw("force");
    // A group: IOPC staff only (to anyone else, as if it did not exist).
    let group = match code.strip_prefix(GROUP_PREFIX) {
        Some(_) if !user.is_iopc() => return Err(Refused::NotFound),
        Some(g) => match groups.iter().find(|x| x.code == g) {
            Some(x) => Some(x),
            None => {
                reader.fail("force", "Select a force or group from the list");
                None
            }
        },
        None => None,
    };
    let members = |g: &ForceGroup| -> Vec<Uuid> {
        forces
            .iter()
            .filter(|f| f.group_id == Some(g.id))
            .map(|f| f.id)
            .collect()
    };
    let mut not_found = false;
    let chosen: Option<&ForceChoice> = if code.starts_with(GROUP_PREFIX) {
        None
    } else if code.is_empty() {
        // IOPC staff: England and Wales; anyone else: their (first) force.
        if user.is_iopc() {
            None
        } else {
            allowed.first().copied()
        }
    } else {
        match forces.iter().find(|f| f.code == code) {
            None => {
                reader.fail("force", "Select a force from the list");
                None
            }
            Some(f) if allowed.iter().any(|a| a.id == f.id) => Some(f),
            Some(_) => {
                not_found = true;
                None
            }
        }
    };
    if not_found {
        return Err(Refused::NotFound);
    }
    let cases = match (user.role, chosen) {
        (Role::ForcePsd, _) => user.scope(),
        // A review body's return counts every case of the force it oversees.
        (Role::ReviewBody, Some(f)) => CaseScope::Force(f.id),
        (Role::ReviewBody, None) => CaseScope::Nothing,
        _ => user.scope(),
    };
    let (scope_name, scope_code) = match (chosen, group) {
        (_, Some(g)) => (g.name.clone(), format!("msf-{}", g.code)),
        (Some(f), _) => (f.name.clone(), f.code.clone()),
        (None, None) if user.is_iopc() => (
            "England and Wales".to_owned(),
            "england-and-wales".to_owned(),
        ),
        (None, None) => ("No force".to_owned(), "none".to_owned()),
    };
    let national = || Comparison {
        group: None,
        unverified: false,
        scope: ReturnScope {
            cases,
            forces: Forces::Territorial(
                forces
                    .iter()
                    .filter(|f| f.territorial)
                    .map(|f| f.id)
                    .collect(),
            ),
        },
    };
    let comparisons = match (chosen, group) {
        _ if !user.is_iopc() => Vec::new(),
        (_, Some(_)) => vec![national()],
        (Some(f), None) => {
            let group = f
                .group_id
                .and_then(|id| groups.iter().find(|g| g.id == id))
                .map(|g| Comparison {
                    group: Some(g.name.clone()),
                    unverified: !g.verified,
                    scope: ReturnScope {
                        cases,
                        forces: Forces::These(members(g)),
                    },
                });
            group.into_iter().chain([national()]).collect()
        }
        (None, None) => Vec::new(),
    };
    let forces_asked = match (chosen, group) {
        (_, Some(g)) => Forces::These(members(g)),
        (Some(f), None) => Forces::These(vec![f.id]),
        (None, None) => Forces::All,
    };

    let period = match reader.raw("period") {
        "quarter" => {
            // The list offers the years to this one; next year is understood too, so that
            // asking for a quarter of it says the quarter has not started.
            let years = FIRST_YEAR..=FinancialYear::of(today).0 + 1;
            let year = reader
                .raw("year")
                .parse::<i32>()
                .ok()
                .filter(|y| years.contains(y))
                .map(FinancialYear);
            if year.is_none() {
                reader.fail("year", "Select a financial year from the list");
            }
            let quarter = reader
                .raw("quarter")
                .parse::<u32>()
                .ok()
                .and_then(Quarter::from_number);
            if quarter.is_none() {
                reader.fail("quarter", "Select a quarter");
            }
            match (year, quarter) {
                (Some(y), Some(q)) => match Period::cumulative(y, q, today) {
                    Ok(p) => Some((p, format!("{} {}", y.label(), q.label()), Some((y, q)))),
                    Err(problem) => {
                        reader.fail("quarter", problem.message());
                        None
                    }
                },
                _ => None,
            }
        }
        "range" => {
            let from = reader.date("from", "the start date", true, false);
            let to = reader.date("to", "the end date", true, false);
            match (from, to) {
                (Some(from), Some(to)) => match Period::range(from, to) {
                    Ok(p) => Some((p, p.label(), None)),
                    Err(
                        problem
                        @ (PeriodProblem::EndBeforeStart | PeriodProblem::LongerThanMaximum),
                    ) => {
                        reader.fail_date("to", problem.message());
                        None
                    }
                    Err(problem) => {
                        reader.fail_date("from", problem.message());
                        None
                    }
                },
                _ => None,
            }
        }
        _ => {
            reader.fail("period", "Select a quarter or dates you choose");
            None
        }
    };
    match period {
        Some((period, period_name, quarter)) if reader.is_ok() => Ok(Asked {
            scope: ReturnScope {
                cases,
                forces: forces_asked,
            },
            scope_name,
            scope_code,
            comparisons,
            period,
            period_name,
            quarter,
        }),
        _ => Err(Refused::Invalid(reader.into_errors())),
    }
}

/// The form's fields, with the input kept.
fn fields(
    posted: &Posted,
    errors: &FormErrors,
    user: &StaffUser,
    forces: &[ForceChoice],
    groups: &[ForceGroup],
    today: NaiveDate,
) -> Vec<Field> {
    let mut fields = Vec::new();
    let allowed = choosable(user, forces);
    if user.role != Role::ForcePsd && !allowed.is_empty() {
        // IOPC staff: England and Wales unless a force is chosen; a review body: its first
        // force unless another of its forces is chosen.
        let (placeholder, offered) = if user.is_iopc() {
            ("England and Wales (every force)".to_owned(), &allowed[..])
        } else {
            (allowed[0].name.clone(), &allowed[1..])
        };
        // The most-similar-forces groups (read for IOPC staff only), after the forces.
        let group_options: Vec<(String, String)> = groups
            .iter()
            .map(|g| (format!("{GROUP_PREFIX}{}", g.code), group_label(&g.name)))
            .collect();
        let options: Vec<(&str, &str)> = offered
            .iter()
            .map(|f| (f.code.as_str(), f.name.as_str()))
            .chain(group_options.iter().map(|(v, l)| (v.as_str(), l.as_str())))
            .collect();
        fields.push(Field::Select(SelectField::new(
            "force",
            if user.is_iopc() {
                "Force or group"
            } else {
                "Force"
            },
            &placeholder,
            &options,
            posted.get("force"),
            errors,
        )));
    }
    let years: Vec<(String, String)> = (FIRST_YEAR..=FinancialYear::of(today).0)
        .rev()
        .map(|y| (y.to_string(), FinancialYear(y).label()))
        .collect();
    let year_options: Vec<(&str, &str)> = years
        .iter()
        .map(|(v, l)| (v.as_str(), l.as_str()))
        .collect();
    let quarters: Vec<(String, &str)> = Quarter::ALL
        .iter()
        .map(|q| (q.number().to_string(), q.label()))
        .collect();
    let quarter_options: Vec<(&str, &str)> =
        quarters.iter().map(|(v, l)| (v.as_str(), *l)).collect();
    let mut period = ChoiceField::new(
        "period",
        Some("Period"),
        &[
            ("quarter", "A quarter of the financial year"),
            ("range", "Dates you choose"),
        ],
        &[posted.get("period").to_owned()],
        errors,
    )
    .hint("Quarters are cumulative: Q2 is 1 April to 30 September. Each figure is shown beside the same period last year.");
    if let Some(quarter) = period.options.get_mut(0) {
        quarter.follow_up = Some(FollowUp {
            id: "period-quarter".to_owned(),
            fields: vec![
                Field::Select(SelectField::new(
                    "year",
                    "Financial year",
                    "Choose a year",
                    &year_options,
                    posted.get("year"),
                    errors,
                )),
                Field::Radios(
                    ChoiceField::new(
                        "quarter",
                        Some("Quarter"),
                        &quarter_options,
                        &[posted.get("quarter").to_owned()],
                        errors,
                    )
                    .small(),
                ),
            ],
        });
    }
    if let Some(range) = period.options.get_mut(1) {
        range.follow_up = Some(FollowUp {
            id: "period-range".to_owned(),
            fields: vec![
                Field::Date(DateField::new(
                    "from",
                    "Start date",
                    DATE_HINT,
                    &posted.date("from"),
                    errors,
                )),
                Field::Date(DateField::new(
                    "to",
                    "End date",
                    &format!("{DATE_HINT}. At most 5 years after the start date"),
                    &posted.date("to"),
                    errors,
                )),
            ],
        });
    }
    fields.push(Field::Radios(period));
    fields
}

/// The return, ready to draw.
pub(super) struct ReturnView {
    pub asked: Asked,
    pub previous: Period,
    pub tables: Vec<TableView>,
    pub csv_href: String,
    /// The whole return as a spreadsheet.
    pub xlsx_href: String,
    /// The charts, on the page only (`charts.rs`).
    pub charts: Vec<Chart>,
}

pub(super) struct TableView {
    pub table: Table,
    pub csv_href: String,
}

#[derive(askama::Template)]
#[template(path = "statistics/return.html")]
struct ReturnPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    fields: Vec<Field>,
    /// A force user's own force, said instead of a chooser.
    own_force: Option<String>,
    result: Option<ReturnView>,
}

impl ReturnView {
    pub fn period_label(&self) -> String {
        self.asked.period.label()
    }

    pub fn previous_label(&self) -> String {
        self.previous.label()
    }

    /// The comparisons as the timeliness chart draws them: a group dotted, England and Wales
    /// outlined, with their headings, in order.
    fn compared_series(&self) -> Vec<(Series, String)> {
        self.asked
            .comparisons
            .iter()
            .map(|c| {
                let kind = if c.group.is_some() {
                    Series::Group
                } else {
                    Series::National
                };
                (kind, c.heading())
            })
            .collect()
    }

    /// How the comparison columns are counted, when there are any.
    pub fn compared_note(&self) -> Option<&'static str> {
        (!self.asked.comparisons.is_empty()).then_some(tables::COMPARED)
    }
}

/// What a request comes to: the return, or the form with its errors.
pub(super) enum Answer {
    Return(Box<ReturnView>),
    Invalid(FormErrors),
}

/// Reads the request and, when it is valid, the return.
pub(super) async fn answer(
    state: &AppState,
    user: &StaffUser,
    pairs: Vec<(String, String)>,
) -> AppResult<(Answer, Vec<Field>)> {
    let forces = db::forces(&state.pool).await?;
    // Only IOPC staff may choose a group or see one beside a force.
    let groups = if user.is_iopc() {
        db::groups(&state.pool).await?
    } else {
        Vec::new()
    };
    let today = crate::db::today(&state.pool).await?;
    let query: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "table")
        .cloned()
        .collect();
    let posted = with_defaults(Posted::new(query.clone()), today);
    match read(&posted, user, &forces, &groups, today) {
        Err(Refused::NotFound) => Err(AppError::NotFound),
        Err(Refused::Invalid(errors)) => {
            let fields = fields(&posted, &errors, user, &forces, &groups, today);
            Ok((Answer::Invalid(errors), fields))
        }
        Ok(asked) => {
            let previous = asked.period.same_period_last_year();
            let periods = [asked.period, previous];
            // The return and its comparisons, read at once (each in its own transaction).
            let (facts, compared) = tokio::try_join!(
                db::facts(&state.pool, &asked.scope, periods),
                try_join_all(asked.comparisons.iter().map(|c| db::facts(
                    &state.pool,
                    &c.scope,
                    periods
                ))),
            )?;
            let cal = state.calendar().await?;
            let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
            let href = |table: Option<&str>| {
                let mut q = encoded.clone();
                if let Some(t) = table {
                    if !q.is_empty() {
                        q.push('&');
                    }
                    q.push_str("table=");
                    q.push_str(t);
                }
                if q.is_empty() {
                    "/statistics.csv".to_owned()
                } else {
                    format!("/statistics.csv?{q}")
                }
            };
            let mut tables = tables::tables(&facts, &cal);
            for (c, theirs) in asked.comparisons.iter().zip(&compared) {
                tables::compare(&mut tables, &tables::tables(theirs, &cal), c.forces());
            }
            let tables = tables
                .into_iter()
                .map(|table| TableView {
                    csv_href: href(Some(table.id)),
                    table,
                })
                .collect();
            let fields = fields(
                &posted,
                &FormErrors::default(),
                user,
                &forces,
                &groups,
                today,
            );
            Ok((
                Answer::Return(Box::new(ReturnView {
                    asked,
                    previous,
                    tables,
                    csv_href: href(None),
                    xlsx_href: if encoded.is_empty() {
                        "/statistics.xlsx".to_owned()
                    } else {
                        format!("/statistics.xlsx?{encoded}")
                    },
                    charts: Vec::new(),
                })),
                fields,
            ))
        }
    }
}

/// Draws the page: the form, and the return or the form's errors (422).
pub(super) fn render(user: &StaffUser, answer: Answer, fields: Vec<Field>) -> AppResult<Response> {
    let own_force = (user.role == Role::ForcePsd)
        .then(|| user.force_name.clone())
        .flatten();
    let (status, errors, result) = match answer {
        Answer::Return(view) => (StatusCode::OK, FormErrors::default(), Some(*view)),
        Answer::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
    };
    let page = ReturnPage {
        lang: Page::ENGLISH,
        user,
        nav: "statistics",
        errors,
        fields,
        own_force,
        result,
    };
    let mut response = html(&page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /statistics`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (mut answer, fields) = answer(&state, &user, pairs).await?;
    if let Answer::Return(view) = &mut answer {
        view.charts = draw(&state, view).await?;
    }
    render(&user, answer, fields)
}

/// The return's charts: the trend of the quarters (read here, as only the page shows it),
/// then the categories and the working days of the tables.
async fn draw(state: &AppState, view: &ReturnView) -> AppResult<Vec<Chart>> {
    let quarters = YearQuarter::trend(view.asked.period, view.asked.quarter);
    let periods: Vec<Period> = quarters.iter().map(|q| q.period()).collect();
    let counts = db::logged_by_quarter(&state.pool, &view.asked.scope, &periods).await?;
    let today = crate::db::today(&state.pool).await?;
    let partial = quarters.last().copied().filter(|q| q.period().to > today);
    let trend: Vec<(YearQuarter, [i64; 2])> = quarters.into_iter().zip(counts).collect();
    let tables: Vec<&Table> = view.tables.iter().map(|t| &t.table).collect();
    let name = &view.asked.period_name;
    Ok([
        Some(charts::trend(&trend, partial)),
        charts::categories(&tables, name),
        charts::timeliness(&tables, name, &view.compared_series()),
    ]
    .into_iter()
    .flatten()
    .collect())
}
