-- A case's next deadline, defined once for every query that shows or sorts by it: the
-- earliest of an unanswered recommendation's response date (the extended date if there is
-- one; Sch 3 para 28B) and the 12-month notice of an open investigation that has not sent it
-- (CMR 2020 reg 13). Null when the case has none.
create function case_next_deadline(p_case_id uuid) returns date
language sql stable as $$
    select min(d.due)
    from (
        select coalesce(r.extended_to, r.response_due_on) as due
        from recommendation r
        where r.case_id = p_case_id and r.response_received_on is null
        union all
        select (i.started_on + interval '12 months')::date
        from investigation i
        where i.case_id = p_case_id and i.report_submitted_on is null
          and not exists (select 1 from investigation_notice n
                          where n.investigation_id = i.investigation_id
                            and n.kind = 'twelve_month')
    ) d
$$;
