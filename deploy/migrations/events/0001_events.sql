-- The events schema: the feed, its sequencer, idempotency, per-source relay
-- positions, the facts behaviour events are enriched with, and the campaign
-- aggregates that CampaignStats answers from.

-- The feed. `seq` (the event cursor) is dense and assigned in commit order by the sequencer
-- row below (see services/events/feed_store.h for why).
CREATE TABLE IF NOT EXISTS feed (
  seq BIGINT NOT NULL PRIMARY KEY,
  kind INT NOT NULL,
  campaign_id VARCHAR(40) NOT NULL DEFAULT '',
  region_code VARCHAR(12) NOT NULL DEFAULT '',
  event LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY feed_by_time (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The single sequencer row: the last cursor handed out. Appenders lock it
-- (FOR UPDATE) as the last step before commit.
CREATE TABLE IF NOT EXISTS feed_head (
  id INT NOT NULL PRIMARY KEY,
  last_cursor BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO feed_head (id, last_cursor) VALUES (1, 0);

-- One row per accepted mutating request id: what was asked (hash) and the
-- event it produced.
CREATE TABLE IF NOT EXISTS request_log (
  request_id VARCHAR(64) NOT NULL PRIMARY KEY,
  request_hash BIGINT UNSIGNED NOT NULL,
  seq BIGINT NOT NULL,
  event LONGBLOB NOT NULL,
  -- For hires: the openings left after it, answered again on a retry.
  remaining INT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY request_log_by_time (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One application per person per post.
CREATE TABLE IF NOT EXISTS applications (
  profile_id VARCHAR(40) NOT NULL,
  post_id VARCHAR(40) NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (profile_id, post_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One hire per person per post.
CREATE TABLE IF NOT EXISTS hires (
  profile_id VARCHAR(40) NOT NULL,
  post_id VARCHAR(40) NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (profile_id, post_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Per outbox source: every id <= high_id has been relayed, except `gaps`
-- ("id:first_seen_unix_micros,..."), ids not yet committed when passed over,
-- which are looked for again until the grace period ends.
CREATE TABLE IF NOT EXISTS relay_positions (
  source VARCHAR(64) NOT NULL PRIMARY KEY,
  high_id BIGINT NOT NULL,
  gaps MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- What the feed has said about posts and profiles, for enriching behaviour
-- events (campaign, region, key groups) without calling other services.
CREATE TABLE IF NOT EXISTS post_facts (
  post_id VARCHAR(40) NOT NULL PRIMARY KEY,
  campaign_id VARCHAR(40) NOT NULL,
  region_code VARCHAR(12) NOT NULL,
  -- Bit (1 << KeyGroup) per targeted group.
  group_mask INT NOT NULL,
  openings INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS profile_facts (
  profile_id VARCHAR(40) NOT NULL PRIMARY KEY,
  region_code VARCHAR(12) NOT NULL,
  -- Bit (1 << KeyGroup) per non-sensitive group.
  group_mask INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Aggregates per campaign and key group (0 = everyone), maintained in the
-- transaction of each event.
CREATE TABLE IF NOT EXISTS campaign_stats (
  campaign_id VARCHAR(40) NOT NULL,
  key_group INT NOT NULL,
  posts BIGINT NOT NULL DEFAULT 0,
  openings BIGINT NOT NULL DEFAULT 0,
  views BIGINT NOT NULL DEFAULT 0,
  applications BIGINT NOT NULL DEFAULT 0,
  hires BIGINT NOT NULL DEFAULT 0,
  people_placed BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, key_group)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- People hired at least once per campaign (people_placed counts these).
CREATE TABLE IF NOT EXISTS placements (
  campaign_id VARCHAR(40) NOT NULL,
  profile_id VARCHAR(40) NOT NULL,
  PRIMARY KEY (campaign_id, profile_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
