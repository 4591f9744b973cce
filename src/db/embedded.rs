//! A private PostgreSQL cluster run from the machine's installed server binaries.
//!
//! With no `DATABASE_URL`, the service keeps its own cluster in a data directory inside the
//! project (`./data` by default): created with `initdb` on first start, started with
//! `pg_ctl`, listening only on a Unix socket in a directory only its owner can enter (no TCP
//! port at all), kept between runs and stopped with a fast shutdown when the service stops.
//!
//! `initdb` refuses to run as root, so when the service runs as root the cluster belongs to
//! the `postgres` system user and every server command runs through `runuser`. Root can still
//! reach the socket; nobody else can. As an ordinary user the cluster simply belongs to them.
//!
//! A cluster left running by a crashed service is found (by `pg_ctl status`) and reused; a
//! stale `postmaster.pid` from a crashed server is handled by PostgreSQL itself on start.

use std::ffi::OsString;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, anyhow, bail};
use sqlx::postgres::PgConnectOptions;

/// The Unix user that owns the cluster when the service runs as root.
const SERVICE_USER: &str = "postgres";
/// The cluster's superuser (made by `initdb -U`).
pub const SUPERUSER: &str = "postgres";
/// The port number only names the socket file (`.s.PGSQL.5432`); no TCP listener is opened.
const PORT: u16 = 5432;

/// Where the server binaries are.
#[derive(Debug, Clone)]
pub struct Binaries {
    pub bin_dir: PathBuf,
}

impl Binaries {
    /// Finds `initdb` and `pg_ctl`: first on `PATH`, then under `/usr/lib/postgresql/*/bin`
    /// (newest version first).
    pub fn find() -> Result<Self> {
        if let Some(dir) = find_on_path("initdb")
            && dir.join("pg_ctl").is_file()
        {
            return Ok(Self { bin_dir: dir });
        }
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                let bin = e.path().join("bin");
                (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((v, bin))
            })
            .collect();
        versions.sort();
        match versions.pop() {
            Some((_, bin_dir)) => Ok(Self { bin_dir }),
            None => bail!(
                "the PostgreSQL server programs (initdb, pg_ctl) were not found on PATH or under \
                 /usr/lib/postgresql/*/bin: install them with `sudo apt-get install postgresql \
                 postgresql-contrib`, or set DATABASE_URL to use an existing database"
            ),
        }
    }

    fn program(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|dir| dir.join(program).is_file())
}

/// An embedded cluster in a data directory.
#[derive(Debug, Clone)]
pub struct Cluster {
    binaries: Binaries,
    /// The directory given by the user; it holds `pgdata/`, `socket/` and `postgres.log`.
    root: PathBuf,
    /// Whether server commands run as the `postgres` user (because we are root).
    as_service_user: bool,
}

/// What `Cluster::start` found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartOutcome {
    /// The cluster was created now (the caller should load first-run data).
    Created,
    /// An existing cluster was started.
    Started,
    /// The cluster was already running (left by an earlier process) and is reused.
    AlreadyRunning,
}

impl Cluster {
    /// Describes the cluster kept in `dir`; nothing is created until `start`.
    pub fn new(dir: impl AsRef<Path>) -> Result<Self> {
        let binaries = Binaries::find()?;
        let dir = dir.as_ref();
        let root = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            std::env::current_dir()
                .context("cannot read the current directory")?
                .join(dir)
        };
        Ok(Self {
            binaries,
            root,
            as_service_user: is_root(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn pgdata(&self) -> PathBuf {
        self.root.join("pgdata")
    }

    fn socket_dir(&self) -> PathBuf {
        self.root.join("socket")
    }

    fn log_file(&self) -> PathBuf {
        self.root.join("postgres.log")
    }

    /// Connection options for a database of this cluster, as its superuser, over the socket.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(self.socket_dir())
            .port(PORT)
            .username(SUPERUSER)
            .database(database)
    }

    /// A `postgresql://` URL for tools such as psql and pgbench.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgresql://{SUPERUSER}@/{database}?host={}&port={PORT}",
            self.socket_dir().display()
        )
    }

    /// Creates the cluster if needed and starts it if it is not running.
    pub fn start(&self) -> Result<StartOutcome> {
        self.prepare_directories()?;
        let created = if self.pgdata().join("PG_VERSION").is_file() {
            false
        } else {
            self.initdb()?;
            true
        };
        if self.is_running()? {
            return Ok(StartOutcome::AlreadyRunning);
        }
        let opts = format!(
            "-c listen_addresses='' -k {} -p {PORT} -c unix_socket_permissions=0700 \
             -c fsync=on -c max_connections=100",
            self.socket_dir().display()
        );
        let out = self.run_server_command(
            "pg_ctl",
            &[
                "start".into(),
                "-w".into(),
                "-t".into(),
                "60".into(),
                "-D".into(),
                self.pgdata().into(),
                "-l".into(),
                self.log_file().into(),
                "-o".into(),
                opts.into(),
            ],
        )?;
        if !out.status.success() {
            bail!(
                "the embedded PostgreSQL server did not start ({}); see {}",
                first_line(&out),
                self.log_file().display()
            );
        }
        Ok(if created {
            StartOutcome::Created
        } else {
            StartOutcome::Started
        })
    }

    /// Whether a server is running on this data directory.
    pub fn is_running(&self) -> Result<bool> {
        if !self.pgdata().join("PG_VERSION").is_file() {
            return Ok(false);
        }
        let out = self.run_server_command(
            "pg_ctl",
            &["status".into(), "-D".into(), self.pgdata().into()],
        )?;
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
        Ok(out.status.code() == Some(0))
    }

    /// Stops the server with a fast shutdown (open transactions roll back; data is safe).
    pub fn stop(&self) -> Result<()> {
        if !self.is_running()? {
            return Ok(());
        }
        let out = self.run_server_command(
            "pg_ctl",
            &[
                "stop".into(),
                "-w".into(),
                "-m".into(),
                "fast".into(),
                "-D".into(),
                self.pgdata().into(),
            ],
        )?;
        if !out.status.success() {
            bail!(
                "the embedded PostgreSQL server did not stop: {}",
                first_line(&out)
            );
        }
        Ok(())
    }

    fn initdb(&self) -> Result<()> {
        let out = self.run_server_command(
            "initdb",
            &[
                "-D".into(),
                self.pgdata().into(),
                "-U".into(),
                SUPERUSER.into(),
                "-A".into(),
                "trust".into(),
                "-E".into(),
                "UTF8".into(),
                "--locale=C.UTF-8".into(),
                "--no-instructions".into(),
            ],
        )?;
        if !out.status.success() {
            bail!(
                "initdb could not create the embedded cluster in {}: {}",
                self.pgdata().display(),
                first_line(&out)
            );
        }
        Ok(())
    }

    /// Makes the data directory (and its socket directory) and checks who owns it. The
    /// directory must belong to whoever runs the server: us, or `postgres` when we are root.
    fn prepare_directories(&self) -> Result<()> {
        std::fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot create the data directory {}", self.root.display()))?;
        let owner = if self.as_service_user {
            Some(service_user_ids()?)
        } else {
            None
        };
        for dir in [self.root.clone(), self.socket_dir()] {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let meta = std::fs::metadata(&dir)?;
            match owner {
                Some((uid, gid)) => {
                    if meta.uid() != uid {
                        std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).with_context(
                            || format!("cannot hand {} to the postgres user", dir.display()),
                        )?;
                    }
                }
                None => {
                    let me = current_uid();
                    if meta.uid() != me {
                        bail!(
                            "the data directory {} belongs to another user (uid {}): run as \
                             that user, choose another directory with --data-dir, or change its \
                             owner with `chown -R $(id -u) {}`",
                            dir.display(),
                            meta.uid(),
                            dir.display()
                        );
                    }
                }
            }
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                .with_context(|| format!("cannot restrict access to {}", dir.display()))?;
        }
        if self.as_service_user {
            self.check_service_user_can_reach_root()?;
        }
        Ok(())
    }

    /// The postgres user must be able to walk down to the data directory.
    fn check_service_user_can_reach_root(&self) -> Result<()> {
        let out = Command::new("runuser")
            .args(["-u", SERVICE_USER, "--", "test", "-w"])
            .arg(&self.root)
            .output()
            .context("cannot run runuser to act as the postgres user")?;
        if !out.status.success() {
            bail!(
                "the postgres user cannot reach {}: every directory above it must be \
                 searchable by others (chmod o+x), or choose another --data-dir",
                self.root.display()
            );
        }
        Ok(())
    }

    /// How to invoke `pg_ctl` for this cluster from a shell (as the right user).
    pub fn pg_ctl_command_line(&self) -> String {
        let pg_ctl = self.binaries.program("pg_ctl");
        if self.as_service_user {
            format!("runuser -u {SERVICE_USER} -- '{}'", pg_ctl.display())
        } else {
            format!("'{}'", pg_ctl.display())
        }
    }

    fn run_server_command(&self, program: &str, args: &[OsString]) -> Result<Output> {
        let path = self.binaries.program(program);
        let mut cmd = if self.as_service_user {
            let mut c = Command::new("runuser");
            c.args(["-u", SERVICE_USER, "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        cmd.args(args);
        // Run from a directory the service user can read, and keep its locale predictable.
        cmd.current_dir("/").env("LC_ALL", "C.UTF-8");
        cmd.output()
            .with_context(|| format!("cannot run {}", path.display()))
    }
}

fn first_line(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let text = if text.trim().is_empty() {
        String::from_utf8_lossy(&out.stdout)
    } else {
        text
    };
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("exit status {}", out.status))
}

fn current_uid() -> u32 {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(u32::MAX)
}

fn is_root() -> bool {
    current_uid() == 0
}

/// The uid and gid of the `postgres` system user, read from the password database.
fn service_user_ids() -> Result<(u32, u32)> {
    let out = Command::new("id")
        .args(["-u", SERVICE_USER])
        .output()
        .context("cannot run `id`")?;
    let uid = String::from_utf8_lossy(&out.stdout).trim().parse::<u32>();
    let out = Command::new("id")
        .args(["-g", SERVICE_USER])
        .output()
        .context("cannot run `id`")?;
    let gid = String::from_utf8_lossy(&out.stdout).trim().parse::<u32>();
    match (uid, gid) {
        (Ok(u), Ok(g)) => Ok((u, g)),
        _ => Err(anyhow!(
            "running as root needs a `postgres` system user to own the embedded cluster: \
             install it with `sudo apt-get install postgresql`, or run as an ordinary user"
        )),
    }
}
