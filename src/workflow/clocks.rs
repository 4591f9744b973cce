//! Statutory clocks: the deadlines a case's dates give rise to (domain.md section 3).
//!
//! Every clock is a pure function from dates (and, for working-day clocks, a [`Calendar`])
//! to a [`Deadline`]. A deadline knows what it is (its [`DeadlineKind`], with a plain-English
//! name, its legal source and whether the rule is unverified), its due date and, once the
//! thing is done, the date it was done; from those it answers whether it was met, whether it
//! is due soon or overdue, how many working and calendar days remain, and renders itself as
//! "due 14 March 2026, in 3 working days" or "overdue by 2 working days (was due 13 March
//! 2026)".
//!
//! Counting: "within N days of X" is X + N; "28 days starting the day after the letter" ends
//! on letter + 28 (1 April -> 29 April; CMR reg 29); recommendation responses are due 56 days
//! after the recommendation, the same weekday (20 January 2022 -> 17 March 2022). Working-day
//! clocks use [`Calendar::add_working_days`]. The referral deadline's wording is unverified,
//! so its rule is data ([`ReferralRule`]), defaulting to the end of the next day.
//!
//! Investigation length (CMR reg 13, PCR reg 19): a notice is due at 12 months from the start
//! and every 6 months after. Whether suspended time counts is not settled in the text we
//! have, and the statistics need both, so [`investigation_clock`] gives both measures:
//! including and excluding suspensions.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};

use std::borrow::Cow;

use super::calendar::{Calendar, english_date};
use super::regime::Regime;
use crate::domain::vocab::{CaseStage, RecommendationStage, UnknownValue, closed_set};

/// How many working days ahead counts as "due soon".
pub const DUE_SOON_WORKING_DAYS: i64 = 5;

closed_set! {
    /// What a deadline is for.
    DeadlineKind as "deadline_kind" {
        ComplainantUpdate = "complainant_update" => "Update the complainant",
        OutcomeNotification = "outcome_notification" => "Tell the complainant the outcome",
        ReviewApplication = "review_application" => "Last day to apply for a review",
        RecommendationResponse = "recommendation_response" => "Respond to the recommendation",
        ResponsePublication = "response_publication" => "Publish the response",
        InvestigationProgressNotice = "investigation_progress_notice" => "Notify that the investigation is over 12 months",
        Referral = "referral" => "Refer to the IOPC",
        NoticeOfProceedingsResponse = "notice_of_proceedings_response" => "Officer's response to the notice of proceedings",
        AcceleratedHearing = "accelerated_hearing" => "Hold the accelerated hearing",
        ProceedingsOutcomeReport = "proceedings_outcome_report" => "Report the outcome of proceedings",
    }
}

impl DeadlineKind {
    /// The plain-English name.
    pub const fn name(self) -> &'static str {
        self.label()
    }

    /// The legal source, as a case under `regime` cites it: a legacy case cites the 2012
    /// regulations ([`Regime::cite`]).
    pub fn source(self, regime: Regime) -> Cow<'static, str> {
        regime.cite(self.source_2020())
    }

    /// The legal source under the 2020 rules.
    const fn source_2020(self) -> &'static str {
        match self {
            DeadlineKind::ComplainantUpdate => "CMR 2020 reg 34(2)(a)",
            DeadlineKind::OutcomeNotification => "CMR 2020 reg 34",
            DeadlineKind::ReviewApplication => "CMR 2020 reg 29",
            DeadlineKind::RecommendationResponse => "Sch 3 para 28B(2)",
            DeadlineKind::ResponsePublication => "Sch 3 para 28B(5)",
            DeadlineKind::InvestigationProgressNotice => "CMR 2020 reg 13; PCR 2020 reg 19",
            DeadlineKind::Referral => "Sch 3 para 4; CMR 2020 reg 4",
            DeadlineKind::NoticeOfProceedingsResponse => "PCR 2020 reg 31",
            DeadlineKind::AcceleratedHearing => "PCR 2020 regs 48, 52",
            DeadlineKind::ProceedingsOutcomeReport => "PCR 2020 reg 42",
        }
    }

    /// The rule could not be confirmed against primary text (domain.md marks it). The 2012
    /// provisions a legacy case cites were not confirmed either, wherever the 2012
    /// regulations are cited.
    pub fn unverified(self, regime: Regime) -> bool {
        matches!(self, DeadlineKind::Referral)
            || (regime.is_legacy() && self.source(regime).contains("2012"))
    }
}

/// Where a deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Done on or before the due date.
    Met,
    /// Done, but after the due date.
    MetLate,
    /// Not done and past the due date.
    Overdue,
    /// Not done, due within [`DUE_SOON_WORKING_DAYS`] working days (or today).
    DueSoon,
    /// Not done, not yet due soon.
    Pending,
}

/// A statutory deadline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// When the thing was done, if it has been.
    pub done_on: Option<NaiveDate>,
}

impl Deadline {
    /// A deadline not yet met.
    pub fn new(kind: DeadlineKind, due: NaiveDate) -> Self {
        Deadline {
            kind,
            due,
            done_on: None,
        }
    }

    /// The same deadline, done on `on`.
    pub fn done(mut self, on: NaiveDate) -> Self {
        self.done_on = Some(on);
        self
    }

    /// Done on or before the due date.
    pub fn is_met(&self) -> bool {
        self.done_on.is_some_and(|d| d <= self.due)
    }

    /// Not done and past the due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && today > self.due
    }

    /// Not done and due within `within` working days (today included).
    pub fn is_due_soon(&self, today: NaiveDate, cal: &Calendar, within: i64) -> bool {
        self.done_on.is_none()
            && !self.is_overdue(today)
            && self.working_days_remaining(today, cal) <= within
    }

    /// Working days from today to the due date; negative when overdue.
    pub fn working_days_remaining(&self, today: NaiveDate, cal: &Calendar) -> i64 {
        cal.working_days_between(today, self.due)
    }

    /// Calendar days from today to the due date; negative when overdue.
    pub fn calendar_days_remaining(&self, today: NaiveDate) -> i64 {
        (self.due - today).num_days()
    }

    /// Where the deadline stands today.
    pub fn status(&self, today: NaiveDate, cal: &Calendar) -> DeadlineStatus {
        match self.done_on {
            Some(d) if d <= self.due => DeadlineStatus::Met,
            Some(_) => DeadlineStatus::MetLate,
            None if self.is_overdue(today) => DeadlineStatus::Overdue,
            None if self.is_due_soon(today, cal, DUE_SOON_WORKING_DAYS) => DeadlineStatus::DueSoon,
            None => DeadlineStatus::Pending,
        }
    }

    /// "due 14 March 2026, in 3 working days", "overdue by 2 working days (was due 13 March
    /// 2026)", "met on 12 March 2026 (due 14 March 2026)".
    pub fn describe(&self, today: NaiveDate, cal: &Calendar) -> String {
        let due = english_date(self.due);
        if let Some(d) = self.done_on {
            let verb = if d <= self.due { "met" } else { "met late" };
            return format!("{verb} on {} (due {due})", english_date(d));
        }
        let wd = self.working_days_remaining(today, cal);
        if today == self.due {
            format!("due today, {due}")
        } else if today > self.due {
            match -wd {
                0 => format!("overdue (was due {due})"),
                1 => format!("overdue by 1 working day (was due {due})"),
                n => format!("overdue by {n} working days (was due {due})"),
            }
        } else {
            match wd {
                0 => format!("due {due}, after the next working day begins"),
                1 => format!("due {due}, in 1 working day"),
                n => format!("due {due}, in {n} working days"),
            }
        }
    }
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

fn plus_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// The next update to the complainant: 4 weeks after handling started or the last update
/// (CMR reg 34(2)(a)).
pub fn complainant_update_due(handling_started_or_last_update: NaiveDate) -> Deadline {
    Deadline::new(
        DeadlineKind::ComplainantUpdate,
        plus_days(handling_started_or_last_update, 28),
    )
}

/// The outcome letter: within 5 working days of the outcome (CMR reg 34).
pub fn outcome_notification_due(outcome_on: NaiveDate, cal: &Calendar) -> Deadline {
    Deadline::new(
        DeadlineKind::OutcomeNotification,
        cal.add_working_days(outcome_on, 5),
    )
}

/// The last day to apply for a review: 28 days starting the day after the letter (CMR reg 29).
pub fn review_application_due(letter_on: NaiveDate) -> Deadline {
    Deadline::new(DeadlineKind::ReviewApplication, plus_days(letter_on, 28))
}

/// The date a response to a recommendation is due: 56 days after it (para 28B(2)).
pub fn recommendation_response_due(made_on: NaiveDate) -> NaiveDate {
    plus_days(made_on, 56)
}

/// The response deadline, with any extension granted.
pub fn recommendation_response_deadline(
    made_on: NaiveDate,
    extended_to: Option<NaiveDate>,
) -> Deadline {
    Deadline::new(
        DeadlineKind::RecommendationResponse,
        extended_to.unwrap_or_else(|| recommendation_response_due(made_on)),
    )
}

/// Publication of the response: within 21 days of receiving it (para 28B(5)).
pub fn publication_due(response_received_on: NaiveDate) -> Deadline {
    Deadline::new(
        DeadlineKind::ResponsePublication,
        plus_days(response_received_on, 21),
    )
}

/// How the referral deadline is counted. Unverified: data, not law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralRule {
    /// Days after the day on which it became clear that the matter must be referred.
    pub days_after: u64,
    /// Count working days rather than calendar days.
    pub working_days: bool,
}

impl Default for ReferralRule {
    /// The end of the day after it becomes clear (widely stated; unverified).
    fn default() -> Self {
        ReferralRule {
            days_after: 1,
            working_days: false,
        }
    }
}

/// Referral to the IOPC (para 4; wording unverified: see [`ReferralRule`]).
pub fn referral_due(became_clear_on: NaiveDate, rule: ReferralRule, cal: &Calendar) -> Deadline {
    let due = if rule.working_days {
        cal.add_working_days(
            became_clear_on,
            i64::try_from(rule.days_after).unwrap_or(i64::MAX),
        )
    } else {
        plus_days(became_clear_on, rule.days_after)
    };
    Deadline::new(DeadlineKind::Referral, due)
}

/// The officer's response to a notice of proceedings: 15 working days (PCR reg 31).
pub fn notice_of_proceedings_response_due(notice_on: NaiveDate, cal: &Calendar) -> Deadline {
    Deadline::new(
        DeadlineKind::NoticeOfProceedingsResponse,
        cal.add_working_days(notice_on, 15),
    )
}

/// An accelerated hearing: not before 10 and not after 15 working days from the notice
/// (PCR regs 48, 52). Returns the earliest date and the deadline (the latest).
pub fn accelerated_hearing_window(notice_on: NaiveDate, cal: &Calendar) -> (NaiveDate, Deadline) {
    (
        cal.add_working_days(notice_on, 10),
        Deadline::new(
            DeadlineKind::AcceleratedHearing,
            cal.add_working_days(notice_on, 15),
        ),
    )
}

/// Reporting the outcome of proceedings: within 5 working days (PCR reg 42).
pub fn proceedings_outcome_report_due(concluded_on: NaiveDate, cal: &Calendar) -> Deadline {
    Deadline::new(
        DeadlineKind::ProceedingsOutcomeReport,
        cal.add_working_days(concluded_on, 5),
    )
}

/// A suspension of an investigation: from `from` (inclusive) until `resumed_on`
/// (exclusive), or still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspension {
    pub from: NaiveDate,
    pub resumed_on: Option<NaiveDate>,
}

impl Suspension {
    fn covers(&self, d: NaiveDate) -> bool {
        d >= self.from && self.resumed_on.is_none_or(|r| d < r)
    }
}

/// An investigation's length and its next progress notice, both including and excluding
/// suspensions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InvestigationClock {
    pub started_on: NaiveDate,
    pub days_including_suspension: i64,
    pub days_excluding_suspension: i64,
    pub next_notice_including_suspension: Deadline,
    pub next_notice_excluding_suspension: Deadline,
}

fn suspended_days(start: NaiveDate, end: NaiveDate, suspensions: &[Suspension]) -> i64 {
    let mut n = 0;
    let mut d = start;
    while d < end {
        if suspensions.iter().any(|s| s.covers(d)) {
            n += 1;
        }
        d = plus_days(d, 1);
    }
    n
}

/// The date on which `active_days` days of active (unsuspended) investigation have passed.
fn after_active_days(start: NaiveDate, active_days: i64, suspensions: &[Suspension]) -> NaiveDate {
    let mut d = start;
    let mut counted = 0;
    while counted < active_days && d < NaiveDate::MAX {
        if !suspensions.iter().any(|s| s.covers(d)) {
            counted += 1;
        }
        d = plus_days(d, 1);
    }
    d
}

/// The n-th progress notice date (n = 0: 12 months; then every 6 months).
fn notice_date(start: NaiveDate, n: u32) -> NaiveDate {
    plus_months(start, 12 + 6 * n)
}

/// The investigation clock on `today` (CMR reg 13; PCR reg 19). `last_notice_on`: the last
/// progress notice sent, if any; the next one is the first due after it.
pub fn investigation_clock(
    started_on: NaiveDate,
    suspensions: &[Suspension],
    last_notice_on: Option<NaiveDate>,
    today: NaiveDate,
) -> InvestigationClock {
    let next = |exclude: bool| {
        let mut n = 0;
        loop {
            let including = notice_date(started_on, n);
            let due = if exclude {
                after_active_days(started_on, (including - started_on).num_days(), suspensions)
            } else {
                including
            };
            if last_notice_on.is_none_or(|l| due > l) || n > 100 {
                return Deadline::new(DeadlineKind::InvestigationProgressNotice, due);
            }
            n += 1;
        }
    };
    let including = (today - started_on).num_days();
    InvestigationClock {
        started_on,
        days_including_suspension: including,
        days_excluding_suspension: including - suspended_days(started_on, today, suspensions),
        next_notice_including_suspension: next(false),
        next_notice_excluding_suspension: next(true),
    }
}

/// The deadline that runs at the recommendation's stage: the response (with any extension),
/// then its publication; none once published.
pub fn recommendation_deadline(
    stage: RecommendationStage,
    made_on: NaiveDate,
    extended_to: Option<NaiveDate>,
    received_on: Option<NaiveDate>,
) -> Option<Deadline> {
    match stage {
        // Sch 3 para 28B(2)
        RecommendationStage::Made => Some(recommendation_response_deadline(made_on, extended_to)),
        // Sch 3 para 28B(5)
        RecommendationStage::ResponseReceived => received_on.map(publication_due),
        RecommendationStage::Published => None,
    }
}

/// Whether a case-level clock runs while the case is at `stage`: the one rule the case page,
/// My work and the cases list's next-deadline column share. A recommendation's clocks follow
/// the recommendation's own stage instead ([`recommendation_deadline`]), and the subject-level
/// clocks (proceedings) the subject's, so neither runs by the case's stage.
pub fn runs_at(kind: DeadlineKind, stage: CaseStage) -> bool {
    use CaseStage as S;
    match kind {
        // CMR reg 34(2)(a): every 4 weeks from recording while the case is handled; once the
        // outcome is decided, the outcome letter's own clock takes over.
        DeadlineKind::ComplainantUpdate => matches!(
            stage,
            S::Recorded
                | S::Referred
                | S::ReferredBack
                | S::HandledOtherwise
                | S::UnderInvestigation
                | S::InvestigationSuspended
                | S::ReportReceived
                | S::DeterminationsMade
        ),
        // CMR reg 34: the outcome letter within 5 working days of the decision.
        DeadlineKind::OutcomeNotification => stage == S::OutcomeDecided,
        // CMR reg 29: the complainant's review window after the outcome letter.
        DeadlineKind::ReviewApplication => stage == S::OutcomeNotified,
        // CMR reg 13; PCR reg 19: while an investigation runs (suspended or not).
        DeadlineKind::InvestigationProgressNotice => {
            matches!(stage, S::UnderInvestigation | S::InvestigationSuspended)
        }
        // Sch 3 para 4: shown beside the referral step, whenever the workflow offers it.
        DeadlineKind::Referral
        | DeadlineKind::RecommendationResponse
        | DeadlineKind::ResponsePublication
        | DeadlineKind::NoticeOfProceedingsResponse
        | DeadlineKind::AcceleratedHearing
        | DeadlineKind::ProceedingsOutcomeReport => false,
    }
}

/// The clocks the cases list sorts by as "next deadline": those a caseworker chases across
/// cases (a recommendation's response, an investigation's progress notice and the 4-weekly
/// update to the complainant).
pub const LISTED: [DeadlineKind; 3] = [
    DeadlineKind::RecommendationResponse,
    DeadlineKind::InvestigationProgressNotice,
    DeadlineKind::ComplainantUpdate,
];

/// The latest day handling started or the complainant was last updated for the update to
/// fall due by `due_by` (CMR 2020 reg 34(2)(a): 4 weeks after), so that a queue can ask for
/// the updates due by then.
pub fn complainant_update_last_start(due_by: NaiveDate) -> NaiveDate {
    due_by
        .checked_sub_days(Days::new(28))
        .unwrap_or(NaiveDate::MIN)
}

/// An investigation of the case, as its clock needs it.
#[derive(Debug, Clone)]
pub struct InvestigationFacts {
    pub started_on: NaiveDate,
    pub report_submitted_on: Option<NaiveDate>,
    pub suspensions: Vec<Suspension>,
    pub last_notice_on: Option<NaiveDate>,
}

/// A recommendation of the case, as its clocks need it.
#[derive(Debug, Clone)]
pub struct RecommendationFacts {
    pub title: Option<String>,
    pub stage: RecommendationStage,
    pub made_on: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub response_received_on: Option<NaiveDate>,
}

/// What a case's clocks are counted from.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub stage: CaseStage,
    /// Whether someone is to be kept informed: a complainant, or an interested person who
    /// consented.
    pub kept_informed: bool,
    /// When handling started: recorded, else logged, else received.
    pub handling_started_on: NaiveDate,
    /// Every contact with the complainant logged.
    pub contacts: Vec<NaiveDate>,
    pub outcome_decided_on: Option<NaiveDate>,
    /// `Some(false)` when the complainant has no right of review.
    pub review_right: Option<bool>,
    /// The letter that gave the review right (or, without one, the outcome letter).
    pub review_letter_on: Option<NaiveDate>,
    pub investigations: Vec<InvestigationFacts>,
    pub recommendations: Vec<RecommendationFacts>,
}

/// A clock running on a case now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningClock {
    pub deadline: Deadline,
    /// The recommendation's title, for a recommendation's clocks.
    pub recommendation: Option<String>,
    /// An investigation's next notice counted without its suspensions, where that differs.
    pub excluding_suspensions: Option<NaiveDate>,
}

/// The clocks that run on the case today, in the order the case page lists them.
pub fn running(facts: &CaseFacts, today: NaiveDate, cal: &Calendar) -> Vec<RunningClock> {
    let plain = |deadline| RunningClock {
        deadline,
        recommendation: None,
        excluding_suspensions: None,
    };
    let mut out = Vec::new();
    if facts.kept_informed && runs_at(DeadlineKind::ComplainantUpdate, facts.stage) {
        let start = facts.handling_started_on;
        let last = facts
            .contacts
            .iter()
            .copied()
            .filter(|&on| on >= start)
            .max()
            .unwrap_or(start);
        out.push(plain(complainant_update_due(last)));
    }
    if runs_at(DeadlineKind::OutcomeNotification, facts.stage)
        && let Some(on) = facts.outcome_decided_on
    {
        out.push(plain(outcome_notification_due(on, cal)));
    }
    if runs_at(DeadlineKind::ReviewApplication, facts.stage)
        && facts.review_right != Some(false)
        && let Some(letter) = facts.review_letter_on
    {
        out.push(plain(review_application_due(letter)));
    }
    if runs_at(DeadlineKind::InvestigationProgressNotice, facts.stage) {
        for i in facts
            .investigations
            .iter()
            .filter(|i| i.report_submitted_on.is_none())
        {
            let clock = investigation_clock(i.started_on, &i.suspensions, i.last_notice_on, today);
            let excluding = clock.next_notice_excluding_suspension.due;
            let mut running = plain(clock.next_notice_including_suspension);
            running.excluding_suspensions =
                (excluding != running.deadline.due).then_some(excluding);
            out.push(running);
        }
    }
    for r in &facts.recommendations {
        if let Some(deadline) =
            recommendation_deadline(r.stage, r.made_on, r.extended_to, r.response_received_on)
        {
            out.push(RunningClock {
                deadline,
                recommendation: Some(
                    r.title
                        .clone()
                        .unwrap_or_else(|| "recommendation".to_owned()),
                ),
                excluding_suspensions: None,
            });
        }
    }
    out
}

/// The case's next deadline as the cases list shows and sorts it: the earliest of the
/// [`LISTED`] clocks running. The list's SQL function `case_next_deadline` must agree with it
/// for every case (a test compares them row for row).
pub fn next_listed_deadline(clocks: &[RunningClock]) -> Option<NaiveDate> {
    clocks
        .iter()
        .filter(|c| LISTED.contains(&c.deadline.kind))
        .map(|c| c.deadline.due)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::calendar::tests::{d, england_and_wales};

    #[test]
    fn cmr_reg_34_four_weekly_updates_give_way_to_the_outcome_letter() {
        use CaseStage as S;
        assert!(runs_at(
            DeadlineKind::ComplainantUpdate,
            S::DeterminationsMade
        ));
        assert!(!runs_at(DeadlineKind::ComplainantUpdate, S::OutcomeDecided));
        assert!(runs_at(
            DeadlineKind::OutcomeNotification,
            S::OutcomeDecided
        ));
        assert!(!runs_at(DeadlineKind::ComplainantUpdate, S::Logged));
        // Exactly one of the complainant's clocks runs from recording to the review window.
        for &stage in CaseStage::ALL {
            let running = [
                DeadlineKind::ComplainantUpdate,
                DeadlineKind::OutcomeNotification,
                DeadlineKind::ReviewApplication,
            ]
            .iter()
            .filter(|&&k| runs_at(k, stage))
            .count();
            assert!(running <= 1, "{stage:?}");
        }
    }

    #[test]
    fn the_lists_next_deadline_is_the_earliest_listed_clock() {
        let cal = england_and_wales();
        let facts = CaseFacts {
            stage: CaseStage::UnderInvestigation,
            kept_informed: true,
            handling_started_on: d(2025, 1, 10),
            contacts: vec![],
            outcome_decided_on: None,
            review_right: None,
            review_letter_on: None,
            investigations: vec![InvestigationFacts {
                started_on: d(2025, 2, 1),
                report_submitted_on: None,
                suspensions: vec![],
                last_notice_on: Some(d(2026, 2, 1)),
            }],
            recommendations: vec![RecommendationFacts {
                title: None,
                stage: RecommendationStage::Made,
                made_on: d(2026, 3, 2),
                extended_to: None,
                response_received_on: None,
            }],
        };
        let clocks = running(&facts, d(2026, 3, 3), &cal);
        // CMR 2020 reg 34(2)(a): the update is due first (10 January 2025 + 28 days) and is
        // listed; without anyone to keep informed, after the 12-month notice the next is the
        // 18-month one (1 August 2026); the response is due 56 days after 2 March 2026
        // (27 April 2026).
        assert_eq!(clocks[0].deadline.kind, DeadlineKind::ComplainantUpdate);
        assert_eq!(next_listed_deadline(&clocks), Some(d(2025, 2, 7)));
        let nobody = CaseFacts {
            kept_informed: false,
            ..facts
        };
        assert_eq!(
            next_listed_deadline(&running(&nobody, d(2026, 3, 3), &cal)),
            Some(d(2026, 4, 27))
        );
        let later = CaseFacts {
            recommendations: vec![],
            ..nobody
        };
        assert_eq!(
            next_listed_deadline(&running(&later, d(2026, 3, 3), &cal)),
            Some(d(2026, 8, 1))
        );
    }

    #[test]
    fn review_window_is_28_days_starting_the_day_after_the_letter() {
        let w = review_application_due(d(2026, 4, 1));
        assert_eq!(w.due, d(2026, 4, 29));
        assert!(!w.is_overdue(d(2026, 4, 29)));
        assert!(w.is_overdue(d(2026, 4, 30)));
    }

    #[test]
    fn recommendation_response_is_due_56_days_later_on_the_same_weekday() {
        assert_eq!(recommendation_response_due(d(2022, 1, 20)), d(2022, 3, 17));
        let ext = recommendation_response_deadline(d(2022, 1, 20), Some(d(2022, 4, 14)));
        assert_eq!(ext.due, d(2022, 4, 14));
    }

    #[test]
    fn publication_is_due_21_days_after_the_response() {
        assert_eq!(publication_due(d(2022, 3, 10)).due, d(2022, 3, 31));
    }

    #[test]
    fn complainant_updates_are_due_every_four_weeks() {
        assert_eq!(complainant_update_due(d(2026, 1, 5)).due, d(2026, 2, 2));
    }

    #[test]
    fn outcome_notification_is_due_within_5_working_days_across_christmas() {
        let cal = england_and_wales();
        // Monday 22 Dec 2025: 23, 24, 29, 30, 31 December
        assert_eq!(
            outcome_notification_due(d(2025, 12, 22), &cal).due,
            d(2025, 12, 31)
        );
    }

    #[test]
    fn outcome_notification_is_due_within_5_working_days_across_easter() {
        let cal = england_and_wales();
        // Wednesday 1 April 2026: 2, 7, 8, 9, 10 April (Good Friday 3, Easter Monday 6)
        assert_eq!(
            outcome_notification_due(d(2026, 4, 1), &cal).due,
            d(2026, 4, 10)
        );
        // Wednesday 27 March 2024: 28 March, 2, 3, 4, 5 April
        assert_eq!(
            outcome_notification_due(d(2024, 3, 27), &cal).due,
            d(2024, 4, 5)
        );
        // Wednesday 16 April 2025: 17, 22, 23, 24, 25 April
        assert_eq!(
            outcome_notification_due(d(2025, 4, 16), &cal).due,
            d(2025, 4, 25)
        );
    }

    #[test]
    fn proceedings_clocks_skip_the_2022_extra_bank_holidays() {
        let cal = england_and_wales();
        // Notice Wednesday 1 June 2022 + 15 WD, skipping 2 and 3 June: 24 June 2022 (not 22)
        assert_eq!(
            notice_of_proceedings_response_due(d(2022, 6, 1), &cal).due,
            d(2022, 6, 24)
        );
        // Outcome Wednesday 22 June 2022 + 5 WD = 29 June 2022
        assert_eq!(
            proceedings_outcome_report_due(d(2022, 6, 22), &cal).due,
            d(2022, 6, 29)
        );
        // Thursday 15 September 2022 + 5 WD, skipping the state funeral: 23 September
        assert_eq!(
            proceedings_outcome_report_due(d(2022, 9, 15), &cal).due,
            d(2022, 9, 23)
        );
    }

    #[test]
    fn accelerated_hearing_window_is_10_to_15_working_days() {
        let cal = england_and_wales();
        let (earliest, latest) = accelerated_hearing_window(d(2021, 11, 1), &cal);
        assert_eq!(earliest, d(2021, 11, 15));
        assert_eq!(latest.due, d(2021, 11, 22));
    }

    #[test]
    fn referral_deadline_is_configurable_and_marked_unverified() {
        let cal = england_and_wales();
        let default = referral_due(d(2026, 3, 13), ReferralRule::default(), &cal);
        assert_eq!(default.due, d(2026, 3, 14));
        assert!(default.kind.unverified(Regime::Current2020));
        let wd = referral_due(
            d(2026, 3, 13),
            ReferralRule {
                days_after: 1,
                working_days: true,
            },
            &cal,
        );
        assert_eq!(wd.due, d(2026, 3, 16));
    }

    #[test]
    fn cmr_2012_a_legacy_cases_12_month_notice_cites_the_2012_regulations() {
        // CMR 2020 reg 2(2): the 2020 regulations do not apply to a pre-2020 matter.
        let kind = DeadlineKind::InvestigationProgressNotice;
        assert_eq!(
            kind.source(Regime::Current2020),
            "CMR 2020 reg 13; PCR 2020 reg 19"
        );
        let legacy = kind.source(Regime::Legacy2012);
        assert!(
            legacy.contains("CMR 2012") && legacy.contains("PCR 2012"),
            "{legacy}"
        );
        assert!(!legacy.contains("2020"), "{legacy}");
        assert!(kind.unverified(Regime::Legacy2012));
        assert!(!kind.unverified(Regime::Current2020));
        for k in DeadlineKind::ALL {
            assert!(!k.source(Regime::Legacy2012).contains("2020"), "{k:?}");
        }
    }

    #[test]
    fn deadline_renders_in_english_with_working_days_left() {
        let cal = england_and_wales();
        let dl = Deadline::new(DeadlineKind::OutcomeNotification, d(2026, 3, 13));
        assert_eq!(
            dl.describe(d(2026, 3, 10), &cal),
            "due 13 March 2026, in 3 working days"
        );
        assert_eq!(dl.working_days_remaining(d(2026, 3, 10), &cal), 3);
        assert_eq!(dl.calendar_days_remaining(d(2026, 3, 10)), 3);
        assert!(dl.is_due_soon(d(2026, 3, 10), &cal, 5));
        assert_eq!(dl.status(d(2026, 3, 10), &cal), DeadlineStatus::DueSoon);
        assert_eq!(
            dl.describe(d(2026, 3, 13), &cal),
            "due today, 13 March 2026"
        );
    }

    #[test]
    fn overdue_deadline_counts_working_days_negative_across_the_weekend() {
        let cal = england_and_wales();
        let dl = Deadline::new(DeadlineKind::OutcomeNotification, d(2026, 3, 13));
        assert!(dl.is_overdue(d(2026, 3, 17)));
        assert_eq!(dl.working_days_remaining(d(2026, 3, 17), &cal), -2);
        assert_eq!(dl.calendar_days_remaining(d(2026, 3, 17)), -4);
        assert_eq!(
            dl.describe(d(2026, 3, 17), &cal),
            "overdue by 2 working days (was due 13 March 2026)"
        );
        assert_eq!(dl.status(d(2026, 3, 17), &cal), DeadlineStatus::Overdue);
    }

    #[test]
    fn a_deadline_done_on_the_due_date_is_met_and_after_it_is_late() {
        let cal = england_and_wales();
        let dl = Deadline::new(DeadlineKind::ReviewApplication, d(2026, 4, 29));
        assert!(dl.clone().done(d(2026, 4, 29)).is_met());
        assert!(!dl.clone().done(d(2026, 4, 30)).is_met());
        assert_eq!(
            dl.clone().done(d(2026, 4, 30)).status(d(2026, 5, 1), &cal),
            DeadlineStatus::MetLate
        );
        assert_eq!(
            dl.done(d(2026, 4, 20)).describe(d(2026, 5, 1), &cal),
            "met on 20 April 2026 (due 29 April 2026)"
        );
    }

    #[test]
    fn far_deadline_is_pending_not_due_soon() {
        let cal = england_and_wales();
        let dl = Deadline::new(DeadlineKind::RecommendationResponse, d(2022, 3, 17));
        assert_eq!(dl.status(d(2022, 1, 20), &cal), DeadlineStatus::Pending);
        // 10 March 2022 to 17 March 2022: 5 working days -> due soon
        assert_eq!(dl.status(d(2022, 3, 10), &cal), DeadlineStatus::DueSoon);
    }

    #[test]
    fn investigation_clock_gives_both_measures_with_and_without_suspension() {
        let start = d(2024, 1, 15);
        let susp = [Suspension {
            from: d(2024, 3, 1),
            resumed_on: Some(d(2024, 3, 31)),
        }];
        let clock = investigation_clock(start, &susp, None, d(2024, 6, 15));
        assert_eq!(clock.days_including_suspension, 152);
        assert_eq!(clock.days_excluding_suspension, 122);
        assert_eq!(clock.next_notice_including_suspension.due, d(2025, 1, 15));
        assert_eq!(clock.next_notice_excluding_suspension.due, d(2025, 2, 14));
        // After the 12-month notice, the next is 6 months later.
        let later = investigation_clock(start, &[], Some(d(2025, 1, 15)), d(2025, 2, 1));
        assert_eq!(later.next_notice_including_suspension.due, d(2025, 7, 15));
    }

    #[test]
    fn an_open_suspension_runs_until_today() {
        let start = d(2025, 1, 1);
        let susp = [Suspension {
            from: d(2025, 1, 11),
            resumed_on: None,
        }];
        let clock = investigation_clock(start, &susp, None, d(2025, 1, 21));
        assert_eq!(clock.days_including_suspension, 20);
        assert_eq!(clock.days_excluding_suspension, 10);
    }
}
