//! Logging a new case through the form, as a browser does: each kind end to end (the case
//! page, the cases list, the timeline), validation, "add another", the duplicate warning,
//! force references, and who may log.

use chrono::{Datelike, Days, NaiveDate};
use reqwest::StatusCode;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{Html, TestApp, force_id};

const MET_PSD: &str = "psd@met.example";
const DUTIES: &str = "delivery-of-duties-and-service";
const POWERS: &str = "police-powers-policies-and-procedures";

pub(crate) async fn today(pool: &PgPool) -> NaiveDate {
    sqlx::query_scalar("select (now() at time zone 'Europe/London')::date")
        .fetch_one(pool)
        .await
        .expect("today")
}

fn date_fields(id: &str, d: NaiveDate) -> Vec<(String, String)> {
    vec![
        (format!("{id}-day"), d.day().to_string()),
        (format!("{id}-month"), d.month().to_string()),
        (format!("{id}-year"), d.year().to_string()),
    ]
}

/// A complete complaint form: a complainant who prefers email, an agent, two allegations and
/// one subject who is the subject of the second.
pub(crate) fn complaint_form(today: NaiveDate) -> Vec<(String, String)> {
    let incident = today.checked_sub_days(Days::new(10)).expect("date");
    let mut f: Vec<(String, String)> = [
        ("kind", "complaint"),
        ("allegation-count", "2"),
        ("subject-count", "1"),
        ("complainant-name", "Jane Doe"),
        ("complainant-address", "1 High Street\nCroydon CR0 1AA"),
        ("complainant-email", "jane.doe@example.com"),
        ("complainant-phone", "07700 900982"),
        ("complainant-contact", "email"),
        ("complainant-language", "cy"),
        ("complainant-easy-read", "yes"),
        ("complainant-needs", "Large print"),
        ("agent-name", "Ann Advocate"),
        ("agent-email", "ann@advocates.example"),
        ("summary", "Officers stopped my car and one of them shouted at me and searched it without a reason."),
        ("incident-place", "London Road, Croydon"),
        ("what-complainant-wants", "An apology"),
        ("allegation-1-category", DUTIES),
        ("allegation-1-description", "The officer shouted at the complainant"),
        ("allegation-2-category", POWERS),
        ("allegation-2-description", "The car was searched without grounds"),
        ("subject-1-kind", "police_officer"),
        ("subject-1-name", "PC Sam Stone"),
        ("subject-1-rank", "Constable"),
        ("subject-1-number", "4521"),
        ("subject-1-allegations", "2"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    f.extend(date_fields("incident-date", incident));
    f.extend(date_fields("received-on", today));
    f
}

pub(crate) fn set(form: &mut Vec<(String, String)>, name: &str, value: &str) {
    form.retain(|(k, _)| k != name);
    form.push((name.to_owned(), value.to_owned()));
}

pub(crate) async fn post(app: &TestApp, form: &[(String, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form("/cases/new", &fields).await
}

async fn body(res: reqwest::Response) -> String {
    res.text().await.expect("body")
}

pub(crate) fn case_id_of(res: &reqwest::Response) -> Uuid {
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a redirect");
    let id = location
        .strip_prefix("/cases/")
        .and_then(|rest| rest.strip_suffix("?done=logged"))
        .unwrap_or_else(|| panic!("redirect to the new case, not {location}"));
    Uuid::parse_str(id).expect("case id")
}

async fn count(pool: &PgPool, sql: &str, case_id: Uuid) -> i64 {
    sqlx::query_scalar(sql)
        .bind(case_id)
        .fetch_one(pool)
        .await
        .expect("count")
}

async fn cases_of_met(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from case_record c join police_force f on f.police_force_id = c.force_id where f.code = 'met'",
    )
    .fetch_one(pool)
    .await
    .expect("count")
}

#[tokio::test]
async fn a_force_user_logs_a_complaint_and_finds_it_on_the_case_page_and_in_the_cases_list() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;

    // The entry point: the cases list, then the choice of kind, then the form.
    let list = body(app.get("/cases").await).await;
    assert!(
        list.contains(r#"href="/cases/new""#),
        "the cases list links to Log a case"
    );
    let res = app.get("/cases/new").await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = body(res).await;
    assert!(page.contains("What are you logging?"));
    assert!(Html::parse(&page).has_control_value("conduct_matter"));
    let res = app.get("/cases/new?kind=complaint").await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = body(res).await;
    let html = Html::parse(&page);
    assert_eq!(html.heading().as_deref(), Some("Log a complaint"));
    assert!(
        html.input_value("received-on-day").is_some(),
        "the date it was received is asked for"
    );
    assert_eq!(html.input_type("received-on-day").as_deref(), Some("text"));

    let res = post(&app, &complaint_form(today)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_id = case_id_of(&res);
    let reference = format!("MET-{}-00001", today.year());

    let res = app.follow(res).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = body(res).await;
    for expected in [
        "Complaint logged",
        &format!("Its force reference is {reference}."),
        "Jane Doe",
        "jane.doe@example.com",
        "Cymraeg",
        "Easy read; Large print",
        "Ann Advocate",
        "London Road, Croydon",
        "An apology",
        "The officer shouted at the complainant",
        "Delivery of duties and service",
        "The car was searched without grounds",
        "PC Sam Stone",
        "Constable (Police officer), number 4521",
        "Logged a complaint",
        &format!(
            "Received {}. 2 allegations, 1 subject. Force reference {reference}.",
            oversight::workflow::english_date(today)
        ),
    ] {
        assert!(page.contains(expected), "the case page shows {expected:?}");
    }
    assert!(
        !page.contains("Logged a complaint — stage"),
        "the timeline says it once, in plain English"
    );
    // The subject is against the second allegation only.
    let against: Vec<String> = sqlx::query_scalar(
        "select a.description from allegation_subject x join allegation a using (allegation_id)
         where x.case_id = $1",
    )
    .bind(case_id)
    .fetch_all(&app.db.pool)
    .await
    .expect("links");
    assert_eq!(against, ["The car was searched without grounds"]);

    // What was stored.
    let (kind, stage, logged_on, received_on, force, reference_stored): (
        String,
        String,
        NaiveDate,
        NaiveDate,
        Uuid,
        String,
    ) = sqlx::query_as(
        "select kind::text, stage::text, logged_on, received_on, force_id, force_reference
             from case_record where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("case");
    assert_eq!((kind.as_str(), stage.as_str()), ("complaint", "logged"));
    assert_eq!((logged_on, received_on), (today, today));
    assert_eq!(force, force_id(&app.db.pool, "met").await);
    assert_eq!(reference_stored, reference);
    let with_agent = count(
        &app.db.pool,
        "select count(*) from case_complainant where case_id = $1 and role = 'complainant' and agent_person_id is not null",
        case_id,
    )
    .await;
    assert_eq!(with_agent, 1);
    let events = count(
        &app.db.pool,
        "select count(*) from audit_event where case_id = $1 and action = 'log_complaint' and to_state = 'logged'",
        case_id,
    )
    .await;
    assert_eq!(events, 1);
    let audit: String =
        sqlx::query_scalar("select details::text from audit_event where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("audit");
    assert!(
        !audit.contains("Jane"),
        "no personal data in the audit trail: {audit}"
    );

    // The cases list shows it.
    let list = body(app.get("/cases").await).await;
    assert!(
        list.contains(&reference),
        "the cases list shows the new case"
    );
}

#[tokio::test]
async fn a_force_user_logs_a_conduct_matter_end_to_end() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form: Vec<(String, String)> = [
        ("kind", "conduct_matter"),
        ("allegation-count", "1"),
        ("subject-count", "1"),
        (
            "summary",
            "An officer posted offensive remarks about a member of the public online.",
        ),
        ("incident-place", "Online"),
        (
            "how-it-came-to-light",
            "A colleague reported the posts to the professional standards department.",
        ),
        ("allegation-1-category", DUTIES),
        (
            "allegation-1-description",
            "Offensive posts on social media",
        ),
        ("subject-1-kind", "special_constable"),
        ("subject-1-allegations", "1"),
        ("force-reference", "CM-2026-0042"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    form.extend(date_fields("incident-date", today));
    form.extend(date_fields("received-on", today));
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_id = case_id_of(&res);
    let page = body(app.follow(res).await).await;
    for expected in [
        "Conduct matter logged",
        "Recordable conduct matter",
        "CM-2026-0042",
        "A colleague reported the posts",
        "Offensive posts on social media",
        "Not yet identified",
        "Special constable",
        "Logged a recordable conduct matter",
    ] {
        assert!(page.contains(expected), "the case page shows {expected:?}");
    }
    let complainants = count(
        &app.db.pool,
        "select count(*) from case_complainant where case_id = $1",
        case_id,
    )
    .await;
    assert_eq!(complainants, 0, "a conduct matter has no complainant");
    let list = body(app.get("/cases?kind=conduct_matter").await).await;
    assert!(list.contains("CM-2026-0042"));
}

#[tokio::test]
async fn a_force_user_logs_a_dsi_matter_without_allegations() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form: Vec<(String, String)> = [
        ("kind", "dsi_matter"),
        ("allegation-count", "1"),
        ("subject-count", "1"),
        (
            "summary",
            "A man was found unresponsive in a cell and died in hospital.",
        ),
        ("incident-place", "Croydon custody suite"),
        ("dsi-kind", "death"),
        ("dsi-context", "custody"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    form.extend(date_fields("incident-date", today));
    form.extend(date_fields("received-on", today));
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", body(res).await);
    let case_id = case_id_of(&res);
    let page = body(app.follow(res).await).await;
    for expected in [
        "DSI matter logged",
        "Death after arrest or custody",
        "Croydon custody suite",
        "No allegations are recorded.",
        "Logged a death or serious injury matter",
    ] {
        assert!(page.contains(expected), "the case page shows {expected:?}");
    }
    let (dsi_kind, dsi_context): (String, String) =
        sqlx::query_as("select dsi_kind, dsi_context from case_record where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("case");
    assert_eq!(
        (dsi_kind.as_str(), dsi_context.as_str()),
        ("death", "custody")
    );
}

#[tokio::test]
async fn a_dsi_matter_records_who_brought_it_to_light_and_the_page_shows_it() {
    // The IOPC's published summaries say how a conduct or DSI matter came to light: raised
    // inside the force (and by whom), by the public, by another force or by the IOPC.
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form: Vec<(String, String)> = [
        ("kind", "dsi_matter"),
        ("allegation-count", "1"),
        ("subject-count", "1"),
        (
            "summary",
            "A woman was seriously injured when a police car hit her.",
        ),
        ("incident-place", "Brixton Road"),
        ("dsi-kind", "serious_injury"),
        ("dsi-context", "contact"),
        ("came-to-light", "internal"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    form.extend(date_fields("incident-date", today));
    form.extend(date_fields("received-on", today));
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse(&body(res).await);
    assert!(
        page.error_for("how-it-came-to-light")
            .is_some_and(|e| e.contains("Say who in the force raised the matter, and how")),
        "{:?}",
        page.error_summary()
    );
    assert!(
        page.checked("came-to-light", "internal"),
        "the choice is kept"
    );

    set(
        &mut form,
        "how-it-came-to-light",
        "The supervisor of the driver reported the collision to the control room",
    );
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", body(res).await);
    let case_id = case_id_of(&res);
    let page = body(app.follow(res).await).await;
    assert!(
        page.contains(
            "Raised inside the force: The supervisor of the driver reported the collision"
        ),
        "the case page shows who brought it to light"
    );
    let stored: String =
        sqlx::query_scalar("select came_to_light from case_record where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("case");
    assert_eq!(stored, "internal");
}

#[tokio::test]
async fn an_empty_complaint_names_every_required_field_and_keeps_what_was_typed() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let before = cases_of_met(&app.db.pool).await;
    let res = app
        .post_form(
            "/cases/new",
            &[
                ("kind", "complaint"),
                ("complainant-name", "Typed Name"),
                ("complainant-language", "en"),
                ("allegation-count", "1"),
                ("subject-count", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body(res).await;
    let html = Html::parse(&page);
    assert!(html.title().starts_with("Error: Log a complaint"));
    let summary = html.error_summary_links();
    for (field, message) in [
        (
            "complainant-contact",
            "Select how the complainant prefers to be contacted",
        ),
        ("summary", "Enter what happened"),
        ("incident-date-day", "Enter the date of the incident"),
        ("incident-place", "Enter where it happened"),
        (
            "allegation-1-category",
            "Select the category of allegation 1",
        ),
        ("allegation-1-description", "Describe allegation 1"),
        ("received-on-day", "Enter the date it was received"),
    ] {
        assert!(
            summary.contains(&(format!("#{field}"), message.to_owned())),
            "the error summary names {field}: {message}: {summary:?}"
        );
    }
    assert_eq!(
        html.input_value("complainant-name").as_deref(),
        Some("Typed Name"),
        "the name typed is kept"
    );
    assert_eq!(
        cases_of_met(&app.db.pool).await,
        before,
        "nothing was saved"
    );
}

#[tokio::test]
async fn dates_in_the_future_are_refused_with_the_input_kept() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let tomorrow = today.checked_add_days(Days::new(1)).expect("date");
    let mut form = complaint_form(today);
    for (k, v) in date_fields("incident-date", tomorrow) {
        set(&mut form, &k, &v);
    }
    for (k, v) in date_fields("complainant-dob", tomorrow) {
        set(&mut form, &k, &v);
    }
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body(res).await;
    let html = Html::parse(&page);
    assert_eq!(
        html.field_error("incident-date").as_deref(),
        Some("The date of the incident must be today or in the past")
    );
    assert_eq!(
        html.field_error("complainant-dob").as_deref(),
        Some("The complainant's date of birth must be today or in the past")
    );
    assert_eq!(
        html.input_value("incident-date-day"),
        Some(tomorrow.day().to_string())
    );
    assert!(
        page.contains("The officer shouted at the complainant"),
        "the rest is kept"
    );
}

#[tokio::test]
async fn texts_longer_than_their_maximum_are_refused() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form = complaint_form(today);
    set(&mut form, "summary", &"x".repeat(5001));
    set(&mut form, "complainant-name", &"n".repeat(201));
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body(res).await;
    assert!(page.contains("What happened must be 5,000 characters or fewer"));
    assert!(page.contains("name must be 200 characters or fewer"));
}

#[tokio::test]
async fn a_contact_preference_needs_its_contact_detail() {
    // The person_contact_method_has_detail rule, checked on the form before the database.
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form = complaint_form(today);
    set(&mut form, "complainant-contact", "post");
    set(&mut form, "complainant-address", "");
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body(res).await;
    let html = Html::parse(&page);
    assert!(html.error_summary_links().contains(&(
        "#complainant-address".to_owned(),
        "Enter the complainant's address, or choose another way to contact them".to_owned()
    )));
    assert!(
        html.checked("complainant-contact", "post"),
        "the choice made is kept"
    );
}

#[tokio::test]
async fn add_another_draws_one_more_block_and_keeps_everything_typed() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form = complaint_form(today);
    set(&mut form, "add", "allegation");
    let res = post(&app, &form).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "adding a block is not an error"
    );
    let page = body(res).await;
    let html = Html::parse(&page);
    assert_eq!(html.input_value("allegation-count").as_deref(), Some("3"));
    assert!(page.contains(r#"id="allegation-3-category""#));
    assert!(page.contains("The car was searched without grounds"));
    assert_eq!(
        html.input_value("complainant-name").as_deref(),
        Some("Jane Doe")
    );
    assert!(
        html.error_summary_title().is_none() && !page.contains("There is a problem"),
        "no errors shown while adding"
    );
    let default_button = page.find(r#"<button type="submit" hidden>Log the complaint</button>"#);
    let first_add = page.find(r#"name="add""#);
    assert!(
        default_button.is_some() && default_button < first_add,
        "Enter in a field sends the form, not \"add another\""
    );

    set(&mut form, "add", "subject");
    let page = body(post(&app, &form).await).await;
    assert_eq!(
        Html::parse(&page).input_value("subject-count").as_deref(),
        Some("2")
    );
    assert!(page.contains(r#"id="subject-2-kind""#));
    assert!(page.contains("Which allegations are about subject 2?"));

    // The extra empty blocks are left out when the form is sent.
    form.retain(|(k, _)| k != "add");
    set(&mut form, "allegation-count", "3");
    set(&mut form, "subject-count", "2");
    set(&mut form, "allegation-3-category", DUTIES);
    set(&mut form, "allegation-3-description", "A third allegation");
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_id = case_id_of(&res);
    let allegations = count(
        &app.db.pool,
        "select count(*) from allegation where case_id = $1",
        case_id,
    )
    .await;
    let subjects = count(
        &app.db.pool,
        "select count(*) from case_subject where case_id = $1",
        case_id,
    )
    .await;
    assert_eq!((allegations, subjects), (3, 1));
}

#[tokio::test]
async fn a_possible_duplicate_is_shown_and_logging_it_anyway_must_be_confirmed() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let first = post(&app, &complaint_form(today)).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let first_id = case_id_of(&first);
    let before = cases_of_met(&app.db.pool).await;

    // The same person (name in other capitals, same email) about the same incident date.
    let mut again = complaint_form(today);
    set(&mut again, "complainant-name", "JANE DOE");
    set(&mut again, "complainant-phone", "");
    let res = post(&app, &again).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body(res).await;
    assert!(page.contains("Possible duplicates"));
    assert!(
        page.contains(&format!(r#"href="/cases/{first_id}""#)),
        "links to the first case"
    );
    assert!(page.contains(&format!("MET-{}-00001", today.year())));
    assert!(
        page.contains(r##"<a href="#confirm-duplicate">"##),
        "the summary points at the confirmation"
    );
    assert_eq!(
        Html::parse(&page)
            .input_value("complainant-name")
            .as_deref(),
        Some("JANE DOE"),
        "the input is kept"
    );
    assert_eq!(
        cases_of_met(&app.db.pool).await,
        before,
        "nothing saved yet"
    );

    // Confirmed: logged, with the next reference of the force and year.
    set(&mut again, "confirm-duplicate", "yes");
    let res = post(&app, &again).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let second_id = case_id_of(&res);
    assert_ne!(first_id, second_id);
    let reference: String =
        sqlx::query_scalar("select force_reference from case_record where case_id = $1")
            .bind(second_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("reference");
    assert_eq!(reference, format!("MET-{}-00002", today.year()));
}

#[tokio::test]
async fn the_same_name_with_other_details_or_another_incident_date_is_not_a_duplicate() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    assert_eq!(
        post(&app, &complaint_form(today)).await.status(),
        StatusCode::SEE_OTHER
    );

    // Same name and date, but a different email and telephone: another Jane Doe.
    let mut other_person = complaint_form(today);
    set(
        &mut other_person,
        "complainant-email",
        "another.jane@example.com",
    );
    set(&mut other_person, "complainant-phone", "01632 960001");
    assert_eq!(
        post(&app, &other_person).await.status(),
        StatusCode::SEE_OTHER
    );

    // Same person, another incident.
    let mut other_day = complaint_form(today);
    let earlier = today.checked_sub_days(Days::new(40)).expect("date");
    for (k, v) in date_fields("incident-date", earlier) {
        set(&mut other_day, &k, &v);
    }
    assert_eq!(post(&app, &other_day).await.status(), StatusCode::SEE_OTHER);

    // Another force's user logging the same complaint sees nothing of the Met's.
    app.sign_in("psd@westmidlands.example").await;
    let res = post(&app, &complaint_form(today)).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "no warning across forces"
    );
}

#[tokio::test]
async fn a_force_reference_the_force_already_uses_is_a_form_error() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let before = cases_of_met(&app.db.pool).await;
    // CM-2023-00117 is the reference of scenario case S1 (Metropolitan Police Service).
    let mut form = complaint_form(today);
    set(&mut form, "force-reference", "CM-2023-00117");
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body(res).await;
    let html = Html::parse(&page);
    assert!(
        html.error_summary_links()
            .iter()
            .any(|(href, message)| href == "#force-reference"
                && message
                    .starts_with("Your force already has a case with the reference CM-2023-00117"))
    );
    assert_eq!(
        html.input_value("force-reference").as_deref(),
        Some("CM-2023-00117")
    );
    assert_eq!(cases_of_met(&app.db.pool).await, before);

    // References are unique within a force: another force may use the same one.
    app.sign_in("psd@westmidlands.example").await;
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn only_the_appropriate_authority_logs_a_case() {
    // PRA 2002 Sch 3 paras 2, 11, 14A: the force (its PSD) logs; the IOPC receives referrals.
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    for email in [
        "caseworker@iopc.example",
        "investigator@iopc.example",
        "admin@iopc.example",
        "reviews@mopac.example",
    ] {
        app.sign_in(email).await;
        assert_eq!(
            app.get("/cases/new").await.status(),
            StatusCode::FORBIDDEN,
            "{email}"
        );
        assert_eq!(
            app.get("/cases/new?kind=complaint").await.status(),
            StatusCode::FORBIDDEN,
            "{email}"
        );
        let res = post(&app, &complaint_form(today)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{email}");
        let list = body(app.get("/cases").await).await;
        assert!(
            !list.contains(r#"href="/cases/new""#),
            "{email} is not offered Log a case"
        );
    }
    let refused: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'permission_refused' and details ->> 'refused' = 'log_case'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(refused, 12, "every refusal is in the audit trail");
    let logged: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action in ('log_complaint', 'log_conduct_matter', 'log_dsi_matter')",
    )
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(logged, 0, "nothing was logged");
}

#[tokio::test]
async fn a_complaint_the_complainant_wants_recorded_cannot_be_handled_outside_schedule3() {
    // Sch 3 para 2(6): the wish, given when logging, reaches the workflow's guard.
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form = complaint_form(today);
    form.push(("recording".into(), "complainant-wants".into()));
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_id = case_id_of(&res);
    let page = body(app.get(&format!("/cases/{case_id}")).await).await;
    let html = Html::parse(&page);
    assert!(html.offers("action", "record"), "recording is offered");
    assert!(
        !html.offers("action", "handle_outside_schedule3"),
        "handling outside Schedule 3 is not offered"
    );
    let res = app
        .post_form(
            &format!("/cases/{case_id}/actions"),
            &[("version", "1"), ("action", "handle_outside_schedule3")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body(res)
            .await
            .contains("The complainant wishes it to be recorded")
    );

    // Without the wish (and nothing else forcing it), the complaint may be handled outside.
    let res = post(&app, &{
        let mut f = complaint_form(today);
        set(&mut f, "complainant-name", "Someone Else");
        f
    })
    .await;
    let other = case_id_of(&res);
    let page = body(app.get(&format!("/cases/{other}")).await).await;
    assert!(Html::parse(&page).offers("action", "handle_outside_schedule3"));
}

#[tokio::test]
async fn an_unknown_kind_asks_again_what_is_being_logged() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let res = app.get("/cases/new?kind=").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = body(res).await;
    assert!(page.contains(r##"<a href="#kind">Select what you are logging</a>"##));
    let res = app
        .post_form("/cases/new", &[("kind", "parking_ticket")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Allegations are shown, and numbered on a subject's page, in the order they were entered,
/// although a case's allegations are logged in one transaction and share their timestamp.
#[tokio::test]
async fn allegations_are_listed_in_the_order_they_were_entered() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let mut form = complaint_form(today);
    let texts: Vec<String> = (1..=6)
        .map(|i| format!("Allegation entered {i} of six"))
        .collect();
    set(&mut form, "allegation-count", "6");
    for (i, text) in texts.iter().enumerate() {
        let n = i + 1;
        form.retain(|(k, _)| {
            k != &format!("allegation-{n}-category") && k != &format!("allegation-{n}-description")
        });
        form.push((format!("allegation-{n}-category"), DUTIES.to_owned()));
        form.push((format!("allegation-{n}-description"), text.clone()));
    }
    set(&mut form, "subject-1-allegations", "6");
    let res = post(&app, &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", body(res).await);
    let case_id = case_id_of(&res);
    let page = body(app.get(&format!("/cases/{case_id}")).await).await;
    let positions: Vec<usize> = texts
        .iter()
        .map(|t| {
            page.find(t.as_str())
                .unwrap_or_else(|| panic!("{t} is shown"))
        })
        .collect();
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    assert_eq!(positions, sorted, "in the order entered");
    // The subject is subject of the sixth: its page calls it allegation 6, as the case does.
    let subject: Uuid =
        sqlx::query_scalar("select case_subject_id from case_subject where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("subject");
    let page = body(
        app.get(&format!("/cases/{case_id}/subjects/{subject}"))
            .await,
    )
    .await;
    assert!(
        page.contains("Allegation 6"),
        "numbered as the case numbers it"
    );
}
