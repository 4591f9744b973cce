//! The documents of a case: what is known of each (its contents are in the object store,
//! `crate::storage`), read in the user's scope, and the audit events of uploads and
//! downloads.

use chrono::NaiveDateTime;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::audit::{self, Action, Actor, Entity, Event, RecordAction};
use crate::auth::session::CaseScope;
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

/// The case's documents, oldest first, in the user's scope (none outside it).
pub async fn for_case(
    pool: &PgPool,
    case_id: Uuid,
    scope: CaseScope,
) -> sqlx::Result<Vec<Document>> {
    let mut tx = super::list_transaction(pool, scope).await?;
    let rows = sqlx::query_as!(
        Document,
        r#"select d.document_id, d.case_id, d.name, d.description, d.media_type, d.size_bytes,
                  d.sha256, d.object_key, u.display_name as "uploaded_by?",
                  d.uploaded_at at time zone 'Europe/London' as "uploaded_at!",
                  d.disclosure = 'disclosable' as "disclosable!"
             from document d
             join case_record c on c.case_id = d.case_id
             left join staff_user u on u.staff_user_id = d.uploaded_by
            where d.case_id = $1 and case_in_scope(c.force_id, c.case_id, $2, $3, $4)
            order by d.uploaded_at, d.document_id"#,
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
    Ok(for_case(pool, case_id, scope)
        .await?
        .into_iter()
        .find(|d| d.document_id == document_id))
}

/// Records an uploaded document and its audit event, in one transaction.
pub async fn record_upload(
    pool: &PgPool,
    doc: &NewDocument<'_>,
    by: Uuid,
    role: Role,
) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "insert into document (document_id, case_id, name, description, media_type, size_bytes,
                               sha256, object_key, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        doc.document_id,
        doc.case_id,
        doc.name,
        doc.description,
        doc.media_type,
        i64::try_from(doc.size_bytes).unwrap_or(i64::MAX),
        doc.sha256,
        doc.object_key,
        by,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Event::new(
            Entity::Document {
                case_id: doc.case_id,
                document_id: doc.document_id,
            },
            Action::Record(RecordAction::UploadDocument),
            Actor::staff(by, role),
        )
        .details(json!({
            "summary": format!("{} ({}).", doc.name, crate::domain::documents::size_in_words(doc.size_bytes)),
            "name": doc.name,
            "media_type": doc.media_type,
            "size_bytes": doc.size_bytes,
            "sha256": doc.sha256,
        })),
    )
    .await?;
    tx.commit().await
}

/// Records that a member of staff downloaded a document (all of it, or the byte range).
pub async fn record_download(
    pool: &PgPool,
    doc: &Document,
    range: Option<(u64, u64)>,
    by: Uuid,
    role: Role,
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
        Event::new(
            Entity::Document {
                case_id: doc.case_id,
                document_id: doc.document_id,
            },
            Action::Record(RecordAction::DownloadDocument),
            Actor::staff(by, role),
        )
        .details(details),
    )
    .await
}
