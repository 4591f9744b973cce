-- Allegations (the unit of counting), subjects (persons serving with the police) and their
-- part in a case.

-- ---------------------------------------------------------------------------------------------
-- Allegations: each has exactly one category; outcomes are per allegation (CMR 2020 reg 34).
-- ---------------------------------------------------------------------------------------------
create table allegation (
    allegation_id uuid primary key default gen_random_uuid(),
    case_id uuid not null,
    case_legacy boolean not null,
    category_code text not null references allegation_category,
    description text not null check (btrim(description) <> ''),
    handling_type handling_type,
    outcome allegation_outcome,
    outcome_detail text,
    created_at timestamptz not null default now(),
    constraint allegation_case_fkey foreign key (case_id) references case_record (case_id),
    constraint allegation_case_legacy_fkey foreign key (case_id, case_legacy)
        references case_record (case_id, legacy) on update cascade,
    -- "Upheld" / "not upheld" are the pre-2020 outcomes (domain.md 2H).
    constraint allegation_legacy_only_outcome
        check (case_legacy or outcome is null or outcome not in ('upheld', 'not_upheld')),
    -- Needed by the (allegation_id, case_id) foreign keys of allegation_subject and
    -- proceedings_allegation_finding, so that a subject or finding cannot cross cases.
    constraint allegation_id_case_key unique (allegation_id, case_id)
);
comment on table allegation is 'One allegation of a case: the unit of counting in the IOPC statistics. Exactly one category; against zero or more subjects.';
comment on column allegation.case_legacy is 'Copy of case_record.legacy, filled by trigger (never set it); lets a row check refuse legacy-only outcomes.';
comment on column allegation.category_code is 'IOPC data-capture category (allegation_category).';
comment on column allegation.handling_type is 'How the allegation is handled (outside Schedule 3, otherwise than by investigation, investigation by mode; para 6, 15).';
comment on column allegation.outcome is 'Outcome told to the complainant (CMR 2020 reg 34); upheld / not upheld only on legacy cases.';
comment on column allegation.outcome_detail is 'The remedy or learning that follows.';

create trigger allegation_set_case_legacy
    before insert or update of case_id on allegation
    for each row execute function set_case_legacy();

create index allegation_case_idx on allegation (case_id);
create index allegation_category_idx on allegation (category_code);

-- ---------------------------------------------------------------------------------------------
-- Subjects: persons serving with the police (PRA 2002 s.12(7)).
-- ---------------------------------------------------------------------------------------------
create table subject (
    subject_id uuid primary key default gen_random_uuid(),
    kind subject_kind not null,
    name text check (name is null or btrim(name) <> ''),
    rank text,
    collar_number text,
    force_id uuid not null references police_force,
    created_at timestamptz not null default now()
);
comment on table subject is 'A person serving with the police: officer, special constable, police staff, designated volunteer. Personal data: never log it.';
comment on column subject.name is 'Name, or an anonymised label such as ''Officer A''; null if not yet identified.';
comment on column subject.collar_number is 'Collar (warrant) number or staff number.';
comment on column subject.force_id is 'The force or body the person serves with (may differ from the case''s force).';

create index subject_force_idx on subject (force_id, collar_number);

-- ---------------------------------------------------------------------------------------------
-- A subject's part in a case: special procedures, opinion, determination.
-- ---------------------------------------------------------------------------------------------
create table case_subject (
    case_subject_id uuid primary key default gen_random_uuid(),
    case_id uuid not null references case_record,
    subject_id uuid not null references subject,
    stage subject_stage not null default 'identified',
    special_procedures boolean not null default false,
    severity severity,
    severity_assessed_on date,
    severity_revision_count integer not null default 0 check (severity_revision_count >= 0),
    notice_served_on date,
    interviewed_on date,
    under_caution boolean,
    opinion determination,
    opinion_given_on date,
    determination determination,
    determined_by determiner,
    determined_on date,
    authority_view authority_view,
    special_conditions_certified_on date,
    referred_to_cps_on date,
    cps_outcome text,
    barred_list boolean not null default false,
    left_force boolean not null default false,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null default now(),

    constraint case_subject_once unique (case_id, subject_id),
    constraint case_subject_id_case_key unique (case_subject_id, case_id),

    -- Severity assessment (CMR 2020 reg 16): a severity and its date go together; a revision
    -- needs an assessment to revise.
    constraint case_subject_severity_dated check ((severity is null) = (severity_assessed_on is null)),
    constraint case_subject_revision_needs_severity check (severity_revision_count = 0 or severity is not null),
    constraint case_subject_caution_needs_interview check (under_caution is null or interviewed_on is not null),
    constraint case_subject_opinion_dated check (opinion_given_on is null or opinion is not null),
    -- Determination (paras 23, 24): what, by whom and when go together.
    constraint case_subject_determination_complete check (
        (determination is null) = (determined_by is null)
        and (determination is null) = (determined_on is null)
    ),
    -- The appropriate authority's view is recorded beside an IOPC determination (para 23(5A)).
    constraint case_subject_authority_view_on_iopc_determination
        check (authority_view is null or determined_by = 'iopc'),
    constraint case_subject_cps_outcome_needs_referral
        check (cps_outcome is null or referred_to_cps_on is not null),

    -- Stages need the facts that define them.
    constraint case_subject_stage_facts check (
        (stage <> 'severity_assessed' or severity is not null)
        and (stage <> 'notice_served' or notice_served_on is not null)
        and (stage <> 'interviewed' or interviewed_on is not null)
        and (stage <> 'opinion_given' or opinion is not null)
        and (stage not in ('case_to_answer', 'proceedings_pending')
             or determination in ('case_to_answer_gross_misconduct', 'case_to_answer_misconduct'))
        and (stage <> 'no_case_to_answer' or determination is not null)
    ),
    constraint case_subject_dates_in_order check (
        (interviewed_on is null or notice_served_on is null or interviewed_on >= notice_served_on)
        and (determined_on is null or opinion_given_on is null or determined_on >= opinion_given_on)
    )
);
comment on table case_subject is 'A subject''s part in one case: severity assessment, notice, interview, opinion and determination (PRA 2002 Sch 3 paras 19A-24; CMR 2020 regs 16-22).';
comment on column case_subject.special_procedures is 'The special procedures apply (para 19A; CMR 2020 regs 16-22): officers and special constables only (checked by trigger).';
comment on column case_subject.severity is 'Severity assessment (CMR 2020 reg 16): whether the conduct, if proved, would amount to misconduct or gross misconduct.';
comment on column case_subject.severity_revision_count is 'How many times the severity assessment was revised (reg 16 allows revision).';
comment on column case_subject.notice_served_on is 'Date the written notice of investigation (CMR 2020 reg 17) was served; must precede any interview.';
comment on column case_subject.opinion is 'The investigator''s opinion in the report (para 22).';
comment on column case_subject.determination is 'The determination (paras 23, 24). Since 2020 an IOPC determination binds the appropriate authority.';
comment on column case_subject.determined_by is 'Who determined: the IOPC (directed and independent investigations) or the appropriate authority (local).';
comment on column case_subject.authority_view is 'The appropriate authority''s view of an IOPC determination (agreed/disagreed), shown in published records.';
comment on column case_subject.special_conditions_certified_on is 'Date the special conditions for the accelerated procedure were certified (CMR 2020 regs 24-26).';
comment on column case_subject.barred_list is 'Placed on the College of Policing barred list: only after proceedings ended in dismissal or "would have been dismissed" (checked by deferred trigger).';
comment on column case_subject.left_force is 'The subject no longer serves; proceedings may find they would have been dismissed.';

create index case_subject_case_idx on case_subject (case_id);
create index case_subject_subject_idx on case_subject (subject_id);

-- Special procedures apply to police officers and special constables only (para 19A).
create function case_subject_check_kind() returns trigger
language plpgsql as $$
declare
    k subject_kind;
begin
    if new.special_procedures then
        select s.kind into k from subject s where s.subject_id = new.subject_id;
        if k not in ('police_officer', 'special_constable') then
            raise exception 'special procedures apply only to police officers and special constables, not %', k
                using errcode = 'check_violation', constraint = 'case_subject_special_procedures_officers_only';
        end if;
    end if;
    return new;
end;
$$;
create trigger case_subject_check_kind
    before insert or update of special_procedures, subject_id on case_subject
    for each row execute function case_subject_check_kind();

-- ---------------------------------------------------------------------------------------------
-- Which subjects an allegation is against. Both must belong to the same case: the composite
-- foreign keys enforce it (case_id is filled by the application, or copied by trigger).
-- ---------------------------------------------------------------------------------------------
create table allegation_subject (
    allegation_id uuid not null,
    case_subject_id uuid not null,
    case_id uuid not null,
    created_at timestamptz not null default now(),
    primary key (allegation_id, case_subject_id),
    constraint allegation_subject_allegation_fkey foreign key (allegation_id, case_id)
        references allegation (allegation_id, case_id) on delete cascade,
    constraint allegation_subject_case_subject_fkey foreign key (case_subject_id, case_id)
        references case_subject (case_subject_id, case_id) on delete cascade
);
comment on table allegation_subject is 'An allegation is against zero or more subjects of the same case.';
comment on column allegation_subject.case_id is 'The case of both the allegation and the case subject; filled by trigger from the allegation if omitted.';

create function allegation_subject_fill_case() returns trigger
language plpgsql as $$
begin
    if new.case_id is null then
        select a.case_id into new.case_id from allegation a where a.allegation_id = new.allegation_id;
    end if;
    return new;
end;
$$;
create trigger allegation_subject_fill_case
    before insert on allegation_subject
    for each row execute function allegation_subject_fill_case();

create index allegation_subject_case_subject_idx on allegation_subject (case_subject_id);
