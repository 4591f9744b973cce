//! The summaries the quarterly return reads (migration 0100): that the working-day ordinals
//! are the calendar's, that what each change posts adds up to what a rebuild from the cases
//! gives, that each complaint's working days are those of the rules in `workflow::statistics`,
//! that steps on sixteen connections at once neither wait for each other nor lose a count,
//! who may read and write the ledgers, and that the timeliness dashboard's rows (migration
//! 0101) are those their definitions give.

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use sqlx::PgPool;
use uuid::Uuid;

use oversight::auth::session::CaseScope;
use oversight::workflow::statistics::{days_to_finalise, working_days};

use crate::support::{TestDb, force_id, ymd};

/// Every ledger, summed by its key, as sorted text: what the return can read from it. Rows
/// that count nothing are left out, so a ledger and its compaction compare equal.
async fn ledgers(conn: &mut sqlx::PgConnection) -> Vec<String> {
    let queries = [
        "select format('logged %s %s %s %s %s: %s %s %s %s %s', force_id, territorial, logged_on, schedule3,
                       recording_reason, sum(cases), sum(allegations), sum(receipt_days), sum(contacted),
                       sum(contact_days))
           from stat_logged group by force_id, territorial, logged_on, schedule3, recording_reason
          having sum(cases) <> 0 or sum(allegations) <> 0 or sum(receipt_days) <> 0
              or sum(contacted) <> 0 or sum(contact_days) <> 0",
        "select format('finalised %s %s %s %s: %s %s %s', force_id, territorial, finalised_on, schedule3,
                       sum(cases), sum(days), sum(days_excluding))
           from stat_finalised group by force_id, territorial, finalised_on, schedule3
          having sum(cases) <> 0 or sum(days) <> 0 or sum(days_excluding) <> 0",
        "select format('category %s %s %s %s %s: %s %s', force_id, territorial, logged_on, category_code,
                       subcategory_code, sum(allegations), sum(cases))
           from stat_category group by force_id, territorial, logged_on, category_code, subcategory_code
          having sum(allegations) <> 0 or sum(cases) <> 0",
        "select format('category finalised %s %s %s %s %s %s: %s', force_id, territorial, finalised_on,
                       category_code, subcategory_code, investigated, sum(allegations))
           from stat_category_finalised
          group by force_id, territorial, finalised_on, category_code, subcategory_code, investigated
          having sum(allegations) <> 0",
        "select format('allegation finalised %s %s %s %s %s %s %s: %s', force_id, territorial, finalised_on,
                       schedule3, handling_type, special_procedures, outcome, sum(allegations))
           from stat_allegation_finalised
          group by force_id, territorial, finalised_on, schedule3, handling_type, special_procedures, outcome
          having sum(allegations) <> 0",
    ];
    let mut rows = Vec::new();
    for q in queries {
        let part: Vec<String> = sqlx::query_scalar(q)
            .fetch_all(&mut *conn)
            .await
            .expect("a ledger");
        rows.extend(part);
    }
    rows.sort();
    rows
}

async fn rebuild(conn: &mut sqlx::PgConnection) {
    sqlx::query("select statistics_rebuild()")
        .execute(&mut *conn)
        .await
        .expect("rebuild");
}

async fn compact(pool: &PgPool) {
    oversight::db::statistics::compact(pool)
        .await
        .expect("compact");
}

fn d(iso: &str) -> NaiveDate {
    ymd(iso)
}

#[tokio::test]
async fn working_day_ordinals_count_the_calendars_working_days_for_every_day_of_a_century() {
    let db = TestDb::new().await;
    // Investigations of some finalised complaints, suspended as investigations are: one
    // suspension ended, and a re-investigation's open one overlapping it, which runs to
    // finalisation and counts once.
    for sql in [
        "insert into investigation (case_id, mode, started_on, report_submitted_on)
         select case_id, 'local', received_on + 2, null from case_record
          where kind = 'complaint' and finalised_on > received_on + 30 and case_id::text < '8'",
        "insert into investigation_suspension (investigation_id, started_on, ended_on, reason)
         select investigation_id, started_on + 3, started_on + 17, 'Sub judice' from investigation i
          where exists (select 1 from case_record c where c.case_id = i.case_id and c.finalised_on is not null)
            and not exists (select 1 from investigation_suspension s where s.investigation_id = i.investigation_id)",
        "insert into investigation (case_id, mode, started_on, reinvestigation_of)
         select case_id, 'local', started_on + 5, investigation_id from investigation i
          where exists (select 1 from case_record c where c.case_id = i.case_id and c.finalised_on is not null)
            and i.case_id::text < '4'",
        "insert into investigation_suspension (investigation_id, started_on, ended_on, reason)
         select investigation_id, started_on + 7, null, 'Sub judice again' from investigation
          where reinvestigation_of is not null",
    ] {
        sqlx::query(sql).execute(&db.pool).await.expect(sql);
    }
    let calendar = oversight::db::calendar::load(&db.pool)
        .await
        .expect("calendar");
    let days: Vec<(NaiveDate, i32)> = sqlx::query_as(
        "select day, ordinal from working_day where day between '1999-12-31' and '2100-12-31' order by day",
    )
    .fetch_all(&db.pool)
    .await
    .expect("ordinals");
    assert_eq!(
        days.len(),
        36_891,
        "every day of 2000 to 2100 and the day before"
    );
    for pair in days.windows(2) {
        let ((_, before), (day, ordinal)) = (pair[0], pair[1]);
        assert_eq!(
            ordinal - before,
            i32::from(calendar.is_working_day(day)),
            "{day}"
        );
    }
    // And the spans the return counts, across a weekend, Christmas and Easter.
    for (from, to) in [
        ("2024-03-27", "2024-04-03"),
        ("2024-12-20", "2025-01-06"),
        ("2022-05-27", "2022-06-07"),
        ("2030-01-01", "2029-12-01"),
    ] {
        let spent: i32 = sqlx::query_scalar("select working_days_spent($1, $2)")
            .bind(d(from))
            .bind(d(to))
            .fetch_one(&db.pool)
            .await
            .expect("span");
        assert_eq!(
            i64::from(spent),
            working_days(&calendar, d(from), d(to)),
            "{from} to {to}"
        );
    }
}

/// Changes of every kind a fact reads, made as steps make them, on generated cases.
async fn change_some_cases(pool: &PgPool) {
    for sql in [
        // A first contact earlier than any logged so far, on a tenth of the complaints.
        "insert into contact_log_entry (case_id, contacted_on, method, summary, created_by)
         select c.case_id, c.logged_on, 'telephone', 'Spoke to the complainant',
                (select staff_user_id from staff_user limit 1)
           from case_record c where c.kind = 'complaint' and c.logged_on is not null
            and c.case_id::text like '1%'",
        // An allegation more on some, an allegation fewer on others.
        "insert into allegation (case_id, category_code, description)
         select c.case_id, 'discreditable-conduct', 'A further allegation'
           from case_record c where c.kind = 'complaint' and c.case_id::text like '2%'",
        "delete from allegation a
          where a.case_id::text like '3%'
            and not exists (select 1 from allegation_subject x where x.allegation_id = a.allegation_id)
            and not exists (select 1 from proceedings_allegation_finding p where p.allegation_id = a.allegation_id)
            and a.allegation_id = (select max(b.allegation_id::text)::uuid from allegation b where b.case_id = a.case_id)",
        // A recording, and special procedures for some subjects.
        "update case_record set schedule3 = true, recording_reason = 'complainant_wishes', recorded_on = logged_on
          where kind = 'complaint' and schedule3 is null and logged_on is not null and case_id::text like '4%'",
        "update case_subject set special_procedures = true
          where case_id::text like '5%' and subject_id is not null
            and exists (select 1 from case_record c where c.case_id = case_subject.case_id and c.kind = 'complaint')",
        // A suspension ended later.
        "update investigation_suspension set ended_on = ended_on + 3
          where ended_on is not null and investigation_suspension_id::text like '6%'",
        // A handler given to some open cases, and an investigator to some investigations.
        "update case_record set assigned_to = (select staff_user_id from staff_user limit 1)
          where assigned_to is null and case_id::text like '7%'",
        "update investigation set investigator_name = 'DS Dee Tective'
          where report_submitted_on is null and investigation_id::text like '8%'",
    ] {
        sqlx::query(sql).execute(pool).await.expect(sql);
    }
}

#[tokio::test]
async fn the_facts_each_change_posts_add_up_to_the_facts_rebuilt_from_the_cases() {
    let db = TestDb::new().await;
    oversight::demo::generate::generate(&db.pool, 800, 11)
        .await
        .expect("generate");
    change_some_cases(&db.pool).await;
    let mut owner = db.owner_connection().await;
    let kept = ledgers(&mut owner).await;
    assert!(
        kept.iter().filter(|r| r.starts_with("finalised")).count() > 50,
        "the generated cases are finalised on many days"
    );
    compact(&db.pool).await;
    assert_eq!(ledgers(&mut owner).await, kept, "compaction changes no sum");
    let uncompacted: i64 = sqlx::query_scalar(
        "select (select count(*) from stat_logged where not compacted)
              + (select count(*) from stat_category where not compacted)",
    )
    .fetch_one(&mut owner)
    .await
    .expect("count");
    assert_eq!(uncompacted, 0);
    let duplicates: i64 = sqlx::query_scalar(
        "select count(*) from (select 1 from stat_category
                                group by force_id, territorial, logged_on, category_code, subcategory_code
                               having count(*) > 1) k",
    )
    .fetch_one(&mut owner)
    .await
    .expect("count");
    assert_eq!(duplicates, 0, "one row per key once compacted");

    rebuild(&mut owner).await;
    assert_eq!(ledgers(&mut owner).await, kept);

    // The timeliness rows too are those their definitions give.
    let differing: i64 = sqlx::query_scalar(
        "select count(*) from ((select * from case_timeliness except select * from case_timeliness_source)
                               union all
                               (select * from case_timeliness_source except select * from case_timeliness)) d",
    )
    .fetch_one(&mut owner)
    .await
    .expect("count");
    assert_eq!(differing, 0);
    let open: i64 = sqlx::query_scalar("select count(*) from case_timeliness")
        .fetch_one(&mut owner)
        .await
        .expect("count");
    assert!(open > 100, "{open} open cases");
}

#[tokio::test]
async fn each_complaints_working_days_are_those_of_the_rules_in_rust() {
    let db = TestDb::new().await;
    oversight::demo::generate::generate(&db.pool, 2_000, 12)
        .await
        .expect("generate");
    // Investigations of some finalised complaints, suspended as investigations are: one
    // suspension ended, and a re-investigation's open one overlapping it, which runs to
    // finalisation and counts once.
    for sql in [
        "insert into investigation (case_id, mode, started_on, report_submitted_on)
         select case_id, 'local', received_on + 2, null from case_record
          where kind = 'complaint' and finalised_on > received_on + 30 and case_id::text < '8'",
        "insert into investigation_suspension (investigation_id, started_on, ended_on, reason)
         select investigation_id, started_on + 3, started_on + 17, 'Sub judice' from investigation i
          where exists (select 1 from case_record c where c.case_id = i.case_id and c.finalised_on is not null)
            and not exists (select 1 from investigation_suspension s where s.investigation_id = i.investigation_id)",
        "insert into investigation (case_id, mode, started_on, reinvestigation_of)
         select case_id, 'local', started_on + 5, investigation_id from investigation i
          where exists (select 1 from case_record c where c.case_id = i.case_id and c.finalised_on is not null)
            and i.case_id::text < '4'",
        "insert into investigation_suspension (investigation_id, started_on, ended_on, reason)
         select investigation_id, started_on + 7, null, 'Sub judice again' from investigation
          where reinvestigation_of is not null",
    ] {
        sqlx::query(sql).execute(&db.pool).await.expect(sql);
    }
    let calendar = oversight::db::calendar::load(&db.pool)
        .await
        .expect("calendar");
    type Row = (
        Uuid,
        NaiveDate,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Vec<NaiveDate>,
        Vec<Option<NaiveDate>>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select c.case_id, c.received_on, c.logged_on, c.finalised_on,
                (select min(e.contacted_on) from contact_log_entry e where e.case_id = c.case_id),
                array(select s.started_on from investigation_suspension s join investigation i using (investigation_id)
                       where i.case_id = c.case_id order by s.started_on),
                array(select s.ended_on from investigation_suspension s join investigation i using (investigation_id)
                       where i.case_id = c.case_id order by s.started_on),
                f.receipt_days, f.contact_days, f.finalise_days, f.finalise_days_excluding
           from case_record c join case_statistic f using (case_id)",
    )
    .fetch_all(&mut db.owner_connection().await)
    .await
    .expect("facts");
    let suspended = rows
        .iter()
        .filter(|r| !r.5.is_empty() && r.3.is_some())
        .count();
    assert!(
        suspended > 0,
        "some finalised complaints were suspended ({suspended})"
    );
    for (
        id,
        received,
        logged,
        finalised,
        contact,
        starts,
        ends,
        receipt,
        contacted,
        days,
        excluding,
    ) in rows
    {
        let want = |x: Option<i64>| x.map(|v| i32::try_from(v).expect("small"));
        assert_eq!(
            receipt,
            want(logged.map(|l| working_days(&calendar, received, l))),
            "{id}"
        );
        assert_eq!(
            contacted,
            want(
                logged
                    .zip(contact)
                    .map(|(l, c)| working_days(&calendar, l, c))
            ),
            "{id}"
        );
        let spans: Vec<(NaiveDate, Option<NaiveDate>)> = starts.into_iter().zip(ends).collect();
        let rule = finalised.map(|f| days_to_finalise(&calendar, received, f, &spans));
        assert_eq!(days, want(rule.map(|r| r.0)), "{id}");
        assert_eq!(excluding, want(rule.map(|r| r.1)), "{id}");
    }
}

/// Logs a complaint of `force` received and logged `on` (a Monday) with allegations in the
/// categories given, in that order, in the caller's transaction.
async fn log_complaint(
    conn: &mut sqlx::PgConnection,
    force: Uuid,
    on: NaiveDate,
    categories: &[&str],
) -> Uuid {
    let case_id: Uuid = sqlx::query_scalar(
        "insert into case_record (kind, force_id, received_on, logged_on, stage, summary)
         values ('complaint', $1, $2, $3, 'logged', 'Logged at the same moment as fifteen others')
         returning case_id",
    )
    .bind(force)
    .bind(on)
    .bind(on + Days::new(2))
    .fetch_one(&mut *conn)
    .await
    .expect("a complaint");
    for category in categories {
        sqlx::query(
            "insert into allegation (case_id, category_code, description) values ($1, $2, 'An allegation')",
        )
        .bind(case_id)
        .bind(category)
        .execute(&mut *conn)
        .await
        .expect("an allegation");
    }
    case_id
}

#[tokio::test]
async fn sixteen_connections_logging_at_once_neither_wait_for_each_other_nor_lose_a_count() {
    let db = TestDb::new().await;
    let met = force_id(&db.pool, "met").await;
    let pool = oversight::db::pool(db.options.clone(), 20)
        .await
        .expect("pool");
    let monday = d("2025-06-02");
    // Each holds its transaction open, with its first allegation posted, until all sixteen
    // have theirs; then each adds the other category: half in one order, half in the other,
    // as two steps taking two counts in opposite orders would.
    let barrier = Arc::new(tokio::sync::Barrier::new(16));
    let mut tasks = Vec::new();
    for i in 0..16 {
        let pool = pool.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = pool.begin().await.expect("begin");
            let (first, second) = if i % 2 == 0 {
                ("delivery-of-duties-and-service", "individual-behaviours")
            } else {
                ("individual-behaviours", "delivery-of-duties-and-service")
            };
            let case_id = log_complaint(&mut tx, met, monday, &[first]).await;
            barrier.wait().await;
            sqlx::query(
                "insert into allegation (case_id, category_code, description) values ($1, $2, 'Another')",
            )
            .bind(case_id)
            .bind(second)
            .execute(&mut *tx)
            .await
            .expect("the second allegation");
            tx.commit().await.expect("commit");
        }));
    }
    // A compaction runs on its own connection meanwhile, as the service's would.
    let compacting = {
        let pool = pool.clone();
        tokio::spawn(async move {
            for _ in 0..5 {
                compact(&pool).await;
            }
        })
    };
    let all = async {
        for t in tasks {
            t.await.expect("a step");
        }
        compacting.await.expect("compaction");
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), all)
        .await
        .expect("no step waits for another");

    let logged: (i64, i64, i64) = sqlx::query_as(
        "select sum(cases)::bigint, sum(allegations)::bigint, sum(receipt_days)::bigint
           from stat_logged where force_id = $1 and logged_on = $2",
    )
    .bind(met)
    .bind(monday + Days::new(2))
    .fetch_one(&db.pool)
    .await
    .expect("sums");
    assert_eq!(
        logged,
        (16, 32, 32),
        "16 cases, 32 allegations, 2 working days each"
    );
    let national: i64 = sqlx::query_scalar(
        "select sum(allegations)::bigint from stat_category
          where force_id is null and logged_on = $1 and category_code = 'individual-behaviours'",
    )
    .bind(monday + Days::new(2))
    .fetch_one(&db.pool)
    .await
    .expect("sum");
    assert_eq!(national, 16);

    let mut owner = db.owner_connection().await;
    let kept = ledgers(&mut owner).await;
    rebuild(&mut owner).await;
    assert_eq!(ledgers(&mut owner).await, kept);
}

#[tokio::test]
async fn a_new_bank_holiday_is_left_out_of_the_working_days_of_the_cases_it_falls_in() {
    let db = TestDb::new().await;
    let met = force_id(&db.pool, "met").await;
    let monday = d("2031-03-03");
    let mut conn = db.pool.acquire().await.expect("connection");
    let case_id = log_complaint(&mut conn, met, monday, &["individual-behaviours"]).await;
    let mut owner = db.owner_connection().await;
    let before: Option<i32> =
        sqlx::query_scalar("select receipt_days from case_statistic where case_id = $1")
            .bind(case_id)
            .fetch_one(&mut owner)
            .await
            .expect("facts");
    assert_eq!(before, Some(2), "Tuesday and Wednesday");
    sqlx::query("insert into bank_holiday (holiday_on, name) values ('2031-03-04', 'A day declared a holiday')")
        .execute(&mut owner)
        .await
        .expect("a bank holiday");
    let after: Option<i32> =
        sqlx::query_scalar("select receipt_days from case_statistic where case_id = $1")
            .bind(case_id)
            .fetch_one(&mut owner)
            .await
            .expect("facts");
    assert_eq!(after, Some(1));
    let ledger: i64 = sqlx::query_scalar(
        "select sum(receipt_days)::bigint from stat_logged where force_id = $1 and logged_on = '2031-03-05'",
    )
    .bind(met)
    .fetch_one(&mut owner)
    .await
    .expect("sum");
    assert_eq!(ledger, 1);
}

#[tokio::test]
async fn a_forces_scope_reads_its_own_ledger_rows_and_never_england_and_waless() {
    let db = TestDb::new().await;
    let met = force_id(&db.pool, "met").await;
    let cumbria = force_id(&db.pool, "cumbria").await;
    let day = d("2025-09-01");
    let mut conn = db.pool.acquire().await.expect("connection");
    log_complaint(&mut conn, met, day, &["individual-behaviours"]).await;
    log_complaint(&mut conn, cumbria, day, &["individual-behaviours"]).await;
    drop(conn);
    let seen = |scope: CaseScope| {
        let pool = db.pool.clone();
        async move {
            let mut tx = oversight::db::list_transaction(&pool, scope)
                .await
                .expect("scoped");
            let forces: Vec<Option<Uuid>> = sqlx::query_scalar(
                "select distinct force_id from stat_logged
                  union select distinct force_id from stat_category
                  order by 1 nulls first",
            )
            .fetch_all(&mut *tx)
            .await
            .expect("rows");
            forces
        }
    };
    assert_eq!(seen(CaseScope::Force(met)).await, vec![Some(met)]);
    assert_eq!(seen(CaseScope::Nothing).await, Vec::<Option<Uuid>>::new());
    let all = seen(CaseScope::All).await;
    assert!(all.contains(&None) && all.contains(&Some(met)) && all.contains(&Some(cumbria)));

    // And only the database writes them.
    for sql in [
        "insert into stat_logged (force_id, territorial, logged_on, schedule3, cases, allegations,
                                  receipt_days, contacted, contact_days)
         values (null, true, '2025-09-03', false, 1000, 0, 0, 0, 0)",
        "update case_statistic set allegations = 99",
        "select statistics_rebuild()",
    ] {
        let error = sqlx::query(sql)
            .execute(&db.pool)
            .await
            .expect_err("refused to the application");
        assert!(
            error.to_string().contains("permission denied"),
            "{sql}: {error}"
        );
    }
}
