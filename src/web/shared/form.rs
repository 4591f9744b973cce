//! The one form system of the staff and public pages.
//!
//! * [`Posted`]: a submitted form, every value of every name in the order sent (checkboxes
//!   repeat a name).
//! * [`Field`]: one field as view data (text input or textarea, date input, radios,
//!   checkboxes, select, or a note to read). Each knows its id, name, label, hint, the value
//!   to show and its error; `templates/shared/partials/field.html` draws any of them the
//!   GOV.UK way (label or legend, hint, error message, `aria-describedby`, error classes, the
//!   character count of a limited textarea). Pages build a list of fields and loop over it,
//!   so no two fields can drift in their markup.
//! * [`StepFields`] and [`Reader`]: the two halves of a step form on a page that shows several
//!   (the case, subject and recommendation pages). One draws a step's fields with the posted
//!   input kept and the errors beside them; the other reads the same names back into values
//!   or errors. Both give a field the id `{step}-{name}` (unique on the page, the target of the
//!   error summary's link) and the name `{name}`.
//!
//! Dates are read by the one parser of [`crate::domain::intake`], whose problems name the
//! box that needs attention; a [`DateField`] marks exactly the boxes that are wrong.
//!
//! A choice can lead to a follow-up question (the outcomes a finding allows). It is drawn as a
//! question of its own straight after the choices, not as GOV.UK's conditional reveal: that
//! script marks the radio `aria-expanded`, which is not valid ARIA on a radio (axe reports it),
//! and a follow-up that is always there also works without JavaScript.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;

pub use super::errors::FormErrors;
use crate::domain::intake::{
    DateError, DateRule, Problem, RawDate, read_date, sentence, thousands,
};

/// The problems found by a parse, as the errors a page shows.
pub fn form_errors(problems: Vec<Problem>) -> FormErrors {
    let mut errors = FormErrors::default();
    for p in problems {
        errors.add(&p.field, p.message);
    }
    errors
}

/// A submitted form: every value of every name, in the order sent.
#[derive(Debug, Default, Clone)]
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
    pub fn all(&self, name: &str) -> &[String] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }

    /// A checkbox is ticked.
    pub fn ticked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    /// The three boxes of a date input named `{name}-day`, `{name}-month`, `{name}-year`.
    pub fn date(&self, name: &str) -> RawDate {
        RawDate {
            day: self.get(&format!("{name}-day")).to_owned(),
            month: self.get(&format!("{name}-month")).to_owned(),
            year: self.get(&format!("{name}-year")).to_owned(),
        }
    }

    /// The record's version the page was drawn with (the check against concurrent changes).
    pub fn version(&self) -> Option<i32> {
        self.get("version").trim().parse().ok()
    }

    /// Adds a value to a name (a form's suggested defaults, or a checkbox ticked).
    pub fn add(&mut self, name: &str, value: impl Into<String>) {
        self.0
            .entry(name.to_owned())
            .or_default()
            .push(value.into());
    }

    /// Suggests today as the date a step happened ([`StepFields::happened_on`]).
    pub fn happened_today(&mut self, today: NaiveDate) {
        self.set_date(HAPPENED_ON, today);
    }

    /// Sets a value, replacing any posted (a form's suggested defaults).
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.insert(name.to_owned(), vec![value.into()]);
    }

    /// Sets the three boxes of a date input.
    pub fn set_date(&mut self, name: &str, d: NaiveDate) {
        let raw = RawDate::of(d);
        self.set(&format!("{name}-day"), raw.day);
        self.set(&format!("{name}-month"), raw.month);
        self.set(&format!("{name}-year"), raw.year);
    }
}

/// One form field of any kind.
#[derive(Debug, Clone)]
pub enum Field {
    Text(TextField),
    Date(DateField),
    Radios(ChoiceField),
    Checkboxes(ChoiceField),
    Select(SelectField),
    /// A sentence to read before answering (e.g. the investigator's opinion).
    Note(String),
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
#[derive(Debug, Clone)]
pub struct TextField {
    pub id: String,
    pub name: String,
    pub label: String,
    /// `govuk-label--s` for a question among others, empty for the plain label.
    pub label_class: &'static str,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    /// What a screen reader hears before the error ("Error", "Gwall").
    pub error_prefix: &'static str,
    /// Width class of an input, e.g. `govuk-input--width-20`; empty for full width.
    pub width: &'static str,
    /// `text`, `email` or `tel`.
    pub input_type: &'static str,
    /// Rows of a textarea; 0 for an input.
    pub rows: u8,
    /// Spell-checking makes sense for prose, not for names, numbers and addresses.
    pub spellcheck: bool,
    /// The most characters the server accepts: a textarea then shows a character count.
    pub max: Option<usize>,
    /// The `autocomplete` token: `off`, or e.g. `new-password`, `email`.
    pub autocomplete: &'static str,
    /// `autocapitalize`, e.g. `characters` for a reference; empty for none.
    pub autocapitalize: &'static str,
    /// The label is the heading of its section: wrapped in an `h2`.
    pub label_heading: bool,
    /// Drawn in the error style without a message of its own (one message covers two
    /// boxes, as when a reference and a code do not match).
    pub flagged: bool,
}

impl TextField {
    /// A one-line input named and identified `id`; its error is looked up by `id`.
    pub fn input(id: &str, label: &str, value: &str, errors: &FormErrors) -> Self {
        TextField {
            id: id.to_owned(),
            name: id.to_owned(),
            label: label.to_owned(),
            label_class: "",
            hint: None,
            value: value.to_owned(),
            error: errors.get(id).map(str::to_owned),
            error_prefix: errors.prefix,
            width: "",
            input_type: "text",
            rows: 0,
            spellcheck: false,
            max: None,
            autocomplete: "off",
            autocapitalize: "",
            label_heading: false,
            flagged: false,
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

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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

    /// A new password: never shown again, and marked for password managers.
    pub fn new_password(id: &str, label: &str, errors: &FormErrors) -> Self {
        TextField {
            input_type: "password",
            autocomplete: "new-password",
            ..Self::input(id, label, "", errors)
        }
    }

    /// The most characters the server accepts, counted down beside a textarea.
    pub fn max(mut self, max: usize) -> Self {
        self.max = Some(max);
        self
    }

    /// "You can enter up to 1,000 characters": the character count's message without
    /// JavaScript (the script replaces it with a live count).
    pub fn max_message(&self) -> String {
        self.max
            .map(|m| format!("You can enter up to {} characters", thousands(m)))
            .unwrap_or_default()
    }

    pub fn described_by(&self) -> Option<String> {
        let base = described_by(&self.id, self.hint.is_some(), self.error.is_some());
        match (self.counted(), base) {
            (true, Some(b)) => Some(format!("{}-info {b}", self.id)),
            (true, None) => Some(format!("{}-info", self.id)),
            (false, base) => base,
        }
    }

    /// The `autocomplete` token, for a detail the browser may fill in.
    pub fn autocomplete(mut self, token: &'static str) -> Self {
        self.autocomplete = token;
        self
    }

    /// The label as the heading of its section (`h2`), in the medium style.
    pub fn heading(mut self) -> Self {
        self.label_heading = true;
        self.label_class = "govuk-label--m";
        self
    }

    /// Shown in the error style.
    pub fn in_error(&self) -> bool {
        self.error.is_some() || self.flagged
    }

    /// A textarea with a limit gets the GOV.UK character count.
    pub fn counted(&self) -> bool {
        self.rows > 0 && self.max.is_some()
    }
}

/// One box of a date input.
#[derive(Debug, Clone)]
pub struct DatePart {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub width: &'static str,
    /// This box is highlighted as in error.
    pub bad: bool,
}

/// A GOV.UK date input: three boxes in a fieldset, named `{name}-day`, `-month`, `-year`
/// with the ids `{id}-day`, `-month`, `-year`.
#[derive(Debug, Clone)]
pub struct DateField {
    pub id: String,
    pub name: String,
    pub legend: String,
    pub legend_class: &'static str,
    pub hint: String,
    pub error: Option<String>,
    pub error_prefix: &'static str,
    pub parts: Vec<DatePart>,
}

/// The hint of every date input.
pub const DATE_HINT: &str = "For example, 27 3 2026";

/// The name of a step's "When did this happen?" date.
pub const HAPPENED_ON: &str = "on";

impl DateField {
    /// A date input; its error is any error of `{id}-day`, `{id}-month` or `{id}-year`. The
    /// boxes marked are the ones the parser found wrong (a missing or impossible part), or
    /// all three when the date itself is refused (in the future, out of order).
    pub fn new(id: &str, legend: &str, hint: &str, raw: &RawDate, errors: &FormErrors) -> Self {
        let error = ["day", "month", "year"]
            .iter()
            .find_map(|part| errors.get(&format!("{id}-{part}")))
            .map(str::to_owned);
        let bad = match (&error, NaiveDate::try_from(raw)) {
            (None, _) => [false; 3],
            (Some(_), Err(e)) => e.bad_parts(),
            (Some(_), Ok(_)) => [true; 3],
        };
        let part = |i: usize, name, label, width, value: &str| DatePart {
            name,
            label,
            value: value.to_owned(),
            width,
            bad: bad[i],
        };
        DateField {
            id: id.to_owned(),
            name: id.to_owned(),
            legend: legend.to_owned(),
            legend_class: "govuk-fieldset__legend--s",
            hint: hint.to_owned(),
            error,
            error_prefix: errors.prefix,
            parts: vec![
                part(0, "day", "Day", "govuk-input--width-2", &raw.day),
                part(1, "month", "Month", "govuk-input--width-2", &raw.month),
                part(2, "year", "Year", "govuk-input--width-4", &raw.year),
            ],
        }
    }

    pub fn described_by(&self) -> String {
        described_by(&self.id, true, self.error.is_some()).unwrap_or_default()
    }
}

/// One radio button, checkbox or select option.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    pub checked: bool,
    /// The language of the label, where it differs from the page's.
    pub lang: Option<&'static str>,
    /// The question choosing this leads to, drawn after the choices (see the module docs).
    pub follow_up: Option<FollowUp>,
    /// A checkbox that answers "none of these": drawn after an "or" divider, and ticking it
    /// clears the others (GOV.UK Frontend's exclusive checkbox; the server checks it too).
    pub exclusive: bool,
}

/// What a choice leads to: fields drawn after the choices in a group of their own.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// The id of the group, for a link or a script.
    pub id: String,
    pub fields: Vec<Field>,
}

/// Radios or checkboxes in a fieldset (or, for a lone checkbox, without one).
#[derive(Debug, Clone)]
pub struct ChoiceField {
    pub id: String,
    pub name: String,
    /// `None`: a single checkbox with no fieldset.
    pub legend: Option<String>,
    pub legend_class: &'static str,
    /// The legend is a heading: `h1` for a page that asks one question, `h2` for a
    /// section of a longer form; empty when it is not.
    pub legend_heading: &'static str,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub error_prefix: &'static str,
    pub options: Vec<Choice>,
    /// Radios side by side (two short answers).
    pub inline: bool,
    /// The small variant, for forms among others on a busy page.
    pub small: bool,
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
            .map(|(value, label)| Choice {
                id: String::new(),
                value: (*value).to_owned(),
                label: (*label).to_owned(),
                hint: None,
                checked: chosen.iter().any(|c| c == value),
                lang: None,
                follow_up: None,
                exclusive: false,
            })
            .collect();
        ChoiceField {
            id: name.to_owned(),
            name: name.to_owned(),
            legend: legend.map(str::to_owned),
            legend_class: "govuk-fieldset__legend--s",
            legend_heading: "",
            hint: None,
            error: errors.get(name).map(str::to_owned),
            error_prefix: errors.prefix,
            options,
            inline: false,
            small: false,
        }
        .with_option_ids()
    }

    /// Options with their hints: (value, label, hint).
    pub fn with_hints(
        name: &str,
        legend: Option<&str>,
        options: Vec<(String, String, Option<String>)>,
        chosen: &[String],
        errors: &FormErrors,
    ) -> Self {
        let mut field = Self::new(name, legend, &[], chosen, errors);
        field.options = options
            .into_iter()
            .map(|(value, label, hint)| Choice {
                id: String::new(),
                checked: chosen.contains(&value),
                value,
                label,
                hint,
                lang: None,
                follow_up: None,
                exclusive: false,
            })
            .collect();
        field.with_option_ids()
    }

    /// The first option carries the field's id; the others `{id}-2`, `{id}-3`...
    fn with_option_ids(mut self) -> Self {
        for (i, o) in self.options.iter_mut().enumerate() {
            o.id = if i == 0 {
                self.id.clone()
            } else {
                format!("{}-{}", self.id, i + 1)
            };
        }
        self
    }

    /// Gives the field an id other than its name (a form among several on a page); its
    /// error is then looked up by that id.
    pub fn identified(mut self, id: &str, errors: &FormErrors) -> Self {
        self.id = id.to_owned();
        self.error = errors.get(id).map(str::to_owned);
        self.with_option_ids()
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The legend as the page's `h1`, in the large style.
    pub fn page_heading(mut self) -> Self {
        self.legend_heading = "h1";
        self.legend_class = "govuk-fieldset__legend--l";
        self
    }

    /// The legend as the heading (`h2`) of a section of the form, in the medium style.
    pub fn section_heading(mut self) -> Self {
        self.legend_heading = "h2";
        self.legend_class = "govuk-fieldset__legend--m";
        self
    }

    /// The language of each option's label, where it differs from the page's (WCAG 3.1.2).
    pub fn option_langs(mut self, langs: &[&'static str]) -> Self {
        for (o, l) in self.options.iter_mut().zip(langs) {
            o.lang = Some(l);
        }
        self
    }

    pub fn inline(mut self) -> Self {
        self.inline = true;
        self
    }

    pub fn small(mut self) -> Self {
        self.small = true;
        self
    }

    /// The last checkbox is the exclusive "none of these" answer.
    pub fn exclusive_last(mut self) -> Self {
        if let Some(o) = self.options.last_mut() {
            o.exclusive = true;
        }
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

/// A select with an empty first option, and its options either listed or in groups.
#[derive(Debug, Clone)]
pub struct SelectField {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub placeholder: String,
    pub error: Option<String>,
    pub error_prefix: &'static str,
    pub options: Vec<Choice>,
    /// Options under headings (`optgroup`), after the listed ones.
    pub groups: Vec<OptionGroup>,
}

/// Options of a select under a heading.
#[derive(Debug, Clone)]
pub struct OptionGroup {
    pub label: String,
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
            hint: None,
            placeholder: placeholder.to_owned(),
            error: errors.get(id).map(str::to_owned),
            error_prefix: errors.prefix,
            options: options
                .iter()
                .map(|(value, label)| Choice {
                    id: String::new(),
                    value: (*value).to_owned(),
                    label: (*label).to_owned(),
                    hint: None,
                    checked: *value == chosen.trim(),
                    lang: None,
                    follow_up: None,
                    exclusive: false,
                })
                .collect(),
            groups: Vec::new(),
        }
    }

    /// A select whose options are in groups: (heading, [(value, label)]).
    pub fn grouped(
        id: &str,
        label: &str,
        placeholder: &str,
        groups: &[(&str, Vec<(&str, &str)>)],
        chosen: &str,
        errors: &FormErrors,
    ) -> Self {
        let mut field = Self::new(id, label, placeholder, &[], chosen, errors);
        field.groups = groups
            .iter()
            .map(|(heading, options)| OptionGroup {
                label: (*heading).to_owned(),
                options: Self::new(id, label, placeholder, options, chosen, errors).options,
            })
            .collect();
        field
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn described_by(&self) -> Option<String> {
        described_by(&self.id, self.hint.is_some(), self.error.is_some())
    }
}

/// The id of a field of a step's form: `{step}-{name}`.
pub fn step_field_id(step: &str, name: &str) -> String {
    format!("{step}-{name}")
}

/// Draws the fields of one step's form: ids `{step}-{name}`, names `{name}`, the values
/// posted (when the form comes back with errors) or the page's suggestions, and the errors.
pub struct StepFields<'a> {
    step: &'a str,
    posted: Option<&'a Posted>,
    errors: &'a FormErrors,
}

impl<'a> StepFields<'a> {
    pub fn new(step: &'a str, posted: Option<&'a Posted>, errors: &'a FormErrors) -> Self {
        StepFields {
            step,
            posted,
            errors,
        }
    }

    pub fn id(&self, name: &str) -> String {
        step_field_id(self.step, name)
    }

    fn value(&self, name: &str) -> &str {
        self.posted.map_or("", |p| p.get(name))
    }

    fn values(&self, name: &str) -> &[String] {
        self.posted.map_or(&[], |p| p.all(name))
    }

    /// A one-line input.
    pub fn text(&self, name: &str, label: &str) -> TextField {
        TextField {
            name: name.to_owned(),
            label_class: "govuk-label--s",
            ..TextField::input(&self.id(name), label, self.value(name), self.errors)
        }
    }

    /// A textarea of 4 rows with a character count of `max`.
    pub fn textarea(&self, name: &str, label: &str, max: usize) -> TextField {
        TextField {
            name: name.to_owned(),
            label_class: "govuk-label--s",
            ..TextField::textarea(&self.id(name), label, self.value(name), self.errors, 4)
        }
        .max(max)
    }

    /// A date input with the usual hint, or that hint followed by `more`.
    pub fn date(&self, name: &str, legend: &str, more: Option<&str>) -> DateField {
        let posted = self.posted.map(|p| p.date(name)).unwrap_or_default();
        let hint = match more {
            Some(more) => format!("{DATE_HINT}. {more}"),
            None => DATE_HINT.to_owned(),
        };
        DateField {
            name: name.to_owned(),
            ..DateField::new(&self.id(name), legend, &hint, &posted, self.errors)
        }
    }

    /// When the step happened: a date that defaults to today (see [`Posted::happened_today`]).
    pub fn happened_on(&self) -> DateField {
        self.date(
            HAPPENED_ON,
            "When did this happen?",
            Some("Leave today's date if it happened today. If it happened earlier, give that date: the deadlines run from it"),
        )
    }

    /// Radios in the small style: (value, label, hint).
    pub fn radios(
        &self,
        name: &str,
        legend: &str,
        options: Vec<(String, String, Option<String>)>,
    ) -> ChoiceField {
        ChoiceField::with_hints(name, Some(legend), options, self.values(name), self.errors)
            .identified(&self.id(name), self.errors)
            .small()
    }

    /// Checkboxes in the small style: (value, label, hint).
    pub fn checkboxes(
        &self,
        name: &str,
        legend: &str,
        options: Vec<(String, String, Option<String>)>,
    ) -> ChoiceField {
        self.radios(name, legend, options)
    }

    /// A lone checkbox (value `yes`) with no fieldset.
    pub fn checkbox(&self, name: &str, label: &str, hint: Option<String>) -> ChoiceField {
        let mut field = ChoiceField::with_hints(
            name,
            None,
            vec![("yes".to_owned(), label.to_owned(), hint)],
            self.values(name),
            self.errors,
        )
        .identified(&self.id(name), self.errors)
        .small();
        if let Some(o) = field.options.first_mut() {
            o.checked = self.posted.is_some_and(|p| p.ticked(name));
        }
        field
    }
}

/// (value, label, no hint) options from a closed set of the domain.
pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String, Option<String>)> {
    all.iter()
        .map(|&t| (code(t).to_owned(), label(t).to_owned(), None))
        .collect()
}

/// Reads a posted form field by field, collecting an error per field id (`{step}-{name}`
/// for a step's form, the name itself otherwise), in the order the fields are read.
pub struct Reader<'a> {
    step: Option<&'a str>,
    posted: &'a Posted,
    today: NaiveDate,
    errors: FormErrors,
}

impl<'a> Reader<'a> {
    /// Reads the fields of one step's form.
    pub fn step(step: &'a str, posted: &'a Posted, today: NaiveDate) -> Self {
        Reader {
            step: Some(step),
            posted,
            today,
            errors: FormErrors::default(),
        }
    }

    /// Reads a form whose fields' ids are their names.
    pub fn form(posted: &'a Posted, today: NaiveDate) -> Self {
        Reader {
            step: None,
            posted,
            today,
            errors: FormErrors::default(),
        }
    }

    /// The id of a field.
    pub fn id(&self, name: &str) -> String {
        match self.step {
            Some(step) => step_field_id(step, name),
            None => name.to_owned(),
        }
    }

    /// What was typed, trimmed.
    pub fn raw(&self, name: &str) -> &'a str {
        self.posted.get(name).trim()
    }

    /// Records an error against a field (only the first error of each field is kept).
    pub fn fail(&mut self, name: &str, message: impl Into<String>) {
        let id = self.id(name);
        self.fail_id(&id, message);
    }

    /// Records an error against a date field: on its first box.
    pub fn fail_date(&mut self, name: &str, message: impl Into<String>) {
        let id = format!("{}-day", self.id(name));
        self.fail_id(&id, message);
    }

    fn fail_id(&mut self, id: &str, message: impl Into<String>) {
        let known = ["", "-day", "-month", "-year"]
            .iter()
            .any(|suffix| self.errors.get(&format!("{id}{suffix}")).is_some());
        if !known {
            self.errors.add(id, message);
        }
    }

    /// A required choice from a closed set; a value outside the set counts as none.
    pub fn choice<T: FromStr>(&mut self, name: &str, missing: &str) -> Option<T> {
        let v = self.raw(name).parse::<T>().ok();
        if v.is_none() {
            self.fail(name, missing);
        }
        v
    }

    /// A required choice among `allowed` codes.
    pub fn one_of(&mut self, name: &str, allowed: &[&str], missing: &str) -> Option<String> {
        let picked = self
            .posted
            .all(name)
            .iter()
            .find(|v| allowed.contains(&v.as_str()))
            .cloned();
        if picked.is_none() {
            self.fail(name, missing);
        }
        picked
    }

    /// The ticked values among `allowed` codes, in the order posted.
    pub fn any_of(&self, name: &str, allowed: &[&str]) -> Vec<String> {
        self.posted
            .all(name)
            .iter()
            .filter(|v| allowed.contains(&v.as_str()))
            .cloned()
            .collect()
    }

    /// A checkbox is ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.posted.ticked(name)
    }

    /// Optional free text of at most `max` characters; `what` names it in the message.
    pub fn text(&mut self, name: &str, what: &str, max: usize) -> Option<String> {
        let v = self.raw(name);
        if v.chars().count() > max {
            let message = format!(
                "{} must be {} characters or fewer",
                sentence(what),
                thousands(max)
            );
            self.fail(name, message);
            return None;
        }
        (!v.is_empty()).then(|| v.to_owned())
    }

    /// Required free text of at most `max` characters: "Enter {what}" when empty.
    pub fn required_text(&mut self, name: &str, what: &str, max: usize) -> Option<String> {
        let v = self.text(name, what, max);
        if v.is_none() && self.raw(name).is_empty() {
            self.fail(name, format!("Enter {what}"));
        }
        v
    }

    /// A date input. `required`: "Enter {what}" when empty; `past`: today or earlier.
    pub fn date(
        &mut self,
        name: &str,
        what: &str,
        required: bool,
        past: bool,
    ) -> Option<NaiveDate> {
        let id = self.id(name);
        let missing = format!("Enter {what}");
        let rule = DateRule {
            what,
            required: required.then_some(missing.as_str()),
            not_after: past.then_some(self.today),
        };
        match read_date(&id, &self.posted.date(name), rule) {
            Ok(d) => d,
            Err(problem) => {
                self.fail_id(&problem.field, problem.message);
                None
            }
        }
    }

    /// The date a step happened ([`StepFields::happened_on`]): today or earlier, and not left
    /// empty. A post without the field at all (a form drawn before it was asked) means today.
    pub fn happened_on(&mut self) -> Option<NaiveDate> {
        self.date_happened(HAPPENED_ON, "the date this happened")
    }

    /// A date something happened, defaulting to today: like [`Reader::past_date`], except that
    /// a post without the field at all means today.
    pub fn date_happened(&mut self, name: &str, what: &str) -> Option<NaiveDate> {
        let absent = ["day", "month", "year"]
            .iter()
            .all(|part| self.posted.all(&format!("{name}-{part}")).is_empty());
        if absent {
            return Some(self.today);
        }
        self.past_date(name, what)
    }

    /// A required date that has happened: today or earlier.
    pub fn past_date(&mut self, name: &str, what: &str) -> Option<NaiveDate> {
        self.date(name, what, true, true)
    }

    /// Nothing has been found wrong so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The value read, or the errors (with a general one when a value is missing without
    /// a field to say why).
    pub fn finish<T>(mut self, value: Option<T>) -> Result<T, FormErrors> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => {
                if self.errors.is_empty() {
                    self.errors.add("actions", "Check the form and try again");
                }
                Err(self.errors)
            }
        }
    }

    /// The errors found.
    pub fn into_errors(self) -> FormErrors {
        self.errors
    }
}

impl DateError {
    /// Which of the three boxes (day, month, year) are wrong.
    pub fn bad_parts(self) -> [bool; 3] {
        match self {
            DateError::Empty => [true; 3],
            DateError::Incomplete(blank) | DateError::NotReal(blank) => blank,
            DateError::TooEarly => [false, false, true],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_date_field_takes_the_error_of_any_of_its_boxes_and_marks_the_empty_ones() {
        let mut errors = FormErrors::default();
        errors.add("when-month", "The date must include a month");
        let raw = RawDate {
            day: "3".into(),
            month: String::new(),
            year: "2026".into(),
        };
        let f = DateField::new("when", "When", DATE_HINT, &raw, &errors);
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
    fn a_date_with_one_wrong_part_marks_that_part_only() {
        let p = posted(&[("on-day", "12"), ("on-month", "13"), ("on-year", "2025")]);
        let mut r = Reader::step("serve", &p, day(2026, 1, 1));
        assert_eq!(r.past_date("on", "the date the notice was served"), None);
        let errors = r.into_errors();
        assert_eq!(
            errors.get("serve-on-month"),
            Some("The date the notice was served must be a real date")
        );
        let f = DateField::new("serve-on", "When", DATE_HINT, &p.date("on"), &errors);
        assert_eq!(
            f.parts.iter().map(|p| p.bad).collect::<Vec<_>>(),
            [false, true, false]
        );
        // A real date refused as a whole (in the future) marks all three boxes.
        let p = posted(&[("on-day", "2"), ("on-month", "1"), ("on-year", "2026")]);
        let mut r = Reader::step("serve", &p, day(2026, 1, 1));
        assert_eq!(r.past_date("on", "the date"), None);
        let errors = r.into_errors();
        assert_eq!(
            errors.get("serve-on-day"),
            Some("The date must be today or in the past")
        );
        let f = DateField::new("serve-on", "When", DATE_HINT, &p.date("on"), &errors);
        assert!(f.parts.iter().all(|p| p.bad));
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
        let g = f.identified("contact-method", &FormErrors::default());
        assert_eq!(g.options[1].id, "contact-method-2");
        assert_eq!(g.name, "method");
    }

    #[test]
    fn posted_forms_keep_every_value_of_a_repeated_name() {
        let posted = posted(&[("tick", "1"), ("tick", "3"), ("when-day", "4")]);
        assert_eq!(posted.all("tick"), ["1", "3"]);
        assert_eq!(posted.get("tick"), "1");
        assert_eq!(posted.get("missing"), "");
        assert_eq!(posted.date("when").day, "4");
        assert!(posted.ticked("tick") && !posted.ticked("missing"));
    }

    #[test]
    fn text_is_required_and_limited_by_name() {
        let long = "x".repeat(1001);
        let p = posted(&[("reason", &long)]);
        let mut r = Reader::step("refuse", &p, day(2026, 1, 1));
        assert_eq!(r.required_text("reason", "a summary", 1000), None);
        assert_eq!(r.required_text("other", "why", 10), None);
        let e = r.into_errors();
        assert_eq!(
            e.get("refuse-reason"),
            Some("A summary must be 1,000 characters or fewer")
        );
        assert_eq!(e.get("refuse-other"), Some("Enter why"));
    }

    #[test]
    fn a_step_field_keeps_what_was_posted_under_the_steps_id() {
        let p = posted(&[("reason", "typed"), ("mode", "local")]);
        let errors = FormErrors::default();
        let f = StepFields::new("refer_back", Some(&p), &errors);
        let t = f.textarea("reason", "Rationale", 4000);
        assert_eq!(
            (t.id.as_str(), t.name.as_str(), t.value.as_str()),
            ("refer_back-reason", "reason", "typed")
        );
        assert!(t.counted());
        assert_eq!(t.described_by().as_deref(), Some("refer_back-reason-info"));
        let r = f.radios(
            "mode",
            "Mode",
            vec![
                ("local".into(), "Local".into(), None),
                ("directed".into(), "Directed".into(), None),
            ],
        );
        assert!(r.options[0].checked && !r.options[1].checked);
        assert_eq!(r.options[1].id, "refer_back-mode-2");
    }
}
