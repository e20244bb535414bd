#include "matcher/service/readiness.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "services/common/retry_hint.h"

namespace jobmatch::matcher {

void Readiness::Starting(std::string phase) {
  std::cerr << "jobmatch-matcher: NOT_SERVING: " << phase << "\n";
  absl::MutexLock lock(&mu_);
  phase_ = std::move(phase);
  ready_.store(false, std::memory_order_release);
}

void Readiness::Ready() {
  if (ready_.exchange(true, std::memory_order_acq_rel)) return;
  std::cerr << "jobmatch-matcher: SERVING, " << absl::FormatDuration(absl::Now() - start_)
            << " after start\n";
}

absl::Status Readiness::Check() const {
  if (ready()) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  return UnavailableRetryAfter(
      absl::StrCat("the matcher is getting its index ready (", phase_, "); retry shortly"),
      kRetryAfter);
}

}  // namespace jobmatch::matcher
