-- IOPC references (year/serial, e.g. 2026/000123) for matters that reach the IOPC through
-- the service: assigned when the matter is referred, called in or treated as referred. The
-- serial counts up within the year; demo and imported cases keep the references they came
-- with, so the counter starts above any serial already used in the year.
create table iopc_reference_counter (
    year integer primary key check (year between 2000 and 2999),
    last_serial integer not null check (last_serial between 0 and 999999)
);
comment on table iopc_reference_counter is 'The last IOPC reference serial used in each year.';

create function next_iopc_reference(p_on date) returns text
language plpgsql as $$
declare
    v_year integer := extract(year from p_on)::integer;
    v_serial integer;
begin
    insert into iopc_reference_counter (year, last_serial)
    select v_year, coalesce(max(split_part(iopc_reference, '/', 2)::integer), 0) + 1
      from case_record where iopc_reference like v_year || '/%'
    on conflict (year) do update set last_serial = iopc_reference_counter.last_serial + 1
    returning last_serial into v_serial;
    return v_year || '/' || lpad(v_serial::text, 6, '0');
end;
$$;
comment on function next_iopc_reference(date) is 'Takes the next IOPC reference of the year of p_on (row lock on the year''s counter, so concurrent referrals get different serials).';
-- (The application role gets the table through the default privileges set in 0013.)
