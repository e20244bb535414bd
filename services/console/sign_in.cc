#include "services/console/sign_in.h"

#include <google/protobuf/struct.pb.h>

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_violations.h"
#include "services/common/status_macros.h"
#include "services/common/text_checks.h"
#include "services/console/json_io.h"

namespace jobmatch::console {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// Refuses every key of `body` outside `allowed`.
void CheckKnownFields(const Struct& body, const std::vector<std::string>& allowed,
                      FieldViolations& violations) {
  for (const auto& [name, value] : body.fields()) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      violations.Add(name, "unknown field");
    }
  }
}

// The string at `name` ("" when absent); a violation when it is not a string
// or not clean one-line text of at most `max` characters.
std::string StringField(const Struct& body, const std::string& name, size_t max,
                        FieldViolations& violations) {
  auto it = body.fields().find(name);
  if (it == body.fields().end()) return "";
  if (it->second.kind_case() != Value::kStringValue) {
    violations.Add(name, "must be a string");
    return "";
  }
  const std::string& text = it->second.string_value();
  if (text.size() > max) violations.Add(name, absl::StrCat("longer than ", max, " bytes"));
  CheckText(text, name, violations);
  return text;
}

// A list of short codes (region prefixes: digits only).
std::vector<std::string> ListField(const Struct& body, const std::string& name, bool digits,
                                   FieldViolations& violations) {
  std::vector<std::string> out;
  auto it = body.fields().find(name);
  if (it == body.fields().end()) return out;
  if (it->second.kind_case() != Value::kListValue) {
    violations.Add(name, "must be a list of strings");
    return out;
  }
  int i = 0;
  for (const Value& item : it->second.list_value().values()) {
    const std::string path = absl::StrCat(name, "[", i++, "]");
    const std::string& text = item.string_value();
    if (item.kind_case() != Value::kStringValue || text.empty() || text.size() > 64 ||
        text.find(',') != std::string::npos) {
      violations.Add(path, "must be a non-empty string of at most 64 bytes without commas");
      continue;
    }
    if (digits && !std::all_of(text.begin(), text.end(), absl::ascii_isdigit)) {
      violations.Add(path, "a region code is digits only");
      continue;
    }
    CheckText(text, path, violations);
    out.push_back(text);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> ReadPastedToken(absl::string_view body) {
  Struct request;
  JM_RETURN_IF_ERROR(ParseJsonRequest(body, &request));
  FieldViolations violations;
  CheckKnownFields(request, {"token"}, violations);
  const std::string token = StringField(request, "token", 8192, violations);
  if (token.empty() && violations.empty()) violations.Add("token", "required");
  JM_RETURN_IF_ERROR(violations.ToStatus("invalid sign-in"));
  return token;
}

absl::StatusOr<auth::VerifiedToken> VerifyToken(const std::string& token,
                                                const std::string& public_key_pem, absl::Time now) {
  for (const char* audience : {auth::kAudienceEvents, auth::kAudiencePostings,
                               auth::kAudienceMatcher, auth::kAudienceProfiles}) {
    auto verified = auth::TokenVerifier(public_key_pem, audience).Verify(token, now);
    if (verified.ok()) return verified;
  }
  return absl::UnauthenticatedError("the token is not valid for any platform service");
}

absl::StatusOr<std::string> IssueDevelopmentToken(absl::string_view body,
                                                  const std::string& private_key_pem,
                                                  absl::Time now) {
  Struct request;
  JM_RETURN_IF_ERROR(ParseJsonRequest(body, &request));
  FieldViolations violations;
  CheckKnownFields(request, {"role", "subject", "regions", "sessions"}, violations);
  Caller caller;
  const std::string role = StringField(request, "role", 32, violations);
  caller.role = RoleFromName(role);
  if (caller.role == Role::kAnonymous || caller.role == Role::kService ||
      caller.role == Role::kJobseeker) {
    violations.Add("role", "one of employer, recruiter, live_host, analyst, admin");
  }
  caller.subject_id = StringField(request, "subject", 64, violations);
  if (caller.subject_id.empty()) violations.Add("subject", "required");
  caller.region_prefixes = ListField(request, "regions", /*digits=*/true, violations);
  caller.session_ids = ListField(request, "sessions", /*digits=*/false, violations);
  JM_RETURN_IF_ERROR(violations.ToStatus("invalid sign-in"));
  return auth::IssueToken(caller,
                          {auth::kAudiencePostings, auth::kAudienceProfiles, auth::kAudienceEvents,
                           auth::kAudienceMatcher},
                          now + absl::Hours(8), private_key_pem, now);
}

}  // namespace jobmatch::console
