//! A record's history as the pages show it: each audit event as a sentence in plain English,
//! with who acted and when.

use std::str::FromStr;

use chrono::NaiveDateTime;

use crate::db::audit::Action;
use crate::db::case_page::EventRow;
use crate::domain::vocab::{CaseStage, RecommendationStage, ReviewStage, Role, SubjectStage};
use crate::workflow::english_date;

/// One event of a timeline.
pub struct TimelineItem {
    pub(crate) title: String,
    pub(crate) summary: Option<String>,
    pub(crate) who: String,
    pub(crate) when: String,
    pub(crate) datetime: String,
    /// "3 working days late (due 14 March 2026)", for a step taken after its deadline.
    pub(crate) late: Option<String>,
}

fn when(t: NaiveDateTime) -> String {
    format!("{}, {}", english_date(t.date()), t.format("%H:%M"))
}

/// The day a step happened, where it differs from the day it was entered.
fn dated_earlier(e: &EventRow) -> Option<chrono::NaiveDate> {
    e.step_on.filter(|&on| on != e.occurred_at.date())
}

fn role_label(code: Option<&str>) -> String {
    match code {
        Some("complainant") => "Complainant".to_owned(),
        Some("system") => "System".to_owned(),
        Some(code) => {
            Role::from_str(code).map_or_else(|_| humanize(code), |r| r.label().to_owned())
        }
        None => String::new(),
    }
}

/// "log_evidence" -> "Log evidence".
pub fn humanize(code: &str) -> String {
    let spaced = code.replace('_', " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How the timeline says an event's action: from the action's type ([`Action::label`]); a
/// code no type knows (none should be written) is shown as it is spelt.
fn action_label(entity_kind: &str, action: &str) -> String {
    Action::parse(entity_kind, action).map_or_else(|_| humanize(action), |a| a.label().to_owned())
}

fn state_label(entity_kind: &str, code: &str) -> String {
    let known = match entity_kind {
        "case" | "case_record" => CaseStage::from_str(code).ok().map(CaseStage::label),
        "case_subject" => SubjectStage::from_str(code).ok().map(SubjectStage::label),
        "review" => ReviewStage::from_str(code).ok().map(ReviewStage::label),
        "recommendation" => RecommendationStage::from_str(code)
            .ok()
            .map(RecommendationStage::label),
        _ => None,
    };
    known.map_or_else(|| humanize(code), str::to_owned)
}

/// One audit event as a sentence: "Refer to the IOPC — stage changed from Recorded to
/// Referred to the IOPC".
pub fn event_sentence(e: &EventRow) -> String {
    let mut s = String::new();
    if let Some(name) = &e.subject_name {
        s.push_str(name);
        s.push_str(": ");
    }
    s.push_str(&action_label(&e.entity_kind, &e.action));
    if let Some(mode) = e.mode {
        s.push_str(&format!(": {} investigation", mode.label().to_lowercase()));
    }
    match (e.from_state.as_deref(), e.to_state.as_deref()) {
        (Some(from), Some(to)) if from != to => s.push_str(&format!(
            " — stage changed from {} to {}",
            state_label(&e.entity_kind, from),
            state_label(&e.entity_kind, to)
        )),
        // A case starts at Logged: "Logged a complaint" says it already.
        (None, Some(to)) if to != "logged" => s.push_str(&format!(
            " — stage is now {}",
            state_label(&e.entity_kind, to)
        )),
        _ => {}
    }
    s
}

pub(crate) fn timeline_item(e: &EventRow) -> TimelineItem {
    let who = match (&e.actor_name, &e.actor_description) {
        (Some(name), _) => {
            let role = role_label(e.actor_role.as_deref());
            if role.is_empty() {
                name.clone()
            } else {
                format!("{name} ({role})")
            }
        }
        (None, Some(d)) => humanize(d),
        (None, None) => role_label(e.actor_role.as_deref()),
    };
    TimelineItem {
        title: event_sentence(e),
        summary: e.summary.clone(),
        who,
        // A step dated earlier than it was entered says both ("19 June 2020, entered 2 December
        // 2026, 14:05"), and its machine-readable date is the day it happened.
        when: match dated_earlier(e) {
            Some(on) => format!("{}, entered {}", english_date(on), when(e.occurred_at)),
            None => when(e.occurred_at),
        },
        datetime: match dated_earlier(e) {
            Some(on) => on.format("%Y-%m-%d").to_string(),
            None => e.occurred_at.format("%Y-%m-%dT%H:%M").to_string(),
        },
        late: e.late.map(|l| l.describe()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::audit::RecordAction;
    use crate::workflow::case::CaseAction;
    use crate::workflow::recommendation::RecommendationAction;
    use crate::workflow::{ReviewAction, SubjectAction};

    /// Every action an event can be written with reads back as its own words.
    #[test]
    fn every_audited_action_reads_back_as_its_label() {
        let every: Vec<(&str, Action)> = CaseAction::ALL
            .iter()
            .map(|&a| ("case", Action::Case(a)))
            .chain(
                SubjectAction::ALL
                    .iter()
                    .map(|&a| ("case_subject", Action::Subject(a))),
            )
            .chain(
                ReviewAction::ALL
                    .iter()
                    .map(|&a| ("review", Action::Review(a))),
            )
            .chain(
                RecommendationAction::ALL
                    .iter()
                    .map(|&a| ("recommendation", Action::Recommendation(a))),
            )
            .chain(
                RecordAction::ALL
                    .iter()
                    .map(|&a| ("case", Action::Record(a))),
            )
            .collect();
        for (entity, action) in every {
            assert_eq!(
                Action::parse(entity, action.code()),
                Ok(action),
                "{action:?}"
            );
            assert_eq!(action_label(entity, action.code()), action.label());
        }
        // The recommendation machine's steps read in the past tense on a timeline.
        assert_eq!(
            action_label("recommendation", "publish"),
            "Recommendation and response published"
        );
        assert_eq!(action_label("case", "log_complaint"), "Logged a complaint");
    }
}
