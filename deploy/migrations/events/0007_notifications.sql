-- Notifications to jobseekers (services/events/notifier.h): one row per
-- person per cause, made exactly once from the feed however often it is
-- read again, then delivered through a gateway with each attempt logged.

-- `cause` is 'post:<post id>' for a new post fitting the person's wish (once
-- per person and post, whatever later edits say) or 'feed:<cursor>' for an
-- interview invitation, hire or rejection. The text never holds an ID
-- number, a phone or a LOW_INCOME / DISABLED status.
CREATE TABLE IF NOT EXISTS notifications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  profile_id VARCHAR(40) NOT NULL,
  cause VARCHAR(64) NOT NULL,
  cause_cursor BIGINT NOT NULL,
  kind INT NOT NULL,
  post_id VARCHAR(40) NOT NULL DEFAULT '',
  text VARCHAR(1000) NOT NULL,
  -- jobmatch.v1.DeliveryState: 1 pending, 2 delivered, 3 failed (gave up).
  state INT NOT NULL DEFAULT 1,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  delivered_at TIMESTAMP(6) NULL,
  UNIQUE KEY notifications_once (profile_id, cause),
  KEY notifications_due (state, next_attempt_at),
  KEY notifications_by_state (state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The delivery log: every try of the gateway.
CREATE TABLE IF NOT EXISTS notification_attempts (
  notification_id BIGINT NOT NULL,
  attempt INT NOT NULL,
  at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  ok BOOLEAN NOT NULL,
  error VARCHAR(500) NOT NULL DEFAULT '',
  PRIMARY KEY (notification_id, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Posts already looked at as new: an edit of an open post asks nobody again.
CREATE TABLE IF NOT EXISTS notified_posts (
  post_id VARCHAR(40) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- How far the notifier has read the feed; moved in the transaction that
-- stores what it made of the events read.
CREATE TABLE IF NOT EXISTS notifier_position (
  id INT NOT NULL PRIMARY KEY,
  last_cursor BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO notifier_position (id, last_cursor) VALUES (1, 0);
