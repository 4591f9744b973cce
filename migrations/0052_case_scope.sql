-- Which cases a user may see, defined once for every scoped query: a force user its own
-- force's, a review body user those with a review its body decides, IOPC staff all, and an
-- account with no scope none. The service binds the three parts of its scope (the force, the
-- local policing body, "nothing") as parameters.
--
-- case_in_scope is a plain SQL expression with no sub-select, so the planner inlines it: with
-- the scope's values known, `(force is null or c.force_id = force)` folds to `c.force_id = …`
-- and the force's index is used exactly as if the condition had been written out. The review
-- body's part needs a sub-select, so it lives in case_reviewed_by, which is only called when a
-- review body's scope is bound (the `or` folds away otherwise).

create function case_reviewed_by(p_case_id uuid, p_local_policing_body_id uuid) returns boolean
language sql stable parallel safe as $$
    select exists (select 1 from review r
                   where r.case_id = p_case_id and r.local_policing_body_id = p_local_policing_body_id)
$$;

create function case_in_scope(p_case_force_id uuid, p_case_id uuid,
                              p_scope_force uuid, p_scope_lpb uuid, p_scope_nothing boolean)
returns boolean
language sql stable parallel safe as $$
    select (p_scope_force is null or p_case_force_id = p_scope_force)
       and (p_scope_lpb is null or case_reviewed_by(p_case_id, p_scope_lpb))
       and not p_scope_nothing
$$;
