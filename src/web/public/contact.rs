//! `/status/contact`: how the complainant wants to be contacted, in which language, and
//! whether they want easy read. Each change is written to the case's timeline (which fields
//! changed, never their values).
//!
//! A detail the harm test withholds from the complainant (for instance an address recorded
//! by someone else) is not shown in the form, and leaving its box empty keeps what is held.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::status::{Withheld, no_store};
use super::{Choices, Chrome, same_token};
use crate::db::public::{self as db, ContactPreferences, StatusRow};
use crate::domain::intake::{EmailAddress, PhoneNumber};
use crate::domain::vocab::{ContactMethod, Language};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::form::{ChoiceField, Field, Posted, TextField};
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
    fields: Vec<Field>,
}

/// What is held, as the form shows it.
fn held(row: &StatusRow) -> Posted {
    let withheld = Withheld(&row.withheld.0);
    let shown = |field: &str, value: &Option<String>| {
        if withheld.hides("person", Some(row.person_id), Some(field)) {
            String::new()
        } else {
            value.clone().unwrap_or_default()
        }
    };
    let mut held = Posted::default();
    held.set(
        "method",
        row.contact_method.map(|m| m.as_str()).unwrap_or_default(),
    );
    held.set("email", shown("email", &row.email));
    held.set("phone", shown("phone", &row.phone));
    held.set("address", shown("address", &row.address));
    held.set("language", row.preferred_language.as_str());
    held.set("easy_read", if row.easy_read { "yes" } else { "no" });
    held
}

/// The form's fields in the reader's language, with what was typed or is held.
fn fields(tr: &Tr, input: &Posted, errors: &FormErrors) -> Vec<Field> {
    let choices = |name: &str, legend: &str, options: &[(&str, &str)]| {
        ChoiceField::new(name, Some(legend), options, input.all(name), errors).section_heading()
    };
    vec![
        Field::Radios(choices(
            "method",
            tr.t("contact-method-legend"),
            &[
                ("email", tr.t("contact-method-email")),
                ("post", tr.t("contact-method-post")),
                ("telephone", tr.t("contact-method-telephone")),
            ],
        )),
        Field::Text(
            TextField::input(
                "email",
                tr.t("contact-email-label"),
                input.get("email"),
                errors,
            )
            .input_type("email")
            .width("govuk-!-width-full")
            .autocomplete("email"),
        ),
        Field::Text(
            TextField::textarea(
                "address",
                tr.t("contact-address-label"),
                input.get("address"),
                errors,
                4,
            )
            .autocomplete("street-address"),
        ),
        Field::Text(
            TextField::input(
                "phone",
                tr.t("contact-phone-label"),
                input.get("phone"),
                errors,
            )
            .input_type("tel")
            .width("govuk-input--width-20")
            .autocomplete("tel"),
        ),
        Field::Radios(
            choices(
                "language",
                tr.t("contact-language-legend"),
                &[("en", "English"), ("cy", "Cymraeg")],
            )
            .inline()
            .option_langs(&["en", "cy"]),
        ),
        Field::Radios(
            choices(
                "easy_read",
                tr.t("contact-easy-legend"),
                &[("yes", tr.t("contact-yes")), ("no", tr.t("contact-no"))],
            )
            .hint(tr.t("contact-easy-hint"))
            .inline(),
        ),
    ]
}

fn render(
    choices: &Choices,
    row: &StatusRow,
    errors: Option<FormErrors>,
    input: &Posted,
) -> AppResult<Response> {
    let tr = choices.tr(
        Some(Lang::from_domain(row.preferred_language)),
        row.easy_read,
    );
    let errors = errors.unwrap_or_else(|| FormErrors::in_language(&tr));
    let mut response = html(&ContactPage {
        lang: tr.lang.code(),
        page_title: tr.t("contact-title"),
        fields: fields(&tr, input, &errors),
        tr,
        chrome: choices.chrome(tr, true),
        errors,
        csrf_token: &row.csrf_token,
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
        Ok(row) => render(&choices, &row, None, &held(&row)),
        Err(redirect) => Ok(redirect),
    }
}

/// `POST /status/contact`
pub async fn save(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = Posted::new(pairs);
    let row = match super::signed_in(&state, &headers).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    if !same_token(&row.csrf_token, input.get("csrf_token")) {
        return Err(AppError::Forbidden);
    }
    let tr = choices.tr(
        Some(Lang::from_domain(row.preferred_language)),
        row.easy_read,
    );
    let withheld = Withheld(&row.withheld.0);
    let mut errors = FormErrors::in_language(&tr);
    let method = input.get("method").parse::<ContactMethod>().ok();
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
    let email = detail("email", input.get("email"), &row.email);
    let phone = detail("phone", input.get("phone"), &row.phone);
    let address = detail("address", input.get("address"), &row.address);
    // The same rules for an email address and a telephone number as when a case is logged
    // (`domain::intake`).
    match (&email, method) {
        (None, Some(ContactMethod::Email)) => errors.add("email", tr.t("contact-email-missing")),
        (Some(e), _)
            if !input.get("email").trim().is_empty()
                && EmailAddress::try_from(e.as_str()).is_err() =>
        {
            errors.add("email", tr.t("contact-email-invalid"))
        }
        _ => {}
    }
    match (&phone, method) {
        (None, Some(ContactMethod::Telephone)) => {
            errors.add("phone", tr.t("contact-phone-missing"))
        }
        (Some(p), _)
            if !input.get("phone").trim().is_empty()
                && PhoneNumber::try_from(p.as_str()).is_err() =>
        {
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
    let language = input.get("language").parse::<Language>().ok();
    if language.is_none() {
        errors.add("language", tr.t("contact-language-missing"));
    }
    let easy_read = match input.get("easy_read") {
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
        let page = render(&choices, &row, Some(errors), &input)?;
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
        let valid = |e: &str| EmailAddress::try_from(e).is_ok();
        assert!(valid("sam@example.org"));
        assert!(!valid("sam@example"));
        assert!(!valid("sam example@example.org"));
        assert!(!valid("@example.org"));
        assert!(!valid("sam@@example.org"));
    }

    #[test]
    fn telephone_numbers_need_seven_to_fifteen_digits() {
        let valid = |p: &str| PhoneNumber::try_from(p).is_ok();
        assert!(valid("01632 960 001"));
        assert!(valid("+44 7700 900982"));
        assert!(!valid("12345"));
        assert!(!valid("call me maybe 0163296000"));
    }
}
