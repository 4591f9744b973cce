-- Reviews (formerly appeals) and learning recommendations.

-- ---------------------------------------------------------------------------------------------
-- Review of a complaint's outcome (Sch 3 paras 6A, 25; CMR 2020 regs 29-32).
-- ---------------------------------------------------------------------------------------------
create table review (
    review_id uuid primary key default gen_random_uuid(),
    case_id uuid not null references case_record,
    review_body review_body not null,
    local_policing_body_id uuid references local_policing_body,
    reference text unique check (reference is null or btrim(reference) <> ''),
    applied_on date not null,
    stage review_stage not null default 'applied',
    valid boolean,
    validity_decided_on date,
    late_application_special_reasons text,
    grounds text,
    outcome_sought text,
    decided_on date,
    decided_by uuid references staff_user,
    follow_up review_follow_up,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null default now(),

    -- The relevant review body is the IOPC or the local policing body (CMR 2020 reg 32).
    constraint review_lpb_iff_lpb_body
        check ((review_body = 'local_policing_body') = (local_policing_body_id is not null)),
    constraint review_validity_dated check ((valid is null) = (validity_decided_on is null)),
    constraint review_stage_facts check (
        (stage <> 'valid' or valid is true)
        and (stage <> 'invalid' or valid is false)
        and (stage not in ('upheld', 'not_upheld') or (valid is true and decided_on is not null))
        and (stage = 'applied' or valid is not null)
    ),
    constraint review_decided_only_when_decided
        check (decided_on is null or stage in ('upheld', 'not_upheld')),
    -- What follows is only for an upheld review.
    constraint review_follow_up_only_when_upheld check (follow_up is null or stage = 'upheld'),
    constraint review_dates_in_order check (
        (validity_decided_on is null or validity_decided_on >= applied_on)
        and (decided_on is null or decided_on >= applied_on)
    )
);
comment on table review is 'An application by a complainant for a review of the outcome of their complaint (paras 6A, 25). Only recorded complaints have a review right (trigger).';
comment on column review.local_policing_body_id is 'The local policing body deciding the review; required iff review_body = local_policing_body.';
comment on column review.reference is 'Human reference of the review, unique; assigned by the application (null until assigned).';
comment on column review.applied_on is 'Date the application was received. Due within 28 days starting the day after the review-right information was given (CMR 2020 reg 29).';
comment on column review.valid is 'Whether the application is valid (in time, or late with special reasons; made by the complainant); null until decided.';
comment on column review.late_application_special_reasons is 'Why a late application was accepted (special circumstances, CMR 2020 reg 29).';
comment on column review.grounds is 'What the complainant disagrees with.';
comment on column review.outcome_sought is 'What the complainant wants the review to achieve.';
comment on column review.follow_up is 'What follows an upheld review: recommendation, re-investigation, proceedings recommended, or the complaint must now be investigated.';

create index review_case_idx on review (case_id);
create index review_stage_idx on review (stage, applied_on);
create index review_lpb_idx on review (local_policing_body_id, stage) where local_policing_body_id is not null;

create function review_check_case() returns trigger
language plpgsql as $$
declare
    v_kind case_kind;
    v_schedule3 boolean;
begin
    select c.kind, c.schedule3 into v_kind, v_schedule3 from case_record c where c.case_id = new.case_id;
    if v_kind <> 'complaint' or v_schedule3 is not true then
        raise exception 'only a complaint recorded under Schedule 3 can be reviewed'
            using errcode = 'check_violation', constraint = 'review_recorded_complaint_only';
    end if;
    return new;
end;
$$;
create trigger review_check_case
    before insert or update of case_id on review
    for each row execute function review_check_case();

-- ---------------------------------------------------------------------------------------------
-- Learning recommendations (Sch 3 paras 28A, 28B).
-- ---------------------------------------------------------------------------------------------
create table recommendation (
    recommendation_id uuid primary key default gen_random_uuid(),
    case_id uuid references case_record,
    review_id uuid references review,
    recipient_force_id uuid references police_force,
    recipient_name text,
    title text,
    recommendation_text text not null check (btrim(recommendation_text) <> ''),
    made_on date not null,
    response_due_on date not null,
    extended_to date,
    extension_reason text,
    stage recommendation_stage not null default 'made',
    response recommendation_response,
    response_action text,
    response_received_on date,
    published_on date,
    publication_summary text,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null default now(),

    -- A recommendation is made to someone: a force, or another organisation by name.
    constraint recommendation_has_recipient
        check (recipient_force_id is not null or btrim(coalesce(recipient_name, '')) <> ''),
    -- The recipient must respond within 56 days (para 28B(2)): the due date is the date of the
    -- recommendation plus 56 days (same weekday). An extension is recorded beside it.
    constraint recommendation_due_56_days check (response_due_on = made_on + 56),
    constraint recommendation_extension_later check (extended_to is null or extended_to > response_due_on),
    constraint recommendation_extension_reason
        check ((extended_to is null) = (btrim(coalesce(extension_reason, '')) = '')),
    constraint recommendation_response_dated check ((response is null) = (response_received_on is null)),
    constraint recommendation_action_needs_response check (response_action is null or response is not null),
    constraint recommendation_stage_facts check (
        (stage <> 'response_received' or response is not null)
        and (stage <> 'published' or published_on is not null)
        and (published_on is null or stage = 'published')
        and (response is null or stage <> 'made')
    ),
    constraint recommendation_dates_in_order check (
        (response_received_on is null or response_received_on >= made_on)
        and (published_on is null or published_on >= made_on)
    )
);
comment on table recommendation is 'A learning recommendation by the IOPC or a review body to a force or other organisation (Sch 3 paras 28A, 28B). From an investigation (case_id) or a review (review_id), or neither for thematic work.';
comment on column recommendation.recipient_force_id is 'The force or body under the IOPC''s remit it is made to; or null with recipient_name for another organisation.';
comment on column recommendation.recipient_name is 'Name of the recipient organisation when it is not (only) a force in police_force.';
comment on column recommendation.made_on is 'Date of the recommendation.';
comment on column recommendation.response_due_on is 'made_on + 56 days (para 28B(2)); enforced.';
comment on column recommendation.extended_to is 'New due date after an extension requested before expiry (para 28B), or while a judicial review is pending.';
comment on column recommendation.response is 'Do you accept the recommendation? Yes / Partially / No.';
comment on column recommendation.response_action is 'Accepted action: what the recipient has done or will do, or why it will not act.';
comment on column recommendation.published_on is 'Date the IOPC published the recommendation and response (within 21 days of receiving it: para 28B(5)).';

create index recommendation_case_idx on recommendation (case_id) where case_id is not null;
create index recommendation_review_idx on recommendation (review_id) where review_id is not null;
create index recommendation_recipient_idx on recommendation (recipient_force_id, made_on desc) where recipient_force_id is not null;
create index recommendation_stage_due_idx on recommendation (stage, response_due_on);

create function recommendation_check_review_case() returns trigger
language plpgsql as $$
begin
    if new.review_id is not null and new.case_id is not null
       and not exists (select 1 from review r where r.review_id = new.review_id and r.case_id = new.case_id) then
        raise exception 'the review of a recommendation must belong to its case'
            using errcode = 'check_violation', constraint = 'recommendation_review_same_case';
    end if;
    return new;
end;
$$;
create trigger recommendation_check_review_case
    before insert or update of case_id, review_id on recommendation
    for each row execute function recommendation_check_review_case();
