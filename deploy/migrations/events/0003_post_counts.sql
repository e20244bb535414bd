-- Posts and openings per campaign and targeted key group. The relay reads a
-- changed post's campaigns, target groups and openings from the postings
-- schema and keeps here what the post currently counts for, one row per
-- campaign, so that an update (groups, openings, campaigns) or a close moves
-- exactly its own contribution in campaign_stats, with no scan of the feed.
CREATE TABLE IF NOT EXISTS post_counts (
  post_id VARCHAR(40) NOT NULL,
  campaign_id VARCHAR(40) NOT NULL,
  -- Bit (1 << KeyGroup) per targeted group, as counted.
  group_mask INT NOT NULL,
  openings INT NOT NULL,
  PRIMARY KEY (post_id, campaign_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Whether the post was ever published (left DRAFT): published posts stay in
-- the figures when they are filled, closed or expire; a draft closed before
-- publication never enters them.
ALTER TABLE post_facts ADD COLUMN IF NOT EXISTS published TINYINT NOT NULL DEFAULT 0;
