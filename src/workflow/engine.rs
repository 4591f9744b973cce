//! The one generic engine behind every machine's `available_actions` and `apply`.
//!
//! A machine supplies its table and a few small functions (its stage, its kind of case,
//! the organisation scope check, how a command picks its result, the guards, the effects);
//! the engine runs the checks in one fixed order so that every machine refuses the same way:
//! scope, kind, legacy, stage, party, result row, guards.

use chrono::NaiveDate;

use super::refusal::{Refusal, Rule};
use super::{Actor, Coded, Effect, MachineName, Row, Transition};
use crate::domain::vocab::CaseKind;

/// What the engine needs to know about a machine.
pub(crate) trait Machine {
    type State: Coded;
    type Action: Coded;
    type Guard: Coded;
    type Snapshot;
    type Command;

    const NAME: MachineName;
    fn table() -> &'static [Row<Self::State, Self::Action, Self::Guard>];
    fn stage(s: &Self::Snapshot) -> Self::State;
    /// The kind of case, or `None` where the machine does not depend on it.
    fn kind(s: &Self::Snapshot) -> Option<CaseKind>;
    fn legacy(s: &Self::Snapshot) -> bool;
    fn action_of(cmd: &Self::Command) -> Self::Action;
    /// The result a command asks for, where an action has several (`None`: the one row
    /// from the current stage).
    fn target(s: &Self::Snapshot, cmd: &Self::Command) -> Option<Self::State>;
    /// The organisation check: a force user on its own force's case, and so on.
    fn scope(s: &Self::Snapshot, actor: &Actor) -> Result<(), Refusal>;
    /// A guard. `cmd` is `None` when only asking what is available: guards on parameters
    /// then pass.
    fn guard(
        g: Self::Guard,
        s: &Self::Snapshot,
        actor: &Actor,
        cmd: Option<&Self::Command>,
        today: NaiveDate,
    ) -> Result<(), Refusal>;
    /// The refusal for an action that exists but not from this stage. Machines override it
    /// where the law has a more telling rule (interview before notice, ...).
    /// The refusal for an action that exists but not for this kind of case, where the law
    /// has a more telling rule than "not for this kind of case" (the DSI matter's, ...).
    fn kind_refusal(_s: &Self::Snapshot, _action: Self::Action) -> Option<Refusal> {
        None
    }
    fn stage_refusal(
        _s: &Self::Snapshot,
        _action: Self::Action,
        _allowed: &[Self::State],
    ) -> Option<Refusal> {
        None
    }
    fn effects(
        s: &Self::Snapshot,
        cmd: &Self::Command,
        actor: &Actor,
        today: NaiveDate,
    ) -> Vec<Effect>;
}

fn labels<S: Coded>(states: &[S]) -> String {
    let mut v: Vec<&str> = Vec::new();
    for s in states {
        if !v.contains(&s.text()) {
            v.push(s.text());
        }
    }
    v.join(", ")
}

/// The actions this actor may take now.
pub(crate) fn available<M: Machine>(
    s: &M::Snapshot,
    actor: &Actor,
    today: NaiveDate,
) -> Vec<M::Action> {
    if M::scope(s, actor).is_err() {
        return Vec::new();
    }
    let stage = M::stage(s);
    let kind = M::kind(s);
    let legacy = M::legacy(s);
    let mut out: Vec<M::Action> = Vec::new();
    for row in M::table() {
        if out.contains(&row.action)
            || !row.from.contains(&stage)
            || kind.is_some_and(|k| !row.kinds.contains(&k))
            || (row.legacy_only && !legacy)
            || !row.parties.contains(&actor.party)
        {
            continue;
        }
        if row
            .guards
            .iter()
            .all(|g| M::guard(*g, s, actor, None, today).is_ok())
        {
            out.push(row.action);
        }
    }
    out
}

/// Take a step or refuse it.
pub(crate) fn apply<M: Machine>(
    s: &M::Snapshot,
    cmd: &M::Command,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Transition<M::State, M::Action>, Refusal> {
    M::scope(s, actor)?;
    let action = M::action_of(cmd);
    let stage = M::stage(s);
    let kind = M::kind(s);
    let rows: Vec<&Row<_, _, _>> = M::table().iter().filter(|r| r.action == action).collect();
    let source = rows.first().map(|r| r.source).unwrap_or("PRA 2002 Sch 3");

    if let Some(kind) = kind {
        let rows_for_kind = rows.iter().filter(|r| r.kinds.contains(&kind)).count();
        if rows_for_kind == 0 {
            if let Some(refusal) = M::kind_refusal(s, action) {
                return Err(refusal);
            }
            return Err(Refusal::citing(
                Rule::NotForKind,
                source,
                format!(
                    "\"{}\" does not apply to a {}",
                    action.text(),
                    kind.label().to_lowercase()
                ),
            ));
        }
    }
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| kind.is_none_or(|k| r.kinds.contains(&k)))
        .collect();
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| !r.legacy_only || M::legacy(s))
        .collect();
    if rows.is_empty() {
        return Err(Refusal::citing(
            Rule::LegacyOnly,
            source,
            format!(
                "\"{}\" is not open to a case under the 2020 rules",
                action.text()
            ),
        ));
    }
    let allowed: Vec<M::State> = rows.iter().flat_map(|r| r.from.iter().copied()).collect();
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r.from.contains(&stage))
        .collect();
    if rows.is_empty() {
        return Err(M::stage_refusal(s, action, &allowed).unwrap_or_else(|| {
            Refusal::citing(
                Rule::WrongStage,
                source,
                format!(
                    "\"{}\" is possible only at: {}; the {} is at: {}",
                    action.text(),
                    labels(&allowed),
                    M::NAME.label().to_lowercase(),
                    stage.text()
                ),
            )
        }));
    }
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r.parties.contains(&actor.party))
        .collect();
    let Some(first) = rows.first() else {
        return Err(Refusal::citing(
            Rule::RoleNotAllowed,
            source,
            format!(
                "\"{}\" is not open to: {}",
                action.text(),
                actor.party.label()
            ),
        ));
    };
    let row = match M::target(s, cmd) {
        None => *first,
        Some(to) => match rows.iter().find(|r| r.to == to) {
            Some(r) => *r,
            None => {
                return Err(Refusal::citing(
                    Rule::WrongStage,
                    source,
                    format!(
                        "\"{}\" cannot lead from {} to {}",
                        action.text(),
                        stage.text(),
                        to.text()
                    ),
                ));
            }
        },
    };
    for g in row.guards {
        M::guard(*g, s, actor, Some(cmd), today)?;
    }
    Ok(Transition {
        machine: M::NAME,
        from: stage,
        action,
        to: row.to,
        on: today,
        source: row.source,
        effects: M::effects(s, cmd, actor, today),
    })
}
