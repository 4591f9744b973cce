//! The start page and the health check.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::render::{Page, html};

#[derive(askama::Template)]
#[template(path = "home/start.html")]
struct StartPage {
    lang: &'static str,
    /// The database holds demo accounts, which sign in with their password alone.
    demo_accounts: bool,
}

/// `GET /`: what the service is and where each kind of user goes.
pub async fn start_page(State(state): State<AppState>) -> AppResult<Response> {
    let demo_accounts = sqlx::query_scalar!(
        r#"select exists (select 1 from staff_user where second_factor_exempt) as "any!""#
    )
    .fetch_one(&state.pool)
    .await?;
    html(&StartPage {
        lang: Page::ENGLISH,
        demo_accounts,
    })
}

/// `GET /healthz`: 200 when the database answers within two seconds, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let answers = tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query_scalar::<_, i32>("select 1").fetch_one(&state.pool),
    )
    .await
    .is_ok_and(|r| r.is_ok());
    if answers {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
    }
}
