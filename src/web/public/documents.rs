//! `/status/documents`: the complainant's documents. They see and download what has been
//! disclosed to them (a disclosable document, never an original that has a redacted copy),
//! see what they have sent, and send supporting documents of their own: at most 10 files of
//! 50 MB each on a case unless staff raise it (`complainant_upload_allowance`; the database
//! holds the count under a per-case lock). What they send lands as "received from the
//! complainant", not disclosed, and waits on the handler's My work. Every download is an
//! audit event of the case, by the complainant.
//!
//! Uploads are received as staff uploads are (`web::shared::upload`), on a route without a
//! request timeout (`super::upload_router`); the words of a refusal are the reader's language.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::status::no_store;
use super::{Choices, Chrome};
use crate::db::documents::{self as db, Allowance, Document, RecordError, Uploader};
use crate::db::public::StatusRow;
use crate::domain::documents::{Refusal, size_in_words};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::form::{Field, Posted, TextField};
use crate::web::shared::render::html;
use crate::web::shared::upload::{Stop, Token, description, receive, remove_quietly};

/// The longest description a complainant may give a document.
const DESCRIPTION_MAX: usize = 500;

struct Item {
    name: String,
    href: Option<String>,
    size: String,
    on: String,
}

#[derive(askama::Template)]
#[template(path = "public/documents.html")]
struct DocumentsPage<'a> {
    lang: &'static str,
    page_title: &'static str,
    tr: Tr,
    chrome: Chrome,
    errors: FormErrors,
    csrf_token: &'a str,
    shared: Vec<Item>,
    sent: Vec<Item>,
    fields: Vec<Field>,
    /// How many more they may send, in words; `None` when they may send no more.
    allowance: Option<String>,
    full: String,
    banner: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct DocumentsQuery {
    #[serde(default)]
    sent: Option<String>,
}

fn item(tr: &Tr, d: &Document, link: bool) -> Item {
    Item {
        name: d.name.clone(),
        href: link.then(|| format!("/status/documents/{}", d.document_id)),
        size: size_in_words(d.size()),
        on: tr.date(d.uploaded_at.date()),
    }
}

fn words(row: &StatusRow, choices: &Choices) -> Tr {
    choices.tr(
        Some(Lang::from_domain(row.preferred_language)),
        row.easy_read,
    )
}

async fn render(
    state: &AppState,
    choices: &Choices,
    row: &StatusRow,
    errors: FormErrors,
    input: &Posted,
    banner: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let tr = words(row, choices);
    let (documents, allowance): (Vec<Document>, Allowance) = {
        let mut conn = state.pool.acquire().await?;
        (
            db::for_complainant(&mut conn, row.case_id).await?,
            db::allowance(&mut conn, row.case_id).await?,
        )
    };
    let shared = documents
        .iter()
        .filter(|d| !d.from_complainant && d.reaches_complainant())
        .map(|d| item(&tr, d, true))
        .collect();
    let sent = documents
        .iter()
        .filter(|d| d.from_complainant)
        .map(|d| item(&tr, d, false))
        .collect();
    let left = allowance.left();
    let size = size_in_words(limit(state, &allowance));
    let mut response = html(&DocumentsPage {
        lang: tr.lang.code(),
        page_title: tr.t("documents-title"),
        tr,
        chrome: choices.chrome(tr, true),
        fields: vec![Field::Text(
            TextField::input(
                "description",
                tr.t("documents-description-label"),
                input.get("description"),
                &errors,
            )
            .hint(tr.t("documents-description-hint"))
            .max(DESCRIPTION_MAX),
        )],
        errors,
        csrf_token: &row.csrf_token,
        shared,
        sent,
        allowance: (left > 0).then(|| {
            tr.f(
                "documents-send-hint",
                &[("size", &size), ("left", &left.to_string())],
            )
        }),
        full: tr.f(
            "documents-send-full",
            &[("files", &allowance.files.to_string())],
        ),
        banner,
    })?;
    *response.status_mut() = status;
    no_store(&mut response);
    Ok(response)
}

/// The largest file the complainant may send: their allowance, within the service's limit.
fn limit(state: &AppState, allowance: &Allowance) -> u64 {
    u64::try_from(allowance.bytes_each)
        .unwrap_or(0)
        .min(state.settings.upload_limit)
}

/// `GET /status/documents`
pub async fn page(
    State(state): State<AppState>,
    choices: Choices,
    headers: HeaderMap,
    Query(query): Query<DocumentsQuery>,
) -> AppResult<Response> {
    let row = match super::signed_in(&state, &headers).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    let tr = words(&row, &choices);
    let banner = query
        .sent
        .filter(|n| !n.trim().is_empty())
        .map(|name| tr.f("documents-sent-banner", &[("name", &name)]));
    render(
        &state,
        &choices,
        &row,
        FormErrors::in_language(&tr),
        &Posted::default(),
        banner,
        StatusCode::OK,
    )
    .await
}

/// The words of a refusal in the reader's language.
fn refused(tr: &Tr, refusal: &Refusal) -> String {
    match refusal.public_key() {
        (key, None) => tr.t(key).to_owned(),
        (key, Some(arg)) => tr.f(key, &[("value", &arg)]),
    }
}

/// `POST /status/documents`
pub async fn upload(
    State(state): State<AppState>,
    choices: Choices,
    request: Request,
) -> AppResult<Response> {
    let row = match super::signed_in(&state, request.headers()).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    let tr = words(&row, &choices);
    let again = async |errors: FormErrors, input: &Posted, status| {
        render(&state, &choices, &row, errors, input, None, status).await
    };
    let allowance = {
        let mut conn = state.pool.acquire().await?;
        db::allowance(&mut conn, row.case_id).await?
    };
    let limit = limit(&state, &allowance);
    let document_id = Uuid::now_v7();
    let key = db::object_key(row.case_id, document_id);
    let sent = receive(
        &state,
        request,
        &key,
        limit,
        Token::Complainant(&row.csrf_token),
    )
    .await;
    let input = sent.texts;
    let mut errors = FormErrors::in_language(&tr);
    let file = match sent.file {
        Ok(file) => file,
        Err(Stop::Refused(refusal, status)) => {
            errors.add("file", refused(&tr, &refusal));
            return again(errors, &input, status).await;
        }
        Err(Stop::Broken) => return Ok(StatusCode::BAD_REQUEST.into_response()),
        Err(Stop::Failed(e)) => return Err(e),
    };
    let description = description(input.get("description"), DESCRIPTION_MAX);
    let recorded = db::record_upload(
        &state.pool,
        &file.document(document_id, row.case_id, &key, &description),
        Uploader::Complainant,
    )
    .await;
    match recorded {
        Ok(()) => {
            let done =
                serde_urlencoded::to_string([("sent", file.name.as_str())]).unwrap_or_default();
            Ok(Redirect::to(&format!("/status/documents?{done}")).into_response())
        }
        Err(e) => {
            remove_quietly(&state, &key).await;
            match e {
                RecordError::TooMany(n) => {
                    errors.add("file", refused(&tr, &Refusal::TooMany(n)));
                    again(errors, &input, StatusCode::UNPROCESSABLE_ENTITY).await
                }
                RecordError::NotOfCase => Err(AppError::Internal(anyhow::anyhow!(
                    "a complainant's upload was linked to a record"
                ))),
                RecordError::Db(e) => Err(e.into()),
            }
        }
    }
}

/// `GET /status/documents/{document_id}`: a document disclosed to the complainant.
pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(document_id): Path<String>,
) -> AppResult<Response> {
    let row = match super::signed_in(&state, &headers).await? {
        Ok(row) => row,
        Err(redirect) => return Ok(redirect),
    };
    let document_id: Uuid = document_id.parse().map_err(|_| AppError::NotFound)?;
    let doc = {
        let mut conn = state.pool.acquire().await?;
        db::for_complainant(&mut conn, row.case_id).await?
    }
    .into_iter()
    .find(|d| d.document_id == document_id && !d.from_complainant && d.reaches_complainant())
    .ok_or(AppError::NotFound)?;
    let mut response = crate::web::shared::download::send(
        &state,
        &doc.object_key,
        &doc.name,
        &doc.media_type,
        doc.size(),
        &headers,
        async |range| {
            Ok(db::record_download(&state.pool, &doc, range, Uploader::Complainant).await?)
        },
    )
    .await?;
    no_store(&mut response);
    Ok(response)
}
