-- What schema version 8 adds to the seed library: the saved article's
-- photo, kept for offline reading (a 1×1 PNG).
INSERT INTO article_images(n, url, content_type, fetched_at, data)
VALUES (1650712589230726, 'https://seed.example/img/1.png', 'image/png', 1574300000000000000,
	X'89504E470D0A1A0A0000000D49484452000000010000000108000000003A7E9B550000000E49444154789C626200040000FFFF00060003FAD059AE0000000049454E44AE426082');
