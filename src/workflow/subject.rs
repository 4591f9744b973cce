//! The subject machine: one person serving with the police, within one case, from being
//! identified to the end of any proceedings (Sch 3 paras 19A-24, 27; CMR 2020 regs 16-22;
//! PCR 2020).
//!
//! Special procedures (severity assessment, the "regulation 17" notice) apply to police
//! officers and special constables only; police staff and designated volunteers go straight
//! from being identified to interview and opinion. For officers an interview always needs the
//! notice first. Severity is assessed by the force's investigator in a local (or legacy
//! supervised) investigation and by the IOPC in directed and independent ones (CMR reg 16);
//! the steps of the investigation (notice, interview, opinion) belong to whoever conducts it.
//!
//! Determinations need the investigation report. After a directed or independent
//! investigation the IOPC determines (para 23(5A)) and the force's view is recorded beside
//! the determination as a self-loop (`record_authority_view`); the IOPC may then direct the
//! proceedings (para 27). After a local investigation the force determines (para 24).
//! The outcome of proceedings must be one the form and the finding allow ([`allowed_outcomes`],
//! domain.md section G); dismissal, or "would have been dismissed", puts the officer on the
//! barred list. The snapshot carries the case facts the guards need, so a subject is judged
//! without loading its case.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::case::CaseSnapshot;
use super::engine::{self, Machine};
use super::kinds::{ALL, COMPLAINT_OR_CONDUCT};
use super::parties::{CASEWORKER, INVESTIGATOR, PSD};
use super::refusal::{Refusal, Rule};
use super::{Actor, Effect, ForceId, MachineName, Party, Row, Transition, coded, mode};
use crate::domain::vocab::{
    AuthorityView, CaseKind, CaseStage, Determination, Determiner, IndividualLearning,
    InvestigationMode, ProceedingsConductor, ProceedingsFinding, ProceedingsForm,
    ProceedingsOutcome, Role, Severity, SubjectKind, SubjectStage, UnknownValue, closed_set,
};

closed_set! {
    /// The steps of the subject machine.
    SubjectAction as "subject_action" {
        AssessSeverity = "assess_severity" => "Assess severity",
        ReviseSeverity = "revise_severity" => "Revise the severity assessment",
        ServeNotice = "serve_notice" => "Serve notice of investigation",
        Interview = "interview" => "Record interview",
        GiveOpinion = "give_opinion" => "Give the investigator's opinion",
        Determine = "determine" => "Make the determination",
        RecordAuthorityView = "record_authority_view" => "Record the force's view",
        ReferToCps = "refer_to_cps" => "Refer to the Crown Prosecution Service",
        BringProceedings = "bring_proceedings" => "Bring misconduct proceedings",
        DirectReflectivePractice = "direct_reflective_practice" => "Deal with through reflective practice",
        RecordProceedingsOutcome = "record_proceedings_outcome" => "Record the outcome of proceedings",
        Conclude = "conclude" => "Conclude",
    }
}

closed_set! {
    /// The guards of the subject machine.
    SubjectGuard as "subject_guard" {
        InvestigationOpen = "investigation_open" => "The investigation is open",
        SpecialProceduresApply = "special_procedures_apply" => "Officer, special constable or police staff",
        SeverityAssessor = "severity_assessor" => "The body that assesses severity",
        Conductor = "conductor" => "The investigator",
        NoticeBeforeInterview = "notice_before_interview" => "Notice served before interview",
        ReportReceived = "report_received" => "Report received",
        Determiner = "determiner" => "The body that determines",
        ViewOnIopcDetermination = "view_on_iopc_determination" => "IOPC determination",
        FormFitsDetermination = "form_fits_determination" => "Form fits the determination",
        ProceedingsBringer = "proceedings_bringer" => "The force, or the IOPC on its own determination",
        MisconductOnly = "misconduct_only" => "Case to answer for misconduct",
        OutcomeFits = "outcome_fits" => "Outcome fits form and finding",
        ReflectivePracticeExists = "reflective_practice_exists" => "The case is under the 2020 rules",
        SpecialConditionsCertified = "special_conditions_certified" => "Special conditions certified (accelerated hearing)",
    }
}

coded!(SubjectAction, SubjectGuard);

/// A subject, with the case facts its guards need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectSnapshot {
    pub stage: SubjectStage,
    pub subject_kind: SubjectKind,
    pub severity: Option<Severity>,
    pub determination: Option<Determination>,
    pub determiner: Option<Determiner>,
    /// The form of proceedings brought, once brought.
    pub proceedings_form: Option<ProceedingsForm>,
    pub case_kind: CaseKind,
    pub case_stage: CaseStage,
    pub legacy: bool,
    pub force_id: ForceId,
    pub investigation_mode: Option<InvestigationMode>,
    pub report_received: bool,
    /// The subject's case is a DSI matter already re-recorded as a conduct matter.
    pub case_rerecorded: bool,
    /// The appropriate authority has certified that the special conditions are satisfied
    /// (PCR 2020 reg 49), so the accelerated procedure is open.
    pub special_conditions_certified: bool,
}

impl SubjectSnapshot {
    /// A newly identified subject of `case`.
    pub fn of(case: &CaseSnapshot, subject_kind: SubjectKind) -> Self {
        SubjectSnapshot {
            stage: SubjectStage::Identified,
            subject_kind,
            severity: None,
            determination: None,
            determiner: None,
            proceedings_form: None,
            case_kind: case.kind,
            case_stage: case.stage,
            legacy: case.legacy,
            force_id: case.force_id.clone(),
            investigation_mode: case.investigation_mode,
            report_received: case.report_received_on.is_some(),
            case_rerecorded: case.rerecorded,
            special_conditions_certified: false,
        }
    }

    /// Refresh the case facts from the case (after the case moved on).
    pub fn sync(&mut self, case: &CaseSnapshot) {
        self.case_stage = case.stage;
        self.investigation_mode = case.investigation_mode;
        self.report_received = case.report_received_on.is_some();
        self.legacy = case.legacy;
        self.case_rerecorded = case.rerecorded;
    }

    /// The special procedures (severity assessment, notice before interview) apply to
    /// persons serving with the police (PRA 2002 s.12(7); Sch 3 para 19A): officers, special
    /// constables and police staff, who are then dealt with under the force's own procedures
    /// rather than the Police (Conduct) Regulations. Whether they reach designated volunteers
    /// could not be confirmed, so they are not applied to them (unverified).
    pub fn special_procedures_apply(&self) -> bool {
        matches!(
            self.subject_kind,
            SubjectKind::PoliceOfficer | SubjectKind::SpecialConstable | SubjectKind::PoliceStaff
        )
    }

    /// The rules the subject's case is handled under.
    pub fn regime(&self) -> super::Regime {
        super::Regime::of_legacy(self.legacy)
    }

    /// A police officer or special constable (the Police (Conduct) Regulations apply).
    pub fn is_officer(&self) -> bool {
        matches!(
            self.subject_kind,
            SubjectKind::PoliceOfficer | SubjectKind::SpecialConstable
        )
    }

    /// Bring the snapshot up to date after a transition.
    pub fn advance(&mut self, t: &SubjectTransition) {
        self.stage = t.to;
        for e in &t.effects {
            match e {
                Effect::SeverityAssessed { severity, .. } => self.severity = Some(*severity),
                Effect::Determined { determination, by } => {
                    self.determination = Some(*determination);
                    self.determiner = Some(*by);
                }
                Effect::ProceedingsBrought { form, .. } => self.proceedings_form = Some(*form),
                _ => {}
            }
        }
    }
}

/// The action with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectCommand {
    AssessSeverity {
        severity: Severity,
    },
    ReviseSeverity {
        severity: Severity,
    },
    ServeNotice,
    Interview,
    GiveOpinion {
        opinion: Determination,
    },
    Determine {
        determination: Determination,
    },
    RecordAuthorityView {
        view: AuthorityView,
    },
    ReferToCps,
    BringProceedings {
        form: ProceedingsForm,
    },
    DirectReflectivePractice,
    /// `live_warning_or_multiple`: a live final written warning, or multiple unconnected
    /// incidents (needed for reduction in rank after misconduct at a hearing).
    RecordProceedingsOutcome {
        finding: ProceedingsFinding,
        outcome: ProceedingsOutcome,
        left_force: bool,
        live_warning_or_multiple: bool,
    },
    Conclude,
}

impl SubjectCommand {
    /// The action this command takes.
    pub fn action(&self) -> SubjectAction {
        use SubjectCommand as C;
        match self {
            C::AssessSeverity { .. } => SubjectAction::AssessSeverity,
            C::ReviseSeverity { .. } => SubjectAction::ReviseSeverity,
            C::ServeNotice => SubjectAction::ServeNotice,
            C::Interview => SubjectAction::Interview,
            C::GiveOpinion { .. } => SubjectAction::GiveOpinion,
            C::Determine { .. } => SubjectAction::Determine,
            C::RecordAuthorityView { .. } => SubjectAction::RecordAuthorityView,
            C::ReferToCps => SubjectAction::ReferToCps,
            C::BringProceedings { .. } => SubjectAction::BringProceedings,
            C::DirectReflectivePractice => SubjectAction::DirectReflectivePractice,
            C::RecordProceedingsOutcome { .. } => SubjectAction::RecordProceedingsOutcome,
            C::Conclude => SubjectAction::Conclude,
        }
    }
}

/// A step of the subject machine.
pub type SubjectTransition = Transition<SubjectStage, SubjectAction>;

/// The state a new subject starts in.
pub const INITIAL: SubjectStage = SubjectStage::Identified;
/// States with no way out.
pub const TERMINAL: &[SubjectStage] = &[SubjectStage::Concluded];

use SubjectGuard as G;
use SubjectStage as S;

type SubjectRow = Row<SubjectStage, SubjectAction, SubjectGuard>;

const SEVERITY_GUARDS: &[SubjectGuard] = &[
    G::InvestigationOpen,
    G::SpecialProceduresApply,
    G::SeverityAssessor,
];
const SEVERITY_REVISION: &str = "Sch 3 para 19B; CMR 2020 regs 16, 17";
const DETERMINE_GUARDS: &[SubjectGuard] = &[G::ReportReceived, G::Determiner];
/// Practice requiring improvement exists only under the 2020 rules (PCR 2020 Part 6).
const RPRP_DETERMINE_GUARDS: &[SubjectGuard] = &[
    G::ReportReceived,
    G::Determiner,
    G::ReflectivePracticeExists,
];

/// The steps that belong to a conduct matter (or complaint), not to a DSI matter: on a DSI
/// matter they wait until it is re-recorded, and are then taken on the conduct matter
/// (Sch 3 para 21A). The table's rows for them name no DSI matter.
pub const NOT_ON_DSI_MATTER: &[SubjectAction] = &[
    SubjectAction::AssessSeverity,
    SubjectAction::ReviseSeverity,
    SubjectAction::ServeNotice,
    SubjectAction::Determine,
    SubjectAction::RecordAuthorityView,
    SubjectAction::BringProceedings,
    SubjectAction::DirectReflectivePractice,
    SubjectAction::RecordProceedingsOutcome,
];
const DETERMINE_SOURCE: &str = "Sch 3 paras 23, 24";
const VIEW_SOURCE: &str = "Sch 3 para 23; IOPC Statutory Guidance 2020";
const VIEW_TEXT: &str =
    "The force's view (agreed or disagreed) is recorded beside the IOPC's determination.";
const CPS_SOURCE: &str = "Sch 3 paras 23, 24";
const CPS_TEXT: &str = "The file is referred to the Crown Prosecution Service: a criminal offence may have been committed.";

/// The subject machine's transitions.
pub static TABLE: &[SubjectRow] = &[
    Row {
        from: &[S::Identified],
        action: SubjectAction::AssessSeverity,
        to: S::SeverityAssessed,
        parties: &[PSD, INVESTIGATOR],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: SEVERITY_GUARDS,
        source: "Sch 3 para 19B; CMR 2020 reg 16",
        description: "The conduct is assessed: would it be misconduct or gross misconduct if proved, and the likely form of proceedings.",
    },
    Row {
        from: &[S::SeverityAssessed],
        action: SubjectAction::ReviseSeverity,
        to: S::SeverityAssessed,
        parties: &[PSD, INVESTIGATOR],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: SEVERITY_GUARDS,
        source: SEVERITY_REVISION,
        description: "The severity assessment is revised.",
    },
    Row {
        from: &[S::NoticeServed],
        action: SubjectAction::ReviseSeverity,
        to: S::NoticeServed,
        parties: &[PSD, INVESTIGATOR],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: SEVERITY_GUARDS,
        source: SEVERITY_REVISION,
        description: "The severity assessment is revised after the notice; a revised notice is served.",
    },
    Row {
        from: &[S::Interviewed],
        action: SubjectAction::ReviseSeverity,
        to: S::Interviewed,
        parties: &[PSD, INVESTIGATOR],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: SEVERITY_GUARDS,
        source: SEVERITY_REVISION,
        description: "The severity assessment is revised after interview; a revised notice is served.",
    },
    Row {
        from: &[S::SeverityAssessed],
        action: SubjectAction::ServeNotice,
        to: S::NoticeServed,
        parties: &[PSD, INVESTIGATOR],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[
            G::InvestigationOpen,
            G::SpecialProceduresApply,
            G::Conductor,
        ],
        source: "Sch 3 para 19B; CMR 2020 reg 17",
        description: "The subject is served written notice that their conduct is under investigation.",
    },
    Row {
        from: &[S::Identified, S::SeverityAssessed, S::NoticeServed],
        action: SubjectAction::Interview,
        to: S::Interviewed,
        parties: &[PSD, INVESTIGATOR],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::InvestigationOpen, G::Conductor, G::NoticeBeforeInterview],
        source: "Sch 3 para 19B; CMR 2020 regs 16-22",
        description: "The subject is interviewed (an officer only after the notice).",
    },
    Row {
        from: &[
            S::Identified,
            S::SeverityAssessed,
            S::NoticeServed,
            S::Interviewed,
        ],
        action: SubjectAction::GiveOpinion,
        to: S::OpinionGiven,
        parties: &[PSD, INVESTIGATOR],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::InvestigationOpen, G::Conductor],
        source: "Sch 3 para 22",
        description: "The investigator gives an opinion on the subject for the report.",
    },
    Row {
        from: &[S::OpinionGiven],
        action: SubjectAction::Determine,
        to: S::CaseToAnswer,
        parties: &[CASEWORKER, PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: DETERMINE_GUARDS,
        source: DETERMINE_SOURCE,
        description: "Case to answer for misconduct or gross misconduct.",
    },
    Row {
        from: &[S::OpinionGiven],
        action: SubjectAction::Determine,
        to: S::NoCaseToAnswer,
        parties: &[CASEWORKER, PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: DETERMINE_GUARDS,
        source: DETERMINE_SOURCE,
        description: "No case to answer.",
    },
    Row {
        from: &[S::OpinionGiven],
        action: SubjectAction::Determine,
        to: S::ReflectivePractice,
        parties: &[CASEWORKER, PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: RPRP_DETERMINE_GUARDS,
        source: DETERMINE_SOURCE,
        description: "Practice requiring improvement: the reflective practice review process.",
    },
    Row {
        from: &[S::OpinionGiven],
        action: SubjectAction::Determine,
        to: S::UnsatisfactoryPerformance,
        parties: &[CASEWORKER, PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: DETERMINE_GUARDS,
        source: DETERMINE_SOURCE,
        description: "Unsatisfactory performance: the performance procedures.",
    },
    Row {
        from: &[S::OpinionGiven],
        action: SubjectAction::Determine,
        to: S::Concluded,
        parties: &[CASEWORKER, PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: DETERMINE_GUARDS,
        source: DETERMINE_SOURCE,
        description: "No further action.",
    },
    Row {
        from: &[S::CaseToAnswer],
        action: SubjectAction::RecordAuthorityView,
        to: S::CaseToAnswer,
        parties: &[PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[G::ViewOnIopcDetermination],
        source: VIEW_SOURCE,
        description: VIEW_TEXT,
    },
    Row {
        from: &[S::NoCaseToAnswer],
        action: SubjectAction::RecordAuthorityView,
        to: S::NoCaseToAnswer,
        parties: &[PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[G::ViewOnIopcDetermination],
        source: VIEW_SOURCE,
        description: VIEW_TEXT,
    },
    Row {
        from: &[S::ReflectivePractice],
        action: SubjectAction::RecordAuthorityView,
        to: S::ReflectivePractice,
        parties: &[PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[G::ViewOnIopcDetermination],
        source: VIEW_SOURCE,
        description: VIEW_TEXT,
    },
    Row {
        from: &[S::UnsatisfactoryPerformance],
        action: SubjectAction::RecordAuthorityView,
        to: S::UnsatisfactoryPerformance,
        parties: &[PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[G::ViewOnIopcDetermination],
        source: VIEW_SOURCE,
        description: VIEW_TEXT,
    },
    Row {
        from: &[S::OpinionGiven],
        action: SubjectAction::ReferToCps,
        to: S::OpinionGiven,
        parties: &[CASEWORKER, PSD],
        kinds: ALL,
        legacy_only: false,
        guards: DETERMINE_GUARDS,
        source: CPS_SOURCE,
        description: CPS_TEXT,
    },
    Row {
        from: &[S::CaseToAnswer],
        action: SubjectAction::ReferToCps,
        to: S::CaseToAnswer,
        parties: &[CASEWORKER, PSD],
        kinds: ALL,
        legacy_only: false,
        guards: DETERMINE_GUARDS,
        source: CPS_SOURCE,
        description: CPS_TEXT,
    },
    Row {
        from: &[S::CaseToAnswer],
        action: SubjectAction::BringProceedings,
        to: S::ProceedingsPending,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[
            G::FormFitsDetermination,
            G::ProceedingsBringer,
            G::SpecialConditionsCertified,
        ],
        source: "Sch 3 paras 23(5A), 24, 27; PCR 2020",
        description: "Misconduct proceedings are arranged: a meeting, a hearing or an accelerated hearing (the IOPC may direct them on its determination).",
    },
    Row {
        from: &[S::CaseToAnswer],
        action: SubjectAction::DirectReflectivePractice,
        to: S::ReflectivePractice,
        parties: &[PSD, CASEWORKER],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[
            G::Determiner,
            G::MisconductOnly,
            G::ReflectivePracticeExists,
        ],
        source: "PCR 2020 Part 6; Sch 3 para 27",
        description: "A case to answer for misconduct is dealt with through the reflective practice review process instead of proceedings.",
    },
    Row {
        from: &[S::ProceedingsPending],
        action: SubjectAction::RecordProceedingsOutcome,
        to: S::Concluded,
        parties: &[PSD],
        kinds: COMPLAINT_OR_CONDUCT,
        legacy_only: false,
        guards: &[G::OutcomeFits],
        source: "PCR 2020 (outcomes of proceedings)",
        description: "The finding and outcome of the proceedings are recorded; dismissal puts the officer on the barred list.",
    },
    Row {
        from: &[
            S::ReflectivePractice,
            S::UnsatisfactoryPerformance,
            S::NoCaseToAnswer,
        ],
        action: SubjectAction::Conclude,
        to: S::Concluded,
        parties: &[PSD],
        kinds: ALL,
        legacy_only: false,
        guards: &[],
        source: "PCR 2020 Part 6; Police (Performance) Regulations 2020",
        description: "Reflective practice or the performance procedures are finished, or nothing follows.",
    },
];

/// The outcomes the form of proceedings and the finding allow (domain.md section G; PCR 2020).
/// Management advice only in legacy cases for officers; management action only for staff.
pub fn allowed_outcomes(
    form: ProceedingsForm,
    finding: ProceedingsFinding,
    subject_kind: SubjectKind,
    legacy: bool,
    left_force: bool,
    live_warning_or_multiple: bool,
) -> Vec<ProceedingsOutcome> {
    use ProceedingsFinding as F;
    use ProceedingsForm as P;
    use ProceedingsOutcome as O;
    let officer = matches!(
        subject_kind,
        SubjectKind::PoliceOfficer | SubjectKind::SpecialConstable
    );
    let dismissal = if left_force {
        O::WouldHaveBeenDismissed
    } else {
        O::DismissalWithoutNotice
    };
    let mut v = match (form, finding) {
        (P::MisconductMeeting, F::MisconductProven) => {
            vec![
                O::NoAction,
                O::WrittenWarning,
                O::FinalWrittenWarning,
                O::ReflectivePractice,
            ]
        }
        (P::MisconductMeeting, F::GrossMisconductProven) => Vec::new(),
        (_, F::NotProven) => vec![O::NoAction, O::ReflectivePractice],
        (P::MisconductHearing | P::AcceleratedHearing, F::MisconductProven) => {
            let mut v = vec![O::WrittenWarning, O::FinalWrittenWarning];
            if live_warning_or_multiple {
                // PCR 2020 reg 42 (unverified): for misconduct (not gross misconduct) at a
                // hearing, reduction in rank and dismissal with notice only with a live final
                // written warning or several unconnected incidents. Someone who has left is
                // found to have been dismissible instead.
                v.push(O::ReductionInRank);
                v.push(if left_force {
                    O::WouldHaveBeenDismissed
                } else {
                    O::DismissalWithNotice
                });
            }
            v
        }
        (P::MisconductHearing | P::AcceleratedHearing, F::GrossMisconductProven) => {
            vec![O::FinalWrittenWarning, O::ReductionInRank, dismissal]
        }
    };
    if legacy {
        // The reflective practice review process came in with the 2020 rules.
        v.retain(|o| *o != O::ReflectivePractice);
    }
    if finding != F::GrossMisconductProven || form != P::MisconductMeeting {
        if !officer {
            v.push(O::ManagementAction);
        } else if legacy && finding != F::GrossMisconductProven {
            v.push(O::ManagementAdvice);
        }
    }
    v
}

/// Dismissal, with or without notice, or the finding that they would have been dismissed:
/// each puts the officer on the barred list (Police Act 1996 Part 4A).
pub fn is_dismissal(outcome: ProceedingsOutcome) -> bool {
    matches!(
        outcome,
        ProceedingsOutcome::DismissalWithoutNotice
            | ProceedingsOutcome::DismissalWithNotice
            | ProceedingsOutcome::WouldHaveBeenDismissed
    )
}

/// Who may conduct each form of proceedings: a misconduct hearing is chaired by a legally
/// qualified chair (since 2016); a meeting is the force's, or chaired independently; an
/// accelerated hearing is conducted by the chief officer, or by a legally qualified chair
/// (PCR 2020 regs 28 and 55; unverified: the regulations were not checked against their text).
pub fn conductors_for(form: ProceedingsForm) -> &'static [ProceedingsConductor] {
    use ProceedingsConductor as C;
    match form {
        ProceedingsForm::MisconductMeeting => &[C::ForceMeeting, C::IndependentChair],
        ProceedingsForm::MisconductHearing => &[C::LegallyQualifiedChair],
        ProceedingsForm::AcceleratedHearing => &[C::ChiefOfficer, C::LegallyQualifiedChair],
    }
}

/// The learning open to a person with no case to answer: reflective practice only for police
/// officers and special constables under the 2020 rules (PCR 2020 Part 6: the reflective
/// practice review process; the 2012 rules have none), learning advice for anyone.
pub fn individual_learning_for(kind: SubjectKind, legacy: bool) -> Vec<IndividualLearning> {
    let officer = matches!(
        kind,
        SubjectKind::PoliceOfficer | SubjectKind::SpecialConstable
    );
    let mut v = Vec::new();
    if officer && !legacy {
        v.push(IndividualLearning::ReflectivePractice);
    }
    v.push(IndividualLearning::LearningAdvice);
    v.push(IndividualLearning::NoneIdentified);
    v
}

/// Misconduct is a breach of the Standards of Professional Behaviour (PCR 2020 reg 2 and
/// Sch 2): an allegation found proven breaches at least one of the standards it concerns, and
/// one not proven breaches none.
pub fn standards_finding_problem(
    finding: ProceedingsFinding,
    standards_recorded: usize,
    standards_proven: usize,
) -> Option<&'static str> {
    match finding {
        ProceedingsFinding::NotProven if standards_proven > 0 => Some(
            "An allegation not proven breaches no standard: select not proven for each standard (PCR 2020 Sch 2)",
        ),
        ProceedingsFinding::GrossMisconductProven | ProceedingsFinding::MisconductProven
            if standards_recorded > 0 && standards_proven == 0 =>
        {
            Some(
                "Misconduct is a breach of the Standards of Professional Behaviour: select proven for at least one standard (PCR 2020 reg 2, Sch 2)",
            )
        }
        _ => None,
    }
}

/// Whether this actor may record the appropriate authority's certificate that the special
/// conditions are satisfied (PCR 2020 reg 49): the force, as appropriate authority, on a case
/// to answer for gross misconduct before proceedings are brought, once.
pub fn may_certify_special_conditions(s: &SubjectSnapshot, actor: &Actor) -> Result<(), Refusal> {
    engine_scope(s, actor)?;
    if !actor.is(Role::ForcePsd) {
        return Err(Refusal::new(
            Rule::RoleNotAllowed,
            "The appropriate authority (the force) certifies the special conditions",
        ));
    }
    if s.stage != S::CaseToAnswer
        || s.determination != Some(Determination::CaseToAnswerGrossMisconduct)
        || s.special_conditions_certified
    {
        return Err(Refusal::new(
            Rule::CertificateNeedsGrossMisconduct,
            format!("This subject is at: {}", s.stage.label()),
        ));
    }
    Ok(())
}

fn engine_scope(s: &SubjectSnapshot, actor: &Actor) -> Result<(), Refusal> {
    <SubjectMachine as Machine>::scope(s, actor)
}

/// What this actor may do to the subject now.
pub fn available_actions(
    subject: &SubjectSnapshot,
    actor: &Actor,
    today: NaiveDate,
) -> Vec<SubjectAction> {
    engine::available::<SubjectMachine>(subject, actor, today)
}

/// Take a step on the subject, or say which rule forbids it.
pub fn apply(
    subject: &SubjectSnapshot,
    command: &SubjectCommand,
    actor: &Actor,
    today: NaiveDate,
) -> Result<SubjectTransition, Refusal> {
    engine::apply::<SubjectMachine>(subject, command, actor, today)
        .map_err(|r| r.under(super::Regime::of_legacy(subject.legacy)))
}

pub(crate) struct SubjectMachine;

fn role_is(actor: &Actor, role: Role, rule: Rule, facts: String) -> Result<(), Refusal> {
    if actor.is(role) {
        Ok(())
    } else {
        Err(Refusal::new(rule, facts))
    }
}

fn determiner_of(mode: Option<InvestigationMode>) -> Determiner {
    if mode.is_some_and(mode::iopc_controls) {
        Determiner::Iopc
    } else {
        Determiner::AppropriateAuthority
    }
}

impl Machine for SubjectMachine {
    type State = SubjectStage;
    type Action = SubjectAction;
    type Guard = SubjectGuard;
    type Snapshot = SubjectSnapshot;
    type Command = SubjectCommand;
    const NAME: MachineName = MachineName::Subject;

    fn table() -> &'static [SubjectRow] {
        TABLE
    }
    fn stage(s: &SubjectSnapshot) -> SubjectStage {
        s.stage
    }
    fn kind(s: &SubjectSnapshot) -> Option<CaseKind> {
        Some(s.case_kind)
    }
    fn legacy(s: &SubjectSnapshot) -> bool {
        s.legacy
    }
    fn action_of(cmd: &SubjectCommand) -> SubjectAction {
        cmd.action()
    }

    fn target(_s: &SubjectSnapshot, cmd: &SubjectCommand) -> Option<SubjectStage> {
        match cmd {
            SubjectCommand::Determine { determination } => Some(match determination {
                Determination::CaseToAnswerGrossMisconduct
                | Determination::CaseToAnswerMisconduct => S::CaseToAnswer,
                Determination::NoCaseToAnswer => S::NoCaseToAnswer,
                Determination::PracticeRequiringImprovement => S::ReflectivePractice,
                Determination::UnsatisfactoryPerformance => S::UnsatisfactoryPerformance,
                Determination::NoFurtherAction => S::Concluded,
            }),
            _ => None,
        }
    }

    fn scope(s: &SubjectSnapshot, actor: &Actor) -> Result<(), Refusal> {
        match actor.party {
            Party::Staff(Role::ForcePsd) if actor.force_id.as_ref() != Some(&s.force_id) => {
                Err(Refusal::new(
                    Rule::OtherForce,
                    "This subject's case belongs to another force",
                ))
            }
            _ => Ok(()),
        }
    }

    fn guard(
        g: SubjectGuard,
        s: &SubjectSnapshot,
        actor: &Actor,
        cmd: Option<&SubjectCommand>,
        _today: NaiveDate,
    ) -> Result<(), Refusal> {
        let a_mode = s
            .investigation_mode
            .map(super::a_mode_investigation)
            .unwrap_or_else(|| "no investigation".to_owned());
        match g {
            G::InvestigationOpen => {
                if !matches!(
                    s.case_stage,
                    CaseStage::UnderInvestigation | CaseStage::InvestigationSuspended
                ) {
                    return Err(Refusal::new(
                        Rule::InvestigationNotOpen,
                        format!("The case is at: {}", s.case_stage.label()),
                    ));
                }
            }
            G::SpecialProceduresApply => {
                if !s.special_procedures_apply() {
                    return Err(Refusal::new(
                        Rule::NoSpecialProcedures,
                        format!("This subject is {}", s.subject_kind.label().to_lowercase()),
                    ));
                }
            }
            G::SeverityAssessor | G::Conductor => {
                let Some(m) = s.investigation_mode else {
                    return Err(Refusal::new(
                        Rule::InvestigationNotOpen,
                        "No mode of investigation is recorded",
                    ));
                };
                let (role, rule) = if g == G::SeverityAssessor {
                    (mode::severity_assessor(m), Rule::NotTheSeverityAssessor)
                } else {
                    (mode::conductor(m), Rule::NotTheInvestigator)
                };
                return role_is(
                    actor,
                    role,
                    rule,
                    format!("This is {a_mode}: {} acts", role.label()),
                );
            }
            G::NoticeBeforeInterview => {
                // On a DSI matter the subjects are not under investigation for their conduct
                // (no notice can be served there: Sch 3 para 21A), so they are interviewed as
                // witnesses; once re-recorded, the conduct matter's notice comes first.
                if s.special_procedures_apply()
                    && s.stage != S::NoticeServed
                    && s.case_kind != CaseKind::DsiMatter
                {
                    return Err(Refusal::new(
                        Rule::InterviewBeforeNotice,
                        format!(
                            "No notice has been served on this {}",
                            s.subject_kind.label().to_lowercase()
                        ),
                    ));
                }
            }
            G::ReportReceived => {
                if !s.report_received {
                    return Err(Refusal::new(
                        Rule::ReportNotReceived,
                        "The case has no investigation report yet",
                    ));
                }
            }
            G::Determiner => {
                let role = match determiner_of(s.investigation_mode) {
                    Determiner::Iopc => Role::IopcCaseworker,
                    Determiner::AppropriateAuthority => Role::ForcePsd,
                };
                let facts = if role == Role::IopcCaseworker {
                    format!(
                        "This is {a_mode}: the IOPC determines and the force's view is recorded beside it"
                    )
                } else {
                    format!("This is {a_mode}: the appropriate authority determines")
                };
                return role_is(actor, role, Rule::NotTheDeterminer, facts);
            }
            G::ViewOnIopcDetermination => {
                if s.determiner != Some(Determiner::Iopc) {
                    return Err(Refusal::new(
                        Rule::ViewNeedsIopcDetermination,
                        "The determination was the appropriate authority's own",
                    ));
                }
            }
            G::FormFitsDetermination => {
                if let Some(SubjectCommand::BringProceedings { form }) = cmd {
                    let fits = match s.determination {
                        Some(Determination::CaseToAnswerMisconduct) => matches!(
                            form,
                            ProceedingsForm::MisconductMeeting | ProceedingsForm::MisconductHearing
                        ),
                        Some(Determination::CaseToAnswerGrossMisconduct) => matches!(
                            form,
                            ProceedingsForm::MisconductHearing
                                | ProceedingsForm::AcceleratedHearing
                        ),
                        Some(_) => false,
                        None => true,
                    };
                    if !fits {
                        let d = s.determination.map(|d| d.label()).unwrap_or("none");
                        return Err(Refusal::new(
                            Rule::FormDoesNotFit,
                            format!(
                                "The determination is \"{d}\"; a {} does not fit it",
                                form.label().to_lowercase()
                            ),
                        ));
                    }
                }
            }
            G::ProceedingsBringer => {
                if actor.is(Role::IopcCaseworker) && s.determiner != Some(Determiner::Iopc) {
                    return Err(Refusal::new(
                        Rule::DirectionNeedsIopcDetermination,
                        "The determination was the appropriate authority's",
                    ));
                }
            }
            G::MisconductOnly => {
                if s.determination != Some(Determination::CaseToAnswerMisconduct) {
                    return Err(Refusal::new(
                        Rule::ReflectivePracticeNeedsMisconduct,
                        format!(
                            "The determination is \"{}\"",
                            s.determination.map(|d| d.label()).unwrap_or("none")
                        ),
                    ));
                }
            }
            G::ReflectivePracticeExists => {
                if s.legacy {
                    return Err(Refusal::new(
                        Rule::NoReflectivePracticeBefore2020,
                        "This case is under the Police (Conduct) Regulations 2012",
                    ));
                }
            }
            G::SpecialConditionsCertified => {
                if let Some(SubjectCommand::BringProceedings {
                    form: ProceedingsForm::AcceleratedHearing,
                }) = cmd
                    && !s.special_conditions_certified
                {
                    return Err(Refusal::new(
                        Rule::SpecialConditionsNotCertified,
                        "No certificate of the special conditions is recorded for this subject",
                    ));
                }
            }
            G::OutcomeFits => {
                if let Some(SubjectCommand::RecordProceedingsOutcome {
                    finding,
                    outcome,
                    left_force,
                    live_warning_or_multiple,
                }) = cmd
                {
                    return check_outcome(
                        s,
                        *finding,
                        *outcome,
                        *left_force,
                        *live_warning_or_multiple,
                    );
                }
            }
        }
        Ok(())
    }

    fn kind_refusal(s: &SubjectSnapshot, action: SubjectAction) -> Option<Refusal> {
        if s.case_kind != CaseKind::DsiMatter || !NOT_ON_DSI_MATTER.contains(&action) {
            return None;
        }
        Some(Refusal::new(
            Rule::DsiMatterNotRerecorded,
            if s.case_rerecorded {
                "This death or serious injury matter has been re-recorded as a conduct matter: take the step on the subject there"
            } else {
                "This death or serious injury matter has not been re-recorded as a conduct matter"
            },
        ))
    }

    fn stage_refusal(
        s: &SubjectSnapshot,
        action: SubjectAction,
        _allowed: &[SubjectStage],
    ) -> Option<Refusal> {
        match action {
            SubjectAction::BringProceedings => Some(Refusal::new(
                Rule::ProceedingsNeedCaseToAnswer,
                format!("This subject is at: {}", s.stage.label()),
            )),
            SubjectAction::Determine if !s.report_received => Some(Refusal::new(
                Rule::ReportNotReceived,
                "The case has no investigation report yet",
            )),
            SubjectAction::Determine
                if matches!(
                    s.stage,
                    S::Identified | S::SeverityAssessed | S::NoticeServed | S::Interviewed
                ) =>
            {
                Some(Refusal::new(
                    Rule::OpinionsMissing,
                    "The investigator has given no opinion on this subject",
                ))
            }
            _ => None,
        }
    }

    fn effects(
        s: &SubjectSnapshot,
        cmd: &SubjectCommand,
        actor: &Actor,
        today: NaiveDate,
    ) -> Vec<Effect> {
        use SubjectCommand as C;
        match cmd {
            C::AssessSeverity { severity } => vec![Effect::SeverityAssessed {
                severity: *severity,
                revised: false,
            }],
            C::ReviseSeverity { severity } => vec![Effect::SeverityAssessed {
                severity: *severity,
                revised: true,
            }],
            C::ServeNotice => vec![Effect::NoticeServed { on: today }],
            C::Interview => vec![Effect::Interviewed { on: today }],
            C::GiveOpinion { opinion } => vec![Effect::OpinionGiven { opinion: *opinion }],
            C::Determine { determination } => vec![Effect::Determined {
                determination: *determination,
                by: determiner_of(s.investigation_mode),
            }],
            C::RecordAuthorityView { view } => vec![Effect::AuthorityViewRecorded { view: *view }],
            C::ReferToCps => vec![Effect::ReferredToCps { on: today }],
            C::BringProceedings { form } => vec![Effect::ProceedingsBrought {
                form: *form,
                directed_by_iopc: actor.is(Role::IopcCaseworker),
            }],
            C::RecordProceedingsOutcome {
                finding,
                outcome,
                left_force,
                ..
            } => {
                let mut v = vec![Effect::ProceedingsConcluded {
                    finding: *finding,
                    outcome: *outcome,
                    left_force: *left_force,
                }];
                if is_dismissal(*outcome) {
                    v.push(Effect::BarredList);
                }
                v
            }
            C::DirectReflectivePractice | C::Conclude => Vec::new(),
        }
    }
}

fn check_outcome(
    s: &SubjectSnapshot,
    finding: ProceedingsFinding,
    outcome: ProceedingsOutcome,
    left_force: bool,
    live_warning_or_multiple: bool,
) -> Result<(), Refusal> {
    let officer = s.is_officer();
    if outcome == ProceedingsOutcome::ManagementAdvice && officer && !s.legacy {
        return Err(Refusal::new(
            Rule::ManagementAdviceLegacy,
            "This case is under the 2020 rules",
        ));
    }
    if outcome == ProceedingsOutcome::ManagementAction && officer {
        return Err(Refusal::new(
            Rule::ManagementActionStaffOnly,
            format!(
                "This subject is a {}",
                s.subject_kind.label().to_lowercase()
            ),
        ));
    }
    let Some(form) = s.proceedings_form else {
        return Err(Refusal::new(
            Rule::OutcomeNotAllowed,
            "No form of proceedings is recorded",
        ));
    };
    let allowed = allowed_outcomes(
        form,
        finding,
        s.subject_kind,
        s.legacy,
        left_force,
        live_warning_or_multiple,
    );
    if allowed.contains(&outcome) {
        return Ok(());
    }
    let mut facts = format!(
        "At a {} with the finding \"{}\", \"{}\" is not possible",
        form.label().to_lowercase(),
        finding.label().to_lowercase(),
        outcome.label().to_lowercase()
    );
    if matches!(
        outcome,
        ProceedingsOutcome::DismissalWithoutNotice | ProceedingsOutcome::DismissalWithNotice
    ) && left_force
    {
        facts.push_str("; the officer has left the force, so the finding is that they would have been dismissed");
    } else if outcome == ProceedingsOutcome::WouldHaveBeenDismissed && !left_force {
        facts.push_str("; the officer is still serving");
    }
    if allowed.is_empty() {
        facts.push_str("; this finding cannot be made there");
    } else {
        let names: Vec<String> = allowed.iter().map(|o| o.label().to_lowercase()).collect();
        facts.push_str(&format!("; the outcomes allowed are: {}", names.join(", ")));
    }
    Err(Refusal::new(Rule::OutcomeNotAllowed, facts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::LpbId;
    use ProceedingsFinding as F;
    use ProceedingsForm as P;
    use ProceedingsOutcome as O;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date")
    }
    fn psd() -> Actor {
        Actor::force_psd(ForceId("met".into()))
    }
    fn cw() -> Actor {
        Actor::iopc(Role::IopcCaseworker)
    }
    fn inv() -> Actor {
        Actor::iopc(Role::IopcInvestigator)
    }
    fn subject(kind: SubjectKind, stage: SubjectStage, mode: InvestigationMode) -> SubjectSnapshot {
        let mut case = CaseSnapshot::new(
            CaseKind::ConductMatter,
            ForceId("met".into()),
            LpbId("mopac".into()),
        );
        case.stage = CaseStage::UnderInvestigation;
        case.investigation_mode = Some(mode);
        let mut s = SubjectSnapshot::of(&case, kind);
        s.stage = stage;
        s
    }
    fn rule(s: &SubjectSnapshot, c: SubjectCommand, a: &Actor) -> Rule {
        match apply(s, &c, a, today()) {
            Ok(t) => panic!("{c:?} should be refused, went to {:?}", t.to),
            Err(r) => r.rule,
        }
    }
    fn to(s: &SubjectSnapshot, c: SubjectCommand, a: &Actor) -> SubjectStage {
        apply(s, &c, a, today())
            .unwrap_or_else(|r| panic!("{c:?}: {}", r.message()))
            .to
    }

    #[test]
    fn interview_before_notice_is_refused() {
        for stage in [S::Identified, S::SeverityAssessed] {
            let s = subject(
                SubjectKind::PoliceOfficer,
                stage,
                InvestigationMode::Independent,
            );
            assert_eq!(
                rule(&s, SubjectCommand::Interview, &inv()),
                Rule::InterviewBeforeNotice
            );
        }
        let s = subject(
            SubjectKind::SpecialConstable,
            S::NoticeServed,
            InvestigationMode::Independent,
        );
        assert_eq!(to(&s, SubjectCommand::Interview, &inv()), S::Interviewed);
    }

    #[test]
    fn pra_2002_s12_7_police_staff_are_assessed_and_served_notice_before_interview() {
        // Persons serving with the police (PRA 2002 s.12(7); Sch 3 para 19A; CMR 2020 regs
        // 16, 17): a detention officer is police staff, and cannot be interviewed before a
        // notice. Unverified for staff; designated volunteers are not given the procedures.
        let s = subject(
            SubjectKind::PoliceStaff,
            S::Identified,
            InvestigationMode::Local,
        );
        assert_eq!(
            rule(&s, SubjectCommand::Interview, &psd()),
            Rule::InterviewBeforeNotice
        );
        let assessed = to(
            &s,
            SubjectCommand::AssessSeverity {
                severity: Severity::Misconduct,
            },
            &psd(),
        );
        assert_eq!(assessed, S::SeverityAssessed);
        let mut served = s.clone();
        served.stage = S::SeverityAssessed;
        assert_eq!(
            to(&served, SubjectCommand::ServeNotice, &psd()),
            S::NoticeServed
        );
        served.stage = S::NoticeServed;
        assert_eq!(
            to(&served, SubjectCommand::Interview, &psd()),
            S::Interviewed
        );

        let v = subject(
            SubjectKind::DesignatedVolunteer,
            S::Identified,
            InvestigationMode::Local,
        );
        assert_eq!(
            rule(
                &v,
                SubjectCommand::AssessSeverity {
                    severity: Severity::Misconduct
                },
                &psd()
            ),
            Rule::NoSpecialProcedures
        );
        assert_eq!(to(&v, SubjectCommand::Interview, &psd()), S::Interviewed);
    }

    fn on_dsi_matter(stage: SubjectStage, rerecorded: bool) -> SubjectSnapshot {
        let mut case = CaseSnapshot::new(
            CaseKind::DsiMatter,
            ForceId("met".into()),
            LpbId("mopac".into()),
        );
        case.stage = CaseStage::ReportReceived;
        case.investigation_mode = Some(InvestigationMode::Independent);
        case.report_received_on = Some(today());
        case.rerecorded = rerecorded;
        let mut s = SubjectSnapshot::of(&case, SubjectKind::PoliceOfficer);
        s.stage = stage;
        s
    }

    #[test]
    fn sch3_para_21a_notices_and_determinations_are_refused_on_a_dsi_matter() {
        // Sch 3 para 21A: they belong to the conduct matter the DSI matter is re-recorded as.
        let mut s = on_dsi_matter(S::Identified, false);
        s.case_stage = CaseStage::UnderInvestigation;
        s.report_received = false;
        for (c, a) in [
            (
                SubjectCommand::AssessSeverity {
                    severity: Severity::Misconduct,
                },
                inv(),
            ),
            (SubjectCommand::ServeNotice, inv()),
        ] {
            assert_eq!(rule(&s, c, &a), Rule::DsiMatterNotRerecorded);
        }
        assert!(!available_actions(&s, &inv(), today()).contains(&SubjectAction::AssessSeverity));
        // A DSI matter's subjects are interviewed as witnesses, without a notice.
        assert_eq!(to(&s, SubjectCommand::Interview, &inv()), S::Interviewed);

        let s = on_dsi_matter(S::OpinionGiven, false);
        let refused = apply(
            &s,
            &SubjectCommand::Determine {
                determination: Determination::CaseToAnswerMisconduct,
            },
            &cw(),
            today(),
        )
        .expect_err("no determination on a DSI matter");
        assert_eq!(refused.rule, Rule::DsiMatterNotRerecorded);
        assert_eq!(refused.source(), "Sch 3 para 21A");
        assert!(refused.facts.contains("has not been re-recorded"));
        assert!(!available_actions(&s, &cw(), today()).contains(&SubjectAction::Determine));

        let mut s = on_dsi_matter(S::CaseToAnswer, true);
        s.determination = Some(Determination::CaseToAnswerMisconduct);
        let refused = apply(
            &s,
            &SubjectCommand::BringProceedings {
                form: ProceedingsForm::MisconductMeeting,
            },
            &psd(),
            today(),
        )
        .expect_err("proceedings belong to the conduct matter");
        assert_eq!(refused.rule, Rule::DsiMatterNotRerecorded);
        assert!(refused.facts.contains("take the step on the subject there"));
    }

    #[test]
    fn pcr_2012_no_practice_requiring_improvement_or_reflective_practice_on_a_legacy_case() {
        // CMR 2020 reg 2(2): the 2012 rules had no reflective practice review process.
        let mut s = reported(InvestigationMode::Local);
        s.legacy = true;
        assert_eq!(
            rule(
                &s,
                SubjectCommand::Determine {
                    determination: Determination::PracticeRequiringImprovement
                },
                &psd()
            ),
            Rule::NoReflectivePracticeBefore2020
        );
        let mut c = with_case_to_answer(
            Determination::CaseToAnswerMisconduct,
            Determiner::AppropriateAuthority,
        );
        c.legacy = true;
        c.investigation_mode = Some(InvestigationMode::Local);
        assert_eq!(
            rule(&c, SubjectCommand::DirectReflectivePractice, &psd()),
            Rule::NoReflectivePracticeBefore2020
        );
        let legacy = allowed_outcomes(
            P::MisconductMeeting,
            F::MisconductProven,
            SubjectKind::PoliceOfficer,
            true,
            false,
            false,
        );
        assert!(!legacy.contains(&O::ReflectivePractice), "{legacy:?}");
        assert!(legacy.contains(&O::ManagementAdvice), "{legacy:?}");
    }

    #[test]
    fn severity_is_assessed_by_the_iopc_in_directed_investigations_and_the_force_in_local_ones() {
        let d = subject(
            SubjectKind::PoliceOfficer,
            S::Identified,
            InvestigationMode::Directed,
        );
        assert_eq!(
            rule(
                &d,
                SubjectCommand::AssessSeverity {
                    severity: Severity::Misconduct
                },
                &psd()
            ),
            Rule::NotTheSeverityAssessor
        );
        assert_eq!(
            to(
                &d,
                SubjectCommand::AssessSeverity {
                    severity: Severity::Misconduct
                },
                &inv()
            ),
            S::SeverityAssessed
        );
        // ...but the force's investigator serves the notice in a directed investigation.
        let mut n = d.clone();
        n.stage = S::SeverityAssessed;
        assert_eq!(
            rule(&n, SubjectCommand::ServeNotice, &inv()),
            Rule::NotTheInvestigator
        );
        assert_eq!(to(&n, SubjectCommand::ServeNotice, &psd()), S::NoticeServed);
        let l = subject(
            SubjectKind::PoliceOfficer,
            S::Identified,
            InvestigationMode::Local,
        );
        assert_eq!(
            to(
                &l,
                SubjectCommand::AssessSeverity {
                    severity: Severity::GrossMisconduct
                },
                &psd()
            ),
            S::SeverityAssessed
        );
        let mut r = l.clone();
        r.stage = S::NoticeServed;
        let t = apply(
            &r,
            &SubjectCommand::ReviseSeverity {
                severity: Severity::Misconduct,
            },
            &psd(),
            today(),
        )
        .expect("revised");
        assert_eq!((t.from, t.to), (S::NoticeServed, S::NoticeServed));
    }

    #[test]
    fn investigation_steps_need_an_open_investigation() {
        let mut s = subject(
            SubjectKind::PoliceOfficer,
            S::Identified,
            InvestigationMode::Local,
        );
        s.case_stage = CaseStage::ReportReceived;
        assert_eq!(
            rule(
                &s,
                SubjectCommand::AssessSeverity {
                    severity: Severity::Misconduct
                },
                &psd()
            ),
            Rule::InvestigationNotOpen
        );
    }

    #[test]
    fn determination_before_the_report_is_refused() {
        let s = subject(
            SubjectKind::PoliceOfficer,
            S::OpinionGiven,
            InvestigationMode::Local,
        );
        assert_eq!(
            rule(
                &s,
                SubjectCommand::Determine {
                    determination: Determination::NoCaseToAnswer
                },
                &psd()
            ),
            Rule::ReportNotReceived
        );
        let mut early = s.clone();
        early.stage = S::Interviewed;
        early.report_received = true;
        assert_eq!(
            rule(
                &early,
                SubjectCommand::Determine {
                    determination: Determination::NoCaseToAnswer
                },
                &psd()
            ),
            Rule::OpinionsMissing
        );
    }

    fn reported(mode: InvestigationMode) -> SubjectSnapshot {
        let mut s = subject(SubjectKind::PoliceOfficer, S::OpinionGiven, mode);
        s.case_stage = CaseStage::ReportReceived;
        s.report_received = true;
        s
    }

    #[test]
    fn each_determination_leads_to_its_stage() {
        let s = reported(InvestigationMode::Local);
        for (d, stage) in [
            (Determination::CaseToAnswerGrossMisconduct, S::CaseToAnswer),
            (Determination::CaseToAnswerMisconduct, S::CaseToAnswer),
            (Determination::NoCaseToAnswer, S::NoCaseToAnswer),
            (
                Determination::PracticeRequiringImprovement,
                S::ReflectivePractice,
            ),
            (
                Determination::UnsatisfactoryPerformance,
                S::UnsatisfactoryPerformance,
            ),
            (Determination::NoFurtherAction, S::Concluded),
        ] {
            assert_eq!(
                to(&s, SubjectCommand::Determine { determination: d }, &psd()),
                stage
            );
        }
    }

    #[test]
    fn only_the_iopc_determines_after_independent_and_directed_investigations() {
        for mode in [InvestigationMode::Independent, InvestigationMode::Directed] {
            let s = reported(mode);
            let c = SubjectCommand::Determine {
                determination: Determination::CaseToAnswerMisconduct,
            };
            assert_eq!(rule(&s, c.clone(), &psd()), Rule::NotTheDeterminer);
            let t = apply(&s, &c, &cw(), today()).expect("IOPC determines");
            assert!(t.effects.contains(&Effect::Determined {
                determination: Determination::CaseToAnswerMisconduct,
                by: Determiner::Iopc
            }));
        }
        let local = reported(InvestigationMode::Local);
        assert_eq!(
            rule(
                &local,
                SubjectCommand::Determine {
                    determination: Determination::NoCaseToAnswer
                },
                &cw()
            ),
            Rule::NotTheDeterminer
        );
    }

    fn with_case_to_answer(d: Determination, by: Determiner) -> SubjectSnapshot {
        let mut s = reported(if by == Determiner::Iopc {
            InvestigationMode::Independent
        } else {
            InvestigationMode::Local
        });
        s.stage = S::CaseToAnswer;
        s.determination = Some(d);
        s.determiner = Some(by);
        s
    }

    #[test]
    fn the_forces_view_is_recorded_only_beside_an_iopc_determination() {
        let iopc = with_case_to_answer(Determination::CaseToAnswerMisconduct, Determiner::Iopc);
        assert_eq!(
            to(
                &iopc,
                SubjectCommand::RecordAuthorityView {
                    view: AuthorityView::Disagreed
                },
                &psd()
            ),
            S::CaseToAnswer
        );
        assert_eq!(
            rule(
                &iopc,
                SubjectCommand::RecordAuthorityView {
                    view: AuthorityView::Agreed
                },
                &cw()
            ),
            Rule::RoleNotAllowed
        );
        let own = with_case_to_answer(
            Determination::CaseToAnswerMisconduct,
            Determiner::AppropriateAuthority,
        );
        assert_eq!(
            rule(
                &own,
                SubjectCommand::RecordAuthorityView {
                    view: AuthorityView::Agreed
                },
                &psd()
            ),
            Rule::ViewNeedsIopcDetermination
        );
    }

    #[test]
    fn proceedings_without_a_case_to_answer_are_refused() {
        let mut s = reported(InvestigationMode::Local);
        s.stage = S::NoCaseToAnswer;
        assert_eq!(
            rule(
                &s,
                SubjectCommand::BringProceedings {
                    form: P::MisconductMeeting
                },
                &psd()
            ),
            Rule::ProceedingsNeedCaseToAnswer
        );
    }

    #[test]
    fn the_form_of_proceedings_must_fit_the_case_to_answer() {
        let m = with_case_to_answer(
            Determination::CaseToAnswerMisconduct,
            Determiner::AppropriateAuthority,
        );
        assert_eq!(
            rule(
                &m,
                SubjectCommand::BringProceedings {
                    form: P::AcceleratedHearing
                },
                &psd()
            ),
            Rule::FormDoesNotFit
        );
        assert_eq!(
            to(
                &m,
                SubjectCommand::BringProceedings {
                    form: P::MisconductMeeting
                },
                &psd()
            ),
            S::ProceedingsPending
        );
        let mut g = with_case_to_answer(
            Determination::CaseToAnswerGrossMisconduct,
            Determiner::AppropriateAuthority,
        );
        g.special_conditions_certified = true;
        assert_eq!(
            rule(
                &g,
                SubjectCommand::BringProceedings {
                    form: P::MisconductMeeting
                },
                &psd()
            ),
            Rule::FormDoesNotFit
        );
        assert_eq!(
            to(
                &g,
                SubjectCommand::BringProceedings {
                    form: P::AcceleratedHearing
                },
                &psd()
            ),
            S::ProceedingsPending
        );
        // The IOPC directs proceedings only on its own determination.
        assert_eq!(
            rule(
                &g,
                SubjectCommand::BringProceedings {
                    form: P::MisconductHearing
                },
                &cw()
            ),
            Rule::DirectionNeedsIopcDetermination
        );
    }

    #[test]
    fn reflective_practice_instead_of_proceedings_only_for_misconduct() {
        let g = with_case_to_answer(Determination::CaseToAnswerGrossMisconduct, Determiner::Iopc);
        assert_eq!(
            rule(&g, SubjectCommand::DirectReflectivePractice, &cw()),
            Rule::ReflectivePracticeNeedsMisconduct
        );
        let m = with_case_to_answer(Determination::CaseToAnswerMisconduct, Determiner::Iopc);
        assert_eq!(
            to(&m, SubjectCommand::DirectReflectivePractice, &cw()),
            S::ReflectivePractice
        );
    }

    #[test]
    fn outcomes_allowed_follow_the_form_and_the_finding() {
        let officer = SubjectKind::PoliceOfficer;
        let a =
            |form, finding, left, flag| allowed_outcomes(form, finding, officer, false, left, flag);
        assert_eq!(
            a(P::MisconductMeeting, F::MisconductProven, false, false),
            vec![
                O::NoAction,
                O::WrittenWarning,
                O::FinalWrittenWarning,
                O::ReflectivePractice
            ]
        );
        assert!(a(P::MisconductMeeting, F::GrossMisconductProven, false, false).is_empty());
        assert_eq!(
            a(P::MisconductHearing, F::MisconductProven, false, false),
            vec![O::WrittenWarning, O::FinalWrittenWarning]
        );
        assert_eq!(
            a(P::MisconductHearing, F::MisconductProven, false, true),
            vec![
                O::WrittenWarning,
                O::FinalWrittenWarning,
                O::ReductionInRank,
                O::DismissalWithNotice
            ]
        );
        assert_eq!(
            a(P::MisconductHearing, F::GrossMisconductProven, false, false),
            vec![
                O::FinalWrittenWarning,
                O::ReductionInRank,
                O::DismissalWithoutNotice
            ]
        );
        assert_eq!(
            a(P::AcceleratedHearing, F::GrossMisconductProven, true, false),
            vec![
                O::FinalWrittenWarning,
                O::ReductionInRank,
                O::WouldHaveBeenDismissed
            ]
        );
        assert_eq!(
            a(P::MisconductHearing, F::NotProven, false, false),
            vec![O::NoAction, O::ReflectivePractice]
        );
        // Management advice for officers only under the legacy rules; management action for staff.
        assert!(
            allowed_outcomes(
                P::MisconductMeeting,
                F::MisconductProven,
                officer,
                true,
                false,
                false
            )
            .contains(&O::ManagementAdvice)
        );
        assert!(
            allowed_outcomes(
                P::MisconductMeeting,
                F::MisconductProven,
                SubjectKind::PoliceStaff,
                false,
                false,
                false
            )
            .contains(&O::ManagementAction)
        );
    }

    fn pending(form: ProceedingsForm, kind: SubjectKind, legacy: bool) -> SubjectSnapshot {
        let mut s = with_case_to_answer(
            Determination::CaseToAnswerMisconduct,
            Determiner::AppropriateAuthority,
        );
        s.stage = S::ProceedingsPending;
        s.proceedings_form = Some(form);
        s.subject_kind = kind;
        s.legacy = legacy;
        s
    }

    fn outcome(finding: F, outcome: O, left_force: bool) -> SubjectCommand {
        SubjectCommand::RecordProceedingsOutcome {
            finding,
            outcome,
            left_force,
            live_warning_or_multiple: false,
        }
    }

    #[test]
    fn a_proceedings_outcome_the_form_does_not_allow_is_refused() {
        let h = pending(P::MisconductHearing, SubjectKind::PoliceOfficer, false);
        assert_eq!(
            rule(
                &h,
                outcome(F::MisconductProven, O::ReductionInRank, false),
                &psd()
            ),
            Rule::OutcomeNotAllowed
        );
        assert_eq!(
            rule(
                &h,
                outcome(F::GrossMisconductProven, O::WouldHaveBeenDismissed, false),
                &psd()
            ),
            Rule::OutcomeNotAllowed
        );
        let r = apply(
            &h,
            &outcome(F::GrossMisconductProven, O::DismissalWithoutNotice, true),
            &psd(),
            today(),
        )
        .expect_err("left");
        assert!(
            r.message().contains("would have been dismissed"),
            "{}",
            r.message()
        );
        let t = apply(
            &h,
            &outcome(F::GrossMisconductProven, O::DismissalWithoutNotice, false),
            &psd(),
            today(),
        )
        .expect("dismissed");
        assert!(t.effects.contains(&Effect::BarredList));
        let m = pending(P::MisconductMeeting, SubjectKind::PoliceOfficer, false);
        let t = apply(
            &m,
            &outcome(F::MisconductProven, O::FinalWrittenWarning, false),
            &psd(),
            today(),
        )
        .expect("fww");
        assert!(!t.effects.contains(&Effect::BarredList));
        assert_eq!(
            rule(
                &m,
                outcome(F::GrossMisconductProven, O::FinalWrittenWarning, false),
                &psd()
            ),
            Rule::OutcomeNotAllowed
        );
    }

    // PCR 2020 reg 42 (unverified): dismissal with notice is an outcome of a misconduct
    // hearing for misconduct, with a live final written warning or several unconnected
    // incidents; gross misconduct is dismissal without notice; a meeting dismisses no one.
    #[test]
    fn pcr_2020_reg_42_dismissal_with_notice_only_for_misconduct_at_a_hearing() {
        let officer = SubjectKind::PoliceOfficer;
        let a =
            |form, finding, left, flag| allowed_outcomes(form, finding, officer, false, left, flag);
        assert!(
            a(P::MisconductHearing, F::MisconductProven, false, true)
                .contains(&O::DismissalWithNotice)
        );
        assert!(
            !a(P::MisconductHearing, F::MisconductProven, false, false)
                .contains(&O::DismissalWithNotice)
        );
        assert!(
            !a(P::MisconductHearing, F::MisconductProven, true, true)
                .contains(&O::DismissalWithNotice)
        );
        assert!(
            !a(P::MisconductHearing, F::GrossMisconductProven, false, true)
                .contains(&O::DismissalWithNotice)
        );
        assert!(
            !a(P::AcceleratedHearing, F::GrossMisconductProven, false, true)
                .contains(&O::DismissalWithNotice)
        );
        assert!(
            !a(P::MisconductMeeting, F::MisconductProven, false, true)
                .contains(&O::DismissalWithNotice)
        );
        let mut h = pending(P::MisconductHearing, officer, false);
        h.proceedings_form = Some(P::MisconductHearing);
        let t = apply(
            &h,
            &SubjectCommand::RecordProceedingsOutcome {
                finding: F::MisconductProven,
                outcome: O::DismissalWithNotice,
                left_force: false,
                live_warning_or_multiple: true,
            },
            &psd(),
            today(),
        )
        .expect("dismissed with notice");
        assert!(t.effects.contains(&Effect::BarredList));
        assert_eq!(
            rule(
                &h,
                outcome(F::MisconductProven, O::DismissalWithNotice, false),
                &psd()
            ),
            Rule::OutcomeNotAllowed
        );
    }

    // PCR 2020 reg 49: the accelerated procedure follows the appropriate authority's
    // certificate that the special conditions are satisfied.
    #[test]
    fn pcr_2020_reg_49_an_accelerated_hearing_needs_the_special_conditions_certified() {
        let mut g = with_case_to_answer(
            Determination::CaseToAnswerGrossMisconduct,
            Determiner::AppropriateAuthority,
        );
        let accelerated = SubjectCommand::BringProceedings {
            form: P::AcceleratedHearing,
        };
        assert_eq!(
            rule(&g, accelerated.clone(), &psd()),
            Rule::SpecialConditionsNotCertified
        );
        // A hearing needs no certificate.
        assert_eq!(
            to(
                &g,
                SubjectCommand::BringProceedings {
                    form: P::MisconductHearing
                },
                &psd()
            ),
            S::ProceedingsPending
        );
        assert!(may_certify_special_conditions(&g, &cw()).is_err());
        assert!(may_certify_special_conditions(&g, &psd()).is_ok());
        g.special_conditions_certified = true;
        assert_eq!(to(&g, accelerated, &psd()), S::ProceedingsPending);
        assert!(may_certify_special_conditions(&g, &psd()).is_err(), "once");
        let m = with_case_to_answer(
            Determination::CaseToAnswerMisconduct,
            Determiner::AppropriateAuthority,
        );
        assert_eq!(
            may_certify_special_conditions(&m, &psd()).map_err(|r| r.rule),
            Err(Rule::CertificateNeedsGrossMisconduct)
        );
    }

    // PCR 2020 reg 2 and Sch 2: misconduct is a breach of the Standards of Professional
    // Behaviour.
    #[test]
    fn pcr_2020_sch_2_a_proven_allegation_breaches_at_least_one_standard() {
        assert!(standards_finding_problem(F::MisconductProven, 2, 0).is_some());
        assert!(standards_finding_problem(F::GrossMisconductProven, 1, 1).is_none());
        assert!(standards_finding_problem(F::NotProven, 2, 1).is_some());
        assert!(standards_finding_problem(F::NotProven, 2, 0).is_none());
        // Nothing recorded: nothing to judge.
        assert!(standards_finding_problem(F::MisconductProven, 0, 0).is_none());
    }

    // PCR 2020 Part 6: reflective practice is for officers under the 2020 rules.
    #[test]
    fn pcr_2020_part_6_reflective_practice_learning_only_for_officers_under_the_2020_rules() {
        use IndividualLearning as L;
        assert_eq!(
            individual_learning_for(SubjectKind::PoliceOfficer, false),
            vec![L::ReflectivePractice, L::LearningAdvice, L::NoneIdentified]
        );
        assert!(
            !individual_learning_for(SubjectKind::PoliceStaff, false)
                .contains(&L::ReflectivePractice)
        );
        assert!(
            !individual_learning_for(SubjectKind::PoliceOfficer, true)
                .contains(&L::ReflectivePractice)
        );
    }

    // PCR 2020 regs 28 and 55 (unverified): who conducts each form of proceedings.
    #[test]
    fn pcr_2020_reg_28_a_hearing_is_chaired_by_a_legally_qualified_chair() {
        use ProceedingsConductor as C;
        assert_eq!(
            conductors_for(P::MisconductHearing),
            &[C::LegallyQualifiedChair]
        );
        assert!(!conductors_for(P::MisconductMeeting).contains(&C::LegallyQualifiedChair));
        assert!(conductors_for(P::AcceleratedHearing).contains(&C::ChiefOfficer));
    }

    #[test]
    fn management_advice_is_legacy_only_and_management_action_is_for_staff() {
        let officer = pending(P::MisconductMeeting, SubjectKind::PoliceOfficer, false);
        assert_eq!(
            rule(
                &officer,
                outcome(F::MisconductProven, O::ManagementAdvice, false),
                &psd()
            ),
            Rule::ManagementAdviceLegacy
        );
        assert_eq!(
            rule(
                &officer,
                outcome(F::MisconductProven, O::ManagementAction, false),
                &psd()
            ),
            Rule::ManagementActionStaffOnly
        );
        let legacy = pending(P::MisconductMeeting, SubjectKind::PoliceOfficer, true);
        assert_eq!(
            to(
                &legacy,
                outcome(F::MisconductProven, O::ManagementAdvice, false),
                &psd()
            ),
            S::Concluded
        );
        let staff = pending(P::MisconductMeeting, SubjectKind::PoliceStaff, false);
        assert_eq!(
            to(
                &staff,
                outcome(F::MisconductProven, O::ManagementAction, false),
                &psd()
            ),
            S::Concluded
        );
    }

    #[test]
    fn a_force_user_acts_only_on_its_own_forces_subjects() {
        let s = reported(InvestigationMode::Local);
        let other = Actor::force_psd(ForceId("kent".into()));
        assert_eq!(
            rule(
                &s,
                SubjectCommand::Determine {
                    determination: Determination::NoCaseToAnswer
                },
                &other
            ),
            Rule::OtherForce
        );
        assert!(available_actions(&s, &other, today()).is_empty());
        assert_eq!(
            available_actions(&s, &psd(), today()),
            vec![SubjectAction::Determine, SubjectAction::ReferToCps]
        );
    }
}
