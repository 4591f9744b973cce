//! The IOPC's quarterly return (the Police complaints information bulletin): its periods, the
//! counting rules this service follows, and the working-day arithmetic of its averages. Pure:
//! the database gives the dates, this module says what they count as.
//!
//! Forces supply complaints data under the Home Secretary's Annual Data Requirement, following
//! the IOPC's Guidance on capturing data about police complaints (2020, updated 2021) and its
//! Counting rules and calculations (January 2022). The counting rules' text was not seen here,
//! so every definition the law and the guidance leave open is written down in [`DEFINITIONS`],
//! with the source it rests on and whether that source was checked, and the return page shows
//! each beside its measure.
//!
//! Periods are cumulative within the financial year (Q1 = 1 April to 30 June, Q2 = 1 April to
//! 30 September, Q3 = 1 April to 31 December, Q4 = the whole year to 31 March), or any range of
//! dates up to five years long. Every figure is shown beside the same period a year earlier.

use chrono::{Datelike, Months, NaiveDate};

use super::calendar::{Calendar, english_date};

/// The longest range a return may cover, in years.
pub const MAX_YEARS: u32 = 5;

/// A financial year, named by the year it starts in: 2025 is 1 April 2025 to 31 March 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    /// The financial year a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        if date.month() >= 4 {
            FinancialYear(date.year())
        } else {
            FinancialYear(date.year() - 1)
        }
    }

    pub fn start(self) -> NaiveDate {
        ymd(self.0, 4, 1)
    }

    pub fn end(self) -> NaiveDate {
        ymd(self.0 + 1, 3, 31)
    }

    /// "2025/26", as the bulletins write it.
    pub fn label(self) -> String {
        format!("{}/{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A quarter of the financial year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quarter {
    Q1,
    Q2,
    Q3,
    Q4,
}

impl Quarter {
    pub const ALL: [Quarter; 4] = [Quarter::Q1, Quarter::Q2, Quarter::Q3, Quarter::Q4];

    pub fn number(self) -> u32 {
        match self {
            Quarter::Q1 => 1,
            Quarter::Q2 => 2,
            Quarter::Q3 => 3,
            Quarter::Q4 => 4,
        }
    }

    /// The quarter a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        match date.month() {
            4..=6 => Quarter::Q1,
            7..=9 => Quarter::Q2,
            10..=12 => Quarter::Q3,
            _ => Quarter::Q4,
        }
    }

    pub fn from_number(n: u32) -> Option<Self> {
        Quarter::ALL.into_iter().find(|q| q.number() == n)
    }

    /// The first day of the quarter's own three months.
    pub fn first_day(self, year: FinancialYear) -> NaiveDate {
        match self {
            Quarter::Q1 => ymd(year.0, 4, 1),
            Quarter::Q2 => ymd(year.0, 7, 1),
            Quarter::Q3 => ymd(year.0, 10, 1),
            Quarter::Q4 => ymd(year.0 + 1, 1, 1),
        }
    }

    /// The last day of the quarter.
    pub fn last_day(self, year: FinancialYear) -> NaiveDate {
        match self {
            Quarter::Q1 => ymd(year.0, 6, 30),
            Quarter::Q2 => ymd(year.0, 9, 30),
            Quarter::Q3 => ymd(year.0, 12, 31),
            Quarter::Q4 => year.end(),
        }
    }

    /// "Q2 (April to September)".
    pub fn label(self) -> &'static str {
        match self {
            Quarter::Q1 => "Q1 (April to June)",
            Quarter::Q2 => "Q2 (April to September)",
            Quarter::Q3 => "Q3 (April to December)",
            Quarter::Q4 => "Q4 (the whole year, April to March)",
        }
    }
}

/// How many quarters the trend chart shows for a range of dates.
pub const TREND_QUARTERS: usize = 8;

/// A quarter of a particular financial year, as the trend chart counts it: its own three
/// months, not cumulative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearQuarter {
    pub year: FinancialYear,
    pub quarter: Quarter,
}

impl YearQuarter {
    /// The quarter a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        YearQuarter {
            year: FinancialYear::of(date),
            quarter: Quarter::of(date),
        }
    }

    /// The quarter's own three months.
    pub fn period(self) -> Period {
        Period {
            from: self.quarter.first_day(self.year),
            to: self.quarter.last_day(self.year),
        }
    }

    /// The quarter before it (Q4 of the year before for a Q1).
    pub fn previous(self) -> Self {
        match Quarter::from_number(self.quarter.number() - 1) {
            Some(quarter) => YearQuarter { quarter, ..self },
            None => YearQuarter {
                year: FinancialYear(self.year.0 - 1),
                quarter: Quarter::Q4,
            },
        }
    }

    /// "Q2 2025/26".
    pub fn label(self) -> String {
        format!("Q{} {}", self.quarter.number(), self.year.label())
    }

    /// The quarters a trend shows, oldest first: for a quarter of a financial year asked
    /// for, every quarter of the year before and those of its own year up to it; for dates
    /// chosen, the [`TREND_QUARTERS`] quarters up to the one the period ends in.
    pub fn trend(period: Period, asked: Option<(FinancialYear, Quarter)>) -> Vec<YearQuarter> {
        let (last, count) = match asked {
            Some((year, quarter)) => (YearQuarter { year, quarter }, 4 + quarter.number() as usize),
            None => (YearQuarter::of(period.to), TREND_QUARTERS),
        };
        let mut quarters = vec![last];
        while quarters.len() < count {
            let before = quarters[quarters.len() - 1].previous();
            quarters.push(before);
        }
        quarters.reverse();
        quarters
    }
}

/// What a return's period cannot be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodProblem {
    EndBeforeStart,
    LongerThanMaximum,
    QuarterNotStarted,
}

impl PeriodProblem {
    pub fn message(self) -> String {
        match self {
            PeriodProblem::EndBeforeStart => {
                "The end date must be the same as or after the start date".to_owned()
            }
            PeriodProblem::LongerThanMaximum => {
                format!("The period must be {MAX_YEARS} years or shorter")
            }
            PeriodProblem::QuarterNotStarted => "That quarter has not started yet".to_owned(),
        }
    }
}

/// The dates a return counts: from and to, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A cumulative quarter: 1 April of the year to the quarter's last day. Refused while the
    /// quarter's own months have not begun (today before its first day).
    pub fn cumulative(
        year: FinancialYear,
        quarter: Quarter,
        today: NaiveDate,
    ) -> Result<Period, PeriodProblem> {
        if quarter.first_day(year) > today {
            return Err(PeriodProblem::QuarterNotStarted);
        }
        Ok(Period {
            from: year.start(),
            to: quarter.last_day(year),
        })
    }

    /// Any range of dates, at most [`MAX_YEARS`] years long (1 April 2020 to 31 March 2025 is
    /// five years; a day more is too long).
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodProblem> {
        if to < from {
            return Err(PeriodProblem::EndBeforeStart);
        }
        let limit = from
            .checked_add_months(Months::new(12 * MAX_YEARS))
            .unwrap_or(NaiveDate::MAX);
        if to >= limit {
            return Err(PeriodProblem::LongerThanMaximum);
        }
        Ok(Period { from, to })
    }

    /// The same dates a year earlier (29 February becomes 28 February).
    pub fn same_period_last_year(self) -> Period {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
        Period {
            from: back(self.from),
            to: back(self.to),
        }
    }

    /// The financial year whose employees the period's rate per 1,000 is counted against: the
    /// year the period ends in.
    pub fn headcount_year(self) -> FinancialYear {
        FinancialYear::of(self.to)
    }

    /// "1 April 2025 to 30 June 2025".
    pub fn label(self) -> String {
        format!("{} to {}", english_date(self.from), english_date(self.to))
    }
}

/// The financial quarter most recently ended before `today`, with its year: on 1 July 2026
/// it is Q1 of 2026/27 (April to June); from 1 April to 30 June 2026 it is Q4 of 2025/26.
/// The public bulletin shows this quarter, cumulatively from 1 April.
pub fn last_completed_quarter(today: NaiveDate) -> (FinancialYear, Quarter) {
    let year = FinancialYear::of(today);
    match Quarter::of(today) {
        Quarter::Q1 => (FinancialYear(year.0 - 1), Quarter::Q4),
        Quarter::Q2 => (year, Quarter::Q1),
        Quarter::Q3 => (year, Quarter::Q2),
        Quarter::Q4 => (year, Quarter::Q3),
    }
}

/// The fewest cases a figure of the public bulletin may rest on ([`SMALL_NUMBERS`]).
pub const FEWEST_CASES: i64 = 5;

/// How a figure of the public bulletin is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    Shown,
    /// Fewer than [`FEWEST_CASES`] cases stand behind it: "fewer than 5".
    FewerThan,
    /// Enough cases stand behind it, but it is withheld so that a figure for fewer cases
    /// cannot be worked out by subtracting the others from their total.
    Withheld,
}

impl Disclosure {
    pub fn shown(self) -> bool {
        self == Disclosure::Shown
    }
}

/// One of a group of figures that add up to a total: its value (cases, allegations or
/// reviews), how many cases stand behind it, and whether the page shows it at all (a figure
/// left off the page, such as "cases not recorded" beside "cases logged" and "cases recorded",
/// can still be worked out by subtraction, so it counts as a part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub value: i64,
    pub cases: i64,
    pub on_page: bool,
}

impl Part {
    /// A figure the page shows.
    pub fn shown(value: i64, cases: i64) -> Self {
        Part {
            value,
            cases,
            on_page: true,
        }
    }

    /// A figure the page leaves off (or another group has already withheld).
    pub fn unseen(value: i64, cases: i64) -> Self {
        Part {
            value,
            cases,
            on_page: false,
        }
    }
}

/// Which figures of one group the bulletin withholds ([`SMALL_NUMBERS`]): each part behind
/// fewer than [`FEWEST_CASES`] cases, and the total if it is; then, while the figures not
/// shown add up to more than nothing and every one of them is small (so that subtracting
/// the shown parts from the total would give a small figure, or the sum of small ones), the
/// smallest part still shown, or, with none left, the total. The answer is one disclosure per
/// part (a part off the page gets one too, which the page does not use) and the total's.
pub fn protect(parts: &[Part], total_cases: i64) -> (Vec<Disclosure>, Disclosure) {
    let mut out: Vec<Disclosure> = parts
        .iter()
        .map(|p| {
            if p.cases < FEWEST_CASES {
                Disclosure::FewerThan
            } else {
                Disclosure::Shown
            }
        })
        .collect();
    if total_cases < FEWEST_CASES {
        let all = vec![Disclosure::FewerThan; parts.len()];
        return (all, Disclosure::FewerThan);
    }
    let mut total = Disclosure::Shown;
    loop {
        let hidden = parts
            .iter()
            .zip(&out)
            .filter(|(p, d)| !p.on_page || !d.shown());
        let (sum, any_large) = hidden.fold((0, false), |(sum, large), (p, _)| {
            (sum + p.value, large || p.cases >= FEWEST_CASES)
        });
        if sum == 0 || any_large {
            break;
        }
        let smallest = parts
            .iter()
            .enumerate()
            .filter(|(i, p)| p.on_page && out[*i].shown())
            .min_by_key(|(_, p)| p.value)
            .map(|(i, _)| i);
        match smallest {
            Some(i) => out[i] = Disclosure::Withheld,
            None => {
                total = Disclosure::Withheld;
                break;
            }
        }
    }
    (out, total)
}

/// A mean: the sum and how many were summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Average {
    pub total: i64,
    pub count: i64,
}

impl Average {
    pub fn add(&mut self, value: i64, times: i64) {
        self.total += value * times;
        self.count += times;
    }

    /// The mean, or `None` with nothing counted.
    pub fn mean(self) -> Option<f64> {
        (self.count > 0).then(|| self.total as f64 / self.count as f64)
    }
}

/// Working days from one date to another, never below 0: a contact made before the case was
/// logged counts as made the day it was logged ([`FIRST_CONTACT`]).
///
/// The database counts the return's spans itself, as each step happens (`working_days_spent`
/// and `case_statistic_source`, migration 0100); this and [`days_to_finalise`] are the rules
/// it must agree with, and `tests/integration/statistics_facts.rs` checks it does for every
/// generated complaint.
pub fn working_days(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    cal.working_days_between(from, to).max(0)
}

/// The working days a case took from receipt to finalisation, including and excluding the
/// days its investigation was suspended ([`FINALISATION`]). A suspension is the working days
/// in `(started, ended]`, clipped to the case's own span; one still open at finalisation runs
/// to it; overlapping suspensions (of an investigation and its re-investigation) count once.
pub fn days_to_finalise(
    cal: &Calendar,
    received: NaiveDate,
    finalised: NaiveDate,
    suspensions: &[(NaiveDate, Option<NaiveDate>)],
) -> (i64, i64) {
    let including = working_days(cal, received, finalised);
    let mut spans: Vec<(NaiveDate, NaiveDate)> = suspensions
        .iter()
        .map(|(from, to)| {
            (
                (*from).max(received),
                to.unwrap_or(finalised).min(finalised),
            )
        })
        .filter(|(from, to)| from < to)
        .collect();
    spans.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    let suspended: i64 = merged
        .iter()
        .map(|(from, to)| working_days(cal, *from, *to))
        .sum();
    (including, (including - suspended).max(0))
}

/// `part` as a whole percentage of `whole`, rounded half up; `None` of nothing.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 200 + whole) / (whole * 2))
}

/// A rate per 1,000 employees, to one decimal place as shown.
pub fn per_thousand(count: i64, headcount: i64) -> Option<f64> {
    (headcount > 0).then(|| count as f64 * 1000.0 / headcount as f64)
}

/// How a measure is counted, where the law or the IOPC's counting rules leave it open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    /// The measure, as the return names it.
    pub measure: &'static str,
    /// What is counted, in plain English.
    pub text: &'static str,
    /// What the rule rests on.
    pub source: &'static str,
    /// Whether the source's text was checked; an unverified rule is marked on the page.
    pub verified: bool,
}

/// Which cases a logging measure counts (bulletin section A1).
pub const LOGGED: Definition = Definition {
    measure: "Complaint cases logged",
    text: "Complaints whose logging date falls in the period, with every allegation they hold. Recordable conduct matters and death or serious injury matters are not complaints and are not counted.",
    source: "PRA 2002 s.12(1); CMR 2020 reg 44; IOPC Guidance on capturing data about police complaints (2020)",
    verified: false,
};

/// Receipt to logging.
pub const RECEIPT_TO_LOGGING: Definition = Definition {
    measure: "Average working days from receipt to logging",
    text: "For each complaint logged in the period, the working days after the day it was received up to and including the day it was logged (0 when logged the day it arrived), averaged.",
    source: "IOPC Counting rules and calculations (2022), not seen; working days as CMR 2020 define them",
    verified: false,
};

/// The first contact with the complainant.
pub const FIRST_CONTACT: Definition = Definition {
    measure: "Average working days from logging to first contact",
    text: "First contact is the earliest entry in the case's contact log, with the complainant or anyone acting for them. For each complaint logged in the period that has one, the working days from logging to that contact (0 when the contact came first), averaged; complaints with no contact logged yet are left out and counted beside it.",
    source: "Sch 3 para 2(6) (the appropriate authority contacts the complainant to seek their views); IOPC Counting rules and calculations (2022), not seen",
    verified: false,
};

/// Employees.
pub const PER_THOUSAND: Definition = Definition {
    measure: "Allegations per 1,000 employees",
    text: "Allegations logged in the period for every 1,000 employees of the force in the financial year the period ends in, as an administrator entered the headcount. England and Wales is shown only when every active force's headcount is entered.",
    source: "IOPC Police complaints information bulletin, table A1.1",
    verified: false,
};

/// Recording reasons.
pub const RECORDING_REASON: Definition = Definition {
    measure: "Cases recorded under Schedule 3, by reason",
    text: "Complaints logged in the period and recorded under Schedule 3, by the reason recorded. A complaint the law requires to be recorded (para 2(6A), (6B)) is counted under \"appropriate authority decides\": the bulletin has no fourth reason. A complaint first handled outside Schedule 3 and then recorded counts under \"dissatisfaction after initial handling\".",
    source: "Sch 3 para 2(6)-(6C); IOPC Police complaints information bulletin, table A1.2",
    verified: false,
};

/// Categories.
pub const CATEGORIES: Definition = Definition {
    measure: "Allegations logged, by category",
    text: "Allegations of the complaints logged in the period, by the category given to each (one category per allegation), with the share of all allegations logged.",
    source: "IOPC Guidance on capturing data about police complaints (2020): each allegation has exactly one category",
    verified: false,
};

/// Allegations finalised, by category.
pub const CATEGORIES_FINALISED: Definition = Definition {
    measure: "Allegations finalised, by category, investigated or not",
    text: "Allegations of the complaints finalised in the period, by the category given to each, in two tables: those handled by an investigation (local, directed or independent) and the rest (handled outside Schedule 3, otherwise than by investigation, with no further action, or not yet given a handling), each with the share of its table's total.",
    source: "IOPC annual statistics, table of allegations finalised by sub-category and whether investigated; Sch 3 paras 6, 15",
    verified: false,
};

/// Finalisation.
pub const FINALISATION: Definition = Definition {
    measure: "Cases finalised",
    text: "A complaint is finalised on the first of: the day the complainant is told the outcome (after an investigation, other handling or a decision to take no further action), the day it is withdrawn, or the day handling outside Schedule 3 is closed. A complaint re-opened by an upheld review is not finalised a second time. The time taken is the working days from receipt to finalisation; \"excluding suspension\" leaves out the working days its investigation was suspended.",
    source: "CMR 2020 regs 12, 34, 38; Sch 3 para 2(6C); IOPC Counting rules and calculations (2022), not seen",
    verified: false,
};

/// Handling.
pub const HANDLING: Definition = Definition {
    measure: "Allegations finalised, by handling",
    text: "Allegations of the complaints finalised in the period, by how they were last handled. Investigated allegations are subject to special procedures when any subject of the allegation is (an officer or special constable whose conduct may amount to a criminal offence or misconduct).",
    source: "Sch 3 paras 6, 15, 19A; CMR 2020 regs 16-22",
    verified: true,
};

/// Outcomes.
pub const OUTCOMES: Definition = Definition {
    measure: "Outcomes of allegations finalised",
    text: "Allegations of the complaints finalised under Schedule 3 in the period, by the outcome told to the complainant, for allegations not investigated (bulletin table E1.1) and investigated (E1.2).",
    source: "CMR 2020 reg 34; IOPC Police complaints information bulletin, tables E1.1 and E1.2",
    verified: false,
};

/// Reviews.
pub const REVIEWS: Definition = Definition {
    measure: "Reviews",
    text: "Applications for a review received in the period, and valid reviews completed (decided) in it. A review upheld is one where the review body found the outcome not reasonable and proportionate. A review is of an investigated case when the complaint had been investigated before the application. Invalid applications are counted as received but not as completed. Time to complete is the working days from the application to the decision.",
    source: "Sch 3 paras 6A, 25; CMR 2020 regs 29-32",
    verified: false,
};

/// Small numbers on the public bulletin.
pub const SMALL_NUMBERS: Definition = Definition {
    measure: "Figures withheld on the public bulletin",
    text: "A figure that fewer than 5 complaint cases stand behind is not published: the bulletin says \"fewer than 5\", and leaves out its percentage. Where the figures of a table add up to a total, one more figure (the smallest shown, or else the total) is withheld too, so that the small figure cannot be worked out by subtracting the others from the total. A figure for allegations counts the cases the allegations belong to.",
    source: "UK Statistics Authority, Code of Practice for Statistics, T6.4 (statistics must not reveal identifiable personal information); the threshold of 5 follows common government practice for small numbers; the IOPC's own rule for its bulletins was not seen",
    verified: false,
};

/// Every definition, in the order the return shows them.
pub const DEFINITIONS: &[Definition] = &[
    LOGGED,
    RECEIPT_TO_LOGGING,
    FIRST_CONTACT,
    PER_THOUSAND,
    RECORDING_REASON,
    CATEGORIES,
    FINALISATION,
    CATEGORIES_FINALISED,
    HANDLING,
    OUTCOMES,
    REVIEWS,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::calendar::tests::{d, england_and_wales};

    #[test]
    fn financial_years_start_on_1_april() {
        assert_eq!(FinancialYear::of(d(2025, 3, 31)), FinancialYear(2024));
        assert_eq!(FinancialYear::of(d(2025, 4, 1)), FinancialYear(2025));
        assert_eq!(FinancialYear(2025).label(), "2025/26");
        assert_eq!(FinancialYear(2099).label(), "2099/00");
        assert_eq!(FinancialYear(2025).end(), d(2026, 3, 31));
        assert_eq!(Quarter::of(d(2026, 2, 1)), Quarter::Q4);
        assert_eq!(Quarter::of(d(2025, 9, 30)), Quarter::Q2);
    }

    #[test]
    fn the_trend_shows_the_year_before_and_the_year_to_the_quarter_or_eight_quarters() {
        let period = Period {
            from: d(2025, 4, 1),
            to: d(2025, 9, 30),
        };
        let labels =
            |qs: Vec<YearQuarter>| qs.into_iter().map(YearQuarter::label).collect::<Vec<_>>();
        assert_eq!(
            labels(YearQuarter::trend(
                period,
                Some((FinancialYear(2025), Quarter::Q2))
            )),
            [
                "Q1 2024/25",
                "Q2 2024/25",
                "Q3 2024/25",
                "Q4 2024/25",
                "Q1 2025/26",
                "Q2 2025/26"
            ]
        );
        let range = Period {
            from: d(2024, 5, 3),
            to: d(2025, 2, 10),
        };
        let trend = YearQuarter::trend(range, None);
        assert_eq!(trend.len(), TREND_QUARTERS);
        assert_eq!(trend[0].label(), "Q1 2023/24");
        assert_eq!(trend[7].label(), "Q4 2024/25");
        assert_eq!(
            trend[7].period(),
            Period {
                from: d(2025, 1, 1),
                to: d(2025, 3, 31)
            }
        );
        assert_eq!(trend[3].period().from, d(2024, 1, 1));
    }

    #[test]
    fn cumulative_quarters_run_from_1_april() {
        let today = d(2026, 3, 1);
        let y = FinancialYear(2025);
        let q = |q| Period::cumulative(y, q, today).expect("started");
        assert_eq!(
            q(Quarter::Q1),
            Period {
                from: d(2025, 4, 1),
                to: d(2025, 6, 30)
            }
        );
        assert_eq!(q(Quarter::Q2).to, d(2025, 9, 30));
        assert_eq!(q(Quarter::Q3).to, d(2025, 12, 31));
        assert_eq!(
            q(Quarter::Q4),
            Period {
                from: y.start(),
                to: y.end()
            }
        );
        for quarter in Quarter::ALL {
            assert_eq!(q(quarter).from, d(2025, 4, 1));
        }
    }

    #[test]
    fn a_quarter_that_has_not_started_is_refused() {
        let y = FinancialYear(2025);
        assert_eq!(
            Period::cumulative(y, Quarter::Q4, d(2025, 12, 31)),
            Err(PeriodProblem::QuarterNotStarted)
        );
        assert!(Period::cumulative(y, Quarter::Q4, d(2026, 1, 1)).is_ok());
        assert_eq!(
            Period::cumulative(FinancialYear(2026), Quarter::Q1, d(2026, 3, 31)),
            Err(PeriodProblem::QuarterNotStarted)
        );
    }

    #[test]
    fn the_last_completed_quarter_is_the_one_that_ended_before_today() {
        let q = |y, m, dd| last_completed_quarter(d(y, m, dd));
        assert_eq!(q(2026, 7, 1), (FinancialYear(2026), Quarter::Q1));
        assert_eq!(q(2026, 6, 30), (FinancialYear(2025), Quarter::Q4));
        assert_eq!(q(2026, 4, 1), (FinancialYear(2025), Quarter::Q4));
        assert_eq!(q(2026, 12, 4), (FinancialYear(2026), Quarter::Q2));
        assert_eq!(q(2027, 1, 1), (FinancialYear(2026), Quarter::Q3));
        assert_eq!(q(2027, 3, 31), (FinancialYear(2026), Quarter::Q3));
        // The quarter has ended, so its cumulative period is always available.
        for day in [d(2026, 4, 1), d(2026, 7, 1), d(2026, 10, 1), d(2027, 1, 1)] {
            let (year, quarter) = last_completed_quarter(day);
            let period = Period::cumulative(year, quarter, day).expect("ended");
            assert!(period.to < day);
            assert_eq!(period.from, year.start());
        }
    }

    use Disclosure::{FewerThan, Shown, Withheld};

    /// What a reader can work out of a group: the total less the shown parts, when the total
    /// is shown; it must never be one small part alone.
    fn recoverable(parts: &[Part], (out, total): &(Vec<Disclosure>, Disclosure)) -> Option<i64> {
        if !total.shown() {
            return None;
        }
        let total: i64 = parts.iter().map(|p| p.value).sum();
        let shown: i64 = parts
            .iter()
            .zip(out)
            .filter(|(p, d)| p.on_page && d.shown())
            .map(|(p, _)| p.value)
            .sum();
        Some(total - shown)
    }

    #[test]
    fn small_numbers_a_figure_behind_fewer_than_5_cases_is_withheld_with_another() {
        // Code of Practice for Statistics T6.4 (unverified threshold): 2 of 40 allegations.
        let parts = [Part::shown(2, 2), Part::shown(30, 20), Part::shown(8, 6)];
        let protected = protect(&parts, 25);
        assert_eq!(protected, (vec![FewerThan, Shown, Withheld], Shown));
        // The total less what is shown is 10: not the small figure.
        assert_eq!(recoverable(&parts, &protected), Some(10));
        // Nothing small: everything shown.
        let parts = [Part::shown(12, 9), Part::shown(30, 20)];
        assert_eq!(protect(&parts, 25), (vec![Shown, Shown], Shown));
    }

    #[test]
    fn small_numbers_a_small_complement_left_off_the_page_withholds_a_shown_figure() {
        // 20 reviews completed, 17 upheld: the 3 not upheld would follow by subtraction.
        let parts = [Part::shown(17, 17), Part::unseen(3, 3)];
        let protected = protect(&parts, 20);
        assert_eq!(protected.0[0], Withheld);
        assert_eq!(protected.1, Shown);
        // 12 upheld and 8 not: nothing small, nothing withheld.
        let parts = [Part::shown(12, 12), Part::unseen(8, 8)];
        assert_eq!(protect(&parts, 20).0[0], Shown);
    }

    #[test]
    fn small_numbers_the_total_goes_when_no_part_is_left_to_withhold() {
        // Two small parts of 7: withholding both still leaves 7 = 3 + 4 to be shared between
        // two small figures; the total is withheld as well.
        let parts = [Part::shown(3, 3), Part::shown(4, 4)];
        assert_eq!(protect(&parts, 7), (vec![FewerThan, FewerThan], Withheld));
        // A total behind fewer than 5 cases: all of it.
        let parts = [Part::shown(3, 3), Part::shown(1, 1)];
        assert_eq!(protect(&parts, 4), (vec![FewerThan, FewerThan], FewerThan));
    }

    #[test]
    fn small_numbers_parts_of_nothing_need_no_second_figure_withheld() {
        // Empty categories are "fewer than 5" but add up to nothing, so the rest is shown.
        let parts = [Part::shown(0, 0), Part::shown(0, 0), Part::shown(25, 9)];
        assert_eq!(
            protect(&parts, 9),
            (vec![FewerThan, FewerThan, Shown], Shown)
        );
        // Every combination of small groups keeps the small figures hidden.
        for a in 0..7 {
            for b in 0..7 {
                for c in 0..7 {
                    let parts = [Part::shown(a, a), Part::shown(b, b), Part::unseen(c, c)];
                    let total = a + b + c;
                    let protected = protect(&parts, total);
                    if let Some(rest) = recoverable(&parts, &protected) {
                        let hidden: Vec<&Part> = parts
                            .iter()
                            .zip(&protected.0)
                            .filter(|(p, d)| !p.on_page || !d.shown())
                            .map(|(p, _)| p)
                            .collect();
                        assert!(
                            rest == 0 || hidden.iter().any(|p| p.cases >= FEWEST_CASES),
                            "{a} {b} {c}: {protected:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_range_ends_after_it_starts_and_lasts_at_most_five_years() {
        assert_eq!(
            Period::range(d(2025, 5, 2), d(2025, 5, 1)),
            Err(PeriodProblem::EndBeforeStart)
        );
        assert!(Period::range(d(2025, 5, 1), d(2025, 5, 1)).is_ok());
        assert!(Period::range(d(2020, 4, 1), d(2025, 3, 31)).is_ok());
        assert_eq!(
            Period::range(d(2020, 4, 1), d(2025, 4, 1)),
            Err(PeriodProblem::LongerThanMaximum)
        );
    }

    #[test]
    fn the_same_period_last_year_moves_both_ends_back_a_year() {
        let p = Period {
            from: d(2024, 2, 29),
            to: d(2024, 6, 30),
        };
        assert_eq!(
            p.same_period_last_year(),
            Period {
                from: d(2023, 2, 28),
                to: d(2023, 6, 30)
            }
        );
    }

    #[test]
    fn working_days_to_finalise_leave_out_each_suspended_day_once() {
        let cal = england_and_wales();
        // Received Monday 3 March 2025, finalised Monday 31 March 2025: 20 working days.
        let (incl, excl) = days_to_finalise(&cal, d(2025, 3, 3), d(2025, 3, 31), &[]);
        assert_eq!((incl, excl), (20, 20));
        // Suspended Friday 7 to Friday 14 March: (7, 14] holds 5 working days.
        let one = [(d(2025, 3, 7), Some(d(2025, 3, 14)))];
        assert_eq!(
            days_to_finalise(&cal, d(2025, 3, 3), d(2025, 3, 31), &one),
            (20, 15)
        );
        // An overlapping second suspension (10 to 17 March) adds only 17 March; one still
        // open at finalisation (from 28 March) runs to it, adding 31 March.
        let two = [
            (d(2025, 3, 7), Some(d(2025, 3, 14))),
            (d(2025, 3, 10), Some(d(2025, 3, 17))),
            (d(2025, 3, 28), None),
        ];
        assert_eq!(
            days_to_finalise(&cal, d(2025, 3, 3), d(2025, 3, 31), &two),
            (20, 13)
        );
    }

    #[test]
    fn a_contact_before_logging_counts_as_none_and_percentages_round_half_up() {
        let cal = england_and_wales();
        assert_eq!(working_days(&cal, d(2025, 3, 10), d(2025, 3, 7)), 0);
        assert_eq!(percent(1, 8), Some(13));
        assert_eq!(percent(326, 1112), Some(29));
        assert_eq!(percent(1, 0), None);
        let mut avg = Average::default();
        avg.add(3, 2);
        avg.add(6, 1);
        assert_eq!(avg.mean(), Some(4.0));
        assert_eq!(Average::default().mean(), None);
        assert_eq!(per_thousand(15, 3000), Some(5.0));
    }
}
