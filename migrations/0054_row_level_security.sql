-- Row-level security: force scoping enforced by the database as well as by each query.
--
-- The service sets the acting user's scope as transaction-local settings (oversight.scope_set
-- 'on', and oversight.scope_force / scope_lpb / scope_nothing, the three parts of CaseScope)
-- at the start of a scoped transaction. While a scope is set, a query as oversight_app sees
-- only the cases case_in_scope allows and the rows that belong to them, even if it forgets its
-- own scope condition. Where no scope is set (the service's own work: migrations, the demo,
-- workflow triggers, the public pages' access-code reads), nothing is hidden.
--
-- oversight_app is neither the tables' owner nor BYPASSRLS, so the policies hold for it. Writes
-- are allowed as before (each step checks its scope when it loads the record); the policies
-- below restrict what is read.

create function scope_is_set() returns boolean
language sql stable parallel safe as $$
    select coalesce(current_setting('oversight.scope_set', true), '') = 'on'
$$;

create function scope_force() returns uuid
language sql stable parallel safe as $$
    select nullif(current_setting('oversight.scope_force', true), '')::uuid
$$;

create function scope_lpb() returns uuid
language sql stable parallel safe as $$
    select nullif(current_setting('oversight.scope_lpb', true), '')::uuid
$$;

create function scope_nothing() returns boolean
language sql stable parallel safe as $$
    select coalesce(current_setting('oversight.scope_nothing', true), '') = 'on'
$$;

-- A review body's part of the scope reads review, whose own policy reads case_record: run it as
-- the owner, so the policies do not call each other for ever.
create or replace function case_reviewed_by(p_case_id uuid, p_local_policing_body_id uuid) returns boolean
language sql stable parallel safe security definer set search_path = pg_catalog, public as $$
    select exists (select 1 from public.review r
                   where r.case_id = p_case_id and r.local_policing_body_id = p_local_policing_body_id)
$$;

-- Everything but reading, for the application role, as before.
create function allow_writes(p_table regclass) returns void
language plpgsql as $$
begin
    if not exists (select 1 from pg_roles where rolname = 'oversight_app') then
        return;
    end if;
    execute format('create policy app_insert on %s for insert to oversight_app with check (true)', p_table);
    execute format('create policy app_update on %s for update to oversight_app using (true) with check (true)', p_table);
    execute format('create policy app_delete on %s for delete to oversight_app using (true)', p_table);
end;
$$;

alter table case_record enable row level security;
create policy scoped_read on case_record for select
    using (not scope_is_set()
           or case_in_scope(force_id, case_id, scope_force(), scope_lpb(), scope_nothing()));
select allow_writes('case_record');

alter table allegation enable row level security;
create policy scoped_read on allegation for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = allegation.case_id));
select allow_writes('allegation');

alter table allegation_subject enable row level security;
create policy scoped_read on allegation_subject for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = allegation_subject.case_id));
select allow_writes('allegation_subject');

alter table case_complainant enable row level security;
create policy scoped_read on case_complainant for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = case_complainant.case_id));
select allow_writes('case_complainant');

alter table case_referral_ground enable row level security;
create policy scoped_read on case_referral_ground for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = case_referral_ground.case_id));
select allow_writes('case_referral_ground');

alter table case_subject enable row level security;
create policy scoped_read on case_subject for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = case_subject.case_id));
select allow_writes('case_subject');

alter table complainant_access enable row level security;
create policy scoped_read on complainant_access for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = complainant_access.case_id));
select allow_writes('complainant_access');

alter table contact_log_entry enable row level security;
create policy scoped_read on contact_log_entry for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = contact_log_entry.case_id));
select allow_writes('contact_log_entry');

alter table evidence_item enable row level security;
create policy scoped_read on evidence_item for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = evidence_item.case_id));
select allow_writes('evidence_item');

alter table investigation enable row level security;
create policy scoped_read on investigation for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = investigation.case_id));
select allow_writes('investigation');

alter table referral enable row level security;
create policy scoped_read on referral for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = referral.case_id));
select allow_writes('referral');

alter table review enable row level security;
create policy scoped_read on review for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = review.case_id));
select allow_writes('review');

alter table withheld_item enable row level security;
create policy scoped_read on withheld_item for select
    using (not scope_is_set() or exists (select 1 from case_record c where c.case_id = withheld_item.case_id));
select allow_writes('withheld_item');

-- The trail's events without a case (sign-ins, accounts) are not case data.
alter table audit_event enable row level security;
create policy scoped_read on audit_event for select
    using (not scope_is_set() or case_id is null
           or exists (select 1 from case_record c where c.case_id = audit_event.case_id));
select allow_writes('audit_event');

-- A recommendation is also its recipient force's, whichever force's case it came from.
alter table recommendation enable row level security;
create policy scoped_read on recommendation for select
    using (not scope_is_set() or case_id is null or recipient_force_id = scope_force()
           or exists (select 1 from case_record c where c.case_id = recommendation.case_id));
select allow_writes('recommendation');

alter table recommendation_extension_request enable row level security;
create policy scoped_read on recommendation_extension_request for select
    using (not scope_is_set()
           or exists (select 1 from recommendation r
                      where r.recommendation_id = recommendation_extension_request.recommendation_id));
select allow_writes('recommendation_extension_request');

alter table investigation_notice enable row level security;
create policy scoped_read on investigation_notice for select
    using (not scope_is_set()
           or exists (select 1 from investigation i where i.investigation_id = investigation_notice.investigation_id));
select allow_writes('investigation_notice');

alter table investigation_suspension enable row level security;
create policy scoped_read on investigation_suspension for select
    using (not scope_is_set()
           or exists (select 1 from investigation i where i.investigation_id = investigation_suspension.investigation_id));
select allow_writes('investigation_suspension');

alter table proceedings enable row level security;
create policy scoped_read on proceedings for select
    using (not scope_is_set()
           or exists (select 1 from case_subject s where s.case_subject_id = proceedings.case_subject_id));
select allow_writes('proceedings');

alter table proceedings_allegation_finding enable row level security;
create policy scoped_read on proceedings_allegation_finding for select
    using (not scope_is_set()
           or exists (select 1 from proceedings p where p.proceedings_id = proceedings_allegation_finding.proceedings_id));
select allow_writes('proceedings_allegation_finding');

-- A person is seen through a case they are part of.
alter table person enable row level security;
create policy scoped_read on person for select
    using (not scope_is_set()
           or exists (select 1 from case_complainant cc where cc.person_id = person.person_id
                                                        or cc.agent_person_id = person.person_id));
select allow_writes('person');

drop function allow_writes(regclass);
