//! Adding a subject (a person serving with the police) to an existing case:
//! `GET /cases/{case_id}/subjects/new` and `POST /cases/{case_id}/subjects/new`.
//!
//! # Who may add a subject, and when
//!
//! * **The force's professional standards department**, on its own force's cases. The
//!   appropriate authority records complaints and conduct matters and must identify whose
//!   conduct is in question (PRA 2002 s.29, Sch 3 paras 2, 10, 11); the people concerned
//!   serve with its force, so it holds their records. Another force's case is not found
//!   (404), as everywhere.
//! * **IOPC caseworkers and investigators**, while the IOPC holds the matter: referred to it
//!   and awaiting its assessment (Sch 3 paras 4, 5, 13, 14), or under a directed or
//!   independent investigation, which the IOPC controls or conducts and in which its
//!   investigator must serve each subject's notice (para 19B; CMR 2020 regs 16, 17). On a
//!   case the force handles itself (never referred, referred back, or investigated locally)
//!   the IOPC has no such role: 403, written to the audit trail.
//! * Nobody else: administrators do no casework, review bodies only decide reviews.
//!
//! A subject is added while the case is being recorded, assessed or investigated. Once the
//! investigation report is in, it must already give an opinion on every subject (para 22);
//! a person found to be involved after that needs the investigation reopened, so the page
//! says so instead of offering the form. The rule is checked again, under a lock on the case,
//! when the form is posted.
//!
//! The form is parsed into a [`NewSubject`] (name or description, kind, rank, collar or
//! staff number, the allegations they are subject of) or shown again (422) with each error
//! beside its field. The subject, their part in the case, the links to their allegations, a
//! new case version and the audit event are written in one transaction.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::case_page as case_db;
use crate::db::subject_page as db;
use crate::db::subject_workflow::{NewSubject, insert_subject, lock_case};
use crate::db::workflow::{ActingUser, load_case};
use crate::domain::intake::{limits, thousands};
use crate::domain::vocab::SubjectKind;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{ChoiceField, Field, Posted, TextField};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::case::CaseSnapshot;
use crate::workflow::intake::{AddRefusal, may_add_subject};

/// The longest name or description, rank and collar number: the same as when a case is
/// logged with its subjects.
const MAX_NAME: usize = limits::NAME;
const MAX_RANK: usize = limits::RANK;
const MAX_NUMBER: usize = limits::COLLAR_NUMBER;

#[derive(askama::Template)]
#[template(path = "subjects/new.html")]
struct NewSubjectPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    case_id: CaseId,
    case_reference: String,
    refusal: Option<String>,
    errors: FormErrors,
    fields: Vec<Field>,
}

/// The form as typed: every pair, because the allegation checkboxes repeat their name.
#[derive(Debug, Default)]
pub struct RawNewSubject {
    pub name: String,
    pub kind: String,
    pub rank: String,
    pub collar_number: String,
    pub allegations: Vec<String>,
}

impl RawNewSubject {
    fn read(posted: &Posted) -> Self {
        RawNewSubject {
            name: posted.get("name").to_owned(),
            kind: posted.get("kind").to_owned(),
            rank: posted.get("rank").to_owned(),
            collar_number: posted.get("collar_number").to_owned(),
            allegations: posted.all("allegation").to_vec(),
        }
    }
}

/// The form's fields, with what was typed and the errors.
fn fields(facts: &CaseFacts, raw: &RawNewSubject, errors: &FormErrors) -> Vec<Field> {
    let kinds: Vec<(&str, &str)> = SubjectKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect();
    let labelled = |t: TextField| TextField {
        label_class: "govuk-label--s",
        ..t
    };
    let mut fields = vec![
        Field::Text(labelled(
            TextField::input("name", "Name or description", &raw.name, errors)
                .hint("Their name, or a description such as ‘Officer C’ until they are identified"),
        )),
        Field::Radios(
            ChoiceField::new(
                "kind",
                Some("Who are they?"),
                &kinds,
                std::slice::from_ref(&raw.kind),
                errors,
            )
            .hint("Severity assessments and notices of investigation apply to officers and special constables only")
            .small(),
        ),
        Field::Text(labelled(
            TextField::input("rank", "Rank or job title (optional)", &raw.rank, errors)
                .width("govuk-!-width-one-half"),
        )),
        Field::Text(labelled(
            TextField::input(
                "collar_number",
                "Collar or staff number (optional)",
                &raw.collar_number,
                errors,
            )
            .width("govuk-input--width-10"),
        )),
    ];
    if !facts.allegations.is_empty() {
        let options = facts
            .allegations
            .iter()
            .map(|a| {
                (
                    a.allegation_id.to_string(),
                    format!("Allegation {}: {}", a.number, a.category),
                    Some(a.description.clone()),
                )
            })
            .collect();
        fields.push(Field::Checkboxes(
            ChoiceField::with_hints(
                "allegation",
                Some("Which allegations are they subject of?"),
                options,
                &raw.allegations,
                errors,
            )
            .hint("Select all that apply")
            .small(),
        ));
    }
    fields
}

/// Turns the typed form into a subject, or says what is wrong with each field in the order of
/// the form. `case_allegations` are the ids of the case's allegations.
pub fn parse_new(raw: &RawNewSubject, case_allegations: &[Uuid]) -> Result<NewSubject, FormErrors> {
    let mut errors = FormErrors::default();
    let name = raw.name.trim();
    if name.is_empty() {
        errors.add(
            "name",
            "Enter the subject's name, or a description such as Officer C",
        );
    } else if name.chars().count() > MAX_NAME {
        errors.add(
            "name",
            format!(
                "The name must be {} characters or fewer",
                thousands(MAX_NAME)
            ),
        );
    }
    let kind = raw.kind.parse::<SubjectKind>().ok();
    if kind.is_none() {
        errors.add(
            "kind",
            "Select who the subject is: officer, special constable, staff or volunteer",
        );
    }
    let rank = raw.rank.trim();
    if rank.chars().count() > MAX_RANK {
        errors.add(
            "rank",
            format!("The rank or job title must be {MAX_RANK} characters or fewer"),
        );
    }
    let number = raw.collar_number.trim();
    if number.chars().count() > MAX_NUMBER {
        errors.add(
            "collar_number",
            format!("The collar or staff number must be {MAX_NUMBER} characters or fewer"),
        );
    }
    let mut allegations = Vec::new();
    for v in &raw.allegations {
        match Uuid::parse_str(v.trim()) {
            Ok(id) if case_allegations.contains(&id) => {
                if !allegations.contains(&id) {
                    allegations.push(id);
                }
            }
            _ => {
                errors.add("allegation", "Select allegations of this case only");
                break;
            }
        }
    }
    if allegations.is_empty() && !case_allegations.is_empty() && errors.get("allegation").is_none()
    {
        errors.add(
            "allegation",
            "Select the allegations this person is subject of",
        );
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(NewSubject {
            name: name.to_owned(),
            kind,
            rank: (!rank.is_empty()).then(|| rank.to_owned()),
            collar_number: (!number.is_empty()).then(|| number.to_owned()),
            allegations,
        }),
        _ => Err(errors),
    }
}

/// What the page needs about the case, read through the user's scope.
struct CaseFacts {
    reference: String,
    snapshot: CaseSnapshot,
    allegations: Vec<db::CaseAllegation>,
}

async fn case_facts(state: &AppState, user: &StaffUser, case_id: CaseId) -> AppResult<CaseFacts> {
    let CaseId(case_id) = case_id;
    if !case_db::in_scope(&state.pool, case_id, user.scope()).await? {
        return Err(AppError::NotFound);
    }
    let mut conn = state.pool.acquire().await?;
    let (snapshot, _) = load_case(&mut conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reference = db::case_reference(&mut conn, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allegations = db::case_allegations(&mut conn, case_id).await?;
    Ok(CaseFacts {
        reference,
        snapshot,
        allegations,
    })
}

fn render(
    user: &StaffUser,
    case_id: CaseId,
    facts: &CaseFacts,
    raw: &RawNewSubject,
    refusal: Option<String>,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let page = NewSubjectPage {
        lang: Page::ENGLISH,
        page_title: format!("Add a subject to case {}", facts.reference),
        user,
        nav: "cases",
        case_id,
        case_reference: facts.reference.clone(),
        refusal,
        fields: fields(facts, raw, &errors),
        errors,
    };
    Ok((status, html(&page)?).into_response())
}

/// `GET /cases/{case_id}/subjects/new`
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
) -> AppResult<Response> {
    let facts = case_facts(&state, &user, case_id).await?;
    let refusal = match may_add_subject(user.role, &facts.snapshot) {
        Ok(()) => None,
        Err(AddRefusal::NotYourRole) => return user.refuse(&state.pool, "add_subject").await,
        Err(AddRefusal::Stage(message)) => Some(message),
    };
    render(
        &user,
        case_id,
        &facts,
        &RawNewSubject::default(),
        refusal,
        FormErrors::default(),
        StatusCode::OK,
    )
}

/// `POST /cases/{case_id}/subjects/new`
pub async fn create(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let facts = case_facts(&state, &user, case_id).await?;
    let raw = RawNewSubject::read(&posted);
    let ids: Vec<Uuid> = facts.allegations.iter().map(|a| a.allegation_id).collect();

    let mut tx = state.pool.begin().await?;
    // The rule again, under a lock on the case, so a step taken meanwhile is seen.
    let snapshot = lock_case(&mut tx, case_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    match may_add_subject(user.role, &snapshot) {
        Ok(()) => {}
        Err(AddRefusal::NotYourRole) => {
            drop(tx);
            return user.refuse(&state.pool, "add_subject").await;
        }
        Err(AddRefusal::Stage(message)) => {
            drop(tx);
            let mut errors = FormErrors::default();
            errors.add("refusal", message.clone());
            return render(
                &user,
                case_id,
                &facts,
                &raw,
                Some(message),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    }
    let new = match parse_new(&raw, &ids) {
        Ok(new) => new,
        Err(errors) => {
            drop(tx);
            return render(
                &user,
                case_id,
                &facts,
                &raw,
                None,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let numbers: Vec<String> = facts
        .allegations
        .iter()
        .filter(|a| new.allegations.contains(&a.allegation_id))
        .map(|a| a.number.to_string())
        .collect();
    let summary = match numbers.len() {
        0 => format!("{} added as a subject of the case.", new.kind.label()),
        1 => format!(
            "{} added as a subject of allegation {}.",
            new.kind.label(),
            numbers[0]
        ),
        _ => format!(
            "{} added as a subject of allegations {}.",
            new.kind.label(),
            english_list(&numbers)
        ),
    };
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    let case_subject_id = insert_subject(&mut tx, case_id.0, &new, &summary, &acting).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/cases/{case_id}/subjects/{case_subject_id}?done=add_subject"
    ))
    .into_response())
}

/// "1", "1 and 2", "1, 2 and 3".
fn english_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(name: &str, kind: &str, allegations: &[&str]) -> RawNewSubject {
        RawNewSubject {
            name: name.into(),
            kind: kind.into(),
            rank: "PC".into(),
            collar_number: " 1234 ".into(),
            allegations: allegations.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_new_subject_is_parsed_from_the_form() {
        let a = Uuid::from_u128(7);
        let parsed = parse_new(
            &raw(" Officer C ", "police_officer", &[&a.to_string()]),
            &[a],
        )
        .expect("valid");
        assert_eq!(
            parsed,
            NewSubject {
                name: "Officer C".into(),
                kind: SubjectKind::PoliceOfficer,
                rank: Some("PC".into()),
                collar_number: Some("1234".into()),
                allegations: vec![a],
            }
        );
        // A case without allegations (a DSI matter, say) needs none.
        assert!(parse_new(&raw("Officer C", "police_staff", &[]), &[]).is_ok());
    }

    #[test]
    fn a_new_subject_needs_a_name_a_kind_and_their_allegations() {
        let a = Uuid::from_u128(7);
        let errors = parse_new(&raw("", "", &[]), &[a]).expect_err("invalid");
        let fields: Vec<&str> = errors.items.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "kind", "allegation"]);
        let other = Uuid::from_u128(8).to_string();
        let errors = parse_new(&raw("Officer C", "police_officer", &[&other]), &[a])
            .expect_err("other case");
        assert_eq!(
            errors.get("allegation"),
            Some("Select allegations of this case only")
        );
        let long = "x".repeat(MAX_NAME + 1);
        let errors =
            parse_new(&raw(&long, "police_officer", &[&a.to_string()]), &[a]).expect_err("long");
        assert_eq!(
            errors.get("name"),
            Some("The name must be 200 characters or fewer")
        );
    }

    #[test]
    fn allegation_numbers_read_as_a_list() {
        let v = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(english_list(&v(&["1", "2"])), "1 and 2");
        assert_eq!(english_list(&v(&["1", "2", "3"])), "1, 2 and 3");
    }
}
