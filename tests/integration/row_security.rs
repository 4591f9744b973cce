//! Force scoping enforced by the database as well: with a user's scope set on the transaction,
//! the application role sees only that scope's case data, even through a query with no scope
//! condition of its own.

use oversight::auth::session::CaseScope;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{TestDb, force_id, local_review};

/// Scenario S2, a complaint the Metropolitan Police Service recorded.
const S2_CASE: uuid::Uuid = uuid::uuid!("5ce00002-0001-4000-8000-000000000001");

/// Every table that holds case data, with how to find the force of each of its rows (read as
/// the owner, whom the policies do not restrict).
const CASE_TABLES: &[(&str, &str)] = &[
    ("case_record", "select force_id from case_record"),
    (
        "allegation",
        "select c.force_id from allegation t join case_record c using (case_id)",
    ),
    (
        "allegation_subject",
        "select c.force_id from allegation_subject t join case_record c using (case_id)",
    ),
    (
        "case_complainant",
        "select c.force_id from case_complainant t join case_record c using (case_id)",
    ),
    (
        "case_referral_ground",
        "select c.force_id from case_referral_ground t join case_record c using (case_id)",
    ),
    (
        "case_subject",
        "select c.force_id from case_subject t join case_record c using (case_id)",
    ),
    (
        "complainant_access",
        "select c.force_id from complainant_access t join case_record c using (case_id)",
    ),
    (
        "contact_log_entry",
        "select c.force_id from contact_log_entry t join case_record c using (case_id)",
    ),
    (
        "evidence_item",
        "select c.force_id from evidence_item t join case_record c using (case_id)",
    ),
    (
        "investigation",
        "select c.force_id from investigation t join case_record c using (case_id)",
    ),
    (
        "referral",
        "select c.force_id from referral t join case_record c using (case_id)",
    ),
    (
        "review",
        "select c.force_id from review t join case_record c using (case_id)",
    ),
    (
        "withheld_item",
        "select c.force_id from withheld_item t join case_record c using (case_id)",
    ),
    (
        "audit_event",
        "select c.force_id from audit_event t join case_record c using (case_id)",
    ),
    (
        "investigation_notice",
        "select c.force_id from investigation_notice t join investigation i using (investigation_id) join case_record c on c.case_id = i.case_id",
    ),
    (
        "investigation_suspension",
        "select c.force_id from investigation_suspension t join investigation i using (investigation_id) join case_record c on c.case_id = i.case_id",
    ),
    (
        "proceedings",
        "select c.force_id from proceedings t join case_subject s using (case_subject_id) join case_record c on c.case_id = s.case_id",
    ),
    (
        "proceedings_allegation_finding",
        "select c.force_id from proceedings_allegation_finding t join proceedings p using (proceedings_id) join case_subject s on s.case_subject_id = p.case_subject_id join case_record c on c.case_id = s.case_id",
    ),
];

/// Rows of `table` a deliberately unscoped select returns to the application role, with
/// `scope` set as the service sets it.
async fn unscoped_count(pool: &PgPool, scope: CaseScope, table: &str) -> i64 {
    let mut tx = oversight::db::list_transaction(pool, scope)
        .await
        .expect("scoped transaction");
    let role: String = sqlx::query_scalar("select current_user::text")
        .fetch_one(&mut *tx)
        .await
        .expect("role");
    assert_eq!(
        role, "oversight_app",
        "the service acts as its application role"
    );
    let n = sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(&mut *tx)
        .await
        .expect("count");
    tx.rollback().await.expect("rollback");
    n
}

/// Rows of a table that belong to cases of `force` (`None`: every row that belongs to a case).
async fn owned_count(db: &TestDb, rows_sql: &str, force: Option<Uuid>) -> i64 {
    let mut conn = db.owner_connection().await;
    sqlx::query_scalar(&format!(
        "select count(*) from ({rows_sql}) x where $1::uuid is null or x.force_id = $1"
    ))
    .bind(force)
    .fetch_one(&mut conn)
    .await
    .expect("owner's count")
}

#[tokio::test]
async fn an_unscoped_select_sees_only_the_forces_rows_of_every_case_table() {
    let db = TestDb::new().await;
    oversight::demo::load(
        &db.pool,
        &oversight::demo::DemoOptions {
            seed: 3,
            synthetic: 120,
        },
    )
    .await
    .expect("demo");
    let met = force_id(&db.pool, "met").await;
    for (table, rows_sql) in CASE_TABLES {
        let everyone = owned_count(&db, rows_sql, None).await;
        let theirs = owned_count(&db, rows_sql, Some(met)).await;
        assert_eq!(
            unscoped_count(&db.pool, CaseScope::Force(met), table).await,
            theirs,
            "{table}: a Met user sees only the Met's rows"
        );
        if *table == "audit_event" {
            continue;
        }
        assert_eq!(
            unscoped_count(&db.pool, CaseScope::All, table).await,
            everyone,
            "{table}: the IOPC sees every force's rows"
        );
        assert_eq!(
            unscoped_count(&db.pool, CaseScope::Nothing, table).await,
            0,
            "{table}: no scope sees nothing"
        );
    }
    // A recommendation is its case's force's and its recipient force's.
    let mut owner = db.owner_connection().await;
    let (all_recommendations, mets): (i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where r.case_id is null or r.recipient_force_id = $1
                                              or c.force_id = $1)
           from recommendation r left join case_record c on c.case_id = r.case_id",
    )
    .bind(met)
    .fetch_one(&mut owner)
    .await
    .expect("recommendations");
    assert!(all_recommendations > 0);
    assert_eq!(
        unscoped_count(&db.pool, CaseScope::Force(met), "recommendation").await,
        mets
    );
    assert_eq!(
        unscoped_count(&db.pool, CaseScope::All, "recommendation").await,
        all_recommendations
    );
    // A review body sees the cases it reviews (its part of the scope reads review, whose own
    // policy reads case_record: the two must not call each other for ever).
    // The generated cases hold reviews too: the cases and reviews it decides are counted
    // apart from the policies, as the owner.
    let lpb = local_review(&db.pool, S2_CASE, "mopac").await;
    let (cases, reviews): (i64, i64) = sqlx::query_as(
        "select count(distinct case_id), count(*) from review where local_policing_body_id = $1",
    )
    .bind(lpb)
    .fetch_one(&mut owner)
    .await
    .expect("the body's reviews");
    assert!(cases >= 1, "S2's review at least");
    assert_eq!(
        unscoped_count(&db.pool, CaseScope::ReviewBody(lpb), "case_record").await,
        cases
    );
    assert_eq!(
        unscoped_count(&db.pool, CaseScope::ReviewBody(lpb), "review").await,
        reviews
    );
    // Not vacuous: the Met has rows and other forces have more.
    let all = owned_count(&db, "select force_id from case_record", None).await;
    let theirs = owned_count(&db, "select force_id from case_record", Some(met)).await;
    assert!(theirs > 0 && theirs < all, "{theirs} of {all}");
}

#[tokio::test]
async fn the_application_role_cannot_bypass_row_level_security() {
    let db = TestDb::new().await;
    let mut conn = db.owner_connection().await;
    let bypass: bool = sqlx::query_scalar(
        "select rolbypassrls or rolsuper from pg_roles where rolname = 'oversight_app'",
    )
    .fetch_one(&mut conn)
    .await
    .expect("role");
    assert!(!bypass);
    for (table, _) in CASE_TABLES
        .iter()
        .chain(&[("recommendation", ""), ("person", "")])
    {
        let (on, owner): (bool, String) = sqlx::query_as(
            "select relrowsecurity, pg_get_userbyid(relowner)::text from pg_class where relname = $1",
        )
        .bind(table)
        .fetch_one(&mut conn)
        .await
        .expect("table");
        assert!(on, "{table} has row-level security");
        assert_ne!(
            owner, "oversight_app",
            "{table} is not owned by the application role"
        );
    }
    // Every table that holds a case's rows (it has a case_id) is among them, so a new one
    // cannot be added without its policy.
    let unprotected: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c
           join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
          where c.relkind = 'r' and not c.relrowsecurity
            and exists (select 1 from pg_attribute a
                         where a.attrelid = c.oid and a.attname = 'case_id' and not a.attisdropped)
          order by 1",
    )
    .fetch_all(&mut conn)
    .await
    .expect("tables");
    assert!(
        unprotected.is_empty(),
        "case data without row-level security: {unprotected:?}"
    );
}
