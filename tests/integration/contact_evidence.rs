//! The contact log and the evidence log, through their forms as a browser uses them: the
//! update clock restarting, what the case page and the timeline show, validation, who may
//! add entries, another force's case, and a form drawn before someone else changed the case.

use chrono::{Datelike, Days, NaiveDate};
use reqwest::StatusCode;
use sqlx::PgPool;
use uuid::Uuid;

use oversight::workflow::english_date;

use oversight::domain::vocab::CaseStage;

use crate::support::{CaseBuilder, ComplainantBuilder, Html, TestApp};

const MET_PSD: &str = "psd@met.example";
const S1: &str = "5ce00001-0001-4000-8000-000000000001";

async fn today(pool: &PgPool) -> NaiveDate {
    sqlx::query_scalar("select (now() at time zone 'Europe/London')::date")
        .fetch_one(pool)
        .await
        .expect("today")
}

fn days_ago(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(n)).expect("date")
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).expect("date")
}

/// A complaint of `force` recorded under Schedule 3 on `recorded_on` (received the same day),
/// with a complainant who prefers email. Returns the case and the complainant.
async fn recorded_complaint(
    pool: &PgPool,
    force: &str,
    reference: &str,
    recorded_on: NaiveDate,
) -> (Uuid, Uuid) {
    let case = CaseBuilder::complaint()
        .force(force)
        .force_reference(reference)
        .at(CaseStage::Recorded)
        .received(recorded_on)
        .recorded(recorded_on)
        .summary("A complaint about how a report of burglary was handled")
        .complainant(ComplainantBuilder::named("Pat Complainant").by_email("pat@example.com"))
        .insert_all(pool)
        .await;
    (case.id.0, case.complainants[0].0.0)
}

async fn version(pool: &PgPool, case_id: Uuid) -> i32 {
    sqlx::query_scalar("select version from case_record where case_id = $1")
        .bind(case_id)
        .fetch_one(pool)
        .await
        .expect("version")
}

async fn count(pool: &PgPool, sql: &str, case_id: Uuid) -> i64 {
    sqlx::query_scalar(sql)
        .bind(case_id)
        .fetch_one(pool)
        .await
        .expect("count")
}

fn date_fields(id: &str, d: NaiveDate) -> Vec<(String, String)> {
    vec![
        (format!("{id}-day"), d.day().to_string()),
        (format!("{id}-month"), d.month().to_string()),
        (format!("{id}-year"), d.year().to_string()),
    ]
}

/// Posts the contact form of a case as `email`, drawn at the case's current version.
async fn log_contact(
    app: &TestApp,
    email: &str,
    case_id: Uuid,
    person: Option<Uuid>,
    on: NaiveDate,
    method: &str,
    summary: &str,
) -> reqwest::Response {
    let v = version(&app.db.pool, case_id).await.to_string();
    let person = person.map(|p| p.to_string()).unwrap_or_default();
    let mut form: Vec<(String, String)> = vec![
        ("version".into(), v),
        ("person".into(), person),
        ("method".into(), method.into()),
        ("summary".into(), summary.into()),
    ];
    form.extend(date_fields("contacted-on", on));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form_as(email, &format!("/cases/{case_id}/contacts"), &fields)
        .await
}

async fn log_evidence(
    app: &TestApp,
    email: &str,
    case_id: Uuid,
    description: &str,
    source: &str,
    on: NaiveDate,
) -> reqwest::Response {
    let v = version(&app.db.pool, case_id).await.to_string();
    let mut form: Vec<(String, String)> = vec![
        ("version".into(), v),
        ("description".into(), description.into()),
        ("source".into(), source.into()),
    ];
    form.extend(date_fields("received-on", on));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form_as(email, &format!("/cases/{case_id}/evidence"), &fields)
        .await
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.expect("body")
}

/// The case page's deadlines table.
fn deadlines(page: &str) -> &str {
    let start = page.find(r#"id="deadlines""#).expect("a deadlines section");
    let rest = &page[start..];
    let end = rest.find("</table>").unwrap_or(rest.len());
    &rest[..end]
}

/// The "Complainant updates due" section of My work.
fn updates_section(page: &str) -> &str {
    let start = page.find(r#"id="updates""#).expect("an updates section");
    let rest = &page[start..];
    let end = rest.find("</table>").unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn an_update_to_the_complainant_restarts_the_four_week_clock() {
    // CMR 2020 reg 34(2)(a): an update every 4 weeks, counted from the latest one.
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let recorded = days_ago(today, 40);
    let (case_id, person) =
        recorded_complaint(&app.db.pool, "met", "MET-UPDATE-CLOCK", recorded).await;
    app.sign_in(MET_PSD).await;

    let first_due = english_date(plus_days(recorded, 28));
    let case_page = page(&app, &format!("/cases/{case_id}")).await;
    assert!(deadlines(&case_page).contains("Update the complainant"));
    assert!(
        deadlines(&case_page).contains(&first_due),
        "due 4 weeks after recording"
    );
    assert!(deadlines(&case_page).contains("Overdue"));
    let work = page(&app, "/my-work").await;
    assert!(updates_section(&work).contains("MET-UPDATE-CLOCK"));
    assert!(updates_section(&work).contains(&first_due));

    // Contacted 25 days ago: the next update is due in 3 days, so My work still lists it
    // (it lists the updates overdue or due within a week).
    let contacted = days_ago(today, 25);
    let res = log_contact(
        &app,
        MET_PSD,
        case_id,
        Some(person),
        contacted,
        "telephone",
        "Told them the investigation is under way.",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let next_due = english_date(plus_days(contacted, 28));
    let case_page = page(&app, &format!("/cases/{case_id}")).await;
    let table = deadlines(&case_page);
    assert!(
        table.contains(&next_due),
        "due 4 weeks after the contact: {table}"
    );
    assert!(!table.contains(&first_due), "the old due date is gone");
    assert!(!table.contains("Overdue"), "no longer overdue");
    let work = page(&app, "/my-work").await;
    let section = updates_section(&work);
    assert!(
        section.contains(&next_due),
        "My work counts from the contact too"
    );
    assert!(!section.contains(&first_due));
}

#[tokio::test]
async fn an_older_contact_logged_late_does_not_move_the_clock_back() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let (case_id, person) =
        recorded_complaint(&app.db.pool, "met", "MET-LATE-ENTRY", days_ago(today, 60)).await;
    app.sign_in(MET_PSD).await;
    // The recent contact's update is due in 6 days (listed in My work); the older one's
    // would have been overdue.
    let recent = days_ago(today, 22);
    let older = days_ago(today, 30);
    for on in [recent, older] {
        let res = log_contact(
            &app,
            MET_PSD,
            case_id,
            Some(person),
            on,
            "email",
            "An update",
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let case_page = page(&app, &format!("/cases/{case_id}")).await;
    assert!(deadlines(&case_page).contains(&english_date(plus_days(recent, 28))));
    let work = page(&app, "/my-work").await;
    assert!(updates_section(&work).contains(&english_date(plus_days(recent, 28))));
    assert!(!updates_section(&work).contains(&english_date(plus_days(older, 28))));
}

#[tokio::test]
async fn a_contact_is_shown_in_the_contact_log_and_the_timeline_in_plain_english() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let (case_id, person) =
        recorded_complaint(&app.db.pool, "met", "MET-CONTACT-LOG", days_ago(today, 10)).await;
    app.sign_in(MET_PSD).await;

    let case_page = page(&app, &format!("/cases/{case_id}")).await;
    assert!(case_page.contains(&format!(r#"href="/cases/{case_id}/contacts/new""#)));
    let form = page(&app, &format!("/cases/{case_id}/contacts/new")).await;
    assert!(form.contains("Log contact with the complainant"));
    assert!(form.contains("Pat Complainant (complainant)"));
    let html = Html::parse(&form);
    assert!(
        html.checked("person", &person.to_string()),
        "the only person is chosen already"
    );
    assert_eq!(
        html.input_value("contacted-on-year"),
        Some(today.year().to_string())
    );

    let on = days_ago(today, 1);
    let res = log_contact(
        &app,
        MET_PSD,
        case_id,
        Some(person),
        on,
        "post",
        "Letter explaining the next steps.",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_page = page(&app, &app_location(&res)).await;
    for expected in [
        "Contact logged",
        "Letter explaining the next steps.",
        "Pat Complainant",
        "Contact with the complainant logged",
        &format!("By post on {}.", english_date(on)),
    ] {
        assert!(
            case_page.contains(expected),
            "the case page shows {expected:?}"
        );
    }
    let stored = count(
        &app.db.pool,
        "select count(*) from contact_log_entry where case_id = $1 and method = 'post'",
        case_id,
    )
    .await;
    assert_eq!(stored, 1);
    let audit: String = sqlx::query_scalar(
        "select details::text from audit_event where case_id = $1 and action = 'log_contact'",
    )
    .bind(case_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("audit event");
    assert!(
        !audit.contains("Letter") && !audit.contains("Pat"),
        "what was said and who was contacted stay out of the audit trail: {audit}"
    );
}

fn app_location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a redirect")
        .to_owned()
}

#[tokio::test]
async fn the_contact_form_names_every_problem_and_keeps_the_input() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let received = days_ago(today, 10);
    let (case_id, person) =
        recorded_complaint(&app.db.pool, "met", "MET-CONTACT-ERRORS", received).await;
    app.sign_in(MET_PSD).await;
    let path = format!("/cases/{case_id}/contacts");

    let res = app.post_form(&path, &[("version", "1")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    for (field, message) in [
        ("contacted-on-day", "Enter the date of the contact"),
        ("person", "Select who was contacted"),
        ("method", "Select how the contact was made"),
        ("summary", "Enter what was said or sent"),
    ] {
        assert!(
            body.contains(&format!(r##"<a href="#{field}">{message}</a>"##)),
            "the summary names {field}"
        );
    }

    // In the future, and too long: both said, the input kept.
    let tomorrow = plus_days(today, 1);
    let long = "y".repeat(2001);
    let res = log_contact(
        &app,
        MET_PSD,
        case_id,
        Some(person),
        tomorrow,
        "email",
        &long,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    assert_eq!(
        html.field_error("contacted-on").as_deref(),
        Some("The date of the contact must be today or in the past")
    );
    assert_eq!(
        html.field_error("summary").as_deref(),
        Some("What was said or sent must be 2,000 characters or fewer")
    );
    assert!(html.checked("method", "email"), "the method chosen is kept");
    assert_eq!(
        html.textarea_value("summary").as_deref(),
        Some(long.as_str()),
        "the text typed is kept"
    );

    // Before the case was received.
    let res = log_contact(
        &app,
        MET_PSD,
        case_id,
        Some(person),
        days_ago(received, 1),
        "email",
        "Early",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("must be the same as or after the date the case was received")
    );

    // Someone who is not a person of this case.
    let res = log_contact(
        &app,
        MET_PSD,
        case_id,
        Some(Uuid::new_v4()),
        today,
        "email",
        "Hello",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let stored = count(
        &app.db.pool,
        "select count(*) from contact_log_entry where case_id = $1",
        case_id,
    )
    .await;
    assert_eq!(stored, 0, "nothing was saved");
}

#[tokio::test]
async fn evidence_is_logged_and_shown_on_the_case_page_and_in_the_timeline() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let (case_id, _) =
        recorded_complaint(&app.db.pool, "met", "MET-EVIDENCE", days_ago(today, 10)).await;
    app.sign_in(MET_PSD).await;

    let case_page = page(&app, &format!("/cases/{case_id}")).await;
    assert!(case_page.contains(&format!(r#"href="/cases/{case_id}/evidence/new""#)));
    let form = page(&app, &format!("/cases/{case_id}/evidence/new")).await;
    assert!(form.contains("Add an item to the evidence log"));

    let received = days_ago(today, 4);
    let res = log_evidence(
        &app,
        MET_PSD,
        case_id,
        "CCTV from the shop opposite",
        "Shop manager",
        received,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_page = page(&app, &app_location(&res)).await;
    for expected in [
        "Evidence logged",
        "CCTV from the shop opposite",
        "Shop manager",
        &english_date(received),
        &format!("An item received on {}.", english_date(received)),
    ] {
        assert!(
            case_page.contains(expected),
            "the case page shows {expected:?}"
        );
    }
    let events = count(
        &app.db.pool,
        "select count(*) from audit_event where case_id = $1 and action = 'log_evidence' and entity_kind = 'evidence_item'",
        case_id,
    )
    .await;
    assert_eq!(events, 1);
}

#[tokio::test]
async fn the_evidence_form_names_every_problem_and_keeps_the_input() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let (case_id, _) = recorded_complaint(
        &app.db.pool,
        "met",
        "MET-EVIDENCE-ERRORS",
        days_ago(today, 10),
    )
    .await;
    app.sign_in(MET_PSD).await;

    let res = app
        .post_form(&format!("/cases/{case_id}/evidence"), &[("version", "1")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(body.contains(r##"<a href="#description">Describe the item of evidence</a>"##));
    assert!(
        body.contains(r##"<a href="#received-on-day">Enter the date the item was received</a>"##)
    );

    let res = log_evidence(
        &app,
        MET_PSD,
        case_id,
        &"z".repeat(1001),
        &"s".repeat(201),
        plus_days(today, 1),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    assert!(body.contains("The description of the item must be 1,000 characters or fewer"));
    assert!(body.contains("Where it came from must be 200 characters or fewer"));
    assert!(body.contains("The date it was received must be today or in the past"));
    assert!(body.contains(&"z".repeat(1001)), "the text typed is kept");

    let stored = count(
        &app.db.pool,
        "select count(*) from evidence_item where case_id = $1",
        case_id,
    )
    .await;
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn another_forces_case_is_not_found_for_the_contact_and_evidence_logs() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let s1 = Uuid::parse_str(S1).expect("uuid");
    let evidence_before = count(
        &app.db.pool,
        "select count(*) from evidence_item where case_id = $1",
        s1,
    )
    .await;
    app.sign_in("psd@westmidlands.example").await;
    for path in [
        format!("/cases/{S1}/contacts/new"),
        format!("/cases/{S1}/evidence/new"),
        "/cases/not-a-case/evidence/new".to_owned(),
    ] {
        assert_eq!(
            app.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let email = "psd@westmidlands.example";
    let res = log_contact(&app, email, s1, None, today, "email", "Hello").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = log_evidence(&app, email, s1, "Something", "", today).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        count(
            &app.db.pool,
            "select count(*) from evidence_item where case_id = $1",
            s1
        )
        .await,
        evidence_before
    );
    assert_eq!(
        count(
            &app.db.pool,
            "select count(*) from contact_log_entry where case_id = $1",
            s1
        )
        .await,
        0
    );
}

#[tokio::test]
async fn administrators_and_review_bodies_keep_no_case_logs() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let s1 = Uuid::parse_str(S1).expect("uuid");
    for email in ["admin@iopc.example", "reviews@mopac.example"] {
        app.sign_in(email).await;
        for path in [
            format!("/cases/{S1}/contacts/new"),
            format!("/cases/{S1}/evidence/new"),
        ] {
            assert_eq!(
                app.get(&path).await.status(),
                StatusCode::FORBIDDEN,
                "{email} {path}"
            );
        }
        let res = log_contact(&app, email, s1, None, today, "email", "Hello").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{email}");
        let res = log_evidence(&app, email, s1, "Something", "", today).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{email}");
    }
    app.sign_in("admin@iopc.example").await;
    let case_page = page(&app, &format!("/cases/{S1}")).await;
    assert!(!case_page.contains("/evidence/new") && !case_page.contains("/contacts/new"));
}

#[tokio::test]
async fn iopc_caseworkers_and_investigators_keep_the_logs_of_any_case() {
    // The IOPC keeps the complainant informed of the investigations it runs or directs
    // (PRA 2002 s.20) and its investigators gather the evidence of independent ones.
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let (wm_case, wm_person) = recorded_complaint(
        &app.db.pool,
        "west-midlands",
        "WM-IOPC-LOGS",
        days_ago(today, 5),
    )
    .await;
    let s1 = Uuid::parse_str(S1).expect("uuid");

    app.sign_in("investigator@iopc.example").await;
    let res = log_evidence(
        &app,
        "investigator@iopc.example",
        s1,
        "Firearms commander's log",
        "Metropolitan Police Service",
        today,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_page = page(&app, &format!("/cases/{S1}")).await;
    assert!(case_page.contains("Firearms commander&#39;s log"));
    assert!(
        case_page.contains("Log a contact"),
        "an S1 page link for the investigator"
    );

    app.sign_in("caseworker@iopc.example").await;
    let res = log_contact(
        &app,
        "caseworker@iopc.example",
        wm_case,
        Some(wm_person),
        today,
        "email",
        "The IOPC will write again next month.",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_page = page(&app, &format!("/cases/{wm_case}")).await;
    assert!(case_page.contains("The IOPC will write again next month."));
}

#[tokio::test]
async fn a_form_drawn_before_someone_else_changed_the_case_is_a_conflict_and_saves_nothing() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    let (case_id, person) =
        recorded_complaint(&app.db.pool, "met", "MET-STALE", days_ago(today, 5)).await;
    app.sign_in(MET_PSD).await;
    let form = page(&app, &format!("/cases/{case_id}/contacts/new")).await;
    assert_eq!(
        Html::parse(&form).input_value("version").as_deref(),
        Some("1")
    );
    // Someone else adds evidence meanwhile: the case moves to version 2.
    let res = log_evidence(&app, MET_PSD, case_id, "A statement", "", today).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(version(&app.db.pool, case_id).await, 2);

    let mut fields: Vec<(String, String)> = vec![
        ("version".into(), "1".into()),
        ("person".into(), person.to_string()),
        ("method".into(), "email".into()),
        ("summary".into(), "Written on a stale page".into()),
    ];
    fields.extend(date_fields("contacted-on", today));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app
        .post_form(&format!("/cases/{case_id}/contacts"), &fields)
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Someone else changed this record")
    );
    assert_eq!(
        count(
            &app.db.pool,
            "select count(*) from contact_log_entry where case_id = $1",
            case_id
        )
        .await,
        0
    );
    assert_eq!(version(&app.db.pool, case_id).await, 2);
}
