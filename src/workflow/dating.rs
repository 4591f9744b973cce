//! The date a step happened, as distinct from the day it was entered.
//!
//! A caseworker often records a step days or years after it was taken: a decision made at a
//! meeting last week, or a force's open caseload moved across from its old system. Every step
//! therefore carries the date it happened (by default the day it is entered), and the clocks,
//! the IOPC reference's year and the statistics run from that date. Two checks keep the
//! record true, each refused with its rule: the date is not later than today, and not earlier
//! than the step the case took before it. A step taken after its statutory deadline is still
//! recorded, because it happened, but it is marked late by the number of working days.

use chrono::NaiveDate;

use super::calendar::{Calendar, english_date};
use super::case::CaseAction;
use super::clocks::{self, Deadline, DeadlineKind};
use super::refusal::{Refusal, Rule};

/// Checks the date a step on a case happened against today and the case's last step.
pub fn check_step_date(
    on: NaiveDate,
    today: NaiveDate,
    previous: Option<NaiveDate>,
) -> Result<(), Refusal> {
    check_dated_after(on, today, previous, "the case's last step")
}

/// Checks the date a step happened against today and `previous`, the date of what it follows
/// (named `follows` in the refusal: "the subject's last step").
pub fn check_dated_after(
    on: NaiveDate,
    today: NaiveDate,
    previous: Option<NaiveDate>,
    follows: &str,
) -> Result<(), Refusal> {
    if on > today {
        return Err(Refusal::new(
            Rule::StepDatedInFuture,
            format!("The date given is {}", english_date(on)),
        ));
    }
    if let Some(previous) = previous.filter(|&p| on < p) {
        return Err(Refusal::new(
            Rule::StepDatedBeforePrevious,
            format!(
                "The date given is {}; {follows} was on {}",
                english_date(on),
                english_date(previous)
            ),
        ));
    }
    Ok(())
}

/// Checks a date typed into a step's form against the step it must follow: `what` (dated
/// `date`) cannot come before `follows` (dated `follows_on`), e.g. a hearing before the
/// determination that there is a case to answer.
pub fn check_follows(
    date: NaiveDate,
    what: &str,
    follows_on: NaiveDate,
    follows: &str,
) -> Result<(), Refusal> {
    if date < follows_on {
        return Err(Refusal::new(
            Rule::StepDatedBeforePrevious,
            format!(
                "{what} is dated {}; {follows} was made on {}",
                english_date(date),
                english_date(follows_on)
            ),
        ));
    }
    Ok(())
}

/// A step taken after its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Lateness {
    pub kind: DeadlineKind,
    /// The day it was due.
    pub due: NaiveDate,
    /// Days after the due date the step was taken.
    pub days: i64,
    /// Of those, working days (none when it was due and done over a weekend).
    pub working_days: i64,
}

impl Lateness {
    /// "3 working days late (due 14 March 2026)"; "1 day late" when no working day passed.
    pub fn describe(&self) -> String {
        let (n, unit) = if self.working_days > 0 {
            (self.working_days, "working day")
        } else {
            (self.days, "day")
        };
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {unit}{plural} late (due {})", english_date(self.due))
    }
}

/// How late a step taken on `on` was against `deadline`, if it was.
pub fn lateness(deadline: &Deadline, on: NaiveDate, cal: &Calendar) -> Option<Lateness> {
    (on > deadline.due).then(|| Lateness {
        kind: deadline.kind,
        due: deadline.due,
        days: (on - deadline.due).num_days(),
        working_days: cal.working_days_between(deadline.due, on),
    })
}

/// The dates a case step's deadline is counted from.
#[derive(Debug, Clone, Copy, Default)]
pub struct StepClockFacts {
    /// When it became clear a mandatory ground applied: recorded, else logged, else received.
    pub referral_clear_on: Option<NaiveDate>,
    /// When the outcome of the complaint was decided.
    pub outcome_decided_on: Option<NaiveDate>,
}

/// The statutory deadline that taking `action` meets, if it meets one: what it is, so a
/// caller can load the calendar only when there is one.
pub fn deadline_met_by(action: CaseAction) -> Option<DeadlineKind> {
    match action {
        // Para 4; CMR 2020 reg 4: a matter with a mandatory ground is referred promptly.
        CaseAction::Refer => Some(DeadlineKind::Referral),
        // CMR 2020 reg 34: the outcome is told within 5 working days.
        CaseAction::NotifyOutcome => Some(DeadlineKind::OutcomeNotification),
        _ => None,
    }
}

/// When a deadline of `kind` met by a case step fell due, from the case's dates.
pub fn due(kind: DeadlineKind, facts: &StepClockFacts, cal: &Calendar) -> Option<Deadline> {
    match kind {
        DeadlineKind::Referral => facts
            .referral_clear_on
            .map(|on| clocks::referral_due(on, clocks::ReferralRule::default(), cal)),
        DeadlineKind::OutcomeNotification => facts
            .outcome_decided_on
            .map(|on| clocks::outcome_notification_due(on, cal)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::calendar::tests::{d, england_and_wales};

    #[test]
    fn a_step_dated_in_the_future_is_refused() {
        let refused = check_step_date(d(2026, 12, 5), d(2026, 12, 4), None).expect_err("future");
        assert_eq!(refused.rule, Rule::StepDatedInFuture);
        assert!(refused.message().contains("5 December 2026"));
        assert!(check_step_date(d(2026, 12, 4), d(2026, 12, 4), None).is_ok());
    }

    #[test]
    fn a_step_dated_before_the_step_it_follows_is_refused() {
        let refused = check_step_date(d(2020, 6, 1), d(2026, 12, 4), Some(d(2020, 6, 19)))
            .expect_err("before");
        assert_eq!(refused.rule, Rule::StepDatedBeforePrevious);
        assert!(
            refused.message().contains("19 June 2020"),
            "{}",
            refused.message()
        );
        // The same day as the step before is fine: several steps are often taken in a day.
        assert!(check_step_date(d(2020, 6, 19), d(2026, 12, 4), Some(d(2020, 6, 19))).is_ok());
    }

    #[test]
    fn pcr_2020_a_hearing_cannot_be_dated_before_its_determination() {
        let refused = check_follows(
            d(2020, 9, 1),
            "The meeting or hearing",
            d(2020, 10, 20),
            "the determination",
        )
        .expect_err("before the determination");
        assert_eq!(refused.rule, Rule::StepDatedBeforePrevious);
        assert!(refused.message().contains(
            "The meeting or hearing is dated 1 September 2020; the determination was made on 20 October 2020"
        ));
        assert!(check_follows(d(2021, 11, 24), "x", d(2020, 10, 20), "y").is_ok());
    }

    #[test]
    fn cmr_2020_reg_34_an_outcome_told_after_5_working_days_is_marked_late() {
        let cal = england_and_wales();
        let facts = StepClockFacts {
            outcome_decided_on: Some(d(2026, 3, 2)),
            ..StepClockFacts::default()
        };
        let kind = deadline_met_by(CaseAction::NotifyOutcome).expect("a deadline");
        let due = due(kind, &facts, &cal).expect("a due date");
        // Monday 2 March 2026 + 5 working days = Monday 9 March.
        assert_eq!(due.due, d(2026, 3, 9));
        assert_eq!(lateness(&due, d(2026, 3, 9), &cal), None);
        let late = lateness(&due, d(2026, 3, 12), &cal).expect("late");
        assert_eq!(late.working_days, 3);
        assert_eq!(late.describe(), "3 working days late (due 9 March 2026)");
        assert!(deadline_met_by(CaseAction::Close).is_none());
        // Due on a Saturday and done on the Sunday: late, though no working day passed.
        let weekend = Deadline::new(DeadlineKind::Referral, d(2019, 3, 2));
        let late = lateness(&weekend, d(2019, 3, 3), &cal).expect("late");
        assert_eq!(late.describe(), "1 day late (due 2 March 2019)");
    }
}
