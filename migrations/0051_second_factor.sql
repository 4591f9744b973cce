-- A second factor for every member of staff (ASVS 5.0 level 2, V6): a time-based one-time
-- password (RFC 6238) from an authenticator app, with ten single-use recovery codes.
--
-- The secret is kept on the account from the moment enrolment starts; the account counts as
-- enrolled only once a code from it has been confirmed (totp_enrolled_at). totp_last_step is
-- the last 30-second step accepted, so a code is accepted once only (RFC 6238 section 5.2).
-- Recovery codes are stored as SHA-256 digests: each is 50 random bits, too many to guess
-- within the sign-in throttle, so a slow hash adds nothing.
--
-- A session starts when the password is checked and is complete once the second factor is
-- (staff_session.second_factor_at). Demo accounts may skip the second factor: only accounts
-- of the reserved example domains (RFC 2606 `.example`), which no real person can hold, may
-- be marked so, and only the demo loader does.

alter table staff_user
    add column totp_secret bytea check (totp_secret is null or length(totp_secret) >= 20),
    add column totp_enrolled_at timestamptz,
    add column totp_last_step bigint,
    add column second_factor_exempt boolean not null default false,
    add constraint staff_user_enrolled_has_secret
        check (totp_enrolled_at is null or totp_secret is not null),
    add constraint staff_user_exempt_only_demo
        check (not second_factor_exempt or lower(email) like '%.example');
comment on column staff_user.totp_secret is 'The TOTP secret (RFC 6238); never shown again after enrolment, never logged.';
comment on column staff_user.totp_enrolled_at is 'When a code from the secret was first confirmed; null while enrolment is not finished.';
comment on column staff_user.second_factor_exempt is 'A demo account that signs in with its password alone: only in a database seeded with demo data.';

create table staff_recovery_code (
    staff_user_id uuid not null references staff_user on delete cascade,
    code_digest bytea not null check (length(code_digest) = 32),
    used_at timestamptz,
    created_at timestamptz not null default now(),
    primary key (staff_user_id, code_digest)
);
comment on table staff_recovery_code is 'Single-use recovery codes for the second factor, as SHA-256 digests.';

alter table staff_session add column second_factor_at timestamptz;
comment on column staff_session.second_factor_at is 'When the second factor was given in this session; null: only the password has been checked.';
