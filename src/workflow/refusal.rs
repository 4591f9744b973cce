//! Typed refusals: why the workflow said no, in words a caseworker can act on.
//!
//! A [`Refusal`] carries the [`Rule`] that was broken (a closed set with a stable code, so
//! tests and the web layer can match on it), the legal source that rule comes from, and the
//! facts of this case that broke it. [`Refusal::message`] reads as one short paragraph:
//! the rule in plain English with its citation, then the facts, e.g.
//! "A review must be applied for within 28 days of the review-rights letter (CMR 2020
//! reg 29). The letter was sent on 1 April 2026; the last day was 29 April 2026."
//!
//! The source is usually the rule's own; where a refusal comes from the transition table
//! (wrong stage, wrong role, wrong kind of case) it is the citation of the table row.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use super::regime::Regime;

use crate::domain::vocab::{UnknownValue, closed_set};

closed_set! {
    /// The rule a refused step would have broken.
    Rule as "workflow_rule" {
        OtherForce = "other_force" => "Another force's case",
        OtherReviewBody = "other_review_body" => "Another review body's review",
        NotForKind = "not_for_kind" => "Not for this kind of case",
        LegacyOnly = "legacy_only" => "Pre-2020 cases only",
        WrongStage = "wrong_stage" => "Not possible at this stage",
        RoleNotAllowed = "role_not_allowed" => "Not for this role",
        StepDatedInFuture = "step_dated_in_future" => "Dated in the future",
        StepDatedBeforePrevious = "step_dated_before_previous" => "Dated before the step it follows",
        MustBeReferred = "must_be_referred" => "Must be referred to the IOPC first",
        MustBeRecorded = "must_be_recorded" => "Must be recorded under Schedule 3",
        MustBeInvestigated = "must_be_investigated" => "Must be investigated",
        ReferralTypeNotOpen = "referral_type_not_open" => "Referral type not open to the force",
        ModeIsIopcs = "mode_is_iopcs" => "Only the IOPC decides the mode of investigation",
        ModeLegacyOnly = "mode_legacy_only" => "Supervised and managed modes are legacy",
        InvestigationNotOpen = "investigation_not_open" => "No investigation is open",
        NotTheInvestigator = "not_the_investigator" => "Not the investigator",
        NotTheController = "not_the_controller" => "Not the body controlling the investigation",
        NotTheSeverityAssessor = "not_the_severity_assessor" => "Not the body that assesses severity",
        NotTheDeterminer = "not_the_determiner" => "Not the body that determines",
        NoSpecialProcedures = "no_special_procedures" => "Special procedures do not apply",
        InterviewBeforeNotice = "interview_before_notice" => "Interview before notice",
        ReportNotReceived = "report_not_received" => "Investigation report not received",
        OpinionsMissing = "opinions_missing" => "Opinions missing from the report",
        SubjectsUndetermined = "subjects_undetermined" => "Subjects not yet determined",
        ProceedingsNeedCaseToAnswer = "proceedings_need_case_to_answer" => "Proceedings need a case to answer",
        FormDoesNotFit = "form_does_not_fit" => "Form of proceedings does not fit",
        OutcomeNotAllowed = "outcome_not_allowed" => "Outcome not allowed",
        ManagementAdviceLegacy = "management_advice_legacy" => "Management advice is legacy",
        ManagementActionStaffOnly = "management_action_staff_only" => "Management action is for staff",
        ReflectivePracticeNeedsMisconduct = "reflective_practice_needs_misconduct" => "Reflective practice needs a misconduct case",
        ViewNeedsIopcDetermination = "view_needs_iopc_determination" => "View recorded only beside an IOPC determination",
        DirectionNeedsIopcDetermination = "direction_needs_iopc_determination" => "IOPC directs only on its own determination",
        NoReviewRight = "no_review_right" => "No review right",
        ReviewBeforeOutcome = "review_before_outcome" => "Outcome not yet notified",
        ReviewAlreadyOpen = "review_already_open" => "A review is already open",
        ReviewWindowClosed = "review_window_closed" => "Review window closed",
        ReviewNotDecided = "review_not_decided" => "Review not decided",
        ReinvestigationModeMissing = "reinvestigation_mode_missing" => "Mode of re-investigation missing",
        ProceedingsOpen = "proceedings_open" => "Proceedings outstanding",
        ReviewOpen = "review_open" => "Review open",
        ReviewWindowOpen = "review_window_open" => "Review window still open",
        WithdrawalOfReferredMatter = "withdrawal_of_referred_matter" => "Withdrawal of a referred matter",
        LegacyOutcomeLabel = "legacy_outcome_label" => "Upheld / not upheld are legacy outcomes",
        FollowUpWithoutUpheld = "follow_up_without_upheld" => "Follow-up without an upheld review",
        ExtensionTooLate = "extension_too_late" => "Extension requested too late",
        ExtensionNotLater = "extension_not_later" => "Extension does not extend",
        ResponseWithoutAction = "response_without_action" => "Response says nothing",
        ExtensionAlreadyRequested = "extension_already_requested" => "An extension request awaits a decision",
        NoExtensionRequested = "no_extension_requested" => "No extension request awaits a decision",
        ResponseDateImpossible = "response_date_impossible" => "Response received on an impossible date",
        DsiMatterNotRerecorded = "dsi_matter_not_rerecorded" => "Belongs to the conduct matter, not the DSI matter",
        AlreadyRerecorded = "already_rerecorded" => "Already re-recorded as a conduct matter",
        NotTheRerecorder = "not_the_rerecorder" => "Not the body that re-records the matter",
        NoReflectivePracticeBefore2020 = "no_reflective_practice_before_2020" => "No reflective practice under the 2012 rules",
        SpecialConditionsNotCertified = "special_conditions_not_certified" => "Special conditions not certified",
        CertificateNeedsGrossMisconduct = "certificate_needs_gross_misconduct" => "Certificate needs a gross misconduct case",
    }
}

impl Rule {
    /// The rule in plain English, as one sentence without a full stop.
    pub const fn statement(self) -> &'static str {
        use Rule::*;
        match self {
            StepDatedInFuture => {
                "A step is recorded once it has happened, so its date cannot be later than today"
            }
            StepDatedBeforePrevious => {
                "A step cannot be dated before the step it follows on the case"
            }
            OtherForce => {
                "A force user may act only on its own force's cases, for which its chief officer is the appropriate authority"
            }
            OtherReviewBody => {
                "A review-body user may decide only the reviews its local policing body is the relevant review body for"
            }
            NotForKind => "This step does not apply to this kind of case",
            LegacyOnly => {
                "This step belongs to the rules in force before 1 February 2020 and is open only to legacy cases"
            }
            WrongStage => "This step is not possible at the current stage",
            RoleNotAllowed => "This step is not open to your role",
            MustBeReferred => {
                "A matter with a mandatory-referral ground, and every death or serious injury matter, must be referred to the IOPC before the appropriate authority handles it"
            }
            MustBeRecorded => {
                "A complaint must be recorded under Schedule 3 when the complainant wishes it, or when it alleges conduct that might be a criminal offence or justify disciplinary proceedings, death or serious injury, or a breach of Article 2 or 3"
            }
            MustBeInvestigated => {
                "A complaint indicating a criminal offence, behaviour justifying disciplinary proceedings, death or serious injury, or an Article 2 or 3 breach must be investigated"
            }
            ReferralTypeNotOpen => {
                "The appropriate authority refers a matter as a mandatory or voluntary referral; calling in and treating as referred are the IOPC's decisions"
            }
            ModeIsIopcs => {
                "Only the IOPC decides whether a referred matter is investigated and in which mode"
            }
            ModeLegacyOnly => {
                "Supervised and managed investigations exist only under the rules before 1 February 2020"
            }
            InvestigationNotOpen => "This step is taken during an open investigation",
            NotTheInvestigator => {
                "Investigation steps are taken by the investigator: IOPC staff in an independent investigation, the force's investigator otherwise"
            }
            NotTheController => {
                "The IOPC controls directed and independent investigations; the appropriate authority controls local ones"
            }
            NotTheSeverityAssessor => {
                "The severity assessment is made by the investigator in a local investigation and by the IOPC in a directed or independent one"
            }
            NotTheDeterminer => {
                "The IOPC makes the determinations after a directed or independent investigation, the appropriate authority after a local one"
            }
            NoSpecialProcedures => {
                "Severity assessments and notices of investigation apply to persons serving with the police: police officers, special constables and police staff (not, on the text confirmed here, designated volunteers)"
            }
            InterviewBeforeNotice => {
                "A subject must be served written notice of the investigation before being interviewed"
            }
            ReportNotReceived => {
                "Determinations are made on the investigation report, after it has been received"
            }
            OpinionsMissing => "The investigation report must give an opinion on every subject",
            SubjectsUndetermined => "A determination must be made for every subject first",
            ProceedingsNeedCaseToAnswer => {
                "Misconduct proceedings follow only a determination that there is a case to answer"
            }
            FormDoesNotFit => {
                "The form of proceedings must fit the case to answer: a meeting or hearing for misconduct, a hearing or accelerated hearing for gross misconduct"
            }
            OutcomeNotAllowed => {
                "The outcome of proceedings must be one that the form of proceedings and the finding allow"
            }
            ManagementAdviceLegacy => {
                "Management advice is no outcome for a police officer since 1 February 2020"
            }
            ManagementActionStaffOnly => "Management action is an outcome for police staff only",
            ReflectivePracticeNeedsMisconduct => {
                "Only a case to answer for misconduct, not gross misconduct, may be dealt with through the reflective practice review process"
            }
            ViewNeedsIopcDetermination => {
                "The force's view is recorded beside a determination the IOPC made"
            }
            SpecialConditionsNotCertified => {
                "An accelerated misconduct hearing follows only the appropriate authority's certificate that the special conditions are satisfied"
            }
            CertificateNeedsGrossMisconduct => {
                "The special conditions are certified by the appropriate authority on a case to answer for gross misconduct, before proceedings are brought"
            }
            DirectionNeedsIopcDetermination => {
                "The IOPC directs proceedings only on a determination it made"
            }
            NoReviewRight => {
                "Only a complainant whose complaint was recorded under Schedule 3 may apply for a review"
            }
            ReviewBeforeOutcome => {
                "A review may be applied for once the complainant has been told the outcome"
            }
            ReviewAlreadyOpen => "Only one review may be open at a time",
            ReviewWindowClosed => {
                "A review must be applied for within 28 days of the review-rights letter"
            }
            ReviewNotDecided => "The review must be decided before it is concluded",
            ReinvestigationModeMissing => {
                "A re-investigation or new investigation after a review needs its mode, which the IOPC decides"
            }
            ProceedingsOpen => {
                "A case cannot close while proceedings against a subject are outstanding"
            }
            ReviewOpen => "A case cannot close while a review is open",
            ReviewWindowOpen => {
                "A complaint with a review right cannot close until the window for applying has passed"
            }
            WithdrawalOfReferredMatter => {
                "When a referred complaint is withdrawn, the IOPC decides whether to carry on with it"
            }
            LegacyOutcomeLabel => {
                "Upheld and not upheld are complaint outcomes under the rules before 1 February 2020"
            }
            FollowUpWithoutUpheld => "A follow-up is decided only when a review is upheld",
            ExtensionTooLate => {
                "An extension may be granted only on a request made before the response was due"
            }
            ExtensionNotLater => "An extension must move the due date later",
            ResponseWithoutAction => {
                "A response must say what has been or will be done, or why nothing will be done"
            }
            ExtensionAlreadyRequested => {
                "Only one request for more time to respond can await the IOPC's decision at a time"
            }
            NoExtensionRequested => {
                "An extension can be refused only when a request for one awaits a decision"
            }
            ResponseDateImpossible => {
                "A response is received on or after the day the recommendation was made, and not later than today"
            }
            DsiMatterNotRerecorded => {
                "Severity assessments, notices of investigation, determinations and misconduct proceedings belong to a conduct matter: when the investigation of a death or serious injury matter indicates an offence or behaviour justifying disciplinary proceedings, the matter is re-recorded as a conduct matter and they are taken there"
            }
            AlreadyRerecorded => {
                "A death or serious injury matter is re-recorded as a conduct matter once"
            }
            NotTheRerecorder => {
                "A death or serious injury matter is re-recorded as a conduct matter by the appropriate authority, or by the IOPC in an investigation it carries out itself"
            }
            NoReflectivePracticeBefore2020 => {
                "Practice requiring improvement and the reflective practice review process exist only for cases under the 2020 rules; a case under the 2012 rules uses management advice instead"
            }
        }
    }

    /// The legal source of the rule, as a short citation.
    pub const fn source(self) -> &'static str {
        use Rule::*;
        match self {
            OtherForce => "PRA 2002 s.29(1)",
            OtherReviewBody => "CMR 2020 reg 32",
            NotForKind | WrongStage | RoleNotAllowed => "PRA 2002 Sch 3",
            StepDatedInFuture | StepDatedBeforePrevious => {
                "PRA 2002 Sch 3: the record of the steps taken, in their order"
            }
            LegacyOnly | ModeLegacyOnly => "PRA 2002 Sch 3 as before 1 February 2020 (legacy)",
            MustBeReferred => "Sch 3 paras 4, 13, 14C; CMR regs 4, 7",
            MustBeRecorded => "Sch 3 para 2(6), (6A), (6B)",
            MustBeInvestigated => "Sch 3 para 6",
            ReferralTypeNotOpen => "Sch 3 paras 4, 4A, 13, 13A",
            ModeIsIopcs => "Sch 3 paras 5, 15",
            InvestigationNotOpen => "Sch 3 paras 16-19A",
            NotTheInvestigator => "Sch 3 paras 16-19",
            NotTheController => "Sch 3 para 15; CMR 2020 reg 12",
            NotTheSeverityAssessor => "Sch 3 para 19B; CMR 2020 reg 16",
            NotTheDeterminer => "Sch 3 paras 23(5A), 24",
            NoSpecialProcedures => {
                "PRA 2002 s.12(7); Sch 3 para 19A; CMR 2020 regs 16-22 (police staff and volunteers unverified)"
            }
            InterviewBeforeNotice => "CMR 2020 reg 17",
            ReportNotReceived => "Sch 3 paras 22-24",
            OpinionsMissing => "Sch 3 para 22",
            SubjectsUndetermined => "Sch 3 paras 23, 24",
            ProceedingsNeedCaseToAnswer => "Sch 3 paras 23, 24, 27; PCR 2020",
            FormDoesNotFit | OutcomeNotAllowed => "PCR 2020 (forms and outcomes of proceedings)",
            ManagementAdviceLegacy => "PCR 2020",
            ManagementActionStaffOnly => "PCR 2020; force staff misconduct procedures",
            ReflectivePracticeNeedsMisconduct => {
                "PCR 2020 Part 6 (reflective practice review process)"
            }
            ViewNeedsIopcDetermination => "Sch 3 para 23; IOPC Statutory Guidance 2020",
            SpecialConditionsNotCertified | CertificateNeedsGrossMisconduct => "PCR 2020 reg 49",
            DirectionNeedsIopcDetermination => "Sch 3 para 27",
            NoReviewRight | ReviewBeforeOutcome | ReviewNotDecided | FollowUpWithoutUpheld => {
                "Sch 3 paras 6A, 25"
            }
            ReviewAlreadyOpen | ReviewWindowClosed | ReviewWindowOpen => "CMR 2020 reg 29",
            ReinvestigationModeMissing => "Sch 3 paras 15, 25",
            ProceedingsOpen => "Sch 3 paras 23, 24; PCR 2020",
            ReviewOpen => "Sch 3 paras 6A, 25",
            WithdrawalOfReferredMatter => "CMR 2020 reg 38",
            LegacyOutcomeLabel => "CMR 2020 reg 34",
            ExtensionTooLate
            | ExtensionNotLater
            | ExtensionAlreadyRequested
            | NoExtensionRequested => "Sch 3 para 28B",
            ResponseWithoutAction | ResponseDateImpossible => "Sch 3 para 28B(2)",
            DsiMatterNotRerecorded | AlreadyRerecorded => "Sch 3 para 21A",
            NotTheRerecorder => "Sch 3 para 21A (unverified)",
            NoReflectivePracticeBefore2020 => "CMR 2020 reg 2(2); PCR 2012; PCR 2020 Part 6",
        }
    }
}

/// A refused step: the rule broken, its legal source and the facts of this case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct Refusal {
    /// The rule that was broken.
    pub rule: Rule,
    /// The legal source cited (the rule's own, or the transition row's), as it reads under
    /// the case's regime.
    pub citation: Cow<'static, str>,
    /// The facts of this case, in plain English; may be empty.
    pub facts: String,
}

impl Refusal {
    /// A refusal citing the rule's own source.
    pub fn new(rule: Rule, facts: impl Into<String>) -> Self {
        Refusal {
            rule,
            citation: Cow::Borrowed(rule.source()),
            facts: facts.into(),
        }
    }

    /// A refusal citing a more specific source (e.g. the transition row's).
    pub fn citing(rule: Rule, source: &'static str, facts: impl Into<String>) -> Self {
        Refusal {
            rule,
            citation: Cow::Borrowed(source),
            facts: facts.into(),
        }
    }

    /// The legal source, as a short citation.
    pub fn source(&self) -> &str {
        &self.citation
    }

    /// The refusal as it reads on a case under `regime`: a legacy case cites the 2012
    /// regulations rather than the 2020 ones ([`Regime::cite`]).
    pub fn under(mut self, regime: Regime) -> Self {
        if let Cow::Borrowed(source) = self.citation {
            self.citation = regime.cite(source);
        }
        self
    }

    /// The refusal in plain English: the rule, its source, then the facts.
    pub fn message(&self) -> String {
        let mut m = format!("{} ({}).", self.rule.statement(), self.citation);
        if !self.facts.is_empty() {
            m.push(' ');
            m.push_str(&self.facts);
            if !self.facts.ends_with('.') {
                m.push('.');
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmr_2012_a_refusal_on_a_legacy_case_cites_the_2012_regulations() {
        let refused = Refusal::new(Rule::ReviewWindowClosed, "The last day was 29 April 2019");
        assert!(refused.message().contains("(CMR 2020 reg 29)"));
        let legacy = refused.clone().under(Regime::Legacy2012);
        assert!(!legacy.message().contains("2020"), "{}", legacy.message());
        assert!(
            legacy.message().contains("CMR 2012"),
            "{}",
            legacy.message()
        );
        assert_eq!(
            refused.under(Regime::Current2020).source(),
            "CMR 2020 reg 29"
        );
    }

    #[test]
    fn message_names_the_rule_its_source_and_the_facts() {
        let r = Refusal::new(
            Rule::ReviewWindowClosed,
            "The letter was sent on 1 April 2026; the last day was 29 April 2026",
        );
        assert_eq!(
            r.message(),
            "A review must be applied for within 28 days of the review-rights letter (CMR 2020 reg 29). \
             The letter was sent on 1 April 2026; the last day was 29 April 2026."
        );
        assert_eq!(r.to_string(), r.message());
        assert_eq!(r.source(), "CMR 2020 reg 29");
    }

    #[test]
    fn every_rule_has_a_statement_and_a_source() {
        for rule in Rule::ALL {
            assert!(!rule.statement().is_empty());
            assert!(!rule.source().is_empty());
        }
    }
}
