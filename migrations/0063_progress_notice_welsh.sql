-- The progress notice (CMR 2020 reg 13; PCR 2020 reg 19) is written in English and in Welsh
-- when it is sent, so that either can be printed; the progress the investigator describes is
-- kept in the words they wrote, in both. Notices sent before this have no Welsh text.
alter table investigation_notice add column notice_text_cy text
    check (notice_text_cy is null or btrim(notice_text_cy) <> '');
comment on column investigation_notice.notice_text_cy is
    'The notice in Welsh, as sent (null for notices sent before Welsh notices were made).';
