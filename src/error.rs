//! One error type for every handler.
//!
//! A handler returns `Result<_, AppError>`. Turning an `AppError` into a response only sets
//! the status and attaches an [`ErrorPage`] describing it; the `render_error_pages`
//! middleware in `web` then draws the page inside the layout (or JSON for API clients),
//! because only the middleware knows the request id, the language and what the client
//! accepts. 5xx errors are logged there with the request id; their internals never reach the
//! response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Everything that can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The page does not exist, or the user may not know that it does.
    #[error("page not found")]
    NotFound,
    /// The request cannot be understood; the message says what to do.
    #[error("{0}")]
    BadRequest(String),
    /// Someone else changed the record first (optimistic locking).
    #[error("the record was changed by someone else")]
    Conflict,
    /// The user is signed in but may not do this.
    #[error("not allowed")]
    Forbidden,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<crate::db::workflow::ApplyError> for AppError {
    fn from(e: crate::db::workflow::ApplyError) -> Self {
        use crate::db::workflow::ApplyError as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::Conflict => AppError::Conflict,
            E::Refused(refusal) => AppError::BadRequest(refusal.message()),
            E::Database(e) => AppError::Database(e),
        }
    }
}

/// What the error page says. Attached to error responses as an extension.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub heading: &'static str,
    pub message: String,
    /// The cause, for the log only (5xx).
    pub internal: Option<String>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Database(_) | AppError::Template(_) | AppError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    fn page(&self) -> ErrorPage {
        let (heading, message) = match self {
            AppError::NotFound => (
                "Page not found",
                "If you typed the web address, check it is correct. If you followed a link, \
                 the page may have moved or you may not have access to it."
                    .to_owned(),
            ),
            AppError::BadRequest(m) => ("There is a problem with your request", m.clone()),
            AppError::Conflict => (
                "Someone else changed this record",
                "Someone else changed this record while you were working on it, so your \
                 change was not saved. Reload the page to see the latest version, then try \
                 again."
                    .to_owned(),
            ),
            AppError::Forbidden => (
                "You cannot do that",
                "Your account is not allowed to do this. Ask an administrator if you think \
                 it should be."
                    .to_owned(),
            ),
            AppError::Database(_) | AppError::Template(_) | AppError::Internal(_) => (
                "Sorry, there is a problem with the service",
                "Something went wrong on our side and nothing was changed. Try again later."
                    .to_owned(),
            ),
        };
        let internal = self.status().is_server_error().then(|| format!("{self:#}"));
        ErrorPage {
            heading,
            message,
            internal,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self.page());
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
