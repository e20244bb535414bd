#include "services/postings/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/field_violations.h"

namespace jobmatch::postings {

uint64_t StableHash(absl::string_view bytes, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string EncodePageToken(const PageCursor& cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat("1.", cursor.after_seq, ".", cursor.query_hash));
}

absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token, uint64_t query_hash) {
  std::string raw;
  PageCursor cursor;
  std::vector<absl::string_view> parts;
  if (absl::WebSafeBase64Unescape(token, &raw)) parts = absl::StrSplit(raw, '.');
  if (parts.size() != 3 || parts[0] != "1" || !absl::SimpleAtoi(parts[1], &cursor.after_seq) ||
      !absl::SimpleAtoi(parts[2], &cursor.query_hash) || cursor.after_seq <= 0) {
    return InvalidField("page_token", "malformed page token");
  }
  if (cursor.query_hash != query_hash) {
    return InvalidField("page_token", "page token was made for a different query");
  }
  return cursor;
}

absl::StatusOr<int64_t> SeqFromPageToken(const std::string& token, uint64_t query_hash) {
  if (token.empty()) return 0;
  absl::StatusOr<PageCursor> cursor = DecodePageToken(token, query_hash);
  if (!cursor.ok()) return cursor.status();
  return cursor->after_seq;
}

std::string PageTokenAfter(int64_t last_seq, uint64_t query_hash) {
  return last_seq == 0 ? "" : EncodePageToken(PageCursor{last_seq, query_hash});
}

}  // namespace jobmatch::postings
