//! Learning recommendations through HTTP, from making to publishing (Sch 3 paras 28A, 28B):
//! the pages, the steps, who may take them, the deadlines, the list and the timeline.

use chrono::{Datelike, Days, NaiveDate};
use sqlx::PgPool;
use uuid::Uuid;

use oversight::domain::vocab::{CaseStage, RecommendationResponse};

use crate::support::{CaseBuilder, Day, Html, RecommendationBuilder, RowId, TestApp, force_id};

const S1: &str = "5ce00001-0001-4000-8000-000000000001";
/// S1's first recommendation, made 15 September 2025: its response was due 10 November 2025.
const S1_FIREARMS: &str = "5ce00001-0009-4000-8000-000000000001";
const CASEWORKER: &str = "caseworker@iopc.example";
const MET_PSD: &str = "psd@met.example";
const WM_PSD: &str = "psd@westmidlands.example";

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

async fn today(pool: &PgPool) -> NaiveDate {
    sqlx::query_scalar("select (now() at time zone 'Europe/London')::date")
        .fetch_one(pool)
        .await
        .expect("today")
}

fn english(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A browser signed in as `email`.
async fn browser(app: &TestApp, email: &str) -> TestApp {
    let b = app.another_browser();
    b.sign_in(email).await;
    b
}

/// Makes a recommendation from S1 to the Met through the form; returns its id.
async fn make(app: &TestApp, title: &str) -> Uuid {
    let met = force_id(&app.db.pool, "met").await.to_string();
    let res = app
        .post_form_as(
            CASEWORKER,
            &format!("/cases/{S1}/recommendations/new"),
            &[
                ("recipient", "force"),
                ("force_id", &met),
                ("title", title),
                (
                    "text",
                    "The force should brief every control-room supervisor on the revised procedure.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "make {title}");
    assert_eq!(
        res.headers()["location"],
        format!("/cases/{S1}?done=make_recommendation").as_str()
    );
    sqlx::query_scalar("select recommendation_id from recommendation where title = $1")
        .bind(title)
        .fetch_one(&app.db.pool)
        .await
        .expect("the new recommendation")
}

async fn stage_and_version(pool: &PgPool, id: impl RowId) -> (String, i32) {
    sqlx::query_as("select stage::text, version from recommendation where recommendation_id = $1")
        .bind(id.uuid())
        .fetch_one(pool)
        .await
        .expect("recommendation")
}

/// Posts a step with `email`'s CSRF token and the recommendation's current version.
async fn step(
    app: &TestApp,
    email: &str,
    id: impl RowId,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let id = id.uuid();
    let (_, version) = stage_and_version(&app.db.pool, id).await;
    let version = version.to_string();
    let mut form = vec![("version", version.as_str()), ("action", action)];
    form.extend_from_slice(fields);
    app.post_form_as(email, &format!("/recommendations/{id}/actions"), &form)
        .await
}

fn date_fields(prefix: &str, d: NaiveDate) -> Vec<(String, String)> {
    vec![
        (format!("{prefix}-day"), d.day().to_string()),
        (format!("{prefix}-month"), d.month().to_string()),
        (format!("{prefix}-year"), d.year().to_string()),
    ]
}

fn refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// What the public list of published recommendations reads from a row.
#[derive(sqlx::FromRow)]
struct Published {
    title: Option<String>,
    force: String,
    reference: Option<String>,
    made_on: NaiveDate,
    due: NaiveDate,
    text: String,
    response: Option<String>,
    action: Option<String>,
    published_on: Option<NaiveDate>,
    summary: Option<String>,
}

#[tokio::test]
async fn a_recommendation_is_made_answered_and_published_and_the_timeline_tells_each_step() {
    let app = TestApp::with_demo(0).await;
    let iopc = browser(&app, CASEWORKER).await;
    let psd = browser(&app, MET_PSD).await;

    // The case page offers the IOPC caseworker the form, and the force PSD not.
    let (_, body) = page(&iopc, &format!("/cases/{S1}")).await;
    assert!(body.contains(&format!(
        r#"href="/cases/{S1}/recommendations/new">Make a recommendation"#
    )));
    let (_, body) = page(&psd, &format!("/cases/{S1}")).await;
    assert!(!body.contains("Make a recommendation"));

    let (status, body) = page(&iopc, &format!("/cases/{S1}/recommendations/new")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Make a recommendation"));
    let id = make(&iopc, "Supervising firearms calls to their end").await;
    let (status, body) = page(&iopc, &format!("/cases/{S1}?done=make_recommendation")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Recommendation made"), "banner");
    assert!(body.contains(&format!(
        r#"<a class="govuk-link" href="/recommendations/{id}">Supervising firearms calls to their end</a>"#
    )));

    // The force answers on the recommendation's page.
    let (status, body) = page(&psd, &format!("/recommendations/{id}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Respond to the recommendation"));
    assert!(
        !Html::parse(&body).has_control_value("publish"),
        "the force cannot publish"
    );
    let res = step(
        &psd,
        MET_PSD,
        id,
        "record_response",
        &[
            ("response", "accepted"),
            (
                "accepted_action",
                "Every control-room supervisor was briefed in October.",
            ),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let body = psd.follow(res).await.text().await.expect("body");
    assert!(body.contains("Response recorded"));
    let received = today(&app.db.pool).await;
    let publish_by = received + Days::new(21);
    assert!(
        body.contains(&format!("by {}", english(publish_by))),
        "the 21-day publication deadline is shown"
    );

    // The IOPC sees the deadline and publishes.
    let (_, body) = page(&iopc, &format!("/recommendations/{id}")).await;
    assert!(body.contains("Publish the response"));
    assert!(body.contains("Sch 3 para 28B(5)"));
    let res = step(
        &iopc,
        CASEWORKER,
        id,
        "publish",
        &[(
            "summary",
            "The force accepted the recommendation and briefed its supervisors.",
        )],
    )
    .await;
    assert_eq!(res.status(), 303);
    let body = iopc.follow(res).await.text().await.expect("body");
    assert!(body.contains("Recommendation published"));
    assert!(body.contains("No deadline runs"));

    // The case timeline tells every step in plain English.
    let (_, body) = page(&iopc, &format!("/cases/{S1}")).await;
    for expected in [
        "Recommendation made — stage is now Made",
        "“Supervising firearms calls to their end” made to Metropolitan Police Service; the response is due on",
        "Response to the recommendation recorded — stage changed from Made to Response received",
        "Metropolitan Police Service accepted the recommendation; the response was received on",
        "Recommendation and response published — stage changed from Response received to Published",
        "the recommendation and the response were published on",
    ] {
        assert!(body.contains(expected), "timeline: missing {expected:?}");
    }

    // The published row holds everything the public list shows.
    let p: Published = sqlx::query_as(
        "select r.title, f.name as force, c.iopc_reference as reference, r.made_on,
                r.response_due_on as due, r.recommendation_text as text, r.response::text as response,
                r.response_action as action, r.published_on, r.publication_summary as summary
           from recommendation r
           join police_force f on f.police_force_id = r.recipient_force_id
           join case_record c on c.case_id = r.case_id
          where r.recommendation_id = $1 and r.stage = 'published'",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("a published recommendation");
    let Published {
        title,
        force,
        reference,
        made_on,
        due,
        text,
        response,
        action,
        published_on,
        summary,
    } = p;
    assert_eq!(
        title.as_deref(),
        Some("Supervising firearms calls to their end")
    );
    assert_eq!(force, "Metropolitan Police Service");
    assert_eq!(reference.as_deref(), Some("2023/184392"));
    assert_eq!((made_on, due), (received, received + Days::new(56)));
    assert!(text.starts_with("The force should brief"));
    assert_eq!(response.as_deref(), Some("accepted"));
    assert!(action.is_some_and(|a| a.contains("briefed in October")));
    assert_eq!(published_on, Some(received));
    assert!(summary.is_some());

    // Every step is in the case's audit chain, which still verifies.
    let steps: Vec<String> = sqlx::query_scalar(
        "select action from audit_event
          where entity_kind = 'recommendation' and entity_id = $1 and case_id = $2::uuid
          order by audit_event_id",
    )
    .bind(id)
    .bind(S1)
    .fetch_all(&app.db.pool)
    .await
    .expect("events");
    assert_eq!(steps, ["make_recommendation", "record_response", "publish"]);
    let report = oversight::db::audit::verify(&app.db.pool)
        .await
        .expect("verify");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[tokio::test]
async fn response_is_due_56_days_after_the_recommendation() {
    let app = TestApp::with_demo(0).await;
    let iopc = browser(&app, CASEWORKER).await;
    let id = make(&iopc, "Due date rule").await;
    let (made_on, due): (NaiveDate, NaiveDate) = sqlx::query_as(
        "select made_on, response_due_on from recommendation where recommendation_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("dates");
    let today = today(&app.db.pool).await;
    // Sch 3 para 28B(2): made today, due 56 days later, on the same weekday.
    assert_eq!(made_on, today);
    assert_eq!(due, today + Days::new(56));
    assert_eq!(due.weekday(), made_on.weekday());
    let (_, body) = page(&iopc, &format!("/recommendations/{id}")).await;
    assert!(body.contains(&english(due)));
    assert!(
        body.contains("working days"),
        "the time left in working days"
    );
    let (_, body) = page(&iopc, "/recommendations").await;
    assert!(body.contains(&format!("Response due</span><br>{}", english(due))));
}

#[tokio::test]
async fn extension_requested_after_the_due_date_is_refused() {
    let app = TestApp::with_demo(0).await;
    let psd = browser(&app, MET_PSD).await;
    let id = Uuid::parse_str(S1_FIREARMS).expect("uuid");
    // S1's response was due on 10 November 2025: the form is not offered.
    let (_, body) = page(&psd, &format!("/recommendations/{id}")).await;
    assert!(!Html::parse(&body).has_control_value("request_extension"));
    assert!(body.contains("Overdue"));
    let later = today(&app.db.pool).await + Days::new(30);
    let mut fields = date_fields("new_due", later);
    fields.push((
        "reason".into(),
        "The firearms command has not yet reported".into(),
    ));
    let res = step(&psd, MET_PSD, id, "request_extension", &refs(&fields)).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("An extension may be granted only on a request made before the response was due (Sch 3 para 28B)"),
        "the rule, cited"
    );
    assert!(body.contains("The response was due on 10 November 2025"));
    let requests: i64 = sqlx::query_scalar(
        "select count(*) from recommendation_extension_request where recommendation_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(requests, 0);
    // Nor can the IOPC grant one on a request made today.
    let iopc = browser(&app, CASEWORKER).await;
    let mut fields = date_fields("requested_on", today(&app.db.pool).await);
    fields.extend(date_fields("new_due", later));
    fields.push(("reason".into(), "Asked by telephone".into()));
    let res = step(&iopc, CASEWORKER, id, "grant_extension", &refs(&fields)).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("the request was made on"));
    assert!(body.contains("Asked by telephone"), "input kept");
    let (stage, _) = stage_and_version(&app.db.pool, id).await;
    assert_eq!(stage, "made");
}

#[tokio::test]
async fn an_extension_requested_in_time_is_granted_and_moves_the_due_date() {
    let app = TestApp::with_demo(0).await;
    let iopc = browser(&app, CASEWORKER).await;
    let psd = browser(&app, MET_PSD).await;
    let id = make(&iopc, "Extension in time").await;
    let today = today(&app.db.pool).await;
    let asked_for = today + Days::new(84);
    let mut fields = date_fields("new_due", asked_for);
    fields.push((
        "reason".into(),
        "The procedure is being rewritten with the firearms command".into(),
    ));
    let res = step(&psd, MET_PSD, id, "request_extension", &refs(&fields)).await;
    assert_eq!(res.status(), 303);
    let body = psd.follow(res).await.text().await.expect("body");
    assert!(body.contains("More time requested"));
    // A second request while the first awaits a decision is not offered.
    assert!(!Html::parse(&body).has_control_value("request_extension"));
    the_page_reads_what_the_machine_reads(&app.db.pool, id).await;

    // The IOPC's grant form answers the pending request.
    let (_, body) = page(&iopc, &format!("/recommendations/{id}")).await;
    assert!(body.contains("The procedure is being rewritten with the firearms command"));
    assert_eq!(
        Html::parse(&body).input_value("new_due-day"),
        Some(asked_for.day().to_string())
    );
    let mut fields = date_fields("requested_on", today);
    fields.extend(date_fields("new_due", asked_for));
    fields.push(("reason".into(), "A rewrite needs the time".into()));
    let res = step(&iopc, CASEWORKER, id, "grant_extension", &refs(&fields)).await;
    assert_eq!(res.status(), 303);
    let body = iopc.follow(res).await.text().await.expect("body");
    assert!(body.contains(&format!(
        "The response is now due on {}",
        english(asked_for)
    )));
    let (extended_to, decision): (Option<NaiveDate>, Option<String>) = sqlx::query_as(
        "select r.extended_to, q.decision
           from recommendation r join recommendation_extension_request q using (recommendation_id)
          where r.recommendation_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("extension");
    assert_eq!(extended_to, Some(asked_for));
    assert_eq!(decision.as_deref(), Some("granted"));
    the_page_reads_what_the_machine_reads(&app.db.pool, id).await;
    // My work counts from the extended date.
    let (_, body) = page(&psd, "/my-work").await;
    assert!(body.contains("Extension in time"));
    assert!(body.contains(&english(asked_for)));
    // And the case timeline says so.
    let (_, body) = page(&iopc, &format!("/cases/{S1}")).await;
    assert!(body.contains("More time to respond requested"));
    assert!(body.contains(&format!(
        "“Extension in time”: the response is now due on {} instead of {}",
        english(asked_for),
        english(today + Days::new(56))
    )));
}

#[tokio::test]
async fn the_iopc_refuses_a_request_and_the_due_date_stays() {
    let app = TestApp::with_demo(0).await;
    let iopc = browser(&app, CASEWORKER).await;
    let psd = browser(&app, MET_PSD).await;
    let id = make(&iopc, "Refused extension").await;
    let today = today(&app.db.pool).await;
    // Nothing to refuse yet.
    let (_, body) = page(&iopc, &format!("/recommendations/{id}")).await;
    assert!(!Html::parse(&body).has_control_value("refuse_extension"));
    let mut fields = date_fields("new_due", today + Days::new(70));
    fields.push(("reason".into(), "Staff are on leave".into()));
    let res = step(&psd, MET_PSD, id, "request_extension", &refs(&fields)).await;
    assert_eq!(res.status(), 303);
    // A refusal without a reason is sent back.
    let res = step(
        &iopc,
        CASEWORKER,
        id,
        "refuse_extension",
        &[("reason", " ")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Enter why the extension is refused")
    );
    let res = step(
        &iopc,
        CASEWORKER,
        id,
        "refuse_extension",
        &[("reason", "There is time enough to respond")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let body = iopc.follow(res).await.text().await.expect("body");
    assert!(body.contains(&format!(
        "The response is still due on {}",
        english(today + Days::new(56))
    )));
    assert!(body.contains("Refused by"));
}

#[tokio::test]
async fn another_force_cannot_respond() {
    let app = TestApp::with_demo(0).await;
    let wm = browser(&app, WM_PSD).await;
    let id = Uuid::parse_str(S1_FIREARMS).expect("uuid");
    let (status, _) = page(&wm, &format!("/recommendations/{id}")).await;
    assert_eq!(status, 404);
    let res = step(
        &wm,
        WM_PSD,
        id,
        "record_response",
        &[
            ("response", "accepted"),
            ("accepted_action", "Not ours to answer"),
        ],
    )
    .await;
    assert_eq!(res.status(), 404);
    let (stage, version) = stage_and_version(&app.db.pool, id).await;
    assert_eq!((stage.as_str(), version), ("made", 1));
    // Nor does it see the recommendation in its list.
    let (_, body) = page(&wm, "/recommendations").await;
    assert!(!body.contains("Firearms-response assessment procedures"));
    assert!(body.contains("No recommendations match"));
    // A malformed id is simply not found.
    let (status, _) = page(&wm, "/recommendations/not-a-recommendation").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn force_cannot_publish() {
    let app = TestApp::with_demo(0).await;
    let psd = browser(&app, MET_PSD).await;
    let id = Uuid::parse_str(S1_FIREARMS).expect("uuid");
    let res = step(
        &psd,
        MET_PSD,
        id,
        "record_response",
        &[
            ("response", "partially_accepted"),
            ("accepted_action", "The assessment procedure was revised."),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = step(
        &psd,
        MET_PSD,
        id,
        "publish",
        &[("summary", "We publish it ourselves.")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("This step is not open to your role"));
    let (stage, _) = stage_and_version(&app.db.pool, id).await;
    assert_eq!(stage, "response_received");
    // Nor grant itself more time.
    let iopc = browser(&app, CASEWORKER).await;
    let other = make(&iopc, "Force cannot grant").await;
    let today = today(&app.db.pool).await;
    let mut fields = date_fields("requested_on", today);
    fields.extend(date_fields("new_due", today + Days::new(90)));
    fields.push(("reason".into(), "We would like more time".into()));
    let res = step(&psd, MET_PSD, other, "grant_extension", &refs(&fields)).await;
    assert_eq!(res.status(), 422);
    let (stage, version) = stage_and_version(&app.db.pool, other).await;
    assert_eq!((stage.as_str(), version), ("made", 1));
}

#[tokio::test]
async fn publishing_before_a_response_is_refused() {
    let app = TestApp::with_demo(0).await;
    let iopc = browser(&app, CASEWORKER).await;
    let id = make(&iopc, "Not yet answered").await;
    let (_, body) = page(&iopc, &format!("/recommendations/{id}")).await;
    assert!(!Html::parse(&body).has_control_value("publish"));
    let res = step(
        &iopc,
        CASEWORKER,
        id,
        "publish",
        &[("summary", "Too early.")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("is possible only at: Response received"));
    let (stage, version) = stage_and_version(&app.db.pool, id).await;
    assert_eq!((stage.as_str(), version), ("made", 1));
}

#[tokio::test]
async fn the_iopc_records_a_response_received_by_letter_with_its_date() {
    let app = TestApp::with_demo(0).await;
    let iopc = browser(&app, CASEWORKER).await;
    let id = make(&iopc, "Answered by letter").await;
    let today = today(&app.db.pool).await;
    // A date in the future is refused beside its field, the typed action kept.
    let mut fields = date_fields("received_on", today + Days::new(1));
    fields.push(("response".into(), "not_accepted".into()));
    fields.push((
        "accepted_action".into(),
        "The force explained why it will not act".into(),
    ));
    let res = step(&iopc, CASEWORKER, id, "record_response", &refs(&fields)).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("The date the response was received must be today or in the past"));
    assert!(body.contains("The force explained why it will not act"));
    let mut fields = date_fields("received_on", today);
    fields.push(("response".into(), "not_accepted".into()));
    fields.push((
        "accepted_action".into(),
        "The force explained why it will not act".into(),
    ));
    let res = step(&iopc, CASEWORKER, id, "record_response", &refs(&fields)).await;
    assert_eq!(res.status(), 303);
    let (received, response): (Option<NaiveDate>, Option<String>) = sqlx::query_as(
        "select response_received_on, response::text from recommendation where recommendation_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("response");
    assert_eq!(
        (received, response.as_deref()),
        (Some(today), Some("not_accepted"))
    );
}

#[tokio::test]
async fn invalid_forms_answer_422_with_each_error_beside_its_field_and_the_input_kept() {
    let app = TestApp::with_demo(0).await;
    let iopc = browser(&app, CASEWORKER).await;
    let long = "x".repeat(5001);
    let res = iopc
        .post_form_as(
            CASEWORKER,
            &format!("/cases/{S1}/recommendations/new"),
            &[
                ("recipient", ""),
                ("title", "A title that is kept"),
                ("text", &long),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    let html = Html::parse(&body);
    assert_eq!(
        html.error_summary_title().as_deref(),
        Some("There is a problem")
    );
    let summary = html.error_summary_links();
    assert!(
        summary.contains(&(
            "#recipient".to_owned(),
            "Select who the recommendation is made to".to_owned()
        )),
        "{summary:?}"
    );
    assert!(
        summary
            .iter()
            .any(|(_, m)| m == "The recommendation must be 5,000 characters or fewer"),
        "{summary:?}"
    );
    assert_eq!(
        html.input_value("title").as_deref(),
        Some("A title that is kept")
    );
    let res = iopc
        .post_form_as(
            CASEWORKER,
            &format!("/cases/{S1}/recommendations/new"),
            &[
                ("recipient", "organisation"),
                ("organisation", " "),
                ("title", ""),
                ("text", "Kept text"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("Enter the name of the organisation the recommendation is made to"));
    assert!(body.contains("Enter a title for the recommendation"));
    assert!(body.contains(">Kept text</textarea>"));
    let made: i64 = sqlx::query_scalar("select count(*) from recommendation")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(made, 7, "only the seven of the scenarios");

    // The force's response with the choice left empty names it; the action typed is kept.
    let psd = browser(&app, MET_PSD).await;
    let id = Uuid::parse_str(S1_FIREARMS).expect("uuid");
    let res = step(
        &psd,
        MET_PSD,
        id,
        "record_response",
        &[("accepted_action", "Kept action")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains(
        r##"<a href="#record_response-response">Select whether the recommendation is accepted</a>"##
    ));
    assert!(body.contains(">Kept action</textarea>"));
    // An empty action too.
    let res = step(
        &psd,
        MET_PSD,
        id,
        "record_response",
        &[("response", "accepted"), ("accepted_action", "")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Enter what has been or will be done, or why nothing will be done")
    );
    let (stage, version) = stage_and_version(&app.db.pool, id).await;
    assert_eq!((stage.as_str(), version), ("made", 1));
}

#[tokio::test]
async fn a_step_on_a_recommendation_changed_meanwhile_is_a_conflict() {
    let app = TestApp::with_demo(0).await;
    let psd = browser(&app, MET_PSD).await;
    let id = Uuid::parse_str(S1_FIREARMS).expect("uuid");
    let res = psd
        .post_form_as(
            MET_PSD,
            &format!("/recommendations/{id}/actions"),
            &[
                ("version", "0"),
                ("action", "record_response"),
                ("response", "accepted"),
                ("accepted_action", "Done"),
            ],
        )
        .await;
    assert_eq!(res.status(), 409);
    let (stage, version) = stage_and_version(&app.db.pool, id).await;
    assert_eq!((stage.as_str(), version), ("made", 1));
}

/// Inserts `n` recommendations from a new case of `force_code`, made on consecutive days
/// before `first`.
async fn seed_many(pool: &PgPool, force_code: &str, reference: &str, n: i64, first: NaiveDate) {
    let case_id = CaseBuilder::conduct_matter()
        .force(force_code)
        .at(CaseStage::Recorded)
        .iopc_reference(reference)
        .summary("A case for the recommendations list")
        .insert(pool)
        .await;
    for g in 1..=n {
        RecommendationBuilder::on(case_id)
            .title(&format!("Learning for {force_code} {g}"))
            .made(first - chrono::Duration::days(g))
            .insert(pool)
            .await;
    }
}

fn next_href(body: &str) -> Option<String> {
    Html::parse(body).link_with_rel("next")
}

fn previous_href(body: &str) -> Option<String> {
    Html::parse(body).link_with_rel("prev")
}

/// The recommendations listed: one link to each.
fn rows(body: &str) -> usize {
    Html::parse(body).count(r#"a.govuk-link[href^="/recommendations/"]"#)
}

#[tokio::test]
async fn the_list_filters_by_stage_force_and_lateness_and_pages_by_keyset() {
    let app = TestApp::with_demo(0).await;
    let today = today(&app.db.pool).await;
    // 30 recent ones to the Met (none overdue), 3 to West Midlands.
    seed_many(&app.db.pool, "met", "2025/900001", 30, today).await;
    seed_many(&app.db.pool, "west-midlands", "2025/900002", 3, today).await;
    let iopc = browser(&app, CASEWORKER).await;

    // 7 of the scenarios + 33: two pages of 25, newest first.
    let (status, body) = page(&iopc, "/recommendations").await;
    assert_eq!(status, 200);
    assert_eq!(rows(&body), 25);
    assert!(body.contains("Learning for met 1<"), "the newest first");
    assert!(previous_href(&body).is_none());
    let next = next_href(&body).expect("a next page");
    let (_, second) = page(&iopc, &next).await;
    assert_eq!(rows(&second), 15);
    assert!(
        second.contains("Personal devices at crime scenes"),
        "the oldest last"
    );
    assert!(next_href(&second).is_none());
    let back = previous_href(&second).expect("a previous page");
    let (_, again) = page(&iopc, &back).await;
    assert_eq!(rows(&again), 25);
    assert!(again.contains("Learning for met 1<"));

    // By stage: the five published of S2 and S3.
    let (_, body) = page(&iopc, "/recommendations?stage=published").await;
    assert_eq!(rows(&body), 5);
    assert!(body.contains("Published</span><br>12 September 2019"));
    // By force.
    let (_, body) = page(&iopc, "/recommendations?force=west-midlands").await;
    assert_eq!(rows(&body), 3);
    assert!(body.contains("West Midlands Police"));
    // Overdue: S1's two, said in words as well as colour.
    let (_, body) = page(&iopc, "/recommendations?overdue=1").await;
    assert_eq!(rows(&body), 2);
    assert!(body.contains(r#"<strong class="app-overdue">Overdue</strong>: overdue by"#));
    assert!(body.contains("Firearms-response assessment procedures"));
    // Filters and paging together: the next page keeps the filter.
    let (_, body) = page(&iopc, "/recommendations?stage=made").await;
    let next = next_href(&body).expect("a next page");
    assert!(next.contains("stage=made"), "{next}");
    let (_, second) = page(&iopc, &next).await;
    assert_eq!(rows(&body) + rows(&second), 35);
    // A value not in the list is an error beside the filter.
    let (status, body) = page(&iopc, "/recommendations?stage=lost").await;
    assert_eq!(status, 422);
    assert!(body.contains("Select a stage from the list"));

    // A force sees those made to it: West Midlands its three, not the Met's.
    let wm = browser(&app, WM_PSD).await;
    let (_, body) = page(&wm, "/recommendations").await;
    assert_eq!(rows(&body), 3);
    assert!(!body.contains("Learning for met"));
    // ... and cannot widen its list with the force filter.
    let (_, body) = page(&wm, "/recommendations?force=met").await;
    assert_eq!(rows(&body), 3);
}

#[tokio::test]
async fn a_recommendation_to_a_force_from_another_forces_case_is_seen_without_the_case() {
    let app = TestApp::with_demo(0).await;
    let wm = force_id(&app.db.pool, "west-midlands").await;
    // A recommendation to West Midlands arising from the Met's case S1.
    let id = RecommendationBuilder::on(Uuid::parse_str(S1).expect("uuid"))
        .recipient_id(wm)
        .title("Shared learning")
        .text("Adopt the Met's revised procedure.")
        .insert(&app.db.pool)
        .await;
    let b = browser(&app, WM_PSD).await;
    let (status, body) = page(&b, &format!("/recommendations/{id}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Shared learning"));
    assert!(
        !body.contains(&format!("/cases/{S1}")),
        "the Met's case stays hidden"
    );
    assert!(!body.contains("2023/184392"));
    assert!(
        Html::parse(&body).has_control_value("record_response"),
        "West Midlands answers it"
    );
}

#[tokio::test]
async fn a_case_without_an_iopc_reference_cannot_carry_a_published_recommendation() {
    let app = TestApp::with_demo(0).await;
    let case_id = CaseBuilder::conduct_matter()
        .at(CaseStage::Recorded)
        .summary("A force case the IOPC has not dealt with")
        .insert(&app.db.pool)
        .await;
    let iopc = browser(&app, CASEWORKER).await;
    // The form says why at once, and making one is refused with the input kept.
    let (status, body) = page(&iopc, &format!("/cases/{case_id}/recommendations/new")).await;
    assert_eq!(status, 200);
    assert!(body.contains("This case has no IOPC reference yet"));
    let res = iopc
        .post_form_as(
            CASEWORKER,
            &format!("/cases/{case_id}/recommendations/new"),
            &[
                ("recipient", "organisation"),
                ("organisation", "College of Policing"),
                ("title", "Kept title"),
                ("text", "Kept text"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("This case has no IOPC reference yet"));
    assert_eq!(
        Html::parse(&body).input_value("organisation").as_deref(),
        Some("College of Policing")
    );
    // One written by hand, answered, then published: the schema refuses it, and the page
    // says so as a form error rather than failing.
    let id = RecommendationBuilder::on(case_id)
        .title("Imported")
        .made(Day::days_ago(30))
        .response_received(
            RecommendationResponse::Accepted,
            "Reviewed.",
            Day::days_ago(0),
        )
        .insert(&app.db.pool)
        .await;
    let res = step(
        &iopc,
        CASEWORKER,
        id,
        "publish",
        &[("summary", "The force reviewed its procedure.")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("This step could not be saved"));
    assert!(
        body.contains("The force reviewed its procedure."),
        "input kept"
    );
    let (stage, version) = stage_and_version(&app.db.pool, id).await;
    assert_eq!((stage.as_str(), version), ("response_received", 1));
}

/// The recommendation page builds the machine's snapshot from its own read; it must match
/// what the machine reads for itself when applying a step.
async fn the_page_reads_what_the_machine_reads(pool: &PgPool, id: Uuid) {
    use oversight::auth::session::CaseScope;
    use oversight::db::recommendations::{load_details, load_recommendation};
    let mut conn = pool.acquire().await.expect("connection");
    let details = load_details(&mut conn, id, CaseScope::All)
        .await
        .expect("details")
        .expect("visible");
    let (snapshot, version) = load_recommendation(&mut conn, id)
        .await
        .expect("snapshot")
        .expect("exists");
    assert_eq!(details.snapshot(), snapshot);
    assert_eq!(details.version, version);
}
