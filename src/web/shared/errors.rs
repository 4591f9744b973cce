//! Form errors, shown the GOV.UK way: an error summary at the top linking to each field, and
//! the message beside the field, with everything the user typed kept.

/// The problems with a submitted form, in the order of its fields.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    pub items: Vec<FieldError>,
}

/// One problem: the field's id (the summary links to `#id`) and what to do about it.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FormErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.items.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The message for a field, if it has one (for `govuk-form-group--error` and the message).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}
