//! The outbox seen by staff: every message by its state for IOPC administrators
//! (`/admin/messages`: failed ones first, each with its error and a "send again" button; those
//! waiting; those sent, which with no SMTP server configured are the `.eml` files the demo
//! wrote; letters posted), each message in full (`/admin/messages/{id}`); and the letters to
//! post for those who handle cases (`/letters`, the oldest first, one printable page per
//! letter, marked posted by the member of staff who posts it).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::auth::session::StaffUser;
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::notify::store::{self, Row};
use crate::notify::{MessageKind, fill};
use crate::web::AppState;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::ids::{Ids, MessageId};
use crate::web::shared::paging::{time_cursor, time_cursor_of};
use crate::web::shared::render::{Page, html};
use crate::workflow::calendar::english_date;
use crate::workflow::intake;

crate::web::shared::staff_routes! {
    get "/admin/messages" => list,
    get "/admin/messages/{message_id}" => show,
    post "/admin/messages/{message_id}/retry" => retry,
    get "/letters" => letters,
    get "/letters/{message_id}" => letter,
    post "/letters/{message_id}/posted" => posted,
}

/// The lists of the admin page, in the order of its tabs.
const STATES: &[(&str, &str)] = &[
    ("failed", "Could not be sent"),
    ("queued", "Waiting to be sent"),
    ("sent", "Sent"),
    ("posted", "Letters posted"),
];

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// A message as a list shows it.
struct Item {
    href: String,
    when: String,
    to: String,
    what: String,
    how: &'static str,
    case: Option<(String, String)>,
    attempts: i32,
    error: Option<String>,
    retry: Option<String>,
}

fn moment(at: DateTime<Utc>) -> String {
    let local = crate::i18n::uk_local(at);
    format!("{}, {}", english_date(local.date()), local.format("%H:%M"))
}

fn kind_label(kind: &str) -> &'static str {
    kind.parse::<MessageKind>()
        .map_or("Message", MessageKind::label)
}

fn item(r: &Row, href: String) -> Item {
    Item {
        href,
        when: moment(r.sent_at.unwrap_or(r.created_at)),
        to: r.to_name.clone(),
        what: kind_label(&r.kind).to_owned(),
        how: if r.channel == "email" {
            "Email"
        } else {
            "Letter"
        },
        case: r.case_id.map(|id| {
            (
                format!("/cases/{id}"),
                r.reference.clone().unwrap_or_else(|| "the case".to_owned()),
            )
        }),
        attempts: r.attempts,
        error: r.last_error.clone(),
        retry: (r.state == "failed" && r.channel == "email")
            .then(|| format!("/admin/messages/{}/retry", r.message_id)),
    }
}

#[derive(askama::Template)]
#[template(path = "messages/list.html")]
struct ListPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    tabs: Vec<(String, &'static str, bool)>,
    heading: &'static str,
    items: Vec<Item>,
    next_href: Option<String>,
    previous_href: Option<String>,
    banner: Option<String>,
}

/// `GET /admin/messages`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    user.require(&state.pool, &[Role::IopcAdmin], "read_messages")
        .await?;
    let chosen = query
        .state
        .as_deref()
        .and_then(|s| STATES.iter().find(|(code, _)| *code == s))
        .unwrap_or(&STATES[0]);
    let before = time_cursor(query.before.as_deref());
    let mut rows = store::by_state(&state.pool, user.scope(), chosen.0, before).await?;
    let more = rows.len() > 50;
    rows.truncate(50);
    let base = format!("/admin/messages?state={}", chosen.0);
    html(&ListPage {
        lang: Page::ENGLISH,
        user: &user,
        nav: "messages",
        tabs: STATES
            .iter()
            .map(|(code, label)| {
                (
                    format!("/admin/messages?state={code}"),
                    *label,
                    *code == chosen.0,
                )
            })
            .collect(),
        heading: chosen.1,
        items: rows
            .iter()
            .map(|r| item(r, format!("/admin/messages/{}", r.message_id)))
            .collect(),
        next_href: more.then(|| rows.last()).flatten().map(|r| {
            format!(
                "{base}&before={}",
                time_cursor_of(r.created_at, r.message_id)
            )
        }),
        previous_href: before.map(|_| base.clone()),
        banner: query
            .done
            .is_some()
            .then(|| "The email will be sent again shortly".to_owned()),
    })
}

#[derive(askama::Template)]
#[template(path = "messages/show.html")]
struct ShowPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    subject: String,
    summary: Vec<(&'static str, String)>,
    paragraphs: Vec<String>,
    retry: Option<String>,
    back: &'static str,
}

fn summary(r: &Row) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("What", kind_label(&r.kind).to_owned()),
        (
            "To",
            if r.channel == "email" {
                format!("{} <{}>", r.to_name, r.to_address)
            } else {
                format!("{}, by post", r.to_name)
            },
        ),
        (
            "Language",
            if r.language == "cy" {
                "Welsh"
            } else {
                "English"
            }
            .to_owned(),
        ),
        ("Written", moment(r.created_at)),
        (
            "State",
            match r.state.as_str() {
                "sent" => "Sent",
                "failed" => "Could not be sent",
                "posted" => "Posted",
                _ => "Waiting to be sent",
            }
            .to_owned(),
        ),
        ("Tries", r.attempts.to_string()),
    ];
    if let Some(at) = r.sent_at {
        rows.push(("Sent or posted", moment(at)));
    }
    if let Some(e) = &r.last_error {
        rows.push(("Last error", e.clone()));
    }
    rows
}

async fn message(state: &AppState, user: &CurrentUser, id: Uuid) -> AppResult<Row> {
    store::one(&state.pool, user.scope(), id)
        .await?
        .ok_or(AppError::NotFound)
}

fn paragraphs(state: &AppState, r: &Row) -> Vec<String> {
    fill(&r.body, &state.settings.public_url)
        .split("\n\n")
        .map(str::to_owned)
        .collect()
}

/// `GET /admin/messages/{message_id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(id): Ids<MessageId>,
) -> AppResult<Response> {
    user.require(&state.pool, &[Role::IopcAdmin], "read_messages")
        .await?;
    let r = message(&state, &user, id.0).await?;
    html(&ShowPage {
        lang: Page::ENGLISH,
        user: &user,
        nav: "messages",
        subject: r.subject.clone(),
        summary: summary(&r),
        paragraphs: paragraphs(&state, &r),
        retry: (r.state == "failed" && r.channel == "email")
            .then(|| format!("/admin/messages/{}/retry", r.message_id)),
        back: "/admin/messages",
    })
}

/// `POST /admin/messages/{message_id}/retry`
pub async fn retry(
    State(state): State<AppState>,
    Ids(id): Ids<MessageId>,
    StaffForm { user, .. }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, &[Role::IopcAdmin], "retry_message")
        .await?;
    let r = message(&state, &user, id.0).await?;
    if !store::retry(&state.pool, &r, user.id, user.role).await? {
        return Err(AppError::Conflict);
    }
    Ok(Redirect::to("/admin/messages?state=queued&done=retry").into_response())
}

#[derive(askama::Template)]
#[template(path = "messages/letters.html")]
struct LettersPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    items: Vec<Item>,
    next_href: Option<String>,
    previous_href: Option<String>,
    banner: Option<String>,
}

/// `GET /letters`
pub async fn letters(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "read_letters").await;
    }
    let after = time_cursor(query.after.as_deref());
    let mut rows = store::letters(&state.pool, user.scope(), after).await?;
    let more = rows.len() > 50;
    rows.truncate(50);
    html(&LettersPage {
        lang: Page::ENGLISH,
        user: &user,
        nav: "work",
        items: rows
            .iter()
            .map(|r| item(r, format!("/letters/{}", r.message_id)))
            .collect(),
        next_href: more.then(|| rows.last()).flatten().map(|r| {
            format!(
                "/letters?after={}",
                time_cursor_of(r.created_at, r.message_id)
            )
        }),
        previous_href: after.map(|_| "/letters".to_owned()),
        banner: query
            .done
            .is_some()
            .then(|| "The letter is marked as posted and is on the case's timeline".to_owned()),
    })
}

#[derive(askama::Template)]
#[template(path = "messages/letter.html")]
struct LetterPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    letter_lang: &'static str,
    subject: String,
    to_name: String,
    address: Vec<String>,
    date: String,
    reference: Option<String>,
    paragraphs: Vec<String>,
    posted: Option<String>,
    action: String,
}

/// `GET /letters/{message_id}`: the letter, to print.
pub async fn letter(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(id): Ids<MessageId>,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "read_letters").await;
    }
    let r = message(&state, &user, id.0).await?;
    if r.channel != "post" {
        return Err(AppError::NotFound);
    }
    html(&LetterPage {
        lang: Page::ENGLISH,
        letter_lang: if r.language == "cy" { "cy" } else { "en" },
        user: &user,
        nav: "work",
        subject: r.subject.clone(),
        to_name: r.to_name.clone(),
        address: r.to_address.lines().map(str::to_owned).collect(),
        date: english_date(crate::i18n::uk_local(r.created_at).date()),
        reference: r.reference.clone(),
        paragraphs: paragraphs(&state, &r),
        posted: r.sent_at.filter(|_| r.state == "posted").map(moment),
        action: format!("/letters/{}/posted", r.message_id),
    })
}

/// `POST /letters/{message_id}/posted`
pub async fn posted(
    State(state): State<AppState>,
    Ids(id): Ids<MessageId>,
    StaffForm { user, .. }: StaffForm,
) -> AppResult<Response> {
    if !intake::may_log_evidence(user.role) {
        return user.refuse(&state.pool, "post_letter").await;
    }
    let r = message(&state, &user, id.0).await?;
    if r.channel != "post" {
        return Err(AppError::NotFound);
    }
    if !store::mark_posted(&state.pool, &r, user.id, user.role).await? {
        return Err(AppError::Conflict);
    }
    Ok(Redirect::to("/letters?done=posted").into_response())
}
