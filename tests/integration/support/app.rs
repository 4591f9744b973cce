//! The app under test: a throwaway PostgreSQL cluster per test process (or the server named
//! by `DATABASE_URL`), a fresh migrated database per test, and an HTTP client that talks to
//! the real router over a real socket, the way a browser does.

use std::path::PathBuf;
use std::process::Command;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use oversight::db::embedded::Cluster;
use oversight::{AppState, app};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor, PgPool};

const TEMPLATE: &str = "oversight_test_template";

/// How to reach the test server: connect options for any database name.
struct Server {
    base: PgConnectOptions,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        // Built on a thread of its own: the caller may be inside a runtime.
        std::thread::spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(start_server())
        })
        .join()
        .expect("test database set-up panicked")
    })
}

async fn start_server() -> Server {
    let base = match std::env::var("DATABASE_URL") {
        Ok(url) => PgConnectOptions::from_str(&url).expect("DATABASE_URL is not a valid URL"),
        Err(_) => {
            let dir = scratch_dir("cluster");
            let cluster = Cluster::new(&dir).expect("PostgreSQL server binaries");
            cluster.start().expect("start the throwaway cluster");
            stop_when_this_process_ends(&cluster, &dir);
            cluster.connect_options("postgres")
        }
    };
    // A migrated template that every test's database is copied from.
    let mut admin = base
        .clone()
        .database("postgres")
        .connect()
        .await
        .expect("connect");
    let template_name = format!("{TEMPLATE}_{}", std::process::id());
    admin
        .execute(format!("drop database if exists {template_name}").as_str())
        .await
        .expect("drop old template");
    admin
        .execute(format!("create database {template_name}").as_str())
        .await
        .expect("create template");
    let mut conn = base
        .clone()
        .database(&template_name)
        .connect()
        .await
        .expect("connect template");
    oversight::db::prepare_schema(&mut conn)
        .await
        .expect("migrations apply to an empty database");
    conn.close().await.expect("close");
    admin.close().await.expect("close");
    Server {
        base: base.database(&template_name),
    }
}

/// A directory the `postgres` user can enter when the tests run as root.
pub fn scratch_dir(purpose: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "oversight-test-{purpose}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    Command::new("chmod")
        .arg("755")
        .arg(&dir)
        .status()
        .expect("chmod");
    dir
}

/// Test processes end without running destructors of statics, so a small watchdog stops the
/// throwaway cluster and removes its files once this process has gone.
#[allow(clippy::zombie_processes)] // the watchdog must outlive this process, so it is never waited for
fn stop_when_this_process_ends(cluster: &Cluster, dir: &std::path::Path) {
    let pid = std::process::id();
    let pgdata = cluster.root().join("pgdata");
    let pg_ctl = cluster.pg_ctl_command_line();
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {pg_ctl} stop -D '{}' -m immediate >/dev/null 2>&1; rm -rf '{}'",
        pgdata.display(),
        dir.display()
    );
    Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the cluster watchdog");
}

/// A fresh database with every migration applied, for one test.
#[derive(Clone)]
pub struct TestDb {
    pub pool: PgPool,
    pub options: PgConnectOptions,
}

impl TestDb {
    pub async fn new() -> Self {
        let server = server();
        let template = server
            .base
            .get_database()
            .expect("template name")
            .to_owned();
        let name = format!(
            "t_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = server
            .base
            .clone()
            .database("postgres")
            .connect()
            .await
            .expect("connect");
        admin
            .execute(format!("create database {name} template {template}").as_str())
            .await
            .expect("create test database");
        admin.close().await.expect("close");
        let options = server.base.clone().database(&name);
        let pool = oversight::db::pool(options.clone(), 8).await.expect("pool");
        Self { pool, options }
    }

    /// A fresh database holding the demo data (accounts and scenario cases, nothing generated).
    pub async fn with_demo() -> Self {
        let db = Self::new().await;
        oversight::demo::load(
            &db.pool,
            &oversight::demo::DemoOptions {
                seed: 11,
                synthetic: 0,
            },
        )
        .await
        .expect("demo data");
        db
    }

    /// The first Metropolitan Police case received.
    pub async fn first_met_case(&self) -> uuid::Uuid {
        sqlx::query_scalar(
            "select c.case_id from case_record c join police_force f on f.police_force_id = c.force_id
              where f.code = 'met' order by c.received_on limit 1",
        )
        .fetch_one(&self.pool)
        .await
        .expect("a Met case")
    }

    /// A connection as the database's owner, not the application role (so row-level security
    /// does not apply): for counting what the application should see.
    pub async fn owner_connection(&self) -> sqlx::PgConnection {
        self.options.connect().await.expect("owner's connection")
    }
}

/// The application served on a loopback port, with a client that keeps cookies and does not
/// follow redirects (tests look at each 303).
pub struct TestApp {
    /// The database behind the app, for tests that check what a request stored.
    pub db: TestDb,
    pub base: String,
    pub client: reqwest::Client,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::serve(TestDb::new().await).await
    }

    pub async fn serve(db: TestDb) -> Self {
        Self::serve_with(db, oversight::web::Settings::default()).await
    }

    /// Serves `db` with these settings (a document store of the test's own, say).
    pub async fn serve_with(db: TestDb, settings: oversight::web::Settings) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = app(AppState::with_settings(db.pool.clone(), settings));
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        Self {
            db,
            base: format!("http://{addr}"),
            client: browser_client(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }

    /// A fresh app whose database holds the demo data (accounts, scenario cases and
    /// `synthetic` generated cases).
    pub async fn with_demo(synthetic: u32) -> Self {
        let app = Self::spawn().await;
        oversight::demo::load(
            &app.db.pool,
            &oversight::demo::DemoOptions {
                seed: 11,
                synthetic,
            },
        )
        .await
        .expect("demo data");
        app
    }

    /// A second browser on the same app: its own cookies.
    pub fn new_client(&self) -> reqwest::Client {
        browser_client()
    }

    /// The same app and database seen from another browser (its own cookies).
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            db: self.db.clone(),
            base: self.base.clone(),
            client: browser_client(),
        }
    }

    /// Posts a form as a browser would, without adding a CSRF token.
    pub async fn post_form_without_csrf(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    /// Follows a 303 and returns the page it leads to.
    pub async fn follow(&self, res: reqwest::Response) -> reqwest::Response {
        let location = res
            .headers()
            .get("location")
            .expect("a redirect")
            .to_str()
            .expect("ascii")
            .to_owned();
        self.get(&location).await
    }
}

/// A client that keeps cookies and does not follow redirects, as the tests need.
pub(crate) fn browser_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// GETs a page and returns its status code and body.
pub async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}
