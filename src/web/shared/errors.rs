//! Form errors, shown the GOV.UK way: an error summary at the top linking to each field, and
//! the message beside the field, with everything the user typed kept.

/// The problems with a submitted form, in the order of its fields, and the words the error
/// summary and the messages are introduced with (English unless the page says otherwise).
#[derive(Debug, Clone)]
pub struct FormErrors {
    pub items: Vec<FieldError>,
    /// The error summary's title: "There is a problem".
    pub title: &'static str,
    /// What a screen reader hears before each message: "Error".
    pub prefix: &'static str,
}

impl Default for FormErrors {
    fn default() -> Self {
        FormErrors {
            items: Vec::new(),
            title: "There is a problem",
            prefix: "Error",
        }
    }
}

/// One problem: the field's id (the summary links to `#id`) and what to do about it.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FormErrors {
    /// No errors yet, introduced in the reader's language (the public pages).
    pub fn in_language(tr: &crate::i18n::Tr) -> Self {
        FormErrors {
            items: Vec::new(),
            title: tr.t("error-summary-title"),
            prefix: tr.t("error-prefix"),
        }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.items.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The status a form page answers with: 200, or 422 when it shows errors.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// The message for a field, if it has one (for `govuk-form-group--error` and the message).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}
