//! A case's documents, driven as a browser does: a multipart upload from the documents page,
//! the list, the timeline, audited downloads with ranges, and every refusal (wrong type, a
//! renamed executable, a bad name, an empty file, one over the limit, a broken upload), after
//! each of which nothing is left in the store or the database. Another force sees none of it.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{Html, OTHER_PSD, PSD, TestApp, TestDb, scratch_dir};

const PDF: &[u8] =
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n";

/// An app whose documents are kept in a folder of its own, with this upload limit.
async fn app_with_folder(limit: u64) -> (TestApp, oversight::storage::DocumentStore) {
    let db = TestDb::with_demo().await;
    let dir = scratch_dir("documents");
    let store = oversight::storage::DocumentStore::folder(&dir).expect("a folder store");
    let settings = oversight::web::Settings {
        documents: store.clone(),
        upload_limit: limit,
        ..oversight::web::Settings::default()
    };
    (TestApp::serve_with(db, settings).await, store)
}

async fn upload(
    app: &TestApp,
    email: &str,
    case_id: Uuid,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let form = Form::new()
        .text("csrf_token", app.csrf_token_of(email).await)
        .text("description", "Statement of the complainant")
        .part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        );
    app.client
        .post(format!("{}/cases/{case_id}/documents", app.base))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

async fn documents(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from document")
        .fetch_one(pool)
        .await
        .expect("count")
}

async fn events(pool: &PgPool, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_event where action = $1")
        .bind(action)
        .fetch_one(pool)
        .await
        .expect("count")
}

#[tokio::test]
async fn an_uploaded_document_is_listed_on_the_timeline_and_downloads_as_an_audited_attachment() {
    let (app, store) = app_with_folder(oversight::config::DEFAULT_UPLOAD_LIMIT).await;
    let case_id = app.db.first_met_case().await;
    app.sign_in(PSD).await;

    let res = upload(&app, PSD, case_id, "Statement Siân.pdf", PDF).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.follow(res).await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await.expect("body");
    let doc = Html::parse(&body);
    assert!(doc.says("Statement Siân.pdf is uploaded"));
    assert!(doc.says("is not disclosed to the complainant"));
    assert!(doc.says("Statement of the complainant"));
    assert!(
        doc.says(&format!("a PDF, {} bytes", PDF.len())),
        "{}",
        doc.text()
    );

    let (document_id, key, sha): (Uuid, String, String) =
        sqlx::query_as("select document_id, object_key, sha256 from document where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("the document's row");
    assert!(
        store.holds(&key).await.expect("store"),
        "the contents are in the store"
    );
    assert_eq!(
        key,
        format!("cases/{case_id}/{document_id}"),
        "keyed by ids, never the name"
    );
    use sha2::Digest;
    assert_eq!(sha, hex::encode(sha2::Sha256::digest(PDF)));

    // On the case's timeline.
    let (_, case_page) = crate::support::page(&app, &format!("/cases/{case_id}")).await;
    assert!(case_page.contains("Document uploaded"));
    assert!(case_page.contains(&format!("/cases/{case_id}/documents")));

    // The download: an attachment of the stored type, not to be sniffed, audited.
    let href = format!("/cases/{case_id}/documents/{document_id}");
    let res = app.get(&href).await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |res: &reqwest::Response, name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header(&res, "content-type"), "application/pdf");
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    assert!(header(&res, "content-disposition").starts_with("attachment; filename="));
    assert!(
        header(&res, "content-disposition").contains("filename*=UTF-8''Statement%20Si%C3%A2n.pdf")
    );
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PDF);
    assert_eq!(events(&app.db.pool, "document_downloaded").await, 1);

    // A range, as a video player asks for one.
    let res = app
        .client
        .get(format!("{}{href}", app.base))
        .header("range", "bytes=5-9")
        .send()
        .await
        .expect("range");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&res, "content-range"),
        format!("bytes 5-9/{}", PDF.len())
    );
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), &PDF[5..10]);
    let res = app
        .client
        .get(format!("{}{href}", app.base))
        .header("range", "bytes=5000-")
        .send()
        .await
        .expect("range");
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(events(&app.db.pool, "document_downloaded").await, 2);

    let report = oversight::db::audit::verify(&app.db.pool)
        .await
        .expect("verify");
    assert!(
        report.broken.is_empty(),
        "the audit chains hold: {:?}",
        report.broken
    );

    // Another force: not found, for the list and the file.
    let other = app.another_browser();
    other.sign_in(OTHER_PSD).await;
    assert_eq!(
        other
            .get(&format!("/cases/{case_id}/documents"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(other.get(&href).await.status(), StatusCode::NOT_FOUND);
    let res = upload(&other, OTHER_PSD, case_id, "b.pdf", PDF).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(documents(&app.db.pool).await, 1);
}

#[tokio::test]
async fn refused_files_are_answered_beside_the_field_and_leave_nothing_behind() {
    let (app, store) = app_with_folder(4096).await;
    let case_id = app.db.first_met_case().await;
    app.sign_in(PSD).await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".repeat(4);
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".repeat(4);
    let cases: [(&str, Vec<u8>, StatusCode, &str); 7] = [
        (
            "report.pdf",
            exe.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "must be a PDF, an image",
        ),
        (
            "setup.exe",
            exe,
            StatusCode::UNPROCESSABLE_ENTITY,
            "must be a PDF, an image",
        ),
        (
            "archive.zip",
            zip,
            StatusCode::UNPROCESSABLE_ENTITY,
            "must be a PDF, an image",
        ),
        (
            "statement.docx",
            PDF.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "contents are a PDF",
        ),
        (
            "../../etc/passwd.pdf",
            PDF.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "must not contain slashes",
        ),
        (
            "empty.pdf",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "The selected file is empty",
        ),
        (
            "large.pdf",
            [PDF, &[b' '; 5000][..]].concat(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "must be smaller than 4 KB",
        ),
    ];
    for (name, bytes, status, message) in cases {
        let res = upload(&app, PSD, case_id, name, &bytes).await;
        assert_eq!(res.status(), status, "{name}");
        let body = res.text().await.expect("body");
        let doc = Html::parse(&body);
        assert!(
            doc.error_summary().iter().any(|e| e.contains(message)),
            "{name}: {:?}",
            doc.error_summary()
        );
        assert!(
            body.contains("value=\"Statement of the complainant\""),
            "{name}: the description is kept"
        );
    }
    // A name with a control character (a tab: a header may carry one, and a script might
    // send it; a NUL or a line break cannot reach the form at all).
    let res = upload(&app, PSD, case_id, "bad\tname.pdf", PDF).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without the CSRF token: refused before any byte is kept.
    let form = Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("a.pdf"));
    let res = app
        .client
        .post(format!("{}/cases/{case_id}/documents", app.base))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    assert_eq!(documents(&app.db.pool).await, 0);
    assert_eq!(
        store.keys("cases").await.expect("list"),
        Vec::<String>::new()
    );
    assert_eq!(events(&app.db.pool, "document_uploaded").await, 0);
}

#[tokio::test]
async fn an_upload_broken_off_half_way_leaves_no_row_and_no_object() {
    let (app, store) = app_with_folder(oversight::config::DEFAULT_UPLOAD_LIMIT).await;
    let case_id = app.db.first_met_case().await;
    app.sign_in(PSD).await;
    // 12 MB (more than a part of the store), then the sender fails: the client hangs up.
    let megabyte = bytes::Bytes::from(vec![b' '; 1024 * 1024]);
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> =
        std::iter::once(Ok(bytes::Bytes::from_static(PDF)))
            .chain(std::iter::repeat_n(megabyte, 12).map(Ok))
            .chain(std::iter::once(Err(std::io::Error::other(
                "the connection was lost",
            ))))
            .collect();
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let form = Form::new()
        .text("csrf_token", app.csrf_token_of(PSD).await)
        .part(
            "file",
            Part::stream_with_length(body, 20 * 1024 * 1024).file_name("video.pdf"),
        );
    let sent = app
        .client
        .post(format!("{}/cases/{case_id}/documents", app.base))
        .multipart(form)
        .send()
        .await;
    assert!(sent.is_err(), "the upload was broken off");
    // The server notices the broken connection and gives the upload up.
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(documents(&app.db.pool).await, 0);
    assert_eq!(
        store.keys("cases").await.expect("list"),
        Vec::<String>::new()
    );
    let folder = store.description.trim_start_matches("folder ");
    assert_eq!(
        files_under(std::path::Path::new(folder)),
        Vec::<std::path::PathBuf>::new(),
        "no part of the upload is left in the folder (the store's listing hides staged parts)"
    );
}

/// Every file under `dir`, staged parts included.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}
