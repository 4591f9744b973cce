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
use crate::error::{AppResult, see_other};
use crate::web::AppState;
use crate::web::shared::extract::{ClientAddress, StaffForm, audit_staff_event, session_token};
use crate::web::shared::render::{Page, html};

/// Sets the staff session's cookie on a response.
pub(super) fn set_session_cookie(response: &mut Response, token: &str, secure: bool) {
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(token, secure, false));
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

/// Where a sign-in goes on to when no (usable) `next` was given.
const HOME: &str = "/my-work";
/// A `next` longer than this is not one this service made.
const MAX_NEXT: usize = 2048;

/// Only paths on this site are followed after sign-in (no open redirect, ASVS 5.0 V3.7.2):
/// `next` must be a relative reference made of a path (and a query or fragment) and nothing
/// else, or the sign-in goes to My work.
///
/// Browsers are generous with what they take for another site: they strip tabs and line
/// breaks from a URL, read `\` as `/`, and follow `//host` and `/\host` to `host`. So the
/// value must start with a single `/` followed by neither `/` nor `\`; it must be printable
/// ASCII with no spaces or backslashes (a browser's own `next` is percent-encoded); its path,
/// percent-decoded, must still begin so and hold no control character, space or backslash
/// (so `/%09/evil.example` and `/%2F/evil` are refused); no percent escape may be malformed
/// and no decoded part may hold a control character. What passes can always be a `Location`
/// header.
pub(super) fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if is_path_on_this_site(n) => n,
        _ => HOME,
    }
}

fn is_path_on_this_site(next: &str) -> bool {
    let bytes = next.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_NEXT || bytes[0] != b'/' {
        return false;
    }
    if matches!(bytes.get(1), Some(b'/' | b'\\')) {
        return false;
    }
    // Printable ASCII only, and never a backslash.
    if !bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\') {
        return false;
    }
    let (path, rest) = next.split_at(next.find(['?', '#']).unwrap_or(next.len()));
    let (Some(path), Some(rest)) = (percent_decode(path), percent_decode(rest)) else {
        return false;
    };
    let path_ok = path.first() == Some(&b'/')
        && !matches!(path.get(1), Some(b'/' | b'\\'))
        && path
            .iter()
            .all(|b| (b.is_ascii_graphic() && *b != b'\\') || *b >= 0x80);
    // A query may hold an encoded space (a search for a name), never a control character.
    let rest_ok = rest.iter().all(|b| !b.is_ascii_control());
    path_ok && rest_ok
}

/// Percent-decodes once; `None` when an escape is malformed.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
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
            let mut response = see_other(&next)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_goes_on_only_to_a_path_on_this_site() {
        let long = format!("/cases?q={}", "a".repeat(MAX_NEXT));
        for hostile in [
            "",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "%2F%2Fevil.example",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "/\t/evil.example",
            "/%09/evil.example",
            "/\n/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/cases\r\nSet-Cookie: x=1",
            "/cases%0d%0aSet-Cookie:%20x=1",
            "/cases\0",
            "/cases%00",
            "/ /evil.example",
            "/%20/evil.example",
            "/cases?q=%0A",
            "/cases%zz",
            "/cases%2",
            "/cases%+1",
            "/café",
            "my-work",
            "?next=/cases",
            &long,
        ] {
            assert_eq!(safe_next(Some(hostile)), "/my-work", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/my-work");
        for fine in [
            "/cases",
            "/cases?kind=complaint&force=met",
            "/cases?q=John%20Smith",
            "/cases?q=John+Smith",
            "/cases/5ce00010-0001-4000-8000-000000000001#linked-cases",
            "/caf%C3%A9",
            "/a/../b",
            "/my-work",
        ] {
            assert_eq!(safe_next(Some(fine)), fine);
        }
    }

    #[test]
    fn whatever_safe_next_passes_can_be_a_location_header() {
        for next in ["/cases?q=%0D%0A", "/%E2%80%AE", "/cases?q=a%20b"] {
            let chosen = safe_next(Some(next));
            assert!(
                HeaderValue::from_str(chosen).is_ok(),
                "{next:?} gave {chosen:?}"
            );
        }
    }
}
