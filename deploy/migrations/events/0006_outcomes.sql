-- Outcomes of hires: follow-up visits (回访) at 7 and 30 days and people
-- leaving the job, the figures they add to the campaign aggregates, and
-- campaign cells by key group × residence × day for the bureau's tables.

-- When a hire's follow-ups count from: its start date, or when it was
-- recorded. The feed forgets events after its retention, so the hire keeps
-- this itself. Hires recorded before this migration take their feed time.
ALTER TABLE hires
  ADD COLUMN IF NOT EXISTS started_at TIMESTAMP(6) NULL,
  ADD KEY IF NOT EXISTS hires_by_start (started_at);
UPDATE hires h JOIN feed f ON f.seq = h.seq SET h.started_at = f.created_at
  WHERE h.started_at IS NULL;

-- One follow-up per hire and visit (other_visit names visits beyond 7/30 days).
CREATE TABLE IF NOT EXISTS follow_ups (
  profile_id VARCHAR(40) NOT NULL,
  post_id VARCHAR(40) NOT NULL,
  visit INT NOT NULL,
  other_visit VARCHAR(20) NOT NULL DEFAULT '',
  still_employed TINYINT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (profile_id, post_id, visit, other_visit)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One separation per hire.
CREATE TABLE IF NOT EXISTS separations (
  profile_id VARCHAR(40) NOT NULL,
  post_id VARCHAR(40) NOT NULL,
  left_at TIMESTAMP(6) NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (profile_id, post_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE campaign_stats
  ADD COLUMN IF NOT EXISTS follow_ups BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS retained_7d BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS retained_30d BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS separations BIGINT NOT NULL DEFAULT 0;

-- What people did per campaign, key group (0 = everyone), residence code
-- (community or village; county = its first 6 digits) and China-time day,
-- maintained in each event's transaction from this migration on. Weeks and
-- months are sums of days.
CREATE TABLE IF NOT EXISTS campaign_cells (
  campaign_id VARCHAR(40) NOT NULL,
  key_group INT NOT NULL,
  region_code VARCHAR(12) NOT NULL,
  day DATE NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  applications BIGINT NOT NULL DEFAULT 0,
  hires BIGINT NOT NULL DEFAULT 0,
  follow_ups BIGINT NOT NULL DEFAULT 0,
  retained_7d BIGINT NOT NULL DEFAULT 0,
  retained_30d BIGINT NOT NULL DEFAULT 0,
  separations BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, key_group, region_code, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
