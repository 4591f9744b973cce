//! The subject page: one person's track through a case (severity assessment and its
//! revisions, the notice of investigation, the interview, the investigator's opinion, the
//! determination with the force's view beside an IOPC determination, any referral to the
//! Crown Prosecution Service, misconduct proceedings and their outcome, the barred list), the
//! statutory clocks that run for them, their history, and the steps the workflow lets this
//! user take now.
//!
//! * `GET /cases/{case_id}/subjects/{case_subject_id}` reads through the user's scope, like
//!   the case page: another force's case, a subject of another case, or a malformed id is a
//!   404. The forms shown are exactly the steps `subject::available_actions` returns for this
//!   user today (plus recording that the subject has left the force, for the force and, in a
//!   directed or independent investigation, the IOPC caseworker), drawn by
//!   `steps::fields`.
//! * `POST /cases/{case_id}/subjects/{case_subject_id}/actions` goes through the shared step
//!   pipeline (`web::shared::step`): the page is a [`StepPage`] whose steps are the subject
//!   machine's actions plus recording that the subject has left, read by `steps::parse` and
//!   taken in one transaction (`db::subject_workflow::apply_subject`). A refused post draws the
//!   page again from what the post read, without reading the subject twice.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::steps::{self as forms, Ctx, OpenProceedings, Parsed, Step};
use crate::auth::session::StaffUser;
use crate::db::subject_page::{self as db, SubjectDetails};
use crate::db::subject_workflow::{
    SubjectFact, SubjectState, apply_subject_in, record_left_force_in, record_subject_fact_in,
};
use crate::db::workflow::load_case;
use crate::db::workflow::{ActingUser, ApplyError};
use crate::domain::vocab::{
    AuthorityView, CaseKind, CpsDecision, Determiner, ProceedingsForm, Role, SubjectKind,
    SubjectStage,
};
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::deadlines::{DeadlineView, deadline_view};
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{Field, Posted};
use crate::web::shared::ids::{CaseId, Ids, SubjectId};
use crate::web::shared::render::{Page, html};
use crate::web::shared::step::{self, Again, StepForm, StepPage};
use crate::web::shared::timeline::{TimelineItem, timeline_item};
use crate::workflow::calendar::Calendar;
use crate::workflow::clocks;
use crate::workflow::subject::{self, SubjectAction, SubjectSnapshot};
use crate::workflow::{Regime, english_date};

/// One row of a summary list.
pub struct Item {
    key: String,
    value: String,
}

fn item(key: &str, value: impl Into<String>) -> Item {
    Item {
        key: key.to_owned(),
        value: value.into(),
    }
}

#[derive(askama::Template)]
#[template(path = "subjects/show.html")]
struct SubjectPage<'a> {
    lang: &'static str,
    page_title: String,
    user: &'a StaffUser,
    nav: &'static str,
    case_id: Uuid,
    case_reference: String,
    name: String,
    role: String,
    stage: &'static str,
    version: i32,
    banner: Option<(String, String)>,
    errors: FormErrors,
    about: Vec<Item>,
    allegations: Vec<String>,
    investigation: Vec<Item>,
    determination: Vec<Item>,
    proceedings: Vec<(String, Vec<Item>)>,
    deadlines: Vec<DeadlineView>,
    /// On a DSI matter: why there are no notices, severity assessments, determinations or
    /// proceedings here (Sch 3 para 21A).
    dsi_note: Option<String>,
    /// The conduct matter the DSI matter was re-recorded as: (href, words).
    conduct_matter: Option<(String, String)>,
    actions: Vec<StepForm>,
    /// Where the step forms post.
    post_to: String,
    timeline: Vec<TimelineItem>,
}

/// `done` names the step just taken, for the banner.
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

/// `GET /cases/{case_id}/subjects/{case_subject_id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(ids): Ids<(CaseId, SubjectId)>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let banner = query
        .done
        .filter(|d| d.as_str() == ADDED || Step::parse(d).is_some());
    let loaded = Loaded::read(&state, &user, ids).await?;
    render(&user, loaded, banner, FormErrors::default(), None)
}

/// The banner code after a subject was added.
const ADDED: &str = "add_subject";

/// Everything a page or a post needs about the subject, read on one connection.
pub struct Loaded {
    details: SubjectDetails,
    snapshot: SubjectSnapshot,
    version: i32,
    /// The working-day calendar (an accelerated hearing's window is counted in it).
    calendar: std::sync::Arc<Calendar>,
    /// The conduct matter a DSI matter was re-recorded as: (case id, reference).
    conduct_matter: Option<(Uuid, String)>,
}

impl Loaded {
    async fn read(
        state: &AppState,
        user: &StaffUser,
        ids: (CaseId, SubjectId),
    ) -> AppResult<Loaded> {
        let calendar = state.calendar().await?;
        let mut conn = state.pool.acquire().await?;
        Loaded::read_in(&mut conn, &calendar, user, ids)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The subject inside the caller's transaction; `None` outside the user's scope.
    async fn read_in(
        conn: &mut sqlx::PgConnection,
        calendar: &Arc<Calendar>,
        user: &StaffUser,
        (CaseId(case_id), SubjectId(case_subject_id)): (CaseId, SubjectId),
    ) -> sqlx::Result<Option<Loaded>> {
        let Some(details) = db::load(&mut *conn, case_id, case_subject_id, user.scope()).await?
        else {
            return Ok(None);
        };
        let Some((case, _)) = load_case(conn, case_id).await? else {
            return Ok(None);
        };
        let s = &details.subject;
        let snapshot = SubjectState {
            kind: s.kind,
            stage: s.stage,
            severity: s.severity,
            determination: s.determination,
            determiner: s.determined_by,
            proceedings_form: details.current_proceedings().map(|p| p.form),
            special_conditions_certified: s.special_conditions_certified_on.is_some(),
        }
        .snapshot(&case);
        let version = s.version;
        let conduct_matter = if case.rerecorded {
            crate::db::rerecording::conduct_matter_of(&mut *conn, case_id).await?
        } else {
            None
        };
        Ok(Some(Loaded {
            details,
            snapshot,
            version,
            calendar: calendar.clone(),
            conduct_matter,
        }))
    }
}

/// Recording that the subject has left is for the force (their employer) and, in the
/// investigations the IOPC controls (directed, independent), for the IOPC caseworker; once,
/// while their part in the case is not over.
fn may_record_left_force(user: &StaffUser, loaded: &Loaded) -> bool {
    let role_may = match user.role {
        Role::ForcePsd => true,
        Role::IopcCaseworker => loaded
            .snapshot
            .investigation_mode
            .is_some_and(crate::workflow::mode::iopc_controls),
        _ => false,
    };
    role_may
        && !loaded.details.subject.left_force
        && loaded.details.subject.stage != SubjectStage::Concluded
}

/// The steps this user may take now, in the order of the workflow's table.
fn offered(user: &StaffUser, loaded: &Loaded) -> Vec<Step> {
    let mut steps: Vec<Step> = subject::available_actions(
        &loaded.snapshot,
        &user.actor(),
        loaded.details.subject.today,
    )
    .into_iter()
    .map(Step::Machine)
    .collect();
    if may_record_left_force(user, loaded) {
        steps.push(Step::RecordLeftForce);
    }
    let actor = user.actor();
    if subject::may_certify_special_conditions(&loaded.snapshot, &actor).is_ok() {
        steps.push(Step::CertifySpecialConditions);
    }
    let s = &loaded.details.subject;
    // The file's fate at the Crown Prosecution Service is recorded by the force or the IOPC.
    if matches!(user.role, Role::ForcePsd | Role::IopcCaseworker) && s.referred_to_cps_on.is_some()
    {
        if s.cps_decision.is_none() {
            steps.push(Step::RecordCpsDecision);
        } else if s.cps_decision == Some(CpsDecision::Charge) && s.prosecution_outcome.is_none() {
            steps.push(Step::RecordProsecutionOutcome);
        }
    }
    // PCR 2020 reg 42: the force gives the officer the written outcome.
    if user.role == Role::ForcePsd
        && loaded
            .details
            .current_proceedings()
            .is_some_and(|p| p.outcome.is_some() && p.outcome_reported_on.is_none())
    {
        steps.push(Step::RecordOutcomeReport);
    }
    steps
}

fn form_context<'c>(user: &StaffUser, loaded: &Loaded, calendar: &'c Calendar) -> Ctx<'c> {
    let s = &loaded.details.subject;
    let proceedings = loaded
        .details
        .current_proceedings()
        .filter(|p| p.outcome.is_none())
        .map(|p| OpenProceedings {
            form: p.form,
            notice_given_on: p.notice_given_on,
            held_on: p.held_on,
        });
    Ctx {
        today: s.today,
        calendar,
        subject_kind: s.kind,
        legacy: loaded.snapshot.legacy,
        left_force: s.left_force,
        severity: s.severity,
        notice_served_on: s.notice_served_on,
        opinion: s.opinion,
        determination: s.determination,
        proceedings,
        allegations: loaded
            .details
            .allegations
            .iter()
            .filter(|a| a.against_this_subject)
            .map(|a| {
                (
                    a.allegation_id,
                    format!("Allegation {} ({})", a.number, a.category),
                )
            })
            .collect(),
        standards: loaded
            .details
            .allegations
            .iter()
            .filter(|a| a.against_this_subject)
            .map(|a| (a.allegation_id, a.standards.clone()))
            .collect(),
        iopc: user.role == Role::IopcCaseworker,
        special_conditions_certified: s.special_conditions_certified_on.is_some(),
        referred_to_cps_on: s.referred_to_cps_on,
        cps_decided_on: s.cps_decided_on,
        proceedings_concluded_on: loaded
            .details
            .current_proceedings()
            .and_then(|p| p.concluded_on),
    }
}

fn render(
    user: &StaffUser,
    loaded: Loaded,
    banner: Option<String>,
    errors: FormErrors,
    posted: Option<(Step, Posted)>,
) -> AppResult<Response> {
    let calendar = loaded.calendar.clone();
    let ctx = form_context(user, &loaded, &calendar);
    let actions = offered(user, &loaded)
        .into_iter()
        .map(|step| {
            let posted = posted.as_ref().filter(|(s, _)| *s == step).map(|(_, v)| v);
            let label = button_label(step, user.role);
            StepForm {
                code: step.code(),
                heading: Some(label.clone()),
                button: label,
                button_class: "",
                description: step_description(step, &loaded.snapshot),
                error: None,
                fields: forms::fields(step, &ctx, posted, &errors),
            }
        })
        .collect();
    let name = subject_name(&loaded.details);
    let banner = banner
        .as_deref()
        .map(|code| banner_text(code, &name, loaded.details.subject.stage));
    let page = build_page(user, &loaded, &calendar, actions, banner, errors);
    html(&page)
}

/// The subject page as a page of steps of the subject machine.
pub struct SubjectSteps;

/// What a read form asks for: a step of the machine with its facts, or recording that the
/// subject has left.
pub enum SubjectStepCommand {
    Machine(
        crate::workflow::subject::SubjectCommand,
        crate::db::subject_workflow::StepFacts,
    ),
    LeftForce,
    Fact(SubjectFact),
}

impl StepPage for SubjectSteps {
    type Id = (CaseId, SubjectId);
    type Step = Step;
    type Loaded = Loaded;
    type Command = SubjectStepCommand;

    const RECORD: &'static str = "subject";

    fn step(code: &str) -> Option<Step> {
        Step::parse(code)
    }

    fn code(step: Step) -> &'static str {
        step.code()
    }

    async fn load(state: &AppState, user: &StaffUser, ids: Self::Id) -> AppResult<Loaded> {
        Loaded::read(state, user, ids).await
    }

    async fn load_in(
        conn: &mut sqlx::PgConnection,
        calendar: &Arc<Calendar>,
        user: &StaffUser,
        ids: Self::Id,
    ) -> sqlx::Result<Option<Loaded>> {
        Loaded::read_in(conn, calendar, user, ids).await
    }

    fn version(loaded: &Loaded) -> i32 {
        loaded.version
    }

    fn offered(loaded: &Loaded, user: &StaffUser) -> Vec<Step> {
        offered(user, loaded)
    }

    fn parse(
        step: Step,
        loaded: &Loaded,
        posted: &Posted,
        user: &StaffUser,
    ) -> Result<SubjectStepCommand, FormErrors> {
        let ctx = form_context(user, loaded, &loaded.calendar);
        Ok(match forms::parse(step, posted, &ctx)? {
            Parsed::Step(command, facts) => SubjectStepCommand::Machine(command, facts),
            Parsed::LeftForce => SubjectStepCommand::LeftForce,
            Parsed::Fact(fact) => SubjectStepCommand::Fact(fact),
        })
    }

    fn unoffered(
        step: Step,
        _loaded: &Loaded,
        _posted: &Posted,
    ) -> Result<SubjectStepCommand, String> {
        match step {
            // A step the page did not offer is still asked of the workflow, which refuses it
            // and says why; its parameters do not change the answer.
            Step::Machine(action) => Ok(SubjectStepCommand::Machine(
                forms::fallback(action),
                Default::default(),
            )),
            Step::RecordLeftForce => Err(
                "Only the force, or the IOPC caseworker in an investigation the IOPC controls, records that a subject has left the force: once, while their part in the case is open."
                    .to_owned(),
            ),
            Step::CertifySpecialConditions => Err(format!(
                "{} ({}).",
                crate::workflow::Rule::CertificateNeedsGrossMisconduct.statement(),
                crate::workflow::Rule::CertificateNeedsGrossMisconduct.source()
            )),
            Step::RecordCpsDecision | Step::RecordProsecutionOutcome => Err(
                "The Crown Prosecution Service's decision, and then the outcome of a prosecution after a charge, are recorded by the force or the IOPC caseworker once the file has been referred, once each."
                    .to_owned(),
            ),
            Step::RecordOutcomeReport => Err(
                "The force records when the written outcome was given, once proceedings have an outcome, once (PCR 2020 reg 42)."
                    .to_owned(),
            ),
        }
    }

    async fn apply(
        state: &AppState,
        ids: Self::Id,
        loaded: &Loaded,
        version: i32,
        command: &SubjectStepCommand,
        acting: &ActingUser,
    ) -> Result<(), ApplyError> {
        let mut tx = state.pool.begin().await?;
        Self::apply_in(&mut tx, ids, loaded, version, command, acting).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn apply_in(
        conn: &mut sqlx::PgConnection,
        (CaseId(case_id), SubjectId(case_subject_id)): Self::Id,
        loaded: &Loaded,
        version: i32,
        command: &SubjectStepCommand,
        acting: &ActingUser,
    ) -> Result<(), ApplyError> {
        match command {
            SubjectStepCommand::LeftForce => {
                record_left_force_in(conn, case_id, case_subject_id, version, acting).await
            }
            SubjectStepCommand::Fact(fact) => {
                record_subject_fact_in(conn, case_id, case_subject_id, version, *fact, acting).await
            }
            SubjectStepCommand::Machine(command, facts) => apply_subject_in(
                conn,
                case_id,
                case_subject_id,
                version,
                command,
                facts,
                acting,
                loaded.details.subject.today,
            )
            .await
            .map(|_| ()),
        }
    }

    fn constraint_message(constraint: &str) -> &'static str {
        constraint_message(constraint)
    }

    fn done((case_id, subject_id): Self::Id, step: Step) -> String {
        format!(
            "/cases/{case_id}/subjects/{subject_id}?done={}",
            step.code()
        )
    }

    async fn render(
        state: &AppState,
        user: &StaffUser,
        ids: Self::Id,
        again: Again<Self>,
    ) -> AppResult<Response> {
        let loaded = match again.loaded {
            Some(loaded) => loaded,
            None => Loaded::read(state, user, ids).await?,
        };
        render(user, loaded, None, again.errors, again.posted)
    }
}

/// `POST /cases/{case_id}/subjects/{case_subject_id}/actions`
pub async fn act(
    State(state): State<AppState>,
    Ids(ids): Ids<(CaseId, SubjectId)>,
    form: StaffForm,
) -> AppResult<Response> {
    step::take::<SubjectSteps>(&state, form, ids).await
}

/// What a refused database constraint means, in words.
fn constraint_message(constraint: &str) -> &'static str {
    match constraint {
        "proceedings_would_have_been_dismissed_left_only" => {
            "“Would have been dismissed” is the finding only for someone who has left the force: record that they have left first. Nothing was changed."
        }
        "proceedings_dismissal_serving_only" => {
            "Someone who has left the force cannot be dismissed or reduced in rank: the finding is that they would have been dismissed. Nothing was changed."
        }
        "case_subject_barred_list_needs_dismissal" => {
            "Only someone dismissed, or found that they would have been dismissed, goes on the barred list (Police Act 1996 Part 4A). Nothing was changed."
        }
        "proceedings_meeting_finding"
        | "proceedings_meeting_outcome"
        | "proceedings_accelerated_finding"
        | "proceedings_gross_misconduct_outcome"
        | "proceedings_hearing_misconduct_outcome"
        | "proceedings_not_proven_outcome"
        | "proceedings_management_advice_legacy_only"
        | "proceedings_management_action_staff_only" => {
            "The outcome of proceedings must be one that the form of proceedings and the finding allow (PCR 2020). Nothing was changed."
        }
        "proceedings_accelerated_needs_certificate" => {
            "An accelerated misconduct hearing needs the appropriate authority's certificate that the special conditions are satisfied (PCR 2020 reg 49). Nothing was changed."
        }
        "proceedings_conductor_fits_form" => {
            "Who conducts the proceedings must fit their form: a legally qualified chair for a hearing, the force or an independent chair for a meeting (PCR 2020 regs 28 and 55). Nothing was changed."
        }
        "proceedings_allegation_finding_not_proven_breaches_nothing"
        | "proceedings_allegation_finding_standards_recorded" => {
            "The standards found breached must be among those the allegation concerns, and none on an allegation not proven (PCR 2020 Sch 2). Nothing was changed."
        }
        "case_subject_individual_learning_no_case_to_answer" => {
            "Learning for the person is recorded where there is no case to answer. Nothing was changed."
        }
        "case_subject_cps_decision_dated"
        | "case_subject_cps_decision_needs_referral"
        | "case_subject_prosecution_outcome_dated"
        | "case_subject_prosecution_needs_charge" => {
            "The Crown Prosecution Service's decision follows the referral, and a prosecution's outcome follows a charge, each dated in order. Nothing was changed."
        }
        "proceedings_outcome_reported_after_conclusion" => {
            "The written outcome is given on or after the day the outcome was decided (PCR 2020 reg 42). Nothing was changed."
        }
        "case_subject_dates_in_order" | "proceedings_dates_in_order" => {
            "The dates are out of order: an interview cannot come before the notice, nor a hearing before its notice. Nothing was changed."
        }
        _ => {
            "This step could not be saved: the subject's record lacks facts the law requires for it. Nothing was changed."
        }
    }
}

fn subject_name(d: &SubjectDetails) -> String {
    d.subject
        .name
        .clone()
        .unwrap_or_else(|| "Unidentified subject".to_owned())
}

/// The button of a step. The IOPC directs proceedings rather than bringing them (para 27).
fn button_label(step: Step, role: Role) -> String {
    match step {
        Step::Machine(SubjectAction::BringProceedings) if role == Role::IopcCaseworker => {
            "Direct that proceedings be brought".to_owned()
        }
        Step::Machine(a) => a.label().to_owned(),
        Step::RecordLeftForce => "Record that they have left the force".to_owned(),
        Step::CertifySpecialConditions => {
            "Record the certificate of the special conditions".to_owned()
        }
        Step::RecordCpsDecision => "Record the Crown Prosecution Service's decision".to_owned(),
        Step::RecordProsecutionOutcome => "Record the outcome of the prosecution".to_owned(),
        Step::RecordOutcomeReport => "Record that the written outcome was given".to_owned(),
    }
}

/// The plain-English description and source of the row a step takes from this stage.
fn step_description(step: Step, snapshot: &SubjectSnapshot) -> Option<String> {
    let Step::Machine(action) = step else {
        return None;
    };
    subject::TABLE
        .iter()
        .find(|r| r.action == action && r.from.contains(&snapshot.stage))
        .map(|r| format!("{} ({})", r.description, snapshot.regime().cite(r.source)))
}

fn banner_text(code: &str, name: &str, stage: SubjectStage) -> (String, String) {
    let heading = if code == ADDED {
        "Subject added".to_owned()
    } else {
        match Step::parse(code) {
            Some(Step::Machine(a)) => match a {
                SubjectAction::AssessSeverity => "Severity assessed".to_owned(),
                SubjectAction::ReviseSeverity => "Severity assessment revised".to_owned(),
                SubjectAction::ServeNotice => "Notice of investigation recorded".to_owned(),
                SubjectAction::Interview => "Interview recorded".to_owned(),
                SubjectAction::GiveOpinion => "Opinion recorded".to_owned(),
                SubjectAction::Determine => "Determination made".to_owned(),
                SubjectAction::RecordAuthorityView => "The force's view recorded".to_owned(),
                SubjectAction::ReferToCps => "Referred to the Crown Prosecution Service".to_owned(),
                SubjectAction::BringProceedings => "Proceedings arranged".to_owned(),
                SubjectAction::DirectReflectivePractice => {
                    "Reflective practice review process directed".to_owned()
                }
                SubjectAction::RecordProceedingsOutcome => {
                    "Outcome of proceedings recorded".to_owned()
                }
                SubjectAction::Conclude => "Concluded".to_owned(),
            },
            Some(Step::RecordLeftForce) => "Recorded as having left the force".to_owned(),
            Some(Step::CertifySpecialConditions) => "Special conditions certified".to_owned(),
            Some(Step::RecordCpsDecision) => {
                "The Crown Prosecution Service's decision recorded".to_owned()
            }
            Some(Step::RecordProsecutionOutcome) => {
                "The outcome of the prosecution recorded".to_owned()
            }
            Some(Step::RecordOutcomeReport) => {
                "The written outcome of the proceedings recorded".to_owned()
            }
            None => "Done".to_owned(),
        }
    };
    (
        heading,
        format!("{name} is now at the stage “{}”.", stage.label()),
    )
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "Not recorded".to_owned(), english_date)
}

fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

fn build_page<'a>(
    user: &'a StaffUser,
    loaded: &Loaded,
    cal: &Calendar,
    actions: Vec<StepForm>,
    banner: Option<(String, String)>,
    errors: FormErrors,
) -> SubjectPage<'a> {
    let d = &loaded.details;
    let s = &d.subject;
    let name = subject_name(d);
    let mut role = s.kind.label().to_owned();
    if let Some(rank) = &s.rank {
        role = format!("{rank} ({role})");
    }

    let mut about = vec![
        item("Kind", s.kind.label()),
        item(
            "Rank or job title",
            s.rank.clone().unwrap_or_else(|| "Not recorded".into()),
        ),
        item(
            "Collar or staff number",
            s.collar_number
                .clone()
                .unwrap_or_else(|| "Not recorded".into()),
        ),
        item("Force", s.force_name.clone()),
        item("Has left the force", yes_no(s.left_force)),
        item("On the barred list", yes_no(s.barred_list)),
    ];
    if s.kind == SubjectKind::DesignatedVolunteer {
        about.push(item(
            "Special procedures",
            "Not applied: whether the severity assessment and notice reach designated volunteers is unverified (PRA 2002 s.12(7); Sch 3 para 19A)",
        ));
    } else if s.kind == SubjectKind::PoliceStaff {
        about.push(item(
            "Special procedures",
            "Apply to police staff as persons serving with the police: severity assessment and notice before interview (PRA 2002 s.12(7); Sch 3 para 19A; unverified). Proceedings follow the force's own procedures, not the Police (Conduct) Regulations.",
        ));
    }
    let allegations: Vec<String> = d
        .allegations
        .iter()
        .filter(|a| a.against_this_subject)
        .map(|a| {
            let mut line = format!(
                "Allegation {} ({}): {}",
                a.number, a.category, a.description
            );
            // PCR 2020 Sch 2.
            if !a.standards.is_empty() {
                let names: Vec<&str> = a.standards.iter().map(|s| s.label()).collect();
                line.push_str(&format!(
                    " Standards of Professional Behaviour: {}.",
                    names.join(", ")
                ));
            }
            if let Some(v) = a.authority_view {
                line.push_str(&format!(
                    " The force's view of the IOPC's determination: {}.",
                    v.label().to_lowercase()
                ));
            }
            line
        })
        .collect();

    let mut investigation = Vec::new();
    if s.special_procedures || s.severity.is_some() {
        let severity = match (s.severity, s.severity_assessed_on) {
            (Some(sev), Some(on)) => {
                let mut t = format!("{}, assessed {}", sev.label(), english_date(on));
                match s.severity_revision_count {
                    0 => {}
                    1 => t.push_str(" (revised once)"),
                    n => t.push_str(&format!(" (revised {n} times)")),
                }
                t
            }
            (Some(sev), None) => sev.label().to_owned(),
            _ => "Not yet assessed".to_owned(),
        };
        investigation.push(item("Severity", severity));
        investigation.push(item(
            "Notice of investigation",
            s.notice_served_on.map_or_else(
                || "Not yet served".to_owned(),
                |n| format!("Served {}", english_date(n)),
            ),
        ));
    }
    investigation.push(item(
        "Interview",
        match (s.interviewed_on, s.under_caution) {
            (Some(on), _) if s.interview_kind.is_some() => format!(
                "{}: {}",
                english_date(on),
                s.interview_kind.map_or("", |k| k.label()).to_lowercase()
            ),
            (Some(on), Some(true)) => format!("{}, under caution", english_date(on)),
            (Some(on), Some(false)) => format!("{}, not under caution", english_date(on)),
            (Some(on), None) => english_date(on),
            (None, _) => "Not yet interviewed".to_owned(),
        },
    ));
    investigation.push(item(
        "Investigator's opinion",
        match (s.opinion, s.opinion_given_on) {
            (Some(o), Some(on)) => format!("{}, {}", o.label(), english_date(on)),
            (Some(o), None) => o.label().to_owned(),
            _ => "Not yet given".to_owned(),
        },
    ));

    let mut determination = vec![item(
        "Decision",
        match (s.determination, s.determined_by) {
            (Some(det), Some(by)) => {
                let who = match by {
                    Determiner::Iopc => "by the IOPC",
                    Determiner::AppropriateAuthority => "by the appropriate authority",
                };
                format!("{}, {who}, {}", det.label(), date(s.determined_on))
            }
            (Some(det), None) => det.label().to_owned(),
            _ => "None yet".to_owned(),
        },
    )];
    if let Some(l) = s.individual_learning {
        determination.push(item("Learning for the person", l.label()));
    }
    // Para 23(5A): the IOPC determines and binds the force; its view is still recorded,
    // allegation by allegation where they differ.
    if s.determined_by == Some(Determiner::Iopc) {
        let mut view = s
            .authority_view
            .map_or("Not yet recorded", |v| v.label())
            .to_owned();
        let views: Vec<(usize, AuthorityView)> = d
            .allegations
            .iter()
            .filter_map(|a| a.authority_view.map(|v| (a.number, v)))
            .collect();
        if views.iter().any(|(_, v)| Some(*v) != s.authority_view) {
            let each: Vec<String> = views
                .iter()
                .map(|(n, v)| format!("allegation {n}: {}", v.label().to_lowercase()))
                .collect();
            view = format!("{view} overall ({})", each.join("; "));
        }
        determination.push(item("The force's view", view));
    }
    if let Some(on) = s.special_conditions_certified_on {
        determination.push(item(
            "Special conditions certified (accelerated procedure)",
            format!("{} (PCR 2020 reg 49)", english_date(on)),
        ));
    }
    determination.push(item(
        "Referred to the Crown Prosecution Service",
        s.referred_to_cps_on.map_or_else(
            || "No".to_owned(),
            |on| format!("Yes, {}", english_date(on)),
        ),
    ));
    if let (Some(decision), Some(on)) = (s.cps_decision, s.cps_decided_on) {
        determination.push(item(
            "Crown Prosecution Service decision",
            format!("{}, {}", decision.label(), english_date(on)),
        ));
    }
    if let (Some(outcome), Some(on)) = (s.prosecution_outcome, s.prosecution_ended_on) {
        determination.push(item(
            "Outcome of the prosecution",
            format!("{}, {}", outcome.label(), english_date(on)),
        ));
    }
    if let Some(outcome) = &s.cps_outcome {
        determination.push(item("Crown Prosecution Service outcome", outcome.clone()));
    }

    let label_of = |id: Uuid| {
        d.allegations
            .iter()
            .find(|a| a.allegation_id == id)
            .map_or_else(
                || "An allegation".to_owned(),
                |a| format!("Allegation {} ({})", a.number, a.category),
            )
    };
    let count = d.proceedings.len();
    let proceedings = d
        .proceedings
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut rows = vec![item("Form", p.form.label())];
            if i + 1 == count && d.proceedings_directed {
                rows.push(item("Directed by the IOPC", "Yes (Sch 3 para 27)"));
            }
            rows.push(item("Notice given", date(p.notice_given_on)));
            rows.push(item(
                "Held",
                p.held_on
                    .map_or_else(|| "Not yet fixed".to_owned(), english_date),
            ));
            match (p.conducted_by, &p.panel) {
                (Some(c), Some(panel)) => {
                    rows.push(item("Conducted by", format!("{}: {panel}", c.label())))
                }
                (Some(c), None) => rows.push(item("Conducted by", c.label())),
                (None, Some(panel)) => rows.push(item("Conducted by", panel.clone())),
                (None, None) => {}
            }
            for (allegation, finding) in &p.findings {
                let mut value = finding.label().to_owned();
                // PCR 2020 Sch 2: the finding on each standard the allegation concerns.
                let recorded = d
                    .allegations
                    .iter()
                    .find(|a| a.allegation_id == *allegation)
                    .map_or(&[][..], |a| &a.standards[..]);
                let proven = p
                    .standards_proven
                    .iter()
                    .find(|(a, _)| a == allegation)
                    .map_or(&[][..], |(_, l)| &l[..]);
                if !recorded.is_empty() {
                    let each: Vec<String> = recorded
                        .iter()
                        .map(|st| {
                            let verdict = if proven.contains(st) {
                                "breach proven"
                            } else {
                                "not proven"
                            };
                            format!("{}: {verdict}", st.label())
                        })
                        .collect();
                    value = format!("{value} ({})", each.join("; "));
                }
                rows.push(item(&label_of(*allegation), value));
            }
            match (p.finding, p.outcome) {
                (Some(f), Some(o)) => {
                    rows.push(item("Finding", f.label()));
                    rows.push(item("Outcome", o.label()));
                    rows.push(item("Outcome decided", date(p.concluded_on)));
                    rows.push(item(
                        "Written outcome given",
                        p.outcome_reported_on
                            .map_or_else(|| "Not yet".to_owned(), english_date),
                    ));
                }
                _ => rows.push(item("Outcome", "Not yet concluded")),
            }
            let heading = if count > 1 {
                format!("Proceedings {}", i + 1)
            } else {
                "Proceedings".to_owned()
            };
            (heading, rows)
        })
        .collect();

    SubjectPage {
        lang: Page::ENGLISH,
        page_title: format!("{name} – case {}", s.case_reference),
        user,
        nav: "cases",
        case_id: s.case_id,
        case_reference: s.case_reference.clone(),
        name,
        role,
        stage: s.stage.label(),
        version: loaded.version,
        banner,
        errors,
        about,
        allegations,
        investigation,
        determination,
        proceedings,
        deadlines: deadlines(d, loaded.snapshot.regime(), cal),
        dsi_note: dsi_note(loaded),
        conduct_matter: loaded.conduct_matter.as_ref().map(|(id, reference)| {
            (
                format!("/cases/{id}#subjects"),
                format!("Open the conduct matter {reference}"),
            )
        }),
        actions,
        post_to: format!(
            "/cases/{}/subjects/{}/actions",
            s.case_id, s.case_subject_id
        ),
        timeline: d.events.iter().map(timeline_item).collect(),
    }
}

/// Why a subject of a DSI matter has no notice, severity assessment, determination or
/// proceedings on this page (Sch 3 para 21A).
fn dsi_note(loaded: &Loaded) -> Option<String> {
    if loaded.details.subject.case_kind != CaseKind::DsiMatter {
        return None;
    }
    Some(if loaded.snapshot.case_rerecorded {
        "This is a death or serious injury matter re-recorded as a conduct matter. \
         Severity assessments, notices of investigation, determinations and misconduct \
         proceedings for this person are taken on the conduct matter, not here \
         (Police Reform Act 2002 Schedule 3 paragraph 21A)."
            .to_owned()
    } else {
        "This is a death or serious injury matter. Severity assessments, notices of \
         investigation, determinations and misconduct proceedings do not belong to it: if the \
         investigation indicates that someone may have committed a criminal offence or \
         behaved in a way that would justify disciplinary proceedings, re-record the matter \
         as a conduct matter from the case page, and take them there \
         (Police Reform Act 2002 Schedule 3 paragraph 21A)."
            .to_owned()
    })
}

/// The clocks of proceedings under way: the officer's response to the notice (PCR 2020
/// reg 31) and, for an accelerated hearing, its window (regs 48, 52); once they have ended,
/// the written outcome (reg 42: within 5 working days of the end), met or not.
fn deadlines(d: &SubjectDetails, regime: Regime, cal: &Calendar) -> Vec<DeadlineView> {
    let today = d.subject.today;
    let mut out = Vec::new();
    if let Some(p) = d.current_proceedings()
        && p.outcome.is_some()
        && let Some(concluded) = p.concluded_on
    {
        let mut dl = clocks::proceedings_outcome_report_due(concluded, cal);
        if let Some(on) = p.outcome_reported_on {
            dl = dl.done(on);
        }
        out.push(deadline_view(
            "Give the officer the written outcome of the proceedings".to_owned(),
            &dl,
            regime,
            today,
            cal,
        ));
        return out;
    }
    if d.subject.stage != SubjectStage::ProceedingsPending {
        return out;
    }
    let Some(p) = d.current_proceedings().filter(|p| p.outcome.is_none()) else {
        return out;
    };
    let Some(notice) = p.notice_given_on else {
        return out;
    };
    if p.form == ProceedingsForm::AcceleratedHearing {
        let (earliest, latest) = clocks::accelerated_hearing_window(notice, cal);
        let mut view = deadline_view(
            "Hold the accelerated hearing".to_owned(),
            &latest,
            regime,
            today,
            cal,
        );
        view.text
            .push_str(&format!("; not before {}", english_date(earliest)));
        if let Some(held) = p.held_on {
            view.text
                .push_str(&format!(" (fixed for {})", english_date(held)));
        }
        out.push(view);
    } else {
        let dl = clocks::notice_of_proceedings_response_due(notice, cal);
        out.push(deadline_view(
            "The officer's response to the notice of proceedings".to_owned(),
            &dl,
            regime,
            today,
            cal,
        ));
    }
    out
}
