-- Which case-level statutory clocks run at which stage: the database's copy of
-- workflow::clocks::runs_at, which a test compares with it for every clock and stage, as the
-- workflow's transitions are compared. My work's queues and the cases list's next deadline
-- read it, so the three agree with the case page.
--
-- A plain SQL expression, immutable: called with a constant clock, the planner inlines it and
-- folds it to a stage list, so the partial index below (whose predicate is folded the same way)
-- serves My work's queue of complainants due an update.
create function clock_runs_at(p_clock text, p_stage case_stage) returns boolean
language sql immutable parallel safe as $$
    select case p_clock
        when 'complainant_update' then p_stage in ('recorded', 'referred', 'referred_back',
                                                   'handled_otherwise', 'under_investigation',
                                                   'investigation_suspended', 'report_received',
                                                   'determinations_made')
        when 'outcome_notification' then p_stage = 'outcome_decided'
        when 'review_application' then p_stage = 'outcome_notified'
        when 'investigation_progress_notice' then p_stage in ('under_investigation',
                                                              'investigation_suspended')
        else false
    end
$$;

drop index case_record_complaint_in_hand_idx;
create index case_record_complaint_in_hand_idx on case_record (force_id, recorded_on, case_id)
    where kind = 'complaint' and clock_runs_at('complainant_update', stage);

-- The cases list's next deadline, redefined to agree with workflow::clocks::next_listed_deadline
-- for every case (a test compares the two row for row). The earliest of:
--   * a recommendation awaiting its response: the extended date if there is one, else the
--     response date (Sch 3 para 28B);
--   * each running investigation's next progress notice: 12 months from the start, then every
--     6 months, the first such date after the last notice sent (CMR 2020 reg 13; PCR 2020
--     reg 19). Month arithmetic clamps to the month's end, as the workflow's does.
create or replace function case_next_deadline(p_case_id uuid) returns date
language sql stable as $$
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
    ) d
$$;
