-- Reference data and the organisations and people who use the system.
--
-- Key convention: organisations (local policing bodies, forces) and every entity have a uuid
-- key `<table>_id`; foreign-key columns that point at police_force are called `force_id`.
-- Pure code lists that an administrator edits (allegation categories, referral grounds) are
-- keyed by a short stable text `code`, referenced as `<thing>_code`. Codes are lowercase
-- ASCII with hyphens or underscores so that they can appear in URLs.

-- ---------------------------------------------------------------------------------------------
-- Local policing bodies (Police Reform and Social Responsibility Act 2011 s.101 "local policing
-- body"; Police Reform Act 2002 s.29). For the special police forces, the body that plays the
-- same part in the complaints system (e.g. the British Transport Police Authority).
-- ---------------------------------------------------------------------------------------------
create table local_policing_body (
    local_policing_body_id uuid primary key default gen_random_uuid(),
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
    name text not null unique check (btrim(name) <> ''),
    name_cy text,
    kind lpb_kind not null,
    active boolean not null default true,
    created_at timestamptz not null default now()
);
comment on table local_policing_body is
    'A local policing body (PCC, PFCC, mayor, MOPAC, Common Council of the City of London) or, for special police forces, the police authority that plays its part. Appropriate authority for complaints about the chief officer and a relevant review body (CMR 2020 reg 32).';
comment on column local_policing_body.code is 'Short stable code used in URLs and seeds, e.g. ''mopac''.';
comment on column local_policing_body.name_cy is 'Welsh name, for the bodies in Wales.';
comment on column local_policing_body.active is 'False once the body has been abolished or its functions moved (e.g. a PCC replaced by a mayor); kept for old reviews.';

-- ---------------------------------------------------------------------------------------------
-- Police forces and other bodies under the IOPC's remit.
-- ---------------------------------------------------------------------------------------------
create table police_force (
    police_force_id uuid primary key default gen_random_uuid(),
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
    name text not null unique check (btrim(name) <> ''),
    name_cy text,
    kind force_kind not null,
    local_policing_body_id uuid references local_policing_body,
    welsh boolean not null default false,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    -- Every territorial force has a local policing body (Police Reform and Social
    -- Responsibility Act 2011 ss.1-3; Greater London Authority Act 1999 for MOPAC; City of
    -- London Police Act 1839 for the Common Council). Only special forces and other bodies
    -- under the IOPC's remit may have none (their oversight is ministerial or by statute).
    constraint police_force_territorial_has_lpb
        check (kind <> 'territorial' or local_policing_body_id is not null),
    constraint police_force_only_territorial_forces_are_welsh
        check (not welsh or kind = 'territorial')
);
comment on table police_force is
    'The 43 territorial police forces of England and Wales, the special police forces and the other bodies whose complaints the IOPC oversees (PRA 2002 ss.10, 26-26D).';
comment on column police_force.code is 'Short stable code, e.g. ''met'', ''west-midlands''.';
comment on column police_force.local_policing_body_id is
    'The force''s local policing body. Null only for bodies that have none: the Ministry of Defence Police (overseen by the Secretary of State for Defence, advised by the MDP Committee, not a local policing body), HMRC, the National Crime Agency, the Home Office immigration and enforcement functions and the GLAA (government departments and agencies answerable to ministers).';
comment on column police_force.welsh is 'True for the four forces in Wales (Dyfed-Powys, Gwent, North Wales, South Wales): Welsh language duties apply.';
comment on column police_force.name_cy is 'Welsh name of the force, where it has one.';

create index police_force_lpb_idx on police_force (local_policing_body_id);

-- ---------------------------------------------------------------------------------------------
-- Staff users: IOPC staff, force PSD users (bound to one force), review-body users (bound to
-- one local policing body).
-- ---------------------------------------------------------------------------------------------
create table staff_user (
    staff_user_id uuid primary key default gen_random_uuid(),
    email text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
    display_name text not null check (btrim(display_name) <> ''),
    role staff_role not null,
    password_hash text not null check (password_hash <> ''),
    force_id uuid references police_force,
    local_policing_body_id uuid references local_policing_body,
    disabled_at timestamptz,
    created_at timestamptz not null default now(),
    last_sign_in_at timestamptz,
    constraint staff_user_force_iff_force_psd
        check ((role = 'force_psd') = (force_id is not null)),
    constraint staff_user_lpb_iff_review_body
        check ((role = 'review_body') = (local_policing_body_id is not null))
);
comment on table staff_user is 'A person who signs in: IOPC staff, force professional standards staff, review-body staff.';
comment on column staff_user.email is 'Sign-in name; unique regardless of case (staff_user_email_key on lower(email)). Look up with lower(email) = lower($1).';
comment on column staff_user.password_hash is 'argon2id PHC string; never a plain password.';
comment on column staff_user.force_id is 'Required iff role = force_psd: a force user sees only this force''s cases.';
comment on column staff_user.local_policing_body_id is 'Required iff role = review_body.';
comment on column staff_user.disabled_at is 'Set when the account is disabled; a disabled user cannot sign in.';

create unique index staff_user_email_key on staff_user (lower(email));
create index staff_user_force_idx on staff_user (force_id) where force_id is not null;
create index staff_user_lpb_idx on staff_user (local_policing_body_id) where local_policing_body_id is not null;

-- ---------------------------------------------------------------------------------------------
-- Allegation categories (IOPC, Guidance on capturing data about police complaints, 2020;
-- list unverified, so it is data an administrator can change, never an enum).
-- ---------------------------------------------------------------------------------------------
create table allegation_category (
    code text primary key check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    name text not null unique check (btrim(name) <> ''),
    name_cy text,
    description text,
    active boolean not null default true,
    sort_order integer not null default 0,
    created_at timestamptz not null default now()
);
comment on table allegation_category is
    'Allegation categories of the IOPC''s Guidance on capturing data about police complaints (2020). Editable by an administrator; deactivate rather than delete a category that allegations use.';
comment on column allegation_category.active is 'Inactive categories stay on old allegations but are not offered for new ones.';

-- ---------------------------------------------------------------------------------------------
-- Referral grounds (PRA 2002 Sch 3 paras 4, 13, 14C; CMR 2020 regs 4, 7).
-- ---------------------------------------------------------------------------------------------
create table referral_ground (
    code text primary key check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    description text not null check (btrim(description) <> ''),
    mandatory boolean not null,
    legal_source text not null check (btrim(legal_source) <> ''),
    active boolean not null default true,
    sort_order integer not null default 0,
    created_at timestamptz not null default now()
);
comment on table referral_ground is 'Why a matter is referred to the IOPC. Mandatory grounds come from Sch 3 para 4(1) and CMR 2020 reg 4 (complaints), reg 7 (conduct matters) and Part 2A (DSI matters).';

-- ---------------------------------------------------------------------------------------------
-- Bank holidays: data, not code (domain.md section 3: a working day excludes Saturdays,
-- Sundays, Christmas Day, Good Friday and bank holidays in England and Wales).
-- ---------------------------------------------------------------------------------------------
create table bank_holiday (
    holiday_on date primary key,
    name text not null check (btrim(name) <> ''),
    region text not null default 'england-and-wales' check (region = 'england-and-wales'),
    created_at timestamptz not null default now()
);
comment on table bank_holiday is
    'Non-working days other than weekends: bank holidays in England and Wales (Banking and Financial Dealings Act 1971 Sch 1 and royal proclamations) plus Christmas Day and Good Friday (common-law holidays). Substitute days are listed under their own date.';

-- ---------------------------------------------------------------------------------------------
-- Settings an administrator may change at run time (e.g. clock lengths marked unverified in
-- domain.md). Values are JSON so that one table serves numbers, strings and lists.
-- ---------------------------------------------------------------------------------------------
create table app_setting (
    setting_key text primary key check (setting_key ~ '^[a-z0-9][a-z0-9_.]*$'),
    value jsonb not null,
    description text,
    updated_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);
comment on table app_setting is 'Run-time settings an administrator may change. No rows are seeded: the application supplies defaults.';
