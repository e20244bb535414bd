// Search text over any bytes: every token is one ASCII word, "t" and the hex
// of at most post_terms.term's width of bytes, so no input can change the
// meaning of the SQL that tokens and their X'' literals are written into.
#include <cstdint>

#include "absl/strings/ascii.h"
#include "fuzz/fuzz_check.h"
#include "services/postings/search_text.h"

namespace {

bool IsToken(absl::string_view token) {
  if (token.size() < 3 || token.size() % 2 == 0 || token[0] != 't') return false;
  if (token.size() > 1 + 2 * jobmatch::postings::kMaxWordBytes) return false;
  for (const char c : token.substr(1)) {
    if (!absl::ascii_isdigit(c) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view in(reinterpret_cast<const char*>(data), size);
  for (const std::string& token : jobmatch::postings::SearchTokens(in)) {
    FUZZ_CHECK(IsToken(token));
  }
  // Title and description: the input split at its first newline.
  const size_t cut = std::min(in.find('\n'), in.size());
  const std::string document =
      jobmatch::postings::SearchDocument(in.substr(0, cut), in.substr(cut));
  for (const char c : document) FUZZ_CHECK(c == ' ' || c == 't' || absl::ascii_isxdigit(c));
  const jobmatch::postings::SearchQuery query = jobmatch::postings::ParseSearchQuery(in);
  for (const auto* tokens : {&query.terms, &query.prefixes}) {
    for (const std::string& token : *tokens) {
      FUZZ_CHECK(IsToken(token));
      FUZZ_CHECK(jobmatch::postings::TermLiteral(token) == "X'" + token.substr(1) + "'");
      const std::string key = jobmatch::postings::TermKey(token);
      FUZZ_CHECK(key.size() * 2 + 1 == token.size() &&
                 key.size() <= jobmatch::postings::kMaxWordBytes);
    }
  }
  return 0;
}
