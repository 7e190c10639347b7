-- What schema version 2 adds to the seed library of seed_v1.sql (the
-- seeds run in order, 1 up to the version being built): the source's
-- last list, its one item.
INSERT INTO source_lists(source, ids) VALUES (1, '[-3293998580222832666]');
-- and the name of the item's zone (pub_zone, new in version 2).
UPDATE items SET pub_zone = 'CST' WHERE id = 'seed-1';
-- and a second source with an item in Chinese, indexed as versions 1
-- and 2 did: a run of Han characters is one token.
INSERT INTO sources(id, url, name) VALUES (2, 'https://cjk.example/rss', '中文新闻');
INSERT INTO items(n, idh, source, published, pub_off, pub_zone, fetched_at, hash, id, title, link, author,
	section, regions, guid, published_from, image_url, categories, summary, spans, names, content, content_html)
VALUES (1650712589230727, 7001, 2, 1574242200000000000, 28800, 'CST', 1574240000000000000, 43, 'cjk-1', '北京举行亚太经合组织会议',
	'https://cjk.example/a/1.html', '', '', '', '', 'pubDate', '', '', '各国代表在北京讨论贸易。', NULL, NULL, NULL, '');
INSERT INTO fts(rowid, title, summary, body, person, place, org, source, region)
VALUES (1650712589230727, '北京举行亚太经合组织会议', '各国代表在北京讨论贸易', '', '', '', '', '中文新闻 s2', '');
INSERT INTO terms(term) VALUES ('北京举行亚太经合组织会议'), ('各国代表在北京讨论贸易'), ('中文新闻');
