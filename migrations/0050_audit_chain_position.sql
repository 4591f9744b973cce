-- Each audit event's place in its chain, given while the chain's lock is held.
--
-- Migration 0013 linked a new event to the chain's event with the highest audit_event_id. But
-- the identity value is drawn when the row is formed, before the BEFORE INSERT trigger takes
-- the chain's advisory lock, so concurrent transactions can take the lock in a different
-- order from their ids: an event could then link to an event that was not the chain's last,
-- giving that event two successors, and verification (which walked the chain by id) reported
-- tampering where there was none.
--
-- Now the trigger, holding the lock, gives the event the next position of its chain and links
-- it to the event at the previous position. Positions are unique per chain (the index below),
-- so two events can never claim the same place even if the lock were bypassed, and
-- `oversight verify-audit` walks each chain by position. The hashed content is unchanged, so
-- the hashes of existing events stay valid.

alter table audit_event add column chain_position bigint;
comment on column audit_event.chain_position is
    'The event''s place in its chain (its case, or the events without a case), from 1, given under the chain''s lock.';

-- Events written before this migration take their places in the order of their ids, the
-- order the previous verification walked them in.
alter table audit_event disable trigger audit_event_no_update_or_delete;
update audit_event e
   set chain_position = p.position
  from (select audit_event_id,
               row_number() over (partition by case_id order by audit_event_id) as position
          from audit_event) p
 where p.audit_event_id = e.audit_event_id;
alter table audit_event enable trigger audit_event_no_update_or_delete;

alter table audit_event alter column chain_position set not null;
alter table audit_event add constraint audit_event_chain_position_positive check (chain_position >= 1);

-- One event per place in each chain; also the index the trigger reads the chain's end from.
create unique index audit_event_chain_position_idx
    on audit_event ((coalesce(case_id, '00000000-0000-0000-0000-000000000000'::uuid)), chain_position);
drop index audit_event_chain_idx;

create or replace function audit_event_chain() returns trigger
language plpgsql as $$
declare
    last_position bigint;
begin
    -- One writer per chain at a time: the position and the link are read under the lock.
    perform pg_advisory_xact_lock(hashtextextended(coalesce(new.case_id::text, 'no case'), 7));
    select a.hash, a.chain_position into new.prev_hash, last_position
      from audit_event a
     where coalesce(a.case_id, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(new.case_id, '00000000-0000-0000-0000-000000000000'::uuid)
     order by coalesce(a.case_id, '00000000-0000-0000-0000-000000000000'::uuid), a.chain_position desc
     limit 1;
    new.chain_position := coalesce(last_position, 0) + 1;
    new.hash := audit_event_digest(new.prev_hash, new);
    return new;
end;
$$;
