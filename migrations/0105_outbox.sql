-- The transactional outbox: a step that must tell someone writes its messages here in its own
-- transaction, so a step that rolls back leaves no message and one that commits leaves its
-- messages to be delivered even if the server stops a moment later. A delivery worker in
-- each server claims due email with FOR UPDATE SKIP LOCKED (any number may run), sends it
-- with a Message-ID derived from message_id, and retries with backoff until it is sent or
-- gives up. A letter for post waits on the "letters to post" page until staff mark it posted.
-- The body is held here and shown to staff; it is never written to the logs.

create table outbox_message (
    message_id uuid primary key,
    case_id uuid references case_record,
    kind text not null check (kind ~ '^[a-z_]+$'),
    channel text not null check (channel in ('email', 'post')),
    person_id uuid references person,
    staff_user_id uuid references staff_user,
    to_name text not null check (btrim(to_name) <> ''),
    to_address text not null check (btrim(to_address) <> ''),
    language text not null check (language in ('en', 'cy')),
    subject text not null check (btrim(subject) <> ''),
    body text not null check (btrim(body) <> ''),
    statutory boolean not null,
    state text not null default 'queued' check (state in ('queued', 'sent', 'failed', 'posted')),
    attempts integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    last_error text,
    sent_at timestamptz,
    posted_by uuid references staff_user,
    created_at timestamptz not null default now(),
    constraint outbox_one_recipient check (num_nonnulls(person_id, staff_user_id) = 1),
    constraint outbox_email_address check (channel <> 'email' or to_address ~ '^[^@\s]+@[^@\s]+$'),
    constraint outbox_posted_is_post check (state <> 'posted' or (channel = 'post' and posted_by is not null)),
    constraint outbox_sent_when check ((state in ('sent', 'posted')) = (sent_at is not null))
);

comment on table outbox_message is
    'A message a step owes someone (email, or a letter for post), written in the step''s transaction and delivered by the worker. Personal data: never log the body or the address.';

create index outbox_message_due_idx on outbox_message (next_attempt_at)
    where state = 'queued' and channel = 'email';
create index outbox_message_letters_idx on outbox_message (created_at, message_id)
    where state = 'queued' and channel = 'post';
create index outbox_message_failed_idx on outbox_message (created_at desc, message_id)
    where state = 'failed';
create index outbox_message_case_idx on outbox_message (case_id, created_at) where case_id is not null;
create index outbox_message_sent_idx on outbox_message (sent_at desc, message_id) where sent_at is not null;

alter table outbox_message enable row level security;
create policy scoped_read on outbox_message for select
    using (scope_sees_all()
           or (case_id is not null
               and exists (select 1 from case_record c where c.case_id = outbox_message.case_id)));

do $$
begin
    if exists (select 1 from pg_roles where rolname = 'oversight_app') then
        execute 'create policy app_insert on outbox_message for insert to oversight_app with check (true)';
        execute 'create policy app_update on outbox_message for update to oversight_app using (true) with check (true)';
    end if;
end;
$$;
