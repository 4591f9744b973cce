-- The staff cases list (src/db/cases.rs): full-text search over allegation descriptions and
-- the deadlines behind the "overdue" filter and the "next deadline" sort.
--
-- The keyset indexes the list pages with already exist (0003: case_record_list_idx on
-- (received_on desc, case_id desc) for IOPC users, case_record_force_list_idx with force_id
-- first for force users), as do the case search and reference trigram indexes.

-- Search: `to_tsvector('english', description) @@ websearch_to_tsquery('english', $q)`.
create index allegation_description_search_idx
    on allegation using gin (to_tsvector('english', description));

-- A case's open recommendations and their effective due date (the extension if any), for
-- the deadline of one case and for "overdue" (Sch 3 para 28B(2): respond within 56 days).
create index recommendation_open_due_idx
    on recommendation (case_id, (coalesce(extended_to, response_due_on)))
    where response_received_on is null and case_id is not null;

-- A case's open investigations, for the 12-month progress notice deadline (CMR 2020 reg 13).
create index investigation_case_open_idx
    on investigation (case_id, started_on)
    where report_submitted_on is null;
