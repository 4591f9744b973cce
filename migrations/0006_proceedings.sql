-- Misconduct proceedings (Police (Conduct) Regulations 2020) and findings per allegation.

create table proceedings (
    proceedings_id uuid primary key default gen_random_uuid(),
    case_subject_id uuid not null references case_subject,
    form proceedings_form not null,
    notice_given_on date,
    held_on date,
    panel text,
    finding proceedings_finding,
    outcome proceedings_outcome,
    would_have_been_dismissed boolean generated always as (coalesce(outcome = 'would_have_been_dismissed', false)) stored not null,
    concluded_on date,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null default now(),

    constraint proceedings_outcome_needs_finding check (outcome is null or finding is not null),
    constraint proceedings_concluded_iff_outcome check ((concluded_on is null) = (outcome is null)),
    constraint proceedings_dates_in_order check (
        (held_on is null or notice_given_on is null or held_on >= notice_given_on)
        and (concluded_on is null or held_on is null or concluded_on >= held_on)
    ),

    -- The outcome table of PCR 2020 (domain.md section G) as far as a row can show it.
    -- A misconduct meeting deals with misconduct only: it cannot find gross misconduct, and
    -- cannot reduce in rank or dismiss.
    constraint proceedings_meeting_finding
        check (form <> 'misconduct_meeting' or finding is null or finding in ('misconduct_proven', 'not_proven')),
    constraint proceedings_meeting_outcome
        check (form <> 'misconduct_meeting' or outcome is null
               or outcome in ('no_action', 'written_warning', 'final_written_warning', 'reflective_practice',
                              'management_action', 'management_advice')),
    -- An accelerated hearing (PCR 2020 Part 5) deals with gross misconduct only.
    constraint proceedings_accelerated_finding
        check (form <> 'accelerated_hearing' or finding is null or finding in ('gross_misconduct_proven', 'not_proven')),
    -- Gross misconduct proven (hearing or accelerated hearing): final written warning,
    -- reduction in rank, dismissal without notice, or would have been dismissed.
    constraint proceedings_gross_misconduct_outcome
        check (finding is distinct from 'gross_misconduct_proven' or outcome is null
               or outcome in ('final_written_warning', 'reduction_in_rank', 'dismissal_without_notice',
                              'would_have_been_dismissed')),
    -- Misconduct proven at a hearing: written or final written warning; reduction in rank or
    -- dismissal only with a live final written warning or several unconnected incidents
    -- (that condition is checked by the application). Dismissal for misconduct is with notice,
    -- which the vocabulary lacks; "would have been dismissed" stands for it when the officer
    -- has left.
    constraint proceedings_hearing_misconduct_outcome
        check (form <> 'misconduct_hearing' or finding is distinct from 'misconduct_proven' or outcome is null
               or outcome in ('written_warning', 'final_written_warning', 'reduction_in_rank',
                              'would_have_been_dismissed', 'management_action', 'management_advice')),
    -- Neither proven: referral to reflective practice, or no action.
    constraint proceedings_not_proven_outcome
        check (finding is distinct from 'not_proven' or outcome is null
               or outcome in ('no_action', 'reflective_practice'))
);
comment on table proceedings is 'Misconduct proceedings for one subject in one case (PCR 2020): misconduct meeting, misconduct hearing or accelerated hearing.';
comment on column proceedings.notice_given_on is 'Date the written notice of referral to proceedings was given (the officer then has 15 working days to respond: PCR 2020 reg 31).';
comment on column proceedings.panel is 'Who conducted the proceedings (e.g. legally qualified chair and members).';
comment on column proceedings.finding is 'Overall finding; findings per allegation are in proceedings_allegation_finding.';
comment on column proceedings.outcome is 'Disciplinary outcome (PCR 2020). management_advice only on legacy cases, management_action only for police staff and designated volunteers, would_have_been_dismissed only when the subject has left (trigger).';
comment on column proceedings.would_have_been_dismissed is 'Generated: outcome = would_have_been_dismissed. Read-only.';
comment on column proceedings.concluded_on is 'Date the outcome was decided; set iff outcome is set. The outcome is reported within 5 working days (PCR 2020 reg 42).';

create index proceedings_case_subject_idx on proceedings (case_subject_id);
create index proceedings_held_idx on proceedings (held_on) where held_on is not null;

-- Rules that need the subject and the case.
create function proceedings_check_subject() returns trigger
language plpgsql as $$
declare
    v_kind subject_kind;
    v_left boolean;
    v_legacy boolean;
begin
    select s.kind, cs.left_force, c.legacy
      into v_kind, v_left, v_legacy
      from case_subject cs
      join subject s on s.subject_id = cs.subject_id
      join case_record c on c.case_id = cs.case_id
     where cs.case_subject_id = new.case_subject_id;

    -- Management advice is no outcome for officers since 1 February 2020 (domain.md G).
    if new.outcome = 'management_advice' and not v_legacy then
        raise exception 'management advice is an outcome only on legacy (pre-2020) cases'
            using errcode = 'check_violation', constraint = 'proceedings_management_advice_legacy_only';
    end if;
    -- Management action remains for police staff only.
    if new.outcome = 'management_action' and v_kind not in ('police_staff', 'designated_volunteer') then
        raise exception 'management action is an outcome for police staff only, not %', v_kind
            using errcode = 'check_violation', constraint = 'proceedings_management_action_staff_only';
    end if;
    -- "Would have been dismissed" is for a subject who has left (PCR 2020); one still serving
    -- is dismissed instead.
    if new.outcome = 'would_have_been_dismissed' and not v_left then
        raise exception 'would have been dismissed applies only to a subject who has left the force'
            using errcode = 'check_violation', constraint = 'proceedings_would_have_been_dismissed_left_only';
    end if;
    if new.outcome in ('dismissal_without_notice', 'reduction_in_rank') and v_left then
        raise exception 'a subject who has left cannot be dismissed or reduced in rank; record would_have_been_dismissed'
            using errcode = 'check_violation', constraint = 'proceedings_dismissal_serving_only';
    end if;
    return new;
end;
$$;
create trigger proceedings_check_subject
    before insert or update of outcome, case_subject_id on proceedings
    for each row execute function proceedings_check_subject();

-- Barred list (College of Policing; Policing and Crime Act 2017 Part 2): only a subject whose
-- proceedings ended in dismissal or "would have been dismissed". Checked at commit, so the
-- outcome and the flag may be written in either order in one transaction.
create function case_subject_check_barred_list() returns trigger
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
                          and p.outcome in ('dismissal_without_notice', 'would_have_been_dismissed')) then
        raise exception 'only a subject dismissed, or who would have been dismissed, goes on the barred list'
            using errcode = 'check_violation', constraint = 'case_subject_barred_list_needs_dismissal';
    end if;
    return null;
end;
$$;
create constraint trigger case_subject_barred_list_needs_dismissal
    after insert or update of barred_list on case_subject
    deferrable initially deferred
    for each row when (new.barred_list)
    execute function case_subject_check_barred_list();
create constraint trigger proceedings_barred_list_check
    after update of outcome, case_subject_id or delete on proceedings
    deferrable initially deferred
    for each row execute function case_subject_check_barred_list();

-- ---------------------------------------------------------------------------------------------
-- Findings per allegation.
-- ---------------------------------------------------------------------------------------------
create table proceedings_allegation_finding (
    proceedings_id uuid not null references proceedings on delete cascade,
    allegation_id uuid not null references allegation,
    finding proceedings_finding not null,
    created_at timestamptz not null default now(),
    primary key (proceedings_id, allegation_id)
);
comment on table proceedings_allegation_finding is 'The finding on each allegation heard at proceedings. The allegation must be against the proceedings'' subject (trigger).';
create index proceedings_allegation_finding_allegation_idx on proceedings_allegation_finding (allegation_id);

create function proceedings_allegation_finding_check() returns trigger
language plpgsql as $$
begin
    if not exists (select 1
                     from proceedings p
                     join allegation_subject s on s.case_subject_id = p.case_subject_id
                    where p.proceedings_id = new.proceedings_id
                      and s.allegation_id = new.allegation_id) then
        raise exception 'the allegation is not against the subject of these proceedings'
            using errcode = 'foreign_key_violation', constraint = 'proceedings_allegation_finding_subject_allegation';
    end if;
    return new;
end;
$$;
create trigger proceedings_allegation_finding_check
    before insert or update on proceedings_allegation_finding
    for each row execute function proceedings_allegation_finding_check();
