//! Taking workflow steps through the pages' forms, as staff do: a case action, a subject
//! action, adding a subject, and the GOV.UK date fields and outcome forms those steps post.

use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use uuid::Uuid;

use super::app::TestApp;
use super::builders::{AllegationBuilder, CaseBuilder, RowId, ymd};
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
    // The steps that open an investigation are dated as early as the case allows (the day
    // of its last step), so that the notices and interviews a test then types, dated when
    // they happened, come after the investigation started.
    let opening = [
        "record",
        "refer",
        "decide_investigation",
        "start_local_investigation",
    ];
    if opening.contains(&action) && !extra.iter().any(|(k, _)| k.starts_with("on-")) {
        let previous: NaiveDate = sqlx::query_scalar(
            "select coalesce(last_step_on, logged_on, received_on) from case_record where case_id = $1",
        )
        .bind(case_id)
        .fetch_one(staff.pool())
        .await
        .expect("the case's last step");
        form.extend(date("on", &previous.to_string()));
    }
    let res = post(staff, email, &format!("/cases/{case_id}/actions"), form).await;
    assert_eq!(
        res.status(),
        303,
        "{email} {action}: {}",
        res.text().await.unwrap_or_default()
    );
}

/// Posts a subject step as `email`, with the subject's current version.
///
/// Like a user who answers every question, it fills in what a test leaves out and the form
/// requires: at a severity assessment, honesty and integrity as the standard each allegation
/// concerns; at a determination of no case to answer, that no individual learning was
/// identified; when proceedings are brought, the conductor that fits their form; at their
/// outcome, each recorded standard as breached when its allegation's finding is proven. A test
/// that posts any of those fields itself is left as it is.
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
    let extra = answered(staff.pool(), case_subject_id, action, extra).await;
    // A step without its own date is dated as early as the subject allows (its last step, or
    // the start of the investigation), as `case_step` dates the steps that open one, so that
    // the dates a test types for later steps come after it.
    let dated_by_itself = ["serve_notice", "interview", "record_proceedings_outcome"];
    if !dated_by_itself.contains(&action) && !extra.iter().any(|(k, _)| k.starts_with("on-")) {
        let previous: Option<NaiveDate> = sqlx::query_scalar(
            "select greatest(cs.last_step_on,
                             (select max(i.started_on) from investigation i where i.case_id = cs.case_id))
               from case_subject cs where cs.case_subject_id = $1",
        )
        .bind(case_subject_id)
        .fetch_one(staff.pool())
        .await
        .expect("the subject's last step");
        if let Some(previous) = previous {
            form.extend(date("on", &previous.to_string()));
        }
    }
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

/// The standards recorded for each allegation against a subject.
pub async fn recorded_standards(pool: &PgPool, case_subject_id: Uuid) -> Vec<(Uuid, Vec<String>)> {
    sqlx::query_as(
        "select allegation_id, standards::text[] from allegation_subject where case_subject_id = $1",
    )
    .bind(case_subject_id)
    .fetch_all(pool)
    .await
    .expect("standards")
}

/// See [`subject_step`].
async fn answered(
    pool: &PgPool,
    case_subject_id: Uuid,
    action: &str,
    mut form: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let has =
        |form: &[(String, String)], prefix: &str| form.iter().any(|(k, _)| k.starts_with(prefix));
    let value = |form: &[(String, String)], key: &str| {
        form.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    match action {
        "assess_severity"
            if !has(&form, "standards-") && value(&form, "severity") != "no_misconduct" =>
        {
            for (a, _) in recorded_standards(pool, case_subject_id).await {
                form.push((format!("standards-{a}"), "honesty_and_integrity".to_owned()));
            }
        }
        "determine"
            if value(&form, "determination") == "no_case_to_answer"
                && !has(&form, "individual_learning") =>
        {
            form.push((
                "individual_learning".to_owned(),
                "none_identified".to_owned(),
            ));
        }
        "bring_proceedings" if !has(&form, "conducted_by") => {
            let conductor = match value(&form, "form").as_str() {
                "misconduct_meeting" => "force_meeting",
                "accelerated_hearing" => "chief_officer",
                _ => "legally_qualified_chair",
            };
            form.push(("conducted_by".to_owned(), conductor.to_owned()));
        }
        "record_proceedings_outcome" if !has(&form, "standard-") => {
            for (a, standards) in recorded_standards(pool, case_subject_id).await {
                let proven = value(&form, &format!("finding-{a}")).ends_with("_proven")
                    && value(&form, &format!("finding-{a}")) != "not_proven";
                for st in standards {
                    let verdict = if proven { "proven" } else { "not_proven" };
                    form.push((format!("standard-{a}-{st}"), verdict.to_owned()));
                }
            }
        }
        _ => {}
    }
    form
}

/// A Metropolitan Police conduct matter, logged, with these allegations.
pub async fn logged_conduct_matter(pool: &PgPool, allegations: &[&str]) -> (Uuid, Vec<Uuid>) {
    let case = allegations
        .iter()
        .fold(
            // Received in December 2022, as in S1, so that the dates typed later follow it.
            CaseBuilder::conduct_matter()
                .received(ymd("2022-12-05"))
                .summary("Two officers passed incorrect information to the control room"),
            |case, description| {
                case.allegation(AllegationBuilder::new(
                    "discriminatory-behaviour",
                    description,
                ))
            },
        )
        .insert_all(pool)
        .await;
    (
        case.id.0,
        case.allegations.into_iter().map(Uuid::from).collect(),
    )
}

/// A case under investigation in `mode` ("independent", "directed" or "local"), reached
/// through the case page as the force and the IOPC take those steps.
pub async fn investigation(staff: &Staff, mode: &str, allegations: &[&str]) -> (Uuid, Vec<Uuid>) {
    let (case_id, ids) = logged_conduct_matter(staff.pool(), allegations).await;
    let grounds = if mode == "local" {
        "none"
    } else {
        "serious_assault"
    };
    case_step(
        staff,
        "psd@met.example",
        case_id,
        "record",
        &[("grounds", grounds)],
    )
    .await;
    if mode == "local" {
        case_step(
            staff,
            "psd@met.example",
            case_id,
            "start_local_investigation",
            &[],
        )
        .await;
    } else {
        case_step(
            staff,
            "psd@met.example",
            case_id,
            "refer",
            &[("grounds", "serious_assault")],
        )
        .await;
        case_step(
            staff,
            "caseworker@iopc.example",
            case_id,
            "decide_investigation",
            &[("mode", mode), ("reason", "Serious assault alleged")],
        )
        .await;
    }
    (case_id, ids)
}

/// `who` serves the subject notice of the investigation on 9 February 2025 and interviews them
/// on 10 May 2025, for misconduct and under criminal caution.
pub async fn notice_and_interview(staff: &Staff, who: &str, case_id: Uuid, cs: Uuid) {
    step_ok(
        staff,
        who,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2025-02-09"),
    )
    .await;
    let mut interview = date("interviewed_on", "2025-05-10");
    interview.extend(fields(&[(
        "interview_kind",
        "misconduct_and_criminal_caution",
    )]));
    step_ok(staff, who, case_id, cs, "interview", interview).await;
}
