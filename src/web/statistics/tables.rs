//! The return's tables, built from the facts `db::statistics` reads: each a GOV.UK table with
//! its definition, drawn on the page and downloaded as CSV from the same rows.

use crate::db::statistics::{CategoryCount, ReturnFacts, ReviewsCompleted};
use crate::domain::intake::thousands;
use crate::domain::vocab::{AllegationOutcome, HandlingType, RecordingReason, ReviewBody};
use crate::workflow::Calendar;
use crate::workflow::statistics::{
    self as rules, Average, Definition, per_thousand, percent, working_days,
};

/// One figure of a row, for one period.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Count(i64),
    /// A count and its share of the whole it is part of, as a whole percentage.
    Share(i64, Option<i64>),
    /// A mean number of working days; `None` when nothing was counted.
    Average(Option<f64>),
    /// A rate per 1,000, or why there is none.
    Rate(Result<f64, &'static str>),
    /// A comparison's count as the average per force of the group or of England and Wales
    /// (see [`compare`]), with the pooled share where the count is part of a whole.
    PerForce(f64, Option<i64>),
}

impl Figure {
    fn share(part: i64, whole: i64) -> Figure {
        Figure::Share(part, percent(part, whole))
    }

    fn average(a: Average) -> Figure {
        Figure::Average(a.mean())
    }

    /// This figure of a comparison over `forces` forces: a count becomes the average per
    /// force (a share keeps its pooled percentage); averages and rates are already pooled
    /// over every case of the comparison, so they stand.
    fn per_force(&self, forces: usize) -> Figure {
        let each = |n: i64| n as f64 / forces.max(1) as f64;
        match self {
            Figure::Count(n) => Figure::PerForce(each(*n), None),
            Figure::Share(n, p) => Figure::PerForce(each(*n), *p),
            other => other.clone(),
        }
    }

    /// What a comparison shows for a row it has no figures for: nothing was counted.
    fn nothing_like(&self) -> Figure {
        match self {
            Figure::Count(_) | Figure::Share(..) | Figure::PerForce(..) => {
                Figure::PerForce(0.0, None)
            }
            Figure::Average(_) => Figure::Average(None),
            Figure::Rate(_) => Figure::Rate(Err("Headcount not entered")),
        }
    }

    /// As the page shows it: "1,112", "326 (29%)", "22.5", "No cases".
    pub fn shown(&self) -> String {
        match self {
            Figure::Count(n) => count(*n),
            Figure::Share(n, Some(p)) => format!("{} ({p}%)", count(*n)),
            Figure::Share(n, None) => count(*n),
            Figure::Average(Some(v)) => one_decimal(*v),
            Figure::Average(None) => "No cases".to_owned(),
            Figure::Rate(Ok(v)) => one_decimal(*v),
            Figure::Rate(Err(why)) => (*why).to_owned(),
            Figure::PerForce(v, Some(p)) => format!("{} ({p}%)", one_decimal(*v)),
            Figure::PerForce(v, None) => one_decimal(*v),
        }
    }

    /// The CSV's value and percentage cells: plain numbers, no separators.
    pub fn csv(&self) -> (String, String) {
        match self {
            Figure::Count(n) => (n.to_string(), String::new()),
            Figure::Share(n, p) => (n.to_string(), p.map(|p| p.to_string()).unwrap_or_default()),
            Figure::Average(Some(v)) | Figure::Rate(Ok(v)) => (one_decimal(*v), String::new()),
            Figure::Average(None) => ("No cases".to_owned(), String::new()),
            Figure::Rate(Err(why)) => ((*why).to_owned(), String::new()),
            Figure::PerForce(v, p) => (
                one_decimal(*v),
                p.map(|p| p.to_string()).unwrap_or_default(),
            ),
        }
    }
}

/// To one decimal place, a half rounded up (22.25 is 22.3), as the percentages are.
fn one_decimal(v: f64) -> String {
    format!("{:.1}", (v * 10.0).round() / 10.0)
}

fn count(n: i64) -> String {
    usize::try_from(n)
        .map(thousands)
        .unwrap_or_else(|_| n.to_string())
}

/// One row: a measure, the row it is part of (for a breakdown), and its figure for the period
/// and the same period last year.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    /// The label of the row this one breaks down; `None` at the top level. A sub-category
    /// row of the categories table names its category here.
    pub parent: Option<String>,
    /// How deep the breakdown goes (0, 1, 2), for the indentation.
    pub level: u8,
    /// A definition shown under the label.
    pub note: Option<&'static str>,
    pub figures: [Figure; 2],
    /// The period's figure for each comparison the view shows (the force's most similar
    /// group, England and Wales), in the view's order; empty when there are none.
    pub compared: Vec<Figure>,
}

impl Row {
    fn new(label: impl Into<String>, figures: [Figure; 2]) -> Self {
        Row {
            label: label.into(),
            parent: None,
            level: 0,
            note: None,
            figures,
            compared: Vec::new(),
        }
    }

    fn under(mut self, parent: &Row) -> Self {
        self.parent = Some(parent.label.clone());
        self.level = parent.level + 1;
        self
    }

    fn note(mut self, note: &'static str) -> Self {
        self.note = Some(note);
        self
    }

    /// The CSS class of the label's indentation.
    pub fn indent(&self) -> &'static str {
        match self.level {
            0 => "",
            1 => "app-statistics__level-1",
            _ => "app-statistics__level-2",
        }
    }
}

/// One table of the return.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's id in the page and in `/statistics.csv?table=`.
    pub id: &'static str,
    pub title: &'static str,
    /// The heading of the first column, as the bulletin's table has it.
    pub measure_heading: &'static str,
    /// The definitions the table counts by.
    pub definitions: Vec<Definition>,
    pub rows: Vec<Row>,
}

/// Every table's id, in the order of the return.
pub const TABLE_IDS: &[&str] = &[
    "a1-1",
    "a1-2",
    "categories",
    "finalisation",
    "finalised-investigated",
    "finalised-not-investigated",
    "handling",
    "outcomes",
    "reviews",
];

/// Builds the tables of the return from its facts.
pub fn tables(facts: &ReturnFacts, cal: &Calendar) -> Vec<Table> {
    vec![
        logging(facts),
        recording(facts),
        categories(facts),
        finalisation(facts),
        categories_finalised(facts, true),
        categories_finalised(facts, false),
        handling(facts),
        outcomes(facts),
        reviews(facts, cal),
    ]
}

/// Puts beside each row of `tables` the same row of `other` (the same tables, counted over
/// `forces` forces for a comparison), as its average per force ([`Figure::per_force`]).
/// Rows are matched by table, label and the row they break down.
///
/// How a comparison is counted is the service's choice (the IOPC's counting rules for its
/// most-similar-force and national figures were not seen): counts as the average per force,
/// so that a force can be set beside forces of other sizes; percentages, averages and rates
/// pooled over every case of the group or of England and Wales.
pub fn compare(tables: &mut [Table], other: &[Table], forces: usize) {
    for table in tables {
        let theirs = other.iter().find(|t| t.id == table.id);
        for row in &mut table.rows {
            let figure = theirs
                .and_then(|t| {
                    t.rows
                        .iter()
                        .find(|r| r.label == row.label && r.parent == row.parent)
                })
                .map_or_else(
                    || row.figures[0].nothing_like(),
                    |r| r.figures[0].per_force(forces),
                );
            row.compared.push(figure);
        }
    }
}

/// What a comparison column says about how it is counted, shown on the page.
pub const COMPARED: &str = "The comparison columns are for the same period: beside a force, its most similar force group and England and Wales (every territorial force); beside a group, England and Wales. Counts there are the average per force (the total divided by the number of forces); percentages, averages and rates are over every case of the group or of England and Wales.";

/// `[f(0), f(1)]`: a figure for the period and the same period last year.
fn both<F: Fn(usize) -> Figure>(f: F) -> [Figure; 2] {
    [f(0), f(1)]
}

fn logging(facts: &ReturnFacts) -> Table {
    let sum = |p: usize, f: &dyn Fn(&crate::db::statistics::LoggedGroup) -> i64| -> i64 {
        facts.logged.iter().filter(|g| g.period == p).map(f).sum()
    };
    let cases = both(|p| Figure::Count(sum(p, &|g| g.cases)));
    let allegations = both(|p| Figure::Count(sum(p, &|g| g.allegations)));
    let rate = both(|p| {
        let h = facts.headcount[p];
        Figure::Rate(if h.missing > 0 || h.employees == 0 {
            Err("Headcount not entered")
        } else {
            per_thousand(sum(p, &|g| g.allegations), h.employees).ok_or("Headcount not entered")
        })
    });
    let receipt = both(|p| {
        Figure::average(Average {
            total: sum(p, &|g| g.receipt_days),
            count: sum(p, &|g| g.cases),
        })
    });
    let contact = both(|p| {
        Figure::average(Average {
            total: sum(p, &|g| g.contact_days),
            count: sum(p, &|g| g.contacted),
        })
    });
    let contacted = both(|p| Figure::Count(sum(p, &|g| g.contacted)));
    let contact_row =
        Row::new(rules::FIRST_CONTACT.measure, contact).note(rules::FIRST_CONTACT.text);
    let contacted_row =
        Row::new("Complaints with a first contact logged", contacted).under(&contact_row);
    Table {
        id: "a1-1",
        title: "A1.1 Complaint cases and allegations logged, and contact with the complainant",
        measure_heading: "Measure",
        definitions: vec![rules::LOGGED, rules::PER_THOUSAND],
        rows: vec![
            Row::new(rules::LOGGED.measure, cases),
            Row::new("Allegations logged", allegations),
            Row::new(rules::PER_THOUSAND.measure, rate).note(rules::PER_THOUSAND.text),
            Row::new(rules::RECEIPT_TO_LOGGING.measure, receipt)
                .note(rules::RECEIPT_TO_LOGGING.text),
            contact_row,
            contacted_row,
        ],
    }
}

fn recording(facts: &ReturnFacts) -> Table {
    let count = |p: usize, pick: &dyn Fn(Option<RecordingReason>) -> bool| -> i64 {
        facts
            .logged
            .iter()
            .filter(|g| g.period == p && g.schedule3 && pick(g.recording_reason))
            .map(|g| g.cases)
            .sum()
    };
    let total = [count(0, &|_| true), count(1, &|_| true)];
    let row = |label: &str, pick: &dyn Fn(Option<RecordingReason>) -> bool| {
        Row::new(label, both(|p| Figure::share(count(p, pick), total[p])))
    };
    use RecordingReason as R;
    let mut rows = vec![
        row("AA/body responsible decides", &|r| {
            matches!(r, Some(R::AppropriateAuthorityDecides | R::MustBeRecorded))
        }),
        row("Complainant wishes the complaint be recorded", &|r| {
            r == Some(R::ComplainantWishes)
        }),
        row("Dissatisfaction after initial handling", &|r| {
            r == Some(R::DissatisfiedAfterInitialHandling)
        }),
    ];
    if count(0, &|r| r.is_none()) + count(1, &|r| r.is_none()) > 0 {
        rows.push(row(
            "No reason recorded (cases under the rules before 2020)",
            &|r| r.is_none(),
        ));
    }
    rows.push(Row::new(
        "Cases recorded under Schedule 3",
        both(|p| Figure::Count(total[p])),
    ));
    Table {
        id: "a1-2",
        title: "A1.2 Reason a case was recorded under Schedule 3",
        measure_heading: "Reason recorded",
        definitions: vec![rules::RECORDING_REASON],
        rows,
    }
}

fn categories(facts: &ReturnFacts) -> Table {
    category_table(
        &facts.categories,
        Table {
            id: "categories",
            title: "Allegations logged, by category",
            measure_heading: "Allegation category",
            definitions: vec![rules::CATEGORIES],
            rows: Vec::new(),
        },
        "All allegations logged",
    )
}

fn categories_finalised(facts: &ReturnFacts, investigated: bool) -> Table {
    let (list, id, title, total) = if investigated {
        (
            &facts.categories_investigated,
            "finalised-investigated",
            "Allegations finalised after investigation, by category",
            "All allegations investigated",
        )
    } else {
        (
            &facts.categories_not_investigated,
            "finalised-not-investigated",
            "Allegations finalised without investigation, by category",
            "All allegations not investigated",
        )
    };
    category_table(
        list,
        Table {
            id,
            title,
            measure_heading: "Allegation category",
            definitions: vec![rules::CATEGORIES_FINALISED],
            rows: Vec::new(),
        },
        total,
    )
}

/// A table of allegations by category, each with its share of the total and its
/// sub-categories under it, then the total: `table` with those rows.
fn category_table(list: &[CategoryCount], mut table: Table, total_label: &str) -> Table {
    let total = |p: usize| -> i64 {
        list.iter()
            .filter(|c| c.parent.is_none())
            .map(|c| c.counts[p])
            .sum()
    };
    let totals = [total(0), total(1)];
    for c in list {
        if !c.active && c.counts == [0, 0] {
            continue;
        }
        let mut row = Row::new(
            c.name.clone(),
            both(|p| Figure::share(c.counts[p], totals[p])),
        );
        if let Some(parent) = &c.parent
            && let Some(parent_row) = list
                .iter()
                .find(|p| &p.code == parent)
                .and_then(|p| table.rows.iter().find(|r| r.label == p.name))
        {
            row = row.under(parent_row);
        }
        table.rows.push(row);
    }
    table
        .rows
        .push(Row::new(total_label, both(|p| Figure::Count(totals[p]))));
    table
}

fn finalisation(facts: &ReturnFacts) -> Table {
    let groups = |p: usize, under: bool| {
        facts
            .finalised
            .iter()
            .filter(move |g| g.period == p && g.schedule3 == under)
    };
    let cases = |under: bool| both(|p| Figure::Count(groups(p, under).map(|g| g.cases).sum()));
    let days = |under: bool, excluding: bool| {
        both(|p| {
            Figure::average(Average {
                total: groups(p, under)
                    .map(|g| if excluding { g.days_excluding } else { g.days })
                    .sum(),
                count: groups(p, under).map(|g| g.cases).sum(),
            })
        })
    };
    let outside = Row::new("Cases finalised outside Schedule 3", cases(false));
    let under = Row::new("Cases finalised under Schedule 3", cases(true));
    Table {
        id: "finalisation",
        title: "Complaint cases finalised, and the working days they took",
        measure_heading: "Measure",
        definitions: vec![rules::FINALISATION],
        rows: vec![
            outside.clone(),
            Row::new(
                "Average working days to finalise outside Schedule 3",
                days(false, false),
            )
            .under(&outside),
            under.clone(),
            Row::new(
                "Average working days to finalise under Schedule 3, including suspension",
                days(true, false),
            )
            .under(&under),
            Row::new(
                "Average working days to finalise under Schedule 3, excluding suspension",
                days(true, true),
            )
            .under(&under),
        ],
    }
}

fn handling(facts: &ReturnFacts) -> Table {
    let count = |p: usize, pick: &dyn Fn(Option<HandlingType>, bool) -> bool| -> i64 {
        facts
            .allegations_finalised
            .iter()
            .filter(|a| a.period == p && pick(a.handling, a.special_procedures))
            .map(|a| a.allegations)
            .sum()
    };
    let totals = [count(0, &|_, _| true), count(1, &|_, _| true)];
    let row = |label: &str, pick: &dyn Fn(Option<HandlingType>, bool) -> bool| {
        Row::new(label, both(|p| Figure::share(count(p, pick), totals[p])))
    };
    use HandlingType as H;
    let investigated = |h: Option<HandlingType>| {
        matches!(
            h,
            Some(H::LocalInvestigation | H::DirectedInvestigation | H::IndependentInvestigation)
        )
    };
    let mut rows = vec![
        row("Handled outside Schedule 3", &|h, _| {
            h == Some(H::OutsideSchedule3)
        }),
        row("Handled otherwise than by investigation", &|h, _| {
            h == Some(H::OtherwiseThanByInvestigation)
        }),
        row("No further action", &|h, _| h == Some(H::NoFurtherAction)),
    ];
    let all_investigated = row("Investigated", &|h, _| investigated(h));
    rows.push(all_investigated.clone());
    for (label, mode) in [
        ("Local investigation", H::LocalInvestigation),
        ("Directed investigation", H::DirectedInvestigation),
        ("Independent investigation", H::IndependentInvestigation),
    ] {
        let mode_row = row(label, &|h, _| h == Some(mode)).under(&all_investigated);
        let special = row(
            &format!("{label}: subject to special procedures"),
            &|h, s| h == Some(mode) && s,
        )
        .under(&mode_row);
        let not_special = row(
            &format!("{label}: not subject to special procedures"),
            &|h, s| h == Some(mode) && !s,
        )
        .under(&mode_row);
        rows.extend([mode_row, special, not_special]);
    }
    if count(0, &|h, _| h.is_none()) + count(1, &|h, _| h.is_none()) > 0 {
        rows.push(row("No handling decided before finalisation", &|h, _| {
            h.is_none()
        }));
    }
    rows.push(Row::new(
        "All allegations finalised",
        both(|p| Figure::Count(totals[p])),
    ));
    Table {
        id: "handling",
        title: "Allegations finalised, by handling",
        measure_heading: "Handling",
        definitions: vec![rules::HANDLING],
        rows,
    }
}

fn outcomes(facts: &ReturnFacts) -> Table {
    use HandlingType as H;
    let investigated = |h: Option<HandlingType>| {
        matches!(
            h,
            Some(H::LocalInvestigation | H::DirectedInvestigation | H::IndependentInvestigation)
        )
    };
    let count = |p: usize, inv: bool, pick: &dyn Fn(Option<AllegationOutcome>) -> bool| -> i64 {
        facts
            .allegations_finalised
            .iter()
            .filter(|a| {
                a.period == p && a.schedule3 && investigated(a.handling) == inv && pick(a.outcome)
            })
            .map(|a| a.allegations)
            .sum()
    };
    let mut rows = Vec::new();
    for (inv, label) in [
        (false, "Not investigated (E1.1)"),
        (true, "Investigated (E1.2)"),
    ] {
        let totals = [count(0, inv, &|_| true), count(1, inv, &|_| true)];
        let group = Row::new(label, both(|p| Figure::Count(totals[p])));
        let mut children = Vec::new();
        for outcome in AllegationOutcome::ALL {
            let n = [
                count(0, inv, &|o| o == Some(*outcome)),
                count(1, inv, &|o| o == Some(*outcome)),
            ];
            // The legacy outcomes only where some allegation has one.
            let legacy = matches!(
                outcome,
                AllegationOutcome::Upheld | AllegationOutcome::NotUpheld
            );
            if legacy && n == [0, 0] {
                continue;
            }
            children.push(
                Row::new(outcome.label(), both(|p| Figure::share(n[p], totals[p]))).under(&group),
            );
        }
        let none = [
            count(0, inv, &|o| o.is_none()),
            count(1, inv, &|o| o.is_none()),
        ];
        if none != [0, 0] {
            children.push(
                Row::new(
                    "No outcome recorded (withdrawn before an outcome)",
                    both(|p| Figure::share(none[p], totals[p])),
                )
                .under(&group),
            );
        }
        rows.push(group);
        rows.extend(children);
    }
    Table {
        id: "outcomes",
        title: "E1 Outcomes of allegations finalised under Schedule 3",
        measure_heading: "Outcome",
        definitions: vec![rules::OUTCOMES],
        rows,
    }
}

fn reviews(facts: &ReturnFacts, cal: &Calendar) -> Table {
    let received = |p: usize, body: Option<ReviewBody>| -> i64 {
        facts
            .reviews_received
            .iter()
            .filter(|r| r.period == p && body.is_none_or(|b| r.body == b))
            .map(|r| r.reviews)
            .sum()
    };
    let all_received = Row::new(
        "Review applications received",
        both(|p| Figure::Count(received(p, None))),
    );
    let mut rows = vec![
        Row::new(
            "Received by the local policing body",
            both(|p| Figure::Count(received(p, Some(ReviewBody::LocalPolicingBody)))),
        )
        .under(&all_received),
        Row::new(
            "Received by the IOPC",
            both(|p| Figure::Count(received(p, Some(ReviewBody::Iopc)))),
        )
        .under(&all_received),
    ];
    rows.insert(0, all_received);
    let groups: [(&str, Option<ReviewBody>, Option<bool>); 5] = [
        ("All valid reviews completed", None, None),
        (
            "Local policing body, cases not investigated",
            Some(ReviewBody::LocalPolicingBody),
            Some(false),
        ),
        (
            "Local policing body, investigated cases",
            Some(ReviewBody::LocalPolicingBody),
            Some(true),
        ),
        (
            "IOPC, cases not investigated",
            Some(ReviewBody::Iopc),
            Some(false),
        ),
        (
            "IOPC, investigated cases",
            Some(ReviewBody::Iopc),
            Some(true),
        ),
    ];
    for (label, body, investigated) in groups {
        let pick = |r: &&ReviewsCompleted, p: usize| {
            r.period == p
                && body.is_none_or(|b| r.body == b)
                && investigated.is_none_or(|i| r.investigated == i)
        };
        let completed = [0, 1].map(|p| {
            facts
                .reviews_completed
                .iter()
                .filter(|r| pick(r, p))
                .map(|r| r.reviews)
                .sum::<i64>()
        });
        let upheld = [0, 1].map(|p| {
            facts
                .reviews_completed
                .iter()
                .filter(|r| pick(r, p) && r.upheld)
                .map(|r| r.reviews)
                .sum::<i64>()
        });
        let days = both(|p| {
            let mut a = Average::default();
            for r in facts.reviews_completed.iter().filter(|r| pick(r, p)) {
                a.add(working_days(cal, r.applied_on, r.decided_on), r.reviews);
            }
            Figure::average(a)
        });
        let group = Row::new(label, both(|p| Figure::Count(completed[p])));
        rows.push(group.clone());
        rows.push(Row::new("Average working days to complete", days).under(&group));
        rows.push(
            Row::new(
                "Outcome not reasonable and proportionate",
                both(|p| Figure::share(upheld[p], completed[p])),
            )
            .under(&group),
        );
    }
    Table {
        id: "reviews",
        title: "Reviews received and completed",
        measure_heading: "Reviews",
        definitions: vec![rules::REVIEWS],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_show_thousands_shares_and_averages() {
        assert_eq!(Figure::Count(94_940).shown(), "94,940");
        assert_eq!(Figure::share(326, 1112).shown(), "326 (29%)");
        assert_eq!(Figure::share(0, 0).shown(), "0");
        assert_eq!(Figure::Average(Some(22.25)).shown(), "22.3");
        assert_eq!(Figure::Average(None).shown(), "No cases");
        assert_eq!(
            Figure::Rate(Err("Headcount not entered")).shown(),
            "Headcount not entered"
        );
        assert_eq!(Figure::share(326, 1112).csv(), ("326".into(), "29".into()));
    }

    #[test]
    fn every_table_is_listed_by_its_id() {
        let tables = tables(&ReturnFacts::default(), &Calendar::default());
        let ids: Vec<&str> = tables.iter().map(|t| t.id).collect();
        assert_eq!(ids, TABLE_IDS);
    }
}
