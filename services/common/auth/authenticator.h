// The CallAuthenticator that ServiceHost installs when authentication is on:
// RS256 bearer tokens (token.h) plus the role x method table (policy.h).
//
// Wiring a service's main.cc:
//   auto auth = auth::LoadTokenAuthenticator(absl::GetFlag(FLAGS_token_public_key_file),
//                                            auth::kAudienceEvents,
//                                            absl::GetFlag(FLAGS_token_revocation_file));
//   options.plaintext_development = absl::GetFlag(FLAGS_plaintext_development);
//   if (!options.plaintext_development) { options.tls = {...}; options.authenticator = *auth; }
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/common/auth/policy.h"
#include "services/common/auth/revocation.h"
#include "services/common/auth/token.h"
#include "services/common/caller.h"

namespace jobmatch::auth {

// Environment variable that, when set, holds the PEM public key and wins over
// the key file.
inline constexpr char kPublicKeyEnv[] = "JOBMATCH_TOKEN_PUBLIC_KEY";
// Environment variable for the PEM private key that jobmatch-token signs with.
inline constexpr char kPrivateKeyEnv[] = "JOBMATCH_TOKEN_PRIVATE_KEY";

// Verifies tokens with a TokenVerifier, refuses revoked ones, and authorizes
// with an AccessPolicy. Verified tokens are cached until they expire, because
// every call is checked twice (by the server's auth processor, then by
// CallerFromContext); revocation is checked on every call, cached or not.
// Thread-safe.
class TokenAuthenticator final : public CallAuthenticator {
 public:
  // `policy` must outlive the authenticator (AccessPolicy::Default() does).
  // `revocations` may be null (nothing revoked).
  TokenAuthenticator(TokenVerifier verifier, const AccessPolicy& policy,
                     std::shared_ptr<RevocationList> revocations = nullptr)
      : verifier_(std::move(verifier)), policy_(policy), revocations_(std::move(revocations)) {}

  absl::StatusOr<Caller> Authenticate(absl::string_view bearer_token) const override;
  absl::Status Authorize(absl::string_view method, const Caller& caller) const override;
  bool IsOpen(absl::string_view method) const override { return AccessPolicy::IsOpen(method); }

 private:
  // Bounds memory; the cache is simply emptied when it fills up.
  static constexpr size_t kMaxCached = 4096;

  TokenVerifier verifier_;
  const AccessPolicy& policy_;
  const std::shared_ptr<RevocationList> revocations_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, VerifiedToken> cache_ ABSL_GUARDED_BY(mu_);
};

// A TokenAuthenticator over the default policy for the service `audience`
// (kAudiencePostings, ...), with the public key from
// $JOBMATCH_TOKEN_PUBLIC_KEY or else `public_key_file`, and the revocations
// of `revocation_file` when it is not empty (RevocationList::Load's errors).
absl::StatusOr<std::shared_ptr<const CallAuthenticator>> LoadTokenAuthenticator(
    absl::string_view public_key_file, absl::string_view audience,
    const std::string& revocation_file = "");

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_
