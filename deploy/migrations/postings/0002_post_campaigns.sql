-- Campaign membership moves from posts.campaign_ids (a comma-separated list
-- that a campaign filter could only scan with LIKE) into its own table keyed
-- by (campaign_id, post_seq): listing a campaign's posts newest first is then
-- a backward range scan of that key, and a page stops after `limit` rows.
-- post_seq is posts.seq, the immutable key the listings page by.
CREATE TABLE IF NOT EXISTS post_campaigns (
  campaign_id VARCHAR(40) NOT NULL,
  post_seq BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, post_seq),
  KEY post_campaigns_by_post (post_seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Existing memberships: the n-th id of ',a,b,' for n = 1 .. commas - 1 (a
-- post has at most 20 campaigns). Re-runnable: INSERT IGNORE, and the column
-- is dropped last.
INSERT IGNORE INTO post_campaigns (campaign_id, post_seq)
SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(p.campaign_ids, ',', n.n + 1), ',', -1), p.seq
FROM posts p
JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
      UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10
      UNION ALL SELECT 11 UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15
      UNION ALL SELECT 16 UNION ALL SELECT 17 UNION ALL SELECT 18 UNION ALL SELECT 19 UNION ALL SELECT 20) n
  ON n.n < CHAR_LENGTH(p.campaign_ids) - CHAR_LENGTH(REPLACE(p.campaign_ids, ',', ''));

ALTER TABLE posts DROP COLUMN IF EXISTS campaign_ids;
