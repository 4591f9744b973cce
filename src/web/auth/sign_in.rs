//! `GET/POST /sign-in` and `POST /sign-out`. Sign-ins, failures and sign-outs are written to
//! the audit trail, never with a password.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::auth::session::{self, COOKIE};
use crate::auth::sign_in::{self, Outcome};
use crate::db::audit::RecordAction;
use crate::domain::Role;
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::extract::{ClientAddress, StaffForm, audit_staff_event, session_token};
use crate::web::shared::render::{Page, html};

fn session_cookie(value: &str, secure: bool, clear: bool) -> HeaderValue {
    let mut cookie = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict");
    if secure {
        cookie.push_str("; Secure");
    }
    if clear {
        cookie.push_str("; Max-Age=0");
    }
    HeaderValue::from_str(&cookie)
        .unwrap_or_else(|_| HeaderValue::from_static("oversight_session=; Max-Age=0"))
}

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

/// Only paths on this site are followed after sign-in (no open redirect).
pub(super) fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/my-work",
    }
}

#[derive(askama::Template)]
#[template(path = "auth/sign_in.html")]
struct SignInPage<'a> {
    lang: &'static str,
    email: &'a str,
    next: &'a str,
    error: Option<String>,
    signed_out: bool,
}

/// `GET /sign-in`
pub async fn sign_in_page(Query(query): Query<NextQuery>) -> AppResult<Response> {
    html(&SignInPage {
        lang: Page::ENGLISH,
        email: "",
        next: safe_next(query.next.as_deref()),
        error: None,
        signed_out: query.signed_out.is_some(),
    })
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST /sign-in`
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref()).to_owned();
    let again = |status, error: String| -> AppResult<Response> {
        let page = html(&SignInPage {
            lang: Page::ENGLISH,
            email: &form.email,
            next: &next,
            error: Some(error),
            signed_out: false,
        })?;
        Ok((status, page).into_response())
    };
    if form.email.trim().is_empty() || form.password.is_empty() {
        return again(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "Enter your email address and password".to_owned(),
        );
    }
    let now = Utc::now();
    match sign_in::attempt(&state.pool, &form.email, &form.password, &address, now).await? {
        Outcome::SignedIn(user_id) => {
            let token = session::start(&state.pool, user_id).await?;
            let role: Option<Role> = sqlx::query_scalar!(
                r#"select role as "role: Role" from staff_user where staff_user_id = $1"#,
                user_id
            )
            .fetch_optional(&state.pool)
            .await?;
            audit_staff_event(
                &state.pool,
                Some(user_id),
                role,
                RecordAction::SignIn,
                json!({}),
            )
            .await?;
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, state.settings.behind_tls, false),
            );
            Ok(response)
        }
        Outcome::Refused => {
            audit_staff_event(
                &state.pool,
                None,
                None,
                RecordAction::SignInFailed,
                json!({ "client_address": address }),
            )
            .await?;
            again(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "The email address or password is not right. Check them and try again.".to_owned(),
            )
        }
        Outcome::Throttled { retry_after } => {
            audit_staff_event(
                &state.pool,
                None,
                None,
                RecordAction::SignInThrottled,
                json!({ "client_address": address }),
            )
            .await?;
            let minutes = ((retry_after - now).num_seconds().max(1) + 59) / 60;
            let mut response = again(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "There have been too many attempts to sign in. Wait {minutes} minute{} and try again.",
                    if minutes == 1 { "" } else { "s" }
                ),
            )?;
            let seconds = (retry_after - now).num_seconds().max(1).to_string();
            if let Ok(v) = HeaderValue::from_str(&seconds) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(response)
        }
    }
}

/// `POST /sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    StaffForm { user, .. }: StaffForm,
) -> AppResult<Response> {
    if let Some(token) = session_token(&headers) {
        session::end(&state.pool, &token).await?;
    }
    audit_staff_event(
        &state.pool,
        Some(user.id),
        Some(user.role),
        RecordAction::SignOut,
        json!({}),
    )
    .await?;
    let mut response = Redirect::to("/sign-in?signed_out=1").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie("", state.settings.behind_tls, true),
    );
    Ok(response)
}
