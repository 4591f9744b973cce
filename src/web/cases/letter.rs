//! The outcome letter to the complainant (CMR 2020 reg 34): a printable page in plain
//! English that says what was decided about each allegation, what will be put right, and
//! the right to apply for a review: who reviews it and the last day to apply (reg 29: 28
//! days starting the day after the letter; a letter dated 1 April gives 29 April).
//!
//! Before the outcome is notified it is a draft dated today, so the force or the IOPC can
//! check it before they send it; "Notify the complainant of the outcome" on the case page
//! starts the review clock on that day, and the letter then carries that date. Staff only:
//! the complainant reads their outcome on their own status page. The letter is in the
//! complainant's chosen language (English or Welsh, from the translation files); staff may
//! print it in the other language too.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use crate::db::case_page as db;
use crate::db::workflow::load_case;
use crate::domain::vocab::{CaseKind, InvestigationMode, ReviewBody};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::html;
use crate::workflow::case::relevant_review_body;
use crate::workflow::clocks;

/// One allegation as the letter tells it, in the letter's language.
pub struct LetterAllegation {
    part: String,
    told_us: String,
    outcome: &'static str,
    result: Option<String>,
}

/// The letter's words, already in its language.
pub struct LetterText {
    title: &'static str,
    reference: String,
    dear: String,
    intro: String,
    unhappy: &'static str,
    /// The review right and the last day, or the words saying there is none.
    review: Result<(String, String, &'static str), &'static str>,
    sign_off: &'static str,
    sender: String,
}

#[derive(askama::Template)]
#[template(path = "cases/letter.html")]
struct LetterPage {
    /// The page around the letter is a staff page, in English.
    lang: &'static str,
    /// The letter's own language.
    letter_lang: &'static str,
    page_title: String,
    case_id: Uuid,
    /// Why there is no letter to show, if there is none.
    not_ready: Option<&'static str>,
    draft: bool,
    dated: String,
    addressee: String,
    address_lines: Vec<String>,
    allegations: Vec<LetterAllegation>,
    text: LetterText,
    /// The other language's code and name, for staff to print it in that language too.
    other_lang: (&'static str, &'static str),
}

#[derive(Debug, Default, Deserialize)]
pub struct LetterQuery {
    lang: Option<String>,
}

/// `GET /cases/{case_id}/letter`: in the complainant's language unless `?lang=` asks for
/// the other one.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(CaseId(case_id)): Ids<CaseId>,
    Query(query): Query<LetterQuery>,
) -> AppResult<Response> {
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
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .or_else(|| complainant.map(|p| Lang::from_domain(p.preferred_language)))
        .unwrap_or_default();
    let tr = Tr::new(lang, false);
    let letter_date = c.outcome_notified_on.unwrap_or(c.today);
    let reference = c
        .iopc_reference
        .clone()
        .or_else(|| c.force_reference.clone())
        .unwrap_or_else(|| c.case_id.to_string());
    let addressee = complainant.map_or_else(|| "Complainant".to_owned(), |p| p.full_name.clone());
    let review = if snapshot.has_review_right() {
        let body = match relevant_review_body(&snapshot) {
            ReviewBody::Iopc => tr.t("letter-iopc-body").to_owned(),
            ReviewBody::LocalPolicingBody => lpb_name
                .clone()
                .unwrap_or_else(|| tr.t("letter-lpb-fallback").to_owned()),
        };
        // CMR 2020 reg 29: the window runs from the letter's date.
        let last = tr.date(clocks::review_application_due(letter_date).due);
        Ok((
            tr.f("letter-review-right", &[("body", &body)]),
            tr.f("letter-apply-by", &[("date", &last)]),
            tr.t("letter-window"),
        ))
    } else {
        Err(tr.t("letter-no-review"))
    };
    let text = LetterText {
        title: tr.t("letter-title"),
        reference: tr.f("letter-reference", &[("reference", &reference)]),
        dear: tr.f("letter-dear", &[("name", &addressee)]),
        intro: tr.f("letter-intro", &[("force", &c.force_name)]),
        unhappy: tr.t("letter-unhappy"),
        review,
        sign_off: tr.t("letter-sign-off"),
        sender: match c.investigation_mode {
            Some(InvestigationMode::Independent | InvestigationMode::Directed) => {
                tr.t("letter-iopc").to_owned()
            }
            _ => tr.f("letter-psd", &[("force", &c.force_name)]),
        },
    };
    let page = LetterPage {
        lang: Lang::English.code(),
        letter_lang: lang.code(),
        page_title: tr.t("letter-title").to_owned(),
        case_id,
        not_ready,
        draft: c.outcome_notified_on.is_none(),
        dated: tr.date(letter_date),
        address_lines: complainant
            .and_then(|p| p.address.as_deref())
            .map(|a| {
                a.split([',', '\n'])
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        addressee,
        allegations: details
            .allegations
            .iter()
            .enumerate()
            .map(|(i, a)| LetterAllegation {
                part: tr.f("letter-part", &[("number", &(i + 1).to_string())]),
                told_us: tr.f("letter-you-told-us", &[("text", &a.description)]),
                outcome: a.outcome.map_or(tr.t("outcome-not-decided"), |o| {
                    tr.t(&format!("outcome-{}", o.as_str()))
                }),
                result: a
                    .outcome_detail
                    .as_deref()
                    .map(|d| tr.f("letter-result", &[("text", d)])),
            })
            .collect(),
        text,
        other_lang: (lang.other().code(), lang.other().own_name()),
    };
    html(&page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::AllegationOutcome;

    #[test]
    fn every_word_of_the_letter_exists_in_english_and_welsh() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang, false);
            for key in [
                "letter-title",
                "letter-reference",
                "letter-dear",
                "letter-intro",
                "letter-part",
                "letter-you-told-us",
                "letter-result",
                "letter-unhappy",
                "letter-review-right",
                "letter-apply-by",
                "letter-window",
                "letter-no-review",
                "letter-sign-off",
                "letter-iopc",
                "letter-iopc-body",
                "letter-psd",
                "letter-lpb-fallback",
                "outcome-not-decided",
            ] {
                assert!(tr.has(key), "{key} in {}", lang.code());
            }
            for o in AllegationOutcome::ALL {
                assert!(
                    tr.has(&format!("outcome-{}", o.as_str())),
                    "{o:?} in {}",
                    lang.code()
                );
            }
        }
    }
}
