-- Full-text search moves from posts into its own table. Maintaining a FULLTEXT
-- index is most of what a bulk import costs the database, so an import now
-- only queues its posts (post_search_pending) and the postings service's
-- search indexer copies their text into post_search moments later; single
-- creates and updates still write post_search in their own transaction.
-- posts.search_text stays the source of truth that post_search copies.
CREATE TABLE IF NOT EXISTS post_search (
  post_seq BIGINT NOT NULL PRIMARY KEY,
  search_text MEDIUMTEXT NOT NULL,
  FULLTEXT KEY post_search_text (search_text)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Posts whose search text changed and is not yet in post_search, by post_id
-- (an import knows the ids it wrote, and queues them without a lookup).
CREATE TABLE IF NOT EXISTS post_search_pending (
  post_id VARCHAR(40) NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Existing posts are indexed now. Re-runnable: the index is dropped last.
INSERT INTO post_search (post_seq, search_text) SELECT seq, search_text FROM posts
  ON DUPLICATE KEY UPDATE search_text = VALUES(search_text);

ALTER TABLE posts DROP INDEX IF EXISTS posts_search;
