#include "services/common/consistency_token.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/field_violations.h"

namespace jobmatch {
namespace {

// MariaDB schema names as this platform makes them: letters, digits, '_'
// and '$', at most 64.
bool IsSchemaName(absl::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '$') return false;
  }
  return true;
}

// A non-negative decimal without sign or leading zeros ("0" itself allowed).
bool ParsePosition(absl::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(s, out) && *out >= 0;
}

}  // namespace

std::string FeedToken(int64_t cursor) { return absl::StrCat("f:", cursor); }

std::string OutboxToken(absl::string_view schema, int64_t outbox_id) {
  return absl::StrCat("o:", schema, ":", outbox_id);
}

absl::StatusOr<ConsistencyToken> ParseConsistencyToken(absl::string_view text) {
  ConsistencyToken t;
  if (absl::ConsumePrefix(&text, "f:")) {
    t.kind = ConsistencyToken::Kind::kFeed;
    if (ParsePosition(text, &t.position)) return t;
  } else if (absl::ConsumePrefix(&text, "o:")) {
    t.kind = ConsistencyToken::Kind::kOutbox;
    const size_t colon = text.rfind(':');
    if (colon != absl::string_view::npos && IsSchemaName(text.substr(0, colon)) &&
        ParsePosition(text.substr(colon + 1), &t.position)) {
      t.schema = std::string(text.substr(0, colon));
      return t;
    }
  }
  return absl::InvalidArgumentError("not a consistency token from a mutation's response");
}

absl::StatusOr<std::vector<ConsistencyToken>> ParseConsistencyTokens(
    const google::protobuf::RepeatedPtrField<std::string>& tokens, absl::string_view field) {
  FieldViolations v;
  if (tokens.size() > kMaxConsistencyTokens) {
    v.Add(field, absl::StrCat("at most ", kMaxConsistencyTokens, " tokens"));
    return v.ToStatus();
  }
  std::vector<ConsistencyToken> out;
  for (int i = 0; i < tokens.size(); ++i) {
    absl::StatusOr<ConsistencyToken> t = ParseConsistencyToken(tokens[i]);
    if (t.ok()) {
      out.push_back(*std::move(t));
    } else {
      v.Add(absl::StrCat(field, "[", i, "]"), t.status().message());
    }
  }
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace jobmatch
