-- One full-text index over a case's own text and its allegations' descriptions.
--
-- Searching the two separately forced the list to collect every matching case id before
-- sorting, which for a common word is hundreds of thousands of ids. With one indexed
-- expression the planner can walk the received-date index and stop after a page of matches
-- (common words) or use the GIN index and sort a few rows (rare words).

alter table case_record add column allegation_search tsvector;

update case_record c
   set allegation_search = a.v
  from (select case_id, to_tsvector('english', string_agg(description, ' ')) as v
          from allegation group by case_id) a
 where a.case_id = c.case_id;

create index case_record_full_search_idx on case_record
    using gin ((search || coalesce(allegation_search, ''::tsvector)));

-- Keeps allegation_search in step with the allegations, once per statement (a COPY of a
-- thousand allegations updates each of their cases once).
create function case_record_refresh_allegation_search() returns trigger
language plpgsql as $$
begin
    update case_record c
       set allegation_search = (select to_tsvector('english', string_agg(a.description, ' '))
                                  from allegation a where a.case_id = c.case_id)
     where c.case_id in (select distinct case_id from changed);
    return null;
end;
$$;

create trigger allegation_search_after_insert after insert on allegation
    referencing new table as changed for each statement
    execute function case_record_refresh_allegation_search();
create trigger allegation_search_after_update after update on allegation
    referencing new table as changed for each statement
    execute function case_record_refresh_allegation_search();
create trigger allegation_search_after_delete after delete on allegation
    referencing old table as changed for each statement
    execute function case_record_refresh_allegation_search();
