//! The allegation categories: the IOPC's published list (11 top-level categories and their
//! sub-categories, migration 0080), the move of allegations out of the retired top-level
//! categories, choosing a sub-category when logging, and the administrators' page that adds
//! and retires them. The database keeps a sub-category to its category and refuses to delete
//! one in use.

use chrono::{Datelike, Days, NaiveDate};
use reqwest::StatusCode;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{AllegationBuilder, CaseBuilder, Html, TestApp, TestDb};

const ADMIN: &str = "admin@iopc.example";
const MET_PSD: &str = "psd@met.example";
const DUTIES: &str = "delivery-of-duties-and-service";
const POWERS: &str = "police-powers-policies-and-procedures";

async fn today(pool: &PgPool) -> NaiveDate {
    sqlx::query_scalar("select (now() at time zone 'Europe/London')::date")
        .fetch_one(pool)
        .await
        .expect("today")
}

/// A complete conduct matter form with one allegation (`category`, `subcategory`) and one
/// subject who is its subject.
fn conduct_matter_form(
    today: NaiveDate,
    category: &str,
    subcategory: &str,
) -> Vec<(String, String)> {
    let incident = today.checked_sub_days(Days::new(5)).expect("date");
    let mut form: Vec<(String, String)> = [
        ("kind", "conduct_matter"),
        ("allegation-count", "1"),
        ("subject-count", "1"),
        (
            "summary",
            "An officer restrained a man on the ground for longer than needed.",
        ),
        ("incident-place", "Station Road, Croydon"),
        (
            "how-it-came-to-light",
            "A supervisor reviewing body-worn video",
        ),
        ("allegation-1-category", category),
        ("allegation-1-subcategory", subcategory),
        (
            "allegation-1-description",
            "Kept the man restrained after he had stopped resisting",
        ),
        ("subject-1-kind", "police_officer"),
        ("subject-1-name", "PC Lee Ward"),
        ("subject-1-allegations", "1"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (id, d) in [("incident-date", incident), ("received-on", today)] {
        form.push((format!("{id}-day"), d.day().to_string()));
        form.push((format!("{id}-month"), d.month().to_string()));
        form.push((format!("{id}-year"), d.year().to_string()));
    }
    form
}

/// Posts a form as `email` (several browsers are signed in at once).
async fn post(
    app: &TestApp,
    email: &str,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form_as(email, path, &fields).await
}

async fn body(res: reqwest::Response) -> String {
    res.text().await.expect("body")
}

fn case_id_of(res: &reqwest::Response) -> Uuid {
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

/// The database's refusal of a statement, as its constraint's name.
async fn refused_by(pool: &PgPool, sql: &str) -> String {
    match sqlx::query(sql).execute(pool).await {
        Ok(_) => panic!("the database accepted: {sql}"),
        Err(sqlx::Error::Database(e)) => e.constraint().unwrap_or_default().to_owned(),
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// IOPC, Police complaints statistics for England and Wales (annual report), table of
/// allegations logged: the 11 top-level categories, in its order.
#[tokio::test]
async fn iopc_annual_report_the_11_top_level_categories_in_the_published_order() {
    let db = TestDb::new().await;
    let names: Vec<String> = sqlx::query_scalar(
        "select name from allegation_category where active order by sort_order, name",
    )
    .fetch_all(&db.pool)
    .await
    .expect("categories");
    assert_eq!(
        names,
        [
            "Delivery of duties and service",
            "Police powers, policies and procedures",
            "Handling of or damage to property / premises",
            "Access and/or disclosure of information",
            "Use of police vehicles",
            "Discriminatory behaviour",
            "Abuse of position / corruption",
            "Individual behaviours",
            "Sexual conduct",
            "Discreditable conduct",
            "Other",
        ]
    );
    // The codes tests, demo data and statistics rely on are kept.
    let codes: Vec<String> = sqlx::query_scalar("select code from allegation_category")
        .fetch_all(&db.pool)
        .await
        .expect("codes");
    for code in [
        DUTIES,
        POWERS,
        "discriminatory-behaviour",
        "use-of-police-vehicles",
    ] {
        assert!(codes.iter().any(|c| c == code), "{code} kept");
    }
    for gone in ["use-of-force", "detention-in-police-custody"] {
        assert!(
            !codes.iter().any(|c| c == gone),
            "{gone} is no longer top-level"
        );
    }
}

/// IOPC annual report, table of finalised allegations: the sub-categories, with the forces'
/// letter-and-number codes; those not confirmed against the published table are marked
/// unverified (domain.md section 4: sexual conduct, discreditable conduct, other).
#[tokio::test]
async fn iopc_annual_report_subcategories_are_seeded_with_their_codes_and_unverified_flag() {
    let db = TestDb::new().await;
    let rows: Vec<(String, String, String, bool)> = sqlx::query_as(
        "select s.category_code, s.iopc_code, s.name, s.unverified
           from allegation_subcategory s join allegation_category c on c.code = s.category_code
          order by c.sort_order, s.sort_order",
    )
    .fetch_all(&db.pool)
    .await
    .expect("sub-categories");
    let of = |category: &str| -> Vec<(&str, &str)> {
        rows.iter()
            .filter(|r| r.0 == category)
            .map(|r| (r.1.as_str(), r.2.as_str()))
            .collect()
    };
    assert_eq!(
        of(POWERS),
        [
            ("B1", "Stops, and stop and search"),
            ("B2", "Searches of premises and seizure of property"),
            ("B3", "Power to arrest and detain"),
            ("B4", "Detention in police custody"),
            ("B5", "Bail, identification and interview procedures"),
            ("B6", "Use of force"),
            ("B7", "Evidential procedures"),
            ("B8", "Out of court disposals"),
            ("B9", "Other policies and procedures"),
        ]
    );
    assert_eq!(
        of(DUTIES),
        [
            ("A1", "Police action following contact"),
            ("A2", "Decisions"),
            ("A3", "General level of service"),
            ("A4", "Information"),
        ]
    );
    assert_eq!(of("discriminatory-behaviour").len(), 10);
    assert_eq!(of("abuse-of-position-corruption").len(), 6);
    assert_eq!(of("individual-behaviours").len(), 4);
    assert_eq!(of("access-and-or-disclosure-of-information").len(), 4);
    assert!(of("use-of-police-vehicles").is_empty());
    assert!(of("handling-of-or-damage-to-property-premises").is_empty());
    let unverified: Vec<&str> = rows.iter().filter(|r| r.3).map(|r| r.1.as_str()).collect();
    assert_eq!(unverified, ["J1", "J2", "J3", "K1", "L1"]);
}

/// Allegations logged under the old top-level "Use of force" and "Detention in police
/// custody" (migration 0012) move to those sub-categories of "Police powers, policies and
/// procedures", through the migration's own function.
#[tokio::test]
async fn existing_allegations_in_the_retired_top_level_categories_move_to_their_subcategories() {
    let db = TestDb::new().await;
    // The rows as they were before migration 0080.
    sqlx::query(
        "insert into allegation_category (code, name, sort_order) values
            ('use-of-force', 'Use of force', 100),
            ('detention-in-police-custody', 'Detention in police custody', 110)",
    )
    .execute(&db.pool)
    .await
    .expect("the old categories");
    let case = CaseBuilder::complaint()
        .allegation(AllegationBuilder::new(
            "use-of-force",
            "Pushed to the ground",
        ))
        .allegation(AllegationBuilder::new(
            "detention-in-police-custody",
            "Left without water in a cell",
        ))
        .allegation(AllegationBuilder::new(DUTIES, "Did not return calls"))
        .insert_all(&db.pool)
        .await;
    let moved: i32 = sqlx::query_scalar("select remap_retired_allegation_categories()")
        .fetch_one(&db.pool)
        .await
        .expect("the mapping");
    assert_eq!(moved, 2);
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "select category_code, subcategory_code from allegation where case_id = $1 order by entry_order",
    )
    .bind(case.id.0)
    .fetch_all(&db.pool)
    .await
    .expect("allegations");
    assert_eq!(
        rows,
        [
            (POWERS.to_owned(), Some("use-of-force".to_owned())),
            (
                POWERS.to_owned(),
                Some("detention-in-police-custody".to_owned())
            ),
            (DUTIES.to_owned(), None),
        ]
    );
    let left: i64 = sqlx::query_scalar(
        "select count(*) from allegation_category where code in ('use-of-force', 'detention-in-police-custody')",
    )
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(left, 0, "the old top-level categories are gone");
}

/// The schema holds the rule a second time: a sub-category belongs to its allegation's
/// category (`allegation_subcategory_fkey`), and a category or sub-category that allegations
/// use cannot be deleted.
#[tokio::test]
async fn the_database_keeps_a_subcategory_to_its_category_and_refuses_to_delete_one_in_use() {
    let db = TestDb::new().await;
    let case = CaseBuilder::complaint()
        .allegation(AllegationBuilder::new(DUTIES, "Did not attend"))
        .insert_all(&db.pool)
        .await;
    let allegation = case.allegations[0].0;
    let mismatched = format!(
        "update allegation set subcategory_code = 'use-of-force' where allegation_id = '{allegation}'"
    );
    assert_eq!(
        refused_by(&db.pool, &mismatched).await,
        "allegation_subcategory_fkey"
    );
    sqlx::query(
        "update allegation set subcategory_code = 'police-action-following-contact' where allegation_id = $1",
    )
    .bind(allegation)
    .execute(&db.pool)
    .await
    .expect("a sub-category of its category");
    // Moving the allegation to another category without its sub-category is refused too.
    let moved = format!(
        "update allegation set category_code = '{POWERS}' where allegation_id = '{allegation}'"
    );
    assert_eq!(
        refused_by(&db.pool, &moved).await,
        "allegation_subcategory_fkey"
    );

    assert_eq!(
        refused_by(
            &db.pool,
            "delete from allegation_subcategory where code = 'police-action-following-contact'"
        )
        .await,
        "allegation_subcategory_fkey"
    );
    assert_eq!(
        refused_by(
            &db.pool,
            &format!("delete from allegation_category where code = '{DUTIES}'")
        )
        .await,
        "allegation_category_code_fkey"
    );
    // One nobody uses can go.
    sqlx::query("delete from allegation_subcategory where code = 'out-of-court-disposals'")
        .execute(&db.pool)
        .await
        .expect("an unused sub-category");
}

/// Logging through the form: the sub-categories are offered under their categories with
/// what each covers, and the case and subject pages show "Category: sub-category".
#[tokio::test]
async fn logging_an_allegation_with_a_category_and_subcategory_shows_both_on_the_case_and_subject_pages()
 {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;

    let page = body(app.get("/cases/new?kind=conduct_matter").await).await;
    let html = Html::parse(&page);
    assert!(html.offers("allegation-1-subcategory", "use-of-force"));
    assert_eq!(
        html.texts("select[name=allegation-1-subcategory] optgroup[label='Police powers, policies and procedures'] option")
            .first()
            .map(String::as_str),
        Some("B1 Stops, and stop and search")
    );
    assert_eq!(
        html.count("select[name=allegation-1-subcategory] optgroup"),
        9,
        "a group for each category with sub-categories"
    );
    assert!(html.says("What the categories and sub-categories cover"));
    assert!(html.says(
        "B6 Use of force: Force used, including restraint, handcuffs, Taser, irritant spray, batons, firearms and police dogs."
    ));

    let res = post(
        &app,
        MET_PSD,
        "/cases/new",
        &conduct_matter_form(today, POWERS, "use-of-force"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_id = case_id_of(&res);
    let stored: (String, Option<String>) =
        sqlx::query_as("select category_code, subcategory_code from allegation where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("the allegation");
    assert_eq!(stored, (POWERS.to_owned(), Some("use-of-force".to_owned())));

    let case_page = Html::parse(&body(app.get(&format!("/cases/{case_id}")).await).await);
    assert!(case_page.says("Police powers, policies and procedures: Use of force"));

    let subject: Uuid =
        sqlx::query_scalar("select case_subject_id from case_subject where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("the subject");
    let subject_page = Html::parse(
        &body(
            app.get(&format!("/cases/{case_id}/subjects/{subject}"))
                .await,
        )
        .await,
    );
    assert!(subject_page.says("Police powers, policies and procedures: Use of force"));

    // A sub-category chosen alone gives the allegation its category.
    let res = post(
        &app,
        MET_PSD,
        "/cases/new",
        &conduct_matter_form(today, "", "stops-and-stop-and-search"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let category: String =
        sqlx::query_scalar("select category_code from allegation where case_id = $1")
            .bind(case_id_of(&res))
            .fetch_one(&app.db.pool)
            .await
            .expect("the allegation");
    assert_eq!(category, POWERS);
}

/// IOPC data-capture guidance: an allegation's sub-category is one of its category's. A
/// sub-category of another category is refused beside the field, with everything kept.
#[tokio::test]
async fn iopc_data_capture_a_subcategory_of_another_category_is_refused_beside_the_field_with_the_input_kept()
 {
    let app = TestApp::with_demo(0).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;
    let before: i64 = sqlx::query_scalar("select count(*) from allegation")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");

    let res = post(
        &app,
        MET_PSD,
        "/cases/new",
        &conduct_matter_form(today, DUTIES, "use-of-force"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse(&body(res).await);
    let message = html
        .error_for("allegation-1-subcategory")
        .expect("an error beside the sub-category");
    assert!(message.contains("belongs to another category"), "{message}");
    assert!(html.error_for("allegation-1-category").is_none());
    assert_eq!(
        html.error_summary_links(),
        [("#allegation-1-subcategory".to_owned(), message.clone())]
    );
    assert_eq!(
        html.selected("allegation-1-category").as_deref(),
        Some(DUTIES)
    );
    assert_eq!(
        html.selected("allegation-1-subcategory").as_deref(),
        Some("use-of-force")
    );
    assert_eq!(
        html.textarea_value("allegation-1-description").as_deref(),
        Some("Kept the man restrained after he had stopped resisting")
    );
    assert_eq!(
        html.input_value("subject-1-name").as_deref(),
        Some("PC Lee Ward")
    );
    let after: i64 = sqlx::query_scalar("select count(*) from allegation")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(after, before, "nothing was saved");
}

/// An administrator adds a sub-category (audited), it is offered for new allegations; once
/// retired it is no longer offered, and stays on the allegation that has it.
#[tokio::test]
async fn an_administrator_adds_and_retires_a_subcategory_which_stays_on_existing_allegations() {
    let app = TestApp::with_demo(0).await;
    let admin = app.another_browser();
    admin.sign_in(ADMIN).await;
    app.sign_in(MET_PSD).await;
    let today = today(&app.db.pool).await;

    // The list shows the published list, with the unverified sub-categories marked.
    let list = Html::parse(&body(admin.get("/admin/categories").await).await);
    assert_eq!(list.heading().as_deref(), Some("Allegation categories"));
    let sexual_assault = list.texts("#subcategory-sexual-assault td");
    assert!(
        sexual_assault.iter().any(|t| t.contains("Unverified")),
        "{sexual_assault:?}"
    );
    let use_of_force = list.texts("#subcategory-use-of-force td");
    assert!(!use_of_force.iter().any(|t| t.contains("Unverified")));

    // A code of another category's letter is refused beside the field, the input kept.
    let form = |code: &str| -> Vec<(String, String)> {
        [
            ("category", POWERS),
            ("iopc-code", code),
            ("name", "Road checks"),
            ("description", "Stopping vehicles at a road check."),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    };
    let res = post(
        &admin,
        ADMIN,
        "/admin/categories/subcategories",
        &form("A10"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse(&body(res).await);
    assert!(
        html.error_for("iopc-code")
            .is_some_and(|m| m.contains("start with B")),
        "{:?}",
        html.error_for("iopc-code")
    );
    assert_eq!(html.input_value("name").as_deref(), Some("Road checks"));
    assert_eq!(html.selected("category").as_deref(), Some(POWERS));

    let res = post(
        &admin,
        ADMIN,
        "/admin/categories/subcategories",
        &form("b10"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = Html::parse(&body(admin.follow(res).await).await);
    assert_eq!(
        list.success_banner().as_deref().map(crate::support::normalise),
        Some(
            "Success The sub-category “B10 Road checks” of Police powers, policies and procedures was added. It is offered for new allegations."
                .to_owned()
        )
    );
    let added: (String, String, bool) = sqlx::query_as(
        "select code, iopc_code, unverified from allegation_subcategory where name = 'Road checks'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("added");
    assert_eq!(added, ("road-checks".to_owned(), "B10".to_owned(), false));

    // Offered when logging, and taken.
    let page = Html::parse(&body(app.get("/cases/new?kind=conduct_matter").await).await);
    assert!(page.offers("allegation-1-subcategory", "road-checks"));
    let res = post(
        &app,
        MET_PSD,
        "/cases/new",
        &conduct_matter_form(today, POWERS, "road-checks"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let case_id = case_id_of(&res);

    // Retired: the banner says it stays on the allegation that has it.
    let retire: Vec<(String, String)> = vec![
        ("category".to_owned(), POWERS.to_owned()),
        ("subcategory".to_owned(), "road-checks".to_owned()),
    ];
    let res = post(&admin, ADMIN, "/admin/categories/retire", &retire).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = Html::parse(&body(admin.follow(res).await).await);
    assert!(
        list.success_banner().is_some_and(|b| b.contains(
            "was retired. It is no longer offered for new allegations, and stays on the 1 allegation that has it."
        )),
        "{:?}",
        list.success_banner()
    );
    assert!(
        list.texts("#subcategory-road-checks td")
            .iter()
            .any(|t| t.contains("Retired"))
    );

    // No longer offered, refused if posted, and still shown on the allegation that has it.
    let page = Html::parse(&body(app.get("/cases/new?kind=conduct_matter").await).await);
    assert!(!page.offers("allegation-1-subcategory", "road-checks"));
    assert!(page.offers("allegation-1-subcategory", "use-of-force"));
    let res = post(
        &app,
        MET_PSD,
        "/cases/new",
        &conduct_matter_form(today, POWERS, "road-checks"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse(&body(res).await);
    assert!(html.error_for("allegation-1-subcategory").is_some());
    let case_page = Html::parse(&body(app.get(&format!("/cases/{case_id}")).await).await);
    assert!(case_page.says("Police powers, policies and procedures: Road checks"));

    // Offered again.
    let res = post(&admin, ADMIN, "/admin/categories/restore", &retire).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = Html::parse(&body(app.get("/cases/new?kind=conduct_matter").await).await);
    assert!(page.offers("allegation-1-subcategory", "road-checks"));

    // Every change is in the audit trail, by the administrator.
    let events: Vec<(String, serde_json::Value)> = sqlx::query_as(
        "select action, details from audit_event where entity_kind = 'allegation_category'
          order by audit_event_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("events");
    let actions: Vec<&str> = events.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "allegation_subcategory_added",
            "allegation_subcategory_retired",
            "allegation_subcategory_restored"
        ]
    );
    assert_eq!(events[1].1["subcategory_code"], "road-checks");
    assert_eq!(events[1].1["category_code"], POWERS);
}

/// An administrator adds a top-level category after the others, and retiring a category
/// stops it and its sub-categories being offered.
#[tokio::test]
async fn an_administrator_adds_a_category_and_retiring_one_hides_it_and_its_subcategories() {
    let app = TestApp::with_demo(0).await;
    let admin = app.another_browser();
    admin.sign_in(ADMIN).await;
    app.sign_in(MET_PSD).await;

    let empty: Vec<(String, String)> = vec![("name".to_owned(), " ".to_owned())];
    let res = post(&admin, ADMIN, "/admin/categories", &empty).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse(&body(res).await);
    assert_eq!(
        html.error_for("name").as_deref(),
        Some("Enter the name of the category")
    );
    let duplicate: Vec<(String, String)> = vec![("name".to_owned(), "other".to_owned())];
    let res = post(&admin, ADMIN, "/admin/categories", &duplicate).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let new: Vec<(String, String)> = vec![
        ("name".to_owned(), "Online conduct".to_owned()),
        (
            "description".to_owned(),
            "Conduct on social media and messaging services.".to_owned(),
        ),
    ];
    let res = post(&admin, ADMIN, "/admin/categories", &new).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let last: String =
        sqlx::query_scalar("select code from allegation_category order by sort_order desc limit 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("last");
    assert_eq!(last, "online-conduct");
    let page = Html::parse(&body(app.get("/cases/new?kind=conduct_matter").await).await);
    assert!(page.offers("allegation-1-category", "online-conduct"));

    let retire: Vec<(String, String)> = vec![("category".to_owned(), POWERS.to_owned())];
    let res = post(&admin, ADMIN, "/admin/categories/retire", &retire).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = Html::parse(&body(app.get("/cases/new?kind=conduct_matter").await).await);
    assert!(!page.offers("allegation-1-category", POWERS));
    assert!(!page.offers("allegation-1-subcategory", "use-of-force"));

    let unknown: Vec<(String, String)> = vec![("category".to_owned(), "no-such".to_owned())];
    let res = post(&admin, ADMIN, "/admin/categories/retire", &unknown).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_event where entity_kind = 'allegation_category' order by audit_event_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("events");
    assert_eq!(
        actions,
        ["allegation_category_added", "allegation_category_retired"]
    );
}
