//! The workflow as the database enforces it: the mirrored transition table, the stage
//! trigger, optimistic locking under concurrency, and the append-only, hash-chained audit
//! trail.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use oversight::db::workflow::{ActingUser, ApplyError, apply_case};
use oversight::domain::{RecordingReason, Role};
use oversight::workflow::case::CaseCommand;
use oversight::workflow::{Actor, ForceId, all_transitions};
use sqlx::{ConnectOptions, PgPool};
use uuid::Uuid;

use oversight::domain::vocab::CaseKind;

use crate::support::{CaseBuilder, TestDb, force_id, ymd};

/// A new case of the Metropolitan Police Service, received and not yet logged; returns its
/// id and its force's.
async fn new_case(pool: &PgPool, kind: CaseKind) -> (Uuid, Uuid) {
    let case_id = CaseBuilder::new(kind)
        .received(ymd("2026-01-05"))
        .unlogged()
        .summary("Officers shared offensive messages")
        .insert(pool)
        .await;
    (case_id.0, force_id(pool, "met").await)
}

fn sqlstate(err: &sqlx::Error) -> String {
    err.as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn database_transition_table_mirrors_the_rust_tables() {
    let db = TestDb::new().await;
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as("select machine, from_state, action, to_state from workflow_transition")
            .fetch_all(&db.pool)
            .await
            .expect("rows");
    let in_db: BTreeSet<_> = rows.into_iter().collect();
    let in_rust: BTreeSet<_> = all_transitions()
        .into_iter()
        .map(|r| {
            (
                r.machine.to_owned(),
                r.from.to_owned(),
                r.action.to_owned(),
                r.to.to_owned(),
            )
        })
        .collect();
    assert_eq!(in_db, in_rust);
}

#[tokio::test]
async fn a_direct_update_to_an_illegal_stage_is_refused() {
    let db = TestDb::new().await;
    let (case_id, _) = new_case(&db.pool, CaseKind::ConductMatter).await;
    let err = sqlx::query(
        "update case_record set stage = 'closed', closed_on = current_date where case_id = $1",
    )
    .bind(case_id)
    .execute(&db.pool)
    .await
    .expect_err("logged -> closed is no transition");
    assert_eq!(sqlstate(&err), "23514");
    assert!(
        err.to_string()
            .contains("does not allow a move from logged to closed"),
        "{err}"
    );
    // A listed move is allowed.
    sqlx::query("update case_record set stage = 'recorded', schedule3 = true, recorded_on = current_date where case_id = $1")
        .bind(case_id)
        .execute(&db.pool)
        .await
        .expect("logged -> recorded is a transition");
}

#[tokio::test]
async fn the_application_role_cannot_change_the_workflow_mirror() {
    let db = TestDb::new().await;
    let err = sqlx::query(
        "insert into workflow_transition values ('case', 'logged', 'shortcut', 'closed', 'none')",
    )
    .execute(&db.pool)
    .await
    .expect_err("the mirror is read-only for the service");
    assert_eq!(sqlstate(&err), "42501");
}

#[tokio::test]
async fn audit_events_cannot_be_updated_deleted_or_truncated_by_the_application() {
    let db = TestDb::new().await;
    sqlx::query("insert into audit_event (entity_kind, actor_description, action) values ('system', 'test', 'note')")
        .execute(&db.pool)
        .await
        .expect("append is allowed");
    for sql in [
        "update audit_event set action = 'changed'",
        "delete from audit_event",
        "truncate audit_event",
    ] {
        let err = sqlx::query(sql).execute(&db.pool).await.expect_err(sql);
        assert_eq!(sqlstate(&err), "42501", "{sql}: {err}");
    }
    // Not even the owner, through the triggers.
    let mut owner = db.options.clone().connect().await.expect("owner");
    let err = sqlx::query("delete from audit_event")
        .execute(&mut owner)
        .await
        .expect_err("owner delete");
    assert_eq!(sqlstate(&err), "42501");
}

#[tokio::test]
async fn tampering_with_an_audit_event_is_found_and_named_by_verify_audit() {
    let db = TestDb::new().await;
    let (case_id, _) = new_case(&db.pool, CaseKind::Complaint).await;
    for action in ["log", "record", "refer"] {
        sqlx::query("insert into audit_event (case_id, entity_kind, actor_description, action) values ($1, 'case', 'test', $2)")
            .bind(case_id)
            .bind(action)
            .execute(&db.pool)
            .await
            .expect("append");
    }
    let report = oversight::db::audit::verify(&db.pool)
        .await
        .expect("verify");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
    assert_eq!(report.events, 3);

    let target: i64 =
        sqlx::query_scalar("select audit_event_id from audit_event where action = 'record'")
            .fetch_one(&db.pool)
            .await
            .expect("id");
    // Someone with the keys to the database edits history behind the triggers' back.
    let mut owner = db.options.clone().connect().await.expect("owner");
    sqlx::raw_sql(&format!(
        "alter table audit_event disable trigger audit_event_no_update_or_delete;
         update audit_event set action = 'no_further_action' where audit_event_id = {target};
         alter table audit_event enable trigger audit_event_no_update_or_delete;"
    ))
    .execute(&mut owner)
    .await
    .expect("tamper");
    let report = oversight::db::audit::verify(&db.pool)
        .await
        .expect("verify");
    assert_eq!(report.broken.len(), 1);
    assert_eq!(
        report.broken[0].audit_event_id, target,
        "names the changed event"
    );
    assert_eq!(report.broken[0].case_id, Some(case_id));
}

#[tokio::test]
async fn twenty_concurrent_conflicting_actions_exactly_one_succeeds() {
    let db = TestDb::new().await;
    let (case_id, force_id) = new_case(&db.pool, CaseKind::ConductMatter).await;
    let user = ActingUser {
        actor: Actor::force_psd(ForceId(force_id.to_string())),
        staff_user_id: None,
        description: Some("PSD officer".to_owned()),
    };
    let today = NaiveDate::from_ymd_opt(2026, 1, 6).expect("date");
    let command = CaseCommand::Record {
        reason: RecordingReason::AppropriateAuthorityDecides,
    };
    let attempts = (0..20).map(|_| {
        let pool = db.pool.clone();
        let user = user.clone();
        let command = command.clone();
        tokio::spawn(async move { apply_case(&pool, case_id, 1, &command, &user, today).await })
    });
    let mut ok = 0;
    let mut conflicts = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(_) => ok += 1,
            Err(ApplyError::Conflict) => conflicts += 1,
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    assert_eq!((ok, conflicts), (1, 19));
    let (stage, version): (String, i32) =
        sqlx::query_as("select stage::text, version from case_record where case_id = $1")
            .bind(case_id)
            .fetch_one(&db.pool)
            .await
            .expect("case");
    assert_eq!((stage.as_str(), version), ("recorded", 2));
    let events: i64 = sqlx::query_scalar("select count(*) from audit_event where case_id = $1")
        .bind(case_id)
        .fetch_one(&db.pool)
        .await
        .expect("events");
    assert_eq!(events, 1, "one event for the one change");
}

#[tokio::test]
async fn a_refused_action_changes_nothing_and_names_the_rule() {
    let db = TestDb::new().await;
    let (case_id, _) = new_case(&db.pool, CaseKind::DsiMatter).await;
    // A force user of another force cannot act on this case at all.
    let other_force: Uuid =
        sqlx::query_scalar("select police_force_id from police_force where code = 'west-midlands'")
            .fetch_one(&db.pool)
            .await
            .expect("force");
    let stranger = ActingUser {
        actor: Actor::force_psd(ForceId(other_force.to_string())),
        staff_user_id: None,
        description: None,
    };
    let today = NaiveDate::from_ymd_opt(2026, 1, 6).expect("date");
    let command = CaseCommand::Record {
        reason: RecordingReason::AppropriateAuthorityDecides,
    };
    let err = apply_case(&db.pool, case_id, 1, &command, &stranger, today)
        .await
        .expect_err("other force");
    assert!(matches!(err, ApplyError::Refused(_)), "{err}");
    let iopc_admin = ActingUser {
        actor: Actor::iopc(Role::IopcAdmin),
        staff_user_id: None,
        description: None,
    };
    let err = apply_case(&db.pool, case_id, 1, &command, &iopc_admin, today)
        .await
        .expect_err("admin does no casework");
    let ApplyError::Refused(refusal) = err else {
        panic!("expected a refusal")
    };
    assert!(!refusal.message().is_empty() && !refusal.source().is_empty());
    let version: i32 = sqlx::query_scalar("select version from case_record where case_id = $1")
        .bind(case_id)
        .fetch_one(&db.pool)
        .await
        .expect("version");
    assert_eq!(version, 1, "nothing changed");
}

#[tokio::test]
async fn recording_a_complaint_writes_its_recording_facts_with_the_stage() {
    let db = TestDb::new().await;
    let (case_id, force_id) = new_case(&db.pool, CaseKind::Complaint).await;
    let user = ActingUser {
        actor: Actor::force_psd(ForceId(force_id.to_string())),
        staff_user_id: None,
        description: Some("PSD".to_owned()),
    };
    let today = NaiveDate::from_ymd_opt(2026, 1, 6).expect("date");
    let command = CaseCommand::Record {
        reason: RecordingReason::ComplainantWishes,
    };
    apply_case(&db.pool, case_id, 1, &command, &user, today)
        .await
        .expect("recorded");
    let (stage, schedule3, reason, recorded_on): (String, Option<bool>, Option<String>, Option<NaiveDate>) = sqlx::query_as(
        "select stage::text, schedule3, recording_reason::text, recorded_on from case_record where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&db.pool)
    .await
    .expect("case");
    assert_eq!(stage, "recorded");
    assert_eq!(schedule3, Some(true));
    assert_eq!(reason.as_deref(), Some("complainant_wishes"));
    assert_eq!(recorded_on, Some(today));
}
