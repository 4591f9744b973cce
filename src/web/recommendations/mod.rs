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

/// What the importer (`web::import`) replays through this feature.
pub(crate) use new::make_in;

crate::web::shared::staff_routes! {
    get "/cases/{case_id}/recommendations/new" => new::new_form,
    post "/cases/{case_id}/recommendations/new" => new::create,
    get "/recommendations" => list::list,
    get "/recommendations/{recommendation_id}" => show::show,
    post "/recommendations/{recommendation_id}/actions" => show::act,
}

use crate::domain::vocab::Role;

/// The most characters of each text field (the schema allows more, as a safety net).
const MAX_TITLE: usize = 200;
const MAX_ORGANISATION: usize = 200;
const MAX_TEXT: usize = 5000;
const MAX_ACTION: usize = 5000;
const MAX_REASON: usize = 1000;
const MAX_SUMMARY: usize = 1000;

/// Only IOPC caseworkers make recommendations (Sch 3 para 28A: the Director General's).
const MAKERS: &[Role] = &[Role::IopcCaseworker];
