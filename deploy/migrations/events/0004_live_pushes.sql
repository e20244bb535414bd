-- Which posts were pushed in which live session, written with each push
-- event. A live host may record views only of posts pushed in its own
-- sessions: its viewers' views, never anyone's view of anything.
CREATE TABLE IF NOT EXISTS live_pushes (
  post_id VARCHAR(40) NOT NULL,
  session_id VARCHAR(40) NOT NULL,
  PRIMARY KEY (post_id, session_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
