//! The case page: everything known about one case, the statutory deadlines it runs under,
//! its history in plain English, and the steps the workflow lets this user take now.
//!
//! Shape:
//!
//! * `GET /cases/{case_id}` reads the case through the user's scope (a case outside it, or a
//!   malformed id, is a 404 so its existence is not revealed), turns the rows into view
//!   structs here (sentences, deadlines, withheld marks) so the template only lays them out.
//! * The forms of the steps the workflow allows this user now are drawn from
//!   `case_actions` (which also takes the posted step); after an invalid or refused post
//!   the page is drawn again with the errors and the input kept ([`Rendering::refused`]).

use std::str::FromStr;

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::actions::{CaseSteps, allegation_labels, step_forms};
use crate::auth::session::StaffUser;
use crate::db::case_page::{self as db, CaseDetails};
use crate::db::workflow::load_case;
use crate::domain::intake::CameToLight;
use crate::domain::vocab::LinkReason;
use crate::domain::vocab::{CaseKind, CaseStage, ContactMethod};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::deadlines::{DeadlineView, deadline_view};
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::CurrentUser;
use crate::web::shared::form::{Field, Posted};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::web::shared::step::{Again, StepForm};
use crate::web::shared::timeline::{TimelineItem, humanize, timeline_item};
use crate::workflow::case::{CaseAction, CaseSnapshot, available_actions};
use crate::workflow::clocks::{self, Deadline, DeadlineKind};
use crate::workflow::{Calendar, Regime, english_date};

/// One row of a GOV.UK summary list; `withheld` is the harm-test reason when the value is
/// withheld from the complainant (staff still see it).
pub struct Item {
    key: String,
    value: String,
    withheld: Option<String>,
}

fn item(key: &str, value: impl Into<String>) -> Item {
    Item {
        key: key.to_owned(),
        value: value.into(),
        withheld: None,
    }
}

/// A complainant, interested person or agent, as summary rows.
pub struct PersonView {
    heading: String,
    rows: Vec<Item>,
}

pub struct AllegationView {
    number: usize,
    category: String,
    description: String,
    subjects: String,
    handling: String,
    outcome: String,
    withheld: Option<String>,
}

pub struct SubjectView {
    href: String,
    name: String,
    role: String,
    stage: &'static str,
    severity: String,
    determination: String,
    proceedings: String,
    barred_list: bool,
}

pub struct EvidenceView {
    description: String,
    source: String,
    received: String,
    logged_by: String,
    withheld: Option<String>,
}

pub struct ContactView {
    on: String,
    method: &'static str,
    person: String,
    summary: String,
    by: String,
}

pub struct LinkView {
    href: String,
    reference: String,
    kind: &'static str,
    stage: &'static str,
    reason: &'static str,
}

pub struct RecommendationView {
    href: String,
    title: String,
    text: String,
    rows: Vec<Item>,
}

#[derive(askama::Template)]
#[template(path = "cases/show.html")]
struct CaseView<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    case_id: Uuid,
    reference: String,
    kind: &'static str,
    stage: &'static str,
    stage_tag: &'static str,
    version: i32,
    banner: Option<(String, String)>,
    /// A link in the banner: (href, words), e.g. to the conduct matter just recorded.
    banner_link: Option<(String, String)>,
    errors: FormErrors,
    summary: Vec<Item>,
    people: Vec<PersonView>,
    withheld_other: Vec<(String, String)>,
    allegations: Vec<AllegationView>,
    subjects: Vec<SubjectView>,
    investigation: Vec<Item>,
    deadlines: Vec<DeadlineView>,
    evidence: Vec<EvidenceView>,
    contacts: Vec<ContactView>,
    links: Vec<LinkView>,
    recommendations: Vec<RecommendationView>,
    /// What is recorded about organisational learning and publication (domain.md H2).
    learning_and_publication: Vec<String>,
    timeline: Vec<TimelineItem>,
    actions: Vec<StepForm>,
    /// Where the step forms post.
    post_to: String,
    is_complaint: bool,
    /// The complaint has an outcome, so the outcome letter can be read.
    has_letter: bool,
    /// The case has had an investigation, whose own page can be opened.
    has_investigation: bool,
    can_log_contact: bool,
    can_log_evidence: bool,
    can_link_cases: bool,
    can_add_subject: bool,
    can_revise_grounds: bool,
}

/// The query string of the case page: `done` names the action just taken (for the banner).
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

/// The banner after a step taken on another page that returns here (`?done=`): logging the
/// case, a log entry, making a recommendation.
fn done_banner(done: &str, case: &db::CaseRow) -> Option<(String, String)> {
    match done {
        "make_recommendation" => Some(crate::web::shared::banner::recommendation_made()),
        "grounds" => Some(super::grounds::banner()),
        other => super::logs::banner(other, case),
    }
}

/// `GET /cases/{case_id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let banner = query
        .done
        .as_deref()
        .and_then(|d| CaseAction::from_str(d).ok());
    render(
        &state,
        &user,
        case_id,
        None,
        Rendering {
            banner,
            done: query.done,
            ..Rendering::default()
        },
    )
    .await
}

/// What a rendering of the page carries besides the case: the banner after a step, or the
/// errors and kept input of a refused form.
#[derive(Default)]
pub(super) struct Rendering {
    banner: Option<CaseAction>,
    /// `?done=` naming something other than a case action (logging, a log entry).
    done: Option<String>,
    errors: FormErrors,
    posted: Option<(CaseAction, Posted)>,
}

impl From<Again<CaseSteps>> for Rendering {
    fn from(again: Again<CaseSteps>) -> Self {
        Rendering {
            errors: again.errors,
            posted: again.posted,
            ..Rendering::default()
        }
    }
}

/// Everything the page shows about a case, read in the user's scope on one connection: the
/// page's reads and the workflow's snapshot with the case's version. A step's post reads the
/// same, so a refused step draws the page again without reading it twice.
pub struct CasePage {
    pub details: CaseDetails,
    pub snapshot: CaseSnapshot,
    pub version: i32,
}

impl CasePage {
    pub async fn load(state: &AppState, user: &StaffUser, case_id: CaseId) -> AppResult<Self> {
        let (details, (snapshot, version)) = state
            .reads
            .with(async |conn| -> sqlx::Result<_> {
                let details = db::load(conn, case_id.0, user.scope()).await?;
                let case = load_case(conn, case_id.0).await?;
                Ok(details.zip(case))
            })
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(CasePage {
            details,
            snapshot,
            version,
        })
    }

    /// The case inside the caller's transaction; `None` outside the user's scope.
    pub async fn load_in(
        conn: &mut sqlx::PgConnection,
        user: &StaffUser,
        case_id: CaseId,
    ) -> sqlx::Result<Option<Self>> {
        let Some(details) = db::load(&mut *conn, case_id.0, user.scope()).await? else {
            return Ok(None);
        };
        Ok(load_case(conn, case_id.0)
            .await?
            .map(|(snapshot, version)| CasePage {
                details,
                snapshot,
                version,
            }))
    }

    /// The allegations' labels ("Allegation 1: Delivery of duties and service").
    pub fn allegation_labels(&self) -> Vec<String> {
        allegation_labels(self.details.allegations.iter().map(|a| a.category.as_str()))
    }
}

/// Draws the case page; `loaded` is the case as a step's post read it, if it did.
pub(super) async fn render(
    state: &AppState,
    user: &StaffUser,
    case_id: CaseId,
    loaded: Option<CasePage>,
    rendering: Rendering,
) -> AppResult<Response> {
    let CasePage {
        details,
        snapshot,
        version,
    } = match loaded {
        Some(page) => page,
        None => CasePage::load(state, user, case_id).await?,
    };
    let calendar = state.calendar().await?;
    let today = details.case.today;
    let available = available_actions(&snapshot, &user.actor(), today);
    let referral_due = available
        .contains(&CaseAction::Refer)
        .then(|| referral_deadline(&details, &calendar).describe(today, &calendar));
    let labels = allegation_labels(details.allegations.iter().map(|a| a.category.as_str()));
    let actions = step_forms(
        &available,
        &snapshot,
        &labels,
        referral_due.as_deref(),
        rendering.posted.as_ref(),
        &rendering.errors,
        today,
    );
    let banner = rendering
        .banner
        .map(|a| banner_text(a, details.case.kind, details.case.stage))
        .or_else(|| {
            let done = rendering.done.as_deref()?;
            done_banner(done, &details.case)
        });
    let mut page = build_page(
        user,
        &details,
        version,
        &calendar,
        today,
        actions,
        banner,
        rendering.errors,
    );
    page.can_add_subject = crate::workflow::intake::may_add_subject(user.role, &snapshot).is_ok();
    // CMR 2020 regs 4, 7: the grounds found, and which of them a referral covered.
    let at = page
        .summary
        .iter()
        .position(|i| i.key == "Why it was recorded" || i.key == "Recorded")
        .map_or(page.summary.len(), |i| i + 1);
    page.summary.insert(
        at,
        item(
            "Mandatory-referral grounds",
            super::grounds::summary(&snapshot),
        ),
    );
    page.can_revise_grounds =
        crate::workflow::intake::may_revise_grounds(user.role, &snapshot).is_ok();
    if rendering.banner == Some(CaseAction::RerecordAsConductMatter) {
        page.banner_link = conduct_matter_link(&details);
    }
    html(&page)
}

/// The conduct matter a DSI matter was re-recorded as (Sch 3 para 21A): (href, words).
fn conduct_matter_link(details: &CaseDetails) -> Option<(String, String)> {
    details
        .links
        .iter()
        .find(|l| l.outgoing && l.reason == LinkReason::RerecordedAsConductMatter)
        .map(|l| {
            (
                format!("/cases/{}", l.other_case_id),
                format!("Open the conduct matter {}", l.reference),
            )
        })
}

/// The banner after a step: (heading, body).
fn banner_text(action: CaseAction, kind: CaseKind, stage: CaseStage) -> (String, String) {
    let heading = match action {
        CaseAction::Record if kind == CaseKind::Complaint => "Recorded under Schedule 3".to_owned(),
        CaseAction::Record => format!("Recorded as a {}", kind.label().to_lowercase()),
        CaseAction::HandleOutsideSchedule3 => "Being handled outside Schedule 3".to_owned(),
        CaseAction::RecordAfterDissatisfaction => "Recorded under Schedule 3".to_owned(),
        CaseAction::Refer => "Referred to the IOPC".to_owned(),
        CaseAction::CallIn => "Called in by the IOPC".to_owned(),
        CaseAction::TreatAsReferred => "Treated as referred to the IOPC".to_owned(),
        CaseAction::DecideInvestigation => "Investigation decided".to_owned(),
        CaseAction::ReferBack => "Referred back to the force".to_owned(),
        CaseAction::Withdraw => "Withdrawal recorded".to_owned(),
        CaseAction::Close => "Case closed".to_owned(),
        CaseAction::RerecordAsConductMatter => "Re-recorded as a conduct matter".to_owned(),
        other => format!("{}: done", other.label()),
    };
    (
        heading,
        format!("The case is now at the stage “{}”.", stage.label()),
    )
}

/// The GOV.UK tag colour for a stage.
fn stage_tag(stage: CaseStage) -> &'static str {
    match stage {
        CaseStage::Logged => "govuk-tag--grey",
        CaseStage::Closed
        | CaseStage::Withdrawn
        | CaseStage::Discontinued
        | CaseStage::Disapplied => "govuk-tag--grey",
        CaseStage::Referred | CaseStage::ReferredBack => "govuk-tag--purple",
        CaseStage::UnderInvestigation | CaseStage::ReportReceived => "govuk-tag--blue",
        CaseStage::InvestigationSuspended => "govuk-tag--orange",
        CaseStage::UnderReview => "govuk-tag--pink",
        CaseStage::OutcomeDecided | CaseStage::OutcomeNotified | CaseStage::DeterminationsMade => {
            "govuk-tag--green"
        }
        _ => "govuk-tag--light-blue",
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "Not recorded".to_owned(), english_date)
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// Withheld items by what they point at.
struct Withheld<'a>(&'a [db::WithheldRow]);

impl Withheld<'_> {
    /// The reason a field (or, with `field` None, the whole record) is withheld.
    fn reason(&self, kind: &str, id: Uuid, field: Option<&str>) -> Option<String> {
        self.0
            .iter()
            .find(|w| {
                w.entity_kind.as_deref() == Some(kind)
                    && w.entity_id == Some(id)
                    && (w.field_name.is_none() || w.field_name.as_deref() == field)
            })
            .map(|w| w.reason.clone())
    }
}

fn marked(mut i: Item, withheld: &Withheld<'_>, kind: &str, id: Uuid, field: &str) -> Item {
    i.withheld = withheld.reason(kind, id, Some(field));
    i
}

/// The referral deadline: counted from the day the case was recorded (or, before that,
/// logged), when it became clear that a mandatory ground applies (para 4; CMR reg 4).
fn referral_deadline(d: &CaseDetails, cal: &Calendar) -> Deadline {
    let c = &d.case;
    let became_clear_on = c.recorded_on.or(c.logged_on).unwrap_or(c.received_on);
    clocks::referral_due(became_clear_on, clocks::ReferralRule::default(), cal)
}

/// The statutory deadlines that run on the case today ([`clocks::running`]), as the page
/// shows them.
pub fn deadlines(d: &CaseDetails, cal: &Calendar, today: NaiveDate) -> Vec<DeadlineView> {
    clocks::running(&d.clock_facts(), today, cal)
        .into_iter()
        .map(|clock| {
            let kind = clock.deadline.kind;
            let name = match (&clock.recommendation, kind) {
                (Some(title), DeadlineKind::RecommendationResponse) => {
                    format!("Respond to the recommendation “{title}”")
                }
                (Some(title), _) => format!("Publish the response to “{title}”"),
                (None, _) => kind.name().to_owned(),
            };
            let regime = Regime::of_legacy(d.case.legacy);
            let mut view = deadline_view(name, &clock.deadline, regime, today, cal);
            // The review window is the complainant's: it closes rather than runs late.
            if kind == DeadlineKind::ReviewApplication && clock.deadline.is_overdue(today) {
                view.overdue = false;
                view.text = format!("the window closed on {}", english_date(clock.deadline.due));
            }
            if let Some(excluding) = clock.excluding_suspensions {
                view.text.push_str(&format!(
                    " (excluding suspensions: {})",
                    english_date(excluding)
                ));
            }
            view
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn build_page<'a>(
    user: &'a StaffUser,
    d: &CaseDetails,
    version: i32,
    cal: &Calendar,
    today: NaiveDate,
    actions: Vec<StepForm>,
    banner: Option<(String, String)>,
    errors: FormErrors,
) -> CaseView<'a> {
    let c = &d.case;
    let withheld = Withheld(&d.withheld);
    let reference = c
        .iopc_reference
        .clone()
        .or_else(|| c.force_reference.clone())
        .unwrap_or_else(|| c.case_id.to_string());

    let mut summary = vec![
        item(
            "IOPC reference",
            c.iopc_reference
                .clone()
                .unwrap_or_else(|| "None yet".into()),
        ),
        item(
            "Force reference",
            c.force_reference.clone().unwrap_or_else(|| "None".into()),
        ),
        item("Kind of case", c.kind.label()),
        item("Force", c.force_name.clone()),
        marked(
            item("Summary", c.summary.clone()),
            &withheld,
            "case_record",
            c.case_id,
            "summary",
        ),
        item("Received", english_date(c.received_on)),
        item("Logged", date(c.logged_on)),
    ];
    if c.kind == CaseKind::Complaint {
        let s3 = match c.schedule3 {
            Some(true) => "Recorded under Schedule 3",
            Some(false) => "Handled outside Schedule 3",
            None => "Not yet decided",
        };
        summary.push(item("Schedule 3", s3));
    }
    summary.push(item("Recorded", date(c.recorded_on)));
    if let Some(reason) = c.recording_reason {
        summary.push(item("Why it was recorded", reason.label()));
    }
    if let Some(mode) = c.investigation_mode {
        summary.push(item("Mode of investigation", mode.label()));
    }
    if let Some(d) = c.incident_date {
        summary.push(item("Date of the incident", english_date(d)));
    }
    if let Some(p) = &c.incident_place {
        summary.push(marked(
            item("Place of the incident", p.clone()),
            &withheld,
            "case_record",
            c.case_id,
            "incident_place",
        ));
    }
    if let Some(w) = &c.what_complainant_wants {
        summary.push(item("What the complainant wants", w.clone()));
    }
    let came_to_light = c
        .came_to_light
        .as_deref()
        .and_then(CameToLight::from_code)
        .map(CameToLight::label);
    match (came_to_light, &c.how_it_came_to_light) {
        (Some(who), Some(how)) => {
            summary.push(item("How it came to light", format!("{who}: {how}")))
        }
        (Some(who), None) => summary.push(item("How it came to light", who)),
        (None, Some(how)) => summary.push(item("How it came to light", how.clone())),
        (None, None) => {}
    }
    if let (Some(k), Some(ctx)) = (&c.dsi_kind, &c.dsi_context) {
        summary.push(item(
            "Death or serious injury",
            format!(
                "{} after {}",
                humanize(k),
                if ctx == "custody" {
                    "arrest or custody"
                } else {
                    "contact with the police"
                }
            ),
        ));
    }
    summary.push(item(
        "Assigned to",
        c.assigned_to.clone().unwrap_or_else(|| "Nobody".into()),
    ));
    if c.outcome_notified_on.is_some() {
        summary.push(item("Outcome notified", date(c.outcome_notified_on)));
    }
    if let Some(r) = c.review_right {
        summary.push(item("Right of review", yes_no(r)));
    }
    if c.closed_on.is_some() {
        summary.push(item("Closed", date(c.closed_on)));
    }
    if c.legacy {
        let regime = Regime::Legacy2012;
        summary.push(item(
            "Rules",
            format!(
                "Before 1 February 2020 (legacy): the {} ({})",
                regime.label(),
                regime.source()
            ),
        ));
    }

    let people = d
        .people
        .iter()
        .map(|p| {
            let id = p.person_id;
            let heading = if p.role == "interested_person" {
                format!("Interested person: {}", p.full_name)
            } else {
                format!("Complainant: {}", p.full_name)
            };
            // Each contact detail, marked where the harm test withholds it.
            let details = [
                ("Name", Some(p.full_name.clone()), "full_name"),
                ("Address", p.address.clone(), "address"),
                ("Email", p.email.clone(), "email"),
                ("Telephone", p.phone.clone(), "phone"),
                (
                    "Date of birth",
                    p.date_of_birth.map(english_date),
                    "date_of_birth",
                ),
            ];
            let mut rows: Vec<Item> = details
                .into_iter()
                .filter_map(|(label, value, field)| {
                    value.map(|v| marked(item(label, v), &withheld, "person", id, field))
                })
                .collect();
            rows.push(item(
                "Preferred contact",
                p.contact_method.map_or("Not stated", |m| m.label()),
            ));
            // How the service's own messages reach them (`crate::db::outbox`).
            rows.push(item(
                "Messages from the service",
                match p.contact_method {
                    Some(ContactMethod::Email) => "Sent by email",
                    Some(ContactMethod::Post) => "Printed as letters to post",
                    _ => "None are sent: tell them each step yourself",
                },
            ));
            rows.push(item("Language", p.preferred_language.label()));
            let mut access = Vec::new();
            if p.easy_read {
                access.push("Easy read".to_owned());
            }
            if let Some(n) = &p.accessibility_needs {
                access.push(n.clone());
            }
            rows.push(marked(
                item(
                    "Accessibility needs",
                    if access.is_empty() {
                        "None stated".to_owned()
                    } else {
                        access.join("; ")
                    },
                ),
                &withheld,
                "person",
                id,
                "accessibility_needs",
            ));
            if let Some(agent) = &p.agent_name {
                rows.push(item("Agent", agent.clone()));
            }
            if let Some(consent) = p.consent_given {
                rows.push(item("Consents to receive information", yes_no(consent)));
            }
            PersonView { heading, rows }
        })
        .collect();
    // Every withheld item, listed as well as marked beside the value it concerns.
    let withheld_other = d
        .withheld
        .iter()
        .map(|w| (w.description.clone(), w.reason.clone()))
        .collect();

    let allegations = d
        .allegations
        .iter()
        .enumerate()
        .map(|(i, a)| AllegationView {
            number: i + 1,
            category: a.category.clone(),
            description: a.description.clone(),
            subjects: if a.subjects.is_empty() {
                "Nobody identified".to_owned()
            } else {
                a.subjects.join(", ")
            },
            handling: a
                .handling_type
                .map_or("Not yet decided", |h| h.label())
                .to_owned(),
            outcome: match (a.outcome, &a.outcome_detail) {
                (Some(o), Some(detail)) => format!("{}. {detail}", o.label()),
                (Some(o), None) => o.label().to_owned(),
                (None, _) => "Not yet decided".to_owned(),
            },
            withheld: withheld.reason("allegation", a.allegation_id, None),
        })
        .collect();

    let subjects = d
        .subjects
        .iter()
        .map(|s| {
            let mut role = s.kind.label().to_owned();
            if let Some(rank) = &s.rank {
                role = format!("{rank} ({role})");
            }
            if let Some(n) = &s.collar_number {
                role.push_str(&format!(", number {n}"));
            }
            if s.left_force {
                role.push_str(", has left the force");
            }
            let determination = match (s.determination, s.determined_by) {
                (Some(det), Some(by)) => {
                    let mut t = format!("{} ({})", det.label(), by.label());
                    if let Some(view) = s.authority_view {
                        t.push_str(&format!("; the force {}", view.label().to_lowercase()));
                    }
                    t
                }
                (Some(det), None) => det.label().to_owned(),
                _ => "None yet".to_owned(),
            };
            let proceedings = match (
                s.proceedings_form,
                s.proceedings_finding,
                s.proceedings_outcome,
            ) {
                (Some(form), Some(finding), Some(outcome)) => {
                    format!("{}: {}; {}", form.label(), finding.label(), outcome.label())
                }
                (Some(form), Some(finding), None) => {
                    format!("{}: {}", form.label(), finding.label())
                }
                (Some(form), None, _) => format!("{}: not yet concluded", form.label()),
                _ => "None".to_owned(),
            };
            SubjectView {
                href: format!("/cases/{}/subjects/{}", c.case_id, s.case_subject_id),
                name: s
                    .name
                    .clone()
                    .unwrap_or_else(|| "Not yet identified".into()),
                role,
                stage: s.stage.label(),
                severity: s.severity.map_or_else(
                    || {
                        if s.special_procedures {
                            "Not yet assessed".to_owned()
                        } else {
                            "Special procedures do not apply".to_owned()
                        }
                    },
                    |v| v.label().to_owned(),
                ),
                determination,
                proceedings,
                barred_list: s.barred_list,
            }
        })
        .collect();

    let mut investigation = Vec::new();
    for r in &d.referrals {
        let decision = match (r.decision, r.decided_on) {
            (Some(dec), Some(on)) => {
                let mode = r
                    .decided_mode
                    .map(|m| format!(" ({} investigation)", m.label().to_lowercase()))
                    .unwrap_or_default();
                format!("{}{mode} on {}", dec.label(), english_date(on))
            }
            _ => "Awaiting the IOPC's assessment".to_owned(),
        };
        // Para 4(1), 4(2): the grounds of a mandatory referral, the reason of a voluntary one.
        let why = r
            .grounds
            .iter()
            .filter_map(|g| g.parse::<crate::workflow::case::MandatoryGround>().ok())
            .map(|g| g.label().to_lowercase())
            .collect::<Vec<_>>();
        let why = if !why.is_empty() {
            format!(" Grounds: {}.", why.join("; "))
        } else if let Some(reason) = &r.voluntary_reason {
            format!(" Reason: {reason}.")
        } else {
            String::new()
        };
        investigation.push(item(
            "Referral",
            format!(
                "{} on {}.{why} {decision}.",
                r.referral_type.label(),
                english_date(r.referred_on)
            ),
        ));
    }
    for i in &d.investigations {
        investigation.push(item(
            "Investigation",
            format!(
                "{} investigation, started {}",
                i.mode.label(),
                english_date(i.started_on)
            ),
        ));
        if let Some(name) = &i.investigator_name {
            investigation.push(item("Investigator", name.clone()));
        }
        if let Some(t) = &i.terms_of_reference {
            investigation.push(item("Terms of reference", t.clone()));
        }
        for (from, to, reason) in &i.suspensions {
            let period = match to {
                Some(to) => format!("{} to {}", english_date(*from), english_date(*to)),
                None => format!("since {}", english_date(*from)),
            };
            investigation.push(item("Suspended", format!("{period}: {reason}")));
        }
        if let Some(n) = i.last_notice_on {
            investigation.push(item("Last progress notice", english_date(n)));
        }
        investigation.push(item(
            "Report",
            i.report_submitted_on.map_or_else(
                || "Not yet submitted".to_owned(),
                |r| format!("Submitted {}", english_date(r)),
            ),
        ));
    }
    for r in &d.reviews {
        let mut t = format!(
            "{}; applied {}; {}",
            r.review_body.label(),
            english_date(r.applied_on),
            r.stage.label()
        );
        if let Some(on) = r.decided_on {
            t.push_str(&format!(" on {}", english_date(on)));
        }
        if let Some(f) = r.follow_up {
            t.push_str(&format!("; {}", f.label()));
        }
        investigation.push(item("Review", t));
    }

    let evidence = d
        .evidence
        .iter()
        .map(|e| EvidenceView {
            description: e.description.clone(),
            source: e.source.clone().unwrap_or_default(),
            received: date(e.received_on),
            logged_by: e.logged_by.clone(),
            withheld: withheld.reason("evidence_item", e.evidence_item_id, None),
        })
        .collect();
    let contacts = d
        .contacts
        .iter()
        .map(|x| ContactView {
            on: english_date(x.contacted_on),
            method: x.method.label(),
            person: x.person.clone().unwrap_or_default(),
            summary: x.summary.clone(),
            by: x.by.clone(),
        })
        .collect();
    let links = d
        .links
        .iter()
        .map(|l| LinkView {
            href: format!("/cases/{}", l.other_case_id),
            reference: l.reference.clone(),
            kind: l.kind.label(),
            stage: l.stage.label(),
            reason: l.reason.label(),
        })
        .collect();
    let recommendations = d
        .recommendations
        .iter()
        .map(|r| {
            let mut rows = vec![
                item("Made to", r.recipient.clone()),
                item("Made on", english_date(r.made_on)),
                item(
                    "Response due",
                    english_date(r.extended_to.unwrap_or(r.response_due_on)),
                ),
                item("Stage", r.stage.label()),
            ];
            if let Some(resp) = r.response {
                rows.push(item("Do you accept the recommendation?", resp.label()));
            }
            if let Some(a) = &r.response_action {
                rows.push(item("Accepted action", a.clone()));
            }
            if let Some(p) = r.published_on {
                rows.push(item("Published", english_date(p)));
            }
            RecommendationView {
                href: format!("/recommendations/{}", r.recommendation_id),
                title: r.title.clone().unwrap_or_else(|| "Recommendation".into()),
                text: r.text.clone(),
                rows,
            }
        })
        .collect();

    CaseView {
        lang: Page::ENGLISH,
        page_title: format!("Case {reference}"),
        user,
        nav: "cases",
        case_id: c.case_id,
        reference,
        kind: c.kind.label(),
        stage: c.stage.label(),
        stage_tag: stage_tag(c.stage),
        version,
        banner,
        banner_link: None,
        errors,
        summary,
        people,
        withheld_other,
        allegations,
        subjects,
        investigation,
        deadlines: deadlines(d, cal, today),
        evidence,
        contacts,
        links,
        recommendations,
        learning_and_publication: learning_and_publication(c),
        timeline: d.events.iter().map(timeline_item).collect(),
        actions,
        post_to: format!("/cases/{}/actions", c.case_id),
        is_complaint: c.kind == CaseKind::Complaint,
        has_investigation: !d.investigations.is_empty(),
        has_letter: c.kind == CaseKind::Complaint
            && d.allegations.iter().any(|a| a.outcome.is_some()),
        can_log_contact: crate::workflow::intake::may_log_contact(user.role),
        can_log_evidence: crate::workflow::intake::may_log_evidence(user.role),
        can_link_cases: crate::workflow::intake::may_link_cases(user.role),
        can_add_subject: false,
        can_revise_grounds: false,
    }
}

/// The positive record that no organisational learning was identified, and any deferral of
/// publication until proceedings end.
fn learning_and_publication(c: &crate::db::case_page::CaseRow) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(on) = c.no_organisational_learning_on {
        v.push(format!(
            "No organisational learning identified (recorded {}).",
            english_date(on)
        ));
    }
    if let (Some(on), Some(revisit)) = (c.publication_deferred_on, c.publication_revisit_on) {
        v.push(format!(
            "Publication deferred on {} until proceedings end; to be revisited on {}.",
            english_date(on),
            english_date(revisit)
        ));
    }
    v
}
