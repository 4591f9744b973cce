-- The timeliness dashboard (src/db/timeliness.rs) read from one narrow row per open case, kept
-- as each step happens, instead of working out each open case's latest activity, update due
-- and investigation at request time: at 1,000,000 generated cases, England and Wales's
-- dashboard ran past the 30-second statement timeout that way.
--
-- case_timeliness holds, for every open case, exactly what the dashboard's figures read,
-- computed by the definitions of migration 0090 (case_last_activity_on, case_update_due,
-- case_investigation_since, case_awaits_investigator), which the cases list's filters behind
-- each figure still read: so a figure and the list it links to count the same cases. The
-- definitions are written once, in the view case_timeliness_source; timeliness_refresh(cases)
-- brings some cases' rows into line with it, and statement-level triggers on every table a
-- column comes from call it for the cases a statement touched. Nothing here depends on the
-- day: the dashboard compares the dates with today when it counts.

create view case_timeliness_source as
select c.case_id,
       c.force_id,
       c.received_on,
       c.assigned_to is null as unassigned,
       case_awaits_investigator(c.case_id) as awaits_investigator,
       case_last_activity_on(c.case_id) as active_on,
       case when clock_runs_at('complainant_update', c.stage)
            then case_update_due(c.case_id) end as update_due,
       case when clock_runs_at('investigation_progress_notice', c.stage)
            then case_investigation_since(c.case_id) end as investigating_since
from case_record c
where case_stage_open(c.stage);

create table case_timeliness (
    case_id uuid primary key references case_record on delete cascade,
    force_id uuid not null,
    received_on date not null,
    unassigned boolean not null,
    awaits_investigator boolean not null,
    active_on date,
    update_due date,
    investigating_since date
);

create index case_timeliness_force_idx on case_timeliness (force_id);

comment on table case_timeliness is
    'What the timeliness dashboard counts of each open case (view case_timeliness_source), kept by timeliness_refresh in the transaction of each change. Written only by the database.';

create function timeliness_refresh(p_cases uuid[]) returns void
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    if cardinality(p_cases) = 0 then
        return;
    end if;
    delete from case_timeliness t
     where t.case_id = any(p_cases)
       and not exists (select 1 from case_timeliness_source v where v.case_id = t.case_id);
    insert into case_timeliness
    select * from case_timeliness_source v where v.case_id = any(p_cases)
    on conflict (case_id) do update set
        force_id = excluded.force_id, received_on = excluded.received_on,
        unassigned = excluded.unassigned, awaits_investigator = excluded.awaits_investigator,
        active_on = excluded.active_on, update_due = excluded.update_due,
        investigating_since = excluded.investigating_since
    where (case_timeliness.*) is distinct from (excluded.*);
end;
$$;

-- The tables with a case_id whose rows a column reads: a step's audit event (the latest
-- activity), a contact logged or a complainant's consent (the update due), an investigation
-- (the 12-month clock and its investigator).
create function timeliness_changed_rows() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform timeliness_refresh(array(select distinct case_id from new_rows where case_id is not null));
    elsif tg_op = 'DELETE' then
        perform timeliness_refresh(array(select distinct case_id from old_rows));
    else
        perform timeliness_refresh(array(select case_id from old_rows union select case_id from new_rows));
    end if;
    return null;
end;
$$;

create trigger audit_event_timeliness_insert after insert on audit_event
    referencing new table as new_rows for each statement execute function timeliness_changed_rows();

do $$
declare
    t text;
begin
    foreach t in array array['contact_log_entry', 'case_complainant', 'investigation'] loop
        execute format('create trigger %1$s_timeliness_insert after insert on %1$s
                          referencing new table as new_rows for each statement
                          execute function timeliness_changed_rows()', t);
        execute format('create trigger %1$s_timeliness_update after update on %1$s
                          referencing old table as old_rows new table as new_rows for each statement
                          execute function timeliness_changed_rows()', t);
        execute format('create trigger %1$s_timeliness_delete after delete on %1$s
                          referencing old table as old_rows for each statement
                          execute function timeliness_changed_rows()', t);
    end loop;
end;
$$;

-- A case: new, or changed in a column a row reads.
create function case_record_timeliness_changed() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform timeliness_refresh(array(select case_id from new_rows));
    else
        perform timeliness_refresh(array(
            select n.case_id from new_rows n join old_rows o on o.case_id = n.case_id
             where (n.stage, n.force_id, n.received_on, n.logged_on, n.recorded_on, n.assigned_to, n.created_at)
                   is distinct from
                   (o.stage, o.force_id, o.received_on, o.logged_on, o.recorded_on, o.assigned_to, o.created_at)));
    end if;
    return null;
end;
$$;

create trigger case_record_timeliness_insert after insert on case_record
    referencing new table as new_rows for each statement execute function case_record_timeliness_changed();
create trigger case_record_timeliness_update after update on case_record
    referencing old table as old_rows new table as new_rows for each statement execute function case_record_timeliness_changed();

-- Read in the scope of its case, like every table of case data; written only by the database.
alter table case_timeliness enable row level security;
create policy scoped_read on case_timeliness for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = case_timeliness.case_id));

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'oversight_app') then
        revoke insert, update, delete, truncate on case_timeliness from oversight_app;
    end if;
end;
$$;

insert into case_timeliness select * from case_timeliness_source;
