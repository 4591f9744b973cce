//! Whether a document is disclosed to the complainant
//! (`/cases/{case_id}/documents/{document_id}/disclosure`), its publication on the public
//! register, and how many documents the complainant may send.
//!
//! - **Disclosure.** A document is disclosable, not disclosed, or withheld under the harm test
//!   (PRA 2002 s.20; CMR 2020 regs 11 and 35): a withholding records its ground, that the risk
//!   of harm is real and its effect significant (both must be confirmed), and a date, in the
//!   future, to look at it again. A complainant's own upload stays on the handler's My work
//!   until a decision is saved. An original that has a redacted copy never reaches the
//!   complainant, whatever it is marked: only its copy does.
//! - **Publication.** Only a disclosable redacted PDF may be published, as its investigation's
//!   report, and only by IOPC caseworkers, who run the register; the database holds the same
//!   rule (`document_published_is_redacted_pdf`).
//! - **Allowance.** By default a complainant may send 10 files of 50 MB each; staff who may
//!   upload may raise (or lower) it for the case, never past the service's upload limit.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use uuid::Uuid;

use super::Shown;
use crate::auth::session::StaffUser;
use crate::db::documents::{self as db, Allowance, DecideError, Disclosure, Document};
use crate::domain::Role;
use crate::domain::documents::{WithholdingGround, describe, size_in_words};
use crate::domain::intake::{DateRule, read_date};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{
    ChoiceField, DATE_HINT, DateField, Field, FollowUp, Posted, TextField,
};
use crate::web::shared::ids::{CaseId, DocumentId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::calendar::english_date;
use crate::workflow::intake;

#[derive(askama::Template)]
#[template(path = "documents/disclosure.html")]
struct DisclosurePage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    reference: String,
    documents_href: String,
    action: String,
    name: String,
    summary: Vec<(&'static str, String)>,
    fields: Vec<Field>,
    banner: Option<String>,
    /// The publication form, for an IOPC caseworker and a publishable document.
    publication: Option<Publication>,
}

struct Publication {
    action: String,
    published: Option<String>,
}

/// What the form starts with: the document's current decision.
fn held(d: &Document) -> Posted {
    let mut p = Posted::default();
    let choice = match (d.disclosable, &d.withholding_ground) {
        (true, _) => "disclosable",
        (false, Some(_)) => "withheld",
        (false, None) if d.decided_at.is_some() => "not_disclosed",
        _ => "",
    };
    p.set("disclosure", choice);
    if let Some(g) = &d.withholding_ground {
        p.set("ground", g.as_str());
        p.add("harm", "real");
        p.add("harm", "significant");
    }
    if let Some(r) = d.withholding_review_on {
        p.set_date("review_on", r);
    }
    p
}

fn fields(input: &Posted, errors: &FormErrors) -> Vec<Field> {
    let grounds: Vec<(&str, &str)> = WithholdingGround::ALL
        .iter()
        .map(|g| (g.as_str(), g.label()))
        .collect();
    let withheld_fields = vec![
        Field::Radios(
            ChoiceField::new(
                "ground",
                Some("What would disclosure harm?"),
                &grounds,
                input.all("ground"),
                errors,
            )
            .small(),
        ),
        Field::Checkboxes(
            ChoiceField::new(
                "harm",
                Some("The harm test"),
                &[
                    ("real", "The risk of harm is real"),
                    ("significant", "The effect would be significant"),
                ],
                input.all("harm"),
                errors,
            )
            .hint("Both must be true to withhold it (PRA 2002 s.20; CMR 2020 regs 11 and 35)")
            .small(),
        ),
        Field::Date(DateField::new(
            "review_on",
            "When will the decision be looked at again?",
            DATE_HINT,
            &input.date("review_on"),
            errors,
        )),
    ];
    let mut choice = ChoiceField::new(
        "disclosure",
        Some("May the complainant see this document?"),
        &[
            ("disclosable", "Yes, it is disclosable to the complainant"),
            ("not_disclosed", "No, it is not disclosed"),
            ("withheld", "No, it is withheld under the harm test"),
        ],
        input.all("disclosure"),
        errors,
    )
    .section_heading();
    if let Some(withheld) = choice.options.iter_mut().find(|o| o.value == "withheld") {
        withheld.follow_up = Some(FollowUp {
            id: "disclosure-follow-withheld".to_owned(),
            fields: withheld_fields,
        });
    }
    vec![Field::Radios(choice)]
}

/// The decision as posted, or what is wrong with it.
fn read(input: &Posted, today: NaiveDate) -> Result<Disclosure, FormErrors> {
    let mut errors = FormErrors::default();
    let decision = match input.get("disclosure") {
        "disclosable" => Some(Disclosure::Disclosable),
        "not_disclosed" => Some(Disclosure::NotDisclosed),
        "withheld" => {
            let ground = input.get("ground").parse::<WithholdingGround>().ok();
            if ground.is_none() {
                errors.add("ground", "Choose what disclosure would harm");
            }
            let harm = input.all("harm");
            if !(harm.iter().any(|h| h == "real") && harm.iter().any(|h| h == "significant")) {
                errors.add(
                    "harm",
                    "A document may be withheld only where the risk of harm is real and its effect significant: confirm both, or choose another answer",
                );
            }
            let review = match read_date(
                "review_on",
                &input.date("review_on"),
                DateRule {
                    what: "the date to look at the decision again",
                    required: Some("Enter the date to look at the decision again"),
                    not_after: None,
                },
            ) {
                Ok(Some(d)) if d <= today => {
                    errors.add(
                        "review_on-day",
                        "The date to look at the decision again must be in the future",
                    );
                    None
                }
                Ok(d) => d,
                Err(p) => {
                    errors.add(&p.field, p.message);
                    None
                }
            };
            ground
                .zip(review)
                .map(|(ground, review_on)| Disclosure::Withheld { ground, review_on })
        }
        _ => {
            errors.add(
                "disclosure",
                "Choose whether the complainant may see this document",
            );
            None
        }
    };
    match decision {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(errors),
    }
}

fn summary(d: &Document) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        (
            "Document",
            format!(
                "{} ({}, {})",
                d.name,
                describe(&d.media_type),
                size_in_words(d.size())
            ),
        ),
        ("Disclosure now", super::disclosure_words(d)),
    ];
    if let Some(original) = &d.redacted_from_name {
        rows.push(("A redacted copy of", original.clone()));
        rows.push(("Redactions", d.redactions.join("; ")));
    }
    if d.copies > 0 {
        rows.push((
            "Who may open the original",
            "Staff who may see this case. The complainant and the public only ever see its redacted copy.".to_owned(),
        ));
    }
    if let (Some(by), Some(at)) = (&d.decided_by, d.decided_at) {
        rows.push((
            "Last decided",
            format!(
                "{}, {} by {by}",
                english_date(at.date()),
                at.format("%H:%M")
            ),
        ));
    }
    rows
}

async fn render(
    user: &StaffUser,
    reference: String,
    d: &Document,
    errors: FormErrors,
    input: &Posted,
    banner: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let base = format!("/cases/{}/documents/{}", d.case_id, d.document_id);
    let publication = (user.role == Role::IopcCaseworker
        && (d.publishable() || d.published_on.is_some()))
    .then(|| Publication {
        action: format!("{base}/publication"),
        published: d.published_on.map(english_date),
    });
    let page = html(&DisclosurePage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        reference,
        documents_href: format!("/cases/{}/documents", d.case_id),
        action: format!("{base}/disclosure"),
        name: d.name.clone(),
        summary: summary(d),
        fields: fields(input, &errors),
        errors,
        banner,
        publication,
    })?;
    Ok((status, page).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct DisclosureQuery {
    #[serde(default)]
    copied: Option<String>,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

/// `GET /cases/{case_id}/documents/{document_id}/disclosure`
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids((case_id, document_id)): Ids<(CaseId, DocumentId)>,
    Query(query): Query<DisclosureQuery>,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "decide_disclosure").await;
    }
    let (reference, doc) = super::in_scope(&state, &user, case_id.0, document_id.0).await?;
    let banner = if query.copied.is_some() {
        Some(
            "The redacted copy is uploaded: now decide whether the complainant may see it"
                .to_owned(),
        )
    } else if query.saved.is_some() {
        Some("The disclosure decision is saved and on the case's timeline".to_owned())
    } else {
        match query.published.as_deref() {
            Some("yes") => Some("The report is published on the public register".to_owned()),
            Some(_) => Some("The report is withdrawn from the public register".to_owned()),
            None => None,
        }
    };
    let input = held(&doc);
    render(
        &user,
        reference,
        &doc,
        FormErrors::default(),
        &input,
        banner,
        StatusCode::OK,
    )
    .await
}

/// `POST /cases/{case_id}/documents/{document_id}/disclosure`
pub async fn decide(
    State(state): State<AppState>,
    Ids((case_id, document_id)): Ids<(CaseId, DocumentId)>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "decide_disclosure").await;
    }
    let (reference, doc) = super::in_scope(&state, &user, case_id.0, document_id.0).await?;
    let today = crate::db::today(&state.pool).await?;
    let again = |errors: FormErrors| {
        render(
            &user,
            reference.clone(),
            &doc,
            errors,
            &posted,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let decision = match read(&posted, today) {
        Ok(d) => d,
        Err(errors) => return again(errors).await,
    };
    match db::decide(&state.pool, &doc, decision, user.id, user.role).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/cases/{}/documents/{}/disclosure?saved=1",
            case_id.0, document_id.0
        ))
        .into_response()),
        Err(DecideError::Published) => {
            let mut errors = FormErrors::default();
            errors.add(
                "disclosure",
                "This report is on the public register: withdraw it from the register before it stops being disclosable",
            );
            again(errors).await
        }
        Err(DecideError::Db(e)) => Err(e.into()),
    }
}

/// `POST /cases/{case_id}/documents/{document_id}/publication`: `publish=yes` publishes,
/// anything else withdraws.
pub async fn publish(
    State(state): State<AppState>,
    Ids((case_id, document_id)): Ids<(CaseId, DocumentId)>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, &[Role::IopcCaseworker], "publish_report")
        .await?;
    let (reference, doc) = super::in_scope(&state, &user, case_id.0, document_id.0).await?;
    let publish = posted.get("publish") == "yes";
    if publish && !doc.publishable() {
        let mut errors = FormErrors::default();
        errors.add(
            "publish",
            "Only a redacted copy in PDF that is disclosable may be published",
        );
        return render(
            &user,
            reference,
            &doc,
            errors,
            &held(&doc),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let on = if publish {
        Some(
            doc.published_on
                .unwrap_or(crate::db::today(&state.pool).await?),
        )
    } else {
        None
    };
    db::set_published(&state.pool, &doc, on, user.id, user.role).await?;
    Ok(Redirect::to(&format!(
        "/cases/{}/documents/{}/disclosure?published={}",
        case_id.0,
        document_id.0,
        if publish { "yes" } else { "no" }
    ))
    .into_response())
}

/// The allowance section of the documents page.
pub(super) fn allowance_view(
    case_id: Uuid,
    a: &Allowance,
    input: &Posted,
    errors: &FormErrors,
) -> super::AllowanceView {
    let value = |name: &str, held: String| {
        if input.get(name).is_empty() {
            held
        } else {
            input.get(name).to_owned()
        }
    };
    let megabytes = (a.bytes_each / (1024 * 1024)).max(1);
    super::AllowanceView {
        text: format!(
            "The complainant may send {} documents of up to {} each from their status page. They have sent {}.",
            a.files,
            size_in_words(u64::try_from(a.bytes_each).unwrap_or(0)),
            a.sent
        ),
        action: format!("/cases/{case_id}/documents/allowance"),
        fields: vec![
            Field::Text(
                TextField::input(
                    "files",
                    "How many documents",
                    &value("files", a.files.to_string()),
                    errors,
                )
                .input_type("number")
                .width("govuk-input--width-4"),
            ),
            Field::Text(
                TextField::input(
                    "megabytes",
                    "Largest size of each, in MB",
                    &value("megabytes", megabytes.to_string()),
                    errors,
                )
                .input_type("number")
                .width("govuk-input--width-5"),
            ),
        ],
    }
}

/// `POST /cases/{case_id}/documents/allowance`
pub async fn allowance(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "set_upload_allowance").await;
    }
    let reference = db::case_reference(&state.pool, case_id.0, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    let max_mb = (state.settings.upload_limit / (1024 * 1024)).max(1);
    let mut errors = FormErrors::default();
    let files = posted
        .get("files")
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=1000).contains(n));
    if files.is_none() {
        errors.add(
            "files",
            "Enter how many documents, a whole number from 1 to 1000",
        );
    }
    let mb = posted
        .get("megabytes")
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=max_mb).contains(n));
    if mb.is_none() {
        errors.add(
            "megabytes",
            format!("Enter the largest size in MB, a whole number from 1 to {max_mb}"),
        );
    }
    match files.zip(mb) {
        Some((files, mb)) if errors.is_empty() => {
            let bytes = i64::try_from(mb * 1024 * 1024).unwrap_or(i64::MAX);
            db::set_allowance(&state.pool, case_id.0, files, bytes, user.id, user.role).await?;
            Ok(
                Redirect::to(&format!("/cases/{}/documents?allowance=1", case_id.0))
                    .into_response(),
            )
        }
        _ => {
            let shown = Shown {
                errors,
                input: posted,
                banner: None,
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
            super::render(&state, &user, case_id.0, reference, shown).await
        }
    }
}
