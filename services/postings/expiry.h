// Posts expire by time: an OPEN post whose validity window has ended moves to
// EXPIRED, with its change in the outbox. The sweep is idempotent (an expired
// post is not OPEN any more) and safe to run in several replicas at once.
#ifndef JOBMATCH_SERVICES_POSTINGS_EXPIRY_H_
#define JOBMATCH_SERVICES_POSTINGS_EXPIRY_H_

#include <functional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

// One sweep, with the time injected so that tests choose "now".
class ExpirySweeper {
 public:
  using Clock = std::function<absl::Time()>;

  // `store` is not owned and must outlive the sweeper. Each transaction moves
  // at most `batch_size` posts, so a sweep never holds many row locks at once.
  explicit ExpirySweeper(PostingsStore* store, Clock clock = absl::Now, int batch_size = 500)
      : store_(*store), clock_(std::move(clock)), batch_size_(batch_size) {}

  // Expires every OPEN post whose validity ended at or before the clock's
  // time, batch by batch; the number expired. A failed batch stops the sweep
  // (earlier batches stay committed; the next sweep resumes).
  absl::StatusOr<int> SweepOnce();

 private:
  PostingsStore& store_;
  const Clock clock_;
  const int batch_size_;
};

// Runs `sweeper` every `interval` on its own thread until destroyed; the
// destructor waits for a sweep in progress. Failures are logged and retried
// at the next interval.
class ExpiryThread {
 public:
  // `sweeper` is not owned and must outlive this object; `interval` > 0.
  ExpiryThread(ExpirySweeper* sweeper, absl::Duration interval);
  ~ExpiryThread();
  ExpiryThread(const ExpiryThread&) = delete;
  ExpiryThread& operator=(const ExpiryThread&) = delete;

 private:
  void Loop();

  ExpirySweeper& sweeper_;
  const absl::Duration interval_;
  absl::Notification stopping_;
  std::thread thread_;
};

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_EXPIRY_H_
