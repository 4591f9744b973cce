//! The pool for single-statement reads: a connection goes back for reuse only after work
//! that succeeded, never after an error or a cancelled query, and the pool never opens more
//! connections than its size.

use std::time::{Duration, Instant};

use oversight::db::read_pool::ReadPool;
use sqlx::{Connection, PgConnection};

use crate::support::TestDb;

async fn backend_pid(conn: &mut PgConnection) -> sqlx::Result<i32> {
    sqlx::query_scalar("select pg_backend_pid()")
        .fetch_one(conn)
        .await
}

#[tokio::test]
async fn a_connection_whose_work_succeeded_is_reused() {
    let db = TestDb::new().await;
    let pool = ReadPool::new(db.options.clone(), 2);
    let first = pool.with(backend_pid).await.expect("first read");
    assert_eq!(pool.idle_count(), 1);
    let second = pool.with(backend_pid).await.expect("second read");
    assert_eq!(first, second, "the same backend answers both reads");
}

#[tokio::test]
async fn a_connection_whose_work_failed_is_closed_not_reused() {
    let db = TestDb::new().await;
    let pool = ReadPool::new(db.options.clone(), 2);
    let mut failed_on = None;
    let result = pool
        .with(async |conn| -> sqlx::Result<i32> {
            failed_on = Some(backend_pid(conn).await?);
            sqlx::query_scalar("select 1 / 0").fetch_one(conn).await
        })
        .await;
    assert!(result.is_err(), "division by zero is an error");
    assert_eq!(pool.idle_count(), 0);
    let next = pool
        .with(backend_pid)
        .await
        .expect("a read after the error");
    assert_ne!(Some(next), failed_on, "a new connection answers");
}

#[tokio::test]
async fn a_connection_abandoned_in_the_middle_of_a_query_is_closed_not_reused() {
    let db = TestDb::new().await;
    let pool = ReadPool::new(db.options.clone(), 1);
    let abandoned = tokio::time::timeout(
        Duration::from_millis(200),
        pool.with(async |conn| -> sqlx::Result<()> {
            sqlx::query("select pg_sleep(5)").execute(conn).await?;
            Ok(())
        }),
    )
    .await;
    assert!(abandoned.is_err(), "the slow read was cut short");
    assert_eq!(pool.idle_count(), 0);
    let answer: i32 = pool
        .with(async |conn| sqlx::query_scalar("select 42").fetch_one(conn).await)
        .await
        .expect("the pool still answers");
    assert_eq!(answer, 42);
}

#[tokio::test]
async fn a_connection_lost_while_resting_is_replaced_before_the_next_read() {
    let db = TestDb::new().await;
    let pool = ReadPool::new(db.options.clone(), 1);
    let lost = pool.with(backend_pid).await.expect("first read");
    // As the cluster's superuser, as the pool's connections are.
    let mut admin = PgConnection::connect_with(&db.options)
        .await
        .expect("connect");
    let ended: bool = sqlx::query_scalar("select pg_terminate_backend($1)")
        .bind(lost)
        .fetch_one(&mut admin)
        .await
        .expect("end the idle session");
    assert!(ended);
    // Long enough for the pool to check the connection before reusing it.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let pid = pool
        .with(backend_pid)
        .await
        .expect("the read succeeds on a new connection");
    assert_ne!(pid, lost);
}

#[tokio::test]
async fn the_pool_never_opens_more_connections_than_its_size() {
    let db = TestDb::new().await;
    let pool = ReadPool::new(db.options.clone(), 1);
    let nap = async || -> sqlx::Result<i32> {
        let conn_pid = pool
            .with(async |conn| {
                sqlx::query("select pg_sleep(0.3)")
                    .execute(&mut *conn)
                    .await?;
                backend_pid(conn).await
            })
            .await?;
        Ok(conn_pid)
    };
    let started = Instant::now();
    let (a, b) = tokio::join!(nap(), nap());
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "the second read waited for the first"
    );
    assert_eq!(
        a.expect("first"),
        b.expect("second"),
        "one connection served both"
    );
}

#[tokio::test]
async fn read_connections_are_set_up_like_the_main_pool() {
    let db = TestDb::new().await;
    let pool = ReadPool::new(db.options.clone(), 1);
    let timeout: String = pool
        .with(async |conn| {
            sqlx::query_scalar("show statement_timeout")
                .fetch_one(conn)
                .await
        })
        .await
        .expect("show");
    assert_eq!(timeout, "30s");
}
