//! `/status`: finding a case with its reference and access code, and the status page.
//!
//! The look-up answers every wrong combination with the same words, whichever part was
//! wrong, and counts the failure against the client address and the reference typed. From the
//! fifth failure in five minutes each answer is slowed down; at the tenth, look-ups from that
//! address or against that reference are blocked for 15 minutes and the page says when to try
//! again (with `Retry-After`).
//!
//! The status page says where the case is in plain words (never a stage code), what happens
//! next, the key dates, when the next update is due, the outcome of each allegation once
//! the complainant has been told it, and what they can do now, including applying for a
//! review while the window is open. What the harm test withholds is left out entirely, as if
//! it did not exist; no officer, staff member or internal note is ever read for this page.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

use super::{Choices, Chrome, session_cookie, session_token, uk_today};
use crate::auth::access_code;
use crate::db::public::{self as db, Lookup, StatusRow, WithheldJson};
use crate::domain::vocab::{CaseKind, CaseStage, ReviewBody};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::ClientAddress;
use crate::web::shared::form::{Field, TextField};
use crate::web::shared::render::html;
use crate::workflow::case::{self, CaseAction, CaseSnapshot, ReviewSummary};
use crate::workflow::{Actor, ForceId, LpbId, clocks};

#[derive(Debug, Default, Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    signed_out: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "public/lookup.html")]
struct LookupPage {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    errors: FormErrors,
    fields: Vec<Field>,
    notice: Option<&'static str>,
}

/// The harm test's marks on a case, as the status page asks about them.
pub(super) struct Withheld<'a>(pub &'a [WithheldJson]);

impl Withheld<'_> {
    /// Whether a field of a record (or, with `field` None, the whole record) is withheld.
    /// An item naming only a kind of record (no id) withholds every record of that kind.
    pub fn hides(&self, kind: &str, id: Option<uuid::Uuid>, field: Option<&str>) -> bool {
        self.0.iter().any(|w| {
            w.kind.as_deref() == Some(kind)
                && (w.id.is_none() || id.is_none() || w.id == id)
                && (w.field.is_none() || w.field.as_deref() == field)
        })
    }
}

/// Where the complainant stands on reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewPosition {
    /// Nothing to say yet (e.g. a withdrawn complaint).
    Silent,
    /// Conduct and DSI matters have no complainant and no review (Sch 3 paras 6A, 25).
    NoRightMatter,
    /// Complaints handled outside Schedule 3 have no review right (para 2(6C)).
    NoRightOutsideSchedule3,
    /// Only the complainant may apply, not an interested person.
    NoRightInterestedPerson,
    /// The outcome letter gave no review right (e.g. some legacy cases).
    NoRightRecorded,
    /// The outcome is not decided yet.
    NotYet,
    /// The window is open: apply by `last_day` to `body` (CMR reg 29).
    Open {
        body: ReviewBody,
        last_day: NaiveDate,
    },
    /// The window closed on `last_day`; a late application goes to `body`.
    Closed {
        body: ReviewBody,
        last_day: NaiveDate,
    },
    /// A review has been applied for.
    Applied,
}

/// The workflow's view of the case, built from the status row.
pub(super) fn snapshot(row: &StatusRow) -> CaseSnapshot {
    let mut s = CaseSnapshot::new(row.kind, ForceId(String::new()), LpbId(String::new()));
    s.stage = row.stage;
    s.legacy = row.legacy;
    s.complainant_present = row.kind == CaseKind::Complaint && row.role == "complainant";
    s.referred = row.referred_on.is_some();
    s.outcome_notified_on = row.outcome_notified_on;
    s.review = row.review.as_ref().map(|r| ReviewSummary {
        stage: r.stage,
        follow_up: None,
    });
    s.aa_is_lpb = row.aa_is_lpb;
    s.concerns_senior_officer = row.concerns_senior_officer;
    s.could_justify_proceedings = row.could_justify_proceedings;
    s
}

/// Where the complainant of this case stands on reviews today. The window, the review
/// body and whether an application may be made now are the workflow's answers
/// (`review_window_last_day`, `relevant_review_body`, `available_actions`), not rules
/// written again here.
pub fn review_position(row: &StatusRow, today: NaiveDate) -> ReviewPosition {
    if row.kind != CaseKind::Complaint {
        return ReviewPosition::NoRightMatter;
    }
    if row.schedule3 == Some(false) || row.stage == CaseStage::OutsideSchedule3 {
        return ReviewPosition::NoRightOutsideSchedule3;
    }
    if row.role != "complainant" {
        return ReviewPosition::NoRightInterestedPerson;
    }
    if row.review.is_some() {
        return ReviewPosition::Applied;
    }
    let s = snapshot(row);
    if !s.has_review_right() {
        return ReviewPosition::NoRightInterestedPerson;
    }
    if row.review_right == Some(false) {
        return ReviewPosition::NoRightRecorded;
    }
    let body = case::relevant_review_body(&s);
    match s.review_window_last_day() {
        Some(last_day)
            if case::available_actions(&s, &Actor::complainant(), today)
                .contains(&CaseAction::ApplyForReview) =>
        {
            ReviewPosition::Open { body, last_day }
        }
        Some(last_day) if today > last_day => ReviewPosition::Closed { body, last_day },
        Some(_) => ReviewPosition::Silent,
        None if matches!(
            row.stage,
            CaseStage::Withdrawn
                | CaseStage::Discontinued
                | CaseStage::Disapplied
                | CaseStage::Closed
        ) =>
        {
            ReviewPosition::Silent
        }
        None => ReviewPosition::NotYet,
    }
}

/// The name of a review body in the reader's language: the IOPC, or the force's local
/// policing body by its own name.
pub(super) fn body_name(tr: &Tr, body: ReviewBody, row: &StatusRow) -> String {
    match (body, &row.lpb_name, &row.lpb_name_cy, tr.lang) {
        (ReviewBody::LocalPolicingBody, _, Some(cy), Lang::Welsh) => cy.clone(),
        (ReviewBody::LocalPolicingBody, Some(name), _, _) => name.clone(),
        _ => tr.t("iopc-name").to_owned(),
    }
}

/// One allegation as shown.
struct OutcomeView {
    heading: String,
    description: Option<String>,
    outcome: Option<&'static str>,
    detail: Option<String>,
}

/// The review section: its paragraphs and whether to offer the form.
struct ReviewView {
    lines: Vec<String>,
    strong: Option<String>,
    apply: bool,
}

#[derive(askama::Template)]
#[template(path = "public/status.html")]
struct StatusPage {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    csrf_token: String,
    banner: Option<&'static str>,
    caption: String,
    force_reference: Option<String>,
    handled_by: String,
    title: String,
    now: Vec<&'static str>,
    next: Vec<&'static str>,
    update: Option<(String, &'static str)>,
    outcomes: Vec<OutcomeView>,
    review: Option<ReviewView>,
    dates: Vec<(&'static str, String)>,
    can_apply: bool,
}

/// The stages in which the complainant is owed an update every 4 weeks (CMR reg 34(2)(a)).
fn update_owed(stage: CaseStage) -> bool {
    !matches!(
        stage,
        CaseStage::OutcomeNotified
            | CaseStage::ReviewConcluded
            | CaseStage::Withdrawn
            | CaseStage::Discontinued
            | CaseStage::Disapplied
            | CaseStage::Closed
    )
}

fn build_status(
    tr: Tr,
    chrome: Chrome,
    row: &StatusRow,
    banner: Option<&'static str>,
) -> StatusPage {
    let today = uk_today();
    let withheld = Withheld(&row.withheld.0);
    let case_hidden = withheld.hides("case_record", Some(row.case_id), None);
    let case_field =
        |field: &str| case_hidden || withheld.hides("case_record", Some(row.case_id), Some(field));

    let mut dates: Vec<(&'static str, String)> = Vec::new();
    if !case_field("received_on") {
        dates.push((tr.t("date-received"), tr.date(row.received_on)));
    }
    if let Some(d) = row.recorded_on
        && !case_field("recorded_on")
    {
        dates.push((tr.t("date-recorded"), tr.date(d)));
    }
    if let Some(d) = row.referred_on
        && !withheld.hides("referral", None, None)
        && !withheld.hides("referral", None, Some("referred_on"))
    {
        dates.push((tr.t("date-referred"), tr.date(d)));
    }
    if let Some(d) = row.investigation_started_on
        && !withheld.hides("investigation", None, None)
        && !withheld.hides("investigation", None, Some("started_on"))
    {
        dates.push((tr.t("date-investigation-started"), tr.date(d)));
    }
    if let Some(d) = row.outcome_notified_on
        && !case_field("outcome_notified_on")
    {
        dates.push((tr.t("date-outcome-letter"), tr.date(d)));
    }
    if let Some(d) = row.closed_on
        && !case_field("closed_on")
    {
        dates.push((tr.t("date-closed"), tr.date(d)));
    }

    let update = update_owed(row.stage).then(|| {
        let started = row.recorded_on.or(row.logged_on).unwrap_or(row.received_on);
        let base = row.last_update_on.map_or(started, |d| d.max(started));
        let due = clocks::complainant_update_due(base);
        let key = if due.is_overdue(today) {
            "update-overdue"
        } else {
            "update-due"
        };
        (
            tr.f(key, &[("date", &tr.date(due.due))]),
            tr.t("update-rule"),
        )
    });

    // Outcomes are shown once the complainant has been told them (CMR reg 34).
    let told = row.outcome_notified_on.is_some();
    let mut outcomes = Vec::new();
    if told && !case_hidden {
        for a in row
            .allegations
            .0
            .iter()
            .filter(|a| !withheld.hides("allegation", Some(a.id), None))
        {
            let number = (outcomes.len() + 1).to_string();
            let hidden = |field| withheld.hides("allegation", Some(a.id), Some(field));
            outcomes.push(OutcomeView {
                heading: tr.f("allegation-number", &[("number", &number)]),
                description: (!hidden("description")).then(|| a.description.clone()),
                outcome: if hidden("outcome") {
                    None
                } else {
                    Some(a.outcome.map_or(tr.t("outcome-not-decided"), |o| {
                        tr.t(&format!("outcome-{}", o.as_str()))
                    }))
                },
                detail: a
                    .outcome_detail
                    .clone()
                    .filter(|d| !d.trim().is_empty() && !hidden("outcome_detail")),
            });
        }
    }

    let position = review_position(row, today);
    let date = |d: NaiveDate| tr.date(d);
    let review = match &position {
        ReviewPosition::Silent => None,
        ReviewPosition::NoRightMatter => Some(ReviewView {
            lines: vec![tr.t("review-none-matter").to_owned()],
            strong: None,
            apply: false,
        }),
        ReviewPosition::NoRightOutsideSchedule3 => Some(ReviewView {
            lines: vec![tr.t("review-none-outside").to_owned()],
            strong: None,
            apply: false,
        }),
        ReviewPosition::NoRightInterestedPerson => Some(ReviewView {
            lines: vec![tr.t("review-none-interested").to_owned()],
            strong: None,
            apply: false,
        }),
        ReviewPosition::NoRightRecorded => Some(ReviewView {
            lines: vec![tr.t("review-none-legacy").to_owned()],
            strong: None,
            apply: false,
        }),
        ReviewPosition::NotYet => Some(ReviewView {
            lines: vec![tr.t("review-not-yet").to_owned()],
            strong: None,
            apply: false,
        }),
        ReviewPosition::Open { body, last_day } => Some(ReviewView {
            lines: tr.f_lines("review-open", &[("body", &body_name(&tr, *body, row))]),
            strong: Some(tr.f("review-last-day", &[("date", &date(*last_day))])),
            apply: true,
        }),
        ReviewPosition::Closed { body, last_day } => {
            let mut lines = tr.f_lines("review-closed", &[("date", &date(*last_day))]);
            lines.extend(tr.f_lines("review-late", &[("body", &body_name(&tr, *body, row))]));
            Some(ReviewView {
                lines,
                strong: None,
                apply: false,
            })
        }
        ReviewPosition::Applied => row.review.as_ref().map(|r| {
            let body = body_name(&tr, r.review_body, row);
            let mut lines = Vec::new();
            if let Some(reference) = &r.reference {
                lines.push(tr.f(
                    "review-applied-on",
                    &[("date", &date(r.applied_on)), ("reference", reference)],
                ));
            }
            lines.push(tr.f(
                &format!("review-stage-{}", r.stage.as_str()),
                &[("body", &body)],
            ));
            ReviewView {
                lines,
                strong: None,
                apply: false,
            }
        }),
    };
    let can_apply = matches!(position, ReviewPosition::Open { .. });

    let reference = row.reference.clone().unwrap_or_default();
    StatusPage {
        lang: tr.lang.code(),
        page_title: tr.t("status-page-title"),
        tr,
        chrome,
        csrf_token: row.csrf_token.clone(),
        banner,
        caption: tr.f("status-reference", &[("reference", &reference)]),
        force_reference: row
            .force_reference
            .clone()
            .filter(|_| !case_field("force_reference")),
        handled_by: match (&row.force_name_cy, tr.lang) {
            (Some(cy), Lang::Welsh) => cy.clone(),
            _ => row.force_name.clone(),
        },
        title: tr.stage(row.kind, row.stage, "title").join(" "),
        now: tr.stage(row.kind, row.stage, "now"),
        next: tr.stage(row.kind, row.stage, "next"),
        update,
        outcomes,
        review,
        dates,
        can_apply,
    }
}

/// `GET /status`: the status of the case of a live session, or the look-up form.
pub async fn page(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
    Query(query): Query<StatusQuery>,
) -> AppResult<Response> {
    let mut notice = query.signed_out.is_some().then_some("lookup-signed-out");
    let mut clear_cookie = false;
    if let Some(token) = session_token(&headers) {
        match super::complainant(&state, &token).await? {
            Some(row) => {
                let tr = choices.tr(
                    Some(Lang::from_domain(row.preferred_language)),
                    row.easy_read,
                );
                let banner = query
                    .saved
                    .as_deref()
                    .filter(|s| *s == "contact")
                    .map(|_| tr.t("contact-saved"));
                let page = build_status(tr, choices.chrome(tr, true), &row, banner);
                let mut response = html(&page)?;
                no_store(&mut response);
                return Ok(response);
            }
            None => {
                notice = Some("lookup-expired");
                clear_cookie = true;
            }
        }
    }
    let tr = choices.tr(None, false);
    let mut response = lookup_page(&choices, tr, None, "", notice)?;
    if clear_cookie {
        response.headers_mut().insert(
            header::SET_COOKIE,
            session_cookie("", state.settings.behind_tls, true),
        );
    }
    Ok(response)
}

/// Pages with personal data are not kept in shared caches or the back-forward cache.
pub(super) fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

fn lookup_page(
    choices: &Choices,
    tr: Tr,
    errors: Option<FormErrors>,
    reference: &str,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    let errors = errors.unwrap_or_else(|| FormErrors::in_language(&tr));
    let code = |t: TextField| TextField {
        label_class: "govuk-label--s",
        autocapitalize: "characters",
        ..t
    };
    let mut code_box = code(
        TextField::input("code", tr.t("lookup-code-label"), "", &errors)
            .hint(tr.t("lookup-code-hint"))
            .width("govuk-!-width-full"),
    );
    // One message for a wrong combination, beside the reference: both boxes are marked.
    code_box.flagged = errors.get("reference").is_some();
    let fields = vec![
        Field::Text(code(
            TextField::input(
                "reference",
                tr.t("lookup-reference-label"),
                reference,
                &errors,
            )
            .hint(tr.t("lookup-reference-hint"))
            .width("govuk-input--width-10"),
        )),
        Field::Text(code_box),
    ];
    html(&LookupPage {
        lang: tr.lang.code(),
        page_title: tr.t("lookup-title"),
        tr,
        chrome: choices.chrome(tr, false),
        errors,
        fields,
        notice: notice.map(|k| tr.t(k)),
    })
}

#[derive(Debug, Deserialize)]
pub struct LookupForm {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    code: String,
}

/// `POST /status`: checks a case reference and access code.
pub async fn look_up(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    choices: Choices,
    Form(form): Form<LookupForm>,
) -> AppResult<Response> {
    let tr = choices.tr(None, false);
    let mut errors = FormErrors::in_language(&tr);
    if form.reference.trim().is_empty() {
        errors.add("reference", tr.t("lookup-reference-missing"));
    }
    if form.code.trim().is_empty() {
        errors.add("code", tr.t("lookup-code-missing"));
    }
    let again = |errors: FormErrors, status: StatusCode| -> AppResult<Response> {
        let page = lookup_page(&choices, tr, Some(errors), form.reference.trim(), None)?;
        Ok((status, page).into_response())
    };
    if !errors.is_empty() {
        return again(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let now = Utc::now();
    let reference = access_code::normalise_reference(&form.reference);
    let code = access_code::normalise_code(&form.code);
    let typed: String = form.reference.trim().chars().take(64).collect();
    let outcome = db::look_up(
        &state.pool,
        &address,
        &typed.to_ascii_uppercase(),
        reference.as_deref(),
        code.as_deref(),
        now,
    )
    .await?;
    match outcome {
        Lookup::Found { token } => {
            if rand::random::<u8>() < 8 {
                // Now and then, forget old failures, blocks and sessions.
                db::prune_throttling(&state.pool, now).await?;
            }
            let mut response = Redirect::to("/status").into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, state.settings.behind_tls, false),
            );
            Ok(response)
        }
        Lookup::Refused { failures } => {
            if failures >= db::SLOW_DOWN_AFTER {
                // Slow down a guesser: a quarter of a second more for each failure past the
                // fifth, at most two seconds.
                let extra = u64::try_from(failures - db::SLOW_DOWN_AFTER + 1).unwrap_or(1);
                tokio::time::sleep(std::time::Duration::from_millis((250 * extra).min(2000))).await;
            }
            let mut errors = FormErrors::in_language(&tr);
            // One message for every wrong combination: it does not say which part was wrong.
            errors.add("reference", tr.t("lookup-failed"));
            if failures >= db::SLOW_DOWN_AFTER {
                errors.add("code", tr.t("lookup-slow"));
            }
            again(errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Lookup::Blocked { until } => {
            let mut errors = FormErrors::in_language(&tr);
            errors.add(
                "reference",
                tr.f("lookup-blocked", &[("time", &tr.time(until))]),
            );
            let mut response = again(errors, StatusCode::TOO_MANY_REQUESTS)?;
            let seconds = (until - now).num_seconds().max(1).to_string();
            if let Ok(v) = HeaderValue::from_str(&seconds) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(response)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /status/sign-out`: ends the complainant's session.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsrfOnly>,
) -> AppResult<Response> {
    let Some(token) = session_token(&headers) else {
        return Ok(Redirect::to("/status").into_response());
    };
    if let Some(row) = super::complainant(&state, &token).await?
        && !super::same_token(&row.csrf_token, &form.csrf_token)
    {
        return Err(AppError::Forbidden);
    }
    db::end_session(&state.pool, &token).await?;
    let mut response = Redirect::to("/status?signed_out=1").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie("", state.settings.behind_tls, true),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::public::ReviewJson;
    use crate::domain::vocab::ReviewStage;
    use sqlx::types::Json;

    fn row(kind: CaseKind, stage: CaseStage) -> StatusRow {
        StatusRow {
            case_complainant_id: uuid::Uuid::nil(),
            csrf_token: String::new(),
            created_at: Utc::now(),
            last_seen_at: Utc::now(),
            role: "complainant".into(),
            person_id: uuid::Uuid::nil(),
            preferred_language: crate::domain::vocab::Language::English,
            easy_read: false,
            contact_method: None,
            email: None,
            phone: None,
            address: None,
            reference: Some("OV-AAAA-BBBB".into()),
            case_id: uuid::Uuid::nil(),
            kind,
            stage,
            legacy: false,
            version: 1,
            force_reference: None,
            received_on: day(2026, 1, 5),
            recorded_on: Some(day(2026, 1, 6)),
            logged_on: Some(day(2026, 1, 5)),
            schedule3: Some(true),
            outcome_notified_on: None,
            review_right: None,
            closed_on: None,
            aa_is_lpb: false,
            concerns_senior_officer: false,
            could_justify_proceedings: false,
            force_name: "Dyfed-Powys Police".into(),
            force_name_cy: Some("Heddlu Dyfed-Powys".into()),
            lpb_name: Some("Dyfed-Powys Police and Crime Commissioner".into()),
            lpb_name_cy: Some("Comisiynydd Heddlu a Throseddu Dyfed-Powys".into()),
            referred_on: None,
            investigation_started_on: None,
            last_update_on: None,
            review: None,
            allegations: Json(Vec::new()),
            withheld: Json(Vec::new()),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn notified_on_1_april() -> StatusRow {
        let mut r = row(CaseKind::Complaint, CaseStage::OutcomeNotified);
        r.outcome_notified_on = Some(day(2026, 4, 1));
        r.review_right = Some(true);
        r
    }

    #[test]
    fn review_application_on_day_28_is_offered() {
        // CMR 2020 reg 29: a letter dated 1 April; 29 April is the 28th day after it.
        let r = notified_on_1_april();
        assert_eq!(
            review_position(&r, day(2026, 4, 29)),
            ReviewPosition::Open {
                body: ReviewBody::LocalPolicingBody,
                last_day: day(2026, 4, 29)
            }
        );
    }

    #[test]
    fn review_window_closes_on_day_29() {
        let r = notified_on_1_april();
        assert_eq!(
            review_position(&r, day(2026, 4, 30)),
            ReviewPosition::Closed {
                body: ReviewBody::LocalPolicingBody,
                last_day: day(2026, 4, 29)
            }
        );
    }

    #[test]
    fn a_referred_complaint_is_reviewed_by_the_iopc() {
        let mut r = notified_on_1_april();
        r.referred_on = Some(day(2026, 1, 10));
        assert!(matches!(
            review_position(&r, day(2026, 4, 2)),
            ReviewPosition::Open {
                body: ReviewBody::Iopc,
                ..
            }
        ));
    }

    #[test]
    fn conduct_and_dsi_matters_have_no_review_right() {
        for kind in [CaseKind::ConductMatter, CaseKind::DsiMatter] {
            let mut r = row(kind, CaseStage::DeterminationsMade);
            r.role = "interested_person".into();
            assert_eq!(
                review_position(&r, day(2026, 4, 2)),
                ReviewPosition::NoRightMatter
            );
        }
    }

    #[test]
    fn complaints_handled_outside_schedule_3_have_no_review_right() {
        let mut r = row(CaseKind::Complaint, CaseStage::OutsideSchedule3);
        r.schedule3 = Some(false);
        r.recorded_on = None;
        assert_eq!(
            review_position(&r, day(2026, 4, 2)),
            ReviewPosition::NoRightOutsideSchedule3
        );
        r.stage = CaseStage::Closed;
        assert_eq!(
            review_position(&r, day(2026, 4, 2)),
            ReviewPosition::NoRightOutsideSchedule3
        );
    }

    #[test]
    fn an_interested_person_cannot_apply_for_a_review() {
        let mut r = notified_on_1_april();
        r.role = "interested_person".into();
        assert_eq!(
            review_position(&r, day(2026, 4, 2)),
            ReviewPosition::NoRightInterestedPerson
        );
    }

    #[test]
    fn an_application_already_made_is_shown_instead_of_the_form() {
        let mut r = notified_on_1_april();
        r.stage = CaseStage::UnderReview;
        r.review = Some(Json(ReviewJson {
            reference: Some("RV-2026-AAAA-BBBB".into()),
            applied_on: day(2026, 4, 10),
            stage: ReviewStage::Applied,
            review_body: ReviewBody::LocalPolicingBody,
        }));
        assert_eq!(
            review_position(&r, day(2026, 4, 12)),
            ReviewPosition::Applied
        );
    }

    #[test]
    fn before_the_outcome_the_page_says_a_review_may_come_later() {
        let r = row(CaseKind::Complaint, CaseStage::UnderInvestigation);
        assert_eq!(review_position(&r, day(2026, 4, 2)), ReviewPosition::NotYet);
    }

    #[test]
    fn a_withheld_allegation_is_left_out_and_the_rest_renumbered() {
        use crate::db::public::AllegationJson;
        let mut r = notified_on_1_april();
        let hidden = uuid::Uuid::from_u128(1);
        let shown = uuid::Uuid::from_u128(2);
        r.allegations = Json(vec![
            AllegationJson {
                id: hidden,
                description: "SECRET allegation".into(),
                outcome: None,
                outcome_detail: None,
            },
            AllegationJson {
                id: shown,
                description: "Shown allegation".into(),
                outcome: Some(crate::domain::vocab::AllegationOutcome::ServiceNotAcceptable),
                outcome_detail: Some("SECRET detail".into()),
            },
        ]);
        r.withheld = Json(vec![
            WithheldJson {
                kind: Some("allegation".into()),
                id: Some(hidden),
                field: None,
            },
            WithheldJson {
                kind: Some("allegation".into()),
                id: Some(shown),
                field: Some("outcome_detail".into()),
            },
        ]);
        let tr = Tr::new(Lang::English, false);
        let chrome = Choices::default().chrome(tr, true);
        let page = build_status(tr, chrome, &r, None);
        assert_eq!(page.outcomes.len(), 1);
        assert_eq!(page.outcomes[0].heading, "Allegation 1");
        assert_eq!(
            page.outcomes[0].description.as_deref(),
            Some("Shown allegation")
        );
        assert!(page.outcomes[0].detail.is_none());
        let html = askama::Template::render(&page).expect("renders");
        assert!(!html.contains("SECRET"));
    }
}
