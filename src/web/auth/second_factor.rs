//! The second step of signing in: enrolling an authenticator app, and giving a code from it
//! (or a recovery code). See [`crate::auth::second_factor`] for the rules.
//!
//! * `GET/POST /sign-in/enrol`: the QR code and the key to type, and the first code that
//!   confirms them; then the ten recovery codes, shown once.
//! * `GET/POST /sign-in/code`: a code from the app, or a recovery code.
//!
//! Both take a session whose password was right ([`HalfSignedIn`]); a complete session is
//! sent on to where it was going. Wrong codes count as failed sign-ins of the account and the
//! address (the passwords' throttle); every enrolment, code given and failure is audited.

use crate::db::audit::RecordAction;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::sign_in::{safe_next, set_session_cookie};
use crate::auth::second_factor::{self as factor, Given};
use crate::auth::session::{self, SecondFactor};
use crate::auth::sign_in::{self, Admission};
use crate::error::{AppResult, see_other};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{
    ClientAddress, CurrentUser, HalfSignedIn, audit_staff_event, second_factor_page,
};
use crate::web::shared::form::{Field, Posted, TextField};
use crate::web::shared::render::{Page, html};

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "auth/enrol.html")]
struct EnrolPage<'a> {
    lang: &'static str,
    errors: FormErrors,
    csrf_token: &'a str,
    next: &'a str,
    qr_data_url: String,
    key: String,
    fields: Vec<Field>,
}

#[derive(askama::Template)]
#[template(path = "auth/recovery_codes.html")]
struct RecoveryCodesPage<'a> {
    lang: &'static str,
    next: &'a str,
    codes: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "auth/code.html")]
struct CodePage<'a> {
    lang: &'static str,
    errors: FormErrors,
    csrf_token: &'a str,
    next: &'a str,
    fields: Vec<Field>,
}

fn code_field(errors: &FormErrors) -> Field {
    Field::Text(TextField {
        label_class: "govuk-label--s",
        input_type: "text",
        autocomplete: "one-time-code",
        ..TextField::input("code", "Code", "", errors)
            .hint(
                "The 6-digit code your authenticator app shows now, or one of your recovery codes",
            )
            .width("govuk-input--width-10")
    })
}

/// Where a complete session goes; or, for one that is not, the right step of signing in.
fn onwards(state: SecondFactor, here: &'static str, next: &str) -> Option<AppResult<Response>> {
    let page = second_factor_page(state);
    match state {
        SecondFactor::Done => Some(see_other(next)),
        _ if page != here => Some(see_other(&format!(
            "{page}?next={}",
            crate::web::shared::extract::form_urlencode(next)
        ))),
        _ => None,
    }
}

/// Refuses a form whose CSRF token is not the session's (403, audited).
async fn check_csrf(state: &AppState, half: &HalfSignedIn, posted: &Posted) -> AppResult<()> {
    CurrentUser(half.user.clone())
        .check_csrf(&state.pool, posted.get("csrf_token"))
        .await
}

/// The message for a wrong code.
fn wrong_code() -> FormErrors {
    let mut errors = FormErrors::default();
    errors.add(
        "code",
        "The code is not right. Enter the code your authenticator app shows now",
    );
    errors
}

/// The message when there have been too many wrong guesses.
fn too_many(retry_after: chrono::DateTime<Utc>, now: chrono::DateTime<Utc>) -> FormErrors {
    let minutes = ((retry_after - now).num_seconds().max(1) + 59) / 60;
    let mut errors = FormErrors::default();
    errors.add(
        "code",
        format!(
            "There have been too many attempts to sign in. Wait {minutes} minute{} and try again.",
            if minutes == 1 { "" } else { "s" }
        ),
    );
    errors
}

/// What a guess of the second factor came to.
enum Guess<T> {
    /// Right: the value, and the session's new token.
    Right(T, String),
    Wrong,
    Throttled(chrono::DateTime<Utc>),
}

/// Checks a guess with `check` once the throttle has admitted it (the guess is recorded as a
/// failure first, see [`crate::auth::sign_in::admit`], so parallel guesses cannot outrun the
/// limit), in one transaction with, when it is right, the record marked as a success, the
/// session's completion and its audit event. A wrong guess is audited.
async fn guess<T>(
    state: &AppState,
    half: &HalfSignedIn,
    address: &str,
    step: RecordAction,
    check: impl AsyncFnOnce(&mut sqlx::PgConnection) -> sqlx::Result<Option<(T, serde_json::Value)>>,
) -> AppResult<Guess<T>> {
    let now = Utc::now();
    let attempt = match sign_in::admit(&state.pool, &half.user.email, address, now).await? {
        Admission::Admitted(attempt) => attempt,
        Admission::Throttled { retry_after } => return Ok(Guess::Throttled(retry_after)),
    };
    let mut tx = state.pool.begin().await?;
    let outcome = check(&mut tx).await?;
    let mut renewed = None;
    let (action, details) = match &outcome {
        Some((_, details)) => {
            attempt.succeeded(&mut *tx).await?;
            renewed = Some(session::complete(&mut tx, &half.token).await?);
            (step, details.clone())
        }
        None => (
            RecordAction::SecondFactorFailed,
            json!({ "step": step.as_str(), "client_address": address }),
        ),
    };
    audit_staff_event(
        &mut *tx,
        Some(half.user.id),
        Some(half.user.role),
        action,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(match (outcome, renewed) {
        (Some((value, _)), Some(token)) => Guess::Right(value, token),
        _ => Guess::Wrong,
    })
}

async fn enrol_page(
    state: &AppState,
    half: &HalfSignedIn,
    next: &str,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let mut conn = state.pool.acquire().await?;
    let secret = factor::start_enrolment(&mut conn, half.user.id).await?;
    drop(conn);
    let enrolment = factor::enrolment(&secret, &half.user.email)?;
    let page = html(&EnrolPage {
        lang: Page::ENGLISH,
        fields: vec![code_field(&errors)],
        errors,
        csrf_token: &half.user.csrf_token,
        next,
        qr_data_url: enrolment.qr_data_url,
        key: enrolment.key,
    })?;
    Ok((status, page).into_response())
}

/// `GET /sign-in/enrol`
pub async fn enrol_form(
    State(state): State<AppState>,
    half: HalfSignedIn,
    Query(query): Query<NextQuery>,
) -> AppResult<Response> {
    let next = safe_next(query.next.as_deref());
    if let Some(elsewhere) = onwards(half.user.second_factor, "/sign-in/enrol", next) {
        return elsewhere;
    }
    enrol_page(&state, &half, next, FormErrors::default(), StatusCode::OK).await
}

/// `POST /sign-in/enrol`: confirms the app with its first code, then shows the recovery codes.
pub async fn enrol(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    half: HalfSignedIn,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let posted = Posted::new(pairs);
    check_csrf(&state, &half, &posted).await?;
    let next = safe_next(Some(posted.get("next"))).to_owned();
    if let Some(elsewhere) = onwards(half.user.second_factor, "/sign-in/enrol", &next) {
        return elsewhere;
    }
    let typed = posted.get("code").to_owned();
    let user = half.user.id;
    let outcome = guess(
        &state,
        &half,
        &address,
        RecordAction::EnrolSecondFactor,
        async |conn| {
            let codes = factor::finish_enrolment(conn, user, &typed, Utc::now()).await?;
            Ok(codes.map(|c| (c, json!({}))))
        },
    )
    .await?;
    match outcome {
        Guess::Right(codes, token) => {
            let mut response = html(&RecoveryCodesPage {
                lang: Page::ENGLISH,
                next: &next,
                codes,
            })?;
            set_session_cookie(&mut response, &token, state.settings.behind_tls);
            Ok(response)
        }
        Guess::Wrong => {
            enrol_page(
                &state,
                &half,
                &next,
                wrong_code(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Guess::Throttled(until) => {
            let errors = too_many(until, Utc::now());
            enrol_page(&state, &half, &next, errors, StatusCode::TOO_MANY_REQUESTS).await
        }
    }
}

async fn code_page(
    half: &HalfSignedIn,
    next: &str,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let page = html(&CodePage {
        lang: Page::ENGLISH,
        fields: vec![code_field(&errors)],
        errors,
        csrf_token: &half.user.csrf_token,
        next,
    })?;
    Ok((status, page).into_response())
}

/// `GET /sign-in/code`
pub async fn code_form(half: HalfSignedIn, Query(query): Query<NextQuery>) -> AppResult<Response> {
    let next = safe_next(query.next.as_deref());
    if let Some(elsewhere) = onwards(half.user.second_factor, "/sign-in/code", next) {
        return elsewhere;
    }
    code_page(&half, next, FormErrors::default(), StatusCode::OK).await
}

/// `POST /sign-in/code`: a code from the app or a recovery code completes the sign-in.
pub async fn code(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    half: HalfSignedIn,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let posted = Posted::new(pairs);
    check_csrf(&state, &half, &posted).await?;
    let next = safe_next(Some(posted.get("next"))).to_owned();
    if let Some(elsewhere) = onwards(half.user.second_factor, "/sign-in/code", &next) {
        return elsewhere;
    }
    if posted.get("code").trim().is_empty() {
        let mut errors = FormErrors::default();
        errors.add(
            "code",
            "Enter the code your authenticator app shows, or a recovery code",
        );
        return code_page(&half, &next, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let typed = posted.get("code").to_owned();
    let user = half.user.id;
    let outcome = guess(
        &state,
        &half,
        &address,
        RecordAction::GiveSecondFactor,
        async |conn| {
            let Some(given) = factor::check(conn, user, &typed, Utc::now()).await? else {
                return Ok(None);
            };
            let left = factor::recovery_codes_left(conn, user).await?;
            let with = if given == Given::RecoveryCode {
                "recovery_code"
            } else {
                "app"
            };
            Ok(Some((
                (),
                json!({ "with": with, "recovery_codes_left": left }),
            )))
        },
    )
    .await?;
    match outcome {
        Guess::Right((), token) => {
            let mut response = see_other(&next)?;
            set_session_cookie(&mut response, &token, state.settings.behind_tls);
            Ok(response)
        }
        Guess::Wrong => {
            code_page(&half, &next, wrong_code(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Guess::Throttled(until) => {
            code_page(
                &half,
                &next,
                too_many(until, Utc::now()),
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
    }
}
