//! The workflow's steps as forms on the case page, and `POST /cases/{case_id}/actions`.
//!
//! The forms are generated, not hand-written: for every [`CaseAction`] that
//! `available_actions(snapshot, actor, today)` returns, [`params_for`] lists what the step
//! asks of the user: the choices its [`CaseCommand`] needs (recording reason, mode of
//! investigation, an outcome per allegation) and what the law asks them to write down beside
//! it ([`StepFacts`]: the grounds of a referral, a decision's rationale, what handling
//! otherwise did, the remedy told to the complainant). The same list draws the fields
//! ([`step_forms`]) and parses the posted form ([`choose`]), so the two cannot drift.
//!
//! The post goes through the shared step pipeline (`web::shared::step`): the case page is a
//! [`StepPage`] whose steps are the case machine's actions, applied with their facts in one
//! transaction by `db::workflow::apply_case_with`.

use std::collections::HashMap;
use std::str::FromStr;

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use sqlx::PgConnection;

use super::show::{CasePage, render};
use crate::auth::session::StaffUser;
use crate::db::workflow::{ActingUser, ApplyError, StepFacts, apply_case_with};
use crate::domain::vocab::{
    AllegationOutcome, CaseKind, InvestigationMode, RecordingReason, ReferralType,
};
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::StaffForm;
use crate::web::shared::form::{Field, HAPPENED_ON, Posted, Reader, StepFields};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::step::{self, Again, StepForm, StepPage};
use crate::workflow::Calendar;
use crate::workflow::case::{
    CaseAction, CaseCommand, CaseSnapshot, MandatoryGround, available_actions,
    upheld_follow_up_needs_investigation,
};

/// The longest rationale or note a step accepts.
const LONG_TEXT: usize = 4000;

/// How a complaint handled otherwise than by investigation was resolved (Sch 3 para 6(2)(b);
/// IOPC statutory guidance: explanation, apology, learning).
const HANDLING: &[(&str, &str)] = &[
    ("explanation", "An explanation was given"),
    ("apology", "An apology was given"),
    (
        "learning",
        "Learning for the officer or the force was identified",
    ),
    ("information", "Information was provided to the complainant"),
    ("other", "Something else (say what below)"),
];

/// What a field asks for.
#[derive(Debug, Clone)]
pub enum FieldKind {
    /// Exactly one of these (radios): (code, label).
    One(Vec<(&'static str, String)>),
    /// Any of these (checkboxes), possibly none: (code, label).
    Any(Vec<(&'static str, String)>),
    /// Some of these, or the last, exclusive one ("None of these applies"): one of the two
    /// is required. (code, label, hint).
    Checklist(Vec<(&'static str, String, Option<String>)>),
    /// Free text of at most `max` characters; `rows` above 1 is a text area.
    Text {
        max: usize,
        rows: u8,
        required: bool,
    },
}

/// One field of an action's form: its name, question, hint, the error when it is left
/// empty, and what it accepts.
#[derive(Debug, Clone)]
pub struct ParamSpec {
    pub name: String,
    pub legend: String,
    pub hint: Option<String>,
    pub missing: String,
    pub kind: FieldKind,
}

impl ParamSpec {
    fn one(
        name: &str,
        legend: impl Into<String>,
        missing: impl Into<String>,
        options: Vec<(&'static str, String)>,
    ) -> Self {
        ParamSpec {
            name: name.to_owned(),
            legend: legend.into(),
            hint: None,
            missing: missing.into(),
            kind: FieldKind::One(options),
        }
    }

    fn text(
        name: &str,
        legend: impl Into<String>,
        missing: impl Into<String>,
        required: bool,
    ) -> Self {
        ParamSpec {
            name: name.to_owned(),
            legend: legend.into(),
            hint: None,
            missing: missing.into(),
            kind: FieldKind::Text {
                max: LONG_TEXT,
                rows: 4,
                required,
            },
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

fn labelled<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, String)> {
    all.iter()
        .map(|&t| (code(t), label(t).to_owned()))
        .collect()
}

fn modes(legacy: bool) -> Vec<(&'static str, String)> {
    InvestigationMode::ALL
        .iter()
        .filter(|m| {
            legacy
                || matches!(
                    m,
                    InvestigationMode::Local
                        | InvestigationMode::Directed
                        | InvestigationMode::Independent
                )
        })
        .map(|&m| (m.as_str(), m.label().to_owned()))
        .collect()
}

/// The allegations' labels ("Allegation 1: Delivery of duties and service"), in page order.
pub fn allegation_labels<'a>(categories: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    categories
        .into_iter()
        .enumerate()
        .map(|(i, category)| format!("Allegation {}: {category}", i + 1))
        .collect()
}

/// The fields the form of `action` has on this case (none for most actions).
/// `referral_due` is the referral deadline, shown beside the referral checklist.
pub fn params_for(
    action: CaseAction,
    snapshot: &CaseSnapshot,
    allegations: &[String],
    referral_due: Option<&str>,
) -> Vec<ParamSpec> {
    use CaseAction as A;
    match action {
        // Sch 3 para 2(6)-(6B): a complaint is recorded for a reason; conduct and DSI
        // matters have none. CMR 2020 regs 4, 7: the duty to refer runs from recording, so
        // the mandatory-referral grounds are asked then (a DSI matter is always referred).
        A::Record => {
            let mut specs = Vec::new();
            if snapshot.kind == CaseKind::Complaint {
                specs.push(ParamSpec::one(
                    "reason",
                    "Why is the complaint being recorded?",
                    "Select why the complaint is being recorded",
                    labelled(RecordingReason::ALL, RecordingReason::as_str, RecordingReason::label),
                ));
            }
            if snapshot.kind != CaseKind::DsiMatter {
                specs.push(ParamSpec {
                    name: "grounds".into(),
                    legend: super::grounds::LEGEND.into(),
                    hint: Some(super::grounds::hint(snapshot.kind)),
                    missing: super::grounds::MISSING.into(),
                    kind: FieldKind::Checklist(super::grounds::options()),
                });
            }
            specs
        }
        // Para 2(6C): handled outside Schedule 3, to the complainant's satisfaction.
        A::HandleOutsideSchedule3 => vec![ParamSpec::text(
            "reason",
            "How will the complaint be handled?",
            "Say how the complaint will be handled",
            true,
        )
        .hint("For example: an explanation from the officer's supervisor. The complainant can ask for it to be recorded later.")],
        // Para 2(6)(b): the complainant is dissatisfied with the handling outside Schedule 3.
        A::RecordAfterDissatisfaction => vec![ParamSpec::text(
            "reason",
            "What is the complainant dissatisfied with?",
            "Say what the complainant is dissatisfied with",
            true,
        )],
        // Para 4(1), 13; CMR regs 4, 7: any mandatory ground makes referral compulsory;
        // otherwise a voluntary referral says why (para 4(2), 13(2)).
        A::Refer => {
            let mut grounds = ParamSpec {
                name: "grounds".into(),
                legend: "Which mandatory referral grounds apply?".into(),
                hint: Some(format!(
                    "If any of these applies, the referral is mandatory (Schedule 3 paragraph 4; CMR 2020 regulation 4) \
                     and you must refer. If none applies, you may still refer voluntarily: give the reason below.{}",
                    referral_due.map(|d| format!(" Refer by {d}.")).unwrap_or_default()
                )),
                missing: "Tick at least one mandatory ground, or give the reason for a voluntary referral".into(),
                kind: FieldKind::Any(labelled(MandatoryGround::ALL, MandatoryGround::as_str, MandatoryGround::label)),
            };
            if snapshot.kind == CaseKind::DsiMatter {
                grounds.hint = Some(format!(
                    "Every death or serious injury matter must be referred (Police Reform Act 2002 Part 2A); \
                     the death or serious injury ground is recorded for you.{}",
                    referral_due.map(|d| format!(" Refer by {d}.")).unwrap_or_default()
                ));
            }
            vec![
                grounds,
                ParamSpec::text(
                    "reason",
                    "Reason for a voluntary referral",
                    "Give the reason for a voluntary referral",
                    false,
                )
                .hint("Only if no mandatory ground applies: the gravity of the matter or the exceptional circumstances."),
            ]
        }
        // Paras 4A, 13A: the IOPC may require a matter to be referred, or treat it as referred.
        A::CallIn | A::TreatAsReferred => vec![ParamSpec::text(
            "reason",
            "Why is the IOPC taking this matter on?",
            "Give the reason the IOPC is taking this matter on",
            true,
        )],
        // Para 15: the mode of investigation, with the assessment's rationale.
        A::DecideInvestigation => vec![
            ParamSpec::one(
                "mode",
                "What mode of investigation?",
                "Select the mode of investigation",
                modes(snapshot.legacy),
            ),
            ParamSpec::text("reason", "Rationale", "Give the rationale for the decision", true)
                .hint("Why this mode: the seriousness, the public interest, who should investigate."),
        ],
        // Para 5(2), 15: referred back to the appropriate authority to handle as it determines.
        A::ReferBack => vec![ParamSpec::text(
            "reason",
            "Rationale",
            "Give the rationale for referring the matter back",
            true,
        )],
        // Para 6(2)(b): handled otherwise than by investigation.
        A::HandleOtherwise => vec![
            ParamSpec {
                name: "handling".into(),
                legend: "What was done?".into(),
                hint: Some("Select all that apply.".into()),
                missing: "Select what was done to handle the complaint".into(),
                kind: FieldKind::Any(HANDLING.iter().map(|(c, l)| (*c, (*l).to_owned())).collect()),
            },
            ParamSpec::text("reason", "Describe what was done", "Describe what was done", true),
        ],
        // Para 6(2)(c) (CMR reg 5 as to when): no further action.
        A::NoFurtherAction => vec![ParamSpec::text(
            "reason",
            "Why is no further action being taken?",
            "Say why no further action is being taken",
            true,
        )],
        // CMR 2020 reg 12 (suspension while criminal proceedings could be prejudiced).
        A::Suspend => vec![ParamSpec::text(
            "reason",
            "Why is the investigation being suspended?",
            "Say why the investigation is being suspended",
            true,
        )],
        // Para 25(5): a review may require re-investigation; the IOPC may also require it.
        A::RequireReinvestigation => vec![ParamSpec::text(
            "reason",
            "Why must the matter be re-investigated?",
            "Say why the matter must be re-investigated",
            true,
        )],
        // Sch 3 para 21A: what the DSI investigation indicates becomes the conduct matter.
        A::RerecordAsConductMatter => vec![ParamSpec::text(
            "reason",
            "What does the investigation indicate?",
            "Say what the investigation indicates about the conduct of a person serving with the police",
            true,
        )
        .hint("The possible criminal offence, or the behaviour that would justify disciplinary proceedings. It becomes the summary of the conduct matter, which keeps this matter's force, subjects, allegations and facts and is investigated in the same mode by the same investigator.")],
        A::ConcludeReview if upheld_follow_up_needs_investigation(snapshot) => vec![ParamSpec::one(
            "mode",
            "What mode of investigation does the review require?",
            "Select the mode of the new investigation",
            modes(snapshot.legacy),
        )],
        // CMR reg 34: an outcome per allegation, and the remedy or learning that goes with it.
        A::DecideOutcome => {
            let outcomes: Vec<_> = AllegationOutcome::ALL
                .iter()
                .filter(|o| {
                    (snapshot.legacy
                        || !matches!(o, AllegationOutcome::Upheld | AllegationOutcome::NotUpheld))
                        && **o != AllegationOutcome::NoFurtherAction
                })
                .map(|&o| (o.as_str(), o.label().to_owned()))
                .collect();
            let labels: Vec<String> = if allegations.is_empty() {
                vec!["The complaint".to_owned()]
            } else {
                allegations.to_vec()
            };
            labels
                .iter()
                .enumerate()
                .flat_map(|(i, label)| {
                    [
                        ParamSpec::one(
                            &format!("outcome-{}", i + 1),
                            format!("{label}: what is the outcome?"),
                            format!("Select the outcome of allegation {}", i + 1),
                            outcomes.clone(),
                        ),
                        ParamSpec::text(
                            &format!("detail-{}", i + 1),
                            format!("{label}: the remedy or learning"),
                            String::new(),
                            false,
                        )
                        .hint("What will be put right or learned, in words the complainant will understand. It goes in the outcome letter."),
                    ]
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// What the user chose and wrote, validated: field name to its values.
pub type Chosen = HashMap<String, Vec<String>>;

/// Validates the posted fields of an offered action: every required choice made from the
/// allowed answers, text within its length. Returns the values by field name, or the
/// errors in field order.
pub fn choose(
    action: CaseAction,
    specs: &[ParamSpec],
    posted: &Posted,
    today: NaiveDate,
) -> Result<Chosen, FormErrors> {
    let mut r = Reader::step(action.as_str(), posted, today);
    let mut chosen = Chosen::new();
    for spec in specs {
        let values = match &spec.kind {
            FieldKind::One(options) => r
                .one_of(&spec.name, &codes(options), &spec.missing)
                .into_iter()
                .collect(),
            FieldKind::Any(options) => r.any_of(&spec.name, &codes(options)),
            FieldKind::Checklist(options) => {
                let allowed: Vec<&str> = options.iter().map(|(c, _, _)| *c).collect();
                let ticked = r.any_of(&spec.name, &allowed);
                if let Err(message) = super::grounds::answer(&ticked) {
                    r.fail(&spec.name, message);
                }
                ticked
            }
            FieldKind::Text { max, required, .. } => {
                let text = r.text(&spec.name, &spec.legend, *max);
                if text.is_none() && *required && r.raw(&spec.name).is_empty() {
                    r.fail(&spec.name, spec.missing.clone());
                }
                text.into_iter().collect()
            }
        };
        if !values.is_empty() {
            chosen.insert(spec.name.clone(), values);
        }
    }
    if let Some(on) = r.happened_on() {
        chosen.insert(HAPPENED_ON.to_owned(), vec![on.to_string()]);
    }
    // Checks across fields.
    let has = |name: &str| chosen.get(name).is_some_and(|v| !v.is_empty());
    match action {
        CaseAction::Refer if !has("grounds") && !has("reason") => r.fail(
            "grounds",
            "Tick at least one mandatory ground, or give the reason for a voluntary referral",
        ),
        CaseAction::HandleOtherwise if !has("handling") => {
            r.fail("handling", "Select what was done to handle the complaint")
        }
        _ => {}
    }
    r.finish(Some(chosen))
}

fn codes(options: &[(&'static str, String)]) -> Vec<&'static str> {
    options.iter().map(|(code, _)| *code).collect()
}

fn first<'a>(chosen: &'a Chosen, name: &str) -> Option<&'a str> {
    chosen.get(name).and_then(|v| v.first()).map(String::as_str)
}

fn pick<T: FromStr>(chosen: &Chosen, name: &str) -> Option<T> {
    first(chosen, name).and_then(|v| v.parse().ok())
}

/// Builds the command of `action` and the facts recorded beside it from the validated
/// fields (already checked against the allowed answers by [`choose`]).
pub fn command_for(
    action: CaseAction,
    snapshot: &CaseSnapshot,
    chosen: &Chosen,
) -> (CaseCommand, StepFacts) {
    use CaseAction as A;
    use CaseCommand as C;
    let mut facts = StepFacts {
        reason: first(chosen, "reason").map(str::to_owned),
        on: pick(chosen, HAPPENED_ON),
        ..StepFacts::default()
    };
    let command = match action {
        A::Record => {
            let reason = pick(chosen, "reason").unwrap_or(RecordingReason::MustBeRecorded);
            // The checklist's answer (CMR 2020 regs 4, 7): the grounds found are kept on the
            // case, and the answer, "none" included, is told in the case's history.
            if snapshot.kind != CaseKind::DsiMatter {
                let grounds =
                    super::grounds::answer(chosen.get("grounds").map_or(&[], Vec::as_slice))
                        .unwrap_or_default();
                let answer = format!(
                    "Mandatory-referral grounds: {}.",
                    super::grounds::in_words(&grounds)
                );
                facts.reason = Some(if snapshot.kind == CaseKind::Complaint {
                    format!("{}. {answer}", reason.label())
                } else {
                    answer
                });
                facts.grounds = grounds.iter().map(|g| g.as_str().to_owned()).collect();
            }
            C::Record { reason }
        }
        A::HandleOutsideSchedule3 => C::HandleOutsideSchedule3,
        A::RecordAfterDissatisfaction => C::RecordAfterDissatisfaction,
        A::Refer => {
            let mut grounds: Vec<String> = chosen.get("grounds").cloned().unwrap_or_default();
            // Part 2A: every DSI matter is referred on the DSI ground.
            if snapshot.kind == CaseKind::DsiMatter
                && !grounds
                    .iter()
                    .any(|g| g == MandatoryGround::DeathOrSeriousInjury.as_str())
            {
                grounds.push(MandatoryGround::DeathOrSeriousInjury.as_str().to_owned());
            }
            // Grounds already found on the case stay part of the referral.
            for g in &snapshot.mandatory_grounds {
                if !grounds.iter().any(|x| x == g.as_str()) {
                    grounds.push(g.as_str().to_owned());
                }
            }
            let referral_type = if grounds.is_empty() {
                ReferralType::Voluntary
            } else {
                // A mandatory referral records no voluntary reason.
                facts.reason = None;
                ReferralType::Mandatory
            };
            facts.grounds = grounds;
            C::Refer { referral_type }
        }
        A::CallIn => C::CallIn,
        A::TreatAsReferred => C::TreatAsReferred,
        A::DecideInvestigation => C::DecideInvestigation {
            mode: pick(chosen, "mode").unwrap_or(InvestigationMode::Local),
        },
        A::ReferBack => C::ReferBack,
        A::HandleOtherwise => {
            facts.handling = chosen.get("handling").cloned().unwrap_or_default();
            C::HandleOtherwise
        }
        A::StartLocalInvestigation => C::StartLocalInvestigation,
        A::NoFurtherAction => C::NoFurtherAction,
        A::Suspend => C::Suspend,
        A::Resume => C::Resume,
        A::SubmitReport => C::SubmitReport,
        A::RequireReinvestigation => C::RequireReinvestigation,
        A::CompleteDeterminations => C::CompleteDeterminations,
        A::DecideOutcome => {
            let mut outcomes = Vec::new();
            let mut i = 1;
            while let Some(o) = pick::<AllegationOutcome>(chosen, &format!("outcome-{i}")) {
                outcomes.push(o);
                facts
                    .outcome_details
                    .push(first(chosen, &format!("detail-{i}")).map(str::to_owned));
                i += 1;
            }
            if facts.outcome_details.iter().all(Option::is_none) {
                facts.outcome_details.clear();
            }
            C::DecideOutcome { outcomes }
        }
        A::NotifyOutcome => C::NotifyOutcome,
        A::ApplyForReview => C::ApplyForReview,
        A::ConcludeReview => C::ConcludeReview {
            mode: if upheld_follow_up_needs_investigation(snapshot) {
                pick(chosen, "mode")
            } else {
                None
            },
        },
        A::Close => C::Close,
        A::Withdraw => C::Withdraw,
        A::Discontinue => C::Discontinue,
        A::Disapply => C::Disapply,
        A::RerecordAsConductMatter => C::RerecordAsConductMatter,
    };
    (command, facts)
}

/// Fills what an action not offered to the user needs to be built and asked, so the
/// workflow's refusal (which names the rule) is what the user sees.
fn fill_for_refusal(specs: &[ParamSpec], posted: &Posted) -> Chosen {
    specs
        .iter()
        .filter_map(|s| match &s.kind {
            FieldKind::One(options) => {
                let v = posted
                    .all(&s.name)
                    .iter()
                    .find(|v| options.iter().any(|(c, _)| c == *v))
                    .cloned()
                    .or_else(|| options.first().map(|(c, _)| (*c).to_owned()))?;
                Some((s.name.clone(), vec![v]))
            }
            _ => None,
        })
        .collect()
}

/// What a field shows before the user has posted anything: the referral grounds already
/// found on the case are ticked (on the referral, and on the recording checklist when they
/// were found before recording).
fn default_values(action: CaseAction, snapshot: &CaseSnapshot, name: &str) -> Vec<String> {
    match (action, name) {
        (CaseAction::Refer | CaseAction::Record, "grounds") => snapshot
            .mandatory_grounds
            .iter()
            .map(|g| g.as_str().to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// The plain-English description of the step this action takes from the case's stage.
fn action_description(action: CaseAction, snapshot: &CaseSnapshot) -> Option<String> {
    crate::workflow::case::TABLE
        .iter()
        .find(|r| {
            r.action == action
                && r.from.contains(&snapshot.stage)
                && r.kinds.contains(&snapshot.kind)
        })
        .map(|r| format!("{} ({})", r.description, snapshot.regime().cite(r.source)))
}

/// The forms of the steps `available` on the case page, with what was posted to `posted`'s
/// step kept and the errors beside the fields. `referral_due` is shown beside the referral
/// checklist.
pub fn step_forms(
    available: &[CaseAction],
    snapshot: &CaseSnapshot,
    allegations: &[String],
    referral_due: Option<&str>,
    posted: Option<&(CaseAction, Posted)>,
    errors: &FormErrors,
    today: NaiveDate,
) -> Vec<StepForm> {
    available
        .iter()
        .map(|&action| {
            let posted = posted.filter(|(a, _)| *a == action).map(|(_, p)| p);
            let defaults;
            let values = match posted {
                Some(p) => p,
                None => {
                    let mut d = Posted::default();
                    d.happened_today(today);
                    for spec in params_for(action, snapshot, allegations, None) {
                        for v in default_values(action, snapshot, &spec.name) {
                            d.add(&spec.name, v);
                        }
                    }
                    defaults = d;
                    &defaults
                }
            };
            let f = StepFields::new(action.as_str(), Some(values), errors);
            let mut fields: Vec<Field> = params_for(action, snapshot, allegations, referral_due)
                .into_iter()
                .map(|spec| field(&f, spec))
                .collect();
            fields.push(Field::Date(f.happened_on()));
            StepForm {
                code: action.as_str(),
                heading: None,
                button: action.label().to_owned(),
                button_class: "",
                description: action_description(action, snapshot),
                error: None,
                fields,
            }
        })
        .collect()
}

fn field(f: &StepFields<'_>, spec: ParamSpec) -> Field {
    let options = |o: Vec<(&'static str, String)>| {
        o.into_iter()
            .map(|(code, label)| (code.to_owned(), label, None))
            .collect()
    };
    let hinted = |mut c: crate::web::shared::form::ChoiceField, hint: Option<String>| {
        c.hint = hint;
        c
    };
    match spec.kind {
        FieldKind::One(o) => Field::Radios(hinted(
            f.radios(&spec.name, &spec.legend, options(o)),
            spec.hint,
        )),
        FieldKind::Any(o) => Field::Checkboxes(hinted(
            f.checkboxes(&spec.name, &spec.legend, options(o)),
            spec.hint,
        )),
        FieldKind::Checklist(o) => Field::Checkboxes(
            hinted(
                f.checkboxes(
                    &spec.name,
                    &spec.legend,
                    o.into_iter()
                        .map(|(code, label, hint)| (code.to_owned(), label, hint))
                        .collect(),
                ),
                spec.hint,
            )
            .exclusive_last(),
        ),
        FieldKind::Text { max, rows, .. } => {
            let mut t = f.textarea(&spec.name, &spec.legend, max);
            t.rows = rows;
            t.hint = spec.hint;
            Field::Text(t)
        }
    }
}

/// The case page as a page of steps of the case machine.
pub struct CaseSteps;

impl StepPage for CaseSteps {
    type Id = CaseId;
    type Step = CaseAction;
    type Loaded = CasePage;
    type Command = (CaseCommand, StepFacts);

    const RECORD: &'static str = "case";

    fn step(code: &str) -> Option<CaseAction> {
        CaseAction::from_str(code).ok()
    }

    fn code(step: CaseAction) -> &'static str {
        step.as_str()
    }

    async fn load(state: &AppState, user: &StaffUser, id: CaseId) -> AppResult<CasePage> {
        CasePage::load(state, user, id).await
    }

    async fn load_in(
        conn: &mut PgConnection,
        _calendar: &Arc<Calendar>,
        user: &StaffUser,
        id: CaseId,
    ) -> sqlx::Result<Option<CasePage>> {
        CasePage::load_in(conn, user, id).await
    }

    fn version(page: &CasePage) -> i32 {
        page.version
    }

    fn offered(page: &CasePage, user: &StaffUser) -> Vec<CaseAction> {
        available_actions(&page.snapshot, &user.actor(), page.details.case.today)
    }

    fn parse(
        action: CaseAction,
        page: &CasePage,
        posted: &Posted,
        _user: &StaffUser,
    ) -> Result<Self::Command, FormErrors> {
        let specs = params_for(action, &page.snapshot, &page.allegation_labels(), None);
        let chosen = choose(action, &specs, posted, page.details.case.today)?;
        Ok(command_for(action, &page.snapshot, &chosen))
    }

    fn unoffered(
        action: CaseAction,
        page: &CasePage,
        posted: &Posted,
    ) -> Result<Self::Command, String> {
        // The workflow refuses it whatever the choices, and its refusal says why.
        let specs = params_for(action, &page.snapshot, &page.allegation_labels(), None);
        Ok(command_for(
            action,
            &page.snapshot,
            &fill_for_refusal(&specs, posted),
        ))
    }

    async fn apply(
        state: &AppState,
        id: CaseId,
        page: &CasePage,
        version: i32,
        command: &Self::Command,
        acting: &ActingUser,
    ) -> Result<(), ApplyError> {
        let mut tx = state.pool.begin().await?;
        Self::apply_in(&mut tx, id, page, version, command, acting).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn apply_in(
        conn: &mut PgConnection,
        id: CaseId,
        page: &CasePage,
        version: i32,
        (command, facts): &Self::Command,
        acting: &ActingUser,
    ) -> Result<(), ApplyError> {
        apply_case_with(
            conn,
            id.0,
            version,
            command,
            acting,
            page.details.case.today,
            facts,
        )
        .await
        .map(|_| ())
    }

    fn constraint_message(_constraint: &str) -> &'static str {
        "This step could not be saved: the case record lacks facts the law requires for it. \
         Nothing was changed."
    }

    fn done(id: CaseId, action: CaseAction) -> String {
        format!("/cases/{id}?done={}", action.as_str())
    }

    async fn render(
        state: &AppState,
        user: &StaffUser,
        id: CaseId,
        mut again: Again<Self>,
    ) -> AppResult<Response> {
        let loaded = again.loaded.take();
        render(state, user, id, loaded, again.into()).await
    }
}

/// `POST /cases/{case_id}/actions`
pub async fn act(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    form: StaffForm,
) -> AppResult<Response> {
    step::take::<CaseSteps>(&state, form, case_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{ForceId, LpbId};

    fn snapshot(kind: CaseKind) -> CaseSnapshot {
        CaseSnapshot::new(kind, ForceId("f".into()), LpbId("l".into()))
    }

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).expect("date")
    }

    #[test]
    fn a_referral_needs_a_mandatory_ground_or_a_voluntary_reason() {
        let s = snapshot(CaseKind::Complaint);
        let specs = params_for(CaseAction::Refer, &s, &[], None);
        let errors = choose(CaseAction::Refer, &specs, &posted(&[]), today())
            .expect_err("nothing ticked or given");
        assert!(errors.get("refer-grounds").is_some());
    }

    #[test]
    fn ticking_a_mandatory_ground_makes_the_referral_mandatory() {
        let s = snapshot(CaseKind::Complaint);
        let specs = params_for(CaseAction::Refer, &s, &[], None);
        let chosen = choose(
            CaseAction::Refer,
            &specs,
            &posted(&[("grounds", "serious_assault"), ("reason", "ignored")]),
            today(),
        )
        .expect("valid");
        let (command, facts) = command_for(CaseAction::Refer, &s, &chosen);
        assert_eq!(
            command,
            CaseCommand::Refer {
                referral_type: ReferralType::Mandatory
            }
        );
        assert_eq!(facts.grounds, vec!["serious_assault".to_owned()]);
        assert_eq!(
            facts.reason, None,
            "a mandatory referral records no voluntary reason"
        );
    }

    #[test]
    fn a_referral_with_only_a_reason_is_voluntary() {
        let s = snapshot(CaseKind::Complaint);
        let specs = params_for(CaseAction::Refer, &s, &[], None);
        let chosen = choose(
            CaseAction::Refer,
            &specs,
            &posted(&[("reason", "Public concern")]),
            today(),
        )
        .expect("valid");
        let (command, facts) = command_for(CaseAction::Refer, &s, &chosen);
        assert_eq!(
            command,
            CaseCommand::Refer {
                referral_type: ReferralType::Voluntary
            }
        );
        assert_eq!(facts.reason.as_deref(), Some("Public concern"));
    }

    #[test]
    fn every_dsi_matter_is_referred_on_the_dsi_ground() {
        let s = snapshot(CaseKind::DsiMatter);
        let specs = params_for(CaseAction::Refer, &s, &[], None);
        let chosen = choose(
            CaseAction::Refer,
            &specs,
            &posted(&[("reason", "Death after contact")]),
            today(),
        )
        .expect("valid");
        let (command, facts) = command_for(CaseAction::Refer, &s, &chosen);
        assert_eq!(
            command,
            CaseCommand::Refer {
                referral_type: ReferralType::Mandatory
            }
        );
        assert_eq!(facts.grounds, vec!["death_or_serious_injury".to_owned()]);
    }

    /// CMR 2020 regs 4, 7: recording asks the mandatory-referral grounds, and keeps the
    /// answer as facts of the step; a DSI matter, always referred, is not asked.
    #[test]
    fn cmr_2020_reg_4_recording_asks_the_grounds_and_keeps_the_answer() {
        let s = snapshot(CaseKind::ConductMatter);
        let specs = params_for(CaseAction::Record, &s, &[], None);
        let errors =
            choose(CaseAction::Record, &specs, &posted(&[]), today()).expect_err("no answer");
        assert_eq!(
            errors.get("record-grounds"),
            Some(super::super::grounds::MISSING)
        );
        let chosen = choose(
            CaseAction::Record,
            &specs,
            &posted(&[("grounds", "serious_assault")]),
            today(),
        )
        .expect("valid");
        let (_, facts) = command_for(CaseAction::Record, &s, &chosen);
        assert_eq!(facts.grounds, vec!["serious_assault".to_owned()]);
        assert_eq!(
            facts.reason.as_deref(),
            Some("Mandatory-referral grounds: serious assault.")
        );
        let chosen = choose(
            CaseAction::Record,
            &specs,
            &posted(&[("grounds", "none")]),
            today(),
        )
        .expect("valid");
        let (_, facts) = command_for(CaseAction::Record, &s, &chosen);
        assert!(facts.grounds.is_empty());
        let dsi = params_for(
            CaseAction::Record,
            &snapshot(CaseKind::DsiMatter),
            &[],
            None,
        );
        assert!(dsi.is_empty(), "a DSI matter is always referred");
    }

    #[test]
    fn a_rationale_longer_than_the_limit_is_refused_by_name() {
        let s = snapshot(CaseKind::Complaint);
        let specs = params_for(CaseAction::ReferBack, &s, &[], None);
        let long = "x".repeat(LONG_TEXT + 1);
        let errors = choose(
            CaseAction::ReferBack,
            &specs,
            &posted(&[("reason", &long)]),
            today(),
        )
        .expect_err("too long");
        assert_eq!(
            errors.get("refer_back-reason"),
            Some("Rationale must be 4,000 characters or fewer")
        );
    }

    #[test]
    fn an_outcome_is_asked_for_every_allegation_with_its_remedy() {
        let s = snapshot(CaseKind::Complaint);
        let labels = vec![
            "Allegation 1: Use of force".to_owned(),
            "Allegation 2: Other".to_owned(),
        ];
        let specs = params_for(CaseAction::DecideOutcome, &s, &labels, None);
        let errors = choose(
            CaseAction::DecideOutcome,
            &specs,
            &posted(&[("outcome-1", "service_acceptable")]),
            today(),
        )
        .expect_err("allegation 2 missing");
        assert_eq!(
            errors.get("decide_outcome-outcome-2"),
            Some("Select the outcome of allegation 2")
        );
        let chosen = choose(
            CaseAction::DecideOutcome,
            &specs,
            &posted(&[
                ("outcome-1", "service_acceptable"),
                ("outcome-2", "service_not_acceptable"),
                ("detail-2", "An apology"),
            ]),
            today(),
        )
        .expect("valid");
        let (command, facts) = command_for(CaseAction::DecideOutcome, &s, &chosen);
        assert_eq!(
            command,
            CaseCommand::DecideOutcome {
                outcomes: vec![
                    AllegationOutcome::ServiceAcceptable,
                    AllegationOutcome::ServiceNotAcceptable
                ]
            }
        );
        assert_eq!(
            facts.outcome_details,
            vec![None, Some("An apology".to_owned())]
        );
    }
}
