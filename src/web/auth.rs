//! Signing in and out, and the extractors every staff page uses.
//!
//! [`CurrentUser`] is the only way a handler learns who is asking: it reads the session
//! cookie, checks the session's timeouts and the account, and otherwise sends the browser to
//! the sign-in page. [`CurrentUser::check_csrf`] guards every form; a POST from another site
//! is also refused by the origin check in `web::mod`. Sign-ins, failures, sign-outs and
//! permission refusals are written to the audit trail, never with a password.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::AppState;
use super::render::{Page, html};
use crate::auth::session::{self, COOKIE, StaffUser};
use crate::auth::sign_in::{self, Outcome};
use crate::domain::Role;
use crate::error::{AppError, AppResult};

/// The signed-in member of staff. Extracting it from a request without a live session
/// redirects to the sign-in page.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub StaffUser);

impl std::ops::Deref for CurrentUser {
    type Target = StaffUser;
    fn deref(&self) -> &StaffUser {
        &self.0
    }
}

/// The rejection of [`CurrentUser`]: go and sign in, then come back here.
pub struct SignInFirst {
    next: String,
}

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        let next = form_urlencode(&self.next);
        Redirect::to(&format!("/sign-in?next={next}")).into_response()
    }
}

fn form_urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The session token from the request's cookies.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let next = parts
            .uri
            .path_and_query()
            .map_or("/my-work", |p| p.as_str())
            .to_owned();
        let Some(token) = session_token(&parts.headers) else {
            return Err(SignInFirst { next }.into_response());
        };
        match state
            .reads
            .with(async |conn| session::find(conn, &token, Utc::now()).await)
            .await
        {
            Ok(Some(user)) => Ok(CurrentUser(user)),
            Ok(None) => Err(SignInFirst { next }.into_response()),
            Err(e) => Err(AppError::from(e).into_response()),
        }
    }
}

impl CurrentUser {
    /// Refuses a form whose CSRF token is not this session's (403, written to the audit trail).
    pub async fn check_csrf(&self, pool: &PgPool, given: &str) -> AppResult<()> {
        let expected = self.csrf_token.as_bytes();
        let given = given.as_bytes();
        // Compare in constant time for equal lengths.
        let same = expected.len() == given.len()
            && expected
                .iter()
                .zip(given)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            self.refuse(pool, "csrf_token_mismatch").await
        }
    }

    /// Records a permission refusal and answers 403.
    pub async fn refuse<T>(&self, pool: &PgPool, what: &str) -> AppResult<T> {
        audit_staff_event(
            pool,
            Some(self.id),
            Some(self.role),
            "permission_refused",
            json!({ "refused": what }),
        )
        .await?;
        Err(AppError::Forbidden)
    }

    /// Only these roles may continue; others get a 403 that is written to the audit trail.
    pub async fn require(&self, pool: &PgPool, roles: &[Role], what: &str) -> AppResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            self.refuse(pool, what).await
        }
    }
}

/// Where the request came from: the first `X-Forwarded-For` hop when the service is told it
/// sits behind a proxy, otherwise the connection's peer address.
pub struct ClientAddress(pub String);

impl<S> FromRequestParts<S> for ClientAddress
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        if state.settings.trust_proxy
            && let Some(first) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
        {
            return Ok(ClientAddress(first.trim().to_owned()));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
        Ok(ClientAddress(peer))
    }
}

/// Appends a staff event (sign-in, sign-out, refusal, an account change) to the audit trail.
/// Give it the transaction of the change it records, so the two stand or fall together.
pub async fn audit_staff_event(
    executor: impl sqlx::PgExecutor<'_>,
    user: Option<Uuid>,
    role: Option<Role>,
    action: &str,
    details: serde_json::Value,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into audit_event (entity_kind, entity_id, actor_id, actor_role, actor_description, action, details)
         values ('staff_user', $1, $1, $2, $3, $4, $5)",
        user,
        role.map(Role::as_str),
        user.is_none().then_some("unknown user"),
        action,
        details
    )
    .execute(executor)
    .await?;
    Ok(())
}

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
fn safe_next(next: Option<&str>) -> &str {
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
            audit_staff_event(&state.pool, Some(user_id), role, "sign_in", json!({})).await?;
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
                "sign_in_failed",
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
                "sign_in_throttled",
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

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf_token: String,
}

/// `POST /sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    user.check_csrf(&state.pool, &form.csrf_token).await?;
    if let Some(token) = session_token(&headers) {
        session::end(&state.pool, &token).await?;
    }
    audit_staff_event(
        &state.pool,
        Some(user.id),
        Some(user.role),
        "sign_out",
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
