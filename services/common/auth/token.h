// Signed caller tokens: RS256 JSON Web Tokens (libjwt) that name a caller's
// role, subject id, assigned region prefixes (recruiters), live session ids
// (hosts) and an expiry. The private key signs (jobmatch-token, the demo,
// tests); services hold only the public key, so a compromised service cannot
// mint tokens. Keys come from files or the environment, never the repository.
//
// Claims: iss "jobmatch", sub, role (a RoleName), regions and sessions
// (comma-separated, omitted when empty), iat and exp (Unix seconds).
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_TOKEN_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_TOKEN_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/caller.h"

namespace jobmatch::auth {

// Signs a token for `caller` valid until `expires_at`, with a PEM RSA private
// key. INVALID_ARGUMENT for an anonymous role, an empty subject, list entries
// containing commas, or an expiry not after `now`; INTERNAL if the key is unusable.
absl::StatusOr<std::string> IssueToken(const Caller& caller, absl::Time expires_at,
                                       absl::string_view private_key_pem,
                                       absl::Time now = absl::Now());

// What a valid token says.
struct VerifiedToken {
  Caller caller;
  absl::Time expires_at;
};

// Checks tokens against a PEM RSA public key. Thread-safe, immutable.
class TokenVerifier {
 public:
  explicit TokenVerifier(std::string public_key_pem) : public_key_pem_(std::move(public_key_pem)) {}

  // The caller named by `token`, or UNAUTHENTICATED when the token is
  // malformed, not RS256 (alg "none" or HS256 are refused, so the public key
  // can never serve as an HMAC secret), wrongly signed, expired at `now`,
  // issued in the future, or names no subject or an unknown role.
  absl::StatusOr<VerifiedToken> Verify(absl::string_view token, absl::Time now = absl::Now()) const;

 private:
  std::string public_key_pem_;
};

// Key material: the content of environment variable `env_var` when it is set
// and non-empty, else the content of `file`. NOT_FOUND when neither yields a key.
absl::StatusOr<std::string> ReadKey(absl::string_view file, absl::string_view env_var);

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_TOKEN_H_
