// Reading the two sign-in requests: a pasted platform token, checked with the
// platform's public key, and (development only) a local sign-in that issues a
// token with the private key deploy/run.sh already holds for its own tokens.
#ifndef JOBMATCH_SERVICES_CONSOLE_SIGN_IN_H_
#define JOBMATCH_SERVICES_CONSOLE_SIGN_IN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/token.h"

namespace jobmatch::console {

// The token of {"token": "..."}; INVALID_ARGUMENT naming the field for a
// malformed body.
absl::StatusOr<std::string> ReadPastedToken(absl::string_view body);

// The caller `token` names when it verifies for any of the platform's
// services (a token is usually minted for several); UNAUTHENTICATED for a
// token no service would accept.
absl::StatusOr<auth::VerifiedToken> VerifyToken(const std::string& token,
                                                const std::string& public_key_pem,
                                                absl::Time now = absl::Now());

// {"role": "employer", "subject": "E1", "regions": ["430225"], "sessions":
// ["s1"]}: a token for every service, living 8 hours. Roles: employer,
// recruiter, live_host, analyst, admin. INVALID_ARGUMENT naming each bad field.
absl::StatusOr<std::string> IssueDevelopmentToken(absl::string_view body,
                                                  const std::string& private_key_pem,
                                                  absl::Time now = absl::Now());

}  // namespace jobmatch::console

#endif  // JOBMATCH_SERVICES_CONSOLE_SIGN_IN_H_
