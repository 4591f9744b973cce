//! Organisational learning and publication: `GET` and `POST
//! /cases/{case_id}/learning-and-publication`. The IOPC caseworker records, as facts the
//! published summaries show (domain.md H2), that no organisational learning was identified
//! (a positive finding: refused while the case has a recommendation, which is learning
//! identified, Sch 3 para 28A), and that publication is deferred until proceedings end with a
//! date to revisit it. While deferred, the public register leaves the case out until the
//! revisit date has come and no subject has proceedings outstanding
//! (`case_publication_withheld`, migration 0071).
//!
//! A form sent back with errors carries the version it was first drawn with.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::session::StaffUser;
use crate::db::case_facts::{self as db, CaseFact, LearningAndPublication};
use crate::db::workflow::{ActingUser, ApplyError};
use crate::domain::vocab::Role;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{Field, Posted, Reader, StepFields};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::english_date;

const RECORDERS: &[Role] = &[Role::IopcCaseworker];
const NO_LEARNING: &str = "no_organisational_learning";
const DEFER: &str = "defer_publication";

/// One of the page's two forms.
pub struct FactForm {
    code: &'static str,
    heading: &'static str,
    button: &'static str,
    fields: Vec<Field>,
}

#[derive(askama::Template)]
#[template(path = "cases/learning.html")]
struct LearningPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    case_id: CaseId,
    case_reference: String,
    version: i32,
    errors: FormErrors,
    banner: Option<String>,
    facts: Vec<String>,
    forms: Vec<FactForm>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn load(
    state: &AppState,
    user: &StaffUser,
    case_id: CaseId,
) -> AppResult<LearningAndPublication> {
    db::load(&state.pool, case_id.0, user.scope())
        .await?
        .ok_or(AppError::NotFound)
}

fn forms(posted: Option<(&str, &Posted)>, errors: &FormErrors) -> Vec<FactForm> {
    let posted_for = |code: &str| posted.filter(|(c, _)| *c == code).map(|(_, p)| p);
    let no_errors = FormErrors::default();
    let errors_for = |code: &str| {
        if posted.is_some_and(|(c, _)| c == code) {
            errors
        } else {
            &no_errors
        }
    };
    let learning = StepFields::new(
        NO_LEARNING,
        posted_for(NO_LEARNING),
        errors_for(NO_LEARNING),
    );
    let defer = StepFields::new(DEFER, posted_for(DEFER), errors_for(DEFER));
    vec![
        FactForm {
            code: NO_LEARNING,
            heading: "Record that no organisational learning was identified",
            button: "Record no organisational learning",
            fields: vec![
                Field::Date(learning.date(
                    "decided_on",
                    "When was it decided that there is no organisational learning?",
                    None,
                )),
                Field::Checkboxes(learning.checkbox(
                    "confirm",
                    "No learning for the force or any other organisation was identified",
                    Some("Make a recommendation instead where there is learning (Sch 3 para 28A)".to_owned()),
                )),
            ],
        },
        FactForm {
            code: DEFER,
            heading: "Defer publication until proceedings end",
            button: "Defer publication",
            fields: vec![Field::Date(defer.date(
                "revisit_on",
                "When should the deferral be revisited?",
                Some("A date after today. The case stays off the public register until then, and while any proceedings are outstanding"),
            ))],
        },
    ]
}

fn facts(d: &LearningAndPublication) -> Vec<String> {
    let mut v = Vec::new();
    v.push(match d.no_organisational_learning_on {
        Some(on) => format!(
            "No organisational learning identified (recorded {}).",
            english_date(on)
        ),
        None if d.recommendations > 0 => format!(
            "Organisational learning identified: {} recommendation{} made.",
            d.recommendations,
            if d.recommendations == 1 { "" } else { "s" }
        ),
        None => "Nothing is recorded about organisational learning yet.".to_owned(),
    });
    v.push(
        match (d.publication_deferred_on, d.publication_revisit_on) {
            (Some(on), Some(revisit)) => format!(
                "Publication deferred on {} until proceedings end; to be revisited on {}.",
                english_date(on),
                english_date(revisit)
            ),
            _ => "Publication is not deferred.".to_owned(),
        },
    );
    v.push(if d.withheld {
        "The case is not on the public register now.".to_owned()
    } else {
        "Nothing holds the case back from the public register.".to_owned()
    });
    v
}

fn render(
    user: &StaffUser,
    case_id: CaseId,
    d: &LearningAndPublication,
    version: i32,
    banner: Option<String>,
    errors: FormErrors,
    posted: Option<(&str, &Posted)>,
) -> AppResult<Response> {
    let status = errors.status();
    let body = html(&LearningPage {
        lang: Page::ENGLISH,
        page_title: format!(
            "Organisational learning and publication – case {}",
            d.case_reference
        ),
        user,
        nav: "cases",
        case_id,
        case_reference: d.case_reference.clone(),
        version,
        forms: forms(posted, &errors),
        errors,
        banner,
        facts: facts(d),
    })?;
    Ok((status, body).into_response())
}

/// `GET /cases/{case_id}/learning-and-publication`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
    Query(query): Query<DoneQuery>,
) -> AppResult<Response> {
    let d = load(&state, &user, case_id).await?;
    user.require(&state.pool, RECORDERS, "learning_and_publication")
        .await?;
    let banner = query.done.as_deref().and_then(|code| match code {
        NO_LEARNING => Some("No organisational learning identified: recorded".to_owned()),
        DEFER => Some("Publication deferred until proceedings end".to_owned()),
        _ => None,
    });
    render(
        &user,
        case_id,
        &d,
        d.version,
        banner,
        FormErrors::default(),
        None,
    )
}

/// `POST /cases/{case_id}/learning-and-publication`
pub async fn record(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let d = load(&state, &user, case_id).await?;
    user.require(&state.pool, RECORDERS, "learning_and_publication")
        .await?;
    let expected = posted.version().ok_or(AppError::Conflict)?;
    let code: &'static str = match posted.get("action") {
        NO_LEARNING => NO_LEARNING,
        DEFER => DEFER,
        _ => return Err(AppError::BadRequest("No such form on this page".to_owned())),
    };
    let mut r = Reader::step(code, &posted, d.today);
    let fact = if code == NO_LEARNING {
        let on = r.date("decided_on", "the date it was decided", true, true);
        if !r.ticked("confirm") {
            r.fail(
                "confirm",
                "Confirm that no organisational learning was identified",
            );
        }
        // Sch 3 para 28A: a recommendation is organisational learning identified.
        if d.recommendations > 0 {
            r.fail(
                "confirm",
                "A recommendation has been made on this case, so organisational learning was identified (Sch 3 para 28A)",
            );
        }
        on.map(|on| CaseFact::NoOrganisationalLearning { on })
    } else {
        let revisit = r.date(
            "revisit_on",
            "the date to revisit the deferral",
            true,
            false,
        );
        if let Some(day) = revisit
            && day <= d.today
        {
            r.fail_date(
                "revisit_on",
                "The date to revisit the deferral must be after today",
            );
        }
        revisit.map(|revisit_on| CaseFact::DeferPublication {
            on: d.today,
            revisit_on,
        })
    };
    let fact = match r.finish(fact) {
        Ok(fact) => fact,
        Err(errors) => {
            return render(
                &user,
                case_id,
                &d,
                expected,
                None,
                errors,
                Some((code, &posted)),
            );
        }
    };
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    match db::record(&state.pool, case_id.0, expected, fact, &acting).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/cases/{case_id}/learning-and-publication?done={code}"
        ))
        .into_response()),
        Err(ApplyError::NotFound) => Err(AppError::NotFound),
        Err(ApplyError::Conflict) => Err(AppError::Conflict),
        Err(ApplyError::Refused(r)) => {
            let mut errors = FormErrors::default();
            errors.add("actions", r.message());
            render(
                &user,
                case_id,
                &d,
                expected,
                None,
                errors,
                Some((code, &posted)),
            )
        }
        Err(ApplyError::Database(e)) => Err(e.into()),
    }
}
