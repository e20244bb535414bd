// What a client may read from its own bearer token without checking it: the
// subject and role it names. A client holds no public key and needs none for
// this: the claims only fill in defaults (jobctl's "yourself" for
// --profile), while every service verifies the token and refuses a request
// whose subject is not the caller's. Never use these claims to decide
// anything on a server.
#ifndef JOBMATCH_CLIENTS_LIB_TOKEN_CLAIMS_H_
#define JOBMATCH_CLIENTS_LIB_TOKEN_CLAIMS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::client {

struct TokenClaims {
  std::string subject;  // the sub claim
  std::string role;     // the role claim, as a RoleName ("jobseeker", "staff", ...)
};

// The sub and role claims of a JSON Web Token (header.payload.signature),
// read from its base64url payload; the signature is not checked.
// INVALID_ARGUMENT for a token that is not three parts, a payload that is not
// base64url JSON, or a payload without a string sub.
absl::StatusOr<TokenClaims> ReadUnverifiedClaims(absl::string_view token);

}  // namespace jobmatch::client

#endif  // JOBMATCH_CLIENTS_LIB_TOKEN_CLAIMS_H_
