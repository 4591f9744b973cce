//! The guessing limits hold when the guesses come in parallel (ASVS 5.0 V6.3.1): 48 wrong
//! guesses sent 16 at a time, each from a browser of its own, at one staff account, at one
//! account's second factor and at one complainant's case reference, get no more than the ten
//! checks the limit allows. A guess is counted as checked when it was answered other than 429
//! and when its record stayed in the table the throttle counts.

use std::sync::Arc;

use reqwest::StatusCode;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::support::TestApp;
use crate::support::public::{P2_REFERENCE, public_demo};

/// Guesses sent, and how many are in flight at once.
const GUESSES: usize = 48;
const AT_ONCE: usize = 16;
/// The limit: failed guesses per account, address or reference in five minutes.
const LIMIT: usize = 10;

/// Sends `GUESSES` posts of `fields` to `path`, `AT_ONCE` at a time, each from a new browser
/// (cookies copied from `cookie` when given), and returns the statuses.
async fn in_parallel(
    app: &TestApp,
    path: &str,
    cookie: Option<String>,
    fields: impl Fn(usize) -> Vec<(String, String)>,
) -> Vec<StatusCode> {
    let gate = Arc::new(Semaphore::new(AT_ONCE));
    let mut tasks = JoinSet::new();
    for n in 0..GUESSES {
        let gate = gate.clone();
        let client = app.new_client();
        let url = format!("{}{path}", app.base);
        let cookie = cookie.clone();
        let form = fields(n);
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("permit");
            let mut request = client.post(url).form(&form);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send().await.expect("POST").status()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = tasks.join_next().await {
        statuses.push(status.expect("a guess"));
    }
    statuses
}

fn answered(statuses: &[StatusCode]) -> usize {
    statuses
        .iter()
        .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
        .count()
}

async fn count(app: &TestApp, sql: &str) -> usize {
    let n: i64 = sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    usize::try_from(n).expect("a count")
}

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn no_more_than_ten_failed_sign_ins_per_account_in_five_minutes_even_in_parallel() {
    let app = TestApp::with_demo(0).await;
    let statuses = in_parallel(&app, "/sign-in", None, |n| {
        pairs(&[
            ("email", "psd@met.example"),
            ("password", &format!("wrong password {n}")),
        ])
    })
    .await;
    let checked = answered(&statuses);
    let recorded = count(&app, "select count(*) from sign_in_attempt").await;
    eprintln!("{GUESSES} parallel wrong passwords: {checked} checked, {recorded} recorded");
    assert!(
        (1..=LIMIT).contains(&checked),
        "{checked} of {GUESSES} parallel guesses were checked: {statuses:?}"
    );
    assert_eq!(
        recorded, checked,
        "each checked guess is recorded, and only those"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY || *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // The right password is refused too while the limit holds.
    let res = app
        .post_form_without_csrf(
            "/sign-in",
            &[
                ("email", "psd@met.example"),
                ("password", oversight::demo::DEMO_PASSWORD),
            ],
        )
        .await;
    if checked == LIMIT {
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn no_more_than_ten_failed_second_factor_codes_per_account_in_five_minutes_even_in_parallel()
{
    let app = TestApp::with_demo(0).await;
    app.sign_in("admin@iopc.example").await;
    let email = "sam.caseworker@staff.example.org";
    let password = "correct horse battery staple 2026";
    let res = app
        .post_form_as(
            "admin@iopc.example",
            "/admin/users",
            &[
                ("name", "Sam Caseworker"),
                ("email", email),
                ("role", "iopc_caseworker"),
                ("force_id", ""),
                ("lpb_id", ""),
                ("password", password),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "account created");
    let theirs = app.another_browser();
    let res = theirs
        .post_form_without_csrf("/sign-in", &[("email", email), ("password", password)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    theirs.enrol_second_factor(email).await;
    // A new sign-in with the password: the session waits for a code.
    let guesser = app.another_browser();
    let res = guesser
        .post_form_without_csrf("/sign-in", &[("email", email), ("password", password)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("the session cookie")
        .to_owned();
    let csrf = guesser.csrf_token_of(email).await;
    let before = count(
        &app,
        "select count(*) from sign_in_attempt where not succeeded",
    )
    .await;
    // Recovery codes that are not the account's: no guess can be right by chance.
    let statuses = in_parallel(&app, "/sign-in/code", Some(cookie), |n| {
        pairs(&[
            ("csrf_token", &csrf),
            ("code", &format!("ZZZZZ-{n:05}")),
            ("next", "/cases"),
        ])
    })
    .await;
    let checked = answered(&statuses);
    let recorded = count(
        &app,
        "select count(*) from sign_in_attempt where not succeeded",
    )
    .await
        - before;
    eprintln!("{GUESSES} parallel wrong codes: {checked} checked, {recorded} recorded");
    assert!(
        before + checked <= LIMIT && checked >= 1,
        "{checked} of {GUESSES} parallel codes were checked after {before} failures: {statuses:?}"
    );
    assert_eq!(recorded, checked);
}

#[tokio::test]
async fn no_more_than_ten_failed_look_ups_per_reference_in_five_minutes_even_in_parallel() {
    let app = public_demo().await;
    let statuses = in_parallel(&app, "/status", None, |n| {
        pairs(&[
            ("reference", P2_REFERENCE),
            ("code", &format!("AAAA-BBBB-CCCC-{n:04}")),
        ])
    })
    .await;
    let checked = answered(&statuses);
    let recorded = count(&app, "select count(*) from status_lookup_failure").await;
    eprintln!("{GUESSES} parallel wrong access codes: {checked} checked, {recorded} recorded");
    assert!(
        (1..=LIMIT).contains(&checked),
        "{checked} of {GUESSES} parallel look-ups were checked: {statuses:?}"
    );
    assert_eq!(
        recorded, checked,
        "each checked look-up is recorded, and only those"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY || *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_forwarded_address_that_is_not_an_ip_address_is_not_believed() {
    let app = crate::support::public::demo_app_behind_proxy().await;
    // Text that is not an address, long and varied (it does not compress away).
    let junk = |n: u64| -> String {
        let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + u8::try_from(x % 26).expect("a letter"))
            })
            .collect()
    };
    let mut statuses = Vec::new();
    for n in 0..11 {
        let res = app
            .client
            .post(format!("{}/status", app.base))
            .header("x-forwarded-for", junk(n))
            .form(&[
                ("reference", format!("OV-AAAA-{n:04}")),
                ("code", "AAAA-BBBB-CCCC-DDDD".into()),
            ])
            .send()
            .await
            .expect("post");
        statuses.push(res.status());
    }
    assert!(
        statuses[..10]
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    assert_eq!(
        statuses[10],
        StatusCode::TOO_MANY_REQUESTS,
        "every guess counted against the one address they really came from"
    );
}
