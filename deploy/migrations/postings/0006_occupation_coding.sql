-- A post's occupation coding: how sure the platform is of its code, and
-- whether staff must still confirm it. The post's proto keeps the whole
-- coding; these columns are the copies reports read. Existing posts had their
-- codes given by callers: method 'given', confidence 1, nothing to review.
ALTER TABLE posts
  ADD COLUMN IF NOT EXISTS coding_confidence FLOAT NOT NULL DEFAULT 1,
  ADD COLUMN IF NOT EXISTS needs_review TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS coding_method VARCHAR(20) NOT NULL DEFAULT 'given',
  ADD COLUMN IF NOT EXISTS reviewed_by VARCHAR(100) NULL,
  -- Unix microseconds.
  ADD COLUMN IF NOT EXISTS review_time BIGINT NULL;

-- The review queue's index: one row per post whose coding needs review, by
-- posts.seq, so the queue is read oldest first as a range of this key and
-- its region, source and campaign filters are checked on queued posts only.
-- It lives beside posts rather than as keys of posts (MariaDB has no partial
-- index): most posts never need review, and a fair's import then writes no
-- extra index entry for them. review_title is the post's normalised title
-- (services/common/occupation): a staff lesson codes every queued post of it.
CREATE TABLE IF NOT EXISTS review_queue (
  post_seq BIGINT NOT NULL PRIMARY KEY,
  review_title VARCHAR(200) NOT NULL,
  KEY review_queue_by_title (review_title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Titles staff have taught: a post created or imported for review with one of
-- these normalised titles is coded with the lesson's code at once.
CREATE TABLE IF NOT EXISTS learned_titles (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  normalised_title VARCHAR(200) NOT NULL,
  occupation_code VARCHAR(16) NOT NULL,
  taught_by VARCHAR(100) NOT NULL,
  -- Unix microseconds.
  teach_time BIGINT NOT NULL,
  UNIQUE KEY learned_titles_by_title (normalised_title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
