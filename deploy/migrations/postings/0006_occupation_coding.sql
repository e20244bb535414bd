-- A post's occupation coding: how sure the platform is of its code, and
-- whether staff must still confirm it (the review queue). The post's proto
-- keeps the whole coding; these columns are the copies the queue and reports
-- read. Existing posts had their codes given by callers: method 'given',
-- confidence 1, nothing to review.
ALTER TABLE posts
  ADD COLUMN IF NOT EXISTS coding_confidence FLOAT NOT NULL DEFAULT 1,
  ADD COLUMN IF NOT EXISTS needs_review TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS coding_method VARCHAR(20) NOT NULL DEFAULT 'given',
  ADD COLUMN IF NOT EXISTS reviewed_by VARCHAR(100) NULL,
  -- Unix microseconds.
  ADD COLUMN IF NOT EXISTS review_time BIGINT NULL,
  -- The normalised title (services/common/occupation) of a post waiting for
  -- review, NULL otherwise: a staff lesson codes every queued post of its title.
  ADD COLUMN IF NOT EXISTS review_title VARCHAR(200) NULL;

-- The queue, oldest first: one range of this key (needs_review = 1, seq
-- ascending); region and source filters are checked on those rows only.
ALTER TABLE posts ADD KEY IF NOT EXISTS posts_review_queue (needs_review, seq);
ALTER TABLE posts ADD KEY IF NOT EXISTS posts_by_review_title (review_title);

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
