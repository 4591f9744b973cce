//! The closed sets of the police complaints system: case kinds, stages, modes,
//! determinations, forms of proceedings and their outcomes, roles.
//!
//! Each enum here has a Postgres enum type of the same name (snake_case) whose labels are
//! exactly the `as_str` values below; `tests/schema.rs` checks the two agree, so a value
//! added on one side and not the other fails the build's tests rather than a user's request.
//! Everything in this module is pure: no I/O, no database types.

use std::fmt;
use std::str::FromStr;

/// The string given to `FromStr` named no variant of the enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub type_name: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a known {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownValue {}

/// Declares a closed set: the enum, its stable database/URL spelling, a plain-English label,
/// the list of all values, `Display` (the label) and `FromStr` (the stable spelling).
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        $name:ident as $pg:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name of the Postgres enum type that mirrors this set.
            pub const PG_TYPE: &'static str = $pg;

            /// The stable spelling used in the database, in URLs and in forms.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// A short plain-English label for staff pages.
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)+
                    other => Err(UnknownValue { type_name: $pg, value: other.to_owned() }),
                }
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use closed_set;

closed_set! {
    /// What kind of matter a case is (PRA 2002 s.12).
    CaseKind as "case_kind" {
        Complaint = "complaint" => "Complaint",
        ConductMatter = "conduct_matter" => "Recordable conduct matter",
        DsiMatter = "dsi_matter" => "Death or serious injury matter",
    }
}

closed_set! {
    /// Where a case stands. The legal moves between stages are the case machine in
    /// `workflow::case`; the database refuses any other move.
    CaseStage as "case_stage" {
        /// Logged; the appropriate authority is seeking the complainant's views (Sch 3 para 2(6)).
        Logged = "logged" => "Logged",
        /// Being handled outside Schedule 3 (para 2(6C)); complaints only.
        OutsideSchedule3 = "outside_schedule3" => "Handled outside Schedule 3",
        /// Recorded under Schedule 3 (or recorded as a conduct or DSI matter).
        Recorded = "recorded" => "Recorded",
        /// Referred to the IOPC and awaiting its assessment (para 4, 13, Part 2A).
        Referred = "referred" => "Referred to the IOPC",
        /// The IOPC referred it back to the appropriate authority to handle (para 5).
        ReferredBack = "referred_back" => "Referred back to the force",
        /// Being handled otherwise than by investigation (para 6).
        HandledOtherwise = "handled_otherwise" => "Handled otherwise than by investigation",
        /// Under investigation (local, directed or independent: para 15).
        UnderInvestigation = "under_investigation" => "Under investigation",
        /// Investigation suspended, e.g. while criminal proceedings run (CMR reg 12).
        InvestigationSuspended = "investigation_suspended" => "Investigation suspended",
        /// The investigation report has been received (para 22).
        ReportReceived = "report_received" => "Investigation report received",
        /// Determinations made for every subject (paras 23, 24).
        DeterminationsMade = "determinations_made" => "Determinations made",
        /// The outcome of the complaint is decided, not yet notified.
        OutcomeDecided = "outcome_decided" => "Outcome decided",
        /// The complainant has been told the outcome and their review right (CMR reg 34).
        OutcomeNotified = "outcome_notified" => "Outcome notified",
        /// A review is being decided (paras 6A, 25).
        UnderReview = "under_review" => "Under review",
        /// The review has been decided.
        ReviewConcluded = "review_concluded" => "Review concluded",
        /// Withdrawn by the complainant (CMR reg 38).
        Withdrawn = "withdrawn" => "Withdrawn",
        /// Investigation discontinued (legacy, pre-2020 rules only).
        Discontinued = "discontinued" => "Discontinued (legacy)",
        /// Requirements disapplied (legacy, pre-2020 rules only).
        Disapplied = "disapplied" => "Disapplied (legacy)",
        /// Finished.
        Closed = "closed" => "Closed",
    }
}

closed_set! {
    /// Why a complaint was recorded under Schedule 3 (para 2(6), 2(6A), 2(6B)).
    RecordingReason as "recording_reason" {
        ComplainantWishes = "complainant_wishes" => "The complainant wishes it to be recorded",
        DissatisfiedAfterInitialHandling = "dissatisfied_after_initial_handling" => "The complainant was dissatisfied after initial handling",
        AppropriateAuthorityDecides = "appropriate_authority_decides" => "The appropriate authority decided to record it",
        MustBeRecorded = "must_be_recorded" => "The law requires it to be recorded",
    }
}

closed_set! {
    /// How a matter came to the IOPC.
    ReferralType as "referral_type" {
        Mandatory = "mandatory" => "Mandatory referral",
        Voluntary = "voluntary" => "Voluntary referral",
        CalledIn = "called_in" => "Called in by the IOPC",
        TreatedAsReferred = "treated_as_referred" => "Treated as referred by the IOPC",
    }
}

closed_set! {
    /// The IOPC's decision on a referral (para 5, 15).
    ReferralDecision as "referral_decision" {
        Investigate = "investigate" => "Must be investigated",
        ReferBack = "refer_back" => "Referred back to the appropriate authority",
    }
}

closed_set! {
    /// Mode of investigation (para 15). Supervised and managed exist only for legacy cases.
    InvestigationMode as "investigation_mode" {
        Local = "local" => "Local",
        Directed = "directed" => "Directed",
        Independent = "independent" => "Independent",
        Supervised = "supervised" => "Supervised (legacy)",
        Managed = "managed" => "Managed (legacy)",
    }
}

closed_set! {
    /// How the appropriate authority handles a recorded complaint that is not investigated (para 6).
    HandlingType as "handling_type" {
        OutsideSchedule3 = "outside_schedule3" => "Outside Schedule 3",
        OtherwiseThanByInvestigation = "otherwise_than_by_investigation" => "Otherwise than by investigation",
        NoFurtherAction = "no_further_action" => "No further action",
        LocalInvestigation = "local_investigation" => "Local investigation",
        DirectedInvestigation = "directed_investigation" => "Directed investigation",
        IndependentInvestigation = "independent_investigation" => "Independent investigation",
    }
}

closed_set! {
    /// Outcome of one allegation of a complaint, as told to the complainant (CMR reg 34).
    AllegationOutcome as "allegation_outcome" {
        ServiceAcceptable = "service_acceptable" => "The service provided was acceptable",
        ServiceNotAcceptable = "service_not_acceptable" => "The service provided was not acceptable",
        CouldNotDetermine = "could_not_determine" => "It could not be determined whether the service was acceptable",
        NoFurtherAction = "no_further_action" => "No further action",
        Upheld = "upheld" => "Upheld (legacy)",
        NotUpheld = "not_upheld" => "Not upheld (legacy)",
    }
}

closed_set! {
    /// What kind of person serving with the police a subject is.
    SubjectKind as "subject_kind" {
        PoliceOfficer = "police_officer" => "Police officer",
        SpecialConstable = "special_constable" => "Special constable",
        PoliceStaff = "police_staff" => "Police staff",
        DesignatedVolunteer = "designated_volunteer" => "Designated volunteer",
    }
}

closed_set! {
    /// Where a subject stands in the special procedures and after (CMR regs 16-22; PCR).
    SubjectStage as "subject_stage" {
        Identified = "identified" => "Identified",
        SeverityAssessed = "severity_assessed" => "Severity assessed",
        NoticeServed = "notice_served" => "Notice of investigation served",
        Interviewed = "interviewed" => "Interviewed",
        OpinionGiven = "opinion_given" => "Investigator's opinion given",
        CaseToAnswer = "case_to_answer" => "Case to answer",
        NoCaseToAnswer = "no_case_to_answer" => "No case to answer",
        ReflectivePractice = "reflective_practice" => "Reflective practice review",
        UnsatisfactoryPerformance = "unsatisfactory_performance" => "Unsatisfactory performance procedures",
        ProceedingsPending = "proceedings_pending" => "Proceedings arranged",
        Concluded = "concluded" => "Concluded",
    }
}

closed_set! {
    /// Severity assessment of a subject's conduct if proved (CMR reg 16).
    Severity as "severity" {
        NoMisconduct = "no_misconduct" => "Would not amount to misconduct",
        Misconduct = "misconduct" => "Misconduct",
        GrossMisconduct = "gross_misconduct" => "Gross misconduct",
    }
}

closed_set! {
    /// The investigator's opinion and the determination per subject (paras 22-24).
    Determination as "determination" {
        CaseToAnswerGrossMisconduct = "case_to_answer_gross_misconduct" => "Case to answer for gross misconduct",
        CaseToAnswerMisconduct = "case_to_answer_misconduct" => "Case to answer for misconduct",
        NoCaseToAnswer = "no_case_to_answer" => "No case to answer",
        PracticeRequiringImprovement = "practice_requiring_improvement" => "Practice requiring improvement (reflective practice)",
        UnsatisfactoryPerformance = "unsatisfactory_performance" => "Unsatisfactory performance",
        NoFurtherAction = "no_further_action" => "No further action",
    }
}

closed_set! {
    /// Who made a determination.
    Determiner as "determiner" {
        Iopc = "iopc" => "IOPC",
        AppropriateAuthority = "appropriate_authority" => "Appropriate authority",
    }
}

closed_set! {
    /// The appropriate authority's view of an IOPC determination, recorded beside it.
    AuthorityView as "authority_view" {
        Agreed = "agreed" => "Agreed",
        Disagreed = "disagreed" => "Disagreed",
    }
}

closed_set! {
    /// Form of misconduct proceedings (PCR 2020).
    ProceedingsForm as "proceedings_form" {
        MisconductMeeting = "misconduct_meeting" => "Misconduct meeting",
        MisconductHearing = "misconduct_hearing" => "Misconduct hearing",
        AcceleratedHearing = "accelerated_hearing" => "Accelerated misconduct hearing",
    }
}

closed_set! {
    /// The finding at proceedings.
    ProceedingsFinding as "proceedings_finding" {
        GrossMisconductProven = "gross_misconduct_proven" => "Gross misconduct proven",
        MisconductProven = "misconduct_proven" => "Misconduct proven",
        NotProven = "not_proven" => "Not proven",
    }
}

closed_set! {
    /// Outcomes of proceedings (PCR 2020; domain.md section G). Management advice is no
    /// outcome for officers since 2020; management action remains for police staff.
    ProceedingsOutcome as "proceedings_outcome" {
        NoAction = "no_action" => "No action",
        WrittenWarning = "written_warning" => "Written warning",
        FinalWrittenWarning = "final_written_warning" => "Final written warning",
        ReductionInRank = "reduction_in_rank" => "Reduction in rank",
        /// A misconduct hearing's outcome for misconduct (not gross misconduct), only with a
        /// live final written warning or several unconnected incidents (PCR 2020 reg 42).
        DismissalWithNotice = "dismissal_with_notice" => "Dismissal with notice",
        DismissalWithoutNotice = "dismissal_without_notice" => "Dismissal without notice",
        WouldHaveBeenDismissed = "would_have_been_dismissed" => "Would have been dismissed",
        ReflectivePractice = "reflective_practice" => "Referral to reflective practice review",
        ManagementAction = "management_action" => "Management action (police staff)",
        ManagementAdvice = "management_advice" => "Management advice (legacy)",
    }
}

closed_set! {
    /// The Standards of Professional Behaviour (PCR 2020 Sch 2).
    ProfessionalStandard as "professional_standard" {
        HonestyAndIntegrity = "honesty_and_integrity" => "Honesty and integrity",
        AuthorityRespectAndCourtesy = "authority_respect_and_courtesy" => "Authority, respect and courtesy",
        EqualityAndDiversity = "equality_and_diversity" => "Equality and diversity",
        UseOfForce = "use_of_force" => "Use of force",
        OrdersAndInstructions = "orders_and_instructions" => "Orders and instructions",
        DutiesAndResponsibilities = "duties_and_responsibilities" => "Duties and responsibilities",
        Confidentiality = "confidentiality" => "Confidentiality",
        FitnessForWork = "fitness_for_work" => "Fitness for work",
        DiscreditableConduct = "discreditable_conduct" => "Discreditable conduct",
        ChallengingAndReportingImproperConduct = "challenging_and_reporting_improper_conduct" => "Challenging and reporting improper conduct",
    }
}

closed_set! {
    /// What kind of interview a subject was given.
    InterviewKind as "interview_kind" {
        Misconduct = "misconduct" => "A misconduct interview",
        CriminalCaution = "criminal_caution" => "Under criminal caution",
        MisconductAndCriminalCaution = "misconduct_and_criminal_caution" => "A misconduct interview and under criminal caution",
    }
}

closed_set! {
    /// Who conducts misconduct proceedings (PCR 2020 regs 28 and 55; unverified).
    ProceedingsConductor as "proceedings_conductor" {
        LegallyQualifiedChair = "legally_qualified_chair" => "A panel chaired by a legally qualified chair",
        ForceMeeting = "force_meeting" => "A meeting organised and conducted by the force",
        IndependentChair = "independent_chair" => "Chaired independently of the force",
        ChiefOfficer = "chief_officer" => "The chief officer",
    }
}

closed_set! {
    /// Learning for the person where there is no case to answer.
    IndividualLearning as "individual_learning" {
        ReflectivePractice = "reflective_practice" => "Reflective practice",
        LearningAdvice = "learning_advice" => "Learning advice",
        NoneIdentified = "none_identified" => "No individual learning identified",
    }
}

closed_set! {
    /// The Crown Prosecution Service's decision on a referred file.
    CpsDecision as "cps_decision" {
        Charge = "charge" => "Charged",
        NoCharge = "no_charge" => "No charge",
    }
}

closed_set! {
    /// How a prosecution after a charge ended.
    ProsecutionOutcome as "prosecution_outcome" {
        Convicted = "convicted" => "Convicted",
        Acquitted = "acquitted" => "Acquitted",
        Discontinued = "discontinued" => "Discontinued",
    }
}

closed_set! {
    /// Which body decides a review (CMR reg 32).
    ReviewBody as "review_body" {
        Iopc = "iopc" => "IOPC",
        LocalPolicingBody = "local_policing_body" => "Local policing body",
    }
}

closed_set! {
    /// Where a review application stands (paras 6A, 25; CMR reg 29).
    ReviewStage as "review_stage" {
        Applied = "applied" => "Applied for",
        Valid = "valid" => "Accepted as valid",
        Invalid = "invalid" => "Not valid",
        Upheld = "upheld" => "Upheld",
        NotUpheld = "not_upheld" => "Not upheld",
    }
}

closed_set! {
    /// What follows an upheld review.
    ReviewFollowUp as "review_follow_up" {
        Recommendation = "recommendation" => "Recommendation to the appropriate authority",
        Reinvestigation = "reinvestigation" => "Re-investigation",
        ProceedingsRecommended = "proceedings_recommended" => "Misconduct proceedings recommended",
        MustBeInvestigated = "must_be_investigated" => "The complaint must now be investigated",
    }
}

closed_set! {
    /// Where a learning recommendation stands (Sch 3 paras 28A, 28B).
    RecommendationStage as "recommendation_stage" {
        Made = "made" => "Made",
        ResponseReceived = "response_received" => "Response received",
        Published = "published" => "Published",
    }
}

closed_set! {
    /// The recipient's answer to "Do you accept the recommendation?".
    RecommendationResponse as "recommendation_response" {
        Accepted = "accepted" => "Yes",
        PartiallyAccepted = "partially_accepted" => "Partially",
        NotAccepted = "not_accepted" => "No",
    }
}

closed_set! {
    /// Who a user is in the system. Force and review-body users belong to one organisation.
    Role as "staff_role" {
        IopcCaseworker = "iopc_caseworker" => "IOPC caseworker",
        IopcInvestigator = "iopc_investigator" => "IOPC investigator",
        IopcAdmin = "iopc_admin" => "IOPC administrator",
        ForcePsd = "force_psd" => "Force professional standards",
        ReviewBody = "review_body" => "Review body",
    }
}

closed_set! {
    /// A complainant's preferred language.
    Language as "language" {
        English = "en" => "English",
        Welsh = "cy" => "Cymraeg",
    }
}

closed_set! {
    /// How a complainant prefers to be contacted.
    ContactMethod as "contact_method" {
        Email = "email" => "Email",
        Post = "post" => "Post",
        Telephone = "telephone" => "Telephone",
    }
}

closed_set! {
    /// Why two cases are linked.
    LinkReason as "link_reason" {
        RerecordedAsConductMatter = "rerecorded_as_conduct_matter" => "DSI matter re-recorded as a conduct matter",
        LinkedInvestigation = "linked_investigation" => "Linked investigation",
        SameIncident = "same_incident" => "Arises from the same incident",
    }
}

closed_set! {
    /// Kind of organisation that is a local policing body.
    LpbKind as "lpb_kind" {
        PoliceAndCrimeCommissioner = "pcc" => "Police and crime commissioner",
        PoliceFireAndCrimeCommissioner = "pfcc" => "Police, fire and crime commissioner",
        Mayor = "mayor" => "Mayor",
        CommonCouncil = "common_council" => "Common Council",
        PoliceAuthority = "police_authority" => "Police authority",
    }
}

closed_set! {
    /// Kind of body under the IOPC's remit.
    ForceKind as "force_kind" {
        Territorial = "territorial" => "Territorial police force",
        Special = "special" => "Special police force",
        OtherBody = "other_body" => "Other body under the IOPC's remit",
    }
}

/// Calls the macro `$m!` with every closed set of this module, so that code needing all of
/// them (database encodings, the schema's mirror test) names them in one place.
#[macro_export]
macro_rules! with_every_closed_set {
    ($m:ident) => {
        $m! {
            CaseKind,
            CaseStage,
            RecordingReason,
            ReferralType,
            ReferralDecision,
            InvestigationMode,
            HandlingType,
            AllegationOutcome,
            SubjectKind,
            SubjectStage,
            Severity,
            Determination,
            Determiner,
            AuthorityView,
            ProceedingsForm,
            ProceedingsFinding,
            ProceedingsOutcome,
            ProfessionalStandard,
            InterviewKind,
            ProceedingsConductor,
            IndividualLearning,
            CpsDecision,
            ProsecutionOutcome,
            ReviewBody,
            ReviewStage,
            ReviewFollowUp,
            RecommendationStage,
            RecommendationResponse,
            Role,
            Language,
            ContactMethod,
            LinkReason,
            LpbKind,
            ForceKind
        }
    };
}

/// Every closed set as its Postgres type name and its values' stable spellings, in order.
pub fn every_closed_set() -> Vec<(&'static str, Vec<&'static str>)> {
    macro_rules! collect {
        ($($ty:ident),+) => {
            vec![$(($ty::PG_TYPE, $ty::ALL.iter().map(|v| v.as_str()).collect())),+]
        };
    }
    with_every_closed_set!(collect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_stable_spelling() {
        for s in CaseStage::ALL {
            assert_eq!(s.as_str().parse::<CaseStage>().ok(), Some(*s));
        }
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().ok(), Some(*r));
        }
        assert!("no_such_stage".parse::<CaseStage>().is_err());
    }

    #[test]
    fn serde_spelling_matches_the_database_spelling() {
        for s in SubjectStage::ALL {
            let json = serde_json::to_string(s).expect("serialise");
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        let json = serde_json::to_string(&Language::Welsh).expect("serialise");
        assert_eq!(json, "\"cy\"");
    }
}
