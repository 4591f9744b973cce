//! The audit trail's hash chains under concurrent appends: however many writers append at
//! once, each chain stays one line of events, each with one predecessor and one successor,
//! and `oversight verify-audit` passes.

use std::sync::Arc;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, PgPool};
use uuid::Uuid;

use crate::support::{CaseBuilder, TestApp, TestDb};

/// Writers at once, and events in all.
const WRITERS: usize = 16;
const EVENTS: usize = 1000;

/// A random pause between the moment an event's id is drawn and the moment its chain's lock
/// is taken, as a busy server gives: the trigger below fires before the chain's trigger
/// (triggers fire in name order). Only this test's database has it.
async fn slow_down_between_id_and_lock(owner: &PgConnectOptions) {
    let mut owner = owner.connect().await.expect("owner");
    sqlx::raw_sql(
        "create function test_random_pause() returns trigger language plpgsql as $$
         begin perform pg_sleep(random() * 0.003); return new; end $$;
         create trigger audit_event_a_pause before insert on audit_event
             for each row execute function test_random_pause();",
    )
    .execute(&mut owner)
    .await
    .expect("pause trigger");
}

/// Appends `EVENTS` events to the chain of `case_id` (or of the events without a case) from
/// `WRITERS` connections at once, each event in a transaction of its own.
async fn append_concurrently(db: &TestDb, case_id: Option<Uuid>) {
    let pool = oversight::db::pool(db.options.clone(), u32::try_from(WRITERS).expect("size"))
        .await
        .expect("a pool of one connection per writer");
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut writers = Vec::new();
    for _ in 0..WRITERS {
        let pool = pool.clone();
        let next = next.clone();
        writers.push(tokio::spawn(async move {
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < EVENTS {
                let mut tx = pool.begin().await.expect("begin");
                sqlx::query(
                    "insert into audit_event (case_id, entity_kind, actor_description, action)
                     values ($1, 'staff_user', 'test', 'permission_refused')",
                )
                .bind(case_id)
                .execute(&mut *tx)
                .await
                .expect("append");
                tx.commit().await.expect("commit");
            }
        }));
    }
    for w in writers {
        w.await.expect("writer");
    }
}

async fn positions(pool: &PgPool, case_id: Option<Uuid>) -> Vec<i64> {
    sqlx::query_scalar(
        "select chain_position from audit_event where case_id is not distinct from $1
         order by chain_position",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await
    .expect("positions")
}

async fn assert_one_line(pool: &PgPool, case_id: Option<Uuid>) {
    let report = oversight::db::audit::verify(pool).await.expect("verify");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
    let expected: Vec<i64> = (1..=i64::try_from(EVENTS).expect("count")).collect();
    assert_eq!(positions(pool, case_id).await, expected);
    let forks: i64 = sqlx::query_scalar(
        "select count(*) from (select prev_hash from audit_event
                                where case_id is not distinct from $1 and prev_hash is not null
                                group by prev_hash having count(*) > 1) f",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("forks");
    assert_eq!(forks, 0, "no event has two successors");
}

#[tokio::test]
async fn concurrent_appends_to_the_chain_of_events_without_a_case_keep_it_one_line() {
    let db = TestDb::new().await;
    slow_down_between_id_and_lock(&db.options).await;
    append_concurrently(&db, None).await;
    assert_one_line(&db.pool, None).await;
}

#[tokio::test]
async fn concurrent_appends_to_one_cases_chain_keep_it_one_line() {
    let db = TestDb::new().await;
    let case_id: Uuid = CaseBuilder::conduct_matter()
        .unlogged()
        .summary("A matter")
        .insert(&db.pool)
        .await
        .into();
    slow_down_between_id_and_lock(&db.options).await;
    append_concurrently(&db, Some(case_id)).await;
    assert_one_line(&db.pool, Some(case_id)).await;
}

#[tokio::test]
async fn permission_refusals_sent_sixteen_at_a_time_keep_the_chain_whole() {
    let app = TestApp::with_demo(0).await;
    slow_down_between_id_and_lock(&app.db.options).await;
    app.sign_in("psd@met.example").await;
    let app = Arc::new(app);
    let mut requests = Vec::new();
    for _ in 0..WRITERS {
        let app = app.clone();
        requests.push(tokio::spawn(async move {
            for _ in 0..20 {
                // A force user asking for the administrators' page is refused and audited.
                let res = app.get("/admin/users").await;
                assert_eq!(res.status(), reqwest::StatusCode::FORBIDDEN);
            }
        }));
    }
    for r in requests {
        r.await.expect("requests");
    }
    let report = oversight::db::audit::verify(&app.db.pool)
        .await
        .expect("verify");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[tokio::test]
async fn a_gap_in_a_chain_is_found_by_verify_audit() {
    let db = TestDb::new().await;
    for action in ["sign_in", "sign_out", "sign_in"] {
        sqlx::query(
            "insert into audit_event (entity_kind, actor_description, action) values ('staff_user', 'test', $1)",
        )
        .bind(action)
        .execute(&db.pool)
        .await
        .expect("append");
    }
    // Someone with the keys to the database removes the middle event behind the triggers.
    let mut owner = db.options.connect().await.expect("owner");
    sqlx::raw_sql(
        "alter table audit_event disable trigger audit_event_no_update_or_delete;
         delete from audit_event where chain_position = 2;
         alter table audit_event enable trigger audit_event_no_update_or_delete;",
    )
    .execute(&mut owner)
    .await
    .expect("tamper");
    let report = oversight::db::audit::verify(&db.pool)
        .await
        .expect("verify");
    assert_eq!(report.broken.len(), 1, "{:?}", report.broken);
    assert!(report.broken[0].problem.contains("link"));
}
