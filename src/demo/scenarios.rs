//! The three published cases of the scenarios, as complete records at the stage their
//! history reaches.
//!
//! Each scenario is one SQL file (`scenarios/s1.sql` ...) that inserts every row of its cases
//! with fixed UUIDs, and an audit trail telling the history in order, on historical dates.
//! The files name the demo accounts and the Metropolitan Police Service through placeholders
//! (`{caseworker}`, `{investigator}`, `{psd}`, `{met}`) that are replaced by the keys looked up
//! here, so the SQL holds no generated key.
//!
//! Loading is idempotent per scenario: a scenario whose first case is already in the database
//! is skipped entirely, so a second load changes nothing. A scenario whose IOPC reference is
//! already held by another case (e.g. a synthetic case of a very large generated data set) is
//! skipped too, with a warning, rather than failing the whole demo load.
//!
//! Final stages: S1 determinations_made (recommendations awaiting the force's response); S2
//! closed (legacy complaint); S3 both cases closed.

use anyhow::{Context, Result};
use sqlx::PgConnection;
use uuid::Uuid;

/// One published case history.
struct Scenario {
    name: &'static str,
    /// The cases the file inserts; the first one marks the scenario as loaded.
    case_ids: &'static [&'static str],
    /// The IOPC references of those cases.
    references: &'static [&'static str],
    sql: &'static str,
}

/// S1: conduct matter, firearms call handled by a local unit (MPS, December 2022).
pub(super) const S1_CASE_ID: &str = "5ce00001-0001-4000-8000-000000000001";
/// S2: legacy complaint 2018/104370, calls for assistance (MPS, June 2018).
pub(super) const S2_CASE_ID: &str = "5ce00002-0001-4000-8000-000000000001";
/// S3: conduct matter 2020/138174, photographs at a crime scene (MPS, June 2020).
pub(super) const S3_CASE_ID: &str = "5ce00003-0001-4000-8000-000000000001";
/// S3: the linked conduct matter 2020/139739 (officers who received the images).
pub(super) const S3_LINKED_CASE_ID: &str = "5ce00003-0001-4000-8000-000000000002";

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "S1 (firearms call, MPS 2022)",
        case_ids: &[S1_CASE_ID],
        references: &["2023/184392"],
        sql: include_str!("scenarios/s1.sql"),
    },
    Scenario {
        name: "S2 (calls for assistance, 2018/104370)",
        case_ids: &[S2_CASE_ID],
        references: &["2018/104370"],
        sql: include_str!("scenarios/s2.sql"),
    },
    Scenario {
        name: "S3 (crime-scene photographs, 2020/138174 and 2020/139739)",
        case_ids: &[S3_CASE_ID, S3_LINKED_CASE_ID],
        references: &["2020/138174", "2020/139739"],
        sql: include_str!("scenarios/s3.sql"),
    },
];

/// The demo accounts that author the scenario records (inserted by the caller first).
const CASEWORKER: &str = "caseworker@iopc.example";
const INVESTIGATOR: &str = "investigator@iopc.example";
const PSD: &str = "psd@met.example";

/// Adds the scenario cases that are not there yet; returns how many were added.
pub(super) async fn load(conn: &mut PgConnection) -> Result<u64> {
    let met: Uuid =
        sqlx::query_scalar("select police_force_id from police_force where code = 'met'")
            .fetch_optional(&mut *conn)
            .await?
            .context("the Metropolitan Police Service (code 'met') is not in the reference data")?;
    let caseworker = account(conn, CASEWORKER).await?;
    let investigator = account(conn, INVESTIGATOR).await?;
    let psd = account(conn, PSD).await?;

    let mut added = 0;
    for scenario in SCENARIOS {
        let first = Uuid::parse_str(scenario.case_ids[0])?;
        let loaded: bool =
            sqlx::query_scalar("select exists (select 1 from case_record where case_id = $1)")
                .bind(first)
                .fetch_one(&mut *conn)
                .await?;
        if loaded {
            continue;
        }
        let taken: Vec<String> = sqlx::query_scalar(
            "select iopc_reference from case_record where iopc_reference = any($1) order by 1",
        )
        .bind(scenario.references)
        .fetch_all(&mut *conn)
        .await?;
        if !taken.is_empty() {
            tracing::warn!(
                scenario = scenario.name,
                references = %taken.join(", "),
                "scenario not loaded: its IOPC reference is held by another case"
            );
            continue;
        }
        let sql = scenario
            .sql
            .replace("{met}", &literal(met))
            .replace("{caseworker}", &literal(caseworker))
            .replace("{investigator}", &literal(investigator))
            .replace("{psd}", &literal(psd));
        sqlx::raw_sql(&sql)
            .execute(&mut *conn)
            .await
            .with_context(|| format!("cannot load scenario {}", scenario.name))?;
        added += scenario.case_ids.len() as u64;
    }
    Ok(added)
}

async fn account(conn: &mut PgConnection, email: &str) -> Result<Uuid> {
    sqlx::query_scalar("select staff_user_id from staff_user where lower(email) = lower($1)")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?
        .with_context(|| format!("the demo account {email} is missing"))
}

/// A uuid as an SQL literal (a uuid's text has no quote, so it cannot break out).
fn literal(id: Uuid) -> String {
    format!("'{id}'::uuid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_ids_are_uuids_and_in_their_files() {
        for scenario in SCENARIOS {
            for id in scenario.case_ids {
                assert!(Uuid::parse_str(id).is_ok());
                assert!(scenario.sql.contains(id), "{} inserts {id}", scenario.name);
            }
            for r in scenario.references {
                assert!(scenario.sql.contains(r), "{} uses {r}", scenario.name);
            }
        }
    }
}
