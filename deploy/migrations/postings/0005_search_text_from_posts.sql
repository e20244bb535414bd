-- posts no longer carries its search text. Encoding a post's title and
-- description into bigram tokens made each imported row about half again as
-- large, and imports write the posts table hardest; the postings service now
-- derives the text from the post itself when it writes post_search (at once
-- for single creates and updates, in the search indexer for imports).
ALTER TABLE posts DROP COLUMN IF EXISTS search_text;
