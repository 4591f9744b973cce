//! Whole-table tests: every row can be taken, every state is reachable, terminal states are
//! final, and random sequences of steps by random users never leave the tables.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::case::{self, CaseCommand, CaseSnapshot, MandatoryGround, ReviewSummary};
use super::recommendation::{self, RecommendationCommand, RecommendationSnapshot};
use super::review::{self, ReviewCommand, ReviewSnapshot};
use super::subject::{self, SubjectCommand, SubjectSnapshot};
use super::{Actor, Coded, ForceId, LpbId, Party, Row};
use crate::domain::vocab::{
    AllegationOutcome, AuthorityView, CaseKind, CaseStage, Determination, Determiner,
    InvestigationMode, ProceedingsFinding, ProceedingsForm, ProceedingsOutcome,
    RecommendationResponse, RecommendationStage, RecordingReason, ReferralType, ReviewBody,
    ReviewFollowUp, ReviewStage, Role, Severity, SubjectKind, SubjectStage,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn force() -> ForceId {
    ForceId("met".into())
}

fn lpb() -> LpbId {
    LpbId("mopac".into())
}

fn actor_for(p: Party) -> Actor {
    match p {
        Party::Staff(Role::ForcePsd) => Actor::force_psd(force()),
        Party::Staff(Role::ReviewBody) => Actor::review_body(lpb()),
        Party::Staff(r) => Actor::iopc(r),
        Party::Complainant => Actor::complainant(),
    }
}

fn all_actors() -> Vec<Actor> {
    vec![
        Actor::iopc(Role::IopcCaseworker),
        Actor::iopc(Role::IopcInvestigator),
        Actor::iopc(Role::IopcAdmin),
        Actor::force_psd(force()),
        Actor::force_psd(ForceId("other".into())),
        Actor::review_body(lpb()),
        Actor::review_body(LpbId("other".into())),
        Actor::complainant(),
    ]
}

fn case_commands() -> Vec<CaseCommand> {
    use CaseCommand as C;
    vec![
        C::Record {
            reason: RecordingReason::ComplainantWishes,
        },
        C::HandleOutsideSchedule3,
        C::RecordAfterDissatisfaction,
        C::Refer {
            referral_type: ReferralType::Mandatory,
        },
        C::Refer {
            referral_type: ReferralType::CalledIn,
        },
        C::CallIn,
        C::TreatAsReferred,
        C::DecideInvestigation {
            mode: InvestigationMode::Independent,
        },
        C::DecideInvestigation {
            mode: InvestigationMode::Local,
        },
        C::DecideInvestigation {
            mode: InvestigationMode::Supervised,
        },
        C::ReferBack,
        C::HandleOtherwise,
        C::StartLocalInvestigation,
        C::NoFurtherAction,
        C::Suspend,
        C::Resume,
        C::SubmitReport,
        C::RequireReinvestigation,
        C::CompleteDeterminations,
        C::DecideOutcome {
            outcomes: vec![AllegationOutcome::ServiceAcceptable],
        },
        C::DecideOutcome {
            outcomes: vec![AllegationOutcome::NotUpheld],
        },
        C::NotifyOutcome,
        C::ApplyForReview,
        C::ConcludeReview { mode: None },
        C::ConcludeReview {
            mode: Some(InvestigationMode::Local),
        },
        C::ConcludeReview {
            mode: Some(InvestigationMode::Independent),
        },
        C::Close,
        C::Withdraw,
        C::RerecordAsConductMatter,
        C::Discontinue,
        C::Disapply,
    ]
}

fn subject_commands() -> Vec<SubjectCommand> {
    use SubjectCommand as C;
    let mut v = vec![
        C::AssessSeverity {
            severity: Severity::GrossMisconduct,
        },
        C::ReviseSeverity {
            severity: Severity::Misconduct,
        },
        C::ServeNotice,
        C::Interview,
        C::GiveOpinion {
            opinion: Determination::CaseToAnswerMisconduct,
        },
        C::RecordAuthorityView {
            view: AuthorityView::Disagreed,
        },
        C::ReferToCps,
        C::DirectReflectivePractice,
        C::Conclude,
    ];
    for d in Determination::ALL {
        v.push(C::Determine { determination: *d });
    }
    for f in ProceedingsForm::ALL {
        v.push(C::BringProceedings { form: *f });
    }
    for (finding, outcome, left) in [
        (
            ProceedingsFinding::MisconductProven,
            ProceedingsOutcome::WrittenWarning,
            false,
        ),
        (
            ProceedingsFinding::GrossMisconductProven,
            ProceedingsOutcome::DismissalWithoutNotice,
            false,
        ),
        (
            ProceedingsFinding::GrossMisconductProven,
            ProceedingsOutcome::WouldHaveBeenDismissed,
            true,
        ),
        (
            ProceedingsFinding::NotProven,
            ProceedingsOutcome::NoAction,
            false,
        ),
    ] {
        v.push(C::RecordProceedingsOutcome {
            finding,
            outcome,
            left_force: left,
            live_warning_or_multiple: false,
        });
    }
    v
}

/// Some snapshot, actor and command take the row from `from` for `kind`.
fn case_row_is_takeable(
    row: &Row<CaseStage, case::CaseAction, case::CaseGuard>,
    from: CaseStage,
    kind: CaseKind,
) -> bool {
    let today = day(2026, 6, 1);
    let commands: Vec<CaseCommand> = case_commands()
        .into_iter()
        .filter(|c| c.action() == row.action)
        .collect();
    let reviews = [
        None,
        Some(ReviewSummary {
            stage: ReviewStage::NotUpheld,
            follow_up: None,
        }),
        Some(ReviewSummary {
            stage: ReviewStage::Upheld,
            follow_up: Some(ReviewFollowUp::Reinvestigation),
        }),
    ];
    for party in row.parties {
        for mode in [
            None,
            Some(InvestigationMode::Local),
            Some(InvestigationMode::Independent),
        ] {
            for referred in [false, true] {
                for letter_days_ago in [10, 40] {
                    for review in &reviews {
                        for cmd in &commands {
                            let mut s = CaseSnapshot::new(kind, force(), lpb());
                            s.stage = from;
                            s.legacy = row.legacy_only;
                            s.referred = referred;
                            s.investigation_mode = mode;
                            s.report_received_on = Some(today);
                            s.outcome_notified_on =
                                today.checked_sub_days(Days::new(letter_days_ago));
                            s.review = review.clone();
                            if let Ok(t) = case::apply(&s, cmd, &actor_for(*party), today)
                                && t.to == row.to
                                && t.from == from
                            {
                                return true;
                            }
                        }
                    }
                }
            }
        }
    }
    false
}

#[test]
fn every_case_transition_can_be_taken_by_one_of_its_parties() {
    for row in case::TABLE {
        for from in row.from {
            for kind in row.kinds {
                assert!(
                    case_row_is_takeable(row, *from, *kind),
                    "case row {:?} from {:?} for {:?} cannot be taken",
                    row.action,
                    from,
                    kind
                );
            }
        }
    }
}

#[test]
fn every_subject_transition_can_be_taken_by_one_of_its_parties() {
    let today = day(2026, 6, 1);
    for row in subject::TABLE {
        for from in row.from {
            let mut ok = false;
            'search: for party in row.parties {
                for mode in [
                    InvestigationMode::Local,
                    InvestigationMode::Independent,
                    InvestigationMode::Directed,
                ] {
                    for kind in [SubjectKind::PoliceOfficer, SubjectKind::DesignatedVolunteer] {
                        for case_stage in [CaseStage::UnderInvestigation, CaseStage::ReportReceived]
                        {
                            for (det, form) in [
                                (
                                    Determination::CaseToAnswerMisconduct,
                                    ProceedingsForm::MisconductMeeting,
                                ),
                                (
                                    Determination::CaseToAnswerGrossMisconduct,
                                    ProceedingsForm::MisconductHearing,
                                ),
                            ] {
                                for cmd in subject_commands()
                                    .iter()
                                    .filter(|c| c.action() == row.action)
                                {
                                    let s = SubjectSnapshot {
                                        stage: *from,
                                        subject_kind: kind,
                                        severity: None,
                                        determination: Some(det),
                                        determiner: Some(Determiner::Iopc),
                                        proceedings_form: Some(form),
                                        case_kind: CaseKind::ConductMatter,
                                        case_stage,
                                        legacy: false,
                                        force_id: force(),
                                        investigation_mode: Some(mode),
                                        report_received: case_stage == CaseStage::ReportReceived,
                                        case_rerecorded: false,
                                        special_conditions_certified: true,
                                    };
                                    if let Ok(t) =
                                        subject::apply(&s, cmd, &actor_for(*party), today)
                                        && t.to == row.to
                                    {
                                        ok = true;
                                        break 'search;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assert!(
                ok,
                "subject row {:?} from {from:?} to {:?} cannot be taken",
                row.action, row.to
            );
        }
    }
}

#[test]
fn every_review_transition_can_be_taken_by_one_of_its_parties() {
    let today = day(2026, 6, 1);
    let commands = [
        ReviewCommand::DecideValidity { valid: true },
        ReviewCommand::DecideValidity { valid: false },
        ReviewCommand::Decide {
            upheld: true,
            follow_up: Some(ReviewFollowUp::Recommendation),
        },
        ReviewCommand::Decide {
            upheld: false,
            follow_up: None,
        },
    ];
    for row in review::TABLE {
        for from in row.from {
            let ok = row.parties.iter().any(|p| {
                [ReviewBody::Iopc, ReviewBody::LocalPolicingBody]
                    .iter()
                    .any(|body| {
                        commands
                            .iter()
                            .filter(|c| c.action() == row.action)
                            .any(|c| {
                                let s = ReviewSnapshot {
                                    stage: *from,
                                    body: *body,
                                    lpb_id: lpb(),
                                    legacy: false,
                                };
                                review::apply(&s, c, &actor_for(*p), today)
                                    .is_ok_and(|t| t.to == row.to)
                            })
                    })
            });
            assert!(ok, "review row {:?} to {:?}", row.action, row.to);
        }
    }
}

#[test]
fn every_recommendation_transition_can_be_taken_by_one_of_its_parties() {
    let made = day(2022, 1, 20);
    let commands = [
        RecommendationCommand::RequestExtension {
            new_due: day(2022, 4, 14),
            reason: "Consulting the firearms command".into(),
        },
        RecommendationCommand::GrantExtension {
            requested_on: day(2022, 3, 1),
            new_due: day(2022, 4, 14),
            reason: "Consulting the firearms command".into(),
        },
        RecommendationCommand::RefuseExtension {
            reason: "Time enough remains".into(),
        },
        RecommendationCommand::RecordResponse {
            response: RecommendationResponse::Accepted,
            action: "Training delivered".into(),
            received_on: day(2022, 3, 1),
        },
        RecommendationCommand::Publish {
            summary: "The force accepted it and delivered training.".into(),
        },
    ];
    for row in recommendation::TABLE {
        for from in row.from {
            let ok = row.parties.iter().any(|p| {
                commands
                    .iter()
                    .filter(|c| c.action() == row.action)
                    .any(|c| {
                        let mut s = RecommendationSnapshot::new(made, Some(force()));
                        s.stage = *from;
                        if c.action() == recommendation::RecommendationAction::RefuseExtension {
                            s.pending_extension_request = Some(day(2022, 2, 28));
                        }
                        recommendation::apply(&s, c, &actor_for(*p), day(2022, 3, 1))
                            .is_ok_and(|t| t.to == row.to)
                    })
            });
            assert!(ok, "recommendation row {:?}", row.action);
        }
    }
}

fn reachable<S: Coded + Ord, A: Coded, G: Coded>(
    initial: S,
    table: &[Row<S, A, G>],
) -> BTreeSet<S> {
    let mut seen = BTreeSet::from([initial]);
    let mut frontier = vec![initial];
    while let Some(s) = frontier.pop() {
        for row in table.iter().filter(|r| r.from.contains(&s)) {
            if seen.insert(row.to) {
                frontier.push(row.to);
            }
        }
    }
    seen
}

#[test]
fn every_state_is_reachable_from_the_start_state() {
    assert_eq!(
        reachable(case::INITIAL, case::TABLE).len(),
        CaseStage::ALL.len()
    );
    assert_eq!(
        reachable(subject::INITIAL, subject::TABLE).len(),
        SubjectStage::ALL.len()
    );
    assert_eq!(
        reachable(review::INITIAL, review::TABLE).len(),
        ReviewStage::ALL.len()
    );
    assert_eq!(
        reachable(recommendation::INITIAL, recommendation::TABLE).len(),
        RecommendationStage::ALL.len()
    );
}

#[test]
fn legacy_routes_are_legacy_only_and_conduct_and_dsi_matters_have_no_review() {
    for row in case::TABLE {
        if matches!(row.to, CaseStage::Discontinued | CaseStage::Disapplied) {
            assert!(row.legacy_only);
        }
        if matches!(
            row.action,
            case::CaseAction::ApplyForReview
                | case::CaseAction::NotifyOutcome
                | case::CaseAction::HandleOutsideSchedule3
                | case::CaseAction::Withdraw
        ) {
            assert_eq!(row.kinds, &[CaseKind::Complaint]);
        }
    }
}

#[test]
fn terminal_states_have_no_way_out_for_anyone() {
    let today = day(2026, 6, 1);
    for stage in case::TERMINAL {
        for kind in CaseKind::ALL {
            let mut s = CaseSnapshot::new(*kind, force(), lpb());
            s.stage = *stage;
            s.legacy = true;
            for a in all_actors() {
                assert!(case::available_actions(&s, &a, today).is_empty());
                for c in case_commands() {
                    assert!(case::apply(&s, &c, &a, today).is_err());
                }
            }
        }
    }
}

// ----- random walks -----

#[derive(Debug, Clone)]
enum Step {
    Case(usize, usize),
    /// Outside the case machine: the review body decides the open review.
    DecideReview(bool, Option<ReviewFollowUp>),
    /// Time passes.
    Wait(u64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..case_commands().len(), 0..all_actors().len()).prop_map(|(c, a)| Step::Case(c, a)),
        1 => (any::<bool>(), prop::option::of(prop::sample::select(ReviewFollowUp::ALL.to_vec())))
            .prop_map(|(u, f)| Step::DecideReview(u, f)),
        1 => (1u64..40).prop_map(Step::Wait),
    ]
}

fn start() -> impl Strategy<Value = CaseSnapshot> {
    (
        prop::sample::select(CaseKind::ALL.to_vec()),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(kind, legacy, grounds, must_record, must_investigate, senior)| {
                let mut s = CaseSnapshot::new(kind, force(), lpb());
                s.legacy = legacy;
                if grounds {
                    s.mandatory_grounds = vec![MandatoryGround::SeriousAssault];
                }
                s.must_be_recorded = must_record;
                s.must_be_investigated = must_investigate;
                s.concerns_senior_officer = senior;
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_steps_by_random_users_never_leave_the_case_table(
        mut s in start(),
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let commands = case_commands();
        let actors = all_actors();
        let mut today = day(2026, 1, 5);
        for st in steps {
            match st {
                Step::Wait(n) => today = today.checked_add_days(Days::new(n)).unwrap_or(today),
                Step::DecideReview(upheld, follow_up) => {
                    if let Some(r) = s.review.as_mut().filter(|r| r.is_open()) {
                        r.stage = if upheld { ReviewStage::Upheld } else { ReviewStage::NotUpheld };
                        r.follow_up = if upheld { follow_up } else { None };
                    }
                }
                Step::Case(ci, ai) => {
                    let cmd = &commands[ci];
                    let actor = &actors[ai];
                    let offered = case::available_actions(&s, actor, today);
                    let was_terminal = case::TERMINAL.contains(&s.stage);
                    match case::apply(&s, cmd, actor, today) {
                        Ok(t) => {
                            prop_assert!(!was_terminal);
                            prop_assert!(offered.contains(&t.action), "{:?} applied but not offered", t.action);
                            let row = case::TABLE.iter().find(|r| {
                                r.action == t.action && r.from.contains(&t.from) && r.to == t.to
                                    && r.kinds.contains(&s.kind) && r.parties.contains(&actor.party)
                                    && (!r.legacy_only || s.legacy)
                            });
                            prop_assert!(row.is_some(), "no row for {:?}", t);
                            if matches!(t.to, CaseStage::OutsideSchedule3 | CaseStage::HandledOtherwise) {
                                prop_assert!(!s.needs_referral());
                            }
                            s.advance(&t);
                        }
                        Err(r) => {
                            prop_assert!(!r.message().is_empty());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn random_steps_never_leave_the_subject_table(
        kind in prop::sample::select(SubjectKind::ALL.to_vec()),
        mode in prop::sample::select(vec![InvestigationMode::Local, InvestigationMode::Directed, InvestigationMode::Independent]),
        steps in prop::collection::vec((0..subject_commands().len(), 0..all_actors().len(), any::<bool>()), 1..40),
    ) {
        let commands = subject_commands();
        let actors = all_actors();
        let mut case_snapshot = CaseSnapshot::new(CaseKind::ConductMatter, force(), lpb());
        case_snapshot.stage = CaseStage::UnderInvestigation;
        case_snapshot.investigation_mode = Some(mode);
        let mut s = SubjectSnapshot::of(&case_snapshot, kind);
        let today = day(2026, 1, 5);
        for (ci, ai, report_now) in steps {
            if report_now && s.stage == SubjectStage::OpinionGiven {
                case_snapshot.stage = CaseStage::ReportReceived;
                case_snapshot.report_received_on = Some(today);
                s.sync(&case_snapshot);
            }
            let actor = &actors[ai];
            let offered = subject::available_actions(&s, actor, today);
            if let Ok(t) = subject::apply(&s, &commands[ci], actor, today) {
                prop_assert!(offered.contains(&t.action));
                prop_assert!(subject::TABLE.iter().any(|r| r.action == t.action && r.from.contains(&t.from) && r.to == t.to && r.parties.contains(&actor.party)));
                if t.action == subject::SubjectAction::Interview {
                    prop_assert!(!s.special_procedures_apply() || s.case_kind == CaseKind::DsiMatter || t.from == SubjectStage::NoticeServed);
                }
                if t.action == subject::SubjectAction::Determine {
                    prop_assert!(s.report_received);
                }
                s.advance(&t);
            }
        }
    }
}
