-- S1. Firearms call handled by a local unit (Metropolitan Police Service, incident December
-- 2022). A conduct matter referred on the discrimination ground and investigated independently.
--
-- Final stage: determinations_made, not closed. Both officers' matters are over (Officer A's
-- hearing concluded in July 2025; Officer B went to reflective practice) so the case could be
-- closed, but the two learning recommendations of 15 September 2025 still await the force's
-- response (stage 'made': the published history records no response), so the IOPC keeps it open.
--
-- Placeholders filled in by scenarios.rs: {met}, {caseworker}, {investigator}, {psd}.
-- The IOPC reference is illustrative: the published case gives none.

insert into case_record (case_id, kind, force_id, iopc_reference, force_reference, legacy,
                         received_on, logged_on, recorded_on, stage, investigation_mode, summary,
                         incident_date, incident_place, how_it_came_to_light, assigned_to)
values ('5ce00001-0001-4000-8000-000000000001', 'conduct_matter', {met}, '2023/184392', 'CM-2023-00117', false,
        '2023-01-16', '2023-01-16', '2023-01-17', 'determinations_made', 'independent',
        'Two officers sent to a call reporting a firearm passed incorrect information to the control room, did not investigate or record the report properly and made offensive comments about the callers. Independent investigation of the officers, of whether race or mental ill health influenced them, and of the handling of the calls.',
        '2022-12-04', 'London',
        'Another Metropolitan Police team reviewing body-worn video for a linked shooting saw the officers'' conduct. There was no complaint.',
        {investigator});

insert into referral (referral_id, case_id, referral_type, referred_on, referred_by, decision, decided_on,
                      decided_by, decided_mode, rationale)
values ('5ce00001-0005-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001', 'mandatory',
        '2023-01-17', {psd}, 'investigate', '2023-01-26', {caseworker}, 'independent',
        'The behaviour may have been aggravated by discrimination and the handling of a firearms call raises public concern: an independent investigation is needed to secure confidence.');
insert into referral_referral_ground (referral_id, ground_code)
values ('5ce00001-0005-4000-8000-000000000001', 'discrimination_aggravated');

insert into investigation (investigation_id, case_id, mode, terms_of_reference, investigator_name,
                           investigator_id, started_on, report_submitted_on)
values ('5ce00001-0006-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001', 'independent',
        '1. Whether Officer A and Officer B investigated and recorded the report properly and passed accurate information to the control room. 2. Whether their comments about the callers were discriminatory, and whether the callers'' race or mental ill health influenced how the officers dealt with them. 3. Whether the 999 calls were handled and assessed in line with policy, including the firearms assessment. 4. Whether any person serving with the police may have committed a criminal offence or behaved in a manner that would justify disciplinary proceedings.',
        'IOPC lead investigator', {investigator}, '2023-01-30', '2024-06-28');

insert into investigation_notice (investigation_notice_id, investigation_id, kind, sent_on, notice_text, created_by)
values ('5ce00001-000d-4000-8000-000000000001', '5ce00001-0006-4000-8000-000000000001', 'twelve_month', '2024-01-30',
        'The investigation has run for twelve months. Interviews are complete and the evidence is being analysed; the report is expected by the end of June 2024. The time taken reflects the volume of body-worn video and call recordings to be reviewed.',
        {investigator});

insert into evidence_item (evidence_item_id, case_id, description, source, received_on, created_by) values
    ('5ce00001-0007-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001', 'Body-worn video of Officer A and Officer B at the address', 'Metropolitan Police Service', '2023-01-30', {investigator}),
    ('5ce00001-0007-4000-8000-000000000002', '5ce00001-0001-4000-8000-000000000001', 'Radio transmissions between the officers and the control room', 'Metropolitan Police Service control room', '2023-02-01', {investigator}),
    ('5ce00001-0007-4000-8000-000000000003', '5ce00001-0001-4000-8000-000000000001', 'Recordings of the 999 calls', 'Metropolitan Police Service control room', '2023-02-01', {investigator}),
    ('5ce00001-0007-4000-8000-000000000004', '5ce00001-0001-4000-8000-000000000001', 'Computer-aided dispatch call logs for the incident', 'Metropolitan Police Service control room', '2023-02-01', {investigator}),
    ('5ce00001-0007-4000-8000-000000000005', '5ce00001-0001-4000-8000-000000000001', 'Crime reports for the incident and the linked shooting', 'Metropolitan Police Service', '2023-02-03', {investigator}),
    ('5ce00001-0007-4000-8000-000000000006', '5ce00001-0001-4000-8000-000000000001', 'Statements from the callers, the call handlers and the firearms commander', 'Witnesses', '2023-03-15', {investigator});

insert into subject (subject_id, kind, name, force_id) values
    ('5ce00001-0003-4000-8000-000000000001', 'police_officer', 'Officer A', {met}),
    ('5ce00001-0003-4000-8000-000000000002', 'police_officer', 'Officer B', {met}),
    ('5ce00001-0003-4000-8000-000000000003', 'police_staff', 'Call handler A', {met}),
    ('5ce00001-0003-4000-8000-000000000004', 'police_staff', 'Call handler B', {met});

-- authority_view is one value per subject. The force agreed with the IOPC on Officer A's first
-- allegation (failing to investigate or record; inaccurate information to control) and
-- disagreed on the second (offensive comments): Officer A is recorded as 'disagreed', because
-- the IOPC had to direct the gross misconduct hearing over the force's objection; the view per
-- allegation is in the record_authority_view audit event.
insert into case_subject (case_subject_id, case_id, subject_id, stage, special_procedures, severity,
                          severity_assessed_on, notice_served_on, interviewed_on, under_caution, opinion,
                          opinion_given_on, determination, determined_by, determined_on, authority_view,
                          barred_list, left_force) values
    ('5ce00001-0004-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001', '5ce00001-0003-4000-8000-000000000001',
     'concluded', true, 'gross_misconduct', '2023-02-06', '2023-02-09', '2023-05-10', true,
     'case_to_answer_gross_misconduct', '2024-06-28', 'case_to_answer_gross_misconduct', 'iopc', '2024-09-05', 'disagreed',
     true, true),
    ('5ce00001-0004-4000-8000-000000000002', '5ce00001-0001-4000-8000-000000000001', '5ce00001-0003-4000-8000-000000000002',
     'reflective_practice', true, 'misconduct', '2023-02-06', '2023-02-09', '2023-05-11', true,
     'case_to_answer_misconduct', '2024-06-28', 'case_to_answer_misconduct', 'iopc', '2024-09-05', 'disagreed',
     false, false),
    ('5ce00001-0004-4000-8000-000000000003', '5ce00001-0001-4000-8000-000000000001', '5ce00001-0003-4000-8000-000000000003',
     'no_case_to_answer', false, null, null, null, null, null,
     'no_case_to_answer', '2024-06-28', 'no_case_to_answer', 'iopc', '2024-09-05', 'agreed',
     false, false),
    ('5ce00001-0004-4000-8000-000000000004', '5ce00001-0001-4000-8000-000000000001', '5ce00001-0003-4000-8000-000000000004',
     'no_case_to_answer', false, null, null, null, null, null,
     'no_case_to_answer', '2024-06-28', 'no_case_to_answer', 'iopc', '2024-09-05', 'agreed',
     false, false);

insert into allegation (allegation_id, case_id, category_code, subcategory_code, description, handling_type) values
    ('5ce00001-0002-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001', 'delivery-of-duties-and-service', 'police-action-following-contact',
     'Officer A failed to investigate or record the report and passed inaccurate information to the control room.', 'independent_investigation'),
    ('5ce00001-0002-4000-8000-000000000002', '5ce00001-0001-4000-8000-000000000001', 'discriminatory-behaviour', 'race',
     'Officer A made offensive comments about the callers.', 'independent_investigation'),
    ('5ce00001-0002-4000-8000-000000000003', '5ce00001-0001-4000-8000-000000000001', 'discriminatory-behaviour', 'race',
     'Officer B passed incorrect information to the control room and made offensive comments about the callers.', 'independent_investigation'),
    ('5ce00001-0002-4000-8000-000000000004', '5ce00001-0001-4000-8000-000000000001', 'delivery-of-duties-and-service', 'police-action-following-contact',
     'The 999 calls were not handled or assessed in line with policy, including the firearms assessment.', 'independent_investigation');

insert into allegation_subject (allegation_id, case_subject_id, case_id) values
    ('5ce00001-0002-4000-8000-000000000001', '5ce00001-0004-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001'),
    ('5ce00001-0002-4000-8000-000000000002', '5ce00001-0004-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001'),
    ('5ce00001-0002-4000-8000-000000000003', '5ce00001-0004-4000-8000-000000000002', '5ce00001-0001-4000-8000-000000000001'),
    ('5ce00001-0002-4000-8000-000000000004', '5ce00001-0004-4000-8000-000000000003', '5ce00001-0001-4000-8000-000000000001'),
    ('5ce00001-0002-4000-8000-000000000004', '5ce00001-0004-4000-8000-000000000004', '5ce00001-0001-4000-8000-000000000001');

insert into proceedings (proceedings_id, case_subject_id, form, notice_given_on, held_on, panel, finding, outcome, concluded_on)
values ('5ce00001-0008-4000-8000-000000000001', '5ce00001-0004-4000-8000-000000000001', 'misconduct_hearing',
        '2025-03-03', '2025-07-14', 'Legally qualified chair and two panel members',
        'gross_misconduct_proven', 'would_have_been_dismissed', '2025-07-18');
insert into proceedings_allegation_finding (proceedings_id, allegation_id, finding) values
    ('5ce00001-0008-4000-8000-000000000001', '5ce00001-0002-4000-8000-000000000001', 'gross_misconduct_proven'),
    ('5ce00001-0008-4000-8000-000000000001', '5ce00001-0002-4000-8000-000000000002', 'gross_misconduct_proven');

insert into recommendation (recommendation_id, case_id, recipient_force_id, title, recommendation_text, made_on, response_due_on, stage)
values
    ('5ce00001-0009-4000-8000-000000000001', '5ce00001-0001-4000-8000-000000000001', {met},
     'Firearms-response assessment procedures',
     'The Metropolitan Police Service should review its procedures for assessing calls that report a firearm, so that the control room records the assessment, the information it relied on and the response decided, and checks information passed back by attending officers against what the callers reported.',
     '2025-09-15', date '2025-09-15' + 56, 'made'),
    ('5ce00001-0009-4000-8000-000000000002', '5ce00001-0001-4000-8000-000000000001', {met},
     'Oversight of incidents assessed by a firearms commander',
     'The Metropolitan Police Service should make sure that incidents assessed by a firearms commander but not declared firearms incidents are overseen to their conclusion: a named supervisor should confirm that attending officers have investigated and recorded the report, and the firearms commander should be told the result.',
     '2025-09-15', date '2025-09-15' + 56, 'made');

insert into audit_event (case_id, entity_kind, entity_id, actor_id, actor_role, occurred_at, action, from_state, to_state, details) values
    ('5ce00001-0001-4000-8000-000000000001', 'case', '5ce00001-0001-4000-8000-000000000001', {psd}, 'force_psd', '2023-01-16 10:00+00', 'log', null, 'logged',
     jsonb_build_object('summary', 'Matter logged after body-worn video reviewed for a linked shooting showed how two officers handled a firearms call.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case', '5ce00001-0001-4000-8000-000000000001', {psd}, 'force_psd', '2023-01-17 09:30+00', 'record', 'logged', 'recorded',
     jsonb_build_object('summary', 'Recorded as a conduct matter: no complaint was made.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case', '5ce00001-0001-4000-8000-000000000001', {psd}, 'force_psd', '2023-01-17 15:00+00', 'refer', 'recorded', 'referred',
     jsonb_build_object('summary', 'Referred to the IOPC: mandatory referral, behaviour aggravated by discrimination.', 'referral_type', 'mandatory', 'grounds', jsonb_build_array('discrimination_aggravated'))),
    ('5ce00001-0001-4000-8000-000000000001', 'case', '5ce00001-0001-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2023-01-26 11:00+00', 'decide_investigation', 'referred', 'under_investigation',
     jsonb_build_object('summary', 'The IOPC decided on an independent investigation of the two officers, including whether race or mental ill health influenced them, and of the call handling.', 'mode', 'independent')),
    ('5ce00001-0001-4000-8000-000000000001', 'evidence_item', '5ce00001-0007-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2023-01-30 14:00+00', 'log_evidence', null, null,
     jsonb_build_object('summary', 'Body-worn video logged.')),
    ('5ce00001-0001-4000-8000-000000000001', 'evidence_item', '5ce00001-0007-4000-8000-000000000002', {investigator}, 'iopc_investigator', '2023-02-01 10:00+00', 'log_evidence', null, null,
     jsonb_build_object('summary', 'Radio transmissions logged.')),
    ('5ce00001-0001-4000-8000-000000000001', 'evidence_item', '5ce00001-0007-4000-8000-000000000003', {investigator}, 'iopc_investigator', '2023-02-01 10:05+00', 'log_evidence', null, null,
     jsonb_build_object('summary', '999 call recordings logged.')),
    ('5ce00001-0001-4000-8000-000000000001', 'evidence_item', '5ce00001-0007-4000-8000-000000000004', {investigator}, 'iopc_investigator', '2023-02-01 10:10+00', 'log_evidence', null, null,
     jsonb_build_object('summary', 'Call logs logged.')),
    ('5ce00001-0001-4000-8000-000000000001', 'evidence_item', '5ce00001-0007-4000-8000-000000000005', {investigator}, 'iopc_investigator', '2023-02-03 12:00+00', 'log_evidence', null, null,
     jsonb_build_object('summary', 'Crime reports logged.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2023-02-06 10:00+00', 'assess_severity', 'identified', 'severity_assessed',
     jsonb_build_object('summary', 'Officer A: the conduct would be gross misconduct if proved.', 'severity', 'gross_misconduct')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000002', {investigator}, 'iopc_investigator', '2023-02-06 10:05+00', 'assess_severity', 'identified', 'severity_assessed',
     jsonb_build_object('summary', 'Officer B: the conduct would be misconduct if proved.', 'severity', 'misconduct')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2023-02-09 11:00+00', 'serve_notice', 'severity_assessed', 'notice_served',
     jsonb_build_object('summary', 'Officer A served written notice that their conduct is under investigation.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000002', {investigator}, 'iopc_investigator', '2023-02-09 11:05+00', 'serve_notice', 'severity_assessed', 'notice_served',
     jsonb_build_object('summary', 'Officer B served written notice that their conduct is under investigation.')),
    ('5ce00001-0001-4000-8000-000000000001', 'evidence_item', '5ce00001-0007-4000-8000-000000000006', {investigator}, 'iopc_investigator', '2023-03-15 16:00+00', 'log_evidence', null, null,
     jsonb_build_object('summary', 'Witness statements logged.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2023-05-10 10:00+00', 'interview', 'notice_served', 'interviewed',
     jsonb_build_object('summary', 'Officer A interviewed under caution.', 'under_caution', true)),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000002', {investigator}, 'iopc_investigator', '2023-05-11 10:00+00', 'interview', 'notice_served', 'interviewed',
     jsonb_build_object('summary', 'Officer B interviewed under caution.', 'under_caution', true)),
    ('5ce00001-0001-4000-8000-000000000001', 'investigation', '5ce00001-0006-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2024-01-30 09:00+00', 'send_progress_notice', null, null,
     jsonb_build_object('summary', 'Twelve-month progress notice sent.', 'kind', 'twelve_month')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2024-06-28 10:00+00', 'give_opinion', 'interviewed', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Officer A: case to answer for gross misconduct.', 'opinion', 'case_to_answer_gross_misconduct')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000002', {investigator}, 'iopc_investigator', '2024-06-28 10:05+00', 'give_opinion', 'interviewed', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Officer B: case to answer for misconduct.', 'opinion', 'case_to_answer_misconduct')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000003', {investigator}, 'iopc_investigator', '2024-06-28 10:10+00', 'give_opinion', 'identified', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Call handler A: no case to answer; the call handling was reasonable.', 'opinion', 'no_case_to_answer')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000004', {investigator}, 'iopc_investigator', '2024-06-28 10:15+00', 'give_opinion', 'identified', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Call handler B: no case to answer; the call handling was reasonable.', 'opinion', 'no_case_to_answer')),
    ('5ce00001-0001-4000-8000-000000000001', 'case', '5ce00001-0001-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2024-06-28 16:00+00', 'submit_report', 'under_investigation', 'report_received',
     jsonb_build_object('summary', 'Investigation report submitted to the IOPC. No indication that anyone committed a criminal offence.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2024-09-05 10:00+00', 'determine', 'opinion_given', 'case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Officer A has a case to answer for gross misconduct on both allegations.', 'determination', 'case_to_answer_gross_misconduct')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000002', {caseworker}, 'iopc_caseworker', '2024-09-05 10:05+00', 'determine', 'opinion_given', 'case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Officer B has a case to answer for misconduct.', 'determination', 'case_to_answer_misconduct')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000003', {caseworker}, 'iopc_caseworker', '2024-09-05 10:10+00', 'determine', 'opinion_given', 'no_case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Call handler A has no case to answer.', 'determination', 'no_case_to_answer')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000004', {caseworker}, 'iopc_caseworker', '2024-09-05 10:15+00', 'determine', 'opinion_given', 'no_case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Call handler B has no case to answer.', 'determination', 'no_case_to_answer')),
    ('5ce00001-0001-4000-8000-000000000001', 'case', '5ce00001-0001-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2024-09-05 10:30+00', 'complete_determinations', 'report_received', 'determinations_made',
     jsonb_build_object('summary', 'Every subject has an IOPC determination.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {psd}, 'force_psd', '2024-09-12 10:00+00', 'record_authority_view', 'case_to_answer', 'case_to_answer',
     jsonb_build_object('summary', 'The force agreed that Officer A has a case to answer for gross misconduct for failing to investigate or record and for giving inaccurate information to control, but disagreed on the offensive comments. Recorded as disagreed.',
                        'authority_view', 'disagreed',
                        'by_allegation', jsonb_build_object('5ce00001-0002-4000-8000-000000000001', 'agreed', '5ce00001-0002-4000-8000-000000000002', 'disagreed'))),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000002', {psd}, 'force_psd', '2024-09-12 10:05+00', 'record_authority_view', 'case_to_answer', 'case_to_answer',
     jsonb_build_object('summary', 'The force disagreed that Officer B has a case to answer for misconduct.', 'authority_view', 'disagreed')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000003', {psd}, 'force_psd', '2024-09-12 10:10+00', 'record_authority_view', 'no_case_to_answer', 'no_case_to_answer',
     jsonb_build_object('summary', 'The force agreed that Call handler A has no case to answer.', 'authority_view', 'agreed')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000004', {psd}, 'force_psd', '2024-09-12 10:15+00', 'record_authority_view', 'no_case_to_answer', 'no_case_to_answer',
     jsonb_build_object('summary', 'The force agreed that Call handler B has no case to answer.', 'authority_view', 'agreed')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2024-09-26 10:00+00', 'bring_proceedings', 'case_to_answer', 'proceedings_pending',
     jsonb_build_object('summary', 'The IOPC directed the force to bring proceedings against Officer A as a gross misconduct hearing.', 'form', 'misconduct_hearing', 'directed_by_iopc', true)),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000002', {psd}, 'force_psd', '2024-09-26 11:00+00', 'direct_reflective_practice', 'case_to_answer', 'reflective_practice',
     jsonb_build_object('summary', 'Officer B to be dealt with through the reflective practice review process.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {psd}, 'force_psd', '2025-01-20 10:00+00', 'record_left_force', 'proceedings_pending', 'proceedings_pending',
     jsonb_build_object('summary', 'Officer A has left the force; the hearing goes ahead.')),
    ('5ce00001-0001-4000-8000-000000000001', 'case_subject', '5ce00001-0004-4000-8000-000000000001', {psd}, 'force_psd', '2025-07-18 16:00+00', 'record_proceedings_outcome', 'proceedings_pending', 'concluded',
     jsonb_build_object('summary', 'Gross misconduct hearing: breaches of authority, respect and courtesy; duties and responsibilities; honesty and integrity; equality and diversity. Gross misconduct proven; Officer A would have been dismissed had they still been serving and is placed on the barred list.',
                        'form', 'misconduct_hearing', 'finding', 'gross_misconduct_proven', 'outcome', 'would_have_been_dismissed', 'barred_list', true,
                        'standards_breached', jsonb_build_array('authority, respect and courtesy', 'duties and responsibilities', 'honesty and integrity', 'equality and diversity'))),
    ('5ce00001-0001-4000-8000-000000000001', 'recommendation', '5ce00001-0009-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2025-09-15 10:00+00', 'make_recommendation', null, 'made',
     jsonb_build_object('summary', 'Learning recommendation to the Metropolitan Police Service on firearms-response assessment procedures; response due in 56 days.')),
    ('5ce00001-0001-4000-8000-000000000001', 'recommendation', '5ce00001-0009-4000-8000-000000000002', {caseworker}, 'iopc_caseworker', '2025-09-15 10:05+00', 'make_recommendation', null, 'made',
     jsonb_build_object('summary', 'Learning recommendation to the Metropolitan Police Service on oversight of incidents assessed by a firearms commander but not declared firearms incidents; response due in 56 days.'));

-- Facts the workflow's guards read (migration 0013): the matter had to be recorded, referred
-- (discrimination ground) and investigated, and could justify proceedings.
update case_record
   set must_be_recorded = true, must_be_investigated = true, could_justify_proceedings = true
 where case_id = '5ce00001-0001-4000-8000-000000000001';
insert into case_referral_ground (case_id, ground_code)
values ('5ce00001-0001-4000-8000-000000000001', 'discrimination_aggravated');
