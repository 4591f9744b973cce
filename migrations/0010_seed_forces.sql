-- Local policing bodies and the forces and other bodies under the IOPC's remit, as best known
-- for 2026. Reference data an administrator may correct (e.g. when PCC functions move to a
-- mayor: add the new body, point the force at it, set the old body's active = false).
--
-- Notes on bodies in flux (check before relying on them):
--  * West Midlands: the transfer of PCC functions to the West Midlands mayor, planned for 2024,
--    did not happen then; a PCC was elected in May 2024 and holds office in 2026. The
--    Government has announced PCCs will be abolished at the end of their term (2028), with
--    functions moving to mayors or local boards (as best known, unverified): re-point the force then.
--  * North Yorkshire and South Yorkshire: the mayors took over the PFCC/PCC functions in May
--    2024; Greater Manchester (2017) and West Yorkshire (2021) mayors likewise.
--  * Cumbria: the commissioner took on fire and rescue governance (PFCC) in 2023 (unverified).
--  * Northumbria, Durham, Derbyshire, Nottinghamshire and others in mayoral areas: PCC functions
--    may move to mayors (announced, not in force as best known) - unverified.
--
-- Other bodies under the IOPC's remit (PRA 2002 ss.26-26E and agreements under s.26; the IOPC
-- names MDP, CNC, BTP, HMRC, NCA and the GLAA in its outcomes report 2023/24):
--  * British Transport Police (special police force; British Transport Police Authority).
--  * Ministry of Defence Police (special police force; no local policing body: the Secretary of
--    State for Defence, advised by the Ministry of Defence Police Committee).
--  * Civil Nuclear Constabulary (special police force; Civil Nuclear Police Authority).
--  * HM Revenue and Customs, the National Crime Agency (NCA (Complaints and Misconduct)
--    Regulations 2013), the Home Office immigration and enforcement functions including Border
--    Force, and the Gangmasters and Labour Abuse Authority: each brought under the IOPC by a
--    section of PRA 2002 between ss.26A and 26E and regulations under it (which section covers
--    which body is unverified). None has a local policing body; the Home Office entry is the
--    least certain name (the remit covers immigration and customs enforcement functions).
--  Port and other small police forces under s.26 agreements are not listed (unverified).

insert into local_policing_body (code, name, name_cy, kind) values
    ('avon-and-somerset-pcc', 'Avon and Somerset Police and Crime Commissioner', null, 'pcc'),
    ('bedfordshire-pcc', 'Bedfordshire Police and Crime Commissioner', null, 'pcc'),
    ('cambridgeshire-pcc', 'Cambridgeshire and Peterborough Police and Crime Commissioner', null, 'pcc'),
    ('cheshire-pcc', 'Cheshire Police and Crime Commissioner', null, 'pcc'),
    ('city-of-london', 'Common Council of the City of London', null, 'common_council'),
    ('cleveland-pcc', 'Cleveland Police and Crime Commissioner', null, 'pcc'),
    ('cumbria-pfcc', 'Cumbria Police, Fire and Crime Commissioner', null, 'pfcc'),
    ('derbyshire-pcc', 'Derbyshire Police and Crime Commissioner', null, 'pcc'),
    ('devon-and-cornwall-pcc', 'Devon, Cornwall and the Isles of Scilly Police and Crime Commissioner', null, 'pcc'),
    ('dorset-pcc', 'Dorset Police and Crime Commissioner', null, 'pcc'),
    ('durham-pcc', 'Durham Police and Crime Commissioner', null, 'pcc'),
    ('essex-pfcc', 'Essex Police, Fire and Crime Commissioner', null, 'pfcc'),
    ('gloucestershire-pcc', 'Gloucestershire Police and Crime Commissioner', null, 'pcc'),
    ('greater-manchester-mayor', 'Mayor of Greater Manchester', null, 'mayor'),
    ('hampshire-pcc', 'Hampshire and Isle of Wight Police and Crime Commissioner', null, 'pcc'),
    ('hertfordshire-pcc', 'Hertfordshire Police and Crime Commissioner', null, 'pcc'),
    ('humberside-pcc', 'Humberside Police and Crime Commissioner', null, 'pcc'),
    ('kent-pcc', 'Kent Police and Crime Commissioner', null, 'pcc'),
    ('lancashire-pcc', 'Lancashire Police and Crime Commissioner', null, 'pcc'),
    ('leicestershire-pcc', 'Leicester, Leicestershire and Rutland Police and Crime Commissioner', null, 'pcc'),
    ('lincolnshire-pcc', 'Lincolnshire Police and Crime Commissioner', null, 'pcc'),
    ('merseyside-pcc', 'Merseyside Police and Crime Commissioner', null, 'pcc'),
    ('mopac', 'Mayor''s Office for Policing and Crime', null, 'mayor'),
    ('norfolk-pcc', 'Norfolk Police and Crime Commissioner', null, 'pcc'),
    ('york-and-north-yorkshire-mayor', 'Mayor of York and North Yorkshire', null, 'mayor'),
    ('northamptonshire-pfcc', 'Northamptonshire Police, Fire and Crime Commissioner', null, 'pfcc'),
    ('northumbria-pcc', 'Northumbria Police and Crime Commissioner', null, 'pcc'),
    ('nottinghamshire-pcc', 'Nottinghamshire Police and Crime Commissioner', null, 'pcc'),
    ('south-yorkshire-mayor', 'Mayor of South Yorkshire', null, 'mayor'),
    ('staffordshire-pfcc', 'Staffordshire Commissioner for Police, Fire and Rescue and Crime', null, 'pfcc'),
    ('suffolk-pcc', 'Suffolk Police and Crime Commissioner', null, 'pcc'),
    ('surrey-pcc', 'Surrey Police and Crime Commissioner', null, 'pcc'),
    ('sussex-pcc', 'Sussex Police and Crime Commissioner', null, 'pcc'),
    ('thames-valley-pcc', 'Thames Valley Police and Crime Commissioner', null, 'pcc'),
    ('warwickshire-pcc', 'Warwickshire Police and Crime Commissioner', null, 'pcc'),
    ('west-mercia-pcc', 'West Mercia Police and Crime Commissioner', null, 'pcc'),
    ('west-midlands-pcc', 'West Midlands Police and Crime Commissioner', null, 'pcc'),
    ('west-yorkshire-mayor', 'Mayor of West Yorkshire', null, 'mayor'),
    ('wiltshire-pcc', 'Wiltshire and Swindon Police and Crime Commissioner', null, 'pcc'),
    ('dyfed-powys-pcc', 'Dyfed-Powys Police and Crime Commissioner', 'Comisiynydd Heddlu a Throseddu Dyfed-Powys', 'pcc'),
    ('gwent-pcc', 'Gwent Police and Crime Commissioner', 'Comisiynydd Heddlu a Throseddu Gwent', 'pcc'),
    ('north-wales-pcc', 'North Wales Police and Crime Commissioner', 'Comisiynydd Heddlu a Throseddu Gogledd Cymru', 'pcc'),
    ('south-wales-pcc', 'South Wales Police and Crime Commissioner', 'Comisiynydd Heddlu a Throseddu De Cymru', 'pcc'),
    ('btpa', 'British Transport Police Authority', null, 'police_authority'),
    ('cnpa', 'Civil Nuclear Police Authority', null, 'police_authority');

insert into police_force (code, name, name_cy, kind, local_policing_body_id, welsh)
select v.code, v.name, v.name_cy, v.kind::force_kind, l.local_policing_body_id, v.welsh
from (values
    ('avon-and-somerset', 'Avon and Somerset Police', null, 'territorial', 'avon-and-somerset-pcc', false),
    ('bedfordshire', 'Bedfordshire Police', null, 'territorial', 'bedfordshire-pcc', false),
    ('cambridgeshire', 'Cambridgeshire Constabulary', null, 'territorial', 'cambridgeshire-pcc', false),
    ('cheshire', 'Cheshire Constabulary', null, 'territorial', 'cheshire-pcc', false),
    ('city-of-london', 'City of London Police', null, 'territorial', 'city-of-london', false),
    ('cleveland', 'Cleveland Police', null, 'territorial', 'cleveland-pcc', false),
    ('cumbria', 'Cumbria Constabulary', null, 'territorial', 'cumbria-pfcc', false),
    ('derbyshire', 'Derbyshire Constabulary', null, 'territorial', 'derbyshire-pcc', false),
    ('devon-and-cornwall', 'Devon and Cornwall Police', null, 'territorial', 'devon-and-cornwall-pcc', false),
    ('dorset', 'Dorset Police', null, 'territorial', 'dorset-pcc', false),
    ('durham', 'Durham Constabulary', null, 'territorial', 'durham-pcc', false),
    ('essex', 'Essex Police', null, 'territorial', 'essex-pfcc', false),
    ('gloucestershire', 'Gloucestershire Constabulary', null, 'territorial', 'gloucestershire-pcc', false),
    ('greater-manchester', 'Greater Manchester Police', null, 'territorial', 'greater-manchester-mayor', false),
    ('hampshire', 'Hampshire and Isle of Wight Constabulary', null, 'territorial', 'hampshire-pcc', false),
    ('hertfordshire', 'Hertfordshire Constabulary', null, 'territorial', 'hertfordshire-pcc', false),
    ('humberside', 'Humberside Police', null, 'territorial', 'humberside-pcc', false),
    ('kent', 'Kent Police', null, 'territorial', 'kent-pcc', false),
    ('lancashire', 'Lancashire Constabulary', null, 'territorial', 'lancashire-pcc', false),
    ('leicestershire', 'Leicestershire Police', null, 'territorial', 'leicestershire-pcc', false),
    ('lincolnshire', 'Lincolnshire Police', null, 'territorial', 'lincolnshire-pcc', false),
    ('merseyside', 'Merseyside Police', null, 'territorial', 'merseyside-pcc', false),
    ('met', 'Metropolitan Police Service', null, 'territorial', 'mopac', false),
    ('norfolk', 'Norfolk Constabulary', null, 'territorial', 'norfolk-pcc', false),
    ('north-yorkshire', 'North Yorkshire Police', null, 'territorial', 'york-and-north-yorkshire-mayor', false),
    ('northamptonshire', 'Northamptonshire Police', null, 'territorial', 'northamptonshire-pfcc', false),
    ('northumbria', 'Northumbria Police', null, 'territorial', 'northumbria-pcc', false),
    ('nottinghamshire', 'Nottinghamshire Police', null, 'territorial', 'nottinghamshire-pcc', false),
    ('south-yorkshire', 'South Yorkshire Police', null, 'territorial', 'south-yorkshire-mayor', false),
    ('staffordshire', 'Staffordshire Police', null, 'territorial', 'staffordshire-pfcc', false),
    ('suffolk', 'Suffolk Constabulary', null, 'territorial', 'suffolk-pcc', false),
    ('surrey', 'Surrey Police', null, 'territorial', 'surrey-pcc', false),
    ('sussex', 'Sussex Police', null, 'territorial', 'sussex-pcc', false),
    ('thames-valley', 'Thames Valley Police', null, 'territorial', 'thames-valley-pcc', false),
    ('warwickshire', 'Warwickshire Police', null, 'territorial', 'warwickshire-pcc', false),
    ('west-mercia', 'West Mercia Police', null, 'territorial', 'west-mercia-pcc', false),
    ('west-midlands', 'West Midlands Police', null, 'territorial', 'west-midlands-pcc', false),
    ('west-yorkshire', 'West Yorkshire Police', null, 'territorial', 'west-yorkshire-mayor', false),
    ('wiltshire', 'Wiltshire Police', null, 'territorial', 'wiltshire-pcc', false),
    ('dyfed-powys', 'Dyfed-Powys Police', 'Heddlu Dyfed-Powys', 'territorial', 'dyfed-powys-pcc', true),
    ('gwent', 'Gwent Police', 'Heddlu Gwent', 'territorial', 'gwent-pcc', true),
    ('north-wales', 'North Wales Police', 'Heddlu Gogledd Cymru', 'territorial', 'north-wales-pcc', true),
    ('south-wales', 'South Wales Police', 'Heddlu De Cymru', 'territorial', 'south-wales-pcc', true),
    ('btp', 'British Transport Police', null, 'special', 'btpa', false),
    ('mod-police', 'Ministry of Defence Police', null, 'special', null, false),
    ('cnc', 'Civil Nuclear Constabulary', null, 'special', 'cnpa', false),
    ('hmrc', 'HM Revenue and Customs', null, 'other_body', null, false),
    ('nca', 'National Crime Agency', null, 'other_body', null, false),
    ('home-office', 'Home Office (immigration and enforcement functions, including Border Force)', null, 'other_body', null, false),
    ('glaa', 'Gangmasters and Labour Abuse Authority', null, 'other_body', null, false)
) as v (code, name, name_cy, kind, lpb_code, welsh)
left join local_policing_body l on l.code = v.lpb_code;
