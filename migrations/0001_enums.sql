-- Closed sets of the police complaints system as Postgres enum types.
--
-- Each type mirrors one `closed_set!` in src/domain/vocab.rs: the type name is the `as "..."`
-- string and the labels are exactly the `= "..."` codes, in the same order (tests/schema.rs
-- checks the two agree). Never edit this file once it has landed: add a value with
-- `alter type ... add value` in a new migration, and add it to vocab.rs in the same change.
--
-- Extensions used by later migrations are created here, first.

create extension if not exists pg_trgm;    -- trigram indexes for reference search
create extension if not exists btree_gist; -- exclusion constraint on suspension periods

create type case_kind as enum (
    'complaint',
    'conduct_matter',
    'dsi_matter'
);
comment on type case_kind is 'What kind of matter a case is (PRA 2002 s.12). (mirrors vocab.rs CaseKind)';

create type case_stage as enum (
    'logged',
    'outside_schedule3',
    'recorded',
    'referred',
    'referred_back',
    'handled_otherwise',
    'under_investigation',
    'investigation_suspended',
    'report_received',
    'determinations_made',
    'outcome_decided',
    'outcome_notified',
    'under_review',
    'review_concluded',
    'withdrawn',
    'discontinued',
    'disapplied',
    'closed'
);
comment on type case_stage is 'Where a case stands. The legal moves between stages are the case machine in `workflow::case`; the database refuses any other move. (mirrors vocab.rs CaseStage)';

create type recording_reason as enum (
    'complainant_wishes',
    'dissatisfied_after_initial_handling',
    'appropriate_authority_decides',
    'must_be_recorded'
);
comment on type recording_reason is 'Why a complaint was recorded under Schedule 3 (para 2(6), 2(6A), 2(6B)). (mirrors vocab.rs RecordingReason)';

create type referral_type as enum (
    'mandatory',
    'voluntary',
    'called_in',
    'treated_as_referred'
);
comment on type referral_type is 'How a matter came to the IOPC. (mirrors vocab.rs ReferralType)';

create type referral_decision as enum (
    'investigate',
    'refer_back'
);
comment on type referral_decision is 'The IOPC''s decision on a referral (para 5, 15). (mirrors vocab.rs ReferralDecision)';

create type investigation_mode as enum (
    'local',
    'directed',
    'independent',
    'supervised',
    'managed'
);
comment on type investigation_mode is 'Mode of investigation (para 15). Supervised and managed exist only for legacy cases. (mirrors vocab.rs InvestigationMode)';

create type handling_type as enum (
    'outside_schedule3',
    'otherwise_than_by_investigation',
    'no_further_action',
    'local_investigation',
    'directed_investigation',
    'independent_investigation'
);
comment on type handling_type is 'How the appropriate authority handles a recorded complaint that is not investigated (para 6). (mirrors vocab.rs HandlingType)';

create type allegation_outcome as enum (
    'service_acceptable',
    'service_not_acceptable',
    'could_not_determine',
    'no_further_action',
    'upheld',
    'not_upheld'
);
comment on type allegation_outcome is 'Outcome of one allegation of a complaint, as told to the complainant (CMR reg 34). (mirrors vocab.rs AllegationOutcome)';

create type subject_kind as enum (
    'police_officer',
    'special_constable',
    'police_staff',
    'designated_volunteer'
);
comment on type subject_kind is 'What kind of person serving with the police a subject is. (mirrors vocab.rs SubjectKind)';

create type subject_stage as enum (
    'identified',
    'severity_assessed',
    'notice_served',
    'interviewed',
    'opinion_given',
    'case_to_answer',
    'no_case_to_answer',
    'reflective_practice',
    'unsatisfactory_performance',
    'proceedings_pending',
    'concluded'
);
comment on type subject_stage is 'Where a subject stands in the special procedures and after (CMR regs 16-22; PCR). (mirrors vocab.rs SubjectStage)';

create type severity as enum (
    'no_misconduct',
    'misconduct',
    'gross_misconduct'
);
comment on type severity is 'Severity assessment of a subject''s conduct if proved (CMR reg 16). (mirrors vocab.rs Severity)';

create type determination as enum (
    'case_to_answer_gross_misconduct',
    'case_to_answer_misconduct',
    'no_case_to_answer',
    'practice_requiring_improvement',
    'unsatisfactory_performance',
    'no_further_action'
);
comment on type determination is 'The investigator''s opinion and the determination per subject (paras 22-24). (mirrors vocab.rs Determination)';

create type determiner as enum (
    'iopc',
    'appropriate_authority'
);
comment on type determiner is 'Who made a determination. (mirrors vocab.rs Determiner)';

create type authority_view as enum (
    'agreed',
    'disagreed'
);
comment on type authority_view is 'The appropriate authority''s view of an IOPC determination, recorded beside it. (mirrors vocab.rs AuthorityView)';

create type proceedings_form as enum (
    'misconduct_meeting',
    'misconduct_hearing',
    'accelerated_hearing'
);
comment on type proceedings_form is 'Form of misconduct proceedings (PCR 2020). (mirrors vocab.rs ProceedingsForm)';

create type proceedings_finding as enum (
    'gross_misconduct_proven',
    'misconduct_proven',
    'not_proven'
);
comment on type proceedings_finding is 'The finding at proceedings. (mirrors vocab.rs ProceedingsFinding)';

create type proceedings_outcome as enum (
    'no_action',
    'written_warning',
    'final_written_warning',
    'reduction_in_rank',
    'dismissal_without_notice',
    'would_have_been_dismissed',
    'reflective_practice',
    'management_action',
    'management_advice'
);
comment on type proceedings_outcome is 'Outcomes of proceedings (PCR 2020; domain.md section G). Management advice is no outcome for officers since 2020; management action remains for police staff. (mirrors vocab.rs ProceedingsOutcome)';

create type review_body as enum (
    'iopc',
    'local_policing_body'
);
comment on type review_body is 'Which body decides a review (CMR reg 32). (mirrors vocab.rs ReviewBody)';

create type review_stage as enum (
    'applied',
    'valid',
    'invalid',
    'upheld',
    'not_upheld'
);
comment on type review_stage is 'Where a review application stands (paras 6A, 25; CMR reg 29). (mirrors vocab.rs ReviewStage)';

create type review_follow_up as enum (
    'recommendation',
    'reinvestigation',
    'proceedings_recommended',
    'must_be_investigated'
);
comment on type review_follow_up is 'What follows an upheld review. (mirrors vocab.rs ReviewFollowUp)';

create type recommendation_stage as enum (
    'made',
    'response_received',
    'published'
);
comment on type recommendation_stage is 'Where a learning recommendation stands (Sch 3 paras 28A, 28B). (mirrors vocab.rs RecommendationStage)';

create type recommendation_response as enum (
    'accepted',
    'partially_accepted',
    'not_accepted'
);
comment on type recommendation_response is 'The recipient''s answer to "Do you accept the recommendation?". (mirrors vocab.rs RecommendationResponse)';

create type staff_role as enum (
    'iopc_caseworker',
    'iopc_investigator',
    'iopc_admin',
    'force_psd',
    'review_body'
);
comment on type staff_role is 'Who a user is in the system. Force and review-body users belong to one organisation. (mirrors vocab.rs Role)';

create type language as enum (
    'en',
    'cy'
);
comment on type language is 'A complainant''s preferred language. (mirrors vocab.rs Language)';

create type contact_method as enum (
    'email',
    'post',
    'telephone'
);
comment on type contact_method is 'How a complainant prefers to be contacted. (mirrors vocab.rs ContactMethod)';

create type link_reason as enum (
    'rerecorded_as_conduct_matter',
    'linked_investigation',
    'same_incident'
);
comment on type link_reason is 'Why two cases are linked. (mirrors vocab.rs LinkReason)';

create type lpb_kind as enum (
    'pcc',
    'pfcc',
    'mayor',
    'common_council',
    'police_authority'
);
comment on type lpb_kind is 'Kind of organisation that is a local policing body. (mirrors vocab.rs LpbKind)';

create type force_kind as enum (
    'territorial',
    'special',
    'other_body'
);
comment on type force_kind is 'Kind of body under the IOPC''s remit. (mirrors vocab.rs ForceKind)';
