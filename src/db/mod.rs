//! The database: connecting (embedded cluster or `DATABASE_URL`), migrating, and the
//! queries, one file per aggregate. Query functions take an executor or a transaction so a
//! handler can compose several of them into one atomic change.

pub mod allegation_categories;
pub mod assessment;
pub mod audit;
pub mod calendar;
pub mod case_facts;
pub mod case_links;
pub mod case_logs;
pub mod case_page;
pub mod cases;
pub mod documents;
pub mod embedded;
pub mod grounds;
pub mod intake;
pub mod investigation;
pub mod my_work;
pub mod outbox;
pub mod public;
pub mod read_pool;
pub mod recommendations;
pub mod rerecording;
pub mod staff_users;
pub mod statistics;
pub mod subject_page;
pub mod subject_workflow;
pub mod timeliness;
pub mod types;
pub mod workflow;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, Executor, PgConnection, PgPool};

use crate::auth::session::CaseScope;
use crate::config::DbArgs;
use embedded::{Cluster, StartOutcome};

/// The name of the application database inside the embedded cluster.
pub const EMBEDDED_DATABASE: &str = "oversight";

/// An open database and, when embedded, the cluster behind it.
pub struct Database {
    pub pool: PgPool,
    /// The embedded cluster, if this process uses one (stop it on shutdown).
    pub cluster: Option<Cluster>,
    /// True when the embedded cluster was created by this start (first run).
    pub freshly_created: bool,
    /// True when this process started the embedded cluster (it was not already running).
    pub started_here: bool,
    /// Where the database is, without secrets, for the start-up message.
    pub description: String,
}

/// Connects to the configured database, starting the embedded cluster if needed, and brings
/// the schema up to date.
pub async fn open(args: &DbArgs) -> Result<Database> {
    let db = match &args.database_url {
        Some(url) => {
            let malformed = |why: String| {
                anyhow!(
                    "DATABASE_URL is not a valid PostgreSQL URL ({why}); expected postgresql://user:password@host:port/database"
                )
            };
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(malformed("it must start with postgresql://".to_owned()));
            }
            let options = PgConnectOptions::from_str(url).map_err(|e| malformed(e.to_string()))?;
            let description = describe(&options);
            // The same schema, and the same mirror of the workflow, as the embedded cluster.
            prepare_schema_at(&options)
                .await
                .with_context(|| format!("cannot connect to the database at {description}: check that it is running and that DATABASE_URL is right"))?;
            let pool = pool(options, args.pool_size)
                .await
                .with_context(|| format!("cannot connect to the database at {description}: check that it is running and that DATABASE_URL is right"))?;
            Database {
                pool,
                cluster: None,
                freshly_created: false,
                started_here: false,
                description,
            }
        }
        None => {
            let cluster = Cluster::new(&args.data_dir)?;
            let outcome = tokio::task::spawn_blocking({
                let cluster = cluster.clone();
                move || cluster.start()
            })
            .await
            .context("the embedded cluster's start-up task failed")??;
            ensure_database(&cluster, EMBEDDED_DATABASE).await?;
            prepare_schema_at(&cluster.connect_options(EMBEDDED_DATABASE)).await?;
            let pool = pool(cluster.connect_options(EMBEDDED_DATABASE), args.pool_size)
                .await
                .context("cannot connect to the embedded PostgreSQL cluster")?;
            let description = format!("embedded cluster in {}", cluster.root().display());
            Database {
                pool,
                cluster: Some(cluster),
                freshly_created: outcome == StartOutcome::Created,
                started_here: outcome != StartOutcome::AlreadyRunning,
                description,
            }
        }
    };
    Ok(db)
}

async fn prepare_schema_at(options: &PgConnectOptions) -> Result<()> {
    let mut conn = options.connect().await?;
    prepare_schema(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

/// Today in England and Wales, by the database's clock (every instance agrees; the
/// workflow's clocks and guards count in local dates).
pub async fn today(pool: &PgPool) -> sqlx::Result<chrono::NaiveDate> {
    sqlx::query_scalar!(r#"select (now() at time zone 'Europe/London')::date as "today!""#)
        .fetch_one(pool)
        .await
}

/// Applies every pending migration in `migrations/` and rewrites the database's mirror of
/// the workflow tables. Runs as the connecting user (the schema's owner), before the pool
/// switches to the application role.
pub async fn prepare_schema(conn: &mut PgConnection) -> Result<()> {
    sqlx::migrate!("./migrations")
        .run(&mut *conn)
        .await
        .context("cannot bring the database schema up to date")?;
    workflow::sync_transitions(conn)
        .await
        .context("cannot write the workflow transition table")
}

/// Creates `name` in the embedded cluster if it does not exist yet.
pub async fn ensure_database(cluster: &Cluster, name: &str) -> Result<()> {
    let mut conn = cluster
        .connect_options("postgres")
        .connect()
        .await
        .context("cannot connect to the embedded PostgreSQL cluster")?;
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
            .bind(name)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        conn.execute(format!("create database \"{}\"", name.replace('"', "\"\"")).as_str())
            .await
            .with_context(|| format!("cannot create the database {name}"))?;
    }
    Ok(())
}

/// Whether the database refused a statement for breaking an integrity rule (SQLSTATE class
/// 23: not null, foreign key, unique, check, exclusion, or a trigger raising that class), and
/// if so the name of the constraint, when it gives one.
pub fn violated_constraint(e: &sqlx::Error) -> Option<Option<&str>> {
    let db = e.as_database_error()?;
    db.code()
        .is_some_and(|c| c.starts_with("23"))
        .then(|| db.constraint())
}

/// A read-only transaction for a list whose filters are optional (`$n is null or ...`): the
/// plan is made for each request's actual values, so the filters present become index
/// conditions and the keyset cursor a range scan. A generic plan, which PostgreSQL switches to
/// after a prepared statement's fifth run, cannot tell which filters are there, and picks one
/// plan for all of them: fast for some requests and a walk of the date index for others.
///
/// The same statement sets the user's scope for the transaction, so the database's row-level
/// security (migration 0054) hides every other force's rows even from a query that forgot
/// its own scope condition.
pub async fn list_transaction(
    pool: &PgPool,
    scope: CaseScope,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "select set_config('plan_cache_mode', 'force_custom_plan', true),
                set_config('oversight.scope_set', 'on', true),
                set_config('oversight.scope_force', coalesce($1::text, ''), true),
                set_config('oversight.scope_lpb', coalesce($2::text, ''), true),
                set_config('oversight.scope_nothing', case when $3 then 'on' else '' end, true)",
    )
    .bind(scope.force())
    .bind(scope.lpb())
    .bind(scope.nothing())
    .execute(&mut *tx)
    .await?;
    Ok(tx)
}

/// What every new connection runs first, in either pool.
pub(crate) async fn set_up_connection(conn: &mut PgConnection) -> sqlx::Result<()> {
    // A runaway query must not hold a connection (and a user) for ever.
    conn.execute("set statement_timeout = '30s'").await?;
    // Act as the application role where the schema set one up: it may only read and append
    // the audit trail, and only read the workflow mirror.
    conn.execute(
        "do $$ begin
           if exists (select 1 from pg_roles where rolname = 'oversight_app')
              and pg_has_role(current_user, 'oversight_app', 'member') then
             set role oversight_app;
           end if;
         end $$",
    )
    .await?;
    Ok(())
}

/// A connection pool with the settings every instance uses.
pub async fn pool(options: PgConnectOptions, size: u32) -> Result<PgPool, sqlx::Error> {
    let options = options
        .application_name("oversight")
        .log_statements(tracing::log::LevelFilter::Trace)
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
    PgPoolOptions::new()
        .max_connections(size.max(1))
        .acquire_timeout(Duration::from_secs(5))
        // No ping before every checkout (a page runs many queries): a connection that has
        // gone bad fails its next query and is then discarded by the pool.
        .test_before_acquire(false)
        .after_connect(|conn, _meta| Box::pin(set_up_connection(conn)))
        .connect_with(options)
        .await
}

/// Host, port and database of a connection, never the password.
fn describe(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("(default database)")
    )
}
