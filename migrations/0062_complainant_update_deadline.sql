-- The cases list's next deadline now includes the update owed to the complainant (or to an
-- interested person who consented): 4 weeks after handling started (the day recorded, else
-- logged, else received), or after the latest contact logged since then, while the clock runs
-- (CMR 2020 reg 34(2)(a); clock_runs_at, migration 0053). workflow::clocks::LISTED names it,
-- and the integration test clocks.rs compares this function with
-- workflow::clocks::next_listed_deadline for every demo case.
--
-- The other two arms are those of migration 0053, unchanged. Run as its owner, as migration
-- 0055 made it (create or replace resets the attributes, so they are given again).
create or replace function case_next_deadline(p_case_id uuid) returns date
language sql stable security definer set search_path = pg_catalog, public as $$
    select min(d.due)
    from (
        select coalesce(r.extended_to, r.response_due_on) as due
        from recommendation r
        where r.case_id = p_case_id and r.stage = 'made'
        union all
        select (select (i.started_on + make_interval(months => 12 + 6 * n))::date
                  from generate_series(0, 100) n
                 where (i.started_on + make_interval(months => 12 + 6 * n))::date
                       > coalesce((select max(x.sent_on) from investigation_notice x
                                    where x.investigation_id = i.investigation_id), '-infinity'::date)
                 order by n
                 limit 1)
        from investigation i
        join case_record c on c.case_id = i.case_id
        where i.case_id = p_case_id and i.report_submitted_on is null
          and clock_runs_at('investigation_progress_notice', c.stage)
        union all
        select coalesce((select max(x.contacted_on) from contact_log_entry x
                          where x.case_id = c.case_id and x.contacted_on >= h.started_on),
                        h.started_on) + 28
        from case_record c
        cross join lateral (select coalesce(c.recorded_on, c.logged_on, c.received_on) as started_on) h
        where c.case_id = p_case_id
          and clock_runs_at('complainant_update', c.stage)
          and exists (select 1 from case_complainant cc
                       where cc.case_id = c.case_id
                         and (cc.role = 'complainant' or cc.consent_given))
    ) d
$$;

-- My work's queue of updates due reads the same rule for every kind of case with someone to
-- keep informed (an interested person of a conduct or DSI matter too), not complaints alone:
-- the force's cases where the clock runs.
create index case_record_update_clock_idx on case_record (force_id, case_id)
    where clock_runs_at('complainant_update', stage);
