//! The investigation's own page: its terms of reference and investigator, its suspensions,
//! and the progress notices to the local policing body (CMR 2020 reg 13; PCR 2020 reg 19:
//! after 12 months, then every 6 months), whose text is generated here from the case's
//! facts and what the investigator says about progress.
//!
//! Who may change it: whoever runs the investigation. In an independent investigation that
//! is the IOPC (caseworker or investigator); in a directed one the force's investigator works
//! under the IOPC's direction, so both may; a local investigation is the force's alone. Only
//! while the investigation is open (not after the report).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::investigation::{self as db, Current};
use crate::domain::{CaseStage, InvestigationMode, Role};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::ids::parse_id;
use crate::web::shared::render::{Page, html};
use crate::workflow::clocks::{self, Suspension};
use crate::workflow::english_date;

const MAX_TERMS: usize = 8000;
const MAX_NAME: usize = 200;
const MAX_PROGRESS: usize = 4000;
/// A notice may be prepared in the four weeks before it is due.
const NOTICE_LEAD_DAYS: u64 = 28;

#[derive(Debug, Default, Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    terms_of_reference: String,
    #[serde(default)]
    investigator_name: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct NoticeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    progress: String,
    #[serde(default)]
    expected_completion: String,
}

#[derive(askama::Template)]
#[template(path = "cases/investigation.html")]
struct InvestigationPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    inv: Current,
    mode: &'static str,
    started: String,
    report: Option<String>,
    suspensions: Vec<String>,
    notices: Vec<(Uuid, &'static str, String)>,
    next_notice: String,
    notice_open: bool,
    may_change: bool,
    errors: FormErrors,
    details: DetailsForm,
    notice: NoticeForm,
    saved: bool,
}

#[derive(askama::Template)]
#[template(path = "cases/notice.html")]
struct NoticePage {
    lang: &'static str,
    page_title: String,
    case_id: Uuid,
    sent_on: String,
    text: String,
}

/// Whether this user runs (or directs) the investigation.
fn runs(user: &StaffUser, mode: InvestigationMode) -> bool {
    match (mode, user.role) {
        (InvestigationMode::Independent, Role::IopcCaseworker | Role::IopcInvestigator) => true,
        (
            InvestigationMode::Directed,
            Role::IopcCaseworker | Role::IopcInvestigator | Role::ForcePsd,
        ) => true,
        (InvestigationMode::Directed | InvestigationMode::Independent, _) => false,
        (_, role) => role == Role::ForcePsd,
    }
}

fn is_open(inv: &Current) -> bool {
    inv.report_submitted_on.is_none()
        && matches!(
            inv.stage,
            CaseStage::UnderInvestigation | CaseStage::InvestigationSuspended
        )
}

async fn load(state: &AppState, user: &StaffUser, raw: &str) -> AppResult<Current> {
    let case_id = parse_id(raw)?;
    let force = match user.scope() {
        crate::auth::session::CaseScope::All => None,
        crate::auth::session::CaseScope::Force(f) => Some(f),
        _ => return Err(AppError::NotFound),
    };
    db::current(&state.pool, case_id, force)
        .await?
        .ok_or(AppError::NotFound)
}

/// The next progress notice: its kind and due date (including suspensions, which is the
/// later of the two dates the law's wording could mean; both are on the case page).
fn next_notice(inv: &Current, today: NaiveDate) -> (&'static str, NaiveDate) {
    let suspensions: Vec<Suspension> = inv
        .suspensions
        .iter()
        .map(|(from, to)| Suspension {
            from: *from,
            resumed_on: *to,
        })
        .collect();
    let last = inv.notices.last().map(|n| n.2);
    let clock = clocks::investigation_clock(inv.started_on, &suspensions, last, today);
    let kind = if inv.notices.is_empty() {
        "twelve_month"
    } else {
        "six_monthly"
    };
    (kind, clock.next_notice_including_suspension.due)
}

fn kind_label(kind: &str) -> &'static str {
    if kind == "twelve_month" {
        "12-month notice"
    } else {
        "6-monthly notice"
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    user: &StaffUser,
    inv: Current,
    errors: FormErrors,
    details: Option<DetailsForm>,
    notice: NoticeForm,
    saved: bool,
    status: StatusCode,
) -> AppResult<Response> {
    let today = crate::db::today(&state.pool).await?;
    let cal = state.calendar().await?;
    let (_, due) = next_notice(&inv, today);
    let notice_open = is_open(&inv)
        && due
            .checked_sub_days(Days::new(NOTICE_LEAD_DAYS))
            .is_some_and(|d| today >= d);
    let page = InvestigationPage {
        lang: Page::ENGLISH,
        page_title: format!("Investigation: {}", inv.reference),
        user,
        nav: "cases",
        mode: inv.mode.label(),
        started: english_date(inv.started_on),
        report: inv.report_submitted_on.map(english_date),
        suspensions: inv
            .suspensions
            .iter()
            .map(|(from, to)| match to {
                Some(to) => format!("{} to {}", english_date(*from), english_date(*to)),
                None => format!("Since {}", english_date(*from)),
            })
            .collect(),
        notices: inv
            .notices
            .iter()
            .map(|(id, kind, on)| (*id, kind_label(kind), english_date(*on)))
            .collect(),
        next_notice: clocks::Deadline::new(clocks::DeadlineKind::InvestigationProgressNotice, due)
            .describe(today, &cal),
        notice_open,
        may_change: runs(user, inv.mode) && is_open(&inv),
        errors,
        details: details.unwrap_or_else(|| DetailsForm {
            terms_of_reference: inv.terms_of_reference.clone().unwrap_or_default(),
            investigator_name: inv.investigator_name.clone().unwrap_or_default(),
            ..DetailsForm::default()
        }),
        notice,
        saved,
        inv,
    };
    Ok((status, html(&page)?).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct Shown {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /cases/{case_id}/investigation`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
    axum::extract::Query(shown): axum::extract::Query<Shown>,
) -> AppResult<Response> {
    let inv = load(&state, &user, &case_id).await?;
    render(
        &state,
        &user,
        inv,
        FormErrors::default(),
        None,
        NoticeForm::default(),
        shown.saved.is_some(),
        StatusCode::OK,
    )
    .await
}

/// `POST /cases/{case_id}/investigation`: terms of reference and investigator.
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
    Form(form): Form<DetailsForm>,
) -> AppResult<Response> {
    user.check_csrf(&state.pool, &form.csrf_token).await?;
    let inv = load(&state, &user, &case_id).await?;
    if !runs(&user, inv.mode) {
        return user
            .refuse(&state.pool, "changing an investigation run by another body")
            .await;
    }
    let mut errors = FormErrors::default();
    if !is_open(&inv) {
        errors.add(
            "terms_of_reference",
            "The investigation has ended, so its details can no longer be changed",
        );
    }
    let terms = form.terms_of_reference.trim();
    let name = form.investigator_name.trim();
    if terms.is_empty() {
        errors.add("terms_of_reference", "Enter the terms of reference");
    } else if terms.chars().count() > MAX_TERMS {
        errors.add(
            "terms_of_reference",
            format!("The terms of reference must be {MAX_TERMS} characters or fewer"),
        );
    }
    if name.is_empty() {
        errors.add("investigator_name", "Enter the investigator's name");
    } else if name.chars().count() > MAX_NAME {
        errors.add(
            "investigator_name",
            format!("The investigator's name must be {MAX_NAME} characters or fewer"),
        );
    }
    let Ok(expected) = form.version.trim().parse::<i32>() else {
        return Err(AppError::Conflict);
    };
    if !errors.is_empty() {
        return render(
            &state,
            &user,
            inv,
            errors,
            Some(form),
            NoticeForm::default(),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    db::update_details(&state.pool, &inv, expected, terms, name, user.id, user.role).await?;
    Ok(Redirect::to(&format!(
        "/cases/{}/investigation?saved=details",
        inv.case_id
    ))
    .into_response())
}

/// The notice's text: the facts of the case and investigation, and what the investigator
/// says of progress (CMR 2020 reg 13(2): why it has not been completed, and when it is
/// expected to be).
fn notice_text(
    inv: &Current,
    kind: &str,
    today: NaiveDate,
    progress: &str,
    expected: Option<NaiveDate>,
) -> String {
    let months = if kind == "twelve_month" {
        "12 months"
    } else {
        "a further 6 months"
    };
    let recipient = inv
        .lpb_name
        .clone()
        .unwrap_or_else(|| "The local policing body".to_owned());
    let suspended: Vec<String> = inv
        .suspensions
        .iter()
        .map(|(from, to)| match to {
            Some(to) => format!("from {} to {}", english_date(*from), english_date(*to)),
            None => format!("since {}", english_date(*from)),
        })
        .collect();
    let mut text = format!(
        "To: {recipient}\nDate: {}\nCase: {} ({}, {})\n\n\
         Notice under regulation 13 of the Police (Complaints and Misconduct) Regulations 2020.\n\n\
         The {} investigation of this matter started on {} and has not been completed within {months}.\n",
        english_date(today),
        inv.reference,
        inv.kind.label().to_lowercase(),
        inv.force_name,
        inv.mode.label().to_lowercase(),
        english_date(inv.started_on),
    );
    if !suspended.is_empty() {
        text.push_str(&format!(
            "The investigation was suspended {}.\n",
            suspended.join("; ")
        ));
    }
    text.push_str(&format!(
        "\nProgress and the reasons for the time taken:\n{progress}\n"
    ));
    if let Some(d) = expected {
        text.push_str(&format!(
            "\nThe investigation is expected to be completed by {}.\n",
            english_date(d)
        ));
    }
    text
}

/// `POST /cases/{case_id}/investigation/notices`: generate and record a progress notice.
pub async fn send_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(case_id): Path<String>,
    Form(form): Form<NoticeForm>,
) -> AppResult<Response> {
    user.check_csrf(&state.pool, &form.csrf_token).await?;
    let inv = load(&state, &user, &case_id).await?;
    if !runs(&user, inv.mode) {
        return user
            .refuse(
                &state.pool,
                "a progress notice for an investigation run by another body",
            )
            .await;
    }
    let today = crate::db::today(&state.pool).await?;
    let (kind, due) = next_notice(&inv, today);
    let mut errors = FormErrors::default();
    if !is_open(&inv) {
        errors.add(
            "progress",
            "The investigation has ended, so no progress notice is needed",
        );
    } else if due
        .checked_sub_days(Days::new(NOTICE_LEAD_DAYS))
        .is_some_and(|d| today < d)
    {
        errors.add(
            "progress",
            format!(
                "The next notice is not due until {}; it can be sent from four weeks before",
                english_date(due)
            ),
        );
    }
    let progress = form.progress.trim();
    if progress.is_empty() {
        errors.add(
            "progress",
            "Say what progress has been made and why the investigation is taking this long",
        );
    } else if progress.chars().count() > MAX_PROGRESS {
        errors.add(
            "progress",
            format!("The progress must be {MAX_PROGRESS} characters or fewer"),
        );
    }
    let expected = match form.expected_completion.trim() {
        "" => None,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) if d > today => Some(d),
            Ok(_) => {
                errors.add(
                    "expected_completion",
                    "The expected completion date must be in the future",
                );
                None
            }
            Err(_) => {
                errors.add(
                    "expected_completion",
                    "Enter the expected completion date as a real date, for example 2027-03-31",
                );
                None
            }
        },
    };
    let Ok(expected_version) = form.version.trim().parse::<i32>() else {
        return Err(AppError::Conflict);
    };
    if !errors.is_empty() {
        return render(
            &state,
            &user,
            inv,
            errors,
            None,
            form,
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let text = notice_text(&inv, kind, today, progress, expected);
    let id = db::send_notice(
        &state.pool,
        &inv,
        expected_version,
        kind,
        today,
        &text,
        user.id,
        user.role,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/cases/{}/investigation/notices/{id}",
        inv.case_id
    ))
    .into_response())
}

/// `GET /cases/{case_id}/investigation/notices/{notice_id}`: the notice as sent, to print.
pub async fn show_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((case_id, notice_id)): Path<(String, String)>,
) -> AppResult<Response> {
    let inv = load(&state, &user, &case_id).await?;
    let notice_id = parse_id(&notice_id)?;
    let notice = db::notice(&state.pool, inv.case_id, notice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    html(&NoticePage {
        lang: Page::ENGLISH,
        page_title: kind_label(&notice.kind).to_owned(),
        case_id: inv.case_id,
        sent_on: english_date(notice.sent_on),
        text: notice.text,
    })
}
