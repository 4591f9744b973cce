//! The workflow page: each state machine drawn from the transition table the code enforces,
//! with the same table in words beneath it.

use std::str::FromStr;

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::domain::vocab::{CaseKind, Role};
use crate::error::{AppError, AppResult};
use crate::web::shared::render::{Page, html};
use crate::workflow::diagram::{self, Size};
use crate::workflow::{MachineName, StateRecord, all_states, all_transitions};

/// One row of a machine's transition table, in words.
struct TransitionRow {
    from: &'static str,
    action: &'static str,
    /// The step's code, as an import file names it (docs/import.md).
    code: &'static str,
    description: &'static str,
    to: &'static str,
    who: String,
    kinds: String,
    legacy_only: bool,
    source: &'static str,
}

/// One machine's section of the page.
struct Section {
    code: &'static str,
    heading: &'static str,
    introduction: &'static str,
    svg: String,
    rows: Vec<TransitionRow>,
}

#[derive(askama::Template)]
#[template(path = "workflow_diagram/page.html")]
struct WorkflowPage {
    lang: &'static str,
    page_title: &'static str,
    sections: Vec<Section>,
}

fn introduction(machine: MachineName) -> (&'static str, &'static str) {
    match machine {
        MachineName::Case => (
            "Cases",
            "A complaint, conduct matter or death or serious injury matter moves from being \
             logged to being closed. Each arrow is a step someone may take, under the law \
             named beside it.",
        ),
        MachineName::Subject => (
            "Subjects of an investigation",
            "Each person whose conduct is investigated has their own path: the severity \
             assessment, the notice of investigation, interview, the investigator's opinion, \
             the determination and any proceedings.",
        ),
        MachineName::Review => (
            "Reviews",
            "A complainant may apply for a review of the outcome of their complaint. The \
             relevant review body decides whether the application is valid and then whether \
             the outcome was reasonable and proportionate.",
        ),
        MachineName::Recommendation => (
            "Learning recommendations",
            "The IOPC may make recommendations to a force or other organisation, which must \
             respond; recommendations and responses may then be published.",
        ),
    }
}

fn party_label(code: &str) -> &str {
    match Role::from_str(code) {
        Ok(role) => role.label(),
        Err(_) if code == "complainant" => "Complainant",
        Err(_) => code,
    }
}

fn kind_label(code: &str) -> &str {
    CaseKind::from_str(code).map_or(code, |k| k.label())
}

fn section(machine: MachineName, states: &[StateRecord]) -> Section {
    let state_label = |code: &'static str| -> &'static str {
        states
            .iter()
            .find(|s| s.machine == machine.as_str() && s.state == code)
            .map_or(code, |s| s.label)
    };
    let rows = all_transitions()
        .into_iter()
        .filter(|t| t.machine == machine.as_str())
        .map(|t| TransitionRow {
            from: state_label(t.from),
            action: t.action_label,
            code: t.action,
            description: t.description,
            to: state_label(t.to),
            who: t
                .roles
                .iter()
                .map(|r| party_label(r))
                .collect::<Vec<_>>()
                .join(", "),
            kinds: if t.kinds.len() == CaseKind::ALL.len() {
                "All".to_owned()
            } else {
                t.kinds
                    .iter()
                    .map(|k| kind_label(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            legacy_only: t.legacy_only,
            source: t.source,
        })
        .collect();
    let (heading, introduction) = introduction(machine);
    Section {
        code: machine.as_str(),
        heading,
        introduction,
        svg: diagram::svg(machine, Size::Fluid),
        rows,
    }
}

/// `GET /workflow`: every state machine, drawn and tabulated.
pub async fn page() -> AppResult<Response> {
    let states = all_states();
    html(&WorkflowPage {
        lang: Page::ENGLISH,
        page_title: "How the workflow works",
        sections: MachineName::ALL
            .iter()
            .map(|m| section(*m, &states))
            .collect(),
    })
}

/// `GET /workflow/{machine}.svg` (routed as `/workflow/{file}`): one machine's diagram at
/// its natural size.
pub async fn svg(Path(file): Path<String>) -> AppResult<Response> {
    // The router cannot match part of a segment, so the route captures `case.svg` whole.
    let machine = file
        .strip_suffix(".svg")
        .and_then(|name| MachineName::from_str(name).ok())
        .ok_or(AppError::NotFound)?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        diagram::svg(machine, Size::Natural),
    )
        .into_response())
}
