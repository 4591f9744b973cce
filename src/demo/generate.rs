//! Synthetic cases for demos and load tests.
//!
//! Cases are generated in batches and written with `COPY ... FROM STDIN`, table by table,
//! parents first, so a million cases load in minutes. The same seed and count give the same
//! cases: every key is derived from the seed and the case's position, and every random
//! choice comes from one ChaCha stream seeded with the seed. References are numbered on
//! from what the database already holds, so repeated runs never collide.
//!
//! Proportions follow the published statistics in spirit: most cases are complaints, about
//! 2.5 allegations and 1.5 subjects a case, "Delivery of duties and service" the commonest
//! category, older cases mostly finished. Each case's facts agree with its stage (a case
//! under investigation has an investigation and a mode, a notified complaint has its dates),
//! because the schema refuses anything else. So that the statistics have something to count,
//! the allegations of a complaint carry their handling once it is decided and their outcome
//! once the complainant is told, most complainants have contacts logged, reviews are applied
//! for and decided, and some finished investigations were suspended on the way. Those choices
//! come from a second stream, so that the cases themselves are the ones the seed always gave.

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::{CaseKind, CaseStage, InvestigationMode};

/// Cases written per COPY round.
const BATCH: u64 = 5_000;
/// The date the 2020 rules came in: cases received earlier are legacy cases.
const REFORM: (i32, u32, u32) = (2020, 2, 1);
/// Mixed into the seed of the second random stream (`Generator::facts`).
const FACTS_STREAM: u64 = 0x5354_4154_4953_5453;
/// The account synthetic records name as their author.
const LOADER_EMAIL: &str = "synthetic-data@oversight.invalid";

/// What a generation run did.
#[derive(Debug, Default)]
pub struct GenerateSummary {
    pub cases: u64,
    pub allegations: u64,
    pub subjects: u64,
    pub seconds: f64,
}

impl fmt::Display for GenerateSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Generated {} cases, {} allegations and {} subjects in {:.1} s ({:.0} cases a second).",
            self.cases,
            self.allegations,
            self.subjects,
            self.seconds,
            self.cases as f64 / self.seconds.max(0.001)
        )
    }
}

/// `oversight generate --cases N --seed S`: N new cases, committed batch by batch.
pub async fn generate(pool: &PgPool, cases: u64, seed: u64) -> Result<GenerateSummary> {
    let started = Instant::now();
    let mut conn = pool.acquire().await?;
    let mut generator = Generator::prepare(&mut conn, seed, "gen").await?;
    // Numbering continues after the cases already held, so a second run adds new cases.
    let offset = u64::from(generator.force_serial_base);
    let mut summary = GenerateSummary::default();
    let mut done = 0;
    while done < cases {
        let n = BATCH.min(cases - done);
        let mut tx = pool.begin().await?;
        let batch = generator.batch(offset + done, n);
        batch.write(&mut tx).await?;
        tx.commit().await?;
        summary.allegations += batch.allegations_count;
        summary.subjects += batch.subjects_count;
        done += n;
        summary.cases = done;
        if done % 100_000 == 0 {
            crate::db::statistics::compact(pool).await?;
            tracing::info!(done, "generated");
        }
    }
    crate::db::statistics::compact(pool).await?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The demo's synthetic cases, inside the demo load's transaction. Returns how many were
/// added: none when they are already there.
pub(super) async fn demo_cases(conn: &mut PgConnection, seed: u64, count: u32) -> Result<u64> {
    if count == 0 {
        return Ok(0);
    }
    let first = case_id(seed, "demo", 0);
    let present: bool =
        sqlx::query_scalar("select exists (select 1 from case_record where case_id = $1)")
            .bind(first)
            .fetch_one(&mut *conn)
            .await?;
    if present {
        return Ok(0);
    }
    let mut generator = Generator::prepare(conn, seed, "demo").await?;
    let batch = generator.batch(0, u64::from(count));
    batch.write(conn).await?;
    Ok(u64::from(count))
}

/// A stable key for the `index`th case of a run.
fn case_id(seed: u64, run: &str, index: u64) -> Uuid {
    derived_id(seed, run, "case", index, 0)
}

fn derived_id(seed: u64, run: &str, what: &str, index: u64, n: u64) -> Uuid {
    let mut h = Sha256::new();
    h.update(b"oversight synthetic v1\0");
    h.update(seed.to_le_bytes());
    h.update(run.as_bytes());
    h.update([0]);
    h.update(what.as_bytes());
    h.update(index.to_le_bytes());
    h.update(n.to_le_bytes());
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::new_v8(bytes)
}

struct Force {
    id: Uuid,
    prefix: String,
    weight: u32,
    /// Its local policing body, the review body of a complaint it handled itself.
    lpb: Option<Uuid>,
}

/// Everything a run needs from the database, read once.
struct Generator {
    seed: u64,
    run: &'static str,
    rng: ChaCha8Rng,
    /// A second stream for what the statistics count (handling, outcomes, contacts, reviews,
    /// ended suspensions), so that adding those facts left every case of a seed as it was.
    facts: ChaCha8Rng,
    forces: Vec<Force>,
    force_weight_total: u32,
    categories: Vec<String>,
    /// The active sub-categories of each category (by its index in `categories`).
    subcategories: Vec<Vec<String>>,
    loader: Uuid,
    today: NaiveDate,
    /// Next IOPC serial per year, continuing from the database.
    iopc_serial: HashMap<i32, u32>,
    /// Next force reference number per (force, year). Every run starts after the number of
    /// cases already held, so references from different runs never collide.
    force_serial: HashMap<(usize, i32), u32>,
    force_serial_base: u32,
}

impl Generator {
    async fn prepare(conn: &mut PgConnection, seed: u64, run: &'static str) -> Result<Self> {
        let rows: Vec<(Uuid, String, Option<Uuid>)> = sqlx::query_as(
            "select police_force_id, code, local_policing_body_id from police_force
             where active and kind in ('territorial', 'special') order by code",
        )
        .fetch_all(&mut *conn)
        .await?;
        anyhow::ensure!(
            !rows.is_empty(),
            "no police forces in the database: the reference data is missing"
        );
        let forces: Vec<Force> = rows
            .into_iter()
            .map(|(id, code, lpb)| {
                // The Metropolitan Police Service handles about a fifth of all complaints.
                let weight = match code.as_str() {
                    "met" => 20,
                    "west-midlands" | "greater-manchester" | "west-yorkshire" => 5,
                    _ => 2,
                };
                let prefix: String = code
                    .split('-')
                    .filter_map(|w| w.chars().next())
                    .collect::<String>()
                    .to_uppercase();
                Force {
                    id,
                    prefix,
                    weight,
                    lpb,
                }
            })
            .collect();
        let force_weight_total = forces.iter().map(|f| f.weight).sum();
        let categories: Vec<String> = sqlx::query_scalar(
            "select code from allegation_category where active order by sort_order, code",
        )
        .fetch_all(&mut *conn)
        .await?;
        anyhow::ensure!(
            !categories.is_empty(),
            "no allegation categories in the database"
        );
        let subs: Vec<(String, String)> = sqlx::query_as(
            "select category_code, code from allegation_subcategory where active
             order by category_code, sort_order, iopc_code",
        )
        .fetch_all(&mut *conn)
        .await?;
        let subcategories = categories
            .iter()
            .map(|c| {
                subs.iter()
                    .filter(|(category, _)| category == c)
                    .map(|(_, code)| code.clone())
                    .collect()
            })
            .collect();
        let loader = loader_account(conn).await?;
        let iopc_serial = sqlx::query_as::<_, (String, i64)>(
            "select left(iopc_reference, 4), max(right(iopc_reference, 6)::bigint)
             from case_record where iopc_reference is not null group by 1",
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .filter_map(|(y, max)| Some((y.parse().ok()?, u32::try_from(max).ok()? + 1)))
        .collect();
        let existing: i64 = sqlx::query_scalar("select count(*) from case_record")
            .fetch_one(&mut *conn)
            .await?;
        Ok(Self {
            seed,
            run,
            rng: ChaCha8Rng::seed_from_u64(seed),
            facts: ChaCha8Rng::seed_from_u64(seed ^ FACTS_STREAM),
            forces,
            force_weight_total,
            categories,
            subcategories,
            loader,
            today: chrono::Local::now().date_naive(),
            iopc_serial,
            force_serial: HashMap::new(),
            force_serial_base: u32::try_from(existing).unwrap_or(u32::MAX / 2) + 1,
        })
    }

    fn id(&self, what: &str, index: u64, n: u64) -> Uuid {
        derived_id(self.seed, self.run, what, index, n)
    }

    fn pick_force(&mut self) -> usize {
        let mut ticket = self.rng.random_range(0..self.force_weight_total);
        for (i, f) in self.forces.iter().enumerate() {
            if ticket < f.weight {
                return i;
            }
            ticket -= f.weight;
        }
        0
    }

    /// A category and, where it has them, one of its sub-categories.
    fn pick_category(&mut self) -> (String, Option<String>) {
        // About two in five allegations are about the delivery of duties and service.
        let index = if self.rng.random_bool(0.4) {
            0
        } else {
            self.rng.random_range(0..self.categories.len())
        };
        let sub = self.subcategories[index].choose(&mut self.rng).cloned();
        (self.categories[index].clone(), sub)
    }

    /// Generates cases `start..start + count` of this run.
    fn batch(&mut self, start: u64, count: u64) -> Batch {
        let mut b = Batch::default();
        let reform = NaiveDate::from_ymd_opt(REFORM.0, REFORM.1, REFORM.2).unwrap_or_default();
        for index in start..start + count {
            let case_id = case_id(self.seed, self.run, index);
            let force_index = self.pick_force();
            let force_id = self.forces[force_index].id;
            let kind = match self.rng.random_range(0..100) {
                0..85 => CaseKind::Complaint,
                85..95 => CaseKind::ConductMatter,
                _ => CaseKind::DsiMatter,
            };
            // Received in the last ten years; newer cases are more common.
            let age_days = (self.rng.random::<f64>().powf(1.4) * 3650.0) as i64;
            let received = self.today - Duration::days(age_days);
            let legacy = received < reform;
            let stage = self.pick_stage(kind, age_days);
            let year = received.year();
            let force_serial = self
                .force_serial
                .entry((force_index, year))
                .or_insert(self.force_serial_base);
            let force_reference = format!(
                "{}/{:06}/{:02}",
                self.forces[force_index].prefix,
                *force_serial,
                year % 100
            );
            *force_serial += 1;

            let referred = kind == CaseKind::DsiMatter
                || (stage != CaseStage::Logged
                    && stage != CaseStage::OutsideSchedule3
                    && self.rng.random_bool(0.2));
            let investigated = matches!(
                stage,
                CaseStage::UnderInvestigation
                    | CaseStage::InvestigationSuspended
                    | CaseStage::ReportReceived
                    | CaseStage::DeterminationsMade
            ) || (kind != CaseKind::Complaint && stage == CaseStage::Closed);
            let mode = investigated.then(|| {
                if !referred {
                    InvestigationMode::Local
                } else {
                    match self.rng.random_range(0..10) {
                        0..5 => InvestigationMode::Local,
                        5..7 => InvestigationMode::Directed,
                        _ => InvestigationMode::Independent,
                    }
                }
            });
            let iopc_reference = referred.then(|| {
                let serial = self.iopc_serial.entry(year).or_insert(100_000);
                let r = format!("{year:04}/{:06}", *serial);
                *serial += 1;
                r
            });
            let logged = received + Duration::days(self.rng.random_range(0..4));
            let recorded = (stage != CaseStage::Logged && stage != CaseStage::OutsideSchedule3)
                .then(|| logged + Duration::days(self.rng.random_range(0..10)));
            let schedule3 = match stage {
                CaseStage::Logged => None,
                CaseStage::OutsideSchedule3 => Some(false),
                CaseStage::Closed
                    if kind == CaseKind::Complaint
                        && !investigated
                        && self.rng.random_bool(0.5) =>
                {
                    Some(false)
                }
                _ => Some(true),
            };
            let recorded = if schedule3 == Some(true) {
                recorded.or(Some(logged))
            } else {
                None
            };
            let recording_reason =
                (kind == CaseKind::Complaint && schedule3 == Some(true)).then(|| {
                    if self.rng.random_bool(0.7) {
                        "complainant_wishes"
                    } else {
                        "appropriate_authority_decides"
                    }
                });
            let notified = matches!(
                stage,
                CaseStage::OutcomeNotified | CaseStage::UnderReview | CaseStage::ReviewConcluded
            ) || (stage == CaseStage::Closed
                && kind == CaseKind::Complaint
                && schedule3 == Some(true));
            let span = age_days.max(1);
            let outcome_notified_on = notified.then(|| {
                (received + Duration::days(self.rng.random_range(15..=span.max(15))))
                    .min(self.today)
            });
            let closed_on = (stage == CaseStage::Closed).then(|| {
                outcome_notified_on
                    .map_or(
                        received + Duration::days(self.rng.random_range(10..=span.max(10))),
                        |d| d + Duration::days(29),
                    )
                    .min(self.today)
            });
            let review_right = notified && schedule3 == Some(true) && kind == CaseKind::Complaint;
            let summary = self.summary(kind);
            let (dsi_kind, dsi_context) = if kind == CaseKind::DsiMatter {
                (
                    Some(if self.rng.random_bool(0.3) {
                        "death"
                    } else {
                        "serious_injury"
                    }),
                    Some(if self.rng.random_bool(0.4) {
                        "custody"
                    } else {
                        "contact"
                    }),
                )
            } else {
                (None, None)
            };

            b.cases.row(&[
                &case_id.to_string() as &dyn fmt::Display,
                &kind.as_str(),
                &force_id,
                &Opt(iopc_reference.as_deref()),
                &force_reference,
                &legacy,
                &received,
                &logged,
                &Opt(recorded),
                &Opt(schedule3),
                &Opt(recording_reason),
                &stage.as_str(),
                &Opt(mode.map(InvestigationMode::as_str)),
                &summary,
                &(received - Duration::days(self.rng.random_range(0..30))),
                &Opt(dsi_kind),
                &Opt(dsi_context),
                &Opt(outcome_notified_on),
                &Opt(review_right.then_some(true)),
                &Opt(review_right.then_some(outcome_notified_on).flatten()),
                &Opt(closed_on),
            ]);

            if kind == CaseKind::Complaint {
                let person = self.id("person", index, 0);
                let (first, last) = (
                    FIRST_NAMES.choose(&mut self.rng).copied().unwrap_or("Sam"),
                    LAST_NAMES.choose(&mut self.rng).copied().unwrap_or("Jones"),
                );
                let welsh = self.rng.random_bool(0.03);
                b.people.row(&[
                    &person as &dyn fmt::Display,
                    &format_args!("{first} {last}"),
                    &format_args!(
                        "{}.{}{}@example.org",
                        first.to_lowercase(),
                        last.to_lowercase(),
                        index % 1000
                    ),
                    &if welsh { "cy" } else { "en" },
                    &"email",
                    &self.rng.random_bool(0.05),
                ]);
                b.complainants.row(&[
                    &self.id("case_complainant", index, 0) as &dyn fmt::Display,
                    &case_id,
                    &person,
                ]);
                // Most complainants are first contacted within days of logging (a few before
                // it), and many again about four weeks on.
                if self.facts.random_bool(0.9) {
                    let first = (logged + Duration::days(self.facts.random_range(-1..9)))
                        .max(received)
                        .min(self.today);
                    let mut on = Some(first);
                    let mut n = 0;
                    while let Some(day) = on {
                        b.contacts.row(&[
                            &self.id("contact", index, n) as &dyn fmt::Display,
                            &case_id,
                            &person,
                            &day,
                            &if self.facts.random_bool(0.7) {
                                "email"
                            } else {
                                "telephone"
                            },
                            &CONTACTS[n as usize % CONTACTS.len()],
                            &self.loader,
                        ]);
                        n += 1;
                        let next = day + Duration::days(28);
                        on = (n < 3 && next <= self.today && self.facts.random_bool(0.5))
                            .then_some(next);
                    }
                }
                // Reviews: pending on a case under review, decided on a concluded one, and
                // on some closed recorded complaints (not upheld: an upheld one re-opens).
                let review = match stage {
                    CaseStage::UnderReview => Some(None),
                    CaseStage::ReviewConcluded => Some(Some(self.facts.random_bool(0.2))),
                    CaseStage::Closed if review_right && self.facts.random_bool(0.08) => {
                        Some(Some(false))
                    }
                    _ => None,
                };
                if let (Some(decided), true, Some(notified_on)) =
                    (review, review_right, outcome_notified_on)
                {
                    let applied = (notified_on + Duration::days(self.facts.random_range(1..28)))
                        .min(self.today);
                    let decided_on = decided.map(|_| {
                        (applied + Duration::days(self.facts.random_range(10..120))).min(self.today)
                    });
                    let lpb = self.forces[force_index].lpb;
                    // The IOPC reviews what was referred to it; the force's policing body the
                    // rest (Sch 3 para 6A and CMR 2020 reg 32, simplified).
                    let (body, lpb) = if referred || lpb.is_none() {
                        ("iopc", None)
                    } else {
                        ("local_policing_body", lpb)
                    };
                    let stage = match decided {
                        None => "applied",
                        Some(true) => "upheld",
                        Some(false) => "not_upheld",
                    };
                    b.reviews.row(&[
                        &self.id("review", index, 0) as &dyn fmt::Display,
                        &case_id,
                        &body,
                        &Opt(lpb),
                        &applied,
                        &stage,
                        &Opt(decided.map(|_| true)),
                        &Opt(decided_on.map(|_| applied)),
                        &Opt(decided_on),
                        &Opt(decided.map(|_| self.loader)),
                    ]);
                }
            }

            // How each allegation was handled, once that was decided, and its outcome once
            // the complainant was told: what the return's handling and outcome tables count.
            let handling = if kind != CaseKind::Complaint {
                None
            } else if schedule3 == Some(false) {
                Some("outside_schedule3")
            } else if let Some(mode) = mode {
                // Only the 2020 modes are generated; the supervised and managed investigations
                // of the older rules count with the local ones.
                Some(match mode {
                    InvestigationMode::Local
                    | InvestigationMode::Supervised
                    | InvestigationMode::Managed => "local_investigation",
                    InvestigationMode::Directed => "directed_investigation",
                    InvestigationMode::Independent => "independent_investigation",
                })
            } else if notified || stage == CaseStage::HandledOtherwise {
                Some(if self.facts.random_bool(0.85) {
                    "otherwise_than_by_investigation"
                } else {
                    "no_further_action"
                })
            } else {
                None
            };
            let allegation_count = [1u64, 2, 2, 3, 3, 4][self.rng.random_range(0..6usize)].min(4);
            let mut allegation_ids = Vec::new();
            for n in 0..allegation_count {
                let id = self.id("allegation", index, n);
                allegation_ids.push(id);
                let (category, subcategory) = self.pick_category();
                let description = ALLEGATIONS
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("The officer was rude.");
                let outcome = if !notified {
                    None
                } else if handling == Some("no_further_action") {
                    Some("no_further_action")
                } else if legacy {
                    Some(if self.facts.random_bool(0.2) {
                        "upheld"
                    } else {
                        "not_upheld"
                    })
                } else {
                    Some(match self.facts.random_range(0..10) {
                        0..6 => "service_acceptable",
                        6..9 => "service_not_acceptable",
                        _ => "could_not_determine",
                    })
                };
                b.allegations.row(&[
                    &id as &dyn fmt::Display,
                    &case_id,
                    &legacy,
                    &category,
                    &Opt(subcategory.as_deref()),
                    &description,
                    &Opt(handling),
                    &Opt(outcome),
                ]);
            }
            b.allegations_count += allegation_count;

            let subject_count = [0u64, 1, 1, 2, 2, 3][self.rng.random_range(0..6usize)];
            for n in 0..subject_count {
                let subject = self.id("subject", index, n);
                let case_subject = self.id("case_subject", index, n);
                let officer = self.rng.random_bool(0.8);
                let rank = if officer {
                    RANKS
                        .choose(&mut self.rng)
                        .copied()
                        .unwrap_or("Police Constable")
                } else {
                    "Police staff"
                };
                b.subjects.row(&[
                    &subject as &dyn fmt::Display,
                    &if officer {
                        "police_officer"
                    } else {
                        "police_staff"
                    },
                    &format_args!(
                        "{} {}",
                        if officer { "Officer" } else { "Staff member" },
                        (b'A' + n as u8) as char
                    ),
                    &rank,
                    &format_args!("{}", self.rng.random_range(1000..99999)),
                    &force_id,
                ]);
                let determined = matches!(stage, CaseStage::DeterminationsMade)
                    || (stage == CaseStage::Closed && investigated);
                let determined_on = received + Duration::days(span.min(300));
                let determined_on = determined_on.min(self.today);
                let determiner = if matches!(
                    mode,
                    Some(InvestigationMode::Directed | InvestigationMode::Independent)
                ) {
                    "iopc"
                } else {
                    "appropriate_authority"
                };
                b.case_subjects.row(&[
                    &case_subject as &dyn fmt::Display,
                    &case_id,
                    &subject,
                    &if determined {
                        "concluded"
                    } else {
                        "identified"
                    },
                    &Opt(determined.then_some("no_case_to_answer")),
                    &Opt(determined.then_some(determiner)),
                    &Opt(determined.then_some(determined_on)),
                ]);
                let allegation = allegation_ids[(n as usize) % allegation_ids.len()];
                b.allegation_subjects.row(&[
                    &allegation as &dyn fmt::Display,
                    &case_subject,
                    &case_id,
                ]);
            }
            b.subjects_count += subject_count;

            if referred {
                let referral = self.id("referral", index, 0);
                let referred_on = recorded.unwrap_or(logged).min(self.today);
                let decided = stage != CaseStage::Referred;
                let decision = decided.then(|| {
                    if investigated && mode != Some(InvestigationMode::Local) {
                        "investigate"
                    } else {
                        "refer_back"
                    }
                });
                let decided_mode = (decision == Some("investigate"))
                    .then(|| mode.map(InvestigationMode::as_str))
                    .flatten();
                let decision = if decision == Some("investigate") && decided_mode.is_none() {
                    Some("refer_back")
                } else {
                    decision
                };
                let mandatory = kind == CaseKind::DsiMatter || self.rng.random_bool(0.7);
                b.referrals.row(&[
                    &referral as &dyn fmt::Display,
                    &case_id,
                    &legacy,
                    &if mandatory { "mandatory" } else { "voluntary" },
                    &referred_on,
                    &self.loader,
                    &Opt((!mandatory).then_some("The gravity of the matter")),
                    &Opt(decision),
                    &Opt(decided.then(|| (referred_on + Duration::days(7)).min(self.today))),
                    &Opt(decided_mode),
                ]);
                if mandatory {
                    let ground = if kind == CaseKind::DsiMatter {
                        "death_or_serious_injury"
                    } else {
                        MANDATORY_GROUNDS
                            .choose(&mut self.rng)
                            .copied()
                            .unwrap_or("serious_assault")
                    };
                    b.referral_grounds
                        .row(&[&referral as &dyn fmt::Display, &ground]);
                }
            }

            if let Some(mode) = mode {
                let investigation = self.id("investigation", index, 0);
                let started = recorded.unwrap_or(logged) + Duration::days(10);
                let started = started.min(self.today);
                let reported = matches!(
                    stage,
                    CaseStage::ReportReceived | CaseStage::DeterminationsMade | CaseStage::Closed
                )
                .then(|| {
                    (started + Duration::days(self.rng.random_range(60..400))).min(self.today)
                });
                b.investigations.row(&[
                    &investigation as &dyn fmt::Display,
                    &case_id,
                    &legacy,
                    &mode.as_str(),
                    &"To investigate the allegations and whether any person serving with the police may have behaved in a manner justifying disciplinary proceedings.",
                    &if mode == InvestigationMode::Independent { "IOPC lead investigator" } else { "PSD investigating officer" },
                    &started,
                    &Opt(reported),
                ]);
                // Some finished investigations were suspended for a while on the way.
                if let Some(reported) = reported
                    && (reported - started).num_days() > 60
                    && self.facts.random_bool(0.15)
                {
                    let from = started + Duration::days(self.facts.random_range(10..30));
                    let to = (from + Duration::days(self.facts.random_range(10..90)))
                        .min(reported - Duration::days(1));
                    b.suspensions.row(&[
                        &self.id("suspension", index, 1) as &dyn fmt::Display,
                        &investigation,
                        &from,
                        &Opt(Some(to)),
                        &"Suspended while criminal proceedings were concluded (sub judice).",
                    ]);
                }
                if stage == CaseStage::InvestigationSuspended {
                    b.suspensions.row(&[
                        &self.id("suspension", index, 0) as &dyn fmt::Display,
                        &investigation,
                        &(started + Duration::days(30)).min(self.today),
                        &Opt::<NaiveDate>(None),
                        &"Suspended while criminal proceedings are concluded (sub judice).",
                    ]);
                }
            }
        }
        b
    }

    fn pick_stage(&mut self, kind: CaseKind, age_days: i64) -> CaseStage {
        use CaseStage::*;
        // Two years on, nearly everything is finished.
        if age_days > 730 && self.rng.random_bool(0.95) {
            return Closed;
        }
        let complaint = [
            (Logged, 8),
            (OutsideSchedule3, 10),
            (Recorded, 8),
            (Referred, 3),
            (ReferredBack, 2),
            (HandledOtherwise, 12),
            (UnderInvestigation, 12),
            (InvestigationSuspended, 2),
            (ReportReceived, 4),
            (DeterminationsMade, 3),
            (OutcomeDecided, 4),
            (OutcomeNotified, 8),
            (UnderReview, 3),
            (ReviewConcluded, 2),
            (Closed, 19),
        ];
        let matter = [
            (Recorded, 10),
            (Referred, 10),
            (UnderInvestigation, 35),
            (InvestigationSuspended, 5),
            (ReportReceived, 10),
            (DeterminationsMade, 10),
            (Closed, 20),
        ];
        let table: &[(CaseStage, u32)] = if kind == CaseKind::Complaint {
            &complaint
        } else {
            &matter
        };
        let total: u32 = table.iter().map(|(_, w)| w).sum();
        let mut ticket = self.rng.random_range(0..total);
        for (stage, w) in table {
            if ticket < *w {
                return *stage;
            }
            ticket -= w;
        }
        Closed
    }

    fn summary(&mut self, kind: CaseKind) -> String {
        let place = PLACES
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("a town centre");
        match kind {
            CaseKind::Complaint => {
                let what = COMPLAINTS
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("the police response");
                format!("Complaint about {what} in {place}.")
            }
            CaseKind::ConductMatter => {
                let what = CONDUCT
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("an officer's conduct");
                format!("Conduct matter: {what} in {place}.")
            }
            CaseKind::DsiMatter => {
                let what = DSI
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("a serious injury after contact with the police");
                format!("Death or serious injury matter: {what} in {place}.")
            }
        }
    }
}

/// The account that synthetic records name as their author: disabled, and with a password
/// hash that matches no password, so nobody can sign in as it.
async fn loader_account(conn: &mut PgConnection) -> Result<Uuid> {
    let id: Option<Uuid> =
        sqlx::query_scalar("select staff_user_id from staff_user where lower(email) = $1")
            .bind(LOADER_EMAIL)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(id) = id {
        return Ok(id);
    }
    sqlx::query_scalar(
        "insert into staff_user (email, display_name, role, password_hash, disabled_at)
         values ($1, 'Synthetic data loader', 'iopc_admin', '!disabled', now()) returning staff_user_id",
    )
    .bind(LOADER_EMAIL)
    .fetch_one(&mut *conn)
    .await
    .context("cannot create the synthetic data loader account")
}

/// An optional value in COPY text format (`\N` for null).
struct Opt<T>(Option<T>);

impl<T: fmt::Display> fmt::Display for Opt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => f.write_str("\\N"),
        }
    }
}

/// Rows for one table in COPY text format.
#[derive(Default)]
struct CopyBuffer {
    text: String,
    rows: u64,
}

impl CopyBuffer {
    fn row(&mut self, values: &[&dyn fmt::Display]) {
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            let start = self.text.len();
            let _ = write!(self.text, "{v}");
            // Escape what COPY's text format treats specially (but keep the \N of nulls).
            let written = &self.text[start..];
            if written != "\\N" && written.contains(['\\', '\t', '\n', '\r']) {
                let escaped = written
                    .replace('\\', "\\\\")
                    .replace('\t', "\\t")
                    .replace('\n', "\\n")
                    .replace('\r', "\\r");
                self.text.truncate(start);
                self.text.push_str(&escaped);
            }
        }
        self.text.push('\n');
        self.rows += 1;
    }
}

#[derive(Default)]
struct Batch {
    people: CopyBuffer,
    cases: CopyBuffer,
    complainants: CopyBuffer,
    allegations: CopyBuffer,
    subjects: CopyBuffer,
    case_subjects: CopyBuffer,
    allegation_subjects: CopyBuffer,
    referrals: CopyBuffer,
    referral_grounds: CopyBuffer,
    investigations: CopyBuffer,
    suspensions: CopyBuffer,
    contacts: CopyBuffer,
    reviews: CopyBuffer,
    allegations_count: u64,
    subjects_count: u64,
}

impl Batch {
    /// Writes the batch, parents before children.
    async fn write(&self, conn: &mut PgConnection) -> Result<()> {
        let tables: [(&str, &CopyBuffer); 13] = [
            (
                "person (person_id, full_name, email, preferred_language, contact_method, easy_read)",
                &self.people,
            ),
            (
                "case_record (case_id, kind, force_id, iopc_reference, force_reference, legacy, received_on, logged_on, \
                 recorded_on, schedule3, recording_reason, stage, investigation_mode, summary, incident_date, dsi_kind, \
                 dsi_context, outcome_notified_on, review_right, review_right_notified_on, closed_on)",
                &self.cases,
            ),
            (
                "case_complainant (case_complainant_id, case_id, person_id)",
                &self.complainants,
            ),
            (
                "allegation (allegation_id, case_id, case_legacy, category_code, subcategory_code, description, \
                 handling_type, outcome)",
                &self.allegations,
            ),
            (
                "subject (subject_id, kind, name, rank, collar_number, force_id)",
                &self.subjects,
            ),
            (
                "case_subject (case_subject_id, case_id, subject_id, stage, determination, determined_by, determined_on)",
                &self.case_subjects,
            ),
            (
                "allegation_subject (allegation_id, case_subject_id, case_id)",
                &self.allegation_subjects,
            ),
            (
                "referral (referral_id, case_id, case_legacy, referral_type, referred_on, referred_by, voluntary_reason, \
                 decision, decided_on, decided_mode)",
                &self.referrals,
            ),
            (
                "referral_referral_ground (referral_id, ground_code)",
                &self.referral_grounds,
            ),
            (
                "investigation (investigation_id, case_id, case_legacy, mode, terms_of_reference, investigator_name, \
                 started_on, report_submitted_on)",
                &self.investigations,
            ),
            (
                "investigation_suspension (investigation_suspension_id, investigation_id, started_on, ended_on, reason)",
                &self.suspensions,
            ),
            (
                "contact_log_entry (contact_log_entry_id, case_id, person_id, contacted_on, method, summary, created_by)",
                &self.contacts,
            ),
            (
                "review (review_id, case_id, review_body, local_policing_body_id, applied_on, stage, valid, \
                 validity_decided_on, decided_on, decided_by)",
                &self.reviews,
            ),
        ];
        // COPY is refused on a table with row-level security to a role its policies bind, so the
        // rows are copied as the session's own user (the schema's owner), in this transaction
        // only, and the application role is taken up again after.
        let role: String = sqlx::query_scalar("select current_user::text")
            .fetch_one(&mut *conn)
            .await?;
        sqlx::query("set local role none")
            .execute(&mut *conn)
            .await?;
        for (target, buffer) in tables {
            if buffer.rows == 0 {
                continue;
            }
            let mut copy = conn
                .copy_in_raw(&format!("copy {target} from stdin"))
                .await
                .with_context(|| format!("cannot start copying into {target}"))?;
            copy.send(buffer.text.as_bytes()).await?;
            copy.finish()
                .await
                .with_context(|| format!("cannot copy rows into {target}"))?;
        }
        sqlx::query("select set_config('role', $1, true)")
            .bind(role)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

const FIRST_NAMES: &[&str] = &[
    "Alex", "Sam", "Jordan", "Priya", "Mohammed", "Olivia", "Amelia", "Dylan", "Cerys", "Rhys",
    "Aisha", "Tomasz", "Grace", "Oliver", "Chloe", "Kwame", "Siobhan", "Jack", "Fatima", "Emily",
    "Harry", "Megan", "Noah", "Zara",
];
const LAST_NAMES: &[&str] = &[
    "Smith", "Jones", "Williams", "Taylor", "Davies", "Evans", "Khan", "Patel", "Brown", "Wilson",
    "Thomas", "Roberts", "Hughes", "Nowak", "Begum", "Okafor", "Lewis", "Walker", "Edwards",
    "Ahmed", "Morgan", "Price",
];
const PLACES: &[&str] = &[
    "a town centre",
    "a custody suite",
    "a railway station",
    "a residential street",
    "a retail park",
    "a football ground",
    "a motorway service area",
    "a night-time economy area",
    "a school",
    "a hospital",
];
const COMPLAINTS: &[&str] = &[
    "the time taken to respond to a 999 call",
    "the way a stop and search was carried out",
    "an officer's manner during a traffic stop",
    "the handling of a report of domestic abuse",
    "property seized and not returned",
    "the disclosure of personal information",
    "the force used during an arrest",
    "the lack of updates on a reported crime",
    "treatment while detained in custody",
    "the investigation of a burglary",
];
const CONDUCT: &[&str] = &[
    "inappropriate messages shared in a group chat",
    "misuse of police systems to look up a person",
    "an undeclared relationship with a victim of crime",
    "failure to record a reported crime",
    "an allegation of dishonesty in a witness statement",
];
const DSI: &[&str] = &[
    "a man who became unwell in custody",
    "a road traffic collision during a police pursuit",
    "a woman injured during restraint",
    "a death following police contact at a home address",
];
const ALLEGATIONS: &[&str] = &[
    "The officer did not respond to the call within a reasonable time.",
    "Officers were rude and dismissive when the complainant asked for help.",
    "The search was carried out without a lawful reason being given.",
    "The complainant's property was damaged during a search of the address.",
    "Personal information was shared with a third party without consent.",
    "Excessive force was used when handcuffs were applied.",
    "The complainant was not kept informed about the investigation of the crime they reported.",
    "The officer made a comment that the complainant believes was discriminatory.",
    "The police vehicle was driven dangerously.",
    "The complainant was not given medication while in custody.",
];
const CONTACTS: &[&str] = &[
    "Acknowledged the complaint and explained what happens next.",
    "Gave an update on the handling of the complaint.",
    "Gave a further update and the expected date of the outcome.",
];
const RANKS: &[&str] = &[
    "Police Constable",
    "Police Constable",
    "Police Constable",
    "Sergeant",
    "Inspector",
    "Special Constable",
];
const MANDATORY_GROUNDS: &[&str] = &[
    "serious_assault",
    "serious_sexual_offence",
    "serious_corruption",
    "discrimination_aggravated",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_tabs_newlines_and_backslashes_but_keeps_nulls() {
        let mut b = CopyBuffer::default();
        b.row(&[&"a\tb", &"line\nbreak", &"back\\slash", &Opt::<&str>(None)]);
        assert_eq!(b.text, "a\\tb\tline\\nbreak\tback\\\\slash\t\\N\n");
    }

    #[test]
    fn keys_are_stable_for_a_seed_and_differ_between_seeds() {
        assert_eq!(case_id(7, "demo", 3), case_id(7, "demo", 3));
        assert_ne!(case_id(7, "demo", 3), case_id(8, "demo", 3));
        assert_ne!(case_id(7, "demo", 3), case_id(7, "gen", 3));
    }
}
