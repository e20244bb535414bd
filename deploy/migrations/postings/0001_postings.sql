-- The postings schema: employers, campaigns, posts, request ids and the outbox.
-- Every entity keeps its full proto in `proto`; the columns beside it are the
-- indexed (and, for posts' openings/remaining_openings/state/version,
-- authoritative) copies that filters and other services read and write.
-- `seq` is an immutable, monotonically increasing key used for keyset pages.

CREATE TABLE employers (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  employer_id VARCHAR(40) NOT NULL,
  credit_code CHAR(18) NOT NULL,
  region_code VARCHAR(12) NOT NULL,
  labor_brand INT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL,
  proto LONGBLOB NOT NULL,
  UNIQUE KEY employers_by_id (employer_id),
  UNIQUE KEY employers_by_credit_code (credit_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE campaigns (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  campaign_id VARCHAR(40) NOT NULL,
  kind INT NOT NULL,
  -- Unix microseconds; NULL means open on that side.
  window_start BIGINT NULL,
  window_end BIGINT NULL,
  version BIGINT NOT NULL,
  proto LONGBLOB NOT NULL,
  UNIQUE KEY campaigns_by_id (campaign_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE posts (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  post_id VARCHAR(40) NOT NULL,
  employer_id VARCHAR(40) NOT NULL,
  occupation_code VARCHAR(16) NOT NULL,
  region_code VARCHAR(12) NOT NULL,
  openings INT NOT NULL,
  remaining_openings INT NOT NULL,
  state INT NOT NULL,
  version BIGINT NOT NULL,
  labor_brand INT NOT NULL DEFAULT 0,
  -- Bit (1 << KeyGroup) for each targeted key group.
  target_mask INT NOT NULL DEFAULT 0,
  -- Comma-separated campaign ids, with a leading and trailing comma.
  campaign_ids VARCHAR(2000) NOT NULL DEFAULT ',',
  -- max_monthly_cny, or min_monthly_cny when open-ended; 0 when negotiable.
  salary_key INT NOT NULL DEFAULT 0,
  -- Unix microseconds; NULL means open on that side.
  valid_from BIGINT NULL,
  valid_until BIGINT NULL,
  source VARCHAR(100) NULL,
  external_id VARCHAR(100) NULL,
  -- 64-bit hash of the stored content, so re-imports detect unchanged rows.
  content_hash BIGINT NOT NULL DEFAULT 0,
  -- Title and description as space-separated encoded bigrams (see search_text.h).
  search_text MEDIUMTEXT NOT NULL,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL,
  proto LONGBLOB NOT NULL,
  UNIQUE KEY posts_by_id (post_id),
  UNIQUE KEY posts_by_source (source, external_id),
  KEY posts_by_region (region_code),
  KEY posts_by_occupation (occupation_code),
  KEY posts_by_employer (employer_id),
  FULLTEXT KEY posts_search (search_text)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per mutating request id: what was asked (hash) and what it answered.
CREATE TABLE request_log (
  request_id VARCHAR(64) NOT NULL PRIMARY KEY,
  method VARCHAR(40) NOT NULL,
  request_hash BIGINT NOT NULL,
  response LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE outbox (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  event LONGBLOB NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
