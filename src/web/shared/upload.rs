//! Receiving an uploaded file from a multipart form, for every form that sends one (a staff
//! upload, a redacted copy, a complainant's document on the status page).
//!
//! The file is streamed to the store (`crate::storage`) as it arrives: the first [`SNIFF`]
//! bytes decide the type (by content, matched against the name's extension), the bytes are
//! counted against the limit (over it, 413) and hashed on the way. A sender that stops
//! sending for [`STALL`] is cut off. The form's token is checked before any file is read: a
//! file field that comes before it is read and dropped. An upload that fails for any reason,
//! a broken connection included, is aborted in the store, so nothing is left of it; the
//! caller writes the row only once the object is complete, and removes the object again if
//! that fails ([`remove_quietly`]).

use std::time::Duration;

use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

use crate::domain::documents::{Refusal, SNIFF, checked_name, media_type, size_in_words};
use crate::error::AppError;
use crate::storage::Upload;
use crate::web::AppState;
use crate::web::shared::form::Posted;

/// How long an upload may go without a byte arriving before it is given up.
pub const STALL: Duration = Duration::from_secs(60);

/// The longest a text field of an upload form may be; the rest is dropped.
const TEXT_MAX: usize = 20_000;

/// Why an upload stopped.
pub enum Stop {
    /// The person's file or form: shown beside the field, with this status.
    Refused(Refusal, StatusCode),
    /// The connection broke or stalled: nobody is left to tell.
    Broken,
    Failed(AppError),
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Stop::Failed(e)
    }
}

/// The file as stored.
pub struct Received {
    pub name: String,
    pub media_type: &'static str,
    pub size: u64,
    pub sha256: String,
}

impl Received {
    /// The document this file makes: attached to the case itself (the caller changes that
    /// for a linked record or a redacted copy), its contents at `key`.
    pub fn document<'a>(
        &'a self,
        document_id: uuid::Uuid,
        case_id: uuid::Uuid,
        key: &'a str,
        description: &'a str,
    ) -> crate::db::documents::NewDocument<'a> {
        crate::db::documents::NewDocument {
            document_id,
            case_id,
            name: &self.name,
            description,
            media_type: self.media_type,
            size_bytes: self.size,
            sha256: &self.sha256,
            object_key: key,
            attachment: crate::domain::documents::Attachment::Case,
            redacted_from: None,
            redactions: &[],
        }
    }
}

/// A description as typed, trimmed and cut to `max` characters.
pub fn description(typed: &str, max: usize) -> String {
    typed.trim().chars().take(max).collect()
}

/// How the form's token is checked.
pub enum Token<'a> {
    /// A member of staff's session token.
    Staff(&'a crate::web::shared::extract::CurrentUser),
    /// The complainant's session token.
    Complainant(&'a str),
}

impl Token<'_> {
    async fn check(&self, state: &AppState, given: &str) -> Result<(), Stop> {
        match self {
            Token::Staff(user) => Ok(user.check_csrf(&state.pool, given).await?),
            Token::Complainant(expected)
                if crate::auth::access_code::same_hash(expected.as_bytes(), given.as_bytes()) =>
            {
                Ok(())
            }
            Token::Complainant(_) => Err(Stop::Failed(AppError::Forbidden)),
        }
    }
}

/// The form as received: its text fields, and the file (stored under `key`) or why not.
pub struct Sent {
    pub texts: Posted,
    pub file: Result<Received, Stop>,
}

/// Reads the multipart form of `request`, storing its one `file` field under `key`, at most
/// `limit` bytes. On any failure nothing is left in the store.
pub async fn receive(
    state: &AppState,
    request: Request,
    key: &str,
    limit: u64,
    token: Token<'_>,
) -> Sent {
    let mut pairs = Vec::new();
    let Ok(mut form) = Multipart::from_request(request, state).await else {
        // Not a multipart form (the pages always send one): nothing was chosen.
        return Sent {
            texts: Posted::new(pairs),
            file: Err(Stop::Refused(
                Refusal::NoFile,
                StatusCode::UNPROCESSABLE_ENTITY,
            )),
        };
    };
    let mut checked = false;
    let mut received: Option<Received> = None;
    let outcome: Result<(), Stop> = async {
        while let Some(mut field) = next_field(&mut form).await? {
            let name = field.name().unwrap_or_default().to_owned();
            match name.as_str() {
                "file" if checked && received.is_none() => {
                    let given = field.file_name().unwrap_or_default().to_owned();
                    let file_name = checked_name(&given)
                        .map_err(|r| Stop::Refused(r, StatusCode::UNPROCESSABLE_ENTITY))?;
                    received = Some(store(state, key, &file_name, limit, &mut field).await?);
                }
                _ if field.file_name().is_none() && name != "file" => {
                    let text = text(&mut field).await?;
                    if name == "csrf_token" {
                        token.check(state, &text).await?;
                        checked = true;
                    } else {
                        pairs.push((name, text));
                    }
                }
                _ => {
                    // Another file, or a file before the token: read and dropped.
                    while chunk(&mut field).await?.is_some() {}
                }
            }
        }
        if !checked {
            return Err(Stop::Failed(AppError::Forbidden));
        }
        Ok(())
    }
    .await;
    let file = match (outcome, received) {
        (Ok(()), Some(file)) => Ok(file),
        (Ok(()), None) => Err(Stop::Refused(
            Refusal::NoFile,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        (Err(stop), _) => {
            remove_quietly(state, key).await;
            Err(stop)
        }
    };
    Sent {
        texts: Posted::new(pairs),
        file,
    }
}

async fn next_field<'a>(form: &'a mut Multipart) -> Result<Option<Field<'a>>, Stop> {
    match tokio::time::timeout(STALL, form.next_field()).await {
        Ok(Ok(field)) => Ok(field),
        Ok(Err(_)) | Err(_) => Err(Stop::Broken),
    }
}

async fn chunk(field: &mut Field<'_>) -> Result<Option<bytes::Bytes>, Stop> {
    match tokio::time::timeout(STALL, field.chunk()).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) | Err(_) => Err(Stop::Broken),
    }
}

/// A text field, at most [`TEXT_MAX`] bytes of it kept (cut at a character boundary).
async fn text(field: &mut Field<'_>) -> Result<String, Stop> {
    let mut bytes = Vec::new();
    while let Some(part) = chunk(field).await? {
        let room = TEXT_MAX.saturating_sub(bytes.len());
        bytes.extend_from_slice(&part[..room.min(part.len())]);
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).unwrap_or_default()
        }
    })
}

/// Streams the file to the store under `key`: its type from the first bytes, its size held
/// to the limit. On any failure the object is given up.
async fn store(
    state: &AppState,
    key: &str,
    name: &str,
    limit: u64,
    field: &mut Field<'_>,
) -> Result<Received, Stop> {
    // The first bytes, to tell the type before anything is stored.
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF);
    let mut rest: Option<bytes::Bytes> = None;
    while head.len() < SNIFF {
        match chunk(field).await? {
            Some(bytes) => {
                let take = (SNIFF - head.len()).min(bytes.len());
                head.extend_from_slice(&bytes[..take]);
                if take < bytes.len() {
                    rest = Some(bytes.slice(take..));
                }
            }
            None => break,
        }
    }
    if head.is_empty() {
        return Err(Stop::Refused(
            Refusal::Empty,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let media =
        media_type(name, &head).map_err(|r| Stop::Refused(r, StatusCode::UNPROCESSABLE_ENTITY))?;
    let mut upload = state
        .settings
        .documents
        .upload(key)
        .await
        .map_err(|e| Stop::Failed(AppError::Internal(e.into())))?;
    let written: Result<(), Stop> = async {
        write(&mut upload, &head, limit).await?;
        if let Some(bytes) = rest {
            write(&mut upload, &bytes, limit).await?;
        }
        while let Some(bytes) = chunk(field).await? {
            write(&mut upload, &bytes, limit).await?;
        }
        Ok(())
    }
    .await;
    if let Err(stop) = written {
        if let Err(e) = upload.abort().await {
            tracing::warn!(error = %e, "cannot abort a stopped upload");
        }
        return Err(stop);
    }
    let (size, sha256) = upload
        .finish()
        .await
        .map_err(|e| Stop::Failed(AppError::Internal(e.into())))?;
    Ok(Received {
        name: name.to_owned(),
        media_type: media,
        size,
        sha256,
    })
}

async fn write(upload: &mut Upload, bytes: &[u8], limit: u64) -> Result<(), Stop> {
    if upload.size() + bytes.len() as u64 > limit {
        return Err(Stop::Refused(
            Refusal::TooLarge(size_in_words(limit)),
            StatusCode::PAYLOAD_TOO_LARGE,
        ));
    }
    upload
        .write(bytes)
        .await
        .map_err(|e| Stop::Failed(AppError::Internal(e.into())))
}

/// Removes an object whose upload did not complete; a failure is logged, never shown.
pub async fn remove_quietly(state: &AppState, key: &str) {
    if let Err(e) = state.settings.documents.remove(key).await {
        tracing::warn!(error = %e, key, "cannot remove the object of a failed upload");
    }
}
