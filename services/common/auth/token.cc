#include "services/common/auth/token.h"

#include <errno.h>
#include <jwt.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace jobmatch::auth {
namespace {

constexpr char kIssuer[] = "jobmatch";
// Far above any real token; refuses absurd metadata before any parsing.
constexpr size_t kMaxTokenBytes = 8192;
// Tolerated clock difference between the issuer and this server for iat.
constexpr absl::Duration kClockSkew = absl::Minutes(1);
constexpr const char* kAudiences[] = {kAudiencePostings, kAudienceProfiles, kAudienceEvents,
                                      kAudienceMatcher};

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

absl::Status CheckList(const std::vector<std::string>& items, absl::string_view what) {
  for (const auto& item : items) {
    if (item.empty() || absl::StrContains(item, ',')) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " entries must be non-empty, no commas"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> SplitClaim(const char* value) {
  std::vector<std::string> out;
  if (value == nullptr) return out;
  for (absl::string_view p : absl::StrSplit(value, ',', absl::SkipEmpty())) out.emplace_back(p);
  return out;
}

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid token: ", why));
}

// The aud claim: a string, or an array of strings (RFC 7519 allows both;
// IssueToken writes an array). Audience names are plain lower-case words, so
// the array's JSON is split without a JSON parser; anything else fails to
// match a service's name.
std::vector<std::string> Audiences(jwt_t* jwt) {
  std::vector<std::string> out;
  if (const char* one = jwt_get_grant(jwt, "aud"); one != nullptr) {
    out.emplace_back(one);
    return out;
  }
  char* json = jwt_get_grants_json(jwt, "aud");
  if (json == nullptr) return out;
  absl::string_view text = absl::StripAsciiWhitespace(json);
  if (absl::ConsumePrefix(&text, "[") && absl::ConsumeSuffix(&text, "]")) {
    for (absl::string_view item : absl::StrSplit(text, ',')) {
      item = absl::StripAsciiWhitespace(item);
      if (absl::ConsumePrefix(&item, "\"") && absl::ConsumeSuffix(&item, "\"")) {
        out.emplace_back(item);
      }
    }
  }
  std::free(json);
  return out;
}

}  // namespace

bool IsAudience(absl::string_view name) {
  for (const char* known : kAudiences) {
    if (name == known) return true;
  }
  return false;
}

absl::Duration MaxTokenLifetime(Role role) {
  return role == Role::kService ? absl::Hours(720) : absl::Hours(24);
}

absl::StatusOr<std::string> IssueToken(const Caller& caller,
                                       const std::vector<std::string>& audiences,
                                       absl::Time expires_at, absl::string_view private_key_pem,
                                       absl::Time now) {
  if (caller.role == Role::kAnonymous) return absl::InvalidArgumentError("a token needs a role");
  if (caller.subject_id.empty()) return absl::InvalidArgumentError("a token needs a subject");
  if (expires_at <= now) return absl::InvalidArgumentError("expiry must be in the future");
  // Whole seconds, as the claims carry them.
  if (absl::FromUnixSeconds(absl::ToUnixSeconds(expires_at)) -
          absl::FromUnixSeconds(absl::ToUnixSeconds(now)) >
      MaxTokenLifetime(caller.role)) {
    return absl::InvalidArgumentError(
        absl::StrCat("a ", RoleName(caller.role), " token lives at most ",
                     absl::FormatDuration(MaxTokenLifetime(caller.role))));
  }
  if (audiences.empty()) {
    return absl::InvalidArgumentError("a token needs an audience: the services it is for");
  }
  std::string aud_json = "{\"aud\":[";
  for (const std::string& audience : audiences) {
    if (!IsAudience(audience)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown audience '", audience, "': postings, profiles, events or matcher"));
    }
    absl::StrAppend(&aud_json, aud_json.back() == '[' ? "" : ",", "\"", audience, "\"");
  }
  aud_json += "]}";
  if (absl::Status s = CheckList(caller.region_prefixes, "regions"); !s.ok()) return s;
  if (absl::Status s = CheckList(caller.session_ids, "sessions"); !s.ok()) return s;

  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr jwt(raw);
  const std::string role(RoleName(caller.role));
  const std::string regions = absl::StrJoin(caller.region_prefixes, ",");
  const std::string sessions = absl::StrJoin(caller.session_ids, ",");
  int rc = jwt_add_grant(jwt.get(), "iss", kIssuer);
  rc = rc ? rc : jwt_add_grant(jwt.get(), "sub", caller.subject_id.c_str());
  rc = rc ? rc : jwt_add_grant(jwt.get(), "role", role.c_str());
  if (!regions.empty()) rc = rc ? rc : jwt_add_grant(jwt.get(), "regions", regions.c_str());
  if (!sessions.empty()) rc = rc ? rc : jwt_add_grant(jwt.get(), "sessions", sessions.c_str());
  rc = rc ? rc : jwt_add_grants_json(jwt.get(), aud_json.c_str());
  rc = rc ? rc : jwt_add_grant_int(jwt.get(), "iat", absl::ToUnixSeconds(now));
  rc = rc ? rc : jwt_add_grant_int(jwt.get(), "exp", absl::ToUnixSeconds(expires_at));
  rc = rc ? rc
          : jwt_set_alg(jwt.get(), JWT_ALG_RS256,
                        reinterpret_cast<const unsigned char*>(private_key_pem.data()),
                        static_cast<int>(private_key_pem.size()));
  if (rc != 0) return absl::InternalError(absl::StrCat("cannot build token: errno ", rc));
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr)
    return absl::InternalError("cannot sign token: is the key an RSA private key?");
  std::string token(encoded);
  std::free(encoded);
  return token;
}

absl::StatusOr<VerifiedToken> TokenVerifier::Verify(absl::string_view token, absl::Time now) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return Unauthenticated("bad length");
  const std::string text(token);
  jwt_t* raw = nullptr;
  // jwt_decode checks the signature with the algorithm the token names, so
  // the algorithm is pinned right after: only RS256 counts.
  if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(public_key_pem_.data()),
                 static_cast<int>(public_key_pem_.size())) != 0 ||
      raw == nullptr) {
    if (raw != nullptr) jwt_free(raw);
    return Unauthenticated("malformed or wrongly signed");
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) != JWT_ALG_RS256) return Unauthenticated("algorithm must be RS256");
  const char* iss = jwt_get_grant(jwt.get(), "iss");
  if (iss == nullptr || absl::string_view(iss) != kIssuer) return Unauthenticated("wrong issuer");
  bool for_us = false;
  for (const std::string& audience : Audiences(jwt.get())) for_us |= audience == audience_;
  if (!for_us || audience_.empty()) return Unauthenticated("not for this service (aud)");

  errno = 0;
  const long exp = jwt_get_grant_int(jwt.get(), "exp");
  if (errno != 0 || exp <= 0) return Unauthenticated("no expiry");
  VerifiedToken out;
  out.expires_at = absl::FromUnixSeconds(exp);
  if (now >= out.expires_at) return Unauthenticated("expired");
  errno = 0;
  const long iat = jwt_get_grant_int(jwt.get(), "iat");
  if (errno != 0 || iat <= 0) return Unauthenticated("no issue time (iat)");
  out.issued_at = absl::FromUnixSeconds(iat);
  if (out.issued_at > now + kClockSkew) return Unauthenticated("issued in the future");

  const char* role = jwt_get_grant(jwt.get(), "role");
  out.caller.role = RoleFromName(role == nullptr ? "" : role);
  if (out.caller.role == Role::kAnonymous) return Unauthenticated("unknown role");
  if (out.expires_at - out.issued_at > MaxTokenLifetime(out.caller.role)) {
    return Unauthenticated("lives longer than its role allows");
  }
  const char* sub = jwt_get_grant(jwt.get(), "sub");
  if (sub == nullptr || *sub == '\0') return Unauthenticated("no subject");
  out.caller.subject_id = sub;
  out.caller.region_prefixes = SplitClaim(jwt_get_grant(jwt.get(), "regions"));
  out.caller.session_ids = SplitClaim(jwt_get_grant(jwt.get(), "sessions"));
  return out;
}

absl::StatusOr<std::string> ReadKey(absl::string_view file, absl::string_view env_var) {
  if (!env_var.empty()) {
    const char* value = std::getenv(std::string(env_var).c_str());
    if (value != nullptr && *value != '\0') return std::string(value);
  }
  if (file.empty()) {
    return absl::NotFoundError(absl::StrCat("no key: set ", env_var, " or give a key file"));
  }
  std::ifstream in{std::string(file), std::ios::binary};
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read key file ", file));
  std::ostringstream content;
  content << in.rdbuf();
  if (absl::StripAsciiWhitespace(content.str()).empty()) {
    return absl::NotFoundError(absl::StrCat("key file ", file, " is empty"));
  }
  return content.str();
}

}  // namespace jobmatch::auth
