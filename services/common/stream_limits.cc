#include "services/common/stream_limits.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/retry_hint.h"

namespace jobmatch {

StreamPermit::StreamPermit(StreamPermit&& other) noexcept
    : limiter_(std::exchange(other.limiter_, nullptr)), key_(std::move(other.key_)) {}

StreamPermit& StreamPermit::operator=(StreamPermit&& other) noexcept {
  if (this != &other) {
    Release();
    limiter_ = std::exchange(other.limiter_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

StreamPermit::~StreamPermit() { Release(); }

void StreamPermit::Release() {
  if (limiter_ == nullptr) return;
  std::exchange(limiter_, nullptr)->Release(key_);
}

std::string StreamLimiter::KeyOf(const Caller& caller) {
  // The subject alone would let two roles' ids collide ("e-1" as employer and
  // as host); anonymous callers have no subject and share one count.
  return absl::StrCat(RoleName(caller.role), "/", caller.subject_id);
}

absl::StatusOr<StreamPermit> StreamLimiter::Admit(const Caller& caller) {
  std::string key = KeyOf(caller);
  absl::MutexLock lock(&mu_);
  if (options_.max_streams > 0 && total_ >= options_.max_streams) {
    return ResourceExhaustedRetryAfter(
        absl::StrCat("the server holds its maximum of ", options_.max_streams, " open streams"),
        options_.retry_after);
  }
  int64_t& mine = per_caller_[key];
  if (options_.max_streams_per_caller > 0 && mine >= options_.max_streams_per_caller) {
    return ResourceExhaustedRetryAfter(
        absl::StrCat("this caller already holds its maximum of ", options_.max_streams_per_caller,
                     " open streams; close some first"),
        options_.retry_after);
  }
  ++mine;
  ++total_;
  return StreamPermit(this, std::move(key));
}

void StreamLimiter::Release(const std::string& key) {
  absl::MutexLock lock(&mu_);
  --total_;
  auto it = per_caller_.find(key);
  if (it != per_caller_.end() && --it->second <= 0) per_caller_.erase(it);
}

int64_t StreamLimiter::open_streams() const {
  absl::MutexLock lock(&mu_);
  return total_;
}

int64_t StreamLimiter::open_streams_of(const Caller& caller) const {
  absl::MutexLock lock(&mu_);
  auto it = per_caller_.find(KeyOf(caller));
  return it == per_caller_.end() ? 0 : it->second;
}

}  // namespace jobmatch
