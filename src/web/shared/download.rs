//! Sending a stored document: as an attachment, with its media type and `nosniff`, all of it
//! or the one byte range asked for (RFC 9110), so a video can be scrubbed. The caller's
//! `audit` records the download first; used by the staff, complainant and public downloads.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;

use crate::error::{AppError, AppResult};
use crate::web::AppState;

/// Sends a stored document as an attachment, all of it or the one byte range asked for,
/// after `audit` has recorded the download.
pub async fn send(
    state: &AppState,
    key: &str,
    name: &str,
    media_type: &str,
    size: u64,
    headers: &HeaderMap,
    audit: impl AsyncFnOnce(Option<(u64, u64)>) -> AppResult<()>,
) -> AppResult<Response> {
    let Ok(range) = byte_range(headers, size) else {
        return Ok((
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{size}"))],
        )
            .into_response());
    };
    audit(range).await?;
    let stream = state
        .settings
        .documents
        .read(key, range.map(|(a, b)| a..b + 1))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut response = Response::new(Body::from_stream(stream.map_err(std::io::Error::other)));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(media_type)?);
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition(name))?,
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
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

/// A single byte range of a `Range` header, as (first, last) inclusive, within `size`
/// bytes: `None` when there is no header or it is not a single byte range (the whole file is
/// sent, as RFC 9110 allows); `Err` when it cannot be satisfied.
fn byte_range(headers: &HeaderMap, size: u64) -> Result<Option<(u64, u64)>, ()> {
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
