//! The application state every handler can reach, and how the service is deployed.

use std::time::Duration;

use sqlx::PgPool;

use crate::db::read_pool::ReadPool;
use crate::workflow::calendar::Calendar;

/// What every handler can reach. One shared allocation, so cloning it (the router and each
/// middleware do, on every request) is a single counter increment; no per-user state lives
/// here (sessions are in Postgres), so any number of instances can serve the same database.
#[derive(Clone)]
pub struct AppState(std::sync::Arc<Shared>);

/// The contents of [`AppState`].
pub struct Shared {
    pub pool: PgPool,
    /// Connections for the single-statement reads every busy page starts with (sessions,
    /// the case page, a complainant's status), handed back without a test round trip.
    pub reads: ReadPool,
    pub settings: Settings,
    /// The working-day calendar and when it was read, read from the bank holiday table at
    /// most once an hour.
    calendar: tokio::sync::RwLock<Option<(std::time::Instant, std::sync::Arc<Calendar>)>>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// How the service is deployed.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Served over TLS (directly or by a proxy): cookies are `Secure` and HSTS is sent.
    pub behind_tls: bool,
    /// A proxy in front sets `X-Forwarded-For`; trust its first hop as the client address.
    pub trust_proxy: bool,
    /// Where the public reaches the service: the base of every absolute link.
    pub public_url: crate::config::PublicUrl,
    /// Where documents' contents are kept.
    pub documents: crate::storage::DocumentStore,
    /// The largest document a member of staff may upload, in bytes.
    pub upload_limit: u64,
}

impl Default for Settings {
    /// Plain HTTP on loopback, documents kept in memory: for tests.
    fn default() -> Self {
        Self {
            behind_tls: false,
            trust_proxy: false,
            public_url: crate::config::PublicUrl::default(),
            documents: crate::storage::DocumentStore::in_memory(),
            upload_limit: crate::config::DEFAULT_UPLOAD_LIMIT,
        }
    }
}

impl AppState {
    pub fn new(pool: PgPool) -> Self {
        Self::with_settings(pool, Settings::default())
    }

    pub fn with_settings(pool: PgPool, settings: Settings) -> Self {
        let reads = ReadPool::new(
            (*pool.connect_options()).clone(),
            pool.options().get_max_connections(),
        );
        Self(std::sync::Arc::new(Shared {
            pool,
            reads,
            settings,
            calendar: Default::default(),
        }))
    }

    /// The England and Wales working-day calendar. Bank holidays change a few times a decade,
    /// so it is read from the database at most once an hour rather than on every page.
    pub async fn calendar(&self) -> sqlx::Result<std::sync::Arc<Calendar>> {
        const FRESH_FOR: Duration = Duration::from_secs(3600);
        if let Some((read_at, calendar)) = self.calendar.read().await.as_ref()
            && read_at.elapsed() < FRESH_FOR
        {
            return Ok(calendar.clone());
        }
        let calendar = std::sync::Arc::new(crate::db::calendar::load(&self.pool).await?);
        *self.calendar.write().await = Some((std::time::Instant::now(), calendar.clone()));
        Ok(calendar)
    }
}
