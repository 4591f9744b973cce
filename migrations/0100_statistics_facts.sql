-- The quarterly return read from summaries the database keeps as each step happens, rather
-- than counted from every case at request time (src/db/statistics.rs says why, with the
-- figures).
--
-- Three layers, each kept by the one below it in the same transaction as the step:
--
-- 1. working_day: every date from 1990 to 2150 with its working-day ordinal (how many working
--    days of England and Wales fall on or before it), so the working days in (a, b] are
--    ordinal(b) - ordinal(a). It is the calendar of workflow::calendar: weekends, Christmas
--    Day, Good Friday and the bank_holiday table. The test statistics_facts.rs compares the
--    two for every day from 2000 to 2100. A change to bank_holiday refills it and rebuilds
--    the summaries, whose working-day sums depend on it.
--
-- 2. case_statistic (one row per complaint) and allegation_statistic (one row per allegation
--    of a complaint): what the return counts of each, with the working days each measure
--    spans already counted. Their definitions are the views case_statistic_source and
--    allegation_statistic_source, written once: statistics_refresh(cases) brings the rows of
--    some cases into line with them, and statement-level triggers on every table a fact
--    comes from call it for the cases a statement touched (a COPY of ten thousand
--    allegations refreshes their cases in one pass).
--
-- 3. The ledgers stat_logged, stat_finalised, stat_category and stat_allegation_finalised:
--    counts and sums by force, day and the dimensions each table of the return groups by,
--    with one more row per key for England and Wales (force_id null), split into territorial
--    forces and the rest. A change to a fact row appends its difference (minus the old row,
--    plus the new) as new ledger rows; nothing updates a ledger row in a step, so two steps
--    never wait for each other or deadlock over a shared count, however many run at once. A
--    reader sums the rows of its period. statistics_compact() (run by the service every few
--    minutes, and after a bulk load) folds the appended rows into one row per key.

-- ---------------------------------------------------------------------------------------------
-- 1. The working-day calendar as ordinals
-- ---------------------------------------------------------------------------------------------

-- Easter Sunday (the anonymous Gregorian algorithm, as workflow::calendar::easter_sunday).
create function easter_sunday(p_year integer) returns date
language sql immutable parallel safe as $$
    select make_date(p_year, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1)
    from (select a, b, c, d, e, h, i, k, l, (a + 11 * h + 22 * l) / 451 as m
          from (select a, b, c, d, e, h, i, k, (32 + 2 * e + 2 * i - h - k) % 7 as l
                from (select a, b, c, d, e, (19 * a + b - d - g + 15) % 30 as h, c / 4 as i, c % 4 as k
                      from (select a, b, c, d, e, (b - f + 1) / 3 as g
                            from (select a, b, c, b / 4 as d, b % 4 as e, (b + 8) / 25 as f
                                  from (select p_year % 19 as a, p_year / 100 as b, p_year % 100 as c) s0) s1) s2) s3) s4) s5
$$;

create table working_day (
    day date primary key,
    ordinal integer not null
);

comment on table working_day is
    'Every date from 1990 to 2150 and the number of working days in England and Wales on or before it (weekends, Christmas Day, Good Friday and bank_holiday excluded): working days in (a, b] = ordinal(b) - ordinal(a). Refilled when bank_holiday changes.';

create function working_day_fill() returns void
language sql as $$
    delete from working_day;
    insert into working_day (day, ordinal)
    select d, sum(case when working then 1 else 0 end) over (order by d)
    from (select g::date as d,
                 extract(isodow from g) < 6
                 and not (extract(month from g) = 12 and extract(day from g) = 25)
                 and g::date <> easter_sunday(extract(year from g)::int) - 2
                 and not exists (select 1 from bank_holiday b where b.holiday_on = g::date) as working
          from generate_series(date '1990-01-01', date '2150-12-31', interval '1 day') g) days;
$$;

select working_day_fill();

-- Working days in (from, to], never below 0 (a span that runs backwards counts as none);
-- null when either date is missing or outside the table.
create function working_days_spent(p_from date, p_to date) returns integer
language sql stable parallel safe as $$
    select greatest(0, t.ordinal - f.ordinal)
    from working_day f, working_day t
    where f.day = p_from and t.day = p_to
$$;

-- ---------------------------------------------------------------------------------------------
-- 2. The facts of each complaint and allegation
-- ---------------------------------------------------------------------------------------------

-- What the return counts of a complaint. The rules are those of workflow::statistics, which
-- the page shows beside each measure: receipt to logging and logging to first contact in
-- working days, at least 0 (a contact logged before the case was logged counts as made the
-- day it was logged); working days from receipt to finalisation, including and excluding the
-- working days any of its investigations was suspended within that span (an open suspension
-- runs to finalisation; overlapping suspensions count once).
create view case_statistic_source as
select c.case_id,
       c.force_id,
       (f.kind = 'territorial' and f.active) as territorial,
       c.received_on,
       c.logged_on,
       c.schedule3 is true as schedule3,
       c.recording_reason,
       (select count(*) from allegation a where a.case_id = c.case_id)::integer as allegations,
       working_days_spent(c.received_on, c.logged_on) as receipt_days,
       working_days_spent(c.logged_on, (select min(e.contacted_on) from contact_log_entry e
                                         where e.case_id = c.case_id)) as contact_days,
       c.finalised_on,
       working_days_spent(c.received_on, c.finalised_on) as finalise_days,
       case when c.finalised_on is not null then
       greatest(0, working_days_spent(c.received_on, c.finalised_on)
                   - (select count(distinct o)::integer
                        from investigation i
                        join investigation_suspension s on s.investigation_id = i.investigation_id
                        cross join lateral generate_series(
                            (select w.ordinal + 1 from working_day w
                              where w.day = greatest(s.started_on, c.received_on)),
                            (select w.ordinal from working_day w
                              where w.day = least(coalesce(s.ended_on, c.finalised_on), c.finalised_on))) o
                       where i.case_id = c.case_id)) end as finalise_days_excluding
from case_record c
join police_force f on f.police_force_id = c.force_id
where c.kind = 'complaint';

create table case_statistic (
    case_id uuid primary key references case_record on delete cascade,
    force_id uuid not null,
    territorial boolean not null,
    received_on date not null,
    logged_on date,
    schedule3 boolean not null,
    recording_reason recording_reason,
    allegations integer not null,
    receipt_days integer,
    contact_days integer,
    finalised_on date,
    finalise_days integer,
    finalise_days_excluding integer
);

comment on table case_statistic is
    'What the quarterly return counts of each complaint (view case_statistic_source), kept by statistics_refresh in the transaction of each change. Written only by the database.';

-- What the return counts of an allegation of a complaint: its category, and, once the case is
-- finalised, how it was handled, whether a subject of it is under the special procedures
-- (para 19A), and its outcome. first_of_category marks one allegation per case and top-level
-- category, so that summing it counts cases (the public bulletin's rule on small numbers).
create view allegation_statistic_source as
select a.allegation_id,
       a.case_id,
       c.force_id,
       (f.kind = 'territorial' and f.active) as territorial,
       c.logged_on,
       c.finalised_on,
       c.schedule3 is true as schedule3,
       a.category_code,
       a.subcategory_code,
       not exists (select 1 from allegation b
                    where b.case_id = a.case_id and b.category_code = a.category_code
                      and b.allegation_id < a.allegation_id) as first_of_category,
       a.handling_type,
       exists (select 1 from allegation_subject x
                 join case_subject cs on cs.case_subject_id = x.case_subject_id
                where x.allegation_id = a.allegation_id and cs.special_procedures) as special_procedures,
       a.outcome
from allegation a
join case_record c on c.case_id = a.case_id
join police_force f on f.police_force_id = c.force_id
where c.kind = 'complaint';

create table allegation_statistic (
    allegation_id uuid primary key references allegation on delete cascade,
    case_id uuid not null,
    force_id uuid not null,
    territorial boolean not null,
    logged_on date,
    finalised_on date,
    schedule3 boolean not null,
    category_code text not null,
    subcategory_code text,
    first_of_category boolean not null,
    handling_type handling_type,
    special_procedures boolean not null,
    outcome allegation_outcome
);

create index allegation_statistic_case_idx on allegation_statistic (case_id);

comment on table allegation_statistic is
    'What the quarterly return counts of each allegation of a complaint (view allegation_statistic_source), kept by statistics_refresh in the transaction of each change. Written only by the database.';

-- ---------------------------------------------------------------------------------------------
-- 3. The ledgers
-- ---------------------------------------------------------------------------------------------

-- Complaints by the day they were logged.
create table stat_logged (
    force_id uuid,
    territorial boolean not null,
    logged_on date not null,
    schedule3 boolean not null,
    recording_reason recording_reason,
    cases bigint not null,
    allegations bigint not null,
    receipt_days bigint not null,
    contacted bigint not null,
    contact_days bigint not null,
    compacted boolean not null default false
);
create index stat_logged_read_idx on stat_logged (force_id, logged_on);
create unique index stat_logged_key on stat_logged (force_id, territorial, logged_on, schedule3, recording_reason)
    nulls not distinct where compacted;

-- Complaints by the day they were finalised.
create table stat_finalised (
    force_id uuid,
    territorial boolean not null,
    finalised_on date not null,
    schedule3 boolean not null,
    cases bigint not null,
    days bigint not null,
    days_excluding bigint not null,
    compacted boolean not null default false
);
create index stat_finalised_read_idx on stat_finalised (force_id, finalised_on);
create unique index stat_finalised_key on stat_finalised (force_id, territorial, finalised_on, schedule3)
    nulls not distinct where compacted;

-- Allegations by the day their complaint was logged, and category.
create table stat_category (
    force_id uuid,
    territorial boolean not null,
    logged_on date not null,
    category_code text not null,
    subcategory_code text,
    allegations bigint not null,
    cases bigint not null,
    compacted boolean not null default false
);
create index stat_category_read_idx on stat_category (force_id, logged_on);
create unique index stat_category_key on stat_category (force_id, territorial, logged_on, category_code, subcategory_code)
    nulls not distinct where compacted;

-- Allegations by the day their complaint was finalised, handling and outcome.
create table stat_allegation_finalised (
    force_id uuid,
    territorial boolean not null,
    finalised_on date not null,
    schedule3 boolean not null,
    handling_type handling_type,
    special_procedures boolean not null,
    outcome allegation_outcome,
    allegations bigint not null,
    compacted boolean not null default false
);
create index stat_allegation_finalised_read_idx on stat_allegation_finalised (force_id, finalised_on);
create unique index stat_allegation_finalised_key on stat_allegation_finalised
    (force_id, territorial, finalised_on, schedule3, handling_type, special_procedures, outcome)
    nulls not distinct where compacted;

-- Whether the ledgers are being rebuilt: the posting triggers then leave them alone.
create function statistics_rebuilding() returns boolean
language sql stable as $$
    select coalesce(current_setting('oversight.statistics_rebuilding', true), '') = 'on'
$$;

-- Appends the difference between some complaints' old and new facts to the ledgers, for each
-- force and for England and Wales. Keys whose difference is nothing get no row.
create function statistics_post_cases(p_old case_statistic[], p_new case_statistic[]) returns void
language sql as $$
    insert into stat_logged (force_id, territorial, logged_on, schedule3, recording_reason,
                             cases, allegations, receipt_days, contacted, contact_days)
    select k.force_id, d.territorial, d.logged_on, d.schedule3, d.recording_reason,
           sum(d.sign), sum(d.sign * d.allegations), sum(d.sign * coalesce(d.receipt_days, 0)),
           coalesce(sum(d.sign) filter (where d.contact_days is not null), 0),
           sum(d.sign * coalesce(d.contact_days, 0))
    from (select -1 as sign, o.* from unnest(p_old) o
          union all select 1, n.* from unnest(p_new) n) d
    cross join lateral (values (d.force_id), (null::uuid)) k (force_id)
    where d.logged_on is not null
    group by 1, 2, 3, 4, 5
    having sum(d.sign) <> 0 or sum(d.sign * d.allegations) <> 0
        or sum(d.sign * coalesce(d.receipt_days, 0)) <> 0
        or coalesce(sum(d.sign) filter (where d.contact_days is not null), 0) <> 0
        or sum(d.sign * coalesce(d.contact_days, 0)) <> 0;

    insert into stat_finalised (force_id, territorial, finalised_on, schedule3, cases, days, days_excluding)
    select k.force_id, d.territorial, d.finalised_on, d.schedule3,
           sum(d.sign), sum(d.sign * coalesce(d.finalise_days, 0)),
           sum(d.sign * coalesce(d.finalise_days_excluding, 0))
    from (select -1 as sign, o.* from unnest(p_old) o
          union all select 1, n.* from unnest(p_new) n) d
    cross join lateral (values (d.force_id), (null::uuid)) k (force_id)
    where d.finalised_on is not null
    group by 1, 2, 3, 4
    having sum(d.sign) <> 0 or sum(d.sign * coalesce(d.finalise_days, 0)) <> 0
        or sum(d.sign * coalesce(d.finalise_days_excluding, 0)) <> 0;
$$;

create function statistics_post_allegations(p_old allegation_statistic[], p_new allegation_statistic[]) returns void
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
$$;

-- The posting triggers: one function per fact table, for inserts, updates and deletes (a
-- trigger with transition tables serves one event; the function reads the tables its event
-- has). Run as the owner, since a case's facts are also deleted by the cascade of a step's
-- own delete.
create function case_statistic_posted() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    o case_statistic[] := '{}';
    n case_statistic[] := '{}';
begin
    if statistics_rebuilding() then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        select coalesce(array_agg(x), '{}') into o from old_rows x;
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        select coalesce(array_agg(x), '{}') into n from new_rows x;
    end if;
    perform statistics_post_cases(o, n);
    return null;
end;
$$;

create trigger case_statistic_posted_insert after insert on case_statistic
    referencing new table as new_rows for each statement execute function case_statistic_posted();
create trigger case_statistic_posted_update after update on case_statistic
    referencing old table as old_rows new table as new_rows for each statement execute function case_statistic_posted();
create trigger case_statistic_posted_delete after delete on case_statistic
    referencing old table as old_rows for each statement execute function case_statistic_posted();

create function allegation_statistic_posted() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    o allegation_statistic[] := '{}';
    n allegation_statistic[] := '{}';
begin
    if statistics_rebuilding() then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        select coalesce(array_agg(x), '{}') into o from old_rows x;
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        select coalesce(array_agg(x), '{}') into n from new_rows x;
    end if;
    perform statistics_post_allegations(o, n);
    return null;
end;
$$;

create trigger allegation_statistic_posted_insert after insert on allegation_statistic
    referencing new table as new_rows for each statement execute function allegation_statistic_posted();
create trigger allegation_statistic_posted_update after update on allegation_statistic
    referencing old table as old_rows new table as new_rows for each statement execute function allegation_statistic_posted();
create trigger allegation_statistic_posted_delete after delete on allegation_statistic
    referencing old table as old_rows for each statement execute function allegation_statistic_posted();

-- Brings the facts of some cases into line with their definitions; a row that has not changed
-- is not written, so it posts nothing. Run as the owner: the caller's scope must not hide a
-- fact's sources from it.
create function statistics_refresh(p_cases uuid[]) returns void
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    if cardinality(p_cases) = 0 or statistics_rebuilding() then
        return;
    end if;
    delete from case_statistic s
     where s.case_id = any(p_cases)
       and not exists (select 1 from case_statistic_source v where v.case_id = s.case_id);
    insert into case_statistic
    select * from case_statistic_source v where v.case_id = any(p_cases)
    on conflict (case_id) do update set
        force_id = excluded.force_id, territorial = excluded.territorial,
        received_on = excluded.received_on, logged_on = excluded.logged_on,
        schedule3 = excluded.schedule3, recording_reason = excluded.recording_reason,
        allegations = excluded.allegations, receipt_days = excluded.receipt_days,
        contact_days = excluded.contact_days, finalised_on = excluded.finalised_on,
        finalise_days = excluded.finalise_days, finalise_days_excluding = excluded.finalise_days_excluding
    where (case_statistic.*) is distinct from (excluded.*);

    delete from allegation_statistic s
     where s.case_id = any(p_cases)
       and not exists (select 1 from allegation_statistic_source v
                        where v.allegation_id = s.allegation_id and v.case_id = s.case_id);
    insert into allegation_statistic
    select * from allegation_statistic_source v where v.case_id = any(p_cases)
    on conflict (allegation_id) do update set
        case_id = excluded.case_id, force_id = excluded.force_id, territorial = excluded.territorial,
        logged_on = excluded.logged_on, finalised_on = excluded.finalised_on,
        schedule3 = excluded.schedule3, category_code = excluded.category_code,
        subcategory_code = excluded.subcategory_code, first_of_category = excluded.first_of_category,
        handling_type = excluded.handling_type, special_procedures = excluded.special_procedures,
        outcome = excluded.outcome
    where (allegation_statistic.*) is distinct from (excluded.*);
end;
$$;

-- The triggers on every table a fact comes from. Each refreshes the cases its statement
-- touched.
create function statistics_changed_rows() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform statistics_refresh(array(select distinct case_id from new_rows));
    elsif tg_op = 'DELETE' then
        perform statistics_refresh(array(select distinct case_id from old_rows));
    else
        perform statistics_refresh(array(select case_id from old_rows union select case_id from new_rows));
    end if;
    return null;
end;
$$;

do $$
declare
    t text;
begin
    foreach t in array array['allegation', 'allegation_subject', 'case_subject', 'contact_log_entry'] loop
        execute format('create trigger %1$s_statistics_insert after insert on %1$s
                          referencing new table as new_rows for each statement
                          execute function statistics_changed_rows()', t);
        execute format('create trigger %1$s_statistics_update after update on %1$s
                          referencing old table as old_rows new table as new_rows for each statement
                          execute function statistics_changed_rows()', t);
        execute format('create trigger %1$s_statistics_delete after delete on %1$s
                          referencing old table as old_rows for each statement
                          execute function statistics_changed_rows()', t);
    end loop;
end;
$$;

-- A case: new, or changed in a column a fact reads (most steps change none of them). A
-- deleted case's facts go with it (on delete cascade).
create function case_record_statistics_changed() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform statistics_refresh(array(select case_id from new_rows where kind = 'complaint'));
    else
        perform statistics_refresh(array(
            select n.case_id from new_rows n join old_rows o on o.case_id = n.case_id
             where (n.kind, n.force_id, n.received_on, n.logged_on, n.schedule3, n.recording_reason, n.finalised_on)
                   is distinct from
                   (o.kind, o.force_id, o.received_on, o.logged_on, o.schedule3, o.recording_reason, o.finalised_on)));
    end if;
    return null;
end;
$$;

create trigger case_record_statistics_insert after insert on case_record
    referencing new table as new_rows for each statement execute function case_record_statistics_changed();
create trigger case_record_statistics_update after update on case_record
    referencing old table as old_rows new table as new_rows for each statement execute function case_record_statistics_changed();

-- A suspension belongs to a case through its investigation.
create function investigation_suspension_statistics_changed() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform statistics_refresh(array(
            select distinct i.case_id from new_rows s join investigation i using (investigation_id)));
    elsif tg_op = 'DELETE' then
        perform statistics_refresh(array(
            select distinct i.case_id from old_rows s join investigation i using (investigation_id)));
    else
        perform statistics_refresh(array(
            select i.case_id from old_rows s join investigation i using (investigation_id)
            union
            select i.case_id from new_rows s join investigation i using (investigation_id)));
    end if;
    return null;
end;
$$;

create trigger investigation_suspension_statistics_insert after insert on investigation_suspension
    referencing new table as new_rows for each statement execute function investigation_suspension_statistics_changed();
create trigger investigation_suspension_statistics_update after update on investigation_suspension
    referencing old table as old_rows new table as new_rows for each statement execute function investigation_suspension_statistics_changed();
create trigger investigation_suspension_statistics_delete after delete on investigation_suspension
    referencing old table as old_rows for each statement execute function investigation_suspension_statistics_changed();

-- ---------------------------------------------------------------------------------------------
-- Compaction and rebuilding
-- ---------------------------------------------------------------------------------------------

-- Folds the rows appended since the last compaction into one row per key, and drops keys that
-- count nothing. One compaction at a time (the others return at once); steps go on appending
-- meanwhile, and a reader sees the ledgers before or after, never half-way.
create function statistics_compact() returns void
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
end;
$$;

-- Recomputes every fact and ledger from the cases: at this migration, and when what every
-- fact depends on changes (the bank holidays, or whether a force counts as territorial). It
-- locks the fact tables and ledgers until it commits.
create function statistics_rebuild() returns void
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    perform set_config('oversight.statistics_rebuilding', 'on', true);
    truncate case_statistic, allegation_statistic, stat_logged, stat_finalised, stat_category,
             stat_allegation_finalised;
    insert into case_statistic select * from case_statistic_source;
    insert into allegation_statistic select * from allegation_statistic_source;
    perform set_config('oversight.statistics_rebuilding', '', true);
    perform statistics_post_cases('{}', array(select s from case_statistic s));
    perform statistics_post_allegations('{}', array(select s from allegation_statistic s));
    perform statistics_compact();
end;
$$;

revoke execute on function statistics_rebuild() from public;

create function bank_holiday_statistics_changed() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    perform working_day_fill();
    perform statistics_rebuild();
    return null;
end;
$$;

create trigger bank_holiday_statistics_changed after insert or update or delete or truncate on bank_holiday
    for each statement execute function bank_holiday_statistics_changed();

create function police_force_statistics_changed() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
begin
    if exists (select 1 from old_rows o join new_rows n using (police_force_id)
                where (o.kind = 'territorial' and o.active) is distinct from (n.kind = 'territorial' and n.active)) then
        perform statistics_rebuild();
    end if;
    return null;
end;
$$;

create trigger police_force_statistics_changed after update on police_force
    referencing old table as old_rows new table as new_rows for each statement
    execute function police_force_statistics_changed();

-- ---------------------------------------------------------------------------------------------
-- Who may read and write them
-- ---------------------------------------------------------------------------------------------

-- Only the database writes facts and ledgers; the application reads the ledgers, each row in
-- the scope of its force (England and Wales rows only in a scope that sees every case).
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'oversight_app') then
        revoke all on working_day, case_statistic, allegation_statistic from oversight_app;
        grant select on working_day to oversight_app;
        revoke insert, update, delete, truncate on stat_logged, stat_finalised, stat_category,
            stat_allegation_finalised from oversight_app;
    end if;
end;
$$;

-- The facts of each case are case data like any other: should a reading grant ever be given,
-- they are seen in the scope of their case.
alter table case_statistic enable row level security;
create policy scoped_read on case_statistic for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = case_statistic.case_id));
alter table allegation_statistic enable row level security;
create policy scoped_read on allegation_statistic for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = allegation_statistic.case_id));

create function statistic_in_scope(p_force_id uuid) returns boolean
language sql stable parallel safe as $$
    select scope_sees_all()
        or (p_force_id is not null and not scope_nothing()
            and (scope_force() is null or p_force_id = scope_force())
            and (scope_lpb() is null
                 or exists (select 1 from police_force f
                             where f.police_force_id = p_force_id and f.local_policing_body_id = scope_lpb())))
$$;

do $$
declare
    t text;
begin
    foreach t in array array['stat_logged', 'stat_finalised', 'stat_category', 'stat_allegation_finalised'] loop
        execute format('alter table %s enable row level security', t);
        execute format('create policy scoped_read on %s for select using (statistic_in_scope(force_id))', t);
    end loop;
end;
$$;

select statistics_rebuild();
