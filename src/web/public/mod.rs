//! The pages the public sees: a complainant's case status (`/status`), their review
//! application and contact preferences, the published recommendations (`/published`) and
//! each force's complaints statistics (`/published/statistics`).
//!
//! Every word comes from the translation files in [`crate::i18n`], in English or Welsh,
//! standard or easy read. The reader's choices are worked out once per request by
//! [`Choices`]: `?lang=` / `?read=` in the address (a language switch link) win and are
//! remembered in cookies; then the cookies; then, for a signed-in complainant, their
//! preferred language and easy-read need from their record; then the browser's
//! `Accept-Language`; then English.
//!
//! A complainant's session is a cookie scoped to `/status` (HttpOnly, SameSite=Strict,
//! Secure behind TLS) holding a random token whose hash names one person in one case; every
//! complainant page reads it with the case's status in one statement
//! ([`crate::db::public::status`]). The complainant's forms carry the session's own CSRF
//! token, on top of the origin check every POST passes.

mod bulletin;
mod contact;
mod documents;
mod published;
mod reports;
mod review;
mod status;

use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::db::public::StatusRow;
use crate::i18n::{Lang, Tr};
use crate::web::AppState;

/// The cookie holding the complainant's session token.
pub const SESSION_COOKIE: &str = "oversight_complainant";
/// The cookie remembering the chosen language.
pub const LANG_COOKIE: &str = "oversight_lang";
/// The cookie remembering the choice of easy read.
pub const READ_COOKIE: &str = "oversight_read";

/// The complainant's upload, kept apart from [`router`] so that it carries no request
/// timeout and no body limit of its own (the handler counts the bytes).
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/status/documents", axum::routing::post(documents::upload))
        .layer(axum::extract::DefaultBodyLimit::disable())
}

/// The public routes.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/status", get(status::page).post(status::look_up))
        .route("/status/sign-out", axum::routing::post(status::sign_out))
        .route("/status/review", get(review::form).post(review::apply))
        .route("/status/review/confirmation", get(review::confirmation))
        .route("/status/contact", get(contact::form).post(contact::save))
        .route("/status/documents", get(documents::page))
        .route("/status/documents/{document_id}", get(documents::download))
        .route("/published", get(published::list))
        .route("/published/reports", get(reports::list))
        .route("/published/reports/{document_id}", get(reports::download))
        .route("/published/feed.atom", get(published::feed))
        .route("/published/statistics", get(bulletin::forces))
        .route("/published/statistics/{force_code}", get(bulletin::show))
        .route("/published/{recommendation_id}", get(published::show))
        .layer(middleware::from_fn_with_state(state, remember_choices))
        .layer(middleware::from_fn(cache_control))
}

/// How long a browser or a shared cache may keep a published page or the feed.
pub const PUBLISHED_CACHE: &str = "public, max-age=300";

/// The `Cache-Control` of every public response (ASVS 5.0 V14.3.2). A complainant's pages
/// (under `/status`) hold personal data and a session: `no-store`. The published pages and
/// the feed are the same for everyone reading them in one language, so any cache may keep
/// them for five minutes, varying on the language cookie and `Accept-Language`; but an error,
/// or an answer that sets a cookie (a language switch), is `no-store` too: a shared cache must
/// never hand one reader's cookie to another. A handler's own choice is kept.
async fn cache_control(request: Request, next: Next) -> Response {
    let published = request.uri().path().starts_with("/published");
    let mut response = next.run(request).await;
    let cacheable = published
        && response.status().is_success()
        && !response.headers().contains_key(header::SET_COOKIE);
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        let value = if cacheable {
            PUBLISHED_CACHE
        } else {
            "no-store"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    if cacheable {
        headers.append(
            header::VARY,
            HeaderValue::from_static("Cookie, Accept-Language"),
        );
    }
    response
}

/// Reads one cookie's value.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// One query parameter's value (the first), decoded.
fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    let query = query?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// What the reader asked for in the address or cookies, and what their browser prefers.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// A language chosen explicitly (switch link or remembered cookie).
    pub lang: Option<Lang>,
    /// Easy read chosen or declined explicitly.
    pub easy: Option<bool>,
    /// The browser puts Welsh first.
    pub browser_welsh: bool,
    /// The path and query of this request, for switch links.
    path: String,
    query: Option<String>,
}

impl Choices {
    /// The words of the page: explicit choices first, then the defaults given (a
    /// complainant's recorded preferences), then the browser's language.
    pub fn tr(&self, default_lang: Option<Lang>, default_easy: bool) -> Tr {
        let lang = self.lang.or(default_lang).unwrap_or(if self.browser_welsh {
            Lang::Welsh
        } else {
            Lang::English
        });
        Tr::new(lang, self.easy.unwrap_or(default_easy))
    }

    /// This page's address with one query parameter set (other parameters kept).
    fn with_param(&self, name: &str, value: &str) -> String {
        let mut pairs: Vec<(String, String)> = self
            .query
            .as_deref()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        pairs.retain(|(k, _)| k != name && k != "lang" && k != "read");
        pairs.push((name.to_owned(), value.to_owned()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("{}?{query}", self.path)
    }

    /// The language switch and easy-read switch for a page in `tr`.
    pub fn chrome(&self, tr: Tr, offer_easy_read: bool) -> Chrome {
        let other = tr.lang.other();
        Chrome {
            lang_href: self.with_param("lang", other.code()),
            other_lang: other.code(),
            other_name: other.own_name(),
            other_hidden: Tr::new(other, false).t("language-switch-hidden"),
            easy_href: offer_easy_read
                .then(|| self.with_param("read", if tr.easy { "standard" } else { "easy" })),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Choices {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Choices::read(&parts.uri, &parts.headers))
    }
}

impl Choices {
    /// The reader's choices as this request states them.
    pub fn read(uri: &Uri, headers: &HeaderMap) -> Self {
        let query = uri.query();
        let lang = query_param(query, "lang")
            .and_then(|l| Lang::from_code(&l))
            .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::from_code));
        let easy = query_param(query, "read")
            .as_deref()
            .or_else(|| cookie(headers, READ_COOKIE))
            .and_then(|r| match r {
                "easy" => Some(true),
                "standard" => Some(false),
                _ => None,
            });
        let browser_welsh = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|first| first.trim().to_ascii_lowercase().starts_with("cy"));
        Choices {
            lang,
            easy,
            browser_welsh,
            path: uri.path().to_owned(),
            query: query.map(str::to_owned),
        }
    }
}

/// Whether a path is one of the public pages, whose errors are shown in the reader's
/// language inside the public layout.
pub fn is_public_path(path: &str) -> bool {
    ["/status", "/published"].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

#[derive(askama::Template)]
#[template(path = "public/error.html")]
struct ErrorTemplate<'a> {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    heading: &'static str,
    message: &'a str,
    reference: Option<String>,
}

/// The page for an error on a public page, in the reader's language: what went wrong by its
/// status, and the reference to quote for a fault on our side.
pub fn error_page(choices: &Choices, status: StatusCode, reference: Option<&str>) -> Response {
    let tr = choices.tr(None, false);
    let key = match status.as_u16() {
        code @ (400 | 403 | 404 | 409 | 503) => code,
        _ if status.is_server_error() => 500,
        _ => 400,
    };
    let heading = tr.t(&format!("error-{key}-heading"));
    let template = ErrorTemplate {
        lang: tr.lang.code(),
        page_title: heading,
        tr,
        chrome: choices.chrome(tr, false),
        heading,
        message: tr.t(&format!("error-{key}-message")),
        reference: reference.map(|r| tr.f("error-reference", &[("reference", r)])),
    };
    match askama::Template::render(&template) {
        Ok(body) => axum::response::Html(body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the public error page could not be rendered");
            format!("{}\n\n{}\n", template.heading, template.message).into_response()
        }
    }
}

/// What every public page's layout draws around the content: the switch to the other
/// language and, on a complainant's pages, the switch between standard and easy read.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang_href: String,
    pub other_lang: &'static str,
    pub other_name: &'static str,
    /// "Change the language to", in the other language (visually hidden).
    pub other_hidden: &'static str,
    pub easy_href: Option<String>,
}

/// Remembers a language or easy-read choice made with `?lang=` or `?read=` in a cookie for a
/// year, so that the next page is in the same language.
async fn remember_choices(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let query = request.uri().query().map(str::to_owned);
    let secure = state.settings.behind_tls;
    let mut response = next.run(request).await;
    let lang = query_param(query.as_deref(), "lang").and_then(|l| Lang::from_code(&l));
    let read = query_param(query.as_deref(), "read").filter(|r| r == "easy" || r == "standard");
    for (name, value) in [
        (LANG_COOKIE, lang.map(|l| l.code().to_owned())),
        (READ_COOKIE, read),
    ] {
        if let Some(value) = value {
            let mut cookie =
                format!("{name}={value}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
            if secure {
                cookie.push_str("; Secure");
            }
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    response
}

/// The complainant's session cookie (or its removal).
pub fn session_cookie(token: &str, secure: bool, clear: bool) -> HeaderValue {
    let mut cookie = format!("{SESSION_COOKIE}={token}; Path=/status; HttpOnly; SameSite=Strict");
    if secure {
        cookie.push_str("; Secure");
    }
    if clear {
        cookie.push_str("; Max-Age=0");
    }
    HeaderValue::from_str(&cookie)
        .unwrap_or_else(|_| HeaderValue::from_static("oversight_complainant=; Max-Age=0"))
}

/// The complainant's session token from the cookies, if it looks like one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned)
}

/// The case and person behind a complainant's session token, if the session is live.
pub async fn complainant(state: &AppState, token: &str) -> sqlx::Result<Option<StatusRow>> {
    let now = chrono::Utc::now();
    state
        .reads
        .with(async |conn| crate::db::public::status(conn, token, now).await)
        .await
}

/// The signed-in complainant's session and case, or a redirect to the look-up page.
async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> crate::error::AppResult<Result<StatusRow, Response>> {
    let Some(token) = session_token(headers) else {
        return Ok(Err(Redirect::to("/status").into_response()));
    };
    Ok(complainant(state, &token)
        .await?
        .ok_or_else(|| Redirect::to("/status").into_response()))
}

/// Compares a posted CSRF token with the session's, in constant time.
pub fn same_token(expected: &str, given: &str) -> bool {
    crate::auth::access_code::same_hash(expected.as_bytes(), given.as_bytes())
}

/// Today in the UK (the law's days are UK days).
pub fn uk_today() -> chrono::NaiveDate {
    crate::i18n::uk_local(chrono::Utc::now()).date()
}
