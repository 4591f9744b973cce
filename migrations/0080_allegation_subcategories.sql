-- The IOPC's published allegation categories and their sub-categories (domain.md section 4).
--
-- The IOPC's annual statistics report counts allegations logged under 11 top-level categories
-- and allegations finalised by sub-category; forces code a sub-category as a letter and a
-- number ("B1 Stops, and stop and search"). Migration 0012 seeded "Use of force" and
-- "Detention in police custody" as top-level categories: the IOPC publishes them as
-- sub-categories of "Police powers, policies and procedures". "Discreditable conduct" and
-- "Other" were missing.
--
-- * allegation_category: the 11 categories, named and ordered as the report's table of
--   allegations logged names them. Existing codes are kept.
-- * allegation_subcategory: the sub-categories of the report's table of finalised allegations,
--   with the force's letter-and-number code. unverified marks those not confirmed against the
--   published table (domain.md marks the sub-categories of sexual conduct, discreditable
--   conduct and other as unverified). The letters follow the published order, A to H and then
--   J, K, L, leaving out I as the earlier Home Office codes did; only B1 is confirmed by the
--   published example, so the letters from J on are unverified too.
-- * allegation.subcategory_code: the allegation's sub-category, where its category has them.
--   The foreign key on (category_code, subcategory_code) is how the database checks that the
--   sub-category belongs to the allegation's category.
-- * Existing allegations in the two retired top-level categories move to their sub-categories
--   (remap_retired_allegation_categories, kept so that the mapping can be tested).
--
-- Categories and sub-categories are reference data an administrator adds to or retires
-- (active = false: not offered for new allegations, still shown on existing ones). A row in
-- use cannot be deleted: the foreign keys refuse it.

-- ---------------------------------------------------------------------------------------------
-- The 11 top-level categories, in the published order.
-- ---------------------------------------------------------------------------------------------
insert into allegation_category (code, name, description, sort_order) values
    ('discreditable-conduct', 'Discreditable conduct',
     'Behaviour on or off duty that discredits the police service or undermines public confidence in it.', 100),
    ('other', 'Other',
     'An allegation that fits none of the other categories.', 110);

update allegation_category c
   set name = v.name, description = v.description, sort_order = v.sort_order
  from (values
    ('delivery-of-duties-and-service', 'Delivery of duties and service',
     'The service the police gave: action after contact, decisions, the general level of service and the information given. The most common category.', 10),
    ('police-powers-policies-and-procedures', 'Police powers, policies and procedures',
     'How police powers, policies and procedures were used: stops and searches, arrest and detention, custody, bail and interview, force, evidence and out of court disposals.', 20),
    ('handling-of-or-damage-to-property-premises', 'Handling of or damage to property / premises',
     'Property or premises lost, damaged, kept or handled improperly.', 30),
    ('access-and-or-disclosure-of-information', 'Access and/or disclosure of information',
     'How information was accessed, used, handled or disclosed, from police systems or elsewhere.', 40),
    ('use-of-police-vehicles', 'Use of police vehicles',
     'The manner of driving or use of police vehicles.', 50),
    ('discriminatory-behaviour', 'Discriminatory behaviour',
     'Behaviour that discriminates because of a protected characteristic, such as age, disability, race, religion or belief, sex or sexual orientation.', 60),
    ('abuse-of-position-corruption', 'Abuse of position / corruption',
     'Abuse of position for a financial or sexual purpose, to pursue an inappropriate emotional relationship or for another purpose; obstruction of justice; organisational corruption.', 70),
    ('individual-behaviours', 'Individual behaviours',
     'The manner of an individual: impolite language, tone or actions, an unprofessional attitude, or a lack of fairness and impartiality.', 80),
    ('sexual-conduct', 'Sexual conduct',
     'Sexual assault, sexual harassment and other sexual conduct.', 90)
  ) as v (code, name, description, sort_order)
 where c.code = v.code;

-- ---------------------------------------------------------------------------------------------
-- Sub-categories.
-- ---------------------------------------------------------------------------------------------
create table allegation_subcategory (
    code text primary key check (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    category_code text not null references allegation_category,
    iopc_code text not null unique check (iopc_code ~ '^[A-Z][0-9]{1,2}$'),
    name text not null check (btrim(name) <> ''),
    description text,
    unverified boolean not null default false,
    active boolean not null default true,
    sort_order integer not null default 0,
    created_at timestamptz not null default now(),
    -- The target of allegation's (category_code, subcategory_code) foreign key.
    constraint allegation_subcategory_category_key unique (category_code, code),
    constraint allegation_subcategory_name_key unique (category_code, name)
);
comment on table allegation_subcategory is
    'Sub-categories of the IOPC''s allegation categories (annual statistics report, table of finalised allegations). Editable by an administrator; retire (active = false) rather than delete one that allegations use.';
comment on column allegation_subcategory.iopc_code is 'The letter-and-number code forces use, e.g. B1 for "Stops, and stop and search".';
comment on column allegation_subcategory.unverified is 'Not confirmed against the published table: check it before relying on it.';
comment on column allegation_subcategory.active is 'Retired sub-categories stay on old allegations but are not offered for new ones.';

insert into allegation_subcategory (category_code, iopc_code, code, name, description, unverified, sort_order) values
    ('delivery-of-duties-and-service', 'A1', 'police-action-following-contact', 'Police action following contact',
     'What the police did, or did not do, after someone contacted them, such as not attending or not investigating.', false, 10),
    ('delivery-of-duties-and-service', 'A2', 'decisions', 'Decisions',
     'A decision the police made, such as not to prosecute or to close an investigation.', false, 20),
    ('delivery-of-duties-and-service', 'A3', 'general-level-of-service', 'General level of service',
     'The general standard of service, such as delays or not keeping someone updated.', false, 30),
    ('delivery-of-duties-and-service', 'A4', 'information', 'Information',
     'The information the police gave, such as inaccurate or incomplete information.', false, 40),

    ('police-powers-policies-and-procedures', 'B1', 'stops-and-stop-and-search', 'Stops, and stop and search',
     'Stopping someone, or stopping and searching them or their vehicle.', false, 10),
    ('police-powers-policies-and-procedures', 'B2', 'searches-of-premises-and-seizure-of-property', 'Searches of premises and seizure of property',
     'Searching premises, and taking or keeping property under police powers.', false, 20),
    ('police-powers-policies-and-procedures', 'B3', 'power-to-arrest-and-detain', 'Power to arrest and detain',
     'Whether an arrest or detention was lawful or necessary.', false, 30),
    ('police-powers-policies-and-procedures', 'B4', 'detention-in-police-custody', 'Detention in police custody',
     'The care, treatment and conditions of a person detained in police custody.', false, 40),
    ('police-powers-policies-and-procedures', 'B5', 'bail-identification-and-interview-procedures', 'Bail, identification and interview procedures',
     'Bail and its conditions, identification procedures and interviews.', false, 50),
    ('police-powers-policies-and-procedures', 'B6', 'use-of-force', 'Use of force',
     'Force used, including restraint, handcuffs, Taser, irritant spray, batons, firearms and police dogs.', false, 60),
    ('police-powers-policies-and-procedures', 'B7', 'evidential-procedures', 'Evidential procedures',
     'How evidence was gathered, recorded, kept or disclosed.', false, 70),
    ('police-powers-policies-and-procedures', 'B8', 'out-of-court-disposals', 'Out of court disposals',
     'Cautions, penalty notices, community resolutions and other disposals outside court.', false, 80),
    ('police-powers-policies-and-procedures', 'B9', 'other-policies-and-procedures', 'Other policies and procedures',
     'Any other police policy or procedure.', false, 90),

    ('access-and-or-disclosure-of-information', 'D1', 'use-of-police-systems', 'Use of police systems',
     'Looking at or using police systems and records without a policing purpose.', false, 10),
    ('access-and-or-disclosure-of-information', 'D2', 'disclosure-of-information', 'Disclosure of information',
     'Passing information on to someone who should not have it.', false, 20),
    ('access-and-or-disclosure-of-information', 'D3', 'handling-of-information', 'Handling of information',
     'Recording, keeping, changing or deleting information.', false, 30),
    ('access-and-or-disclosure-of-information', 'D4', 'information-from-other-sources', 'Accessing and handling of information from other sources',
     'Getting or handling information from outside police systems, such as social media.', false, 40),

    ('discriminatory-behaviour', 'F1', 'age', 'Age', 'Discrimination because of age.', false, 10),
    ('discriminatory-behaviour', 'F2', 'disability', 'Disability', 'Discrimination because of disability.', false, 20),
    ('discriminatory-behaviour', 'F3', 'gender-reassignment', 'Gender reassignment', 'Discrimination because of gender reassignment.', false, 30),
    ('discriminatory-behaviour', 'F4', 'marriage-and-civil-partnership', 'Marriage and civil partnership', 'Discrimination because of marriage or civil partnership.', false, 40),
    ('discriminatory-behaviour', 'F5', 'pregnancy-and-maternity', 'Pregnancy and maternity', 'Discrimination because of pregnancy or maternity.', false, 50),
    ('discriminatory-behaviour', 'F6', 'race', 'Race', 'Discrimination because of race, colour, nationality or ethnic or national origin.', false, 60),
    ('discriminatory-behaviour', 'F7', 'religion-or-belief', 'Religion or belief', 'Discrimination because of religion or belief.', false, 70),
    ('discriminatory-behaviour', 'F8', 'sex', 'Sex', 'Discrimination because of sex.', false, 80),
    ('discriminatory-behaviour', 'F9', 'sexual-orientation', 'Sexual orientation', 'Discrimination because of sexual orientation.', false, 90),
    ('discriminatory-behaviour', 'F10', 'other-discrimination', 'Other', 'Discrimination on another ground.', false, 100),

    ('abuse-of-position-corruption', 'G1', 'abuse-of-position-for-a-financial-purpose', 'Abuse of position for a financial purpose',
     'Using a police position for money or other financial gain.', false, 10),
    ('abuse-of-position-corruption', 'G2', 'abuse-of-position-for-a-sexual-purpose', 'Abuse of position for a sexual purpose',
     'Using a police position to pursue a sexual relationship or sexual contact.', false, 20),
    ('abuse-of-position-corruption', 'G3', 'abuse-of-position-for-an-emotional-relationship', 'Abuse of position for the purpose of pursuing an inappropriate emotional relationship',
     'Using a police position to pursue an inappropriate emotional relationship.', false, 30),
    ('abuse-of-position-corruption', 'G4', 'abuse-of-position-for-another-purpose', 'Abuse of position for another purpose',
     'Using a police position for any other improper purpose.', false, 40),
    ('abuse-of-position-corruption', 'G5', 'obstruction-of-justice', 'Obstruction of justice',
     'Perverting or obstructing the course of justice.', false, 50),
    ('abuse-of-position-corruption', 'G6', 'organisational-corruption', 'Organisational corruption',
     'Corrupt practice by or within the organisation.', false, 60),

    ('individual-behaviours', 'H1', 'impolite-language-or-tone', 'Impolite language / tone',
     'Rude, offensive or aggressive words or tone.', false, 10),
    ('individual-behaviours', 'H2', 'impolite-and-intolerant-actions', 'Impolite and intolerant actions',
     'Rude, intolerant or intimidating actions.', false, 20),
    ('individual-behaviours', 'H3', 'unprofessional-attitude-and-disrespect', 'Unprofessional attitude and disrespect',
     'An unprofessional or disrespectful attitude.', false, 30),
    ('individual-behaviours', 'H4', 'lack-of-fairness-and-impartiality', 'Lack of fairness and impartiality',
     'Treating someone unfairly or taking sides.', false, 40),

    ('sexual-conduct', 'J1', 'sexual-assault', 'Sexual assault',
     'Sexual touching or other sexual assault.', true, 10),
    ('sexual-conduct', 'J2', 'sexual-harassment', 'Sexual harassment',
     'Unwanted conduct of a sexual nature.', true, 20),
    ('sexual-conduct', 'J3', 'other-sexual-conduct', 'Other sexual conduct',
     'Any other sexual conduct.', true, 30),

    ('discreditable-conduct', 'K1', 'discreditable-conduct', 'Discreditable conduct',
     'Conduct that discredits the police service or undermines public confidence in it.', true, 10),

    ('other', 'L1', 'other', 'Other',
     'An allegation that fits none of the other categories or sub-categories.', true, 10);

-- ---------------------------------------------------------------------------------------------
-- An allegation's sub-category.
-- ---------------------------------------------------------------------------------------------
alter table allegation
    add column subcategory_code text,
    add constraint allegation_subcategory_fkey foreign key (category_code, subcategory_code)
        references allegation_subcategory (category_code, code);
comment on column allegation.subcategory_code is 'The IOPC sub-category (allegation_subcategory), where the category has them; it belongs to the allegation''s category (the foreign key checks it).';
create index allegation_subcategory_idx on allegation (category_code, subcategory_code);

-- ---------------------------------------------------------------------------------------------
-- Existing allegations in the retired top-level categories move to their sub-categories, and
-- those categories go. Returns how many allegations moved.
-- ---------------------------------------------------------------------------------------------
create function remap_retired_allegation_categories() returns integer
language plpgsql as $$
declare
    moved integer;
begin
    update allegation a
       set category_code = m.category_code, subcategory_code = m.subcategory_code
      from (values
        ('use-of-force', 'police-powers-policies-and-procedures', 'use-of-force'),
        ('detention-in-police-custody', 'police-powers-policies-and-procedures', 'detention-in-police-custody')
      ) as m (old_code, category_code, subcategory_code)
     where a.category_code = m.old_code;
    get diagnostics moved = row_count;
    delete from allegation_category where code in ('use-of-force', 'detention-in-police-custody');
    return moved;
end;
$$;
comment on function remap_retired_allegation_categories() is
    'Moves allegations in the top-level categories "Use of force" and "Detention in police custody" (migration 0012) to those sub-categories of "Police powers, policies and procedures", and removes the two categories.';

select remap_retired_allegation_categories();
