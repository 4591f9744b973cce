//! The workflow page and its diagrams, drawn from the transition table.

use crate::support::TestApp;
use oversight::workflow::{all_states, all_transitions};
use reqwest::StatusCode;

/// What askama's HTML escaping makes of a text.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn appears(body: &str, text: &str) -> bool {
    body.contains(text) || body.contains(&html_escaped(text))
}

#[tokio::test]
async fn workflow_page_lists_every_action_and_legal_source() {
    let app = TestApp::spawn().await;
    let res = app.get("/workflow").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.expect("body");
    assert!(body.contains("govuk-template__body"), "inside the layout");
    assert!(body.contains("govuk-table"));
    assert!(body.contains("role=\"img\""));
    for m in ["case", "subject", "review", "recommendation"] {
        assert!(body.contains(&format!("id=\"{m}\"")), "section for {m}");
        assert!(body.contains(&format!("/workflow/{m}.svg")), "link to {m}");
    }
    for t in all_transitions() {
        assert!(appears(&body, t.action_label), "action {}", t.action_label);
        assert!(
            body.contains(&format!("<code class=\"app-code\">{}</code>", t.action)),
            "the code an import file names the step by: {}",
            t.action
        );
        assert!(appears(&body, t.source), "source {}", t.source);
    }
    assert!(!body.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn case_diagram_is_svg_naming_every_case_state() {
    let app = TestApp::spawn().await;
    let res = app.get("/workflow/case.svg").await;
    assert_eq!(res.status(), StatusCode::OK);
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("image/svg+xml"), "{content_type}");
    let body = res.text().await.expect("body");
    assert!(body.starts_with("<svg"));
    for s in all_states().iter().filter(|s| s.machine == "case") {
        assert!(appears(&body, s.label), "state {}", s.label);
    }
}

#[tokio::test]
async fn every_machine_has_a_diagram_and_unknown_machines_are_404() {
    let app = TestApp::spawn().await;
    for m in ["subject", "review", "recommendation"] {
        let res = app.get(&format!("/workflow/{m}.svg")).await;
        assert_eq!(res.status(), StatusCode::OK, "{m}");
    }
    for path in [
        "/workflow/nonsense.svg",
        "/workflow/case.png",
        "/workflow/Case.svg",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}
