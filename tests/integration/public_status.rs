//! The status page: plain words in English and Welsh, easy read, the language choice, and
//! nothing withheld or internal on any page a complainant sees.

use reqwest::StatusCode;

use crate::support::TestApp;
use crate::support::public::*;

fn html_lang(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("html lang") + 12;
    &body[start..start + 2]
}

#[tokio::test]
async fn the_status_page_says_where_the_case_is_in_plain_english() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let (status, body) = page(&app, "/status").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_lang(&body), "en");
    for expected in [
        "Case reference OV-DEM0-0002",
        "You have been told the outcome of your complaint",
        "What happens next",
        "Key dates",
        "Outcome letter sent",
        "The service you were given was not acceptable.",
        "The force has apologised.",
        "Mayor&#39;s Office for Policing and Crime",
        "Apply for a review",
        "Metropolitan Police Service",
    ] {
        assert!(body.contains(expected), "missing {expected:?}");
    }
    // No stage codes.
    for code in ["outcome_notified", "service_not_acceptable", "under_review"] {
        assert!(!body.contains(code), "{code} shown");
    }
}

#[tokio::test]
async fn the_complainants_preferred_language_is_the_default_and_a_choice_is_remembered() {
    let app = public_demo().await;
    // P1's complainant prefers Welsh.
    sign_in_as_complainant(&app, P1_REFERENCE, P1_CODE).await;
    let (_, body) = page(&app, "/status").await;
    assert_eq!(html_lang(&body), "cy");
    assert!(
        body.contains("Rydym yn ymchwilio i&#39;ch cwyn"),
        "Welsh stage words"
    );
    assert!(
        body.contains("Heddlu Dyfed-Powys"),
        "the force's Welsh name"
    );
    assert!(
        body.contains("Neidio i&#39;r prif gynnwys"),
        "layout words in Welsh"
    );
    assert!(
        body.contains("lang=\"en\""),
        "the switch to English is marked as English"
    );
    assert!(body.contains(">English</a>"));

    // Switching to English is remembered on the next page.
    let res = app.get("/status?lang=en").await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("oversight_lang=en"), "{cookie}");
    let body = res.text().await.expect("body");
    assert_eq!(html_lang(&body), "en");
    assert!(body.contains("We are investigating your complaint"));
    let (_, body) = page(&app, "/status").await;
    assert_eq!(html_lang(&body), "en");
    let (_, body) = page(&app, "/status/contact").await;
    assert_eq!(html_lang(&body), "en");
}

#[tokio::test]
async fn the_look_up_page_is_in_welsh_when_asked_or_when_the_browser_prefers_it() {
    let app = public_demo().await;
    let (_, body) = page(&app, "/status?lang=cy").await;
    assert_eq!(html_lang(&body), "cy");
    assert!(body.contains("Gwirio statws eich cwyn"));
    let fresh = app.another_browser();
    let body = fresh
        .client
        .get(format!("{}/status", app.base))
        .header("accept-language", "cy-GB,cy;q=0.9,en;q=0.8")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert_eq!(html_lang(&body), "cy");
    let (_, body) = page(&fresh, "/status").await;
    assert_eq!(html_lang(&body), "en", "no choice, no preference: English");
}

#[tokio::test]
async fn the_easy_read_version_has_short_lines_in_both_languages() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let (_, body) = page(&app, "/status?read=easy").await;
    assert!(body.contains("We have told you what was decided"));
    assert!(
        body.contains("<p class=\"govuk-body-l\">We sent you a letter about your complaint.</p>")
    );
    assert!(body.contains("Standard version"));
    // Remembered, and in Welsh too.
    let (_, body) = page(&app, "/status?lang=cy").await;
    assert_eq!(html_lang(&body), "cy");
    assert!(body.contains("Rydym wedi dweud wrthych beth a benderfynwyd"));
    let (_, body) = page(&app, "/status?read=standard").await;
    assert!(body.contains("Rydych wedi cael gwybod canlyniad eich cwyn"));
}

#[tokio::test]
async fn every_public_page_has_a_language_switch_and_the_right_lang() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    for path in [
        "/status",
        "/status/review",
        "/status/contact",
        "/published",
        "/published/statistics",
        "/published/statistics/dyfed-powys",
    ] {
        for lang in ["en", "cy"] {
            let (status, body) = page(&app, &format!("{path}?lang={lang}")).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(html_lang(&body), lang, "{path}");
            let other = if lang == "en" { "cy" } else { "en" };
            assert!(
                body.contains(&format!("hreflang=\"{other}\" lang=\"{other}\"")),
                "{path} in {lang} offers {other}"
            );
        }
    }
}

/// Seeds, on the demo case P1, content that must never reach the complainant.
async fn seed_secrets(app: &TestApp) {
    let pool = &app.db.pool;
    sqlx::query(
        "insert into evidence_item (case_id, description, source, created_by)
         select $1::uuid, 'SECRET-EVIDENCE body-worn video of the search', 'SECRET-SOURCE', staff_user_id
           from staff_user where email = 'caseworker@iopc.example'",
    )
    .bind(P1_CASE)
    .execute(pool)
    .await
    .expect("evidence");
    sqlx::query(
        "update allegation set description = 'SECRET-ALLEGATION informant details'
          where allegation_id = '5ce00010-0002-4000-8000-000000000002'",
    )
    .execute(pool)
    .await
    .expect("withheld allegation text");
    sqlx::query(
        "insert into withheld_item (case_id, description, entity_kind, entity_id, field_name, reason, recorded_by)
         select $1::uuid, 'The force reference', 'case_record', $1::uuid, 'force_reference', 'SECRET-REASON', staff_user_id
           from staff_user where email = 'caseworker@iopc.example'",
    )
    .bind(P1_CASE)
    .execute(pool)
    .await
    .expect("withheld field");
    // The outcome is notified so that allegations are shown: the withheld one must not be.
    // The stage moves step by step, as the database's workflow trigger requires.
    for step in [
        "update case_record set stage = 'report_received' where case_id = $1::uuid",
        "update case_record set stage = 'determinations_made' where case_id = $1::uuid",
        "update case_record set stage = 'outcome_decided' where case_id = $1::uuid",
        "update case_record set stage = 'outcome_notified', outcome_notified_on = current_date - 3,
                review_right = true, review_right_notified_on = current_date - 3
          where case_id = $1::uuid",
    ] {
        sqlx::query(step)
            .bind(P1_CASE)
            .execute(pool)
            .await
            .expect("move P1 on");
    }
}

/// The text with every UUID taken out.
fn without_uuids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.len() >= 36
            && rest.is_char_boundary(36)
            && uuid::Uuid::parse_str(&rest[..36]).is_ok()
        {
            rest = &rest[36..];
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[tokio::test]
async fn nothing_withheld_or_internal_appears_on_any_public_page() {
    let app = public_demo().await;
    seed_secrets(&app).await;
    sign_in_as_complainant(&app, P1_REFERENCE, P1_CODE).await;
    let forbidden = [
        "SECRET",
        "informant",
        "Gareth Penhallow",
        "Penhallow",
        "4471",
        "Rhian Prydderch",
        "Prydderch",
        "locksmith",
        "Internal note",
        "Casey Worker",
        "DP/DEMO/0001",
        "harm test",
        "prejudice",
    ];
    let mut seen = 0;
    for path in [
        "/status",
        "/status?read=easy",
        "/status?lang=en",
        "/status?lang=en&read=standard",
        "/status/contact",
        "/status/review",
        "/published",
        "/published/statistics",
        "/published/statistics/dyfed-powys",
        "/published/statistics/dyfed-powys?read=easy",
    ] {
        let (status, body) = page(&app, path).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{path}: {status}"
        );
        // Record ids in links are random hex and may hold the collar number's digits.
        let body = without_uuids(&body);
        for word in forbidden {
            assert!(!body.contains(word), "{path} shows {word:?}");
        }
        seen += 1;
    }
    assert_eq!(seen, 10);
    // The allegation that is not withheld is shown, numbered 1 of 1.
    let (_, body) = page(&app, "/status?lang=en&read=standard").await;
    assert!(body.contains("Officers searched my home without showing me a warrant."));
    assert!(body.contains("Allegation 1") && !body.contains("Allegation 2"));
    // Staff still see what is withheld, marked.
    app.sign_in("caseworker@iopc.example").await;
    let (_, staff) = page(&app, &format!("/cases/{P1_CASE}")).await;
    assert!(staff.contains("SECRET-ALLEGATION"));
}

#[tokio::test]
async fn the_next_update_date_follows_the_four_week_rule() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P1_REFERENCE, P1_CODE).await;
    // The last update to P1's complainant was 20 days before loading: the next is due 28
    // days after it (CMR 2020 reg 34(2)(a)).
    let due: chrono::NaiveDate = sqlx::query_scalar(
        "select max(contacted_on) + 28 from contact_log_entry where case_id = $1::uuid",
    )
    .bind(P1_CASE)
    .fetch_one(&app.db.pool)
    .await
    .expect("due");
    let (_, body) = page(&app, "/status?lang=en").await;
    let expected = oversight::workflow::calendar::english_date(due);
    assert!(
        body.contains(&format!(
            "You should get an update from the force by {expected}."
        )),
        "{expected}"
    );
}
