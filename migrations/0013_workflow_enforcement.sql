-- The database enforces the workflow a second time, keeps the audit trail append-only and
-- chains its events by hash.
--
-- workflow_transition mirrors the Rust transition tables (src/workflow). Its rows are written
-- at start-up from those tables by the migration owner (db::workflow::sync_transitions), and a
-- test fails if the two differ. A trigger on each table with a stage refuses any change of
-- stage that no row allows, so hand-written SQL cannot put a record where the law does not.
-- Rows may be inserted at any stage (imports and demo histories start part-way through).

create table workflow_transition (
    machine text not null check (machine in ('case', 'subject', 'review', 'recommendation')),
    from_state text not null,
    action text not null,
    to_state text not null,
    legal_source text not null,
    primary key (machine, from_state, action, to_state)
);
create index workflow_transition_edge_idx on workflow_transition (machine, from_state, to_state);

create function enforce_workflow_transition() returns trigger
language plpgsql as $$
begin
    if new.stage is distinct from old.stage and not exists (
        select 1 from workflow_transition t
         where t.machine = tg_argv[0]
           and t.from_state = old.stage::text
           and t.to_state = new.stage::text
    ) then
        raise exception 'the % workflow does not allow a move from % to %', tg_argv[0], old.stage, new.stage
            using errcode = 'check_violation', constraint = 'workflow_transition_allowed';
    end if;
    return new;
end;
$$;

create trigger case_record_workflow before update of stage on case_record
    for each row execute function enforce_workflow_transition('case');
create trigger case_subject_workflow before update of stage on case_subject
    for each row execute function enforce_workflow_transition('subject');
create trigger review_workflow before update of stage on review
    for each row execute function enforce_workflow_transition('review');
create trigger recommendation_workflow before update of stage on recommendation
    for each row execute function enforce_workflow_transition('recommendation');

-- Facts the workflow's guards read that the case did not yet hold (Sch 3 paras 2, 4, 6;
-- CMR reg 32). Set by the force at logging and recording; false until said otherwise.
alter table case_record
    add column complainant_wants_recording boolean not null default false,
    add column must_be_recorded boolean not null default false,
    add column must_be_investigated boolean not null default false,
    add column aa_is_lpb boolean not null default false,
    add column concerns_senior_officer boolean not null default false,
    add column could_justify_proceedings boolean not null default false;

-- Mandatory-referral grounds identified on a case before (or without) a referral.
create table case_referral_ground (
    case_id uuid not null references case_record,
    ground_code text not null references referral_ground,
    created_at timestamptz not null default now(),
    primary key (case_id, ground_code)
);

-- ---------------------------------------------------------------------------------------------
-- The audit trail: append-only and hash-chained per case.
--
-- Each event's hash covers its content and the hash of the previous event of the same chain
-- (the same case; events with no case form one chain of their own). The content is a JSON
-- array, so the encoding is unambiguous; jsonb prints keys in a fixed order. One function
-- computes it for the trigger and for `oversight verify-audit`, so they cannot disagree.
-- ---------------------------------------------------------------------------------------------
create function audit_event_content(e audit_event) returns bytea
language sql immutable as $$
    select convert_to(jsonb_build_array(
        e.audit_event_id, e.case_id, e.entity_kind, e.entity_id, e.actor_id, e.actor_role,
        e.actor_description, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.action, e.from_state, e.to_state, e.reason, e.details
    )::text, 'UTF8')
$$;

create function audit_event_digest(prev bytea, e audit_event) returns bytea
language sql immutable as $$
    select sha256(coalesce(prev, '\x'::bytea) || audit_event_content(e))
$$;

create function audit_event_chain() returns trigger
language plpgsql as $$
begin
    -- One writer per chain at a time, so two events never claim the same predecessor.
    perform pg_advisory_xact_lock(hashtextextended(coalesce(new.case_id::text, 'no case'), 7));
    select a.hash into new.prev_hash
      from audit_event a
     where a.case_id is not distinct from new.case_id
     order by a.audit_event_id desc
     limit 1;
    new.hash := audit_event_digest(new.prev_hash, new);
    return new;
end;
$$;

create trigger audit_event_chain before insert on audit_event
    for each row execute function audit_event_chain();

create function audit_event_refuse_change() returns trigger
language plpgsql as $$
begin
    raise exception 'the audit trail is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_no_update_or_delete before update or delete on audit_event
    for each row execute function audit_event_refuse_change();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_refuse_change();

create index audit_event_chain_idx on audit_event (case_id, audit_event_id desc);

-- ---------------------------------------------------------------------------------------------
-- The application's role. The service connects as the migration owner and then acts as
-- oversight_app, which may read and write casework but may only read and append the audit
-- trail and only read the workflow mirror. Where the connecting user may not create roles
-- (a managed database), this is skipped and the triggers above still hold.
-- ---------------------------------------------------------------------------------------------
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'oversight_app') then
        begin
            create role oversight_app nologin;
        exception when insufficient_privilege then
            raise notice 'cannot create the oversight_app role; the service will act as %', current_user;
            return;
        end;
    end if;
    begin
        execute format('grant oversight_app to %I', current_user);
    exception when insufficient_privilege or invalid_grant_operation then
        raise notice 'cannot grant oversight_app to %', current_user;
    end;
    execute format('grant usage on schema %I to oversight_app', current_schema());
    execute format('grant select, insert, update, delete on all tables in schema %I to oversight_app', current_schema());
    execute format('grant usage, select on all sequences in schema %I to oversight_app', current_schema());
    revoke insert, update, delete, truncate on workflow_transition, _sqlx_migrations from oversight_app;
    revoke update, delete, truncate on audit_event from oversight_app;
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to oversight_app', current_schema());
    execute format('alter default privileges in schema %I grant usage, select on sequences to oversight_app', current_schema());
end;
$$;
