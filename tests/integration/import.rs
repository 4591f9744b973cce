//! `oversight import`: a file of case histories replayed through the pages' forms and the
//! workflow, with the dates each step happened; all of the file or none of it.

use std::collections::BTreeMap;

use oversight::web::import::{self, FieldValue, ImportCase, ImportError, MAKE_RECOMMENDATION};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{
    Html, Staff, case_version, date, error_text, page, post, subject_state, subject_step,
};

const S3: &str = include_str!("../fixtures/import/s3.json");

/// The form fields of an import step as a browser posts them, with `{allegation N}` and
/// `{force CODE}` replaced by the keys the page's form would carry.
async fn browser_fields(
    pool: &PgPool,
    case_id: Option<Uuid>,
    fields: &BTreeMap<String, FieldValue>,
) -> Vec<(String, String)> {
    let allegations: Vec<Uuid> = match case_id {
        Some(id) => sqlx::query_scalar(
            "select allegation_id from allegation where case_id = $1 order by entry_order",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .expect("allegations"),
        None => Vec::new(),
    };
    let met: Uuid =
        sqlx::query_scalar("select police_force_id from police_force where code = 'met'")
            .fetch_one(pool)
            .await
            .expect("the Met");
    let resolve = |s: &str| {
        let mut s = s.replace("{force met}", &met.to_string());
        for (i, a) in allegations.iter().enumerate() {
            s = s.replace(&format!("{{allegation {}}}", i + 1), &a.to_string());
        }
        s
    };
    let mut out = Vec::new();
    for (name, value) in fields {
        let values = match value {
            FieldValue::One(v) => vec![v.clone()],
            FieldValue::Many(vs) => vs.clone(),
        };
        for v in values {
            if chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").is_ok() {
                out.extend(date(&resolve(name), &v));
            } else {
                out.push((resolve(name), resolve(&v)));
            }
        }
    }
    out
}

/// Enters an import file's case through the pages, step by step, as the staff it names, with
/// the same dates; returns the new case's id.
async fn enter_through_pages(staff: &Staff, case: &ImportCase) -> Uuid {
    let pool = staff.pool();
    let mut form = browser_fields(pool, None, &case.form).await;
    form.extend(date("logged-on", &case.logged_on.to_string()));
    let res = post(staff, &case.logged_by, "/cases/new", form).await;
    assert_eq!(res.status(), 303, "logging");
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let case_id = Uuid::parse_str(
        location
            .trim_start_matches("/cases/")
            .split('?')
            .next()
            .expect("id"),
    )
    .expect("uuid");
    for step in &case.steps {
        let mut form = browser_fields(pool, Some(case_id), &step.fields).await;
        let on = step.on.to_string();
        form.extend(date("on", &on));
        let (path, version) = match (&step.subject, step.step.as_str()) {
            (None, MAKE_RECOMMENDATION) => {
                form.extend(date("made-on", &on));
                (format!("/cases/{case_id}/recommendations/new"), None)
            }
            (None, _) => (
                format!("/cases/{case_id}/actions"),
                Some(case_version(pool, case_id).await),
            ),
            (Some(name), _) => {
                let cs: Uuid = sqlx::query_scalar(
                    "select cs.case_subject_id from case_subject cs join subject s using (subject_id)
                     where cs.case_id = $1 and s.name = $2",
                )
                .bind(case_id)
                .bind(name)
                .fetch_one(pool)
                .await
                .expect("subject");
                (
                    format!("/cases/{case_id}/subjects/{cs}/actions"),
                    Some(subject_state(pool, cs).await.1),
                )
            }
        };
        if let Some(version) = version {
            form.push(("version".to_owned(), version.to_string()));
            form.push(("action".to_owned(), step.step.clone()));
        }
        let res = post(staff, &step.by, &path, form).await;
        let status = res.status();
        assert_eq!(
            status,
            303,
            "{} through the page: {}",
            step.step,
            error_text(&res.text().await.unwrap_or_default())
        );
    }
    case_id
}

async fn case_count(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from case_record")
        .fetch_one(pool)
        .await
        .expect("count")
}

/// The case page's timeline, with what depends on the moment of entry taken out: (title,
/// who, the day it happened, lateness).
async fn timeline(staff: &Staff, case_id: Uuid) -> Vec<(String, String, String, Option<String>)> {
    let (status, body) = page(
        staff.browser("caseworker@iopc.example"),
        &format!("/cases/{case_id}"),
    )
    .await;
    assert_eq!(status, 200);
    Html::parse(&body)
        .timeline()
        .into_iter()
        .map(|(title, who, datetime, late)| (title, who, datetime[..10].to_owned(), late))
        .collect()
}

#[tokio::test]
async fn an_imported_s3_history_shows_the_same_timeline_as_one_entered_through_the_pages() {
    let staff = Staff::new().await;
    let file = import::parse(S3).expect("the S3 file is an import file");
    let ids = import::import(staff.pool(), &file)
        .await
        .unwrap_or_else(|e| panic!("S3 imports: {e}"));
    let imported = ids[0];
    let entered = enter_through_pages(&staff, &file.cases[0]).await;

    let (reference, started): (String, chrono::NaiveDate) = sqlx::query_as(
        "select c.iopc_reference, i.started_on from case_record c join investigation i using (case_id)
         where c.case_id = $1",
    )
    .bind(imported)
    .fetch_one(staff.pool())
    .await
    .expect("the imported case");
    assert!(
        reference.starts_with("2020/"),
        "referred in 2020: {reference}"
    );
    assert_eq!(started.to_string(), "2020-06-23");

    let imported_timeline = timeline(&staff, imported).await;
    assert!(imported_timeline.len() > 20, "{imported_timeline:?}");
    assert!(
        imported_timeline
            .iter()
            .any(|(title, _, on, _)| title.starts_with("Refer to the IOPC") && on == "2020-06-23"),
        "the referral is dated when it happened: {imported_timeline:?}"
    );
    assert_eq!(imported_timeline, timeline(&staff, entered).await);
}

#[tokio::test]
async fn an_import_with_a_refused_step_imports_nothing_and_names_the_case_step_and_rule() {
    let staff = Staff::new().await;
    let mut file = import::parse(S3).expect("the S3 file is an import file");
    // A second, valid case first, then the S3 history with its referral dated before its
    // recording: the file is refused whole.
    let mut valid = import::parse(S3).expect("again").cases.remove(0);
    valid.id = "VALID-1".to_owned();
    valid.steps.truncate(3);
    file.cases.insert(0, valid);
    file.cases[1].steps[1].on = chrono::NaiveDate::from_ymd_opt(2020, 6, 21).expect("date");
    let cases_before = case_count(staff.pool()).await;

    let err = import::import(staff.pool(), &file)
        .await
        .expect_err("refused");
    let message = err.to_string();
    assert!(
        matches!(err, ImportError::Refused { step: 2, .. }),
        "{message}"
    );
    assert!(message.contains("MPS-2020-0622-CORDON"), "{message}");
    assert!(message.contains("(refer)"), "{message}");
    assert!(
        message.contains("cannot be dated before the step it follows"),
        "{message}"
    );

    assert_eq!(
        case_count(staff.pool()).await,
        cases_before,
        "nothing of the file was imported"
    );
}

#[tokio::test]
async fn pcr_2020_a_history_with_a_hearing_before_its_determination_is_refused_whole() {
    let staff = Staff::new().await;
    let mut file = import::parse(S3).expect("the S3 file is an import file");
    let bring = file.cases[0]
        .steps
        .iter_mut()
        .find(|s| s.step == "bring_proceedings")
        .expect("proceedings are brought");
    for (field, day) in [("notice_given_on", "2020-10-01"), ("held_on", "2020-10-19")] {
        bring
            .fields
            .insert(field.to_owned(), FieldValue::One(day.to_owned()));
    }
    let cases_before = case_count(staff.pool()).await;
    let message = import::import(staff.pool(), &file)
        .await
        .expect_err("a hearing before the determination is refused")
        .to_string();
    assert!(message.contains("(bring_proceedings)"), "{message}");
    assert!(
        message.contains(
            "The meeting or hearing is dated 19 October 2020; the determination was made on 20 October 2020"
        ),
        "{message}"
    );
    assert_eq!(
        case_count(staff.pool()).await,
        cases_before,
        "nothing of the file was imported"
    );
}

#[tokio::test]
async fn a_notice_dated_before_its_investigation_started_is_refused() {
    let staff = Staff::new().await;
    let mut file = import::parse(S3).expect("the S3 file is an import file");
    // Recorded, referred, an independent investigation from 23 June 2020, Officer A assessed.
    file.cases[0].steps.truncate(4);
    let case_id = import::import(staff.pool(), &file).await.expect("imports")[0];
    let cs: Uuid = sqlx::query_scalar(
        "select cs.case_subject_id from case_subject cs join subject s using (subject_id)
         where cs.case_id = $1 and s.name = 'Officer A'",
    )
    .bind(case_id)
    .fetch_one(staff.pool())
    .await
    .expect("Officer A");
    let res = subject_step(
        &staff,
        "investigator@iopc.example",
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2020-06-20"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        error_text(&body).contains("The date given is 20 June 2020"),
        "{}",
        error_text(&body)
    );
    assert_eq!(subject_state(staff.pool(), cs).await.0, "severity_assessed");
}
