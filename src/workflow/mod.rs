//! The legal workflow: state machines, guards and statutory clocks. Pure: no I/O.
//!
//! # Shape
//!
//! Four machines, each a **static table of transitions** ([`Row`]): the case
//! ([`case`]), each subject of a case ([`subject`]), each review ([`review`]) and each
//! learning recommendation ([`recommendation`]). A row says: from which states, by which
//! action, to which state, which parties may take it, which kinds of case it applies to
//! (complaint, conduct matter, DSI matter), whether only legacy (pre-2020) cases may use it,
//! the guards that must hold, the legal source and a plain-English description. An action
//! with several possible results (a determination, a validity decision, concluding a review)
//! has one row per result, so every edge of the diagram is a row. Self-loops (revise
//! severity, record the force's view, grant an extension) are rows too.
//!
//! Two questions drive every page, asked the same way of each machine:
//!
//! * `available_actions(&snapshot, &actor, today)` - what may this user do now? It keeps the
//!   rows whose from-state, kind, legacy flag, party, organisation scope and parameter-free
//!   guards hold, and returns their actions (so a page shows only the forms that can succeed,
//!   apart from checks on what the user types).
//! * `apply(&snapshot, &command, &actor, today)` - take the step, or say why not. A command is
//!   the action with its parameters (e.g. the mode of investigation). The answer is a
//!   [`Transition`] (from, action, to, the row's source and the [`Effect`]s the persistence
//!   layer must record) or a typed [`Refusal`] naming the rule.
//!
//! Both run through one generic engine (`engine.rs`) over a small `Machine` trait, so the order
//! of checks is the same everywhere: organisation scope (a force user on another force's case
//! learns nothing more), kind of case, legacy, stage, party, the result's row, then guards.
//!
//! Snapshots ([`case::CaseSnapshot`], ...) are plain structs the caller fills from the
//! database; the workflow never loads anything. Dates are `NaiveDate`s in England and Wales:
//! the caller turns "now" into the local date (Europe/London) before asking.
//!
//! # Who may do what (and why)
//!
//! * **Force PSD** (bound to one force; acts for the appropriate authority, PRA 2002 s.29):
//!   logging, recording, handling outside Schedule 3, referral, local handling and local
//!   investigations (and the force investigator's steps in directed and legacy supervised or
//!   managed investigations), determinations after local investigations, proceedings and their
//!   outcomes, the complaint outcome and its notification after local handling, closing,
//!   recording withdrawals, the force's view beside IOPC determinations, responses to
//!   recommendations.
//! * **IOPC caseworker** (the Director General's delegate): calling in and treating as
//!   referred, the assessment of referrals (investigate and in which mode, or refer back),
//!   decisions that control directed and independent investigations (suspension,
//!   re-investigation), determinations, directions to bring proceedings and the complaint
//!   outcome after directed and independent investigations, the reviews the IOPC decides,
//!   recommendations (extensions, publication), withdrawals of referred complaints (CMR
//!   reg 38).
//! * **IOPC investigator**: the steps of an independent investigation (notices, interviews,
//!   opinions, the report) and the severity assessment in directed and independent ones
//!   (CMR reg 16 gives that to the IOPC).
//! * **IOPC admin**: no casework. Administration (users, reference data) lives elsewhere; the
//!   tables name no row for this role, so it is refused everything here.
//! * **Review body user** (bound to one local policing body): decides and concludes reviews
//!   whose relevant review body is its LPB, and nothing else.
//! * **Complainant**: applies for a review of their own complaint (the web layer has already
//!   checked the access code, so the snapshot given is their case).
//!
//! # Plain data for the database mirror and the diagram
//!
//! [`all_transitions`] and [`all_states`] flatten the four tables into plain records (codes,
//! not Rust types), so the database mirror (SQL rows) and the SVG diagram are generated from
//! the same table the code enforces.

pub mod calendar;
pub mod case;
pub mod clocks;
pub mod dating;
pub mod diagram;
mod engine;
pub mod intake;
pub mod recommendation;
pub mod refusal;
pub mod regime;
pub mod review;
pub mod statistics;
pub mod subject;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod scenarios;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::vocab::{
    AllegationOutcome, AuthorityView, CaseKind, CaseStage, Determination, Determiner,
    InvestigationMode, ProceedingsFinding, ProceedingsForm, ProceedingsOutcome,
    RecommendationResponse, RecommendationStage, RecordingReason, ReferralType, ReviewBody,
    ReviewFollowUp, ReviewStage, Role, Severity, SubjectStage, UnknownValue, closed_set,
};

pub use calendar::{Calendar, english_date};
pub use case::{CaseAction, CaseCommand, CaseSnapshot, relevant_review_body};
pub use clocks::{Deadline, DeadlineKind};
pub use recommendation::{RecommendationAction, RecommendationCommand, RecommendationSnapshot};
pub use refusal::{Refusal, Rule};
pub use regime::Regime;
pub use review::{ReviewAction, ReviewCommand, ReviewSnapshot};
pub use subject::{SubjectAction, SubjectCommand, SubjectSnapshot};

closed_set! {
    /// The four state machines.
    MachineName as "workflow_machine" {
        Case = "case" => "Case",
        Subject = "subject" => "Subject",
        Review = "review" => "Review",
        Recommendation = "recommendation" => "Recommendation",
    }
}

/// "an independent investigation", "a local investigation": a mode in a sentence.
pub(crate) fn a_mode_investigation(mode: InvestigationMode) -> String {
    let name = mode.label().to_lowercase();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name} investigation")
}

/// A force, by its stable identifier (the main crate passes its uuid as a string).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ForceId(pub String);

/// A local policing body, by its stable identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LpbId(pub String);

/// Who takes a step: a member of staff in a role, or the complainant. (The complainant is
/// not a staff [`Role`], so the tables name parties, not roles.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Party {
    Staff(Role),
    Complainant,
}

impl Party {
    /// Stable code: the role's code, or `complainant`.
    pub const fn code(self) -> &'static str {
        match self {
            Party::Staff(r) => r.as_str(),
            Party::Complainant => "complainant",
        }
    }

    /// Plain-English label.
    pub const fn label(self) -> &'static str {
        match self {
            Party::Staff(r) => r.label(),
            Party::Complainant => "Complainant",
        }
    }
}

/// The user asking: their party and, for force and review-body users, their organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub party: Party,
    pub force_id: Option<ForceId>,
    pub lpb_id: Option<LpbId>,
}

impl Actor {
    /// An IOPC user (caseworker, investigator or admin).
    pub fn iopc(role: Role) -> Self {
        Actor {
            party: Party::Staff(role),
            force_id: None,
            lpb_id: None,
        }
    }

    /// A force professional-standards user of `force`.
    pub fn force_psd(force: ForceId) -> Self {
        Actor {
            party: Party::Staff(Role::ForcePsd),
            force_id: Some(force),
            lpb_id: None,
        }
    }

    /// A review-body user of the local policing body `lpb`.
    pub fn review_body(lpb: LpbId) -> Self {
        Actor {
            party: Party::Staff(Role::ReviewBody),
            force_id: None,
            lpb_id: Some(lpb),
        }
    }

    /// The complainant (already authenticated against their own case).
    pub fn complainant() -> Self {
        Actor {
            party: Party::Complainant,
            force_id: None,
            lpb_id: None,
        }
    }

    pub(crate) fn is(&self, role: Role) -> bool {
        self.party == Party::Staff(role)
    }
}

/// Parties, shortened for the tables.
pub(crate) mod parties {
    use super::Party;
    use crate::domain::vocab::Role;
    pub const PSD: Party = Party::Staff(Role::ForcePsd);
    pub const CASEWORKER: Party = Party::Staff(Role::IopcCaseworker);
    pub const INVESTIGATOR: Party = Party::Staff(Role::IopcInvestigator);
    pub const REVIEW_BODY: Party = Party::Staff(Role::ReviewBody);
    pub const COMPLAINANT: Party = Party::Complainant;
}

/// Kinds of case, shortened for the tables.
pub(crate) mod kinds {
    use crate::domain::vocab::CaseKind;
    pub const ALL: &[CaseKind] = CaseKind::ALL;
    pub const COMPLAINT: &[CaseKind] = &[CaseKind::Complaint];
    pub const NOT_COMPLAINT: &[CaseKind] = &[CaseKind::ConductMatter, CaseKind::DsiMatter];
    pub const COMPLAINT_OR_CONDUCT: &[CaseKind] = &[CaseKind::Complaint, CaseKind::ConductMatter];
    pub const DSI: &[CaseKind] = &[CaseKind::DsiMatter];
}

/// One row of a transition table.
#[derive(Debug)]
pub struct Row<S: 'static, A: 'static, G: 'static> {
    pub from: &'static [S],
    pub action: A,
    pub to: S,
    pub parties: &'static [Party],
    pub kinds: &'static [CaseKind],
    pub legacy_only: bool,
    pub guards: &'static [G],
    pub source: &'static str,
    pub description: &'static str,
}

/// A value with a stable code and a label (states, actions, guards), for the plain-data export.
pub trait Coded: Copy + PartialEq + fmt::Debug + 'static {
    fn code(self) -> &'static str;
    fn text(self) -> &'static str;
}

macro_rules! coded {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::workflow::Coded for $t {
            fn code(self) -> &'static str { self.as_str() }
            fn text(self) -> &'static str { self.label() }
        })*
    };
}
pub(crate) use coded;

coded!(CaseStage, SubjectStage, ReviewStage, RecommendationStage);

/// What the persistence layer must record besides the new state and the audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    Recorded {
        reason: RecordingReason,
    },
    Referred {
        referral_type: ReferralType,
    },
    InvestigationStarted {
        mode: InvestigationMode,
        on: NaiveDate,
    },
    SuspensionStarted {
        on: NaiveDate,
    },
    SuspensionEnded {
        on: NaiveDate,
    },
    ReportReceived {
        on: NaiveDate,
    },
    OutcomeDecided {
        outcomes: Vec<AllegationOutcome>,
    },
    OutcomeNotified {
        on: NaiveDate,
        review_window_last_day: Option<NaiveDate>,
    },
    ReviewApplied {
        on: NaiveDate,
        body: ReviewBody,
    },
    ReviewConcluded {
        follow_up: Option<ReviewFollowUp>,
    },
    Withdrawn {
        on: NaiveDate,
    },
    /// A DSI matter re-recorded as a conduct matter (Sch 3 para 21A): the persistence layer
    /// creates the linked conduct matter.
    RerecordedAsConductMatter {
        on: NaiveDate,
    },
    Closed {
        on: NaiveDate,
    },
    SeverityAssessed {
        severity: Severity,
        revised: bool,
    },
    NoticeServed {
        on: NaiveDate,
    },
    Interviewed {
        on: NaiveDate,
    },
    OpinionGiven {
        opinion: Determination,
    },
    Determined {
        determination: Determination,
        by: Determiner,
    },
    AuthorityViewRecorded {
        view: AuthorityView,
    },
    ReferredToCps {
        on: NaiveDate,
    },
    ProceedingsBrought {
        form: ProceedingsForm,
        directed_by_iopc: bool,
    },
    ProceedingsConcluded {
        finding: ProceedingsFinding,
        outcome: ProceedingsOutcome,
        left_force: bool,
    },
    /// Dismissed, or would have been: the College of Policing's barred list.
    BarredList,
    ReviewValidity {
        valid: bool,
    },
    ReviewDecided {
        upheld: bool,
        follow_up: Option<ReviewFollowUp>,
    },
    ExtensionRequested {
        on: NaiveDate,
        new_due: NaiveDate,
        reason: String,
    },
    ExtensionGranted {
        requested_on: NaiveDate,
        new_due: NaiveDate,
        reason: String,
    },
    ExtensionRefused {
        on: NaiveDate,
        reason: String,
    },
    ResponseRecorded {
        response: RecommendationResponse,
        action: String,
        on: NaiveDate,
    },
    Published {
        on: NaiveDate,
        summary: String,
    },
}

/// A step taken: what the persistence layer writes (new state, audit event, effects).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition<S, A> {
    pub machine: MachineName,
    pub from: S,
    pub action: A,
    pub to: S,
    pub on: NaiveDate,
    /// The legal source of the row taken, for the audit trail.
    pub source: &'static str,
    pub effects: Vec<Effect>,
}

/// One edge of one machine, as plain data (for SQL rows and the SVG diagram).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransitionRecord {
    pub machine: &'static str,
    pub from: &'static str,
    pub action: &'static str,
    pub action_label: &'static str,
    pub to: &'static str,
    pub roles: Vec<&'static str>,
    pub kinds: Vec<&'static str>,
    pub legacy_only: bool,
    pub guards: Vec<&'static str>,
    pub source: &'static str,
    pub description: &'static str,
}

/// One state of one machine, as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateRecord {
    pub machine: &'static str,
    pub state: &'static str,
    pub label: &'static str,
    pub initial: bool,
    pub terminal: bool,
}

fn flatten<S: Coded, A: Coded, G: Coded>(
    machine: MachineName,
    table: &'static [Row<S, A, G>],
    out: &mut Vec<TransitionRecord>,
) {
    for row in table {
        for from in row.from {
            out.push(TransitionRecord {
                machine: machine.as_str(),
                from: from.code(),
                action: row.action.code(),
                action_label: row.action.text(),
                to: row.to.code(),
                roles: row.parties.iter().map(|p| p.code()).collect(),
                kinds: row.kinds.iter().map(|k| k.as_str()).collect(),
                legacy_only: row.legacy_only,
                guards: row.guards.iter().map(|g| g.code()).collect(),
                source: row.source,
                description: row.description,
            });
        }
    }
}

/// Every edge of every machine (one record per from-state of each row).
pub fn all_transitions() -> Vec<TransitionRecord> {
    let mut out = Vec::new();
    flatten(MachineName::Case, case::TABLE, &mut out);
    flatten(MachineName::Subject, subject::TABLE, &mut out);
    flatten(MachineName::Review, review::TABLE, &mut out);
    flatten(MachineName::Recommendation, recommendation::TABLE, &mut out);
    out
}

fn states<S: Coded>(
    machine: MachineName,
    all: &[S],
    initial: S,
    terminal: &[S],
    out: &mut Vec<StateRecord>,
) {
    for s in all {
        out.push(StateRecord {
            machine: machine.as_str(),
            state: s.code(),
            label: s.text(),
            initial: *s == initial,
            terminal: terminal.contains(s),
        });
    }
}

/// Every state of every machine, with its initial and terminal flags.
pub fn all_states() -> Vec<StateRecord> {
    let mut out = Vec::new();
    states(
        MachineName::Case,
        CaseStage::ALL,
        case::INITIAL,
        case::TERMINAL,
        &mut out,
    );
    states(
        MachineName::Subject,
        SubjectStage::ALL,
        subject::INITIAL,
        subject::TERMINAL,
        &mut out,
    );
    states(
        MachineName::Review,
        ReviewStage::ALL,
        review::INITIAL,
        review::TERMINAL,
        &mut out,
    );
    states(
        MachineName::Recommendation,
        RecommendationStage::ALL,
        recommendation::INITIAL,
        recommendation::TERMINAL,
        &mut out,
    );
    out
}

/// Who conducts, controls, assesses and determines in each mode of investigation
/// (Sch 3 paras 15-19, 23, 24; CMR reg 16). Legacy supervised investigations were run by the
/// force under IOPC supervision; managed ones by the force under IOPC direction and control,
/// so the IOPC controlled them and decided as in directed ones.
pub mod mode {
    use crate::domain::vocab::{InvestigationMode, Role};

    /// Whether the IOPC (rather than the appropriate authority) controls the investigation:
    /// suspension, determinations, the complaint outcome.
    pub const fn iopc_controls(mode: InvestigationMode) -> bool {
        matches!(
            mode,
            InvestigationMode::Directed
                | InvestigationMode::Independent
                | InvestigationMode::Managed
        )
    }

    /// The role that conducts the investigation (notices, interviews, opinions, report).
    pub const fn conductor(mode: InvestigationMode) -> Role {
        match mode {
            InvestigationMode::Independent => Role::IopcInvestigator,
            _ => Role::ForcePsd,
        }
    }

    /// The role that makes (and revises) severity assessments (CMR reg 16).
    pub const fn severity_assessor(mode: InvestigationMode) -> Role {
        if iopc_controls(mode) {
            Role::IopcInvestigator
        } else {
            Role::ForcePsd
        }
    }

    /// Whether a user in `role` runs the investigation, and so sets its terms of reference,
    /// names its investigator and sends its progress notices: the body that conducts it
    /// (the force, or the IOPC in an independent investigation), and the IOPC wherever it
    /// controls it (directed, independent; managed under the 2012 rules).
    pub const fn runs(mode: InvestigationMode, role: Role) -> bool {
        match role {
            Role::ForcePsd => matches!(conductor(mode), Role::ForcePsd),
            Role::IopcCaseworker | Role::IopcInvestigator => {
                iopc_controls(mode) || matches!(conductor(mode), Role::IopcInvestigator)
            }
            Role::IopcAdmin | Role::ReviewBody => false,
        }
    }

    /// The role that controls the investigation and makes the determinations.
    pub const fn controller(mode: InvestigationMode) -> Role {
        if iopc_controls(mode) {
            Role::IopcCaseworker
        } else {
            Role::ForcePsd
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_that_conducts_or_controls_an_investigation_runs_it() {
        use crate::domain::vocab::{InvestigationMode as M, Role as R};
        let runs = |m| {
            [
                R::ForcePsd,
                R::IopcCaseworker,
                R::IopcInvestigator,
                R::IopcAdmin,
                R::ReviewBody,
            ]
            .map(|r| mode::runs(m, r))
        };
        assert_eq!(runs(M::Local), [true, false, false, false, false]);
        assert_eq!(runs(M::Supervised), [true, false, false, false, false]);
        assert_eq!(runs(M::Directed), [true, true, true, false, false]);
        assert_eq!(runs(M::Independent), [false, true, true, false, false]);
        // Police (Complaints and Misconduct) Regulations 2012: a managed investigation is
        // conducted by the force under the IOPC's direction and control.
        assert_eq!(runs(M::Managed), [true, true, true, false, false]);
    }

    #[test]
    fn every_row_is_exported_once_per_from_state() {
        let rows = all_transitions();
        let expected: usize = case::TABLE.iter().map(|r| r.from.len()).sum::<usize>()
            + subject::TABLE.iter().map(|r| r.from.len()).sum::<usize>()
            + review::TABLE.iter().map(|r| r.from.len()).sum::<usize>()
            + recommendation::TABLE
                .iter()
                .map(|r| r.from.len())
                .sum::<usize>();
        assert_eq!(rows.len(), expected);
        assert!(
            rows.iter()
                .all(|r| !r.source.is_empty() && !r.description.is_empty())
        );
        assert!(
            rows.iter()
                .all(|r| !r.roles.is_empty() && !r.kinds.is_empty())
        );
        let json = serde_json::to_string(&rows).expect("serialise");
        assert!(json.contains("\"apply_for_review\""));
    }

    #[test]
    fn every_state_is_exported_with_one_initial_state_per_machine() {
        let states = all_states();
        for m in MachineName::ALL {
            let initial = states
                .iter()
                .filter(|s| s.machine == m.as_str() && s.initial)
                .count();
            assert_eq!(initial, 1, "{m:?}");
        }
        assert!(
            states
                .iter()
                .any(|s| s.machine == "case" && s.state == "closed" && s.terminal)
        );
    }

    #[test]
    fn terminal_flags_agree_with_the_tables() {
        fn check<S: Coded, A: Coded, G: Coded>(all: &[S], terminal: &[S], table: &[Row<S, A, G>]) {
            for s in all {
                let has_exit = table.iter().any(|r| r.from.contains(s));
                assert_eq!(!has_exit, terminal.contains(s), "{s:?}");
            }
        }
        check(CaseStage::ALL, case::TERMINAL, case::TABLE);
        check(SubjectStage::ALL, subject::TERMINAL, subject::TABLE);
        check(ReviewStage::ALL, review::TERMINAL, review::TABLE);
        check(
            RecommendationStage::ALL,
            recommendation::TERMINAL,
            recommendation::TABLE,
        );
    }
}

#[cfg(test)]
mod sentence_tests {
    use super::*;

    #[test]
    fn a_mode_in_a_sentence_takes_the_right_article() {
        assert_eq!(
            a_mode_investigation(InvestigationMode::Independent),
            "an independent investigation"
        );
        assert_eq!(
            a_mode_investigation(InvestigationMode::Local),
            "a local investigation"
        );
        assert_eq!(
            a_mode_investigation(InvestigationMode::Directed),
            "a directed investigation"
        );
    }
}
