#include "services/common/metrics/feed_lag.h"

#include <algorithm>
#include <limits>

namespace jobmatch::metrics {

FeedLag::FeedLag(std::string follower, Registry* registry, Clock now)
    : now_(std::move(now)), current_as_of_us_(Micros(now_())) {
  if (registry == nullptr) registry = &DefaultRegistry();
  const Labels labels = {{"follower", follower}};
  handles_.push_back(registry->AddCallback("jobmatch_feed_position",
                                           "Last feed position the follower has applied.", labels,
                                           [this] { return static_cast<double>(position()); }));
  handles_.push_back(registry->AddCallback("jobmatch_feed_head",
                                           "Newest feed position the follower knows exists.",
                                           labels, [this] { return static_cast<double>(head()); }));
  handles_.push_back(registry->AddCallback(
      "jobmatch_feed_lag_events", "Feed positions known to exist and not yet applied.", labels,
      [this] { return static_cast<double>(std::max<int64_t>(0, head() - position())); }));
  handles_.push_back(registry->AddCallback(
      "jobmatch_feed_lag_seconds",
      "Seconds since the time up to which the follower is known to have applied everything.",
      labels, [this] { return absl::ToDoubleSeconds(Lag()); }));
  handles_.push_back(registry->AddCallback(
      "jobmatch_feed_last_event_age_seconds",
      "Seconds since the commit of the last event the follower applied (NaN: none yet).", labels,
      [this] {
        const int64_t last = last_event_us_.load(std::memory_order_relaxed);
        if (last == 0) return std::numeric_limits<double>::quiet_NaN();
        return std::max(0.0, absl::ToDoubleSeconds(now_() - absl::FromUnixMicros(last)));
      }));
}

void FeedLag::Progress(int64_t position, int64_t head) {
  position_.store(position, std::memory_order_relaxed);
  int64_t known = head_.load(std::memory_order_relaxed);
  const int64_t want = std::max(position, head);
  while (known < want && !head_.compare_exchange_weak(known, want, std::memory_order_relaxed)) {
  }
}

void FeedLag::Applied(int64_t position, absl::Time event_time) {
  Progress(position, position);
  last_event_us_.store(Micros(event_time), std::memory_order_relaxed);
  RaiseCurrentAsOf(Micros(event_time));
}

void FeedLag::CaughtUp(int64_t position, absl::Time as_of) {
  Progress(position, position);
  RaiseCurrentAsOf(Micros(as_of));
}

void FeedLag::RaiseCurrentAsOf(int64_t micros) {
  int64_t known = current_as_of_us_.load(std::memory_order_relaxed);
  while (known < micros &&
         !current_as_of_us_.compare_exchange_weak(known, micros, std::memory_order_relaxed)) {
  }
}

absl::Duration FeedLag::Lag() const {
  const absl::Duration lag =
      now_() - absl::FromUnixMicros(current_as_of_us_.load(std::memory_order_relaxed));
  return std::max(lag, absl::ZeroDuration());
}

}  // namespace jobmatch::metrics
