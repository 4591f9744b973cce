//! The web layer: the router, the middleware every response passes through, and the
//! handlers, one module per feature (`cases`, `subjects`, `recommendations`, `admin`,
//! `my_work`, `assessment`, `public`, ...), each exporting its routes. What several features
//! use lives in [`shared`]; features never import from each other. Handlers stay thin:
//! extract, call one domain or database function, render or redirect.

mod admin;
mod assessment;
mod auth;
mod cases;
mod documents;
mod home;
pub mod import;
mod messages;
mod middleware;
mod my_work;
pub mod public;
mod recommendations;
pub mod shared;
mod state;
mod statistics;
mod subjects;
mod timeliness;
mod workflow_diagram;

use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, header};
use axum::middleware as mw;
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use middleware::{
    not_private, refuse_cross_site_posts, render_error_pages, security_header,
    strict_transport_security,
};
pub use state::{AppState, Settings, Shared};

/// Every staff route as (method, path): the routes of every feature. The authorisation test
/// walks this list, so a route without an expectation there fails it.
pub fn staff_routes() -> Vec<(&'static str, &'static str)> {
    [
        auth::ROUTES,
        cases::ROUTES,
        documents::ROUTES,
        documents::UPLOAD_ROUTES,
        messages::ROUTES,
        subjects::ROUTES,
        recommendations::ROUTES,
        my_work::ROUTES,
        assessment::ROUTES,
        admin::ROUTES,
        statistics::ROUTES,
        timeliness::ROUTES,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect()
}

/// Every staff page holds personal data and a CSRF token: never stored by a browser or
/// proxy, and so never compressed either (see [`middleware::not_private`]).
fn staff_router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(cases::router())
        .merge(documents::router())
        .merge(messages::router())
        .merge(subjects::router())
        .merge(recommendations::router())
        .merge(my_work::router())
        .merge(assessment::router())
        .merge(admin::router())
        .merge(statistics::router())
        .merge(timeliness::router())
        .layer(security_header(header::CACHE_CONTROL, "no-store"))
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Content Security Policy: no inline script or style, nothing from other origins, and the
/// pages may not be framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
                   form-action 'self'; frame-ancestors 'none'";

/// Builds the whole application. Kept apart from serving so tests drive it directly.
pub fn app(state: AppState) -> Router {
    let static_files = ServeDir::new(static_dir());
    Router::new()
        .route("/", get(home::start_page))
        .route("/healthz", get(home::healthz))
        .merge(
            // Signing in sets the session cookie, and its second step shows a secret and
            // recovery codes: never stored.
            Router::new()
                .route("/sign-in", get(auth::sign_in_page).post(auth::sign_in))
                .route("/sign-in/enrol", get(auth::enrol_form).post(auth::enrol))
                .route("/sign-in/code", get(auth::code_form).post(auth::code))
                .layer(security_header(header::CACHE_CONTROL, "no-store")),
        )
        .merge(staff_router())
        .merge(public::router(state.clone()))
        .route("/workflow", get(workflow_diagram::page))
        .route("/workflow/{file}", get(workflow_diagram::svg))
        .nest_service(
            "/static",
            tower::service_fn(move |request: Request| {
                let dir = static_files.clone();
                async move { Ok::<_, std::convert::Infallible>(static_file(dir, request).await) }
            }),
        )
        .fallback(middleware::not_found)
        // A page that takes 30 seconds has failed; only an upload may take longer (a video
        // takes minutes to send), and it gives up by itself on a sender that stalls.
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .merge(
            documents::upload_router()
                .merge(public::upload_router())
                .layer(security_header(header::CACHE_CONTROL, "no-store")),
        )
        .layer(mw::from_fn(render_error_pages))
        .layer(mw::from_fn(refuse_cross_site_posts))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(
                    |req: &Request| {
                        let id = req
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        // The path only, never the query string: it may carry personal data.
                        tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
                    },
                ))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(
                    CompressionLayer::new()
                        .quality(tower_http::CompressionLevel::Fastest)
                        .compress_when(DefaultPredicate::new().and(not_private)),
                )
                .layer(security_header(header::CONTENT_SECURITY_POLICY, CSP))
                .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
                .layer(security_header(header::REFERRER_POLICY, "same-origin")),
        )
        .layer(mw::from_fn_with_state(state.clone(), strict_transport_security))
        .with_state(state)
}

/// A stylesheet, script or image. A name the file system refuses (longer than a file name
/// may be) is missing like any other, 404; any other failure to read a file is a server error,
/// logged and drawn in the layout (tower-http's own answer would be a bare 500).
async fn static_file(mut dir: ServeDir, request: Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    match dir.try_call(request).await {
        Ok(response) => response.map(axum::body::Body::new),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidFilename => {
            crate::error::AppError::NotFound.into_response()
        }
        Err(e) => crate::error::AppError::Internal(e.into()).into_response(),
    }
}

/// Where the stylesheets and scripts are served from: `static/` in the project, or
/// `OVERSIGHT_STATIC_DIR`.
fn static_dir() -> std::path::PathBuf {
    std::env::var_os("OVERSIGHT_STATIC_DIR")
        .map(Into::into)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static"))
}
