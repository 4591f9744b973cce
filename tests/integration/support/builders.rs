//! Typed builders for the rows tests start from: a case of each kind at a stage, with its
//! allegations and complainants, a recommendation, an investigation. Each builder knows what
//! the database requires of a case at a stage (a complaint past logging is recorded under
//! Schedule 3 with a reason and a date, an investigation stage has a mode, a DSI matter says
//! what happened and where), so a test names only what it is about:
//!
//! ```ignore
//! let case = CaseBuilder::complaint().force("met").at(CaseStage::Recorded).allegations(2).insert(pool).await;
//! ```
//!
//! The vocabulary is the library's (`oversight::domain::vocab`), bound as the Postgres enums
//! it mirrors; the builders return typed ids, which bind as the UUIDs they wrap.

use chrono::NaiveDate;
use oversight::domain::vocab::{
    AllegationOutcome, CaseKind, CaseStage, ContactMethod, InvestigationMode,
    RecommendationResponse, RecommendationStage, RecordingReason,
};
use sqlx::PgPool;
use uuid::Uuid;

/// A row's id, typed or plain: what the helpers that take an id accept.
pub trait RowId: Copy {
    fn uuid(self) -> Uuid;
}

impl RowId for Uuid {
    fn uuid(self) -> Uuid {
        self
    }
}

impl<T: RowId> RowId for &T {
    fn uuid(self) -> Uuid {
        (*self).uuid()
    }
}

macro_rules! test_id {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
        #[sqlx(transparent)]
        pub struct $name(pub Uuid);

        impl RowId for $name {
            fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }
    )*};
}

test_id! {
    /// A case (`case_record.case_id`).
    CaseId,
    /// A subject on a case (`case_subject.case_subject_id`).
    SubjectId,
    /// A recommendation (`recommendation.recommendation_id`).
    RecommendationId,
    /// An allegation (`allegation.allegation_id`).
    AllegationId,
    /// A person (`person.person_id`).
    PersonId,
    /// A person's place on a case (`case_complainant.case_complainant_id`).
    ComplainantId,
    /// An investigation (`investigation.investigation_id`).
    InvestigationId
}

/// A date: a fixed one, or so many days before the database's `current_date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    On(NaiveDate),
    DaysAgo(i64),
}

impl From<NaiveDate> for Day {
    fn from(d: NaiveDate) -> Self {
        Day::On(d)
    }
}

impl Day {
    /// `n` days before today (the database's `current_date`).
    pub fn days_ago(n: i64) -> Self {
        Day::DaysAgo(n)
    }

    fn on(self, today: NaiveDate) -> NaiveDate {
        match self {
            Day::On(d) => d,
            Day::DaysAgo(n) => today - chrono::Duration::days(n),
        }
    }

    fn after(self, days: i64) -> Self {
        match self {
            Day::On(d) => Day::On(d + chrono::Duration::days(days)),
            Day::DaysAgo(n) => Day::DaysAgo(n - days),
        }
    }
}

/// An ISO date, for builders' arguments.
pub fn ymd(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").expect("an ISO date")
}

async fn database_today(pool: &PgPool) -> NaiveDate {
    sqlx::query_scalar("select current_date")
        .fetch_one(pool)
        .await
        .expect("today")
}

/// A police force: by its code, or by its id.
#[derive(Debug, Clone)]
enum Force {
    Code(String),
    Id(Uuid),
}

impl Force {
    async fn id(&self, pool: &PgPool) -> Uuid {
        match self {
            Force::Id(id) => *id,
            Force::Code(code) => {
                sqlx::query_scalar("select police_force_id from police_force where code = $1")
                    .bind(code)
                    .fetch_one(pool)
                    .await
                    .unwrap_or_else(|e| panic!("force {code}: {e}"))
            }
        }
    }
}

/// The category used when a test does not care which.
pub const DUTIES: &str = "delivery-of-duties-and-service";

/// One allegation of a case.
#[derive(Debug, Clone)]
pub struct AllegationBuilder {
    category: String,
    description: String,
    outcome: Option<AllegationOutcome>,
}

impl AllegationBuilder {
    pub fn new(category: &str, description: &str) -> Self {
        Self {
            category: category.to_owned(),
            description: description.to_owned(),
            outcome: None,
        }
    }

    /// The outcome told to the complainant.
    pub fn outcome(mut self, outcome: AllegationOutcome) -> Self {
        self.outcome = Some(outcome);
        self
    }
}

/// A complainant (or an interested person) of a case: the person and their place on it.
#[derive(Debug, Clone)]
pub struct ComplainantBuilder {
    full_name: String,
    address: Option<String>,
    email: Option<String>,
    contact_method: Option<ContactMethod>,
    preferred_language: Option<String>,
    easy_read: Option<bool>,
    accessibility_needs: Option<String>,
    /// `Some(consent)` for an interested person (PRA 2002 s.21).
    interested_person: Option<bool>,
    /// Whether to write the role (`complainant`) rather than leave it to its default.
    explicit_role: bool,
}

impl ComplainantBuilder {
    pub fn named(full_name: &str) -> Self {
        Self {
            full_name: full_name.to_owned(),
            address: None,
            email: None,
            contact_method: None,
            preferred_language: None,
            easy_read: None,
            accessibility_needs: None,
            interested_person: None,
            explicit_role: false,
        }
    }

    pub fn address(mut self, address: &str) -> Self {
        self.address = Some(address.to_owned());
        self
    }

    /// An email address, and email as the way to reach them.
    pub fn by_email(mut self, email: &str) -> Self {
        self.email = Some(email.to_owned());
        self.contact_method = Some(ContactMethod::Email);
        self
    }

    /// Letters by post, to their address (set with [`Self::address`]).
    pub fn with_post(mut self) -> Self {
        self.contact_method = Some(ContactMethod::Post);
        self
    }

    /// The language they want letters in (`en` or `cy`).
    pub fn language(mut self, code: &str) -> Self {
        self.preferred_language = Some(code.to_owned());
        self
    }

    pub fn easy_read(mut self) -> Self {
        self.easy_read = Some(true);
        self
    }

    pub fn accessibility_needs(mut self, needs: &str) -> Self {
        self.accessibility_needs = Some(needs.to_owned());
        self
    }

    /// An interested person rather than a complainant, who gave (or refused) consent.
    pub fn interested_person(mut self, consent_given: bool) -> Self {
        self.interested_person = Some(consent_given);
        self
    }

    /// Writes the role `complainant` explicitly, as a staff form does.
    pub fn with_complainant_role(mut self) -> Self {
        self.explicit_role = true;
        self
    }

    /// Inserts the person and their place on `case`.
    pub async fn insert(&self, pool: &PgPool, case: impl RowId) -> (PersonId, ComplainantId) {
        let person: Uuid = sqlx::query_scalar(
            "insert into person (full_name, address, email, contact_method, preferred_language,
                                 easy_read, accessibility_needs)
             values ($1, $2, $3, $4, coalesce($5::language, 'en'), coalesce($6, false), $7)
             returning person_id",
        )
        .bind(&self.full_name)
        .bind(&self.address)
        .bind(&self.email)
        .bind(self.contact_method)
        .bind(&self.preferred_language)
        .bind(self.easy_read)
        .bind(&self.accessibility_needs)
        .fetch_one(pool)
        .await
        .expect("person");
        let role = match (self.interested_person, self.explicit_role) {
            (Some(_), _) => Some("interested_person"),
            (None, true) => Some("complainant"),
            (None, false) => None,
        };
        let cc: Uuid = sqlx::query_scalar(
            "insert into case_complainant (case_id, person_id, role, consent_given)
             values ($1, $2, coalesce($3, 'complainant'), $4)
             returning case_complainant_id",
        )
        .bind(case.uuid())
        .bind(person)
        .bind(role)
        .bind(self.interested_person)
        .fetch_one(pool)
        .await
        .expect("complainant");
        (PersonId(person), ComplainantId(cc))
    }
}

/// A case: a complaint, a recordable conduct matter or a DSI matter, at a stage.
#[derive(Debug, Clone)]
pub struct CaseBuilder {
    kind: CaseKind,
    force: Force,
    stage: CaseStage,
    received_on: Day,
    logged: bool,
    logged_on: Option<Day>,
    /// `None`: the stage decides; `Some(None)`: no date even past logging.
    recorded_on: Option<Option<Day>>,
    mode: Option<InvestigationMode>,
    summary: String,
    iopc_reference: Option<String>,
    force_reference: Option<String>,
    outcome_notified_on: Option<Day>,
    assigned_to: Option<String>,
    allegations: Vec<AllegationBuilder>,
    complainants: Vec<ComplainantBuilder>,
}

/// What `CaseBuilder::insert_all` made.
#[derive(Debug, Clone)]
pub struct BuiltCase {
    pub id: CaseId,
    pub allegations: Vec<AllegationId>,
    pub complainants: Vec<(PersonId, ComplainantId)>,
}

impl CaseBuilder {
    /// A logged case of the Metropolitan Police Service received on 6 January 2025.
    pub fn new(kind: CaseKind) -> Self {
        Self {
            kind,
            force: Force::Code("met".to_owned()),
            stage: CaseStage::Logged,
            received_on: Day::On(ymd("2025-01-06")),
            logged: true,
            logged_on: None,
            recorded_on: None,
            mode: None,
            summary: "An officer was rude to the complainant at a road stop".to_owned(),
            iopc_reference: None,
            force_reference: None,
            outcome_notified_on: None,
            assigned_to: None,
            allegations: Vec::new(),
            complainants: Vec::new(),
        }
    }

    /// A complaint (PRA 2002 s.12(1)).
    pub fn complaint() -> Self {
        Self::new(CaseKind::Complaint)
    }

    /// A recordable conduct matter (s.12(2)).
    pub fn conduct_matter() -> Self {
        Self::new(CaseKind::ConductMatter)
    }

    /// A death or serious injury matter (s.12(2A)); a serious injury after custody.
    pub fn dsi_matter() -> Self {
        Self::new(CaseKind::DsiMatter)
    }

    /// The force whose case it is, by code (`met`, `cumbria`, `west-midlands`, ...).
    pub fn force(mut self, code: &str) -> Self {
        self.force = Force::Code(code.to_owned());
        self
    }

    /// The force whose case it is, by id.
    pub fn force_id(mut self, id: Uuid) -> Self {
        self.force = Force::Id(id);
        self
    }

    /// The stage the case is at. Past logging it is recorded the day after it was received
    /// (a complaint under Schedule 3 because the complainant wishes it), and at an
    /// investigation stage it is a local investigation unless `mode` says otherwise.
    pub fn at(mut self, stage: CaseStage) -> Self {
        self.stage = stage;
        self
    }

    /// The day it was received; it is logged (and, past logging, recorded) then too unless
    /// said otherwise.
    pub fn received(mut self, day: impl Into<Day>) -> Self {
        self.received_on = day.into();
        self
    }

    /// The day it was logged, when not the day it was received.
    pub fn logged(mut self, day: impl Into<Day>) -> Self {
        self.logged = true;
        self.logged_on = Some(day.into());
        self
    }

    /// No logging date written.
    pub fn unlogged(mut self) -> Self {
        self.logged = false;
        self.logged_on = None;
        self
    }

    /// The day it was recorded.
    pub fn recorded(mut self, day: impl Into<Day>) -> Self {
        self.recorded_on = Some(Some(day.into()));
        self
    }

    /// No recording date written, whatever the stage (the database asks for one only of a
    /// complaint under Schedule 3).
    pub fn unrecorded(mut self) -> Self {
        self.recorded_on = Some(None);
        self
    }

    pub fn mode(mut self, mode: InvestigationMode) -> Self {
        self.mode = Some(mode);
        self
    }

    pub fn summary(mut self, summary: &str) -> Self {
        self.summary = summary.to_owned();
        self
    }

    pub fn iopc_reference(mut self, reference: &str) -> Self {
        self.iopc_reference = Some(reference.to_owned());
        self
    }

    pub fn force_reference(mut self, reference: &str) -> Self {
        self.force_reference = Some(reference.to_owned());
        self
    }

    /// The day the complainant was told the outcome, and of their right to a review.
    pub fn outcome_notified(mut self, day: impl Into<Day>) -> Self {
        self.outcome_notified_on = Some(day.into());
        self
    }

    /// Assigned to the member of staff with this email.
    pub fn assigned_to(mut self, email: &str) -> Self {
        self.assigned_to = Some(email.to_owned());
        self
    }

    /// An allegation, in the order given.
    pub fn allegation(mut self, allegation: AllegationBuilder) -> Self {
        self.allegations.push(allegation);
        self
    }

    /// `n` allegations about the delivery of duties and service.
    pub fn allegations(mut self, n: usize) -> Self {
        for i in 1..=n {
            self.allegations.push(AllegationBuilder::new(
                DUTIES,
                &format!("Allegation {i} about the delivery of duties and service"),
            ));
        }
        self
    }

    pub fn complainant(mut self, complainant: ComplainantBuilder) -> Self {
        self.complainants.push(complainant);
        self
    }

    fn recorded_stage(&self) -> bool {
        !matches!(self.stage, CaseStage::Logged | CaseStage::OutsideSchedule3)
    }

    fn investigation_stage(&self) -> bool {
        matches!(
            self.stage,
            CaseStage::UnderInvestigation
                | CaseStage::InvestigationSuspended
                | CaseStage::ReportReceived
                | CaseStage::DeterminationsMade
        )
    }

    /// Inserts the case and returns its id.
    pub async fn insert(&self, pool: &PgPool) -> CaseId {
        self.insert_all(pool).await.id
    }

    /// Inserts the case, its allegations and its complainants.
    pub async fn insert_all(&self, pool: &PgPool) -> BuiltCase {
        let today = database_today(pool).await;
        let force = self.force.id(pool).await;
        let complaint = self.kind == CaseKind::Complaint;
        let received = self.received_on.on(today);
        let logged = self
            .logged
            .then(|| self.logged_on.unwrap_or(self.received_on).on(today));
        let recorded = match self.recorded_on {
            Some(explicit) => explicit.map(|d| d.on(today)),
            None => self
                .recorded_stage()
                .then(|| self.received_on.after(1).on(today)),
        };
        let schedule3 = if complaint {
            match self.stage {
                CaseStage::Logged => None,
                CaseStage::OutsideSchedule3 => Some(false),
                _ => Some(true),
            }
        } else {
            None
        };
        let reason = (schedule3 == Some(true)).then_some(RecordingReason::ComplainantWishes);
        let mode = self.mode.or_else(|| {
            self.investigation_stage()
                .then_some(InvestigationMode::Local)
        });
        let (dsi_kind, dsi_context) = if self.kind == CaseKind::DsiMatter {
            (Some("serious_injury"), Some("custody"))
        } else {
            (None, None)
        };
        let notified = self.outcome_notified_on.map(|d| d.on(today));
        let case_id: Uuid = sqlx::query_scalar(
            "insert into case_record (kind, force_id, received_on, logged_on, recorded_on, schedule3,
                                      recording_reason, stage, summary, investigation_mode,
                                      iopc_reference, force_reference, dsi_kind, dsi_context,
                                      outcome_notified_on, review_right, review_right_notified_on,
                                      assigned_to)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                     case when $15::date is not null then true end, $15,
                     (select staff_user_id from staff_user where email = $16))
             returning case_id",
        )
        .bind(self.kind)
        .bind(force)
        .bind(received)
        .bind(logged)
        .bind(recorded)
        .bind(schedule3)
        .bind(reason)
        .bind(self.stage)
        .bind(&self.summary)
        .bind(mode)
        .bind(&self.iopc_reference)
        .bind(&self.force_reference)
        .bind(dsi_kind)
        .bind(dsi_context)
        .bind(notified)
        .bind(&self.assigned_to)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("insert {:?} at {:?}: {e}", self.kind, self.stage));
        let mut allegations = Vec::new();
        for (i, a) in self.allegations.iter().enumerate() {
            // Each a second after the one before, so the order they were given is the order
            // the pages number them in.
            let id: Uuid = sqlx::query_scalar(
                "insert into allegation (case_id, category_code, description, outcome, created_at)
                 values ($1, $2, $3, $4, now() + make_interval(secs => $5))
                 returning allegation_id",
            )
            .bind(case_id)
            .bind(&a.category)
            .bind(&a.description)
            .bind(a.outcome)
            .bind(i as f64)
            .fetch_one(pool)
            .await
            .expect("allegation");
            allegations.push(AllegationId(id));
        }
        let mut complainants = Vec::new();
        for c in &self.complainants {
            complainants.push(c.insert(pool, case_id).await);
        }
        BuiltCase {
            id: CaseId(case_id),
            allegations,
            complainants,
        }
    }
}

/// A recommendation (PRA 2002 Sch 3 para 28A): to a force, due 56 days after it was made.
#[derive(Debug, Clone)]
pub struct RecommendationBuilder {
    case: Option<Uuid>,
    force: Option<Force>,
    title: Option<String>,
    text: String,
    made_on: Day,
    response: Option<(RecommendationResponse, String, Day)>,
    published: Option<(Day, String)>,
}

impl RecommendationBuilder {
    /// A recommendation arising from `case`, to the case's force unless `to` says otherwise.
    pub fn on(case: impl RowId) -> Self {
        Self {
            case: Some(case.uuid()),
            ..Self::standalone()
        }
    }

    /// A recommendation that arises from no case (a thematic one); give it a recipient.
    pub fn standalone() -> Self {
        Self {
            case: None,
            force: None,
            title: None,
            text: "Review the procedure.".to_owned(),
            made_on: Day::DaysAgo(0),
            response: None,
            published: None,
        }
    }

    /// To the force with this code.
    pub fn to(mut self, code: &str) -> Self {
        self.force = Some(Force::Code(code.to_owned()));
        self
    }

    /// To the force with this id.
    pub fn recipient_id(mut self, id: Uuid) -> Self {
        self.force = Some(Force::Id(id));
        self
    }

    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(title.to_owned());
        self
    }

    pub fn text(mut self, text: &str) -> Self {
        self.text = text.to_owned();
        self
    }

    pub fn made(mut self, day: impl Into<Day>) -> Self {
        self.made_on = day.into();
        self
    }

    /// The force's response, received on `day`.
    pub fn response_received(
        mut self,
        response: RecommendationResponse,
        action: &str,
        day: impl Into<Day>,
    ) -> Self {
        self.response = Some((response, action.to_owned(), day.into()));
        self
    }

    /// Published on `day` with this summary (after a response).
    pub fn published(mut self, day: impl Into<Day>, summary: &str) -> Self {
        self.published = Some((day.into(), summary.to_owned()));
        self
    }

    pub async fn insert(&self, pool: &PgPool) -> RecommendationId {
        let today = database_today(pool).await;
        let force = match (&self.force, self.case) {
            (Some(f), _) => f.id(pool).await,
            (None, Some(case)) => {
                sqlx::query_scalar("select force_id from case_record where case_id = $1")
                    .bind(case)
                    .fetch_one(pool)
                    .await
                    .expect("the case's force")
            }
            (None, None) => panic!("a recommendation needs a recipient"),
        };
        let made = self.made_on.on(today);
        let stage = match (&self.response, &self.published) {
            (_, Some(_)) => RecommendationStage::Published,
            (Some(_), None) => RecommendationStage::ResponseReceived,
            (None, None) => RecommendationStage::Made,
        };
        let (response, action, received) = match &self.response {
            Some((r, a, d)) => (Some(*r), Some(a.clone()), Some(d.on(today))),
            None => (None, None, None),
        };
        let (published_on, summary) = match &self.published {
            Some((d, s)) => (Some(d.on(today)), Some(s.clone())),
            None => (None, None),
        };
        let id: Uuid = sqlx::query_scalar(
            "insert into recommendation (case_id, recipient_force_id, title, recommendation_text,
                                         made_on, response_due_on, stage, response, response_action,
                                         response_received_on, published_on, publication_summary)
             values ($1, $2, $3, $4, $5, $5 + 56, $6, $7, $8, $9, $10, $11)
             returning recommendation_id",
        )
        .bind(self.case)
        .bind(force)
        .bind(&self.title)
        .bind(&self.text)
        .bind(made)
        .bind(stage)
        .bind(response)
        .bind(action)
        .bind(received)
        .bind(published_on)
        .bind(summary)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("insert a recommendation: {e}"));
        RecommendationId(id)
    }
}

/// An open investigation of a case, with no notices and no report.
#[derive(Debug, Clone)]
pub struct InvestigationBuilder {
    case: Uuid,
    mode: InvestigationMode,
    started_on: Day,
}

impl InvestigationBuilder {
    /// A local investigation of `case` started today.
    pub fn of(case: impl RowId) -> Self {
        Self {
            case: case.uuid(),
            mode: InvestigationMode::Local,
            started_on: Day::DaysAgo(0),
        }
    }

    pub fn mode(mut self, mode: InvestigationMode) -> Self {
        self.mode = mode;
        self
    }

    pub fn started(mut self, day: impl Into<Day>) -> Self {
        self.started_on = day.into();
        self
    }

    pub async fn insert(&self, pool: &PgPool) -> InvestigationId {
        let today = database_today(pool).await;
        let id: Uuid = sqlx::query_scalar(
            "insert into investigation (case_id, mode, started_on) values ($1, $2, $3)
             returning investigation_id",
        )
        .bind(self.case)
        .bind(self.mode)
        .bind(self.started_on.on(today))
        .fetch_one(pool)
        .await
        .expect("investigation");
        InvestigationId(id)
    }
}

/// A valid review of `case_id` decided by the local policing body `lpb_code` (e.g. `mopac`),
/// which puts the case in that body's scope; gives the body's id.
pub async fn local_review(pool: &PgPool, case_id: Uuid, lpb_code: &str) -> Uuid {
    sqlx::query_scalar(
        "insert into review (case_id, review_body, local_policing_body_id, applied_on, stage, valid,
                             validity_decided_on)
         select $1, 'local_policing_body', local_policing_body_id, current_date, 'valid', true, current_date
           from local_policing_body where code = $2
         returning local_policing_body_id",
    )
    .bind(case_id)
    .bind(lpb_code)
    .fetch_one(pool)
    .await
    .expect("review")
}
