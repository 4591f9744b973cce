//! The S3 path of the document store, against a real S3-compatible server (moto's server
//! mode, installed by `scripts/setup.sh --servers`) started for the test: an upload large enough to
//! go in several parts, its download with a range, and an upload broken off half-way, after
//! which neither an object nor an unfinished multipart upload is left in the bucket.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use oversight::storage::DocumentStore;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use uuid::Uuid;

use crate::support::{PSD, TestApp, TestDb};

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
const BUCKET: &str = "oversight-documents";

/// The moto server, stopped when dropped.
struct S3Server {
    child: Child,
    endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto_server() -> std::path::PathBuf {
    std::env::var_os("OVERSIGHT_MOTO_SERVER")
        .map(Into::into)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/tools/servers/bin/moto_server")
        })
}

async fn start_s3() -> S3Server {
    let path = moto_server();
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup.sh --servers (scripts/test.sh does)",
        path.display()
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(&path)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start moto_server");
    let server = S3Server {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client.get(&server.endpoint).send().await.is_ok() {
            // moto creates a bucket on an unsigned PUT.
            let res = client
                .put(format!("{}/{BUCKET}", server.endpoint))
                .send()
                .await
                .expect("create the bucket");
            assert!(res.status().is_success(), "{}", res.status());
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto_server did not start on port {port}");
}

fn s3_store(server: &S3Server) -> DocumentStore {
    DocumentStore::url(
        &format!("s3://{BUCKET}/oversight"),
        [
            ("aws_endpoint", server.endpoint.as_str()),
            ("aws_allow_http", "true"),
            ("aws_region", "eu-west-2"),
            ("aws_access_key_id", "test"),
            ("aws_secret_access_key", "test"),
            ("aws_virtual_hosted_style_request", "false"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    )
    .expect("the S3 store")
}

/// Multipart uploads begun and neither completed nor aborted.
async fn unfinished_uploads(server: &S3Server) -> usize {
    let body = reqwest::get(format!("{}/{BUCKET}?uploads", server.endpoint))
        .await
        .expect("list multipart uploads")
        .text()
        .await
        .expect("body");
    body.matches("<Upload>").count()
}

#[tokio::test]
async fn documents_are_kept_in_an_s3_bucket_and_a_broken_upload_leaves_nothing_there() {
    let server = start_s3().await;
    let store = s3_store(&server);
    let settings = oversight::web::Settings {
        documents: store.clone(),
        ..oversight::web::Settings::default()
    };
    let app = TestApp::serve_with(TestDb::with_demo().await, settings).await;
    let case_id = app.db.first_met_case().await;
    app.sign_in(PSD).await;

    // 20 MB: more than two parts of the store.
    let mut contents = PDF.to_vec();
    contents.resize(20 * 1024 * 1024, b' ');
    let form = Form::new()
        .text("csrf_token", app.csrf_token_of(PSD).await)
        .part(
            "file",
            Part::bytes(contents.clone()).file_name("Custody CCTV log.pdf"),
        );
    let res = app
        .client
        .post(format!("{}/cases/{case_id}/documents", app.base))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (document_id, key): (Uuid, String) =
        sqlx::query_as("select document_id, object_key from document where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("the row");
    assert!(
        store.holds(&key).await.expect("head"),
        "the object is in the bucket"
    );
    assert_eq!(unfinished_uploads(&server).await, 0);

    let res = app
        .client
        .get(format!(
            "{}/cases/{case_id}/documents/{document_id}",
            app.base
        ))
        .header("range", "bytes=0-7")
        .send()
        .await
        .expect("download");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), &contents[..8]);
    let res = app
        .get(&format!("/cases/{case_id}/documents/{document_id}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.expect("bytes").len(), contents.len());

    // Broken off after 12 MB: a part was sent, then the sender went away.
    let megabyte = bytes::Bytes::from(vec![b' '; 1024 * 1024]);
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> =
        std::iter::once(Ok(bytes::Bytes::from_static(PDF)))
            .chain(std::iter::repeat_n(megabyte, 12).map(Ok))
            .chain(std::iter::once(Err(std::io::Error::other("lost"))))
            .collect();
    let form = Form::new()
        .text("csrf_token", app.csrf_token_of(PSD).await)
        .part(
            "file",
            Part::stream_with_length(
                reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)),
                20 * 1024 * 1024,
            )
            .file_name("broken.pdf"),
        );
    let sent = app
        .client
        .post(format!("{}/cases/{case_id}/documents", app.base))
        .multipart(form)
        .send()
        .await;
    assert!(sent.is_err(), "the upload was broken off");
    let mut left = (usize::MAX, usize::MAX);
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        left = (
            store.keys("").await.expect("list").len(),
            unfinished_uploads(&server).await,
        );
        if left == (1, 0) {
            break;
        }
    }
    assert_eq!(left, (1, 0), "only the first document is in the bucket");
    let rows: i64 = sqlx::query_scalar("select count(*) from document")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(rows, 1);
}
