//! Connections for the few reads every busy page starts with: the staff session, the case
//! page, a complainant's status.
//!
//! sqlx's pool tests each connection with a round trip to the server (`Sync`, answered by
//! `ReadyForQuery`) every time one is handed back. For a page that runs one short statement
//! that doubles the messages the database handles, and under load it cost about a tenth of
//! the status page's throughput. This pool hands a connection back as it is when the work
//! done on it succeeded, and closes it instead when anything failed or the work was
//! abandoned half-way (a request cancelled mid-query), so a connection in an unknown state is
//! never reused. A connection that has rested for over a second is checked before it is
//! reused, and one idle for longer than [`MAX_IDLE`] is closed.
//!
//! Transactions and writes that matter stay on the main [`sqlx::PgPool`]; this pool is for
//! single statements that are safe to run on their own.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::sync::Semaphore;

/// How long a connection may sit unused before it is closed rather than reused.
const MAX_IDLE: Duration = Duration::from_secs(60);
/// How long a connection may rest before it is checked with a round trip when taken again.
/// Under load connections rest for microseconds, so they are never checked.
const CHECK_AFTER: Duration = Duration::from_secs(1);
/// How long to wait for a free connection before giving up, as the main pool does.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// A bounded set of connections, reused without a test round trip.
pub struct ReadPool {
    options: PgConnectOptions,
    permits: Semaphore,
    idle: Mutex<Vec<(PgConnection, Instant)>>,
}

impl ReadPool {
    /// A pool of at most `size` connections made with `options`, opened when first needed.
    pub fn new(options: PgConnectOptions, size: u32) -> Self {
        Self {
            options,
            permits: Semaphore::new(size.max(1) as usize),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `work` on a connection of the pool. The connection goes back to the pool only if
    /// `work` returns `Ok`; after an error, or if this future is dropped before the end, it is
    /// closed.
    pub async fn with<T, E>(
        &self,
        work: impl AsyncFnOnce(&mut PgConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<sqlx::Error>,
    {
        let _permit = tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.acquire())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let mut conn = match self.take_idle().await {
            Some(conn) => conn,
            None => connect(&self.options).await?,
        };
        let result = work(&mut conn).await;
        if result.is_ok() {
            self.lock_idle().push((conn, Instant::now()));
        }
        result
    }

    /// The most recently used idle connection that is still alive, closing any that have
    /// been idle too long. One that has rested for more than [`CHECK_AFTER`] is checked with
    /// a round trip first, so a restart of the database while the service was quiet costs no
    /// request an error.
    async fn take_idle(&self) -> Option<PgConnection> {
        loop {
            let (mut conn, since) = {
                let mut idle = self.lock_idle();
                // Oldest first: those past MAX_IDLE are at the front. Dropping a connection
                // closes its socket without waiting for the server.
                let stale = idle
                    .iter()
                    .take_while(|(_, since)| since.elapsed() > MAX_IDLE)
                    .count();
                idle.drain(..stale);
                idle.pop()?
            };
            if since.elapsed() < CHECK_AFTER || conn.ping().await.is_ok() {
                return Some(conn);
            }
        }
    }

    fn lock_idle(&self) -> std::sync::MutexGuard<'_, Vec<(PgConnection, Instant)>> {
        // A panic while holding the lock cannot leave the list half-changed.
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many connections are waiting to be reused.
    pub fn idle_count(&self) -> usize {
        self.lock_idle().len()
    }
}

/// Opens a connection set up exactly like the main pool's.
async fn connect(options: &PgConnectOptions) -> sqlx::Result<PgConnection> {
    let mut conn = PgConnection::connect_with(options).await?;
    super::set_up_connection(&mut conn).await?;
    Ok(conn)
}
