//! The statutory clocks in the database agree with the workflow's: `clock_runs_at` with
//! `workflow::clocks::runs_at` for every clock and stage, and the cases list's next deadline
//! (`case_next_deadline`) with `workflow::clocks::next_listed_deadline` for every case.

use oversight::auth::session::CaseScope;
use oversight::domain::vocab::CaseStage;
use oversight::workflow::clocks::{self, DeadlineKind};
use uuid::Uuid;

use crate::support::TestDb;

#[tokio::test]
async fn the_databases_clocks_run_at_the_same_stages_as_the_workflows() {
    let db = TestDb::new().await;
    for &kind in DeadlineKind::ALL {
        for &stage in CaseStage::ALL {
            let in_db: bool = sqlx::query_scalar("select clock_runs_at($1, $2)")
                .bind(kind.as_str())
                .bind(stage)
                .fetch_one(&db.pool)
                .await
                .expect("clock_runs_at");
            assert_eq!(
                in_db,
                clocks::runs_at(kind, stage),
                "{} at {}",
                kind.as_str(),
                stage.as_str()
            );
        }
    }
}

#[tokio::test]
async fn the_lists_next_deadline_is_the_workflows_for_every_case() {
    let db = TestDb::new().await;
    oversight::demo::load(
        &db.pool,
        &oversight::demo::DemoOptions {
            seed: 7,
            synthetic: 300,
        },
    )
    .await
    .expect("demo");
    // A running investigation whose 12-month notice was sent: its next notice is the 18-month
    // one, not none.
    sqlx::query(
        "insert into investigation_notice (investigation_id, kind, sent_on, notice_text)
         select i.investigation_id, 'twelve_month', (i.started_on + interval '12 months')::date, 'Still under way.'
           from investigation i join case_record c on c.case_id = i.case_id
          where i.report_submitted_on is null and c.stage = 'under_investigation'
            and not exists (select 1 from investigation_notice n where n.investigation_id = i.investigation_id)
          limit 3",
    )
    .execute(&db.pool)
    .await
    .expect("notices");
    let calendar = oversight::db::calendar::load(&db.pool)
        .await
        .expect("calendar");
    let cases: Vec<(Uuid, Option<chrono::NaiveDate>)> = sqlx::query_as(
        "select case_id, case_next_deadline(case_id) from case_record order by case_id",
    )
    .fetch_all(&db.pool)
    .await
    .expect("cases");
    let mut conn = db.pool.acquire().await.expect("connection");
    let (mut with_deadline, mut by_kind) = (0, std::collections::HashMap::new());
    for (case_id, in_db) in &cases {
        let details = oversight::db::case_page::load(&mut conn, *case_id, CaseScope::All)
            .await
            .expect("case page")
            .expect("the case");
        let running = clocks::running(&details.clock_facts(), details.case.today, &calendar);
        let expected = clocks::next_listed_deadline(&running);
        assert_eq!(
            *in_db, expected,
            "case {case_id} at {:?}",
            details.case.stage
        );
        if let Some(due) = expected {
            with_deadline += 1;
            let kind = running
                .iter()
                .find(|c| c.deadline.due == due && clocks::LISTED.contains(&c.deadline.kind))
                .map(|c| c.deadline.kind)
                .expect("the clock");
            *by_kind.entry(kind).or_insert(0) += 1;
        }
    }
    // Not vacuous: both kinds of listed clock decide some cases' deadlines.
    assert!(
        with_deadline >= 10,
        "{with_deadline} of {} cases",
        cases.len()
    );
    for kind in clocks::LISTED {
        assert!(
            by_kind.get(&kind).copied().unwrap_or(0) > 0,
            "no case's deadline is {kind:?}: {by_kind:?}"
        );
    }
}
