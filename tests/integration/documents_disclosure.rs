//! What a document is attached to, whether the complainant may see it, its redacted copies,
//! the withholdings report, the complainant's own uploads (in Welsh, within their allowance,
//! waiting on the handler's My work), and publication on the public register, driven
//! through the pages as a browser does.

use std::sync::Arc;

use oversight::storage::DocumentStore;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::public::{
    P1_CASE, P1_CODE, P1_REFERENCE, complainant_csrf, public_demo_with, sign_in_as_complainant,
};
use crate::support::{CASEWORKER, Html, OTHER_PSD, TestApp, scratch_dir};

const PDF: &[u8] =
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";

/// The demo data and the demo complaints, with documents kept in a folder of their own.
async fn app() -> (TestApp, DocumentStore) {
    let store = DocumentStore::folder(&scratch_dir("documents")).expect("a folder store");
    let app = public_demo_with(oversight::web::Settings {
        documents: store.clone(),
        ..oversight::web::Settings::default()
    })
    .await;
    (app, store)
}

fn p1() -> Uuid {
    P1_CASE.parse().expect("P1's id")
}

/// Posts a multipart form with a file, as the page's form does.
async fn post_file(
    app: &TestApp,
    path: &str,
    csrf: &str,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let mut form = Form::new().text("csrf_token", csrf.to_owned());
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    form = form.part(
        "file",
        Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
    );
    app.client
        .post(format!("{}{path}", app.base))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

/// Uploads a document to P1 as the caseworker, and returns its id.
async fn staff_upload(app: &TestApp, name: &str, fields: &[(&str, &str)]) -> Uuid {
    let csrf = app.csrf_token_of(CASEWORKER).await;
    let res = post_file(
        app,
        &format!("/cases/{P1_CASE}/documents"),
        &csrf,
        fields,
        name,
        PDF,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{name}");
    document_named(&app.db.pool, name).await
}

async fn document_named(pool: &PgPool, name: &str) -> Uuid {
    sqlx::query_scalar("select document_id from document where name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .expect("the document")
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count")
}

async fn decide(app: &TestApp, document_id: Uuid, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post_form_as(
        CASEWORKER,
        &format!("/cases/{P1_CASE}/documents/{document_id}/disclosure"),
        fields,
    )
    .await
}

#[tokio::test]
async fn a_document_attaches_only_to_a_record_of_its_own_case() {
    let (app, store) = app().await;
    app.sign_in(CASEWORKER).await;
    let investigation: Uuid =
        sqlx::query_scalar("select investigation_id from investigation where case_id = $1")
            .bind(p1())
            .fetch_one(&app.db.pool)
            .await
            .expect("P1's investigation");
    // The form offers the investigation's report.
    let (_, body) =
        crate::support::public::page(&app, &format!("/cases/{P1_CASE}/documents")).await;
    assert!(body.contains(&format!("value=\"report:{investigation}\"")));

    let id = staff_upload(
        &app,
        "Investigation report.pdf",
        &[("attach", &format!("report:{investigation}"))],
    )
    .await;
    let (purpose, linked): (String, Option<Uuid>) =
        sqlx::query_as("select purpose, investigation_id from document where document_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .expect("row");
    assert_eq!((purpose.as_str(), linked), ("report", Some(investigation)));
    let (_, body) =
        crate::support::public::page(&app, &format!("/cases/{P1_CASE}/documents")).await;
    assert!(
        Html::parse(&body).says("The investigation report: Local investigation, started"),
        "the list says what it is attached to"
    );

    // Another case's investigation: refused beside the field, nothing kept.
    let other: Uuid = sqlx::query_scalar(
        "select investigation_id from investigation where case_id <> $1 limit 1",
    )
    .bind(p1())
    .fetch_one(&app.db.pool)
    .await
    .expect("another case's investigation");
    let csrf = app.csrf_token_of(CASEWORKER).await;
    for attach in [format!("report:{other}"), "report:nonsense".to_owned()] {
        let res = post_file(
            &app,
            &format!("/cases/{P1_CASE}/documents"),
            &csrf,
            &[("attach", &attach), ("description", "Kept")],
            "Wrong.pdf",
            PDF,
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{attach}");
        let body = res.text().await.expect("body");
        let doc = Html::parse(&body);
        assert!(
            doc.error_summary()
                .iter()
                .any(|e| e.contains("Choose what the document is attached to")),
            "{:?}",
            doc.error_summary()
        );
        assert!(body.contains("value=\"Kept\""), "what was typed is kept");
    }
    assert_eq!(
        count(&app.db.pool, "select count(*) from document").await,
        1
    );
    assert_eq!(
        store.keys("cases").await.expect("keys").len(),
        1,
        "no object is left of the refused uploads"
    );
}

#[tokio::test]
async fn the_complainant_sees_only_what_is_disclosed_and_never_an_original_with_a_redacted_copy() {
    let (app, _store) = app().await;
    app.sign_in(CASEWORKER).await;
    let original = staff_upload(&app, "Witness statement.pdf", &[]).await;
    let withheld = staff_upload(&app, "Custody record.pdf", &[]).await;
    let undecided = staff_upload(&app, "Draft notes.pdf", &[]).await;

    // A redacted copy needs a reason for each redaction.
    let csrf = app.csrf_token_of(CASEWORKER).await;
    let copy_path = format!("/cases/{P1_CASE}/documents/{original}/redacted");
    let res = post_file(
        &app,
        &copy_path,
        &csrf,
        &[],
        "Witness statement (redacted).pdf",
        PDF,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        Html::parse(&res.text().await.expect("body"))
            .error_summary()
            .iter()
            .any(|e| e.contains("Give the reason for each redaction"))
    );
    assert_eq!(
        count(&app.db.pool, "select count(*) from document").await,
        3
    );
    let res = post_file(
        &app,
        &copy_path,
        &csrf,
        &[(
            "redactions",
            "Name of a witness\r\nHome address of the witness\r\n",
        )],
        "Witness statement (redacted).pdf",
        PDF,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let copy = document_named(&app.db.pool, "Witness statement (redacted).pdf").await;
    let (from, reasons): (Option<Uuid>, Vec<String>) =
        sqlx::query_as("select redacted_from, redactions from document where document_id = $1")
            .bind(copy)
            .fetch_one(&app.db.pool)
            .await
            .expect("the copy");
    assert_eq!(from, Some(original));
    assert_eq!(
        reasons,
        ["Name of a witness", "Home address of the witness"]
    );

    // Both the copy and its original marked disclosable; the custody record withheld.
    for id in [copy, original] {
        let res = decide(&app, id, &[("disclosure", "disclosable")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let res = decide(
        &app,
        withheld,
        &[
            ("disclosure", "withheld"),
            ("ground", "crime"),
            ("harm", "real"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors = Html::parse(&res.text().await.expect("body")).error_summary();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("risk of harm is real and its effect significant")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("Enter the date to look at the decision again")),
        "{errors:?}"
    );
    let withhold = |year: &'static str| {
        vec![
            ("disclosure", "withheld"),
            ("ground", "crime"),
            ("harm", "real"),
            ("harm", "significant"),
            ("review_on-day", "1"),
            ("review_on-month", "3"),
            ("review_on-year", year),
        ]
    };
    let res = decide(&app, withheld, &withhold("2020")).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a review date in the past"
    );
    let res = decide(&app, withheld, &withhold("2099")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (ground, real, significant, review): (String, bool, bool, chrono::NaiveDate) =
        sqlx::query_as(
            "select withholding_ground, harm_real, harm_significant, withholding_review_on
           from document where document_id = $1",
        )
        .bind(withheld)
        .fetch_one(&app.db.pool)
        .await
        .expect("the withholding");
    assert_eq!((ground.as_str(), real, significant), ("crime", true, true));
    assert_eq!(
        review,
        chrono::NaiveDate::from_ymd_opt(2099, 3, 1).expect("date")
    );

    // The report lists it for the IOPC, and not for another force.
    let (status, body) = crate::support::public::page(&app, "/documents/withholdings").await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse(&body);
    assert!(doc.says("Custody record.pdf"));
    assert!(doc.says("The prevention or detection of crime"));
    assert!(doc.says("1 March 2099: due in"));
    let other = app.another_browser();
    other.sign_in(OTHER_PSD).await;
    let (_, body) = crate::support::public::page(&other, "/documents/withholdings").await;
    assert!(!body.contains("Custody record.pdf"));
    assert!(Html::parse(&body).says("No document is withheld under the harm test."));
    for id in [original, withheld, copy] {
        assert_eq!(
            other
                .get(&format!("/cases/{P1_CASE}/documents/{id}/disclosure"))
                .await
                .status(),
            StatusCode::NOT_FOUND,
            "another force cannot reach the metadata"
        );
    }

    // The complainant (Welsh preferred) sees the copy only.
    let complainant = app.another_browser();
    sign_in_as_complainant(&complainant, P1_REFERENCE, P1_CODE).await;
    let (status, body) = crate::support::public::page(&complainant, "/status/documents").await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse(&body);
    assert!(doc.says("Eich dogfennau"), "in Welsh");
    assert!(doc.says("Witness statement (redacted).pdf"));
    for hidden in [
        "Witness statement.pdf",
        "Custody record.pdf",
        "Draft notes.pdf",
    ] {
        assert!(!doc.says(hidden), "{hidden} is not shown");
    }
    let res = complainant.get(&format!("/status/documents/{copy}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .expect("header")
            .starts_with("attachment")
    );
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PDF);
    for id in [original, withheld, undecided] {
        assert_eq!(
            complainant
                .get(&format!("/status/documents/{id}"))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    }
    // A document of another case, disclosed there: still not theirs.
    let elsewhere: Uuid = sqlx::query_scalar(
        "select case_id from case_record where case_id <> $1 order by received_on limit 1",
    )
    .bind(p1())
    .fetch_one(&app.db.pool)
    .await
    .expect("another case");
    let csrf = app.csrf_token_of(CASEWORKER).await;
    let res = post_file(
        &app,
        &format!("/cases/{elsewhere}/documents"),
        &csrf,
        &[],
        "Elsewhere.pdf",
        PDF,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let elsewhere_doc = document_named(&app.db.pool, "Elsewhere.pdf").await;
    sqlx::query("update document set disclosure = 'disclosable' where document_id = $1")
        .bind(elsewhere_doc)
        .execute(&app.db.pool)
        .await
        .expect("disclose it");
    assert_eq!(
        complainant
            .get(&format!("/status/documents/{elsewhere_doc}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // The complainant's download is in the case's audit trail, by the complainant.
    assert_eq!(
        count(
            &app.db.pool,
            "select count(*) from audit_event where action = 'document_downloaded' and actor_role = 'complainant'",
        )
        .await,
        1
    );
    let report = oversight::db::audit::verify(&app.db.pool)
        .await
        .expect("verify");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[tokio::test]
async fn a_complainant_sends_documents_in_welsh_within_their_allowance_and_they_wait_on_my_work() {
    let (app, store) = app().await;
    let complainant = app.another_browser();
    sign_in_as_complainant(&complainant, P1_REFERENCE, P1_CODE).await;
    let csrf = complainant_csrf(&app.db.pool).await;

    let res = post_file(
        &complainant,
        "/status/documents",
        &csrf,
        &[("description", "Llun o fy anaf")],
        "Llun.png",
        PNG,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = complainant.follow(res).await;
    let doc = Html::parse(&page.text().await.expect("body"));
    assert!(
        doc.says("Diolch. Rydym wedi cael Llun.png."),
        "{}",
        doc.text()
    );
    assert!(doc.says("Dogfennau rydych wedi'u hanfon"));
    let (from_complainant, disclosure, by): (bool, String, Option<Uuid>) = sqlx::query_as(
        "select from_complainant, disclosure, uploaded_by from document where name = 'Llun.png'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("row");
    assert_eq!(
        (from_complainant, disclosure.as_str(), by),
        (true, "not_disclosed", None)
    );

    // A renamed executable: refused, in Welsh, beside the field, the description kept.
    let res = post_file(
        &complainant,
        "/status/documents",
        &csrf,
        &[("description", "Cadw hwn")],
        "llun.jpg",
        EXE,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.expect("body");
    let doc = Html::parse(&body);
    assert!(
        doc.error_summary()
            .iter()
            .any(|e| e.contains("Rhaid i'r ffeil fod yn PDF")),
        "{:?}",
        doc.error_summary()
    );
    assert!(body.contains("value=\"Cadw hwn\""));
    // Without the session's token: refused.
    let res = post_file(
        &complainant,
        "/status/documents",
        "nope",
        &[],
        "Llun2.png",
        PNG,
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The handler (here the IOPC caseworker the case is assigned to) sees it on My work.
    app.sign_in(CASEWORKER).await;
    sqlx::query(
        "update case_record set assigned_to = (select staff_user_id from staff_user where email = $2)
          where case_id = $1",
    )
    .bind(p1())
    .bind(CASEWORKER)
    .execute(&app.db.pool)
    .await
    .expect("assign");
    let (_, body) = crate::support::public::page(&app, "/my-work").await;
    let doc = Html::parse(&body);
    assert!(doc.says("Documents received from complainants"));
    assert!(doc.says("Llun.png"), "{}", doc.text());
    assert!(body.contains(&format!("/cases/{P1_CASE}/documents")));

    // Staff allow 2 documents: one more goes, the next is refused.
    let res = app
        .post_form_as(
            CASEWORKER,
            &format!("/cases/{P1_CASE}/documents/allowance"),
            &[("files", "0"), ("megabytes", "5")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_form_as(
            CASEWORKER,
            &format!("/cases/{P1_CASE}/documents/allowance"),
            &[("files", "2"), ("megabytes", "5")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post_file(
        &complainant,
        "/status/documents",
        &csrf,
        &[],
        "Llythyr.pdf",
        PDF,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, body) = crate::support::public::page(&complainant, "/status/documents").await;
    assert!(
        Html::parse(&body).says("Rydych wedi anfon y 2 dogfen"),
        "no form once the allowance is used"
    );
    let res = post_file(
        &complainant,
        "/status/documents",
        &csrf,
        &[],
        "Trydydd.pdf",
        PDF,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(
            &app.db.pool,
            "select count(*) from document where from_complainant"
        )
        .await,
        2
    );
    assert_eq!(
        store.keys("cases").await.expect("keys").len(),
        2,
        "nothing is kept of the refused uploads"
    );

    // Once a decision is saved, it leaves My work.
    let id = document_named(&app.db.pool, "Llun.png").await;
    let res = decide(&app, id, &[("disclosure", "not_disclosed")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, body) = crate::support::public::page(&app, "/my-work").await;
    let doc = Html::parse(&body);
    assert!(!doc.says("Llun.png"));
    assert!(doc.says("Llythyr.pdf"));
}

#[tokio::test]
async fn a_complainants_allowance_holds_against_sixteen_uploads_at_once() {
    let (app, _store) = app().await;
    let pool = app.db.pool.clone();
    // 3 sent already, 10 allowed: of 16 sent at once, exactly 7 are kept.
    for i in 0..3 {
        insert_complainant_document(&pool, i)
            .await
            .expect("one of the first three");
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(16));
    let tasks: Vec<_> = (3..19)
        .map(|i| {
            let pool = pool.clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                insert_complainant_document(&pool, i).await
            })
        })
        .collect();
    let mut kept = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(()) => kept += 1,
            Err(e) => assert_eq!(
                e.as_database_error().and_then(|d| d.constraint()),
                Some("complainant_upload_files"),
                "{e}"
            ),
        }
    }
    assert_eq!(kept, 7);
    assert_eq!(
        count(
            &pool,
            "select count(*) from document where from_complainant"
        )
        .await,
        10
    );
}

async fn insert_complainant_document(pool: &PgPool, i: i32) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into document (document_id, case_id, name, media_type, size_bytes, sha256,
                               object_key, from_complainant)
         values ($1, $2, $3, 'application/pdf', 10, repeat('a', 64), $4, true)",
    )
    .bind(id)
    .bind(p1())
    .bind(format!("sent-{i}.pdf"))
    .bind(format!("cases/{P1_CASE}/{id}"))
    .execute(&mut *tx)
    .await?;
    // Held open a moment, as a real upload's transaction is.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    tx.commit().await
}

#[tokio::test]
async fn only_a_disclosable_redacted_pdf_is_published_and_anyone_may_download_it() {
    let (app, _store) = app().await;
    app.sign_in(CASEWORKER).await;
    let original = staff_upload(&app, "Final report.pdf", &[]).await;
    let csrf = app.csrf_token_of(CASEWORKER).await;
    let res = post_file(
        &app,
        &format!("/cases/{P1_CASE}/documents/{original}/redacted"),
        &csrf,
        &[(
            "redactions",
            "Names of officers not found to have a case to answer",
        )],
        "Final report (published).pdf",
        PDF,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let copy = document_named(&app.db.pool, "Final report (published).pdf").await;
    let publish = |id: Uuid| {
        let app = &app;
        async move {
            app.post_form_as(
                CASEWORKER,
                &format!("/cases/{P1_CASE}/documents/{id}/publication"),
                &[("publish", "yes")],
            )
            .await
        }
    };
    // Not yet disclosable; and an original never.
    assert_eq!(
        publish(copy).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        decide(&app, original, &[("disclosure", "disclosable")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        publish(original).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        decide(&app, copy, &[("disclosure", "disclosable")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(publish(copy).await.status(), StatusCode::SEE_OTHER);

    // The register, for anyone.
    let public = app.another_browser();
    let (status, body) = crate::support::public::page(&public, "/published/reports").await;
    assert_eq!(status, StatusCode::OK);
    let doc = Html::parse(&body);
    assert!(doc.says("Final report (published).pdf"));
    assert!(!doc.says("Final report.pdf"));
    let res = public.get(&format!("/published/reports/{copy}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PDF);
    assert_eq!(
        public
            .get(&format!("/published/reports/{original}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // While published it cannot stop being disclosable; withdrawn, it leaves the register.
    let res = decide(&app, copy, &[("disclosure", "not_disclosed")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_form_as(
            CASEWORKER,
            &format!("/cases/{P1_CASE}/documents/{copy}/publication"),
            &[("publish", "no")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        public
            .get(&format!("/published/reports/{copy}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        count(&app.db.pool, "select count(*) from audit_event where action in ('document_published', 'document_publication_withdrawn')").await,
        2
    );
}

#[tokio::test]
async fn the_demo_documents_load_once_and_show_where_each_kind_belongs() {
    let (app, store) = app().await;
    assert_eq!(
        oversight::demo::documents::load(&app.db.pool, &store)
            .await
            .expect("load"),
        6
    );
    assert_eq!(
        oversight::demo::documents::load(&app.db.pool, &store)
            .await
            .expect("again"),
        0,
        "loading again adds nothing"
    );
    assert_eq!(store.keys("cases").await.expect("keys").len(), 6);

    // The published redacted report, for anyone.
    let public = app.another_browser();
    let (_, body) = crate::support::public::page(&public, "/published/reports").await;
    let doc = Html::parse(&body);
    assert!(doc.says("Investigation report (redacted).pdf"));
    assert!(!doc.says("Investigation report.pdf"));
    // The withholding, for the IOPC.
    app.sign_in(CASEWORKER).await;
    let (_, body) = crate::support::public::page(&app, "/documents/withholdings").await;
    assert!(Html::parse(&body).says("Custody record.pdf"));
    // The letter, for the Welsh complainant; their own account, listed as sent.
    let complainant = app.another_browser();
    sign_in_as_complainant(&complainant, P1_REFERENCE, P1_CODE).await;
    let (_, body) = crate::support::public::page(&complainant, "/status/documents").await;
    let doc = Html::parse(&body);
    assert!(doc.says("Llythyr at yr achwynydd.pdf"));
    assert!(doc.says("Fy nghyfrif i.txt"));
    let letter = document_named(&app.db.pool, "Llythyr at yr achwynydd.pdf").await;
    let res = complainant
        .get(&format!("/status/documents/{letter}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.expect("bytes").starts_with(b"%PDF-1.4"));
}
