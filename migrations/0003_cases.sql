-- Cases, the people in them, links between cases and information withheld under the harm test.
--
-- `case` is a reserved word, so the table is `case_record`; its key and every column that
-- points at it are called `case_id`.

-- ---------------------------------------------------------------------------------------------
-- People outside the police: complainants, interested persons, agents.
-- ---------------------------------------------------------------------------------------------
create table person (
    person_id uuid primary key default gen_random_uuid(),
    full_name text not null check (btrim(full_name) <> ''),
    address text,
    email text check (email is null or email ~ '^[^@\s]+@[^@\s]+$'),
    phone text,
    preferred_language language not null default 'en',
    contact_method contact_method,
    easy_read boolean not null default false,
    accessibility_needs text,
    date_of_birth date,
    created_at timestamptz not null default now(),
    -- The chosen way of contact must be usable.
    constraint person_contact_method_has_detail check (
        contact_method is null
        or (contact_method = 'email' and email is not null)
        or (contact_method = 'post' and address is not null)
        or (contact_method = 'telephone' and phone is not null)
    ),
    constraint person_date_of_birth_in_past check (date_of_birth is null or date_of_birth <= current_date)
);
comment on table person is 'A member of the public in a case: complainant, interested person (PRA 2002 s.21) or agent. Personal data: never log it.';
comment on column person.preferred_language is 'English or Welsh; letters and public pages use it.';
comment on column person.easy_read is 'Wants easy-read versions (plain English, short sentences).';
comment on column person.accessibility_needs is 'Other needs, free text (e.g. large print, interpreter).';

create index person_name_trgm_idx on person using gin (lower(full_name) gin_trgm_ops);

-- ---------------------------------------------------------------------------------------------
-- The case: a complaint, recordable conduct matter or DSI matter (PRA 2002 s.12).
-- ---------------------------------------------------------------------------------------------
create table case_record (
    case_id uuid primary key default gen_random_uuid(),
    kind case_kind not null,
    force_id uuid not null references police_force,
    iopc_reference text unique check (iopc_reference ~ '^\d{4}/\d{6}$'),
    force_reference text check (force_reference is null or btrim(force_reference) <> ''),
    legacy boolean not null default false,
    received_on date not null,
    logged_on date,
    recorded_on date,
    schedule3 boolean,
    recording_reason recording_reason,
    stage case_stage not null default 'logged',
    investigation_mode investigation_mode,
    version integer not null default 1 check (version >= 1),
    summary text not null check (btrim(summary) <> ''),
    incident_date date,
    incident_place text,
    what_complainant_wants text,
    how_it_came_to_light text,
    dsi_kind text check (dsi_kind in ('death', 'serious_injury')),
    dsi_context text check (dsi_context in ('custody', 'contact')),
    assigned_to uuid references staff_user,
    outcome_notified_on date,
    review_right boolean,
    review_right_notified_on date,
    closed_on date,
    created_at timestamptz not null default now(),
    search tsvector generated always as (
        setweight(to_tsvector('simple',
            coalesce(iopc_reference, '') || ' ' || coalesce(replace(iopc_reference, '/', ' '), '')
            || ' ' || coalesce(force_reference, '')), 'A')
        || setweight(to_tsvector('english', summary), 'B')
    ) stored,

    constraint case_record_force_reference_key unique (force_id, force_reference),
    -- Needed by the (case_id, legacy) foreign keys of investigation, referral and allegation,
    -- which copy the legacy flag so that row checks can refuse legacy-only values.
    constraint case_record_id_legacy_key unique (case_id, legacy),

    -- Legacy-only stages and modes (pre-1 February 2020 rules): discontinuance, disapplication,
    -- supervised and managed investigations (domain.md 2C, 2D).
    constraint case_record_legacy_only_stage
        check (legacy or stage not in ('discontinued', 'disapplied')),
    constraint case_record_legacy_only_mode
        check (legacy or investigation_mode is null or investigation_mode in ('local', 'directed', 'independent')),

    -- Recording reason: required iff a (non-legacy) complaint is recorded under Schedule 3
    -- (Sch 3 para 2(6), 2(6A), 2(6B)); never for conduct or DSI matters or unrecorded complaints.
    constraint case_record_recording_reason_only_when_recorded
        check (recording_reason is null or (kind = 'complaint' and schedule3 is true)),
    constraint case_record_recording_reason_required
        check (legacy or not (kind = 'complaint' and schedule3 is true) or recording_reason is not null),
    constraint case_record_recorded_on_when_schedule3
        check (not (kind = 'complaint' and schedule3 is true) or recorded_on is not null),

    -- Handling outside Schedule 3, withdrawal and reviews belong to complaints only
    -- (para 2(6C); CMR reg 38; paras 6A, 25).
    constraint case_record_complaint_only_stages
        check (kind = 'complaint' or stage not in ('outside_schedule3', 'withdrawn', 'under_review', 'review_concluded')),
    constraint case_record_outside_schedule3_not_recorded
        check (stage <> 'outside_schedule3' or schedule3 is false),
    constraint case_record_schedule3_stages_need_recording
        check (kind <> 'complaint'
               or stage not in ('recorded', 'referred', 'referred_back', 'handled_otherwise',
                                'under_investigation', 'investigation_suspended', 'report_received',
                                'determinations_made', 'under_review', 'review_concluded',
                                'discontinued', 'disapplied')
               or schedule3 is true),
    constraint case_record_investigation_stages_need_mode
        check (stage not in ('under_investigation', 'investigation_suspended', 'report_received', 'determinations_made')
               or investigation_mode is not null),
    constraint case_record_notified_stages_need_date
        check (stage not in ('outcome_notified', 'under_review', 'review_concluded') or outcome_notified_on is not null),
    constraint case_record_closed_needs_date
        check (stage <> 'closed' or closed_on is not null),

    -- A DSI matter is about a death or serious injury after custody or contact (PRA 2002 s.12(2A)).
    constraint case_record_dsi_details_required
        check (kind <> 'dsi_matter' or (dsi_kind is not null and dsi_context is not null)),
    constraint case_record_review_right_notice
        check (review_right_notified_on is null or review_right is true),

    constraint case_record_dates_in_order check (
        (logged_on is null or logged_on >= received_on)
        and (recorded_on is null or recorded_on >= received_on)
        and (outcome_notified_on is null or outcome_notified_on >= received_on)
        and (review_right_notified_on is null or review_right_notified_on >= received_on)
        and (closed_on is null or closed_on >= received_on)
    )
);
comment on table case_record is 'A complaint, recordable conduct matter or death or serious injury matter (PRA 2002 s.12). `case` is reserved, hence the name.';
comment on column case_record.iopc_reference is 'IOPC reference, year/serial, e.g. 2018/104370. Unique; null until the IOPC is involved.';
comment on column case_record.force_reference is 'The force''s own reference; unique within the force.';
comment on column case_record.legacy is 'Handled under the rules in force before 1 February 2020 (PRA 2002 Sch 3 before the Policing and Crime Act 2017 amendments; Police (Complaints and Misconduct) Regulations 2012). Only legacy cases may be discontinued, disapplied, supervised or managed.';
comment on column case_record.received_on is 'Date the complaint or matter came to the appropriate authority; the statistics clock starts here.';
comment on column case_record.logged_on is 'Date logged (IOPC data-capture guidance; CMR 2020 reg 44 keeps unrecorded complaints on record).';
comment on column case_record.recorded_on is 'Date recorded under Schedule 3 (or as a conduct/DSI matter).';
comment on column case_record.schedule3 is 'Complaints: true = recorded under Schedule 3, false = handled outside Schedule 3 (para 2(6C)), null = not yet decided.';
comment on column case_record.recording_reason is 'Why a complaint was recorded under Schedule 3 (para 2(6)-(6B)); required iff recorded (except legacy cases).';
comment on column case_record.investigation_mode is 'Current mode of investigation (para 15); supervised and managed only for legacy cases. The history is in investigation.';
comment on column case_record.version is 'Optimistic lock: every change does `update ... set version = version + 1 where case_id = $1 and version = $2` and treats 0 rows as a conflict (409).';
comment on column case_record.how_it_came_to_light is 'Conduct and DSI matters: how the matter came to light (no complainant).';
comment on column case_record.dsi_kind is 'death or serious_injury (PRA 2002 s.12(2A)); required for DSI matters, allowed on others.';
comment on column case_record.dsi_context is 'custody (after arrest or in custody) or contact (after contact with a person serving with the police).';
comment on column case_record.review_right is 'Whether the complainant has a right of review (null until the outcome; false e.g. outside Schedule 3).';
comment on column case_record.review_right_notified_on is 'Date the complainant was given the review-right information; the 28-day window starts the next day (CMR 2020 reg 29).';
comment on column case_record.outcome_notified_on is 'Date the complainant was told the outcome (CMR 2020 reg 34: within 5 working days).';
comment on column case_record.search is 'Full-text search over the references (simple) and summary (english).';

-- Keyset lists: order by received_on desc, case_id desc; next page with
-- `where (received_on, case_id) < ($last_received_on, $last_case_id)`.
create index case_record_force_list_idx on case_record (force_id, received_on desc, case_id desc);
create index case_record_list_idx on case_record (received_on desc, case_id desc);
create index case_record_stage_idx on case_record (stage);
create index case_record_kind_idx on case_record (kind);
create index case_record_assigned_to_idx on case_record (assigned_to) where assigned_to is not null;
create index case_record_search_idx on case_record using gin (search);
create index case_record_iopc_reference_trgm_idx on case_record using gin (iopc_reference gin_trgm_ops);
create index case_record_force_reference_trgm_idx on case_record using gin (force_reference gin_trgm_ops);

-- Copies case_record.legacy into NEW.case_legacy. Tables holding legacy-only values
-- (investigation, referral, allegation) carry `case_legacy` with a foreign key
-- (case_id, case_legacy) -> case_record (case_id, legacy) on update cascade, so a row check on
-- the copy refuses a legacy-only value on a non-legacy case, and turning a case's legacy flag
-- off is refused while such a value remains. The application never sets case_legacy.
create function set_case_legacy() returns trigger
language plpgsql as $$
begin
    select c.legacy into new.case_legacy from case_record c where c.case_id = new.case_id;
    if not found and new.case_id is not null then
        raise exception 'case % does not exist', new.case_id
            using errcode = 'foreign_key_violation', constraint = tg_table_name || '_case_fkey';
    end if;
    return new;
end;
$$;
comment on function set_case_legacy() is 'BEFORE INSERT/UPDATE OF case_id trigger: fills case_legacy from case_record.legacy.';

-- ---------------------------------------------------------------------------------------------
-- Complainants and interested persons of a case.
-- ---------------------------------------------------------------------------------------------
create table case_complainant (
    case_complainant_id uuid primary key default gen_random_uuid(),
    case_id uuid not null references case_record,
    person_id uuid not null references person,
    agent_person_id uuid references person,
    role text not null default 'complainant' check (role in ('complainant', 'interested_person')),
    consent_given boolean,
    consent_recorded_on date,
    access_code_hash text,
    created_at timestamptz not null default now(),
    constraint case_complainant_once unique (case_id, person_id),
    constraint case_complainant_agent_not_self check (agent_person_id is null or agent_person_id <> person_id),
    -- An interested person is kept informed only with their consent (PRA 2002 s.21): the
    -- answer must be recorded (true or false); it means nothing for a complainant.
    constraint case_complainant_consent_for_interested_person
        check ((role = 'interested_person') = (consent_given is not null)),
    constraint case_complainant_consent_date
        check (consent_recorded_on is null or consent_given is not null)
);
comment on table case_complainant is 'A complainant or interested person (PRA 2002 s.21) of a case, with their agent if any.';
comment on column case_complainant.role is 'complainant or interested_person.';
comment on column case_complainant.consent_given is 'Interested persons only (required for them): whether they consented to receive information (s.21).';
comment on column case_complainant.access_code_hash is 'Hash of the high-entropy access code sent to the person for the public status page; null until issued.';

create index case_complainant_case_idx on case_complainant (case_id);
create index case_complainant_person_idx on case_complainant (person_id);
create index case_complainant_agent_idx on case_complainant (agent_person_id) where agent_person_id is not null;

-- ---------------------------------------------------------------------------------------------
-- Information withheld from a complainant or interested person under the harm test
-- (PRA 2002 Sch 3 and the IOPC Statutory Guidance 2020 on the harm test; exact provisions
-- unverified: the rule is kept as data and a recorded reason, not a hard-coded test).
-- ---------------------------------------------------------------------------------------------
create table withheld_item (
    withheld_item_id uuid primary key default gen_random_uuid(),
    case_id uuid not null references case_record,
    description text not null check (btrim(description) <> ''),
    entity_kind text,
    entity_id uuid,
    field_name text,
    reason text not null check (btrim(reason) <> ''),
    recorded_by uuid not null references staff_user,
    recorded_at timestamptz not null default now(),
    released_at timestamptz,
    created_at timestamptz not null default now(),
    constraint withheld_item_entity_pair check ((entity_kind is null) = (entity_id is null)),
    constraint withheld_item_release_after_record check (released_at is null or released_at >= recorded_at)
);
comment on table withheld_item is 'Information withheld from a complainant or interested person because disclosure could cause harm (the harm test), with its reason.';
comment on column withheld_item.description is 'What is withheld, in words.';
comment on column withheld_item.entity_kind is 'Which kind of record holds it (e.g. evidence_item, allegation), with entity_id; null for information not held as a record.';
comment on column withheld_item.field_name is 'Which field of that record, if only one field is withheld.';
comment on column withheld_item.released_at is 'Set when the reason for withholding no longer applies and the information is disclosed.';

create index withheld_item_case_idx on withheld_item (case_id);
create index withheld_item_entity_idx on withheld_item (entity_kind, entity_id) where entity_id is not null;

-- ---------------------------------------------------------------------------------------------
-- Links between cases (e.g. a DSI matter re-recorded as a conduct matter).
-- ---------------------------------------------------------------------------------------------
create table case_link (
    case_link_id uuid primary key default gen_random_uuid(),
    from_case_id uuid not null references case_record,
    to_case_id uuid not null references case_record,
    reason link_reason not null,
    created_by uuid references staff_user,
    created_at timestamptz not null default now(),
    constraint case_link_not_self check (from_case_id <> to_case_id)
);
comment on table case_link is 'A link between two cases. The pair is unique whichever way round it was made.';
comment on column case_link.from_case_id is 'The earlier case (e.g. the DSI matter that was re-recorded).';

create unique index case_link_pair_key on case_link (least(from_case_id, to_case_id), greatest(from_case_id, to_case_id));
create index case_link_from_idx on case_link (from_case_id);
create index case_link_to_idx on case_link (to_case_id);
