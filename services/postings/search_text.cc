#include "services/postings/search_text.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace jobmatch::postings {
namespace {

// One decoded character: its bytes in the text and its code point.
struct Char {
  absl::string_view bytes;
  char32_t cp;
};

std::vector<Char> Decode(absl::string_view text) {
  std::vector<Char> out;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    if (i + len > text.size()) len = 1;
    char32_t cp = len == 1 ? c : (c & (0xFF >> (len + 1)));
    for (size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back({text.substr(i, len), cp});
    i += len;
  }
  return out;
}

bool IsCjk(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FA1F);
}
bool IsWordChar(char32_t cp) { return cp < 0x80 && absl::ascii_isalnum(static_cast<char>(cp)); }

std::string Encode(absl::string_view bytes) {
  return absl::StrCat("t", absl::BytesToHexString(bytes));
}

// Calls emit(token, is_lone_cjk) for every token of `text`.
template <typename Emit>
void Tokenize(absl::string_view text, Emit emit) {
  const std::vector<Char> chars = Decode(text);
  size_t i = 0;
  while (i < chars.size()) {
    if (IsCjk(chars[i].cp)) {
      size_t j = i;
      while (j < chars.size() && IsCjk(chars[j].cp)) ++j;
      if (j - i == 1) {
        emit(Encode(chars[i].bytes), true);
      } else {
        for (size_t k = i; k + 1 < j; ++k) {
          emit(Encode(absl::StrCat(chars[k].bytes, chars[k + 1].bytes)), false);
        }
      }
      i = j;
    } else if (IsWordChar(chars[i].cp)) {
      std::string word;
      while (i < chars.size() && IsWordChar(chars[i].cp)) {
        if (word.size() < kMaxWordBytes)
          word.push_back(absl::ascii_tolower(static_cast<char>(chars[i].cp)));
        ++i;
      }
      emit(Encode(word), false);
    } else {
      ++i;
    }
  }
}

}  // namespace

std::vector<std::string> SearchTokens(absl::string_view text) {
  std::vector<std::string> out;
  Tokenize(text, [&](std::string token, bool) { out.push_back(std::move(token)); });
  return out;
}

std::string SearchDocument(absl::string_view title, absl::string_view description) {
  absl::flat_hash_set<std::string> seen;
  std::string out;
  auto add = [&](std::string token, bool) {
    if (!seen.insert(token).second) return;
    if (!out.empty()) out.push_back(' ');
    out += token;
  };
  Tokenize(title, add);
  Tokenize(description, add);
  return out;
}

SearchQuery ParseSearchQuery(absl::string_view query) {
  SearchQuery out;
  absl::flat_hash_set<std::string> seen;
  Tokenize(query, [&](std::string token, bool lone_cjk) {
    if (!seen.insert(token).second) return;
    (lone_cjk ? out.prefixes : out.terms).push_back(std::move(token));
  });
  return out;
}

std::string SearchQuery::Key() const {
  if (empty()) return "";  // a listing's page tokens stay what they were
  return absl::StrCat(absl::StrJoin(terms, " "), "|", absl::StrJoin(prefixes, " "));
}

std::string TermKey(absl::string_view token) { return absl::HexStringToBytes(token.substr(1)); }

std::string TermLiteral(absl::string_view token) {
  return absl::StrCat("X'", token.substr(1), "'");
}

}  // namespace jobmatch::postings
