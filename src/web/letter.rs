//! The outcome letter to the complainant (CMR 2020 reg 34): a printable page in plain
//! English that says what was decided about each allegation, what will be put right, and
//! the right to apply for a review: who reviews it and the last day to apply (reg 29: 28
//! days starting the day after the letter; a letter dated 1 April gives 29 April).
//!
//! Before the outcome is notified it is a draft dated today, so the force or the IOPC can
//! check it before they send it; "Notify the complainant of the outcome" on the case page
//! starts the review clock on that day, and the letter then carries that date. Staff only:
//! the complainant reads their outcome on their own status page.

use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use super::AppState;
use super::auth::CurrentUser;
use super::case_page::parse_id;
use super::render::{Page, html};
use crate::db::case_page as db;
use crate::db::workflow::load_case;
use crate::domain::vocab::{AllegationOutcome, CaseKind, InvestigationMode, ReviewBody};
use crate::error::{AppError, AppResult};
use crate::workflow::case::relevant_review_body;
use crate::workflow::english_date;

/// One allegation as the letter tells it.
pub struct LetterAllegation {
    number: usize,
    description: String,
    outcome: &'static str,
    remedy: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "cases/letter.html")]
struct LetterPage {
    lang: &'static str,
    page_title: String,
    case_id: Uuid,
    /// Why there is no letter to show, if there is none.
    not_ready: Option<&'static str>,
    draft: bool,
    dated: String,
    reference: String,
    addressee: String,
    address_lines: Vec<String>,
    force_name: String,
    /// Who signs: the IOPC after its own investigations, otherwise the force.
    sender: String,
    allegations: Vec<LetterAllegation>,
    /// Who reviews, in words, and the last day; `None` when there is no review right.
    review: Option<(String, String)>,
}

/// The outcome in the complainant's words.
fn plain_outcome(o: Option<AllegationOutcome>) -> &'static str {
    match o {
        Some(AllegationOutcome::ServiceAcceptable) => {
            "We found that the service you received was acceptable."
        }
        Some(AllegationOutcome::ServiceNotAcceptable) => {
            "We found that the service you received was not acceptable."
        }
        Some(AllegationOutcome::CouldNotDetermine) => {
            "We could not decide whether the service you received was acceptable."
        }
        Some(AllegationOutcome::NoFurtherAction) => "We decided to take no further action.",
        Some(AllegationOutcome::Upheld) => "Your complaint was upheld.",
        Some(AllegationOutcome::NotUpheld) => "Your complaint was not upheld.",
        None => "No outcome has been recorded yet.",
    }
}

/// `GET /cases/{case_id}/letter`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
) -> AppResult<Response> {
    let case_id = parse_id(&case_id)?;
    let mut conn = state.pool.acquire().await?;
    let details = db::load(&mut conn, case_id, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let (snapshot, _) = load_case(&mut conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let lpb_name = db::local_policing_body_name(&mut conn, case_id).await?;
    drop(conn);
    let c = &details.case;
    // Only complaints have a complainant to write to, and only once there is an outcome.
    let not_ready = if c.kind != CaseKind::Complaint {
        Some(
            "A conduct matter or a death or serious injury matter has no complainant, so there is no outcome letter.",
        )
    } else if !details.allegations.iter().any(|a| a.outcome.is_some()) {
        Some("There is no outcome letter yet: the outcome of the complaint has not been decided.")
    } else {
        None
    };
    let complainant = details.people.iter().find(|p| p.role == "complainant");
    let letter_date = c.outcome_notified_on.unwrap_or(c.today);
    let review = snapshot.has_review_right().then(|| {
        let body = match relevant_review_body(&snapshot) {
            ReviewBody::Iopc => "the Independent Office for Police Conduct (IOPC)".to_owned(),
            ReviewBody::LocalPolicingBody => lpb_name
                .clone()
                .unwrap_or_else(|| "your local policing body".to_owned()),
        };
        let mut s = snapshot.clone();
        s.outcome_notified_on = Some(letter_date);
        let last = s
            .review_window_last_day()
            .map(english_date)
            .unwrap_or_default();
        (body, last)
    });
    let page = LetterPage {
        lang: Page::ENGLISH,
        page_title: "Outcome letter".to_owned(),
        case_id,
        not_ready,
        draft: c.outcome_notified_on.is_none(),
        dated: english_date(letter_date),
        reference: c
            .iopc_reference
            .clone()
            .or_else(|| c.force_reference.clone())
            .unwrap_or_else(|| c.case_id.to_string()),
        addressee: complainant.map_or_else(|| "Complainant".to_owned(), |p| p.full_name.clone()),
        address_lines: complainant
            .and_then(|p| p.address.as_deref())
            .map(|a| {
                a.split([',', '\n'])
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        force_name: c.force_name.clone(),
        sender: match c.investigation_mode {
            Some(InvestigationMode::Independent | InvestigationMode::Directed) => {
                "Independent Office for Police Conduct".to_owned()
            }
            _ => format!("Professional Standards, {}", c.force_name),
        },
        allegations: details
            .allegations
            .iter()
            .enumerate()
            .map(|(i, a)| LetterAllegation {
                number: i + 1,
                description: a.description.clone(),
                outcome: plain_outcome(a.outcome),
                remedy: a.outcome_detail.clone(),
            })
            .collect(),
        review,
    };
    html(&page)
}
