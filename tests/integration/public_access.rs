//! Complainants' access to `/status`: issuing codes, hash-only storage, reissue, the generic
//! failure message, throttling per address and per reference, and the session cookie.

use oversight::domain::vocab::CaseStage;
use reqwest::StatusCode;

use crate::support::Html;
use crate::support::public::*;

/// The error summary of a look-up page: its links and messages.
fn error_summary(body: &str) -> Vec<(String, String)> {
    let summary = Html::parse(body).error_summary_links();
    assert!(!summary.is_empty(), "an error summary");
    summary
}

#[tokio::test]
async fn a_force_user_issues_a_code_shown_once_and_stored_only_as_a_hash() {
    let app = public_demo().await;
    app.sign_in("psd@met.example").await;
    let (case_id, cc) = seed_complaint(&app.db.pool, CaseStage::UnderInvestigation, None).await;
    let (status, body) = page(&app, &format!("/cases/{case_id}/access-code")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Issue an access code"));
    let res = app
        .post_form(
            &format!("/cases/{case_id}/access-code"),
            &[("person", &cc.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let body = res.text().await.expect("body");
    let grab = |id: &str| {
        let start = body.find(&format!("id=\"{id}\">")).expect(id) + id.len() + 6;
        body[start..start + body[start..].find('<').expect("end")].to_owned()
    };
    let code = grab("issued-code");
    let reference = grab("issued-reference");
    // 16 symbols of Crockford base 32 (80 bits) in four groups of four.
    let groups: Vec<&str> = code.split('-').collect();
    assert_eq!(groups.len(), 4, "{code}");
    assert!(groups.iter().all(|g| {
        g.len() == 4
            && g.chars()
                .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c)))
    }));
    assert!(reference.starts_with("OV-"), "{reference}");

    // Nothing in the database holds the code: only its 32-byte hash.
    let stored: String = sqlx::query_scalar(
        "select row_to_json(a)::text from complainant_access a where case_complainant_id = $1",
    )
    .bind(cc)
    .fetch_one(&app.db.pool)
    .await
    .expect("access row");
    assert!(!stored.contains(&code) && !stored.contains(&code.replace('-', "")));
    let audit: String = sqlx::query_scalar(
        "select coalesce(string_agg(details::text, ' '), '') from audit_event where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("audit");
    assert!(audit.contains("reissued"), "issuing is in the timeline");
    assert!(!audit.contains(&code));

    // The page shown afterwards no longer shows the code.
    let (_, again) = page(&app, &format!("/cases/{case_id}/access-code")).await;
    assert!(!again.contains(&code));
    assert!(again.contains(&reference));

    // The complainant can use it.
    let complainant = app.another_browser();
    sign_in_as_complainant(&complainant, &reference, &code.to_lowercase()).await;
    let (status, body) = page(&complainant, "/status").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("We are investigating your complaint"));
}

#[tokio::test]
async fn another_forces_user_cannot_issue_a_code() {
    let app = public_demo().await;
    let (case_id, cc) = seed_complaint(&app.db.pool, CaseStage::Recorded, None).await;
    app.sign_in("psd@westmidlands.example").await;
    let res = app
        .post_form(
            &format!("/cases/{case_id}/access-code"),
            &[("person", &cc.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let count: i64 = sqlx::query_scalar(
        "select count(*) from complainant_access where case_complainant_id = $1",
    )
    .bind(cc)
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn reissuing_a_code_invalidates_the_old_one_and_its_sessions() {
    let app = public_demo().await;
    let (case_id, cc) = seed_complaint(&app.db.pool, CaseStage::Recorded, None).await;
    let (reference, old_code) = issue(&app.db.pool, case_id, cc).await;
    sign_in_as_complainant(&app, &reference, &old_code).await;
    assert_eq!(page(&app, "/status").await.0, StatusCode::OK);

    let (same_reference, new_code) = issue(&app.db.pool, case_id, cc).await;
    assert_eq!(same_reference, reference, "the reference stays");
    assert_ne!(new_code, old_code);

    // The open session has ended: the look-up form is back, saying why.
    let (_, body) = page(&app, "/status").await;
    assert!(body.contains("Check the status of your complaint"));
    let other = app.another_browser();
    let res = look_up(&other, &reference, &old_code).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    sign_in_as_complainant(&other, &reference, &new_code).await;
}

#[tokio::test]
async fn a_wrong_reference_and_a_wrong_code_get_the_same_message() {
    let app = public_demo().await;
    let wrong_code = look_up(&app, P2_REFERENCE, "AAAA-BBBB-CCCC-DDDD").await;
    assert_eq!(wrong_code.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_code = wrong_code.text().await.expect("body");
    let wrong_reference = look_up(&app, "OV-ZZZZ-ZZZZ", P2_CODE).await;
    assert_eq!(wrong_reference.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_reference = wrong_reference.text().await.expect("body");
    let nonsense = look_up(&app, "hello", "world")
        .await
        .text()
        .await
        .expect("body");
    let message = error_summary(&wrong_code);
    assert!(
        message
            .iter()
            .any(|(_, m)| m.contains("The case reference or access code is not right")),
        "{message:?}"
    );
    assert_eq!(message, error_summary(&wrong_reference));
    assert_eq!(message, error_summary(&nonsense));
    // The reference typed is kept; the code never is.
    assert_eq!(
        Html::parse(&wrong_reference)
            .input_value("reference")
            .as_deref(),
        Some("OV-ZZZZ-ZZZZ")
    );
    assert!(!wrong_reference.contains(P2_CODE));
    // Empty fields are a different, field-by-field answer.
    let empty = look_up(&app, "", "").await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let empty = empty.text().await.expect("body");
    assert!(
        empty.contains("Enter your case reference") && empty.contains("Enter your access code")
    );
}

#[tokio::test]
async fn ten_failures_from_one_address_block_it_even_with_the_right_code() {
    let app = public_demo().await;
    for n in 0..10 {
        let res = look_up(&app, &format!("OV-AAAA-{n:04}"), "AAAA-BBBB-CCCC-DDDD").await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {n}"
        );
    }
    let res = look_up(&app, P2_REFERENCE, P2_CODE).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((60..=15 * 60).contains(&retry), "{retry}");
    let body = res.text().await.expect("body");
    assert!(body.contains("too many attempts"), "{body}");
    assert!(body.contains("You can try again after "));
    assert!(body.contains("am.") || body.contains("pm."), "says when");
}

#[tokio::test]
async fn ten_failures_against_one_reference_block_it_from_every_address() {
    let app = demo_app_behind_proxy().await;
    for n in 0..10 {
        let res = app
            .client
            .post(format!("{}/status", app.base))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .form(&[("reference", P2_REFERENCE), ("code", "AAAA-BBBB-CCCC-DDDD")])
            .send()
            .await
            .expect("post");
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {n}"
        );
    }
    // A new address with the right code: the reference is blocked.
    let res = app
        .client
        .post(format!("{}/status", app.base))
        .header("x-forwarded-for", "198.51.100.7")
        .form(&[("reference", P2_REFERENCE), ("code", P2_CODE)])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another reference from that address is not.
    let res = app
        .client
        .post(format!("{}/status", app.base))
        .header("x-forwarded-for", "198.51.100.7")
        .form(&[("reference", P3_REFERENCE), ("code", P3_CODE)])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn nine_failures_do_not_block_and_old_failures_are_forgotten() {
    let app = public_demo().await;
    for _ in 0..9 {
        look_up(&app, P2_REFERENCE, "AAAA-BBBB-CCCC-DDDD").await;
    }
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    // Failures more than five minutes old do not count.
    sqlx::query("update status_lookup_failure set failed_at = failed_at - interval '6 minutes'")
        .execute(&app.db.pool)
        .await
        .expect("age failures");
    let other = app.another_browser();
    for _ in 0..9 {
        look_up(&other, P3_REFERENCE, "AAAA-BBBB-CCCC-DDDD").await;
    }
    sign_in_as_complainant(&other, P3_REFERENCE, P3_CODE).await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_scoped_to_status_and_times_out() {
    let app = public_demo().await;
    let res = look_up(&app, P2_REFERENCE, P2_CODE).await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a cookie")
        .to_owned();
    assert!(cookie.starts_with("oversight_complainant="));
    for part in ["HttpOnly", "SameSite=Strict", "Path=/status"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert_eq!(page(&app, "/status").await.0, StatusCode::OK);
    // 31 minutes without a request ends the session.
    sqlx::query(
        "update complainant_session set created_at = created_at - interval '31 minutes',
                                        last_seen_at = last_seen_at - interval '31 minutes'",
    )
    .execute(&app.db.pool)
    .await
    .expect("age session");
    let (status, body) = page(&app, "/status").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("30 minutes without any activity"), "{body}");
    let left: i64 = sqlx::query_scalar("select count(*) from complainant_session")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = public_demo().await;
    sign_in_as_complainant(&app, P2_REFERENCE, P2_CODE).await;
    let csrf = complainant_csrf(&app.db.pool).await;
    let res = app
        .post_form_without_csrf("/status/sign-out", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, body) = page(&app, "/status?signed_out=1").await;
    assert!(body.contains("You have signed out"));
    let left: i64 = sqlx::query_scalar("select count(*) from complainant_session")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
}
