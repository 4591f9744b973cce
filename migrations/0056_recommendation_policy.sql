-- The recommendations list is a light page planned afresh for each request's filters, so
-- planning dominates it, and planning the policy's sub-select on case_record (with that
-- table's own policy inside) cost it a quarter of its throughput. Asked through a function,
-- the same check is one call to plan (and is not reached at all for a scope that sees every
-- case, or for a recommendation to the user's own force). scripts/bench-rls.sh measures it.
create function case_visible(p_case_id uuid) returns boolean
language sql stable parallel safe as $$
    select exists (select 1 from case_record c where c.case_id = p_case_id)
$$;

drop policy scoped_read on recommendation;
create policy scoped_read on recommendation for select
    using (scope_sees_all() or case_id is null or recipient_force_id = scope_force()
           or case_visible(case_id));
