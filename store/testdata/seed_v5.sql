-- What schema version 5 changes in the seed library: the items above are
-- indexed (versions 1 to 4 wrote each item's index row with it), so the
-- watermark covers them; an item stored by version 5 is written without
-- its index row or vocabulary terms, which the indexer adds at the next
-- start.
UPDATE fts_mark SET rid = (SELECT max(rid) FROM items);
INSERT INTO items(n, idh, source, published, pub_off, pub_zone, fetched_at, hash, id, title, link, author,
	section, regions, guid, published_from, image_url, categories, summary, spans, names, content, content_html, ap)
VALUES (1650712589230729, 7003, 2, 1574242800000000000, 3600, 'CET', 1574240000000000000, 45, 'idx-5', 'Ferry strike halts Hamburg port',
	'https://seed.example/a/5.html', '', 'World', 'Europe', '', 'pubDate', '', '', 'Dockers in Bremen joined the walkout.',
	'[{"s":19,"e":26,"l":"PLACE","t":"Hamburg"},{"s":44,"e":50,"l":"PLACE","t":"Bremen"}]',
	char(30) || 'Hamburg' || char(31) || 'Bremen' || char(30), NULL, '', 0);
