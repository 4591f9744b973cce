//! Demo complaints for the public status page, with known case references and access codes,
//! so that someone trying the demo can use `/status` (the codes are printed at start-up and
//! listed in the README).
//!
//! Their dates are set relative to the day the demo data is loaded: the second case's review
//! window is open for four weeks after loading, the third's has closed. The first holds what
//! a complainant must never see (an allegation withheld under the harm test, officers' and
//! the investigator's names, an internal contact note) so that the demo shows it left out.
//!
//! They are loaded with the demo's synthetic cases (`oversight demo --synthetic N`, N > 0, as
//! at first start), so that a load of the scenarios alone holds only the published cases.
//! These codes are public knowledge: they exist only in a database seeded with demo data.

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::auth::access_code;

/// A demo complainant's way in to `/status`.
pub struct DemoAccess {
    pub reference: &'static str,
    pub code: &'static str,
    pub case_complainant_id: &'static str,
    pub case_id: &'static str,
    pub what: &'static str,
}

/// The demo complaint under investigation (Dyfed-Powys Police; Welsh preferred).
pub const P1_CASE_ID: &str = "5ce00010-0001-4000-8000-000000000001";
/// The demo complaint whose outcome was notified five days before loading (window open).
pub const P2_CASE_ID: &str = "5ce00010-0001-4000-8000-000000000002";
/// The demo complaint whose outcome was notified forty days before loading (window closed).
pub const P3_CASE_ID: &str = "5ce00010-0001-4000-8000-000000000003";

/// Every demo way in, in the order they are printed.
pub const ACCESS: &[DemoAccess] = &[
    DemoAccess {
        reference: "OV-DEM0-0001",
        code: "CYMR-AEG0-2026-0001",
        case_complainant_id: "5ce00010-000b-4000-8000-000000000001",
        case_id: P1_CASE_ID,
        what: "complaint under investigation, Dyfed-Powys Police (Welsh preferred)",
    },
    DemoAccess {
        reference: "OV-DEM0-0002",
        code: "REV1-EW0P-EN26-0002",
        case_complainant_id: "5ce00010-000b-4000-8000-000000000002",
        case_id: P2_CASE_ID,
        what: "outcome notified 5 days before loading: a review can be applied for",
    },
    DemoAccess {
        reference: "OV-DEM0-0003",
        code: "REV1-EWC1-0SED-0003",
        case_complainant_id: "5ce00010-000b-4000-8000-000000000003",
        case_id: P3_CASE_ID,
        what: "outcome notified 40 days before loading: the review window has closed",
    },
    DemoAccess {
        reference: "OV-DEM0-0004",
        code: "S2CA-SE20-18AA-0004",
        case_complainant_id: "5ce00002-000b-4000-8000-000000000001",
        case_id: "5ce00002-0001-4000-8000-000000000001",
        what: "scenario S2 (2018/104370), legacy complaint, closed",
    },
];

/// Whether the demo access records are in this database (they are printed at start-up if so).
pub async fn present(pool: &sqlx::PgPool) -> Result<bool> {
    let references: Vec<&str> = ACCESS.iter().map(|a| a.reference).collect();
    Ok(sqlx::query_scalar(
        "select exists (select 1 from complainant_access where reference = any($1))",
    )
    .bind(&references)
    .fetch_one(pool)
    .await?)
}

fn id(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).with_context(|| format!("{s} is not a uuid"))
}

async fn force(conn: &mut PgConnection, code: &str) -> Result<Uuid> {
    sqlx::query_scalar("select police_force_id from police_force where code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .with_context(|| format!("the force {code} is not in the reference data"))
}

/// Adds the demo complaints (when `with_cases`) and the access record of every demo
/// complaint present (idempotent). Returns the number of cases added.
pub async fn load(conn: &mut PgConnection, today: NaiveDate, with_cases: bool) -> Result<u64> {
    let present: bool =
        sqlx::query_scalar("select exists (select 1 from case_record where case_id = $1)")
            .bind(id(P1_CASE_ID)?)
            .fetch_one(&mut *conn)
            .await?;
    let mut added = 0;
    if with_cases && !present {
        add_cases(conn, today).await?;
        added = 3;
    }
    for access in ACCESS {
        let canonical = access_code::normalise_code(access.code)
            .with_context(|| format!("demo code {} is not a valid code", access.code))?;
        sqlx::query(
            "insert into complainant_access (case_complainant_id, case_id, reference, code_hash)
             select $1, $2, $3, $4 where exists (select 1 from case_complainant where case_complainant_id = $1)
             on conflict do nothing",
        )
        .bind(id(access.case_complainant_id)?)
        .bind(id(access.case_id)?)
        .bind(access.reference)
        .bind(access_code::hash(&canonical))
        .execute(&mut *conn)
        .await?;
    }
    Ok(added)
}

async fn add_cases(conn: &mut PgConnection, today: NaiveDate) -> Result<()> {
    let day = |n: i64| today - Duration::days(n);
    let dyfed = force(conn, "dyfed-powys").await?;
    let met = force(conn, "met").await?;
    let west_midlands = force(conn, "west-midlands").await?;
    let caseworker: Uuid = sqlx::query_scalar(
        "select staff_user_id from staff_user where email = 'caseworker@iopc.example'",
    )
    .fetch_one(&mut *conn)
    .await
    .context("the demo caseworker account is missing")?;

    // People.
    for (person, name, language, method, email, address) in [
        (
            "5ce00010-000a-4000-8000-000000000001",
            "Elin Hughes",
            "cy",
            "email",
            Some("elin.hughes@example.org"),
            None,
        ),
        (
            "5ce00010-000a-4000-8000-000000000002",
            "Sam Taylor",
            "en",
            "email",
            Some("sam.taylor@example.org"),
            None,
        ),
        (
            "5ce00010-000a-4000-8000-000000000003",
            "Jordan Patel",
            "en",
            "post",
            None,
            Some("12 Example Road, Birmingham B1 1AA"),
        ),
    ] {
        sqlx::query(
            "insert into person (person_id, full_name, preferred_language, contact_method, email, address)
             values ($1, $2, $3::language, $4::contact_method, $5, $6)",
        )
        .bind(id(person)?)
        .bind(name)
        .bind(language)
        .bind(method)
        .bind(email)
        .bind(address)
        .execute(&mut *conn)
        .await?;
    }

    // P1: under a local investigation, with a withheld allegation.
    sqlx::query(
        "insert into case_record (case_id, kind, force_id, force_reference, received_on, logged_on, recorded_on,
                                  schedule3, recording_reason, stage, investigation_mode, summary, incident_date,
                                  incident_place, what_complainant_wants)
         values ($1, 'complaint', $2, 'DP/DEMO/0001', $3, $3, $4, true, 'complainant_wishes', 'under_investigation',
                 'local', 'The complainant says officers searched her home without showing a warrant and damaged her door.',
                 $5, 'Aberystwyth', 'An explanation and for the door to be repaired.')",
    )
    .bind(id(P1_CASE_ID)?)
    .bind(dyfed)
    .bind(day(120))
    .bind(day(115))
    .bind(day(125))
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into investigation (case_id, mode, terms_of_reference, investigator_name, started_on)
         values ($1, 'local', 'Whether the search was lawful and carried out in line with policy.',
                 'Detective Sergeant Rhian Prydderch', $2)",
    )
    .bind(id(P1_CASE_ID)?)
    .bind(day(100))
    .execute(&mut *conn)
    .await?;
    let subject = id("5ce00010-0003-4000-8000-000000000001")?;
    sqlx::query(
        "insert into subject (subject_id, kind, name, rank, collar_number, force_id)
         values ($1, 'police_officer', 'Gareth Penhallow', 'Police Constable', '4471', $2)",
    )
    .bind(subject)
    .bind(dyfed)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into case_subject (case_subject_id, case_id, subject_id) values ($1, $2, $3)",
    )
    .bind(id("5ce00010-0004-4000-8000-000000000001")?)
    .bind(id(P1_CASE_ID)?)
    .bind(subject)
    .execute(&mut *conn)
    .await?;
    let withheld_allegation = id("5ce00010-0002-4000-8000-000000000002")?;
    for (allegation, description) in [
        (
            "5ce00010-0002-4000-8000-000000000001",
            "Officers searched my home without showing me a warrant.",
        ),
        (
            "5ce00010-0002-4000-8000-000000000002",
            "Information from an informant about the address was mishandled.",
        ),
    ] {
        sqlx::query(
            "insert into allegation (allegation_id, case_id, category_code, description)
             values ($1, $2, 'police-powers-policies-and-procedures', $3)",
        )
        .bind(id(allegation)?)
        .bind(id(P1_CASE_ID)?)
        .bind(description)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "insert into withheld_item (case_id, description, entity_kind, entity_id, reason, recorded_by)
         values ($1, 'The allegation about informant information', 'allegation', $2,
                 'Disclosure could prejudice a related criminal investigation', $3)",
    )
    .bind(id(P1_CASE_ID)?)
    .bind(withheld_allegation)
    .bind(caseworker)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into contact_log_entry (case_id, person_id, contacted_on, method, summary, created_by)
         values ($1, $2, $3, 'email', 'Update sent. Internal note: investigator to chase the locksmith invoice.', $4)",
    )
    .bind(id(P1_CASE_ID)?)
    .bind(id("5ce00010-000a-4000-8000-000000000001")?)
    .bind(day(20))
    .bind(caseworker)
    .execute(&mut *conn)
    .await?;

    // P2 and P3: handled otherwise than by investigation; outcome notified.
    for (case_id, force_id, reference, notified, summary) in [
        (
            P2_CASE_ID,
            met,
            "MPS/DEMO/0002",
            5,
            "The complainant says a call handler was dismissive when she reported her car stolen, and no one followed it up.",
        ),
        (
            P3_CASE_ID,
            west_midlands,
            "WMP/DEMO/0003",
            40,
            "The complainant says an officer was rude to him at a roadside stop and did not give a reason for stopping him.",
        ),
    ] {
        sqlx::query(
            "insert into case_record (case_id, kind, force_id, force_reference, received_on, logged_on, recorded_on,
                                      schedule3, recording_reason, stage, summary, outcome_notified_on,
                                      review_right, review_right_notified_on)
             values ($1, 'complaint', $2, $3, $4, $4, $5, true, 'complainant_wishes', 'outcome_notified', $6, $7,
                     true, $7)",
        )
        .bind(id(case_id)?)
        .bind(force_id)
        .bind(reference)
        .bind(day(notified + 90))
        .bind(day(notified + 85))
        .bind(summary)
        .bind(day(notified))
        .execute(&mut *conn)
        .await?;
    }
    for (allegation, case_id, description, outcome, detail) in [
        (
            "5ce00010-0002-4000-8000-000000000003",
            P2_CASE_ID,
            "The call handler was dismissive when I reported my car stolen.",
            "service_not_acceptable",
            "The force has apologised. The call handler will reflect on the call with their supervisor.",
        ),
        (
            "5ce00010-0002-4000-8000-000000000004",
            P2_CASE_ID,
            "No one followed up my report.",
            "service_acceptable",
            "The report was passed to the investigating team within the expected time.",
        ),
        (
            "5ce00010-0002-4000-8000-000000000005",
            P3_CASE_ID,
            "The officer was rude to me at a roadside stop.",
            "could_not_determine",
            "There was no recording of the stop, so it could not be decided what was said.",
        ),
    ] {
        sqlx::query(
            "insert into allegation (allegation_id, case_id, category_code, description, handling_type, outcome, outcome_detail)
             values ($1, $2, 'delivery-of-duties-and-service', $3, 'otherwise_than_by_investigation',
                     $4::allegation_outcome, $5)",
        )
        .bind(id(allegation)?)
        .bind(id(case_id)?)
        .bind(description)
        .bind(outcome)
        .bind(detail)
        .execute(&mut *conn)
        .await?;
    }

    // Each person is the complainant of their case.
    for (n, case_id) in [(1, P1_CASE_ID), (2, P2_CASE_ID), (3, P3_CASE_ID)] {
        sqlx::query(
            "insert into case_complainant (case_complainant_id, case_id, person_id, role)
             values ($1, $2, $3, 'complainant')",
        )
        .bind(id(&format!("5ce00010-000b-4000-8000-00000000000{n}"))?)
        .bind(id(case_id)?)
        .bind(id(&format!("5ce00010-000a-4000-8000-00000000000{n}"))?)
        .execute(&mut *conn)
        .await?;
    }

    // The first entry of each staff timeline.
    for (case_id, received) in [
        (P1_CASE_ID, day(120)),
        (P2_CASE_ID, day(95)),
        (P3_CASE_ID, day(130)),
    ] {
        sqlx::query(
            "insert into audit_event (case_id, entity_kind, entity_id, actor_id, actor_role, occurred_at, action,
                                      from_state, to_state, details)
             values ($1, 'case', $1, $2, 'iopc_caseworker', $3::date + time '10:00', 'log', null, 'logged',
                     jsonb_build_object('summary', 'Demo complaint for the public status page logged.'))",
        )
        .bind(id(case_id)?)
        .bind(caseworker)
        .bind(received)
        .execute(&mut *conn)
        .await?;
    }
    // What the service told them (`crate::db::outbox`): P1 that her complaint was logged (an
    // email), P2 the outcome by email and P3 by a letter to post, each with the last day to
    // apply for a review.
    crate::db::outbox::complaint_logged(&mut *conn, id(P1_CASE_ID)?, day(120)).await?;
    for (case_id, notified) in [(P2_CASE_ID, 5), (P3_CASE_ID, 40)] {
        crate::db::outbox::outcome_notified(
            &mut *conn,
            id(case_id)?,
            day(notified),
            crate::domain::vocab::ReviewBody::LocalPolicingBody,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_references_and_codes_are_in_their_canonical_form() {
        for a in ACCESS {
            assert_eq!(
                access_code::normalise_reference(a.reference).as_deref(),
                Some(a.reference)
            );
            assert_eq!(access_code::normalise_code(a.code).as_deref(), Some(a.code));
            assert!(Uuid::parse_str(a.case_complainant_id).is_ok());
        }
    }
}
