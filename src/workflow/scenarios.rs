//! The three published cases of scenarios.md, replayed step by step through `apply` with the
//! right users, each illegal shortcut refused on the way.

use chrono::NaiveDate;

use super::case::{self, CaseCommand, CaseSnapshot, CaseTransition, MandatoryGround};
use super::clocks::recommendation_response_due;
use super::recommendation::{self, RecommendationCommand, RecommendationSnapshot};
use super::subject::{self, SubjectCommand, SubjectSnapshot};
use super::{Actor, Effect, ForceId, LpbId, Refusal, Rule};
use crate::domain::vocab::{
    AllegationOutcome, AuthorityView, CaseKind, CaseStage, Determination, InvestigationMode,
    ProceedingsFinding, ProceedingsForm, ProceedingsOutcome, RecommendationResponse,
    RecommendationStage, RecordingReason, ReferralType, Role, Severity, SubjectKind, SubjectStage,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn met() -> ForceId {
    ForceId("metropolitan".into())
}

fn psd() -> Actor {
    Actor::force_psd(met())
}

fn caseworker() -> Actor {
    Actor::iopc(Role::IopcCaseworker)
}

fn investigator() -> Actor {
    Actor::iopc(Role::IopcInvestigator)
}

struct Replay {
    case: CaseSnapshot,
    subjects: Vec<SubjectSnapshot>,
}

impl Replay {
    fn new(kind: CaseKind) -> Self {
        Replay {
            case: CaseSnapshot::new(kind, met(), LpbId("mopac".into())),
            subjects: Vec::new(),
        }
    }

    fn sync(&mut self) {
        for s in &mut self.subjects {
            s.sync(&self.case);
        }
        self.case.subjects = self.subjects.iter().map(|s| s.stage).collect();
    }

    fn add_subject(&mut self, kind: SubjectKind) -> usize {
        self.subjects.push(SubjectSnapshot::of(&self.case, kind));
        self.sync();
        self.subjects.len() - 1
    }

    fn step(&mut self, cmd: CaseCommand, actor: &Actor, on: NaiveDate) -> CaseTransition {
        let t = case::apply(&self.case, &cmd, actor, on)
            .unwrap_or_else(|r| panic!("{cmd:?} refused: {}", r.message()));
        self.case.advance(&t);
        self.sync();
        t
    }

    fn refused(&self, cmd: CaseCommand, actor: &Actor, on: NaiveDate) -> Refusal {
        match case::apply(&self.case, &cmd, actor, on) {
            Ok(t) => panic!("{cmd:?} should have been refused, went to {:?}", t.to),
            Err(r) => r,
        }
    }

    fn subject(
        &mut self,
        i: usize,
        cmd: SubjectCommand,
        actor: &Actor,
        on: NaiveDate,
    ) -> Vec<Effect> {
        let t = subject::apply(&self.subjects[i], &cmd, actor, on)
            .unwrap_or_else(|r| panic!("subject {i}: {cmd:?} refused: {}", r.message()));
        self.subjects[i].advance(&t);
        self.sync();
        t.effects
    }

    fn subject_refused(
        &self,
        i: usize,
        cmd: SubjectCommand,
        actor: &Actor,
        on: NaiveDate,
    ) -> Refusal {
        match subject::apply(&self.subjects[i], &cmd, actor, on) {
            Ok(t) => panic!(
                "subject {i}: {cmd:?} should have been refused, went to {:?}",
                t.to
            ),
            Err(r) => r,
        }
    }

    /// Special procedures and interview for an officer, by the investigator.
    fn notice_and_interview(&mut self, i: usize, severity: Severity, on: NaiveDate) {
        let inv = investigator();
        self.subject(i, SubjectCommand::AssessSeverity { severity }, &inv, on);
        self.subject(i, SubjectCommand::ServeNotice, &inv, on);
        self.subject(i, SubjectCommand::Interview, &inv, on);
    }
}

fn publish() -> RecommendationCommand {
    RecommendationCommand::Publish {
        summary: "The force accepted the recommendation and changed its procedures.".into(),
    }
}

fn recommend_and_publish(
    made: NaiveDate,
    responded: NaiveDate,
    published: NaiveDate,
) -> RecommendationSnapshot {
    let mut r = RecommendationSnapshot::new(made, Some(met()));
    assert_eq!(r.due_on, recommendation_response_due(made));
    let t = recommendation::apply(
        &r,
        &RecommendationCommand::RecordResponse {
            response: RecommendationResponse::Accepted,
            action: "The force has changed its procedures".into(),
            received_on: responded,
        },
        &psd(),
        responded,
    )
    .expect("force responds");
    r.advance(&t);
    // Only the IOPC publishes.
    assert_eq!(
        recommendation::apply(&r, &publish(), &psd(), published)
            .expect_err("force cannot publish")
            .rule,
        Rule::RoleNotAllowed
    );
    let t =
        recommendation::apply(&r, &publish(), &caseworker(), published).expect("IOPC publishes");
    r.advance(&t);
    assert_eq!(r.stage, RecommendationStage::Published);
    r
}

#[test]
fn s1_conduct_matter_referred_independent_gross_misconduct_hearing_and_reflective_practice() {
    let mut c = Replay::new(CaseKind::ConductMatter);
    c.case.mandatory_grounds = vec![MandatoryGround::DiscriminatoryBehaviour];
    c.step(
        CaseCommand::Record {
            reason: RecordingReason::MustBeRecorded,
        },
        &psd(),
        day(2023, 1, 10),
    );
    // Shortcut: the force may not investigate it itself before referring.
    assert_eq!(
        c.refused(
            CaseCommand::StartLocalInvestigation,
            &psd(),
            day(2023, 1, 10)
        )
        .rule,
        Rule::MustBeReferred
    );
    c.step(
        CaseCommand::Refer {
            referral_type: ReferralType::Mandatory,
        },
        &psd(),
        day(2023, 1, 11),
    );
    // Only the IOPC decides the mode.
    assert_eq!(
        c.refused(
            CaseCommand::DecideInvestigation {
                mode: InvestigationMode::Local
            },
            &psd(),
            day(2023, 1, 12)
        )
        .rule,
        Rule::RoleNotAllowed
    );
    c.step(
        CaseCommand::DecideInvestigation {
            mode: InvestigationMode::Independent,
        },
        &caseworker(),
        day(2023, 1, 20),
    );

    let a = c.add_subject(SubjectKind::PoliceOfficer);
    let b = c.add_subject(SubjectKind::PoliceOfficer);
    let handler = c.add_subject(SubjectKind::PoliceStaff);
    // Interview before notice is refused.
    assert_eq!(
        c.subject_refused(
            a,
            SubjectCommand::Interview,
            &investigator(),
            day(2023, 2, 1)
        )
        .rule,
        Rule::InterviewBeforeNotice
    );
    c.notice_and_interview(a, Severity::GrossMisconduct, day(2023, 2, 1));
    c.notice_and_interview(b, Severity::Misconduct, day(2023, 2, 2));
    // Police staff are persons serving with the police: notice before interview too.
    c.notice_and_interview(handler, Severity::Misconduct, day(2023, 2, 3));
    c.subject(
        a,
        SubjectCommand::GiveOpinion {
            opinion: Determination::CaseToAnswerGrossMisconduct,
        },
        &investigator(),
        day(2023, 9, 1),
    );
    c.subject(
        b,
        SubjectCommand::GiveOpinion {
            opinion: Determination::CaseToAnswerMisconduct,
        },
        &investigator(),
        day(2023, 9, 1),
    );
    c.subject(
        handler,
        SubjectCommand::GiveOpinion {
            opinion: Determination::NoCaseToAnswer,
        },
        &investigator(),
        day(2023, 9, 1),
    );
    // Determinations need the report.
    assert_eq!(
        c.subject_refused(
            a,
            SubjectCommand::Determine {
                determination: Determination::CaseToAnswerGrossMisconduct
            },
            &caseworker(),
            day(2023, 9, 2)
        )
        .rule,
        Rule::ReportNotReceived
    );
    c.step(CaseCommand::SubmitReport, &investigator(), day(2023, 9, 5));
    // The force does not determine after an independent investigation.
    assert_eq!(
        c.subject_refused(
            a,
            SubjectCommand::Determine {
                determination: Determination::NoCaseToAnswer
            },
            &psd(),
            day(2023, 10, 1)
        )
        .rule,
        Rule::NotTheDeterminer
    );
    let cw = caseworker();
    c.subject(
        a,
        SubjectCommand::Determine {
            determination: Determination::CaseToAnswerGrossMisconduct,
        },
        &cw,
        day(2023, 10, 2),
    );
    c.subject(
        b,
        SubjectCommand::Determine {
            determination: Determination::CaseToAnswerMisconduct,
        },
        &cw,
        day(2023, 10, 2),
    );
    c.subject(
        handler,
        SubjectCommand::Determine {
            determination: Determination::NoCaseToAnswer,
        },
        &cw,
        day(2023, 10, 2),
    );
    // The force's views: agreed on one allegation, disagreed on the other; disagreed for B.
    c.subject(
        a,
        SubjectCommand::RecordAuthorityView {
            view: AuthorityView::Agreed,
        },
        &psd(),
        day(2023, 10, 9),
    );
    c.subject(
        a,
        SubjectCommand::RecordAuthorityView {
            view: AuthorityView::Disagreed,
        },
        &psd(),
        day(2023, 10, 9),
    );
    c.subject(
        b,
        SubjectCommand::RecordAuthorityView {
            view: AuthorityView::Disagreed,
        },
        &psd(),
        day(2023, 10, 9),
    );
    // The IOPC directs a gross misconduct hearing for A; B goes to reflective practice.
    let e = c.subject(
        a,
        SubjectCommand::BringProceedings {
            form: ProceedingsForm::MisconductHearing,
        },
        &cw,
        day(2023, 10, 16),
    );
    assert!(e.contains(&Effect::ProceedingsBrought {
        form: ProceedingsForm::MisconductHearing,
        directed_by_iopc: true
    }));
    assert_eq!(
        c.subject_refused(
            a,
            SubjectCommand::DirectReflectivePractice,
            &cw,
            day(2023, 10, 16)
        )
        .rule,
        Rule::WrongStage
    );
    c.subject(
        b,
        SubjectCommand::DirectReflectivePractice,
        &cw,
        day(2023, 10, 16),
    );
    c.subject(b, SubjectCommand::Conclude, &psd(), day(2024, 1, 15));
    c.subject(handler, SubjectCommand::Conclude, &psd(), day(2023, 10, 16));
    c.step(CaseCommand::CompleteDeterminations, &cw, day(2023, 10, 16));
    // No review for a conduct matter.
    assert_eq!(
        c.refused(
            CaseCommand::ApplyForReview,
            &Actor::complainant(),
            day(2023, 10, 17)
        )
        .rule,
        Rule::NotForKind
    );
    // Cannot close while A's hearing is pending.
    assert_eq!(
        c.refused(CaseCommand::Close, &psd(), day(2023, 10, 17))
            .rule,
        Rule::ProceedingsOpen
    );
    // July 2025: gross misconduct proven; A has left: would have been dismissed, barred.
    assert_eq!(
        c.subject_refused(
            a,
            SubjectCommand::RecordProceedingsOutcome {
                finding: ProceedingsFinding::GrossMisconductProven,
                outcome: ProceedingsOutcome::DismissalWithoutNotice,
                left_force: true,
                live_warning_or_multiple: false,
            },
            &psd(),
            day(2025, 7, 18)
        )
        .rule,
        Rule::OutcomeNotAllowed
    );
    let e = c.subject(
        a,
        SubjectCommand::RecordProceedingsOutcome {
            finding: ProceedingsFinding::GrossMisconductProven,
            outcome: ProceedingsOutcome::WouldHaveBeenDismissed,
            left_force: true,
            live_warning_or_multiple: false,
        },
        &psd(),
        day(2025, 7, 18),
    );
    assert!(e.contains(&Effect::BarredList));
    c.step(CaseCommand::Close, &psd(), day(2025, 7, 25));
    assert_eq!(c.case.stage, CaseStage::Closed);
    assert_eq!(
        c.subjects.iter().map(|s| s.stage).collect::<Vec<_>>(),
        vec![SubjectStage::Concluded; 3]
    );
    // Two learning recommendations, due 56 days after they were made.
    for _ in 0..2 {
        let r = recommend_and_publish(day(2025, 9, 1), day(2025, 10, 20), day(2025, 11, 3));
        assert_eq!(r.due_on, day(2025, 10, 27));
    }
}

#[test]
fn s2_legacy_complaint_referred_independent_not_upheld_with_three_recommendations() {
    let mut c = Replay::new(CaseKind::Complaint);
    c.case.legacy = true;
    c.case.mandatory_grounds = vec![MandatoryGround::DeathOrSeriousInjury];
    c.case.must_be_recorded = true;
    c.case.must_be_investigated = true;
    c.case.complainant_wants_recording = true;
    assert_eq!(
        c.refused(CaseCommand::HandleOutsideSchedule3, &psd(), day(2018, 6, 5))
            .rule,
        Rule::MustBeReferred
    );
    c.step(
        CaseCommand::Record {
            reason: RecordingReason::ComplainantWishes,
        },
        &psd(),
        day(2018, 6, 5),
    );
    assert_eq!(
        c.refused(CaseCommand::HandleOtherwise, &psd(), day(2018, 6, 5))
            .rule,
        Rule::MustBeReferred
    );
    c.step(
        CaseCommand::Refer {
            referral_type: ReferralType::Mandatory,
        },
        &psd(),
        day(2018, 6, 6),
    );
    c.step(
        CaseCommand::DecideInvestigation {
            mode: InvestigationMode::Independent,
        },
        &caseworker(),
        day(2018, 6, 20),
    );
    // Control-room staff and two officers; the staff member, a person serving with the police,
    // is served notice before interview.
    let staff = c.add_subject(SubjectKind::PoliceStaff);
    let o1 = c.add_subject(SubjectKind::PoliceOfficer);
    let o2 = c.add_subject(SubjectKind::PoliceOfficer);
    c.notice_and_interview(staff, Severity::NoMisconduct, day(2018, 9, 3));
    for i in [staff, o1, o2] {
        c.subject(
            i,
            SubjectCommand::GiveOpinion {
                opinion: Determination::NoCaseToAnswer,
            },
            &investigator(),
            day(2019, 5, 20),
        );
    }
    c.step(CaseCommand::SubmitReport, &investigator(), day(2019, 6, 3));
    for i in [staff, o1, o2] {
        c.subject(
            i,
            SubjectCommand::Determine {
                determination: Determination::NoCaseToAnswer,
            },
            &caseworker(),
            day(2019, 6, 10),
        );
        c.subject(
            i,
            SubjectCommand::RecordAuthorityView {
                view: AuthorityView::Agreed,
            },
            &psd(),
            day(2019, 6, 12),
        );
        c.subject(i, SubjectCommand::Conclude, &psd(), day(2019, 6, 12));
    }
    c.step(
        CaseCommand::CompleteDeterminations,
        &caseworker(),
        day(2019, 6, 12),
    );
    c.step(
        CaseCommand::DecideOutcome {
            outcomes: vec![AllegationOutcome::NotUpheld, AllegationOutcome::NotUpheld],
        },
        &caseworker(),
        day(2019, 6, 14),
    );
    let t = c.step(CaseCommand::NotifyOutcome, &caseworker(), day(2019, 6, 17));
    assert!(t.effects.contains(&Effect::OutcomeNotified {
        on: day(2019, 6, 17),
        review_window_last_day: Some(day(2019, 7, 15))
    }));
    // The review window is still open on its last day: no closing yet.
    assert_eq!(
        c.refused(CaseCommand::Close, &caseworker(), day(2019, 7, 15))
            .rule,
        Rule::ReviewWindowOpen
    );
    c.step(CaseCommand::Close, &caseworker(), day(2019, 7, 16));
    assert_eq!(c.case.stage, CaseStage::Closed);
    let made = day(2019, 8, 1);
    let recs: Vec<_> = (0..3)
        .map(|_| recommend_and_publish(made, day(2019, 9, 20), day(2019, 10, 1)))
        .collect();
    assert_eq!(recs.len(), 3);
    assert!(recs.iter().all(|r| r.due_on == day(2019, 9, 26)));
}

#[test]
fn s3_linked_conduct_matters_accelerated_hearing_cps_and_misconduct_meetings() {
    // 2020/138174: the two officers at the cordon.
    let mut c = Replay::new(CaseKind::ConductMatter);
    c.case.mandatory_grounds = vec![MandatoryGround::SeriousCorruption];
    c.step(
        CaseCommand::Record {
            reason: RecordingReason::MustBeRecorded,
        },
        &psd(),
        day(2020, 6, 8),
    );
    c.step(
        CaseCommand::Refer {
            referral_type: ReferralType::Mandatory,
        },
        &psd(),
        day(2020, 6, 9),
    );
    c.step(
        CaseCommand::DecideInvestigation {
            mode: InvestigationMode::Independent,
        },
        &caseworker(),
        day(2020, 6, 10),
    );
    let one = c.add_subject(SubjectKind::PoliceOfficer);
    let two = c.add_subject(SubjectKind::PoliceOfficer);
    for i in [one, two] {
        c.notice_and_interview(i, Severity::GrossMisconduct, day(2020, 6, 23));
        c.subject(
            i,
            SubjectCommand::GiveOpinion {
                opinion: Determination::CaseToAnswerGrossMisconduct,
            },
            &investigator(),
            day(2020, 10, 1),
        );
    }
    c.step(CaseCommand::SubmitReport, &investigator(), day(2020, 10, 5));
    for i in [one, two] {
        c.subject(
            i,
            SubjectCommand::Determine {
                determination: Determination::CaseToAnswerGrossMisconduct,
            },
            &caseworker(),
            day(2020, 10, 12),
        );
        c.subject(
            i,
            SubjectCommand::ReferToCps,
            &caseworker(),
            day(2020, 10, 12),
        );
        // The accelerated procedure needs the special conditions certified (PCR 2020 reg 49).
        assert_eq!(
            c.subject_refused(
                i,
                SubjectCommand::BringProceedings {
                    form: ProceedingsForm::AcceleratedHearing
                },
                &psd(),
                day(2021, 11, 1)
            )
            .rule,
            Rule::SpecialConditionsNotCertified
        );
        assert!(subject::may_certify_special_conditions(&c.subjects[i], &psd()).is_ok());
        c.subjects[i].special_conditions_certified = true;
        // An accelerated hearing fits gross misconduct; a meeting does not.
        assert_eq!(
            c.subject_refused(
                i,
                SubjectCommand::BringProceedings {
                    form: ProceedingsForm::MisconductMeeting
                },
                &psd(),
                day(2021, 11, 1)
            )
            .rule,
            Rule::FormDoesNotFit
        );
        c.subject(
            i,
            SubjectCommand::BringProceedings {
                form: ProceedingsForm::AcceleratedHearing,
            },
            &psd(),
            day(2021, 11, 1),
        );
    }
    c.step(
        CaseCommand::CompleteDeterminations,
        &caseworker(),
        day(2020, 10, 12),
    );
    let e1 = c.subject(
        one,
        SubjectCommand::RecordProceedingsOutcome {
            finding: ProceedingsFinding::GrossMisconductProven,
            outcome: ProceedingsOutcome::DismissalWithoutNotice,
            left_force: false,
            live_warning_or_multiple: false,
        },
        &psd(),
        day(2021, 11, 24),
    );
    let e2 = c.subject(
        two,
        SubjectCommand::RecordProceedingsOutcome {
            finding: ProceedingsFinding::GrossMisconductProven,
            outcome: ProceedingsOutcome::WouldHaveBeenDismissed,
            left_force: true,
            live_warning_or_multiple: false,
        },
        &psd(),
        day(2021, 11, 24),
    );
    assert!(e1.contains(&Effect::BarredList) && e2.contains(&Effect::BarredList));
    c.step(CaseCommand::Close, &psd(), day(2021, 11, 30));
    assert_eq!(c.case.stage, CaseStage::Closed);

    // 2020/139739: the linked investigation, 13 officers served notices.
    let mut l = Replay::new(CaseKind::ConductMatter);
    l.case.mandatory_grounds = vec![MandatoryGround::SameIncident];
    l.step(
        CaseCommand::Record {
            reason: RecordingReason::MustBeRecorded,
        },
        &psd(),
        day(2020, 7, 1),
    );
    l.step(
        CaseCommand::Refer {
            referral_type: ReferralType::Mandatory,
        },
        &psd(),
        day(2020, 7, 1),
    );
    l.step(
        CaseCommand::DecideInvestigation {
            mode: InvestigationMode::Independent,
        },
        &caseworker(),
        day(2020, 7, 2),
    );
    let officers: Vec<usize> = (0..13)
        .map(|_| l.add_subject(SubjectKind::PoliceOfficer))
        .collect();
    for (n, &i) in officers.iter().enumerate() {
        let severity = if n < 3 {
            Severity::Misconduct
        } else {
            Severity::GrossMisconduct
        };
        l.notice_and_interview(i, severity, day(2020, 8, 3));
        let opinion = match n {
            0..=2 => Determination::CaseToAnswerMisconduct,
            3 => Determination::CaseToAnswerGrossMisconduct,
            _ => Determination::NoCaseToAnswer,
        };
        l.subject(
            i,
            SubjectCommand::GiveOpinion { opinion },
            &investigator(),
            day(2021, 3, 1),
        );
    }
    l.step(CaseCommand::SubmitReport, &investigator(), day(2021, 3, 8));
    for (n, &i) in officers.iter().enumerate() {
        let determination = match n {
            0..=2 => Determination::CaseToAnswerMisconduct,
            3 => Determination::CaseToAnswerGrossMisconduct,
            _ => Determination::NoCaseToAnswer,
        };
        l.subject(
            i,
            SubjectCommand::Determine { determination },
            &caseworker(),
            day(2021, 3, 15),
        );
    }
    l.step(
        CaseCommand::CompleteDeterminations,
        &caseworker(),
        day(2021, 3, 15),
    );
    // The officer dismissed at a separate gross misconduct hearing, December 2021.
    l.subject(
        officers[3],
        SubjectCommand::BringProceedings {
            form: ProceedingsForm::MisconductHearing,
        },
        &psd(),
        day(2021, 10, 1),
    );
    l.subject(
        officers[3],
        SubjectCommand::RecordProceedingsOutcome {
            finding: ProceedingsFinding::GrossMisconductProven,
            outcome: ProceedingsOutcome::DismissalWithoutNotice,
            left_force: false,
            live_warning_or_multiple: false,
        },
        &psd(),
        day(2021, 12, 10),
    );
    for &i in &officers[0..3] {
        l.subject(
            i,
            SubjectCommand::BringProceedings {
                form: ProceedingsForm::MisconductMeeting,
            },
            &psd(),
            day(2022, 4, 1),
        );
        // Management advice is no outcome for an officer since 2020.
        assert_eq!(
            l.subject_refused(
                i,
                SubjectCommand::RecordProceedingsOutcome {
                    finding: ProceedingsFinding::MisconductProven,
                    outcome: ProceedingsOutcome::ManagementAdvice,
                    left_force: false,
                    live_warning_or_multiple: false,
                },
                &psd(),
                day(2022, 6, 22)
            )
            .rule,
            Rule::ManagementAdviceLegacy
        );
        // Dismissal is not an outcome of a misconduct meeting.
        assert_eq!(
            l.subject_refused(
                i,
                SubjectCommand::RecordProceedingsOutcome {
                    finding: ProceedingsFinding::MisconductProven,
                    outcome: ProceedingsOutcome::DismissalWithoutNotice,
                    left_force: false,
                    live_warning_or_multiple: false,
                },
                &psd(),
                day(2022, 6, 22)
            )
            .rule,
            Rule::OutcomeNotAllowed
        );
        l.subject(
            i,
            SubjectCommand::RecordProceedingsOutcome {
                finding: ProceedingsFinding::MisconductProven,
                outcome: ProceedingsOutcome::WrittenWarning,
                left_force: false,
                live_warning_or_multiple: false,
            },
            &psd(),
            day(2022, 6, 22),
        );
    }
    for &i in &officers[4..] {
        l.subject(i, SubjectCommand::Conclude, &psd(), day(2021, 3, 20));
    }
    l.step(CaseCommand::Close, &psd(), day(2022, 6, 29));
    assert_eq!(l.case.stage, CaseStage::Closed);

    // Recommendations made 20 January 2022, response due 17 March 2022, accepted, published.
    let r = recommend_and_publish(day(2022, 1, 20), day(2022, 3, 10), day(2022, 3, 24));
    assert_eq!(r.due_on, day(2022, 3, 17));
    assert_eq!(r.response_received_on, Some(day(2022, 3, 10)));
}
