//! The forms of the subject page: which fields each step asks for, and how the posted strings
//! become a workflow command plus the facts the step records, or the form again with an error
//! beside each field. Pure: no I/O, so every rule here is unit-tested.
//!
//! One function draws a step's fields ([`fields`]) and one reads them back ([`parse`]), with
//! the shared form system (`web::shared::form`: `StepFields` and `Reader`); both use the same
//! names and ids, so the page and the parser cannot drift. Every field's id is
//! `{step}-{name}`, unique on a page that shows several forms at once; the error summary links
//! to it.
//!
//! What the page offers is only what the law allows (the proceedings forms that fit the case
//! to answer, the findings a form of proceedings can make, the outcomes [`allowed_outcomes`]
//! gives for each finding). A value posted by hand outside those lists is not silently
//! replaced: a command is still built from it, so the workflow refuses it and names the rule
//! (or the database's constraint does). Checks on what was typed (a date in the future, an
//! interview before the notice, a hearing outside its window) are made here.

use std::str::FromStr;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::subject_workflow::{OutcomeFacts, ProceedingsFacts, StepFacts, SubjectFact};
use crate::domain::vocab::{
    AuthorityView, CpsDecision, Determination, IndividualLearning, InterviewKind,
    ProceedingsConductor, ProceedingsFinding, ProceedingsForm, ProceedingsOutcome,
    ProfessionalStandard, ProsecutionOutcome, Severity, SubjectKind,
};
use crate::web::shared::form::{
    ChoiceField, Field, FollowUp, FormErrors, Posted, Reader, StepFields, TextField, step_field_id,
};
use crate::workflow::calendar::Calendar;
use crate::workflow::clocks;
use crate::workflow::english_date;
use crate::workflow::subject::{
    SubjectAction, SubjectCommand, allowed_outcomes, conductors_for, individual_learning_for,
    is_dismissal, standards_finding_problem,
};

/// The longest reason for a severity revision.
pub const MAX_REASON: usize = 1000;
/// The longest description of who conducts proceedings.
pub const MAX_PANEL: usize = 500;

/// A step the subject page offers: a step of the subject machine, or recording a fact that
/// moves no stage (that the subject has left the force, the certificate of the special
/// conditions, the Crown Prosecution Service's decision and the prosecution's outcome, the
/// report of the outcome of proceedings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Machine(SubjectAction),
    RecordLeftForce,
    CertifySpecialConditions,
    RecordCpsDecision,
    RecordProsecutionOutcome,
    RecordOutcomeReport,
}

impl Step {
    const FACTS: [(Step, &'static str); 5] = [
        (Step::RecordLeftForce, "record_left_force"),
        (Step::CertifySpecialConditions, "certify_special_conditions"),
        (Step::RecordCpsDecision, "record_cps_decision"),
        (Step::RecordProsecutionOutcome, "record_prosecution_outcome"),
        (Step::RecordOutcomeReport, "record_outcome_report"),
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Machine(a) => a.as_str(),
            other => Self::FACTS
                .iter()
                .find(|(s, _)| *s == other)
                .map_or("", |(_, c)| c),
        }
    }

    pub fn parse(code: &str) -> Option<Step> {
        if let Some((step, _)) = Self::FACTS.iter().find(|(_, c)| *c == code) {
            return Some(*step);
        }
        SubjectAction::from_str(code).ok().map(Step::Machine)
    }
}

/// Proceedings brought and not yet concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenProceedings {
    pub form: ProceedingsForm,
    pub notice_given_on: Option<NaiveDate>,
    pub held_on: Option<NaiveDate>,
}

/// What the forms need to know about the subject.
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    pub today: NaiveDate,
    pub calendar: &'a Calendar,
    pub subject_kind: SubjectKind,
    pub legacy: bool,
    pub left_force: bool,
    pub severity: Option<Severity>,
    pub notice_served_on: Option<NaiveDate>,
    pub opinion: Option<Determination>,
    pub determination: Option<Determination>,
    pub proceedings: Option<OpenProceedings>,
    /// The allegations this subject is subject of: (id, "Allegation 2 (category)").
    pub allegations: Vec<(Uuid, String)>,
    /// The standards recorded for each of them (PCR 2020 Sch 2).
    pub standards: Vec<(Uuid, Vec<ProfessionalStandard>)>,
    /// The user is the IOPC (it directs proceedings rather than bringing them).
    pub iopc: bool,
    /// The special conditions are certified (PCR 2020 reg 49).
    pub special_conditions_certified: bool,
    /// When the file went to the Crown Prosecution Service, and when it decided.
    pub referred_to_cps_on: Option<NaiveDate>,
    pub cps_decided_on: Option<NaiveDate>,
    /// When the latest proceedings ended (their outcome decided).
    pub proceedings_concluded_on: Option<NaiveDate>,
}

/// What a valid form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Step(SubjectCommand, StepFacts),
    LeftForce,
    Fact(SubjectFact),
}

// ---------------------------------------------------------------------------------------------
// Fields.
// ---------------------------------------------------------------------------------------------

/// The id of a step's field.
pub fn field_id(step: Step, name: &str) -> String {
    step_field_id(step.code(), name)
}

/// Field names.
mod name {
    pub const SEVERITY: &str = "severity";
    pub const REASON: &str = "reason";
    pub const SERVED_ON: &str = "served_on";
    pub const INTERVIEWED_ON: &str = "interviewed_on";
    pub const OPINION: &str = "opinion";
    pub const DETERMINATION: &str = "determination";
    pub const VIEW: &str = "view";
    pub const FORM: &str = "form";
    pub const NOTICE_GIVEN_ON: &str = "notice_given_on";
    pub const HELD_ON: &str = "held_on";
    pub const PANEL: &str = "panel";
    pub const FINDING: &str = "finding";
    pub const LIVE_WARNING: &str = "live_warning";
    pub const BARRED_LIST: &str = "barred_list";
    pub const CONCLUDED_ON: &str = "concluded_on";
    pub const INTERVIEW_KIND: &str = "interview_kind";
    pub const LEARNING: &str = "individual_learning";
    pub const CONDUCTED_BY: &str = "conducted_by";
    pub const CERTIFIED_ON: &str = "certified_on";
    pub const CONDITIONS: &str = "conditions";
    pub const CPS_DECISION: &str = "cps_decision";
    pub const DECIDED_ON: &str = "decided_on";
    pub const PROSECUTION_OUTCOME: &str = "prosecution_outcome";
    pub const ENDED_ON: &str = "ended_on";
    pub const REPORTED_ON: &str = "reported_on";
}

fn standards_name(allegation: Uuid) -> String {
    format!("standards-{allegation}")
}

fn standard_finding_name(allegation: Uuid, standard: ProfessionalStandard) -> String {
    format!("standard-{allegation}-{}", standard.as_str())
}

fn view_name(allegation: Uuid) -> String {
    format!("view-{allegation}")
}

/// The standards recorded for an allegation.
fn standards_of(ctx: &Ctx<'_>, allegation: Uuid) -> Vec<ProfessionalStandard> {
    ctx.standards
        .iter()
        .find(|(id, _)| *id == allegation)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

fn finding_name(allegation: Uuid) -> String {
    format!("finding-{allegation}")
}

fn outcome_name(finding: ProceedingsFinding) -> String {
    format!("outcome-{}", finding.as_str())
}

/// Draws the fields of `step`, with the posted input kept and the errors beside the fields.
pub fn fields(
    step: Step,
    ctx: &Ctx<'_>,
    posted: Option<&Posted>,
    errors: &FormErrors,
) -> Vec<Field> {
    let mut v = step_fields(step, ctx, posted, errors);
    if let Step::Machine(action) = step
        && dated_by_form(action)
    {
        let today;
        let posted = match posted {
            Some(p) => p,
            None => {
                let mut p = Posted::default();
                p.happened_today(ctx.today);
                today = p;
                &today
            }
        };
        v.push(Field::Date(
            StepFields::new(step.code(), Some(posted), errors).happened_on(),
        ));
    }
    v
}

/// Whether a step asks "When did this happen?": all but those whose own dates say it (the
/// notice served, the interview, the end of proceedings).
fn dated_by_form(action: SubjectAction) -> bool {
    !matches!(
        action,
        SubjectAction::ServeNotice
            | SubjectAction::Interview
            | SubjectAction::RecordProceedingsOutcome
    )
}

fn step_fields(
    step: Step,
    ctx: &Ctx<'_>,
    posted: Option<&Posted>,
    errors: &FormErrors,
) -> Vec<Field> {
    let f = Form {
        step,
        f: StepFields::new(step.code(), posted, errors),
    };
    let Step::Machine(action) = step else {
        return fact_fields(&f, ctx);
    };
    use SubjectAction as A;
    match action {
        A::AssessSeverity => {
            let mut v = vec![f.radios(
                name::SEVERITY,
                "If proved, what would the conduct amount to?",
                None,
                severity_options(),
            )];
            // PCR 2020 Sch 2: the standards each allegation concerns.
            for (id, label) in &ctx.allegations {
                v.push(
                    f.checkboxes(
                        &standards_name(*id),
                        &format!(
                            "{label}: which Standards of Professional Behaviour does it concern?"
                        ),
                        Some(
                            "Select all that apply (Police (Conduct) Regulations 2020 Sch 2)"
                                .to_owned(),
                        ),
                        standard_options(),
                    ),
                );
            }
            v
        }
        A::ReviseSeverity => vec![
            f.radios(
                name::SEVERITY,
                "If proved, what would the conduct now amount to?",
                ctx.severity
                    .map(|s| format!("The current assessment is: {}", s.label().to_lowercase())),
                severity_options(),
            ),
            f.textarea(
                name::REASON,
                "Why is the assessment revised?",
                Some("The subject must be told of the revised assessment in writing".to_owned()),
                MAX_REASON,
            ),
        ],
        A::ServeNotice => vec![f.date(
            name::SERVED_ON,
            "When was the written notice of investigation served?",
        )],
        A::Interview => {
            let mut v = Vec::new();
            if let Some(n) = ctx.notice_served_on {
                v.push(Field::Note(format!(
                    "The notice of investigation was served on {}.",
                    english_date(n)
                )));
            }
            v.push(f.date(name::INTERVIEWED_ON, "When was the interview?"));
            v.push(
                f.radios(
                    name::INTERVIEW_KIND,
                    "What kind of interview was it?",
                    None,
                    InterviewKind::ALL
                        .iter()
                        .map(|k| (k.as_str(), k.label().to_owned(), None))
                        .collect(),
                ),
            );
            v
        }
        A::GiveOpinion => vec![f.radios(
            name::OPINION,
            "What is the investigator's opinion on this subject?",
            None,
            determination_options(ctx.legacy),
        )],
        A::Determine => {
            let mut v = Vec::new();
            if let Some(o) = ctx.opinion {
                v.push(Field::Note(format!(
                    "The investigator's opinion: {}.",
                    o.label().to_lowercase()
                )));
            }
            let mut radios = f.radios(
                name::DETERMINATION,
                "What is the determination?",
                None,
                determination_options(ctx.legacy),
            );
            // Where there is no case to answer, the learning for the person.
            if let Field::Radios(r) = &mut radios {
                for choice in &mut r.options {
                    if choice.value == Determination::NoCaseToAnswer.as_str() {
                        choice.follow_up = Some(FollowUp {
                            id: format!("{}-follow-learning", field_id(f.step, name::DETERMINATION)),
                            fields: vec![f.radios(
                                name::LEARNING,
                                "What learning is there for the person?",
                                Some(if ctx.legacy || !officer(ctx.subject_kind) {
                                    "Reflective practice is for police officers and special constables under the 2020 rules (PCR 2020 Part 6)".to_owned()
                                } else {
                                    "Reflective practice follows the reflective practice review process (PCR 2020 Part 6)".to_owned()
                                }),
                                individual_learning_for(ctx.subject_kind, ctx.legacy)
                                    .into_iter()
                                    .map(|l| (l.as_str(), l.label().to_owned(), None))
                                    .collect(),
                            )],
                        });
                    }
                }
            }
            v.push(radios);
            v
        }
        A::RecordAuthorityView => {
            let mut v = Vec::new();
            if let Some(d) = ctx.determination {
                v.push(Field::Note(format!(
                    "The IOPC's determination: {}.",
                    d.label().to_lowercase()
                )));
            }
            v.push(f.radios(
                name::VIEW,
                "Does the force agree with the IOPC's determination?",
                None,
                view_options(),
            ));
            // Sch 3 para 23(5A): the view on each allegation, where they differ.
            if ctx.allegations.len() > 1 {
                for (id, label) in &ctx.allegations {
                    v.push(f.radios(
                        &view_name(*id),
                        &format!("{label}: does the force agree? (optional)"),
                        Some("Leave it blank where the force's view on this allegation is its overall view".to_owned()),
                        view_options(),
                    ));
                }
            }
            v
        }
        A::BringProceedings => {
            let mut v = Vec::new();
            if ctx.iopc {
                v.push(Field::Note(
                    "The IOPC directs the force to bring these proceedings, and the force must bring them (Sch 3 para 27)."
                        .to_owned(),
                ));
            }
            v.push(
                f.radios(
                    name::FORM,
                    "What form of proceedings?",
                    None,
                    forms_fitting(ctx.determination)
                        .into_iter()
                        .map(|p| {
                            // PCR 2020 reg 49: the accelerated procedure needs the certificate.
                            let hint = (p == ProceedingsForm::AcceleratedHearing
                                && !ctx.special_conditions_certified)
                                .then(|| {
                                    "Only once the appropriate authority has certified the special conditions (PCR 2020 reg 49)".to_owned()
                                });
                            (p.as_str(), p.label().to_owned(), hint)
                        })
                        .collect(),
                ),
            );
            v.push(f.optional_date(
                name::NOTICE_GIVEN_ON,
                "When was the officer given written notice of the proceedings? (optional)",
                "Leave it blank if notice has not been given yet. The officer has 15 working days to respond (PCR 2020 reg 31)",
            ));
            v.push(f.optional_date(
                name::HELD_ON,
                "When is the meeting or hearing to be held? (optional)",
                "Leave it blank if it is not fixed yet. An accelerated hearing is held 10 to 15 working days after the notice (PCR 2020 regs 48, 52)",
            ));
            v.push(
                f.radios(
                    name::CONDUCTED_BY,
                    "Who will conduct it?",
                    Some("PCR 2020 regs 28 and 55 (unverified)".to_owned()),
                    ProceedingsConductor::ALL
                        .iter()
                        .map(|c| (c.as_str(), c.label().to_owned(), Some(conductor_hint(*c))))
                        .collect(),
                ),
            );
            v.push(Field::Text(f.text(
                name::PANEL,
                "Who are the panel members or the person conducting it? (optional)",
                Some("For example, a legally qualified chair and two panel members".to_owned()),
            )));
            v
        }
        A::RecordProceedingsOutcome => outcome_fields(&f, ctx),
        A::ReferToCps | A::DirectReflectivePractice | A::Conclude => Vec::new(),
    }
}

fn outcome_fields(f: &Form<'_>, ctx: &Ctx<'_>) -> Vec<Field> {
    let Some(p) = ctx.proceedings else {
        return vec![Field::Note(
            "No proceedings are recorded for this subject.".to_owned(),
        )];
    };
    let findings = findings_for(p.form);
    let finding_options = || -> Vec<(&'static str, String, Option<String>)> {
        findings
            .iter()
            .map(|x| (x.as_str(), x.label().to_owned(), None))
            .collect()
    };
    let mut v = Vec::new();
    for (id, label) in &ctx.allegations {
        v.push(f.radios(
            &finding_name(*id),
            &format!("{label}: what was found?"),
            None,
            finding_options(),
        ));
        // PCR 2020 Sch 2: the finding on each standard the allegation concerns.
        for standard in standards_of(ctx, *id) {
            let mut r = f.radios(
                &standard_finding_name(*id, standard),
                &format!(
                    "{}: {}",
                    label.split(" (").next().unwrap_or(label),
                    standard.label()
                ),
                None,
                vec![
                    ("proven", "Breach proven".to_owned(), None),
                    ("not_proven", "Not proven".to_owned(), None),
                ],
            );
            if let Field::Radios(r) = &mut r {
                r.inline = true;
            }
            v.push(r);
        }
    }
    let step = f.step;
    let mut overall = f.radios(
        name::FINDING,
        "Overall finding",
        Some("It may be more serious than the finding on any one allegation (their cumulative effect), never less".to_owned()),
        finding_options(),
    );
    if let Field::Radios(r) = &mut overall {
        for choice in &mut r.options {
            let Ok(finding) = choice.value.parse::<ProceedingsFinding>() else {
                continue;
            };
            let mut outcomes = allowed_outcomes(
                p.form,
                finding,
                ctx.subject_kind,
                ctx.legacy,
                ctx.left_force,
                true,
            );
            // Someone who has left cannot be reduced in rank either (migration 0006).
            if ctx.left_force {
                outcomes.retain(|o| *o != ProceedingsOutcome::ReductionInRank);
            }
            let needs_flag = finding == ProceedingsFinding::MisconductProven
                && p.form != ProceedingsForm::MisconductMeeting;
            let options = outcomes
                .iter()
                .map(|o| {
                    let hint = (needs_flag
                        && matches!(
                            o,
                            ProceedingsOutcome::ReductionInRank
                                | ProceedingsOutcome::DismissalWithNotice
                                | ProceedingsOutcome::WouldHaveBeenDismissed
                        ))
                    .then(|| {
                        "Only with a live final written warning, or several unconnected incidents"
                            .to_owned()
                    });
                    (o.as_str(), o.label().to_owned(), hint)
                })
                .collect();
            let mut follow = vec![f.radios(
                &outcome_name(finding),
                &format!("Outcome if the finding is: {}", choice.label.to_lowercase()),
                None,
                options,
            )];
            if needs_flag {
                follow.push(Field::Checkboxes(f.checkbox(
                    name::LIVE_WARNING,
                    "The officer has a live final written warning, or the case concerns several unconnected incidents",
                    None,
                )));
            }
            choice.follow_up = Some(FollowUp {
                id: format!(
                    "{}-follow-{}",
                    field_id(step, name::FINDING),
                    finding.as_str()
                ),
                fields: follow,
            });
        }
    }
    v.push(overall);
    v.push(Field::Checkboxes(f.checkbox(
        name::BARRED_LIST,
        "Place on the barred list",
        Some(if ctx.left_force {
            "Required when the finding is that they would have been dismissed, and not allowed otherwise (Police Act 1996 Part 4A)".to_owned()
        } else {
            "Required after dismissal, and not allowed otherwise (Police Act 1996 Part 4A)".to_owned()
        }),
    )));
    v.push(f.date(name::HELD_ON, "When was the meeting or hearing held?"));
    v.push(f.date(name::CONCLUDED_ON, "When was the outcome decided?"));
    v
}

/// Draws the fields of one step (the shared [`StepFields`], in this page's terms).
struct Form<'a> {
    step: Step,
    f: StepFields<'a>,
}

impl Form<'_> {
    fn radios(
        &self,
        name: &str,
        legend: &str,
        hint: Option<String>,
        options: Vec<(&'static str, String, Option<String>)>,
    ) -> Field {
        let options = options
            .into_iter()
            .map(|(v, l, h)| (v.to_owned(), l, h))
            .collect();
        let mut r = self.f.radios(name, legend, options);
        r.hint = hint;
        Field::Radios(r)
    }

    fn date(&self, name: &str, legend: &str) -> Field {
        Field::Date(self.f.date(name, legend, None))
    }

    fn optional_date(&self, name: &str, legend: &str, hint: &str) -> Field {
        Field::Date(self.f.date(name, legend, Some(hint)))
    }

    fn text(&self, name: &str, label: &str, hint: Option<String>) -> TextField {
        TextField {
            hint,
            ..self.f.text(name, label)
        }
    }

    fn textarea(&self, name: &str, label: &str, hint: Option<String>, max: usize) -> Field {
        Field::Text(TextField {
            hint,
            ..self.f.textarea(name, label, max)
        })
    }

    fn checkbox(&self, name: &str, label: &str, hint: Option<String>) -> ChoiceField {
        self.f.checkbox(name, label, hint)
    }

    fn checkboxes(
        &self,
        name: &str,
        legend: &str,
        hint: Option<String>,
        options: Vec<(&'static str, String, Option<String>)>,
    ) -> Field {
        let options = options
            .into_iter()
            .map(|(v, l, h)| (v.to_owned(), l, h))
            .collect();
        let mut c = self.f.checkboxes(name, legend, options);
        c.hint = hint;
        Field::Checkboxes(c)
    }
}

/// The fields of the steps that record a fact rather than move the stage.
fn fact_fields(f: &Form<'_>, ctx: &Ctx<'_>) -> Vec<Field> {
    match f.step {
        Step::RecordLeftForce => vec![Field::Note(
            "Record this once the subject no longer serves with the police, for example after resigning or retiring. \
             Proceedings may then find that they would have been dismissed had they still served."
                .to_owned(),
        )],
        Step::CertifySpecialConditions => vec![
            Field::Note(
                "The special conditions are: there is sufficient evidence, in the form of written statements or other documents, to establish on the balance of probabilities that the conduct is gross misconduct; and it is in the public interest for the officer to cease to be a member of the police force without delay (PCR 2020 reg 49)."
                    .to_owned(),
            ),
            f.date(
                name::CERTIFIED_ON,
                "When did the appropriate authority certify that the special conditions are satisfied?",
            ),
            Field::Checkboxes(f.checkbox(
                name::CONDITIONS,
                "The appropriate authority has certified that both special conditions are satisfied",
                None,
            )),
        ],
        Step::RecordCpsDecision => {
            let mut v = Vec::new();
            if let Some(on) = ctx.referred_to_cps_on {
                v.push(Field::Note(format!(
                    "The file was referred to the Crown Prosecution Service on {}.",
                    english_date(on)
                )));
            }
            v.push(f.radios(
                name::CPS_DECISION,
                "What did the Crown Prosecution Service decide?",
                None,
                CpsDecision::ALL
                    .iter()
                    .map(|d| (d.as_str(), d.label().to_owned(), None))
                    .collect(),
            ));
            v.push(f.date(name::DECIDED_ON, "When did it decide?"));
            v
        }
        Step::RecordProsecutionOutcome => vec![
            f.radios(
                name::PROSECUTION_OUTCOME,
                "How did the prosecution end?",
                None,
                ProsecutionOutcome::ALL
                    .iter()
                    .map(|o| (o.as_str(), o.label().to_owned(), None))
                    .collect(),
            ),
            f.date(name::ENDED_ON, "When did it end?"),
        ],
        Step::RecordOutcomeReport => {
            let mut v = Vec::new();
            if let Some(on) = ctx.proceedings_concluded_on {
                let due = clocks::proceedings_outcome_report_due(on, ctx.calendar).due;
                v.push(Field::Note(format!(
                    "The outcome was decided on {}; the written outcome is due by {} (PCR 2020 reg 42).",
                    english_date(on),
                    english_date(due)
                )));
            }
            v.push(f.date(
                name::REPORTED_ON,
                "When was the written outcome given to the officer?",
            ));
            v
        }
        Step::Machine(_) => Vec::new(),
    }
}

fn officer(kind: SubjectKind) -> bool {
    matches!(
        kind,
        SubjectKind::PoliceOfficer | SubjectKind::SpecialConstable
    )
}

fn standard_options() -> Vec<(&'static str, String, Option<String>)> {
    ProfessionalStandard::ALL
        .iter()
        .map(|s| (s.as_str(), s.label().to_owned(), None))
        .collect()
}

fn view_options() -> Vec<(&'static str, String, Option<String>)> {
    vec![
        (AuthorityView::Agreed.as_str(), "Agreed".into(), None),
        (AuthorityView::Disagreed.as_str(), "Disagreed".into(), None),
    ]
}

/// Which forms of proceedings each conductor is for (from `conductors_for`).
fn conductor_hint(c: ProceedingsConductor) -> String {
    let forms: Vec<String> = ProceedingsForm::ALL
        .iter()
        .filter(|p| conductors_for(**p).contains(&c))
        .map(|p| p.label().to_lowercase())
        .collect();
    format!("For a {}", forms.join(" or an "))
}

fn severity_options() -> Vec<(&'static str, String, Option<String>)> {
    vec![
        (Severity::Misconduct.as_str(), "Misconduct".into(), None),
        (
            Severity::GrossMisconduct.as_str(),
            "Gross misconduct".into(),
            Some("A breach so serious it could justify dismissal".into()),
        ),
        (
            Severity::NoMisconduct.as_str(),
            "Neither: it would not amount to misconduct".into(),
            None,
        ),
    ]
}

/// The opinions and determinations on offer: practice requiring improvement (the reflective
/// practice review process) only under the 2020 rules (PCR 2020 Part 6; CMR 2020 reg 2(2)).
fn determination_options(legacy: bool) -> Vec<(&'static str, String, Option<String>)> {
    Determination::ALL
        .iter()
        .filter(|d| !(legacy && **d == Determination::PracticeRequiringImprovement))
        .map(|d| (d.as_str(), d.label().to_owned(), None))
        .collect()
}

/// The forms of proceedings that fit a case to answer: a meeting or hearing for misconduct,
/// a hearing or accelerated hearing for gross misconduct (PCR 2020).
pub fn forms_fitting(determination: Option<Determination>) -> Vec<ProceedingsForm> {
    use ProceedingsForm as P;
    match determination {
        Some(Determination::CaseToAnswerMisconduct) => {
            vec![P::MisconductMeeting, P::MisconductHearing]
        }
        Some(Determination::CaseToAnswerGrossMisconduct) => {
            vec![P::MisconductHearing, P::AcceleratedHearing]
        }
        Some(_) => Vec::new(),
        None => P::ALL.to_vec(),
    }
}

/// The findings a form of proceedings can make: a meeting deals with misconduct only, an
/// accelerated hearing with gross misconduct only (PCR 2020; migration 0006).
pub fn findings_for(form: ProceedingsForm) -> Vec<ProceedingsFinding> {
    use ProceedingsFinding as F;
    match form {
        ProceedingsForm::MisconductMeeting => vec![F::MisconductProven, F::NotProven],
        ProceedingsForm::MisconductHearing => {
            vec![F::GrossMisconductProven, F::MisconductProven, F::NotProven]
        }
        ProceedingsForm::AcceleratedHearing => vec![F::GrossMisconductProven, F::NotProven],
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing.
// ---------------------------------------------------------------------------------------------

/// Reads the form of `step` into the command and facts it asks for, or the errors to show.
pub fn parse(step: Step, posted: &Posted, ctx: &Ctx<'_>) -> Result<Parsed, FormErrors> {
    let mut r = Reader::step(step.code(), posted, ctx.today);
    let Step::Machine(action) = step else {
        if step == Step::RecordLeftForce {
            return Ok(Parsed::LeftForce);
        }
        let fact = parse_fact(step, &mut r, ctx);
        return r.finish(fact).map(Parsed::Fact);
    };
    use SubjectAction as A;
    use SubjectCommand as C;
    let mut facts = StepFacts::default();
    let command = match action {
        A::AssessSeverity => {
            let severity = r.choice::<Severity>(
                name::SEVERITY,
                "Select what the conduct would amount to if proved",
            );
            // PCR 2020 Sch 2: misconduct is a breach of the standards, so an assessment that
            // the conduct would be misconduct names the standards each allegation concerns.
            let codes: Vec<&str> = ProfessionalStandard::ALL
                .iter()
                .map(|s| s.as_str())
                .collect();
            for (id, label) in &ctx.allegations {
                let field = standards_name(*id);
                let list: Vec<ProfessionalStandard> = r
                    .any_of(&field, &codes)
                    .iter()
                    .filter_map(|c| c.parse().ok())
                    .collect();
                if list.is_empty() && severity.is_some_and(|s| s != Severity::NoMisconduct) {
                    r.fail(
                        &field,
                        format!(
                            "Select the standards {} concerns (PCR 2020 Sch 2)",
                            allegation_short(label)
                        ),
                    );
                }
                facts.standards.push((*id, list));
            }
            severity.map(|severity| C::AssessSeverity { severity })
        }
        A::ReviseSeverity => {
            let severity = r.choice::<Severity>(
                name::SEVERITY,
                "Select what the conduct would now amount to if proved",
            );
            if let (Some(new), Some(current)) = (severity, ctx.severity)
                && new == current
            {
                r.fail(
                    name::SEVERITY,
                    format!(
                        "Select a different assessment from the current one ({})",
                        current.label().to_lowercase()
                    ),
                );
            }
            match r.text(name::REASON, "why the assessment is revised", MAX_REASON) {
                Some(reason) => facts.reason = Some(reason),
                None => r.fail(name::REASON, "Enter why the assessment is revised"),
            }
            severity.map(|severity| C::ReviseSeverity { severity })
        }
        A::ServeNotice => {
            facts.on = r.date(
                name::SERVED_ON,
                "the date the notice was served",
                true,
                true,
            );
            facts.on.map(|_| C::ServeNotice)
        }
        A::Interview => {
            let on = r.date(
                name::INTERVIEWED_ON,
                "the date of the interview",
                true,
                true,
            );
            // CMR 2020 reg 17: the notice comes before any interview.
            if let (Some(on), Some(notice)) = (on, ctx.notice_served_on)
                && on < notice
            {
                r.fail_date(
                    name::INTERVIEWED_ON,
                    format!(
                        "The date of the interview must be on or after the date the notice was served, {} (CMR 2020 reg 17)",
                        english_date(notice)
                    ),
                );
            }
            let kind = r.choice::<InterviewKind>(
                name::INTERVIEW_KIND,
                "Select what kind of interview it was",
            );
            facts.on = on;
            facts.interview_kind = kind;
            facts.under_caution = kind.map(|k| k != InterviewKind::Misconduct);
            (on.is_some() && kind.is_some()).then_some(C::Interview)
        }
        A::GiveOpinion => r
            .choice::<Determination>(name::OPINION, "Select the investigator's opinion")
            .map(|opinion| C::GiveOpinion { opinion }),
        A::Determine => {
            let determination =
                r.choice::<Determination>(name::DETERMINATION, "Select the determination");
            if determination == Some(Determination::NoCaseToAnswer) {
                let offered = individual_learning_for(ctx.subject_kind, ctx.legacy);
                match r.raw(name::LEARNING).parse::<IndividualLearning>().ok() {
                    Some(l) if offered.contains(&l) => facts.individual_learning = Some(l),
                    Some(_) => r.fail(
                        name::LEARNING,
                        "Reflective practice is for police officers and special constables under the 2020 rules (PCR 2020 Part 6): select learning advice, or that none was identified",
                    ),
                    None => r.fail(
                        name::LEARNING,
                        "Select what learning there is for the person, or that none was identified",
                    ),
                }
            }
            determination.map(|determination| C::Determine { determination })
        }
        A::RecordAuthorityView => {
            let view = r.choice::<AuthorityView>(
                name::VIEW,
                "Select whether the force agrees with the IOPC's determination",
            );
            // Sch 3 para 23(5A): allegation by allegation; a blank one takes the overall view.
            let mut given = Vec::new();
            for (id, _) in &ctx.allegations {
                let field = view_name(*id);
                match r.raw(&field) {
                    "" => {}
                    raw => match raw.parse::<AuthorityView>() {
                        Ok(v) => given.push(v),
                        Err(_) => r.fail(&field, "Select agreed or disagreed"),
                    },
                }
            }
            if let Some(overall) = view
                && ctx.allegations.len() > 1
                && given.len() == ctx.allegations.len()
                && given.iter().all(|v| *v != overall)
            {
                r.fail(
                    name::VIEW,
                    format!(
                        "The force's view on every allegation is “{}”: its overall view cannot be “{}”",
                        given[0].label().to_lowercase(),
                        overall.label().to_lowercase()
                    ),
                );
            }
            if let Some(overall) = view {
                facts.allegation_views = ctx
                    .allegations
                    .iter()
                    .map(|(id, _)| {
                        let v = r
                            .raw(&view_name(*id))
                            .parse::<AuthorityView>()
                            .unwrap_or(overall);
                        (*id, v)
                    })
                    .collect();
            }
            view.map(|view| C::RecordAuthorityView { view })
        }
        A::ReferToCps => Some(C::ReferToCps),
        A::BringProceedings => {
            let form = r.choice::<ProceedingsForm>(name::FORM, "Select the form of proceedings");
            let notice = r.date(
                name::NOTICE_GIVEN_ON,
                "the date notice of the proceedings was given",
                false,
                true,
            );
            let held = r.date(
                name::HELD_ON,
                "the date of the meeting or hearing",
                false,
                false,
            );
            if let (Some(n), Some(h)) = (notice, held) {
                if h < n {
                    r.fail_date(
                        name::HELD_ON,
                        "The date of the meeting or hearing must be on or after the date notice was given",
                    );
                } else if form == Some(ProceedingsForm::AcceleratedHearing)
                    && let Some(message) = accelerated_window_problem(n, h, ctx.calendar)
                {
                    r.fail_date(name::HELD_ON, message);
                }
            }
            let conducted_by = r.choice::<ProceedingsConductor>(
                name::CONDUCTED_BY,
                "Select who will conduct the proceedings",
            );
            if let (Some(form), Some(c)) = (form, conducted_by)
                && !conductors_for(form).contains(&c)
            {
                let allowed: Vec<String> = conductors_for(form)
                    .iter()
                    .map(|c| c.label().to_lowercase())
                    .collect();
                r.fail(
                    name::CONDUCTED_BY,
                    format!(
                        "A {} is conducted by {} (PCR 2020 regs 28 and 55)",
                        form.label().to_lowercase(),
                        allowed.join(" or ")
                    ),
                );
            }
            let panel = r.text(name::PANEL, "who will conduct it", MAX_PANEL);
            facts.proceedings = Some(ProceedingsFacts {
                notice_given_on: notice,
                held_on: held,
                panel,
                conducted_by,
            });
            form.map(|form| C::BringProceedings { form })
        }
        A::DirectReflectivePractice => Some(C::DirectReflectivePractice),
        A::RecordProceedingsOutcome => parse_outcome(&mut r, ctx, &mut facts),
        A::Conclude => Some(C::Conclude),
    };
    // The day the step happened: its own date where it has one (the notice, the interview,
    // the end of proceedings), else the date the form asks for.
    if action == A::RecordProceedingsOutcome {
        facts.on = facts.outcome.as_ref().map(|o| o.concluded_on);
    } else if dated_by_form(action) {
        facts.on = r.happened_on();
    }
    r.finish(command).map(|c| Parsed::Step(c, facts))
}

fn parse_outcome(
    r: &mut Reader<'_>,
    ctx: &Ctx<'_>,
    facts: &mut StepFacts,
) -> Option<SubjectCommand> {
    let Some(p) = ctx.proceedings else {
        r.fail(
            name::FINDING,
            "No proceedings are recorded for this subject",
        );
        return None;
    };
    let offered = findings_for(p.form);
    let mut per_allegation = Vec::new();
    let mut standards_proven = Vec::new();
    for (id, label) in &ctx.allegations {
        let field = finding_name(*id);
        match r
            .raw(&field)
            .parse::<ProceedingsFinding>()
            .ok()
            .filter(|f| offered.contains(f))
        {
            Some(f) => per_allegation.push((*id, f)),
            None => r.fail(
                &field,
                format!("Select the finding on {}", allegation_short(label)),
            ),
        }
        // PCR 2020 Sch 2: the finding on each standard the allegation concerns.
        let recorded = standards_of(ctx, *id);
        let mut proven = Vec::new();
        let mut answered = 0;
        for standard in &recorded {
            let field = standard_finding_name(*id, *standard);
            match r.raw(&field) {
                "proven" => {
                    proven.push(*standard);
                    answered += 1;
                }
                "not_proven" => answered += 1,
                _ => r.fail(
                    &field,
                    format!(
                        "Select whether a breach of {} was proven on {}",
                        standard.label().to_lowercase(),
                        allegation_short(label)
                    ),
                ),
            }
        }
        if answered == recorded.len()
            && let Some(finding) = per_allegation
                .iter()
                .find(|(a, _)| a == id)
                .map(|(_, f)| *f)
            && let Some(problem) = standards_finding_problem(finding, recorded.len(), proven.len())
            && let Some(first) = recorded.first()
        {
            r.fail(&standard_finding_name(*id, *first), problem);
        }
        standards_proven.push((*id, proven));
    }
    let finding = r.choice::<ProceedingsFinding>(name::FINDING, "Select the overall finding");
    if let Some(overall) = finding
        && per_allegation.len() == ctx.allegations.len()
    {
        let each: Vec<ProceedingsFinding> = per_allegation.iter().map(|(_, f)| *f).collect();
        if let Some(problem) = overall_finding_problem(overall, &each) {
            r.fail(name::FINDING, problem);
        }
    }
    let outcome = finding.and_then(|f| {
        let field = outcome_name(f);
        let o = r.raw(&field).parse::<ProceedingsOutcome>().ok();
        if o.is_none() {
            r.fail(&field, "Select the outcome");
        }
        o
    });
    let live = r.ticked(name::LIVE_WARNING);
    if let Some(o) = outcome
        && let Some(problem) = barred_list_problem(o, r.ticked(name::BARRED_LIST))
    {
        r.fail(name::BARRED_LIST, problem);
    }
    let held = r.date(
        name::HELD_ON,
        "the date the meeting or hearing was held",
        true,
        true,
    );
    if let (Some(h), Some(n)) = (held, p.notice_given_on)
        && h < n
    {
        r.fail_date(
            name::HELD_ON,
            format!(
                "The date the meeting or hearing was held must be on or after the date notice was given, {}",
                english_date(n)
            ),
        );
    }
    let concluded = r.date(
        name::CONCLUDED_ON,
        "the date the outcome was decided",
        true,
        true,
    );
    if let (Some(h), Some(c)) = (held, concluded)
        && c < h
    {
        r.fail_date(
            name::CONCLUDED_ON,
            "The date the outcome was decided must be on or after the date the meeting or hearing was held",
        );
    }
    if let (Some(held_on), Some(concluded_on)) = (held, concluded) {
        facts.outcome = Some(OutcomeFacts {
            held_on,
            concluded_on,
            findings: per_allegation,
            standards_proven,
        });
    }
    match (finding, outcome) {
        (Some(finding), Some(outcome)) => Some(SubjectCommand::RecordProceedingsOutcome {
            finding,
            outcome,
            left_force: ctx.left_force,
            live_warning_or_multiple: live,
        }),
        _ => None,
    }
}

/// "Allegation 2 (Discriminatory behaviour)" -> "allegation 2".
fn allegation_short(label: &str) -> String {
    label.split(" (").next().unwrap_or(label).to_lowercase()
}

fn seriousness(f: ProceedingsFinding) -> u8 {
    match f {
        ProceedingsFinding::NotProven => 0,
        ProceedingsFinding::MisconductProven => 1,
        ProceedingsFinding::GrossMisconductProven => 2,
    }
}

/// The overall finding of proceedings weighs the allegations together: it may be more
/// serious than any one of them (their cumulative effect), never less serious than the most
/// serious, and nothing is proven overall when no allegation is (PCR 2020).
pub fn overall_finding_problem(
    overall: ProceedingsFinding,
    each: &[ProceedingsFinding],
) -> Option<&'static str> {
    let most = each.iter().map(|f| seriousness(*f)).max()?;
    if seriousness(overall) < most {
        Some("The overall finding cannot be less serious than the finding on any allegation")
    } else if most == 0 && seriousness(overall) > 0 {
        Some("When no allegation is proven, the overall finding is not proven")
    } else {
        None
    }
}

/// The barred list holds officers dismissed, or found that they would have been dismissed,
/// and only them (Police Act 1996 Part 4A, inserted by the Policing and Crime Act 2017).
pub fn barred_list_problem(outcome: ProceedingsOutcome, ticked: bool) -> Option<&'static str> {
    let dismissal = is_dismissal(outcome);
    match (dismissal, ticked) {
        (true, false) => Some(
            "Someone dismissed, or found that they would have been dismissed, is placed on the barred list: tick the box to confirm (Police Act 1996 Part 4A)",
        ),
        (false, true) => Some(
            "Only someone dismissed, or found that they would have been dismissed, goes on the barred list (Police Act 1996 Part 4A)",
        ),
        _ => None,
    }
}

/// An accelerated hearing is held not less than 10 and not more than 15 working days after
/// the notice (PCR 2020 regs 48, 52).
pub fn accelerated_window_problem(
    notice_on: NaiveDate,
    held_on: NaiveDate,
    cal: &Calendar,
) -> Option<String> {
    let (earliest, latest) = clocks::accelerated_hearing_window(notice_on, cal);
    (held_on < earliest || held_on > latest.due).then(|| {
        format!(
            "An accelerated hearing must be held 10 to 15 working days after the notice (PCR 2020 regs 48, 52): between {} and {}",
            english_date(earliest),
            english_date(latest.due)
        )
    })
}

/// Reads the form of a step that records a fact.
fn parse_fact(step: Step, r: &mut Reader<'_>, ctx: &Ctx<'_>) -> Option<SubjectFact> {
    let not_before = |r: &mut Reader<'_>,
                      name: &str,
                      on: Option<NaiveDate>,
                      earlier: Option<NaiveDate>,
                      what: &str| {
        if let (Some(on), Some(earlier)) = (on, earlier)
            && on < earlier
        {
            r.fail_date(name, format!("{what}, {}", english_date(earlier)));
            return None;
        }
        on
    };
    match step {
        Step::CertifySpecialConditions => {
            let on = r.date(
                name::CERTIFIED_ON,
                "the date the special conditions were certified",
                true,
                true,
            );
            if !r.ticked(name::CONDITIONS) {
                r.fail(
                    name::CONDITIONS,
                    "Confirm that the appropriate authority certified both special conditions (PCR 2020 reg 49)",
                );
            }
            on.map(|on| SubjectFact::SpecialConditionsCertified { on })
        }
        Step::RecordCpsDecision => {
            let decision = r.choice::<CpsDecision>(
                name::CPS_DECISION,
                "Select what the Crown Prosecution Service decided",
            );
            let on = r.date(name::DECIDED_ON, "the date of the decision", true, true);
            let on = not_before(
                r,
                name::DECIDED_ON,
                on,
                ctx.referred_to_cps_on,
                "The date of the decision must be on or after the referral",
            );
            match (decision, on) {
                (Some(decision), Some(on)) => Some(SubjectFact::CpsDecided { decision, on }),
                _ => None,
            }
        }
        Step::RecordProsecutionOutcome => {
            let outcome = r.choice::<ProsecutionOutcome>(
                name::PROSECUTION_OUTCOME,
                "Select how the prosecution ended",
            );
            let on = r.date(name::ENDED_ON, "the date the prosecution ended", true, true);
            let on = not_before(
                r,
                name::ENDED_ON,
                on,
                ctx.cps_decided_on,
                "The date the prosecution ended must be on or after the decision to charge",
            );
            match (outcome, on) {
                (Some(outcome), Some(on)) => Some(SubjectFact::ProsecutionEnded { outcome, on }),
                _ => None,
            }
        }
        Step::RecordOutcomeReport => {
            let on = r.date(
                name::REPORTED_ON,
                "the date the written outcome was given",
                true,
                true,
            );
            not_before(
                r,
                name::REPORTED_ON,
                on,
                ctx.proceedings_concluded_on,
                "The date the written outcome was given must be on or after the outcome was decided",
            )
            .map(|on| SubjectFact::OutcomeReported { on })
        }
        Step::RecordLeftForce | Step::Machine(_) => None,
    }
}

/// A command of `step` with placeholder parameters, for asking the workflow why a step it
/// did not offer is refused (the refusal does not depend on them).
pub fn fallback(action: SubjectAction) -> SubjectCommand {
    use SubjectAction as A;
    use SubjectCommand as C;
    match action {
        A::AssessSeverity => C::AssessSeverity {
            severity: Severity::Misconduct,
        },
        A::ReviseSeverity => C::ReviseSeverity {
            severity: Severity::Misconduct,
        },
        A::ServeNotice => C::ServeNotice,
        A::Interview => C::Interview,
        A::GiveOpinion => C::GiveOpinion {
            opinion: Determination::NoCaseToAnswer,
        },
        A::Determine => C::Determine {
            determination: Determination::NoCaseToAnswer,
        },
        A::RecordAuthorityView => C::RecordAuthorityView {
            view: AuthorityView::Agreed,
        },
        A::ReferToCps => C::ReferToCps,
        A::BringProceedings => C::BringProceedings {
            form: ProceedingsForm::MisconductHearing,
        },
        A::DirectReflectivePractice => C::DirectReflectivePractice,
        A::RecordProceedingsOutcome => C::RecordProceedingsOutcome {
            finding: ProceedingsFinding::NotProven,
            outcome: ProceedingsOutcome::NoAction,
            left_force: false,
            live_warning_or_multiple: false,
        },
        A::Conclude => C::Conclude,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn values(pairs: &[(&str, &str)]) -> Posted {
        Posted::new(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn ctx(cal: &Calendar) -> Ctx<'_> {
        Ctx {
            today: d(2026, 3, 2),
            calendar: cal,
            subject_kind: SubjectKind::PoliceOfficer,
            legacy: false,
            left_force: false,
            severity: Some(Severity::Misconduct),
            notice_served_on: Some(d(2026, 2, 10)),
            opinion: None,
            determination: Some(Determination::CaseToAnswerGrossMisconduct),
            proceedings: None,
            allegations: Vec::new(),
            standards: Vec::new(),
            iopc: false,
            special_conditions_certified: false,
            referred_to_cps_on: None,
            cps_decided_on: None,
            proceedings_concluded_on: None,
        }
    }

    fn errors_of(step: Step, v: &Posted, c: &Ctx<'_>) -> Vec<(String, String)> {
        match parse(step, v, c) {
            Ok(p) => panic!("expected errors, got {p:?}"),
            Err(e) => e.items.into_iter().map(|i| (i.field, i.message)).collect(),
        }
    }

    #[test]
    fn a_notice_date_in_the_future_is_refused() {
        let cal = Calendar::new([]);
        let c = ctx(&cal);
        let v = values(&[
            ("served_on-day", "3"),
            ("served_on-month", "3"),
            ("served_on-year", "2026"),
        ]);
        assert_eq!(
            errors_of(Step::Machine(SubjectAction::ServeNotice), &v, &c),
            vec![(
                "serve_notice-served_on-day".to_owned(),
                "The date the notice was served must be today or in the past".to_owned()
            )]
        );
        let v = values(&[
            ("served_on-day", "2"),
            ("served_on-month", "3"),
            ("served_on-year", "2026"),
        ]);
        assert_eq!(
            parse(Step::Machine(SubjectAction::ServeNotice), &v, &c).ok(),
            Some(Parsed::Step(
                SubjectCommand::ServeNotice,
                StepFacts {
                    on: Some(d(2026, 3, 2)),
                    ..StepFacts::default()
                }
            ))
        );
    }

    #[test]
    fn interview_before_the_notice_date_is_refused() {
        let cal = Calendar::new([]);
        let c = ctx(&cal);
        let step = Step::Machine(SubjectAction::Interview);
        let v = values(&[
            ("interviewed_on-day", "9"),
            ("interviewed_on-month", "2"),
            ("interviewed_on-year", "2026"),
            ("interview_kind", "criminal_caution"),
        ]);
        let errors = errors_of(step, &v, &c);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "interview-interviewed_on-day");
        assert!(
            errors[0]
                .1
                .contains("on or after the date the notice was served, 10 February 2026")
        );
        assert!(errors[0].1.contains("CMR 2020 reg 17"));
        let v = values(&[
            ("interviewed_on-day", "10"),
            ("interviewed_on-month", "2"),
            ("interviewed_on-year", "2026"),
        ]);
        assert_eq!(
            errors_of(step, &v, &c),
            vec![(
                "interview-interview_kind".to_owned(),
                "Select what kind of interview it was".to_owned()
            )]
        );
    }

    #[test]
    fn severity_revision_needs_a_reason_and_a_change() {
        let cal = Calendar::new([]);
        let c = ctx(&cal);
        let step = Step::Machine(SubjectAction::ReviseSeverity);
        let errors = errors_of(step, &values(&[("severity", "misconduct")]), &c);
        assert_eq!(
            errors,
            vec![
                (
                    "revise_severity-severity".to_owned(),
                    "Select a different assessment from the current one (misconduct)".to_owned()
                ),
                (
                    "revise_severity-reason".to_owned(),
                    "Enter why the assessment is revised".to_owned()
                ),
            ]
        );
        let long = "x".repeat(MAX_REASON + 1);
        let errors = errors_of(
            step,
            &values(&[("severity", "gross_misconduct"), ("reason", &long)]),
            &c,
        );
        assert_eq!(
            errors[0].1,
            "Why the assessment is revised must be 1,000 characters or fewer"
        );
        assert!(matches!(
            parse(
                step,
                &values(&[
                    ("severity", "gross_misconduct"),
                    ("reason", "New video evidence")
                ]),
                &c
            ),
            Ok(Parsed::Step(
                SubjectCommand::ReviseSeverity {
                    severity: Severity::GrossMisconduct
                },
                StepFacts {
                    reason: Some(_),
                    ..
                }
            ))
        ));
    }

    #[test]
    fn a_required_choice_left_empty_is_named() {
        let cal = Calendar::new([]);
        let c = ctx(&cal);
        assert_eq!(
            errors_of(Step::Machine(SubjectAction::Determine), &values(&[]), &c),
            vec![(
                "determine-determination".to_owned(),
                "Select the determination".to_owned()
            )]
        );
        assert_eq!(
            errors_of(
                Step::Machine(SubjectAction::AssessSeverity),
                &values(&[("severity", "serious")]),
                &c
            )[0]
            .1,
            "Select what the conduct would amount to if proved"
        );
    }

    #[test]
    fn accelerated_hearing_outside_10_to_15_working_days_is_refused() {
        let cal = Calendar::new([]);
        let c = ctx(&cal);
        let step = Step::Machine(SubjectAction::BringProceedings);
        // Notice on Monday 2 February 2026: 10 working days is 16 February, 15 is 23 February.
        let post = |day: &str| {
            values(&[
                ("form", "accelerated_hearing"),
                ("conducted_by", "chief_officer"),
                ("notice_given_on-day", "2"),
                ("notice_given_on-month", "2"),
                ("notice_given_on-year", "2026"),
                ("held_on-day", day),
                ("held_on-month", "2"),
                ("held_on-year", "2026"),
            ])
        };
        for early_or_late in ["13", "24"] {
            let errors = errors_of(step, &post(early_or_late), &c);
            assert_eq!(errors[0].0, "bring_proceedings-held_on-day");
            assert!(
                errors[0]
                    .1
                    .contains("between 16 February 2026 and 23 February 2026"),
                "{}",
                errors[0].1
            );
        }
        for in_window in ["16", "23"] {
            assert!(parse(step, &post(in_window), &c).is_ok(), "{in_window}");
        }
        // A misconduct hearing has no such window.
        let mut v = post("13");
        v.set("form", "misconduct_hearing");
        v.set("conducted_by", "legally_qualified_chair");
        assert!(parse(step, &v, &c).is_ok());
    }

    // PCR 2020 regs 28 and 55 (unverified): a hearing has a legally qualified chair.
    #[test]
    fn pcr_2020_reg_28_a_hearing_conducted_by_the_force_is_refused_beside_the_field() {
        let cal = Calendar::new([]);
        let c = ctx(&cal);
        let step = Step::Machine(SubjectAction::BringProceedings);
        let v = values(&[
            ("form", "misconduct_hearing"),
            ("conducted_by", "force_meeting"),
        ]);
        let errors = errors_of(step, &v, &c);
        assert_eq!(errors[0].0, "bring_proceedings-conducted_by");
        assert!(
            errors[0].1.contains("legally qualified chair"),
            "{}",
            errors[0].1
        );
    }

    // PCR 2020 Sch 2: the finding on each standard agrees with the allegation's finding.
    #[test]
    fn pcr_2020_sch_2_a_proven_allegation_with_no_standard_breached_is_refused() {
        let cal = Calendar::new([]);
        let mut c = outcome_ctx(&cal, ProceedingsForm::MisconductMeeting, false);
        let id = Uuid::from_u128(1);
        c.standards = vec![(id, vec![ProfessionalStandard::HonestyAndIntegrity])];
        let mut v = values(&[
            (&format!("finding-{id}"), "misconduct_proven"),
            (
                &format!("standard-{id}-honesty_and_integrity"),
                "not_proven",
            ),
            ("finding", "misconduct_proven"),
            ("outcome-misconduct_proven", "written_warning"),
            ("held_on-day", "14"),
            ("held_on-month", "1"),
            ("held_on-year", "2026"),
            ("concluded_on-day", "14"),
            ("concluded_on-month", "1"),
            ("concluded_on-year", "2026"),
        ]);
        let step = Step::Machine(SubjectAction::RecordProceedingsOutcome);
        let errors = errors_of(step, &v, &c);
        assert_eq!(
            errors[0].0,
            format!("record_proceedings_outcome-standard-{id}-honesty_and_integrity")
        );
        v.set(&format!("standard-{id}-honesty_and_integrity"), "proven");
        let Ok(Parsed::Step(_, facts)) = parse(step, &v, &c) else {
            panic!("parsed");
        };
        assert_eq!(
            facts.outcome.map(|o| o.standards_proven),
            Some(vec![(id, vec![ProfessionalStandard::HonestyAndIntegrity])])
        );
    }

    #[test]
    fn the_forms_offered_fit_the_case_to_answer() {
        assert_eq!(
            forms_fitting(Some(Determination::CaseToAnswerMisconduct)),
            vec![
                ProceedingsForm::MisconductMeeting,
                ProceedingsForm::MisconductHearing
            ]
        );
        assert_eq!(
            forms_fitting(Some(Determination::CaseToAnswerGrossMisconduct)),
            vec![
                ProceedingsForm::MisconductHearing,
                ProceedingsForm::AcceleratedHearing
            ]
        );
        assert!(forms_fitting(Some(Determination::NoCaseToAnswer)).is_empty());
    }

    #[test]
    fn overall_finding_is_at_least_as_serious_as_any_allegation() {
        use ProceedingsFinding as F;
        assert!(
            overall_finding_problem(F::MisconductProven, &[F::GrossMisconductProven]).is_some()
        );
        assert!(
            overall_finding_problem(F::MisconductProven, &[F::NotProven, F::NotProven]).is_some()
        );
        // Cumulative effect: two misconduct findings may amount to gross misconduct.
        assert!(
            overall_finding_problem(
                F::GrossMisconductProven,
                &[F::MisconductProven, F::MisconductProven]
            )
            .is_none()
        );
        assert!(overall_finding_problem(F::NotProven, &[F::NotProven]).is_none());
        assert!(overall_finding_problem(F::MisconductProven, &[]).is_none());
    }

    #[test]
    fn barred_list_only_after_dismissal() {
        use ProceedingsOutcome as O;
        assert!(barred_list_problem(O::FinalWrittenWarning, true).is_some());
        assert!(barred_list_problem(O::FinalWrittenWarning, false).is_none());
        assert!(barred_list_problem(O::DismissalWithoutNotice, true).is_none());
        assert!(barred_list_problem(O::WouldHaveBeenDismissed, true).is_none());
        assert!(barred_list_problem(O::WouldHaveBeenDismissed, false).is_some());
    }

    fn outcome_ctx(cal: &Calendar, form: ProceedingsForm, left: bool) -> Ctx<'_> {
        let mut c = ctx(cal);
        c.left_force = left;
        c.proceedings = Some(OpenProceedings {
            form,
            notice_given_on: Some(d(2026, 1, 5)),
            held_on: None,
        });
        c.allegations = vec![(
            Uuid::from_u128(1),
            "Allegation 1 (Discriminatory behaviour)".to_owned(),
        )];
        c
    }

    #[test]
    fn an_outcome_form_is_read_with_its_finding_per_allegation() {
        let cal = Calendar::new([]);
        let c = outcome_ctx(&cal, ProceedingsForm::MisconductHearing, true);
        let allegation = format!("finding-{}", Uuid::from_u128(1));
        let v = values(&[
            (&allegation, "gross_misconduct_proven"),
            ("finding", "gross_misconduct_proven"),
            (
                "outcome-gross_misconduct_proven",
                "would_have_been_dismissed",
            ),
            ("barred_list", "yes"),
            ("held_on-day", "14"),
            ("held_on-month", "1"),
            ("held_on-year", "2026"),
            ("concluded_on-day", "18"),
            ("concluded_on-month", "1"),
            ("concluded_on-year", "2026"),
        ]);
        let step = Step::Machine(SubjectAction::RecordProceedingsOutcome);
        assert_eq!(
            parse(step, &v, &c).ok(),
            Some(Parsed::Step(
                SubjectCommand::RecordProceedingsOutcome {
                    finding: ProceedingsFinding::GrossMisconductProven,
                    outcome: ProceedingsOutcome::WouldHaveBeenDismissed,
                    left_force: true,
                    live_warning_or_multiple: false,
                },
                StepFacts {
                    outcome: Some(OutcomeFacts {
                        held_on: d(2026, 1, 14),
                        concluded_on: d(2026, 1, 18),
                        findings: vec![(
                            Uuid::from_u128(1),
                            ProceedingsFinding::GrossMisconductProven
                        )],
                        standards_proven: vec![(Uuid::from_u128(1), Vec::new())],
                    }),
                    // The step is dated when the proceedings ended.
                    on: Some(d(2026, 1, 18)),
                    ..StepFacts::default()
                }
            ))
        );
        // Without the barred list, and with a hearing before the notice.
        let mut v2 = v.clone();
        v2.set("barred_list", "");
        v2.set("held_on-day", "2");
        v2.set("held_on-month", "1");
        let errors = errors_of(step, &v2, &c);
        let ids: Vec<&str> = errors.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "record_proceedings_outcome-barred_list",
                "record_proceedings_outcome-held_on-day"
            ]
        );
    }

    #[test]
    fn the_outcomes_offered_are_those_the_form_and_finding_allow() {
        let cal = Calendar::new([]);
        let c = outcome_ctx(&cal, ProceedingsForm::MisconductMeeting, false);
        let step = Step::Machine(SubjectAction::RecordProceedingsOutcome);
        let fields = fields(step, &c, None, &FormErrors::default());
        let overall = fields
            .iter()
            .find_map(|f| match f {
                Field::Radios(r) if r.name == "finding" => Some(r),
                _ => None,
            })
            .expect("overall finding");
        let findings: Vec<&str> = overall.options.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(findings, vec!["misconduct_proven", "not_proven"]);
        let proven = overall.options[0].follow_up.as_ref().expect("outcomes");
        let Some(Field::Radios(radios)) = proven.fields.first() else {
            panic!("the outcomes follow the finding");
        };
        let outcomes: Vec<&str> = radios.options.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(
            outcomes,
            vec![
                "no_action",
                "written_warning",
                "final_written_warning",
                "reflective_practice"
            ]
        );
        assert_eq!(
            proven.fields.len(),
            1,
            "a meeting cannot reduce in rank: no live-warning box"
        );
    }

    #[test]
    fn a_disallowed_outcome_posted_by_hand_reaches_the_workflow() {
        let cal = Calendar::new([]);
        let c = outcome_ctx(&cal, ProceedingsForm::MisconductMeeting, false);
        let allegation = format!("finding-{}", Uuid::from_u128(1));
        let v = values(&[
            (&allegation, "misconduct_proven"),
            ("finding", "misconduct_proven"),
            ("outcome-misconduct_proven", "reduction_in_rank"),
            ("held_on-day", "14"),
            ("held_on-month", "1"),
            ("held_on-year", "2026"),
            ("concluded_on-day", "14"),
            ("concluded_on-month", "1"),
            ("concluded_on-year", "2026"),
        ]);
        let parsed = parse(
            Step::Machine(SubjectAction::RecordProceedingsOutcome),
            &v,
            &c,
        )
        .expect("parsed: the workflow judges the outcome");
        assert!(matches!(
            parsed,
            Parsed::Step(
                SubjectCommand::RecordProceedingsOutcome {
                    outcome: ProceedingsOutcome::ReductionInRank,
                    ..
                },
                _
            )
        ));
    }

    #[test]
    fn steps_round_trip_through_their_codes() {
        for a in SubjectAction::ALL {
            assert_eq!(Step::parse(a.as_str()), Some(Step::Machine(*a)));
            assert_eq!(fallback(*a).action(), *a);
        }
        for step in [
            Step::RecordLeftForce,
            Step::CertifySpecialConditions,
            Step::RecordCpsDecision,
            Step::RecordProsecutionOutcome,
            Step::RecordOutcomeReport,
        ] {
            assert_eq!(Step::parse(step.code()), Some(step));
        }
        assert_eq!(Step::parse("nonsense"), None);
    }
}
