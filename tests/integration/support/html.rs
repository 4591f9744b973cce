//! Reading a page the way a person or a screen reader does: through an HTML parser rather than
//! by matching the markup's spelling. The GOV.UK error summary, a field's error message, what
//! a form field holds, which choices are ticked and which are offered, headings, banners,
//! tables and links.

use scraper::{ElementRef, Selector};

/// A page's HTML, parsed.
pub struct Html {
    doc: scraper::Html,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css:?}: {e:?}"))
}

/// An attribute value quoted for a CSS selector.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Text with runs of whitespace made one space, trimmed.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The element's text as read aloud: whitespace normalised.
fn text_of(el: ElementRef<'_>) -> String {
    normalise(&el.text().collect::<String>())
}

/// The element's text without its visually hidden parts (the "Error:" prefix of an error
/// message, for example).
fn visible_text_of(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in el.descendants() {
        if let Some(text) = node.value().as_text() {
            let hidden = node
                .ancestors()
                .take_while(|a| a.id() != el.id())
                .filter_map(ElementRef::wrap)
                .any(|a| has_class(a, "govuk-visually-hidden"));
            if !hidden {
                out.push_str(text);
            }
        }
    }
    normalise(&out)
}

fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

impl Html {
    pub fn parse(body: &str) -> Self {
        Self {
            doc: scraper::Html::parse_document(body),
        }
    }

    fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        let sel = selector(css);
        self.doc.select(&sel).collect()
    }

    fn first(&self, css: &str) -> Option<ElementRef<'_>> {
        let sel = selector(css);
        self.doc.select(&sel).next()
    }

    /// The timeline's events, newest first: (title, who, the `datetime` of when it happened,
    /// and the lateness line if any).
    pub fn timeline(&self) -> Vec<(String, String, String, Option<String>)> {
        fn in_item<'a>(item: ElementRef<'a>, css: &str) -> Option<ElementRef<'a>> {
            item.select(&selector(css)).next()
        }
        self.all(".app-timeline__item")
            .into_iter()
            .map(|item| {
                let title = in_item(item, ".app-timeline__title").map(visible_text_of);
                let time = in_item(item, "time");
                let meta = in_item(item, ".app-timeline__meta").map(visible_text_of);
                let when = time.map(visible_text_of).unwrap_or_default();
                let who = meta
                    .unwrap_or_default()
                    .trim_end_matches(&when)
                    .trim_end_matches([',', ' '])
                    .to_owned();
                let datetime = time
                    .and_then(|t| t.value().attr("datetime"))
                    .unwrap_or_default()
                    .to_owned();
                let late = item
                    .select(&selector(".app-timeline__description"))
                    .map(visible_text_of)
                    .find(|t| t.starts_with("Late"));
                (title.unwrap_or_default(), who, datetime, late)
            })
            .collect()
    }

    /// The page's `<title>`.
    pub fn title(&self) -> String {
        self.first("title").map(text_of).unwrap_or_default()
    }

    /// The page's main heading (its first `<h1>`).
    pub fn heading(&self) -> Option<String> {
        self.first("h1").map(text_of)
    }

    /// The whole page's text, whitespace normalised.
    pub fn text(&self) -> String {
        self.first("body")
            .map(text_of)
            .unwrap_or_else(|| text_of(self.doc.root_element()))
    }

    /// Whether the page's text (whitespace normalised) holds `words`.
    pub fn says(&self, words: &str) -> bool {
        self.text().contains(&normalise(words))
    }

    /// The title of the GOV.UK error summary ("There is a problem"), if the page has one.
    pub fn error_summary_title(&self) -> Option<String> {
        self.first(".govuk-error-summary .govuk-error-summary__title")
            .map(text_of)
    }

    /// The messages of the GOV.UK error summary, in order; empty when the page has none.
    pub fn error_summary(&self) -> Vec<String> {
        self.all(".govuk-error-summary .govuk-error-summary__list li")
            .into_iter()
            .map(text_of)
            .collect()
    }

    /// The error summary as (link target, message) pairs: each message links to its field.
    pub fn error_summary_links(&self) -> Vec<(String, String)> {
        self.all(".govuk-error-summary .govuk-error-summary__list a")
            .into_iter()
            .map(|a| (a.attr("href").unwrap_or_default().to_owned(), text_of(a)))
            .collect()
    }

    /// The error message shown by the field whose id is `id` (its `{id}-error` paragraph),
    /// without the visually hidden "Error:" prefix.
    pub fn error_for(&self, id: &str) -> Option<String> {
        self.first(&format!("[id={}]", quoted(&format!("{id}-error"))))
            .map(visible_text_of)
    }

    /// The error message of the form group around the field named `name` (for a date, any of
    /// its parts' names or the date's own name), or `None` when that group shows no error.
    pub fn field_error(&self, name: &str) -> Option<String> {
        let field = self
            .first(&format!("[name={}]", quoted(name)))
            .or_else(|| self.first(&format!("[name^={}]", quoted(&format!("{name}-")))))
            .or_else(|| self.first(&format!("[id={}]", quoted(name))))?;
        field
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| has_class(*a, "govuk-form-group--error"))
            .and_then(|group| {
                let sel = selector(".govuk-error-message");
                group.select(&sel).next().map(visible_text_of)
            })
    }

    /// Every field error message on the page, in order.
    pub fn field_errors(&self) -> Vec<String> {
        self.all(".govuk-error-message")
            .into_iter()
            .map(visible_text_of)
            .collect()
    }

    /// Whether any form group on the page is marked as in error.
    pub fn has_group_in_error(&self) -> bool {
        self.first(".govuk-form-group--error").is_some()
    }

    /// The value of the text-like input named `name` (not a radio or checkbox).
    pub fn input_value(&self, name: &str) -> Option<String> {
        self.all(&format!("input[name={}]", quoted(name)))
            .into_iter()
            .find(|i| !matches!(i.attr("type"), Some("radio" | "checkbox")))
            .map(|i| i.attr("value").unwrap_or_default().to_owned())
    }

    /// Whether the page has a form control named `name`.
    pub fn has_field(&self, name: &str) -> bool {
        self.first(&format!("[name={}]", quoted(name))).is_some()
    }

    /// The type of the input named `name`.
    pub fn input_type(&self, name: &str) -> Option<String> {
        self.first(&format!("input[name={}]", quoted(name)))
            .map(|i| i.attr("type").unwrap_or("text").to_owned())
    }

    /// What the textarea named `name` holds.
    pub fn textarea_value(&self, name: &str) -> Option<String> {
        self.first(&format!("textarea[name={}]", quoted(name)))
            .map(|t| t.text().collect())
    }

    /// Whether the radio or checkbox `name` = `value` is ticked.
    pub fn checked(&self, name: &str, value: &str) -> bool {
        self.first(&format!(
            "input[name={}][value={}][checked]",
            quoted(name),
            quoted(value)
        ))
        .is_some()
    }

    /// The values of the ticked radios or checkboxes named `name`.
    pub fn checked_values(&self, name: &str) -> Vec<String> {
        self.all(&format!("input[name={}][checked]", quoted(name)))
            .into_iter()
            .filter_map(|i| i.attr("value").map(str::to_owned))
            .collect()
    }

    /// The selected option of the select named `name`.
    pub fn selected(&self, name: &str) -> Option<String> {
        self.first(&format!("select[name={}] option[selected]", quoted(name)))
            .map(|o| o.attr("value").unwrap_or_default().to_owned())
    }

    /// The choices offered under `name`: radio and checkbox values and a select's options
    /// (the empty placeholder left out), in order.
    pub fn options(&self, name: &str) -> Vec<String> {
        let mut values: Vec<String> = self
            .all(&format!(
                "input[name={q}][type=radio], input[name={q}][type=checkbox]",
                q = quoted(name)
            ))
            .into_iter()
            .filter_map(|i| i.attr("value").map(str::to_owned))
            .collect();
        values.extend(
            self.all(&format!("select[name={}] option", quoted(name)))
                .into_iter()
                .filter_map(|o| o.attr("value"))
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
        );
        values
    }

    /// Whether the page has a radio `name` = `value`.
    pub fn radio(&self, name: &str, value: &str) -> bool {
        self.first(&format!(
            "input[type=radio][name={}][value={}]",
            quoted(name),
            quoted(value)
        ))
        .is_some()
    }

    /// Whether the page offers `name` = `value`: a radio, checkbox, hidden input or button
    /// that would send it, or an option of a select named `name`.
    pub fn offers(&self, name: &str, value: &str) -> bool {
        self.first(&format!("[name={}][value={}]", quoted(name), quoted(value)))
            .is_some()
            || self
                .first(&format!(
                    "select[name={}] option[value={}]",
                    quoted(name),
                    quoted(value)
                ))
                .is_some()
    }

    /// Whether any form control on the page (input, button or option) carries `value`,
    /// whatever its name.
    pub fn has_control_value(&self, value: &str) -> bool {
        self.first(&format!(
            "input[value={q}], button[value={q}], option[value={q}]",
            q = quoted(value)
        ))
        .is_some()
    }

    /// The text of the GOV.UK notification banner, if the page shows one.
    pub fn banner(&self) -> Option<String> {
        self.first(".govuk-notification-banner").map(text_of)
    }

    /// The text of a success notification banner, if the page shows one.
    pub fn success_banner(&self) -> Option<String> {
        self.first(".govuk-notification-banner.govuk-notification-banner--success")
            .map(text_of)
    }

    /// The rows of the page's tables' bodies, each as its cells' text.
    pub fn table_rows(&self) -> Vec<Vec<String>> {
        let cells = selector("th, td");
        self.all("table tbody tr")
            .into_iter()
            .map(|row| row.select(&cells).map(text_of).collect())
            .collect()
    }

    /// Every link on the page as (text, href).
    pub fn links(&self) -> Vec<(String, String)> {
        self.all("a[href]")
            .into_iter()
            .map(|a| (text_of(a), a.attr("href").unwrap_or_default().to_owned()))
            .collect()
    }

    /// The href of the first link whose text is `text`.
    pub fn link_to(&self, text: &str) -> Option<String> {
        self.links()
            .into_iter()
            .find(|(t, _)| t == text)
            .map(|(_, href)| href)
    }

    /// Whether the page links to `href`.
    pub fn links_to(&self, href: &str) -> bool {
        self.links().iter().any(|(_, h)| h == href)
    }

    /// The href of the link with this `rel` (`next`, `prev`), as the browser reads it.
    pub fn link_with_rel(&self, rel: &str) -> Option<String> {
        self.first(&format!("a[rel={}][href]", quoted(rel)))
            .and_then(|a| a.attr("href").map(str::to_owned))
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> usize {
        self.all(css).len()
    }

    /// The text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text_of).collect()
    }
}
