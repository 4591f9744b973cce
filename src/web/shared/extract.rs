//! The extractors every staff route starts from.
//!
//! [`CurrentUser`] is the only way a handler learns who is asking: it reads the session
//! cookie, checks the session's timeouts and the account, and otherwise sends the browser to
//! the sign-in page. [`CurrentUser::check_csrf`] guards every form; a POST from another site
//! is also refused by the origin check in `web::middleware`. Permission refusals are written
//! to the audit trail.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::session::{self, COOKIE, SecondFactor, StaffUser};
use crate::db::audit::{self, Action, Actor, Entity, Event, RecordAction};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::form::Posted;

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

/// The rejection of [`CurrentUser`]: go and sign in (or finish signing in with the second
/// factor), then come back here.
pub struct SignInFirst {
    next: String,
    /// The step of signing in still to do.
    at: &'static str,
}

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        let next = form_urlencode(&self.next);
        Redirect::to(&format!("{}?next={next}", self.at)).into_response()
    }
}

/// Where the sign-in goes on from a session that has only the password so far.
pub fn second_factor_page(state: SecondFactor) -> &'static str {
    match state {
        SecondFactor::EnrolmentNeeded => "/sign-in/enrol",
        SecondFactor::CodeNeeded | SecondFactor::Done => "/sign-in/code",
    }
}

/// Percent-encodes a value for a query string.
pub fn form_urlencode(s: &str) -> String {
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
        let sign_in = |at| {
            SignInFirst {
                next: next.clone(),
                at,
            }
            .into_response()
        };
        let Some(token) = session_token(&parts.headers) else {
            return Err(sign_in("/sign-in"));
        };
        match state
            .reads
            .with(async |conn| session::find(conn, &token, Utc::now()).await)
            .await
        {
            Ok(Some(user)) if user.second_factor == SecondFactor::Done => Ok(CurrentUser(user)),
            // The password alone does not sign anyone in: the second factor comes first.
            Ok(Some(user)) => Err(sign_in(second_factor_page(user.second_factor))),
            Ok(None) => Err(sign_in("/sign-in")),
            Err(e) => Err(AppError::from(e).into_response()),
        }
    }
}

/// A session whose password was right but whose second factor is still to give: only the
/// second factor's own pages take it. A complete session is one too (those pages send it on).
pub struct HalfSignedIn {
    pub user: StaffUser,
    pub token: String,
}

impl<S> FromRequestParts<S> for HalfSignedIn
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let to_sign_in = || Redirect::to("/sign-in").into_response();
        let Some(token) = session_token(&parts.headers) else {
            return Err(to_sign_in());
        };
        match state
            .reads
            .with(async |conn| session::find(conn, &token, Utc::now()).await)
            .await
        {
            Ok(Some(user)) => Ok(HalfSignedIn { user, token }),
            Ok(None) => Err(to_sign_in()),
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
            RecordAction::PermissionRefused,
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

/// A posted staff form, checked: the signed-in user (or the redirect to sign in), the form's
/// values, and its CSRF token already compared with the session's (403, audited, otherwise).
/// The request's `Origin` has been checked by the middleware before any handler runs. Every
/// staff POST handler takes one of these, so none can forget the check.
pub struct StaffForm {
    pub user: CurrentUser,
    pub posted: Posted,
}

impl<S> FromRequest<S> for StaffForm
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let (mut parts, body) = request.into_parts();
        let user = CurrentUser::from_request_parts(&mut parts, state).await?;
        let request = Request::from_parts(parts, body);
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|_| {
                AppError::BadRequest("The form could not be read. Go back and try again.".into())
                    .into_response()
            })?;
        let posted = Posted::new(pairs);
        user.check_csrf(&app.pool, posted.get("csrf_token"))
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(StaffForm { user, posted })
    }
}

/// Where the request came from: the first `X-Forwarded-For` hop when the service is told it
/// sits behind a proxy, otherwise the connection's peer address. A hop that is not an IP
/// address is not believed (the peer's is used): the address is a throttling key written
/// to the database, so it must not be whatever text a client sends.
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
                .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok())
        {
            return Ok(ClientAddress(first.to_string()));
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
    action: RecordAction,
    details: serde_json::Value,
) -> sqlx::Result<()> {
    let actor = Actor {
        staff_user_id: user,
        role: role.map(Role::as_str),
        description: user.is_none().then_some("unknown user"),
    };
    audit::record(
        executor,
        Event::new(Entity::StaffUser(user), Action::Record(action), actor).details(details),
    )
    .await
}
