-- Request ids move into the feed row their request produced: accepting an
-- event then writes one row instead of two (the feed row and a request_log
-- row holding a second copy of the event), and an id is forgotten together
-- with its event when retention removes it.
ALTER TABLE feed
  ADD COLUMN IF NOT EXISTS request_id VARCHAR(64) NULL,
  ADD COLUMN IF NOT EXISTS request_hash BIGINT UNSIGNED NULL,
  -- For hires: the openings left after it, answered again on a retry.
  ADD COLUMN IF NOT EXISTS remaining INT NULL,
  ADD UNIQUE KEY IF NOT EXISTS feed_by_request (request_id);
DROP TABLE IF EXISTS request_log;
