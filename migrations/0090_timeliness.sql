-- The timeliness dashboard (src/db/timeliness.rs) and the cases list's filters behind each of
-- its figures (src/db/cases.rs) read the same definitions, written once here, so a figure
-- and the list it links to cannot count differently.

-- A case is open while its stage has a way out: every stage but those of
-- workflow::case::TERMINAL (closed, withdrawn, discontinued, disapplied). The integration
-- test timeliness.rs compares this function with that list for every stage.
create function case_stage_open(p_stage case_stage) returns boolean
language sql immutable parallel safe as $$
    select p_stage not in ('closed', 'withdrawn', 'discontinued', 'disapplied')
$$;

-- The day of the latest activity on a case: the latest event of its audit trail (every step,
-- log entry, note and change is one), by the time it was entered, not the date the step says
-- it happened; a case with no event counts from the day it was entered. Run as the owner, like
-- case_next_deadline (migration 0055), so the audit trail's policy is not evaluated again per
-- row: callers pass only cases their scoped query already chose.
create function case_last_activity_on(p_case_id uuid) returns date
language sql stable security definer set search_path = pg_catalog, public as $$
    select greatest(c.created_at,
                    (select max(a.occurred_at) from audit_event a where a.case_id = c.case_id))::date
    from case_record c
    where c.case_id = p_case_id
$$;

-- The next update owed to the complainant (or to an interested person who consented) while
-- the clock runs: 4 weeks after handling started (recorded, else logged, else received) or
-- after the latest contact logged since (CMR 2020 reg 34(2)(a)); null when it does not run.
-- The same rule as the third arm of case_next_deadline (migration 0062) and
-- workflow::clocks::running, which the integration test timeliness.rs compares it with.
create function case_update_due(p_case_id uuid) returns date
language sql stable security definer set search_path = pg_catalog, public as $$
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
$$;

-- The day the case's earliest open investigation (no report yet) started, while the case is
-- under investigation or suspended (the stages where the 12-month clock runs, CMR 2020
-- reg 13); null otherwise.
create function case_investigation_since(p_case_id uuid) returns date
language sql stable security definer set search_path = pg_catalog, public as $$
    select min(i.started_on)
    from investigation i
    join case_record c on c.case_id = i.case_id
    where i.case_id = p_case_id and i.report_submitted_on is null
      and clock_runs_at('investigation_progress_notice', c.stage)
$$;

-- Whether the case has an open investigation (as above) with no investigator: no account
-- and no name recorded.
create function case_awaits_investigator(p_case_id uuid) returns boolean
language sql stable security definer set search_path = pg_catalog, public as $$
    select exists (
        select 1
        from investigation i
        join case_record c on c.case_id = i.case_id
        where i.case_id = p_case_id and i.report_submitted_on is null
          and clock_runs_at('investigation_progress_notice', c.stage)
          and i.investigator_id is null
          and coalesce(btrim(i.investigator_name), '') = ''
    )
$$;

-- Whether a case received on p_received was received at least p_at_least and less than
-- p_under calendar months before today (no upper limit when p_under is null): the age bands.
create function received_months_ago(p_received date, p_at_least int, p_under int) returns boolean
language sql stable parallel safe as $$
    select p_received <= (current_date - make_interval(months => p_at_least))::date
       and (p_under is null or p_received > (current_date - make_interval(months => p_under))::date)
$$;

-- A force's open cases: every figure of a force's dashboard is counted in one pass over
-- them (the age bands read received_on from the index).
create index case_record_open_force_idx on case_record (force_id, received_on)
    where case_stage_open(stage);

-- The latest activity on a case in one probe, not a walk through its whole audit trail.
create index audit_event_case_occurred_idx on audit_event (case_id, occurred_at)
    where case_id is not null;
