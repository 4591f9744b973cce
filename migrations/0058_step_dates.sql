-- Steps are dated when they happened, not when they were entered.
--
-- The application checks the date a step happened (workflow::dating): not later than today,
-- not earlier than the step before it. The database keeps the second copy of that rule on
-- the case: `last_step_on` is the date of the case's latest step, and may only move forward
-- and never past today. The audit event of a step carries the date in its details
-- (`details ->> 'on'`, covered by the event's hash); `step_date` reads it, falling back to
-- the day the event was written for events that have none.

alter table case_record add column last_step_on date;

comment on column case_record.last_step_on is
    'Date the latest step on the case happened (as given by the user, default the day entered); a new step may not be dated earlier.';

update case_record c set last_step_on = greatest(
    c.received_on, c.logged_on, c.recorded_on, c.outcome_notified_on, c.review_right_notified_on,
    c.closed_on,
    (select max(greatest(r.referred_on, r.decided_on)) from referral r where r.case_id = c.case_id),
    (select max(greatest(i.started_on, i.report_submitted_on)) from investigation i
      where i.case_id = c.case_id));

create function case_step_dated_in_order() returns trigger
language plpgsql as $$
begin
    if new.last_step_on is distinct from old.last_step_on then
        if new.last_step_on > (now() at time zone 'Europe/London')::date then
            raise exception 'a step cannot be dated later than today (%)', new.last_step_on
                using errcode = 'check_violation', constraint = 'case_step_not_in_future';
        end if;
        if new.last_step_on < old.last_step_on or new.last_step_on is null then
            raise exception 'a step cannot be dated % when the case''s last step was on %',
                new.last_step_on, old.last_step_on
                using errcode = 'check_violation', constraint = 'case_step_dated_in_order';
        end if;
    end if;
    return new;
end;
$$;

create trigger case_step_dated_in_order before update of last_step_on on case_record
    for each row execute function case_step_dated_in_order();

create function step_date(details jsonb, occurred_at timestamptz) returns date
language sql stable as $$
    select coalesce((details ->> 'on')::date, (occurred_at at time zone 'Europe/London')::date)
$$;

comment on function step_date(jsonb, timestamptz) is
    'The date an audited step happened: the date given with it, else the day it was entered.';
