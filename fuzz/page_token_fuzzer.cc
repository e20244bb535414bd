// Page tokens: any token either decodes to a cursor for the query that made
// it and encodes back to a token that decodes the same, or is refused as
// INVALID_ARGUMENT; and any cursor survives encoding.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "fuzz/fuzz_check.h"
#include "services/postings/page_token.h"

using jobmatch::postings::DecodePageToken;
using jobmatch::postings::EncodePageToken;
using jobmatch::postings::PageCursor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first 8 bytes (if any) are the query's fingerprint, the rest the token.
  uint64_t query_hash = 0;
  const size_t head = size < sizeof query_hash ? size : sizeof query_hash;
  if (head > 0) std::memcpy(&query_hash, data, head);
  const absl::string_view token(reinterpret_cast<const char*>(data) + head, size - head);

  const auto cursor = DecodePageToken(token, query_hash);
  if (cursor.ok()) {
    FUZZ_CHECK(cursor->after_seq > 0 && cursor->query_hash == query_hash);
    const auto again = DecodePageToken(EncodePageToken(*cursor), query_hash);
    FUZZ_CHECK(again.ok() && again->after_seq == cursor->after_seq);
  } else {
    FUZZ_CHECK(cursor.status().code() == absl::StatusCode::kInvalidArgument);
  }
  const auto seq = jobmatch::postings::SeqFromPageToken(std::string(token), query_hash);
  FUZZ_CHECK(seq.ok() == (token.empty() || cursor.ok()));

  // The same bytes read as a cursor of the token's own.
  PageCursor made;
  made.query_hash = query_hash;
  if (!token.empty()) {
    std::memcpy(&made.after_seq, token.data(), std::min(token.size(), sizeof made.after_seq));
  }
  const auto decoded = DecodePageToken(EncodePageToken(made), query_hash);
  FUZZ_CHECK(decoded.ok() == (made.after_seq > 0));
  if (decoded.ok()) FUZZ_CHECK(decoded->after_seq == made.after_seq);
  return 0;
}
