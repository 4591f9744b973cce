//! The `oversight` binary as a real process: the embedded cluster starts, keeps its data
//! across restarts, stops with the server, recovers from a crash; bad configuration gives one
//! clear line and a non-zero exit.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use oversight::db::embedded::Cluster;
use sqlx::{ConnectOptions, Connection};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::support::scratch_dir;

const BIN: &str = env!("CARGO_BIN_EXE_oversight");

/// Stops a test's embedded cluster when the test ends, also when an assertion fails and the
/// server it belonged to was killed without stopping it.
struct StopOnDrop(Cluster);

/// Removes a scratch directory (a cluster and a copy of the binary: hundreds of megabytes)
/// when the test ends, whether it passed or not. Declare it before the cluster's
/// [`StopOnDrop`], so the cluster stops first.
struct RemoveOnDrop(std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        let _ = self.0.stop();
    }
}

/// Starts `oversight serve` on a free port and waits for its "running at" line. Returns the
/// process, its base URL and everything it printed up to then.
async fn start_server(data_dir: &Path) -> (Child, String, String) {
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("start oversight");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = String::new();
    let base = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await.expect("read") {
            printed.push_str(&line);
            printed.push('\n');
            if let Some(rest) = line.strip_prefix("Oversight is running at ") {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("the server stopped before it was ready:\n{printed}");
    })
    .await
    .expect("server ready within two minutes");
    // Keep draining stdout so the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, base, printed)
}

fn signal(child: &Child, sig: &str) {
    let pid = child.id().expect("running").to_string();
    let status = std::process::Command::new("kill")
        .args([sig, &pid])
        .status()
        .expect("kill");
    assert!(status.success());
}

async fn health(base: &str) -> reqwest::StatusCode {
    reqwest::get(format!("{base}/healthz"))
        .await
        .expect("GET /healthz")
        .status()
}

#[tokio::test]
async fn embedded_cluster_starts_survives_restarts_and_stops_with_the_server() {
    let scratch = scratch_dir("embedded");
    let _cleanup = RemoveOnDrop(scratch.clone());
    let data_dir = scratch.join("data");
    let cluster = Cluster::new(&data_dir).expect("binaries");
    let _stop = StopOnDrop(cluster.clone());

    // First start: the cluster is created, migrated and seeded with the demo data.
    let (mut child, base, printed) = start_server(&data_dir).await;
    assert_eq!(health(&base).await, reqwest::StatusCode::OK);
    assert!(
        printed.contains("psd@met.example"),
        "demo sign-ins are printed:\n{printed}"
    );
    let mut conn = cluster
        .connect_options("oversight")
        .connect()
        .await
        .expect("connect");
    sqlx::raw_sql(
        "create table restart_marker (note text); insert into restart_marker values ('kept')",
    )
    .execute(&mut conn)
    .await
    .expect("marker");
    conn.close().await.expect("close");

    // SIGTERM: the server exits cleanly and takes the cluster down with it.
    signal(&child, "-TERM");
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .expect("exits")
        .expect("wait");
    assert!(status.success(), "clean exit, got {status}");
    assert!(
        !cluster.is_running().expect("status"),
        "cluster stopped with the server"
    );

    // Second start: same data.
    let (mut child, base, _) = start_server(&data_dir).await;
    assert_eq!(health(&base).await, reqwest::StatusCode::OK);
    let mut conn = cluster
        .connect_options("oversight")
        .connect()
        .await
        .expect("connect");
    let note: String = sqlx::query_scalar("select note from restart_marker")
        .fetch_one(&mut conn)
        .await
        .expect("marker kept");
    assert_eq!(note, "kept");
    let staff: i64 =
        sqlx::query_scalar("select count(*) from staff_user where email like '%.example'")
            .fetch_one(&mut conn)
            .await
            .expect("count");
    assert_eq!(staff, 6, "demo data is loaded only on the first start");
    conn.close().await.expect("close");

    // A crash (SIGKILL) leaves the data directory usable: the next start carries on.
    signal(&child, "-KILL");
    child.wait().await.expect("wait");
    let (mut child, base, _) = start_server(&data_dir).await;
    assert_eq!(health(&base).await, reqwest::StatusCode::OK);
    signal(&child, "-TERM");
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .expect("exits")
        .expect("wait");
    assert!(status.success());
    assert!(!cluster.is_running().expect("status"));
}

/// Runs the binary to completion and returns (exit success, stderr).
async fn run_to_end(args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::time::timeout(Duration::from_secs(60), cmd.output())
        .await
        .expect("finishes")
        .expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_one_clear_line(stderr: &str, expected: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "exactly one line, got:\n{stderr}");
    assert!(
        lines[0].contains(expected),
        "{:?} should mention {expected:?}",
        lines[0]
    );
    assert!(!stderr.contains("panicked"), "no panic trace");
}

#[tokio::test]
async fn malformed_database_url_is_one_clear_line() {
    let (ok, stderr) = run_to_end(
        &["serve", "--bind", "127.0.0.1:0"],
        &[("DATABASE_URL", "mysql://nope")],
    )
    .await;
    assert!(!ok);
    assert_one_clear_line(&stderr, "DATABASE_URL is not a valid PostgreSQL URL");
}

#[tokio::test]
async fn unreachable_database_is_one_clear_line() {
    let (ok, stderr) = run_to_end(
        &["serve", "--bind", "127.0.0.1:0"],
        &[("DATABASE_URL", "postgresql://u:secret@127.0.0.1:1/x")],
    )
    .await;
    assert!(!ok);
    assert_one_clear_line(&stderr, "cannot connect to the database at 127.0.0.1:1/x");
    assert!(!stderr.contains("secret"), "the password is never printed");
}

#[tokio::test]
async fn port_already_in_use_is_one_clear_line() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = busy.local_addr().expect("addr").to_string();
    let (ok, stderr) = run_to_end(&["serve", "--bind", &addr], &[]).await;
    assert!(!ok);
    assert_one_clear_line(&stderr, "is already in use");
}

#[tokio::test]
async fn bad_bind_address_is_refused_before_anything_starts() {
    let (ok, stderr) = run_to_end(&["serve", "--bind", "not-an-address"], &[]).await;
    assert!(!ok);
    assert!(stderr.contains("--bind"), "{stderr}");
}

/// A copy of the binary that another user can run, and a directory that user owns. Running as
/// another user needs root (CI and the development machines run the suite as root); as an
/// ordinary user the suite runs everything under that user already.
fn as_other_user() -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if !root {
        eprintln!("not root: the ordinary-user path is what this whole suite exercises");
        return None;
    }
    let dir = scratch_dir("other-user");
    let bin = dir.join("oversight");
    std::fs::copy(BIN, &bin).expect("copy binary");
    let status = std::process::Command::new("chown")
        .args(["-R", "postgres"])
        .arg(&dir)
        .status()
        .expect("chown");
    assert!(status.success());
    Some((bin, dir))
}

#[tokio::test]
async fn an_ordinary_user_runs_the_embedded_cluster_as_itself_and_stops_it() {
    let Some((bin, dir)) = as_other_user() else {
        return;
    };
    let _cleanup = RemoveOnDrop(dir.clone());
    let data = dir.join("data");
    let _stop = StopOnDrop(Cluster::new(&data).expect("binaries"));
    let mut child = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(&bin)
        .args(["serve", "--bind", "127.0.0.1:0", "--no-demo", "--data-dir"])
        .arg(&data)
        .env_remove("DATABASE_URL")
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let base = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await.expect("read") {
            if let Some(rest) = line.strip_prefix("Oversight is running at ") {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("stopped before it was ready");
    })
    .await
    .expect("ready");
    assert_eq!(health(&base).await, reqwest::StatusCode::OK);
    let owner = std::os::unix::fs::MetadataExt::uid(
        &std::fs::metadata(data.join("pgdata")).expect("pgdata"),
    );
    assert_ne!(
        owner, 0,
        "the cluster belongs to the user who ran the service"
    );
    // runuser passes the signal on to the service and reports it as its own exit status.
    signal(&child, "-TERM");
    tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .expect("exits")
        .expect("wait");
    let running = std::process::Command::new("runuser")
        .args(["-u", "postgres", "--", "sh", "-c"])
        .arg(format!(
            "{} status -D '{}'",
            oversight::db::embedded::Binaries::find()
                .expect("binaries")
                .bin_dir
                .join("pg_ctl")
                .display(),
            data.join("pgdata").display()
        ))
        .status()
        .expect("pg_ctl status");
    assert_eq!(running.code(), Some(3), "no server left running");
}

#[tokio::test]
async fn a_data_directory_owned_by_someone_else_is_one_clear_line() {
    let Some((bin, dir)) = as_other_user() else {
        return;
    };
    let _cleanup = RemoveOnDrop(dir.clone());
    let foreign = scratch_dir("root-owned");
    let _cleanup_foreign = RemoveOnDrop(foreign.clone());
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(&bin)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&foreign)
        .env_remove("DATABASE_URL")
        .current_dir(&dir)
        .output()
        .await
        .expect("run");
    assert!(!out.status.success());
    assert_one_clear_line(
        &String::from_utf8_lossy(&out.stderr),
        "belongs to another user",
    );
}
