//! The middleware every response passes through: security headers, the cross-site check on
//! state-changing requests, HSTS, and error pages drawn inside the layout.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::request_id::RequestId;
use tower_http::set_header::SetResponseHeaderLayer;

use super::public;
use super::shared::render;
use crate::error::{AppError, ErrorPage};
use crate::web::AppState;

/// Pages marked `Cache-Control: no-store` carry one person's data and a CSRF token beside
/// text the address can influence (the language switch repeats the query string), so they
/// are sent uncompressed: compressing secrets next to attacker-chosen text over TLS is what
/// the BREACH attack exploits. It also spares these small pages the compressor's set-up cost.
pub(super) fn not_private(
    _: axum::http::StatusCode,
    _: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    !headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"))
}

/// Refuses a state-changing request whose `Origin` (or, lacking one, `Referer`) names another
/// site: forms of this service post only to itself. Backs up the per-session CSRF tokens and
/// covers the sign-in form, which has no session yet.
pub(super) async fn refuse_cross_site_posts(request: Request, next: Next) -> Response {
    if request.method() == axum::http::Method::GET || request.method() == axum::http::Method::HEAD {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let same_site = match (origin, host) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next() == Some(host))
            .unwrap_or(false),
        (Some(_), None) => false,
    };
    if same_site {
        next.run(request).await
    } else {
        AppError::Forbidden.into_response()
    }
}

/// HSTS, only when the service is served over TLS (sending it over plain HTTP is ignored by
/// browsers and would only confuse).
pub(super) async fn strict_transport_security(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if state.settings.behind_tls {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

pub(super) fn security_header(
    name: HeaderName,
    value: &'static str,
) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

pub(super) async fn not_found() -> AppError {
    AppError::NotFound
}

/// Draws every error response carrying an [`ErrorPage`] inside the layout (or as JSON for
/// clients that ask for it) and logs server errors with the request id.
pub(super) async fn render_error_pages(request: Request, next: Next) -> Response {
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .map(str::to_owned);
    let public_choices = public::is_public_path(request.uri().path())
        .then(|| public::Choices::read(request.uri(), request.headers()));
    let wants_json = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"));
    let response = next.run(request).await;
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let status = response.status();
    if let Some(internal) = &page.internal {
        tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), %status, error = %internal, "request failed");
    }
    let reference = status.is_server_error().then_some(request_id).flatten();
    let mut rendered = if wants_json {
        let body = serde_json::json!({
            "error": page.heading,
            "message": page.message,
            "reference": reference,
        });
        (status, axum::Json(body)).into_response()
    } else if let Some(choices) = &public_choices {
        (
            status,
            public::error_page(choices, status, reference.as_deref()),
        )
            .into_response()
    } else {
        let html = render::error_page(&page, reference);
        (status, html).into_response()
    };
    // Keep headers the handler set deliberately (e.g. Retry-After).
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rendered
}
