-- What schema version 4 adds: items.ap, the Asia-Pacific view, stored
-- with each item. The seed's earlier items get it from the migration;
-- this one is written as version 4 writes it (filed under Asia Pacific by
-- its section, no region tags).
INSERT INTO items(n, idh, source, published, pub_off, pub_zone, fetched_at, hash, id, title, link, author,
	section, regions, guid, published_from, image_url, categories, summary, spans, names, content, content_html, ap)
VALUES (1650712589230728, 7002, 2, 1574242200000000000, 28800, 'CST', 1574240000000000000, 44, 'ap-4', 'Mekong countries share river data',
	'https://seed.example/a/4.html', '', 'asia_pacific', '', '', 'pubDate', '', '', 'River data to be shared.', NULL, NULL, NULL, '', 1);
INSERT INTO fts(rowid, title, summary, body, person, place, org, source, region)
VALUES (1650712589230728, 'mekong countries share river data', 'river data to be shared', '', '', '', '', '中 文 新 闻 ' || char(57344) || 's2', '');
INSERT INTO terms(term) VALUES ('mekong'), ('countries'), ('share'), ('river'), ('data'), ('to'), ('be'), ('shared');
-- Version 4 writes the East Asia item of seed_v1.sql in the view.
UPDATE items SET ap = 1 WHERE id = 'seed-1';
