//! Learning recommendations (Sch 3 paras 28A, 28B), from making to publishing.
//!
//! * `GET/POST /cases/{case_id}/recommendations/new`: an IOPC caseworker makes a
//!   recommendation from a case, to a force or another organisation, dated today; the
//!   response falls due when the workflow's clock says. Anyone else is refused (403, audited).
//! * `GET /recommendations`: the list the user may see (IOPC staff every one; a force those
//!   made to it or arising from its cases), newest first, filtered by stage, recipient force
//!   and lateness, cut into pages by keyset cursors, each with the date that matters now and
//!   how many working days are left or how late it is.
//! * `GET /recommendations/{recommendation_id}`: the recommendation, its deadline, its
//!   extension requests, its history in plain English, and one form for each step the
//!   recommendation machine lets this user take now (`available_actions`).
//! * `POST /recommendations/{recommendation_id}/actions`: CSRF (403), scope (404), the version
//!   the page was drawn with (409), the fields of the chosen step parsed into a
//!   `RecommendationCommand` (422 with the GOV.UK error summary and the input kept), then one
//!   transaction (`db::recommendations::apply_recommendation`). A refusal by the workflow is
//!   shown beside the form in plain English with the input kept (422); success is a 303 back
//!   with a confirmation banner. A step the page did not offer still goes to the workflow,
//!   which says why not: nothing the law forbids can happen through this route.
//!
//! Who sees what: the scope is the one of `db::recommendations` (a recommendation outside it
//! answers 404, as if it did not exist); which steps a user may take is the workflow's
//! answer, never decided here.

mod list;
mod new;
mod show;

crate::web::shared::staff_routes! {
    get "/cases/{case_id}/recommendations/new" => new::new_form,
    post "/cases/{case_id}/recommendations/new" => new::create,
    get "/recommendations" => list::list,
    get "/recommendations/{recommendation_id}" => show::show,
    post "/recommendations/{recommendation_id}/actions" => show::act,
}

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::intake::{sentence, thousands};
use crate::domain::vocab::Role;
use crate::web::shared::errors::FormErrors;

/// The most characters of each text field (the schema allows more, as a safety net).
const MAX_TITLE: usize = 200;
const MAX_ORGANISATION: usize = 200;
const MAX_TEXT: usize = 5000;
const MAX_ACTION: usize = 5000;
const MAX_REASON: usize = 1000;
const MAX_SUMMARY: usize = 1000;

/// Only IOPC caseworkers make recommendations (Sch 3 para 28A: the Director General's).
const MAKERS: &[Role] = &[Role::IopcCaseworker];

/// Everything posted, first value of each name, so the form can be drawn again as typed.
#[derive(Debug, Default, Clone)]
pub struct Input(HashMap<String, String>);

impl Input {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut values = HashMap::new();
        for (k, v) in pairs {
            values.entry(k).or_insert(v);
        }
        Input(values)
    }

    /// The value typed into a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// The parts of a GOV.UK date input named `key`.
    pub fn day(&self, key: &str) -> &str {
        self.get(&format!("{key}-day"))
    }
    pub fn month(&self, key: &str) -> &str {
        self.get(&format!("{key}-month"))
    }
    pub fn year(&self, key: &str) -> &str {
        self.get(&format!("{key}-year"))
    }

    /// Whether a radio of `key` is the one chosen.
    pub fn is(&self, key: &str, value: &str) -> bool {
        self.get(key) == value
    }

    fn set(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn set_date(&mut self, key: &str, d: NaiveDate) {
        self.set(&format!("{key}-day"), d.format("%-d").to_string());
        self.set(&format!("{key}-month"), d.format("%-m").to_string());
        self.set(&format!("{key}-year"), d.format("%Y").to_string());
    }
}

/// A required text field: trimmed, not empty, at most `max` characters.
fn required_text(
    errors: &mut FormErrors,
    input: &Input,
    key: &str,
    what: &str,
    max: usize,
) -> Option<String> {
    let value = input.get(key).trim();
    if value.is_empty() {
        errors.add(key, format!("Enter {what}"));
        None
    } else if value.chars().count() > max {
        errors.add(
            key,
            format!(
                "{} must be {} characters or fewer",
                sentence(what),
                thousands(max)
            ),
        );
        None
    } else {
        Some(value.to_owned())
    }
}

/// A GOV.UK date input (`{key}-day`, `-month`, `-year`), required. `what` names it in the
/// messages ("the new due date").
fn required_date(
    errors: &mut FormErrors,
    input: &Input,
    key: &str,
    what: &str,
) -> Option<NaiveDate> {
    let parts = [input.day(key), input.month(key), input.year(key)].map(str::trim);
    if parts.iter().all(|p| p.is_empty()) {
        errors.add(key, format!("Enter {what}"));
        return None;
    }
    for (part, name) in parts.iter().zip(["day", "month", "year"]) {
        if part.is_empty() {
            errors.add(key, format!("{} must include a {name}", sentence(what)));
            return None;
        }
    }
    let [d, m, y] = parts;
    let date = match (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) {
        (Ok(d), Ok(m), Ok(y)) if y.to_string().len() == 4 => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    if date.is_none() {
        errors.add(key, format!("{} must be a real date", sentence(what)));
    }
    date
}

/// A date that must not be in the future.
fn past_date(
    errors: &mut FormErrors,
    input: &Input,
    key: &str,
    what: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let date = required_date(errors, input, key, what)?;
    if date > today {
        errors.add(
            key,
            format!("{} must be today or in the past", sentence(what)),
        );
        return None;
    }
    Some(date)
}
