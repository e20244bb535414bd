// Signed caller tokens: RS256 JSON Web Tokens (libjwt) that name a caller's
// role, subject id, assigned region prefixes (recruiters), live session ids
// (hosts), the services the token is for and an expiry. The private key signs
// (jobmatch-token, the demo, tests); services hold only the public key, so a
// compromised service cannot mint tokens. Keys come from files or the
// environment, never the repository.
//
// Claims: iss "jobmatch", sub, role (a RoleName), regions and sessions
// (comma-separated, omitted when empty), aud (an array of service names),
// iat and exp (Unix seconds). A token lives at most MaxTokenLifetime(role)
// from iat to exp, so a stolen token is worth a day at most; a token without
// iat is refused, since its lifetime cannot be bounded.
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_TOKEN_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_TOKEN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/caller.h"

namespace jobmatch::auth {

// The services a token can be for (its aud claim). Each service accepts only
// tokens that name it, so a token given to one service cannot be replayed
// against another.
inline constexpr char kAudiencePostings[] = "postings";
inline constexpr char kAudienceProfiles[] = "profiles";
inline constexpr char kAudienceEvents[] = "events";
inline constexpr char kAudienceMatcher[] = "matcher";
// True for the four names above.
bool IsAudience(absl::string_view name);

// The longest a token may live, iat to exp: 24 hours, 30 days for the
// service role (a process that cannot ask a person for a new token).
absl::Duration MaxTokenLifetime(Role role);

// Signs a token for `caller` to present to the services `audiences`, valid
// from `now` until `expires_at`, with a PEM RSA private key. INVALID_ARGUMENT
// for an anonymous role, an empty subject, list entries containing commas, no
// or an unknown audience, an expiry not after `now` or beyond
// MaxTokenLifetime; INTERNAL if the key is unusable.
absl::StatusOr<std::string> IssueToken(const Caller& caller,
                                       const std::vector<std::string>& audiences,
                                       absl::Time expires_at, absl::string_view private_key_pem,
                                       absl::Time now = absl::Now());

// What a valid token says.
struct VerifiedToken {
  Caller caller;
  absl::Time issued_at;
  absl::Time expires_at;
};

// Checks tokens against a PEM RSA public key, for one service (audience).
// Thread-safe, immutable.
class TokenVerifier {
 public:
  TokenVerifier(std::string public_key_pem, std::string audience)
      : public_key_pem_(std::move(public_key_pem)), audience_(std::move(audience)) {}

  // The caller named by `token`, or UNAUTHENTICATED when the token is
  // malformed, not RS256 (alg "none" or HS256 are refused, so the public key
  // can never serve as an HMAC secret), wrongly signed, not for this
  // verifier's audience, expired at `now`, without iat, issued in the future,
  // living longer than MaxTokenLifetime, or names no subject or an unknown role.
  absl::StatusOr<VerifiedToken> Verify(absl::string_view token, absl::Time now = absl::Now()) const;

 private:
  std::string public_key_pem_;
  std::string audience_;
};

// Key material: the content of environment variable `env_var` when it is set
// and non-empty, else the content of `file`. NOT_FOUND when neither yields a key.
absl::StatusOr<std::string> ReadKey(absl::string_view file, absl::string_view env_var);

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_TOKEN_H_
