// Chinese-capable full-text search on MariaDB's default FULLTEXT parser, which
// splits only on spaces and punctuation and so cannot see words inside a run
// of Chinese characters. We index overlapping character bigrams instead
// ("醴陵陶瓷" -> 醴陵 陵陶 陶瓷) and ASCII words whole, each encoded as "t" +
// hex of its UTF-8 bytes so that every token is one ASCII word of at least
// three characters (innodb_ft_min_token_size) that no stopword can match.
#ifndef JOBMATCH_SERVICES_POSTINGS_SEARCH_TEXT_H_
#define JOBMATCH_SERVICES_POSTINGS_SEARCH_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jobmatch::postings {

// The encoded tokens of `text`, in order, possibly repeated. A run of one CJK
// character yields that character alone; ASCII letters are lower-cased.
std::vector<std::string> SearchTokens(absl::string_view text);

// The space-separated, de-duplicated tokens of `title` and `description`, for
// the posts.search_text column.
std::string SearchDocument(absl::string_view title, absl::string_view description);

// A boolean-mode AGAINST() expression that requires every token of `query`
// ("+tok +tok"); a lone CJK character becomes a prefix match on the bigrams
// it starts. Empty when the query has no searchable token.
std::string SearchExpression(absl::string_view query);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_SEARCH_TEXT_H_
