#include "clients/lib/token_claims.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"

namespace jobmatch::client {
namespace {

std::string StringClaim(const google::protobuf::Struct& claims, const char* name) {
  auto it = claims.fields().find(name);
  if (it == claims.fields().end() || !it->second.has_string_value()) return "";
  return it->second.string_value();
}

}  // namespace

absl::StatusOr<TokenClaims> ReadUnverifiedClaims(absl::string_view token) {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(
        "the token is not a JSON Web Token (header.payload.signature)");
  }
  std::string json;
  if (!absl::WebSafeBase64Unescape(parts[1], &json)) {
    return absl::InvalidArgumentError("the token's payload is not base64url");
  }
  google::protobuf::Struct claims;
  if (!google::protobuf::util::JsonStringToMessage(json, &claims).ok()) {
    return absl::InvalidArgumentError("the token's payload is not a JSON object");
  }
  TokenClaims out{StringClaim(claims, "sub"), StringClaim(claims, "role")};
  if (out.subject.empty()) return absl::InvalidArgumentError("the token names no subject (sub)");
  return out;
}

}  // namespace jobmatch::client
