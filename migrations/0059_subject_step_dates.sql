-- A subject's steps are dated when they happened, like the case's (see 0058): the date of the
-- subject's latest step, which a new step may not precede and which may not pass today.

alter table case_subject add column last_step_on date;

comment on column case_subject.last_step_on is
    'Date the latest step on this subject happened; a new step on the subject may not be dated earlier.';

update case_subject s set last_step_on = greatest(
    s.severity_assessed_on, s.notice_served_on, s.interviewed_on, s.opinion_given_on,
    s.determined_on);

create trigger case_subject_step_dated_in_order before update of last_step_on on case_subject
    for each row execute function case_step_dated_in_order();
