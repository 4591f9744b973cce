//! A case's contact log and evidence log: each entry is added from a page of its own, linked
//! from the case page, and shown on the case page afterwards.
//!
//! * `GET /cases/{case_id}/contacts/new`, `POST /cases/{case_id}/contacts`: an update given
//!   to the complainant (or an interested person, or their agent): when, how, who and what.
//!   Every contact restarts the 4-week clock of the next update (CMR 2020 reg 34(2)(a)): the
//!   case page and "My work" count from the latest contact.
//! * `GET /cases/{case_id}/evidence/new`, `POST /cases/{case_id}/evidence`: an item of
//!   evidence: what it is, where it came from, when it was received.
//!
//! Who may: `workflow::intake` (force PSD users, IOPC caseworkers and investigators; others
//! get a 403 written to the audit trail). Which cases: the user's scope, so another force's
//! case is a 404. Each form carries the case's version; a change to the case meanwhile is a
//! 409 asking the user to reload. Problems come back beside their fields (422) with the input
//! kept; success is a 303 to the case page with a banner.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::case_logs::{self as db, Author, LogError, LogTarget};
use crate::db::case_page::CaseRow;
use crate::domain::intake::{
    ContactContext, NewContact, NewEvidence, RawContact, RawDate, RawEvidence,
};
use crate::domain::vocab::{CaseKind, ContactMethod};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{ChoiceField, DATE_HINT, DateField, Field, TextField, form_errors};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::intake;

/// The banner on the case page after an entry was added or the case was logged (`?done=`):
/// (heading, body). `None` for anything else.
pub fn banner(done: &str, case: &CaseRow) -> Option<(String, String)> {
    match done {
        "logged" => Some(super::new::logged_banner(
            case.kind,
            case.force_reference.as_deref(),
        )),
        "contact" => Some((
            "Contact logged".to_owned(),
            "It is in the contact log below. The next update to the complainant is due 4 weeks after it."
                .to_owned(),
        )),
        "evidence" => Some((
            "Evidence logged".to_owned(),
            "The item is in the evidence log below.".to_owned(),
        )),
        _ => None,
    }
}

/// The case, when the user may add to this log and may see the case: 403 (audited) for a
/// role that keeps no case logs, 404 for a case that does not exist or is outside the scope.
async fn target(
    state: &AppState,
    user: &CurrentUser,
    case_id: CaseId,
    allowed: bool,
    what: &str,
) -> AppResult<LogTarget> {
    if !allowed {
        return user.refuse(&state.pool, what).await;
    }
    db::target(&state.pool, case_id.0, user.scope())
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(askama::Template)]
#[template(path = "cases/log_entry.html")]
struct EntryPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    heading: &'static str,
    intro: &'static str,
    submit: &'static str,
    action: String,
    case_href: String,
    reference: String,
    version: i32,
    fields: Vec<Field>,
}

/// The words and address of one of the two log forms.
#[derive(Clone, Copy)]
struct LogForm {
    heading: &'static str,
    intro: &'static str,
    submit: &'static str,
    /// The last part of the address it posts to: `/cases/{case_id}/{path}`.
    path: &'static str,
}

fn entry_page(
    user: &StaffUser,
    t: &LogTarget,
    version: i32,
    form: LogForm,
    fields: Vec<Field>,
    errors: FormErrors,
) -> AppResult<Response> {
    let LogForm {
        heading,
        intro,
        submit,
        path,
    } = form;
    let status = errors.status();
    let page = html(&EntryPage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        errors,
        heading,
        intro,
        submit,
        action: format!("/cases/{}/{path}", t.case_id),
        case_href: format!("/cases/{}", t.case_id),
        reference: t.reference.clone(),
        version,
        fields,
    })?;
    Ok((status, page).into_response())
}

// ------------------------------------------------------------------------------------------
// The contact log.
// ------------------------------------------------------------------------------------------

/// The contact form's words: complaints have a complainant; conduct and DSI matters have
/// none, but may have interested persons (PRA 2002 s.21).
fn contact_form_words(kind: CaseKind) -> LogForm {
    LogForm {
        heading: match kind {
            CaseKind::Complaint => "Log contact with the complainant",
            CaseKind::ConductMatter | CaseKind::DsiMatter => {
                "Log contact with an interested person"
            }
        },
        intro: "Record each update given to the complainant, or to an interested person or an agent: when, how and what. Each one restarts the 4 weeks within which the next update is due (CMR 2020 reg 34(2)(a)).",
        submit: "Log the contact",
        path: "contacts",
    }
}

fn contact_fields(t: &LogTarget, raw: &RawContact, errors: &FormErrors) -> Vec<Field> {
    let mut fields = vec![Field::Date(DateField::new(
        "contacted-on",
        "When was the contact?",
        DATE_HINT,
        &raw.contacted_on,
        errors,
    ))];
    if !t.people.is_empty() {
        let ids: Vec<String> = t.people.iter().map(|p| p.person_id.to_string()).collect();
        let options: Vec<(&str, &str)> = ids
            .iter()
            .zip(&t.people)
            .map(|(id, p)| (id.as_str(), p.label.as_str()))
            .collect();
        fields.push(Field::Radios(ChoiceField::new(
            "person",
            Some("Who was contacted?"),
            &options,
            std::slice::from_ref(&raw.person),
            errors,
        )));
    }
    fields.push(Field::Radios(ChoiceField::new(
        "method",
        Some("How was the contact made?"),
        &ContactMethod::ALL
            .iter()
            .map(|m| (m.as_str(), m.label()))
            .collect::<Vec<_>>(),
        std::slice::from_ref(&raw.method),
        errors,
    )));
    fields.push(Field::Text(
        TextField::textarea("summary", "What was said or sent", &raw.summary, errors, 5)
            .hint("For example, the progress of the investigation and when they will next hear"),
    ));
    fields
}

/// `GET /cases/{case_id}/contacts/new`
pub async fn contact_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
) -> AppResult<Response> {
    let allowed = intake::may_log_contact(user.role);
    let t = target(&state, &user, case_id, allowed, "log_contact").await?;
    // A single person is the obvious answer; several must be chosen.
    let person = match t.people.as_slice() {
        [only] => only.person_id.to_string(),
        _ => String::new(),
    };
    let raw = RawContact {
        contacted_on: RawDate::of(t.today),
        person,
        ..RawContact::default()
    };
    let fields = contact_fields(&t, &raw, &FormErrors::default());
    entry_page(
        &user,
        &t,
        t.version,
        contact_form_words(t.kind),
        fields,
        FormErrors::default(),
    )
}

/// `POST /cases/{case_id}/contacts`
pub async fn add_contact(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let allowed = intake::may_log_contact(user.role);
    let t = target(&state, &user, case_id, allowed, "log_contact").await?;
    let raw = RawContact {
        contacted_on: posted.date("contacted-on"),
        method: posted.get("method").to_owned(),
        person: posted.get("person").to_owned(),
        summary: posted.get("summary").to_owned(),
    };
    let version = posted.version();
    let people: Vec<Uuid> = t.people.iter().map(|p| p.person_id).collect();
    let parsed = NewContact::parse(
        &raw,
        ContactContext {
            today: t.today,
            received_on: t.received_on,
            people: &people,
        },
    );
    let again = |errors: FormErrors| {
        let fields = contact_fields(&t, &raw, &errors);
        entry_page(
            &user,
            &t,
            version.unwrap_or(t.version),
            contact_form_words(t.kind),
            fields,
            errors,
        )
    };
    let contact = match parsed {
        Ok(contact) => contact,
        Err(problems) => return again(form_errors(problems)),
    };
    let version = version.ok_or(AppError::Conflict)?;
    let by = Author {
        staff_user_id: user.id,
        role: user.role,
    };
    match db::add_contact(&state.pool, t.case_id, version, &contact, by).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{}?done=contact", t.case_id)).into_response()),
        Err(LogError::Conflict) => Err(AppError::Conflict),
        Err(LogError::Refused { constraint }) => {
            tracing::warn!(?constraint, "the database refused a contact log entry");
            let mut errors = FormErrors::default();
            errors.add(
                "person",
                "The contact could not be saved as entered: check who was contacted and try again. Nothing was saved",
            );
            again(errors)
        }
        Err(LogError::Database(e)) => Err(e.into()),
    }
}

// ------------------------------------------------------------------------------------------
// The evidence log.
// ------------------------------------------------------------------------------------------

const EVIDENCE_FORM: LogForm = LogForm {
    heading: "Add an item to the evidence log",
    intro: "For example, body-worn video, recordings of calls, call logs, statements or documents.",
    submit: "Add the item",
    path: "evidence",
};

fn evidence_fields(raw: &RawEvidence, errors: &FormErrors) -> Vec<Field> {
    vec![
        Field::Text(TextField::textarea(
            "description",
            "What is the item?",
            &raw.description,
            errors,
            3,
        )),
        Field::Text(
            TextField::input(
                "source",
                "Where or whom did it come from? (optional)",
                &raw.source,
                errors,
            )
            .hint("For example, the force's control room, or a witness")
            .width("govuk-!-width-two-thirds"),
        ),
        Field::Date(DateField::new(
            "received-on",
            "When was it received?",
            DATE_HINT,
            &raw.received_on,
            errors,
        )),
    ]
}

/// `GET /cases/{case_id}/evidence/new`
pub async fn evidence_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
) -> AppResult<Response> {
    let allowed = intake::may_log_evidence(user.role);
    let t = target(&state, &user, case_id, allowed, "log_evidence").await?;
    let raw = RawEvidence {
        received_on: RawDate::of(t.today),
        ..RawEvidence::default()
    };
    entry_page(
        &user,
        &t,
        t.version,
        EVIDENCE_FORM,
        evidence_fields(&raw, &FormErrors::default()),
        FormErrors::default(),
    )
}

/// `POST /cases/{case_id}/evidence`
pub async fn add_evidence(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let allowed = intake::may_log_evidence(user.role);
    let t = target(&state, &user, case_id, allowed, "log_evidence").await?;
    let raw = RawEvidence {
        description: posted.get("description").to_owned(),
        source: posted.get("source").to_owned(),
        received_on: posted.date("received-on"),
    };
    let version = posted.version();
    let again = |errors: FormErrors| {
        entry_page(
            &user,
            &t,
            version.unwrap_or(t.version),
            EVIDENCE_FORM,
            evidence_fields(&raw, &errors),
            errors,
        )
    };
    let item = match NewEvidence::parse(&raw, t.today) {
        Ok(item) => item,
        Err(problems) => return again(form_errors(problems)),
    };
    let version = version.ok_or(AppError::Conflict)?;
    let by = Author {
        staff_user_id: user.id,
        role: user.role,
    };
    match db::add_evidence(&state.pool, t.case_id, version, &item, by).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{}?done=evidence", t.case_id)).into_response()),
        Err(LogError::Conflict) => Err(AppError::Conflict),
        Err(LogError::Refused { constraint }) => {
            tracing::warn!(?constraint, "the database refused an evidence item");
            let mut errors = FormErrors::default();
            errors.add(
                "description",
                "The item could not be saved as entered: check it and try again. Nothing was saved",
            );
            again(errors)
        }
        Err(LogError::Database(e)) => Err(e.into()),
    }
}
