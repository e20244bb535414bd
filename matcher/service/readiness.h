// Whether the matcher's index is ready to answer. The matcher listens at
// once; until its index is loaded (from its checkpoint or the services) and
// has caught up with the events feed, health answers NOT_SERVING (so a load
// balancer keeps the replica out of rotation) and every matcher RPC answers
// UNAVAILABLE with a google.rpc.RetryInfo (clients retry), instead of
// answering from a half-filled index.
#ifndef JOBMATCH_MATCHER_SERVICE_READINESS_H_
#define JOBMATCH_MATCHER_SERVICE_READINESS_H_

#include <atomic>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace jobmatch::matcher {

// Thread-safe.
class Readiness {
 public:
  // How long a refused caller is asked to wait before trying again.
  static constexpr absl::Duration kRetryAfter = absl::Seconds(1);

  // Says what the matcher is doing to get ready (logged, and named in the
  // UNAVAILABLE answers). A ready matcher that must fill its index again
  // (the feed no longer reaches back to its cursor) is not ready any more.
  void Starting(std::string phase);
  // From now on Check() is OK; logs how long getting ready took.
  void Ready();
  bool ready() const { return ready_.load(std::memory_order_acquire); }
  // OK once ready; UNAVAILABLE naming the phase, with a retry hint, before.
  absl::Status Check() const;

 private:
  const absl::Time start_ = absl::Now();
  std::atomic<bool> ready_{false};
  mutable absl::Mutex mu_;
  std::string phase_ ABSL_GUARDED_BY(mu_) = "starting";
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_READINESS_H_
