//! The case machine: a complaint, a recordable conduct matter or a DSI matter, from logging
//! to closing (PRA 2002 Sch 3; CMR 2020).
//!
//! The three kinds of case share one machine but not one set of routes, and the table says
//! so in its `kinds` column:
//!
//! * a **complaint** may be handled outside Schedule 3 (para 2(6C)), handled otherwise than
//!   by investigation or end with no further action (para 6), has an outcome told to the
//!   complainant (CMR reg 34), a review right (paras 6A, 25; CMR reg 29) and may be withdrawn
//!   (CMR reg 38);
//! * a **conduct matter** has no complainant: no outside-Schedule-3 handling, no outcome
//!   notification, no review, no withdrawal. It ends when determinations are made (or the
//!   IOPC refers it back) and any proceedings are over;
//! * a **DSI matter** is always referred (Part 2A): the force can only record and refer it,
//!   the IOPC decides; there is no complainant and no review.
//!
//! Departures from the brief's suggested routes, and why:
//!
//! * `refer` is open from `ReferredBack` too: a matter the IOPC referred back can be
//!   referred again when new circumstances arise (para 4(1), 13(1)).
//! * `call_in` / `treat_as_referred` are open from `Recorded`, `ReferredBack` and
//!   `HandledOtherwise` (paras 4A, 13A: the IOPC may act "at any time").
//! * Conduct and DSI matters referred back may be investigated locally or closed by the force
//!   (para 5(2), 14(2): "deal with in such manner as it may determine").
//! * `conclude_review` goes back to `UnderInvestigation` when the upheld review's follow-up is
//!   a re-investigation or "must now be investigated"; the mode is a parameter (the IOPC
//!   decides it; an LPB's "must be investigated" means a local investigation).
//! * `withdraw` is recorded by the force, or by the IOPC where the complaint was referred:
//!   then the IOPC decides whether to carry on (CMR reg 38), so the force cannot.
//! * Legacy routes (`discontinue`, `disapply`, supervised and managed modes) exist only with
//!   the legacy flag; their pre-2020 paragraph numbers are marked unverified in the source.
//!
//! The review body is worked out by [`relevant_review_body`] (domain.md section H; CMR
//! reg 32, partly unverified).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::engine::{self, Machine};
use super::kinds::{ALL, COMPLAINT, COMPLAINT_OR_CONDUCT, DSI, NOT_COMPLAINT};
use super::parties::{CASEWORKER, COMPLAINANT, INVESTIGATOR, PSD, REVIEW_BODY};
use super::refusal::{Refusal, Rule};
use super::{Actor, Effect, ForceId, LpbId, MachineName, Party, Row, Transition, coded, mode};
use crate::domain::vocab::{
    AllegationOutcome, CaseKind, CaseStage, InvestigationMode, RecordingReason, ReferralType,
    ReviewBody, ReviewFollowUp, ReviewStage, Role, SubjectStage, UnknownValue, closed_set,
};

closed_set! {
    /// The steps of the case machine.
    CaseAction as "case_action" {
        Record = "record" => "Record",
        HandleOutsideSchedule3 = "handle_outside_schedule3" => "Handle outside Schedule 3",
        RecordAfterDissatisfaction = "record_after_dissatisfaction" => "Record after dissatisfaction",
        Refer = "refer" => "Refer to the IOPC",
        CallIn = "call_in" => "Call in",
        TreatAsReferred = "treat_as_referred" => "Treat as referred",
        DecideInvestigation = "decide_investigation" => "Decide to investigate and the mode",
        ReferBack = "refer_back" => "Refer back to the force",
        HandleOtherwise = "handle_otherwise" => "Handle otherwise than by investigation",
        StartLocalInvestigation = "start_local_investigation" => "Start a local investigation",
        NoFurtherAction = "no_further_action" => "Take no further action",
        Suspend = "suspend" => "Suspend the investigation",
        Resume = "resume" => "Resume the investigation",
        SubmitReport = "submit_report" => "Submit the investigation report",
        RequireReinvestigation = "require_reinvestigation" => "Require re-investigation",
        CompleteDeterminations = "complete_determinations" => "Complete the determinations",
        DecideOutcome = "decide_outcome" => "Decide the outcome",
        NotifyOutcome = "notify_outcome" => "Notify the complainant of the outcome",
        ApplyForReview = "apply_for_review" => "Apply for a review",
        ConcludeReview = "conclude_review" => "Conclude the review",
        Close = "close" => "Close",
        Withdraw = "withdraw" => "Record withdrawal",
        Discontinue = "discontinue" => "Discontinue the investigation (legacy)",
        Disapply = "disapply" => "Disapply the requirements (legacy)",
        RerecordAsConductMatter = "rerecord_as_conduct_matter" => "Re-record as a conduct matter",
    }
}

closed_set! {
    /// The guards of the case machine.
    CaseGuard as "case_guard" {
        NoUnreferredMandatoryGround = "no_unreferred_mandatory_ground" => "No mandatory-referral ground left unreferred",
        NothingForcesRecording = "nothing_forces_recording" => "Nothing requires recording",
        InvestigationNotRequired = "investigation_not_required" => "Investigation not required",
        ReferralTypeOpenToAuthority = "referral_type_open_to_authority" => "Mandatory or voluntary referral",
        ModeAllowed = "mode_allowed" => "Mode allowed for the case's rules",
        Controller = "controller" => "The body controlling the investigation",
        Conductor = "conductor" => "The investigator",
        EverySubjectHasOpinion = "every_subject_has_opinion" => "Every subject has an opinion",
        ReportReceived = "report_received" => "Report received",
        Determiner = "determiner" => "The body that determines",
        EverySubjectDetermined = "every_subject_determined" => "Every subject determined",
        OutcomeLabelsFitRules = "outcome_labels_fit_rules" => "Outcome labels fit the case's rules",
        ReviewRight = "review_right" => "The complainant has a review right",
        NoOpenReview = "no_open_review" => "No review open",
        WithinReviewWindow = "within_review_window" => "Within the review window",
        ReviewDecided = "review_decided" => "Review decided",
        ReinvestigationModeGiven = "reinvestigation_mode_given" => "Mode of re-investigation given",
        NoOpenProceedings = "no_open_proceedings" => "No proceedings outstanding",
        ReviewWindowPassedOrNoRight = "review_window_passed_or_no_right" => "Review window passed or no review right",
        WithdrawalByRightBody = "withdrawal_by_right_body" => "Withdrawal recorded by the right body",
        NotYetRerecorded = "not_yet_rerecorded" => "Not yet re-recorded as a conduct matter",
        Rerecorder = "rerecorder" => "The body that re-records the matter",
    }
}

closed_set! {
    /// Grounds for mandatory referral (Sch 3 para 4(1); CMR reg 4; reg 7 for conduct matters).
    MandatoryGround as "mandatory_referral_ground" {
        DeathOrSeriousInjury = "death_or_serious_injury" => "Death or serious injury",
        SeriousAssault = "serious_assault" => "Serious assault",
        SeriousSexualOffence = "serious_sexual_offence" => "Serious sexual offence",
        SeriousCorruption = "serious_corruption" => "Serious corruption",
        DiscriminatoryBehaviour = "discrimination_aggravated" => "Aggravated by discriminatory behaviour",
        RelevantOffence = "relevant_offence" => "Relevant offence",
        SameIncident = "same_incident" => "Arising from the same incident as a mandatory referral",
        ChiefOfficer = "chief_officer" => "Chief officer or Deputy Commissioner",
    }
}

coded!(CaseAction, CaseGuard);

impl MandatoryGround {
    /// What the ground means, in plain English, as the recording checklist and the referral
    /// form explain it (Sch 3 para 4(1); CMR 2020 reg 4, and reg 7 for conduct matters). The
    /// regulations' own words are longer; these follow domain.md section B, and the exact
    /// sub-paragraph of each is unverified.
    pub const fn description(self) -> &'static str {
        match self {
            MandatoryGround::DeathOrSeriousInjury => {
                "Someone died or was seriously injured, and the conduct may have caused or contributed to it."
            }
            MandatoryGround::SeriousAssault => {
                "A serious assault by a person serving with the police, for example a punch or kick that broke a bone."
            }
            MandatoryGround::SeriousSexualOffence => "A serious sexual offence.",
            MandatoryGround::SeriousCorruption => {
                "Serious corruption, including abuse of position for a sexual purpose or to pursue an improper emotional relationship."
            }
            MandatoryGround::DiscriminatoryBehaviour => {
                "A criminal offence, or behaviour that could lead to disciplinary proceedings, aggravated by discrimination because of race, sex, religion or another status."
            }
            MandatoryGround::RelevantOffence => {
                "A relevant offence: one whose sentence is fixed by law, or for which an adult with no previous convictions could be sent to prison for seven years."
            }
            MandatoryGround::SameIncident => {
                "It arises from the same incident as a matter on one of the grounds above."
            }
            MandatoryGround::ChiefOfficer => {
                "It is about a chief officer or the Deputy Commissioner of the Metropolitan Police, and the appropriate authority cannot be sure from the complaint alone that the conduct would not justify criminal or disciplinary proceedings."
            }
        }
    }
}

/// The case as the workflow needs to see it. The caller fills it from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSnapshot {
    pub kind: CaseKind,
    pub stage: CaseStage,
    /// Pre-2020 rules apply (legacy routes and modes).
    pub legacy: bool,
    /// The force whose chief officer is the appropriate authority.
    pub force_id: ForceId,
    /// The force's local policing body.
    pub lpb_id: LpbId,
    /// A complainant exists (complaints only).
    pub complainant_present: bool,
    /// The complainant wishes the complaint recorded (para 2(6)).
    pub complainant_wants_recording: bool,
    /// The complaint alleges conduct that might be an offence or justify disciplinary
    /// proceedings, DSI, or an Article 2/3 breach (para 2(6A), (6B)).
    pub must_be_recorded: bool,
    /// There is an indication of an offence, disciplinary behaviour, DSI or an Article 2/3
    /// concern, so the complaint must be investigated (para 6).
    pub must_be_investigated: bool,
    /// Mandatory-referral grounds present (para 4(1); CMR reg 4), as found at recording or
    /// revised since.
    pub mandatory_grounds: Vec<MandatoryGround>,
    /// The matter has been referred to (or called in by) the IOPC.
    pub referred: bool,
    /// The mandatory grounds some referral of the matter was made on. A ground found after
    /// the last referral (e.g. once the IOPC referred the matter back) is covered by none, so
    /// the matter must be referred again before it is handled locally: the service's reading
    /// of the duty in CMR 2020 regs 4, 7 (unverified; para 4(1) and 13(1) do not say how a
    /// later ground is treated).
    pub referred_grounds: Vec<MandatoryGround>,
    pub investigation_mode: Option<InvestigationMode>,
    pub report_received_on: Option<NaiveDate>,
    /// The date of the outcome letter with the review-rights information.
    pub outcome_notified_on: Option<NaiveDate>,
    /// The stage of every subject of the case.
    pub subjects: Vec<SubjectStage>,
    /// The latest review, if any.
    pub review: Option<ReviewSummary>,
    /// The appropriate authority is the local policing body (complaint about the chief officer).
    pub aa_is_lpb: bool,
    /// The complaint concerns a senior officer (above chief superintendent).
    pub concerns_senior_officer: bool,
    /// The AA cannot be satisfied from the complaint alone that the conduct would not justify
    /// proceedings or infringe Article 2 or 3.
    pub could_justify_proceedings: bool,
    /// A DSI matter already re-recorded as a conduct matter (Sch 3 para 21A).
    pub rerecorded: bool,
}

/// The latest review of a case, as the case machine needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSummary {
    pub stage: ReviewStage,
    pub follow_up: Option<ReviewFollowUp>,
}

impl ReviewSummary {
    /// Still to be decided.
    pub fn is_open(&self) -> bool {
        matches!(self.stage, ReviewStage::Applied | ReviewStage::Valid)
    }
}

impl CaseSnapshot {
    /// A newly logged case with nothing else known.
    pub fn new(kind: CaseKind, force_id: ForceId, lpb_id: LpbId) -> Self {
        CaseSnapshot {
            kind,
            stage: CaseStage::Logged,
            legacy: false,
            force_id,
            lpb_id,
            complainant_present: kind == CaseKind::Complaint,
            complainant_wants_recording: false,
            must_be_recorded: false,
            must_be_investigated: false,
            mandatory_grounds: Vec::new(),
            referred: false,
            referred_grounds: Vec::new(),
            investigation_mode: None,
            report_received_on: None,
            outcome_notified_on: None,
            subjects: Vec::new(),
            review: None,
            aa_is_lpb: false,
            concerns_senior_officer: false,
            could_justify_proceedings: false,
            rerecorded: false,
        }
    }

    /// The rules the case is handled under.
    pub fn regime(&self) -> super::Regime {
        super::Regime::of_legacy(self.legacy)
    }

    /// The case's mandatory grounds that no referral of the matter covered.
    pub fn unreferred_grounds(&self) -> Vec<MandatoryGround> {
        self.mandatory_grounds
            .iter()
            .copied()
            .filter(|g| !self.referred_grounds.contains(g))
            .collect()
    }

    /// The matter must be referred before any local route: a DSI matter not yet referred
    /// (Part 2A), or a mandatory-referral ground that no referral covered (para 4(1), 13(1);
    /// CMR regs 4, 7).
    pub fn needs_referral(&self) -> bool {
        (self.kind == CaseKind::DsiMatter && !self.referred)
            || !self.unreferred_grounds().is_empty()
    }

    /// The complainant has a review right: a complaint recorded under Schedule 3 with a
    /// complainant (paras 6A, 25).
    pub fn has_review_right(&self) -> bool {
        self.kind == CaseKind::Complaint && self.complainant_present
    }

    /// The last day to apply for a review: 28 days starting the day after the letter
    /// (CMR reg 29).
    pub fn review_window_last_day(&self) -> Option<NaiveDate> {
        self.outcome_notified_on
            .map(|d| super::clocks::review_application_due(d).due)
    }

    /// Bring the snapshot up to date after a transition (for callers that replay steps in
    /// memory; the main crate re-reads from the database instead).
    pub fn advance(&mut self, t: &CaseTransition) {
        self.stage = t.to;
        for e in &t.effects {
            match e {
                // A referral is made on every ground the case has (db::workflow writes them
                // onto the referral).
                Effect::Referred { .. } => {
                    self.referred = true;
                    for g in &self.mandatory_grounds {
                        if !self.referred_grounds.contains(g) {
                            self.referred_grounds.push(*g);
                        }
                    }
                }
                Effect::InvestigationStarted { mode, .. } => {
                    self.investigation_mode = Some(*mode);
                    self.report_received_on = None;
                }
                Effect::ReportReceived { on } => self.report_received_on = Some(*on),
                Effect::OutcomeNotified { on, .. } => self.outcome_notified_on = Some(*on),
                Effect::ReviewApplied { .. } => {
                    self.review = Some(ReviewSummary {
                        stage: ReviewStage::Applied,
                        follow_up: None,
                    })
                }
                _ => {}
            }
        }
    }
}

/// The action with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseCommand {
    Record {
        reason: RecordingReason,
    },
    HandleOutsideSchedule3,
    RecordAfterDissatisfaction,
    Refer {
        referral_type: ReferralType,
    },
    CallIn,
    TreatAsReferred,
    DecideInvestigation {
        mode: InvestigationMode,
    },
    ReferBack,
    HandleOtherwise,
    StartLocalInvestigation,
    NoFurtherAction,
    Suspend,
    Resume,
    SubmitReport,
    RequireReinvestigation,
    CompleteDeterminations,
    DecideOutcome {
        outcomes: Vec<AllegationOutcome>,
    },
    NotifyOutcome,
    ApplyForReview,
    /// `mode`: the mode of a re-investigation or new investigation that an upheld review
    /// requires; ignored otherwise.
    ConcludeReview {
        mode: Option<InvestigationMode>,
    },
    Close,
    Withdraw,
    Discontinue,
    Disapply,
    RerecordAsConductMatter,
}

impl CaseCommand {
    /// The action this command takes.
    pub fn action(&self) -> CaseAction {
        use CaseCommand as C;
        match self {
            C::Record { .. } => CaseAction::Record,
            C::HandleOutsideSchedule3 => CaseAction::HandleOutsideSchedule3,
            C::RecordAfterDissatisfaction => CaseAction::RecordAfterDissatisfaction,
            C::Refer { .. } => CaseAction::Refer,
            C::CallIn => CaseAction::CallIn,
            C::TreatAsReferred => CaseAction::TreatAsReferred,
            C::DecideInvestigation { .. } => CaseAction::DecideInvestigation,
            C::ReferBack => CaseAction::ReferBack,
            C::HandleOtherwise => CaseAction::HandleOtherwise,
            C::StartLocalInvestigation => CaseAction::StartLocalInvestigation,
            C::NoFurtherAction => CaseAction::NoFurtherAction,
            C::Suspend => CaseAction::Suspend,
            C::Resume => CaseAction::Resume,
            C::SubmitReport => CaseAction::SubmitReport,
            C::RequireReinvestigation => CaseAction::RequireReinvestigation,
            C::CompleteDeterminations => CaseAction::CompleteDeterminations,
            C::DecideOutcome { .. } => CaseAction::DecideOutcome,
            C::NotifyOutcome => CaseAction::NotifyOutcome,
            C::ApplyForReview => CaseAction::ApplyForReview,
            C::ConcludeReview { .. } => CaseAction::ConcludeReview,
            C::Close => CaseAction::Close,
            C::Withdraw => CaseAction::Withdraw,
            C::Discontinue => CaseAction::Discontinue,
            C::Disapply => CaseAction::Disapply,
            C::RerecordAsConductMatter => CaseAction::RerecordAsConductMatter,
        }
    }
}

/// A step of the case machine.
pub type CaseTransition = Transition<CaseStage, CaseAction>;

/// The state a new case starts in.
pub const INITIAL: CaseStage = CaseStage::Logged;
/// States with no way out.
pub const TERMINAL: &[CaseStage] = &[
    CaseStage::Closed,
    CaseStage::Withdrawn,
    CaseStage::Discontinued,
    CaseStage::Disapplied,
];

use CaseGuard as G;
use CaseStage as S;

const NON_TERMINAL_COMPLAINT: &[CaseStage] = &[
    S::Logged,
    S::OutsideSchedule3,
    S::Recorded,
    S::Referred,
    S::ReferredBack,
    S::HandledOtherwise,
    S::UnderInvestigation,
    S::InvestigationSuspended,
    S::ReportReceived,
    S::DeterminationsMade,
    S::OutcomeDecided,
    S::OutcomeNotified,
    S::UnderReview,
    S::ReviewConcluded,
];

type CaseRow = Row<CaseStage, CaseAction, CaseGuard>;

/// The case machine's transitions.
pub static TABLE: &[CaseRow] = &[
    Row {
        from: &[S::Logged],
        action: CaseAction::Record,
        to: S::Recorded,
        parties: &[PSD],
        kinds: ALL,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 paras 2(6)-(6B), 11, 14A; CMR reg 7",
        description: "The appropriate authority records the complaint under Schedule 3, or records the conduct or DSI matter.",
    },
    Row {
        from: &[S::Logged],
        action: CaseAction::HandleOutsideSchedule3,
        to: S::OutsideSchedule3,
        parties: &[PSD],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::NoUnreferredMandatoryGround, G::NothingForcesRecording],
        source: "Sch 3 para 2(6C)",
        description: "The complaint is resolved outside Schedule 3, to the complainant's satisfaction; there is no review right.",
    },
    Row {
        from: &[S::OutsideSchedule3],
        action: CaseAction::RecordAfterDissatisfaction,
        to: S::Recorded,
        parties: &[PSD],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 para 2(6), (6C)",
        description: "The complainant is dissatisfied with handling outside Schedule 3, so the complaint is recorded.",
    },
    Row {
        from: &[S::OutsideSchedule3],
        action: CaseAction::Close,
        to: S::Closed,
        parties: &[PSD],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 para 2(6C); CMR reg 44",
        description: "Handling outside Schedule 3 is finished; the record is kept.",
    },
    Row {
        from: &[S::Recorded, S::ReferredBack],
        action: CaseAction::Refer,
        to: S::Referred,
        parties: &[PSD],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::ReferralTypeOpenToAuthority],
        source: "Sch 3 paras 4, 13, 14C; CMR regs 4, 7",
        description: "The appropriate authority refers the matter to the IOPC, as a mandatory or voluntary referral.",
    },
    Row {
        from: &[S::Recorded, S::ReferredBack, S::HandledOtherwise],
        action: CaseAction::CallIn,
        to: S::Referred,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 paras 4(1)(c), 13(1)(c), 14C",
        description: "The IOPC requires the matter to be referred to it.",
    },
    Row {
        from: &[S::Recorded, S::ReferredBack, S::HandledOtherwise],
        action: CaseAction::TreatAsReferred,
        to: S::Referred,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 paras 4A, 13A",
        description: "The IOPC treats the matter as referred on its own initiative.",
    },
    Row {
        from: &[S::Referred],
        action: CaseAction::DecideInvestigation,
        to: S::UnderInvestigation,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::ModeAllowed],
        source: "Sch 3 paras 5, 14, 15",
        description: "The IOPC decides the matter must be investigated and chooses local, directed or independent investigation.",
    },
    Row {
        from: &[S::Referred],
        action: CaseAction::ReferBack,
        to: S::ReferredBack,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 paras 5(2), 14(2); Part 2A",
        description: "The IOPC decides investigation is not needed and refers the matter back to the appropriate authority.",
    },
    Row {
        from: &[S::Recorded, S::ReferredBack],
        action: CaseAction::HandleOtherwise,
        to: S::HandledOtherwise,
        parties: &[PSD],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::NoUnreferredMandatoryGround, G::InvestigationNotRequired],
        source: "Sch 3 para 6",
        description: "The complaint is handled otherwise than by investigation: explanation, apology, learning or reflective practice.",
    },
    Row {
        from: &[S::Recorded, S::ReferredBack],
        action: CaseAction::StartLocalInvestigation,
        to: S::UnderInvestigation,
        parties: &[PSD],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::NoUnreferredMandatoryGround],
        source: "Sch 3 paras 6, 16",
        description: "The appropriate authority investigates the matter itself (local investigation).",
    },
    Row {
        from: &[S::Recorded, S::ReferredBack],
        action: CaseAction::NoFurtherAction,
        to: S::OutcomeDecided,
        parties: &[PSD],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::NoUnreferredMandatoryGround, G::InvestigationNotRequired],
        source: "Sch 3 para 6; CMR reg 34",
        description: "The appropriate authority decides to take no further action on the complaint.",
    },
    Row {
        from: &[S::UnderInvestigation],
        action: CaseAction::Suspend,
        to: S::InvestigationSuspended,
        parties: &[PSD, CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::Controller],
        source: "CMR 2020 reg 12",
        description: "The investigation is suspended, e.g. while criminal proceedings run.",
    },
    Row {
        from: &[S::InvestigationSuspended],
        action: CaseAction::Resume,
        to: S::UnderInvestigation,
        parties: &[PSD, CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::Controller],
        source: "CMR 2020 reg 12",
        description: "The suspended investigation resumes.",
    },
    Row {
        from: &[S::UnderInvestigation],
        action: CaseAction::SubmitReport,
        to: S::ReportReceived,
        parties: &[PSD, INVESTIGATOR],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::Conductor, G::EverySubjectHasOpinion],
        source: "Sch 3 para 22",
        description: "The investigator submits the report, with an opinion on every subject: to the appropriate authority (local) or the IOPC (directed, independent).",
    },
    Row {
        from: &[S::ReportReceived],
        action: CaseAction::RequireReinvestigation,
        to: S::UnderInvestigation,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 (re-investigation for compelling reasons; paragraph unverified)",
        description: "The IOPC requires the matter to be re-investigated.",
    },
    Row {
        from: &[S::ReportReceived],
        action: CaseAction::CompleteDeterminations,
        to: S::DeterminationsMade,
        parties: &[PSD, CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::ReportReceived, G::Determiner, G::EverySubjectDetermined],
        source: "Sch 3 paras 23, 24",
        description: "Every subject has a determination: the IOPC's (directed, independent) or the appropriate authority's (local).",
    },
    Row {
        from: &[S::DeterminationsMade, S::HandledOtherwise],
        action: CaseAction::DecideOutcome,
        to: S::OutcomeDecided,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::Determiner, G::OutcomeLabelsFitRules],
        source: "Sch 3 paras 6, 23, 24; CMR reg 34",
        description: "The outcome of each allegation of the complaint is decided.",
    },
    Row {
        from: &[S::OutcomeDecided],
        action: CaseAction::NotifyOutcome,
        to: S::OutcomeNotified,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::Determiner],
        source: "CMR 2020 reg 34",
        description: "The complainant is told the outcome in writing, with the right of review.",
    },
    Row {
        from: &[S::OutcomeNotified],
        action: CaseAction::ApplyForReview,
        to: S::UnderReview,
        parties: &[COMPLAINANT],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::ReviewRight, G::NoOpenReview, G::WithinReviewWindow],
        source: "Sch 3 paras 6A, 25; CMR reg 29",
        description: "The complainant applies for a review to the relevant review body within 28 days.",
    },
    Row {
        from: &[S::UnderReview],
        action: CaseAction::ConcludeReview,
        to: S::ReviewConcluded,
        parties: &[CASEWORKER, REVIEW_BODY],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::ReviewDecided],
        source: "Sch 3 paras 6A, 25; CMR reg 32",
        description: "The review is decided and its outcome recorded against the case.",
    },
    Row {
        from: &[S::UnderReview],
        action: CaseAction::ConcludeReview,
        to: S::UnderInvestigation,
        parties: &[CASEWORKER, REVIEW_BODY],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::ReviewDecided, G::ReinvestigationModeGiven],
        source: "Sch 3 paras 6A, 25",
        description: "The upheld review requires re-investigation, or that the complaint now be investigated.",
    },
    Row {
        from: &[S::DeterminationsMade, S::ReferredBack],
        action: CaseAction::Close,
        to: S::Closed,
        parties: &[PSD, CASEWORKER],
        kinds: NOT_COMPLAINT,
        legacy_only: false,
        guards: &[G::NoOpenProceedings],
        source: "Sch 3 paras 14, 23, 24; PCR 2020",
        description: "The conduct or DSI matter is closed once any proceedings are over.",
    },
    Row {
        from: &[S::OutcomeNotified],
        action: CaseAction::Close,
        to: S::Closed,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[
            G::NoOpenProceedings,
            G::NoOpenReview,
            G::ReviewWindowPassedOrNoRight,
        ],
        source: "Sch 3 paras 6A, 25; CMR reg 29",
        description: "The complaint is closed once the review window has passed without an application.",
    },
    Row {
        from: &[S::ReviewConcluded],
        action: CaseAction::Close,
        to: S::Closed,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::NoOpenProceedings, G::NoOpenReview],
        source: "Sch 3 paras 6A, 25",
        description: "The complaint is closed after the review.",
    },
    Row {
        from: NON_TERMINAL_COMPLAINT,
        action: CaseAction::Withdraw,
        to: S::Withdrawn,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::WithdrawalByRightBody],
        source: "CMR 2020 reg 38",
        description: "The complainant withdraws the complaint by signed notice.",
    },
    Row {
        from: &[S::UnderInvestigation],
        action: CaseAction::Discontinue,
        to: S::Discontinued,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: true,
        guards: &[G::Controller],
        source: "Sch 3 para 21 as before 1 February 2020 (unverified)",
        description: "Legacy: the investigation is discontinued.",
    },
    Row {
        from: &[S::Recorded],
        action: CaseAction::Disapply,
        to: S::Disapplied,
        parties: &[PSD],
        kinds: COMPLAINT,
        legacy_only: true,
        guards: &[G::NoUnreferredMandatoryGround],
        source: "Sch 3 para 7 as before 1 February 2020 (unverified)",
        description: "Legacy: the requirements of Schedule 3 are disapplied.",
    },
    Row {
        from: &[S::UnderInvestigation],
        action: CaseAction::RerecordAsConductMatter,
        to: S::UnderInvestigation,
        parties: &[PSD, CASEWORKER],
        kinds: DSI,
        legacy_only: false,
        guards: RERECORD_GUARDS,
        source: RERECORD_SOURCE,
        description: RERECORD_TEXT,
    },
    Row {
        from: &[S::InvestigationSuspended],
        action: CaseAction::RerecordAsConductMatter,
        to: S::InvestigationSuspended,
        parties: &[PSD, CASEWORKER],
        kinds: DSI,
        legacy_only: false,
        guards: RERECORD_GUARDS,
        source: RERECORD_SOURCE,
        description: RERECORD_TEXT,
    },
    Row {
        from: &[S::ReportReceived],
        action: CaseAction::RerecordAsConductMatter,
        to: S::ReportReceived,
        parties: &[PSD, CASEWORKER],
        kinds: DSI,
        legacy_only: false,
        guards: RERECORD_GUARDS,
        source: RERECORD_SOURCE,
        description: RERECORD_TEXT,
    },
];

/// Re-recording a DSI matter as a conduct matter (Sch 3 para 21A; para 22(4) names "a matter
/// that was formerly a DSI matter but has been recorded as a conduct matter in pursuance of
/// paragraph 21A(5)"). The rule this system follows, with the parts not confirmed against the
/// text marked:
///
/// * where the investigation of a DSI matter (or its report) indicates that a person serving
///   with the police may have committed a criminal offence or behaved in a manner justifying
///   disciplinary proceedings, the matter is recorded as a conduct matter, once;
/// * the appropriate authority records it, except in an investigation the IOPC carries out
///   itself (independent), where the IOPC's decision is recorded by the IOPC (unverified:
///   para 21A has the authority record it on the Director General's determination);
/// * the conduct matter is investigated in the same mode by the same investigator, as if
///   they had been appointed to investigate it, without a second referral or a new decision on
///   the mode (unverified; the same scheme as Sch 3A para 5(4) and para 24C for DSI reports);
/// * it takes the DSI matter's regime (CMR 2020 reg 2(2)(b): it relates to that matter).
const RERECORD_GUARDS: &[CaseGuard] = &[G::NotYetRerecorded, G::Rerecorder];
const RERECORD_SOURCE: &str = "Sch 3 paras 21A, 22(4) (sub-paragraphs unverified)";
const RERECORD_TEXT: &str = "The investigation indicates that a person serving with the police may have committed a criminal offence or behaved in a manner justifying disciplinary proceedings: the matter is recorded as a linked conduct matter, investigated in the same mode by the same investigator without a second referral.";

/// The body that re-records a DSI matter as a conduct matter: the IOPC in an investigation it
/// carries out itself, the appropriate authority otherwise (see [`RERECORD_SOURCE`]).
pub fn rerecorder(mode: Option<InvestigationMode>) -> Role {
    match mode {
        Some(InvestigationMode::Independent) => Role::IopcCaseworker,
        _ => Role::ForcePsd,
    }
}

/// The relevant review body (domain.md section H; CMR reg 32, partly unverified): the IOPC
/// where the AA is the LPB, where the complaint concerns a senior officer, where the AA cannot
/// be satisfied that the conduct would not justify proceedings or infringe Article 2 or 3, or
/// where the complaint was referred; otherwise the local policing body.
pub fn relevant_review_body(case: &CaseSnapshot) -> ReviewBody {
    if case.aa_is_lpb
        || case.concerns_senior_officer
        || case.could_justify_proceedings
        || case.referred
    {
        ReviewBody::Iopc
    } else {
        ReviewBody::LocalPolicingBody
    }
}

/// What this actor may do to the case now.
pub fn available_actions(case: &CaseSnapshot, actor: &Actor, today: NaiveDate) -> Vec<CaseAction> {
    engine::available::<CaseMachine>(case, actor, today)
}

/// Take a step on the case, or say which rule forbids it.
pub fn apply(
    case: &CaseSnapshot,
    command: &CaseCommand,
    actor: &Actor,
    today: NaiveDate,
) -> Result<CaseTransition, Refusal> {
    engine::apply::<CaseMachine>(case, command, actor, today).map_err(|r| r.under(case.regime()))
}

pub(crate) struct CaseMachine;

fn expected_determiner(case: &CaseSnapshot) -> Role {
    case.investigation_mode
        .map(mode::controller)
        .unwrap_or(Role::ForcePsd)
}

/// Whether the follow-up of an upheld review is a new investigation (whose mode must then be
/// chosen).
pub fn upheld_follow_up_needs_investigation(case: &CaseSnapshot) -> bool {
    matches!(
        case.review
            .as_ref()
            .and_then(|r| (r.stage == ReviewStage::Upheld).then_some(r.follow_up)),
        Some(Some(
            ReviewFollowUp::Reinvestigation | ReviewFollowUp::MustBeInvestigated
        ))
    )
}

impl Machine for CaseMachine {
    type State = CaseStage;
    type Action = CaseAction;
    type Guard = CaseGuard;
    type Snapshot = CaseSnapshot;
    type Command = CaseCommand;
    const NAME: MachineName = MachineName::Case;

    fn table() -> &'static [CaseRow] {
        TABLE
    }
    fn stage(s: &CaseSnapshot) -> CaseStage {
        s.stage
    }
    fn kind(s: &CaseSnapshot) -> Option<CaseKind> {
        Some(s.kind)
    }
    fn legacy(s: &CaseSnapshot) -> bool {
        s.legacy
    }
    fn action_of(cmd: &CaseCommand) -> CaseAction {
        cmd.action()
    }

    fn target(s: &CaseSnapshot, cmd: &CaseCommand) -> Option<CaseStage> {
        match cmd {
            CaseCommand::ConcludeReview { .. } if upheld_follow_up_needs_investigation(s) => {
                Some(S::UnderInvestigation)
            }
            CaseCommand::ConcludeReview { .. } => Some(S::ReviewConcluded),
            _ => None,
        }
    }

    fn scope(s: &CaseSnapshot, actor: &Actor) -> Result<(), Refusal> {
        match actor.party {
            Party::Staff(Role::ForcePsd) if actor.force_id.as_ref() != Some(&s.force_id) => Err(
                Refusal::new(Rule::OtherForce, "This case belongs to another force"),
            ),
            Party::Staff(Role::ReviewBody)
                if relevant_review_body(s) != ReviewBody::LocalPolicingBody
                    || actor.lpb_id.as_ref() != Some(&s.lpb_id) =>
            {
                Err(Refusal::new(
                    Rule::OtherReviewBody,
                    "Your local policing body is not the relevant review body for this case",
                ))
            }
            _ => Ok(()),
        }
    }

    fn guard(
        g: CaseGuard,
        s: &CaseSnapshot,
        actor: &Actor,
        cmd: Option<&CaseCommand>,
        today: NaiveDate,
    ) -> Result<(), Refusal> {
        match g {
            G::NoUnreferredMandatoryGround => {
                let kind = s.kind.label().to_lowercase();
                let unreferred = s.unreferred_grounds();
                if s.kind == CaseKind::DsiMatter && !s.referred {
                    return Err(Refusal::new(
                        Rule::MustBeReferred,
                        format!(
                            "This {kind} has not been referred and it is a death or serious injury matter"
                        ),
                    ));
                }
                if !unreferred.is_empty() {
                    let names: Vec<String> = unreferred
                        .iter()
                        .map(|m| m.label().to_lowercase())
                        .collect();
                    let facts = if s.referred {
                        format!(
                            "This {kind} has a mandatory-referral ground that no referral covered ({}): refer it again",
                            names.join(", ")
                        )
                    } else {
                        format!(
                            "This {kind} has not been referred and it has a mandatory-referral ground ({})",
                            names.join(", ")
                        )
                    };
                    return Err(Refusal::new(Rule::MustBeReferred, facts));
                }
            }
            G::NothingForcesRecording => {
                if s.must_be_recorded || s.complainant_wants_recording {
                    let why = if s.complainant_wants_recording {
                        "The complainant wishes it to be recorded"
                    } else {
                        "It alleges conduct that the law requires to be recorded"
                    };
                    return Err(Refusal::new(Rule::MustBeRecorded, why));
                }
            }
            G::InvestigationNotRequired => {
                if s.must_be_investigated {
                    return Err(Refusal::new(
                        Rule::MustBeInvestigated,
                        "This complaint has such an indication",
                    ));
                }
            }
            G::ReferralTypeOpenToAuthority => {
                if let Some(CaseCommand::Refer { referral_type }) = cmd
                    && !matches!(
                        referral_type,
                        ReferralType::Mandatory | ReferralType::Voluntary
                    )
                {
                    return Err(Refusal::new(
                        Rule::ReferralTypeNotOpen,
                        format!(
                            "\"{}\" is not a referral the force makes",
                            referral_type.label()
                        ),
                    ));
                }
            }
            G::ModeAllowed => {
                if let Some(CaseCommand::DecideInvestigation { mode }) = cmd
                    && matches!(
                        mode,
                        InvestigationMode::Supervised | InvestigationMode::Managed
                    )
                    && !s.legacy
                {
                    return Err(Refusal::new(
                        Rule::ModeLegacyOnly,
                        format!(
                            "This case is under the 2020 rules; \"{}\" is not available",
                            mode.label()
                        ),
                    ));
                }
            }
            G::Controller | G::Conductor | G::Determiner => {
                let Some(m) = s.investigation_mode else {
                    if g == G::Determiner {
                        return role_is(
                            actor,
                            Role::ForcePsd,
                            Rule::NotTheDeterminer,
                            "No investigation: the appropriate authority decides",
                        );
                    }
                    return Err(Refusal::new(
                        Rule::InvestigationNotOpen,
                        "No mode of investigation is recorded",
                    ));
                };
                let (role, rule) = match g {
                    G::Controller => (mode::controller(m), Rule::NotTheController),
                    G::Conductor => (mode::conductor(m), Rule::NotTheInvestigator),
                    _ => (expected_determiner(s), Rule::NotTheDeterminer),
                };
                return role_is(
                    actor,
                    role,
                    rule,
                    &format!(
                        "This is {}: {} acts",
                        super::a_mode_investigation(m),
                        role.label()
                    ),
                );
            }
            G::EverySubjectHasOpinion => {
                let missing = s
                    .subjects
                    .iter()
                    .filter(|st| {
                        matches!(
                            st,
                            SubjectStage::Identified
                                | SubjectStage::SeverityAssessed
                                | SubjectStage::NoticeServed
                                | SubjectStage::Interviewed
                        )
                    })
                    .count();
                if missing > 0 {
                    return Err(Refusal::new(
                        Rule::OpinionsMissing,
                        format!("{missing} subject(s) have no opinion yet"),
                    ));
                }
            }
            G::ReportReceived => {
                if s.report_received_on.is_none() {
                    return Err(Refusal::new(
                        Rule::ReportNotReceived,
                        "No report is recorded",
                    ));
                }
            }
            G::EverySubjectDetermined => {
                let pending = s
                    .subjects
                    .iter()
                    .filter(|st| {
                        matches!(
                            st,
                            SubjectStage::Identified
                                | SubjectStage::SeverityAssessed
                                | SubjectStage::NoticeServed
                                | SubjectStage::Interviewed
                                | SubjectStage::OpinionGiven
                        )
                    })
                    .count();
                // A DSI matter's subjects get no determination: the determinations belong
                // to the conduct matter it is re-recorded as (Sch 3 para 21A).
                if pending > 0 && s.kind != CaseKind::DsiMatter {
                    return Err(Refusal::new(
                        Rule::SubjectsUndetermined,
                        format!("{pending} subject(s) have no determination yet"),
                    ));
                }
            }
            G::OutcomeLabelsFitRules => {
                if let Some(CaseCommand::DecideOutcome { outcomes }) = cmd
                    && !s.legacy
                    && outcomes.iter().any(|o| {
                        matches!(o, AllegationOutcome::Upheld | AllegationOutcome::NotUpheld)
                    })
                {
                    return Err(Refusal::new(
                        Rule::LegacyOutcomeLabel,
                        "This case is under the 2020 rules: say whether the service was acceptable",
                    ));
                }
            }
            G::ReviewRight => {
                if !s.has_review_right() {
                    return Err(Refusal::new(
                        Rule::NoReviewRight,
                        "This case has no complainant",
                    ));
                }
            }
            G::NoOpenReview => {
                if s.review.as_ref().is_some_and(ReviewSummary::is_open) {
                    let rule = if cmd.is_some_and(|c| c.action() == CaseAction::Close) {
                        Rule::ReviewOpen
                    } else {
                        Rule::ReviewAlreadyOpen
                    };
                    return Err(Refusal::new(
                        rule,
                        "A review has been applied for and is not yet decided",
                    ));
                }
            }
            G::WithinReviewWindow => {
                if let (Some(letter), Some(last)) =
                    (s.outcome_notified_on, s.review_window_last_day())
                    && today > last
                {
                    return Err(Refusal::new(
                        Rule::ReviewWindowClosed,
                        format!(
                            "The letter was sent on {}; the last day was {}",
                            super::english_date(letter),
                            super::english_date(last)
                        ),
                    ));
                }
            }
            G::ReviewDecided => {
                if s.review.as_ref().is_none_or(ReviewSummary::is_open) {
                    return Err(Refusal::new(
                        Rule::ReviewNotDecided,
                        "The review has no decision yet",
                    ));
                }
            }
            G::ReinvestigationModeGiven => {
                if let Some(CaseCommand::ConcludeReview { mode }) = cmd {
                    match mode {
                        None => {
                            return Err(Refusal::new(
                                Rule::ReinvestigationModeMissing,
                                "No mode of investigation was given",
                            ));
                        }
                        Some(m) if actor.is(Role::ReviewBody) && *m != InvestigationMode::Local => {
                            return Err(Refusal::new(
                                Rule::ReinvestigationModeMissing,
                                "A local policing body's review leads to a local investigation by the appropriate authority",
                            ));
                        }
                        Some(InvestigationMode::Supervised | InvestigationMode::Managed)
                            if !s.legacy =>
                        {
                            return Err(Refusal::new(
                                Rule::ModeLegacyOnly,
                                "This case is under the 2020 rules",
                            ));
                        }
                        Some(_) => {}
                    }
                }
            }
            G::NoOpenProceedings => {
                let open = s
                    .subjects
                    .iter()
                    .filter(|st| **st == SubjectStage::ProceedingsPending)
                    .count();
                if open > 0 {
                    return Err(Refusal::new(
                        Rule::ProceedingsOpen,
                        format!("{open} subject(s) still await the outcome of proceedings"),
                    ));
                }
            }
            G::ReviewWindowPassedOrNoRight => {
                if s.has_review_right()
                    && let Some(last) = s.review_window_last_day()
                    && today <= last
                {
                    return Err(Refusal::new(
                        Rule::ReviewWindowOpen,
                        format!(
                            "The complainant may apply until {}",
                            super::english_date(last)
                        ),
                    ));
                }
            }
            G::NotYetRerecorded => {
                if s.rerecorded {
                    return Err(Refusal::new(
                        Rule::AlreadyRerecorded,
                        "This death or serious injury matter has already been re-recorded; its conduct matter is linked to it",
                    ));
                }
            }
            G::Rerecorder => {
                let role = rerecorder(s.investigation_mode);
                let mode = s
                    .investigation_mode
                    .map(super::a_mode_investigation)
                    .unwrap_or_else(|| "no investigation".to_owned());
                return role_is(
                    actor,
                    role,
                    Rule::NotTheRerecorder,
                    &format!("This is {mode}: {} re-records it", role.label()),
                );
            }
            G::WithdrawalByRightBody => {
                if s.referred && actor.is(Role::ForcePsd) {
                    return Err(Refusal::new(
                        Rule::WithdrawalOfReferredMatter,
                        "This complaint was referred: pass the notice of withdrawal to the IOPC",
                    ));
                }
            }
        }
        Ok(())
    }

    fn stage_refusal(
        s: &CaseSnapshot,
        action: CaseAction,
        _allowed: &[CaseStage],
    ) -> Option<Refusal> {
        match action {
            CaseAction::ApplyForReview if s.stage == S::UnderReview => Some(Refusal::new(
                Rule::ReviewAlreadyOpen,
                "A review of this outcome is already under way",
            )),
            CaseAction::ApplyForReview => Some(Refusal::new(
                Rule::ReviewBeforeOutcome,
                format!("The case is at: {}", s.stage.label()),
            )),
            CaseAction::CompleteDeterminations | CaseAction::DecideOutcome
                if matches!(s.stage, S::UnderInvestigation | S::InvestigationSuspended) =>
            {
                Some(Refusal::new(
                    Rule::ReportNotReceived,
                    "The investigation is still open",
                ))
            }
            CaseAction::Close if s.stage == S::UnderReview => {
                Some(Refusal::new(Rule::ReviewOpen, "A review is under way"))
            }
            _ => None,
        }
    }

    fn effects(
        s: &CaseSnapshot,
        cmd: &CaseCommand,
        _actor: &Actor,
        today: NaiveDate,
    ) -> Vec<Effect> {
        use CaseCommand as C;
        match cmd {
            C::Record { reason } => vec![Effect::Recorded { reason: *reason }],
            C::RecordAfterDissatisfaction => vec![Effect::Recorded {
                reason: RecordingReason::DissatisfiedAfterInitialHandling,
            }],
            C::Refer { referral_type } => vec![Effect::Referred {
                referral_type: *referral_type,
            }],
            C::CallIn => vec![Effect::Referred {
                referral_type: ReferralType::CalledIn,
            }],
            C::TreatAsReferred => vec![Effect::Referred {
                referral_type: ReferralType::TreatedAsReferred,
            }],
            C::DecideInvestigation { mode } => {
                vec![Effect::InvestigationStarted {
                    mode: *mode,
                    on: today,
                }]
            }
            C::StartLocalInvestigation => vec![Effect::InvestigationStarted {
                mode: InvestigationMode::Local,
                on: today,
            }],
            C::RequireReinvestigation => vec![Effect::InvestigationStarted {
                mode: s.investigation_mode.unwrap_or(InvestigationMode::Local),
                on: today,
            }],
            C::Suspend => vec![Effect::SuspensionStarted { on: today }],
            C::Resume => vec![Effect::SuspensionEnded { on: today }],
            C::SubmitReport => vec![Effect::ReportReceived { on: today }],
            C::DecideOutcome { outcomes } => vec![Effect::OutcomeDecided {
                outcomes: outcomes.clone(),
            }],
            C::NoFurtherAction => vec![Effect::OutcomeDecided {
                outcomes: vec![AllegationOutcome::NoFurtherAction],
            }],
            C::NotifyOutcome => vec![Effect::OutcomeNotified {
                on: today,
                review_window_last_day: s
                    .has_review_right()
                    .then(|| super::clocks::review_application_due(today).due),
            }],
            C::ApplyForReview => vec![Effect::ReviewApplied {
                on: today,
                body: relevant_review_body(s),
            }],
            C::ConcludeReview { mode } => {
                let follow_up = s.review.as_ref().and_then(|r| r.follow_up);
                let mut v = vec![Effect::ReviewConcluded { follow_up }];
                if upheld_follow_up_needs_investigation(s)
                    && let Some(m) = mode
                {
                    v.push(Effect::InvestigationStarted {
                        mode: *m,
                        on: today,
                    });
                }
                v
            }
            C::Close => vec![Effect::Closed { on: today }],
            C::Withdraw => vec![Effect::Withdrawn { on: today }],
            C::RerecordAsConductMatter => vec![Effect::RerecordedAsConductMatter { on: today }],
            C::HandleOutsideSchedule3
            | C::ReferBack
            | C::HandleOtherwise
            | C::CompleteDeterminations
            | C::Discontinue
            | C::Disapply => Vec::new(),
        }
    }
}

fn role_is(actor: &Actor, role: Role, rule: Rule, facts: &str) -> Result<(), Refusal> {
    if actor.is(role) {
        Ok(())
    } else {
        Err(Refusal::new(rule, facts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }
    fn met() -> ForceId {
        ForceId("met".into())
    }
    fn psd() -> Actor {
        Actor::force_psd(met())
    }
    fn cw() -> Actor {
        Actor::iopc(Role::IopcCaseworker)
    }
    fn at(kind: CaseKind, stage: CaseStage) -> CaseSnapshot {
        let mut s = CaseSnapshot::new(kind, met(), LpbId("mopac".into()));
        s.stage = stage;
        s
    }
    fn rule(s: &CaseSnapshot, c: CaseCommand, a: &Actor, on: NaiveDate) -> Rule {
        match apply(s, &c, a, on) {
            Ok(t) => panic!("{c:?} should be refused, went to {:?}", t.to),
            Err(r) => r.rule,
        }
    }
    fn to(s: &CaseSnapshot, c: CaseCommand, a: &Actor, on: NaiveDate) -> CaseStage {
        apply(s, &c, a, on)
            .unwrap_or_else(|r| panic!("{c:?}: {}", r.message()))
            .to
    }
    const D: fn() -> NaiveDate = || NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");

    #[test]
    fn sch3_para_21a_a_dsi_matter_is_re_recorded_once_by_the_body_that_records_it() {
        // Sch 3 para 21A: the appropriate authority records the conduct matter, the IOPC in an
        // investigation it carries out itself (unverified); the investigation goes on.
        let mut s = at(CaseKind::DsiMatter, S::UnderInvestigation);
        s.referred = true;
        s.investigation_mode = Some(InvestigationMode::Directed);
        assert!(available_actions(&s, &psd(), D()).contains(&CaseAction::RerecordAsConductMatter));
        let t = apply(&s, &CaseCommand::RerecordAsConductMatter, &psd(), D()).expect("allowed");
        assert_eq!(t.to, S::UnderInvestigation, "the investigation goes on");
        assert_eq!(
            t.effects,
            vec![Effect::RerecordedAsConductMatter { on: D() }]
        );
        assert_eq!(
            rule(&s, CaseCommand::RerecordAsConductMatter, &cw(), D()),
            Rule::NotTheRerecorder
        );
        s.investigation_mode = Some(InvestigationMode::Independent);
        s.stage = S::ReportReceived;
        assert_eq!(
            to(&s, CaseCommand::RerecordAsConductMatter, &cw(), D()),
            S::ReportReceived
        );
        s.rerecorded = true;
        assert_eq!(
            rule(&s, CaseCommand::RerecordAsConductMatter, &cw(), D()),
            Rule::AlreadyRerecorded
        );
        // Only a DSI matter, and only while it is investigated.
        let mut c = at(CaseKind::ConductMatter, S::UnderInvestigation);
        c.investigation_mode = Some(InvestigationMode::Local);
        assert_eq!(
            rule(&c, CaseCommand::RerecordAsConductMatter, &psd(), D()),
            Rule::NotForKind
        );
        let r = at(CaseKind::DsiMatter, S::Recorded);
        assert_eq!(
            rule(&r, CaseCommand::RerecordAsConductMatter, &psd(), D()),
            Rule::WrongStage
        );
    }

    #[test]
    fn sch3_para_21a_a_dsi_matters_subjects_need_no_determination_to_complete_it() {
        let mut s = at(CaseKind::DsiMatter, S::ReportReceived);
        s.referred = true;
        s.investigation_mode = Some(InvestigationMode::Independent);
        s.report_received_on = Some(D());
        s.subjects = vec![SubjectStage::OpinionGiven];
        assert_eq!(
            to(&s, CaseCommand::CompleteDeterminations, &cw(), D()),
            S::DeterminationsMade
        );
        s.kind = CaseKind::ConductMatter;
        assert_eq!(
            rule(&s, CaseCommand::CompleteDeterminations, &cw(), D()),
            Rule::SubjectsUndetermined
        );
    }

    #[test]
    fn a_mandatory_referral_ground_forces_referral_before_local_handling() {
        let mut s = at(CaseKind::Complaint, S::Recorded);
        s.mandatory_grounds = vec![MandatoryGround::SeriousAssault];
        for c in [
            CaseCommand::HandleOtherwise,
            CaseCommand::NoFurtherAction,
            CaseCommand::StartLocalInvestigation,
        ] {
            assert_eq!(rule(&s, c, &psd(), D()), Rule::MustBeReferred);
        }
        let mut logged = at(CaseKind::Complaint, S::Logged);
        logged.mandatory_grounds = vec![MandatoryGround::SeriousAssault];
        assert_eq!(
            rule(&logged, CaseCommand::HandleOutsideSchedule3, &psd(), D()),
            Rule::MustBeReferred
        );
        // Once referred and referred back, the force may handle it.
        s.referred = true;
        s.referred_grounds = vec![MandatoryGround::SeriousAssault];
        s.stage = S::ReferredBack;
        assert_eq!(
            to(&s, CaseCommand::HandleOtherwise, &psd(), D()),
            S::HandledOtherwise
        );
    }

    /// CMR 2020 reg 4 (reg 7 for conduct matters); Sch 3 paras 4(1), 13(1): the duty to refer
    /// is the ground's, so a ground found after the IOPC referred the matter back must be
    /// referred in its turn before any local route.
    #[test]
    fn cmr_2020_reg_4_a_ground_no_referral_covered_requires_referral_again() {
        let mut s = at(CaseKind::Complaint, S::Recorded);
        s.mandatory_grounds = vec![MandatoryGround::SeriousAssault];
        let t = apply(
            &s,
            &CaseCommand::Refer {
                referral_type: ReferralType::Mandatory,
            },
            &psd(),
            D(),
        )
        .expect("referred");
        s.advance(&t);
        let t = apply(&s, &CaseCommand::ReferBack, &cw(), D()).expect("referred back");
        s.advance(&t);
        assert!(!s.needs_referral(), "every ground was referred");
        assert!(available_actions(&s, &psd(), D()).contains(&CaseAction::HandleOtherwise));
        // The grounds are revised: a serious sexual offence comes to light.
        s.mandatory_grounds
            .push(MandatoryGround::SeriousSexualOffence);
        assert_eq!(
            s.unreferred_grounds(),
            vec![MandatoryGround::SeriousSexualOffence]
        );
        for c in [
            CaseCommand::HandleOtherwise,
            CaseCommand::NoFurtherAction,
            CaseCommand::StartLocalInvestigation,
        ] {
            let r = apply(&s, &c, &psd(), D()).expect_err("must be referred again");
            assert_eq!(r.rule, Rule::MustBeReferred);
            assert!(
                r.message().contains("serious sexual offence") && r.message().contains("again"),
                "{}",
                r.message()
            );
        }
        let offered = available_actions(&s, &psd(), D());
        assert!(offered.contains(&CaseAction::Refer), "{offered:?}");
        assert!(
            !offered.contains(&CaseAction::HandleOtherwise),
            "{offered:?}"
        );
        // Referred again, the new ground is covered.
        let t = apply(
            &s,
            &CaseCommand::Refer {
                referral_type: ReferralType::Mandatory,
            },
            &psd(),
            D(),
        )
        .expect("referred again");
        s.advance(&t);
        assert!(s.unreferred_grounds().is_empty());
    }

    #[test]
    fn dsi_matter_cannot_be_handled_without_referral() {
        let s = at(CaseKind::DsiMatter, S::Recorded);
        assert_eq!(
            rule(&s, CaseCommand::StartLocalInvestigation, &psd(), D()),
            Rule::MustBeReferred
        );
        assert_eq!(
            rule(&s, CaseCommand::HandleOtherwise, &psd(), D()),
            Rule::NotForKind
        );
        assert_eq!(
            rule(&s, CaseCommand::NoFurtherAction, &psd(), D()),
            Rule::NotForKind
        );
        assert_eq!(available_actions(&s, &psd(), D()), vec![CaseAction::Refer]);
    }

    #[test]
    fn dsi_and_conduct_matters_have_no_review_notification_or_outside_schedule3_handling() {
        for kind in [CaseKind::DsiMatter, CaseKind::ConductMatter] {
            let mut s = at(kind, S::Logged);
            assert_eq!(
                rule(&s, CaseCommand::HandleOutsideSchedule3, &psd(), D()),
                Rule::NotForKind
            );
            s.stage = S::DeterminationsMade;
            assert_eq!(
                rule(
                    &s,
                    CaseCommand::DecideOutcome { outcomes: vec![] },
                    &psd(),
                    D()
                ),
                Rule::NotForKind
            );
            assert_eq!(
                rule(&s, CaseCommand::NotifyOutcome, &psd(), D()),
                Rule::NotForKind
            );
            assert_eq!(
                rule(&s, CaseCommand::ApplyForReview, &Actor::complainant(), D()),
                Rule::NotForKind
            );
            assert_eq!(
                rule(&s, CaseCommand::Withdraw, &psd(), D()),
                Rule::NotForKind
            );
        }
    }

    #[test]
    fn complaint_that_must_be_recorded_cannot_be_handled_outside_schedule3() {
        let mut s = at(CaseKind::Complaint, S::Logged);
        s.complainant_wants_recording = true;
        assert_eq!(
            rule(&s, CaseCommand::HandleOutsideSchedule3, &psd(), D()),
            Rule::MustBeRecorded
        );
        s.complainant_wants_recording = false;
        s.must_be_recorded = true;
        assert_eq!(
            rule(&s, CaseCommand::HandleOutsideSchedule3, &psd(), D()),
            Rule::MustBeRecorded
        );
        s.must_be_recorded = false;
        assert_eq!(
            to(&s, CaseCommand::HandleOutsideSchedule3, &psd(), D()),
            S::OutsideSchedule3
        );
    }

    #[test]
    fn complaint_handled_outside_schedule3_has_no_review_and_is_recorded_on_dissatisfaction() {
        let s = at(CaseKind::Complaint, S::OutsideSchedule3);
        assert_eq!(
            rule(&s, CaseCommand::ApplyForReview, &Actor::complainant(), D()),
            Rule::ReviewBeforeOutcome
        );
        let t = apply(&s, &CaseCommand::RecordAfterDissatisfaction, &psd(), D()).expect("recorded");
        assert_eq!(t.to, S::Recorded);
        assert_eq!(
            t.effects,
            vec![Effect::Recorded {
                reason: RecordingReason::DissatisfiedAfterInitialHandling
            }]
        );
        assert_eq!(to(&s, CaseCommand::Close, &psd(), D()), S::Closed);
    }

    #[test]
    fn complaint_indicating_misconduct_must_be_investigated() {
        let mut s = at(CaseKind::Complaint, S::Recorded);
        s.must_be_investigated = true;
        assert_eq!(
            rule(&s, CaseCommand::HandleOtherwise, &psd(), D()),
            Rule::MustBeInvestigated
        );
        assert_eq!(
            rule(&s, CaseCommand::NoFurtherAction, &psd(), D()),
            Rule::MustBeInvestigated
        );
        assert_eq!(
            to(&s, CaseCommand::StartLocalInvestigation, &psd(), D()),
            S::UnderInvestigation
        );
    }

    #[test]
    fn force_refers_but_only_the_iopc_calls_in_and_decides_the_mode() {
        let s = at(CaseKind::Complaint, S::Recorded);
        assert_eq!(
            rule(
                &s,
                CaseCommand::Refer {
                    referral_type: ReferralType::CalledIn
                },
                &psd(),
                D()
            ),
            Rule::ReferralTypeNotOpen
        );
        assert_eq!(
            to(
                &s,
                CaseCommand::Refer {
                    referral_type: ReferralType::Voluntary
                },
                &psd(),
                D()
            ),
            S::Referred
        );
        assert_eq!(
            rule(&s, CaseCommand::CallIn, &psd(), D()),
            Rule::RoleNotAllowed
        );
        assert_eq!(to(&s, CaseCommand::CallIn, &cw(), D()), S::Referred);
        assert_eq!(
            to(&s, CaseCommand::TreatAsReferred, &cw(), D()),
            S::Referred
        );
        let r = at(CaseKind::Complaint, S::Referred);
        assert_eq!(
            rule(
                &r,
                CaseCommand::DecideInvestigation {
                    mode: InvestigationMode::Local
                },
                &psd(),
                D()
            ),
            Rule::RoleNotAllowed
        );
        assert_eq!(
            rule(
                &r,
                CaseCommand::DecideInvestigation {
                    mode: InvestigationMode::Local
                },
                &Actor::iopc(Role::IopcAdmin),
                D()
            ),
            Rule::RoleNotAllowed
        );
        assert_eq!(to(&r, CaseCommand::ReferBack, &cw(), D()), S::ReferredBack);
    }

    #[test]
    fn legacy_routes_and_modes_are_refused_for_cases_under_the_2020_rules() {
        let mut s = at(CaseKind::Complaint, S::Referred);
        assert_eq!(
            rule(
                &s,
                CaseCommand::DecideInvestigation {
                    mode: InvestigationMode::Supervised
                },
                &cw(),
                D()
            ),
            Rule::ModeLegacyOnly
        );
        s.legacy = true;
        assert_eq!(
            to(
                &s,
                CaseCommand::DecideInvestigation {
                    mode: InvestigationMode::Managed
                },
                &cw(),
                D()
            ),
            S::UnderInvestigation
        );
        let mut u = at(CaseKind::Complaint, S::UnderInvestigation);
        u.investigation_mode = Some(InvestigationMode::Local);
        assert_eq!(
            rule(&u, CaseCommand::Discontinue, &psd(), D()),
            Rule::LegacyOnly
        );
        u.legacy = true;
        assert_eq!(
            to(&u, CaseCommand::Discontinue, &psd(), D()),
            S::Discontinued
        );
        let mut r = at(CaseKind::Complaint, S::Recorded);
        assert_eq!(
            rule(&r, CaseCommand::Disapply, &psd(), D()),
            Rule::LegacyOnly
        );
        r.legacy = true;
        assert_eq!(to(&r, CaseCommand::Disapply, &psd(), D()), S::Disapplied);
        let mut o = at(CaseKind::Complaint, S::DeterminationsMade);
        o.investigation_mode = Some(InvestigationMode::Local);
        assert_eq!(
            rule(
                &o,
                CaseCommand::DecideOutcome {
                    outcomes: vec![AllegationOutcome::Upheld]
                },
                &psd(),
                D()
            ),
            Rule::LegacyOutcomeLabel
        );
    }

    #[test]
    fn suspension_and_report_belong_to_whoever_controls_and_conducts_the_investigation() {
        let mut s = at(CaseKind::ConductMatter, S::UnderInvestigation);
        s.investigation_mode = Some(InvestigationMode::Independent);
        assert_eq!(
            rule(&s, CaseCommand::Suspend, &psd(), D()),
            Rule::NotTheController
        );
        assert_eq!(
            to(&s, CaseCommand::Suspend, &cw(), D()),
            S::InvestigationSuspended
        );
        assert_eq!(
            rule(&s, CaseCommand::SubmitReport, &psd(), D()),
            Rule::NotTheInvestigator
        );
        assert_eq!(
            to(
                &s,
                CaseCommand::SubmitReport,
                &Actor::iopc(Role::IopcInvestigator),
                D()
            ),
            S::ReportReceived
        );
        s.investigation_mode = Some(InvestigationMode::Local);
        assert_eq!(
            rule(&s, CaseCommand::Suspend, &cw(), D()),
            Rule::NotTheController
        );
        assert_eq!(
            to(&s, CaseCommand::Suspend, &psd(), D()),
            S::InvestigationSuspended
        );
        let mut p = s.clone();
        p.stage = S::InvestigationSuspended;
        assert_eq!(
            to(&p, CaseCommand::Resume, &psd(), D()),
            S::UnderInvestigation
        );
    }

    #[test]
    fn report_needs_an_opinion_on_every_subject_and_determinations_need_every_subject_determined() {
        let mut s = at(CaseKind::ConductMatter, S::UnderInvestigation);
        s.investigation_mode = Some(InvestigationMode::Local);
        s.subjects = vec![SubjectStage::OpinionGiven, SubjectStage::NoticeServed];
        assert_eq!(
            rule(&s, CaseCommand::SubmitReport, &psd(), D()),
            Rule::OpinionsMissing
        );
        assert_eq!(
            rule(&s, CaseCommand::CompleteDeterminations, &psd(), D()),
            Rule::ReportNotReceived
        );
        s.stage = S::ReportReceived;
        s.report_received_on = Some(D());
        s.subjects = vec![SubjectStage::CaseToAnswer, SubjectStage::OpinionGiven];
        assert_eq!(
            rule(&s, CaseCommand::CompleteDeterminations, &psd(), D()),
            Rule::SubjectsUndetermined
        );
        s.subjects = vec![SubjectStage::CaseToAnswer, SubjectStage::Concluded];
        assert_eq!(
            rule(&s, CaseCommand::CompleteDeterminations, &cw(), D()),
            Rule::NotTheDeterminer
        );
        assert_eq!(
            to(&s, CaseCommand::CompleteDeterminations, &psd(), D()),
            S::DeterminationsMade
        );
        assert_eq!(
            to(&s, CaseCommand::RequireReinvestigation, &cw(), D()),
            S::UnderInvestigation
        );
    }

    #[test]
    fn a_force_user_acts_only_on_its_own_forces_cases() {
        let s = at(CaseKind::Complaint, S::Logged);
        let other = Actor::force_psd(ForceId("kent".into()));
        assert_eq!(
            rule(
                &s,
                CaseCommand::Record {
                    reason: RecordingReason::ComplainantWishes
                },
                &other,
                D()
            ),
            Rule::OtherForce
        );
        assert!(available_actions(&s, &other, D()).is_empty());
        assert_eq!(
            available_actions(&s, &psd(), D()),
            vec![
                CaseAction::Record,
                CaseAction::HandleOutsideSchedule3,
                CaseAction::Withdraw
            ]
        );
        assert!(available_actions(&s, &Actor::iopc(Role::IopcAdmin), D()).is_empty());
    }

    fn notified(letter: NaiveDate) -> CaseSnapshot {
        let mut s = at(CaseKind::Complaint, S::OutcomeNotified);
        s.outcome_notified_on = Some(letter);
        s
    }

    #[test]
    fn review_application_on_day_28_is_accepted() {
        let s = notified(day(2026, 4, 1));
        let t = apply(
            &s,
            &CaseCommand::ApplyForReview,
            &Actor::complainant(),
            day(2026, 4, 29),
        )
        .expect("in time");
        assert_eq!(t.to, S::UnderReview);
        assert_eq!(
            t.effects,
            vec![Effect::ReviewApplied {
                on: day(2026, 4, 29),
                body: ReviewBody::LocalPolicingBody
            }]
        );
        assert_eq!(
            available_actions(&s, &Actor::complainant(), day(2026, 4, 29)),
            vec![CaseAction::ApplyForReview]
        );
    }

    #[test]
    fn review_application_on_day_29_is_refused() {
        let s = notified(day(2026, 4, 1));
        let r = apply(
            &s,
            &CaseCommand::ApplyForReview,
            &Actor::complainant(),
            day(2026, 4, 30),
        )
        .expect_err("late");
        assert_eq!(r.rule, Rule::ReviewWindowClosed);
        assert_eq!(
            r.message(),
            "A review must be applied for within 28 days of the review-rights letter (CMR 2020 reg 29). \
             The letter was sent on 1 April 2026; the last day was 29 April 2026."
        );
        assert!(available_actions(&s, &Actor::complainant(), day(2026, 4, 30)).is_empty());
    }

    #[test]
    fn review_needs_a_complainant_the_outcome_notified_and_no_open_review() {
        let mut s = notified(day(2026, 4, 1));
        s.complainant_present = false;
        assert_eq!(
            rule(
                &s,
                CaseCommand::ApplyForReview,
                &Actor::complainant(),
                day(2026, 4, 2)
            ),
            Rule::NoReviewRight
        );
        let early = at(CaseKind::Complaint, S::OutcomeDecided);
        assert_eq!(
            rule(
                &early,
                CaseCommand::ApplyForReview,
                &Actor::complainant(),
                day(2026, 4, 2)
            ),
            Rule::ReviewBeforeOutcome
        );
        let mut under = notified(day(2026, 4, 1));
        under.stage = S::UnderReview;
        assert_eq!(
            rule(
                &under,
                CaseCommand::ApplyForReview,
                &Actor::complainant(),
                day(2026, 4, 2)
            ),
            Rule::ReviewAlreadyOpen
        );
        let s = notified(day(2026, 4, 1));
        assert_eq!(
            rule(&s, CaseCommand::ApplyForReview, &psd(), day(2026, 4, 2)),
            Rule::RoleNotAllowed
        );
    }

    #[test]
    fn relevant_review_body_is_the_iopc_on_each_ground_and_otherwise_the_lpb() {
        let base = notified(day(2026, 4, 1));
        assert_eq!(relevant_review_body(&base), ReviewBody::LocalPolicingBody);
        let grounds: [fn(&mut CaseSnapshot); 4] = [
            |s| s.aa_is_lpb = true,
            |s| s.concerns_senior_officer = true,
            |s| s.could_justify_proceedings = true,
            |s| s.referred = true,
        ];
        for g in grounds {
            let mut s = base.clone();
            g(&mut s);
            assert_eq!(relevant_review_body(&s), ReviewBody::Iopc);
        }
    }

    fn under_review(follow_up: Option<ReviewFollowUp>, stage: ReviewStage) -> CaseSnapshot {
        let mut s = notified(day(2026, 4, 1));
        s.stage = S::UnderReview;
        s.review = Some(ReviewSummary { stage, follow_up });
        s
    }

    #[test]
    fn a_review_body_user_concludes_only_reviews_its_lpb_decides() {
        let lpb_user = Actor::review_body(LpbId("mopac".into()));
        let s = under_review(None, ReviewStage::NotUpheld);
        assert_eq!(
            to(
                &s,
                CaseCommand::ConcludeReview { mode: None },
                &lpb_user,
                D()
            ),
            S::ReviewConcluded
        );
        let other = Actor::review_body(LpbId("kent-pcc".into()));
        assert_eq!(
            rule(&s, CaseCommand::ConcludeReview { mode: None }, &other, D()),
            Rule::OtherReviewBody
        );
        let mut iopc_review = s.clone();
        iopc_review.referred = true;
        assert_eq!(
            rule(
                &iopc_review,
                CaseCommand::ConcludeReview { mode: None },
                &lpb_user,
                D()
            ),
            Rule::OtherReviewBody
        );
        assert_eq!(
            to(
                &iopc_review,
                CaseCommand::ConcludeReview { mode: None },
                &cw(),
                D()
            ),
            S::ReviewConcluded
        );
    }

    #[test]
    fn an_upheld_review_requiring_reinvestigation_returns_the_case_to_investigation() {
        let s = under_review(Some(ReviewFollowUp::Reinvestigation), ReviewStage::Upheld);
        assert_eq!(
            rule(&s, CaseCommand::ConcludeReview { mode: None }, &cw(), D()),
            Rule::ReinvestigationModeMissing
        );
        let t = apply(
            &s,
            &CaseCommand::ConcludeReview {
                mode: Some(InvestigationMode::Directed),
            },
            &cw(),
            D(),
        )
        .expect("ok");
        assert_eq!(t.to, S::UnderInvestigation);
        assert!(t.effects.contains(&Effect::InvestigationStarted {
            mode: InvestigationMode::Directed,
            on: D()
        }));
        let undecided = under_review(None, ReviewStage::Valid);
        assert_eq!(
            rule(
                &undecided,
                CaseCommand::ConcludeReview { mode: None },
                &cw(),
                D()
            ),
            Rule::ReviewNotDecided
        );
    }

    #[test]
    fn a_case_cannot_close_while_proceedings_or_a_review_are_open_or_the_window_runs() {
        let mut m = at(CaseKind::ConductMatter, S::DeterminationsMade);
        m.subjects = vec![SubjectStage::ProceedingsPending, SubjectStage::Concluded];
        assert_eq!(
            rule(&m, CaseCommand::Close, &psd(), D()),
            Rule::ProceedingsOpen
        );
        m.subjects = vec![SubjectStage::Concluded];
        assert_eq!(to(&m, CaseCommand::Close, &psd(), D()), S::Closed);
        let s = under_review(None, ReviewStage::Valid);
        assert_eq!(
            rule(&s, CaseCommand::Close, &psd(), day(2026, 6, 1)),
            Rule::ReviewOpen
        );
        let n = notified(day(2026, 4, 1));
        assert_eq!(
            rule(&n, CaseCommand::Close, &psd(), day(2026, 4, 29)),
            Rule::ReviewWindowOpen
        );
        assert_eq!(
            to(&n, CaseCommand::Close, &psd(), day(2026, 4, 30)),
            S::Closed
        );
        let mut c = at(CaseKind::Complaint, S::ReviewConcluded);
        c.review = Some(ReviewSummary {
            stage: ReviewStage::NotUpheld,
            follow_up: None,
        });
        assert_eq!(to(&c, CaseCommand::Close, &psd(), D()), S::Closed);
    }

    #[test]
    fn withdrawal_of_a_referred_complaint_is_for_the_iopc() {
        let mut s = at(CaseKind::Complaint, S::UnderInvestigation);
        assert_eq!(to(&s, CaseCommand::Withdraw, &psd(), D()), S::Withdrawn);
        s.referred = true;
        assert_eq!(
            rule(&s, CaseCommand::Withdraw, &psd(), D()),
            Rule::WithdrawalOfReferredMatter
        );
        assert_eq!(to(&s, CaseCommand::Withdraw, &cw(), D()), S::Withdrawn);
    }

    #[test]
    fn outcome_after_local_handling_is_the_forces_and_after_independent_investigation_the_iopcs() {
        let h = at(CaseKind::Complaint, S::HandledOtherwise);
        let outcomes = vec![AllegationOutcome::ServiceAcceptable];
        assert_eq!(
            rule(
                &h,
                CaseCommand::DecideOutcome {
                    outcomes: outcomes.clone()
                },
                &cw(),
                D()
            ),
            Rule::NotTheDeterminer
        );
        assert_eq!(
            to(
                &h,
                CaseCommand::DecideOutcome {
                    outcomes: outcomes.clone()
                },
                &psd(),
                D()
            ),
            S::OutcomeDecided
        );
        let mut i = at(CaseKind::Complaint, S::DeterminationsMade);
        i.investigation_mode = Some(InvestigationMode::Independent);
        assert_eq!(
            rule(
                &i,
                CaseCommand::DecideOutcome {
                    outcomes: outcomes.clone()
                },
                &psd(),
                D()
            ),
            Rule::NotTheDeterminer
        );
        assert_eq!(
            to(&i, CaseCommand::DecideOutcome { outcomes }, &cw(), D()),
            S::OutcomeDecided
        );
        let mut o = at(CaseKind::Complaint, S::OutcomeDecided);
        o.investigation_mode = Some(InvestigationMode::Local);
        let t = apply(&o, &CaseCommand::NotifyOutcome, &psd(), day(2026, 4, 1)).expect("notified");
        assert_eq!(
            t.effects,
            vec![Effect::OutcomeNotified {
                on: day(2026, 4, 1),
                review_window_last_day: Some(day(2026, 4, 29))
            }]
        );
    }

    #[test]
    fn refusal_for_a_step_from_the_wrong_stage_lists_the_stages_it_needs() {
        let s = at(CaseKind::Complaint, S::Logged);
        let r = apply(&s, &CaseCommand::SubmitReport, &psd(), D()).expect_err("wrong stage");
        assert_eq!(r.rule, Rule::WrongStage);
        assert!(
            r.message().contains("Under investigation"),
            "{}",
            r.message()
        );
        assert_eq!(r.source(), "Sch 3 para 22");
    }
}
