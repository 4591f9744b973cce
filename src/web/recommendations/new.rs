//! Making a recommendation from a case.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::recommendations::{
    self as db, CaseHeading, CreateError, NewRecommendation, Recipient,
};
use crate::db::workflow::ActingUser;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{
    ChoiceField, DATE_HINT, DateField, Field, Posted, Reader, SelectField, TextField,
};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::english_date;

use super::{MAKERS, MAX_ORGANISATION, MAX_TEXT, MAX_TITLE};
// ---------------------------------------------------------------------------------------------
// Making a recommendation
// ---------------------------------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "recommendations/new.html")]
struct NewPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    case: CaseHeading,
    reference: String,
    fields: Vec<Field>,
    /// Why the recommendation cannot be made yet, if it cannot.
    warning: Option<&'static str>,
}

fn case_reference(case: &CaseHeading) -> String {
    case.iopc_reference
        .clone()
        .or_else(|| case.force_reference.clone())
        .unwrap_or_else(|| case.case_id.to_string())
}

/// The form's fields, as typed. There is no conditional reveal of the force or the
/// organisation: both are shown, each saying when it applies (see `web::shared::form`).
fn fields(
    posted: &Posted,
    forces: &[crate::db::staff_users::Choice],
    errors: &FormErrors,
) -> Vec<Field> {
    let ids: Vec<String> = forces.iter().map(|f| f.id.to_string()).collect();
    let force_options: Vec<(&str, &str)> = ids
        .iter()
        .zip(forces)
        .map(|(id, f)| (id.as_str(), f.name.as_str()))
        .collect();
    let mut recipient = ChoiceField::new(
        "recipient",
        Some("Who is the recommendation made to?"),
        &[
            ("force", "A police force"),
            ("organisation", "Another organisation"),
        ],
        posted.all("recipient"),
        errors,
    );
    recipient.legend_class = "govuk-fieldset__legend--m";
    let mut force = SelectField::new(
        "force_id",
        "Force",
        "Choose a force",
        &force_options,
        posted.get("force_id"),
        errors,
    );
    force.hint = Some("If it is made to a police force".to_owned());
    let mut made_on = DateField::new(
        "made-on",
        "When was the recommendation made?",
        &format!(
            "{DATE_HINT}. Leave today's date if it is made today. The response is due 56 days after this date"
        ),
        &posted.date("made-on"),
        errors,
    );
    made_on.legend_class = "govuk-fieldset__legend--m";
    vec![
        Field::Date(made_on),
        Field::Radios(recipient),
        Field::Select(force),
        Field::Text(TextField {
            label_class: "govuk-label--s",
            ..TextField::input(
                "organisation",
                "Name of the organisation",
                posted.get("organisation"),
                errors,
            )
            .hint("If it is made to another organisation, for example the College of Policing. No more than 200 characters")
        }),
        Field::Text(TextField {
            label_class: "govuk-label--m",
            ..TextField::input("title", "Title", posted.get("title"), errors).hint(
                "A few words the published list shows, for example “Firearms-response assessment procedures”. No more than 200 characters",
            )
        }),
        Field::Text(TextField {
            label_class: "govuk-label--m",
            ..TextField::textarea("text", "Recommendation", posted.get("text"), errors, 8)
                .hint("What the recipient should do, as it will be published")
                .max(MAX_TEXT)
        }),
    ]
}

async fn render_new(
    state: &AppState,
    user: &StaffUser,
    case: CaseHeading,
    posted: &Posted,
    errors: FormErrors,
) -> AppResult<Response> {
    let status = errors.status();
    let forces = crate::db::staff_users::forces(&state.pool).await?;
    let reference = case_reference(&case);
    let page = html(&NewPage {
        lang: Page::ENGLISH,
        page_title: format!("Make a recommendation: case {reference}"),
        warning: case.iopc_reference.is_none().then(no_reference_message),
        user,
        nav: "cases",
        fields: fields(posted, &forces, &errors),
        errors,
        reference,
        case,
    })?;
    Ok((status, page).into_response())
}

async fn case_for(
    state: &AppState,
    user: &StaffUser,
    CaseId(case_id): CaseId,
) -> AppResult<CaseHeading> {
    db::case_heading(&state.pool, case_id, user.scope())
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /cases/{case_id}/recommendations/new`
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
) -> AppResult<Response> {
    user.require(&state.pool, MAKERS, "recommendation_new")
        .await?;
    let case = case_for(&state, &user, case_id).await?;
    // Most recommendations go to the force whose case it is: offer it first.
    let today = crate::db::today(&state.pool).await?;
    let mut posted = Posted::default();
    posted.set_date("made-on", today);
    posted.set("recipient", "force");
    posted.set("force_id", case.force_id.to_string());
    render_new(&state, &user, case, &posted, FormErrors::default()).await
}

fn no_reference_message() -> &'static str {
    "This case has no IOPC reference yet. A recommendation is published under the IOPC \
     reference of the case it arose from, so the case needs one first"
}

/// The checked fields of a new recommendation.
fn parse_new(
    posted: &Posted,
    case_id: Uuid,
    forces: &[crate::db::staff_users::Choice],
    today: chrono::NaiveDate,
) -> Result<NewRecommendation, FormErrors> {
    let mut r = Reader::form(posted, today);
    let made_on = r.date_happened("made-on", "the date the recommendation was made");
    let recipient = match r.raw("recipient") {
        "force" => {
            let chosen = Uuid::parse_str(r.raw("force_id"))
                .ok()
                .filter(|id| forces.iter().any(|f| f.id == *id));
            if chosen.is_none() {
                r.fail("force_id", "Select the force the recommendation is made to");
            }
            chosen.map(Recipient::Force)
        }
        "organisation" => r
            .required_text(
                "organisation",
                "the name of the organisation the recommendation is made to",
                MAX_ORGANISATION,
            )
            .map(Recipient::Organisation),
        _ => {
            r.fail("recipient", "Select who the recommendation is made to");
            None
        }
    };
    let title = r.required_text("title", "a title for the recommendation", MAX_TITLE);
    let text = r.required_text("text", "the recommendation", MAX_TEXT);
    let new = match (made_on, recipient, title, text) {
        (Some(made_on), Some(recipient), Some(title), Some(text)) => Some(NewRecommendation {
            case_id,
            recipient,
            title,
            text,
            made_on,
        }),
        _ => None,
    };
    r.finish(new)
}

/// Makes a recommendation from the form's fields inside the caller's transaction, read and
/// checked as the page reads and checks them (the importer replays histories through it).
pub(crate) async fn make_in(
    conn: &mut sqlx::PgConnection,
    user: &StaffUser,
    case_id: Uuid,
    posted: &Posted,
    today: chrono::NaiveDate,
) -> Result<Uuid, String> {
    if !MAKERS.contains(&user.role) {
        return Err(format!("{} may not make recommendations", user.email));
    }
    let forces = crate::db::staff_users::forces(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    let new = parse_new(posted, case_id, &forces, today).map_err(|errors| {
        let messages: Vec<String> = errors.items.into_iter().map(|e| e.message).collect();
        messages.join("; ")
    })?;
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    db::create(conn, &new, &acting).await.map_err(|e| match e {
        CreateError::NoIopcReference => no_reference_message().to_owned(),
        other => other.to_string(),
    })
}

/// `POST /cases/{case_id}/recommendations/new`
pub async fn create(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, MAKERS, "recommendation_create")
        .await?;
    let case = case_for(&state, &user, case_id).await?;
    let forces = crate::db::staff_users::forces(&state.pool).await?;
    let today = crate::db::today(&state.pool).await?;
    let new = match parse_new(&posted, case.case_id, &forces, today) {
        Ok(new) => new,
        Err(errors) => return render_new(&state, &user, case, &posted, errors).await,
    };
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    let mut tx = state.pool.begin().await?;
    let made = db::create(&mut tx, &new, &acting).await;
    let problem = match made {
        Ok(_) => {
            tx.commit().await?;
            return Ok(
                Redirect::to(&format!("/cases/{}?done=make_recommendation", case.case_id))
                    .into_response(),
            );
        }
        Err(CreateError::NotFound) => return Err(AppError::NotFound),
        Err(CreateError::Database(e)) => return Err(e.into()),
        Err(CreateError::NoIopcReference) => ("recipient", no_reference_message().to_owned()),
        Err(CreateError::MadeBeforeCase(received)) => (
            "made-on-day",
            format!(
                "The recommendation cannot be dated before the case was received, on {}",
                english_date(received)
            ),
        ),
        // The schema's second line of defence, read back as form errors.
        Err(CreateError::Refused(constraint)) => {
            tracing::warn!(%constraint, "the database refused a recommendation");
            match constraint.as_str() {
                "recommendation_recipient_force_id_fkey" | "recommendation_has_recipient" => (
                    "recipient",
                    "Select who the recommendation is made to".to_owned(),
                ),
                "recommendation_recommendation_text_check" => {
                    ("text", "Enter the recommendation".to_owned())
                }
                _ => (
                    "title",
                    "The recommendation could not be saved as typed. Check each field and try again"
                        .to_owned(),
                ),
            }
        }
    };
    drop(tx);
    let mut errors = FormErrors::default();
    errors.add(problem.0, problem.1);
    render_new(&state, &user, case, &posted, errors).await
}
