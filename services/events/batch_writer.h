// Group commit for behaviour events: submissions from many concurrent calls
// are written by a few writer threads in batches, one transaction per batch,
// so the feed's sequencer lock and the commit are paid once per batch rather
// than once per event.
#ifndef JOBMATCH_SERVICES_EVENTS_BATCH_WRITER_H_
#define JOBMATCH_SERVICES_EVENTS_BATCH_WRITER_H_

#include <deque>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

class BatchWriter {
 public:
  // Called exactly once per submission, on a writer thread, after its batch
  // committed (or failed). Must not block for long.
  using Done = std::function<void(absl::StatusOr<Accepted>)>;

  // `store` must outlive the writer. Batches hold at most `max_batch` items.
  BatchWriter(BehaviourStore* store, int writers, int max_batch);
  // Writes everything already submitted, then stops the threads.
  ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Queues `sub`; thread-safe. After destruction has begun, answers UNAVAILABLE.
  void Submit(Submission sub, Done done);
  // Queues every item at once, so that a bulk call's items travel in as few
  // batches as possible; otherwise like Submit.
  void SubmitAll(std::vector<std::pair<Submission, Done>> items);

 private:
  void Loop();
  void WriteBatch(std::vector<std::pair<Submission, Done>>& batch);

  BehaviourStore& store_;
  const int max_batch_;
  absl::Mutex mu_;
  std::deque<std::pair<Submission, Done>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_BATCH_WRITER_H_
