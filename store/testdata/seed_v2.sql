-- What schema version 2 adds to the seed library of seed_v1.sql (the
-- seeds run in order, 1 up to the version being built): the source's
-- last list, its one item.
INSERT INTO source_lists(source, ids) VALUES (1, '[-3293998580222832666]');
-- and the name of the item's zone (pub_zone, new in version 2).
UPDATE items SET pub_zone = 'CST' WHERE id = 'seed-1';
