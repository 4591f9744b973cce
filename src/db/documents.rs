//! The documents of a case: what is known of each (its contents are in the object store,
//! `crate::storage`), read in the user's scope or, for the complainant and the public, only
//! where disclosed; the decisions on disclosure and publication; and the audit events of
//! uploads, downloads and decisions. Each change and its audit event are one transaction.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::audit::{self, Action, Actor, Entity, Event, RecordAction};
use crate::auth::session::CaseScope;
use crate::domain::documents::{Attachment, Purpose, WithholdingGround, size_in_words};
use crate::domain::vocab::Role;

/// A document as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub document_id: Uuid,
    pub case_id: Uuid,
    pub name: String,
    pub description: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub object_key: String,
    pub uploaded_by: Option<String>,
    /// When, in England and Wales.
    pub uploaded_at: NaiveDateTime,
    pub disclosable: bool,
    /// `domain::documents::Purpose`, as the database spells it.
    pub purpose: String,
    /// The linked record in words (an evidence entry's description, the investigation, the
    /// subject), when there is one.
    pub linked: Option<String>,
    pub from_complainant: bool,
    /// The original, when this is a redacted copy, and the reason for each redaction.
    pub redacted_from: Option<Uuid>,
    pub redacted_from_name: Option<String>,
    pub redactions: Vec<String>,
    /// How many redacted copies of this document there are.
    pub copies: i64,
    pub withholding_ground: Option<String>,
    pub withholding_review_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub published_on: Option<NaiveDate>,
    pub evidence_item_id: Option<Uuid>,
    pub investigation_id: Option<Uuid>,
    pub case_subject_id: Option<Uuid>,
}

impl Document {
    /// What the document is attached to.
    pub fn attachment(&self) -> Attachment {
        match (
            self.evidence_item_id,
            self.investigation_id,
            self.case_subject_id,
        ) {
            (Some(id), _, _) => Attachment::Evidence(id),
            (_, Some(id), _) => Attachment::Investigation(self.purpose(), id),
            (_, _, Some(id)) => Attachment::Subject(self.purpose(), id),
            _ => Attachment::Case,
        }
    }

    pub fn purpose(&self) -> Purpose {
        self.purpose.parse().unwrap_or(Purpose::General)
    }

    pub fn ground(&self) -> Option<WithholdingGround> {
        self.withholding_ground
            .as_deref()
            .and_then(|g| g.parse().ok())
    }

    pub fn size(&self) -> u64 {
        u64::try_from(self.size_bytes).unwrap_or(0)
    }

    /// Whether the complainant may see and download it: disclosable, and not an original
    /// that has a redacted copy.
    pub fn reaches_complainant(&self) -> bool {
        self.disclosable && self.copies == 0
    }

    /// Whether it may be published as an investigation's report: a disclosable redacted PDF.
    pub fn publishable(&self) -> bool {
        self.disclosable && self.redacted_from.is_some() && self.media_type == "application/pdf"
    }
}

/// A document about to be recorded: its contents are already in the store under
/// `object_key`.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    pub document_id: Uuid,
    pub case_id: Uuid,
    pub name: &'a str,
    pub description: &'a str,
    pub media_type: &'a str,
    pub size_bytes: u64,
    pub sha256: &'a str,
    pub object_key: &'a str,
    pub attachment: Attachment,
    /// The original, for a redacted copy, and the reason for each redaction.
    pub redacted_from: Option<Uuid>,
    pub redactions: &'a [String],
}

/// The key a document's contents are stored under: by case and document, never by name.
pub fn object_key(case_id: Uuid, document_id: Uuid) -> String {
    format!("cases/{case_id}/{document_id}")
}

/// Whether the case exists in the user's scope, and its reference.
pub async fn case_reference(
    pool: &PgPool,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        r#"select coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "reference!"
             from case_record c
            where c.case_id = $1 and case_in_scope(c.force_id, c.case_id, $2, $3, $4)"#,
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_optional(pool)
    .await
}

/// The select list of every document query: `$1` is the case.
macro_rules! document_query {
    ($where:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            Document,
            r#"select d.document_id, d.case_id, d.name, d.description, d.media_type, d.size_bytes,
                      d.sha256, d.object_key, u.display_name as "uploaded_by?",
                      d.uploaded_at at time zone 'Europe/London' as "uploaded_at!",
                      d.disclosure = 'disclosable' as "disclosable!",
                      d.purpose, d.from_complainant, d.redacted_from,
                      o.name as "redacted_from_name?", d.redactions,
                      (select count(*) from document k where k.redacted_from = d.document_id) as "copies!",
                      d.withholding_ground, d.withholding_review_on,
                      du.display_name as "decided_by?",
                      d.disclosure_decided_at at time zone 'Europe/London' as "decided_at?",
                      d.published_on, d.evidence_item_id, d.investigation_id, d.case_subject_id,
                      coalesce(
                        (select e.description from evidence_item e where e.evidence_item_id = d.evidence_item_id),
                        (select initcap(i.mode::text) || ' investigation, started ' || to_char(i.started_on, 'FMDD FMMonth YYYY')
                           from investigation i where i.investigation_id = d.investigation_id),
                        (select coalesce(sj.name, 'Unnamed subject')
                                || coalesce(', ' || nullif(sj.rank, ''), '')
                                || coalesce(' ' || nullif(sj.collar_number, ''), '')
                           from case_subject cs join subject sj on sj.subject_id = cs.subject_id
                          where cs.case_subject_id = d.case_subject_id)) as "linked?"
                 from document d
                 left join document o on o.document_id = d.redacted_from
                 left join staff_user u on u.staff_user_id = d.uploaded_by
                 left join staff_user du on du.staff_user_id = d.disclosure_decided_by
                where d.case_id = $1 and "# + $where + r#"
                order by d.uploaded_at, d.document_id"#,
            $($arg),*
        )
    };
}

/// The case's documents, oldest first, in the user's scope (none outside it).
pub async fn for_case(
    pool: &PgPool,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Vec<Document>> {
    let mut tx = super::list_transaction(pool, scope).await?;
    let rows = document_query!(
        "exists (select 1 from case_record c where c.case_id = d.case_id
                  and case_in_scope(c.force_id, c.case_id, $2, $3, $4))",
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing()
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// One document of a case, in the user's scope.
pub async fn one(
    pool: &PgPool,
    case_id: Uuid,
    document_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Option<Document>> {
    let mut tx = super::list_transaction(pool, scope).await?;
    let row = document_query!(
        "d.document_id = $5 and exists (select 1 from case_record c where c.case_id = d.case_id
                  and case_in_scope(c.force_id, c.case_id, $2, $3, $4))",
        case_id,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        document_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The documents of a case as its complainant may know them: those disclosed to them (never
/// an original that has a redacted copy) and those they sent themselves.
pub async fn for_complainant(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> sqlx::Result<Vec<Document>> {
    document_query!(
        "(d.from_complainant
          or (d.disclosure = 'disclosable'
              and not exists (select 1 from document k where k.redacted_from = d.document_id)))",
        case_id
    )
    .fetch_all(conn)
    .await
}

/// A record of the case a document may be attached to, with how the form names it.
#[derive(Debug, Clone)]
pub struct AttachChoice {
    pub attachment: Attachment,
    pub label: String,
    /// The heading it is listed under.
    pub group: &'static str,
}

/// What a document of this case may be attached to: the case, each evidence entry, each
/// investigation's report, terms of reference and notices, each subject's notices and
/// interview record.
pub async fn attach_choices(pool: &PgPool, case_id: Uuid) -> sqlx::Result<Vec<AttachChoice>> {
    let mut choices = vec![AttachChoice {
        attachment: Attachment::Case,
        label: "The case itself".to_owned(),
        group: "",
    }];
    let evidence = sqlx::query!(
        "select evidence_item_id, description, received_on from evidence_item
          where case_id = $1 order by received_on nulls last, created_at",
        case_id
    )
    .fetch_all(pool)
    .await?;
    for e in evidence {
        let when = e
            .received_on
            .map(|d| format!(" (received {})", crate::workflow::calendar::english_date(d)))
            .unwrap_or_default();
        choices.push(AttachChoice {
            attachment: Attachment::Evidence(e.evidence_item_id),
            label: format!("{}{when}", e.description),
            group: "Evidence log",
        });
    }
    let investigations = sqlx::query!(
        r#"select investigation_id, mode::text as "mode!", started_on from investigation
            where case_id = $1 order by started_on, created_at"#,
        case_id
    )
    .fetch_all(pool)
    .await?;
    for i in investigations {
        let what = format!(
            "{} investigation started {}",
            i.mode,
            crate::workflow::calendar::english_date(i.started_on)
        );
        for purpose in [Purpose::Report, Purpose::TermsOfReference, Purpose::Notice] {
            let noun = match purpose {
                Purpose::Report => "Report",
                Purpose::TermsOfReference => "Terms of reference",
                _ => "A notice",
            };
            choices.push(AttachChoice {
                attachment: Attachment::Investigation(purpose, i.investigation_id),
                label: format!("{noun} of the {what}"),
                group: "Investigation",
            });
        }
    }
    let subjects = sqlx::query!(
        r#"select cs.case_subject_id, coalesce(s.name, 'Unnamed subject') as "name!", s.rank, s.collar_number
             from case_subject cs join subject s on s.subject_id = cs.subject_id
            where cs.case_id = $1 order by cs.created_at, cs.case_subject_id"#,
        case_id
    )
    .fetch_all(pool)
    .await?;
    for s in subjects {
        let who = [Some(s.name), s.rank, s.collar_number]
            .into_iter()
            .flatten()
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        for purpose in [Purpose::Notice, Purpose::InterviewRecord] {
            let noun = match purpose {
                Purpose::Notice => "A notice served on",
                _ => "The interview record of",
            };
            choices.push(AttachChoice {
                attachment: Attachment::Subject(purpose, s.case_subject_id),
                label: format!("{noun} {who}"),
                group: "Subjects",
            });
        }
    }
    Ok(choices)
}

/// Who uploaded a document: a member of staff, or the complainant through their status page.
#[derive(Debug, Clone, Copy)]
pub enum Uploader {
    Staff(Uuid, Role),
    Complainant,
}

impl Uploader {
    fn actor(self) -> Actor<'static> {
        match self {
            Uploader::Staff(id, role) => Actor::staff(id, role),
            Uploader::Complainant => Actor::complainant(),
        }
    }
}

/// Why recording an upload was refused by the database.
#[derive(Debug)]
pub enum RecordError {
    /// The complainant has sent as many documents as the case allows.
    TooMany(i32),
    /// The linked record is not of this case, or the original is not.
    NotOfCase,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for RecordError {
    fn from(e: sqlx::Error) -> Self {
        RecordError::Db(e)
    }
}

/// Records an uploaded document and its audit event, in one transaction.
pub async fn record_upload(
    pool: &PgPool,
    doc: &NewDocument<'_>,
    by: Uploader,
) -> Result<(), RecordError> {
    let mut tx = pool.begin().await?;
    let staff = match by {
        Uploader::Staff(id, _) => Some(id),
        Uploader::Complainant => None,
    };
    let a = doc.attachment;
    let inserted = sqlx::query!(
        "insert into document (document_id, case_id, name, description, media_type, size_bytes,
                               sha256, object_key, uploaded_by, from_complainant, purpose,
                               evidence_item_id, investigation_id, case_subject_id,
                               redacted_from, redactions)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        doc.document_id,
        doc.case_id,
        doc.name,
        doc.description,
        doc.media_type,
        i64::try_from(doc.size_bytes).unwrap_or(i64::MAX),
        doc.sha256,
        doc.object_key,
        staff,
        staff.is_none(),
        a.purpose().as_str(),
        a.evidence(),
        a.investigation(),
        a.subject(),
        doc.redacted_from,
        doc.redactions,
    )
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        return Err(match e.as_database_error().and_then(|d| d.constraint()) {
            Some("complainant_upload_files") => {
                // The transaction is spent: the allowance is read afresh.
                tx.rollback().await?;
                let mut conn = pool.acquire().await?;
                RecordError::TooMany(allowance_in(&mut conn, doc.case_id).await?.0)
            }
            Some(
                "document_evidence_fkey"
                | "document_investigation_fkey"
                | "document_subject_fkey"
                | "document_redacted_from_fkey",
            ) => RecordError::NotOfCase,
            _ => RecordError::Db(e),
        });
    }
    let mut details = json!({
        "summary": format!("{} ({}).", doc.name, size_in_words(doc.size_bytes)),
        "name": doc.name,
        "media_type": doc.media_type,
        "size_bytes": doc.size_bytes,
        "sha256": doc.sha256,
    });
    if let Some(original) = doc.redacted_from {
        details["redacted_copy_of"] = json!(original);
        details["redactions"] = json!(doc.redactions);
        details["summary"] = json!(format!(
            "{} ({}), a redacted copy: {}.",
            doc.name,
            size_in_words(doc.size_bytes),
            doc.redactions.join("; ")
        ));
    }
    if matches!(by, Uploader::Complainant) {
        details["summary"] = json!(format!(
            "{} ({}), received from the complainant.",
            doc.name,
            size_in_words(doc.size_bytes)
        ));
    }
    audit::record(
        &mut *tx,
        event(
            doc.case_id,
            doc.document_id,
            RecordAction::UploadDocument,
            by.actor(),
        )
        .details(details),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An audit event about a document (in its case's chain).
fn event<'a>(
    case_id: Uuid,
    document_id: Uuid,
    action: RecordAction,
    actor: Actor<'a>,
) -> Event<'a> {
    Event::new(
        Entity::Document {
            case_id,
            document_id,
        },
        Action::Record(action),
        actor,
    )
}

/// Records that someone downloaded a document (all of it, or the byte range).
pub async fn record_download(
    pool: &PgPool,
    doc: &Document,
    range: Option<(u64, u64)>,
    by: Uploader,
) -> sqlx::Result<()> {
    let mut details = json!({
        "summary": format!("{}.", doc.name),
        "name": doc.name,
    });
    if let Some((first, last)) = range {
        details["bytes"] = json!(format!("{first}-{last}"));
    }
    audit::record(
        pool,
        event(
            doc.case_id,
            doc.document_id,
            RecordAction::DownloadDocument,
            by.actor(),
        )
        .details(details),
    )
    .await
}

/// A decision on whether a document is disclosed to the complainant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    Disclosable,
    /// Not disclosed, with no harm-test ground recorded (not yet disclosed, or not relevant).
    NotDisclosed,
    /// Withheld under the harm test: the ground (the risk being real and the effect
    /// significant, both confirmed) and when to look at it again.
    Withheld {
        ground: WithholdingGround,
        review_on: NaiveDate,
    },
}

/// Why a disclosure decision was refused.
#[derive(Debug)]
pub enum DecideError {
    /// The document is on the public register: it must be withdrawn from it first.
    Published,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for DecideError {
    fn from(e: sqlx::Error) -> Self {
        DecideError::Db(e)
    }
}

/// Records a disclosure decision and its audit event.
pub async fn decide(
    pool: &PgPool,
    doc: &Document,
    decision: Disclosure,
    by: Uuid,
    role: Role,
) -> Result<(), DecideError> {
    let (disclosure, ground, review_on) = match decision {
        Disclosure::Disclosable => ("disclosable", None, None),
        Disclosure::NotDisclosed => ("not_disclosed", None, None),
        Disclosure::Withheld { ground, review_on } => {
            ("not_disclosed", Some(ground.as_str()), Some(review_on))
        }
    };
    let mut tx = pool.begin().await?;
    let updated = sqlx::query!(
        "update document
            set disclosure = $3, withholding_ground = $4,
                harm_real = case when $4::text is null then null else true end,
                harm_significant = case when $4::text is null then null else true end,
                withholding_review_on = $5,
                disclosure_decided_by = $6, disclosure_decided_at = now()
          where case_id = $1 and document_id = $2",
        doc.case_id,
        doc.document_id,
        disclosure,
        ground,
        review_on,
        by
    )
    .execute(&mut *tx)
    .await;
    if let Err(e) = updated {
        return Err(match e.as_database_error().and_then(|d| d.constraint()) {
            Some("document_published_is_redacted_pdf") => DecideError::Published,
            _ => DecideError::Db(e),
        });
    }
    let summary = match decision {
        Disclosure::Disclosable => format!("{}: disclosable to the complainant.", doc.name),
        Disclosure::NotDisclosed => format!("{}: not disclosed.", doc.name),
        Disclosure::Withheld { ground, review_on } => format!(
            "{}: withheld under the harm test ({}), to be reviewed by {}.",
            doc.name,
            ground.label().to_lowercase(),
            crate::workflow::calendar::english_date(review_on)
        ),
    };
    audit::record(
        &mut *tx,
        event(
            doc.case_id,
            doc.document_id,
            RecordAction::DecideDisclosure,
            Actor::staff(by, role),
        )
        .details(json!({
            "summary": summary,
            "disclosure": disclosure,
            "ground": ground,
            "review_on": review_on,
            "harm_real": ground.map(|_| true),
            "harm_significant": ground.map(|_| true),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes a disclosable redacted PDF on the public register as its investigation's report
/// (`on` is the day), or withdraws it (`None`).
pub async fn set_published(
    pool: &PgPool,
    doc: &Document,
    on: Option<NaiveDate>,
    by: Uuid,
    role: Role,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "update document set published_on = $3 where case_id = $1 and document_id = $2",
        doc.case_id,
        doc.document_id,
        on
    )
    .execute(&mut *tx)
    .await?;
    let (action, summary) = match on {
        Some(_) => (
            RecordAction::PublishDocument,
            format!("{}: published on the public register.", doc.name),
        ),
        None => (
            RecordAction::WithdrawPublication,
            format!("{}: withdrawn from the public register.", doc.name),
        ),
    };
    audit::record(
        &mut *tx,
        event(doc.case_id, doc.document_id, action, Actor::staff(by, role))
            .details(json!({ "summary": summary, "published_on": on })),
    )
    .await?;
    tx.commit().await
}

/// How many documents the complainant of a case may send, and how large each may be.
async fn allowance_in(conn: &mut PgConnection, case_id: Uuid) -> sqlx::Result<(i32, i64)> {
    let row = sqlx::query!(
        r#"select files as "files!", bytes_each as "bytes_each!" from complainant_allowance($1)"#,
        case_id
    )
    .fetch_one(conn)
    .await?;
    Ok((row.files, row.bytes_each))
}

/// The complainant's allowance on a case and how many documents they have sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    pub files: i32,
    pub bytes_each: i64,
    pub sent: i64,
}

impl Allowance {
    pub fn left(&self) -> i64 {
        (i64::from(self.files) - self.sent).max(0)
    }
}

pub async fn allowance(conn: &mut PgConnection, case_id: Uuid) -> sqlx::Result<Allowance> {
    let (files, bytes_each) = allowance_in(conn, case_id).await?;
    let sent = sqlx::query_scalar!(
        r#"select count(*) as "n!" from document where case_id = $1 and from_complainant"#,
        case_id
    )
    .fetch_one(conn)
    .await?;
    Ok(Allowance {
        files,
        bytes_each,
        sent,
    })
}

/// Sets how many documents the complainant of a case may send, and how large each.
pub async fn set_allowance(
    pool: &PgPool,
    case_id: Uuid,
    files: i32,
    bytes_each: i64,
    by: Uuid,
    role: Role,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "insert into complainant_upload_allowance (case_id, files, bytes_each, set_by)
         values ($1, $2, $3, $4)
         on conflict (case_id) do update
            set files = excluded.files, bytes_each = excluded.bytes_each,
                set_by = excluded.set_by, set_at = now()",
        case_id,
        files,
        bytes_each,
        by
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Case(case_id),
            Action::Record(RecordAction::SetUploadAllowance),
            Actor::staff(by, role),
        )
        .details(json!({
            "summary": format!(
                "The complainant may send {files} documents of up to {} each.",
                size_in_words(u64::try_from(bytes_each).unwrap_or(0))
            ),
            "files": files,
            "bytes_each": bytes_each,
        })),
    )
    .await?;
    tx.commit().await
}

/// A withholding as the report lists it.
#[derive(Debug, Clone)]
pub struct Withholding {
    pub case_id: Uuid,
    pub document_id: Uuid,
    pub reference: String,
    pub force_name: String,
    pub name: String,
    pub ground: String,
    pub review_on: NaiveDate,
    pub decided_by: Option<String>,
}

/// The active withholdings in the user's scope, the soonest review first, keyset-paged after
/// `(review_on, document_id)`; `due_by`, when given, keeps those due for review by that day.
pub async fn withholdings(
    pool: &PgPool,
    scope: CaseScope,
    after: Option<(NaiveDate, Uuid)>,
    due_by: Option<NaiveDate>,
    limit: i64,
) -> sqlx::Result<Vec<Withholding>> {
    let mut tx = super::list_transaction(pool, scope).await?;
    let rows = sqlx::query_as!(
        Withholding,
        r#"select d.case_id, d.document_id,
                  coalesce(c.iopc_reference, c.force_reference, c.case_id::text) as "reference!",
                  f.name as force_name, d.name, d.withholding_ground as "ground!",
                  d.withholding_review_on as "review_on!", u.display_name as "decided_by?"
             from document d
             join case_record c on c.case_id = d.case_id
             join police_force f on f.police_force_id = c.force_id
             left join staff_user u on u.staff_user_id = d.disclosure_decided_by
            where d.withholding_ground is not null
              and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
              and ($4::date is null or (d.withholding_review_on, d.document_id) > ($4, $5))
              and ($6::date is null or d.withholding_review_on <= $6)
            order by d.withholding_review_on, d.document_id
            limit $7"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        after.map(|a| a.0),
        after.map(|a| a.1),
        due_by,
        limit
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// Documents complainants have sent that nobody has yet decided on, on the cases this user
/// handles: assigned to them, or of their force (`force`), or, for the IOPC (`iopc`), with
/// an independent investigation. Oldest first. `date`: the day sent.
pub async fn from_complainants_undecided(
    pool: &PgPool,
    scope: CaseScope,
    user: Uuid,
    force: Option<Uuid>,
    iopc: bool,
    limit: i64,
) -> sqlx::Result<Vec<super::my_work::QueueRow>> {
    let rows = sqlx::query!(
        r#"select c.case_id, c.iopc_reference, c.force_reference, d.name,
                  (d.uploaded_at at time zone 'Europe/London')::date as "sent_on!"
             from document d
             join case_record c on c.case_id = d.case_id
            where d.from_complainant and d.disclosure_decided_at is null
              and case_in_scope(c.force_id, c.case_id, $1, $2, $3)
              and (c.assigned_to = $4 or c.force_id = $5
                   or ($6 and exists (select 1 from investigation i
                                       where i.case_id = c.case_id and i.mode = 'independent')))
            order by d.uploaded_at, d.document_id
            limit $7"#,
        scope.force(),
        scope.lpb(),
        scope.nothing(),
        user,
        force,
        iopc,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| super::my_work::QueueRow {
            case_id: Some(r.case_id),
            iopc_reference: r.iopc_reference,
            force_reference: r.force_reference,
            context: r.name,
            date: Some(r.sent_on),
        })
        .collect())
}

/// A report on the public register.
#[derive(Debug, Clone)]
pub struct PublishedReport {
    pub document_id: Uuid,
    pub case_id: Uuid,
    pub name: String,
    pub size_bytes: i64,
    pub object_key: String,
    pub published_on: NaiveDate,
    pub iopc_reference: Option<String>,
    pub force_name: String,
    pub force_name_cy: Option<String>,
}

macro_rules! published_query {
    ($where:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            PublishedReport,
            r#"select d.document_id, d.case_id, d.name, d.size_bytes, d.object_key,
                      d.published_on as "published_on!", c.iopc_reference,
                      f.name as force_name, f.name_cy as force_name_cy
                 from document d
                 join case_record c on c.case_id = d.case_id
                 join police_force f on f.police_force_id = c.force_id
                where d.published_on is not null and "# + $where + r#"
                order by d.published_on desc, d.document_id desc
                limit 51"#,
            $($arg),*
        )
    };
}

/// Published reports, newest first, 51 at a time (one more than a page shows) before the
/// keyset `before`.
pub async fn published_reports(
    pool: &PgPool,
    before: Option<(NaiveDate, Uuid)>,
) -> sqlx::Result<Vec<PublishedReport>> {
    published_query!(
        "($1::date is null or (d.published_on, d.document_id) < ($1, $2))",
        before.map(|b| b.0),
        before.map(|b| b.1)
    )
    .fetch_all(pool)
    .await
}

/// The published reports of a case.
pub async fn published_for_case(
    pool: &PgPool,
    case_id: Uuid,
) -> sqlx::Result<Vec<PublishedReport>> {
    published_query!("d.case_id = $1", case_id)
        .fetch_all(pool)
        .await
}

/// One published report.
pub async fn published_report(
    pool: &PgPool,
    document_id: Uuid,
) -> sqlx::Result<Option<PublishedReport>> {
    Ok(published_query!("d.document_id = $1", document_id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .next())
}
