-- Moderation (审核): posts written by employers wait for staff approval
-- (state 7 PENDING_REVIEW; 8 REJECTED). The post's proto keeps the whole
-- review (flags with the words that matched, decision, reason, reviewer);
-- these columns are the copies that the moderation list filters by and that
-- reports read. Existing posts were published without review: decision 4
-- (NOT_REQUIRED), no flags.
ALTER TABLE posts
  -- Bit (1 << ScreeningRule) for each rule screening flagged.
  ADD COLUMN IF NOT EXISTS screening_flags INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS moderation_decision INT NOT NULL DEFAULT 4,
  ADD COLUMN IF NOT EXISTS moderation_reason VARCHAR(2000) NULL,
  ADD COLUMN IF NOT EXISTS moderated_by VARCHAR(100) NULL,
  -- Unix microseconds.
  ADD COLUMN IF NOT EXISTS moderation_time BIGINT NULL;

-- No new index: the queue is read as state = 7 through posts_by_state_expiry
-- (state, valid_until, seq), sorted by seq. Pending posts are few (staff keep
-- the queue short), while every extra key of posts costs each imported row.
