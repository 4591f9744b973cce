//! Taking workflow steps through the pages' forms, as staff do: a case action, a subject
//! action, adding a subject, and the GOV.UK date fields and outcome forms those steps post.

use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use uuid::Uuid;

use super::app::TestApp;
use super::builders::RowId;
use super::html::Html;
use super::staff::Staff;

/// The recording checklist's answer when none of the mandatory-referral grounds applies
/// (CMR 2020 regs 4, 7): recording a complaint or a conduct matter asks it.
pub const NO_GROUNDS: (&str, &str) = ("grounds", "none");

/// Posts a case action form with this user's CSRF token.
pub async fn post_action(
    app: &TestApp,
    email: &str,
    case_id: impl RowId,
    version: i32,
    action: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let case_id: Uuid = case_id.uuid();
    let version = version.to_string();
    let mut form = vec![("version", version.as_str()), ("action", action)];
    form.extend_from_slice(extra);
    app.post_form_as(email, &format!("/cases/{case_id}/actions"), &form)
        .await
}

/// A case's stage (as the database spells it) and version.
pub async fn stage_and_version(pool: &PgPool, case_id: impl RowId) -> (String, i32) {
    sqlx::query_as("select stage::text, version from case_record where case_id = $1")
        .bind(case_id.uuid())
        .fetch_one(pool)
        .await
        .expect("case")
}

/// A case's version.
pub async fn case_version(pool: &PgPool, case_id: impl RowId) -> i32 {
    stage_and_version(pool, case_id).await.1
}

/// A subject's stage (as the database spells it) and version.
pub async fn subject_state(pool: &PgPool, case_subject_id: impl RowId) -> (String, i32) {
    sqlx::query_as("select stage::text, version from case_subject where case_subject_id = $1")
        .bind(case_subject_id.uuid())
        .fetch_one(pool)
        .await
        .expect("subject")
}

/// The GOV.UK date input fields of `name` for an ISO date.
pub fn date(name: &str, iso: &str) -> Vec<(String, String)> {
    let d = NaiveDate::parse_from_str(iso, "%Y-%m-%d").expect("iso date");
    vec![
        (format!("{name}-day"), d.day().to_string()),
        (format!("{name}-month"), d.month().to_string()),
        (format!("{name}-year"), d.year().to_string()),
    ]
}

/// Form fields as owned pairs.
pub fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Posts a form as `email`, from that member of staff's browser.
pub async fn post(
    staff: &Staff,
    email: &str,
    path: &str,
    form: Vec<(String, String)>,
) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    staff
        .browser(email)
        .post_form_as(email, path, &borrowed)
        .await
}

/// Takes a case step as `email`, with the case's current version; it must succeed.
pub async fn case_step(
    staff: &Staff,
    email: &str,
    case_id: impl RowId,
    action: &str,
    extra: &[(&str, &str)],
) {
    let case_id: Uuid = case_id.uuid();
    let version = case_version(staff.pool(), case_id).await.to_string();
    let mut form = fields(&[("version", &version), ("action", action)]);
    form.extend(fields(extra));
    let res = post(staff, email, &format!("/cases/{case_id}/actions"), form).await;
    assert_eq!(
        res.status(),
        303,
        "{email} {action}: {}",
        res.text().await.unwrap_or_default()
    );
}

/// Posts a subject step as `email`, with the subject's current version.
pub async fn subject_step(
    staff: &Staff,
    email: &str,
    case_id: impl RowId,
    case_subject_id: impl RowId,
    action: &str,
    extra: Vec<(String, String)>,
) -> reqwest::Response {
    let case_id: Uuid = case_id.uuid();
    let case_subject_id: Uuid = case_subject_id.uuid();
    let (_, version) = subject_state(staff.pool(), case_subject_id).await;
    let mut form = fields(&[("version", &version.to_string()), ("action", action)]);
    form.extend(extra);
    post(
        staff,
        email,
        &format!("/cases/{case_id}/subjects/{case_subject_id}/actions"),
        form,
    )
    .await
}

/// A subject step that must succeed.
pub async fn step_ok(
    staff: &Staff,
    email: &str,
    case_id: impl RowId,
    case_subject_id: impl RowId,
    action: &str,
    extra: Vec<(String, String)>,
) {
    let res = subject_step(staff, email, case_id, case_subject_id, action, extra).await;
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    assert_eq!(status, 303, "{email} {action}: {}", error_text(&body));
}

/// The errors a page shows (its error summary and field errors), for failure messages.
pub fn error_text(body: &str) -> String {
    let page = Html::parse(body);
    let mut errors = page.error_summary();
    errors.extend(page.field_errors());
    if errors.is_empty() {
        "no error summary".to_owned()
    } else {
        errors.join("\n")
    }
}

/// Adds a subject through the form; returns their case subject id.
pub async fn add_subject(
    staff: &Staff,
    email: &str,
    case_id: impl RowId,
    name: &str,
    kind: &str,
    allegations: &[Uuid],
) -> Uuid {
    let case_id: Uuid = case_id.uuid();
    let mut form = fields(&[
        ("name", name),
        ("kind", kind),
        ("rank", "PC"),
        ("collar_number", "1234"),
    ]);
    for a in allegations {
        form.push(("allegation".to_owned(), a.to_string()));
    }
    let res = post(
        staff,
        email,
        &format!("/cases/{case_id}/subjects/new"),
        form,
    )
    .await;
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(
        status,
        303,
        "{}",
        error_text(&res.text().await.unwrap_or_default())
    );
    let location = location.expect("location");
    let id = location
        .split("/subjects/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .expect("subject id in the location");
    Uuid::parse_str(id).expect("uuid")
}

/// The outcome form of misconduct proceedings held on 14 July and concluded on 18 July 2025.
pub fn outcome_form(
    allegations: &[Uuid],
    finding: &str,
    outcome: &str,
    barred: bool,
) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for a in allegations {
        form.push((format!("finding-{a}"), finding.to_owned()));
    }
    form.push(("finding".to_owned(), finding.to_owned()));
    form.push((format!("outcome-{finding}"), outcome.to_owned()));
    if barred {
        form.push(("barred_list".to_owned(), "yes".to_owned()));
    }
    form.extend(date("held_on", "2025-07-14"));
    form.extend(date("concluded_on", "2025-07-18"));
    form
}
