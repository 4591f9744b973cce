-- Indexes for the "My work" dashboard (src/db/my_work.rs).
--
-- Each queue on the dashboard reads the first 50 rows of a small, partial slice of a large
-- table, in the order the page shows them. These partial indexes hold exactly those slices,
-- so the page stays fast with a million cases: the queries repeat each predicate word for
-- word, which lets the planner match them.

-- Reviews the IOPC decides that are not yet decided, oldest application first.
create index review_iopc_open_idx on review (applied_on, review_id)
    where review_body = 'iopc' and stage in ('applied', 'valid');

-- Reviews a local policing body decides that are not yet decided.
create index review_lpb_open_idx on review (local_policing_body_id, applied_on, review_id)
    where stage in ('applied', 'valid');

-- Recommendations awaiting a response, soonest due date (with any extension) first; the
-- second index serves a force's own list.
create index recommendation_awaiting_response_idx
    on recommendation ((coalesce(extended_to, response_due_on)), recommendation_id)
    where stage = 'made';
create index recommendation_force_awaiting_response_idx
    on recommendation (recipient_force_id, (coalesce(extended_to, response_due_on)), recommendation_id)
    where stage = 'made' and recipient_force_id is not null;

-- A force's recorded complaints still being handled: the complainant must be updated every
-- 4 weeks (CMR 2020 reg 34(2)(a)).
create index case_record_complaint_in_hand_idx on case_record (force_id, recorded_on, case_id)
    where kind = 'complaint'
      and stage in ('recorded', 'referred', 'referred_back', 'handled_otherwise',
                    'under_investigation', 'investigation_suspended', 'report_received',
                    'determinations_made');

-- A force's cases whose outcome is decided but not yet notified (CMR 2020 reg 34: 5 working days).
create index case_record_outcome_decided_idx on case_record (force_id, case_id)
    where stage = 'outcome_decided';

-- Finding when a case moved to a stage (the outcome date) without reading its whole history.
create index audit_event_case_to_state_idx on audit_event (case_id, to_state, audit_event_id desc)
    where case_id is not null and to_state is not null;

-- A user's open assigned cases, oldest first.
create index case_record_assigned_open_idx on case_record (assigned_to, received_on, case_id)
    where assigned_to is not null and closed_on is null;
