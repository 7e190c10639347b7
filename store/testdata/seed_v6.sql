-- What schema version 6 adds to the seed library: the seed source has
-- failed three times in a row, and the server asked it to wait.
UPDATE sources SET failures = 3, retry_at = 1574250000000000000, server_retry_at = 1574244000000000000 WHERE id = 1;
