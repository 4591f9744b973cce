//! The audit trail: the one writer of its events, and the verification of its hash chains.
//!
//! Every audited step goes through [`record`], with a typed [`Entity`] (what the event is
//! about, which also places it in its case's chain) and a typed [`Action`] (a workflow
//! machine's action, or a [`RecordAction`] for the steps that are not transitions). The
//! timelines turn an event back into words through the same types ([`Action::parse`] and
//! [`Action::label`]), so a new action cannot be written without its words.
//!
//! Each event's hash covers its content and the previous event's hash in the same chain (the
//! same case, or the events without a case). The digest is computed by one SQL function, used
//! both by the insert trigger and here, so writer and checker cannot disagree. Each event also
//! has its place in the chain, given by the trigger under the chain's lock (migration 0050),
//! and the chain is walked in that order: a changed event breaks its own hash; a removed,
//! inserted or re-ordered one breaks a link or leaves a gap in the places.

use std::fmt;
use std::str::FromStr;

use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::workflow::ActingUser;
use crate::domain::vocab::{Role, UnknownValue, closed_set};
use crate::workflow::case::CaseAction;
use crate::workflow::recommendation::RecommendationAction;
use crate::workflow::{ReviewAction, SubjectAction};

closed_set! {
    /// An audited step that is not a transition of a workflow machine, with how a timeline
    /// says it happened.
    RecordAction as "record_action" {
        /// A case logged before the trail named its kind (the reference scenarios).
        Log = "log" => "Logged",
        LogComplaint = "log_complaint" => "Logged a complaint",
        LogConductMatter = "log_conduct_matter" => "Logged a recordable conduct matter",
        LogDsiMatter = "log_dsi_matter" => "Logged a death or serious injury matter",
        LogEvidence = "log_evidence" => "Evidence logged",
        UploadDocument = "document_uploaded" => "Document uploaded",
        DownloadDocument = "document_downloaded" => "Document downloaded",
        DecideDisclosure = "document_disclosure_decided" => "Disclosure of a document decided",
        PublishDocument = "document_published" => "Report published on the public register",
        WithdrawPublication = "document_publication_withdrawn" => "Report withdrawn from the public register",
        SetUploadAllowance = "complainant_upload_allowance_set" => "Complainant's document allowance changed",
        SendMessage = "message_sent" => "Message sent",
        RetryMessage = "message_retry" => "Message not sent yet, to be tried again",
        FailMessage = "message_failed" => "Message could not be sent",
        RequeueMessage = "message_requeued" => "Message to be sent again",
        PostLetter = "letter_posted" => "Letter posted",
        LogContact = "log_contact" => "Contact with the complainant logged",
        SendProgressNotice = "send_progress_notice" => "Progress notice sent",
        UpdateInvestigationDetails = "update_investigation_details" => "Investigation details updated",
        LinkCase = "link_case" => "Linked to another case",
        ReviseReferralGrounds = "revise_referral_grounds" => "Mandatory-referral grounds revised",
        RecordFromDsiMatter = "record_from_dsi_matter" => "Recorded as a conduct matter from a death or serious injury matter",
        MakeRecommendation = "make_recommendation" => "Recommendation made",
        Withhold = "withhold" => "Information withheld under the harm test",
        AddSubject = "add_subject" => "Subject added",
        RecordLeftForce = "record_left_force" => "Recorded as having left the force",
        CertifySpecialConditions = "certify_special_conditions" => "Special conditions certified for the accelerated procedure",
        RecordCpsDecision = "record_cps_decision" => "Crown Prosecution Service decision recorded",
        RecordProsecutionOutcome = "record_prosecution_outcome" => "Outcome of the prosecution recorded",
        RecordOutcomeReport = "record_outcome_report" => "Outcome of proceedings reported",
        RecordNoOrganisationalLearning = "record_no_organisational_learning" => "No organisational learning identified",
        DeferPublication = "defer_publication" => "Publication deferred until proceedings end",
        IssueAccessCode = "access_code_issued" => "Access code issued to the complainant",
        ChangeContactPreferences = "contact_preferences_changed" => "Contact preferences changed by the complainant",
        SignIn = "sign_in" => "Signed in",
        SignInFailed = "sign_in_failed" => "Sign-in refused",
        SignInThrottled = "sign_in_throttled" => "Sign-in throttled",
        SignOut = "sign_out" => "Signed out",
        PermissionRefused = "permission_refused" => "Permission refused",
        CreateStaffUser = "staff_user_created" => "Account created",
        ResetStaffPassword = "staff_user_password_reset" => "Password reset",
        ResetSecondFactor = "second_factor_reset" => "Second factor reset",
        EnrolSecondFactor = "second_factor_enrolled" => "Second factor set up",
        GiveSecondFactor = "second_factor_given" => "Second factor given",
        SecondFactorFailed = "second_factor_failed" => "Second factor refused",
        EnableStaffUser = "staff_user_enabled" => "Account enabled",
        DisableStaffUser = "staff_user_disabled" => "Account disabled",
        AddAllegationCategory = "allegation_category_added" => "Allegation category added",
        RetireAllegationCategory = "allegation_category_retired" => "Allegation category retired",
        RestoreAllegationCategory = "allegation_category_restored" => "Allegation category offered again",
        AddAllegationSubcategory = "allegation_subcategory_added" => "Allegation sub-category added",
        RetireAllegationSubcategory = "allegation_subcategory_retired" => "Allegation sub-category retired",
        RestoreAllegationSubcategory = "allegation_subcategory_restored" => "Allegation sub-category offered again",
        EnterHeadcount = "headcount_entered" => "Force headcount entered for the statistics",
        AddForceGroup = "force_group_added" => "Most similar force group added",
        MoveForceGroup = "force_group_changed" => "Force moved to another most similar force group",
        ConfirmForceGroup = "force_group_confirmed" => "Most similar force group marked confirmed or unverified",
    }
}

/// What an audited step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Case(CaseAction),
    Subject(SubjectAction),
    Review(ReviewAction),
    Recommendation(RecommendationAction),
    Record(RecordAction),
}

impl Action {
    /// The stable spelling stored on the event.
    pub fn code(self) -> &'static str {
        match self {
            Action::Case(a) => a.as_str(),
            Action::Subject(a) => a.as_str(),
            Action::Review(a) => a.as_str(),
            Action::Recommendation(a) => a.as_str(),
            Action::Record(a) => a.as_str(),
        }
    }

    /// Reads an event's action back: the machine of its entity first, then the other steps.
    pub fn parse(entity_kind: &str, code: &str) -> Result<Action, UnknownValue> {
        let machine = match entity_kind {
            "case" | "case_record" => CaseAction::from_str(code).ok().map(Action::Case),
            "case_subject" => SubjectAction::from_str(code).ok().map(Action::Subject),
            "review" => ReviewAction::from_str(code).ok().map(Action::Review),
            "recommendation" => RecommendationAction::from_str(code)
                .ok()
                .map(Action::Recommendation),
            _ => None,
        };
        match machine {
            Some(action) => Ok(action),
            None => RecordAction::from_str(code).map(Action::Record),
        }
    }

    /// How a timeline says the step happened.
    pub fn label(self) -> &'static str {
        match self {
            Action::Case(a) => a.label(),
            Action::Subject(a) => a.label(),
            Action::Review(a) => a.label(),
            // Past tense: the machine's labels name the step still to take.
            Action::Recommendation(a) => match a {
                RecommendationAction::RequestExtension => "More time to respond requested",
                RecommendationAction::GrantExtension => "More time to respond granted",
                RecommendationAction::RefuseExtension => "More time to respond refused",
                RecommendationAction::RecordResponse => "Response to the recommendation recorded",
                RecommendationAction::Publish => "Recommendation and response published",
            },
            Action::Record(a) => a.label(),
        }
    }
}

/// What an event is about: its entity, and the case whose chain it joins (none for the
/// events of accounts and sign-ins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Case(Uuid),
    Subject {
        case_id: Uuid,
        case_subject_id: Uuid,
    },
    Recommendation {
        case_id: Option<Uuid>,
        recommendation_id: Uuid,
    },
    Investigation {
        case_id: Uuid,
        investigation_id: Uuid,
    },
    CaseLink {
        case_id: Uuid,
        case_link_id: Uuid,
    },
    ContactLogEntry {
        case_id: Uuid,
        contact_log_entry_id: Uuid,
    },
    EvidenceItem {
        case_id: Uuid,
        evidence_item_id: Uuid,
    },
    Document {
        case_id: Uuid,
        document_id: Uuid,
    },
    /// A message of the outbox about a case.
    Message {
        case_id: Uuid,
        message_id: Uuid,
    },
    /// A complainant's part in a case (their access code); `None` for every complainant.
    CaseComplainant {
        case_id: Uuid,
        case_complainant_id: Option<Uuid>,
    },
    Person {
        case_id: Uuid,
        person_id: Uuid,
    },
    /// A staff account; `None` when the account is not known (a failed sign-in).
    StaffUser(Option<Uuid>),
    /// The allegation categories and sub-categories (reference data, keyed by code: the
    /// event's details name the one changed).
    AllegationCategories,
}

impl Entity {
    fn kind(self) -> &'static str {
        match self {
            Entity::Case(_) => "case",
            Entity::Subject { .. } => "case_subject",
            Entity::Recommendation { .. } => "recommendation",
            Entity::Investigation { .. } => "investigation",
            Entity::CaseLink { .. } => "case_link",
            Entity::ContactLogEntry { .. } => "contact_log_entry",
            Entity::EvidenceItem { .. } => "evidence_item",
            Entity::Document { .. } => "document",
            Entity::Message { .. } => "outbox_message",
            Entity::CaseComplainant { .. } => "case_complainant",
            Entity::Person { .. } => "person",
            Entity::StaffUser(_) => "staff_user",
            Entity::AllegationCategories => "allegation_category",
        }
    }

    fn case_id(self) -> Option<Uuid> {
        match self {
            Entity::Case(case_id)
            | Entity::Subject { case_id, .. }
            | Entity::Investigation { case_id, .. }
            | Entity::CaseLink { case_id, .. }
            | Entity::ContactLogEntry { case_id, .. }
            | Entity::EvidenceItem { case_id, .. }
            | Entity::Document { case_id, .. }
            | Entity::Message { case_id, .. }
            | Entity::CaseComplainant { case_id, .. }
            | Entity::Person { case_id, .. } => Some(case_id),
            Entity::Recommendation { case_id, .. } => case_id,
            Entity::StaffUser(_) | Entity::AllegationCategories => None,
        }
    }

    fn id(self) -> Option<Uuid> {
        match self {
            Entity::Case(id)
            | Entity::Subject {
                case_subject_id: id,
                ..
            }
            | Entity::Recommendation {
                recommendation_id: id,
                ..
            }
            | Entity::Investigation {
                investigation_id: id,
                ..
            }
            | Entity::CaseLink {
                case_link_id: id, ..
            }
            | Entity::ContactLogEntry {
                contact_log_entry_id: id,
                ..
            }
            | Entity::EvidenceItem {
                evidence_item_id: id,
                ..
            }
            | Entity::Document {
                document_id: id, ..
            }
            | Entity::Message { message_id: id, .. }
            | Entity::Person { person_id: id, .. } => Some(id),
            Entity::CaseComplainant {
                case_complainant_id,
                ..
            } => case_complainant_id,
            Entity::StaffUser(id) => id,
            Entity::AllegationCategories => None,
        }
    }
}

/// Who acted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Actor<'a> {
    pub staff_user_id: Option<Uuid>,
    /// The staff role, `complainant` or `system`.
    pub role: Option<&'a str>,
    /// How an actor without an account is described.
    pub description: Option<&'a str>,
}

impl<'a> Actor<'a> {
    /// A member of staff, by account and role.
    pub fn staff(staff_user_id: Uuid, role: Role) -> Self {
        Actor {
            staff_user_id: Some(staff_user_id),
            role: Some(role.as_str()),
            description: None,
        }
    }

    /// The service itself (the message worker, a scheduled job).
    pub fn system() -> Self {
        Actor {
            staff_user_id: None,
            role: Some("system"),
            description: Some("Oversight"),
        }
    }

    /// A complainant acting through the status page.
    pub fn complainant() -> Self {
        Actor {
            staff_user_id: None,
            role: Some("complainant"),
            description: Some("complainant"),
        }
    }
}

impl<'a> From<&'a ActingUser> for Actor<'a> {
    fn from(user: &'a ActingUser) -> Self {
        Actor {
            staff_user_id: user.staff_user_id,
            role: Some(user.role_code()),
            description: user.description.as_deref(),
        }
    }
}

/// One audited step.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub entity: Entity,
    pub action: Action,
    pub actor: Actor<'a>,
    /// The stages it moved between, in the entity's machine's spelling.
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    /// The reason given, where the step asks for one.
    pub reason: Option<&'a str>,
    /// What else the step decided or was told (a `summary` is shown on the timeline).
    pub details: serde_json::Value,
}

impl<'a> Event<'a> {
    /// An event with no change of stage, reason or details.
    pub fn new(entity: Entity, action: Action, actor: Actor<'a>) -> Self {
        Event {
            entity,
            action,
            actor,
            from_state: None,
            to_state: None,
            reason: None,
            details: serde_json::json!({}),
        }
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }

    pub fn stages(mut self, from: Option<&'a str>, to: &'a str) -> Self {
        self.from_state = from;
        self.to_state = Some(to);
        self
    }

    pub fn reason(mut self, reason: Option<&'a str>) -> Self {
        self.reason = reason;
        self
    }
}

/// Writes an event: the one insert into the trail (the database gives it its place and hash in
/// its chain). Call it in the step's own transaction, so the step and its record commit
/// together.
pub async fn record<'c>(conn: impl PgExecutor<'c>, event: Event<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into audit_event (case_id, entity_kind, entity_id, actor_id, actor_role,
                                  actor_description, action, from_state, to_state, reason, details)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        event.entity.case_id(),
        event.entity.kind(),
        event.entity.id(),
        event.actor.staff_user_id,
        event.actor.role,
        event.actor.description,
        event.action.code(),
        event.from_state,
        event.to_state,
        event.reason,
        event.details,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The first broken link of one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub audit_event_id: i64,
    pub case_id: Option<Uuid>,
    pub problem: String,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chain = self.case_id.map_or_else(
            || "events without a case".to_owned(),
            |c| format!("case {c}"),
        );
        write!(
            f,
            "event {} ({chain}): {}",
            self.audit_event_id, self.problem
        )
    }
}

/// What a verification found.
#[derive(Debug, Default)]
pub struct AuditReport {
    pub events: i64,
    pub chains: i64,
    pub broken: Vec<BrokenLink>,
}

/// Checks every chain and returns the first broken link of each broken chain.
pub async fn verify(pool: &PgPool) -> sqlx::Result<AuditReport> {
    let counts = sqlx::query!(
        r#"select count(*) as "events!", count(distinct coalesce(case_id::text, '')) as "chains!" from audit_event"#
    )
    .fetch_one(pool)
    .await?;
    let broken = sqlx::query!(
        r#"with chain as (
               select e.audit_event_id, e.case_id, e.chain_position, e.prev_hash, e.hash,
                      lag(e.hash) over w as expected_prev,
                      row_number() over w as expected_position,
                      audit_event_digest(e.prev_hash, e) as expected_hash
               from audit_event e
               window w as (partition by e.case_id order by e.chain_position))
           select distinct on (case_id) audit_event_id as "audit_event_id!", case_id,
                  (prev_hash is distinct from expected_prev
                   or chain_position <> expected_position) as "bad_link!"
           from chain
           where prev_hash is distinct from expected_prev
              or chain_position <> expected_position
              or hash is distinct from expected_hash
           order by case_id, chain_position"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| BrokenLink {
        audit_event_id: r.audit_event_id,
        case_id: r.case_id,
        problem: if r.bad_link {
            "its link to the previous event does not match (an event before it was changed, removed or inserted)".to_owned()
        } else {
            "its content does not match its hash (the event was changed after it was written)".to_owned()
        },
    })
    .collect();
    Ok(AuditReport {
        events: counts.events,
        chains: counts.chains,
        broken,
    })
}
