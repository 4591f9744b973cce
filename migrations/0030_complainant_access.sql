-- The public side of the service: complainants' access to the status of their case, and the
-- published recommendations.
--
-- A complainant (or interested person) is given a case reference and a one-time access code
-- by the force. The reference is an identifier, not a secret; the code has 80 bits of entropy
-- and only its SHA-256 is kept here, so a copy of this table lets nobody in. Reissuing a code
-- overwrites the hash (the old code stops working) and ends the person's open sessions.
--
-- Failed look-ups are recorded per client address and per reference; ten in five minutes
-- against either blocks further look-ups for a period (a row in status_lookup_block).
--
-- The application role gets its privileges on these tables from the default privileges set
-- in 0013.

create table complainant_access (
    case_complainant_id uuid primary key references case_complainant on delete cascade,
    case_id uuid not null references case_record,
    reference text not null unique check (reference ~ '^OV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
    code_hash bytea not null check (length(code_hash) = 32),
    issued_at timestamptz not null default now(),
    issued_by uuid references staff_user,
    reissue_count integer not null default 0 check (reissue_count >= 0)
);
comment on table complainant_access is 'The case reference and access code hash with which a complainant or interested person sees the status of their case.';
comment on column complainant_access.reference is 'The case reference given to the person with the code (not secret; stable across reissues).';
comment on column complainant_access.code_hash is 'SHA-256 of the normalised access code; the code itself is never stored.';
create index complainant_access_case_idx on complainant_access (case_id);

-- A complainant's session: a random 256-bit token in an HttpOnly, SameSite=Strict cookie,
-- stored only as its SHA-256, scoped to one person in one case.
create table complainant_session (
    session_token_hash bytea primary key check (length(session_token_hash) = 32),
    case_complainant_id uuid not null references case_complainant on delete cascade,
    csrf_token text not null check (length(csrf_token) >= 32),
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    check (last_seen_at >= created_at)
);
create index complainant_session_person_idx on complainant_session (case_complainant_id);
create index complainant_session_created_idx on complainant_session (created_at);

-- Failed look-ups on the status page, for throttling.
create table status_lookup_failure (
    status_lookup_failure_id bigint generated always as identity primary key,
    client_address text not null,
    reference text not null,
    failed_at timestamptz not null default now()
);
create index status_lookup_failure_address_idx on status_lookup_failure (client_address, failed_at desc);
create index status_lookup_failure_reference_idx on status_lookup_failure (reference, failed_at desc);

-- A block on look-ups from one address or against one reference, until a moment.
create table status_lookup_block (
    scope text not null check (scope in ('address', 'reference')),
    key text not null,
    blocked_until timestamptz not null,
    primary key (scope, key)
);

-- Published recommendations: full-text search over what a reader sees, and the list's
-- keyset orders (newest publication first), overall and per force.
create function recommendation_publication_search(
    title text, recommendation_text text, publication_summary text, response_action text, recipient_name text
) returns tsvector
language sql immutable parallel safe as $$
    select setweight(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(recipient_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(publication_summary, '') || ' ' || recommendation_text), 'B')
        || setweight(to_tsvector('english', coalesce(response_action, '')), 'C')
$$;
comment on function recommendation_publication_search(text, text, text, text, text) is
    'The full-text document of a published recommendation; /published searches it through the partial GIN index below.';

create index recommendation_published_search_idx on recommendation
    using gin (recommendation_publication_search(title, recommendation_text, publication_summary, response_action, recipient_name))
    where stage = 'published';
create index recommendation_published_list_idx on recommendation (published_on desc, recommendation_id desc)
    where stage = 'published';
create index recommendation_published_force_idx on recommendation (recipient_force_id, published_on desc, recommendation_id desc)
    where stage = 'published';
