//! A bounded fuzz test over every route: about 2,000 malformed requests, signed out and
//! signed in (as a force PSD user and an IOPC caseworker, each posting with the session's
//! CSRF token so that posts reach the handlers, and as a complainant), none of which may be
//! answered with a 5xx or left without an answer (a panic drops the connection). ASVS 5.0
//! V2.2 (input validation), V4.1 (HTTP message structure), V16.5 (errors handled safely).
//!
//! The requests are written byte for byte on a socket, so malformed percent-encoding,
//! invalid UTF-8, dot segments and odd headers reach the server exactly as sent (an HTTP
//! client library would tidy them). What is malformed: path ids (bad, overlong, encoded
//! slashes and dots, invalid escapes), queries (repeated keys, invalid UTF-8 escapes, huge
//! values), form bodies (wrong or missing content type, missing and repeated fields, invalid
//! UTF-8, huge fields, junk bytes) and headers (a foreign or broken Origin, junk cookies,
//! odd Accept-Language and Accept). The field names and values are the ones the pages' own
//! forms carry, read from the pages first, so that posts get past the first check.
//!
//! The run is seeded: set `OVERSIGHT_FUZZ_SEED` to reproduce a failure (the seed and each
//! failing request are printed) or to explore; `OVERSIGHT_FUZZ_REQUESTS` changes the count.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::support::TestApp;
use crate::support::public::{P1_CODE, P1_REFERENCE, complainant_csrf, public_demo};

const DEFAULT_SEED: u64 = 0x0005_EC0E_D6E5_2026;
const DEFAULT_REQUESTS: usize = 2_000;
/// Requests in flight at once.
const AT_ONCE: usize = 8;
/// A body at least this big may be cut off by the server's size limit mid-send.
const HUGE: usize = 1 << 20;

/// xorshift64*: small, seeded and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).expect("n")).expect("index")
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn letters(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'a' + u8::try_from(self.next() % 26).expect("letter")))
            .collect()
    }
}

/// Who sends a request.
#[derive(Debug, Clone)]
struct Identity {
    name: &'static str,
    cookie: Option<String>,
    csrf: Option<String>,
}

/// What the pages themselves use, gathered before fuzzing.
struct Vocabulary {
    ids: Vec<(&'static str, Vec<String>)>,
    field_names: Vec<String>,
    field_values: Vec<String>,
}

/// One request, as bytes.
struct Fuzzed {
    who: &'static str,
    method: &'static str,
    target: Vec<u8>,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Fuzzed {
    fn bytes(&self, host: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 512);
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(&self.target);
        out.extend_from_slice(b" HTTP/1.1\r\nHost: ");
        out.extend_from_slice(host.as_bytes());
        out.extend_from_slice(b"\r\nConnection: close\r\n");
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        if self.method == "POST" {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    /// The request for a failure message, long values cut short.
    fn describe(&self) -> String {
        let cut = |b: &[u8]| {
            let s = String::from_utf8_lossy(b);
            if s.chars().count() > 300 {
                format!(
                    "{}… ({} bytes)",
                    s.chars().take(300).collect::<String>(),
                    b.len()
                )
            } else {
                s.into_owned()
            }
        };
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(n, v)| format!("{n}: {}", cut(v)))
            .collect();
        format!(
            "as {}: {} {}\n  {}\n  body: {}",
            self.who,
            self.method,
            cut(&self.target),
            headers.join("\n  "),
            cut(&self.body)
        )
    }
}

/// Every route: the staff routes from the router's own list, and the others by hand.
fn routes() -> Vec<(&'static str, &'static str)> {
    let mut routes: Vec<(&str, &str)> = oversight::web::staff_routes()
        .into_iter()
        .map(|(method, path)| (if method == "post" { "POST" } else { "GET" }, path))
        .collect();
    routes.extend([
        ("GET", "/"),
        ("GET", "/healthz"),
        ("GET", "/sign-in"),
        ("POST", "/sign-in"),
        ("GET", "/sign-in/enrol"),
        ("POST", "/sign-in/enrol"),
        ("GET", "/sign-in/code"),
        ("POST", "/sign-in/code"),
        ("GET", "/workflow"),
        ("GET", "/workflow/{file}"),
        ("GET", "/static/{file}"),
        ("GET", "/status"),
        ("POST", "/status"),
        ("POST", "/status/sign-out"),
        ("GET", "/status/review"),
        ("POST", "/status/review"),
        ("GET", "/status/review/confirmation"),
        ("GET", "/status/contact"),
        ("POST", "/status/contact"),
        ("GET", "/published"),
        ("GET", "/published/feed.atom"),
        ("GET", "/published/statistics"),
        ("GET", "/published/statistics/{force_code}"),
        ("GET", "/published/{recommendation_id}"),
        ("GET", "/no-such-page/{case_id}"),
    ]);
    routes
}

/// Path segments that are not what a route expects.
fn bad_segment(rng: &mut Rng, good: &str) -> String {
    let n = rng.below(22);
    match n {
        0 => "not-a-uuid".to_owned(),
        1 => "00000000-0000-0000-0000-000000000000".to_owned(),
        2 => uuid::Uuid::from_u64_pair(rng.next(), rng.next()).to_string(),
        3 => good.to_uppercase(),
        4 => format!("{good}x"),
        5 => format!("%7B{good}%7D"),
        6 => format!("urn:uuid:{good}"),
        7 => "%zz".to_owned(),
        8 => "%".to_owned(),
        9 => "%FF%FE%FD".to_owned(),
        10 => "%C0%AF".to_owned(),
        11 => "..".to_owned(),
        12 => "%2e%2e".to_owned(),
        13 => "..%2F..%2F..%2FCargo.toml".to_owned(),
        14 => "a".repeat(5_000),
        15 => "%00".to_owned(),
        16 => "%C3%A9".to_owned(),
        17 => "-1".to_owned(),
        18 => "9".repeat(40),
        19 => String::new(),
        20 => format!("{good}%2F..%2F{good}"),
        _ => format!("{good};x=1"),
    }
}

/// Values a field or query parameter should not hold, and some it may.
fn value(rng: &mut Rng, vocab: &Vocabulary) -> Vec<u8> {
    match rng.below(24) {
        0..=7 => rng.pick(&vocab.field_values).as_bytes().to_vec(),
        8 => Vec::new(),
        9 => b"%FF%FE".to_vec(),
        10 => b"%zz%".to_vec(),
        11 => b"%00".to_vec(),
        12 => rng.letters(60_000).into_bytes(),
        13 => b"'%3B drop table case_record%3B --".to_vec(),
        14 => b"%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_vec(),
        15 => b"2026-02-30".to_vec(),
        16 => b"-1".to_vec(),
        17 => b"99999999999999999999999999".to_vec(),
        18 => b"%E2%80%AE%F0%9F%98%80".to_vec(),
        19 => vec![0xff, 0xfe, b'a'],
        20 => b"1e308".to_vec(),
        21 => b"+%2B+%20".to_vec(),
        22 => rng.pick(&vocab.ids).1[0].clone().into_bytes(),
        _ => b"true".to_vec(),
    }
}

/// A query string: none, the pages' own names with odd values, repeated keys, junk.
fn query(rng: &mut Rng, vocab: &Vocabulary) -> Vec<u8> {
    if rng.chance(40) {
        return Vec::new();
    }
    const KEYS: &[&str] = &[
        "next",
        "lang",
        "read",
        "q",
        "kind",
        "force",
        "stage",
        "mode",
        "category",
        "sort",
        "after",
        "before",
        "cursor",
        "page",
        "year",
        "overdue",
        "assigned",
        "done",
        "user",
        "received_from",
        "received_to",
        "signed_out",
        "saved",
    ];
    let mut out = b"?".to_vec();
    for i in 0..1 + rng.below(5) {
        if i > 0 {
            out.push(b'&');
        }
        let key = if rng.chance(70) {
            (*rng.pick(KEYS)).to_owned()
        } else {
            rng.pick(&vocab.field_names).clone()
        };
        out.extend_from_slice(key.as_bytes());
        if rng.chance(90) {
            out.push(b'=');
            let v = value(rng, vocab);
            // The raw request line may hold only visible ASCII.
            out.extend(v.iter().map(|b| {
                if b.is_ascii_graphic() && *b != b'#' {
                    *b
                } else {
                    b'_'
                }
            }));
        }
        if rng.chance(10) {
            out.extend_from_slice(b"&&==&");
        }
    }
    out
}

/// Headers: an identity's cookie or junk, and odd Origin, Accept-Language and Accept.
fn headers(rng: &mut Rng, who: &Identity, port: u16) -> Vec<(String, Vec<u8>)> {
    let mut headers = Vec::new();
    let cookie = match (&who.cookie, rng.below(10)) {
        (Some(c), 0..=6) => Some(c.clone().into_bytes()),
        (Some(c), 7) => {
            Some(format!("{c}; {c}; oversight_lang=zz; oversight_read=%FF").into_bytes())
        }
        (_, 8) => Some(format!("oversight_session={}", rng.letters(64)).into_bytes()),
        (_, 9) => Some(
            format!(
                "oversight_complainant={}; oversight_session=; ;;=; {}",
                "f".repeat(64),
                rng.letters(3_000)
            )
            .into_bytes(),
        ),
        (None, _) if rng.chance(20) => Some(vec![b'a', b'=', 0xff, 0xfe]),
        _ => None,
    };
    if let Some(cookie) = cookie {
        headers.push(("Cookie".to_owned(), cookie));
    }
    let origin: Option<Vec<u8>> = match rng.below(12) {
        0..=5 => None,
        6..=7 => Some(format!("http://127.0.0.1:{port}").into_bytes()),
        8 => Some(b"null".to_vec()),
        9 => Some(b"http://evil.example".to_vec()),
        10 => Some(b"://".to_vec()),
        _ => Some(vec![b'h', b't', b't', b'p', b':', b'/', b'/', 0xff]),
    };
    if let Some(origin) = origin {
        headers.push(("Origin".to_owned(), origin));
    }
    if rng.chance(30) {
        let lang: Vec<u8> = match rng.below(7) {
            0 => b"cy".to_vec(),
            1 => b"cy-GB;q=abc, en;q=2".to_vec(),
            2 => b"*".to_vec(),
            3 => b";;;,,,".to_vec(),
            4 => rng.letters(4_000).into_bytes(),
            5 => vec![0xc3, 0xa9, 0xff],
            _ => b"en-GB,en;q=0.9,cy;q=0.8".to_vec(),
        };
        headers.push(("Accept-Language".to_owned(), lang));
    }
    if rng.chance(20) {
        const ACCEPT: &[&[u8]] = &[
            b"application/json",
            b"text/html",
            b"*/*",
            b"application/json, text/html",
            b"\x01\x02",
        ];
        headers.push(("Accept".to_owned(), rng.pick(ACCEPT).to_vec()));
    }
    if rng.chance(5) {
        headers.push(("Referer".to_owned(), b"http://evil.example/%FF".to_vec()));
    }
    if rng.chance(5) {
        headers.push(("X-Forwarded-For".to_owned(), rng.letters(200).into_bytes()));
    }
    headers
}

/// A form body, or something that only pretends to be one, with its content type.
fn body(rng: &mut Rng, who: &Identity, vocab: &Vocabulary) -> (Option<Vec<u8>>, Vec<u8>) {
    let content_type: Option<Vec<u8>> = match rng.below(20) {
        0..=13 => Some(b"application/x-www-form-urlencoded".to_vec()),
        14 => Some(b"application/x-www-form-urlencoded; charset=iso-8859-1".to_vec()),
        15 => Some(b"multipart/form-data; boundary=x".to_vec()),
        16 => Some(b"application/json".to_vec()),
        17 => Some(b"text/plain".to_vec()),
        18 => Some(vec![0x01, b'/', 0xff]),
        _ => None,
    };
    if rng.chance(5) {
        let junk: Vec<u8> = (0..rng.below(2_000)).map(|_| rng.next() as u8).collect();
        return (content_type, junk);
    }
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    match (&who.csrf, rng.below(10)) {
        (Some(token), 0..=7) => pairs.push((b"csrf_token".to_vec(), token.clone().into_bytes())),
        (Some(token), 8) => {
            pairs.push((b"csrf_token".to_vec(), token.clone().into_bytes()));
            pairs.push((b"csrf_token".to_vec(), b"forged".to_vec()));
        }
        (_, 9) => pairs.push((b"csrf_token".to_vec(), value(rng, vocab))),
        _ => {}
    }
    for _ in 0..rng.below(12) {
        let name = rng.pick(&vocab.field_names).clone().into_bytes();
        let v = value(rng, vocab);
        if rng.chance(15) {
            pairs.push((name.clone(), value(rng, vocab)));
        }
        pairs.push((name, v));
    }
    if rng.chance(2) {
        pairs.push((b"summary".to_vec(), rng.letters(HUGE + 1).into_bytes()));
    }
    let mut out = Vec::new();
    for (i, (name, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        out.extend_from_slice(name);
        out.push(b'=');
        out.extend_from_slice(v);
    }
    (content_type, out)
}

fn fuzzed(
    rng: &mut Rng,
    identities: &[Identity],
    routes: &[(&'static str, &'static str)],
    vocab: &Vocabulary,
    port: u16,
) -> Fuzzed {
    let who = rng.pick(identities).clone();
    // A signed-in identity does not sign itself out: the rest of the run needs the session.
    let (method, template) = loop {
        let (method, template) = *rng.pick(routes);
        if who.cookie.is_none() || !template.ends_with("/sign-out") {
            break (method, template);
        }
    };
    let mut path = String::new();
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                let good = vocab
                    .ids
                    .iter()
                    .find(|(name, _)| *name == param)
                    .map(|(_, values)| rng.pick(values).clone())
                    .unwrap_or_default();
                if rng.chance(55) {
                    path.push_str(&good);
                } else {
                    path.push_str(&bad_segment(rng, &good));
                }
            }
            None => path.push_str(segment),
        }
    }
    match rng.below(20) {
        0 => path.push('/'),
        1 => path = format!("/{path}"),
        2 => path.push_str("/extra/%2e%2e/"),
        3 => path = path.replacen('/', "/./", 1),
        _ => {}
    }
    let mut target = path.into_bytes();
    target.extend(query(rng, vocab));
    if rng.chance(2) {
        // Bytes no request line may hold: the server must refuse them, not fail.
        target.extend_from_slice(&[0xc3, 0xa9, 0x7f]);
    }
    let mut headers = headers(rng, &who, port);
    let mut body_bytes = Vec::new();
    if method == "POST" {
        let (content_type, b) = body(rng, &who, vocab);
        if let Some(content_type) = content_type {
            headers.push(("Content-Type".to_owned(), content_type));
        }
        body_bytes = b;
    }
    Fuzzed {
        who: who.name,
        method,
        target,
        headers,
        body: body_bytes,
    }
}

/// What came back: the status, or why there was none.
async fn send(addr: std::net::SocketAddr, request: Vec<u8>) -> Result<(u16, Vec<u8>), String> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        // The server may answer (413) before reading a huge body and close: keep reading.
        let written = stream.write_all(&request).await;
        let mut response = Vec::new();
        let read = stream.read_to_end(&mut response).await;
        if response.is_empty() {
            return Err(format!("no answer (write: {written:?}, read: {read:?})"));
        }
        let status = std::str::from_utf8(&response[..response.len().min(12)])
            .ok()
            .and_then(|line| line.strip_prefix("HTTP/1.1 "))
            .and_then(|code| code.get(..3))
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| "an answer that is not HTTP".to_owned())?;
        Ok((status, response))
    };
    tokio::time::timeout(Duration::from_secs(25), exchange)
        .await
        .map_err(|_| "no answer within 25 seconds".to_owned())?
}

/// The `name="…"` and `value="…"` attributes of a page's forms.
fn attributes(page: &str, attribute: &str, into: &mut BTreeSet<String>) {
    let marker = format!("{attribute}=\"");
    for part in page.split(&marker).skip(1) {
        if let Some(end) = part.find('"') {
            let v = &part[..end];
            if v.len() < 100 && !v.contains("&#") {
                into.insert(v.to_owned());
            }
        }
    }
}

async fn session_cookie(app: &TestApp, path: &str, form: &[(&str, &str)], name: &str) -> String {
    let res = app
        .new_client()
        .post(format!("{}{path}", app.base))
        .form(form)
        .send()
        .await
        .expect("sign in");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

async fn ids(app: &TestApp, sql: &str) -> Vec<String> {
    let found: Vec<String> = sqlx::query_scalar(sql)
        .fetch_all(&app.db.pool)
        .await
        .expect("ids");
    if found.is_empty() {
        vec![uuid::Uuid::from_u128(7).to_string()]
    } else {
        found
    }
}

#[tokio::test]
async fn no_route_answers_a_malformed_request_with_a_server_error() {
    let seed = std::env::var("OVERSIGHT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    let count = std::env::var("OVERSIGHT_FUZZ_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_REQUESTS);
    // The server's own account of a 5xx (the error behind it), in this test's output only.
    let _log = tracing::subscriber::set_default(
        tracing_subscriber::fmt()
            .with_env_filter("oversight=error")
            .with_test_writer()
            .finish(),
    );
    let app = public_demo().await;
    let addr: std::net::SocketAddr = app
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("the app's address");
    let password = oversight::demo::DEMO_PASSWORD;
    let mut identities = vec![Identity {
        name: "nobody",
        cookie: None,
        csrf: None,
    }];
    for (name, email) in [
        ("a force PSD user", "psd@met.example"),
        ("an IOPC caseworker", "caseworker@iopc.example"),
    ] {
        let cookie = session_cookie(
            &app,
            "/sign-in",
            &[("email", email), ("password", password)],
            "oversight_session",
        )
        .await;
        let csrf = app.csrf_token_of(email).await;
        identities.push(Identity {
            name,
            cookie: Some(cookie),
            csrf: Some(csrf),
        });
    }
    let cookie = session_cookie(
        &app,
        "/status",
        &[("reference", P1_REFERENCE), ("code", P1_CODE)],
        "oversight_complainant",
    )
    .await;
    identities.push(Identity {
        name: "a complainant",
        cookie: Some(cookie),
        csrf: Some(complainant_csrf(&app.db.pool).await),
    });

    let case = "5ce00001-0001-4000-8000-000000000001";
    let vocab_ids = vec![
        (
            "case_id",
            ids(
                &app,
                "select case_id::text from case_record order by case_id limit 6",
            )
            .await,
        ),
        (
            "case_subject_id",
            ids(
                &app,
                "select case_subject_id::text from case_subject order by case_id limit 6",
            )
            .await,
        ),
        (
            "recommendation_id",
            ids(
                &app,
                "select recommendation_id::text from recommendation limit 6",
            )
            .await,
        ),
        (
            "user_id",
            ids(&app, "select staff_user_id::text from staff_user limit 6").await,
        ),
        (
            "notice_id",
            ids(
                &app,
                "select investigation_notice_id::text from investigation_notice limit 3",
            )
            .await,
        ),
        (
            "force_code",
            ids(&app, "select code from police_force order by code limit 6").await,
        ),
        (
            "file",
            vec![
                "case.svg".to_owned(),
                "subject.svg".to_owned(),
                "review.svg".to_owned(),
            ],
        ),
    ];
    // The names and values the pages' own forms use.
    let mut names = BTreeSet::new();
    let mut values = BTreeSet::new();
    let subject = vocab_ids[1].1[0].clone();
    let recommendation = vocab_ids[2].1[0].clone();
    for who in &identities[1..] {
        for path in [
            format!("/cases/{case}"),
            format!("/cases/{case}/investigation"),
            format!("/cases/{case}/contacts/new"),
            format!("/cases/{case}/evidence/new"),
            format!("/cases/{case}/links/new"),
            format!("/cases/{case}/access-code"),
            format!("/cases/{case}/subjects/new"),
            format!("/cases/{case}/recommendations/new"),
            format!("/cases/{case}/subjects/{subject}"),
            format!("/recommendations/{recommendation}"),
            "/cases/new".to_owned(),
            "/cases".to_owned(),
            "/status".to_owned(),
            "/status/review".to_owned(),
            "/status/contact".to_owned(),
            "/published".to_owned(),
        ] {
            let page = app
                .new_client()
                .get(format!("{}{path}", app.base))
                .header("cookie", who.cookie.clone().unwrap_or_default())
                .send()
                .await
                .expect("GET")
                .text()
                .await
                .expect("page");
            attributes(&page, "name", &mut names);
            attributes(&page, "value", &mut values);
        }
    }
    names.extend(["email", "password", "code", "reference", "next"].map(str::to_owned));
    let vocab = Vocabulary {
        ids: vocab_ids,
        field_names: names.into_iter().collect(),
        field_values: values.into_iter().collect(),
    };
    eprintln!(
        "fuzz: seed {seed}, {count} requests over {} routes, {} field names and {} values from the forms",
        routes().len(),
        vocab.field_names.len(),
        vocab.field_values.len()
    );

    let mut rng = Rng::new(seed);
    let routes = routes();
    let requests: Vec<Fuzzed> = (0..count)
        .map(|_| fuzzed(&mut rng, &identities, &routes, &vocab, addr.port()))
        .collect();
    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(AT_ONCE));
    let mut tasks = JoinSet::new();
    for (n, request) in requests.iter().enumerate() {
        let bytes = request.bytes(&addr.to_string());
        let huge = request.body.len() >= HUGE;
        let gate = gate.clone();
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("permit");
            (n, huge, send(addr, bytes).await)
        });
    }
    let mut failures = Vec::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    while let Some(done) = tasks.join_next().await {
        let (n, huge, outcome) = done.expect("a request");
        match outcome {
            Ok((status, response)) => {
                *statuses.entry(status).or_default() += 1;
                let leaked = String::from_utf8_lossy(&response).contains("[package]");
                if status >= 500 || leaked {
                    failures.push((
                        n,
                        format!(
                            "{status}{}",
                            if leaked {
                                ", a file outside static/"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
            }
            // A huge body may be refused before it is all sent: the connection is then cut.
            Err(_) if huge => {}
            Err(why) => failures.push((n, why)),
        }
    }
    let took = started.elapsed();
    eprintln!(
        "fuzz: {count} requests in {:.1} s; statuses {statuses:?}",
        took.as_secs_f64()
    );
    failures.sort();
    for (n, why) in failures.iter().take(20) {
        eprintln!(
            "request {n} (seed {seed}): {why}\n{}",
            requests[*n].describe()
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {count} requests were answered with a server error or not at all (seed {seed}); see above",
        failures.len()
    );
}

// What the fuzz test found, each kept as a behaviour of its own.

#[tokio::test]
async fn a_static_file_name_too_long_for_the_file_system_is_not_found() {
    let app = TestApp::spawn().await;
    let res = app.get(&format!("/static/{}", "a".repeat(5_000))).await;
    assert_eq!(res.status(), reqwest::StatusCode::NOT_FOUND);
    let res = app.get("/static/..%2F..%2FCargo.toml").await;
    assert!(res.status().is_client_error());
    assert!(!res.text().await.expect("body").contains("[package]"));
}

#[tokio::test]
async fn a_null_character_in_a_search_or_a_form_is_a_bad_request_not_a_server_error() {
    let app = public_demo().await;
    let res = app.get("/published?q=%00").await;
    assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST);
    assert!(
        res.text().await.expect("body").contains("<html"),
        "drawn in the layout"
    );
    app.sign_in("psd@met.example").await;
    let res = app.get("/cases?q=a%00b").await;
    assert!(res.status().is_client_error(), "{}", res.status());
    // A contact log entry: saved when clean; with a null character, the form says so beside
    // the field.
    let case = "5ce00001-0001-4000-8000-000000000001";
    let today = chrono::Utc::now().date_naive();
    let (day, month, year) = (
        today.format("%-d").to_string(),
        today.format("%-m").to_string(),
        today.format("%Y").to_string(),
    );
    for (summary, expected) in [
        ("Rang about the delay", reqwest::StatusCode::SEE_OTHER),
        (
            "Rang about\0 the delay",
            reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let version: i32 =
            sqlx::query_scalar("select version from case_record where case_id = $1::uuid")
                .bind(case)
                .fetch_one(&app.db.pool)
                .await
                .expect("version");
        let res = app
            .post_form(
                &format!("/cases/{case}/contacts"),
                &[
                    ("version", &version.to_string()),
                    ("person", ""),
                    ("method", "telephone"),
                    ("summary", summary),
                    ("contacted-on-day", &day),
                    ("contacted-on-month", &month),
                    ("contacted-on-year", &year),
                ],
            )
            .await;
        assert_eq!(res.status(), expected, "{summary:?}");
    }
}

#[tokio::test]
async fn a_sign_in_with_an_email_longer_than_any_address_is_refused_and_counted() {
    let app = TestApp::with_demo(0).await;
    let mut rng = Rng::new(7);
    let email = format!("{}@met.example", rng.letters(60_000));
    let res = app
        .post_form_without_csrf(
            "/sign-in",
            &[("email", &email), ("password", "a guess a guess")],
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let counted: i64 =
        sqlx::query_scalar("select count(*) from sign_in_attempt where not succeeded")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert_eq!(counted, 1, "the guess counts against the address");
}
