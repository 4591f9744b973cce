//! Rendering askama templates into responses.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::error::{AppResult, ErrorPage};

/// Facts every page's layout needs.
pub struct Page;

impl Page {
    pub const ENGLISH: &'static str = "en";
}

/// Renders a template into an HTML response.
pub fn html(template: &impl Template) -> AppResult<Response> {
    Ok(Html(template.render()?).into_response())
}

#[derive(Template)]
#[template(path = "shared/error.html")]
struct ErrorTemplate<'a> {
    lang: &'static str,
    heading: &'a str,
    message: &'a str,
    request_id: Option<String>,
}

/// The error page inside the layout. Falls back to plain text if the template itself fails,
/// so an error page can never cause another error.
pub fn error_page(page: &ErrorPage, request_id: Option<String>) -> Response {
    let template = ErrorTemplate {
        lang: Page::ENGLISH,
        heading: page.heading,
        message: &page.message,
        request_id,
    };
    match template.render() {
        Ok(body) => Html(body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the error page could not be rendered");
            format!("{}\n\n{}\n", page.heading, page.message).into_response()
        }
    }
}
