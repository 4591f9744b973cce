-- How a conduct or DSI matter came to light, and the special procedures for police staff.

-- The IOPC's published summaries say how a matter with no complainant came to the authority:
-- raised inside the force (and by whom: `how_it_came_to_light` keeps the words), by a member
-- of the public, by another force, or by the IOPC. Complaints have a complainant instead.
alter table case_record
    add column came_to_light text
        check (came_to_light in ('internal', 'public', 'other_force', 'iopc')),
    add constraint case_record_came_to_light_not_complaint
        check (came_to_light is null or kind <> 'complaint');
comment on column case_record.came_to_light is 'Conduct and DSI matters: who brought the matter to the appropriate authority (internal, public, other_force, iopc); how_it_came_to_light says how, and by whom.';

-- The special procedures (severity assessment, notice before interview) apply to persons
-- serving with the police (PRA 2002 s.12(7); Sch 3 para 19A): police officers, special
-- constables and police staff. Whether they reach designated volunteers is unverified, so they
-- are not applied to them. Replaces the function of migration 0004, which allowed officers and
-- special constables only.
create or replace function case_subject_check_kind() returns trigger
language plpgsql as $$
declare
    k subject_kind;
begin
    if new.special_procedures then
        select s.kind into k from subject s where s.subject_id = new.subject_id;
        if k not in ('police_officer', 'special_constable', 'police_staff') then
            raise exception 'special procedures apply only to police officers, special constables and police staff, not %', k
                using errcode = 'check_violation', constraint = 'case_subject_special_procedures_officers_only';
        end if;
    end if;
    return new;
end;
$$;
