// How far one follower of a feed is behind (the events relay per outbox, the
// notifier, each matcher's follower), exported per follower:
//   jobmatch_feed_position{follower}   the last position it has applied
//   jobmatch_feed_head{follower}       the newest position it knows exists
//   jobmatch_feed_lag_events{follower} head - position
//   jobmatch_feed_lag_seconds{follower}
//       now - the time up to which it is known to have applied everything:
//       the start of a pass that found nothing more, a keepalive, or the
//       commit time of the event it applied last. Grows while the follower
//       is stuck or cut off, whatever the feed does; what the "feed lag"
//       alert watches.
//   jobmatch_feed_last_event_age_seconds{follower}
//       now - the commit time of the last event applied (grows while the
//       feed is quiet; the matcher's index freshness).
#ifndef JOBMATCH_SERVICES_COMMON_METRICS_FEED_LAG_H_
#define JOBMATCH_SERVICES_COMMON_METRICS_FEED_LAG_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/metrics/registry.h"

namespace jobmatch::metrics {

// Thread-safe; updates are a few relaxed atomic stores.
class FeedLag {
 public:
  using Clock = std::function<absl::Time()>;
  // Registers the series above for `follower` in `registry` (the process's
  // when null) until destroyed. Until its first CaughtUp, the follower
  // counts as behind since its construction.
  explicit FeedLag(std::string follower, Registry* registry = nullptr, Clock now = absl::Now);

  // Applied everything up to `position`; `head` is the newest position it
  // knows of (raised to `position` if lower).
  void Progress(int64_t position, int64_t head);
  // Also: the event at `position` was committed at `event_time`, so the
  // follower is current at least as of then.
  void Applied(int64_t position, absl::Time event_time);
  // Nothing after `position` existed at `as_of`.
  void CaughtUp(int64_t position, absl::Time as_of);

  absl::Duration Lag() const;
  int64_t position() const { return position_.load(std::memory_order_relaxed); }
  int64_t head() const { return head_.load(std::memory_order_relaxed); }

 private:
  static int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
  void RaiseCurrentAsOf(int64_t micros);

  const Clock now_;
  std::atomic<int64_t> position_{0};
  std::atomic<int64_t> head_{0};
  std::atomic<int64_t> current_as_of_us_;  // unix microseconds
  std::atomic<int64_t> last_event_us_{0};  // 0: none applied yet
  std::vector<CallbackHandle> handles_;    // last: unregistered first
};

}  // namespace jobmatch::metrics

#endif  // JOBMATCH_SERVICES_COMMON_METRICS_FEED_LAG_H_
