-- Documents: the files of a case (the complaint itself, statements, footage, custody records,
-- reports, notices, letters). Their contents live in an object store (src/storage.rs); this
-- table holds what is known of each: its case, its name, description,
-- media type, size and SHA-256, who uploaded it and when, and whether it may be disclosed to
-- the complainant.

create table document (
    document_id uuid primary key default gen_random_uuid(),
    case_id uuid not null references case_record,
    name text not null check (btrim(name) <> '' and length(name) <= 200
                              and name !~ '[[:cntrl:]/\\]' and name not in ('.', '..')),
    description text not null default '' check (length(description) <= 2000),
    media_type text not null check (media_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
    size_bytes bigint not null check (size_bytes > 0),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    -- Where the contents are in the store: chosen by the service, never from the name.
    object_key text not null unique,
    uploaded_by uuid references staff_user,
    uploaded_at timestamptz not null default now(),
    disclosure text not null default 'not_disclosed'
        check (disclosure in ('not_disclosed', 'disclosable'))
);

create index document_case_idx on document (case_id, uploaded_at);

comment on table document is
    'A file of a case, whose contents are in the object store under object_key. Not disclosed to the complainant unless marked disclosable.';

alter table document enable row level security;
create policy scoped_read on document for select
    using (scope_sees_all() or exists (select 1 from case_record c where c.case_id = document.case_id));

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'oversight_app') then
        execute 'create policy app_insert on document for insert to oversight_app with check (true)';
        execute 'create policy app_update on document for update to oversight_app using (true) with check (true)';
        execute 'create policy app_delete on document for delete to oversight_app using (true)';
    end if;
end;
$$;
