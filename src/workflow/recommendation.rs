//! The recommendation machine: a learning recommendation from the IOPC (or a review body) to
//! a force or other organisation (Sch 3 paras 28A, 28B).
//!
//! The recipient must respond in writing within 56 days, saying what it has done or will do,
//! or why it will not act; the IOPC may extend the period on a request made before it
//! expires (a self-loop that moves the due date); the IOPC then publishes the recommendation
//! and the response (within 21 days: see `clocks`). A force user responds only for its own
//! force; an IOPC caseworker records responses from other organisations or received by post.
//! Recommendations do not depend on the kind of case (they may come from none).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::engine::{self, Machine};
use super::kinds::ALL;
use super::parties::{CASEWORKER, PSD};
use super::refusal::{Refusal, Rule};
use super::{Actor, Effect, ForceId, MachineName, Party, Row, Transition, coded, english_date};
use crate::domain::vocab::{
    CaseKind, RecommendationResponse, RecommendationStage, Role, UnknownValue, closed_set,
};

closed_set! {
    /// The steps of the recommendation machine.
    RecommendationAction as "recommendation_action" {
        GrantExtension = "grant_extension" => "Grant an extension",
        RecordResponse = "record_response" => "Record the response",
        Publish = "publish" => "Publish",
    }
}

closed_set! {
    /// The guards of the recommendation machine.
    RecommendationGuard as "recommendation_guard" {
        RequestedBeforeDue = "requested_before_due" => "Requested before the due date",
        ExtendsDueDate = "extends_due_date" => "Moves the due date later",
        ResponseSaysSomething = "response_says_something" => "The response says what will be done",
    }
}

coded!(RecommendationAction, RecommendationGuard);

/// A recommendation as the workflow needs to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationSnapshot {
    pub stage: RecommendationStage,
    pub made_on: NaiveDate,
    /// The response due date (56 days, or as extended).
    pub due_on: NaiveDate,
    /// The recipient force, or `None` for another organisation.
    pub recipient_force_id: Option<ForceId>,
    pub response_received_on: Option<NaiveDate>,
}

impl RecommendationSnapshot {
    /// A recommendation made on `made_on` to `recipient`, due 56 days later (para 28B(2)).
    pub fn new(made_on: NaiveDate, recipient: Option<ForceId>) -> Self {
        RecommendationSnapshot {
            stage: RecommendationStage::Made,
            made_on,
            due_on: super::clocks::recommendation_response_due(made_on),
            recipient_force_id: recipient,
            response_received_on: None,
        }
    }

    /// Bring the snapshot up to date after a transition.
    pub fn advance(&mut self, t: &RecommendationTransition) {
        self.stage = t.to;
        for e in &t.effects {
            match e {
                Effect::ExtensionGranted { new_due } => self.due_on = *new_due,
                Effect::ResponseRecorded { on, .. } => self.response_received_on = Some(*on),
                _ => {}
            }
        }
    }
}

/// The action with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecommendationCommand {
    GrantExtension {
        requested_on: NaiveDate,
        new_due: NaiveDate,
    },
    RecordResponse {
        response: RecommendationResponse,
        action: String,
    },
    Publish,
}

impl RecommendationCommand {
    /// The action this command takes.
    pub fn action(&self) -> RecommendationAction {
        match self {
            RecommendationCommand::GrantExtension { .. } => RecommendationAction::GrantExtension,
            RecommendationCommand::RecordResponse { .. } => RecommendationAction::RecordResponse,
            RecommendationCommand::Publish => RecommendationAction::Publish,
        }
    }
}

/// A step of the recommendation machine.
pub type RecommendationTransition = Transition<RecommendationStage, RecommendationAction>;

/// The state a new recommendation starts in.
pub const INITIAL: RecommendationStage = RecommendationStage::Made;
/// States with no way out.
pub const TERMINAL: &[RecommendationStage] = &[RecommendationStage::Published];

use RecommendationGuard as G;
use RecommendationStage as S;

type RecommendationRow = Row<RecommendationStage, RecommendationAction, RecommendationGuard>;

/// The recommendation machine's transitions.
pub static TABLE: &[RecommendationRow] = &[
    Row {
        from: &[S::Made],
        action: RecommendationAction::GrantExtension,
        to: S::Made,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::RequestedBeforeDue, G::ExtendsDueDate],
        source: "Sch 3 para 28B",
        description: "The IOPC extends the time to respond, on a request made before it expired.",
    },
    Row {
        from: &[S::Made],
        action: RecommendationAction::RecordResponse,
        to: S::ResponseReceived,
        parties: &[PSD, CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::ResponseSaysSomething],
        source: "Sch 3 para 28B(2)",
        description: "The recipient responds in writing: whether it accepts the recommendation and what it has done or will do, or why not.",
    },
    Row {
        from: &[S::ResponseReceived],
        action: RecommendationAction::Publish,
        to: S::Published,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[],
        source: "Sch 3 para 28B(5)",
        description: "The IOPC publishes the recommendation and the response.",
    },
];

/// What this actor may do to the recommendation now.
pub fn available_actions(
    rec: &RecommendationSnapshot,
    actor: &Actor,
    today: NaiveDate,
) -> Vec<RecommendationAction> {
    engine::available::<RecommendationMachine>(rec, actor, today)
}

/// Take a step on the recommendation, or say which rule forbids it.
pub fn apply(
    rec: &RecommendationSnapshot,
    command: &RecommendationCommand,
    actor: &Actor,
    today: NaiveDate,
) -> Result<RecommendationTransition, Refusal> {
    engine::apply::<RecommendationMachine>(rec, command, actor, today)
}

pub(crate) struct RecommendationMachine;

impl Machine for RecommendationMachine {
    type State = RecommendationStage;
    type Action = RecommendationAction;
    type Guard = RecommendationGuard;
    type Snapshot = RecommendationSnapshot;
    type Command = RecommendationCommand;
    const NAME: MachineName = MachineName::Recommendation;

    fn table() -> &'static [RecommendationRow] {
        TABLE
    }
    fn stage(s: &RecommendationSnapshot) -> RecommendationStage {
        s.stage
    }
    fn kind(_s: &RecommendationSnapshot) -> Option<CaseKind> {
        None
    }
    fn legacy(_s: &RecommendationSnapshot) -> bool {
        false
    }
    fn action_of(cmd: &RecommendationCommand) -> RecommendationAction {
        cmd.action()
    }
    fn target(
        _s: &RecommendationSnapshot,
        _cmd: &RecommendationCommand,
    ) -> Option<RecommendationStage> {
        None
    }

    fn scope(s: &RecommendationSnapshot, actor: &Actor) -> Result<(), Refusal> {
        if actor.party == Party::Staff(Role::ForcePsd)
            && (s.recipient_force_id.is_none() || actor.force_id != s.recipient_force_id)
        {
            return Err(Refusal::new(
                Rule::OtherForce,
                "This recommendation was made to another organisation",
            ));
        }
        Ok(())
    }

    fn guard(
        g: RecommendationGuard,
        s: &RecommendationSnapshot,
        _actor: &Actor,
        cmd: Option<&RecommendationCommand>,
        _today: NaiveDate,
    ) -> Result<(), Refusal> {
        match (g, cmd) {
            (
                G::RequestedBeforeDue,
                Some(RecommendationCommand::GrantExtension { requested_on, .. }),
            ) if *requested_on > s.due_on => Err(Refusal::new(
                Rule::ExtensionTooLate,
                format!(
                    "The response was due on {}; the request was made on {}",
                    english_date(s.due_on),
                    english_date(*requested_on)
                ),
            )),
            (G::ExtendsDueDate, Some(RecommendationCommand::GrantExtension { new_due, .. }))
                if *new_due <= s.due_on =>
            {
                Err(Refusal::new(
                    Rule::ExtensionNotLater,
                    format!(
                        "The response is due on {}; the new date given is {}",
                        english_date(s.due_on),
                        english_date(*new_due)
                    ),
                ))
            }
            (
                G::ResponseSaysSomething,
                Some(RecommendationCommand::RecordResponse { action, .. }),
            ) if action.trim().is_empty() => Err(Refusal::new(
                Rule::ResponseWithoutAction,
                "The response gives no action or reason",
            )),
            _ => Ok(()),
        }
    }

    fn effects(
        _s: &RecommendationSnapshot,
        cmd: &RecommendationCommand,
        _actor: &Actor,
        today: NaiveDate,
    ) -> Vec<Effect> {
        match cmd {
            RecommendationCommand::GrantExtension { new_due, .. } => {
                vec![Effect::ExtensionGranted { new_due: *new_due }]
            }
            RecommendationCommand::RecordResponse { response, action } => {
                vec![Effect::ResponseRecorded {
                    response: *response,
                    action: action.clone(),
                    on: today,
                }]
            }
            RecommendationCommand::Publish => vec![Effect::Published { on: today }],
        }
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

    #[test]
    fn a_recommendation_made_on_20_january_2022_is_due_on_17_march_2022() {
        assert_eq!(
            RecommendationSnapshot::new(day(2022, 1, 20), Some(met())).due_on,
            day(2022, 3, 17)
        );
    }

    #[test]
    fn an_extension_requested_before_the_due_date_is_granted() {
        let r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        let cw = Actor::iopc(Role::IopcCaseworker);
        let t = apply(
            &r,
            &RecommendationCommand::GrantExtension {
                requested_on: day(2022, 3, 17),
                new_due: day(2022, 4, 14),
            },
            &cw,
            day(2022, 3, 18),
        )
        .expect("granted");
        assert_eq!(
            (t.from, t.to),
            (RecommendationStage::Made, RecommendationStage::Made)
        );
        let mut r2 = r.clone();
        r2.advance(&t);
        assert_eq!(r2.due_on, day(2022, 4, 14));
    }

    #[test]
    fn an_extension_requested_after_the_due_date_is_refused() {
        let r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        let cw = Actor::iopc(Role::IopcCaseworker);
        let e = apply(
            &r,
            &RecommendationCommand::GrantExtension {
                requested_on: day(2022, 3, 18),
                new_due: day(2022, 4, 14),
            },
            &cw,
            day(2022, 3, 18),
        )
        .expect_err("too late");
        assert_eq!(e.rule, Rule::ExtensionTooLate);
        assert!(e.message().contains("17 March 2022"));
        let e = apply(
            &r,
            &RecommendationCommand::GrantExtension {
                requested_on: day(2022, 3, 1),
                new_due: day(2022, 3, 10),
            },
            &cw,
            day(2022, 3, 1),
        )
        .expect_err("not later");
        assert_eq!(e.rule, Rule::ExtensionNotLater);
        assert_eq!(
            apply(
                &r,
                &RecommendationCommand::GrantExtension {
                    requested_on: day(2022, 3, 1),
                    new_due: day(2022, 4, 1)
                },
                &Actor::force_psd(met()),
                day(2022, 3, 1)
            )
            .map_err(|r| r.rule),
            Err(Rule::RoleNotAllowed)
        );
    }

    #[test]
    fn a_response_must_say_what_will_be_done_and_come_from_the_recipient() {
        let r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        let empty = RecommendationCommand::RecordResponse {
            response: RecommendationResponse::NotAccepted,
            action: "  ".into(),
        };
        assert_eq!(
            apply(&r, &empty, &Actor::force_psd(met()), day(2022, 3, 1)).map_err(|r| r.rule),
            Err(Rule::ResponseWithoutAction)
        );
        let ok = RecommendationCommand::RecordResponse {
            response: RecommendationResponse::Accepted,
            action: "Done".into(),
        };
        assert_eq!(
            apply(
                &r,
                &ok,
                &Actor::force_psd(ForceId("kent".into())),
                day(2022, 3, 1)
            )
            .map_err(|r| r.rule),
            Err(Rule::OtherForce)
        );
        assert_eq!(
            available_actions(&r, &Actor::force_psd(met()), day(2022, 3, 1)),
            vec![RecommendationAction::RecordResponse]
        );
        let published = RecommendationSnapshot {
            stage: RecommendationStage::Published,
            ..r
        };
        assert!(
            available_actions(
                &published,
                &Actor::iopc(Role::IopcCaseworker),
                day(2022, 3, 1)
            )
            .is_empty()
        );
    }
}
