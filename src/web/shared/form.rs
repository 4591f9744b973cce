//! Form fields as view data, for forms whose fields are many or repeat (logging a case, the
//! contact and evidence logs): each field knows its id, label, hint, the value typed and its
//! error, and `templates/shared/partials/field.html` draws any of them the GOV.UK way (label, hint,
//! error message, `aria-describedby`, the error classes). A page builds a list of [`Field`]s
//! and the template loops over it, so no two fields can drift in their markup.
//!
//! Also here: [`Posted`], a submitted form as a multimap (checkboxes repeat a name), and the
//! conversion of the domain's parse [`Problem`]s into [`FormErrors`].

use std::collections::HashMap;

use super::errors::FormErrors;
use crate::domain::intake::{Problem, RawDate};

/// The problems found by a parse, as the errors a page shows.
pub fn form_errors(problems: Vec<Problem>) -> FormErrors {
    let mut errors = FormErrors::default();
    for p in problems {
        errors.add(&p.field, p.message);
    }
    errors
}

/// A submitted form: every value of every name, in the order sent.
#[derive(Debug, Default)]
pub struct Posted(HashMap<String, Vec<String>>);

impl Posted {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            map.entry(k).or_default().push(v);
        }
        Posted(map)
    }

    /// The first value of a name, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    /// Every value of a name (ticked checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.get(name).cloned().unwrap_or_default()
    }

    /// A checkbox is ticked.
    pub fn ticked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    /// The three boxes of a date input named `{id}-day`, `{id}-month`, `{id}-year`.
    pub fn date(&self, id: &str) -> RawDate {
        RawDate {
            day: self.get(&format!("{id}-day")).to_owned(),
            month: self.get(&format!("{id}-month")).to_owned(),
            year: self.get(&format!("{id}-year")).to_owned(),
        }
    }
}

/// One form field of any kind.
pub enum Field {
    Text(TextField),
    Date(DateField),
    Radios(ChoiceField),
    Checkboxes(ChoiceField),
    Select(SelectField),
}

/// `aria-describedby` of a field with an optional hint and error.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    match (hint, error) {
        (true, true) => Some(format!("{id}-hint {id}-error")),
        (true, false) => Some(format!("{id}-hint")),
        (false, true) => Some(format!("{id}-error")),
        (false, false) => None,
    }
}

/// A text input or a textarea.
pub struct TextField {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    /// Width class of an input, e.g. `govuk-input--width-20`; empty for full width.
    pub width: &'static str,
    /// `text`, `email` or `tel`.
    pub input_type: &'static str,
    /// Rows of a textarea; 0 for an input.
    pub rows: u8,
    /// Spell-checking makes sense for prose, not for names, numbers and addresses.
    pub spellcheck: bool,
}

impl TextField {
    /// A one-line input; its error is looked up by `id`.
    pub fn input(id: &str, label: &str, value: &str, errors: &FormErrors) -> Self {
        TextField {
            id: id.to_owned(),
            label: label.to_owned(),
            hint: None,
            value: value.to_owned(),
            error: errors.get(id).map(str::to_owned),
            width: "",
            input_type: "text",
            rows: 0,
            spellcheck: false,
        }
    }

    /// A textarea of `rows` rows, spell-checked.
    pub fn textarea(id: &str, label: &str, value: &str, errors: &FormErrors, rows: u8) -> Self {
        TextField {
            rows,
            spellcheck: true,
            ..Self::input(id, label, value, errors)
        }
    }

    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_owned());
        self
    }

    pub fn width(mut self, class: &'static str) -> Self {
        self.width = class;
        self
    }

    pub fn input_type(mut self, t: &'static str) -> Self {
        self.input_type = t;
        self
    }

    pub fn described_by(&self) -> Option<String> {
        described_by(&self.id, self.hint.is_some(), self.error.is_some())
    }
}

/// One box of a date input.
pub struct DatePart {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub width: &'static str,
    /// This box is highlighted as in error.
    pub bad: bool,
}

/// A GOV.UK date input: three boxes in a fieldset.
pub struct DateField {
    pub id: String,
    pub legend: String,
    pub legend_class: &'static str,
    pub hint: String,
    pub error: Option<String>,
    pub parts: Vec<DatePart>,
}

impl DateField {
    /// A date input; its error is any error of `{id}-day`, `{id}-month` or `{id}-year`. The
    /// boxes in error are the empty ones when only some are empty, otherwise all three.
    pub fn new(id: &str, legend: &str, hint: &str, raw: &RawDate, errors: &FormErrors) -> Self {
        let error = ["day", "month", "year"]
            .iter()
            .find_map(|part| errors.get(&format!("{id}-{part}")))
            .map(str::to_owned);
        let blank = raw.blank_parts();
        let some_blank = blank.iter().any(|b| *b) && !blank.iter().all(|b| *b);
        let bad = |i: usize| error.is_some() && (!some_blank || blank[i]);
        let parts = vec![
            DatePart {
                name: "day",
                label: "Day",
                value: raw.day.clone(),
                width: "govuk-input--width-2",
                bad: bad(0),
            },
            DatePart {
                name: "month",
                label: "Month",
                value: raw.month.clone(),
                width: "govuk-input--width-2",
                bad: bad(1),
            },
            DatePart {
                name: "year",
                label: "Year",
                value: raw.year.clone(),
                width: "govuk-input--width-4",
                bad: bad(2),
            },
        ];
        DateField {
            id: id.to_owned(),
            legend: legend.to_owned(),
            legend_class: "govuk-fieldset__legend--s",
            hint: hint.to_owned(),
            error,
            parts,
        }
    }

    pub fn described_by(&self) -> String {
        described_by(&self.id, true, self.error.is_some()).unwrap_or_default()
    }
}

/// One radio button, checkbox or select option.
pub struct Choice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    pub checked: bool,
}

/// Radios or checkboxes in a fieldset (or, for a lone checkbox, without one).
pub struct ChoiceField {
    pub id: String,
    pub name: String,
    /// `None`: a single checkbox with no fieldset.
    pub legend: Option<String>,
    pub legend_class: &'static str,
    /// The legend is the page's heading (a page that asks one question): an `h1` inside it.
    pub legend_is_heading: bool,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub options: Vec<Choice>,
    /// Radios side by side (two short answers).
    pub inline: bool,
}

impl ChoiceField {
    /// A set of choices named `name` (also the id, and the id of the first option, which the
    /// error summary links to). `chosen` are the values ticked.
    pub fn new(
        name: &str,
        legend: Option<&str>,
        options: &[(&str, &str)],
        chosen: &[String],
        errors: &FormErrors,
    ) -> Self {
        let options = options
            .iter()
            .enumerate()
            .map(|(i, (value, label))| Choice {
                id: if i == 0 {
                    name.to_owned()
                } else {
                    format!("{name}-{}", i + 1)
                },
                value: (*value).to_owned(),
                label: (*label).to_owned(),
                hint: None,
                checked: chosen.iter().any(|c| c == value),
            })
            .collect();
        ChoiceField {
            id: name.to_owned(),
            name: name.to_owned(),
            legend: legend.map(str::to_owned),
            legend_class: "govuk-fieldset__legend--s",
            legend_is_heading: false,
            hint: None,
            error: errors.get(name).map(str::to_owned),
            options,
            inline: false,
        }
    }

    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_owned());
        self
    }

    /// The legend as the page's `h1`, in the large style.
    pub fn page_heading(mut self) -> Self {
        self.legend_is_heading = true;
        self.legend_class = "govuk-fieldset__legend--l";
        self
    }

    pub fn inline(mut self) -> Self {
        self.inline = true;
        self
    }

    /// Hints under each option, in the options' order.
    pub fn option_hints(mut self, hints: &[&str]) -> Self {
        for (o, h) in self.options.iter_mut().zip(hints) {
            o.hint = Some((*h).to_owned());
        }
        self
    }

    pub fn described_by(&self) -> Option<String> {
        described_by(&self.id, self.hint.is_some(), self.error.is_some())
    }
}

/// A select with an empty first option.
pub struct SelectField {
    pub id: String,
    pub label: String,
    pub placeholder: String,
    pub error: Option<String>,
    pub options: Vec<Choice>,
}

impl SelectField {
    pub fn new(
        id: &str,
        label: &str,
        placeholder: &str,
        options: &[(&str, &str)],
        chosen: &str,
        errors: &FormErrors,
    ) -> Self {
        SelectField {
            id: id.to_owned(),
            label: label.to_owned(),
            placeholder: placeholder.to_owned(),
            error: errors.get(id).map(str::to_owned),
            options: options
                .iter()
                .map(|(value, label)| Choice {
                    id: String::new(),
                    value: (*value).to_owned(),
                    label: (*label).to_owned(),
                    hint: None,
                    checked: *value == chosen.trim(),
                })
                .collect(),
        }
    }

    pub fn described_by(&self) -> Option<String> {
        described_by(&self.id, false, self.error.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_field_takes_the_error_of_any_of_its_boxes_and_marks_the_empty_ones() {
        let mut errors = FormErrors::default();
        errors.add("when-month", "The date must include a month");
        let raw = RawDate {
            day: "3".into(),
            month: String::new(),
            year: "2026".into(),
        };
        let f = DateField::new("when", "When", "For example, 27 3 2026", &raw, &errors);
        assert_eq!(f.error.as_deref(), Some("The date must include a month"));
        assert_eq!(
            f.parts.iter().map(|p| p.bad).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_eq!(f.described_by(), "when-hint when-error");
        let f = DateField::new("other", "When", "", &raw, &errors);
        assert!(f.error.is_none() && f.parts.iter().all(|p| !p.bad));
    }

    #[test]
    fn the_first_choice_carries_the_fields_id_for_the_error_summary() {
        let f = ChoiceField::new(
            "method",
            Some("How?"),
            &[("email", "Email"), ("post", "Post")],
            &["post".to_owned()],
            &FormErrors::default(),
        );
        assert_eq!(f.options[0].id, "method");
        assert_eq!(f.options[1].id, "method-2");
        assert!(!f.options[0].checked && f.options[1].checked);
    }

    #[test]
    fn posted_forms_keep_every_value_of_a_repeated_name() {
        let posted = Posted::new(vec![
            ("tick".into(), "1".into()),
            ("tick".into(), "3".into()),
            ("when-day".into(), "4".into()),
        ]);
        assert_eq!(posted.all("tick"), ["1", "3"]);
        assert_eq!(posted.get("tick"), "1");
        assert_eq!(posted.get("missing"), "");
        assert_eq!(posted.date("when").day, "4");
        assert!(posted.ticked("tick") && !posted.ticked("missing"));
    }
}
