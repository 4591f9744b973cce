//! The three published scenario cases in the demo data.

use oversight::demo::{self, DemoOptions};
use sqlx::PgPool;

use crate::support::TestDb;

const S1: &str = "5ce00001-0001-4000-8000-000000000001";
const S2: &str = "5ce00002-0001-4000-8000-000000000001";
const S3: &str = "5ce00003-0001-4000-8000-000000000001";
const S3_LINKED: &str = "5ce00003-0001-4000-8000-000000000002";

async fn load_demo() -> TestDb {
    let db = TestDb::new().await;
    demo::load(
        &db.pool,
        &DemoOptions {
            seed: 1,
            synthetic: 0,
        },
    )
    .await
    .expect("demo load");
    db
}

/// (kind, stage, legacy, iopc_reference) of a case.
async fn case(pool: &PgPool, id: &str) -> (String, String, bool, Option<String>) {
    sqlx::query_as(
        "select kind::text, stage::text, legacy, iopc_reference from case_record where case_id = $1::uuid",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("case {id}: {e}"))
}

/// (subject name, subject stage, proceedings outcome, barred list, left force) of a case's
/// subjects, by name.
async fn subjects(pool: &PgPool, id: &str) -> Vec<(String, String, Option<String>, bool, bool)> {
    sqlx::query_as(
        "select s.name, cs.stage::text, p.outcome::text, cs.barred_list, cs.left_force
           from case_subject cs
           join subject s on s.subject_id = cs.subject_id
           left join proceedings p on p.case_subject_id = cs.case_subject_id
          where cs.case_id = $1::uuid
          order by s.name",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .expect("subjects")
}

#[tokio::test]
async fn s1_conduct_matter_reaches_the_gross_misconduct_hearing_and_recommendations() {
    let db = load_demo().await;
    let (kind, stage, legacy, reference) = case(&db.pool, S1).await;
    assert_eq!(kind, "conduct_matter");
    assert_eq!(stage, "determinations_made");
    assert!(!legacy);
    assert!(reference.is_some_and(|r| r.starts_with("2023/")));

    let (referral_type, decision, mode, ground): (String, String, String, String) = sqlx::query_as(
        "select r.referral_type::text, r.decision::text, r.decided_mode::text, g.ground_code
               from referral r join referral_referral_ground g using (referral_id)
              where r.case_id = $1::uuid",
    )
    .bind(S1)
    .fetch_one(&db.pool)
    .await
    .expect("referral");
    assert_eq!(
        (
            referral_type.as_str(),
            decision.as_str(),
            mode.as_str(),
            ground.as_str()
        ),
        (
            "mandatory",
            "investigate",
            "independent",
            "discrimination_aggravated"
        )
    );

    let subjects = subjects(&db.pool, S1).await;
    let officer_a = subjects
        .iter()
        .find(|s| s.0 == "Officer A")
        .expect("Officer A");
    assert_eq!(officer_a.1, "concluded");
    assert_eq!(officer_a.2.as_deref(), Some("would_have_been_dismissed"));
    assert!(officer_a.3, "Officer A is on the barred list");
    assert!(officer_a.4, "Officer A has left the force");
    let officer_b = subjects
        .iter()
        .find(|s| s.0 == "Officer B")
        .expect("Officer B");
    assert_eq!(officer_b.1, "reflective_practice");
    assert_eq!(officer_b.2, None);
    let handlers: Vec<_> = subjects
        .iter()
        .filter(|s| s.0.starts_with("Call handler"))
        .collect();
    assert_eq!(handlers.len(), 2);
    assert!(handlers.iter().all(|s| s.1 == "no_case_to_answer"));

    let views: Vec<(String, String, String)> = sqlx::query_as(
        "select s.name, cs.determination::text, cs.authority_view::text
           from case_subject cs join subject s using (subject_id)
          where cs.case_id = $1::uuid and s.kind = 'police_officer' order by s.name",
    )
    .bind(S1)
    .fetch_all(&db.pool)
    .await
    .expect("determinations");
    assert_eq!(
        views,
        vec![
            (
                "Officer A".to_owned(),
                "case_to_answer_gross_misconduct".to_owned(),
                "disagreed".to_owned()
            ),
            (
                "Officer B".to_owned(),
                "case_to_answer_misconduct".to_owned(),
                "disagreed".to_owned()
            ),
        ]
    );

    let findings: i64 = sqlx::query_scalar(
        "select count(*) from proceedings_allegation_finding f
           join proceedings p using (proceedings_id)
           join case_subject cs using (case_subject_id)
          where cs.case_id = $1::uuid and f.finding = 'gross_misconduct_proven'",
    )
    .bind(S1)
    .fetch_one(&db.pool)
    .await
    .expect("findings");
    assert_eq!(findings, 2, "both allegations against Officer A proven");

    let evidence: i64 =
        sqlx::query_scalar("select count(*) from evidence_item where case_id = $1::uuid")
            .bind(S1)
            .fetch_one(&db.pool)
            .await
            .expect("evidence");
    assert!(evidence >= 6);

    let recs: Vec<(String, i32)> = sqlx::query_as(
        "select stage::text, response_due_on - made_on from recommendation where case_id = $1::uuid",
    )
    .bind(S1)
    .fetch_all(&db.pool)
    .await
    .expect("recommendations");
    assert_eq!(recs.len(), 2);
    assert!(
        recs.iter()
            .all(|(stage, days)| stage == "made" && *days == 56)
    );
}

#[tokio::test]
async fn s2_is_a_closed_legacy_complaint_with_three_published_recommendations() {
    let db = load_demo().await;
    let (kind, stage, legacy, reference) = case(&db.pool, S2).await;
    assert_eq!(
        (kind.as_str(), stage.as_str(), legacy, reference.as_deref()),
        ("complaint", "closed", true, Some("2018/104370"))
    );

    let outcomes: Vec<Option<String>> = sqlx::query_scalar(
        "select outcome::text from allegation where case_id = $1::uuid order by allegation_id",
    )
    .bind(S2)
    .fetch_all(&db.pool)
    .await
    .expect("allegations");
    assert_eq!(
        outcomes,
        vec![Some("not_upheld".to_owned()), Some("not_upheld".to_owned())]
    );

    let complainants: i64 =
        sqlx::query_scalar("select count(*) from case_complainant where case_id = $1::uuid")
            .bind(S2)
            .fetch_one(&db.pool)
            .await
            .expect("complainants");
    assert_eq!(complainants, 1);

    let subjects = subjects(&db.pool, S2).await;
    assert_eq!(subjects.len(), 4);
    assert!(subjects.iter().all(|s| s.1 == "no_case_to_answer"));

    let recs: Vec<(String, Option<String>)> = sqlx::query_as(
        "select stage::text, response::text from recommendation where case_id = $1::uuid",
    )
    .bind(S2)
    .fetch_all(&db.pool)
    .await
    .expect("recommendations");
    assert_eq!(recs.len(), 3);
    assert!(
        recs.iter().all(
            |(stage, response)| stage == "published" && response.as_deref() == Some("accepted")
        )
    );
}

#[tokio::test]
async fn s3_linked_cases_carry_the_dismissals_warnings_and_recommendations() {
    let db = load_demo().await;
    let (kind, stage, _, reference) = case(&db.pool, S3).await;
    assert_eq!(
        (kind.as_str(), stage.as_str(), reference.as_deref()),
        ("conduct_matter", "closed", Some("2020/138174"))
    );
    let (kind, stage, _, reference) = case(&db.pool, S3_LINKED).await;
    assert_eq!(
        (kind.as_str(), stage.as_str(), reference.as_deref()),
        ("conduct_matter", "closed", Some("2020/139739"))
    );

    let link: String = sqlx::query_scalar(
        "select reason::text from case_link where from_case_id = $1::uuid and to_case_id = $2::uuid",
    )
    .bind(S3)
    .bind(S3_LINKED)
    .fetch_one(&db.pool)
    .await
    .expect("case link");
    assert_eq!(link, "linked_investigation");

    let primary = subjects(&db.pool, S3).await;
    let mut outcomes: Vec<_> = primary
        .iter()
        .map(|s| (s.2.clone().unwrap_or_default(), s.3))
        .collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        vec![
            ("dismissal_without_notice".to_owned(), true),
            ("would_have_been_dismissed".to_owned(), true),
        ]
    );
    let cps: i64 = sqlx::query_scalar(
        "select count(*) from case_subject
          where case_id = $1::uuid and referred_to_cps_on is not null and cps_outcome is not null
            and under_caution",
    )
    .bind(S3)
    .fetch_one(&db.pool)
    .await
    .expect("cps");
    assert_eq!(cps, 2);

    let linked = subjects(&db.pool, S3_LINKED).await;
    assert_eq!(linked.len(), 13);
    let noticed: i64 = sqlx::query_scalar(
        "select count(*) from case_subject where case_id = $1::uuid and notice_served_on is not null",
    )
    .bind(S3_LINKED)
    .fetch_one(&db.pool)
    .await
    .expect("notices");
    assert_eq!(noticed, 13);
    let warnings = linked
        .iter()
        .filter(|s| s.2.as_deref() == Some("written_warning"))
        .count();
    assert_eq!(warnings, 3);
    let dismissed = linked
        .iter()
        .filter(|s| s.2.as_deref() == Some("dismissal_without_notice"))
        .count();
    assert_eq!(dismissed, 1);
    assert_eq!(
        linked.iter().filter(|s| s.1 == "no_case_to_answer").count(),
        9
    );

    let recs: Vec<(String, String, String, Option<String>, bool)> = sqlx::query_as(
        "select made_on::text, response_due_on::text, stage::text, response::text,
                published_on - response_received_on between 0 and 21
           from recommendation where case_id in ($1::uuid, $2::uuid)",
    )
    .bind(S3)
    .bind(S3_LINKED)
    .fetch_all(&db.pool)
    .await
    .expect("recommendations");
    assert!(!recs.is_empty());
    for (made, due, stage, response, published_in_time) in recs {
        assert_eq!(made, "2022-01-20");
        assert_eq!(due, "2022-03-17");
        assert_eq!(stage, "published");
        assert_eq!(response.as_deref(), Some("accepted"));
        assert!(published_in_time);
    }
}

#[tokio::test]
async fn every_scenario_case_tells_its_history_in_order() {
    let db = load_demo().await;
    for id in [S1, S2, S3, S3_LINKED] {
        let (first, last, in_order, anonymous): (String, String, bool, i64) = sqlx::query_as(
            "select (array_agg(action order by audit_event_id))[1],
                    (array_agg(action order by audit_event_id desc))[1],
                    bool_and(ordered),
                    count(*) filter (where actor_id is null)
               from (select audit_event_id, action, actor_id,
                            occurred_at >= coalesce(lag(occurred_at) over (order by audit_event_id), occurred_at) as ordered
                       from audit_event where case_id = $1::uuid) e",
        )
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .expect("audit");
        assert_eq!(first, "log", "{id}");
        assert!(in_order, "{id}: events in chronological order");
        assert_eq!(anonymous, 0, "{id}: every event names its actor");
        let (_, stage, _, _) = case(&db.pool, id).await;
        if stage == "closed" {
            assert_eq!(last, "close", "{id}");
        }
    }
}

#[tokio::test]
async fn loading_the_scenarios_twice_adds_nothing() {
    let db = load_demo().await;
    let tables = [
        "case_record",
        "allegation",
        "subject",
        "case_subject",
        "referral",
        "investigation",
        "proceedings",
        "recommendation",
        "evidence_item",
        "case_link",
        "person",
        "audit_event",
    ];
    let mut before = Vec::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("select count(*) from {t}"))
            .fetch_one(&db.pool)
            .await
            .expect("count");
        before.push(n);
    }
    assert_eq!(before[0], 4, "four scenario cases and no synthetic ones");
    let second = demo::load(
        &db.pool,
        &DemoOptions {
            seed: 1,
            synthetic: 0,
        },
    )
    .await
    .expect("second load");
    assert_eq!(second.cases_added, 0);
    for (t, n) in tables.iter().zip(before) {
        let now: i64 = sqlx::query_scalar(&format!("select count(*) from {t}"))
            .fetch_one(&db.pool)
            .await
            .expect("count");
        assert_eq!(now, n, "{t} unchanged by the second load");
    }
}

#[tokio::test]
async fn the_first_load_reports_four_scenario_cases() {
    let db = TestDb::new().await;
    let summary = demo::load(
        &db.pool,
        &DemoOptions {
            seed: 1,
            synthetic: 0,
        },
    )
    .await
    .expect("load");
    assert_eq!(summary.cases_added, 4, "{summary}");
    assert_eq!(summary.cases_total, 4, "{summary}");
}

#[tokio::test]
async fn scenario_histories_follow_the_workflow_and_end_where_the_records_stand() {
    let db = load_demo().await;
    let ids = [S1, S2, S3, S3_LINKED];
    let transitions: i64 = sqlx::query_scalar("select count(*) from workflow_transition")
        .fetch_one(&db.pool)
        .await
        .expect("workflow mirror");
    assert!(transitions > 0, "the workflow mirror is filled");
    // Every step that names a workflow action (or moves a stage) is a transition the workflow
    // allows.
    let illegal: Vec<(String, String, String, String)> = sqlx::query_as(
        "with e as (
             select e.*, case e.entity_kind when 'case' then 'case' when 'case_subject' then 'subject'
                                            else 'recommendation' end as machine
               from audit_event e
              where e.case_id = any($1::uuid[])
                and e.entity_kind in ('case', 'case_subject', 'recommendation')
                and e.from_state is not null)
         select e.entity_kind, e.action, e.from_state, e.to_state from e
          where (e.from_state <> e.to_state
                 or exists (select 1 from workflow_transition t where t.machine = e.machine and t.action = e.action))
            and not exists (select 1 from workflow_transition t
                             where t.machine = e.machine and t.from_state = e.from_state
                               and t.action = e.action and t.to_state = e.to_state)",
    )
    .bind(ids)
    .fetch_all(&db.pool)
    .await
    .expect("transitions");
    assert!(
        illegal.is_empty(),
        "steps the workflow does not allow: {illegal:?}"
    );

    // The last state each history reaches is the record's stage.
    let mismatched: Vec<(String, String, String, String)> = sqlx::query_as(
        "with last as (
             select distinct on (entity_kind, entity_id) entity_kind, entity_id, to_state
               from audit_event
              where case_id = any($1::uuid[]) and to_state is not null
                and entity_kind in ('case', 'case_subject', 'recommendation')
              order by entity_kind, entity_id, audit_event_id desc)
         select l.entity_kind, l.entity_id::text, l.to_state,
                coalesce(c.stage::text, s.stage::text, r.stage::text, 'missing')
           from last l
           left join case_record c on l.entity_kind = 'case' and c.case_id = l.entity_id
           left join case_subject s on l.entity_kind = 'case_subject' and s.case_subject_id = l.entity_id
           left join recommendation r on l.entity_kind = 'recommendation' and r.recommendation_id = l.entity_id
          where l.to_state is distinct from coalesce(c.stage::text, s.stage::text, r.stage::text)",
    )
    .bind(ids)
    .fetch_all(&db.pool)
    .await
    .expect("last states");
    assert!(
        mismatched.is_empty(),
        "histories that end elsewhere: {mismatched:?}"
    );

    // Every subject and recommendation has a history.
    let untold: i64 = sqlx::query_scalar(
        "select (select count(*) from case_subject cs where cs.case_id = any($1::uuid[])
                   and not exists (select 1 from audit_event e where e.entity_id = cs.case_subject_id))
              + (select count(*) from recommendation r where r.case_id = any($1::uuid[])
                   and not exists (select 1 from audit_event e where e.entity_id = r.recommendation_id))",
    )
    .bind(ids)
    .fetch_one(&db.pool)
    .await
    .expect("untold");
    assert_eq!(untold, 0);

    let report = oversight::db::audit::verify(&db.pool)
        .await
        .expect("verify");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}
