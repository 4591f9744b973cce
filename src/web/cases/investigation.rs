//! The investigation's own page: its terms of reference and investigator, its suspensions,
//! and the progress notices to the local policing body (CMR 2020 reg 13; PCR 2020 reg 19:
//! after 12 months, then every 6 months), whose text is generated here from the case's
//! facts and what the investigator says about progress.
//!
//! Who may change it: whoever runs the investigation, as `workflow::mode::runs` says (the
//! body that conducts it, and the IOPC where it controls it). Only while the investigation is
//! open (not after the report). Who may see it: anyone who may see the case.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::investigation::{self as db, Current};
use crate::domain::CaseStage;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{DATE_HINT, DateField, Field, Posted, Reader, TextField};
use crate::web::shared::ids::{CaseId, Ids, NoticeId};
use crate::web::shared::render::{Page, html};
use crate::workflow::clocks::{self, Suspension};
use crate::workflow::dating;
use crate::workflow::{english_date, mode};

const MAX_TERMS: usize = 8000;
const MAX_NAME: usize = 200;
const MAX_PROGRESS: usize = 4000;
/// A notice may be prepared in the four weeks before it is due.
const NOTICE_LEAD_DAYS: u64 = 28;
/// The progress notice's "When was it sent?".
const SENT_ON: &str = "sent_on";

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
    details: Vec<Field>,
    notice: Vec<Field>,
    saved: bool,
}

#[derive(askama::Template)]
#[template(path = "cases/notice.html")]
struct NoticePage {
    /// The page around the notice is a staff page, in English.
    lang: &'static str,
    /// The notice's own language.
    notice_lang: &'static str,
    page_title: String,
    /// "12-month notice, sent 3 March 2026", in the notice's language.
    heading: String,
    case_id: Uuid,
    /// The notice as sent in that language; `None` for a notice sent before Welsh notices
    /// were made, asked for in Welsh.
    text: Option<String>,
    /// The other language's code and name, to print the notice in that language.
    other_lang: (&'static str, &'static str),
}

#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    lang: Option<String>,
}

/// Whether this user runs (or directs) the investigation.
fn runs(user: &StaffUser, inv: &Current) -> bool {
    mode::runs(inv.mode, user.role)
}

fn is_open(inv: &Current) -> bool {
    inv.report_submitted_on.is_none()
        && matches!(
            inv.stage,
            CaseStage::UnderInvestigation | CaseStage::InvestigationSuspended
        )
}

/// The case's current investigation, when the user may see the case (the case scope, as
/// on every case page).
async fn load(state: &AppState, user: &StaffUser, case_id: CaseId) -> AppResult<Current> {
    if !crate::db::case_page::in_scope(&state.pool, case_id.0, user.scope()).await? {
        return Err(AppError::NotFound);
    }
    db::current(&state.pool, case_id.0, None)
        .await?
        .ok_or(AppError::NotFound)
}

fn details_fields(posted: &Posted, errors: &FormErrors) -> Vec<Field> {
    vec![
        Field::Text(TextField {
            label_class: "govuk-label--s",
            ..TextField::input(
                "investigator_name",
                "Investigator's name",
                posted.get("investigator_name"),
                errors,
            )
            .width("govuk-!-width-two-thirds")
        }),
        Field::Text(TextField {
            label_class: "govuk-label--s",
            ..TextField::textarea(
                "terms_of_reference",
                "Terms of reference",
                posted.get("terms_of_reference"),
                errors,
                6,
            )
            .max(MAX_TERMS)
        }),
    ]
}

fn notice_fields(posted: &Posted, errors: &FormErrors, today: NaiveDate) -> Vec<Field> {
    let defaulted;
    let posted = if posted.date(SENT_ON).is_blank() {
        let mut p = posted.clone();
        p.set_date(SENT_ON, today);
        defaulted = p;
        &defaulted
    } else {
        posted
    };
    vec![
        Field::Date(DateField::new(
            SENT_ON,
            "When was it sent?",
            &format!("Today, unless it was sent earlier. {DATE_HINT}"),
            &posted.date(SENT_ON),
            errors,
        )),
        Field::Text(TextField {
            label_class: "govuk-label--s",
            ..TextField::textarea(
                "progress",
                "Progress, and why the investigation is taking this long",
                posted.get("progress"),
                errors,
                6,
            )
            .max(MAX_PROGRESS)
        }),
        Field::Date(DateField::new(
            "expected_completion",
            "Expected completion date (optional)",
            DATE_HINT,
            &posted.date("expected_completion"),
            errors,
        )),
    ]
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
    details: Option<&Posted>,
    notice: &Posted,
    saved: bool,
    status: StatusCode,
) -> AppResult<Response> {
    let current_details;
    let details = match details {
        Some(posted) => posted,
        None => {
            let mut p = Posted::default();
            p.set(
                "terms_of_reference",
                inv.terms_of_reference.clone().unwrap_or_default(),
            );
            p.set(
                "investigator_name",
                inv.investigator_name.clone().unwrap_or_default(),
            );
            current_details = p;
            &current_details
        }
    };
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
        may_change: runs(user, &inv) && is_open(&inv),
        details: details_fields(details, &errors),
        notice: notice_fields(notice, &errors, today),
        errors,
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
    Ids(case_id): Ids<CaseId>,
    Query(shown): Query<Shown>,
) -> AppResult<Response> {
    let inv = load(&state, &user, case_id).await?;
    render(
        &state,
        &user,
        inv,
        FormErrors::default(),
        None,
        &Posted::default(),
        shown.saved.is_some(),
        StatusCode::OK,
    )
    .await
}

/// `POST /cases/{case_id}/investigation`: terms of reference and investigator.
pub async fn update(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let inv = load(&state, &user, case_id).await?;
    if !runs(&user, &inv) {
        return user
            .refuse(&state.pool, "changing an investigation run by another body")
            .await;
    }
    let mut r = Reader::form(&posted, inv.started_on);
    if !is_open(&inv) {
        r.fail(
            "terms_of_reference",
            "The investigation has ended, so its details can no longer be changed",
        );
    }
    let terms = r.required_text("terms_of_reference", "the terms of reference", MAX_TERMS);
    let name = r.required_text("investigator_name", "the investigator's name", MAX_NAME);
    let expected = posted.version().ok_or(AppError::Conflict)?;
    let (Some(terms), Some(name), true) = (terms, name, r.is_ok()) else {
        return render(
            &state,
            &user,
            inv,
            r.into_errors(),
            Some(&posted),
            &Posted::default(),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    db::update_details(
        &state.pool,
        &inv,
        expected,
        &terms,
        &name,
        user.id,
        user.role,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/cases/{}/investigation?saved=details",
        inv.case_id
    ))
    .into_response())
}

/// The notice's text in `tr`'s language: the facts of the case and investigation, and what
/// the investigator says of progress (CMR 2020 reg 13(2): why it has not been completed, and
/// when it is expected to be), kept in the words they wrote.
fn notice_text(
    inv: &Current,
    kind: &str,
    today: NaiveDate,
    progress: &str,
    expected: Option<NaiveDate>,
    tr: Tr,
) -> String {
    let kind = if kind == "twelve_month" {
        "twelve_month"
    } else {
        "six_monthly"
    };
    let recipient = inv
        .lpb_name
        .clone()
        .unwrap_or_else(|| tr.t("notice-lpb-fallback").to_owned());
    let suspended: Vec<String> = inv
        .suspensions
        .iter()
        .map(|(from, to)| match to {
            Some(to) => tr.f(
                "notice-suspended-between",
                &[("from", &tr.date(*from)), ("to", &tr.date(*to))],
            ),
            None => tr.f("notice-suspended-since", &[("from", &tr.date(*from))]),
        })
        .collect();
    // CMR 2020 reg 13 (as domain.md section 3 reads it): the local policing body, and the
    // IOPC for a local investigation or the appropriate authority for one the IOPC directs or
    // carries out.
    let copy = if inv.mode == crate::domain::InvestigationMode::Local {
        tr.t("notice-copy-iopc").to_owned()
    } else {
        tr.f("notice-copy-chief-officer", &[("force", &inv.force_name)])
    };
    let mut text = format!(
        "{}\n{copy}\n{}\n{}\n\n{}\n\n{}\n",
        tr.f("notice-to", &[("recipient", &recipient)]),
        tr.f("notice-date", &[("date", &tr.date(today))]),
        tr.f(
            "notice-case",
            &[
                ("reference", &inv.reference),
                ("kind", tr.t(&format!("notice-kind-{}", inv.kind.as_str()))),
                ("force", &inv.force_name),
            ]
        ),
        tr.t("notice-regulation"),
        tr.f(
            &format!("notice-not-completed-{kind}"),
            &[
                ("mode", tr.t(&format!("notice-mode-{}", inv.mode.as_str()))),
                ("date", &tr.date(inv.started_on)),
            ]
        ),
    );
    if !suspended.is_empty() {
        text.push_str(&tr.f("notice-suspended", &[("periods", &suspended.join("; "))]));
        text.push('\n');
    }
    text.push_str(&format!("\n{}\n{progress}\n", tr.t("notice-progress")));
    if let Some(d) = expected {
        text.push_str(&format!(
            "\n{}\n",
            tr.f("notice-expected", &[("date", &tr.date(d))])
        ));
    }
    text
}

/// `POST /cases/{case_id}/investigation/notices`: generate and record a progress notice.
pub async fn send_notice(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let inv = load(&state, &user, case_id).await?;
    if !runs(&user, &inv) {
        return user
            .refuse(
                &state.pool,
                "a progress notice for an investigation run by another body",
            )
            .await;
    }
    let today = crate::db::today(&state.pool).await?;
    let mut r = Reader::form(&posted, today);
    // Dated when it was sent (workflow::dating): not before the investigation started.
    let sent_on = r
        .date_happened(SENT_ON, "the date it was sent")
        .unwrap_or(today);
    if sent_on < inv.started_on {
        r.fail_date(
            SENT_ON,
            format!(
                "A progress notice cannot be sent before the investigation started, on {}",
                english_date(inv.started_on)
            ),
        );
    }
    let (kind, due) = next_notice(&inv, sent_on);
    if !is_open(&inv) {
        r.fail(
            "progress",
            "The investigation has ended, so no progress notice is needed",
        );
    } else if due
        .checked_sub_days(Days::new(NOTICE_LEAD_DAYS))
        .is_some_and(|d| sent_on < d)
    {
        r.fail(
            "progress",
            format!(
                "The next notice is not due until {}; it can be sent from four weeks before",
                english_date(due)
            ),
        );
    }
    let progress = r.text("progress", "the progress", MAX_PROGRESS);
    if progress.is_none() && r.raw("progress").is_empty() {
        r.fail(
            "progress",
            "Say what progress has been made and why the investigation is taking this long",
        );
    }
    let expected = r.date(
        "expected_completion",
        "the expected completion date",
        false,
        false,
    );
    if expected.is_some_and(|d| d <= sent_on) {
        r.fail_date(
            "expected_completion",
            "The expected completion date must be in the future",
        );
    }
    let expected_version = posted.version().ok_or(AppError::Conflict)?;
    let (Some(progress), true) = (progress, r.is_ok()) else {
        return render(
            &state,
            &user,
            inv,
            r.into_errors(),
            None,
            &posted,
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    // Written in English and in Welsh, so that either can be printed.
    let text = notice_text(
        &inv,
        kind,
        sent_on,
        &progress,
        expected,
        Tr::new(Lang::English, false),
    );
    let text_cy = notice_text(
        &inv,
        kind,
        sent_on,
        &progress,
        expected,
        Tr::new(Lang::Welsh, false),
    );
    // CMR 2020 reg 13: a notice sent after its due date is recorded, and marked late.
    let late = dating::lateness(
        &clocks::Deadline::new(clocks::DeadlineKind::InvestigationProgressNotice, due),
        sent_on,
        &*state.calendar().await?,
    );
    let id = db::send_notice(
        &state.pool,
        &inv,
        expected_version,
        kind,
        (sent_on, late),
        (&text, &text_cy),
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

/// `GET /cases/{case_id}/investigation/notices/{notice_id}`: the notice as sent, to print, in
/// English or, with `?lang=cy`, in Welsh.
pub async fn show_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids((case_id, NoticeId(notice_id))): Ids<(CaseId, NoticeId)>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let inv = load(&state, &user, case_id).await?;
    let notice = db::notice(&state.pool, inv.case_id, notice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default();
    let tr = Tr::new(lang, false);
    let kind = if notice.kind == "twelve_month" {
        "twelve_month"
    } else {
        "six_monthly"
    };
    let title = tr.t(&format!("notice-title-{kind}"));
    html(&NoticePage {
        lang: Page::ENGLISH,
        notice_lang: lang.code(),
        page_title: kind_label(&notice.kind).to_owned(),
        heading: tr.f(
            "notice-sent",
            &[("title", title), ("date", &tr.date(notice.sent_on))],
        ),
        case_id: inv.case_id,
        text: match lang {
            Lang::English => Some(notice.text),
            Lang::Welsh => notice.text_cy,
        },
        other_lang: (lang.other().code(), lang.other().own_name()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn investigation() -> Current {
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).expect("date");
        Current {
            investigation_id: Uuid::nil(),
            case_id: Uuid::nil(),
            reference: "2025/000123".to_owned(),
            kind: crate::domain::CaseKind::Complaint,
            stage: CaseStage::UnderInvestigation,
            version: 1,
            force_name: "Dyfed-Powys Police".to_owned(),
            lpb_name: None,
            mode: crate::domain::InvestigationMode::Independent,
            terms_of_reference: None,
            investigator_name: None,
            started_on: day(1, 6),
            report_submitted_on: None,
            suspensions: vec![(day(3, 3), Some(day(4, 1)))],
            notices: Vec::new(),
        }
    }

    /// CMR 2020 reg 13: the notice says the same in English and in Welsh; the progress is
    /// kept in the investigator's words.
    #[test]
    fn cmr_2020_reg_13_the_progress_notice_is_written_in_english_and_welsh() {
        let inv = investigation();
        let today = NaiveDate::from_ymd_opt(2026, 1, 12).expect("date");
        let expected = NaiveDate::from_ymd_opt(2026, 6, 30);
        let en = notice_text(
            &inv,
            "twelve_month",
            today,
            "Awaiting the post-mortem report",
            expected,
            Tr::new(Lang::English, false),
        );
        assert!(
            en.starts_with(
                "To: The local policing body\nCopy to: the chief officer of Dyfed-Powys Police\nDate: 12 January 2026\n"
            ),
            "{en}"
        );
        assert!(en.contains(
            "Notice under regulation 13 of the Police (Complaints and Misconduct) Regulations 2020."
        ));
        assert!(en.contains("The independent investigation of this matter started on 6 January 2025 and has not been completed within 12 months."));
        assert!(en.contains("The investigation was suspended from 3 March 2025 to 1 April 2025."));
        assert!(en.contains("expected to be completed by 30 June 2026"));
        let cy = notice_text(
            &inv,
            "twelve_month",
            today,
            "Awaiting the post-mortem report",
            expected,
            Tr::new(Lang::Welsh, false),
        );
        assert!(
            cy.starts_with(
                "At: Y corff plismona lleol\nCopi at: prif swyddog Dyfed-Powys Police\nDyddiad: 12 Ionawr 2026\n"
            ),
            "{cy}"
        );
        let local = Current {
            mode: crate::domain::InvestigationMode::Local,
            ..inv.clone()
        };
        let copy = notice_text(
            &local,
            "twelve_month",
            today,
            "-",
            None,
            Tr::new(Lang::Welsh, false),
        );
        assert!(
            copy.contains("Copi at: Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC)"),
            "{copy}"
        );
        assert!(cy.contains("Achos: 2025/000123 (cwyn, Dyfed-Powys Police)"));
        assert!(cy.contains(
            "Hysbysiad o dan reoliad 13 o Reoliadau'r Heddlu (Cwynion a Chamymddwyn) 2020."
        ));
        assert!(cy.contains("Dechreuodd yr ymchwiliad annibynnol i'r mater hwn ar 6 Ionawr 2025 ac nid yw wedi'i gwblhau o fewn 12 mis."));
        assert!(cy.contains("o 3 Mawrth 2025 tan 1 Ebrill 2025"));
        assert!(cy.contains("Awaiting the post-mortem report"));
        assert!(cy.contains("erbyn 30 Mehefin 2026"));
        let six = notice_text(
            &inv,
            "six_monthly",
            today,
            "More",
            None,
            Tr::new(Lang::Welsh, false),
        );
        assert!(six.contains("o fewn 6 mis arall"), "{six}");
    }

    #[test]
    fn every_word_of_the_notice_exists_in_english_and_welsh() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang, false);
            let mut keys: Vec<String> = [
                "notice-title-twelve_month",
                "notice-title-six_monthly",
                "notice-sent",
                "notice-to",
                "notice-copy-iopc",
                "notice-copy-chief-officer",
                "notice-date",
                "notice-case",
                "notice-regulation",
                "notice-not-completed-twelve_month",
                "notice-not-completed-six_monthly",
                "notice-suspended",
                "notice-suspended-between",
                "notice-suspended-since",
                "notice-progress",
                "notice-expected",
                "notice-lpb-fallback",
            ]
            .iter()
            .map(|k| (*k).to_owned())
            .collect();
            keys.extend(
                crate::domain::CaseKind::ALL
                    .iter()
                    .map(|k| format!("notice-kind-{}", k.as_str())),
            );
            keys.extend(
                crate::domain::InvestigationMode::ALL
                    .iter()
                    .map(|m| format!("notice-mode-{}", m.as_str())),
            );
            for key in keys {
                assert!(tr.has(&key), "{key} in {}", lang.code());
            }
        }
    }
}
