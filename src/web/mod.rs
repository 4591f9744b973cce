//! The web layer: the router, the middleware every response passes through, and the
//! handlers, one file per area. Handlers stay thin: extract, call one domain or database
//! function, render or redirect.

mod access_code;
mod admin_users;
mod assessment;
pub mod auth;
mod case_actions;
mod case_links;
mod case_logs;
mod case_page;
mod cases;
mod fields;
pub mod forms;
mod home;
mod investigation;
mod letter;
mod my_work;
mod new_case;
pub mod public;
mod recommendations;
pub mod render;
mod subject_forms;
mod subject_new;
mod subject_page;
mod workflow_page;

use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sqlx::PgPool;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::db::read_pool::ReadPool;
use crate::error::{AppError, ErrorPage};
use crate::workflow::calendar::Calendar;

/// What every handler can reach. One shared allocation, so cloning it (the router and each
/// middleware do, on every request) is a single counter increment; no per-user state lives
/// here (sessions are in Postgres), so any number of instances can serve the same database.
#[derive(Clone)]
pub struct AppState(std::sync::Arc<Shared>);

/// The contents of [`AppState`].
pub struct Shared {
    pub pool: PgPool,
    /// Connections for the single-statement reads every busy page starts with (sessions,
    /// the case page, a complainant's status), handed back without a test round trip.
    pub reads: ReadPool,
    pub settings: Settings,
    /// The working-day calendar and when it was read, read from the bank holiday table at
    /// most once an hour.
    calendar: tokio::sync::RwLock<Option<(std::time::Instant, std::sync::Arc<Calendar>)>>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// How the service is deployed.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Served over TLS (directly or by a proxy): cookies are `Secure` and HSTS is sent.
    pub behind_tls: bool,
    /// A proxy in front sets `X-Forwarded-For`; trust its first hop as the client address.
    pub trust_proxy: bool,
}

impl AppState {
    pub fn new(pool: PgPool) -> Self {
        Self::with_settings(pool, Settings::default())
    }

    pub fn with_settings(pool: PgPool, settings: Settings) -> Self {
        let reads = ReadPool::new(
            (*pool.connect_options()).clone(),
            pool.options().get_max_connections(),
        );
        Self(std::sync::Arc::new(Shared {
            pool,
            reads,
            settings,
            calendar: Default::default(),
        }))
    }

    /// The England and Wales working-day calendar. Bank holidays change a few times a decade,
    /// so it is read from the database at most once an hour rather than on every page.
    pub async fn calendar(&self) -> sqlx::Result<std::sync::Arc<Calendar>> {
        const FRESH_FOR: Duration = Duration::from_secs(3600);
        if let Some((read_at, calendar)) = self.calendar.read().await.as_ref()
            && read_at.elapsed() < FRESH_FOR
        {
            return Ok(calendar.clone());
        }
        let calendar = std::sync::Arc::new(crate::db::calendar::load(&self.pool).await?);
        *self.calendar.write().await = Some((std::time::Instant::now(), calendar.clone()));
        Ok(calendar)
    }
}

/// Declares the staff routes once: the router is built from this list and the list is
/// public, so the authorisation test covers every staff route (a route added here without
/// an expectation in that test fails it).
macro_rules! staff_routes {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every staff route as (method, path).
        pub const STAFF_ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        /// Every staff page holds personal data and a CSRF token: never stored by a browser
        /// or proxy, and so never compressed either (see [`not_private`]).
        fn staff_router() -> Router<AppState> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
                .layer(security_header(header::CACHE_CONTROL, "no-store"))
        }
    };
}

staff_routes! {
    get "/cases" => cases::list,
    get "/cases.csv" => cases::csv,
    post "/sign-out" => auth::sign_out,
    get "/cases/new" => new_case::form,
    post "/cases/new" => new_case::create,
    get "/cases/{case_id}" => case_page::show,
    post "/cases/{case_id}/actions" => case_actions::act,
    get "/cases/{case_id}/letter" => letter::page,
    get "/cases/{case_id}/links/new" => case_links::new_form,
    post "/cases/{case_id}/links" => case_links::create,
    get "/cases/{case_id}/investigation" => investigation::page,
    post "/cases/{case_id}/investigation" => investigation::update,
    post "/cases/{case_id}/investigation/notices" => investigation::send_notice,
    get "/cases/{case_id}/investigation/notices/{notice_id}" => investigation::show_notice,
    get "/cases/{case_id}/contacts/new" => case_logs::contact_form,
    post "/cases/{case_id}/contacts" => case_logs::add_contact,
    get "/cases/{case_id}/evidence/new" => case_logs::evidence_form,
    post "/cases/{case_id}/evidence" => case_logs::add_evidence,
    get "/cases/{case_id}/recommendations/new" => recommendations::new_form,
    post "/cases/{case_id}/recommendations/new" => recommendations::create,
    get "/recommendations" => recommendations::list,
    get "/recommendations/{recommendation_id}" => recommendations::show,
    post "/recommendations/{recommendation_id}/actions" => recommendations::act,
    get "/cases/{case_id}/access-code" => access_code::page,
    post "/cases/{case_id}/access-code" => access_code::issue,
    get "/cases/{case_id}/subjects/new" => subject_new::new_form,
    post "/cases/{case_id}/subjects/new" => subject_new::create,
    get "/cases/{case_id}/subjects/{case_subject_id}" => subject_page::show,
    post "/cases/{case_id}/subjects/{case_subject_id}/actions" => subject_page::act,
    get "/my-work" => my_work::page,
    get "/assessment" => assessment::page,
    get "/admin/users" => admin_users::list,
    get "/admin/users/new" => admin_users::new_form,
    post "/admin/users" => admin_users::create,
    post "/admin/users/{user_id}/disable" => admin_users::disable,
    post "/admin/users/{user_id}/enable" => admin_users::enable,
    get "/admin/users/{user_id}/password" => admin_users::password_form,
    post "/admin/users/{user_id}/password" => admin_users::reset_password,
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
        .route("/sign-in", get(auth::sign_in_page).post(auth::sign_in))
        .merge(staff_router())
        .merge(public::router(state.clone()))
        .route("/workflow", get(workflow_page::page))
        .route("/workflow/{file}", get(workflow_page::svg))
        .nest_service("/static", static_files)
        .fallback(not_found)
        .layer(middleware::from_fn(render_error_pages))
        .layer(middleware::from_fn(refuse_cross_site_posts))
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
                .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
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
        .layer(middleware::from_fn_with_state(state.clone(), strict_transport_security))
        .with_state(state)
}

/// Pages marked `Cache-Control: no-store` carry one person's data and a CSRF token beside
/// text the address can influence (the language switch repeats the query string), so they
/// are sent uncompressed: compressing secrets next to attacker-chosen text over TLS is what
/// the BREACH attack exploits. It also spares these small pages the compressor's set-up cost.
fn not_private(
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
async fn refuse_cross_site_posts(request: Request, next: Next) -> Response {
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
async fn strict_transport_security(
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

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Where the stylesheets and scripts are served from: `static/` in the project, or
/// `OVERSIGHT_STATIC_DIR`.
fn static_dir() -> std::path::PathBuf {
    std::env::var_os("OVERSIGHT_STATIC_DIR")
        .map(Into::into)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static"))
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Draws every error response carrying an [`ErrorPage`] inside the layout (or as JSON for
/// clients that ask for it) and logs server errors with the request id.
async fn render_error_pages(request: Request, next: Next) -> Response {
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
