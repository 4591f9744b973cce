//! Staff sign-in: sessions, timeouts, throttling, disabled accounts, CSRF and the audit trail.

use reqwest::StatusCode;

use crate::support::{Html, TestApp};

const PSD: &str = "psd@met.example";

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_event where action = $1")
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

/// Whether the client's session still works: POST /sign-out needs a live session, so a 303
/// to the signed-out page means live and a 303 to /sign-in?next= means not signed in.
async fn session_is_live(app: &TestApp) -> bool {
    let token: Option<String> =
        sqlx::query_scalar("select csrf_token from staff_session order by created_at desc limit 1")
            .fetch_optional(&app.db.pool)
            .await
            .expect("token");
    let res = app
        .post_form_without_csrf("/sign-out", &[("csrf_token", &token.unwrap_or_default())])
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    location.starts_with("/sign-in?signed_out")
}

#[tokio::test]
async fn every_role_can_sign_in_and_gets_a_new_session_cookie() {
    let app = TestApp::with_demo(0).await;
    for account in oversight::demo::ACCOUNTS {
        let client = app.new_client();
        let res = client
            .post(format!("{}/sign-in", app.base))
            .form(&[
                ("email", account.email),
                ("password", oversight::demo::DEMO_PASSWORD),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", account.email);
        assert_eq!(
            res.headers().get("location").map(|v| v.as_bytes()),
            Some(&b"/my-work"[..])
        );
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            cookie.starts_with("oversight_session=")
                && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
    }
    assert_eq!(
        audit_count(&app, "sign_in").await,
        oversight::demo::ACCOUNTS.len() as i64
    );
    // The session id is new each time and stored only as a hash.
    let sessions: i64 =
        sqlx::query_scalar("select count(distinct session_token_hash) from staff_session")
            .fetch_one(&app.db.pool)
            .await
            .expect("sessions");
    assert_eq!(sessions, oversight::demo::ACCOUNTS.len() as i64);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_message() {
    let app = TestApp::with_demo(0).await;
    let wrong = app
        .post_form_without_csrf(
            "/sign-in",
            &[("email", PSD), ("password", "not the password")],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = wrong.text().await.expect("body");
    let unknown = app
        .post_form_without_csrf(
            "/sign-in",
            &[
                ("email", "nobody@nowhere.example"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = unknown.text().await.expect("body");
    let message = "The email address or password is not right";
    assert!(wrong.contains(message) && unknown.contains(message));
    assert_eq!(
        Html::parse(&unknown).input_value("email").as_deref(),
        Some("nobody@nowhere.example"),
        "the email typed is kept"
    );
    assert!(
        !wrong.contains("not the password"),
        "the password is never shown again"
    );
    assert_eq!(audit_count(&app, "sign_in_failed").await, 2);
    let passwords_in_audit: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where details::text like '%not the password%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(passwords_in_audit, 0);
}

#[tokio::test]
async fn sign_in_is_throttled_after_ten_failures_for_an_account() {
    let app = TestApp::with_demo(0).await;
    for _ in 0..10 {
        let res = app
            .post_form_without_csrf(
                "/sign-in",
                &[("email", PSD), ("password", "guess guess guess")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Even the right password is refused now, with a message saying when to try again.
    let res = app
        .post_form_without_csrf(
            "/sign-in",
            &[("email", PSD), ("password", oversight::demo::DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    let body = res.text().await.expect("body");
    assert!(
        body.contains("too many attempts to sign in") && body.contains("minute"),
        "{body}"
    );
    // The window passes: the account can sign in again.
    sqlx::query("update sign_in_attempt set attempted_at = attempted_at - interval '6 minutes'")
        .execute(&app.db.pool)
        .await
        .expect("age attempts");
    app.sign_in(PSD).await;
}

#[tokio::test]
async fn sign_in_is_throttled_per_address_across_accounts() {
    let app = TestApp::with_demo(0).await;
    for n in 0..10 {
        let email = format!("guess{n}@nowhere.example");
        app.post_form_without_csrf(
            "/sign-in",
            &[("email", email.as_str()), ("password", "guess guess guess")],
        )
        .await;
    }
    let res = app
        .post_form_without_csrf(
            "/sign-in",
            &[("email", PSD), ("password", oversight::demo::DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the same address is throttled whichever account it tries"
    );
}

#[tokio::test]
async fn a_session_ends_after_30_idle_minutes() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(PSD).await;
    sqlx::query("update staff_session set created_at = now() - interval '31 minutes', last_seen_at = now() - interval '31 minutes'")
        .execute(&app.db.pool)
        .await
        .expect("age session");
    assert!(!session_is_live(&app).await);
}

#[tokio::test]
async fn a_session_ends_after_12_hours_however_active() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(PSD).await;
    sqlx::query("update staff_session set created_at = now() - interval '12 hours 1 minute', last_seen_at = now()")
        .execute(&app.db.pool)
        .await
        .expect("age session");
    assert!(!session_is_live(&app).await);
}

#[tokio::test]
async fn an_active_session_stays_live() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(PSD).await;
    sqlx::query("update staff_session set created_at = now() - interval '2 hours', last_seen_at = now() - interval '29 minutes'")
        .execute(&app.db.pool)
        .await
        .expect("age session");
    assert!(session_is_live(&app).await);
}

#[tokio::test]
async fn a_disabled_users_session_ends_and_they_cannot_sign_in() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(PSD).await;
    sqlx::query("update staff_user set disabled_at = now() where email = $1")
        .bind(PSD)
        .execute(&app.db.pool)
        .await
        .expect("disable");
    assert!(
        !session_is_live(&app).await,
        "the live session no longer works"
    );
    let res = app
        .post_form_without_csrf(
            "/sign-in",
            &[("email", PSD), ("password", oversight::demo::DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_forged_post_without_the_csrf_token_is_refused_and_audited() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(PSD).await;
    let res = app
        .post_form_without_csrf("/sign-out", &[("csrf_token", "forged")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(audit_count(&app, "permission_refused").await, 1);
    let res = app.post_form_without_csrf("/sign-out", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        session_is_live(&app).await,
        "the forged requests changed nothing"
    );
}

#[tokio::test]
async fn a_post_from_another_site_is_refused() {
    let app = TestApp::with_demo(0).await;
    let res = app
        .client
        .post(format!("{}/sign-in", app.base))
        .header("origin", "https://evil.example")
        .form(&[("email", PSD), ("password", oversight::demo::DEMO_PASSWORD)])
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_out_ends_the_session_and_is_audited() {
    let app = TestApp::with_demo(0).await;
    app.sign_in(PSD).await;
    let res = app.post_form("/sign-out", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.follow(res).await.text().await.expect("body");
    assert!(page.contains("You have signed out"));
    let sessions: i64 = sqlx::query_scalar("select count(*) from staff_session")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(sessions, 0);
    assert_eq!(audit_count(&app, "sign_out").await, 1);
}

/// `next` values that must never send a signed-in browser off the site, nor fail: browsers
/// strip tabs and line breaks and read `\` as `/`, and a line break cannot be a header.
const HOSTILE_NEXT: &[&str] = &[
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/cases\r\nSet-Cookie: oversight_session=x",
    "/cases\0",
    "/%00/evil.example",
    "javascript:alert(document.cookie)",
    " /cases",
    "",
];

/// A `next` too long to be one this service made.
fn very_long_next() -> String {
    format!("/cases?q={}", "a".repeat(20_000))
}

#[tokio::test]
async fn sign_in_only_returns_to_pages_of_this_site() {
    let app = TestApp::with_demo(0).await;
    let long = very_long_next();
    let cases = [
        ("/cases?kind=complaint", "/cases?kind=complaint"),
        ("/cases?q=John%20Smith", "/cases?q=John%20Smith"),
    ]
    .into_iter()
    .chain(HOSTILE_NEXT.iter().map(|next| (*next, "/my-work")))
    .chain([(long.as_str(), "/my-work")]);
    for (next, expected) in cases {
        let shown = &next[..next.len().min(40)];
        // The sign-in page carries only a safe `next` on.
        let page = app
            .client
            .get(format!("{}/sign-in", app.base))
            .query(&[("next", next)])
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status(), StatusCode::OK, "{shown:?}");
        let client = app.new_client();
        let res = client
            .post(format!("{}/sign-in", app.base))
            .form(&[
                ("email", PSD),
                ("password", oversight::demo::DEMO_PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{shown:?}");
        assert_eq!(
            res.headers().get("location").and_then(|v| v.to_str().ok()),
            Some(expected),
            "{shown:?}"
        );
    }
}

#[tokio::test]
async fn the_responses_that_sign_in_are_never_stored() {
    let app = TestApp::with_demo(0).await;
    // The password step, for a demo account that needs no second factor.
    let res = app
        .post_form_without_csrf(
            "/sign-in",
            &[("email", PSD), ("password", oversight::demo::DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers().get("set-cookie").is_some());
    assert_eq!(
        res.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    // A refused sign-in and the sign-in page too.
    for res in [
        app.get("/sign-in").await,
        app.post_form_without_csrf("/sign-in", &[("email", PSD), ("password", "wrong wrong")])
            .await,
    ] {
        assert_eq!(
            res.headers().get("cache-control").map(|v| v.as_bytes()),
            Some(&b"no-store"[..])
        );
    }
}

#[tokio::test]
async fn the_second_factor_step_only_goes_on_to_pages_of_this_site_and_is_never_stored() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    let email = "robin.investigator@staff.example.org";
    let password = "correct horse battery staple 2026";
    let res = app
        .post_form_as(
            "admin@iopc.example",
            "/admin/users",
            &[
                ("name", "Robin Investigator"),
                ("email", email),
                ("role", "iopc_investigator"),
                ("force_id", ""),
                ("lpb_id", ""),
                ("password", password),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "account created");
    let sign_in = async |next: &str| {
        let browser = app.another_browser();
        let res = browser
            .client
            .post(format!("{}/sign-in", app.base))
            .form(&[("email", email), ("password", password), ("next", next)])
            .send()
            .await
            .expect("POST");
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            res.headers().get("cache-control").map(|v| v.as_bytes()),
            Some(&b"no-store"[..]),
            "the password step"
        );
        browser
    };
    let first = sign_in("/cases").await;
    let mut recovery_codes = first.enrol_second_factor(email).await;
    let long = very_long_next();
    for next in HOSTILE_NEXT.iter().copied().chain([long.as_str()]) {
        let shown = &next[..next.len().min(40)];
        let browser = sign_in(next).await;
        let page = browser
            .client
            .get(format!("{}/sign-in/code", app.base))
            .query(&[("next", next)])
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status(), StatusCode::OK, "{shown:?}");
        let token = browser.csrf_token_of(email).await;
        let code = recovery_codes.pop().expect("a recovery code left");
        let res = browser
            .post_form_without_csrf(
                "/sign-in/code",
                &[("csrf_token", &token), ("code", &code), ("next", next)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{shown:?}");
        assert_eq!(
            res.headers().get("location").and_then(|v| v.to_str().ok()),
            Some("/my-work"),
            "{shown:?}"
        );
        assert_eq!(
            res.headers().get("cache-control").map(|v| v.as_bytes()),
            Some(&b"no-store"[..]),
            "the second-factor step"
        );
        if recovery_codes.is_empty() {
            break;
        }
    }
}

#[tokio::test]
async fn security_headers_are_sent_and_hsts_only_behind_tls() {
    let app = TestApp::spawn().await;
    let res = app.get("/sign-in").await;
    assert_eq!(
        res.headers().get("x-frame-options").map(|v| v.as_bytes()),
        Some(&b"DENY"[..])
    );
    assert!(res.headers().get("referrer-policy").is_some());
    assert!(
        res.headers().get("strict-transport-security").is_none(),
        "no HSTS over plain HTTP"
    );
}
