-- What schema version 7 adds to the seed library: a watch last opened
-- when only the first item was stored.
INSERT INTO watches(name, seen_rid, seen_at) VALUES ('GSOMIA', 1, 1574300000000000000);
