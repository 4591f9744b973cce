//! The public complaints bulletin (`/published/statistics`), read as a member of the public
//! reads it, signed out: a chooser of forces, then one force's figures for the last completed
//! quarter (cumulative from 1 April) beside the same period last year, in English and Welsh;
//! small figures withheld so that they cannot be worked out from the rest of the table; an
//! unknown force is 404. The fixtures are cases of Cumbria Constabulary, which the demo data
//! has none of, dated inside the quarter the page shows today.

use chrono::{Duration, NaiveDate};
use oversight::domain::vocab::CaseStage;
use oversight::workflow::statistics::{Period, last_completed_quarter};
use reqwest::StatusCode;
use scraper::Selector;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{AllegationBuilder, CaseBuilder, DUTIES, Html, TestApp, normalise};

const POWERS: &str = "police-powers-policies-and-procedures";
const BEHAVIOURS: &str = "individual-behaviours";

/// The period the bulletin shows today, and the same period last year.
async fn periods(pool: &PgPool) -> (Period, Period) {
    let today: NaiveDate = sqlx::query_scalar("select (now() at time zone 'Europe/London')::date")
        .fetch_one(pool)
        .await
        .expect("today");
    let (year, quarter) = last_completed_quarter(today);
    let period = Period::cumulative(year, quarter, today).expect("an ended quarter");
    (period, period.same_period_last_year())
}

/// `n` complaints of Cumbria received (and logged) on `on`, at `stage`, each with one
/// allegation of `category` per `allegations`; finalised that day when the outcome is
/// notified. Gives their ids.
async fn complaints(
    pool: &PgPool,
    n: usize,
    on: NaiveDate,
    stage: CaseStage,
    category: &str,
    allegations: usize,
) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..n {
        let mut case = CaseBuilder::complaint()
            .force("cumbria")
            .received(on)
            .at(stage);
        if stage != CaseStage::Logged {
            case = case.recorded(on);
        }
        if stage == CaseStage::OutcomeNotified {
            case = case.outcome_notified(on);
        }
        for a in 0..allegations {
            case = case.allegation(AllegationBuilder::new(
                category,
                &format!("Allegation {a} of complaint {i}"),
            ));
        }
        ids.push(case.insert(pool).await.0);
    }
    ids
}

/// A valid review of `case_id` by the local policing body, applied for and decided.
async fn review(
    pool: &PgPool,
    case_id: Uuid,
    applied: NaiveDate,
    decided: NaiveDate,
    upheld: bool,
) {
    sqlx::query(
        "insert into review (case_id, review_body, local_policing_body_id, applied_on, stage, valid,
                             validity_decided_on, decided_on)
         select $1, 'local_policing_body', f.local_policing_body_id, $2, $3::review_stage, true, $2, $4
           from case_record c join police_force f on f.police_force_id = c.force_id
          where c.case_id = $1",
    )
    .bind(case_id)
    .bind(applied)
    .bind(if upheld { "upheld" } else { "not_upheld" })
    .bind(decided)
    .execute(pool)
    .await
    .expect("review");
}

/// A row of a table: its label, this period's figure and last year's.
type Row = (String, String, String);

/// The bulletin's tables by id.
struct Bulletin {
    body: String,
    /// The page's words, as read.
    text: String,
    tables: Vec<(String, Vec<Row>)>,
}

impl Bulletin {
    async fn of(app: &TestApp, path: &str) -> Bulletin {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let body = res.text().await.expect("body");
        let doc = scraper::Html::parse_document(&body);
        let section = Selector::parse("section[id]").expect("selector");
        let row = Selector::parse("tbody tr").expect("selector");
        let cell = Selector::parse("th, td").expect("selector");
        let tables = doc
            .select(&section)
            .map(|s| {
                let rows = s
                    .select(&row)
                    .map(|r| {
                        let cells: Vec<String> = r
                            .select(&cell)
                            .map(|c| normalise(&c.text().collect::<String>()))
                            .collect();
                        assert_eq!(cells.len(), 3, "{cells:?}");
                        (cells[0].clone(), cells[1].clone(), cells[2].clone())
                    })
                    .collect();
                (s.value().attr("id").unwrap_or_default().to_owned(), rows)
            })
            .collect();
        let text = Html::parse(&body).text();
        Bulletin { body, text, tables }
    }

    fn rows(&self, table: &str) -> &[Row] {
        &self
            .tables
            .iter()
            .find(|(id, _)| id == table)
            .unwrap_or_else(|| panic!("no table {table}"))
            .1
    }

    /// (this period, last year) of the row `label` of `table`.
    fn figure(&self, table: &str, label: &str) -> (&str, &str) {
        self.rows(table)
            .iter()
            .find(|(l, _, _)| l == label)
            .map(|(_, now, before)| (now.as_str(), before.as_str()))
            .unwrap_or_else(|| panic!("no row {label} in {table}: {:?}", self.rows(table)))
    }
}

/// A shown count ("1,112" or "326 (29%)"), or `None` for a withheld figure.
fn number(shown: &str) -> Option<i64> {
    shown
        .split(" (")
        .next()
        .and_then(|n| n.replace(',', "").parse().ok())
}

#[tokio::test]
async fn the_bulletin_shows_a_forces_figures_for_the_last_completed_quarter_in_english_and_welsh() {
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let (now, before) = periods(pool).await;
    let day = |p: Period, n: i64| p.from + Duration::days(n);
    // This period: 12 complaints, 2 allegations each; 7 recorded because the complainant
    // wished it (5 of them finalised the day they arrived), 5 not recorded.
    complaints(pool, 5, day(now, 10), CaseStage::OutcomeNotified, DUTIES, 2).await;
    complaints(pool, 2, day(now, 11), CaseStage::Recorded, DUTIES, 2).await;
    complaints(pool, 5, day(now, 12), CaseStage::Logged, DUTIES, 2).await;
    // Last year: 6 complaints, none recorded, one allegation each.
    complaints(pool, 6, day(before, 10), CaseStage::Logged, DUTIES, 1).await;
    // The day after the period and another force's cases are not counted.
    complaints(
        pool,
        3,
        now.to + Duration::days(1),
        CaseStage::Logged,
        DUTIES,
        1,
    )
    .await;
    CaseBuilder::complaint()
        .force("met")
        .received(day(now, 10))
        .insert(pool)
        .await;

    // The chooser, signed out, lists the forces and says which quarter.
    let res = app.get("/published/statistics").await;
    assert_eq!(res.status(), StatusCode::OK);
    let chooser = res.text().await.expect("body");
    assert!(chooser.contains(r#"href="/published/statistics/cumbria">Cumbria Constabulary</a>"#));
    assert!(
        chooser.contains(&format!("to {}", now.to.format("%-d %B %Y"))),
        "{chooser}"
    );

    let en = Bulletin::of(&app, "/published/statistics/cumbria?lang=en").await;
    assert!(
        en.body
            .contains("<h1 class=\"govuk-heading-l\">Cumbria Constabulary</h1>")
    );
    let from = format!("{}", now.from.format("%-d %B %Y"));
    let to = format!("{}", now.to.format("%-d %B %Y"));
    assert!(
        en.text.contains(&format!("{from} to {to}")),
        "the period is named"
    );
    assert!(en.text.contains("Same period last year"));
    assert_eq!(en.figure("logged", "Complaint cases logged"), ("12", "6"));
    assert_eq!(en.figure("logged", "Allegations logged"), ("24", "6"));
    assert_eq!(
        en.figure("recorded", "Cases recorded under Schedule 3"),
        ("7", "fewer than 5")
    );
    assert_eq!(
        en.figure("recorded", "The complainant wanted it recorded"),
        ("7 (100%)", "fewer than 5")
    );
    assert_eq!(
        en.figure("categories", "Delivery of duties and service"),
        ("24 (100%)", "6 (100%)")
    );
    assert_eq!(
        en.figure("categories", "Individual behaviours"),
        ("fewer than 5", "fewer than 5")
    );
    assert_eq!(
        en.figure("finalised", "Cases finalised under Schedule 3"),
        ("5", "fewer than 5")
    );
    assert_eq!(
        en.rows("finalised")[3],
        (
            "Average working days to finalise".to_owned(),
            "0.0".to_owned(),
            "fewer than 5".to_owned()
        ),
        "the average under Schedule 3"
    );
    assert!(
        en.text
            .contains("fewer than 5 complaint cases stand behind")
    );
    assert!(en.text.contains("(unverified)"));

    let cy = Bulletin::of(&app, "/published/statistics/cumbria?lang=cy").await;
    assert!(cy.body.contains("<html lang=\"cy\""), "in Welsh");
    assert!(cy.text.contains("Ystadegau cwynion am yr heddlu"));
    assert!(
        cy.text
            .contains(&format!("{} i {}", cy_date(now.from), cy_date(now.to)))
    );
    assert!(cy.text.contains("Yr un cyfnod y llynedd"));
    assert_eq!(
        cy.figure("logged", "Achosion cwyn a gofnodwyd"),
        ("12", "6")
    );
    assert_eq!(cy.figure("logged", "Honiadau a gofnodwyd"), ("24", "6"));
    assert_eq!(
        cy.figure("recorded", "Achosion a gofnodwyd o dan Atodlen 3"),
        ("7", "llai na 5")
    );
    assert_eq!(
        cy.figure("categories", "Cyflawni dyletswyddau a gwasanaeth"),
        ("24 (100%)", "6 (100%)")
    );
    assert!(cy.text.contains("mae'r tabl yn dweud \"llai na 5\""));

    // Easy read, in both languages, keeps the figures.
    let easy = Bulletin::of(&app, "/published/statistics/cumbria?lang=en&read=easy").await;
    assert!(
        easy.text
            .contains("Then we do not show it, so nobody can tell who it is about.")
    );
    assert_eq!(easy.figure("logged", "Complaint cases logged"), ("12", "6"));
    let easy = Bulletin::of(&app, "/published/statistics/cumbria?lang=cy&read=easy").await;
    assert!(
        easy.text
            .contains("Mae'r tabl yn dweud \"llai na 5\" yn lle hynny.")
    );
}

/// A date as the Welsh pages write it.
fn cy_date(d: NaiveDate) -> String {
    oversight::i18n::Tr::new(oversight::i18n::Lang::Welsh, false).date(d)
}

#[tokio::test]
async fn small_numbers_a_figure_behind_fewer_than_5_cases_is_withheld_and_cannot_be_recovered() {
    // Code of Practice for Statistics T6.4; the threshold of 5 is unverified
    // (workflow::statistics::SMALL_NUMBERS).
    let app = TestApp::with_demo(0).await;
    let pool = &app.db.pool;
    let (now, _) = periods(pool).await;
    let day = |n: i64| now.from + Duration::days(n);
    // 18 complaints: 10 about the delivery of duties, 6 about police powers (finalised, then
    // reviewed: 5 reviews upheld, 1 not), 2 about individual behaviours; 16 recorded, 2 not.
    complaints(pool, 10, day(5), CaseStage::Recorded, DUTIES, 1).await;
    let powers = complaints(pool, 6, day(6), CaseStage::OutcomeNotified, POWERS, 1).await;
    complaints(pool, 2, day(7), CaseStage::Logged, BEHAVIOURS, 1).await;
    for (i, case_id) in powers.iter().enumerate() {
        review(pool, *case_id, day(20), day(40), i < 5).await;
    }

    let page = Bulletin::of(&app, "/published/statistics/cumbria").await;
    // The categories: 2 allegations behind 2 cases are withheld, and so is the smallest
    // other figure, so that 18 - 10 gives 8, not 2.
    assert_eq!(page.figure("categories", "Allegations logged").0, "18");
    assert_eq!(
        page.figure("categories", "Individual behaviours").0,
        "fewer than 5"
    );
    assert_eq!(
        page.figure("categories", "Police powers, policies and procedures")
            .0,
        "withheld"
    );
    assert_eq!(
        page.figure("categories", "Delivery of duties and service")
            .0,
        "10 (56%)"
    );
    // In general: in each table that has a total, the total less the figures shown is never
    // a figure behind fewer than 5 cases (one case, one allegation here).
    for (table, total_row) in [
        ("categories", "Allegations logged"),
        ("recorded", "Cases recorded under Schedule 3"),
    ] {
        let rows = page.rows(table);
        let total = rows
            .iter()
            .find(|(l, _, _)| l == total_row)
            .and_then(|(_, n, _)| number(n));
        let shown: i64 = rows
            .iter()
            .filter(|(l, _, _)| l != total_row)
            .filter_map(|(_, n, _)| number(n))
            .sum();
        if let Some(total) = total {
            let rest = total - shown;
            assert!(
                rest == 0 || rest >= 5,
                "{table}: {total} - {shown} = {rest}"
            );
        }
    }
    // The cases recorded: 16 of 18 logged would give away the 2 not recorded, so they are
    // withheld, and so is the one reason they were recorded for, which adds up to them.
    assert_eq!(page.figure("logged", "Complaint cases logged").0, "18");
    assert_eq!(
        page.figure("recorded", "Cases recorded under Schedule 3").0,
        "withheld"
    );
    assert_eq!(
        page.figure("recorded", "The complainant wanted it recorded")
            .0,
        "withheld"
    );
    // Reviews: 6 completed, 5 upheld would give away the 1 not upheld; its percentage goes
    // with it.
    assert_eq!(page.figure("reviews", "Valid reviews completed").0, "6");
    assert_eq!(
        page.figure("reviews", "Outcome found not reasonable and proportionate")
            .0,
        "withheld"
    );
    assert_eq!(
        page.figure("reviews", "Applications for a review received")
            .0,
        "6"
    );
    assert!(
        !page.body.contains("83%"),
        "no percentage of a withheld figure"
    );
    // The page says so in plain words.
    assert!(page.text.contains("we also withhold one more figure"));
    // Nothing about a case: no reference, no summary, no allegation's words.
    assert!(!page.body.contains("Allegation 0 of complaint"));
    assert!(!page.body.contains("An officer was rude"));
    assert!(!page.body.contains("/cases/"));
}

#[tokio::test]
async fn an_unknown_force_is_not_found_in_the_readers_language() {
    let app = TestApp::with_demo(0).await;
    for path in [
        "/published/statistics/no-such-force",
        "/published/statistics/CUMBRIA",
        "/published/statistics/%2e%2e",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = app.get("/published/statistics/no-such-force?lang=cy").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let text = Html::parse(&res.text().await.expect("body")).text();
    assert!(text.contains("Heb ddod o hyd i'r dudalen"), "{text}");
}
