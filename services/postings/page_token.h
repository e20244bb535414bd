// Opaque page tokens for keyset pagination: the last row's immutable `seq`
// and a fingerprint of the query, so that a token is only accepted by the
// query that made it.
#ifndef JOBMATCH_SERVICES_POSTINGS_PAGE_TOKEN_H_
#define JOBMATCH_SERVICES_POSTINGS_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::postings {

// 64-bit FNV-1a; stable across processes and releases (stored in the database).
uint64_t StableHash(absl::string_view bytes, uint64_t seed = 14695981039346656037ULL);

struct PageCursor {
  // seq of the last row returned; the next page continues strictly after it.
  int64_t after_seq = 0;
  uint64_t query_hash = 0;
};

std::string EncodePageToken(const PageCursor& cursor);
// INVALID_ARGUMENT (field "page_token") when malformed or made for another query.
absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token, uint64_t query_hash);

// The seq a page continues from: 0 for the first page (empty token), else the
// token's, for a query with fingerprint `query_hash`.
absl::StatusOr<int64_t> SeqFromPageToken(const std::string& token, uint64_t query_hash);
// The token of the page after `last_seq`; "" when it is 0 (no more pages).
std::string PageTokenAfter(int64_t last_seq, uint64_t query_hash);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_PAGE_TOKEN_H_
