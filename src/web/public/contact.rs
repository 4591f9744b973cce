//! `/status/contact`: how the complainant wants to be contacted, in which language, and
//! whether they want easy read. Each change is written to the case's timeline (which fields
//! changed, never their values).
//!
//! A detail the harm test withholds from the complainant (for instance an address recorded
//! by someone else) is not shown in the form, and leaving its box empty keeps what is held.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::status::{Withheld, no_store};
use super::{Choices, Chrome, same_token};
use crate::db::public::{self as db, ContactPreferences, StatusRow};
use crate::domain::vocab::{ContactMethod, Language};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::render::html;

/// The longest detail accepted.
const MAX_CHARS: usize = 500;

#[derive(askama::Template)]
#[template(path = "public/contact.html")]
struct ContactPage<'a> {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    errors: FormErrors,
    csrf_token: &'a str,
    input: ContactInput,
}

/// What the form shows: what was typed, or what is held.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContactInput {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    easy_read: String,
}

fn held(row: &StatusRow) -> ContactInput {
    let withheld = Withheld(&row.withheld.0);
    let shown = |field: &str, value: &Option<String>| {
        if withheld.hides("person", Some(row.person_id), Some(field)) {
            String::new()
        } else {
            value.clone().unwrap_or_default()
        }
    };
    ContactInput {
        csrf_token: String::new(),
        method: row
            .contact_method
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default(),
        email: shown("email", &row.email),
        phone: shown("phone", &row.phone),
        address: shown("address", &row.address),
        language: row.preferred_language.as_str().to_owned(),
        easy_read: if row.easy_read { "yes" } else { "no" }.to_owned(),
    }
}

fn render(
    choices: &Choices,
    row: &StatusRow,
    errors: FormErrors,
    input: ContactInput,
) -> AppResult<Response> {
    let tr = choices.tr(
        Some(Lang::from_domain(row.preferred_language)),
        row.easy_read,
    );
    let mut response = html(&ContactPage {
        lang: tr.lang.code(),
        page_title: tr.t("contact-title"),
        tr,
        chrome: choices.chrome(tr, true),
        errors,
        csrf_token: &row.csrf_token,
        input,
    })?;
    no_store(&mut response);
    Ok(response)
}

/// `GET /status/contact`
pub async fn form(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
) -> AppResult<Response> {
    match super::signed_in(&state, &headers).await? {
        Ok(row) => render(&choices, &row, FormErrors::default(), held(&row)),
        Err(redirect) => Ok(redirect),
    }
}

/// A plausible email address: what the database accepts, no longer than the standard allows.
fn valid_email(s: &str) -> bool {
    s.len() <= 254
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        })
}

/// A plausible telephone number: digits with spaces, brackets, dashes or a leading +,
/// 10 to 15 digits.
fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (10..=15).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-' | '+'))
}

/// `POST /status/contact`
pub async fn save(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
    Form(input): Form<ContactInput>,
) -> AppResult<Response> {
    let row = match super::signed_in(&state, &headers).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    if !same_token(&row.csrf_token, &input.csrf_token) {
        return Err(AppError::Forbidden);
    }
    let tr = choices.tr(
        Some(Lang::from_domain(row.preferred_language)),
        row.easy_read,
    );
    let withheld = Withheld(&row.withheld.0);
    let mut errors = FormErrors::default();
    let method = input.method.parse::<ContactMethod>().ok();
    if method.is_none() {
        errors.add("method", tr.t("contact-method-missing"));
    }
    // An empty box for a withheld detail keeps what is held; otherwise empty means none.
    let detail = |field: &str, typed: &str, current: &Option<String>| -> Option<String> {
        let typed = typed.trim();
        if typed.is_empty() {
            withheld
                .hides("person", Some(row.person_id), Some(field))
                .then(|| current.clone())
                .flatten()
        } else {
            Some(typed.to_owned())
        }
    };
    let email = detail("email", &input.email, &row.email);
    let phone = detail("phone", &input.phone, &row.phone);
    let address = detail("address", &input.address, &row.address);
    match (&email, method) {
        (None, Some(ContactMethod::Email)) => errors.add("email", tr.t("contact-email-missing")),
        (Some(e), _) if !input.email.trim().is_empty() && !valid_email(e) => {
            errors.add("email", tr.t("contact-email-invalid"))
        }
        _ => {}
    }
    match (&phone, method) {
        (None, Some(ContactMethod::Telephone)) => {
            errors.add("phone", tr.t("contact-phone-missing"))
        }
        (Some(p), _) if !input.phone.trim().is_empty() && !valid_phone(p) => {
            errors.add("phone", tr.t("contact-phone-invalid"))
        }
        _ => {}
    }
    match (&address, method) {
        (None, Some(ContactMethod::Post)) => errors.add("address", tr.t("contact-address-missing")),
        (Some(a), _) if a.chars().count() > MAX_CHARS => {
            errors.add("address", tr.t("contact-too-long"))
        }
        _ => {}
    }
    let language = input.language.parse::<Language>().ok();
    if language.is_none() {
        errors.add("language", tr.t("contact-language-missing"));
    }
    let easy_read = match input.easy_read.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    if easy_read.is_none() {
        errors.add("easy_read", tr.t("contact-easy-missing"));
    }
    let (Some(method), Some(language), Some(easy_read), true) =
        (method, language, easy_read, errors.is_empty())
    else {
        let page = render(&choices, &row, errors, input)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let prefs = ContactPreferences {
        method,
        email,
        phone,
        address,
        language,
        easy_read,
    };
    let mut changed = Vec::new();
    if row.contact_method != Some(prefs.method) {
        changed.push("contact_method");
    }
    if row.email != prefs.email {
        changed.push("email");
    }
    if row.phone != prefs.phone {
        changed.push("phone");
    }
    if row.address != prefs.address {
        changed.push("address");
    }
    if row.preferred_language != prefs.language {
        changed.push("preferred_language");
    }
    if row.easy_read != prefs.easy_read {
        changed.push("easy_read");
    }
    if !changed.is_empty() {
        db::save_contact_preferences(&state.pool, row.case_id, row.person_id, &prefs, &changed)
            .await?;
    }
    Ok(Redirect::to("/status?saved=contact").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_checked_for_their_shape() {
        assert!(valid_email("sam@example.org"));
        assert!(!valid_email("sam@example"));
        assert!(!valid_email("sam example@example.org"));
        assert!(!valid_email("@example.org"));
        assert!(!valid_email("sam@@example.org"));
    }

    #[test]
    fn telephone_numbers_need_ten_to_fifteen_digits() {
        assert!(valid_phone("01632 960 001"));
        assert!(valid_phone("+44 7700 900982"));
        assert!(!valid_phone("12345"));
        assert!(!valid_phone("call me maybe 0163296000"));
    }
}
