-- The closed sets of the facts the IOPC's published summaries record (domain.md H2): the
-- Standards of Professional Behaviour, the kind of interview, who conducts proceedings, the
-- learning for an individual where there is no case to answer, and the Crown Prosecution
-- Service's decision and the prosecution's outcome; and dismissal with notice, an outcome of
-- a misconduct hearing the vocabulary lacked.
--
-- Each type mirrors one `closed_set!` in src/domain/vocab.rs (tests/schema.rs checks them).
-- New enum values cannot be used in the transaction that adds them, so the columns and
-- checks that use them are in the next migration.

create type professional_standard as enum (
    'honesty_and_integrity',
    'authority_respect_and_courtesy',
    'equality_and_diversity',
    'use_of_force',
    'orders_and_instructions',
    'duties_and_responsibilities',
    'confidentiality',
    'fitness_for_work',
    'discreditable_conduct',
    'challenging_and_reporting_improper_conduct'
);
comment on type professional_standard is 'The Standards of Professional Behaviour (PCR 2020 Sch 2). (mirrors vocab.rs ProfessionalStandard)';

create type interview_kind as enum (
    'misconduct',
    'criminal_caution',
    'misconduct_and_criminal_caution'
);
comment on type interview_kind is 'Whether a subject''s interview was a misconduct interview, under criminal caution, or both. (mirrors vocab.rs InterviewKind)';

create type proceedings_conductor as enum (
    'legally_qualified_chair',
    'force_meeting',
    'independent_chair',
    'chief_officer'
);
comment on type proceedings_conductor is 'Who conducts misconduct proceedings (PCR 2020 regs 28 and 55, unverified). (mirrors vocab.rs ProceedingsConductor)';

create type individual_learning as enum (
    'reflective_practice',
    'learning_advice',
    'none_identified'
);
comment on type individual_learning is 'Learning for the person where there is no case to answer. (mirrors vocab.rs IndividualLearning)';

create type cps_decision as enum (
    'charge',
    'no_charge'
);
comment on type cps_decision is 'The Crown Prosecution Service''s charging decision on a referred file. (mirrors vocab.rs CpsDecision)';

create type prosecution_outcome as enum (
    'convicted',
    'acquitted',
    'discontinued'
);
comment on type prosecution_outcome is 'How a prosecution after a charge ended. (mirrors vocab.rs ProsecutionOutcome)';

alter type proceedings_outcome add value 'dismissal_with_notice' before 'dismissal_without_notice';
