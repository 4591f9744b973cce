-- What row-level security costs the lists, made small (scripts/bench-rls.sh):
--
-- * The list's next deadline is computed for the page's rows only, after the scoped scan chose
--   them; run as the owner, its reads of recommendations and investigations do not evaluate
--   each child table's policy (and, through it, case_record's) once more per row.
-- * A scope that sees every case (IOPC staff) is answered by the policies without looking up
--   each row's case.
alter function case_next_deadline(uuid) security definer set search_path = pg_catalog, public;

create function scope_sees_all() returns boolean
language sql stable parallel safe as $$
    select not scope_is_set()
        or (scope_force() is null and scope_lpb() is null and not scope_nothing())
$$;

drop policy scoped_read on allegation;
create policy scoped_read on allegation for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = allegation.case_id));

drop policy scoped_read on allegation_subject;
create policy scoped_read on allegation_subject for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = allegation_subject.case_id));

drop policy scoped_read on case_complainant;
create policy scoped_read on case_complainant for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = case_complainant.case_id));

drop policy scoped_read on case_referral_ground;
create policy scoped_read on case_referral_ground for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = case_referral_ground.case_id));

drop policy scoped_read on case_subject;
create policy scoped_read on case_subject for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = case_subject.case_id));

drop policy scoped_read on complainant_access;
create policy scoped_read on complainant_access for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = complainant_access.case_id));

drop policy scoped_read on contact_log_entry;
create policy scoped_read on contact_log_entry for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = contact_log_entry.case_id));

drop policy scoped_read on evidence_item;
create policy scoped_read on evidence_item for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = evidence_item.case_id));

drop policy scoped_read on investigation;
create policy scoped_read on investigation for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = investigation.case_id));

drop policy scoped_read on referral;
create policy scoped_read on referral for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = referral.case_id));

drop policy scoped_read on review;
create policy scoped_read on review for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = review.case_id));

drop policy scoped_read on withheld_item;
create policy scoped_read on withheld_item for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = withheld_item.case_id));

drop policy scoped_read on audit_event;
create policy scoped_read on audit_event for select
    using (scope_sees_all() or case_id is null
           or exists (select 1 from case_record c where c.case_id = audit_event.case_id));

drop policy scoped_read on recommendation;
create policy scoped_read on recommendation for select
    using (scope_sees_all() or case_id is null or recipient_force_id = scope_force()
           or exists (select 1 from case_record c where c.case_id = recommendation.case_id));

drop policy scoped_read on recommendation_extension_request;
create policy scoped_read on recommendation_extension_request for select
    using (scope_sees_all()
           or exists (select 1 from recommendation r
                      where r.recommendation_id = recommendation_extension_request.recommendation_id));

drop policy scoped_read on investigation_notice;
create policy scoped_read on investigation_notice for select
    using (scope_sees_all()
           or exists (select 1 from investigation i where i.investigation_id = investigation_notice.investigation_id));

drop policy scoped_read on investigation_suspension;
create policy scoped_read on investigation_suspension for select
    using (scope_sees_all()
           or exists (select 1 from investigation i where i.investigation_id = investigation_suspension.investigation_id));

drop policy scoped_read on proceedings;
create policy scoped_read on proceedings for select
    using (scope_sees_all()
           or exists (select 1 from case_subject s where s.case_subject_id = proceedings.case_subject_id));

drop policy scoped_read on proceedings_allegation_finding;
create policy scoped_read on proceedings_allegation_finding for select
    using (scope_sees_all()
           or exists (select 1 from proceedings p where p.proceedings_id = proceedings_allegation_finding.proceedings_id));

drop policy scoped_read on person;
create policy scoped_read on person for select
    using (scope_sees_all()
           or exists (select 1 from case_complainant cc where cc.person_id = person.person_id
                                                        or cc.agent_person_id = person.person_id));
