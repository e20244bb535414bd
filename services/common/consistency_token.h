// Consistency tokens: what a mutation hands back so that a later matcher read
// can ask to see it ("read your writes"). Two forms, opaque to callers:
//   "o:<schema>:<id>"  the change's row in <schema>'s outbox (postings,
//                      profiles); applied once the relay has put that row,
//                      and every row of the outbox before it, in the feed
//                      and the matcher has applied them.
//   "f:<cursor>"       an event in the feed (the events service's own
//                      writes); applied once the matcher's cursor reaches it.
#ifndef JOBMATCH_SERVICES_COMMON_CONSISTENCY_TOKEN_H_
#define JOBMATCH_SERVICES_COMMON_CONSISTENCY_TOKEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace jobmatch {

struct ConsistencyToken {
  enum class Kind { kFeed, kOutbox };
  Kind kind = Kind::kFeed;
  std::string schema;    // kOutbox only
  int64_t position = 0;  // feed cursor or outbox id, >= 0
};

// Most tokens one read may carry.
inline constexpr int kMaxConsistencyTokens = 16;

std::string FeedToken(int64_t cursor);
std::string OutboxToken(absl::string_view schema, int64_t outbox_id);

// INVALID_ARGUMENT (naming nothing) when `text` is not a token of either form.
absl::StatusOr<ConsistencyToken> ParseConsistencyToken(absl::string_view text);

// Every token of a request's repeated `field`; INVALID_ARGUMENT with a field
// violation per bad entry ("consistency_tokens[2]"), or on `field` itself
// when there are more than kMaxConsistencyTokens.
absl::StatusOr<std::vector<ConsistencyToken>> ParseConsistencyTokens(
    const google::protobuf::RepeatedPtrField<std::string>& tokens,
    absl::string_view field = "consistency_tokens");

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_CONSISTENCY_TOKEN_H_
