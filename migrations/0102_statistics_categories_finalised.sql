-- The return's allegations finalised by category and sub-category, investigated or not: one
-- more ledger, kept like those of migration 0100. And a rebuild that posts one force at a
-- time, so that rebuilding a large database never gathers every fact into one array.

create table stat_category_finalised (
    force_id uuid,
    territorial boolean not null,
    finalised_on date not null,
    category_code text not null,
    subcategory_code text,
    -- Handled by a local, directed or independent investigation.
    investigated boolean not null,
    allegations bigint not null,
    compacted boolean not null default false
);
create index stat_category_finalised_read_idx on stat_category_finalised (force_id, finalised_on);
create unique index stat_category_finalised_key on stat_category_finalised
    (force_id, territorial, finalised_on, category_code, subcategory_code, investigated)
    nulls not distinct where compacted;

alter table stat_category_finalised enable row level security;
create policy scoped_read on stat_category_finalised for select using (statistic_in_scope(force_id));

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'oversight_app') then
        revoke insert, update, delete, truncate on stat_category_finalised from oversight_app;
    end if;
end;
$$;

create or replace function statistics_post_allegations(p_old allegation_statistic[], p_new allegation_statistic[]) returns void
language sql as $$
    insert into stat_category (force_id, territorial, logged_on, category_code, subcategory_code, allegations, cases)
    select k.force_id, d.territorial, d.logged_on, d.category_code, d.subcategory_code,
           sum(d.sign), coalesce(sum(d.sign) filter (where d.first_of_category), 0)
    from (select -1 as sign, o.* from unnest(p_old) o
          union all select 1, n.* from unnest(p_new) n) d
    cross join lateral (values (d.force_id), (null::uuid)) k (force_id)
    where d.logged_on is not null
    group by 1, 2, 3, 4, 5
    having sum(d.sign) <> 0 or coalesce(sum(d.sign) filter (where d.first_of_category), 0) <> 0;

    insert into stat_allegation_finalised (force_id, territorial, finalised_on, schedule3, handling_type,
                                           special_procedures, outcome, allegations)
    select k.force_id, d.territorial, d.finalised_on, d.schedule3, d.handling_type,
           d.special_procedures, d.outcome, sum(d.sign)
    from (select -1 as sign, o.* from unnest(p_old) o
          union all select 1, n.* from unnest(p_new) n) d
    cross join lateral (values (d.force_id), (null::uuid)) k (force_id)
    where d.finalised_on is not null
    group by 1, 2, 3, 4, 5, 6, 7
    having sum(d.sign) <> 0;

    insert into stat_category_finalised (force_id, territorial, finalised_on, category_code, subcategory_code,
                                         investigated, allegations)
    select k.force_id, d.territorial, d.finalised_on, d.category_code, d.subcategory_code,
           coalesce(d.handling_type in ('local_investigation', 'directed_investigation', 'independent_investigation'), false),
           sum(d.sign)
    from (select -1 as sign, o.* from unnest(p_old) o
          union all select 1, n.* from unnest(p_new) n) d
    cross join lateral (values (d.force_id), (null::uuid)) k (force_id)
    where d.finalised_on is not null
    group by 1, 2, 3, 4, 5, 6
    having sum(d.sign) <> 0;
$$;

create or replace function statistics_compact() returns void
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    if not pg_try_advisory_xact_lock(hashtext('oversight.statistics_compact')) then
        return;
    end if;

    with fresh as (delete from stat_logged where not compacted returning *)
    insert into stat_logged (force_id, territorial, logged_on, schedule3, recording_reason,
                             cases, allegations, receipt_days, contacted, contact_days, compacted)
    select force_id, territorial, logged_on, schedule3, recording_reason,
           sum(cases), sum(allegations), sum(receipt_days), sum(contacted), sum(contact_days), true
    from fresh group by 1, 2, 3, 4, 5
    on conflict (force_id, territorial, logged_on, schedule3, recording_reason) where compacted
    do update set cases = stat_logged.cases + excluded.cases,
                  allegations = stat_logged.allegations + excluded.allegations,
                  receipt_days = stat_logged.receipt_days + excluded.receipt_days,
                  contacted = stat_logged.contacted + excluded.contacted,
                  contact_days = stat_logged.contact_days + excluded.contact_days;
    delete from stat_logged
     where compacted and cases = 0 and allegations = 0 and receipt_days = 0 and contacted = 0 and contact_days = 0;

    with fresh as (delete from stat_finalised where not compacted returning *)
    insert into stat_finalised (force_id, territorial, finalised_on, schedule3, cases, days, days_excluding, compacted)
    select force_id, territorial, finalised_on, schedule3, sum(cases), sum(days), sum(days_excluding), true
    from fresh group by 1, 2, 3, 4
    on conflict (force_id, territorial, finalised_on, schedule3) where compacted
    do update set cases = stat_finalised.cases + excluded.cases,
                  days = stat_finalised.days + excluded.days,
                  days_excluding = stat_finalised.days_excluding + excluded.days_excluding;
    delete from stat_finalised where compacted and cases = 0 and days = 0 and days_excluding = 0;

    with fresh as (delete from stat_category where not compacted returning *)
    insert into stat_category (force_id, territorial, logged_on, category_code, subcategory_code,
                               allegations, cases, compacted)
    select force_id, territorial, logged_on, category_code, subcategory_code, sum(allegations), sum(cases), true
    from fresh group by 1, 2, 3, 4, 5
    on conflict (force_id, territorial, logged_on, category_code, subcategory_code) where compacted
    do update set allegations = stat_category.allegations + excluded.allegations,
                  cases = stat_category.cases + excluded.cases;
    delete from stat_category where compacted and allegations = 0 and cases = 0;

    with fresh as (delete from stat_allegation_finalised where not compacted returning *)
    insert into stat_allegation_finalised (force_id, territorial, finalised_on, schedule3, handling_type,
                                           special_procedures, outcome, allegations, compacted)
    select force_id, territorial, finalised_on, schedule3, handling_type, special_procedures, outcome,
           sum(allegations), true
    from fresh group by 1, 2, 3, 4, 5, 6, 7
    on conflict (force_id, territorial, finalised_on, schedule3, handling_type, special_procedures, outcome)
        where compacted
    do update set allegations = stat_allegation_finalised.allegations + excluded.allegations;
    delete from stat_allegation_finalised where compacted and allegations = 0;

    with fresh as (delete from stat_category_finalised where not compacted returning *)
    insert into stat_category_finalised (force_id, territorial, finalised_on, category_code, subcategory_code,
                                         investigated, allegations, compacted)
    select force_id, territorial, finalised_on, category_code, subcategory_code, investigated,
           sum(allegations), true
    from fresh group by 1, 2, 3, 4, 5, 6
    on conflict (force_id, territorial, finalised_on, category_code, subcategory_code, investigated)
        where compacted
    do update set allegations = stat_category_finalised.allegations + excluded.allegations;
    delete from stat_category_finalised where compacted and allegations = 0;
end;
$$;

-- As before, but posting the facts of one force at a time.
create or replace function statistics_rebuild() returns void
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    f uuid;
begin
    perform set_config('oversight.statistics_rebuilding', 'on', true);
    truncate case_statistic, allegation_statistic, stat_logged, stat_finalised, stat_category,
             stat_allegation_finalised, stat_category_finalised;
    insert into case_statistic select * from case_statistic_source;
    insert into allegation_statistic select * from allegation_statistic_source;
    perform set_config('oversight.statistics_rebuilding', '', true);
    for f in select police_force_id from police_force loop
        perform statistics_post_cases('{}', array(select s from case_statistic s where s.force_id = f));
        perform statistics_post_allegations('{}', array(select s from allegation_statistic s where s.force_id = f));
        perform statistics_compact();
    end loop;
end;
$$;

revoke execute on function statistics_rebuild() from public;

select statistics_rebuild();
