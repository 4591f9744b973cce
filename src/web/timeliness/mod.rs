//! The timeliness dashboard (`GET /statistics/timeliness`): for the cases the user may see,
//! how old the open cases are, which have no handler or investigator, which have had no
//! activity for 28 days, which owe the complainant an update, which investigations have run
//! more than 12 months and which recommendations are past their response date. Each figure
//! has its definition beside it, in plain English with the dates it turns on, and links to
//! the cases list (or the recommendations list) filtered to exactly the cases it counts.
//!
//! Scope is the cases list's: a force's staff see their force; a review body the cases its
//! body reviews; IOPC staff every force, or one force chosen with `?force=` (an unknown code
//! is shown again beside the chooser, 422, as the cases list does). For anyone else a
//! `force=` naming a force that is not their own answers 404: another force's dashboard does
//! not exist for them.
//!
//! The figures are counted in SQL by `db::timeliness` (two aggregate queries; its module
//! documentation gives the indexes); working days and the wording of deadlines come from
//! `workflow::clocks` and the bank-holiday [`Calendar`], as on My work.

crate::web::shared::staff_routes! {
    get "/statistics/timeliness" => page,
}

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Months, NaiveDate};
use serde::Deserialize;

use crate::auth::session::StaffUser;
use crate::db::cases;
use crate::db::timeliness::{self, Figures, IDLE_DAYS, INVESTIGATION_MONTHS};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::render::{Page, html};
use crate::workflow::clocks::{self, Deadline, DeadlineKind};
use crate::workflow::{Calendar, Regime, english_date};

/// The query string as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RawQuery {
    #[serde(default)]
    force: String,
}

/// An option of the force chooser.
struct SelectOption {
    value: String,
    label: String,
    selected: bool,
}

/// One figure: a row of a table.
struct Figure {
    /// The row's element id.
    id: String,
    measure: String,
    definition: String,
    count: i64,
    /// The list that shows exactly what is counted.
    href: String,
    /// The longest-waiting item, as a date and working days ("" when there is none).
    oldest: String,
}

/// A table of figures.
struct Group {
    id: &'static str,
    heading: &'static str,
    intro: String,
    /// The heading of the longest-waiting column, for groups that have one.
    oldest_heading: Option<&'static str>,
    figures: Vec<Figure>,
}

#[derive(askama::Template)]
#[template(path = "timeliness/page.html")]
struct TimelinessPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    today: String,
    /// Whose cases the figures are about: "the Metropolitan Police Service", "all forces".
    whose: String,
    forces: Vec<SelectOption>,
    groups: Vec<Group>,
}

fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// `GET /statistics/timeliness`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(raw): Query<RawQuery>,
) -> AppResult<Response> {
    let forces = if user.is_iopc() {
        cases::forces(&state.pool).await?
    } else {
        Vec::new()
    };
    let mut errors = FormErrors::default();
    // The force whose figures an IOPC user chose (its code and name).
    let mut chosen: Option<&cases::Choice> = None;
    if let Some(code) = non_empty(&raw.force) {
        if user.is_iopc() {
            match forces.iter().find(|f| f.code == code) {
                Some(force) => chosen = Some(force),
                None => errors.add("force", "Select a force from the list"),
            }
        } else {
            let own = match user.force_id {
                Some(id) => timeliness::force_code(&state.pool, id).await?,
                None => None,
            };
            if own.as_deref() != Some(code) {
                return Err(AppError::NotFound);
            }
        }
    }
    let whose = match (user.role, chosen) {
        (_, Some(force)) => force.name.clone(),
        (Role::ForcePsd, None) => user.force_name.clone().unwrap_or_default(),
        (Role::ReviewBody, None) => format!(
            "cases with a review decided by {}",
            user.lpb_name.as_deref().unwrap_or("your body")
        ),
        _ => "all forces".to_owned(),
    };
    let options = forces
        .iter()
        .map(|f| SelectOption {
            value: f.code.clone(),
            label: f.name.clone(),
            selected: raw.force.trim() == f.code,
        })
        .collect();
    let today = crate::db::today(&state.pool).await?;
    let (status, groups, today) = if errors.is_empty() {
        let scope = timeliness::Scope {
            cases: user.scope(),
            force_code: chosen.map(|f| f.code.as_str()),
        };
        let figures = timeliness::figures(&state.pool, scope, today).await?;
        let cal = state.calendar().await?;
        let links = Links {
            force: chosen.map(|f| f.code.as_str()),
        };
        let groups = groups(&figures, &links, &whose, chosen.is_some(), &cal);
        (StatusCode::OK, groups, figures.today)
    } else {
        (StatusCode::UNPROCESSABLE_ENTITY, Vec::new(), today)
    };
    let mut response = html(&TimelinessPage {
        lang: Page::ENGLISH,
        user: &user,
        nav: "timeliness",
        errors,
        today: english_date(today),
        whose,
        forces: options,
        groups,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

/// The addresses of the lists behind the figures, for the chosen force if there is one.
struct Links<'a> {
    force: Option<&'a str>,
}

impl Links<'_> {
    fn cases(&self, filter: &str) -> String {
        match self.force {
            Some(code) => format!("/cases?force={code}&{filter}"),
            None => format!("/cases?{filter}"),
        }
    }

    fn overdue_recommendations(&self) -> String {
        match self.force {
            Some(code) => format!("/recommendations?stage=made&overdue=1&force={code}"),
            None => "/recommendations?stage=made&overdue=1".to_owned(),
        }
    }
}

fn months_before(day: NaiveDate, months: i32) -> NaiveDate {
    day.checked_sub_months(Months::new(months.unsigned_abs()))
        .unwrap_or(NaiveDate::MIN)
}

fn working_days(n: i64) -> String {
    if n == 1 {
        "1 working day".to_owned()
    } else {
        format!("{n} working days")
    }
}

/// The page's tables, from the figures.
fn groups(
    f: &Figures,
    links: &Links<'_>,
    whose: &str,
    one_force_chosen: bool,
    cal: &Calendar,
) -> Vec<Group> {
    let today = f.today;
    let ages = f
        .by_age
        .iter()
        .map(|&(band, count)| {
            let (earliest, latest) = band.received_between(today);
            let definition = match (earliest, band.months()) {
                (Some(from), (0, Some(under))) => format!(
                    "Open cases received from {} to {}: less than {under} calendar months before today.",
                    english_date(from),
                    english_date(latest),
                ),
                (Some(from), (at_least, under)) => format!(
                    "Open cases received from {} to {}: at least {at_least} and less than {} calendar months before today.",
                    english_date(from),
                    english_date(latest),
                    under.unwrap_or_default(),
                ),
                (None, _) => format!(
                    "Open cases received on or before {}: {} calendar months or more before today.",
                    english_date(latest),
                    band.months().0,
                ),
            };
            Figure {
                id: format!("age-{}", band.as_str()),
                measure: band.label().to_owned(),
                definition,
                count,
                href: links.cases(&format!("age={}", band.as_str())),
                oldest: String::new(),
            }
        })
        .collect();

    let idle_cutoff = today
        .checked_sub_days(chrono::Days::new(IDLE_DAYS.unsigned_abs().into()))
        .unwrap_or(NaiveDate::MIN);
    let idle_oldest = f.idle_since.map_or_else(String::new, |d| {
        format!(
            "Last activity {}, {} ago",
            english_date(d),
            working_days(cal.working_days_between(d, today).max(0))
        )
    });
    let update_oldest = f.earliest_update_due.map_or_else(String::new, |d| {
        Deadline::new(DeadlineKind::ComplainantUpdate, d).describe(today, cal)
    });
    let started_before = months_before(today, INVESTIGATION_MONTHS);
    let investigation_oldest = f.earliest_investigation.map_or_else(String::new, |d| {
        format!(
            "Started {}, {} ago",
            english_date(d),
            working_days(cal.working_days_between(d, today).max(0))
        )
    });
    let recommendation_oldest = f.earliest_recommendation_due.map_or_else(String::new, |d| {
        Deadline::new(DeadlineKind::RecommendationResponse, d).describe(today, cal)
    });
    let made_to = if one_force_chosen {
        format!("made to {whose}")
    } else {
        "you can see".to_owned()
    };

    vec![
        Group {
            id: "age",
            heading: "Open cases by age",
            intro: "An open case is one not closed, withdrawn, discontinued or disapplied. Its age is counted in calendar months from the day the complaint or matter was received.".to_owned(),
            oldest_heading: None,
            figures: ages,
        },
        Group {
            id: "handling",
            heading: "Handlers and investigators",
            intro: "Work nobody has been given: a case with no handler, or an investigation with no investigator.".to_owned(),
            oldest_heading: None,
            figures: vec![
                Figure {
                    id: "unassigned".to_owned(),
                    measure: "No handler".to_owned(),
                    definition: "Open cases with nobody assigned as the case's handler.".to_owned(),
                    count: f.unassigned,
                    href: links.cases("unassigned=1"),
                    oldest: String::new(),
                },
                Figure {
                    id: "no-investigator".to_owned(),
                    measure: "No investigator".to_owned(),
                    definition: "Cases under investigation, or with the investigation suspended, whose open investigation has no investigator recorded (neither an account nor a name).".to_owned(),
                    count: f.no_investigator,
                    href: links.cases("no_investigator=1"),
                    oldest: String::new(),
                },
            ],
        },
        Group {
            id: "waiting",
            heading: "Activity and updates to complainants",
            intro: "The longest-waiting case is given with its date and how many working days it has waited.".to_owned(),
            oldest_heading: Some("Longest waiting"),
            figures: vec![
                Figure {
                    id: "idle".to_owned(),
                    measure: format!("No activity for {IDLE_DAYS} days or more"),
                    definition: format!(
                        "Open cases whose latest activity was on or before {}, {IDLE_DAYS} calendar days ({}) or more before today. Activity is anything in the case's history (a step, a contact or evidence entry, a change to its details), counted on the day it was entered, not the date a step says it happened; a case with no history counts from the day it was entered.",
                        english_date(idle_cutoff),
                        working_days(cal.working_days_between(idle_cutoff, today).max(0)),
                    ),
                    count: f.idle,
                    href: links.cases(&format!("idle={IDLE_DAYS}")),
                    oldest: idle_oldest,
                },
                Figure {
                    id: "updates".to_owned(),
                    measure: "Complainant updates overdue".to_owned(),
                    definition: format!(
                        "Cases where the complainant, or an interested person who agreed to be kept informed, is owed an update: one is due 4 weeks after handling started or after the last contact logged ({}). Overdue when the due date is before today.",
                        DeadlineKind::ComplainantUpdate.source(Regime::Current2020),
                    ),
                    count: f.updates_overdue,
                    href: links.cases("update=overdue"),
                    oldest: update_oldest,
                },
            ],
        },
        Group {
            id: "long-running",
            heading: "Investigations and recommendations",
            intro: "Work past a statutory point. The earliest date is given with how many working days have passed.".to_owned(),
            oldest_heading: Some("Longest waiting"),
            figures: vec![
                Figure {
                    id: "investigations".to_owned(),
                    measure: format!("Investigations over {INVESTIGATION_MONTHS} months"),
                    definition: format!(
                        "Cases under investigation, or with the investigation suspended, whose investigation started more than {INVESTIGATION_MONTHS} months ago (before {}), suspensions included. Progress must be reported at 12 months and every 6 months after ({}).",
                        english_date(started_before),
                        DeadlineKind::InvestigationProgressNotice.source(Regime::Current2020),
                    ),
                    count: f.long_investigations,
                    href: links.cases(&format!("investigation_over={INVESTIGATION_MONTHS}m")),
                    oldest: investigation_oldest,
                },
                Figure {
                    id: "recommendations".to_owned(),
                    measure: "Recommendations past their response date".to_owned(),
                    definition: format!(
                        "Learning recommendations {made_to} still awaiting a response whose due date has passed: {} days after the recommendation, or the date it was extended to ({}).",
                        recommendation_days(),
                        DeadlineKind::RecommendationResponse.source(Regime::Current2020),
                    ),
                    count: f.recommendations_overdue,
                    href: links.overdue_recommendations(),
                    oldest: recommendation_oldest,
                },
            ],
        },
    ]
}

/// The days a recommendation's response is due in, from the clock itself (Sch 3 para 28B(2)).
fn recommendation_days() -> i64 {
    let base = NaiveDate::MIN;
    (clocks::recommendation_response_due(base) - base).num_days()
}
