#include "services/common/auth/authenticator.h"

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"

namespace jobmatch::auth {

absl::StatusOr<Caller> TokenAuthenticator::Authenticate(absl::string_view bearer_token) const {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(bearer_token);
    if (it != cache_.end()) {
      if (now < it->second.expires_at) return it->second.caller;
      cache_.erase(it);
      return absl::UnauthenticatedError("invalid token: expired");
    }
  }
  JM_ASSIGN_OR_RETURN(VerifiedToken verified, verifier_.Verify(bearer_token, now));
  absl::MutexLock lock(&mu_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_.emplace(std::string(bearer_token), verified);
  return verified.caller;
}

absl::Status TokenAuthenticator::Authorize(absl::string_view method, const Caller& caller) const {
  return policy_.Check(method, caller.role);
}

absl::StatusOr<std::shared_ptr<const CallAuthenticator>> LoadTokenAuthenticator(
    absl::string_view public_key_file) {
  JM_ASSIGN_OR_RETURN(std::string key, ReadKey(public_key_file, kPublicKeyEnv));
  // Services verify only: a private key here would let them mint tokens.
  if (absl::StrContains(key, "PRIVATE KEY") || !absl::StrContains(key, "BEGIN PUBLIC KEY")) {
    return absl::InvalidArgumentError("the token key must be a PEM public key");
  }
  return std::shared_ptr<const CallAuthenticator>(
      std::make_shared<TokenAuthenticator>(TokenVerifier(std::move(key)), AccessPolicy::Default()));
}

}  // namespace jobmatch::auth
