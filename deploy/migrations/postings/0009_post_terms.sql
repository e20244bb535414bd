-- Search reads an index of its own instead of post_search's FULLTEXT key.
-- InnoDB's full-text lookup reads every post holding a word before a query
-- can order them by seq and keep one page, so a common word (普工, 服装)
-- cost tens of milliseconds of the database a search. post_terms holds one
-- row per (token, post) keyed in that order: a search reads its rarest
-- token's posts newest first and stops when its page is full.
-- post_search keeps each post's tokens (its search_text) so that a change
-- deletes exactly the rows the old text put in post_terms.
CREATE TABLE IF NOT EXISTS post_terms (
  term VARBINARY(32) NOT NULL,
  post_seq BIGINT NOT NULL,
  PRIMARY KEY (term, post_seq)
) ENGINE=InnoDB;

ALTER TABLE post_search DROP INDEX IF EXISTS post_search_text;

-- Every post is indexed anew by the postings service's search indexer: the
-- two tables start empty together, so that what post_search says a post
-- holds is what post_terms has. Re-runnable.
DELETE FROM post_terms;
DELETE FROM post_search;
INSERT IGNORE INTO post_search_pending (post_id) SELECT post_id FROM posts;
