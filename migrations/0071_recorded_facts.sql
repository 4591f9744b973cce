-- The facts the IOPC's published summaries record, as fields (domain.md H2), and dismissal
-- with notice among the outcomes of a misconduct hearing.
--
-- * allegation_subject.standards: the Standards of Professional Behaviour (PCR 2020 Sch 2)
--   each allegation against a subject concerns, recorded at the severity assessment;
--   proceedings_allegation_finding.standards_proven: those of them found breached at
--   proceedings (the others were not proven).
-- * allegation_subject.authority_view: the appropriate authority's view of an IOPC
--   determination, allegation by allegation (Sch 3 para 23(5A)).
-- * case_subject.interview_kind: a misconduct interview, under criminal caution, or both.
-- * case_subject.individual_learning: the learning for the person where there is no case to
--   answer (reflective practice only for officers under the 2020 rules: PCR 2020 Part 6).
-- * case_subject.cps_decision, cps_decided_on, prosecution_outcome, prosecution_ended_on:
--   the Crown Prosecution Service's decision on a referred file and how a prosecution ended.
-- * proceedings.conducted_by: who conducts them; proceedings.outcome_reported_on: when the
--   outcome was reported (PCR 2020 reg 42: within 5 working days of the end).
-- * case_record.no_organisational_learning_on: the positive record that no organisational
--   learning was identified; publication_deferred_on and publication_revisit_on: publication
--   deferred until proceedings end, with a date to revisit it. case_publication_withheld says
--   whether the public register must leave the case out today.

-- ---------------------------------------------------------------------------------------------
-- Allegations against a subject.
-- ---------------------------------------------------------------------------------------------
alter table allegation_subject
    add column standards professional_standard[] not null default '{}',
    add column authority_view authority_view;
comment on column allegation_subject.standards is 'The Standards of Professional Behaviour the allegation concerns for this subject (PCR 2020 Sch 2), recorded at the severity assessment.';
comment on column allegation_subject.authority_view is 'The appropriate authority''s view (agreed/disagreed) of the IOPC''s determination on this allegation for this subject (Sch 3 para 23(5A)).';

alter table proceedings_allegation_finding
    add column standards_proven professional_standard[] not null default '{}',
    -- Nothing is breached on an allegation not proven.
    add constraint proceedings_allegation_finding_not_proven_breaches_nothing
        check (finding <> 'not_proven' or cardinality(standards_proven) = 0);
comment on column proceedings_allegation_finding.standards_proven is 'The standards found breached on this allegation; the others recorded for it (allegation_subject.standards) were not proven.';

-- The standards found breached are among those the allegation was recorded as concerning.
create function proceedings_allegation_standards_check() returns trigger
language plpgsql as $$
begin
    if cardinality(new.standards_proven) > 0 and not exists (
        select 1
          from proceedings p
          join allegation_subject s on s.case_subject_id = p.case_subject_id
         where p.proceedings_id = new.proceedings_id
           and s.allegation_id = new.allegation_id
           and new.standards_proven <@ s.standards) then
        raise exception 'a standard found breached must be one the allegation was recorded as concerning'
            using errcode = 'check_violation', constraint = 'proceedings_allegation_finding_standards_recorded';
    end if;
    return new;
end;
$$;
create trigger proceedings_allegation_standards_check
    before insert or update of standards_proven on proceedings_allegation_finding
    for each row execute function proceedings_allegation_standards_check();

-- ---------------------------------------------------------------------------------------------
-- A subject's part in the case.
-- ---------------------------------------------------------------------------------------------
alter table case_subject
    add column interview_kind interview_kind,
    add column individual_learning individual_learning,
    add column cps_decision cps_decision,
    add column cps_decided_on date,
    add column prosecution_outcome prosecution_outcome,
    add column prosecution_ended_on date,
    add constraint case_subject_interview_kind_needs_interview
        check (interview_kind is null or interviewed_on is not null),
    -- under_caution is kept, and agrees with the kind of interview.
    add constraint case_subject_interview_kind_caution
        check (interview_kind is null or under_caution = (interview_kind <> 'misconduct')),
    add constraint case_subject_individual_learning_no_case_to_answer
        check (individual_learning is null or determination = 'no_case_to_answer'),
    add constraint case_subject_cps_decision_dated
        check ((cps_decision is null) = (cps_decided_on is null)),
    add constraint case_subject_cps_decision_needs_referral
        check (cps_decision is null or (referred_to_cps_on is not null and cps_decided_on >= referred_to_cps_on)),
    add constraint case_subject_prosecution_outcome_dated
        check ((prosecution_outcome is null) = (prosecution_ended_on is null)),
    add constraint case_subject_prosecution_needs_charge
        check (prosecution_outcome is null or (cps_decision = 'charge' and prosecution_ended_on >= cps_decided_on));
comment on column case_subject.interview_kind is 'A misconduct interview, an interview under criminal caution, or both.';
comment on column case_subject.individual_learning is 'Where there is no case to answer: reflective practice (officers, 2020 rules), learning advice, or none identified.';
comment on column case_subject.cps_decision is 'The Crown Prosecution Service''s decision on the referred file: charge or no charge.';
comment on column case_subject.prosecution_outcome is 'How the prosecution after a charge ended: convicted, acquitted or discontinued.';

-- ---------------------------------------------------------------------------------------------
-- Proceedings.
-- ---------------------------------------------------------------------------------------------
alter table proceedings
    add column conducted_by proceedings_conductor,
    add column outcome_reported_on date,
    -- A hearing is chaired by a legally qualified chair; a meeting is the force's, or chaired
    -- independently; an accelerated hearing is conducted by the chief officer, or a legally
    -- qualified chair (PCR 2020 regs 28 and 55; unverified).
    add constraint proceedings_conductor_fits_form check (
        conducted_by is null
        or (form = 'misconduct_meeting' and conducted_by in ('force_meeting', 'independent_chair'))
        or (form = 'misconduct_hearing' and conducted_by = 'legally_qualified_chair')
        or (form = 'accelerated_hearing' and conducted_by in ('chief_officer', 'legally_qualified_chair'))),
    add constraint proceedings_outcome_reported_after_conclusion
        check (outcome_reported_on is null or (concluded_on is not null and outcome_reported_on >= concluded_on));
comment on column proceedings.conducted_by is 'Who conducts the proceedings: a legally qualified chair (hearings), the force (meetings), an independent chair, or the chief officer (accelerated hearings).';
comment on column proceedings.outcome_reported_on is 'When the written outcome was given, due within 5 working days of concluded_on (PCR 2020 reg 42).';

-- Misconduct proven at a hearing: dismissal (with notice) joins reduction in rank, only with a
-- live final written warning or several unconnected incidents (PCR 2020 reg 42; checked by
-- the application).
alter table proceedings drop constraint proceedings_hearing_misconduct_outcome;
alter table proceedings add constraint proceedings_hearing_misconduct_outcome
    check (form <> 'misconduct_hearing' or finding is distinct from 'misconduct_proven' or outcome is null
           or outcome in ('written_warning', 'final_written_warning', 'reduction_in_rank', 'dismissal_with_notice',
                          'would_have_been_dismissed', 'management_action', 'management_advice'));

create or replace function proceedings_check_subject() returns trigger
language plpgsql as $$
declare
    v_kind subject_kind;
    v_left boolean;
    v_legacy boolean;
    v_certified date;
begin
    select s.kind, cs.left_force, c.legacy, cs.special_conditions_certified_on
      into v_kind, v_left, v_legacy, v_certified
      from case_subject cs
      join subject s on s.subject_id = cs.subject_id
      join case_record c on c.case_id = cs.case_id
     where cs.case_subject_id = new.case_subject_id;

    if new.outcome = 'management_advice' and not v_legacy then
        raise exception 'management advice is an outcome only on legacy (pre-2020) cases'
            using errcode = 'check_violation', constraint = 'proceedings_management_advice_legacy_only';
    end if;
    if new.outcome = 'management_action' and v_kind not in ('police_staff', 'designated_volunteer') then
        raise exception 'management action is an outcome for police staff only, not %', v_kind
            using errcode = 'check_violation', constraint = 'proceedings_management_action_staff_only';
    end if;
    if new.outcome = 'would_have_been_dismissed' and not v_left then
        raise exception 'would have been dismissed applies only to a subject who has left the force'
            using errcode = 'check_violation', constraint = 'proceedings_would_have_been_dismissed_left_only';
    end if;
    if new.outcome in ('dismissal_without_notice', 'dismissal_with_notice', 'reduction_in_rank') and v_left then
        raise exception 'a subject who has left cannot be dismissed or reduced in rank; record would_have_been_dismissed'
            using errcode = 'check_violation', constraint = 'proceedings_dismissal_serving_only';
    end if;
    -- The accelerated procedure needs the appropriate authority's certificate that the special
    -- conditions are satisfied (PCR 2020 reg 49).
    if tg_op = 'INSERT' and new.form = 'accelerated_hearing' and v_certified is null then
        raise exception 'an accelerated hearing needs the certificate that the special conditions are satisfied'
            using errcode = 'check_violation', constraint = 'proceedings_accelerated_needs_certificate';
    end if;
    return new;
end;
$$;

-- Dismissal with notice puts the officer on the barred list too (Police Act 1996 Part 4A).
create or replace function case_subject_check_barred_list() returns trigger
language plpgsql as $$
declare
    csid uuid;
begin
    if tg_table_name = 'case_subject' then
        csid := new.case_subject_id;
    else
        csid := old.case_subject_id;
    end if;
    if exists (select 1 from case_subject cs where cs.case_subject_id = csid and cs.barred_list)
       and not exists (select 1 from proceedings p
                        where p.case_subject_id = csid
                          and p.outcome in ('dismissal_without_notice', 'dismissal_with_notice',
                                            'would_have_been_dismissed')) then
        raise exception 'only a subject dismissed, or who would have been dismissed, goes on the barred list'
            using errcode = 'check_violation', constraint = 'case_subject_barred_list_needs_dismissal';
    end if;
    return null;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- The case: organisational learning and publication.
-- ---------------------------------------------------------------------------------------------
alter table case_record
    add column no_organisational_learning_on date,
    add column publication_deferred_on date,
    add column publication_revisit_on date,
    add constraint case_record_publication_deferral_complete
        check ((publication_deferred_on is null) = (publication_revisit_on is null)
               and (publication_revisit_on is null or publication_revisit_on > publication_deferred_on));
comment on column case_record.no_organisational_learning_on is 'When it was recorded that no organisational learning was identified (a positive finding, not a gap).';
comment on column case_record.publication_deferred_on is 'When publication was deferred until proceedings end.';
comment on column case_record.publication_revisit_on is 'When the deferral of publication is to be revisited.';

-- A case whose publication is deferred is left out of the public register until the date to
-- revisit it has come and no subject of it has proceedings outstanding (a case to answer not
-- yet heard, or proceedings without an outcome).
create function case_publication_withheld(p_case_id uuid) returns boolean
language sql stable parallel safe as $$
    select exists (
        select 1 from case_record c
         where c.case_id = p_case_id
           and c.publication_deferred_on is not null
           and ((now() at time zone 'Europe/London')::date < c.publication_revisit_on
                or exists (select 1 from case_subject cs
                            where cs.case_id = c.case_id
                              and cs.stage in ('case_to_answer', 'proceedings_pending'))))
$$;
comment on function case_publication_withheld(uuid) is 'Whether the public register leaves the case out today: its publication is deferred and the revisit date has not come, or proceedings are outstanding.';
