//! Logging a new case: a complaint, a recordable conduct matter or a DSI matter, for force
//! professional standards users and their own force only (`workflow::intake::may_log_case`;
//! anyone else gets a 403 that is written to the audit trail).
//!
//! * `GET /cases/new` asks what is being logged (a GET form, so `?kind=` is a link too);
//!   `GET /cases/new?kind=complaint|conduct_matter|dsi_matter` draws that kind's form.
//! * `POST /cases/new` reads the form into a [`RawCase`], then:
//!   - "Add another allegation" / "Add another subject" (`add=allegation|subject`) draws the
//!     form again with one more block and everything typed kept (the GOV.UK "add another"
//!     pattern, done on the server so it works without JavaScript);
//!   - otherwise parses it into a [`NewCase`]; problems come back beside their fields with
//!     the error summary (422);
//!   - for a complaint, looks for possible duplicates (the same complainant and incident
//!     date in the force); if there are any and "log it anyway" is not ticked, the form comes
//!     back listing them (422);
//!   - logs the case in one transaction (`db::intake::create`) and redirects (303) to the
//!     new case's page with a confirmation banner. A force reference the force already uses,
//!     or any other constraint of the schema, is a form error, never a 500.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::intake::{
    self as db, CreateError, DuplicateKey, Logger, OnOffer, PossibleDuplicate,
};
use crate::domain::intake::{
    CameToLight, CaseContext, DsiContext, DsiKind, NewCase, OfferedSubcategory, RawAllegation,
    RawCase, RawPerson, RawSubject, limits, phone_digits,
};
use crate::domain::vocab::{CaseKind, ContactMethod, Language, SubjectKind};
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{
    ChoiceField, DateField, Field, Posted, SelectField, TextField, form_errors,
};
use crate::web::shared::render::{Page, html};
use crate::workflow::{english_date, intake};

/// How each kind of case is named on the pages.
struct KindWords {
    /// "Log a complaint"
    heading: &'static str,
    /// "Log the complaint"
    submit: &'static str,
    /// "Complaint logged"
    logged: &'static str,
}

fn words(kind: CaseKind) -> KindWords {
    match kind {
        CaseKind::Complaint => KindWords {
            heading: "Log a complaint",
            submit: "Log the complaint",
            logged: "Complaint logged",
        },
        CaseKind::ConductMatter => KindWords {
            heading: "Log a recordable conduct matter",
            submit: "Log the conduct matter",
            logged: "Conduct matter logged",
        },
        CaseKind::DsiMatter => KindWords {
            heading: "Log a death or serious injury matter",
            submit: "Log the DSI matter",
            logged: "DSI matter logged",
        },
    }
}

/// The banner on the case page after logging: (heading, body).
pub fn logged_banner(kind: CaseKind, force_reference: Option<&str>) -> (String, String) {
    let reference = force_reference
        .map(|r| format!("Its force reference is {r}. "))
        .unwrap_or_default();
    (
        words(kind).logged.to_owned(),
        format!(
            "{reference}It is at the stage “Logged”: the next steps are under “What you can do now”."
        ),
    )
}

/// The user's force, when the user may log cases; otherwise a 403 written to the audit trail.
async fn force_of(state: &AppState, user: &CurrentUser, what: &str) -> AppResult<Uuid> {
    match (intake::may_log_case(user.role), user.force_id) {
        (true, Some(force)) => Ok(force),
        _ => user.refuse(&state.pool, what).await,
    }
}

#[derive(askama::Template)]
#[template(path = "cases/new_kind.html")]
struct KindPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    kinds: Field,
}

fn kind_page(user: &StaffUser, errors: FormErrors, status: StatusCode) -> AppResult<Response> {
    let kinds = ChoiceField::new(
        "kind",
        Some("What are you logging?"),
        &CaseKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect::<Vec<_>>(),
        &[],
        &errors,
    )
    .option_hints(&[
        "A member of the public is dissatisfied with the police (PRA 2002 s.12(1))",
        "No complaint, but an indication that someone serving with the police may have committed an offence or behaved in a way that would justify disciplinary proceedings (s.12(2))",
        "Someone died or was seriously injured after arrest or custody, or after other contact with the police (s.12(2A))",
    ])
    .page_heading();
    let page = html(&KindPage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        errors,
        kinds: Field::Radios(kinds),
    })?;
    Ok((status, page).into_response())
}

/// The query of `GET /cases/new`.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    kind: Option<String>,
}

/// `GET /cases/new` and `GET /cases/new?kind=...`
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NewQuery>,
) -> AppResult<Response> {
    force_of(&state, &user, "log_case").await?;
    let Some(kind) = query.kind else {
        return kind_page(&user, FormErrors::default(), StatusCode::OK);
    };
    let Ok(kind) = kind.trim().parse::<CaseKind>() else {
        let mut errors = FormErrors::default();
        errors.add("kind", "Select what you are logging");
        return kind_page(&user, errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let today = crate::db::today(&state.pool).await?;
    let categories = db::on_offer(&mut *state.pool.acquire().await?).await?;
    let raw = RawCase::blank(kind, today);
    render(
        &user,
        &raw,
        &categories,
        FormErrors::default(),
        &[],
        false,
        StatusCode::OK,
    )
}

/// Reads the posted form into a [`RawCase`] of `kind`, with as many allegation and subject
/// blocks as the form said it had (at least one each, at most [`limits::BLOCKS`]).
fn read(kind: CaseKind, posted: &Posted) -> RawCase {
    let get = |name: &str| posted.get(name).to_owned();
    let count = |name: &str| {
        posted
            .get(name)
            .trim()
            .parse::<usize>()
            .unwrap_or(1)
            .clamp(1, limits::BLOCKS)
    };
    let person = |p: &str| RawPerson {
        name: get(&format!("{p}-name")),
        address: get(&format!("{p}-address")),
        email: get(&format!("{p}-email")),
        phone: get(&format!("{p}-phone")),
        contact_method: get(&format!("{p}-contact")),
        language: get(&format!("{p}-language")),
        easy_read: posted.ticked(&format!("{p}-easy-read")),
        needs: get(&format!("{p}-needs")),
        date_of_birth: posted.date(&format!("{p}-dob")),
    };
    let recording = posted.all("recording");
    RawCase {
        kind,
        complainant: person("complainant"),
        agent: person("agent"),
        summary: get("summary"),
        incident_date: posted.date("incident-date"),
        incident_place: get("incident-place"),
        how_it_came_to_light: get("how-it-came-to-light"),
        came_to_light: get("came-to-light"),
        dsi_kind: get("dsi-kind"),
        dsi_context: get("dsi-context"),
        what_complainant_wants: get("what-complainant-wants"),
        complainant_wants_recording: recording.iter().any(|r| r == "complainant-wants"),
        must_be_recorded: recording.iter().any(|r| r == "must-be-recorded"),
        allegations: (1..=count("allegation-count"))
            .map(|n| RawAllegation {
                category: get(&format!("allegation-{n}-category")),
                subcategory: get(&format!("allegation-{n}-subcategory")),
                description: get(&format!("allegation-{n}-description")),
            })
            .collect(),
        subjects: (1..=count("subject-count"))
            .map(|n| RawSubject {
                kind: get(&format!("subject-{n}-kind")),
                name: get(&format!("subject-{n}-name")),
                rank: get(&format!("subject-{n}-rank")),
                number: get(&format!("subject-{n}-number")),
                allegations: posted.all(&format!("subject-{n}-allegations")).to_vec(),
            })
            .collect(),
        received_on: posted.date("received-on"),
        logged_on: posted.date("logged-on"),
        force_reference: get("force-reference"),
    }
}

/// Cases already in the force with the same complainant and incident.
async fn possible_duplicates(
    state: &AppState,
    force_id: Uuid,
    case: &NewCase,
) -> AppResult<Vec<PossibleDuplicate>> {
    let Some(c) = &case.complainant else {
        return Ok(Vec::new());
    };
    let phone = c.phone.as_deref().map(phone_digits);
    Ok(db::possible_duplicates(
        &state.pool,
        &DuplicateKey {
            force_id,
            full_name: &c.full_name,
            incident_date: case.incident_date,
            date_of_birth: c.date_of_birth,
            email: c.email.as_deref(),
            phone_digits: phone.as_deref(),
        },
    )
    .await?)
}

/// One error at one field.
fn error(field: &str, message: impl Into<String>) -> FormErrors {
    let mut errors = FormErrors::default();
    errors.add(field, message);
    errors
}

/// `POST /cases/new`
pub async fn create(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let force_id = force_of(&state, &user, "log_case").await?;
    let Ok(kind) = posted.get("kind").trim().parse::<CaseKind>() else {
        let errors = error("kind", "Select what you are logging");
        return kind_page(&user, errors, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let mut raw = read(kind, &posted);
    let categories = db::on_offer(&mut *state.pool.acquire().await?).await?;
    let confirmed = posted.ticked("confirm-duplicate");

    // "Add another": one more block, nothing checked yet.
    let add = posted.get("add");
    if add == "allegation" || add == "subject" {
        if add == "allegation" && raw.allegations.len() < limits::BLOCKS {
            raw.allegations.push(RawAllegation::default());
        }
        if add == "subject" && raw.subjects.len() < limits::BLOCKS {
            raw.subjects.push(RawSubject::default());
        }
        let errors = FormErrors::default();
        return render(
            &user,
            &raw,
            &categories,
            errors,
            &[],
            confirmed,
            StatusCode::OK,
        );
    }
    let again = |errors, duplicates: &[PossibleDuplicate], confirmed| {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        render(
            &user,
            &raw,
            &categories,
            errors,
            duplicates,
            confirmed,
            status,
        )
    };

    let today = crate::db::today(&state.pool).await?;
    let (codes, subcategories) = offered(&categories);
    let context = CaseContext {
        today,
        categories: &codes,
        subcategories: &subcategories,
    };
    let case = match NewCase::parse(&raw, context) {
        Ok(case) => case,
        Err(problems) => return again(form_errors(problems), &[], confirmed),
    };
    // The same complainant and incident already in the force: say so before logging again.
    let duplicates = possible_duplicates(&state, force_id, &case).await?;
    if !duplicates.is_empty() && !confirmed {
        let errors = error(
            "confirm-duplicate",
            "This complainant may already have a complaint about the same incident: check the cases listed, and tick “This is a new complaint” to log it anyway",
        );
        return again(errors, &duplicates, false);
    }
    let by = Logger {
        staff_user_id: user.id,
        role: user.role,
    };
    match db::create(&state.pool, force_id, &case, by).await {
        Ok(created) => {
            Ok(Redirect::to(&format!("/cases/{}?done=logged", created.case_id)).into_response())
        }
        Err(CreateError::ForceReferenceTaken) => {
            let message = format!(
                "Your force already has a case with the reference {}: enter a different reference, or leave it empty for one to be made",
                case.force_reference.as_deref().unwrap_or_default()
            );
            again(error("force-reference", message), &[], confirmed)
        }
        Err(CreateError::Refused { constraint }) => {
            // The schema's second line of defence refused a row: say which part to change.
            tracing::warn!(?constraint, "the database refused a new case");
            let (field, message) = refusal_message(constraint.as_deref());
            again(error(field, message), &[], confirmed)
        }
        Err(CreateError::Database(e)) => Err(e.into()),
    }
}

/// Logs a case from the logging form's fields inside the caller's transaction: read and checked as the page reads and checks them (the importer replays
/// histories through it). The duplicate check is the page's conversation with the user and
/// is not asked. Returns the case's id, or the problems in words.
pub(crate) async fn log_in(
    conn: &mut sqlx::PgConnection,
    user: &StaffUser,
    posted: &Posted,
    today: chrono::NaiveDate,
) -> Result<Uuid, String> {
    let force_id = match (intake::may_log_case(user.role), user.force_id) {
        (true, Some(force)) => force,
        _ => return Err(format!("{} may not log cases", user.email)),
    };
    let kind = posted
        .get("kind")
        .trim()
        .parse::<CaseKind>()
        .map_err(|_| "Select what you are logging (kind)".to_owned())?;
    let raw = read(kind, posted);
    let categories = db::on_offer(&mut *conn).await.map_err(|e| e.to_string())?;
    let (codes, subcategories) = offered(&categories);
    let context = CaseContext {
        today,
        categories: &codes,
        subcategories: &subcategories,
    };
    let case = NewCase::parse(&raw, context).map_err(|problems| {
        let messages: Vec<String> = form_errors(problems)
            .items
            .into_iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        messages.join("; ")
    })?;
    let by = Logger {
        staff_user_id: user.id,
        role: user.role,
    };
    match db::create_in(conn, force_id, &case, by).await {
        Ok(created) => Ok(created.case_id),
        Err(CreateError::ForceReferenceTaken) => Err(format!(
            "the force already has a case with the reference {}",
            case.force_reference.as_deref().unwrap_or_default()
        )),
        Err(CreateError::Refused { constraint }) => {
            Err(refusal_message(constraint.as_deref()).1.to_owned())
        }
        Err(CreateError::Database(e)) => Err(e.to_string()),
    }
}

/// What the parse needs to know of the categories on offer: their codes, and each
/// sub-category's code with its category's.
fn offered(on_offer: &OnOffer) -> (Vec<String>, Vec<OfferedSubcategory>) {
    (
        on_offer.categories.iter().map(|c| c.code.clone()).collect(),
        on_offer
            .subcategories
            .iter()
            .map(|s| OfferedSubcategory {
                category: s.category_code.clone(),
                code: s.code.clone(),
            })
            .collect(),
    )
}

/// The field and message for a constraint of the schema that refused a new case.
fn refusal_message(constraint: Option<&str>) -> (&'static str, &'static str) {
    match constraint {
        Some("person_contact_method_has_detail") => (
            "complainant-contact",
            "The way the complainant prefers to be contacted needs its contact detail. Nothing was saved",
        ),
        Some("person_date_of_birth_in_past") => (
            "complainant-dob-day",
            "The complainant's date of birth must be today or in the past. Nothing was saved",
        ),
        Some("person_email_check") => (
            "complainant-email",
            "Enter an email address in the correct format, like name@example.com. Nothing was saved",
        ),
        Some("case_record_dates_in_order") => (
            "received-on-day",
            "The date it was received must be today or in the past. Nothing was saved",
        ),
        Some("allegation_category_code_fkey") => (
            "allegation-1-category",
            "An allegation category is no longer offered: choose the categories again. Nothing was saved",
        ),
        Some("allegation_subcategory_fkey") => (
            "allegation-1-subcategory",
            "An allegation sub-category is no longer offered, or is not one of its category's: choose the sub-categories again. Nothing was saved",
        ),
        _ => (
            "summary",
            "The case could not be saved as entered: check the details and try again. Nothing was saved",
        ),
    }
}

/// A block of repeated fields ("Allegation 2").
pub struct Block {
    id: String,
    legend: String,
    fields: Vec<Field>,
}

/// A section of the form, with its fields, its repeated blocks and its "add another" button.
pub struct Section {
    id: &'static str,
    heading: String,
    intro: Option<String>,
    fields: Vec<Field>,
    blocks: Vec<Block>,
    /// (value of the `add` button, its label), while more blocks may be added.
    add: Option<(&'static str, &'static str)>,
}

impl Section {
    fn new(id: &'static str, heading: &str, intro: Option<&str>, fields: Vec<Field>) -> Self {
        Section {
            id,
            heading: heading.to_owned(),
            intro: intro.map(str::to_owned),
            fields,
            blocks: Vec::new(),
            add: None,
        }
    }
}

/// A possible duplicate, as listed.
pub struct DuplicateView {
    href: String,
    reference: String,
    received: String,
    stage: &'static str,
}

#[derive(askama::Template)]
#[template(path = "cases/new.html")]
struct NewCasePage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    kind: &'static str,
    heading: &'static str,
    submit: &'static str,
    sections: Vec<Section>,
    allegation_count: usize,
    subject_count: usize,
    duplicates: Vec<DuplicateView>,
    confirm: Field,
    /// What each category and sub-category covers, shown above the allegations.
    guide: Vec<CategoryGuide>,
}

/// A category as the guide above the allegations describes it, with its sub-categories'
/// labels and descriptions.
pub struct CategoryGuide {
    name: String,
    description: String,
    subcategories: Vec<(String, String)>,
}

const DATE_HINT: &str = "For example, 27 3 2026";

fn person_fields(p: &str, raw: &RawPerson, errors: &FormErrors, complainant: bool) -> Vec<Field> {
    let id = |name: &str| format!("{p}-{name}");
    let mut fields = vec![
        Field::Text(
            TextField::input(&id("name"), "Full name", &raw.name, errors)
                .width("govuk-!-width-two-thirds"),
        ),
        Field::Text(
            TextField::textarea(
                &id("address"),
                "Postal address (optional)",
                &raw.address,
                errors,
                3,
            )
            .hint("Needed if letters go by post"),
        ),
        Field::Text(
            TextField::input(&id("email"), "Email address (optional)", &raw.email, errors)
                .input_type("email")
                .width("govuk-!-width-two-thirds"),
        ),
        Field::Text(
            TextField::input(
                &id("phone"),
                "Telephone number (optional)",
                &raw.phone,
                errors,
            )
            .input_type("tel")
            .width("govuk-input--width-20"),
        ),
    ];
    if complainant {
        fields.push(Field::Radios(
            ChoiceField::new(
                &id("contact"),
                Some("How do they prefer to be contacted?"),
                &ContactMethod::ALL
                    .iter()
                    .map(|m| (m.as_str(), m.label()))
                    .collect::<Vec<_>>(),
                std::slice::from_ref(&raw.contact_method),
                errors,
            )
            .hint("Give the matching email address, postal address or telephone number above"),
        ));
        fields.push(Field::Radios(
            ChoiceField::new(
                &id("language"),
                Some("Preferred language"),
                &[
                    (Language::English.as_str(), "English"),
                    (Language::Welsh.as_str(), "Welsh (Cymraeg)"),
                ],
                std::slice::from_ref(&raw.language),
                errors,
            )
            .inline(),
        ));
        fields.push(Field::Checkboxes(ChoiceField::new(
            &id("easy-read"),
            None,
            &[(
                "yes",
                "They need easy read letters (plain English, short sentences)",
            )],
            &[if raw.easy_read {
                "yes".to_owned()
            } else {
                String::new()
            }],
            errors,
        )));
        fields.push(Field::Text(
            TextField::textarea(
                &id("needs"),
                "Other accessibility needs (optional)",
                &raw.needs,
                errors,
                2,
            )
            .hint("For example, large print, an interpreter or British Sign Language"),
        ));
        fields.push(Field::Date(DateField::new(
            &id("dob"),
            "Date of birth (optional)",
            "For example, 27 3 1985",
            &raw.date_of_birth,
            errors,
        )));
    }
    fields
}

fn render(
    user: &StaffUser,
    raw: &RawCase,
    categories: &OnOffer,
    errors: FormErrors,
    duplicates: &[PossibleDuplicate],
    confirmed: bool,
    status: StatusCode,
) -> AppResult<Response> {
    let kind = raw.kind;
    let complaint = kind == CaseKind::Complaint;
    let e = &errors;
    let mut sections = Vec::new();

    if complaint {
        sections.push(Section::new(
            "complainant",
            "The complainant",
            None,
            person_fields("complainant", &raw.complainant, e, true),
        ));
        sections.push(Section::new(
            "agent",
            "Someone acting for the complainant (optional)",
            Some("Fill this in if someone, such as a solicitor or a relative, acts on the complainant's behalf."),
            person_fields("agent", &raw.agent, e, false),
        ));
    }

    let mut what = vec![
        Field::Text(
            TextField::textarea("summary", "What happened", &raw.summary, e, 6).hint(
                if complaint {
                    "In the complainant's words where you can. Leave out details of other people that are not needed."
                } else {
                    "Leave out details of other people that are not needed."
                },
            ),
        ),
        Field::Date(DateField::new(
            "incident-date",
            "Date of the incident",
            "For example, 27 3 2026. If it went on over several days, give the first",
            &raw.incident_date,
            e,
        )),
        Field::Text(
            TextField::input("incident-place", "Where it happened", &raw.incident_place, e)
                .hint("For example, the street and town, or the police station"),
        ),
    ];
    if kind != CaseKind::Complaint {
        what.push(Field::Radios(
            ChoiceField::new(
                "came-to-light",
                Some("Who brought the matter to light? (optional)"),
                &CameToLight::ALL.map(|c| (c.as_str(), c.label())),
                std::slice::from_ref(&raw.came_to_light),
                e,
            )
            .hint("Raised inside the force: say by whom below. The IOPC's published summaries give this."),
        ));
    }
    match kind {
        CaseKind::ConductMatter => what.push(Field::Text(
            TextField::textarea(
                "how-it-came-to-light",
                "How the matter came to light",
                &raw.how_it_came_to_light,
                e,
                3,
            )
            .hint("There is no complaint: say how the force learned of it, for example a review of body-worn video"),
        )),
        CaseKind::DsiMatter => {
            what.push(Field::Text(TextField::textarea(
                "how-it-came-to-light",
                "How the matter came to light (optional)",
                &raw.how_it_came_to_light,
                e,
                3,
            )));
            what.push(Field::Radios(ChoiceField::new(
                "dsi-kind",
                Some("Did someone die or were they seriously injured?"),
                &DsiKind::ALL.map(|k| (k.as_str(), k.label())),
                std::slice::from_ref(&raw.dsi_kind),
                e,
            )));
            what.push(Field::Radios(ChoiceField::new(
                "dsi-context",
                Some("When did it happen?"),
                &DsiContext::ALL.map(|c| (c.as_str(), c.label())),
                std::slice::from_ref(&raw.dsi_context),
                e,
            )));
        }
        CaseKind::Complaint => {
            what.push(Field::Text(TextField::textarea(
                "what-complainant-wants",
                "What the complainant wants to happen (optional)",
                &raw.what_complainant_wants,
                e,
                3,
            )));
            let mut chosen = Vec::new();
            if raw.complainant_wants_recording {
                chosen.push("complainant-wants".to_owned());
            }
            if raw.must_be_recorded {
                chosen.push("must-be-recorded".to_owned());
            }
            what.push(Field::Checkboxes(
                ChoiceField::new(
                    "recording",
                    Some("Recording under Schedule 3 (tick any that apply)"),
                    &[
                        ("complainant-wants", "The complainant wants the complaint recorded"),
                        ("must-be-recorded", "The complaint must be recorded whatever anyone wishes"),
                    ],
                    &chosen,
                    e,
                )
                .option_hints(&[
                    "Sch 3 para 2(6): then it cannot be handled outside Schedule 3",
                    "It alleges conduct that may be a criminal offence or justify disciplinary proceedings, a death or serious injury, or a breach of Article 2 or 3 (Sch 3 para 2(6A), (6B))",
                ]),
            ));
        }
    }
    sections.push(Section::new("incident", "The incident", None, what));

    // Allegations: one block each, and "add another". The sub-categories are grouped under
    // their categories, and what each covers is in the guide above the blocks.
    let category_options: Vec<(&str, &str)> = categories
        .categories
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    let sub_labels: Vec<(String, Vec<(String, String)>)> = categories
        .categories
        .iter()
        .map(|c| {
            let subs = categories
                .subcategories_of(&c.code)
                .map(|s| (s.code.clone(), s.label()))
                .collect::<Vec<_>>();
            (c.name.clone(), subs)
        })
        .filter(|(_, subs)| !subs.is_empty())
        .collect();
    let sub_groups: Vec<(&str, Vec<(&str, &str)>)> = sub_labels
        .iter()
        .map(|(name, subs)| {
            (
                name.as_str(),
                subs.iter().map(|(v, l)| (v.as_str(), l.as_str())).collect(),
            )
        })
        .collect();
    let mut allegations = Section::new(
        "allegations",
        if kind == CaseKind::DsiMatter {
            "Allegations (optional)"
        } else {
            "Allegations"
        },
        Some(if kind == CaseKind::DsiMatter {
            "A DSI matter may have no allegations when it is logged. Empty blocks are left out."
        } else {
            "Each allegation has one category. Add one for each thing it is about. Empty blocks are left out."
        }),
        Vec::new(),
    );
    for (i, a) in raw.allegations.iter().enumerate() {
        let n = i + 1;
        allegations.blocks.push(Block {
            id: format!("allegation-{n}"),
            legend: format!("Allegation {n}"),
            fields: vec![
                Field::Select(SelectField::new(
                    &format!("allegation-{n}-category"),
                    "Category",
                    "Choose a category",
                    &category_options,
                    &a.category,
                    e,
                )),
                Field::Select(
                    SelectField::grouped(
                        &format!("allegation-{n}-subcategory"),
                        "Sub-category (where the category has them)",
                        "Choose a sub-category",
                        &sub_groups,
                        &a.subcategory,
                        e,
                    )
                    .hint("Listed under each category. The IOPC counts finalised allegations by sub-category"),
                ),
                Field::Text(TextField::textarea(
                    &format!("allegation-{n}-description"),
                    "What is alleged",
                    &a.description,
                    e,
                    3,
                )),
            ],
        });
    }
    if raw.allegations.len() < limits::BLOCKS {
        allegations.add = Some(("allegation", "Add another allegation"));
    }
    sections.push(allegations);

    // Subjects, if known.
    let kind_options: Vec<(&str, &str)> = SubjectKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect();
    let allegation_numbers: Vec<(String, String)> = (1..=raw.allegations.len())
        .map(|n| (n.to_string(), format!("Allegation {n}")))
        .collect();
    let allegation_options: Vec<(&str, &str)> = allegation_numbers
        .iter()
        .map(|(v, l)| (v.as_str(), l.as_str()))
        .collect();
    let mut subjects = Section::new(
        "subjects",
        "Subjects (if known)",
        Some(
            "The people serving with the police it is about: officers, special constables, police staff or designated volunteers. Leave these empty if nobody is identified yet.",
        ),
        Vec::new(),
    );
    for (i, s) in raw.subjects.iter().enumerate() {
        let n = i + 1;
        let id = |name: &str| format!("subject-{n}-{name}");
        subjects.blocks.push(Block {
            id: format!("subject-{n}"),
            legend: format!("Subject {n}"),
            fields: vec![
                Field::Select(SelectField::new(
                    &id("kind"),
                    "What kind of person?",
                    "Choose one",
                    &kind_options,
                    &s.kind,
                    e,
                )),
                Field::Text(
                    TextField::input(&id("name"), "Name or description (optional)", &s.name, e)
                        .hint("For example, PC Jane Smith, Officer A, or the driver of the van")
                        .width("govuk-!-width-two-thirds"),
                ),
                Field::Text(
                    TextField::input(&id("rank"), "Rank (optional)", &s.rank, e)
                        .width("govuk-input--width-20"),
                ),
                Field::Text(
                    TextField::input(
                        &id("number"),
                        "Collar or staff number (optional)",
                        &s.number,
                        e,
                    )
                    .width("govuk-input--width-10"),
                ),
                Field::Checkboxes(
                    ChoiceField::new(
                        &id("allegations"),
                        Some(&format!("Which allegations are about subject {n}?")),
                        &allegation_options,
                        &s.allegations,
                        e,
                    )
                    .hint("Tick all that apply, or none if you do not know yet"),
                ),
            ],
        });
    }
    if raw.subjects.len() < limits::BLOCKS {
        subjects.add = Some(("subject", "Add another subject"));
    }
    sections.push(subjects);

    sections.push(Section::new(
        "receipt",
        "Receipt and reference",
        None,
        vec![
            Field::Date(DateField::new(
                "received-on",
                "Date it was received",
                &format!("The day it reached the force. {DATE_HINT}"),
                &raw.received_on,
                e,
            )),
            Field::Date(DateField::new(
                "logged-on",
                "Date it was logged",
                &format!("Today, unless it was logged earlier, for example in another system. The force's deadlines run from the dates of each step. {DATE_HINT}"),
                &raw.logged_on,
                e,
            )),
            Field::Text(
                TextField::input(
                    "force-reference",
                    "Force reference (optional)",
                    &raw.force_reference,
                    e,
                )
                .hint("Leave it empty and one will be made, like MET-2026-00042")
                .width("govuk-input--width-20"),
            ),
        ],
    ));

    let confirm = Field::Checkboxes(ChoiceField::new(
        "confirm-duplicate",
        None,
        &[("yes", "This is a new complaint: log it anyway")],
        &[if confirmed {
            "yes".to_owned()
        } else {
            String::new()
        }],
        e,
    ));
    let words = words(kind);
    let page = html(&NewCasePage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        kind: kind.as_str(),
        heading: words.heading,
        submit: words.submit,
        allegation_count: raw.allegations.len(),
        subject_count: raw.subjects.len(),
        sections,
        guide: categories
            .categories
            .iter()
            .map(|c| CategoryGuide {
                name: c.name.clone(),
                description: c.description.clone().unwrap_or_default(),
                subcategories: categories
                    .subcategories_of(&c.code)
                    .map(|s| (s.label(), s.description.clone().unwrap_or_default()))
                    .collect(),
            })
            .collect(),
        duplicates: duplicates
            .iter()
            .map(|d| DuplicateView {
                href: format!("/cases/{}", d.case_id),
                reference: d.reference.clone(),
                received: english_date(d.received_on),
                stage: d.stage.label(),
            })
            .collect(),
        confirm,
        errors,
    })?;
    Ok((status, page).into_response())
}
