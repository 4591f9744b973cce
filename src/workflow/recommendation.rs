//! The recommendation machine: a learning recommendation from the IOPC (or a review body) to
//! a force or other organisation (Sch 3 paras 28A, 28B).
//!
//! The recipient must respond in writing within 56 days, saying what it has done or will do,
//! or why it will not act; the IOPC may extend the period on a request made before it
//! expires; the IOPC then publishes the recommendation and the response (within 21 days: see
//! `clocks`). A force user responds only for its own force; an IOPC caseworker records
//! responses from other organisations or received by post, with the date they arrived.
//! Recommendations do not depend on the kind of case (they may come from none).
//!
//! Extensions are three self-loops on "made", so the diagram and the database mirror show the
//! whole exchange: the recipient force **requests** more time (only before the response is
//! due, and one request at a time), the IOPC **grants** it (moving the due date later; the
//! request may also have come by letter, so the grant names the day it was asked for) or
//! **refuses** it (the due date stays). A pending request lapses when the response arrives.

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
        RequestExtension = "request_extension" => "Request an extension",
        GrantExtension = "grant_extension" => "Grant an extension",
        RefuseExtension = "refuse_extension" => "Refuse the extension",
        RecordResponse = "record_response" => "Record the response",
        Publish = "publish" => "Publish",
    }
}

closed_set! {
    /// The guards of the recommendation machine.
    RecommendationGuard as "recommendation_guard" {
        BeforeDueDate = "before_due_date" => "Before the response is due",
        NoRequestPending = "no_request_pending" => "No other request awaits a decision",
        RequestPending = "request_pending" => "A request awaits a decision",
        RequestedBeforeDue = "requested_before_due" => "Requested before the due date",
        ExtendsDueDate = "extends_due_date" => "Moves the due date later",
        ResponseSaysSomething = "response_says_something" => "The response says what will be done",
        ReceivedOnAPossibleDate = "received_on_a_possible_date" => "Received after the recommendation and not in the future",
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
    /// The day a request for an extension was made, while it awaits the IOPC's decision.
    pub pending_extension_request: Option<NaiveDate>,
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
            pending_extension_request: None,
        }
    }

    /// Bring the snapshot up to date after a transition.
    pub fn advance(&mut self, t: &RecommendationTransition) {
        self.stage = t.to;
        for e in &t.effects {
            match e {
                Effect::ExtensionRequested { on, .. } => self.pending_extension_request = Some(*on),
                Effect::ExtensionGranted { new_due, .. } => {
                    self.due_on = *new_due;
                    self.pending_extension_request = None;
                }
                Effect::ExtensionRefused { .. } => self.pending_extension_request = None,
                Effect::ResponseRecorded { on, .. } => {
                    self.response_received_on = Some(*on);
                    self.pending_extension_request = None;
                }
                _ => {}
            }
        }
    }
}

/// The action with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecommendationCommand {
    /// The recipient asks for the response to be due later, on `new_due`, for `reason`.
    RequestExtension { new_due: NaiveDate, reason: String },
    /// The IOPC extends the time, on a request made on `requested_on`.
    GrantExtension {
        requested_on: NaiveDate,
        new_due: NaiveDate,
        reason: String,
    },
    /// The IOPC refuses the request awaiting its decision.
    RefuseExtension { reason: String },
    /// The recipient's answer, received on `received_on` (today when the force answers here).
    RecordResponse {
        response: RecommendationResponse,
        action: String,
        received_on: NaiveDate,
    },
    /// The IOPC publishes the recommendation and the response, with a summary.
    Publish { summary: String },
}

impl RecommendationCommand {
    /// The action this command takes.
    pub fn action(&self) -> RecommendationAction {
        match self {
            RecommendationCommand::RequestExtension { .. } => {
                RecommendationAction::RequestExtension
            }
            RecommendationCommand::GrantExtension { .. } => RecommendationAction::GrantExtension,
            RecommendationCommand::RefuseExtension { .. } => RecommendationAction::RefuseExtension,
            RecommendationCommand::RecordResponse { .. } => RecommendationAction::RecordResponse,
            RecommendationCommand::Publish { .. } => RecommendationAction::Publish,
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
        action: RecommendationAction::RequestExtension,
        to: S::Made,
        parties: &[PSD],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::BeforeDueDate, G::NoRequestPending, G::ExtendsDueDate],
        source: "Sch 3 para 28B",
        description: "The recipient force asks the IOPC, before the response is due, for more time to respond.",
    },
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
        action: RecommendationAction::RefuseExtension,
        to: S::Made,
        parties: &[CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::RequestPending],
        source: "Sch 3 para 28B",
        description: "The IOPC refuses a request for more time: the response stays due on the same date.",
    },
    Row {
        from: &[S::Made],
        action: RecommendationAction::RecordResponse,
        to: S::ResponseReceived,
        parties: &[PSD, CASEWORKER],
        kinds: ALL,
        legacy_only: false,
        guards: &[G::ResponseSaysSomething, G::ReceivedOnAPossibleDate],
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
        today: NaiveDate,
    ) -> Result<(), Refusal> {
        use RecommendationCommand as C;
        match (g, cmd) {
            // Sch 3 para 28B: the request must come before the time to respond expires.
            (G::BeforeDueDate, _) if today > s.due_on => Err(Refusal::new(
                Rule::ExtensionTooLate,
                format!(
                    "The response was due on {}; today is {}",
                    english_date(s.due_on),
                    english_date(today)
                ),
            )),
            (G::NoRequestPending, _) => match s.pending_extension_request {
                Some(on) => Err(Refusal::new(
                    Rule::ExtensionAlreadyRequested,
                    format!(
                        "The request made on {} still awaits the IOPC's decision",
                        english_date(on)
                    ),
                )),
                None => Ok(()),
            },
            (G::RequestPending, _) if s.pending_extension_request.is_none() => Err(Refusal::new(
                Rule::NoExtensionRequested,
                "No request awaits a decision",
            )),
            (G::RequestedBeforeDue, Some(C::GrantExtension { requested_on, .. }))
                if *requested_on > s.due_on =>
            {
                Err(Refusal::new(
                    Rule::ExtensionTooLate,
                    format!(
                        "The response was due on {}; the request was made on {}",
                        english_date(s.due_on),
                        english_date(*requested_on)
                    ),
                ))
            }
            (
                G::ExtendsDueDate,
                Some(C::GrantExtension { new_due, .. } | C::RequestExtension { new_due, .. }),
            ) if *new_due <= s.due_on => Err(Refusal::new(
                Rule::ExtensionNotLater,
                format!(
                    "The response is due on {}; the new date given is {}",
                    english_date(s.due_on),
                    english_date(*new_due)
                ),
            )),
            (G::ResponseSaysSomething, Some(C::RecordResponse { action, .. }))
                if action.trim().is_empty() =>
            {
                Err(Refusal::new(
                    Rule::ResponseWithoutAction,
                    "The response gives no action or reason",
                ))
            }
            (G::ReceivedOnAPossibleDate, Some(C::RecordResponse { received_on, .. }))
                if *received_on < s.made_on || *received_on > today =>
            {
                Err(Refusal::new(
                    Rule::ResponseDateImpossible,
                    format!(
                        "The recommendation was made on {} and today is {}; the date given is {}",
                        english_date(s.made_on),
                        english_date(today),
                        english_date(*received_on)
                    ),
                ))
            }
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
            RecommendationCommand::RequestExtension { new_due, reason } => {
                vec![Effect::ExtensionRequested {
                    on: today,
                    new_due: *new_due,
                    reason: reason.clone(),
                }]
            }
            RecommendationCommand::GrantExtension {
                requested_on,
                new_due,
                reason,
            } => vec![Effect::ExtensionGranted {
                requested_on: *requested_on,
                new_due: *new_due,
                reason: reason.clone(),
            }],
            RecommendationCommand::RefuseExtension { reason } => vec![Effect::ExtensionRefused {
                on: today,
                reason: reason.clone(),
            }],
            RecommendationCommand::RecordResponse {
                response,
                action,
                received_on,
            } => {
                vec![Effect::ResponseRecorded {
                    response: *response,
                    action: action.clone(),
                    on: *received_on,
                }]
            }
            RecommendationCommand::Publish { summary } => vec![Effect::Published {
                on: today,
                summary: summary.clone(),
            }],
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
    fn caseworker() -> Actor {
        Actor::iopc(Role::IopcCaseworker)
    }
    fn grant(requested_on: NaiveDate, new_due: NaiveDate) -> RecommendationCommand {
        RecommendationCommand::GrantExtension {
            requested_on,
            new_due,
            reason: "The force is consulting its firearms command".into(),
        }
    }
    fn request(new_due: NaiveDate) -> RecommendationCommand {
        RecommendationCommand::RequestExtension {
            new_due,
            reason: "The force is consulting its firearms command".into(),
        }
    }
    fn respond(received_on: NaiveDate) -> RecommendationCommand {
        RecommendationCommand::RecordResponse {
            response: RecommendationResponse::Accepted,
            action: "Done".into(),
            received_on,
        }
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
        let t = apply(
            &r,
            &grant(day(2022, 3, 17), day(2022, 4, 14)),
            &caseworker(),
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
        let e = apply(
            &r,
            &grant(day(2022, 3, 18), day(2022, 4, 14)),
            &caseworker(),
            day(2022, 3, 18),
        )
        .expect_err("too late");
        assert_eq!(e.rule, Rule::ExtensionTooLate);
        assert!(e.message().contains("17 March 2022"));
        let e = apply(
            &r,
            &grant(day(2022, 3, 1), day(2022, 3, 10)),
            &caseworker(),
            day(2022, 3, 1),
        )
        .expect_err("not later");
        assert_eq!(e.rule, Rule::ExtensionNotLater);
        assert_eq!(
            apply(
                &r,
                &grant(day(2022, 3, 1), day(2022, 4, 1)),
                &Actor::force_psd(met()),
                day(2022, 3, 1)
            )
            .map_err(|r| r.rule),
            Err(Rule::RoleNotAllowed)
        );
    }

    #[test]
    fn the_recipient_requests_an_extension_only_before_the_response_is_due() {
        let r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        let psd = Actor::force_psd(met());
        // On the due date itself the request is still in time (Sch 3 para 28B).
        assert!(
            available_actions(&r, &psd, day(2022, 3, 17))
                .contains(&RecommendationAction::RequestExtension)
        );
        let t = apply(&r, &request(day(2022, 4, 14)), &psd, day(2022, 3, 17)).expect("in time");
        assert_eq!(t.to, RecommendationStage::Made);
        // The day after, it is not offered and is refused, naming the due date.
        assert!(
            !available_actions(&r, &psd, day(2022, 3, 18))
                .contains(&RecommendationAction::RequestExtension)
        );
        let e = apply(&r, &request(day(2022, 4, 14)), &psd, day(2022, 3, 18)).expect_err("late");
        assert_eq!(e.rule, Rule::ExtensionTooLate);
        assert!(e.message().contains("17 March 2022"), "{}", e.message());
        // The new date must be later than the current one.
        let e = apply(&r, &request(day(2022, 3, 17)), &psd, day(2022, 3, 1)).expect_err("same");
        assert_eq!(e.rule, Rule::ExtensionNotLater);
        // Only the recipient force asks; the IOPC grants.
        assert_eq!(
            apply(
                &r,
                &request(day(2022, 4, 14)),
                &caseworker(),
                day(2022, 3, 1)
            )
            .map_err(|e| e.rule),
            Err(Rule::RoleNotAllowed)
        );
        assert_eq!(
            apply(
                &r,
                &request(day(2022, 4, 14)),
                &Actor::force_psd(ForceId("kent".into())),
                day(2022, 3, 1)
            )
            .map_err(|e| e.rule),
            Err(Rule::OtherForce)
        );
    }

    #[test]
    fn only_one_extension_request_awaits_a_decision_and_the_decision_closes_it() {
        let mut r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        let psd = Actor::force_psd(met());
        // Nothing to refuse yet.
        assert_eq!(
            apply(
                &r,
                &RecommendationCommand::RefuseExtension {
                    reason: "No".into()
                },
                &caseworker(),
                day(2022, 3, 1)
            )
            .map_err(|e| e.rule),
            Err(Rule::NoExtensionRequested)
        );
        assert!(
            !available_actions(&r, &caseworker(), day(2022, 3, 1))
                .contains(&RecommendationAction::RefuseExtension)
        );
        let t = apply(&r, &request(day(2022, 4, 14)), &psd, day(2022, 3, 1)).expect("asked");
        r.advance(&t);
        assert_eq!(r.pending_extension_request, Some(day(2022, 3, 1)));
        let e = apply(&r, &request(day(2022, 4, 28)), &psd, day(2022, 3, 2)).expect_err("twice");
        assert_eq!(e.rule, Rule::ExtensionAlreadyRequested);
        assert!(e.message().contains("1 March 2022"));
        assert!(
            available_actions(&r, &caseworker(), day(2022, 3, 2))
                .contains(&RecommendationAction::RefuseExtension)
        );
        let t = apply(
            &r,
            &RecommendationCommand::RefuseExtension {
                reason: "The response can be given in time".into(),
            },
            &caseworker(),
            day(2022, 3, 3),
        )
        .expect("refused");
        r.advance(&t);
        assert_eq!(r.pending_extension_request, None);
        assert_eq!(r.due_on, day(2022, 3, 17), "a refusal keeps the due date");
        // A fresh request may follow, and a grant closes it.
        let t = apply(&r, &request(day(2022, 4, 14)), &psd, day(2022, 3, 4)).expect("again");
        r.advance(&t);
        let t = apply(
            &r,
            &grant(day(2022, 3, 4), day(2022, 4, 14)),
            &caseworker(),
            day(2022, 3, 21),
        )
        .expect("granted after the old due date, on a request made before it");
        r.advance(&t);
        assert_eq!(
            (r.due_on, r.pending_extension_request),
            (day(2022, 4, 14), None)
        );
    }

    #[test]
    fn a_response_must_say_what_will_be_done_and_come_from_the_recipient() {
        let r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        let empty = RecommendationCommand::RecordResponse {
            response: RecommendationResponse::NotAccepted,
            action: "  ".into(),
            received_on: day(2022, 3, 1),
        };
        assert_eq!(
            apply(&r, &empty, &Actor::force_psd(met()), day(2022, 3, 1)).map_err(|r| r.rule),
            Err(Rule::ResponseWithoutAction)
        );
        assert_eq!(
            apply(
                &r,
                &respond(day(2022, 3, 1)),
                &Actor::force_psd(ForceId("kent".into())),
                day(2022, 3, 1)
            )
            .map_err(|r| r.rule),
            Err(Rule::OtherForce)
        );
        assert_eq!(
            available_actions(&r, &Actor::force_psd(met()), day(2022, 3, 1)),
            vec![
                RecommendationAction::RequestExtension,
                RecommendationAction::RecordResponse
            ]
        );
        let published = RecommendationSnapshot {
            stage: RecommendationStage::Published,
            ..r
        };
        assert!(available_actions(&published, &caseworker(), day(2022, 3, 1)).is_empty());
    }

    #[test]
    fn a_response_received_before_the_recommendation_or_in_the_future_is_refused() {
        let r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        for received in [day(2022, 1, 19), day(2022, 3, 2)] {
            let e = apply(&r, &respond(received), &caseworker(), day(2022, 3, 1))
                .expect_err("impossible date");
            assert_eq!(e.rule, Rule::ResponseDateImpossible);
        }
        let t = apply(
            &r,
            &respond(day(2022, 2, 25)),
            &caseworker(),
            day(2022, 3, 1),
        )
        .expect("a letter received last week");
        assert_eq!(
            t.effects,
            vec![Effect::ResponseRecorded {
                response: RecommendationResponse::Accepted,
                action: "Done".into(),
                on: day(2022, 2, 25),
            }]
        );
    }

    #[test]
    fn a_pending_request_lapses_when_the_response_arrives() {
        let mut r = RecommendationSnapshot::new(day(2022, 1, 20), Some(met()));
        let psd = Actor::force_psd(met());
        let t = apply(&r, &request(day(2022, 4, 14)), &psd, day(2022, 3, 1)).expect("asked");
        r.advance(&t);
        let t = apply(&r, &respond(day(2022, 3, 10)), &psd, day(2022, 3, 10)).expect("answered");
        r.advance(&t);
        assert_eq!(r.stage, RecommendationStage::ResponseReceived);
        assert_eq!(r.pending_extension_request, None);
    }
}
