//! A case's documents: the list and upload form (`GET /cases/{case_id}/documents`), the
//! upload (`POST`, a multipart form that needs no script), a redacted copy of a document
//! (`…/{document_id}/redacted`), the disclosure decision and publication
//! (`disclosure.rs`), the download (`GET /cases/{case_id}/documents/{document_id}`) and the
//! report of active withholdings (`withholdings.rs`).
//!
//! - **Who.** Anyone who may see the case may list and download its documents; those who keep
//!   its evidence log (`workflow::intake::may_log_evidence`) upload, make redacted copies and
//!   decide disclosure. Another force's case is a 404, for the list, the form and every file.
//! - **Uploads** are received by `web::shared::upload`: streamed, checked by content and name, held to
//!   the limit (`OVERSIGHT_UPLOAD_LIMIT`, 2 GiB by default; over it, 413). The upload routes
//!   alone have no request timeout, since a video takes minutes to send. The row and its
//!   audit event are written in one transaction once the object is complete, and the object
//!   is removed again if that transaction fails, so a failed upload leaves nothing.
//! - **Downloads** are audited (who, when, which file, which bytes), sent as attachments
//!   with the stored media type and `nosniff`, and honour a single `Range` so a video can be
//!   scrubbed.

mod disclosure;
mod withholdings;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::db::documents::{
    self as db, AttachChoice, Document, NewDocument, RecordError, Uploader,
};
use crate::domain::documents::{Attachment, Refusal, describe, redaction_reasons, size_in_words};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::download::send;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::form::{Field, Posted, SelectField, TextField};
use crate::web::shared::ids::{CaseId, DocumentId, Ids};
use crate::web::shared::render::{Page, html};
use crate::web::shared::upload::{Stop, Token, description, receive, remove_quietly};
use crate::workflow::calendar::english_date;
use crate::workflow::intake;

crate::web::shared::staff_routes! {
    get "/cases/{case_id}/documents" => page,
    get "/cases/{case_id}/documents/{document_id}" => download,
    get "/cases/{case_id}/documents/{document_id}/redacted" => copy_form,
    get "/cases/{case_id}/documents/{document_id}/disclosure" => disclosure::form,
    post "/cases/{case_id}/documents/{document_id}/disclosure" => disclosure::decide,
    post "/cases/{case_id}/documents/{document_id}/publication" => disclosure::publish,
    post "/cases/{case_id}/documents/allowance" => disclosure::allowance,
    get "/documents/withholdings" => withholdings::page,
}

/// The upload routes, kept apart so that they carry no request timeout and no body limit of
/// their own (the handler counts the bytes). The complainant's is the public pages'.
pub const UPLOAD_ROUTES: &[(&str, &str)] = &[
    ("post", "/cases/{case_id}/documents"),
    ("post", "/cases/{case_id}/documents/{document_id}/redacted"),
];

/// The upload routes' router.
pub fn upload_router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/cases/{case_id}/documents", post(upload))
        .route(
            "/cases/{case_id}/documents/{document_id}/redacted",
            post(upload_copy),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
}

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
    /// What it is attached to, in words.
    attached: Option<String>,
    /// For a redacted copy: the original's name, and the reasons for its redactions.
    copy_of: Option<String>,
    redactions: Vec<String>,
    /// Whether the complainant may see it, in words.
    disclosure: String,
    /// The document has redacted copies: its original stays with staff.
    original: bool,
    published: Option<String>,
    disclosure_href: String,
    copy_href: String,
}

fn row(d: &Document) -> Row {
    let base = format!("/cases/{}/documents/{}", d.case_id, d.document_id);
    Row {
        name: d.name.clone(),
        href: base.clone(),
        description: d.description.clone(),
        kind: describe(&d.media_type),
        size: size_in_words(d.size()),
        uploaded: format!(
            "{}, {}",
            english_date(d.uploaded_at.date()),
            d.uploaded_at.format("%H:%M")
        ),
        uploaded_by: match (&d.uploaded_by, d.from_complainant) {
            (_, true) => "the complainant".to_owned(),
            (Some(name), false) => name.clone(),
            (None, false) => "—".to_owned(),
        },
        attached: d
            .linked
            .as_ref()
            .map(|l| format!("{}: {l}", d.purpose().label())),
        copy_of: d.redacted_from_name.clone(),
        redactions: d.redactions.clone(),
        disclosure: disclosure_words(d),
        original: d.copies > 0,
        published: d.published_on.map(english_date),
        disclosure_href: format!("{base}/disclosure"),
        copy_href: format!("{base}/redacted"),
    }
}

/// Whether the complainant may see a document, in words.
pub(crate) fn disclosure_words(d: &Document) -> String {
    match (d.disclosable, d.ground(), d.withholding_review_on) {
        (true, _, _) if d.copies > 0 => {
            "Disclosable, but the complainant sees only its redacted copy".to_owned()
        }
        (true, _, _) => "Disclosable to the complainant".to_owned(),
        (false, Some(ground), Some(review)) => format!(
            "Withheld under the harm test: {}; review by {}",
            ground.label().to_lowercase(),
            english_date(review)
        ),
        _ if d.from_complainant && d.decided_at.is_none() => {
            "Received from the complainant: not yet decided".to_owned()
        }
        _ => "Not disclosed".to_owned(),
    }
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
    fields: Vec<Field>,
    limit: String,
    banner: Option<String>,
    allowance: Option<AllowanceView>,
}

/// The complainant's allowance as the page shows it, with its form.
struct AllowanceView {
    text: String,
    action: String,
    fields: Vec<Field>,
}

/// The upload form's fields: what the document is, what it is attached to (the select's
/// empty first option is the case itself).
fn upload_fields(choices: &[AttachChoice], input: &Posted, errors: &FormErrors) -> Vec<Field> {
    let values: Vec<(String, &str, &str)> = choices
        .iter()
        .filter(|c| c.attachment != Attachment::Case)
        .map(|c| (c.attachment.value(), c.label.as_str(), c.group))
        .collect();
    let mut groups: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for (value, label, group) in &values {
        match groups.iter_mut().find(|(g, _)| g == group) {
            Some((_, options)) => options.push((value.as_str(), label)),
            None => groups.push((group, vec![(value.as_str(), label)])),
        }
    }
    vec![
        Field::Text(
            TextField::input(
                "description",
                "What is it? (optional)",
                input.get("description"),
                errors,
            )
            .hint("For example, \"Body-worn video of PC 4521, 3 March\"")
            .max(DESCRIPTION_MAX),
        ),
        Field::Select(
            SelectField::grouped(
                "attach",
                "What is it attached to?",
                "The case itself",
                &groups,
                input.get("attach"),
                errors,
            )
            .hint("An evidence-log entry, the investigation's report, terms of reference or a notice, or a notice served on a subject or their interview record"),
        ),
    ]
}

/// What the page shows besides the list: the form's errors and what was typed, the banner
/// after a change, and the status it is sent with.
pub(crate) struct Shown {
    pub errors: FormErrors,
    pub input: Posted,
    pub banner: Option<String>,
    pub status: StatusCode,
}

impl Shown {
    pub fn ok(banner: Option<String>) -> Self {
        Shown {
            errors: FormErrors::default(),
            input: Posted::default(),
            banner,
            status: StatusCode::OK,
        }
    }

    /// The form again, with a refusal beside the file.
    pub fn refused(refusal: &Refusal, input: Posted, status: StatusCode) -> Self {
        let mut errors = FormErrors::default();
        errors.add("file", refusal.to_string());
        Shown {
            errors,
            input,
            banner: None,
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
    let may_upload = intake::may_log_evidence(user.role);
    let fields = if may_upload {
        let choices = db::attach_choices(&state.pool, case_id).await?;
        upload_fields(&choices, &shown.input, &shown.errors)
    } else {
        Vec::new()
    };
    let allowance = if may_upload {
        let mut conn = state.pool.acquire().await?;
        let a = db::allowance(&mut conn, case_id).await?;
        Some(disclosure::allowance_view(
            case_id,
            &a,
            &shown.input,
            &shown.errors,
        ))
    } else {
        None
    };
    let page = html(&DocumentsPage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        errors: shown.errors,
        reference,
        case_href: format!("/cases/{case_id}"),
        action: format!("/cases/{case_id}/documents"),
        documents: documents.iter().map(row).collect(),
        may_upload,
        fields,
        limit: size_in_words(state.settings.upload_limit),
        banner: shown.banner,
        allowance,
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
    let query = Posted::new(query);
    let banner = match (query.get("uploaded"), query.get("allowance")) {
        ("", "") => None,
        (name, "") => Some(format!(
            "{name} is uploaded: it is in the list below and on the case's timeline, and is not disclosed to the complainant"
        )),
        (_, _) => Some("What the complainant may send is changed".to_owned()),
    };
    render(&state, &user, case_id.0, reference, Shown::ok(banner)).await
}

/// What became of an upload: recorded (its name and id), or refused (the form again).
enum Uploaded {
    Done { name: String, id: Uuid },
    Again(Shown),
}

/// The form again, with `errors` and a request to choose the file once more (nothing of it
/// was kept).
fn choose_again(mut errors: FormErrors, input: Posted) -> Uploaded {
    errors.add("file", "Choose the file again");
    Uploaded::Again(Shown {
        errors,
        input,
        banner: None,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    })
}

/// Receives a staff upload and records it: a document of the case, or a redacted copy of
/// `original`.
async fn receive_staff(
    state: &AppState,
    user: &CurrentUser,
    case_id: Uuid,
    original: Option<&Document>,
    request: Request,
) -> AppResult<Uploaded> {
    let document_id = Uuid::now_v7();
    let key = db::object_key(case_id, document_id);
    let sent = receive(
        state,
        request,
        &key,
        state.settings.upload_limit,
        Token::Staff(user),
    )
    .await;
    let input = sent.texts;
    let file = match sent.file {
        Ok(file) => file,
        Err(Stop::Refused(refusal, status)) => {
            return Ok(Uploaded::Again(Shown::refused(&refusal, input, status)));
        }
        Err(Stop::Broken) => {
            tracing::info!(case_id = %case_id, "an upload was broken off; nothing kept");
            return Err(AppError::BadRequest("The upload was broken off.".into()));
        }
        Err(Stop::Failed(e)) => return Err(e),
    };
    let mut errors = FormErrors::default();
    // A redacted copy belongs where its original does.
    let attachment = match original {
        Some(o) => Some(o.attachment()),
        None => Attachment::parse(input.get("attach")),
    };
    if attachment.is_none() {
        errors.add("attach", ATTACH_FROM_LIST);
    }
    let reasons = redaction_reasons(input.get("redactions"));
    if original.is_some() && reasons.is_empty() {
        errors.add(
            "redactions",
            "Give the reason for each redaction, one to a line",
        );
    }
    if !errors.is_empty() {
        remove_quietly(state, &key).await;
        return Ok(choose_again(errors, input));
    }
    let description = description(input.get("description"), DESCRIPTION_MAX);
    let recorded = db::record_upload(
        &state.pool,
        &NewDocument {
            attachment: attachment.unwrap_or(Attachment::Case),
            redacted_from: original.map(|o| o.document_id),
            redactions: &reasons,
            ..file.document(document_id, case_id, &key, &description)
        },
        Uploader::Staff(user.id, user.role),
    )
    .await;
    match recorded {
        Ok(()) => Ok(Uploaded::Done {
            name: file.name,
            id: document_id,
        }),
        Err(e) => {
            remove_quietly(state, &key).await;
            match e {
                RecordError::NotOfCase => {
                    let mut errors = FormErrors::default();
                    errors.add("attach", ATTACH_FROM_LIST);
                    Ok(choose_again(errors, input))
                }
                RecordError::Db(e) => Err(e.into()),
                RecordError::TooMany(_) => Err(AppError::Internal(anyhow::anyhow!(
                    "a staff upload was counted as a complainant's"
                ))),
            }
        }
    }
}

/// What the attachment select says when its answer is not one of its options.
const ATTACH_FROM_LIST: &str = "Choose what the document is attached to from the list";

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
    match receive_staff(&state, &user, case_id.0, None, request).await? {
        Uploaded::Done { name, .. } => {
            let done = format!(
                "/cases/{}/documents?uploaded={}",
                case_id.0,
                url_escape(&name)
            );
            Ok(Redirect::to(&done).into_response())
        }
        Uploaded::Again(shown) => render(&state, &user, case_id.0, reference, shown).await,
    }
}

#[derive(askama::Template)]
#[template(path = "documents/copy.html")]
struct CopyPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    reference: String,
    documents_href: String,
    action: String,
    original: String,
    fields: Vec<Field>,
    limit: String,
}

fn copy_fields(input: &Posted, errors: &FormErrors) -> Vec<Field> {
    vec![
        Field::Text(
            TextField::textarea(
                "redactions",
                "Why was each part redacted?",
                input.get("redactions"),
                errors,
                5,
            )
            .hint("One reason a line, in the order the redactions appear. For example, \"Name and address of a witness\"")
            .max(5000),
        ),
        Field::Text(
            TextField::input(
                "description",
                "What is it? (optional)",
                input.get("description"),
                errors,
            )
            .max(DESCRIPTION_MAX),
        ),
    ]
}

async fn render_copy(
    state: &AppState,
    user: &StaffUser,
    original: &Document,
    reference: String,
    shown: Shown,
) -> AppResult<Response> {
    let page = html(&CopyPage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        reference,
        documents_href: format!("/cases/{}/documents", original.case_id),
        action: format!(
            "/cases/{}/documents/{}/redacted",
            original.case_id, original.document_id
        ),
        original: original.name.clone(),
        fields: copy_fields(&shown.input, &shown.errors),
        errors: shown.errors,
        limit: size_in_words(state.settings.upload_limit),
    })?;
    Ok((shown.status, page).into_response())
}

/// The case's reference and one of its documents, in the user's scope.
async fn in_scope(
    state: &AppState,
    user: &CurrentUser,
    case_id: Uuid,
    document_id: Uuid,
) -> AppResult<(String, Document)> {
    let reference = db::case_reference(&state.pool, case_id, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let doc = db::one(&state.pool, case_id, document_id, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((reference, doc))
}

/// The original a redacted copy is made of, in the user's scope; a copy is not copied again.
async fn original(
    state: &AppState,
    user: &CurrentUser,
    case_id: Uuid,
    document_id: Uuid,
) -> AppResult<(String, Document)> {
    let (reference, doc) = in_scope(state, user, case_id, document_id).await?;
    if doc.redacted_from.is_some() {
        return Err(AppError::NotFound);
    }
    Ok((reference, doc))
}

/// `GET /cases/{case_id}/documents/{document_id}/redacted`
pub async fn copy_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids((case_id, document_id)): Ids<(CaseId, DocumentId)>,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "redact_document").await;
    }
    let (reference, doc) = original(&state, &user, case_id.0, document_id.0).await?;
    render_copy(&state, &user, &doc, reference, Shown::ok(None)).await
}

/// `POST /cases/{case_id}/documents/{document_id}/redacted`: the copy, then its disclosure.
pub async fn upload_copy(
    State(state): State<AppState>,
    Ids((case_id, document_id)): Ids<(CaseId, DocumentId)>,
    user: CurrentUser,
    request: Request,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "redact_document").await;
    }
    let (reference, doc) = original(&state, &user, case_id.0, document_id.0).await?;
    match receive_staff(&state, &user, case_id.0, Some(&doc), request).await? {
        Uploaded::Done { id: copy_id, .. } => Ok(Redirect::to(&format!(
            "/cases/{}/documents/{copy_id}/disclosure?copied=1",
            case_id.0
        ))
        .into_response()),
        Uploaded::Again(shown) => render_copy(&state, &user, &doc, reference, shown).await,
    }
}

/// Percent-encodes a value for a query string.
fn url_escape(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s.trim_start_matches("v=").to_owned())
        .unwrap_or_default()
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
    let mut response = send(
        &state,
        &doc.object_key,
        &doc.name,
        &doc.media_type,
        doc.size(),
        &headers,
        async |range| {
            Ok(db::record_download(
                &state.pool,
                &doc,
                range,
                Uploader::Staff(user.id, user.role),
            )
            .await?)
        },
    )
    .await?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
