-- Most-similar-forces groups: the forces the IOPC compares a force with in its view of the
-- quarterly return (web::statistics). Reference data an administrator keeps at
-- /statistics/groups, not case data, so no row-level policy.
--
-- The groups seeded here are the service's own best estimate, drawn from public descriptions
-- of forces by size and by how urban or rural their area is. They are not the Home Office's
-- or HMICFRS's published most-similar groups (which are per force and overlapping, and were
-- not seen), so every seeded group is marked unverified until an administrator confirms it.
-- The City of London Police is left in no group: it has no force of a similar kind. Special
-- forces and other bodies are not grouped either.

create table force_group (
    force_group_id uuid primary key default gen_random_uuid(),
    code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
    name text not null unique check (btrim(name) <> ''),
    -- false until an administrator confirms the membership against a published source.
    verified boolean not null default false,
    created_at timestamptz not null default now()
);

comment on table force_group is
    'Most-similar-forces groups for comparing a force''s statistics; seeded unverified, kept by an administrator.';

alter table police_force add column force_group_id uuid references force_group;

create index police_force_group on police_force (force_group_id) where force_group_id is not null;

insert into force_group (code, name) values
    ('large-metropolitan', 'Large metropolitan forces'),
    ('urban-north-and-wales', 'Urban forces of the North and Wales'),
    ('mixed-south', 'Mixed urban and rural forces of the South'),
    ('mixed-midlands-and-north', 'Mixed urban and rural forces of the Midlands and North'),
    ('largely-rural', 'Largely rural forces');

update police_force f set force_group_id = g.force_group_id
  from (values
    ('met', 'large-metropolitan'),
    ('west-midlands', 'large-metropolitan'),
    ('greater-manchester', 'large-metropolitan'),
    ('west-yorkshire', 'large-metropolitan'),
    ('merseyside', 'large-metropolitan'),
    ('northumbria', 'urban-north-and-wales'),
    ('south-yorkshire', 'urban-north-and-wales'),
    ('cleveland', 'urban-north-and-wales'),
    ('humberside', 'urban-north-and-wales'),
    ('south-wales', 'urban-north-and-wales'),
    ('gwent', 'urban-north-and-wales'),
    ('avon-and-somerset', 'mixed-south'),
    ('bedfordshire', 'mixed-south'),
    ('essex', 'mixed-south'),
    ('hampshire', 'mixed-south'),
    ('hertfordshire', 'mixed-south'),
    ('kent', 'mixed-south'),
    ('surrey', 'mixed-south'),
    ('sussex', 'mixed-south'),
    ('thames-valley', 'mixed-south'),
    ('cheshire', 'mixed-midlands-and-north'),
    ('derbyshire', 'mixed-midlands-and-north'),
    ('lancashire', 'mixed-midlands-and-north'),
    ('leicestershire', 'mixed-midlands-and-north'),
    ('nottinghamshire', 'mixed-midlands-and-north'),
    ('northamptonshire', 'mixed-midlands-and-north'),
    ('staffordshire', 'mixed-midlands-and-north'),
    ('durham', 'mixed-midlands-and-north'),
    ('cambridgeshire', 'mixed-midlands-and-north'),
    ('cumbria', 'largely-rural'),
    ('devon-and-cornwall', 'largely-rural'),
    ('dorset', 'largely-rural'),
    ('dyfed-powys', 'largely-rural'),
    ('gloucestershire', 'largely-rural'),
    ('lincolnshire', 'largely-rural'),
    ('norfolk', 'largely-rural'),
    ('north-wales', 'largely-rural'),
    ('north-yorkshire', 'largely-rural'),
    ('suffolk', 'largely-rural'),
    ('warwickshire', 'largely-rural'),
    ('west-mercia', 'largely-rural'),
    ('wiltshire', 'largely-rural')
  ) as v (force_code, group_code)
  join force_group g on g.code = v.group_code
 where f.code = v.force_code;
