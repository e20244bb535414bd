#include "services/common/auth/authenticator.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"

namespace jobmatch::auth {

absl::StatusOr<Caller> TokenAuthenticator::Authenticate(absl::string_view bearer_token) const {
  const absl::Time now = absl::Now();
  std::optional<VerifiedToken> verified;
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(bearer_token);
    if (it != cache_.end()) {
      if (now >= it->second.expires_at) {
        cache_.erase(it);
        return absl::UnauthenticatedError("invalid token: expired");
      }
      verified = it->second;
    }
  }
  if (!verified.has_value()) {
    JM_ASSIGN_OR_RETURN(verified, verifier_.Verify(bearer_token, now));
    absl::MutexLock lock(&mu_);
    if (cache_.size() >= kMaxCached) cache_.clear();
    cache_.emplace(std::string(bearer_token), *verified);
  }
  if (revocations_ != nullptr &&
      revocations_->IsRevoked(verified->caller.subject_id, verified->issued_at, now)) {
    return absl::UnauthenticatedError("invalid token: revoked");
  }
  return std::move(verified->caller);
}

absl::Status TokenAuthenticator::Authorize(absl::string_view method, const Caller& caller) const {
  return policy_.Check(method, caller.role);
}

absl::StatusOr<std::shared_ptr<const CallAuthenticator>> LoadTokenAuthenticator(
    absl::string_view public_key_file, absl::string_view audience,
    const std::string& revocation_file) {
  if (!IsAudience(audience)) {
    return absl::InvalidArgumentError(absl::StrCat("unknown token audience '", audience, "'"));
  }
  JM_ASSIGN_OR_RETURN(std::string key, ReadKey(public_key_file, kPublicKeyEnv));
  // Services verify only: a private key here would let them mint tokens.
  if (absl::StrContains(key, "PRIVATE KEY") || !absl::StrContains(key, "BEGIN PUBLIC KEY")) {
    return absl::InvalidArgumentError("the token key must be a PEM public key");
  }
  std::shared_ptr<RevocationList> revocations;
  if (!revocation_file.empty()) {
    revocations = std::make_shared<RevocationList>(revocation_file);
    JM_RETURN_IF_ERROR(revocations->Load());
  }
  return std::shared_ptr<const CallAuthenticator>(
      std::make_shared<TokenAuthenticator>(TokenVerifier(std::move(key), std::string(audience)),
                                           AccessPolicy::Default(), std::move(revocations)));
}

}  // namespace jobmatch::auth
