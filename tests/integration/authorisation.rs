//! The authorisation matrix: every staff route (from the router's own list) x every role x
//! own or other force, with the status each must get. A route added to the router without an
//! expectation here fails `every_staff_route_has_an_expectation`.

use oversight::web::staff_routes;
use reqwest::StatusCode;

use crate::support::{TestApp, user_id};

/// The scenario case S1, a Metropolitan Police Service case with no review.
const MET_CASE: &str = "5ce00001-0001-4000-8000-000000000001";
/// S1's first learning recommendation, made to the Metropolitan Police Service.
const MET_RECOMMENDATION: &str = "5ce00001-0009-4000-8000-000000000001";
/// Officer A, a subject of S1.
const MET_SUBJECT: &str = "5ce00001-0004-4000-8000-000000000001";

/// Who is asking. The Met PSD user is the case's own force, West Midlands another force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Caseworker,
    Investigator,
    Admin,
    OwnForcePsd,
    OtherForcePsd,
    ReviewBody,
}

const EVERYONE: [Who; 7] = [
    Who::Anonymous,
    Who::Caseworker,
    Who::Investigator,
    Who::Admin,
    Who::OwnForcePsd,
    Who::OtherForcePsd,
    Who::ReviewBody,
];

impl Who {
    fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Caseworker => Some("caseworker@iopc.example"),
            Who::Investigator => Some("investigator@iopc.example"),
            Who::Admin => Some("admin@iopc.example"),
            Who::OwnForcePsd => Some("psd@met.example"),
            Who::OtherForcePsd => Some("psd@westmidlands.example"),
            Who::ReviewBody => Some("reviews@mopac.example"),
        }
    }
}

/// What a request must come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Let through: the page, a redirect after success, or a validation answer (422).
    Allowed,
    /// Refused (and audited).
    Forbidden,
    /// Hidden: the case is outside the user's scope, so it does not exist for them.
    NotFound,
    /// Not signed in: sent to the sign-in page.
    SignIn,
}

/// The expectation for each route. Keep one arm per route of `staff_routes()`.
fn expect(method: &str, path: &str, who: Who) -> Option<Expect> {
    use Expect::*;
    if who == Who::Anonymous {
        return Some(SignIn);
    }
    let admin_only = if who == Who::Admin {
        Allowed
    } else {
        Forbidden
    };
    let caseworker_only = if who == Who::Caseworker {
        Allowed
    } else {
        Forbidden
    };
    let met_case = match who {
        Who::OtherForcePsd | Who::ReviewBody => NotFound,
        _ => Allowed,
    };
    Some(match (method, path) {
        ("post", "/sign-out") => Allowed,
        ("get", "/my-work") => Allowed,
        ("get", "/assessment") => match who {
            Who::Caseworker | Who::Investigator => Allowed,
            _ => Forbidden,
        },
        ("get", "/cases") | ("get", "/cases.csv") => Allowed,
        ("get", "/cases/{case_id}")
        | ("post", "/cases/{case_id}/actions")
        | ("get", "/cases/{case_id}/letter")
        | ("get", "/cases/{case_id}/investigation")
        | ("get", "/cases/{case_id}/investigation/notices/{notice_id}") => met_case,
        // S1's investigation is independent: the IOPC runs it, the force may only read it.
        ("post", "/cases/{case_id}/investigation")
        | ("post", "/cases/{case_id}/investigation/notices") => match who {
            Who::Caseworker | Who::Investigator => Allowed,
            Who::OtherForcePsd | Who::ReviewBody => NotFound,
            _ => Forbidden,
        },
        // Revising the mandatory-referral grounds: the force and IOPC caseworkers
        // (workflow::intake::may_revise_grounds), on cases they can see.
        ("get", "/cases/{case_id}/grounds") | ("post", "/cases/{case_id}/grounds") => match who {
            Who::Caseworker | Who::OwnForcePsd => Allowed,
            Who::OtherForcePsd | Who::ReviewBody => NotFound,
            _ => Forbidden,
        },
        // Linking cases: casework roles, on cases they can see.
        ("get", "/cases/{case_id}/links/new") | ("post", "/cases/{case_id}/links") => match who {
            Who::Admin => Forbidden,
            _ => met_case,
        },
        // Logging: force PSD users only, for their own force (workflow::intake).
        ("get", "/cases/new") | ("post", "/cases/new") => match who {
            Who::OwnForcePsd | Who::OtherForcePsd => Allowed,
            _ => Forbidden,
        },
        // The contact and evidence logs: those who handle or investigate the case.
        ("get", "/cases/{case_id}/contacts/new")
        | ("post", "/cases/{case_id}/contacts")
        | ("get", "/cases/{case_id}/evidence/new")
        | ("post", "/cases/{case_id}/evidence") => match who {
            Who::Admin | Who::ReviewBody => Forbidden,
            _ => met_case,
        },
        // Documents: anyone who may see the case lists them; those who keep its evidence log
        // upload (a form with no file is a 422). The file asked for here does not exist (the
        // scope of real files is tested in documents.rs), so it is not found for everyone.
        ("get", "/cases/{case_id}/documents") => met_case,
        ("post", "/cases/{case_id}/documents") => match who {
            Who::Admin | Who::ReviewBody => Forbidden,
            _ => met_case,
        },
        ("get", "/cases/{case_id}/documents/{document_id}") => NotFound,
        // A redacted copy and a disclosure decision: the same roles as uploading, on a
        // document that (here) does not exist.
        ("get", "/cases/{case_id}/documents/{document_id}/redacted")
        | ("post", "/cases/{case_id}/documents/{document_id}/redacted")
        | ("get", "/cases/{case_id}/documents/{document_id}/disclosure")
        | ("post", "/cases/{case_id}/documents/{document_id}/disclosure") => match who {
            Who::Admin | Who::ReviewBody => Forbidden,
            _ => NotFound,
        },
        // Publishing a report on the register: IOPC caseworkers only.
        ("post", "/cases/{case_id}/documents/{document_id}/publication") => match who {
            Who::Caseworker => NotFound,
            _ => Forbidden,
        },
        // What the complainant may send: those who upload (an empty form is a 422).
        ("post", "/cases/{case_id}/documents/allowance") => match who {
            Who::Admin | Who::ReviewBody => Forbidden,
            _ => met_case,
        },
        // The report of withholdings: the forces and the IOPC, each in their own scope.
        ("get", "/documents/withholdings") => match who {
            Who::Admin | Who::ReviewBody => Forbidden,
            _ => Allowed,
        },
        ("get", "/cases/{case_id}/recommendations/new")
        | ("post", "/cases/{case_id}/recommendations/new") => caseworker_only,
        // Organisational learning and publication: IOPC caseworkers, on cases they can see.
        ("get", "/cases/{case_id}/learning-and-publication")
        | ("post", "/cases/{case_id}/learning-and-publication") => match who {
            Who::OtherForcePsd | Who::ReviewBody => NotFound,
            _ => caseworker_only,
        },
        ("get", "/recommendations") => Allowed,
        // The timeliness dashboard: every member of staff, in their own scope.
        ("get", "/statistics/timeliness") => Allowed,
        ("get", "/recommendations/{recommendation_id}")
        | ("post", "/recommendations/{recommendation_id}/actions") => met_case,
        // Access codes for the public status page: the case's force and IOPC caseworkers.
        ("get", "/cases/{case_id}/access-code") | ("post", "/cases/{case_id}/access-code") => {
            match who {
                Who::Caseworker | Who::OwnForcePsd => Allowed,
                Who::Investigator | Who::Admin => Forbidden,
                _ => NotFound,
            }
        }
        ("get", "/cases/{case_id}/subjects/{case_subject_id}")
        | ("post", "/cases/{case_id}/subjects/{case_subject_id}/actions") => met_case,
        // Adding a subject is casework: the force, or the IOPC on a matter it holds (S1 is an
        // independent investigation); administrators do none.
        ("get", "/cases/{case_id}/subjects/new") | ("post", "/cases/{case_id}/subjects/new") => {
            match who {
                Who::Admin => Forbidden,
                _ => met_case,
            }
        }
        // The statistics return: every member of staff, each in their own scope (a force its
        // own force, a review body the forces of its policing body, the IOPC any).
        ("get", "/statistics") | ("get", "/statistics.csv") | ("get", "/statistics.xlsx") => {
            Allowed
        }
        // Force headcounts are reference data an administrator enters.
        ("get", "/statistics/headcount") | ("post", "/statistics/headcount") => admin_only,
        // So are the most similar force groups.
        ("get", "/statistics/groups") | ("post", "/statistics/groups") => admin_only,
        ("get", "/admin/users")
        | ("get", "/admin/users/new")
        | ("post", "/admin/users")
        | ("post", "/admin/users/{user_id}/disable")
        | ("post", "/admin/users/{user_id}/enable")
        | ("get", "/admin/users/{user_id}/password")
        | ("post", "/admin/users/{user_id}/password")
        | ("post", "/admin/users/{user_id}/second-factor")
        | ("get", "/admin/categories")
        | ("get", "/admin/categories/new")
        | ("post", "/admin/categories")
        | ("get", "/admin/categories/subcategories/new")
        | ("post", "/admin/categories/subcategories")
        | ("post", "/admin/categories/retire")
        | ("post", "/admin/categories/restore") => admin_only,
        // The outbox: administrators read every message and send a failed one again (the
        // message asked for here does not exist).
        ("get", "/admin/messages") => admin_only,
        ("get", "/admin/messages/{message_id}")
        | ("post", "/admin/messages/{message_id}/retry") => match who {
            Who::Admin => NotFound,
            _ => Forbidden,
        },
        // Letters to post: those who handle cases, in their scope.
        ("get", "/letters") => match who {
            Who::Admin | Who::ReviewBody => Forbidden,
            _ => Allowed,
        },
        ("get", "/letters/{message_id}") | ("post", "/letters/{message_id}/posted") => match who {
            Who::Admin | Who::ReviewBody => Forbidden,
            _ => NotFound,
        },
        _ => return None,
    })
}

#[test]
fn every_staff_route_has_an_expectation() {
    for (method, path) in &staff_routes() {
        assert!(
            expect(method, path, Who::Caseworker).is_some(),
            "{method} {path} is a staff route with no expectation in the authorisation matrix: add one"
        );
    }
}

fn concrete(path: &str, other_user: &str, notice: &str) -> String {
    path.replace("{case_id}", MET_CASE)
        .replace("{case_subject_id}", MET_SUBJECT)
        .replace("{user_id}", other_user)
        .replace("{notice_id}", notice)
        .replace("{recommendation_id}", MET_RECOMMENDATION)
        .replace("{document_id}", "0190f3c4-0000-7000-8000-000000000000")
        .replace("{message_id}", "0190f3c4-0000-7000-8000-000000000001")
}

fn classify(status: StatusCode, location: Option<&str>) -> Expect {
    match status {
        StatusCode::FORBIDDEN => Expect::Forbidden,
        StatusCode::NOT_FOUND => Expect::NotFound,
        StatusCode::SEE_OTHER if location.is_some_and(|l| l.starts_with("/sign-in?next=")) => {
            Expect::SignIn
        }
        s if s.is_success()
            || s.is_redirection()
            || s == StatusCode::UNPROCESSABLE_ENTITY
            || s == StatusCode::CONFLICT =>
        {
            Expect::Allowed
        }
        other => panic!("unexpected status {other}"),
    }
}

#[tokio::test]
async fn every_staff_route_answers_every_role_as_the_matrix_says() {
    let app = TestApp::with_demo(0).await;
    // The account acted on by the admin routes: someone other than the admin.
    let target_user = user_id(&app.db.pool, "psd@westmidlands.example").await;
    // A progress notice of S1's investigation (the demo data sent its 12-month notice).
    let notice: uuid::Uuid = sqlx::query_scalar(
        "select n.investigation_notice_id from investigation_notice n
         join investigation i using (investigation_id) where i.case_id = $1::uuid limit 1",
    )
    .bind(MET_CASE)
    .fetch_one(&app.db.pool)
    .await
    .expect("a notice on S1's investigation");
    let mut failures = Vec::new();
    for who in EVERYONE {
        let client = app.new_client();
        let mut csrf = String::new();
        if let Some(email) = who.email() {
            let res = client
                .post(format!("{}/sign-in", app.base))
                .form(&[
                    ("email", email),
                    ("password", oversight::demo::DEMO_PASSWORD),
                ])
                .send()
                .await
                .expect("sign in");
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
            csrf = app.csrf_token_of(email).await;
        }
        for (method, path) in &staff_routes() {
            // Sign-out last, so the session lives for the other routes; and never disable the
            // admin's own target mid-run in a way that changes later answers.
            if *path == "/sign-out" {
                continue;
            }
            let Some(expected) = expect(method, path, who) else {
                continue;
            };
            let url = format!(
                "{}{}",
                app.base,
                concrete(path, &target_user.to_string(), &notice.to_string())
            );
            let res = match *method {
                "get" => client.get(&url).send().await,
                _ => {
                    client
                        .post(&url)
                        .form(&[("csrf_token", csrf.as_str())])
                        .send()
                        .await
                }
            }
            .expect("request");
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let got = classify(res.status(), location.as_deref());
            if got != expected {
                failures.push(format!(
                    "{who:?} {method} {path}: expected {expected:?}, got {got:?} ({})",
                    res.status()
                ));
            }
        }
        let res = client
            .post(format!("{}/sign-out", app.base))
            .form(&[("csrf_token", csrf.as_str())])
            .send()
            .await
            .expect("sign out");
        let got = classify(
            res.status(),
            res.headers().get("location").and_then(|v| v.to_str().ok()),
        );
        let expected = expect("post", "/sign-out", who).expect("sign-out has an expectation");
        if got != expected {
            failures.push(format!(
                "{who:?} post /sign-out: expected {expected:?}, got {got:?}"
            ));
        }
        // Re-enable the target user for the next role, whatever the admin did.
        sqlx::query("update staff_user set disabled_at = null where staff_user_id = $1")
            .bind(target_user)
            .execute(&app.db.pool)
            .await
            .expect("re-enable");
    }
    assert!(
        failures.is_empty(),
        "authorisation matrix failures:\n{}",
        failures.join("\n")
    );
}
