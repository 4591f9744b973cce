-- Evidence, contact with complainants, and the audit trail.

-- ---------------------------------------------------------------------------------------------
-- Evidence received in a case.
-- ---------------------------------------------------------------------------------------------
create table evidence_item (
    evidence_item_id uuid primary key default gen_random_uuid(),
    case_id uuid not null references case_record,
    description text not null check (btrim(description) <> ''),
    source text,
    received_on date,
    created_by uuid not null references staff_user,
    created_at timestamptz not null default now()
);
comment on table evidence_item is 'An item of evidence logged in a case (e.g. body-worn video, 999 recordings, statements).';
comment on column evidence_item.source is 'From whom or where it came.';
create index evidence_item_case_idx on evidence_item (case_id, received_on desc);

-- ---------------------------------------------------------------------------------------------
-- Contact with complainants and interested persons: the updates owed every 4 weeks
-- (CMR 2020 reg 34(2)(a)) and any other contact.
-- ---------------------------------------------------------------------------------------------
create table contact_log_entry (
    contact_log_entry_id uuid primary key default gen_random_uuid(),
    case_id uuid not null references case_record,
    person_id uuid references person,
    contacted_on date not null,
    method contact_method not null,
    summary text not null check (btrim(summary) <> ''),
    created_by uuid not null references staff_user,
    created_at timestamptz not null default now()
);
comment on table contact_log_entry is 'A contact with (usually an update given to) a complainant or interested person; the "keep informed" clock reads it (CMR 2020 reg 34).';
comment on column contact_log_entry.person_id is 'Who was contacted; null for contact not with a known person.';
create index contact_log_entry_case_idx on contact_log_entry (case_id, contacted_on desc);
create index contact_log_entry_person_idx on contact_log_entry (person_id) where person_id is not null;

-- ---------------------------------------------------------------------------------------------
-- Audit trail: append-only. The hash chain, its triggers and the privileges that stop the
-- application role from updating or deleting rows are added by a later migration.
-- ---------------------------------------------------------------------------------------------
create table audit_event (
    audit_event_id bigint generated always as identity primary key,
    case_id uuid references case_record,
    entity_kind text not null check (btrim(entity_kind) <> ''),
    entity_id uuid,
    actor_id uuid references staff_user,
    actor_role text,
    actor_description text,
    occurred_at timestamptz not null default now(),
    action text not null check (btrim(action) <> ''),
    from_state text,
    to_state text,
    reason text,
    details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
    prev_hash bytea,
    hash bytea,
    constraint audit_event_has_actor check (actor_id is not null or btrim(coalesce(actor_description, '')) <> '')
);
comment on table audit_event is 'Append-only record of every change and sign-in. Ordered by audit_event_id. Never write personal data into details.';
comment on column audit_event.case_id is 'The case concerned; null for events outside a case (e.g. sign-in).';
comment on column audit_event.entity_kind is 'Kind of record changed, e.g. case_record, allegation, staff_user, session.';
comment on column audit_event.actor_id is 'The staff user who acted; null when the actor is not a staff user (then actor_description says who, e.g. ''complainant'', ''system'').';
comment on column audit_event.actor_role is 'The actor''s role at the time (staff_role value, or ''complainant'', ''system'').';
comment on column audit_event.action is 'What was done, e.g. record, refer, decide_referral, sign_in.';
comment on column audit_event.from_state is 'Stage before the action, when it moved a state machine.';
comment on column audit_event.to_state is 'Stage after the action.';
comment on column audit_event.prev_hash is 'Hash of the previous event (hash chain; filled by a later migration''s trigger).';

create index audit_event_case_idx on audit_event (case_id, audit_event_id);
create index audit_event_entity_idx on audit_event (entity_kind, entity_id, audit_event_id);
create index audit_event_actor_idx on audit_event (actor_id, audit_event_id) where actor_id is not null;
create index audit_event_occurred_idx on audit_event (occurred_at);
