//! The messages a step owes complainants, written to the transactional outbox
//! (`outbox_message`, migration 0105) in the step's own transaction; `crate::notify`
//! delivers them.
//!
//! - **Atomic.** Each function here takes the step's connection: if the step rolls back
//!   there is no message; if it commits, the message is delivered at least once.
//! - **Whom, and how.** A complainant's message goes by their contact preference: email to
//!   their address, a letter for post to their postal address (it waits on the "letters to
//!   post" page), and nothing for a preference of telephone or none, which the case page
//!   says. It is in their language and, where recorded, in easy read, from the translation
//!   files (`msg-*` keys).
//! - **The status page's address** is not known to the steps (they run without the service's
//!   settings), so a body says [`STATUS_ADDRESS`] and the worker and the pages put the
//!   service's public address in its place ([`fill`]).
//! - **On the timeline.** Its sending, each failed try, its failure and its posting are
//!   audit events of the case (written by the worker and the letters page); queueing is
//!   not, since the step's own event is there already and a second event per message cost
//!   the step more than the message itself (`scripts/bench-outbox.sh`).
//!
//! Messages written: the complaint logged; recorded, or handled outside Schedule 3 (with no
//! right of review, Sch 3 para 2(6C)); an investigation started, and who runs it (CMR 2020
//! reg 34 asks that the complainant be kept informed); the outcome with the right of review
//! and its last day (CMR 2020 regs 29 and 34: 28 days from the letter); and the review
//! decided, with what follows from it. [`case_step`] says which a step of the case machine
//! owes.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::domain::vocab::{ContactMethod, Language, ReviewBody, UnknownValue, closed_set};
use crate::i18n::{Lang, Tr};
use crate::workflow::clocks;

/// Where a body names the status page; replaced with its address when sent or shown.
pub const STATUS_ADDRESS: &str = "{status-address}";

/// A body with the service's public address put in.
pub fn fill(body: &str, public_url: &crate::config::PublicUrl) -> String {
    body.replace(
        STATUS_ADDRESS,
        &format!("{}/status", public_url.as_str().trim_end_matches('/')),
    )
}

closed_set! {
    /// What a message is for.
    MessageKind as "message_kind" {
        ComplaintLogged = "complaint_logged" => "Complaint logged",
        ComplaintRecorded = "complaint_recorded" => "Complaint recorded",
        HandledOutsideSchedule3 = "handled_outside_schedule3" => "Complaint handled outside Schedule 3",
        InvestigationStarted = "investigation_started" => "Investigation started",
        OutcomeNotified = "outcome_notified" => "Outcome and the right of review",
        ReviewDecided = "review_decided" => "Review decided",
    }
}

impl MessageKind {
    /// Whether the law requires it: such a message goes whatever the recipient's other
    /// preferences (only how it goes follows the contact preference).
    pub fn statutory(self) -> bool {
        matches!(
            self,
            MessageKind::OutcomeNotified | MessageKind::ReviewDecided
        )
    }

    fn key(self) -> &'static str {
        match self {
            MessageKind::ComplaintLogged => "msg-logged",
            MessageKind::ComplaintRecorded => "msg-recorded",
            MessageKind::HandledOutsideSchedule3 => "msg-outside",
            MessageKind::InvestigationStarted => "msg-investigation",
            MessageKind::OutcomeNotified => "msg-outcome",
            MessageKind::ReviewDecided => "msg-review",
        }
    }
}

/// A complainant of a case, as a message reaches them.
#[derive(Debug, Clone)]
struct Recipient {
    person_id: Uuid,
    full_name: String,
    email: Option<String>,
    address: Option<String>,
    contact_method: Option<ContactMethod>,
    language: Language,
    easy_read: bool,
}

/// How a message goes to someone: by email, as a letter, or not at all.
fn channel(r: &Recipient) -> Option<(&'static str, String)> {
    match r.contact_method {
        Some(ContactMethod::Email) => r.email.clone().map(|e| ("email", e)),
        Some(ContactMethod::Post) => r.address.clone().map(|a| ("post", a)),
        _ => None,
    }
}

async fn complainants(conn: &mut PgConnection, case_id: Uuid) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as!(
        Recipient,
        r#"select p.person_id, p.full_name, p.email, p.address,
                  p.contact_method as "contact_method: ContactMethod",
                  p.preferred_language as "language: Language", p.easy_read
             from case_complainant cc join person p on p.person_id = cc.person_id
            where cc.case_id = $1 and cc.role = 'complainant'
            order by cc.created_at, cc.case_complainant_id"#,
        case_id
    )
    .fetch_all(conn)
    .await
}

/// What a case's messages say of it.
struct CaseWords {
    reference: String,
    force: String,
    force_cy: Option<String>,
    lpb: Option<String>,
    lpb_cy: Option<String>,
}

async fn case_words(conn: &mut PgConnection, case_id: Uuid) -> sqlx::Result<CaseWords> {
    sqlx::query_as!(
        CaseWords,
        r#"select coalesce(c.force_reference, c.iopc_reference, c.case_id::text) as "reference!",
                  f.name as force, f.name_cy as force_cy, l.name as "lpb?", l.name_cy as "lpb_cy?"
             from case_record c
             join police_force f on f.police_force_id = c.force_id
             left join local_policing_body l on l.local_policing_body_id = f.local_policing_body_id
            where c.case_id = $1"#,
        case_id
    )
    .fetch_one(conn)
    .await
}

impl CaseWords {
    fn force(&self, tr: &Tr) -> &str {
        match (tr.lang, &self.force_cy) {
            (Lang::Welsh, Some(cy)) => cy,
            _ => &self.force,
        }
    }

    fn review_body(&self, tr: &Tr, body: ReviewBody) -> String {
        match (body, tr.lang, &self.lpb_cy, &self.lpb) {
            (ReviewBody::LocalPolicingBody, Lang::Welsh, Some(cy), _) => cy.clone(),
            (ReviewBody::LocalPolicingBody, _, _, Some(name)) => name.clone(),
            _ => tr.t("iopc-name").to_owned(),
        }
    }
}

/// A message about to be queued.
struct Queued<'a> {
    case_id: Uuid,
    kind: MessageKind,
    to: &'a Recipient,
    channel: &'static str,
    address: String,
    language: Lang,
    subject: String,
    body: String,
}

async fn insert(conn: &mut PgConnection, m: Queued<'_>) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "insert into outbox_message (message_id, case_id, kind, channel, person_id, to_name,
                                     to_address, language, subject, body, statutory)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        id,
        m.case_id,
        m.kind.as_str(),
        m.channel,
        m.to.person_id,
        m.to.full_name,
        m.address,
        m.language.code(),
        m.subject,
        m.body,
        m.kind.statutory(),
    )
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Queues a message of `kind` to each complainant of the case who can be reached, in their
/// language, with the words of `args` (besides the case's reference and force, which every
/// message has). Returns how many were queued.
async fn to_complainants(
    conn: &mut PgConnection,
    case_id: Uuid,
    kind: MessageKind,
    args: impl Fn(&Tr, &CaseWords) -> Vec<(&'static str, String)>,
) -> sqlx::Result<usize> {
    let people = complainants(&mut *conn, case_id).await?;
    if people.is_empty() {
        return Ok(0);
    }
    let words = case_words(&mut *conn, case_id).await?;
    let mut queued = 0;
    for person in &people {
        let Some((channel, address)) = channel(person) else {
            continue;
        };
        let lang = Lang::from_domain(person.language);
        let tr = Tr::new(lang, person.easy_read);
        let mut vars: Vec<(&str, String)> = vec![
            ("name", person.full_name.clone()),
            ("reference", words.reference.clone()),
            ("force", words.force(&tr).to_owned()),
            ("status", STATUS_ADDRESS.to_owned()),
        ];
        vars.extend(args(&tr, &words));
        let refs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let key = kind.key();
        insert(
            &mut *conn,
            Queued {
                case_id,
                kind,
                to: person,
                channel,
                address,
                language: lang,
                subject: tr.f(&format!("{key}-subject"), &refs),
                body: tr.f(&format!("{key}-body"), &refs).replace('\n', "\n\n"),
            },
        )
        .await?;
        queued += 1;
    }
    Ok(queued)
}

/// The complaint has been logged: its reference, and that the complainant will be kept
/// informed.
pub async fn complaint_logged(
    conn: &mut PgConnection,
    case_id: Uuid,
    logged_on: NaiveDate,
) -> sqlx::Result<usize> {
    to_complainants(conn, case_id, MessageKind::ComplaintLogged, |tr, _| {
        vec![("date", tr.date(logged_on))]
    })
    .await
}

/// The outcome has been notified in a letter dated `letter_on`: the right of review, to
/// whom, and its last day (28 days on: a letter of 1 April, 29 April).
pub async fn outcome_notified(
    conn: &mut PgConnection,
    case_id: Uuid,
    letter_on: NaiveDate,
    body: ReviewBody,
) -> sqlx::Result<usize> {
    let last_day = clocks::review_application_due(letter_on).due;
    to_complainants(conn, case_id, MessageKind::OutcomeNotified, |tr, words| {
        vec![
            ("date", tr.date(letter_on)),
            ("last_day", tr.date(last_day)),
            ("review_body", words.review_body(tr, body)),
        ]
    })
    .await
}

/// The complaint is recorded under Schedule 3 on `on`.
pub async fn complaint_recorded(
    conn: &mut PgConnection,
    case_id: Uuid,
    on: NaiveDate,
) -> sqlx::Result<usize> {
    to_complainants(conn, case_id, MessageKind::ComplaintRecorded, |tr, _| {
        vec![("date", tr.date(on))]
    })
    .await
}

/// The complaint is handled outside Schedule 3 from `on`.
pub async fn handled_outside_schedule3(
    conn: &mut PgConnection,
    case_id: Uuid,
    on: NaiveDate,
) -> sqlx::Result<usize> {
    to_complainants(
        conn,
        case_id,
        MessageKind::HandledOutsideSchedule3,
        |tr, _| vec![("date", tr.date(on))],
    )
    .await
}

/// An investigation of the complaint started on `on`, run by the force (local), by the force
/// under the IOPC's direction (directed) or by the IOPC (independent).
pub async fn investigation_started(
    conn: &mut PgConnection,
    case_id: Uuid,
    on: NaiveDate,
    mode: crate::domain::vocab::InvestigationMode,
) -> sqlx::Result<usize> {
    use crate::domain::vocab::InvestigationMode;
    to_complainants(
        conn,
        case_id,
        MessageKind::InvestigationStarted,
        |tr, words| {
            let who = match mode {
                InvestigationMode::Independent => tr.t("iopc-name").to_owned(),
                InvestigationMode::Directed => {
                    tr.f("msg-investigation-directed", &[("force", words.force(tr))])
                }
                _ => words.force(tr).to_owned(),
            };
            vec![("date", tr.date(on)), ("who", who)]
        },
    )
    .await
}

/// The review of the complaint was decided on `on`: upheld, with what follows (`follow_up`),
/// or not upheld.
pub async fn review_decided(
    conn: &mut PgConnection,
    case_id: Uuid,
    on: NaiveDate,
    follow_up: Option<crate::domain::vocab::ReviewFollowUp>,
) -> sqlx::Result<usize> {
    to_complainants(conn, case_id, MessageKind::ReviewDecided, |tr, _| {
        let result = match follow_up {
            Some(f) => tr
                .t(&format!("msg-review-upheld-{}", f.as_str()))
                .to_owned(),
            None => tr.t("msg-review-not-upheld").to_owned(),
        };
        vec![("date", tr.date(on)), ("result", result)]
    })
    .await
}

/// Queues what a step of the case machine owes the complainant, in its transaction: the
/// recording, handling outside Schedule 3, an investigation's start, or the outcome.
pub async fn case_step(
    conn: &mut PgConnection,
    case_id: Uuid,
    before: &crate::workflow::case::CaseSnapshot,
    transition: &crate::workflow::case::CaseTransition,
) -> sqlx::Result<usize> {
    use crate::domain::vocab::CaseStage;
    use crate::workflow::Effect;
    let on = transition.on;
    let mut queued = match transition.to {
        CaseStage::Recorded => complaint_recorded(&mut *conn, case_id, on).await?,
        CaseStage::OutsideSchedule3 => handled_outside_schedule3(&mut *conn, case_id, on).await?,
        CaseStage::OutcomeNotified => {
            outcome_notified(
                &mut *conn,
                case_id,
                on,
                crate::workflow::case::relevant_review_body(before),
            )
            .await?
        }
        _ => 0,
    };
    for effect in &transition.effects {
        match effect {
            Effect::InvestigationStarted { mode, on } => {
                queued += investigation_started(&mut *conn, case_id, *on, *mode).await?;
            }
            Effect::ReviewConcluded { follow_up } => {
                queued += review_decided(&mut *conn, case_id, on, *follow_up).await?;
            }
            _ => {}
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_its_words_in_english_and_welsh() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang, false);
            for kind in MessageKind::ALL {
                for part in ["subject", "body"] {
                    let key = format!("{}-{part}", kind.key());
                    assert!(tr.has(&key), "{key} in {lang:?}");
                }
            }
            for follow_up in crate::domain::vocab::ReviewFollowUp::ALL {
                let key = format!("msg-review-upheld-{}", follow_up.as_str());
                assert!(tr.has(&key), "{key} in {lang:?}");
            }
            assert!(tr.has("msg-review-not-upheld"));
            assert!(tr.has("msg-investigation-directed"));
        }
    }

    #[test]
    fn the_status_address_is_filled_in_from_the_public_address() {
        let url = crate::config::PublicUrl::default();
        assert_eq!(
            fill(&format!("Apply at {STATUS_ADDRESS}."), &url),
            format!("Apply at {}/status.", url.as_str().trim_end_matches('/'))
        );
    }
}
