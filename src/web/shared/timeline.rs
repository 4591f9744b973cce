//! A record's history as the pages show it: each audit event as a sentence in plain English,
//! with who acted and when.

use std::str::FromStr;

use chrono::NaiveDateTime;

use crate::db::case_page::EventRow;
use crate::domain::vocab::{CaseStage, RecommendationStage, ReviewStage, Role, SubjectStage};
use crate::workflow::case::CaseAction;
use crate::workflow::recommendation::RecommendationAction;
use crate::workflow::{ReviewAction, SubjectAction, english_date};

/// One event of a timeline.
pub struct TimelineItem {
    pub(crate) title: String,
    pub(crate) summary: Option<String>,
    pub(crate) who: String,
    pub(crate) when: String,
    pub(crate) datetime: String,
}

fn when(t: NaiveDateTime) -> String {
    format!("{}, {}", english_date(t.date()), t.format("%H:%M"))
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

fn action_label(entity_kind: &str, action: &str) -> String {
    let known = match entity_kind {
        "case" | "case_record" => CaseAction::from_str(action).ok().map(CaseAction::label),
        "case_subject" => SubjectAction::from_str(action)
            .ok()
            .map(SubjectAction::label),
        "review" => ReviewAction::from_str(action).ok().map(ReviewAction::label),
        "recommendation" => event_label(action),
        _ => None,
    };
    if let Some(label) = known {
        return label.to_owned();
    }
    match action {
        "log" => "Logged".to_owned(),
        "log_complaint" => "Logged a complaint".to_owned(),
        "log_conduct_matter" => "Logged a recordable conduct matter".to_owned(),
        "log_dsi_matter" => "Logged a death or serious injury matter".to_owned(),
        "log_evidence" => "Evidence logged".to_owned(),
        "log_contact" => "Contact with the complainant logged".to_owned(),
        "send_progress_notice" => "Progress notice sent".to_owned(),
        "update_investigation_details" => "Investigation details updated".to_owned(),
        "link_case" => "Linked to another case".to_owned(),
        "make_recommendation" => "Recommendation made".to_owned(),
        "withhold" => "Information withheld under the harm test".to_owned(),
        "add_subject" => "Subject added".to_owned(),
        "record_left_force" => "Recorded as having left the force".to_owned(),
        other => humanize(other),
    }
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
        when: when(e.occurred_at),
        datetime: e.occurred_at.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

/// How an audit event of a recommendation reads in a timeline (past tense: it happened).
pub fn event_label(action: &str) -> Option<&'static str> {
    if action == "make_recommendation" {
        return Some("Recommendation made");
    }
    RecommendationAction::from_str(action)
        .ok()
        .map(|a| match a {
            RecommendationAction::RequestExtension => "More time to respond requested",
            RecommendationAction::GrantExtension => "More time to respond granted",
            RecommendationAction::RefuseExtension => "More time to respond refused",
            RecommendationAction::RecordResponse => "Response to the recommendation recorded",
            RecommendationAction::Publish => "Recommendation and response published",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recommendation_event_reads_in_the_past_tense() {
        for a in RecommendationAction::ALL {
            assert!(event_label(a.as_str()).is_some(), "{a:?}");
        }
        assert_eq!(
            event_label("make_recommendation"),
            Some("Recommendation made")
        );
        assert_eq!(event_label("log"), None);
    }
}
