//! The schema: migrations apply, the Postgres enums mirror the Rust vocabulary, and the
//! database itself refuses records the law does not allow.

use oversight::domain::*;
use sqlx::PgPool;

use crate::support::{TestDb, local_review};

/// Scenario S2, a complaint the Metropolitan Police Service recorded.
const S2_CASE: uuid::Uuid = uuid::uuid!("5ce00002-0001-4000-8000-000000000001");

/// The labels of a Postgres enum type, in order.
async fn pg_enum(pool: &PgPool, type_name: &str) -> Vec<String> {
    sqlx::query_scalar(
        "select e.enumlabel::text from pg_enum e join pg_type t on t.oid = e.enumtypid
         where t.typname = $1 order by e.enumsortorder",
    )
    .bind(type_name)
    .fetch_all(pool)
    .await
    .expect("enum labels")
}

#[tokio::test]
async fn postgres_enums_mirror_the_rust_vocabulary() {
    let db = TestDb::new().await;
    for (type_name, values) in every_closed_set() {
        assert_eq!(
            pg_enum(&db.pool, type_name).await,
            values,
            "Postgres enum {type_name} differs from the Rust type"
        );
    }
}

/// The SQLSTATE of a refused statement.
async fn refused(pool: &PgPool, sql: &str) -> String {
    let err = sqlx::raw_sql(sql)
        .execute(pool)
        .await
        .expect_err("the database should refuse this");
    err.as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

const MET_CASE: &str = "insert into case_record (case_id, kind, force_id, received_on, summary)
     select '00000000-0000-0000-0000-00000000c001', 'complaint', police_force_id, date '2025-03-01', 'A complaint'
     from police_force where code = 'met';";

#[tokio::test]
async fn an_allegation_without_a_case_is_refused() {
    let db = TestDb::new().await;
    let no_case = "insert into allegation (category_code, description) values ('delivery-of-duties-and-service', 'x')";
    assert_eq!(refused(&db.pool, no_case).await, "23502", "not null");
    let unknown_case = "insert into allegation (case_id, category_code, description)
        values ('00000000-0000-0000-0000-0000000000ff', 'delivery-of-duties-and-service', 'x')";
    let code = refused(&db.pool, unknown_case).await;
    assert!(
        code == "23503" || code == "23502",
        "foreign key, got {code}"
    );
}

#[tokio::test]
async fn a_case_of_unknown_kind_is_refused() {
    let db = TestDb::new().await;
    let sql = "insert into case_record (kind, force_id, received_on, summary)
        select 'grievance', police_force_id, current_date, 'x' from police_force where code = 'met'";
    assert_eq!(refused(&db.pool, sql).await, "22P02", "invalid enum value");
}

#[tokio::test]
async fn a_subject_determination_outside_the_allowed_set_is_refused() {
    let db = TestDb::new().await;
    sqlx::raw_sql(&format!(
        "{MET_CASE}
         insert into subject (subject_id, kind, name, force_id)
           select '00000000-0000-0000-0000-00000000d001', 'police_officer', 'Officer A', police_force_id from police_force where code = 'met';
         insert into case_subject (case_subject_id, case_id, subject_id)
           values ('00000000-0000-0000-0000-00000000e001', '00000000-0000-0000-0000-00000000c001', '00000000-0000-0000-0000-00000000d001');"
    ))
    .execute(&db.pool)
    .await
    .expect("setup");
    let sql = "update case_subject set determination = 'guilty', determined_by = 'iopc', determined_on = current_date
        where case_subject_id = '00000000-0000-0000-0000-00000000e001'";
    assert_eq!(refused(&db.pool, sql).await, "22P02");
    // A known determination without who made it and when is refused too.
    let incomplete = "update case_subject set determination = 'no_case_to_answer'
        where case_subject_id = '00000000-0000-0000-0000-00000000e001'";
    assert_eq!(refused(&db.pool, incomplete).await, "23514");
}

#[tokio::test]
async fn a_recommendation_without_a_recipient_is_refused() {
    let db = TestDb::new().await;
    for recipient in ["null", "'   '"] {
        let sql = format!(
            "insert into recommendation (recipient_name, recommendation_text, made_on, response_due_on)
             values ({recipient}, 'Review the firearms assessment procedure', date '2022-01-20', date '2022-03-17')"
        );
        assert_eq!(
            refused(&db.pool, &sql).await,
            "23514",
            "recipient {recipient}"
        );
    }
}

#[tokio::test]
async fn legacy_only_modes_and_stages_are_refused_on_a_current_case() {
    let db = TestDb::new().await;
    sqlx::raw_sql(MET_CASE)
        .execute(&db.pool)
        .await
        .expect("setup");
    let id = "'00000000-0000-0000-0000-00000000c001'";
    assert_eq!(
        refused(
            &db.pool,
            &format!(
                "update case_record set investigation_mode = 'supervised' where case_id = {id}"
            )
        )
        .await,
        "23514"
    );
    assert_eq!(
        refused(
            &db.pool,
            &format!("update case_record set stage = 'discontinued' where case_id = {id}")
        )
        .await,
        "23514"
    );
}

#[tokio::test]
async fn bank_holidays_cover_2018_to_2028_including_the_2022_extra_days() {
    let db = TestDb::new().await;
    let years: Vec<f64> = sqlx::query_scalar(
        "select distinct extract(year from holiday_on)::float8 from bank_holiday order by 1",
    )
    .fetch_all(&db.pool)
    .await
    .expect("years");
    assert_eq!(years.first().copied(), Some(2018.0));
    assert_eq!(years.last().copied(), Some(2028.0));
    for day in [
        "2022-06-02",
        "2022-06-03",
        "2022-09-19",
        "2023-05-08",
        "2025-04-18",
        "2025-12-25",
    ] {
        let found: bool = sqlx::query_scalar(
            "select exists (select 1 from bank_holiday where holiday_on = $1::date)",
        )
        .bind(day)
        .fetch_one(&db.pool)
        .await
        .expect("lookup");
        assert!(found, "{day} is a bank holiday");
    }
}

#[tokio::test]
async fn reference_data_holds_every_territorial_force_with_its_local_policing_body() {
    let db = TestDb::new().await;
    let (territorial, with_lpb): (i64, i64) = sqlx::query_as(
        "select count(*), count(local_policing_body_id) from police_force where kind = 'territorial'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(territorial, 43);
    assert_eq!(with_lpb, 43);
    let btp: bool =
        sqlx::query_scalar("select exists (select 1 from police_force where code = 'btp')")
            .fetch_one(&db.pool)
            .await
            .expect("btp");
    assert!(btp, "British Transport Police is under the IOPC's remit");
}

/// A service given `DATABASE_URL` brings that database's schema and workflow mirror up to
/// date at start-up, as it does the embedded cluster.
#[tokio::test]
async fn an_empty_database_given_by_url_is_migrated_at_start_up() {
    use sqlx::{ConnectOptions, Executor};
    let db = crate::support::TestDb::new().await;
    let name = format!("empty_{}", std::process::id());
    let mut admin = db
        .options
        .clone()
        .database("postgres")
        .connect()
        .await
        .expect("connect");
    admin
        .execute(format!("drop database if exists {name}").as_str())
        .await
        .expect("drop");
    admin
        .execute(format!("create database {name} template template0").as_str())
        .await
        .expect("create");
    let host = db
        .options
        .get_socket()
        .map(|dir| dir.display().to_string())
        .unwrap_or_else(|| db.options.get_host().to_owned());
    let url = format!(
        "postgresql://{}@localhost/{name}?host={host}&port={}",
        db.options.get_username(),
        db.options.get_port()
    );
    let args = oversight::config::DbArgs {
        data_dir: std::path::PathBuf::from("unused"),
        database_url: Some(url),
        pool_size: 2,
    };
    let opened = oversight::db::open(&args).await.expect("open and prepare");
    let transitions: i64 = sqlx::query_scalar("select count(*) from workflow_transition")
        .fetch_one(&opened.pool)
        .await
        .expect("the workflow mirror exists");
    assert!(transitions > 50, "the mirror is filled: {transitions}");
    opened.pool.close().await;
    admin
        .execute(format!("drop database {name} with (force)").as_str())
        .await
        .expect("drop");
}

/// The case scope is one SQL function; the planner must inline it, or every scoped list would
/// call it once per row and never use a force's index.
#[tokio::test]
async fn the_case_scope_is_inlined_so_a_forces_index_is_used() {
    let db = TestDb::new().await;
    let force: uuid::Uuid =
        sqlx::query_scalar("select police_force_id from police_force where code = 'met'")
            .fetch_one(&db.pool)
            .await
            .expect("the query");
    let mut conn = db.pool.acquire().await.expect("the query");
    // A prepared statement, as the service runs it, with the force bound.
    let plan: Vec<String> = sqlx::query_scalar(
        "explain (costs off) select c.case_id from case_record c
          where case_in_scope(c.force_id, c.case_id, $1, $2, $3)",
    )
    .bind(force)
    .bind(None::<uuid::Uuid>)
    .bind(false)
    .fetch_all(&mut *conn)
    .await
    .expect("the query");
    let plan = plan.join("\n");
    assert!(!plan.contains("case_in_scope"), "not inlined:\n{plan}");
    assert!(
        plan.contains("Index"),
        "the force's index is not used:\n{plan}"
    );
    assert!(
        plan.contains("force_id ="),
        "the force is not an index condition:\n{plan}"
    );
}

/// A review body sees only the cases with a review it decides; nobody's scope sees nothing.
#[tokio::test]
async fn the_case_scope_gives_a_review_body_only_the_cases_it_reviews() {
    let db = TestDb::new().await;
    let visible = |force: Option<uuid::Uuid>, lpb: Option<uuid::Uuid>, nothing: bool| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "select count(*) from case_record c where case_in_scope(c.force_id, c.case_id, $1, $2, $3)",
            )
            .bind(force)
            .bind(lpb)
            .bind(nothing)
            .fetch_one(&pool)
            .await
            .expect("the query")
        }
    };
    oversight::demo::load(
        &db.pool,
        &oversight::demo::DemoOptions {
            seed: 1,
            synthetic: 40,
        },
    )
    .await
    .expect("demo");
    let all = visible(None, None, false).await;
    assert!(all > 0);
    assert_eq!(visible(None, None, true).await, 0, "no scope sees nothing");
    // A review of scenario S2 decided by the Mayor's Office for Policing and Crime.
    let lpb = local_review(&db.pool, S2_CASE, "mopac").await;
    let reviewed: i64 = sqlx::query_scalar(
        "select count(distinct case_id) from review where local_policing_body_id = $1",
    )
    .bind(lpb)
    .fetch_one(&db.pool)
    .await
    .expect("the query");
    assert!(reviewed >= 1 && reviewed < all);
    assert_eq!(visible(None, Some(lpb), false).await, reviewed);
}
