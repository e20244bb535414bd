// The words of Chinese-capable post search. A run of Chinese characters has no
// spaces to split on, so a post's title and description are cut into
// overlapping character bigrams ("醴陵陶瓷" -> 醴陵 陵陶 陶瓷) and ASCII words
// whole, each encoded as "t" + hex of its UTF-8 bytes: a token is letters and
// digits only, safe to write into SQL, and its hex is the post_terms key
// (migration 0009).
#ifndef JOBMATCH_SERVICES_POSTINGS_SEARCH_TEXT_H_
#define JOBMATCH_SERVICES_POSTINGS_SEARCH_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jobmatch::postings {

// An ASCII word is cut to this many bytes, the width of post_terms.term.
inline constexpr size_t kMaxWordBytes = 32;

// The encoded tokens of `text`, in order, possibly repeated. A run of one CJK
// character yields that character alone; ASCII letters are lower-cased.
std::vector<std::string> SearchTokens(absl::string_view text);

// The space-separated, de-duplicated tokens of `title` and `description`, for
// the post_search.search_text column (a post's terms, kept so that an update
// knows which post_terms rows to remove).
std::string SearchDocument(absl::string_view title, absl::string_view description);

// What a search asks for. A post matches when it holds every one of `terms`
// and, for every one of `prefixes`, a token starting with it: a lone CJK
// character in a query matches the bigrams it starts, and itself alone.
struct SearchQuery {
  std::vector<std::string> terms;     // tokens, de-duplicated, in query order
  std::vector<std::string> prefixes;  // tokens of lone CJK characters
  bool empty() const { return terms.empty() && prefixes.empty(); }
  // One string for the whole query, for binding page tokens to it; "" for
  // no search.
  std::string Key() const;
};
SearchQuery ParseSearchQuery(absl::string_view query);

// A token's post_terms key: the bytes its hex spells (at most
// kMaxWordBytes), bound as a statement's parameter.
std::string TermKey(absl::string_view token);
// The same key as an SQL literal, X'<hex>', for statements written out whole
// (the index's multi-row writes).
std::string TermLiteral(absl::string_view token);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_SEARCH_TEXT_H_
