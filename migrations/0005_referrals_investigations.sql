-- Referrals to the IOPC and its decisions; investigations, their notices and suspensions.

-- ---------------------------------------------------------------------------------------------
-- Referral (Sch 3 para 4 complaints, para 13 conduct matters, Part 2A DSI matters; called in
-- or treated as referred: paras 4A, 13A) and the IOPC's decision (paras 5, 15).
-- ---------------------------------------------------------------------------------------------
create table referral (
    referral_id uuid primary key default gen_random_uuid(),
    case_id uuid not null,
    case_legacy boolean not null,
    referral_type referral_type not null,
    referred_on date not null,
    referred_by uuid not null references staff_user,
    voluntary_reason text,
    decision referral_decision,
    decided_on date,
    decided_by uuid references staff_user,
    decided_mode investigation_mode,
    rationale text,
    created_at timestamptz not null default now(),
    constraint referral_case_fkey foreign key (case_id) references case_record (case_id),
    constraint referral_case_legacy_fkey foreign key (case_id, case_legacy)
        references case_record (case_id, legacy) on update cascade,
    -- A voluntary referral says why (gravity or exceptional circumstances: para 4(2), 13(2)).
    constraint referral_voluntary_needs_reason
        check (referral_type <> 'voluntary' or btrim(coalesce(voluntary_reason, '')) <> ''),
    constraint referral_reason_only_for_voluntary
        check (voluntary_reason is null or referral_type = 'voluntary'),
    -- The decision, its date and its maker go together; a mode only with "investigate" (para 15).
    constraint referral_decision_dated check ((decision is null) = (decided_on is null)),
    constraint referral_decider_needs_decision check (decided_by is null or decision is not null),
    constraint referral_mode_iff_investigate check ((decision = 'investigate') = (decided_mode is not null)),
    constraint referral_legacy_only_mode
        check (case_legacy or decided_mode is null or decided_mode in ('local', 'directed', 'independent')),
    constraint referral_decided_after_referred check (decided_on is null or decided_on >= referred_on)
);
comment on table referral is 'A referral of a case to the IOPC and the Director General''s decision on it.';
comment on column referral.case_legacy is 'Copy of case_record.legacy, filled by trigger (never set it); lets a row check refuse legacy-only modes.';
comment on column referral.referred_by is 'The user who made (or, for called_in / treated_as_referred, recorded) the referral.';
comment on column referral.voluntary_reason is 'Required iff referral_type = voluntary: the gravity or exceptional circumstances.';
comment on column referral.decision is 'investigate (with decided_mode) or refer_back to the appropriate authority (para 5); null while awaiting assessment.';
comment on column referral.decided_mode is 'Mode of investigation decided (para 15); required iff decision = investigate.';

create trigger referral_set_case_legacy
    before insert or update of case_id on referral
    for each row execute function set_case_legacy();

create index referral_case_idx on referral (case_id);
create index referral_awaiting_decision_idx on referral (referred_on, referral_id) where decision is null;

create table referral_referral_ground (
    referral_id uuid not null references referral on delete cascade,
    ground_code text not null references referral_ground,
    created_at timestamptz not null default now(),
    primary key (referral_id, ground_code)
);
comment on table referral_referral_ground is 'The grounds of a referral. A mandatory referral needs at least one mandatory ground (deferred trigger, checked at commit).';
create index referral_referral_ground_ground_idx on referral_referral_ground (ground_code);

-- A mandatory referral must name at least one mandatory ground (Sch 3 para 4(1); CMR 2020
-- regs 4, 7). Checked at commit, so the referral and its grounds can be inserted in either
-- order within one transaction.
create function referral_check_grounds() returns trigger
language plpgsql as $$
declare
    rid uuid;
begin
    if tg_table_name = 'referral' then
        rid := new.referral_id;
    else
        -- A ground row removed (or moved away): the referral that lost it must still qualify.
        rid := old.referral_id;
    end if;
    if exists (select 1 from referral r where r.referral_id = rid and r.referral_type = 'mandatory')
       and not exists (select 1
                         from referral_referral_ground g
                         join referral_ground rg on rg.code = g.ground_code
                        where g.referral_id = rid and rg.mandatory) then
        raise exception 'a mandatory referral needs at least one mandatory referral ground'
            using errcode = 'check_violation', constraint = 'referral_mandatory_needs_ground';
    end if;
    return null;
end;
$$;
create constraint trigger referral_mandatory_needs_ground
    after insert or update of referral_type on referral
    deferrable initially deferred
    for each row execute function referral_check_grounds();
create constraint trigger referral_ground_removal_check
    after delete or update on referral_referral_ground
    deferrable initially deferred
    for each row execute function referral_check_grounds();

-- ---------------------------------------------------------------------------------------------
-- Investigation (Sch 3 paras 15-22).
-- ---------------------------------------------------------------------------------------------
create table investigation (
    investigation_id uuid primary key default gen_random_uuid(),
    case_id uuid not null,
    case_legacy boolean not null,
    mode investigation_mode not null,
    terms_of_reference text,
    investigator_name text,
    investigator_id uuid references staff_user,
    started_on date not null,
    report_submitted_on date,
    reinvestigation_of uuid references investigation,
    created_at timestamptz not null default now(),
    constraint investigation_case_fkey foreign key (case_id) references case_record (case_id),
    constraint investigation_case_legacy_fkey foreign key (case_id, case_legacy)
        references case_record (case_id, legacy) on update cascade,
    -- Supervised and managed investigations exist only under the pre-2020 rules.
    constraint investigation_legacy_only_mode
        check (case_legacy or mode in ('local', 'directed', 'independent')),
    constraint investigation_not_own_reinvestigation check (reinvestigation_of is null or reinvestigation_of <> investigation_id),
    constraint investigation_report_after_start check (report_submitted_on is null or report_submitted_on >= started_on)
);
comment on table investigation is 'An investigation of a case (para 15 modes: local, directed, independent; supervised and managed for legacy cases only). A re-investigation is a new row pointing at the one it repeats.';
comment on column investigation.case_legacy is 'Copy of case_record.legacy, filled by trigger (never set it); lets a row check refuse legacy-only modes.';
comment on column investigation.investigator_name is 'The investigator as named in the record (a force officer for local/directed, IOPC staff for independent).';
comment on column investigation.investigator_id is 'The investigator''s user account, when they have one.';
comment on column investigation.report_submitted_on is 'Date the report was submitted (para 22): to the appropriate authority (local) or the IOPC (directed, independent).';
comment on column investigation.reinvestigation_of is 'The investigation this one re-investigates (IOPC direction or review outcome).';

create trigger investigation_set_case_legacy
    before insert or update of case_id on investigation
    for each row execute function set_case_legacy();

create index investigation_case_idx on investigation (case_id);
create index investigation_reinvestigation_idx on investigation (reinvestigation_of) where reinvestigation_of is not null;
create index investigation_open_idx on investigation (started_on) where report_submitted_on is null;

-- Notices of an investigation running over 12 months, then every 6 months (CMR 2020 reg 13;
-- PCR 2020 reg 19).
create table investigation_notice (
    investigation_notice_id uuid primary key default gen_random_uuid(),
    investigation_id uuid not null references investigation,
    kind text not null check (kind in ('twelve_month', 'six_monthly')),
    sent_on date not null,
    notice_text text not null check (btrim(notice_text) <> ''),
    created_by uuid references staff_user,
    created_at timestamptz not null default now()
);
comment on table investigation_notice is 'Progress notices for investigations over 12 months: first twelve_month, then six_monthly (CMR 2020 reg 13; PCR 2020 reg 19).';
comment on column investigation_notice.notice_text is 'Progress, estimated end date and reasons, as sent.';
create index investigation_notice_investigation_idx on investigation_notice (investigation_id, sent_on);
create unique index investigation_notice_one_twelve_month on investigation_notice (investigation_id) where kind = 'twelve_month';

-- Suspensions (e.g. sub judice while criminal proceedings run; CMR 2020 reg 12 - unverified).
-- The statistics measure time "excluding suspension".
create table investigation_suspension (
    investigation_suspension_id uuid primary key default gen_random_uuid(),
    investigation_id uuid not null references investigation,
    started_on date not null,
    ended_on date,
    reason text not null check (btrim(reason) <> ''),
    created_at timestamptz not null default now(),
    constraint investigation_suspension_ends_after_start check (ended_on is null or ended_on >= started_on),
    constraint investigation_suspension_no_overlap exclude using gist (
        investigation_id with =,
        daterange(started_on, ended_on, '[]') with &&
    )
);
comment on table investigation_suspension is 'A period during which an investigation was suspended; ended_on null while it lasts. Periods of one investigation never overlap.';
create index investigation_suspension_investigation_idx on investigation_suspension (investigation_id, started_on);
