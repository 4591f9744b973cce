//! `/status/review`: a complainant's application for a review of the outcome of their
//! complaint (PRA 2002 Sch 3 paras 6A, 25; CMR 2020 regs 29-32).
//!
//! The form is offered only while the workflow allows the complainant to apply (a complaint
//! recorded under Schedule 3, outcome notified, no review open, within 28 days starting the
//! day after the letter). The application is a step of the case machine taken by
//! `Actor::complainant()`, in one transaction with what the complainant wrote and the
//! review's new reference; a refusal by the workflow or a lost race is shown on the form
//! with the words kept.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::status::{ReviewPosition, body_name, no_store, review_position};
use super::{Choices, Chrome, same_token, uk_today};
use crate::db::public::{self as db, ReviewApplication, StatusRow};
use crate::db::workflow::{ActingUser, ApplyError, apply_case_in};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::form::{Field, Posted, TextField};
use crate::web::shared::render::html;
use crate::workflow::case::CaseCommand;
use crate::workflow::{Actor, Effect};

/// The longest answer accepted in each box.
const MAX_CHARS: usize = 5000;

#[derive(askama::Template)]
#[template(path = "public/review_form.html")]
struct ReviewFormPage<'a> {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    errors: FormErrors,
    intro: String,
    last_day: String,
    csrf_token: &'a str,
    version: i32,
    fields: Vec<Field>,
}

#[derive(askama::Template)]
#[template(path = "public/review_done.html")]
struct ReviewDonePage {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    reference: String,
    message: String,
}

fn words(choices: &Choices, row: &StatusRow) -> Tr {
    choices.tr(
        Some(Lang::from_domain(row.preferred_language)),
        row.easy_read,
    )
}

struct FormState<'a> {
    errors: FormErrors,
    grounds: &'a str,
    outcome_sought: &'a str,
    version: i32,
}

fn render_form(
    choices: &Choices,
    row: &StatusRow,
    tr: Tr,
    position: &ReviewPosition,
    form: FormState<'_>,
) -> AppResult<Response> {
    let (intro, last_day) = match position {
        ReviewPosition::Open { body, last_day } => (
            tr.f(
                "review-form-intro",
                &[("body", &body_name(&tr, *body, row))],
            ),
            tr.f("review-last-day", &[("date", &tr.date(*last_day))]),
        ),
        _ => (String::new(), String::new()),
    };
    let text = |id: &str, label: &'static str, hint: &'static str, value: &str, rows| {
        Field::Text(
            TextField::textarea(id, label, value, &form.errors, rows)
                .hint(hint)
                .heading(),
        )
    };
    let fields = vec![
        text(
            "grounds",
            tr.t("review-grounds-label"),
            tr.t("review-grounds-hint"),
            form.grounds,
            8,
        ),
        text(
            "outcome_sought",
            tr.t("review-sought-label"),
            tr.t("review-sought-hint"),
            form.outcome_sought,
            5,
        ),
    ];
    let mut response = html(&ReviewFormPage {
        lang: tr.lang.code(),
        page_title: tr.t("review-form-title"),
        tr,
        chrome: choices.chrome(tr, true),
        errors: form.errors,
        intro,
        last_day,
        csrf_token: &row.csrf_token,
        version: form.version,
        fields,
    })?;
    no_store(&mut response);
    Ok(response)
}

/// `GET /status/review`: the application form, while the window is open.
pub async fn form(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
) -> AppResult<Response> {
    let row = match super::signed_in(&state, &headers).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    let position = review_position(&row, uk_today());
    if !matches!(position, ReviewPosition::Open { .. }) {
        return Ok(Redirect::to("/status#review").into_response());
    }
    let tr = words(&choices, &row);
    let version = row.version;
    render_form(
        &choices,
        &row,
        tr,
        &position,
        FormState {
            errors: FormErrors::in_language(&tr),
            grounds: "",
            outcome_sought: "",
            version,
        },
    )
}

/// `POST /status/review`: applies for a review through the case machine.
pub async fn apply(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = Posted::new(pairs);
    let row = match super::signed_in(&state, &headers).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    if !same_token(&row.csrf_token, form.get("csrf_token")) {
        return Err(AppError::Forbidden);
    }
    let tr = words(&choices, &row);
    let today = uk_today();
    let position = review_position(&row, today);
    let version = form.version().unwrap_or(row.version);
    let grounds = form.get("grounds").trim();
    let outcome_sought = form.get("outcome_sought").trim();
    let again = |errors: FormErrors, status: StatusCode| -> AppResult<Response> {
        let page = render_form(
            &choices,
            &row,
            tr,
            &position,
            FormState {
                errors,
                grounds,
                outcome_sought,
                version: row.version,
            },
        )?;
        Ok((status, page).into_response())
    };

    // CMR 2020 reg 29: once the window has closed, that is the answer, whatever else is wrong
    // with the form (even one drawn before the case last changed).
    if let ReviewPosition::Closed { body, last_day } = position {
        let mut errors = FormErrors::in_language(&tr);
        let rule = format!(
            "{} {}",
            tr.f("review-closed", &[("date", &tr.date(last_day))]),
            tr.f("review-late", &[("body", &body_name(&tr, body, &row))])
        );
        errors.add("grounds", rule);
        return again(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut errors = FormErrors::in_language(&tr);
    if grounds.is_empty() {
        errors.add("grounds", tr.t("review-grounds-missing"));
    } else if grounds.chars().count() > MAX_CHARS {
        errors.add("grounds", tr.t("review-grounds-too-long"));
    }
    if outcome_sought.is_empty() {
        errors.add("outcome_sought", tr.t("review-sought-missing"));
    } else if outcome_sought.chars().count() > MAX_CHARS {
        errors.add("outcome_sought", tr.t("review-sought-too-long"));
    }
    if !errors.is_empty() {
        return again(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    if row.role != "complainant" {
        let mut errors = FormErrors::in_language(&tr);
        errors.add("grounds", tr.t("review-refused"));
        return again(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }

    let acting = ActingUser {
        actor: Actor::complainant(),
        staff_user_id: None,
        description: Some("complainant".into()),
    };
    let mut tx = state.pool.begin().await?;
    match apply_case_in(
        &mut tx,
        row.case_id,
        version,
        &CaseCommand::ApplyForReview,
        &acting,
        today,
    )
    .await
    {
        Ok(transition) => {
            let applied_on = transition
                .effects
                .iter()
                .find_map(|e| match e {
                    Effect::ReviewApplied { on, .. } => Some(*on),
                    _ => None,
                })
                .unwrap_or(transition.on);
            db::complete_review_application(
                &mut tx,
                row.case_id,
                applied_on,
                &ReviewApplication {
                    grounds,
                    outcome_sought,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(Redirect::to("/status/review/confirmation").into_response())
        }
        Err(ApplyError::Conflict) => {
            let mut errors = FormErrors::in_language(&tr);
            errors.add("grounds", tr.t("review-conflict"));
            again(errors, StatusCode::CONFLICT)
        }
        Err(ApplyError::Refused(refusal)) => {
            tracing::info!(rule = ?refusal.rule, "review application refused by the workflow");
            let mut errors = FormErrors::in_language(&tr);
            errors.add("grounds", tr.t("review-refused"));
            again(errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ApplyError::NotFound) => Err(AppError::NotFound),
        Err(ApplyError::Database(e)) => Err(e.into()),
    }
}

/// `GET /status/review/confirmation`: the reference of the application just made.
pub async fn confirmation(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
) -> AppResult<Response> {
    let row = match super::signed_in(&state, &headers).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    let Some(review) = row.review.as_ref() else {
        return Ok(Redirect::to("/status").into_response());
    };
    let tr = words(&choices, &row);
    let mut response = html(&ReviewDonePage {
        lang: tr.lang.code(),
        page_title: tr.t("review-done-title"),
        tr,
        chrome: choices.chrome(tr, true),
        reference: review.reference.clone().unwrap_or_default(),
        message: tr.f(
            "review-done-body",
            &[("body", &body_name(&tr, review.review_body, &row))],
        ),
    })?;
    no_store(&mut response);
    Ok(response)
}
