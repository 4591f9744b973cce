//! Staff in the tests: signing in with a demo account, the CSRF token of a session, posting
//! forms as a signed-in member of staff, setting up the second factor, one signed-in browser
//! per role, and the ids of accounts and forces.

use sqlx::PgPool;

use super::app::TestApp;

pub const PSD: &str = "psd@met.example";
pub const OTHER_PSD: &str = "psd@westmidlands.example";
pub const CASEWORKER: &str = "caseworker@iopc.example";
pub const INVESTIGATOR: &str = "investigator@iopc.example";

impl TestApp {
    /// Signs this app's client in with a demo account and the demo password.
    pub async fn sign_in(&self, email: &str) {
        let res = self
            .post_form_without_csrf(
                "/sign-in",
                &[
                    ("email", email),
                    ("password", oversight::demo::DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            reqwest::StatusCode::SEE_OTHER,
            "sign in as {email}"
        );
    }

    /// The CSRF token of the most recent session, read from the database.
    pub async fn csrf_token(&self) -> String {
        sqlx::query_scalar("select csrf_token from staff_session order by created_at desc limit 1")
            .fetch_one(&self.db.pool)
            .await
            .expect("a signed-in session")
    }

    /// The CSRF token of `email`'s latest session: for tests where several browsers are
    /// signed in at once.
    pub async fn csrf_token_of(&self, email: &str) -> String {
        sqlx::query_scalar(
            "select s.csrf_token from staff_session s join staff_user u using (staff_user_id)
             where lower(u.email) = lower($1) order by s.created_at desc limit 1",
        )
        .bind(email)
        .fetch_one(&self.db.pool)
        .await
        .expect("a session of that user")
    }

    /// Posts a form with `email`'s CSRF token added.
    pub async fn post_form_as(
        &self,
        email: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_token_of(email).await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_form_without_csrf(path, &all).await
    }

    /// Posts a form with the session's CSRF token added, as the pages' forms do.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_form_without_csrf(path, &all).await
    }

    /// Finishes this browser's sign-in by setting up an authenticator app, as a person does at
    /// their first sign-in: opens the enrolment page, computes the app's code from the secret
    /// the page shows, and confirms it. Returns the recovery codes the service then shows.
    pub async fn enrol_second_factor(&self, email: &str) -> Vec<String> {
        let page = self.get("/sign-in/enrol").await;
        assert_eq!(page.status(), reqwest::StatusCode::OK, "the enrolment page");
        let body = page.text().await.expect("body");
        let key: String = body
            .split(r#"id="totp-key">"#)
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("the key to type")
            .replace(' ', "");
        let secret = base32_decode(&key);
        let code = oversight::auth::second_factor::code_at(&secret, chrono::Utc::now());
        let token = self.csrf_token_of(email).await;
        let res = self
            .post_form_without_csrf(
                "/sign-in/enrol",
                &[
                    ("csrf_token", &token),
                    ("code", &code),
                    ("next", "/my-work"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            reqwest::StatusCode::OK,
            "the recovery codes page"
        );
        let body = res.text().await.expect("body");
        body.split("<li><code>")
            .skip(1)
            .filter_map(|rest| rest.split('<').next())
            .map(str::to_owned)
            .collect()
    }
}

/// One signed-in browser per member of staff, all on the same app.
pub struct Staff {
    pub app: TestApp,
    pub psd: TestApp,
    pub caseworker: TestApp,
    pub investigator: TestApp,
}

impl Staff {
    pub async fn new() -> Self {
        let app = TestApp::with_demo(0).await;
        let psd = app.another_browser();
        psd.sign_in(PSD).await;
        let caseworker = app.another_browser();
        caseworker.sign_in(CASEWORKER).await;
        let investigator = app.another_browser();
        investigator.sign_in(INVESTIGATOR).await;
        Staff {
            app,
            psd,
            caseworker,
            investigator,
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.app.db.pool
    }

    /// The browser signed in as `email`.
    pub fn browser(&self, email: &str) -> &TestApp {
        match email {
            PSD => &self.psd,
            CASEWORKER => &self.caseworker,
            INVESTIGATOR => &self.investigator,
            other => panic!("no browser for {other}"),
        }
    }
}

/// The id of a staff account by its email.
pub async fn user_id(pool: &sqlx::PgPool, email: &str) -> uuid::Uuid {
    sqlx::query_scalar("select staff_user_id from staff_user where lower(email) = lower($1)")
        .bind(email)
        .fetch_one(pool)
        .await
        .expect("user")
}

/// The id of a force by its code.
pub async fn force_id(pool: &sqlx::PgPool, code: &str) -> uuid::Uuid {
    sqlx::query_scalar("select police_force_id from police_force where code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .expect("force")
}

/// Decodes RFC 4648 base 32 (the authenticator key as the enrolment page shows it).
pub fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits: u64 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.trim_end_matches('=').bytes() {
        let value = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .expect("a base 32 character");
        bits = (bits << 5) | u64::try_from(value).expect("digit");
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xff).expect("byte"));
        }
    }
    out
}
