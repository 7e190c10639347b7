-- A library as schema version 2 wrote it: one source, one saved item
-- with entities, region tags and a two-block article.
INSERT INTO sources(id, url, name, etag, last_modified, last_fetch, last_ok, last_status)
VALUES (1, 'https://seed.example/rss', 'Seed News', '"abc"', 'Wed, 20 Nov 2019 09:00:00 GMT', 1574240000000000000, 1574240000000000000, 200);
INSERT INTO items(n, idh, source, read_at, starred, saved_at, published, pub_off, fetched_at, hash, id, title, link, author,
	section, regions, guid, published_from, image_url, categories, summary, spans, names, content, content_html)
VALUES (1650712589230726, -3293998580222832666, 1, NULL, 0, 1574300000000000000, 1574242200000000000, 28800, 1574240000000000000, 42, 'seed-1', 'Seed headline about GSOMIA',
	'https://seed.example/a/1.html', 'Staff', 'World', 'East Asia', 'seed-guid-1', 'pubDate', '', 'World',
	'Defense Minister Taro Kono spoke in Tokyo.', '[{"s":45,"e":54,"l":"PERSON","t":"Taro Kono"},{"s":64,"e":69,"l":"PLACE","t":"Tokyo"}]',
	'Taro Kono' || char(30) || 'Tokyo' || char(30), NULL, '');
INSERT INTO articles(n, url, byline, place, section, pages, page_urls, extracted_at, spans, names, text, doc)
VALUES (1650712589230726, 'https://seed.example/a/1.html', 'By Staff', 'TOKYO', 'World', 2,
	'["https://seed.example/a/1.html","https://seed.example/a/1_2.html"]', 1574300000000000000,
	'[{"s":0,"e":9,"l":"PERSON","t":"Taro Kono"}]', 'Taro Kono' || char(30) || char(30), 'Taro Kono said the pact matters.

Second page text.

',
	'{"URL":"https://seed.example/a/1.html","Title":"Seed headline about GSOMIA","Byline":"By Staff","Place":"TOKYO","Source":"Seed","Published":"2019-11-20T17:30:00+08:00","Section":"World","Pages":2,"PageURLs":["https://seed.example/a/1.html","https://seed.example/a/1_2.html"],"Blocks":[{"Kind":0,"Text":"Taro Kono said the pact matters.","Level":0,"Links":null,"Src":""},{"Kind":0,"Text":"Second page text.","Level":0,"Links":null,"Src":""}],"Images":null,"Links":null,"Extractor":"chinadaily"}');
INSERT INTO fts(rowid, title, summary, body, person, place, org, source, region)
VALUES (1650712589230726, 'Seed headline about GSOMIA', 'Defense Minister Taro Kono spoke in Tokyo.', 'Taro Kono said the pact matters.

Second page text.

', 'Taro Kono', '', '', 'Seed News s1', 'East Asia');
INSERT INTO source_lists(source, ids) VALUES (1, '[-3293998580222832666]');
INSERT INTO terms(term) VALUES ('seed'), ('headline'), ('about'), ('gsomia'), ('defense'), ('minister'), ('taro'), ('kono'), ('spoke'), ('in'), ('tokyo'), ('said'), ('the'), ('pact'), ('matters'), ('second'), ('page'), ('text'), ('news'), ('east'), ('asia'),
	(char(1) || 'ptaro'), (char(1) || 'pkono'), (char(1) || 'reast'), (char(1) || 'rasia');
