//! The complaints statistics return (`/statistics`), driven as a browser does: a fixture of
//! twenty cases of Cumbria Constabulary (and one each of another force and other kinds) with
//! exact dates across the quarters of 2024/25 and 2023/24, whose return is worked out by hand
//! below; the properties every return has; who may see which force's; and the answers to bad
//! input.
//!
//! Working days are those of England and Wales: 2024's bank holidays on 1 April (Easter
//! Monday), 6 and 27 May, 26 August, 25 and 26 December; 2025's on 1 January; 2023's Good
//! Friday 7 April and Easter Monday 10 April.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{Html, TestApp, date, fields, force_id, ymd};

const CUMBRIA_PSD: &str = "psd@cumbria.example";
const CASEWORKER: &str = "caseworker@iopc.example";
const ADMIN: &str = "admin@iopc.example";
const MET_PSD: &str = "psd@met.example";
const MOPAC: &str = "reviews@mopac.example";

const DUTIES: &str = "delivery-of-duties-and-service";
const POWERS: &str = "police-powers-policies-and-procedures";
const BEHAVIOURS: &str = "individual-behaviours";
const FORCE: &str = "police-powers-policies-and-procedures/use-of-force";

/// A complaint as the fixture writes it.
struct Complaint {
    force: &'static str,
    kind: &'static str,
    received: &'static str,
    logged: &'static str,
    /// `Some(reason)`: recorded under Schedule 3 the day it was logged, for that reason.
    recorded: Option<&'static str>,
    /// `Some(false)`: handled outside Schedule 3.
    schedule3: Option<bool>,
    stage: &'static str,
    notified: Option<&'static str>,
    closed: Option<&'static str>,
    /// The day of its last step (a withdrawal's date).
    last_step: Option<&'static str>,
    mode: Option<&'static str>,
    /// (category, handling, outcome) of each allegation.
    allegations: Vec<(&'static str, Option<&'static str>, Option<&'static str>)>,
}

impl Complaint {
    fn new(received: &'static str, logged: &'static str) -> Self {
        Complaint {
            force: "cumbria",
            kind: "complaint",
            received,
            logged,
            recorded: None,
            schedule3: None,
            stage: "logged",
            notified: None,
            closed: None,
            last_step: None,
            mode: None,
            allegations: Vec::new(),
        }
    }

    fn recorded(mut self, reason: &'static str) -> Self {
        self.recorded = Some(reason);
        self.schedule3 = Some(true);
        self
    }

    fn outside(mut self, closed: &'static str) -> Self {
        self.schedule3 = Some(false);
        self.stage = "closed";
        self.closed = Some(closed);
        self
    }

    fn notified(mut self, on: &'static str) -> Self {
        self.stage = "outcome_notified";
        self.notified = Some(on);
        self
    }

    fn withdrawn(mut self, on: &'static str) -> Self {
        self.stage = "withdrawn";
        self.last_step = Some(on);
        self
    }

    fn investigating(mut self, mode: &'static str) -> Self {
        self.stage = "under_investigation";
        self.mode = Some(mode);
        self
    }

    fn allegation(
        mut self,
        category: &'static str,
        handling: Option<&'static str>,
        outcome: Option<&'static str>,
    ) -> Self {
        self.allegations.push((category, handling, outcome));
        self
    }

    async fn insert(&self, pool: &PgPool) -> (Uuid, Vec<Uuid>) {
        let case_id: Uuid = sqlx::query_scalar(
            "insert into case_record (kind, force_id, received_on, logged_on, recorded_on, schedule3,
                                      recording_reason, stage, summary, investigation_mode,
                                      outcome_notified_on, closed_on, last_step_on, dsi_kind, dsi_context)
             select $1::case_kind, police_force_id, $3, $4, case when $5::text is not null then $4 end,
                    $6, $5::recording_reason, $7::case_stage, 'A complaint of the statistics fixture',
                    $8::investigation_mode, $9, $10, $11,
                    case when $1 = 'dsi_matter' then 'death' end, case when $1 = 'dsi_matter' then 'custody' end
               from police_force where code = $2
             returning case_id",
        )
        .bind(self.kind)
        .bind(self.force)
        .bind(ymd(self.received))
        .bind(ymd(self.logged))
        .bind(self.recorded)
        .bind(self.schedule3)
        .bind(self.stage)
        .bind(self.mode)
        .bind(self.notified.map(ymd))
        .bind(self.closed.map(ymd))
        .bind(self.last_step.map(ymd))
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("case received {}: {e}", self.received));
        let mut ids = Vec::new();
        for (i, (category, handling, outcome)) in self.allegations.iter().enumerate() {
            let id: Uuid = sqlx::query_scalar(
                "insert into allegation (case_id, category_code, subcategory_code, description,
                                         handling_type, outcome)
                 values ($1, $2, $3, $4, $5::handling_type, $6::allegation_outcome) returning allegation_id",
            )
            .bind(case_id)
            // "category/sub-category", or a category alone.
            .bind(category.split('/').next())
            .bind(category.split_once('/').map(|(_, sub)| sub))
            .bind(format!("Allegation {}", i + 1))
            .bind(handling)
            .bind(outcome)
            .fetch_one(pool)
            .await
            .expect("allegation");
            ids.push(id);
        }
        (case_id, ids)
    }
}

async fn investigation(
    pool: &PgPool,
    case_id: Uuid,
    mode: &str,
    started: &str,
    suspended: Option<(&str, &str)>,
) {
    let id: Uuid = sqlx::query_scalar(
        "insert into investigation (case_id, mode, started_on) values ($1, $2::investigation_mode, $3)
         returning investigation_id",
    )
    .bind(case_id)
    .bind(mode)
    .bind(ymd(started))
    .fetch_one(pool)
    .await
    .expect("investigation");
    if let Some((from, to)) = suspended {
        sqlx::query(
            "insert into investigation_suspension (investigation_id, started_on, ended_on, reason)
             values ($1, $2, $3, 'Criminal proceedings')",
        )
        .bind(id)
        .bind(ymd(from))
        .bind(ymd(to))
        .execute(pool)
        .await
        .expect("suspension");
    }
}

/// An officer subject to the special procedures, against one allegation.
async fn special_procedures(pool: &PgPool, case_id: Uuid, allegation: Uuid) {
    let subject: Uuid = sqlx::query_scalar(
        "insert into subject (kind, name, force_id)
         select 'police_officer', 'Officer A', force_id from case_record where case_id = $1
         returning subject_id",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .expect("subject");
    let case_subject: Uuid = sqlx::query_scalar(
        "insert into case_subject (case_id, subject_id, special_procedures) values ($1, $2, true)
         returning case_subject_id",
    )
    .bind(case_id)
    .bind(subject)
    .fetch_one(pool)
    .await
    .expect("case subject");
    sqlx::query(
        "insert into allegation_subject (allegation_id, case_subject_id, case_id) values ($1, $2, $3)",
    )
    .bind(allegation)
    .bind(case_subject)
    .bind(case_id)
    .execute(pool)
    .await
    .expect("allegation subject");
}

async fn contact(pool: &PgPool, case_id: Uuid, on: &str) {
    sqlx::query(
        "insert into contact_log_entry (case_id, contacted_on, method, summary, created_by)
         select $1, $2, 'telephone', 'Spoke to the complainant about how to handle it', staff_user_id
           from staff_user where email = $3",
    )
    .bind(case_id)
    .bind(ymd(on))
    .bind(CUMBRIA_PSD)
    .execute(pool)
    .await
    .expect("contact");
}

/// A review: `decided` with `Some(upheld)`, or `None` for an invalid application.
async fn review(
    pool: &PgPool,
    case_id: Uuid,
    body: &str,
    applied: &str,
    decided: Option<(&str, bool)>,
) {
    let (stage, valid, decided_on) = match decided {
        Some((on, true)) => ("upheld", true, Some(ymd(on))),
        Some((on, false)) => ("not_upheld", true, Some(ymd(on))),
        None => ("invalid", false, None),
    };
    sqlx::query(
        "insert into review (case_id, review_body, local_policing_body_id, applied_on, stage, valid,
                             validity_decided_on, decided_on)
         select $1, $2::review_body,
                case when $2 = 'local_policing_body' then f.local_policing_body_id end,
                $3, $4::review_stage, $5, $3 + 1, $6
           from case_record c join police_force f on f.police_force_id = c.force_id
          where c.case_id = $1",
    )
    .bind(case_id)
    .bind(body)
    .bind(ymd(applied))
    .bind(stage)
    .bind(valid)
    .bind(decided_on)
    .execute(pool)
    .await
    .expect("review");
}

/// A PSD account for Cumbria, signed in like the demo accounts.
async fn cumbria_account(pool: &PgPool) {
    sqlx::query(
        "insert into staff_user (email, display_name, role, password_hash, force_id, second_factor_exempt)
         select $1, 'Cumbria PSD', 'force_psd', u.password_hash, f.police_force_id, true
           from staff_user u, police_force f where u.email = $2 and f.code = 'cumbria'",
    )
    .bind(CUMBRIA_PSD)
    .bind(MET_PSD)
    .execute(pool)
    .await
    .expect("the Cumbria account");
}

/// A browser signed in as `email`.
async fn browser(app: &TestApp, email: &str) -> TestApp {
    let b = app.another_browser();
    b.sign_in(email).await;
    b
}

/// Takes a case step through the case page as `email`, dated `on`.
async fn step(
    b: &TestApp,
    email: &str,
    case_id: Uuid,
    action: &str,
    on: &str,
    extra: &[(&str, &str)],
) {
    let version: i32 = sqlx::query_scalar("select version from case_record where case_id = $1")
        .bind(case_id)
        .fetch_one(&b.db.pool)
        .await
        .expect("version");
    let version = version.to_string();
    let mut form = fields(&[("version", &version), ("action", action)]);
    form.extend(fields(extra));
    form.extend(date("on", on));
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = b
        .post_form_as(email, &format!("/cases/{case_id}/actions"), &borrowed)
        .await;
    assert_eq!(
        res.status(),
        303,
        "{action}: {}",
        res.text().await.unwrap_or_default()
    );
}

/// Builds the fixture: the cases below, each with the figures it adds to the return.
async fn fixture(app: &TestApp) {
    let pool = &app.db.pool;
    let cumbria = force_id(pool, "cumbria").await;
    let before: i64 = sqlx::query_scalar("select count(*) from case_record where force_id = $1")
        .bind(cumbria)
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(before, 0, "the demo data has no Cumbria case");
    cumbria_account(pool).await;
    let otherwise = Some("otherwise_than_by_investigation");
    let outside = Some("outside_schedule3");

    // --- 2024/25 Q1 (April to June 2024) ---
    // C1: received Tue 2 Apr, logged Thu 4 Apr (2 WD); first contact Mon 8 Apr (2 WD), again
    // 15 Apr; the complainant wishes it recorded; handled otherwise; told Fri 28 Jun: 61 WD.
    let (c1, _) = Complaint::new("2024-04-02", "2024-04-04")
        .recorded("complainant_wishes")
        .notified("2024-06-28")
        .allegation(DUTIES, otherwise, Some("service_acceptable"))
        .allegation(FORCE, otherwise, Some("service_acceptable"))
        .insert(pool)
        .await;
    contact(pool, c1, "2024-04-08").await;
    contact(pool, c1, "2024-04-15").await;
    // C2: received and logged Mon 13 May (0 WD); contact Tue 14 May (1 WD); outside Schedule 3,
    // closed Fri 24 May: 9 WD.
    let (c2, _) = Complaint::new("2024-05-13", "2024-05-13")
        .outside("2024-05-24")
        .allegation(DUTIES, outside, None)
        .insert(pool)
        .await;
    contact(pool, c2, "2024-05-14").await;
    // C3: received Mon 3 Jun, logged Wed 5 Jun (2 WD); the AA decides to record it; a local
    // investigation with an officer under the special procedures, suspended 1 to 31 July
    // (22 WD); told Mon 2 Dec: 129 WD, 107 excluding the suspension.
    let (c3, c3_allegations) = Complaint::new("2024-06-03", "2024-06-05")
        .recorded("appropriate_authority_decides")
        .notified("2024-12-02")
        .allegation(
            BEHAVIOURS,
            Some("local_investigation"),
            Some("service_not_acceptable"),
        )
        .insert(pool)
        .await;
    investigation(
        pool,
        c3,
        "local",
        "2024-06-10",
        Some(("2024-07-01", "2024-07-31")),
    )
    .await;
    special_procedures(pool, c3, c3_allegations[0]).await;
    // C14: received Mon 22 Apr, logged Wed 24 Apr (2 WD); outside Schedule 3, closed Mon 29 Apr:
    // 5 WD.
    Complaint::new("2024-04-22", "2024-04-24")
        .outside("2024-04-29")
        .allegation(DUTIES, outside, None)
        .insert(pool)
        .await;

    // --- Q2 (July to September 2024) ---
    // C4: received Mon 1 Jul, logged Mon 8 Jul (5 WD); contacted before logging, Fri 5 Jul
    // (0 WD); recorded after dissatisfaction; handled otherwise; told Fri 27 Sep: 63 WD. An
    // LPB review applied Mon 7 Oct, upheld Fri 18 Oct (9 WD), not investigated.
    let (c4, _) = Complaint::new("2024-07-01", "2024-07-08")
        .recorded("dissatisfied_after_initial_handling")
        .notified("2024-09-27")
        .allegation(POWERS, otherwise, Some("could_not_determine"))
        .insert(pool)
        .await;
    contact(pool, c4, "2024-07-05").await;
    review(
        pool,
        c4,
        "local_policing_body",
        "2024-10-07",
        Some(("2024-10-18", true)),
    )
    .await;
    // C5: received Tue 6 Aug, logged Wed 7 Aug (1 WD); contact Mon 12 Aug (3 WD); the law
    // requires it recorded (counted as "AA decides"); a directed investigation, not finished.
    let (c5, _) = Complaint::new("2024-08-06", "2024-08-07")
        .recorded("must_be_recorded")
        .investigating("directed")
        .allegation(DUTIES, Some("directed_investigation"), None)
        .allegation(POWERS, Some("directed_investigation"), None)
        .allegation(POWERS, Some("directed_investigation"), None)
        .insert(pool)
        .await;
    contact(pool, c5, "2024-08-12").await;
    // C6: received and logged Mon 2 Sep (0 WD); withdrawn before any decision, Fri 13 Sep:
    // finalised outside Schedule 3 in 9 WD, no handling decided.
    Complaint::new("2024-09-02", "2024-09-02")
        .withdrawn("2024-09-13")
        .allegation(BEHAVIOURS, None, None)
        .insert(pool)
        .await;
    // C15: received Mon 16 Sep, logged Tue 17 Sep (1 WD); AA decides; a local investigation,
    // not finished.
    let (c15, _) = Complaint::new("2024-09-16", "2024-09-17")
        .recorded("appropriate_authority_decides")
        .investigating("local")
        .allegation(FORCE, Some("local_investigation"), None)
        .insert(pool)
        .await;
    investigation(pool, c15, "local", "2024-09-20", None).await;

    // --- Q3 (October to December 2024) ---
    // C7: received Tue 1 Oct, logged Thu 3 Oct (2 WD); complainant wishes; an independent
    // investigation started 14 Oct, suspended 1 to 29 Nov (20 WD); one of its two allegations
    // against an officer under the special procedures; told Fri 14 Mar 2025: 115 WD, 95
    // excluding the suspension. An IOPC review applied Mon 17 Mar, upheld Mon 31 Mar (10 WD),
    // investigated.
    let (c7, c7_allegations) = Complaint::new("2024-10-01", "2024-10-03")
        .recorded("complainant_wishes")
        .notified("2025-03-14")
        .allegation(
            FORCE,
            Some("independent_investigation"),
            Some("service_not_acceptable"),
        )
        .allegation(
            BEHAVIOURS,
            Some("independent_investigation"),
            Some("service_acceptable"),
        )
        .insert(pool)
        .await;
    investigation(
        pool,
        c7,
        "independent",
        "2024-10-14",
        Some(("2024-11-01", "2024-11-29")),
    )
    .await;
    special_procedures(pool, c7, c7_allegations[0]).await;
    review(pool, c7, "iopc", "2025-03-17", Some(("2025-03-31", true))).await;
    // C8: received Mon 9 Dec, logged Mon 16 Dec (5 WD); contact Tue 17 Dec (1 WD); outside
    // Schedule 3, closed Fri 20 Dec: 9 WD.
    let (c8, _) = Complaint::new("2024-12-09", "2024-12-16")
        .outside("2024-12-20")
        .allegation(DUTIES, outside, None)
        .insert(pool)
        .await;
    contact(pool, c8, "2024-12-17").await;
    // C16: received and logged Mon 4 Nov (0 WD); complainant wishes; handled otherwise, then
    // withdrawn Fri 15 Nov: finalised under Schedule 3 in 9 WD, with no outcome.
    Complaint::new("2024-11-04", "2024-11-04")
        .recorded("complainant_wishes")
        .withdrawn("2024-11-15")
        .allegation(DUTIES, otherwise, None)
        .insert(pool)
        .await;

    // --- Q4 (January to March 2025) ---
    // C10: received Mon 6 Jan, logged Tue 7 Jan (1 WD); contact Wed 8 Jan (1 WD);
    // complainant wishes; no further action, told Fri 31 Jan: 19 WD. An LPB review applied
    // Mon 3 Feb, not upheld Fri 28 Feb (19 WD), not investigated.
    let (c10, _) = Complaint::new("2025-01-06", "2025-01-07")
        .recorded("complainant_wishes")
        .notified("2025-01-31")
        .allegation(POWERS, Some("no_further_action"), Some("no_further_action"))
        .insert(pool)
        .await;
    contact(pool, c10, "2025-01-08").await;
    review(
        pool,
        c10,
        "local_policing_body",
        "2025-02-03",
        Some(("2025-02-28", false)),
    )
    .await;
    // C11: received and logged Mon 3 Mar (0 WD); contact Fri 7 Mar (4 WD); not yet decided.
    let (c11, _) = Complaint::new("2025-03-03", "2025-03-03")
        .allegation(DUTIES, None, None)
        .allegation(BEHAVIOURS, None, None)
        .insert(pool)
        .await;
    contact(pool, c11, "2025-03-07").await;
    // C12: an invalid review application of C1, to the LPB, Mon 8 Jul 2024: received in Q2,
    // never completed.
    review(pool, c1, "local_policing_body", "2024-07-08", None).await;
    // C18: received and logged Mon 10 Feb (0 WD); through the case page: handled outside
    // Schedule 3 on Wed 12 Feb and closed Fri 14 Feb: 4 WD.
    let (c18, _) = Complaint::new("2025-02-10", "2025-02-10")
        .allegation(DUTIES, None, None)
        .insert(pool)
        .await;
    let psd = browser(app, CUMBRIA_PSD).await;
    step(
        &psd,
        CUMBRIA_PSD,
        c18,
        "handle_outside_schedule3",
        "2025-02-12",
        &[("reason", "An explanation from the sergeant")],
    )
    .await;
    step(&psd, CUMBRIA_PSD, c18, "close", "2025-02-14", &[]).await;

    // --- Not counted in Cumbria's complaints ---
    // A Lancashire complaint with five allegations, logged and closed in Q1.
    let mut lancashire = Complaint::new("2024-04-10", "2024-04-10").outside("2024-04-19");
    lancashire.force = "lancashire";
    for _ in 0..5 {
        lancashire = lancashire.allegation(DUTIES, outside, None);
    }
    lancashire.insert(pool).await;
    // A Cumbria conduct matter and DSI matter logged in Q3.
    let mut conduct = Complaint::new("2024-10-01", "2024-10-01").allegation(DUTIES, None, None);
    conduct.kind = "conduct_matter";
    conduct.insert(pool).await;
    let mut dsi = Complaint::new("2024-11-05", "2024-11-05");
    dsi.kind = "dsi_matter";
    dsi.insert(pool).await;

    // --- 2023/24, the same period last year ---
    // P1: received Mon 3 Apr 2023, logged Tue 4 Apr (1 WD); outside Schedule 3, closed Fri
    // 14 Apr: 7 WD (Good Friday and Easter Monday fall between).
    Complaint::new("2023-04-03", "2023-04-04")
        .outside("2023-04-14")
        .allegation(DUTIES, outside, None)
        .insert(pool)
        .await;
    // P2: received Mon 15 Jan 2024, logged Wed 17 Jan (2 WD); contact Thu 18 Jan (1 WD);
    // complainant wishes; handled otherwise; told Fri 23 Feb: 29 WD.
    let (p2, _) = Complaint::new("2024-01-15", "2024-01-17")
        .recorded("complainant_wishes")
        .notified("2024-02-23")
        .allegation(DUTIES, otherwise, Some("service_acceptable"))
        .allegation(BEHAVIOURS, otherwise, Some("service_acceptable"))
        .insert(pool)
        .await;
    contact(pool, p2, "2024-01-18").await;
}

/// One line of a return's CSV: (table, measure, part of) and the four figures.
#[derive(Debug, Clone)]
struct Line {
    table: String,
    measure: String,
    parent: String,
    now: String,
    now_pct: String,
    before: String,
    before_pct: String,
    /// Each comparison's figure and percentage (IOPC staff viewing a force or a group).
    compared: Vec<(String, String)>,
}

/// A return as its CSV download gives it: its headings and lines.
struct Return(Vec<Line>, Vec<String>);

impl Return {
    async fn of(b: &TestApp, query: &str) -> Return {
        let res = b.get(&format!("/statistics.csv?{query}")).await;
        assert_eq!(res.status(), 200, "{query}");
        assert!(
            res.headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/csv")),
            "a CSV"
        );
        let body = res.text().await.expect("body");
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let headings = reader
            .headers()
            .expect("the headings")
            .iter()
            .map(str::to_owned)
            .collect();
        let lines = reader
            .records()
            .map(|r| {
                let r = r.expect("a CSV record");
                let cell = |i: usize| r.get(i).unwrap_or_default().to_owned();
                Line {
                    table: cell(0),
                    measure: cell(1),
                    parent: cell(2),
                    now: cell(3),
                    now_pct: cell(4),
                    before: cell(5),
                    before_pct: cell(6),
                    compared: (7..r.len())
                        .step_by(2)
                        .map(|i| (cell(i), cell(i + 1)))
                        .collect(),
                }
            })
            .collect();
        Return(lines, headings)
    }

    /// Each comparison's figure and percentage for `measure`.
    fn compared(&self, table: &str, parent: &str, measure: &str) -> Vec<(String, String)> {
        self.line(table, parent, measure).compared.clone()
    }

    /// The line of `measure` (under `parent`, or at the top level) in the table whose title
    /// starts with `table`.
    fn line(&self, table: &str, parent: &str, measure: &str) -> &Line {
        self.0
            .iter()
            .find(|l| l.table.starts_with(table) && l.parent == parent && l.measure == measure)
            .unwrap_or_else(|| panic!("no line {table} / {parent} / {measure}"))
    }

    /// This period's figure and percentage.
    fn now(&self, table: &str, parent: &str, measure: &str) -> (String, String) {
        let l = self.line(table, parent, measure);
        (l.now.clone(), l.now_pct.clone())
    }

    /// The same period last year's figure and percentage.
    fn before(&self, table: &str, parent: &str, measure: &str) -> (String, String) {
        let l = self.line(table, parent, measure);
        (l.before.clone(), l.before_pct.clone())
    }

    fn figure(&self, table: &str, parent: &str, measure: &str) -> String {
        self.now(table, parent, measure).0
    }

    /// Every (table, part of, measure, this period, last year), for comparing two returns.
    fn figures(&self) -> Vec<(String, String, String, String, String, String, String)> {
        self.0
            .iter()
            .map(|l| {
                (
                    l.table.clone(),
                    l.parent.clone(),
                    l.measure.clone(),
                    l.now.clone(),
                    l.now_pct.clone(),
                    l.before.clone(),
                    l.before_pct.clone(),
                )
            })
            .collect()
    }
}

fn n(s: &str) -> (String, String) {
    (s.to_owned(), String::new())
}

fn p(count: &str, pct: &str) -> (String, String) {
    (count.to_owned(), pct.to_owned())
}

fn quarter(year: i32, q: u32) -> String {
    format!("period=quarter&year={year}&quarter={q}")
}

const A11: &str = "A1.1";
const A12: &str = "A1.2";
const CAT: &str = "Allegations logged, by category";
const FIN: &str = "Complaint cases finalised";
const HAND: &str = "Allegations finalised, by handling";
const OUT: &str = "E1";
const REV: &str = "Reviews";
const LOGGED: &str = "Complaint cases logged";
const RECEIPT: &str = "Average working days from receipt to logging";
const CONTACT: &str = "Average working days from logging to first contact";
const OUTSIDE: &str = "Cases finalised outside Schedule 3";
const UNDER: &str = "Cases finalised under Schedule 3";

#[tokio::test]
async fn a_forces_return_is_the_one_worked_out_by_hand() {
    let app = TestApp::with_demo(0).await;
    fixture(&app).await;
    let psd = browser(&app, CUMBRIA_PSD).await;

    // The whole of 2024/25 (Q4), beside 2023/24.
    let year = Return::of(&psd, &quarter(2024, 4)).await;
    assert_eq!(year.now(A11, "", LOGGED), n("14"));
    assert_eq!(year.before(A11, "", LOGGED), n("2"));
    assert_eq!(year.now(A11, "", "Allegations logged"), n("19"));
    assert_eq!(year.before(A11, "", "Allegations logged"), n("3"));
    // 2+0+2+2+5+1+0+1+2+5+0+1+0+0 = 21 WD over 14 complaints; last year (1+2)/2.
    assert_eq!(year.now(A11, "", RECEIPT), n("1.5"));
    assert_eq!(year.before(A11, "", RECEIPT), n("1.5"));
    // 2+1+0+3+1+1+4 = 12 WD over the 7 complaints with a contact; last year 1 over 1.
    assert_eq!(year.now(A11, "", CONTACT), n("1.7"));
    assert_eq!(
        year.now(A11, CONTACT, "Complaints with a first contact logged"),
        n("7")
    );
    assert_eq!(year.before(A11, "", CONTACT), n("1.0"));
    assert_eq!(
        year.now(A11, "", "Allegations per 1,000 employees"),
        n("Headcount not entered")
    );

    // A1.2: 8 complaints logged in the year are recorded: AA decides C3, C5 (the law requires
    // it), C15; the complainant wishes C1, C7, C16, C10; dissatisfaction C4.
    assert_eq!(
        year.now(A12, "", "AA/body responsible decides"),
        p("3", "38")
    );
    assert_eq!(
        year.now(A12, "", "Complainant wishes the complaint be recorded"),
        p("4", "50")
    );
    assert_eq!(
        year.now(A12, "", "Dissatisfaction after initial handling"),
        p("1", "13")
    );
    assert_eq!(year.now(A12, "", "Cases recorded under Schedule 3"), n("8"));
    assert_eq!(
        year.before(A12, "", "Complainant wishes the complaint be recorded"),
        p("1", "100")
    );

    // Categories: duties 8, powers 7 (of which use of force 3), behaviours 4 of 19.
    assert_eq!(
        year.now(CAT, "", "Delivery of duties and service"),
        p("8", "42")
    );
    assert_eq!(
        year.now(CAT, "", "Police powers, policies and procedures"),
        p("7", "37")
    );
    assert_eq!(year.now(CAT, "", "Individual behaviours"), p("4", "21"));
    assert_eq!(
        year.now(
            CAT,
            "Police powers, policies and procedures",
            "Use of force"
        ),
        p("3", "16")
    );
    assert_eq!(year.now(CAT, "", "Sexual conduct"), p("0", "0"));
    assert_eq!(year.now(CAT, "", "All allegations logged"), n("19"));
    assert_eq!(
        year.before(CAT, "", "Delivery of duties and service"),
        p("2", "67")
    );

    // Finalisation: outside Schedule 3 C2 9, C14 5, C6 9, C8 9, C18 4 = 36 WD over 5; under
    // it C1 61, C4 63, C3 129 (107), C16 9, C7 115 (95), C10 19 = 396 (354) over 6.
    assert_eq!(year.now(FIN, "", OUTSIDE), n("5"));
    assert_eq!(
        year.now(
            FIN,
            OUTSIDE,
            "Average working days to finalise outside Schedule 3"
        ),
        n("7.2")
    );
    assert_eq!(year.now(FIN, "", UNDER), n("6"));
    assert_eq!(
        year.now(
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, including suspension"
        ),
        n("66.0")
    );
    assert_eq!(
        year.now(
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, excluding suspension"
        ),
        n("59.0")
    );
    assert_eq!(
        year.before(
            FIN,
            OUTSIDE,
            "Average working days to finalise outside Schedule 3"
        ),
        n("7.0")
    );
    assert_eq!(
        year.before(
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, including suspension"
        ),
        n("29.0")
    );

    // Handling of the 13 allegations finalised.
    assert_eq!(
        year.now(HAND, "", "Handled outside Schedule 3"),
        p("4", "31")
    );
    assert_eq!(
        year.now(HAND, "", "Handled otherwise than by investigation"),
        p("4", "31")
    );
    assert_eq!(year.now(HAND, "", "No further action"), p("1", "8"));
    assert_eq!(year.now(HAND, "", "Investigated"), p("3", "23"));
    assert_eq!(
        year.now(HAND, "Investigated", "Local investigation"),
        p("1", "8")
    );
    assert_eq!(
        year.now(
            HAND,
            "Local investigation",
            "Local investigation: subject to special procedures"
        ),
        p("1", "8")
    );
    assert_eq!(
        year.now(
            HAND,
            "Local investigation",
            "Local investigation: not subject to special procedures"
        ),
        p("0", "0")
    );
    assert_eq!(
        year.now(HAND, "Investigated", "Directed investigation"),
        p("0", "0")
    );
    assert_eq!(
        year.now(HAND, "Investigated", "Independent investigation"),
        p("2", "15")
    );
    assert_eq!(
        year.now(
            HAND,
            "Independent investigation",
            "Independent investigation: subject to special procedures"
        ),
        p("1", "8")
    );
    assert_eq!(
        year.now(
            HAND,
            "Independent investigation",
            "Independent investigation: not subject to special procedures"
        ),
        p("1", "8")
    );
    assert_eq!(
        year.now(HAND, "", "No handling decided before finalisation"),
        p("1", "8")
    );
    assert_eq!(year.now(HAND, "", "All allegations finalised"), n("13"));
    assert_eq!(
        year.before(HAND, "", "Handled outside Schedule 3"),
        p("1", "33")
    );

    // The same 13 by category: investigated, C3's and C7's behaviours and C7's use of force;
    // not investigated, duties C1, C2, C14, C8, C16, C18, powers C1 (use of force), C4, C10,
    // and C6's behaviours. Last year P1's and P2's duties and P2's behaviours, none
    // investigated.
    let inv = "Allegations finalised after investigation";
    let not_inv = "Allegations finalised without investigation";
    assert_eq!(year.now(inv, "", "Individual behaviours"), p("2", "67"));
    assert_eq!(
        year.now(inv, "", "Police powers, policies and procedures"),
        p("1", "33")
    );
    assert_eq!(
        year.now(
            inv,
            "Police powers, policies and procedures",
            "Use of force"
        ),
        p("1", "33")
    );
    assert_eq!(
        year.now(inv, "", "Delivery of duties and service"),
        p("0", "0")
    );
    assert_eq!(year.now(inv, "", "All allegations investigated"), n("3"));
    assert_eq!(year.before(inv, "", "All allegations investigated"), n("0"));
    assert_eq!(
        year.now(not_inv, "", "Delivery of duties and service"),
        p("6", "60")
    );
    assert_eq!(
        year.now(not_inv, "", "Police powers, policies and procedures"),
        p("3", "30")
    );
    assert_eq!(
        year.now(
            not_inv,
            "Police powers, policies and procedures",
            "Use of force"
        ),
        p("1", "10")
    );
    assert_eq!(year.now(not_inv, "", "Individual behaviours"), p("1", "10"));
    assert_eq!(
        year.now(not_inv, "", "All allegations not investigated"),
        n("10")
    );
    assert_eq!(
        year.before(not_inv, "", "Delivery of duties and service"),
        p("2", "67")
    );
    assert_eq!(
        year.before(not_inv, "", "Individual behaviours"),
        p("1", "33")
    );

    // Outcomes under Schedule 3: not investigated C1 x2, C4, C16, C10; investigated C3, C7 x2.
    let not_investigated = "Not investigated (E1.1)";
    let investigated = "Investigated (E1.2)";
    assert_eq!(year.now(OUT, "", not_investigated), n("5"));
    assert_eq!(
        year.now(OUT, not_investigated, "The service provided was acceptable"),
        p("2", "40")
    );
    assert_eq!(
        year.now(
            OUT,
            not_investigated,
            "It could not be determined whether the service was acceptable"
        ),
        p("1", "20")
    );
    assert_eq!(
        year.now(OUT, not_investigated, "No further action"),
        p("1", "20")
    );
    assert_eq!(
        year.now(
            OUT,
            not_investigated,
            "No outcome recorded (withdrawn before an outcome)"
        ),
        p("1", "20")
    );
    assert_eq!(year.now(OUT, "", investigated), n("3"));
    assert_eq!(
        year.now(OUT, investigated, "The service provided was not acceptable"),
        p("2", "67")
    );
    assert_eq!(
        year.now(OUT, investigated, "The service provided was acceptable"),
        p("1", "33")
    );
    assert_eq!(
        year.before(OUT, not_investigated, "The service provided was acceptable"),
        p("2", "100")
    );

    // Reviews: received C12 (invalid), C4's, C10's (LPB) and C7's (IOPC); completed C4's
    // (9 WD, upheld), C10's (19 WD) and C7's (10 WD, upheld).
    assert_eq!(year.now(REV, "", "Review applications received"), n("4"));
    assert_eq!(
        year.now(
            REV,
            "Review applications received",
            "Received by the local policing body"
        ),
        n("3")
    );
    assert_eq!(
        year.now(REV, "Review applications received", "Received by the IOPC"),
        n("1")
    );
    let all = "All valid reviews completed";
    assert_eq!(year.now(REV, "", all), n("3"));
    assert_eq!(
        year.now(REV, all, "Average working days to complete"),
        n("12.7")
    );
    assert_eq!(
        year.now(REV, all, "Outcome not reasonable and proportionate"),
        p("2", "67")
    );
    let lpb = "Local policing body, cases not investigated";
    assert_eq!(year.now(REV, "", lpb), n("2"));
    assert_eq!(
        year.now(REV, lpb, "Average working days to complete"),
        n("14.0")
    );
    assert_eq!(
        year.now(REV, lpb, "Outcome not reasonable and proportionate"),
        p("1", "50")
    );
    let lpb_investigated = "Local policing body, investigated cases";
    assert_eq!(year.now(REV, "", lpb_investigated), n("0"));
    assert_eq!(
        year.now(REV, lpb_investigated, "Average working days to complete"),
        n("No cases")
    );
    let iopc = "IOPC, investigated cases";
    assert_eq!(year.now(REV, "", iopc), n("1"));
    assert_eq!(
        year.now(REV, iopc, "Average working days to complete"),
        n("10.0")
    );
    assert_eq!(
        year.now(REV, iopc, "Outcome not reasonable and proportionate"),
        p("1", "100")
    );
    assert_eq!(year.before(REV, "", all), n("0"));

    // Q1 (April to June 2024): C1, C2, C3, C14 logged; C1, C2, C14 finalised.
    let q1 = Return::of(&psd, &quarter(2024, 1)).await;
    assert_eq!(q1.now(A11, "", LOGGED), n("4"));
    assert_eq!(q1.now(A11, "", "Allegations logged"), n("5"));
    assert_eq!(q1.now(A11, "", RECEIPT), n("1.5"));
    assert_eq!(q1.now(A11, "", CONTACT), n("1.5"));
    assert_eq!(q1.now(A12, "", "AA/body responsible decides"), p("1", "50"));
    assert_eq!(q1.now(FIN, "", OUTSIDE), n("2"));
    assert_eq!(
        q1.now(
            FIN,
            OUTSIDE,
            "Average working days to finalise outside Schedule 3"
        ),
        n("7.0")
    );
    assert_eq!(q1.now(FIN, "", UNDER), n("1"));
    // Last year's Q1 (April to June 2023): P1 only.
    assert_eq!(q1.before(A11, "", LOGGED), n("1"));
    assert_eq!(q1.before(FIN, "", OUTSIDE), n("1"));

    // Q2: 8 logged, 11 allegations, (6+5+1+0+1)/8 WD; finalised outside C2, C14, C6 (23/3),
    // under C1, C4 (124/2).
    let q2 = Return::of(&psd, &quarter(2024, 2)).await;
    assert_eq!(q2.now(A11, "", LOGGED), n("8"));
    assert_eq!(q2.now(A11, "", "Allegations logged"), n("11"));
    assert_eq!(q2.now(A11, "", RECEIPT), n("1.6"));
    assert_eq!(
        q2.now(
            FIN,
            OUTSIDE,
            "Average working days to finalise outside Schedule 3"
        ),
        n("7.7")
    );
    assert_eq!(
        q2.now(
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, excluding suspension"
        ),
        n("62.0")
    );
    assert_eq!(q2.now(REV, "", "Review applications received"), n("1"));
    assert_eq!(q2.now(REV, "", all), n("0"));

    // Q3: 11 logged, 15 allegations; under Schedule 3 C1, C4, C3, C16: 262 WD, 240 excluding
    // C3's suspension, over 4.
    let q3 = Return::of(&psd, &quarter(2024, 3)).await;
    assert_eq!(q3.now(A11, "", LOGGED), n("11"));
    assert_eq!(q3.now(A11, "", "Allegations logged"), n("15"));
    assert_eq!(q3.now(FIN, "", OUTSIDE), n("4"));
    assert_eq!(
        q3.now(
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, including suspension"
        ),
        n("65.5")
    );
    assert_eq!(
        q3.now(
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, excluding suspension"
        ),
        n("60.0")
    );
    assert_eq!(
        q3.now(REV, all, "Average working days to complete"),
        n("9.0")
    );

    // The page shows the same figures in its tables, beside the same period last year.
    let res = psd.get(&format!("/statistics?{}", quarter(2024, 4))).await;
    assert_eq!(res.status(), 200);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(page.heading().as_deref(), Some("Complaints statistics"));
    assert!(page.says("Cumbria Constabulary: 2024/25 Q4 (the whole year, April to March)"));
    assert!(
        page.says("1 April 2024 to 31 March 2025, compared with 1 April 2023 to 31 March 2024")
    );
    let labels = page.texts("#a1-1 tbody .app-measure");
    let cells = page.texts("#a1-1 tbody td");
    let at = labels
        .iter()
        .position(|l| l == LOGGED)
        .expect("the logging row");
    assert_eq!(cells[at * 2], "14");
    assert_eq!(cells[at * 2 + 1], "2");
    let labels = page.texts("#reviews tbody .app-measure");
    let cells = page.texts("#reviews tbody td");
    let at = labels
        .iter()
        .position(|l| l == "Outcome not reasonable and proportionate")
        .expect("the reviews row");
    assert_eq!(cells[at * 2], "2 (67%)");
    // Each definition is shown, unverified ones marked so.
    assert!(page.says("First contact is the earliest entry in the case's contact log"));
    assert!(page.texts(".govuk-tag").iter().any(|t| t == "Unverified"));
    // Each table has its own download.
    assert!(page.links_to(&format!("/statistics.csv?{}&table=a1-1", quarter(2024, 4))));

    // A headcount entered by an administrator gives the rate per 1,000: 19 allegations for
    // 2,000 employees in 2024/25 is 9.5; 2023/24 has none.
    let admin = browser(&app, ADMIN).await;
    let res = admin
        .post_form_as(
            ADMIN,
            "/statistics/headcount",
            &[
                ("force", "cumbria"),
                ("year", "2024"),
                ("headcount", "2,000"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let confirmed = Html::parse(&admin.follow(res).await.text().await.expect("body"));
    assert_eq!(
        confirmed.success_banner().as_deref(),
        Some("Success Headcount saved for Cumbria Constabulary, 2024/25")
    );
    assert!(
        confirmed
            .table_rows()
            .iter()
            .any(|r| r == &["Cumbria Constabulary", "2024/25", "2,000"])
    );
    let year = Return::of(&psd, &quarter(2024, 4)).await;
    assert_eq!(
        year.now(A11, "", "Allegations per 1,000 employees"),
        n("9.5")
    );
    assert_eq!(
        year.before(A11, "", "Allegations per 1,000 employees"),
        n("Headcount not entered")
    );
}

#[tokio::test]
async fn every_return_adds_up_grows_by_quarter_and_keeps_to_its_force() {
    let app = TestApp::with_demo(0).await;
    fixture(&app).await;
    let psd = browser(&app, CUMBRIA_PSD).await;
    let caseworker = browser(&app, CASEWORKER).await;

    let quarters = [
        Return::of(&psd, &quarter(2024, 1)).await,
        Return::of(&psd, &quarter(2024, 2)).await,
        Return::of(&psd, &quarter(2024, 3)).await,
        Return::of(&psd, &quarter(2024, 4)).await,
    ];
    let count = |r: &Return, table: &str, parent: &str, measure: &str| -> i64 {
        r.figure(table, parent, measure)
            .parse()
            .unwrap_or_else(|_| panic!("{measure} is a count"))
    };
    for r in &quarters {
        // The categories add up to the allegations logged.
        let categories: i64 =
            r.0.iter()
                .filter(|l| {
                    l.table.starts_with(CAT)
                        && l.parent.is_empty()
                        && l.measure != "All allegations logged"
                })
                .map(|l| l.now.parse::<i64>().expect("a count"))
                .sum();
        assert_eq!(categories, count(r, A11, "", "Allegations logged"));
        assert_eq!(categories, count(r, CAT, "", "All allegations logged"));
        // The allegations finalised, investigated and not, add up to those by handling.
        let investigated = count(
            r,
            "Allegations finalised after investigation",
            "",
            "All allegations investigated",
        );
        let not_investigated = count(
            r,
            "Allegations finalised without investigation",
            "",
            "All allegations not investigated",
        );
        assert_eq!(
            investigated + not_investigated,
            count(r, HAND, "", "All allegations finalised")
        );
        assert_eq!(investigated, count(r, HAND, "", "Investigated"));
    }
    // Each cumulative quarter counts at least what the one before did.
    let counted = [
        (A11, "", LOGGED),
        (A11, "", "Allegations logged"),
        (A12, "", "Cases recorded under Schedule 3"),
        (FIN, "", OUTSIDE),
        (FIN, "", UNDER),
        (HAND, "", "All allegations finalised"),
        (REV, "", "Review applications received"),
        (REV, "", "All valid reviews completed"),
    ];
    for pair in quarters.windows(2) {
        for (table, parent, measure) in counted {
            assert!(
                count(&pair[1], table, parent, measure) >= count(&pair[0], table, parent, measure),
                "{measure} shrank from one quarter to the next"
            );
        }
    }
    // Q4 is the whole financial year, as a range of dates gives it.
    let whole = Return::of(
        &psd,
        "period=range&from-day=1&from-month=4&from-year=2024&to-day=31&to-month=3&to-year=2025",
    )
    .await;
    let strip = |r: &Return| r.figures();
    assert_eq!(strip(&quarters[3]), strip(&whole));

    // IOPC staff asking for Cumbria get the force's own return; the Lancashire complaint and
    // the conduct and DSI matters are in no figure of it.
    let iopc_cumbria =
        Return::of(&caseworker, &format!("{}&force=cumbria", quarter(2024, 4))).await;
    assert_eq!(strip(&iopc_cumbria), strip(&quarters[3]));
    let lancashire = Return::of(
        &caseworker,
        &format!("{}&force=lancashire", quarter(2024, 1)),
    )
    .await;
    assert_eq!(lancashire.figure(A11, "", LOGGED), "1");
    assert_eq!(lancashire.figure(A11, "", "Allegations logged"), "5");
    // England and Wales counts both forces (and the demo's cases).
    let national = Return::of(&caseworker, &quarter(2024, 1)).await;
    assert!(count(&national, A11, "", LOGGED) >= 5);

    // A force user asking for another force's return is told it does not exist.
    let met = browser(&app, MET_PSD).await;
    let res = met
        .get(&format!("/statistics?{}&force=cumbria", quarter(2024, 4)))
        .await;
    assert_eq!(res.status(), 404);
    let res = met
        .get(&format!(
            "/statistics.csv?{}&force=cumbria",
            quarter(2024, 4)
        ))
        .await;
    assert_eq!(res.status(), 404);
    // The Met's own return has nothing of Cumbria's: it is the IOPC's view of the Met.
    let own = Return::of(&met, &quarter(2024, 4)).await;
    let iopc_met = Return::of(&caseworker, &format!("{}&force=met", quarter(2024, 4))).await;
    assert_eq!(strip(&own), strip(&iopc_met));

    // A review body sees the forces of its policing body (MOPAC: the Met), not Cumbria.
    let mopac = browser(&app, MOPAC).await;
    let theirs = Return::of(&mopac, &quarter(2024, 4)).await;
    assert_eq!(strip(&theirs), strip(&iopc_met));
    let res = mopac
        .get(&format!("/statistics?{}&force=cumbria", quarter(2024, 4)))
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn bad_periods_and_unknown_forces_are_answered_beside_the_field_with_the_input_kept() {
    let app = TestApp::with_demo(0).await;
    let caseworker = browser(&app, CASEWORKER).await;
    let today: NaiveDate = sqlx::query_scalar("select (now() at time zone 'Europe/London')::date")
        .fetch_one(&app.db.pool)
        .await
        .expect("today");
    let this_year = if chrono::Datelike::month(&today) >= 4 {
        chrono::Datelike::year(&today)
    } else {
        chrono::Datelike::year(&today) - 1
    };

    let refused = |query: String, field: &'static str, message: &'static str| {
        let caseworker = &caseworker;
        async move {
            let res = caseworker.get(&format!("/statistics?{query}")).await;
            assert_eq!(res.status(), 422, "{query}");
            let page = Html::parse(&res.text().await.expect("body"));
            assert_eq!(page.error_summary(), vec![message.to_owned()], "{query}");
            assert_eq!(page.field_error(field).as_deref(), Some(message), "{query}");
            assert!(
                !page.says("Download every table"),
                "no return with an error"
            );
            page
        }
    };
    // The end before the start, beside the end date, with both dates kept.
    let page = refused(
        "period=range&from-day=2&from-month=5&from-year=2025&to-day=1&to-month=5&to-year=2025"
            .into(),
        "to",
        "The end date must be the same as or after the start date",
    )
    .await;
    assert_eq!(page.input_value("from-day").as_deref(), Some("2"));
    assert_eq!(page.input_value("to-day").as_deref(), Some("1"));
    assert!(page.checked("period", "range"));
    // More than five years.
    refused(
        "period=range&from-day=1&from-month=4&from-year=2019&to-day=1&to-month=4&to-year=2024"
            .into(),
        "to",
        "The period must be 5 years or shorter",
    )
    .await;
    // An unknown force.
    let page = refused(
        format!("{}&force=atlantis", quarter(this_year, 1)),
        "force",
        "Select a force from the list",
    )
    .await;
    assert_eq!(page.selected("force"), None);
    // A quarter that has not started: next year's first.
    refused(
        quarter(this_year + 1, 1),
        "quarter",
        "That quarter has not started yet",
    )
    .await;
    // The CSV of a bad request is the same page and answer.
    let res = caseworker
        .get(&format!("/statistics.csv?{}", quarter(this_year + 1, 1)))
        .await;
    assert_eq!(res.status(), 422);
    // An unknown table is not there.
    let res = caseworker
        .get(&format!(
            "/statistics.csv?{}&table=x",
            quarter(this_year, 1)
        ))
        .await;
    assert_eq!(res.status(), 404);

    // With nothing asked, IOPC staff get England and Wales for this quarter, and the staff
    // navigation leads there.
    let res = caseworker.get("/statistics").await;
    assert_eq!(res.status(), 200);
    let page = Html::parse(&res.text().await.expect("body"));
    assert!(page.says("England and Wales:"));
    assert!(page.checked("period", "quarter"));
    assert_eq!(page.selected("year"), Some(this_year.to_string()));
    assert!(page.links_to("/statistics"));

    // A headcount that is not a number is answered beside the field.
    let admin = browser(&app, ADMIN).await;
    let res = admin
        .post_form_as(
            ADMIN,
            "/statistics/headcount",
            &[
                ("force", "cumbria"),
                ("year", "2024"),
                ("headcount", "many"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.field_error("headcount").as_deref(),
        Some("The number of employees must be a whole number between 1 and 1,000,000")
    );
    assert_eq!(page.input_value("headcount").as_deref(), Some("many"));
    assert_eq!(page.selected("force").as_deref(), Some("cumbria"));
}

/// A complaint re-opened by an upheld review is finalised once, on the day the complainant was
/// first told the outcome (CMR 2020 reg 34; the service's reading of the IOPC's counting rules,
/// unverified): its second outcome letter does not move it into a later period.
#[tokio::test]
async fn cmr_2020_reg_34_a_complaint_reopened_by_a_review_stays_finalised_on_its_first_outcome() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let (case_id, _) = Complaint::new("2024-04-02", "2024-04-04")
        .recorded("complainant_wishes")
        .notified("2024-06-28")
        .allegation(DUTIES, Some("otherwise_than_by_investigation"), None)
        .insert(pool)
        .await;
    let finalised = || async {
        sqlx::query_scalar::<_, Option<NaiveDate>>(
            "select finalised_on from case_record where case_id = $1",
        )
        .bind(case_id)
        .fetch_one(pool)
        .await
        .expect("the case")
    };
    assert_eq!(finalised().await, Some(ymd("2024-06-28")));
    // The review is upheld and the complaint investigated; a new outcome is told in 2025.
    for (stage, extra) in [
        ("under_review", ""),
        ("under_investigation", ", investigation_mode = 'local'"),
        ("report_received", ""),
        ("determinations_made", ""),
        ("outcome_decided", ""),
        (
            "outcome_notified",
            ", outcome_notified_on = date '2025-02-03'",
        ),
    ] {
        sqlx::query(&format!(
            "update case_record set stage = '{stage}'{extra} where case_id = $1"
        ))
        .bind(case_id)
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("to {stage}: {e}"));
    }
    assert_eq!(finalised().await, Some(ymd("2024-06-28")));
    // A withdrawal is finalised on the day of the step that recorded it.
    let (withdrawn, _) = Complaint::new("2024-09-02", "2024-09-02")
        .insert(pool)
        .await;
    sqlx::query(
        "update case_record set stage = 'withdrawn', last_step_on = date '2024-09-13' where case_id = $1",
    )
    .bind(withdrawn)
    .execute(pool)
    .await
    .expect("withdrawn");
    let on: Option<NaiveDate> =
        sqlx::query_scalar("select finalised_on from case_record where case_id = $1")
            .bind(withdrawn)
            .fetch_one(pool)
            .await
            .expect("the case");
    assert_eq!(on, Some(ymd("2024-09-13")));
}

/// The figures written by each bar or point of a chart on the page (`series` as the markup
/// names it), in order.
fn chart_values(doc: &scraper::Html, chart: &str, series: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(&format!(
        "#{chart} svg text.app-chart__value[data-series=\"{series}\"]"
    ))
    .expect("a selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// A figure of the CSV as the page writes it: "12 (40%)" for a share.
fn shown(line: (String, String)) -> String {
    if line.1.is_empty() {
        line.0
    } else {
        format!("{} ({}%)", line.0, line.1)
    }
}

#[tokio::test]
async fn each_chart_has_a_title_and_description_and_the_figures_of_its_tables() {
    let app = TestApp::with_demo(0).await;
    fixture(&app).await;
    let psd = browser(&app, CUMBRIA_PSD).await;
    let res = psd.get(&format!("/statistics?{}", quarter(2024, 2))).await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.expect("body");
    let doc = scraper::Html::parse_document(&body);
    let page = Html::parse(&body);
    let csv = Return::of(&psd, &quarter(2024, 2)).await;

    // Each chart is an SVG image a screen reader names by its title and description.
    for id in ["chart-trend", "chart-categories", "chart-timeliness"] {
        let svg = scraper::Selector::parse(&format!("#{id} svg")).expect("a selector");
        let svgs: Vec<_> = doc.select(&svg).collect();
        assert_eq!(svgs.len(), 1, "{id} is drawn once");
        let svg = svgs[0].value();
        assert_eq!(svg.attr("role"), Some("img"), "{id}");
        assert_eq!(
            svg.attr("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str()),
            "{id}"
        );
        for part in ["title", "desc"] {
            let sel =
                scraper::Selector::parse(&format!("#{id} svg > {part}#{id}-{part}")).expect("css");
            let said: Vec<String> = doc
                .select(&sel)
                .map(|e| e.text().collect::<String>())
                .collect();
            assert_eq!(said.len(), 1, "{id} has a {part}");
            assert!(said[0].len() > 20, "{id}'s {part} says something: {said:?}");
        }
        // Last year's bars are hatched, not only coloured differently.
        if id != "chart-trend" {
            assert!(body.contains(&format!("fill=\"url(#{id}-hatch)\"")), "{id}");
        }
        assert!(
            page.count(&format!("#{id} table tbody tr")) > 0,
            "{id} has a table"
        );
    }

    // The trend of 2024/25 Q2: the quarters of 2023/24 and those of 2024/25 to Q2, each its
    // own three months; the figures of the chart are those of the table beside it.
    let rows = page.texts("#chart-trend tbody th");
    assert_eq!(
        rows,
        [
            "Q1 2023/24",
            "Q2 2023/24",
            "Q3 2023/24",
            "Q4 2023/24",
            "Q1 2024/25",
            "Q2 2024/25"
        ]
    );
    let cells = page.texts("#chart-trend tbody td");
    let cases = chart_values(&doc, "chart-trend", "cases");
    let allegations = chart_values(&doc, "chart-trend", "allegations");
    assert_eq!(cases.len(), 6);
    for (i, (c, a)) in cases.iter().zip(&allegations).enumerate() {
        assert_eq!(c, &cells[i * 2], "cases in {}", rows[i]);
        assert_eq!(a, &cells[i * 2 + 1], "allegations in {}", rows[i]);
    }
    // The quarters add up to the return's cumulative figures, this year and last.
    let sum = |values: &[String], quarters: std::ops::Range<usize>| -> i64 {
        values[quarters]
            .iter()
            .map(|v| v.parse::<i64>().expect("a count"))
            .sum()
    };
    let q1 = Return::of(&psd, &quarter(2024, 1)).await;
    assert_eq!(cases[4], q1.figure(A11, "", LOGGED));
    assert_eq!(sum(&cases, 4..6).to_string(), csv.figure(A11, "", LOGGED));
    assert_eq!(sum(&cases, 0..2).to_string(), csv.before(A11, "", LOGGED).0);
    assert_eq!(
        sum(&allegations, 4..6).to_string(),
        csv.figure(A11, "", "Allegations logged")
    );
    assert_eq!(
        sum(&allegations, 0..2).to_string(),
        csv.before(A11, "", "Allegations logged").0
    );

    // The categories: a pair of bars for each top-level category of the table, with its
    // figures this period and last year.
    let categories: Vec<&Line> = csv
        .0
        .iter()
        .filter(|l| l.table.starts_with(CAT) && l.parent.is_empty())
        .filter(|l| l.measure != "All allegations logged")
        .collect();
    assert_eq!(page.texts("#chart-categories tbody th"), {
        let names: Vec<String> = categories.iter().map(|l| l.measure.clone()).collect();
        names
    });
    let now = chart_values(&doc, "chart-categories", "now");
    let before = chart_values(&doc, "chart-categories", "before");
    let expected_now: Vec<String> = categories
        .iter()
        .map(|l| shown((l.now.clone(), l.now_pct.clone())))
        .collect();
    let expected_before: Vec<String> = categories
        .iter()
        .map(|l| shown((l.before.clone(), l.before_pct.clone())))
        .collect();
    assert_eq!(now, expected_now);
    assert_eq!(before, expected_before);
    assert!(now.iter().any(|v| v != "0"), "some allegation is charted");
    let cells = page.texts("#chart-categories tbody td");
    let beside: Vec<String> = now
        .iter()
        .zip(&before)
        .flat_map(|(n, b)| [n.clone(), b.clone()])
        .collect();
    assert_eq!(cells, beside);

    // The working days: receipt to logging, logging to first contact and the three
    // finalisation averages, as the tables have them.
    let measures = [
        (A11, "", RECEIPT),
        (A11, "", CONTACT),
        (
            FIN,
            OUTSIDE,
            "Average working days to finalise outside Schedule 3",
        ),
        (
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, including suspension",
        ),
        (
            FIN,
            UNDER,
            "Average working days to finalise under Schedule 3, excluding suspension",
        ),
    ];
    assert_eq!(
        page.texts("#chart-timeliness tbody th"),
        measures.map(|(_, _, m)| m.to_owned())
    );
    let now = chart_values(&doc, "chart-timeliness", "now");
    let before = chart_values(&doc, "chart-timeliness", "before");
    for (i, (table, parent, measure)) in measures.into_iter().enumerate() {
        assert_eq!(now[i], csv.now(table, parent, measure).0, "{measure}");
        assert_eq!(before[i], csv.before(table, parent, measure).0, "{measure}");
    }
    assert!(
        now.iter().any(|v| v.contains('.')),
        "some average is charted"
    );
    let desc = page.texts("#chart-timeliness-desc");
    assert!(
        desc[0].contains(&format!(
            "Receipt to logging {} (last year {})",
            now[0], before[0]
        )),
        "{desc:?}"
    );

    // Dates chosen: the eight quarters up to the one the period ends in.
    let res = psd
        .get("/statistics?period=range&from-day=1&from-month=4&from-year=2024&to-day=31&to-month=3&to-year=2025")
        .await;
    assert_eq!(res.status(), 200);
    let range = Html::parse(&res.text().await.expect("body"));
    let rows = range.texts("#chart-trend tbody th");
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0], "Q1 2023/24");
    assert_eq!(rows[7], "Q4 2024/25");
}

/// A cell of a sheet as text, as the CSV would write it.
fn cell(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(calamine::Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(calamine::Data::Float(f)) => format!("{f:.1}"),
        Some(calamine::Data::Int(i)) => i.to_string(),
        Some(calamine::Data::String(s)) => s.clone(),
        Some(calamine::Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Two figures are the same when they read the same, or are the same number ("2" is "2.0").
fn same(a: &str, b: &str) -> bool {
    a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if (x - y).abs() < 1e-9)
}

#[tokio::test]
async fn the_return_downloads_as_a_workbook_of_a_sheet_a_table_with_the_figures_of_the_csv() {
    let app = TestApp::with_demo(0).await;
    fixture(&app).await;
    // A category named like a formula is written as text, never run.
    sqlx::query(
        "insert into allegation_category (code, name, sort_order)
         values ('formula', '=HYPERLINK(\"https://example.com\",\"Click\")', 999)",
    )
    .execute(&app.db.pool)
    .await
    .expect("a category");
    let psd = browser(&app, CUMBRIA_PSD).await;
    let query = quarter(2024, 4);
    let res = psd.get(&format!("/statistics.xlsx?{query}")).await;
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"statistics-cumbria-2024-04-01-to-2025-03-31.xlsx\""
    );
    let bytes = res.bytes().await.expect("body").to_vec();
    use calamine::Reader;
    let mut book =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook a reader opens");
    let sheets = book.sheet_names();
    assert_eq!(
        sheets,
        [
            "A1.1 Logging and contact",
            "A1.2 Recording reason",
            "Categories",
            "Finalisation",
            "Finalised, investigated",
            "Finalised, not investigated",
            "Handling",
            "E1 Outcomes",
            "Reviews"
        ]
    );

    // Each sheet is a table of the CSV, in the CSV's order, with its figures.
    let csv = Return::of(&psd, &query).await;
    let mut titles: Vec<String> = csv.0.iter().map(|l| l.table.clone()).collect();
    titles.dedup();
    assert_eq!(titles.len(), sheets.len());
    for (name, title) in sheets.iter().zip(&titles) {
        let range = book.worksheet_range(name).expect("the sheet");
        assert_eq!(&cell(&range, 0, 0), title, "{name}");
        assert!(
            cell(&range, 1, 0).contains("Cumbria Constabulary"),
            "{name}"
        );
        assert_eq!(cell(&range, 3, 1), "Part of");
        assert_eq!(
            cell(&range, 3, 2),
            "Cumbria Constabulary, 2024/25 Q4 (the whole year, April to March)"
        );
        assert_eq!(
            cell(&range, 3, 4),
            "Cumbria Constabulary, same period last year (1 April 2023 to 31 March 2024)"
        );
        let lines: Vec<&Line> = csv.0.iter().filter(|l| &l.table == title).collect();
        for (i, line) in (4u32..).zip(&lines) {
            let got = [0, 1, 2, 3, 4, 5].map(|c| cell(&range, i, c));
            // The CSV neutralises a formula with a leading apostrophe; the sheet writes the
            // text as it is, as text.
            let measure = line.measure.strip_prefix('\'').unwrap_or(&line.measure);
            let wanted = [
                measure,
                &line.parent,
                &line.now,
                &line.now_pct,
                &line.before,
                &line.before_pct,
            ];
            for (g, w) in got.iter().zip(wanted) {
                assert!(same(g, w), "{name} row {i}: {got:?} is not {wanted:?}");
            }
        }
        // Nothing follows the rows but the definitions.
        let after = 4 + u32::try_from(lines.len()).expect("rows");
        assert_eq!(cell(&range, after, 0), "");
        assert_eq!(cell(&range, after + 1, 0), "How it is counted");
        // The figures are numbers a spreadsheet can add up.
        if name == "A1.1 Logging and contact" {
            assert_eq!(range.get_value((4, 2)), Some(&calamine::Data::Float(14.0)));
        }
        let formulas = book.worksheet_formula(name).expect("the formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has no formula"
        );
    }
    let categories = book.worksheet_range("Categories").expect("the sheet");
    assert!(
        categories.used_cells().any(|(_, _, d)| d
            == &calamine::Data::String("=HYPERLINK(\"https://example.com\",\"Click\")".to_owned())),
        "the formula-like name is kept as text"
    );
    assert!(
        csv.0
            .iter()
            .any(|l| l.measure == "'=HYPERLINK(\"https://example.com\",\"Click\")"),
        "and the CSV neutralises it"
    );

    // The page links to the spreadsheet of what it shows.
    let res = psd.get(&format!("/statistics?{query}")).await;
    let page = Html::parse(&res.text().await.expect("body"));
    assert!(page.links_to(&format!("/statistics.xlsx?{query}")));

    // Another force's spreadsheet does not exist for a force's user; a bad period is
    // answered on the page.
    let met = browser(&app, MET_PSD).await;
    let res = met
        .get(&format!("/statistics.xlsx?{query}&force=cumbria"))
        .await;
    assert_eq!(res.status(), 404);
    let res = psd
        .get("/statistics.xlsx?period=range&from-day=2&from-month=4&from-year=2024&to-day=1&to-month=4&to-year=2024")
        .await;
    assert_eq!(res.status(), 422);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.field_error("to").as_deref(),
        Some("The end date must be the same as or after the start date")
    );
}

#[tokio::test]
async fn the_return_leads_to_the_timeliness_dashboard() {
    let app = TestApp::with_demo(0).await;
    let psd = browser(&app, "psd@met.example").await;
    let res = psd.get("/statistics").await;
    assert_eq!(res.status().as_u16(), 200);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.link_to("timeliness dashboard").as_deref(),
        Some("/statistics/timeliness")
    );
}

/// Complaints logged in 2024/25 by the forces `which` selects (a `where` clause over
/// `police_force f`), and how many forces that is: counted here in SQL, apart from the
/// service's queries.
async fn logged_in_2024(pool: &PgPool, which: &str) -> (i64, i64) {
    sqlx::query_as(&format!(
        "select (select count(*) from case_record c join police_force f on f.police_force_id = c.force_id
                  where c.kind = 'complaint' and c.logged_on between '2024-04-01' and '2025-03-31'
                    and {which}),
                (select count(*) from police_force f where {which})"
    ))
    .fetch_one(pool)
    .await
    .expect("the count")
}

fn per_force((cases, forces): (i64, i64)) -> String {
    format!(
        "{:.1}",
        (cases as f64 / forces as f64 * 10.0).round() / 10.0
    )
}

const RURAL: &str =
    "f.force_group_id = (select force_group_id from force_group where code = 'largely-rural')";
const TERRITORIAL: &str = "f.kind = 'territorial' and f.active";

#[tokio::test]
async fn the_iopc_sees_a_force_beside_its_most_similar_group_and_england_and_wales_per_force() {
    let app = TestApp::with_demo(0).await;
    fixture(&app).await;
    let pool = &app.db.pool;
    let caseworker = browser(&app, CASEWORKER).await;
    let asked = format!("{}&force=cumbria", quarter(2024, 4));

    // Cumbria is seeded in the largely rural group: its column, then England and Wales's.
    let cumbria = Return::of(&caseworker, &asked).await;
    assert!(
        cumbria
            .1
            .iter()
            .any(|h| h.starts_with("Most similar forces: Largely rural forces, ")),
        "{:?}",
        cumbria.1
    );
    assert!(
        cumbria
            .1
            .iter()
            .any(|h| h.starts_with("England and Wales, "))
    );
    let group = logged_in_2024(pool, RURAL).await;
    let national = logged_in_2024(pool, TERRITORIAL).await;
    assert!(group.0 >= 14, "the group holds Cumbria's 14 complaints");
    assert_eq!(
        cumbria.compared(A11, "", LOGGED),
        [n(&per_force(group)), n(&per_force(national))]
    );
    // The force's own figures are as they were.
    assert_eq!(cumbria.now(A11, "", LOGGED), n("14"));
    // An average is pooled over every case of the comparison, not divided by the forces.
    let pooled = &cumbria.compared(A11, "", RECEIPT)[0].0;
    assert!(pooled.parse::<f64>().is_ok_and(|v| v < 30.0), "{pooled}");

    // The page says how the comparisons are counted and that the group is unverified, and
    // the timeliness chart has a bar for each.
    let res = caseworker.get(&format!("/statistics?{asked}")).await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.expect("body");
    let page = Html::parse(&body);
    assert!(page.says("Counts there are the average per force"));
    assert!(page.says("Most similar forces: Largely rural forces: Unverified"));
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(chart_values(&doc, "chart-timeliness", "group").len(), 5);
    assert_eq!(chart_values(&doc, "chart-timeliness", "national").len(), 5);

    // A group is a scope of its own: its members' complaints, beside England and Wales.
    let rural = Return::of(
        &caseworker,
        &format!("{}&force=msf:largely-rural", quarter(2024, 4)),
    )
    .await;
    assert_eq!(rural.now(A11, "", LOGGED), n(&group.0.to_string()));
    assert_eq!(rural.compared(A11, "", LOGGED), [n(&per_force(national))]);
    // The Lancashire complaint of Q1 is in its own group's return, not the rural one.
    let lancashire_group =
        "f.force_group_id = (select force_group_id from police_force where code = 'lancashire')";
    let mixed = Return::of(
        &caseworker,
        &format!("{}&force=msf:mixed-midlands-and-north", quarter(2024, 4)),
    )
    .await;
    assert_eq!(
        mixed.now(A11, "", LOGGED),
        n(&logged_in_2024(pool, lancashire_group).await.0.to_string())
    );
    // England and Wales has no comparison beside it.
    let all = Return::of(&caseworker, &quarter(2024, 4)).await;
    assert!(all.compared(A11, "", LOGGED).is_empty());
    assert_eq!(all.1.len(), 7);
}

#[tokio::test]
async fn only_the_iopc_may_ask_for_a_most_similar_group_and_a_force_sees_no_comparison() {
    let app = TestApp::with_demo(0).await;
    fixture(&app).await;
    for email in [CUMBRIA_PSD, MOPAC] {
        let b = browser(&app, email).await;
        for path in ["/statistics", "/statistics.csv"] {
            let res = b
                .get(&format!(
                    "{path}?{}&force=msf:largely-rural",
                    quarter(2024, 4)
                ))
                .await;
            assert_eq!(res.status(), 404, "{email} {path}");
        }
    }
    // A force's own return has no comparison columns, and its chooser offers no group.
    let psd = browser(&app, CUMBRIA_PSD).await;
    let own = Return::of(&psd, &quarter(2024, 4)).await;
    assert_eq!(own.1.len(), 7, "{:?}", own.1);
    let mopac = browser(&app, MOPAC).await;
    let page = Html::parse(&mopac.get("/statistics").await.text().await.expect("body"));
    assert!(!page.offers("force", "msf:largely-rural"));
    let caseworker = browser(&app, CASEWORKER).await;
    let page = Html::parse(
        &caseworker
            .get("/statistics")
            .await
            .text()
            .await
            .expect("body"),
    );
    assert!(page.offers("force", "msf:largely-rural"));
    // An unknown group is answered beside the field.
    let res = caseworker
        .get(&format!(
            "/statistics?{}&force=msf:nowhere",
            quarter(2024, 4)
        ))
        .await;
    assert_eq!(res.status(), 422);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.field_error("force").as_deref(),
        Some("Select a force or group from the list")
    );
}

#[tokio::test]
async fn every_territorial_force_but_the_city_of_london_is_seeded_in_one_unverified_group() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let ungrouped: Vec<String> = sqlx::query_scalar(
        "select code from police_force where kind = 'territorial' and force_group_id is null order by code",
    )
    .fetch_all(pool)
    .await
    .expect("ungrouped");
    assert_eq!(ungrouped, ["city-of-london"]);
    let others: i64 = sqlx::query_scalar(
        "select count(*) from police_force where kind <> 'territorial' and force_group_id is not null",
    )
    .fetch_one(pool)
    .await
    .expect("others");
    assert_eq!(others, 0);
    let verified: i64 = sqlx::query_scalar("select count(*) from force_group where verified")
        .fetch_one(pool)
        .await
        .expect("verified");
    assert_eq!(verified, 0, "no seeded group is confirmed");
}

/// Posts one of the groups page's forms as `email`.
async fn change_groups(b: &TestApp, email: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    b.post_form_as(email, "/statistics/groups", fields).await
}

async fn group_events(pool: &PgPool) -> Vec<(String, serde_json::Value)> {
    sqlx::query_as(
        "select action, details from audit_event where action like 'force_group_%' order by occurred_at, audit_event_id",
    )
    .fetch_all(pool)
    .await
    .expect("events")
}

#[tokio::test]
async fn an_administrator_keeps_the_groups_and_every_change_is_audited() {
    let app = TestApp::with_demo(0).await;
    fixture(&app).await;
    let pool = &app.db.pool;
    let admin = browser(&app, ADMIN).await;
    let page = Html::parse(
        &admin
            .get("/statistics/groups")
            .await
            .text()
            .await
            .expect("body"),
    );
    assert!(page.says("Largely rural forces"));
    assert!(page.says("Territorial forces in no group: City of London Police."));

    // Others may not change them.
    let caseworker = browser(&app, CASEWORKER).await;
    let res = change_groups(
        &caseworker,
        CASEWORKER,
        &[("change", "add"), ("name", "Mine")],
    )
    .await;
    assert_eq!(res.status(), 403);
    assert!(group_events(pool).await.is_empty());

    // A group needs a name, and a name not taken; the input is kept.
    let res = change_groups(&admin, ADMIN, &[("change", "add"), ("name", "  ")]).await;
    assert_eq!(res.status(), 422);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.field_error("name").as_deref(),
        Some("Enter the name of the group")
    );
    let res = change_groups(
        &admin,
        ADMIN,
        &[("change", "add"), ("name", "Largely rural forces")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.field_error("name").as_deref(),
        Some("There is already a group with this name")
    );
    assert_eq!(
        page.input_value("name").as_deref(),
        Some("Largely rural forces")
    );

    let res = change_groups(
        &admin,
        ADMIN,
        &[("change", "add"), ("name", "Northern fells")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let done = Html::parse(&admin.follow(res).await.text().await.expect("body"));
    assert_eq!(
        done.success_banner().as_deref(),
        Some("Success Group added")
    );

    // A group that is not in the list is answered beside the field.
    let res = change_groups(
        &admin,
        ADMIN,
        &[
            ("change", "assign"),
            ("force", "cumbria"),
            ("group", "nowhere"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = Html::parse(&res.text().await.expect("body"));
    assert_eq!(
        page.field_error("group").as_deref(),
        Some("Select a group, or No group")
    );
    assert_eq!(page.selected("force").as_deref(), Some("cumbria"));

    let res = change_groups(
        &admin,
        ADMIN,
        &[
            ("change", "assign"),
            ("force", "cumbria"),
            ("group", "northern-fells"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = change_groups(
        &admin,
        ADMIN,
        &[("change", "confirm"), ("listed_group", "northern-fells")],
    )
    .await;
    assert_eq!(res.status(), 303);

    let events = group_events(pool).await;
    let actions: Vec<&str> = events.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "force_group_added",
            "force_group_changed",
            "force_group_confirmed"
        ]
    );
    let rural: Uuid =
        sqlx::query_scalar("select force_group_id from force_group where code = 'largely-rural'")
            .fetch_one(pool)
            .await
            .expect("rural");
    assert_eq!(events[1].1["previous"], serde_json::json!(rural));
    assert_eq!(events[2].1["verified"], serde_json::json!(true));

    // The IOPC's view of Cumbria now compares it with its one-force group, confirmed.
    let cumbria = Return::of(&caseworker, &format!("{}&force=cumbria", quarter(2024, 4))).await;
    assert!(
        cumbria
            .1
            .iter()
            .any(|h| h.starts_with("Most similar forces: Northern fells, "))
    );
    assert_eq!(cumbria.compared(A11, "", LOGGED)[0], n("14.0"));
    let res = caseworker
        .get(&format!("/statistics?{}&force=cumbria", quarter(2024, 4)))
        .await;
    let page = Html::parse(&res.text().await.expect("body"));
    assert!(!page.says("Most similar forces: Northern fells: Unverified"));

    // Taken out of every group, Cumbria is compared with England and Wales only.
    let res = change_groups(
        &admin,
        ADMIN,
        &[
            ("change", "assign"),
            ("force", "cumbria"),
            ("group", "none"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let cumbria = Return::of(&caseworker, &format!("{}&force=cumbria", quarter(2024, 4))).await;
    assert_eq!(cumbria.compared(A11, "", LOGGED).len(), 1);
}
