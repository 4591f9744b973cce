//! Demo data and synthetic generation.

use oversight::demo::{self, DemoOptions};

use crate::support::TestDb;

async fn count(db: &TestDb, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(&db.pool)
        .await
        .expect("count")
}

#[tokio::test]
async fn demo_data_loads_twice_without_duplicating() {
    let db = TestDb::new().await;
    let options = DemoOptions {
        seed: 7,
        synthetic: 120,
    };
    let first = demo::load(&db.pool, &options).await.expect("first load");
    assert!(first.cases_added >= 120, "{first}");
    let tables = [
        "case_record",
        "allegation",
        "subject",
        "case_subject",
        "staff_user",
        "person",
        "referral",
        "investigation",
        "recommendation",
    ];
    let mut before = Vec::new();
    for t in tables {
        before.push(count(&db, t).await);
    }
    let second = demo::load(&db.pool, &options).await.expect("second load");
    assert_eq!(second.cases_added, 0);
    assert_eq!(second.accounts_added, 0);
    for (t, n) in tables.iter().zip(before) {
        assert_eq!(count(&db, t).await, n, "{t} unchanged by the second load");
    }
}

#[tokio::test]
async fn demo_accounts_cover_every_role_and_use_the_documented_password() {
    let db = TestDb::new().await;
    demo::load(
        &db.pool,
        &DemoOptions {
            seed: 1,
            synthetic: 0,
        },
    )
    .await
    .expect("load");
    for account in demo::ACCOUNTS {
        let (role, hash): (String, String) = sqlx::query_as(
            "select role::text, password_hash from staff_user where lower(email) = $1",
        )
        .bind(account.email)
        .fetch_one(&db.pool)
        .await
        .expect("account exists");
        assert_eq!(role, account.role.as_str());
        assert!(oversight::auth::password::verify(
            demo::DEMO_PASSWORD,
            &hash
        ));
    }
    let roles: i64 =
        sqlx::query_scalar("select count(distinct role) from staff_user where disabled_at is null")
            .fetch_one(&db.pool)
            .await
            .expect("roles");
    assert_eq!(roles, 5, "one account for each of the five staff roles");
}

#[tokio::test]
async fn synthetic_cases_are_the_same_for_the_same_seed() {
    let a = TestDb::new().await;
    let b = TestDb::new().await;
    for db in [&a, &b] {
        demo::load(
            &db.pool,
            &DemoOptions {
                seed: 42,
                synthetic: 50,
            },
        )
        .await
        .expect("load");
    }
    let fingerprint = "select string_agg(case_id::text || kind::text || stage::text || received_on::text, ',' order by case_id) from case_record";
    let fa: Option<String> = sqlx::query_scalar(fingerprint)
        .fetch_one(&a.pool)
        .await
        .expect("a");
    let fb: Option<String> = sqlx::query_scalar(fingerprint)
        .fetch_one(&b.pool)
        .await
        .expect("b");
    assert_eq!(fa, fb);
}

#[tokio::test]
async fn generated_cases_have_realistic_proportions() {
    let db = TestDb::new().await;
    let summary = demo::generate::generate(&db.pool, 2_000, 3)
        .await
        .expect("generate");
    assert_eq!(summary.cases, 2_000);
    let per_case = |n: u64| n as f64 / 2_000.0;
    assert!(
        (2.2..2.8).contains(&per_case(summary.allegations)),
        "{summary}"
    );
    assert!(
        (1.3..1.7).contains(&per_case(summary.subjects)),
        "{summary}"
    );
    // A second run continues the references rather than colliding with the first.
    demo::generate::generate(&db.pool, 500, 3)
        .await
        .expect("second run");
    assert_eq!(count(&db, "case_record").await, 2_500);
    let kinds: i64 = sqlx::query_scalar("select count(distinct kind) from case_record")
        .fetch_one(&db.pool)
        .await
        .expect("kinds");
    assert_eq!(kinds, 3);
}

#[tokio::test]
async fn generated_cases_carry_every_fact_the_statistics_count() {
    let db = TestDb::new().await;
    demo::generate::generate(&db.pool, 2_000, 5)
        .await
        .expect("generate");
    let scalar = |sql: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .expect(sql)
        }
    };
    for (what, sql) in [
        (
            "first contacts",
            "select count(distinct case_id) from contact_log_entry",
        ),
        (
            "finalised cases",
            "select count(*) from case_record where finalised_on is not null",
        ),
        (
            "handling decided",
            "select count(*) from allegation where handling_type is not null",
        ),
        (
            "outcomes",
            "select count(*) from allegation where outcome is not null",
        ),
        (
            "pending reviews",
            "select count(*) from review where stage = 'applied'",
        ),
        (
            "upheld reviews",
            "select count(*) from review where stage = 'upheld'",
        ),
        (
            "reviews not upheld",
            "select count(*) from review where stage = 'not_upheld'",
        ),
        (
            "reviews by a policing body",
            "select count(*) from review where review_body = 'local_policing_body'",
        ),
        (
            "ended suspensions",
            "select count(*) from investigation_suspension where ended_on is not null",
        ),
    ] {
        assert!(scalar(sql).await > 0, "no {what}");
    }
    // Each fact agrees with the case's own: an outcome only once the complainant was told, a
    // contact never before the complaint was received, a review only of a told outcome.
    for (what, sql) in [
        (
            "outcomes before notification",
            "select count(*) from allegation a join case_record c using (case_id)
              where a.outcome is not null and c.outcome_notified_on is null",
        ),
        (
            "contacts before receipt",
            "select count(*) from contact_log_entry e join case_record c using (case_id)
              where e.contacted_on < c.received_on",
        ),
        (
            "reviews before the outcome",
            "select count(*) from review r join case_record c using (case_id)
              where c.outcome_notified_on is null or r.applied_on < c.outcome_notified_on",
        ),
        (
            "handling of matters",
            "select count(*) from allegation a join case_record c using (case_id)
              where c.kind <> 'complaint' and a.handling_type is not null",
        ),
    ] {
        assert_eq!(scalar(sql).await, 0, "{what}");
    }
}
