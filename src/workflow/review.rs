//! The review machine: a complainant's application for a review of the outcome of their
//! complaint (Sch 3 paras 6A, 25; CMR 2020 regs 29-32).
//!
//! The application itself is a step of the case (`apply_for_review`, which checks the review
//! right and the 28-day window); this machine follows the review once applied for: first
//! whether the application is valid, then whether the review is upheld and, if so, what
//! follows. Only the relevant review body decides: IOPC caseworkers for IOPC reviews, users
//! of the local policing body for LPB reviews (the body is fixed when the application is
//! made, by `case::relevant_review_body`). Reviews exist only for complaints.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::engine::{self, Machine};
use super::kinds::COMPLAINT;
use super::parties::{CASEWORKER, REVIEW_BODY};
use super::refusal::{Refusal, Rule};
use super::{Actor, Effect, LpbId, MachineName, Party, Row, Transition, coded};
use crate::domain::vocab::{
    CaseKind, ReviewBody, ReviewFollowUp, ReviewStage, Role, UnknownValue, closed_set,
};

closed_set! {
    /// The steps of the review machine.
    ReviewAction as "review_action" {
        DecideValidity = "decide_validity" => "Decide whether the application is valid",
        Decide = "decide" => "Decide the review",
    }
}

closed_set! {
    /// The guards of the review machine.
    ReviewGuard as "review_guard" {
        RelevantReviewBody = "relevant_review_body" => "The relevant review body decides",
        FollowUpOnlyWhenUpheld = "follow_up_only_when_upheld" => "Follow-up only when upheld",
    }
}

coded!(ReviewAction, ReviewGuard);

/// A review as the workflow needs to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSnapshot {
    pub stage: ReviewStage,
    pub body: ReviewBody,
    /// The local policing body of the case's force.
    pub lpb_id: LpbId,
    pub legacy: bool,
}

impl ReviewSnapshot {
    /// Bring the snapshot up to date after a transition.
    pub fn advance(&mut self, t: &ReviewTransition) {
        self.stage = t.to;
    }
}

/// The action with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewCommand {
    DecideValidity {
        valid: bool,
    },
    Decide {
        upheld: bool,
        follow_up: Option<ReviewFollowUp>,
    },
}

impl ReviewCommand {
    /// The action this command takes.
    pub fn action(&self) -> ReviewAction {
        match self {
            ReviewCommand::DecideValidity { .. } => ReviewAction::DecideValidity,
            ReviewCommand::Decide { .. } => ReviewAction::Decide,
        }
    }
}

/// A step of the review machine.
pub type ReviewTransition = Transition<ReviewStage, ReviewAction>;

/// The state a new review starts in.
pub const INITIAL: ReviewStage = ReviewStage::Applied;
/// States with no way out.
pub const TERMINAL: &[ReviewStage] = &[
    ReviewStage::Invalid,
    ReviewStage::Upheld,
    ReviewStage::NotUpheld,
];

use ReviewGuard as G;
use ReviewStage as S;

type ReviewRow = Row<ReviewStage, ReviewAction, ReviewGuard>;
const DECIDERS: &[Party] = &[CASEWORKER, REVIEW_BODY];

/// The review machine's transitions.
pub static TABLE: &[ReviewRow] = &[
    Row {
        from: &[S::Applied],
        action: ReviewAction::DecideValidity,
        to: S::Valid,
        parties: DECIDERS,
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::RelevantReviewBody],
        source: "Sch 3 paras 6A, 25; CMR 2020 regs 29, 32",
        description: "The relevant review body accepts the application as valid.",
    },
    Row {
        from: &[S::Applied],
        action: ReviewAction::DecideValidity,
        to: S::Invalid,
        parties: DECIDERS,
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::RelevantReviewBody],
        source: "Sch 3 paras 6A, 25; CMR 2020 regs 29, 32",
        description: "The application is not valid (e.g. out of time or incomplete).",
    },
    Row {
        from: &[S::Valid],
        action: ReviewAction::Decide,
        to: S::Upheld,
        parties: DECIDERS,
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::RelevantReviewBody, G::FollowUpOnlyWhenUpheld],
        source: "Sch 3 paras 6A, 25",
        description: "The review is upheld, with a recommendation, re-investigation, proceedings recommended, or a decision that the complaint must now be investigated.",
    },
    Row {
        from: &[S::Valid],
        action: ReviewAction::Decide,
        to: S::NotUpheld,
        parties: DECIDERS,
        kinds: COMPLAINT,
        legacy_only: false,
        guards: &[G::RelevantReviewBody, G::FollowUpOnlyWhenUpheld],
        source: "Sch 3 paras 6A, 25",
        description: "The review is not upheld: the outcome was reasonable and proportionate.",
    },
];

/// What this actor may do to the review now.
pub fn available_actions(
    review: &ReviewSnapshot,
    actor: &Actor,
    today: NaiveDate,
) -> Vec<ReviewAction> {
    engine::available::<ReviewMachine>(review, actor, today)
}

/// Take a step on the review, or say which rule forbids it.
pub fn apply(
    review: &ReviewSnapshot,
    command: &ReviewCommand,
    actor: &Actor,
    today: NaiveDate,
) -> Result<ReviewTransition, Refusal> {
    engine::apply::<ReviewMachine>(review, command, actor, today)
}

pub(crate) struct ReviewMachine;

impl Machine for ReviewMachine {
    type State = ReviewStage;
    type Action = ReviewAction;
    type Guard = ReviewGuard;
    type Snapshot = ReviewSnapshot;
    type Command = ReviewCommand;
    const NAME: MachineName = MachineName::Review;

    fn table() -> &'static [ReviewRow] {
        TABLE
    }
    fn stage(s: &ReviewSnapshot) -> ReviewStage {
        s.stage
    }
    fn kind(_s: &ReviewSnapshot) -> Option<CaseKind> {
        Some(CaseKind::Complaint)
    }
    fn legacy(s: &ReviewSnapshot) -> bool {
        s.legacy
    }
    fn action_of(cmd: &ReviewCommand) -> ReviewAction {
        cmd.action()
    }

    fn target(_s: &ReviewSnapshot, cmd: &ReviewCommand) -> Option<ReviewStage> {
        Some(match cmd {
            ReviewCommand::DecideValidity { valid: true } => S::Valid,
            ReviewCommand::DecideValidity { valid: false } => S::Invalid,
            ReviewCommand::Decide { upheld: true, .. } => S::Upheld,
            ReviewCommand::Decide { upheld: false, .. } => S::NotUpheld,
        })
    }

    fn scope(s: &ReviewSnapshot, actor: &Actor) -> Result<(), Refusal> {
        if actor.is(Role::ReviewBody) && actor.lpb_id.as_ref() != Some(&s.lpb_id) {
            return Err(Refusal::new(
                Rule::OtherReviewBody,
                "This review belongs to another local policing body",
            ));
        }
        Ok(())
    }

    fn guard(
        g: ReviewGuard,
        s: &ReviewSnapshot,
        actor: &Actor,
        cmd: Option<&ReviewCommand>,
        _today: NaiveDate,
    ) -> Result<(), Refusal> {
        match g {
            G::RelevantReviewBody => {
                let ok = match s.body {
                    ReviewBody::Iopc => actor.is(Role::IopcCaseworker),
                    ReviewBody::LocalPolicingBody => actor.is(Role::ReviewBody),
                };
                if !ok {
                    return Err(Refusal::new(
                        Rule::OtherReviewBody,
                        format!(
                            "The relevant review body for this review is the {}",
                            s.body.label()
                        ),
                    ));
                }
            }
            G::FollowUpOnlyWhenUpheld => {
                if let Some(ReviewCommand::Decide {
                    upheld: false,
                    follow_up: Some(f),
                }) = cmd
                {
                    return Err(Refusal::new(
                        Rule::FollowUpWithoutUpheld,
                        format!("\"{}\" was given with a review not upheld", f.label()),
                    ));
                }
            }
        }
        Ok(())
    }

    fn effects(
        _s: &ReviewSnapshot,
        cmd: &ReviewCommand,
        _actor: &Actor,
        _today: NaiveDate,
    ) -> Vec<Effect> {
        match cmd {
            ReviewCommand::DecideValidity { valid } => {
                vec![Effect::ReviewValidity { valid: *valid }]
            }
            ReviewCommand::Decide { upheld, follow_up } => vec![Effect::ReviewDecided {
                upheld: *upheld,
                follow_up: if *upheld { *follow_up } else { None },
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 5).expect("valid date")
    }
    fn review(stage: ReviewStage, body: ReviewBody) -> ReviewSnapshot {
        ReviewSnapshot {
            stage,
            body,
            lpb_id: LpbId("mopac".into()),
            legacy: false,
        }
    }

    #[test]
    fn the_lpb_decides_its_own_reviews_and_the_iopc_its_own() {
        let mopac = Actor::review_body(LpbId("mopac".into()));
        let iopc = Actor::iopc(Role::IopcCaseworker);
        let lpb_review = review(ReviewStage::Applied, ReviewBody::LocalPolicingBody);
        let valid = ReviewCommand::DecideValidity { valid: true };
        assert_eq!(
            apply(&lpb_review, &valid, &mopac, today()).map(|t| t.to),
            Ok(ReviewStage::Valid)
        );
        assert_eq!(
            apply(&lpb_review, &valid, &iopc, today()).map_err(|r| r.rule),
            Err(Rule::OtherReviewBody)
        );
        let kent = Actor::review_body(LpbId("kent".into()));
        assert_eq!(
            apply(&lpb_review, &valid, &kent, today()).map_err(|r| r.rule),
            Err(Rule::OtherReviewBody)
        );
        assert!(available_actions(&lpb_review, &kent, today()).is_empty());
        let iopc_review = review(ReviewStage::Applied, ReviewBody::Iopc);
        assert_eq!(
            apply(&iopc_review, &valid, &mopac, today()).map_err(|r| r.rule),
            Err(Rule::OtherReviewBody)
        );
        assert_eq!(
            apply(
                &iopc_review,
                &ReviewCommand::DecideValidity { valid: false },
                &iopc,
                today()
            )
            .map(|t| t.to),
            Ok(ReviewStage::Invalid)
        );
        let force = Actor::force_psd(crate::workflow::ForceId("met".into()));
        assert_eq!(
            apply(&iopc_review, &valid, &force, today()).map_err(|r| r.rule),
            Err(Rule::RoleNotAllowed)
        );
    }

    #[test]
    fn a_review_is_decided_only_after_it_is_accepted_as_valid() {
        let iopc = Actor::iopc(Role::IopcCaseworker);
        let applied = review(ReviewStage::Applied, ReviewBody::Iopc);
        let decide = ReviewCommand::Decide {
            upheld: true,
            follow_up: Some(ReviewFollowUp::Reinvestigation),
        };
        assert_eq!(
            apply(&applied, &decide, &iopc, today()).map_err(|r| r.rule),
            Err(Rule::WrongStage)
        );
        let valid = review(ReviewStage::Valid, ReviewBody::Iopc);
        let t = apply(&valid, &decide, &iopc, today()).expect("upheld");
        assert_eq!(t.to, ReviewStage::Upheld);
        assert_eq!(
            t.effects,
            vec![Effect::ReviewDecided {
                upheld: true,
                follow_up: Some(ReviewFollowUp::Reinvestigation)
            }]
        );
    }

    #[test]
    fn a_follow_up_with_a_review_not_upheld_is_refused() {
        let iopc = Actor::iopc(Role::IopcCaseworker);
        let valid = review(ReviewStage::Valid, ReviewBody::Iopc);
        let bad = ReviewCommand::Decide {
            upheld: false,
            follow_up: Some(ReviewFollowUp::Recommendation),
        };
        assert_eq!(
            apply(&valid, &bad, &iopc, today()).map_err(|r| r.rule),
            Err(Rule::FollowUpWithoutUpheld)
        );
        let ok = ReviewCommand::Decide {
            upheld: false,
            follow_up: None,
        };
        assert_eq!(
            apply(&valid, &ok, &iopc, today()).map(|t| t.to),
            Ok(ReviewStage::NotUpheld)
        );
    }
}
