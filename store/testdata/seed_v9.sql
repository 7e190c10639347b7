-- What schema version 9 (the sync queue) adds to the seed library: the
-- seed item came from a Miniflux server as entry 42, and a star made
-- here waits to be sent.
INSERT INTO sync_server(one, server, cursor) VALUES(1, 'miniflux https://rss.example.org/ seed', 1574240000);
INSERT INTO sync_feeds(feed, url, title) VALUES('7', 'https://www.chinadaily.com.cn/rss/world_rss.xml', 'Seed');
INSERT INTO sync_entries(entry, idh, item, feed) SELECT '42', idh, id, '7' FROM items WHERE id = 'seed-1';
INSERT INTO sync_queue(idh, item, op, at) SELECT idh, id, 'star', 1574244000000000000 FROM items WHERE id = 'seed-1';
