//! `/published/statistics`: the public complaints bulletin of each force, for the last
//! completed quarter of the financial year (cumulative from 1 April, as the IOPC's quarterly
//! return counts) beside the same period a year earlier.
//!
//! * `GET /published/statistics`: the forces to choose from.
//! * `GET /published/statistics/{force_code}`: one force's bulletin; an unknown force is 404.
//!
//! The figures are the return's own (`db::statistics::facts`, in the force's scope, counted
//! by `workflow::statistics`), reduced to aggregates: cases and allegations logged, why cases
//! were recorded, allegations by category, cases finalised and the working days they took,
//! and reviews. A figure that fewer than 5 cases stand behind is withheld, and so is one more
//! where the rest of its table would give it away by subtraction
//! (`workflow::statistics::protect`, rule `SMALL_NUMBERS`); a percentage goes with its figure,
//! and every percentage of a table whose total is withheld. Nothing on the page names a case,
//! a person or a member of staff. The pages are cached like the other published pages.

use axum::extract::{Path, State};
use axum::response::Response;

use super::{Choices, Chrome};
use crate::db::statistics::{self as db, PublicForce, ReturnFacts, ReturnScope};
use crate::domain::intake::thousands;
use crate::domain::vocab::RecordingReason;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::render::html;
use crate::workflow::Calendar;
use crate::workflow::statistics::{
    Average, Disclosure, FEWEST_CASES, FinancialYear, Part, Period, Quarter,
    last_completed_quarter, percent, protect, working_days,
};

/// The force's name in the reader's language.
fn force_name(tr: &Tr, f: &PublicForce) -> String {
    match (tr.lang, &f.name_cy) {
        (Lang::Welsh, Some(cy)) => cy.clone(),
        _ => f.name.clone(),
    }
}

#[derive(askama::Template)]
#[template(path = "public/bulletin_forces.html")]
struct ForcesPage {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    /// (code, name) of every active force.
    forces: Vec<(String, String)>,
    /// "The latest figures are for ...".
    latest: String,
}

/// The quarter the bulletin shows today, and its period.
fn bulletin_period(today: chrono::NaiveDate) -> AppResult<(FinancialYear, Quarter, Period)> {
    let (year, quarter) = last_completed_quarter(today);
    let period = Period::cumulative(year, quarter, today).map_err(|_| AppError::NotFound)?;
    Ok((year, quarter, period))
}

/// "Quarter 2 of 2026/27 (April to September): 1 April 2026 to 30 September 2026".
fn period_name(tr: &Tr, year: FinancialYear, quarter: Quarter, period: Period) -> String {
    tr.f(
        "bulletin-period",
        &[
            ("number", &quarter.number().to_string()),
            ("year", &year.label()),
            (
                "months",
                tr.t(&format!("bulletin-quarter-{}", quarter.number())),
            ),
            ("from", &tr.date(period.from)),
            ("to", &tr.date(period.to)),
        ],
    )
}

/// `GET /published/statistics`
pub async fn forces(State(state): State<AppState>, choices: Choices) -> AppResult<Response> {
    let tr = choices.tr(None, false);
    let forces = db::public_forces(&state.pool).await?;
    let (year, quarter, period) = bulletin_period(crate::db::today(&state.pool).await?)?;
    html(&ForcesPage {
        lang: tr.lang.code(),
        page_title: tr.t("bulletin-title"),
        tr,
        chrome: choices.chrome(tr, true),
        forces: forces
            .iter()
            .map(|f| (f.code.clone(), force_name(&tr, f)))
            .collect(),
        latest: tr.f(
            "bulletin-latest",
            &[("period", &period_name(&tr, year, quarter, period))],
        ),
    })
}

/// One figure of the bulletin, for one period, as the page shows it.
#[derive(Debug, Clone, PartialEq)]
enum Figure {
    /// A count, with its share of the table's total where the total is shown.
    Count {
        value: i64,
        share: Option<i64>,
        disclosure: Disclosure,
    },
    /// A mean number of working days, withheld when fewer than 5 cases stand behind it.
    Days {
        mean: Option<f64>,
        disclosure: Disclosure,
    },
}

impl Figure {
    fn count(value: i64, disclosure: Disclosure) -> Self {
        Figure::Count {
            value,
            share: None,
            disclosure,
        }
    }

    /// A count and its share of `whole`, the share only when the whole is shown too.
    fn share(value: i64, disclosure: Disclosure, whole: i64, whole_shown: Disclosure) -> Self {
        Figure::Count {
            value,
            share: whole_shown.shown().then(|| percent(value, whole)).flatten(),
            disclosure,
        }
    }

    /// A count that no other figure of the page adds up with: withheld only when small.
    fn alone(value: i64) -> Self {
        Figure::count(value, protect(&[], value).1)
    }

    fn days(average: Average) -> Self {
        Figure::Days {
            mean: average.mean(),
            disclosure: protect(&[], average.count).1,
        }
    }

    fn shown(&self, tr: &Tr) -> String {
        let withheld = |d: Disclosure| match d {
            Disclosure::FewerThan => Some(tr.t("bulletin-fewer-than-5").to_owned()),
            Disclosure::Withheld => Some(tr.t("bulletin-withheld").to_owned()),
            Disclosure::Shown => None,
        };
        match self {
            Figure::Count {
                value,
                share,
                disclosure,
            } => withheld(*disclosure).unwrap_or_else(|| {
                let n = count(*value);
                match share {
                    Some(p) => format!("{n} ({p}%)"),
                    None => n,
                }
            }),
            Figure::Days { mean, disclosure } => {
                withheld(*disclosure).unwrap_or_else(|| match mean {
                    Some(v) => format!("{:.1}", (v * 10.0).round() / 10.0),
                    None => tr.t("bulletin-no-cases").to_owned(),
                })
            }
        }
    }
}

fn count(n: i64) -> String {
    usize::try_from(n)
        .map(thousands)
        .unwrap_or_else(|_| n.to_string())
}

/// One row of a table: its words, how far it is indented, and its two figures.
struct RowView {
    label: String,
    level: u8,
    figures: [String; 2],
}

struct TableView {
    id: &'static str,
    title: &'static str,
    heading: &'static str,
    rows: Vec<RowView>,
}

/// The figures of one period, each with its disclosure decided.
struct Figures {
    logged: Figure,
    allegations: Figure,
    /// (the reason's key, its figure); the last is the total recorded.
    reasons: Vec<(&'static str, Figure)>,
    recorded: Figure,
    /// (category code, name, figure).
    categories: Vec<(String, String, Figure)>,
    outside: Figure,
    outside_days: Figure,
    under: Figure,
    under_days: Figure,
    under_days_excluding: Figure,
    received: Figure,
    completed: Figure,
    upheld: Figure,
    review_days: Figure,
}

/// The bulletin's figures for period `p` (0: the quarter, 1: a year earlier).
fn figures(
    facts: &ReturnFacts,
    category_cases: &[(String, [i64; 2])],
    cal: &Calendar,
    p: usize,
    show_no_reason: bool,
) -> Figures {
    let logged_groups = || facts.logged.iter().filter(|g| g.period == p);
    let logged: i64 = logged_groups().map(|g| g.cases).sum();
    let allegations: i64 = logged_groups().map(|g| g.allegations).sum();

    // Why cases were recorded, adding up to the cases recorded.
    use RecordingReason as R;
    let recorded_with = |pick: &dyn Fn(Option<RecordingReason>) -> bool| -> i64 {
        logged_groups()
            .filter(|g| g.schedule3 && pick(g.recording_reason))
            .map(|g| g.cases)
            .sum()
    };
    let mut reasons: Vec<(&'static str, i64)> = vec![
        (
            "bulletin-reason-aa",
            recorded_with(&|r| {
                matches!(r, Some(R::AppropriateAuthorityDecides | R::MustBeRecorded))
            }),
        ),
        (
            "bulletin-reason-wishes",
            recorded_with(&|r| r == Some(R::ComplainantWishes)),
        ),
        (
            "bulletin-reason-dissatisfied",
            recorded_with(&|r| r == Some(R::DissatisfiedAfterInitialHandling)),
        ),
    ];
    if show_no_reason {
        reasons.push(("bulletin-reason-none", recorded_with(&|r| r.is_none())));
    }
    let recorded = recorded_with(&|_| true);
    let reason_parts: Vec<Part> = reasons.iter().map(|(_, n)| Part::shown(*n, *n)).collect();
    let (mut reason_shown, mut recorded_shown) = protect(&reason_parts, recorded);
    // The cases logged are those recorded and those not (yet) recorded, which the page does
    // not show but `logged - recorded` would give: a few of them withhold the cases recorded.
    let not_recorded = logged - recorded;
    if recorded_shown.shown() && not_recorded > 0 && not_recorded < FEWEST_CASES {
        recorded_shown = Disclosure::Withheld;
    }
    // And the reasons add up to the cases logged with those not recorded: the same rule
    // again, over the reasons still shown.
    let flattened: Vec<Part> = reasons
        .iter()
        .zip(&reason_shown)
        .map(|((_, n), d)| {
            if d.shown() {
                Part::shown(*n, *n)
            } else {
                Part::unseen(*n, *n)
            }
        })
        .chain([Part::unseen(not_recorded, not_recorded)])
        .collect();
    let (flattened_shown, logged_shown) = protect(&flattened, logged);
    for (d, f) in reason_shown.iter_mut().zip(flattened_shown) {
        if d.shown() && !f.shown() {
            *d = f;
        }
    }

    // Categories, adding up to the allegations logged; each behind the cases that hold one.
    let top: Vec<_> = facts
        .categories
        .iter()
        .filter(|c| c.parent.is_none() && (c.active || c.counts != [0, 0]))
        .collect();
    let category_parts: Vec<Part> = top
        .iter()
        .map(|c| {
            let cases = category_cases
                .iter()
                .find(|(code, _)| *code == c.code)
                .map_or(0, |(_, n)| n[p]);
            Part::shown(c.counts[p], cases)
        })
        .collect();
    let (category_shown, allegations_shown) = protect(&category_parts, logged);

    // Finalisation: two counts that no total on the page joins, and their averages.
    let finalised = |under: bool| {
        facts
            .finalised
            .iter()
            .filter(move |g| g.period == p && g.schedule3 == under)
    };
    let days = |under: bool, excluding: bool| Average {
        total: finalised(under)
            .map(|g| if excluding { g.days_excluding } else { g.days })
            .sum(),
        count: finalised(under).map(|g| g.cases).sum(),
    };

    // Reviews: those completed are upheld or not; the page shows the upheld.
    let received: i64 = facts
        .reviews_received
        .iter()
        .filter(|r| r.period == p)
        .map(|r| r.reviews)
        .sum();
    let completed_rows = || facts.reviews_completed.iter().filter(|r| r.period == p);
    let completed: i64 = completed_rows().map(|r| r.reviews).sum();
    let upheld: i64 = completed_rows()
        .filter(|r| r.upheld)
        .map(|r| r.reviews)
        .sum();
    let (upheld_shown, completed_shown) = protect(
        &[
            Part::shown(upheld, upheld),
            Part::unseen(completed - upheld, completed - upheld),
        ],
        completed,
    );
    let mut review_days = Average::default();
    for r in completed_rows() {
        review_days.add(working_days(cal, r.applied_on, r.decided_on), r.reviews);
    }

    Figures {
        logged: Figure::count(logged, logged_shown),
        allegations: Figure::count(allegations, allegations_shown),
        reasons: reasons
            .iter()
            .zip(reason_shown)
            .map(|((key, n), d)| (*key, Figure::share(*n, d, recorded, recorded_shown)))
            .collect(),
        recorded: Figure::count(recorded, recorded_shown),
        categories: top
            .iter()
            .zip(category_shown)
            .map(|(c, d)| {
                (
                    c.code.clone(),
                    c.name.clone(),
                    Figure::share(c.counts[p], d, allegations, allegations_shown),
                )
            })
            .collect(),
        outside: Figure::alone(finalised(false).map(|g| g.cases).sum()),
        outside_days: Figure::days(days(false, false)),
        under: Figure::alone(finalised(true).map(|g| g.cases).sum()),
        under_days: Figure::days(days(true, false)),
        under_days_excluding: Figure::days(days(true, true)),
        received: Figure::alone(received),
        completed: Figure::count(completed, completed_shown),
        upheld: Figure::share(upheld, upheld_shown[0], completed, completed_shown),
        review_days: Figure::days(review_days),
    }
}

/// The bulletin's tables, in the reader's language.
fn tables(tr: &Tr, now: &Figures, before: &Figures) -> Vec<TableView> {
    let row = |label: String, level: u8, pick: &dyn Fn(&Figures) -> &Figure| RowView {
        label,
        level,
        figures: [pick(now).shown(tr), pick(before).shown(tr)],
    };
    let mut reasons: Vec<RowView> = now
        .reasons
        .iter()
        .enumerate()
        .map(|(i, (key, _))| row(tr.t(key).to_owned(), 1, &|f| &f.reasons[i].1))
        .collect();
    reasons.insert(
        0,
        row(tr.t("bulletin-recorded").to_owned(), 0, &|f| &f.recorded),
    );
    let mut categories: Vec<RowView> = now
        .categories
        .iter()
        .enumerate()
        .map(|(i, (code, name, _))| {
            // The words of the categories the IOPC's guidance names; an administrator's own
            // category by the name it was given.
            let key = format!("bulletin-category-{code}");
            let label = if tr.has(&key) {
                tr.t(&key).to_owned()
            } else {
                name.clone()
            };
            row(label, 1, &|f| &f.categories[i].2)
        })
        .collect();
    categories.insert(
        0,
        row(tr.t("bulletin-allegations").to_owned(), 0, &|f| {
            &f.allegations
        }),
    );
    vec![
        TableView {
            id: "logged",
            title: tr.t("bulletin-logged-title"),
            heading: tr.t("bulletin-measure"),
            rows: vec![
                row(tr.t("bulletin-cases-logged").to_owned(), 0, &|f| &f.logged),
                row(tr.t("bulletin-allegations").to_owned(), 0, &|f| {
                    &f.allegations
                }),
            ],
        },
        TableView {
            id: "recorded",
            title: tr.t("bulletin-recorded-title"),
            heading: tr.t("bulletin-reason"),
            rows: reasons,
        },
        TableView {
            id: "categories",
            title: tr.t("bulletin-categories-title"),
            heading: tr.t("bulletin-category"),
            rows: categories,
        },
        TableView {
            id: "finalised",
            title: tr.t("bulletin-finalised-title"),
            heading: tr.t("bulletin-measure"),
            rows: vec![
                row(tr.t("bulletin-finalised-outside").to_owned(), 0, &|f| {
                    &f.outside
                }),
                row(tr.t("bulletin-days-outside").to_owned(), 1, &|f| {
                    &f.outside_days
                }),
                row(tr.t("bulletin-finalised-under").to_owned(), 0, &|f| {
                    &f.under
                }),
                row(tr.t("bulletin-days-under").to_owned(), 1, &|f| {
                    &f.under_days
                }),
                row(tr.t("bulletin-days-under-excluding").to_owned(), 1, &|f| {
                    &f.under_days_excluding
                }),
            ],
        },
        TableView {
            id: "reviews",
            title: tr.t("bulletin-reviews-title"),
            heading: tr.t("bulletin-measure"),
            rows: vec![
                row(tr.t("bulletin-reviews-received").to_owned(), 0, &|f| {
                    &f.received
                }),
                row(tr.t("bulletin-reviews-completed").to_owned(), 0, &|f| {
                    &f.completed
                }),
                row(tr.t("bulletin-reviews-upheld").to_owned(), 1, &|f| {
                    &f.upheld
                }),
                row(tr.t("bulletin-reviews-days").to_owned(), 1, &|f| {
                    &f.review_days
                }),
            ],
        },
    ]
}

#[derive(askama::Template)]
#[template(path = "public/bulletin.html")]
struct BulletinPage {
    lang: &'static str,
    page_title: String,
    tr: Tr,
    chrome: Chrome,
    force: String,
    period: String,
    now_heading: String,
    before_heading: String,
    tables: Vec<TableView>,
}

/// `GET /published/statistics/{force_code}`
pub async fn show(
    State(state): State<AppState>,
    choices: Choices,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let forces = db::public_forces(&state.pool).await?;
    let force = forces
        .into_iter()
        .find(|f| f.code == code)
        .ok_or(AppError::NotFound)?;
    let tr = choices.tr(None, false);
    let (year, quarter, period) = bulletin_period(crate::db::today(&state.pool).await?)?;
    let previous = period.same_period_last_year();
    let scope = ReturnScope::force(crate::auth::session::CaseScope::Force(force.id), force.id);
    let (facts, category_cases) = tokio::try_join!(
        db::facts(&state.pool, &scope, [period, previous]),
        db::category_cases(&state.pool, &scope, [period, previous]),
    )?;
    let cal = state.calendar().await?;
    // Complaints under the rules before 2020 have no reason recorded: a row of their own,
    // in both columns, only where there are some.
    let no_reason = facts
        .logged
        .iter()
        .any(|g| g.schedule3 && g.recording_reason.is_none() && g.cases > 0);
    let now = figures(&facts, &category_cases, &cal, 0, no_reason);
    let before = figures(&facts, &category_cases, &cal, 1, no_reason);
    let name = force_name(&tr, &force);
    let dates = |p: Period| {
        tr.f(
            "bulletin-dates",
            &[("from", &tr.date(p.from)), ("to", &tr.date(p.to))],
        )
    };
    html(&BulletinPage {
        lang: tr.lang.code(),
        page_title: tr.f("bulletin-force-title", &[("force", &name)]),
        tr,
        chrome: choices.chrome(tr, true),
        force: name,
        period: period_name(&tr, year, quarter, period),
        now_heading: dates(period),
        before_heading: tr.f("bulletin-last-year", &[("dates", &dates(previous))]),
        tables: tables(&tr, &now, &before),
    })
}
