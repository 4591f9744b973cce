-- Staff sessions and sign-in throttling.
--
-- A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie; only its
-- SHA-256 is stored, so a copy of this table signs nobody in. Timeouts are enforced by the
-- server from these timestamps (30 minutes idle, 12 hours absolute). Ending a user's sessions
-- (sign-out, disabling, password reset) deletes their rows. The application role gets its
-- privileges on these tables from the default privileges set in 0013.

create table staff_session (
    session_token_hash bytea primary key check (length(session_token_hash) = 32),
    staff_user_id uuid not null references staff_user on delete cascade,
    csrf_token text not null check (length(csrf_token) >= 32),
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    check (last_seen_at >= created_at)
);
create index staff_session_user_idx on staff_session (staff_user_id);

-- Every sign-in attempt, for throttling: no more than 10 failed guesses in 5 minutes per
-- account (by the email typed, whether or not it exists) and per client address.
create table sign_in_attempt (
    sign_in_attempt_id bigint generated always as identity primary key,
    email_lower text not null,
    client_address text not null,
    attempted_at timestamptz not null default now(),
    succeeded boolean not null
);
create index sign_in_attempt_email_idx on sign_in_attempt (email_lower, attempted_at desc) where not succeeded;
create index sign_in_attempt_address_idx on sign_in_attempt (client_address, attempted_at desc) where not succeeded;

