-- What a document is attached to, where it came from, whether and why it is withheld from the
-- complainant, its redacted copies, and its publication.
--
-- - Attachment: besides its case, a document may belong to one evidence-log entry, the
--   investigation (its report, terms of reference or a notice) or a subject of the case (a
--   notice served on them, the record of their interview). The linked record must be of the
--   same case; composite foreign keys hold that.
-- - Withholding (the harm test: PRA 2002 s.20, CMR 2020 regs 11 and 35): a
--   document not disclosed may record the purpose disclosure would harm, that the risk of
--   harm is real and its effect significant, and when the decision is to be looked at again.
-- - A redacted copy is its own document pointing at its original, with the reason for each
--   redaction. The complainant and the public only ever see disclosable copies; an original
--   that has a copy stays with staff.
-- - A complainant's upload has no uploading member of staff; it is never disclosable until
--   staff decide, and it stays on the handler's work until they do. How many a complainant
--   may send (10 files of 50 MB each unless staff raise it) is held per case and enforced here
--   under a per-case lock, so uploads sent at once cannot pass it together.

alter table document
    add constraint document_id_case_key unique (document_id, case_id);

create unique index evidence_item_id_case_key on evidence_item (evidence_item_id, case_id);
create unique index investigation_id_case_key on investigation (investigation_id, case_id);

alter table document
    add column evidence_item_id uuid,
    add column investigation_id uuid,
    add column case_subject_id uuid,
    add column purpose text not null default 'general'
        check (purpose in ('general', 'evidence', 'report', 'terms_of_reference', 'notice', 'interview_record')),
    add column from_complainant boolean not null default false,
    add column redacted_from uuid,
    add column redactions text[] not null default '{}',
    add column withholding_ground text
        check (withholding_ground in ('criminal_proceedings', 'national_security', 'crime',
                                      'proportionality', 'public_interest')),
    add column harm_real boolean,
    add column harm_significant boolean,
    add column withholding_review_on date,
    add column disclosure_decided_by uuid references staff_user,
    add column disclosure_decided_at timestamptz,
    add column published_on date,
    add constraint document_evidence_fkey foreign key (evidence_item_id, case_id)
        references evidence_item (evidence_item_id, case_id),
    add constraint document_investigation_fkey foreign key (investigation_id, case_id)
        references investigation (investigation_id, case_id),
    add constraint document_subject_fkey foreign key (case_subject_id, case_id)
        references case_subject (case_subject_id, case_id),
    add constraint document_redacted_from_fkey foreign key (redacted_from, case_id)
        references document (document_id, case_id),
    -- One linked record at most, and the purpose says which kind.
    add constraint document_one_link
        check (num_nonnulls(evidence_item_id, investigation_id, case_subject_id) <= 1),
    add constraint document_purpose_fits_link check (
        case purpose
            when 'general' then num_nonnulls(evidence_item_id, investigation_id, case_subject_id) = 0
            when 'evidence' then evidence_item_id is not null
            when 'report' then investigation_id is not null
            when 'terms_of_reference' then investigation_id is not null
            when 'notice' then investigation_id is not null or case_subject_id is not null
            when 'interview_record' then case_subject_id is not null
        end),
    add constraint document_uploader
        check ((uploaded_by is null) = from_complainant),
    add constraint document_not_own_copy check (redacted_from is null or redacted_from <> document_id),
    add constraint document_copy_says_why
        check ((redacted_from is null) = (cardinality(redactions) = 0)
               and array_position(redactions, null) is null
               and cardinality(redactions) <= 100),
    -- A withholding names its ground and the two findings, and a date to look at it again.
    add constraint document_withholding_complete check (
        (withholding_ground is null and harm_real is null and harm_significant is null
             and withholding_review_on is null)
        or (withholding_ground is not null and disclosure = 'not_disclosed'
             and harm_real and harm_significant and withholding_review_on is not null)),
    add constraint document_decision_pair
        check ((disclosure_decided_by is null) = (disclosure_decided_at is null)),
    -- The complainant's own uploads are not disclosed back until staff decide.
    add constraint document_complainant_upload_undecided
        check (not from_complainant or disclosure = 'not_disclosed' or disclosure_decided_at is not null),
    -- What is published is a disclosable redacted PDF.
    add constraint document_published_is_redacted_pdf
        check (published_on is null
               or (disclosure = 'disclosable' and redacted_from is not null
                   and media_type = 'application/pdf'));

comment on column document.purpose is
    'What the document is to its linked record: general (the case), evidence, report, terms_of_reference, notice or interview_record.';
comment on column document.redacted_from is 'The original this document is a redacted copy of.';
comment on column document.redactions is 'The reason for each redaction made in this copy, in order.';
comment on column document.withholding_ground is
    'Why the document is withheld from the complainant: what its disclosure would harm (PRA 2002 s.20; CMR 2020 regs 11, 35).';
comment on column document.withholding_review_on is 'When the decision to withhold is to be looked at again.';
comment on column document.disclosure_decided_at is 'When a member of staff last decided whether the document is disclosed.';
comment on column document.published_on is 'When the document was published on the public register as the investigation''s report.';

create index document_evidence_idx on document (evidence_item_id) where evidence_item_id is not null;
create index document_copy_idx on document (redacted_from) where redacted_from is not null;
create index document_withheld_idx on document (withholding_review_on) where withholding_ground is not null;
create index document_complainant_undecided_idx on document (case_id)
    where from_complainant and disclosure_decided_at is null;
create index document_published_idx on document (published_on desc, document_id) where published_on is not null;

-- ---------------------------------------------------------------------------------------------
-- How many documents a complainant may send on a case, and how large each may be.
-- ---------------------------------------------------------------------------------------------
create table complainant_upload_allowance (
    case_id uuid primary key references case_record,
    files integer not null check (files between 1 and 1000),
    bytes_each bigint not null check (bytes_each between 1 and 2147483648),
    set_by uuid not null references staff_user,
    set_at timestamptz not null default now()
);
comment on table complainant_upload_allowance is
    'A case whose complainant may send more (or larger) documents than the default 10 files of 50 MB each.';

alter table complainant_upload_allowance enable row level security;
create policy scoped_read on complainant_upload_allowance for select
    using (scope_sees_all() or exists (select 1 from case_record c
                                        where c.case_id = complainant_upload_allowance.case_id));
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'oversight_app') then
        execute 'create policy app_insert on complainant_upload_allowance for insert to oversight_app with check (true)';
        execute 'create policy app_update on complainant_upload_allowance for update to oversight_app using (true) with check (true)';
    end if;
end;
$$;

-- The allowance of a case: its own row, or the default.
create function complainant_allowance(p_case uuid, out files integer, out bytes_each bigint)
language sql stable as $$
    select coalesce(max(a.files), 10), coalesce(max(a.bytes_each), 52428800)
      from complainant_upload_allowance a where a.case_id = p_case
$$;

create function document_complainant_allowance() returns trigger
language plpgsql as $$
declare
    allowed record;
    held integer;
begin
    if not new.from_complainant then
        return new;
    end if;
    -- One complainant upload of a case at a time, whoever else is uploading.
    perform pg_advisory_xact_lock(hashtextextended('complainant_upload:' || new.case_id::text, 0));
    select * into allowed from complainant_allowance(new.case_id);
    select count(*) into held from document d where d.case_id = new.case_id and d.from_complainant;
    if held >= allowed.files then
        raise exception 'the complainant has sent the % documents this case allows', allowed.files
            using errcode = 'check_violation', constraint = 'complainant_upload_files';
    end if;
    if new.size_bytes > allowed.bytes_each then
        raise exception 'a complainant''s document on this case may be at most % bytes', allowed.bytes_each
            using errcode = 'check_violation', constraint = 'complainant_upload_size';
    end if;
    return new;
end;
$$;

create trigger document_complainant_allowance
    before insert on document
    for each row execute function document_complainant_allowance();
