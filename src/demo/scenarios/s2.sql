-- S2. Calls for assistance (Metropolitan Police Service, June 2018; IOPC reference 2018/104370).
-- A legacy complaint (pre-2020 rules): recorded, referred on the serious-injury ground,
-- investigated independently; every subject no case to answer; both allegations not upheld
-- (a legacy outcome); outcome notified; three learning recommendations accepted and published;
-- case closed.
--
-- Placeholders filled in by scenarios.rs: {met}, {caseworker}, {investigator}, {psd}.

insert into person (person_id, full_name, preferred_language)
values ('5ce00002-000a-4000-8000-000000000001', 'Complainant in 2018/104370', 'en');

insert into case_record (case_id, kind, force_id, iopc_reference, force_reference, legacy, received_on, logged_on,
                         recorded_on, schedule3, stage, investigation_mode, summary, incident_date, incident_place,
                         what_complainant_wants, dsi_kind, dsi_context, assigned_to, outcome_notified_on,
                         review_right, closed_on)
values ('5ce00002-0001-4000-8000-000000000001', 'complaint', {met}, '2018/104370', 'CO-2018-06512', true,
        '2018-06-12', '2018-06-12', '2018-06-13', true, 'closed', 'independent',
        'A woman complains about the police response to her 999 calls: a unit sent to her was diverted and the call never reallocated, and a marker had been removed from her address. She was seriously injured after the calls.',
        '2018-06-05', 'London',
        'To know why no officers came when she called 999, and for the force to make sure it does not happen to anyone else.',
        'serious_injury', 'contact', {caseworker}, '2019-07-04', false, '2019-09-13');

insert into case_complainant (case_complainant_id, case_id, person_id, role)
values ('5ce00002-000b-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001', '5ce00002-000a-4000-8000-000000000001', 'complainant');

insert into referral (referral_id, case_id, referral_type, referred_on, referred_by, decision, decided_on,
                      decided_by, decided_mode, rationale)
values ('5ce00002-0005-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001', 'mandatory',
        '2018-06-13', {psd}, 'investigate', '2018-06-19', {caseworker}, 'independent',
        'The complainant was seriously injured after contact with the police; the seriousness and the public interest call for an independent investigation.');
insert into referral_referral_ground (referral_id, ground_code)
values ('5ce00002-0005-4000-8000-000000000001', 'death_or_serious_injury');

insert into investigation (investigation_id, case_id, mode, terms_of_reference, investigator_name,
                           investigator_id, started_on, report_submitted_on)
values ('5ce00002-0006-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001', 'independent',
        '1. Whether the control room graded, dispatched and reallocated the response to the 999 calls in line with policy. 2. Why the unit sent to the calls was diverted and whether the call was returned for reallocation. 3. Why the marker on the complainant''s address was removed and whether that followed policy. 4. Whether any person serving with the police may have committed a criminal offence or behaved in a manner that would justify disciplinary proceedings.',
        'IOPC lead investigator', {investigator}, '2018-06-21', '2019-06-14');

insert into evidence_item (evidence_item_id, case_id, description, source, received_on, created_by) values
    ('5ce00002-0007-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001', 'Recordings of the 999 calls', 'Metropolitan Police Service control room', '2018-06-22', {investigator}),
    ('5ce00002-0007-4000-8000-000000000002', '5ce00002-0001-4000-8000-000000000001', 'Computer-aided dispatch incident reports and radio transmissions', 'Metropolitan Police Service control room', '2018-06-22', {investigator}),
    ('5ce00002-0007-4000-8000-000000000003', '5ce00002-0001-4000-8000-000000000001', 'Force policies on call grading, reallocation of diverted units and address markers', 'Metropolitan Police Service', '2018-07-10', {investigator}),
    ('5ce00002-0007-4000-8000-000000000004', '5ce00002-0001-4000-8000-000000000001', 'Interview records of the control-room staff and the two officers', 'IOPC', '2018-11-30', {investigator});

insert into subject (subject_id, kind, name, force_id) values
    ('5ce00002-0003-4000-8000-000000000001', 'police_staff', 'Control room staff member A', {met}),
    ('5ce00002-0003-4000-8000-000000000002', 'police_staff', 'Control room staff member B', {met}),
    ('5ce00002-0003-4000-8000-000000000003', 'police_officer', 'Officer A', {met}),
    ('5ce00002-0003-4000-8000-000000000004', 'police_officer', 'Officer B', {met});

insert into case_subject (case_subject_id, case_id, subject_id, stage, special_procedures, severity,
                          severity_assessed_on, notice_served_on, interviewed_on, under_caution, opinion,
                          opinion_given_on, determination, determined_by, determined_on, authority_view) values
    ('5ce00002-0004-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001', '5ce00002-0003-4000-8000-000000000001',
     'no_case_to_answer', false, null, null, null, '2018-10-16', false,
     'no_case_to_answer', '2019-06-14', 'no_case_to_answer', 'iopc', '2019-06-28', 'agreed'),
    ('5ce00002-0004-4000-8000-000000000002', '5ce00002-0001-4000-8000-000000000001', '5ce00002-0003-4000-8000-000000000002',
     'no_case_to_answer', false, null, null, null, '2018-10-17', false,
     'no_case_to_answer', '2019-06-14', 'no_case_to_answer', 'iopc', '2019-06-28', 'agreed'),
    ('5ce00002-0004-4000-8000-000000000003', '5ce00002-0001-4000-8000-000000000001', '5ce00002-0003-4000-8000-000000000003',
     'no_case_to_answer', true, 'misconduct', '2018-07-02', '2018-07-04', '2018-11-06', false,
     'no_case_to_answer', '2019-06-14', 'no_case_to_answer', 'iopc', '2019-06-28', 'agreed'),
    ('5ce00002-0004-4000-8000-000000000004', '5ce00002-0001-4000-8000-000000000001', '5ce00002-0003-4000-8000-000000000004',
     'no_case_to_answer', true, 'misconduct', '2018-07-02', '2018-07-04', '2018-11-07', false,
     'no_case_to_answer', '2019-06-14', 'no_case_to_answer', 'iopc', '2019-06-28', 'agreed');

insert into allegation (allegation_id, case_id, category_code, subcategory_code, description, handling_type, outcome, outcome_detail) values
    ('5ce00002-0002-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001', 'delivery-of-duties-and-service', 'police-action-following-contact',
     'A unit sent to her 999 calls was diverted to another incident and the call was never reallocated, so no officers attended.',
     'independent_investigation', 'not_upheld',
     'Not upheld: no indication that anyone behaved in a manner justifying disciplinary proceedings or committed a criminal offence. The officers are to take learning on acknowledging radio transmissions.'),
    ('5ce00002-0002-4000-8000-000000000002', '5ce00002-0001-4000-8000-000000000001', 'access-and-or-disclosure-of-information', 'handling-of-information',
     'A marker on her address, which would have flagged her calls for an urgent response, had been removed.',
     'independent_investigation', 'not_upheld',
     'Not upheld: no indication that anyone behaved in a manner justifying disciplinary proceedings or committed a criminal offence. The force is to review how address markers are removed.');

insert into allegation_subject (allegation_id, case_subject_id, case_id) values
    ('5ce00002-0002-4000-8000-000000000001', '5ce00002-0004-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001'),
    ('5ce00002-0002-4000-8000-000000000001', '5ce00002-0004-4000-8000-000000000003', '5ce00002-0001-4000-8000-000000000001'),
    ('5ce00002-0002-4000-8000-000000000001', '5ce00002-0004-4000-8000-000000000004', '5ce00002-0001-4000-8000-000000000001'),
    ('5ce00002-0002-4000-8000-000000000002', '5ce00002-0004-4000-8000-000000000002', '5ce00002-0001-4000-8000-000000000001');

insert into recommendation (recommendation_id, case_id, recipient_force_id, title, recommendation_text, made_on,
                            response_due_on, stage, response, response_action, response_received_on, published_on,
                            publication_summary) values
    ('5ce00002-0009-4000-8000-000000000001', '5ce00002-0001-4000-8000-000000000001', {met},
     'Acknowledging radio transmissions',
     'The Metropolitan Police Service should remind officers and control-room staff that a radio transmission allocating or diverting a unit must be acknowledged, and that the control room must confirm an unacknowledged transmission before treating the call as resourced.',
     '2019-07-10', date '2019-07-10' + 56, 'published', 'accepted',
     'Accepted. A reminder on acknowledging radio transmissions was issued to all response officers and control-room staff, and acknowledgement is now covered in control-room refresher training.',
     '2019-08-29', '2019-09-12',
     'The force accepted the recommendation and reminded officers and control-room staff to acknowledge radio transmissions.'),
    ('5ce00002-0009-4000-8000-000000000002', '5ce00002-0001-4000-8000-000000000001', {met},
     'Reallocation of diverted units',
     'The Metropolitan Police Service should make sure that when a unit is diverted from an emergency call the call goes back for reallocation at once, and that a supervisor is alerted if it has not been reallocated within the target attendance time.',
     '2019-07-10', date '2019-07-10' + 56, 'published', 'accepted',
     'Accepted. The dispatch system now returns a call to the queue when its unit is diverted, and control-room supervisors receive an alert for emergency calls left unresourced beyond the target time.',
     '2019-08-29', '2019-09-12',
     'The force accepted the recommendation and changed how diverted emergency calls are returned for reallocation.'),
    ('5ce00002-0009-4000-8000-000000000003', '5ce00002-0001-4000-8000-000000000001', {met},
     'Removal of address markers',
     'The Metropolitan Police Service should review its procedure for removing address markers so that a marker is removed only after a documented review that considers the people it protects, with the reason recorded.',
     '2019-07-10', date '2019-07-10' + 56, 'published', 'accepted',
     'Accepted. The address-marker procedure was revised: removal now needs a supervisor''s documented review and a recorded reason, and markers for vulnerable callers are reviewed with the local safeguarding team.',
     '2019-08-29', '2019-09-12',
     'The force accepted the recommendation and revised its procedure for removing address markers.');

insert into audit_event (case_id, entity_kind, entity_id, actor_id, actor_role, occurred_at, action, from_state, to_state, details) values
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {psd}, 'force_psd', '2018-06-12 10:00+00', 'log', null, 'logged',
     jsonb_build_object('summary', 'Complaint about the police response to 999 calls logged.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {psd}, 'force_psd', '2018-06-13 09:30+00', 'record', 'logged', 'recorded',
     jsonb_build_object('summary', 'Complaint recorded (pre-2020 rules) with two allegations.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {psd}, 'force_psd', '2018-06-13 15:00+00', 'refer', 'recorded', 'referred',
     jsonb_build_object('summary', 'Referred to the IOPC: mandatory referral, serious injury after police contact.', 'referral_type', 'mandatory', 'grounds', jsonb_build_array('death_or_serious_injury'))),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2018-06-19 11:00+00', 'decide_investigation', 'referred', 'under_investigation',
     jsonb_build_object('summary', 'The IOPC decided on an independent investigation.', 'mode', 'independent')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000003', {investigator}, 'iopc_investigator', '2018-07-02 10:00+00', 'assess_severity', 'identified', 'severity_assessed',
     jsonb_build_object('summary', 'Officer A: the conduct would be misconduct if proved.', 'severity', 'misconduct')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000004', {investigator}, 'iopc_investigator', '2018-07-02 10:05+00', 'assess_severity', 'identified', 'severity_assessed',
     jsonb_build_object('summary', 'Officer B: the conduct would be misconduct if proved.', 'severity', 'misconduct')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000003', {investigator}, 'iopc_investigator', '2018-07-04 10:00+00', 'serve_notice', 'severity_assessed', 'notice_served',
     jsonb_build_object('summary', 'Officer A served written notice of the investigation.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000004', {investigator}, 'iopc_investigator', '2018-07-04 10:05+00', 'serve_notice', 'severity_assessed', 'notice_served',
     jsonb_build_object('summary', 'Officer B served written notice of the investigation.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2018-10-16 10:00+00', 'interview', 'identified', 'interviewed',
     jsonb_build_object('summary', 'Control room staff member A interviewed.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000002', {investigator}, 'iopc_investigator', '2018-10-17 10:00+00', 'interview', 'identified', 'interviewed',
     jsonb_build_object('summary', 'Control room staff member B interviewed.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000003', {investigator}, 'iopc_investigator', '2018-11-06 10:00+00', 'interview', 'notice_served', 'interviewed',
     jsonb_build_object('summary', 'Officer A interviewed.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000004', {investigator}, 'iopc_investigator', '2018-11-07 10:00+00', 'interview', 'notice_served', 'interviewed',
     jsonb_build_object('summary', 'Officer B interviewed.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2019-06-14 10:00+00', 'give_opinion', 'interviewed', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Control room staff member A: no case to answer.', 'opinion', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000002', {investigator}, 'iopc_investigator', '2019-06-14 10:05+00', 'give_opinion', 'interviewed', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Control room staff member B: no case to answer.', 'opinion', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000003', {investigator}, 'iopc_investigator', '2019-06-14 10:10+00', 'give_opinion', 'interviewed', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Officer A: no case to answer.', 'opinion', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000004', {investigator}, 'iopc_investigator', '2019-06-14 10:15+00', 'give_opinion', 'interviewed', 'opinion_given',
     jsonb_build_object('summary', 'Opinion on Officer B: no case to answer.', 'opinion', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {investigator}, 'iopc_investigator', '2019-06-14 16:00+00', 'submit_report', 'under_investigation', 'report_received',
     jsonb_build_object('summary', 'Investigation completed and report submitted: no indication that anyone behaved in a manner justifying disciplinary proceedings or committed a criminal offence.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2019-06-28 10:00+00', 'determine', 'opinion_given', 'no_case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Control room staff member A has no case to answer.', 'determination', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000002', {caseworker}, 'iopc_caseworker', '2019-06-28 10:05+00', 'determine', 'opinion_given', 'no_case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Control room staff member B has no case to answer.', 'determination', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000003', {caseworker}, 'iopc_caseworker', '2019-06-28 10:10+00', 'determine', 'opinion_given', 'no_case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Officer A has no case to answer.', 'determination', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000004', {caseworker}, 'iopc_caseworker', '2019-06-28 10:15+00', 'determine', 'opinion_given', 'no_case_to_answer',
     jsonb_build_object('summary', 'IOPC determination: Officer B has no case to answer.', 'determination', 'no_case_to_answer')),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2019-06-28 10:30+00', 'complete_determinations', 'report_received', 'determinations_made',
     jsonb_build_object('summary', 'Every subject has an IOPC determination: no case to answer.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000001', {psd}, 'force_psd', '2019-07-01 10:00+00', 'record_authority_view', 'no_case_to_answer', 'no_case_to_answer',
     jsonb_build_object('summary', 'The force agreed.', 'authority_view', 'agreed')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000002', {psd}, 'force_psd', '2019-07-01 10:05+00', 'record_authority_view', 'no_case_to_answer', 'no_case_to_answer',
     jsonb_build_object('summary', 'The force agreed.', 'authority_view', 'agreed')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000003', {psd}, 'force_psd', '2019-07-01 10:10+00', 'record_authority_view', 'no_case_to_answer', 'no_case_to_answer',
     jsonb_build_object('summary', 'The force agreed; Officer A is to take learning on acknowledging radio transmissions.', 'authority_view', 'agreed')),
    ('5ce00002-0001-4000-8000-000000000001', 'case_subject', '5ce00002-0004-4000-8000-000000000004', {psd}, 'force_psd', '2019-07-01 10:15+00', 'record_authority_view', 'no_case_to_answer', 'no_case_to_answer',
     jsonb_build_object('summary', 'The force agreed; Officer B is to take learning on acknowledging radio transmissions.', 'authority_view', 'agreed')),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2019-07-02 10:00+00', 'decide_outcome', 'determinations_made', 'outcome_decided',
     jsonb_build_object('summary', 'Both allegations not upheld; officers to take learning on acknowledging radio transmissions.', 'outcome', 'not_upheld')),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2019-07-04 10:00+00', 'notify_outcome', 'outcome_decided', 'outcome_notified',
     jsonb_build_object('summary', 'The complainant was told the outcome in writing.')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2019-07-10 10:00+00', 'make_recommendation', null, 'made',
     jsonb_build_object('summary', 'Learning recommendation on acknowledging radio transmissions.')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000002', {caseworker}, 'iopc_caseworker', '2019-07-10 10:05+00', 'make_recommendation', null, 'made',
     jsonb_build_object('summary', 'Learning recommendation on reallocating diverted units.')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000003', {caseworker}, 'iopc_caseworker', '2019-07-10 10:10+00', 'make_recommendation', null, 'made',
     jsonb_build_object('summary', 'Learning recommendation on removing address markers.')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000001', {psd}, 'force_psd', '2019-08-29 10:00+00', 'record_response', 'made', 'response_received',
     jsonb_build_object('summary', 'The force accepted the recommendation on radio transmissions.', 'response', 'accepted')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000002', {psd}, 'force_psd', '2019-08-29 10:05+00', 'record_response', 'made', 'response_received',
     jsonb_build_object('summary', 'The force accepted the recommendation on reallocating diverted units.', 'response', 'accepted')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000003', {psd}, 'force_psd', '2019-08-29 10:10+00', 'record_response', 'made', 'response_received',
     jsonb_build_object('summary', 'The force accepted the recommendation on address markers.', 'response', 'accepted')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2019-09-12 10:00+00', 'publish', 'response_received', 'published',
     jsonb_build_object('summary', 'Recommendation and response published.')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000002', {caseworker}, 'iopc_caseworker', '2019-09-12 10:05+00', 'publish', 'response_received', 'published',
     jsonb_build_object('summary', 'Recommendation and response published.')),
    ('5ce00002-0001-4000-8000-000000000001', 'recommendation', '5ce00002-0009-4000-8000-000000000003', {caseworker}, 'iopc_caseworker', '2019-09-12 10:10+00', 'publish', 'response_received', 'published',
     jsonb_build_object('summary', 'Recommendation and response published.')),
    ('5ce00002-0001-4000-8000-000000000001', 'case', '5ce00002-0001-4000-8000-000000000001', {caseworker}, 'iopc_caseworker', '2019-09-13 10:00+00', 'close', 'outcome_notified', 'closed',
     jsonb_build_object('summary', 'Case closed: no review right (legacy independent investigation), recommendations answered and published.'));

-- Facts the workflow's guards read (migration 0013): the complainant wanted the complaint
-- recorded; serious injury after contact meant it had to be recorded, referred and investigated.
update case_record
   set complainant_wants_recording = true, must_be_recorded = true, must_be_investigated = true,
       could_justify_proceedings = true
 where case_id = '5ce00002-0001-4000-8000-000000000001';
insert into case_referral_ground (case_id, ground_code)
values ('5ce00002-0001-4000-8000-000000000001', 'death_or_serious_injury');
