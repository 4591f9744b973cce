//! A case's documents: the list and upload form (`GET /cases/{case_id}/documents`), the
//! upload (`POST`, a multipart form that needs no script) and the download
//! (`GET /cases/{case_id}/documents/{document_id}`).
//!
//! - **Who.** Anyone who may see the case may list and download its documents; those who keep
//!   its evidence log (`workflow::intake::may_log_evidence`) may upload. Another force's case
//!   is a 404, for the list, the form and every file.
//! - **Uploads are streamed** to the store (`crate::storage`) as they arrive: the first
//!   [`SNIFF`] bytes decide the type (by content, matched against the name's extension),
//!   the bytes are counted against the limit (`OVERSIGHT_UPLOAD_LIMIT`, 2 GiB by default;
//!   over it, 413) and hashed on the way. The upload route alone has no request timeout, since
//!   a video takes minutes to send; a sender that stops sending for [`STALL`] is cut off. An
//!   upload that fails for any reason, a broken connection included, is aborted in the store
//!   and leaves no row: the row and its audit event are written in one transaction only once
//!   the object is complete, and the object is removed again if that transaction fails.
//! - **Downloads** are audited (who, when, which file, which bytes), sent as attachments
//!   with the stored media type and `nosniff`, and honour a single `Range` so a video can be
//!   scrubbed.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use futures_util::TryStreamExt;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::documents::{self as db, Document, NewDocument};
use crate::domain::documents::{Refusal, SNIFF, checked_name, describe, media_type, size_in_words};
use crate::error::{AppError, AppResult};
use crate::storage::Upload;
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::ids::{CaseId, DocumentId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::calendar::english_date;
use crate::workflow::intake;

crate::web::shared::staff_routes! {
    get "/cases/{case_id}/documents" => page,
    get "/cases/{case_id}/documents/{document_id}" => download,
}

/// The upload's route, kept apart so that it carries no request timeout and no body limit of
/// its own (the handler counts the bytes).
pub const UPLOAD_ROUTES: &[(&str, &str)] = &[("post", "/cases/{case_id}/documents")];

/// The upload's router.
pub fn upload_router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/cases/{case_id}/documents", post(upload))
        .layer(axum::extract::DefaultBodyLimit::disable())
}

/// How long an upload may go without a byte arriving before it is given up.
pub const STALL: Duration = Duration::from_secs(60);

/// The longest description kept with a document.
const DESCRIPTION_MAX: usize = 2000;

/// A document as the list shows it.
struct Row {
    name: String,
    href: String,
    description: String,
    kind: &'static str,
    size: String,
    uploaded: String,
    uploaded_by: String,
}

#[derive(askama::Template)]
#[template(path = "documents/page.html")]
struct DocumentsPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    reference: String,
    case_href: String,
    action: String,
    documents: Vec<Row>,
    may_upload: bool,
    description: String,
    limit: String,
    uploaded: Option<String>,
}

fn row(d: &Document) -> Row {
    Row {
        name: d.name.clone(),
        href: format!("/cases/{}/documents/{}", d.case_id, d.document_id),
        description: d.description.clone(),
        kind: describe(&d.media_type),
        size: size_in_words(u64::try_from(d.size_bytes).unwrap_or(0)),
        uploaded: format!(
            "{}, {}",
            english_date(d.uploaded_at.date()),
            d.uploaded_at.format("%H:%M")
        ),
        uploaded_by: d.uploaded_by.clone().unwrap_or_else(|| "—".to_owned()),
    }
}

/// What the page shows besides the list: the form's errors and kept description, the banner
/// after an upload, and the status it is sent with.
struct Shown {
    errors: FormErrors,
    description: String,
    uploaded: Option<String>,
    status: StatusCode,
}

impl Shown {
    /// The form again, with a refusal beside the file.
    fn refused(refusal: &Refusal, description: String, status: StatusCode) -> Self {
        let mut errors = FormErrors::default();
        errors.add("file", refusal.to_string());
        Shown {
            errors,
            description,
            uploaded: None,
            status,
        }
    }
}

async fn render(
    state: &AppState,
    user: &StaffUser,
    case_id: Uuid,
    reference: String,
    shown: Shown,
) -> AppResult<Response> {
    let documents = db::for_case(&state.pool, case_id, user.scope()).await?;
    let page = html(&DocumentsPage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        errors: shown.errors,
        reference,
        case_href: format!("/cases/{case_id}"),
        action: format!("/cases/{case_id}/documents"),
        documents: documents.iter().map(row).collect(),
        may_upload: intake::may_log_evidence(user.role),
        description: shown.description,
        limit: size_in_words(state.settings.upload_limit),
        uploaded: shown.uploaded,
    })?;
    Ok((shown.status, page).into_response())
}

/// `GET /cases/{case_id}/documents`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let reference = db::case_reference(&state.pool, case_id.0, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let uploaded = query
        .iter()
        .find(|(k, _)| k == "uploaded")
        .map(|(_, v)| v.clone());
    let shown = Shown {
        errors: FormErrors::default(),
        description: String::new(),
        uploaded,
        status: StatusCode::OK,
    };
    render(&state, &user, case_id.0, reference, shown).await
}

/// Why an upload stopped.
enum Stop {
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

/// The form's fields as they arrived, the file's read and stored.
struct Received {
    name: String,
    media_type: &'static str,
    size: u64,
    sha256: String,
}

/// `POST /cases/{case_id}/documents`
pub async fn upload(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    user: CurrentUser,
    request: Request,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "upload_document").await;
    }
    let reference = db::case_reference(&state.pool, case_id.0, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let Ok(mut form) = Multipart::from_request(request, &state).await else {
        // Not a multipart form (the page always sends one): nothing was chosen.
        let shown = Shown::refused(
            &Refusal::NoFile,
            String::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        return render(&state, &user, case_id.0, reference, shown).await;
    };

    let document_id = Uuid::now_v7();
    let key = db::object_key(case_id.0, document_id);
    let mut description = String::new();
    let mut csrf_checked = false;
    let mut received: Option<Received> = None;
    let outcome: Result<(), Stop> = async {
        while let Some(mut field) = next_field(&mut form).await? {
            match field.name().unwrap_or_default() {
                "csrf_token" => {
                    let token = field.text().await.map_err(|_| Stop::Broken)?;
                    user.check_csrf(&state.pool, &token).await?;
                    csrf_checked = true;
                }
                "description" => {
                    let text = field.text().await.map_err(|_| Stop::Broken)?;
                    description = text.trim().chars().take(DESCRIPTION_MAX).collect();
                }
                "file" if csrf_checked && received.is_none() => {
                    let given = field.file_name().unwrap_or_default().to_owned();
                    let name = checked_name(&given)
                        .map_err(|r| Stop::Refused(r, StatusCode::UNPROCESSABLE_ENTITY))?;
                    received = Some(store(&state, &key, &name, &mut field).await?);
                }
                _ => {
                    // Anything else, or a file before the token: read and dropped.
                    while chunk(&mut field).await?.is_some() {}
                }
            }
        }
        if !csrf_checked {
            return Err(Stop::Failed(AppError::Forbidden));
        }
        Ok(())
    }
    .await;

    let shown = match (outcome, received) {
        (Ok(()), Some(file)) => {
            let recorded = db::record_upload(
                &state.pool,
                &NewDocument {
                    document_id,
                    case_id: case_id.0,
                    name: &file.name,
                    description: &description,
                    media_type: file.media_type,
                    size_bytes: file.size,
                    sha256: &file.sha256,
                    object_key: &key,
                },
                user.id,
                user.role,
            )
            .await;
            if let Err(e) = recorded {
                remove_quietly(&state, &key).await;
                return Err(e.into());
            }
            let done = format!(
                "/cases/{}/documents?uploaded={}",
                case_id.0,
                url_escape(&file.name)
            );
            return Ok(Redirect::to(&done).into_response());
        }
        (Ok(()), None) => Shown::refused(
            &Refusal::NoFile,
            description,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (Err(stop), _) => {
            remove_quietly(&state, &key).await;
            match stop {
                Stop::Refused(refusal, status) => Shown::refused(&refusal, description, status),
                Stop::Broken => {
                    tracing::info!(case_id = %case_id.0, "an upload was broken off; nothing kept");
                    return Ok(StatusCode::BAD_REQUEST.into_response());
                }
                Stop::Failed(e) => return Err(e),
            }
        }
    };
    render(&state, &user, case_id.0, reference, shown).await
}

async fn next_field<'a>(
    form: &'a mut Multipart,
) -> Result<Option<axum::extract::multipart::Field<'a>>, Stop> {
    match tokio::time::timeout(STALL, form.next_field()).await {
        Ok(Ok(field)) => Ok(field),
        Ok(Err(_)) | Err(_) => Err(Stop::Broken),
    }
}

async fn chunk(
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<Option<bytes::Bytes>, Stop> {
    match tokio::time::timeout(STALL, field.chunk()).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) | Err(_) => Err(Stop::Broken),
    }
}

/// Streams the file to the store under `key`: its type from the first bytes, its size held
/// to the limit. On any failure the object is given up.
async fn store(
    state: &AppState,
    key: &str,
    name: &str,
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<Received, Stop> {
    let limit = state.settings.upload_limit;
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

async fn remove_quietly(state: &AppState, key: &str) {
    if let Err(e) = state.settings.documents.remove(key).await {
        tracing::warn!(error = %e, key, "cannot remove the object of a failed upload");
    }
}

/// Percent-encodes a value for a query string.
fn url_escape(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s.trim_start_matches("v=").to_owned())
        .unwrap_or_default()
}

/// A single byte range of a `Range` header, as (first, last) inclusive, within `size`
/// bytes: `None` when there is no header or it is not a single byte range (the whole file is
/// sent, as RFC 9110 allows); `Err` when it cannot be satisfied.
pub fn byte_range(headers: &HeaderMap, size: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(value) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let (first, last) = (first.trim(), last.trim());
    let range = match (first.parse::<u64>(), last.parse::<u64>()) {
        // bytes=-N: the last N bytes.
        (Err(_), Ok(n)) if first.is_empty() => {
            if n == 0 {
                return Err(());
            }
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        (Ok(a), Err(_)) if last.is_empty() => (a, size.saturating_sub(1)),
        (Ok(a), Ok(b)) if a <= b => (a, b.min(size.saturating_sub(1))),
        _ => return Ok(None),
    };
    if size == 0 || range.0 >= size {
        return Err(());
    }
    Ok(Some(range))
}

/// `Content-Disposition: attachment` with the name, quoted for old clients and in UTF-8 for
/// the rest.
fn disposition(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// `GET /cases/{case_id}/documents/{document_id}`
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids((case_id, document_id)): Ids<(CaseId, DocumentId)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let doc = db::one(&state.pool, case_id.0, document_id.0, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let size = u64::try_from(doc.size_bytes).unwrap_or(0);
    let Ok(range) = byte_range(&headers, size) else {
        return Ok((
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{size}"))],
        )
            .into_response());
    };
    db::record_download(&state.pool, &doc, range, user.id, user.role).await?;
    let stream = state
        .settings
        .documents
        .read(&doc.object_key, range.map(|(a, b)| a..b + 1))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut response = Response::new(Body::from_stream(stream.map_err(std::io::Error::other)));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&doc.media_type)?,
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition(&doc.name))?,
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    match range {
        Some((first, last)) => {
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes {first}-{last}/{size}"))?,
            );
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(last - first + 1));
        }
        None => {
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(value: &str, size: u64) -> Result<Option<(u64, u64)>, ()> {
        let mut h = HeaderMap::new();
        h.insert(
            header::RANGE,
            HeaderValue::from_str(value).expect("a header"),
        );
        byte_range(&h, size)
    }

    #[test]
    fn a_single_byte_range_is_read_as_rfc_9110_writes_it() {
        assert_eq!(range("bytes=0-99", 1000), Ok(Some((0, 99))));
        assert_eq!(range("bytes=900-", 1000), Ok(Some((900, 999))));
        assert_eq!(range("bytes=-100", 1000), Ok(Some((900, 999))));
        assert_eq!(range("bytes=990-2000", 1000), Ok(Some((990, 999))));
        assert_eq!(range("bytes=1000-", 1000), Err(()));
        assert_eq!(range("bytes=-0", 1000), Err(()));
        // Not one byte range: the whole file.
        assert_eq!(range("bytes=0-1,5-6", 1000), Ok(None));
        assert_eq!(range("items=0-1", 1000), Ok(None));
        assert_eq!(range("bytes=9-2", 1000), Ok(None));
        assert_eq!(byte_range(&HeaderMap::new(), 1000), Ok(None));
    }

    #[test]
    fn the_downloaded_name_is_quoted_and_kept_in_utf8() {
        assert_eq!(
            disposition("Datganiad Siân \"2\".pdf"),
            "attachment; filename=\"Datganiad Si_n _2_.pdf\"; filename*=UTF-8''Datganiad%20Si%C3%A2n%20%222%22.pdf"
        );
    }
}
