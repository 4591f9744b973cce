//! A 1 GiB upload streams through the real server (`oversight serve`, a process of its own so
//! that its memory is its own) with its resident memory growing by less than 50 MB: the file
//! is never held whole, only a few parts of the store at a time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sqlx::ConnectOptions;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::support::{PSD, TestApp, TestDb, browser_client, scratch_dir};

const BIN: &str = env!("CARGO_BIN_EXE_oversight");
const GIB: usize = 1024 * 1024 * 1024;
const LIMIT_MB: u64 = 50;

/// The resident memory of a process, in bytes.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmRSS")
        * 1024
}

/// Removes the scratch directory (a gigabyte) when the test ends.
struct RemoveOnDrop(std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn a_one_gigabyte_upload_streams_through_in_bounded_memory() {
    let db = TestDb::with_demo().await;
    let data_dir = scratch_dir("upload-memory");
    let _cleanup = RemoveOnDrop(data_dir.clone());
    let mut child = Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--no-demo", "--data-dir"])
        .arg(&data_dir)
        .env("DATABASE_URL", db.options.to_url_lossy().to_string())
        .env("OVERSIGHT_UPLOAD_LIMIT", (2 * GIB).to_string())
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("start oversight");
    let pid = child.id().expect("pid");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let base = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await.expect("read") {
            if let Some(rest) = line.strip_prefix("Oversight is running at ") {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("the server stopped before it was ready");
    })
    .await
    .expect("ready");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });

    let app = TestApp {
        db: db.clone(),
        base,
        client: browser_client(),
    };
    app.sign_in(PSD).await;
    let case_id = db.first_met_case().await;
    // Warm: the pages and pools the upload uses are in use before the baseline is read.
    assert_eq!(
        app.get(&format!("/cases/{case_id}/documents"))
            .await
            .status(),
        StatusCode::OK
    );
    let before = rss(pid);

    // A generated PDF of 1 GiB, sent in 1 MiB chunks as they are made.
    let header = bytes::Bytes::from_static(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    let chunk = bytes::Bytes::from(vec![b' '; 1024 * 1024]);
    let size = header.len() + GIB;
    let stream = futures_util::stream::iter(
        std::iter::once(header)
            .chain(std::iter::repeat_n(chunk, 1024))
            .map(Ok::<_, std::io::Error>),
    );
    let form = Form::new()
        .text("csrf_token", app.csrf_token_of(PSD).await)
        .part(
            "file",
            Part::stream_with_length(reqwest::Body::wrap_stream(stream), size as u64)
                .file_name("Custody CCTV.pdf"),
        );
    // The peak, sampled every 50 ms while the upload runs.
    let peak = Arc::new(AtomicU64::new(before));
    let sampling = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let res = app
        .client
        .post(format!("{}/cases/{case_id}/documents", app.base))
        .multipart(form)
        .timeout(Duration::from_secs(600))
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    sampling.abort();
    let peak = peak.load(Ordering::Relaxed).max(rss(pid));
    let stored: i64 = sqlx::query_scalar(
        "select size_bytes from document where case_id = $1 and name = 'Custody CCTV.pdf'",
    )
    .bind(case_id)
    .fetch_one(&db.pool)
    .await
    .expect("the row");
    assert_eq!(stored as usize, size);
    let grown = peak.saturating_sub(before);
    println!(
        "1 GiB upload: RSS {} MB before, {} MB after, grew {} MB",
        before / 1_000_000,
        peak / 1_000_000,
        grown / 1_000_000
    );
    assert!(
        grown < LIMIT_MB * 1024 * 1024,
        "the server's memory grew by {} MB",
        grown / (1024 * 1024)
    );
    child.kill().await.expect("stop");
}
