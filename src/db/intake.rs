//! Logging a new case: the allegation categories on offer, the possible duplicates of a
//! complaint, and the one transaction that writes a case with its people, allegations,
//! subjects and their links, and the audit event that puts "Logged a complaint" in its
//! timeline.
//!
//! The force reference is the user's or generated: `{FORCE CODE}-{year}-{serial}` (for
//! example `MET-2026-00042`), the serial one more than the highest of that force and year.
//! Generation takes a transaction-scoped advisory lock per force, so two cases logged at the
//! same moment cannot draw the same serial; a reference typed by the user that the force has
//! already used is caught by the unique constraint `case_record_force_reference_key` and
//! reported as [`CreateError::ForceReferenceTaken`], even when two users race for it.
//! Any other constraint the schema enforces comes back as [`CreateError::Refused`] with its
//! name, for the page to say what to change; nothing is written then.

use chrono::{Datelike, NaiveDate};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::audit::{self, Action, Actor, Entity, Event, RecordAction};
use crate::domain::intake::NewCase;
use crate::domain::vocab::{CaseKind, CaseStage, ContactMethod, Language, Role, SubjectKind};
use crate::workflow::{Regime, english_date};

/// An allegation category a new allegation may take.
#[derive(Debug, Clone)]
pub struct Category {
    pub code: String,
    pub name: String,
    pub description: Option<String>,
}

/// The active allegation categories, in the administrator's order.
pub async fn active_categories<'e>(db: impl sqlx::PgExecutor<'e>) -> sqlx::Result<Vec<Category>> {
    sqlx::query_as!(
        Category,
        "select code, name, description from allegation_category where active
         order by sort_order, name"
    )
    .fetch_all(db)
    .await
}

/// A sub-category a new allegation may take.
#[derive(Debug, Clone)]
pub struct Subcategory {
    pub code: String,
    pub category_code: String,
    /// The forces' letter-and-number code, e.g. "B1".
    pub iopc_code: String,
    pub name: String,
    pub description: Option<String>,
}

impl Subcategory {
    /// "B1 Stops, and stop and search"
    pub fn label(&self) -> String {
        format!("{} {}", self.iopc_code, self.name)
    }
}

/// The active sub-categories of the active categories, in the administrator's order.
pub async fn active_subcategories<'e>(
    db: impl sqlx::PgExecutor<'e>,
) -> sqlx::Result<Vec<Subcategory>> {
    sqlx::query_as!(
        Subcategory,
        "select s.code, s.category_code, s.iopc_code, s.name, s.description
           from allegation_subcategory s
           join allegation_category c on c.code = s.category_code
          where s.active and c.active
          order by c.sort_order, c.name, s.sort_order, s.iopc_code"
    )
    .fetch_all(db)
    .await
}

/// The categories and sub-categories a new allegation may take.
#[derive(Debug, Clone, Default)]
pub struct OnOffer {
    pub categories: Vec<Category>,
    pub subcategories: Vec<Subcategory>,
}

impl OnOffer {
    /// The sub-categories of one category.
    pub fn subcategories_of<'a>(
        &'a self,
        category_code: &'a str,
    ) -> impl Iterator<Item = &'a Subcategory> + 'a {
        self.subcategories
            .iter()
            .filter(move |s| s.category_code == category_code)
    }
}

/// The active categories and their active sub-categories.
pub async fn on_offer(conn: &mut PgConnection) -> sqlx::Result<OnOffer> {
    Ok(OnOffer {
        categories: active_categories(&mut *conn).await?,
        subcategories: active_subcategories(&mut *conn).await?,
    })
}

/// A case of the same force that may be the same complaint.
#[derive(Debug, Clone)]
pub struct PossibleDuplicate {
    pub case_id: Uuid,
    pub reference: String,
    pub received_on: NaiveDate,
    pub stage: CaseStage,
}

/// What identifies a complainant for the duplicate check.
#[derive(Debug, Clone)]
pub struct DuplicateKey<'a> {
    pub force_id: Uuid,
    pub full_name: &'a str,
    pub incident_date: NaiveDate,
    pub date_of_birth: Option<NaiveDate>,
    pub email: Option<&'a str>,
    /// Digits only, as [`crate::domain::intake::phone_digits`] gives them.
    pub phone_digits: Option<&'a str>,
}

/// Complaints of the force about the same incident date whose complainant has the same name
/// (whatever its case) and, when any of them was given, the same date of birth, email address
/// or telephone number. Newest first, at most 10. Reads `person_name_trgm_idx` (equality on
/// `lower(full_name)`), then the few cases of the people found.
pub async fn possible_duplicates(
    pool: &PgPool,
    key: &DuplicateKey<'_>,
) -> sqlx::Result<Vec<PossibleDuplicate>> {
    sqlx::query_as!(
        PossibleDuplicate,
        r#"select c.case_id,
                  coalesce(c.force_reference, c.iopc_reference, c.case_id::text) as "reference!",
                  c.received_on, c.stage as "stage: CaseStage"
           from person p
           join case_complainant cc on cc.person_id = p.person_id and cc.role = 'complainant'
           join case_record c on c.case_id = cc.case_id
           where lower(p.full_name) = lower($2)
             and c.force_id = $1
             and c.incident_date = $3
             and (($4::date is null and $5::text is null and $6::text is null)
                  or p.date_of_birth = $4
                  or lower(p.email) = lower($5)
                  or regexp_replace(regexp_replace(p.phone, '\D', '', 'g'), '^44(\d{10})$', '0\1') = $6)
           order by c.received_on desc, c.case_id
           limit 10"#,
        key.force_id,
        key.full_name,
        key.incident_date,
        key.date_of_birth,
        key.email,
        key.phone_digits,
    )
    .fetch_all(pool)
    .await
}

/// A case just logged.
#[derive(Debug, Clone)]
pub struct Created {
    pub case_id: Uuid,
    pub force_reference: String,
}

/// Why a case was not logged. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The force already has a case with the reference the user typed.
    #[error("the force reference is already used by another case of the force")]
    ForceReferenceTaken,
    /// A check of the schema refused a row; the constraint's name, when the database gave one.
    #[error("the database refused the case ({constraint:?})")]
    Refused { constraint: Option<String> },
    #[error(transparent)]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for CreateError {
    fn from(e: sqlx::Error) -> Self {
        match super::violated_constraint(&e) {
            Some(Some("case_record_force_reference_key")) => CreateError::ForceReferenceTaken,
            Some(constraint) => CreateError::Refused {
                constraint: constraint.map(str::to_owned),
            },
            None => CreateError::Database(e),
        }
    }
}

/// Who logs the case, for the audit trail.
#[derive(Debug, Clone, Copy)]
pub struct Logger {
    pub staff_user_id: Uuid,
    pub role: Role,
}

/// The audit action of logging a case of a kind; the case page's timeline words it
/// ("Logged a complaint").
pub const fn log_action(kind: CaseKind) -> RecordAction {
    match kind {
        CaseKind::Complaint => RecordAction::LogComplaint,
        CaseKind::ConductMatter => RecordAction::LogConductMatter,
        CaseKind::DsiMatter => RecordAction::LogDsiMatter,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Logs a case of `force_id` in one transaction: its people, the case (stage `logged`,
/// logged on the day the case gives), its allegations and subjects and which allegations each subject is
/// subject of, and the audit event. Returns the case's id and force reference.
pub async fn create(
    pool: &PgPool,
    force_id: Uuid,
    case: &NewCase,
    by: Logger,
) -> Result<Created, CreateError> {
    let mut tx = pool.begin().await?;
    let created = create_in(&mut tx, force_id, case, by).await?;
    tx.commit().await?;
    Ok(created)
}

/// Logs a case inside the caller's transaction (see [`create`]).
pub async fn create_in(
    tx: &mut PgConnection,
    force_id: Uuid,
    case: &NewCase,
    by: Logger,
) -> Result<Created, CreateError> {
    let force_reference = match &case.force_reference {
        Some(r) => r.clone(),
        None => next_force_reference(&mut *tx, force_id, case.logged_on.year()).await?,
    };

    let complainant = match &case.complainant {
        Some(p) => Some(insert_person(&mut *tx, p).await?),
        None => None,
    };
    let agent = match &case.agent {
        Some(p) => Some(insert_person(&mut *tx, p).await?),
        None => None,
    };

    let (dsi_kind, dsi_context) = case.dsi.map(|(k, c)| (k.as_str(), c.as_str())).unzip();
    let case_id = sqlx::query_scalar!(
        "insert into case_record (kind, force_id, force_reference, received_on, logged_on, summary,
                                  incident_date, incident_place, what_complainant_wants,
                                  how_it_came_to_light, dsi_kind, dsi_context,
                                  complainant_wants_recording, must_be_recorded, legacy, came_to_light)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         returning case_id",
        case.kind as CaseKind,
        force_id,
        force_reference,
        case.received_on,
        case.logged_on,
        case.summary,
        case.incident_date,
        case.incident_place,
        case.what_complainant_wants,
        case.how_it_came_to_light,
        dsi_kind,
        dsi_context,
        case.complainant_wants_recording,
        case.must_be_recorded,
        // A matter that came to the authority before 1 February 2020 stays under the rules in
        // force then (CMR 2020 reg 2(2)(a)).
        Regime::for_matter(case.received_on).is_legacy(),
        case.came_to_light.map(|c| c.as_str()),
    )
    .fetch_one(&mut *tx)
    .await?;

    if let Some(person_id) = complainant {
        sqlx::query!(
            "insert into case_complainant (case_id, person_id, agent_person_id, role)
             values ($1, $2, $3, 'complainant')",
            case_id,
            person_id,
            agent,
        )
        .execute(&mut *tx)
        .await?;
    }

    let mut allegation_ids = Vec::with_capacity(case.allegations.len());
    for a in &case.allegations {
        let id = sqlx::query_scalar!(
            "insert into allegation (case_id, category_code, subcategory_code, description)
             values ($1, $2, $3, $4)
             returning allegation_id",
            case_id,
            a.category_code,
            a.subcategory_code,
            a.description,
        )
        .fetch_one(&mut *tx)
        .await?;
        allegation_ids.push(id);
    }

    for s in &case.subjects {
        let subject_id = sqlx::query_scalar!(
            "insert into subject (kind, name, rank, collar_number, force_id) values ($1, $2, $3, $4, $5)
             returning subject_id",
            s.kind as SubjectKind,
            s.name,
            s.rank,
            s.collar_number,
            force_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        let case_subject_id = sqlx::query_scalar!(
            "insert into case_subject (case_id, subject_id) values ($1, $2) returning case_subject_id",
            case_id,
            subject_id,
        )
        .fetch_one(&mut *tx)
        .await?;
        for &ix in &s.allegations {
            if let Some(allegation_id) = allegation_ids.get(ix) {
                sqlx::query!(
                    "insert into allegation_subject (allegation_id, case_subject_id, case_id)
                     values ($1, $2, $3)",
                    allegation_id,
                    case_subject_id,
                    case_id,
                )
                .execute(&mut *tx)
                .await?;
            }
        }
    }

    // No personal data in the audit trail: counts, dates and the reference only.
    let summary = format!(
        "Received {}. {}, {}. Force reference {force_reference}.",
        english_date(case.received_on),
        plural(case.allegations.len(), "allegation", "allegations"),
        plural(case.subjects.len(), "subject", "subjects"),
    );
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Case(case_id),
            Action::Record(log_action(case.kind)),
            Actor::staff(by.staff_user_id, by.role),
        )
        .stages(None, CaseStage::Logged.as_str())
        .details(json!({
            "summary": summary,
            "kind": case.kind.as_str(),
            "force_reference": force_reference,
            "allegations": case.allegations.len(),
            "subjects": case.subjects.len(),
            "complainant_wants_recording": case.complainant_wants_recording,
            "must_be_recorded": case.must_be_recorded,
        })),
    )
    .await?;
    // The complainant is told the complaint is logged, in the same transaction.
    if case.kind == CaseKind::Complaint {
        super::outbox::complaint_logged(&mut *tx, case_id, case.logged_on).await?;
    }

    Ok(Created {
        case_id,
        force_reference,
    })
}

async fn insert_person(
    conn: &mut PgConnection,
    p: &crate::domain::intake::NewPerson,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into person (full_name, address, email, phone, preferred_language, contact_method,
                             easy_read, accessibility_needs, date_of_birth)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         returning person_id",
        p.full_name,
        p.address,
        p.email,
        p.phone,
        p.language as Language,
        p.contact_method as Option<ContactMethod>,
        p.easy_read,
        p.accessibility_needs,
        p.date_of_birth,
    )
    .fetch_one(conn)
    .await
}

/// The next generated reference of a force for a year: `MET-2026-00042`. Holds a
/// transaction-scoped lock on the force's numbering until the caller's transaction ends.
pub(crate) async fn next_force_reference(
    conn: &mut PgConnection,
    force_id: Uuid,
    year: i32,
) -> sqlx::Result<String> {
    sqlx::query!(
        "select pg_advisory_xact_lock(hashtextextended('force_reference ' || $1::uuid::text, 0))",
        force_id
    )
    .execute(&mut *conn)
    .await?;
    let prefix = sqlx::query_scalar!(
        r#"select upper(code) || '-' || $2::int as "prefix!" from police_force where police_force_id = $1"#,
        force_id,
        year,
    )
    .fetch_one(&mut *conn)
    .await?;
    // Force codes are [a-z0-9-], so the prefix holds no LIKE or regular-expression wildcard.
    let next = sqlx::query_scalar!(
        r#"select coalesce(max((regexp_match(force_reference, '^' || $2 || '-(\d{1,9})$'))[1]::int), 0) + 1 as "next!"
           from case_record
           where force_id = $1 and force_reference like $2 || '-%'"#,
        force_id,
        prefix,
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(format!("{prefix}-{next:05}"))
}
