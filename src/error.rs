//! One error type for every handler.
//!
//! A handler returns `Result<_, AppError>`. Turning an `AppError` into a response only sets
//! the status and attaches an [`ErrorPage`] describing it; the `render_error_pages`
//! middleware in `web` then draws the page inside the layout (or JSON for API clients),
//! because only the middleware knows the request id, the language and what the client
//! accepts. 5xx errors are logged there with the request id; their internals never reach the
//! response.
//!
//! Three kinds of failure are not the service's fault and say so:
//! - a value from the request that cannot be a header (a line break in an address to go on
//!   to, say) is the request's problem: 400, never the 500 axum gives for a bad header
//!   ([`AppError::BadHeader`]; build such responses with [`see_other`]);
//! - a null character in what was entered, which PostgreSQL text cannot hold, is a 400 saying
//!   so, wherever it reaches the database;
//! - the database not answering (the pool timed out or is closed, the connection broke, the
//!   server is shutting down or refusing connections) is a 503 saying that nothing was saved
//!   and to try again ([`AppError::Unavailable`]), not a 500 that reads like a bug.

use axum::http::header::InvalidHeaderValue;
use axum::http::{HeaderValue, StatusCode, header};
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
    /// A value from the request cannot be sent back as a header.
    #[error("a value cannot be a header: {0}")]
    BadHeader(#[from] InvalidHeaderValue),
    /// The database cannot be reached now; nothing was saved.
    #[error("the database is unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            AppError::Unavailable(e)
        } else if is_unstorable_character(&e) {
            AppError::BadRequest(UNSTORABLE.to_owned())
        } else {
            AppError::Database(e)
        }
    }
}

/// What the page says when the input holds a character the database cannot store.
const UNSTORABLE: &str = "What you entered holds a character the service cannot store (a null \
                          character, often pasted by accident). Remove it and try again.";

/// Whether the database refused a value for holding a character it cannot store: a null
/// character (`%00` in a form or address) is valid UTF-8 but not valid PostgreSQL text.
fn is_unstorable_character(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().is_some_and(|code| matches!(&*code, "22021" | "22P05")))
}

/// Whether a database error means the database cannot be reached now (so trying again later
/// may work), rather than that this request went wrong: no free connection in time, a closed
/// pool, a broken connection, or the server shutting down, starting up or out of connections.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // Class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown,
            // cannot connect now; 53300: too many connections.
            code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03" | "53300")
        }),
        _ => false,
    }
}

/// A 303 to `location`; a location that cannot be a header is the request's fault (400).
pub fn see_other(location: &str) -> AppResult<Response> {
    let location = HeaderValue::try_from(location)?;
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}

impl From<crate::db::workflow::ApplyError> for AppError {
    fn from(e: crate::db::workflow::ApplyError) -> Self {
        use crate::db::workflow::ApplyError as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::Conflict => AppError::Conflict,
            E::Refused(refusal) => AppError::BadRequest(refusal.message()),
            E::Database(e) => AppError::from(e),
        }
    }
}

/// What the 503 page says while the database cannot be reached.
pub const UNAVAILABLE: &str = "The service is unavailable at the moment. Nothing you entered \
                               was saved. Try again in a few minutes.";

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
            AppError::BadRequest(_) | AppError::BadHeader(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
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
            AppError::BadHeader(_) => (
                "There is a problem with your request",
                "The address of this request holds characters the service cannot use. Go back \
                 and try again, or start from the service's home page."
                    .to_owned(),
            ),
            AppError::Unavailable(_) => {
                ("Sorry, the service is unavailable", UNAVAILABLE.to_owned())
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_that_cannot_be_a_header_is_a_bad_request_not_a_server_error() {
        for location in ["/cases\r\nSet-Cookie: x=1", "/cases\n", "/cases\0"] {
            let error = see_other(location).expect_err(location);
            assert_eq!(error.status(), StatusCode::BAD_REQUEST, "{location:?}");
            let response = error.into_response();
            assert!(
                response.extensions().get::<ErrorPage>().is_some(),
                "drawn in the layout"
            );
        }
        let response = see_other("/my-work").expect("a redirect");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            response
                .headers()
                .get(header::LOCATION)
                .map(|v| v.as_bytes()),
            Some(&b"/my-work"[..])
        );
    }

    #[test]
    fn a_database_that_cannot_be_reached_is_unavailable_and_says_nothing_was_saved() {
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused)),
        ] {
            let error = AppError::from(e);
            assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert!(
                error
                    .page()
                    .message
                    .contains("Nothing you entered was saved")
            );
        }
        let error = AppError::from(sqlx::Error::RowNotFound);
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
