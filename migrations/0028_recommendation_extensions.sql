-- Learning recommendations as the service keeps them (src/db/recommendations.rs): requests
-- for more time to respond, the facts a published recommendation must carry for the public
-- list, sensible maximum lengths, and the index the staff list pages by.

-- ---------------------------------------------------------------------------------------------
-- Requests to extend the time to respond (Sch 3 para 28B). The recipient asks before the
-- response is due; the IOPC grants (the new date goes on recommendation.extended_to) or
-- refuses; a request still open when the response arrives lapses.
-- ---------------------------------------------------------------------------------------------
create table recommendation_extension_request (
    recommendation_extension_request_id uuid primary key default gen_random_uuid(),
    recommendation_id uuid not null references recommendation,
    requested_on date not null,
    requested_by uuid references staff_user,
    requested_due_on date not null,
    reason text not null check (btrim(reason) <> '' and char_length(reason) <= 2000),
    decision text check (decision in ('granted', 'refused', 'lapsed')),
    decided_on date,
    decided_by uuid references staff_user,
    decision_reason text check (decision_reason is null or char_length(decision_reason) <= 2000),
    created_at timestamptz not null default now(),

    constraint recommendation_extension_request_decided_dated
        check ((decision is null) = (decided_on is null)),
    -- A grant or refusal is the IOPC's and says why; a lapse is no one's decision.
    constraint recommendation_extension_request_decision_reasoned
        check (decision is null or decision = 'lapsed'
               or (decided_by is not null and btrim(coalesce(decision_reason, '')) <> '')),
    constraint recommendation_extension_request_dates_in_order
        check (decided_on is null or decided_on >= requested_on)
);
comment on table recommendation_extension_request is 'A request by the recipient for more time to respond to a recommendation, and the IOPC''s decision on it (Sch 3 para 28B).';
comment on column recommendation_extension_request.requested_due_on is 'The date the recipient asked the response to be due on.';
comment on column recommendation_extension_request.decision is 'granted or refused by the IOPC; lapsed when the response came first; null while awaiting a decision.';

-- One request at a time awaits a decision.
create unique index recommendation_extension_request_pending_idx
    on recommendation_extension_request (recommendation_id) where decision is null;
create index recommendation_extension_request_recommendation_idx
    on recommendation_extension_request (recommendation_id, created_at);

-- Sch 3 para 28B: a request is made while the recommendation awaits its response and before
-- the response is due (with any extension already granted).
create function recommendation_extension_request_in_time() returns trigger
language plpgsql as $$
declare
    v_stage recommendation_stage;
    v_due date;
begin
    select r.stage, coalesce(r.extended_to, r.response_due_on) into v_stage, v_due
      from recommendation r where r.recommendation_id = new.recommendation_id;
    if v_stage is distinct from 'made' or new.requested_on > v_due then
        raise exception 'an extension must be requested before the response to the recommendation is due'
            using errcode = 'check_violation', constraint = 'recommendation_extension_requested_in_time';
    end if;
    return new;
end;
$$;
create trigger recommendation_extension_request_in_time
    before insert or update of recommendation_id, requested_on on recommendation_extension_request
    for each row execute function recommendation_extension_request_in_time();

-- ---------------------------------------------------------------------------------------------
-- A published recommendation carries what the public list shows: its title, the accepted
-- action and the IOPC's summary (the response, the dates and the text are required already),
-- and, when it arose from a case, that case's IOPC reference.
-- ---------------------------------------------------------------------------------------------
alter table recommendation
    add constraint recommendation_published_complete check (
        stage <> 'published'
        or (btrim(coalesce(title, '')) <> ''
            and btrim(coalesce(response_action, '')) <> ''
            and btrim(coalesce(publication_summary, '')) <> '')
    ),
    add constraint recommendation_text_lengths check (
        (title is null or char_length(title) <= 200)
        and char_length(recommendation_text) <= 10000
        and (recipient_name is null or char_length(recipient_name) <= 200)
        and (response_action is null or char_length(response_action) <= 10000)
        and (extension_reason is null or char_length(extension_reason) <= 2000)
        and (publication_summary is null or char_length(publication_summary) <= 2000)
    );

create function recommendation_published_with_reference() returns trigger
language plpgsql as $$
begin
    if new.stage = 'published' and new.case_id is not null and not exists (
        select 1 from case_record c where c.case_id = new.case_id and c.iopc_reference is not null
    ) then
        raise exception 'a recommendation arising from a case is published under the case''s IOPC reference, which it lacks'
            using errcode = 'check_violation', constraint = 'recommendation_published_with_reference';
    end if;
    return new;
end;
$$;
create trigger recommendation_published_with_reference
    before insert or update of stage, case_id on recommendation
    for each row execute function recommendation_published_with_reference();

-- The staff list: newest first, cut by keyset on (made_on, recommendation_id).
create index recommendation_made_idx on recommendation (made_on, recommendation_id);
