-- The facts the IOPC's quarterly return counts (web::statistics, db::statistics), kept where
-- aggregate queries over indexed columns can read them.
--
-- * case_record.finalised_on: the day a case was first finalised. A trigger sets it when the
--   case first reaches a stage that finalises it: the outcome told to the complainant
--   (CMR 2020 reg 34; a complaint with no further action is finalised when the complainant is
--   told), withdrawal (CMR 2020 reg 38), closure (handling outside Schedule 3 finished, or a
--   conduct or DSI matter closed) or, on legacy cases, discontinuance or disapplication. A
--   case re-opened by an upheld review keeps its first date: it is counted as finalised once
--   (the service's reading; the IOPC's counting rules of January 2022 were not seen, so this
--   is unverified). The application never writes the column.
-- * force_headcount: the number of employees of each force in each financial year, entered by
--   an administrator, for "allegations per 1,000 employees".
-- * Indexes for the return's periods: complaints by logging and finalisation date, each led by the force (a force's return) and one without (England and Wales), and
--   reviews by the dates they were applied for and decided.

alter table case_record add column finalised_on date;

comment on column case_record.finalised_on is
    'Date the case was first finalised (outcome notified, withdrawn, closed, or legacy discontinued or disapplied); set by trigger, never by the application. Statistics count a finalised case in the period of this date.';

-- The stages that finalise a case.
create function case_stage_finalises(p_stage case_stage) returns boolean
language sql immutable parallel safe as $$
    select p_stage in ('outcome_notified', 'withdrawn', 'closed', 'discontinued', 'disapplied')
$$;

comment on function case_stage_finalises(case_stage) is
    'Whether reaching this stage finalises a case for the statistics (outcome notified, withdrawn, closed, discontinued, disapplied).';

create function case_record_set_finalised_on() returns trigger
language plpgsql as $$
begin
    if new.finalised_on is null
       and (case_stage_finalises(new.stage)
            or (tg_op = 'INSERT' and new.outcome_notified_on is not null)) then
        -- The date of the step that finalised it: the outcome letter, the closure, or (for a
        -- withdrawal) the step's own date; a row inserted without them takes its latest date.
        new.finalised_on := case
            when new.outcome_notified_on is not null then new.outcome_notified_on
            when new.stage = 'closed' and new.closed_on is not null then new.closed_on
            else coalesce(new.last_step_on,
                          greatest(new.received_on, new.logged_on, new.recorded_on, new.closed_on))
        end;
    end if;
    return new;
end;
$$;

create trigger case_record_set_finalised_on
    before insert or update of stage on case_record
    for each row execute function case_record_set_finalised_on();

-- Cases finalised before this migration: the date of the first finalising step in the audit
-- trail, else what the case's own columns say.
update case_record c
   set finalised_on = coalesce(
        (select min(step_date(e.details, e.occurred_at)) from audit_event e
          where e.case_id = c.case_id and e.entity_kind = 'case'
            and e.to_state in ('outcome_notified', 'withdrawn', 'closed', 'discontinued', 'disapplied')),
        c.outcome_notified_on,
        case when c.stage = 'closed' then c.closed_on end,
        case when case_stage_finalises(c.stage) then
            coalesce(c.last_step_on, greatest(c.received_on, c.logged_on, c.recorded_on, c.closed_on))
        end)
 where case_stage_finalises(c.stage) or c.outcome_notified_on is not null
    or exists (select 1 from audit_event e
                where e.case_id = c.case_id and e.entity_kind = 'case'
                  and e.to_state in ('outcome_notified', 'withdrawn', 'closed', 'discontinued', 'disapplied'));

create index case_record_stats_logged_idx on case_record (force_id, logged_on) where kind = 'complaint';
create index case_record_stats_logged_all_idx on case_record (logged_on) where kind = 'complaint';
create index case_record_stats_finalised_idx on case_record (force_id, finalised_on)
    where kind = 'complaint' and finalised_on is not null;
create index case_record_stats_finalised_all_idx on case_record (finalised_on)
    where kind = 'complaint' and finalised_on is not null;
create index review_applied_idx on review (applied_on);
create index review_decided_idx on review (decided_on) where decided_on is not null;

-- ---------------------------------------------------------------------------------------------
-- Employees of each force, per financial year, for "allegations per 1,000 employees" (IOPC
-- Police complaints information bulletin, table A1.1). Who counts as an employee (officers,
-- staff, PCSOs, special constables) follows the IOPC's counting rules, which were not seen:
-- the figure is entered as the force reports it (unverified).
-- ---------------------------------------------------------------------------------------------
create table force_headcount (
    force_id uuid not null references police_force,
    financial_year integer not null check (financial_year between 2000 and 2100),
    headcount integer not null check (headcount > 0),
    entered_by uuid references staff_user,
    entered_at timestamptz not null default now(),
    primary key (force_id, financial_year)
);

comment on table force_headcount is
    'Employees of a force in a financial year, entered by an administrator; the denominator of allegations per 1,000 employees. Reference data, not case data: no row-level policy.';
comment on column force_headcount.financial_year is 'The year the financial year starts in: 2025 is 1 April 2025 to 31 March 2026.';
