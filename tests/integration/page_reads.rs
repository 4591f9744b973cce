//! How many statements a page costs: each round trip to the database costs more than the small
//! indexed reads behind it, so the busiest pages read in a fixed, small number of statements.
//!
//! The server logs each statement as a `sqlx::query` event inside the request's span; a layer
//! counts those events for requests that carry a request id chosen by the test, so requests of
//! other tests running at the same time are not counted.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::support::TestApp;

const S1: &str = "5ce00001-0001-4000-8000-000000000001";
const S1_OFFICER_A: &str = "5ce00001-0004-4000-8000-000000000001";

/// The request ids being watched, each with its count of statements.
fn watched() -> &'static Mutex<Vec<(String, &'static AtomicUsize)>> {
    static WATCHED: OnceLock<Mutex<Vec<(String, &'static AtomicUsize)>>> = OnceLock::new();
    WATCHED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(StatementCounter);
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
        Mutex::new(Vec::new())
    })
}

/// Marks a request span whose id is watched with that id's counter.
struct Counted(&'static AtomicUsize);

struct StatementCounter;

struct RequestId(Option<String>);

impl Visit for RequestId {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "id" {
            self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "id" {
            self.0 = Some(format!("{value:?}").trim_matches('"').to_owned());
        }
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for StatementCounter {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "request" {
            return;
        }
        let mut request_id = RequestId(None);
        attrs.record(&mut request_id);
        let Some(request_id) = request_id.0 else {
            return;
        };
        let counter = watched()
            .lock()
            .expect("the watched requests")
            .iter()
            .find(|(watched, _)| *watched == request_id)
            .map(|(_, counter)| *counter);
        if let (Some(counter), Some(span)) = (counter, ctx.span(id)) {
            span.extensions_mut().insert(Counted(counter));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        for span in scope {
            if let Some(Counted(counter)) = span.extensions().get::<Counted>() {
                counter.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
    }
}

/// The statements one GET of `path` ran, the session's look-up included.
async fn statements_for(app: &TestApp, path: &str) -> usize {
    let request_id = uuid::Uuid::new_v4().to_string();
    let counter: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(0)));
    watched()
        .lock()
        .expect("the watched requests")
        .push((request_id.clone(), counter));
    let res = app
        .client
        .get(format!("{}{path}", app.base))
        .header("x-request-id", &request_id)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200, "{path}");
    let _ = res.text().await;
    counter.load(Ordering::Relaxed)
}

#[tokio::test]
async fn the_subject_page_reads_in_at_most_three_round_trips() {
    let app = TestApp::with_demo(0).await;
    app.sign_in("caseworker@iopc.example").await;
    let path = format!("/cases/{S1}/subjects/{S1_OFFICER_A}");
    // The first request fills the caches (the bank-holiday calendar) that every later one
    // reuses. A request that opens a new connection also pays for the connection's set-up and
    // its look-ups of the enum types (about 20 statements, once per connection), so the page's
    // own cost is the least of a few requests.
    statements_for(&app, &path).await;
    let mut statements = usize::MAX;
    for _ in 0..3 {
        statements = statements.min(statements_for(&app, &path).await);
    }
    assert!(statements > 0, "the statements were not counted");
    assert!(
        statements <= 3,
        "the subject page ran {statements} statements, the session's look-up included"
    );
}
