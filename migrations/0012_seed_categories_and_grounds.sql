-- Allegation categories and referral grounds: reference data an administrator can change.

-- Top-level allegation categories of the IOPC's Guidance on capturing data about police
-- complaints (published February 2020, updated January 2021). The list is marked unverified in
-- domain.md: the names below are the eleven top-level categories as best known; the guidance
-- also has sub-categories, not seeded here (add them as rows, or a later migration may add a
-- parent_code column). Codes are stable; names and descriptions may be edited.
insert into allegation_category (code, name, description, sort_order) values
    ('delivery-of-duties-and-service', 'Delivery of duties and service',
     'The police did not provide the expected level of service, e.g. a lack of or inadequate police action, or not following procedures. The most common category.', 10),
    ('police-powers-policies-and-procedures', 'Police powers, policies and procedures',
     'Use of police powers and related policies and procedures, e.g. arrest, stop and search, search of premises, detention, bail, seizure.', 20),
    ('handling-of-or-damage-to-property-premises', 'Handling of or damage to property/premises',
     'Property or premises lost, damaged, retained or handled improperly.', 30),
    ('access-and-or-disclosure-of-information', 'Access and/or disclosure of information',
     'Improper access to, use or disclosure of information, or failure to provide information.', 40),
    ('use-of-police-vehicles', 'Use of police vehicles',
     'The manner of driving or use of police vehicles.', 50),
    ('abuse-of-position-corruption', 'Abuse of position/corruption',
     'Abuse of position for personal gain, for a sexual purpose or to pursue an improper emotional relationship; other corrupt practice.', 60),
    ('discriminatory-behaviour', 'Discriminatory behaviour',
     'Behaviour that discriminates on the grounds of a protected characteristic (e.g. race, sex, religion, disability, sexual orientation, age).', 70),
    ('individual-behaviours', 'Individual behaviours',
     'The attitude or behaviour of an individual, e.g. impolite language or tone, overbearing or harassing behaviour, lack of fairness and impartiality.', 80),
    ('sexual-conduct', 'Sexual conduct',
     'Sexual assault, sexual harassment and other sexual conduct.', 90),
    ('use-of-force', 'Use of force',
     'Force used, including restraint, handcuffs, Taser, irritant spray, batons, firearms and police dogs.', 100),
    ('detention-in-police-custody', 'Detention in police custody',
     'The care, treatment and conditions of a person detained in police custody.', 110);

-- Referral grounds. Mandatory grounds: PRA 2002 Sch 3 para 4(1) and CMR 2020 reg 4 for
-- complaints, para 13 and CMR 2020 reg 7 for conduct matters, Part 2A (para 14C) for DSI
-- matters (domain.md section B). The exact sub-paragraph of each is not cited: unverified.
insert into referral_ground (code, description, mandatory, legal_source, sort_order) values
    ('death_or_serious_injury',
     'Death or serious injury: the conduct complained of (or the matter) involves someone who died or was seriously injured. All DSI matters are referred.',
     true, 'PRA 2002 Sch 3 para 4(1)(a), para 13, para 14C; CMR 2020 regs 4, 7', 10),
    ('serious_assault',
     'A serious assault by a person serving with the police.',
     true, 'PRA 2002 Sch 3 paras 4, 13; CMR 2020 regs 4, 7', 20),
    ('serious_sexual_offence',
     'A serious sexual offence.',
     true, 'PRA 2002 Sch 3 paras 4, 13; CMR 2020 regs 4, 7', 30),
    ('serious_corruption',
     'Serious corruption, including abuse of position for a sexual purpose or to pursue an improper emotional relationship.',
     true, 'PRA 2002 Sch 3 paras 4, 13; CMR 2020 regs 4, 7', 40),
    ('discrimination_aggravated',
     'A criminal offence, or behaviour liable to lead to disciplinary proceedings, aggravated by discriminatory behaviour on the grounds of race, sex, religion or other status.',
     true, 'PRA 2002 Sch 3 paras 4, 13; CMR 2020 regs 4, 7', 50),
    ('relevant_offence',
     'A relevant offence: one for which the sentence is fixed by law, or for which a first-time adult offender may be sentenced to imprisonment for a term of seven years.',
     true, 'PRA 2002 Sch 3 paras 4, 13; CMR 2020 regs 4, 7', 60),
    ('same_incident',
     'Arises from the same incident as a matter on one of the other mandatory grounds.',
     true, 'PRA 2002 Sch 3 paras 4, 13; CMR 2020 regs 4, 7', 70),
    ('chief_officer',
     'About a chief officer or the Deputy Commissioner of the Metropolitan Police, where the appropriate authority cannot satisfy itself from the complaint alone that the conduct would not justify criminal or disciplinary proceedings.',
     true, 'PRA 2002 Sch 3 para 4; CMR 2020 reg 4', 80),
    ('gravity_or_exceptional_circumstances',
     'Voluntary referral: the gravity of the matter or exceptional circumstances (the appropriate authority, or the local policing body where the chief officer is the subject).',
     false, 'PRA 2002 Sch 3 paras 4, 13', 90);
