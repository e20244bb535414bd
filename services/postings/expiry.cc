#include "services/postings/expiry.h"

#include <iostream>

namespace jobmatch::postings {

absl::StatusOr<int> ExpirySweeper::SweepOnce() {
  // One time for the whole sweep: posts ending while it runs wait for the next.
  const absl::Time now = clock_();
  int total = 0;
  while (true) {
    absl::StatusOr<int> moved = store_.ExpirePosts(now, batch_size_);
    if (!moved.ok()) return moved.status();
    total += *moved;
    // A short batch means nothing (unlocked) is left.
    if (*moved < batch_size_) return total;
  }
}

ExpiryThread::ExpiryThread(ExpirySweeper* sweeper, absl::Duration interval)
    : sweeper_(*sweeper), interval_(interval), thread_([this] { Loop(); }) {}

ExpiryThread::~ExpiryThread() {
  stopping_.Notify();
  thread_.join();
}

void ExpiryThread::Loop() {
  absl::Time last_error = absl::InfinitePast();
  do {
    absl::StatusOr<int> expired = sweeper_.SweepOnce();
    // A database outage would repeat the same line every interval; once a minute is enough.
    if (!expired.ok() && absl::Now() - last_error > absl::Minutes(1)) {
      std::cerr << "postings expiry: " << expired.status() << " (retrying)\n";
      last_error = absl::Now();
    }
  } while (!stopping_.WaitForNotificationWithTimeout(interval_));
}

}  // namespace jobmatch::postings
