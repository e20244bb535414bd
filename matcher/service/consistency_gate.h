// Read-your-writes for the matcher: a read that carries consistency tokens
// (services/common/consistency_token.h) is answered only once the index
// reflects them. The feed applier reports every applied event; waiting reads
// are parked here, not on a gRPC thread. The gate's own thread only decides
// when each is covered or its time is up; the read's answer is then built on
// one of a few hand-off threads, so a slow answer (a campaign plan may take
// seconds) never holds up the decisions for the other waiting reads.
#ifndef JOBMATCH_MATCHER_SERVICE_CONSISTENCY_GATE_H_
#define JOBMATCH_MATCHER_SERVICE_CONSISTENCY_GATE_H_

#include <functional>
#include <list>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/consistency_token.h"

namespace jobmatch::matcher {

// How far the applied feed reaches, in the terms tokens use. Not thread-safe.
class AppliedPosition {
 public:
  // A token of a source (outbox schema) not seen in the feed since start is
  // taken as covered once its read has waited `source_grace`: the source's
  // rows never reach this feed (no relay for it), or none were written since
  // this matcher started and the token predates it. Waiting the full limit
  // would only turn every read with such a token into UNAVAILABLE.
  explicit AppliedPosition(absl::Duration source_grace) : source_grace_(source_grace) {}

  // `event` (in feed order) is now reflected by the index.
  void Apply(const v1::Event& event);
  // The index reached `cursor` some other way (a snapshot or checkpoint).
  void ReachCursor(int64_t cursor) { cursor_ = std::max(cursor_, cursor); }

  // `waited`: how long the read has been waiting for it.
  bool Covers(const ConsistencyToken& token, absl::Duration waited) const;
  int64_t cursor() const { return cursor_; }

 private:
  struct Source {
    // Every outbox id up to it is applied.
    int64_t watermark = 0;
    // Applied ids above the watermark (rows relayed ahead of a gap).
    absl::btree_set<int64_t> above;
  };
  absl::Duration source_grace_;
  int64_t cursor_ = 0;
  absl::flat_hash_map<std::string, Source> sources_;
};

class ConsistencyGate {
 public:
  // Reads wait at most `wait_limit` (and never past their own deadline);
  // `source_grace` is AppliedPosition's (keep it below the limit).
  ConsistencyGate(absl::Duration wait_limit, absl::Duration source_grace);
  ~ConsistencyGate();  // finishes every waiting read UNAVAILABLE

  // The feed applier's report: `event` is in the index. Wakes waiting reads.
  void Applied(const v1::Event& event);
  void ReachCursor(int64_t cursor);

  // Calls `done(OK)` once every token is covered — at once, on this thread,
  // if they already are — or `done(UNAVAILABLE with a retry hint)` when
  // `deadline` or the wait limit passes first. After a wait `done` runs on a
  // hand-off thread: it may do real work, but while all of them are busy the
  // next finished reads queue behind it.
  void WhenCovered(std::vector<ConsistencyToken> tokens, absl::Time deadline,
                   std::function<void(absl::Status)> done);

 private:
  struct Waiter {
    std::vector<ConsistencyToken> tokens;
    absl::Time since;
    absl::Time deadline;
    // The caller's deadline comes before the wait limit: a read still not
    // covered then is DEADLINE_EXCEEDED, as the caller's own timer says, not
    // a retryable UNAVAILABLE that would race it.
    bool callers_deadline = false;
    std::function<void(absl::Status)> done;
  };
  bool CoveredLocked(const std::vector<ConsistencyToken>& tokens, absl::Duration waited) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Run();
  // A hand-off thread: runs finished reads' `done` until stopped and drained.
  void HandOff();
  bool HandOffReady() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(handoff_mu_) {
    return !finished_.empty() || handoff_stopping_;
  }

  const absl::Duration wait_limit_;
  const absl::Duration source_grace_;
  absl::Mutex mu_;
  absl::CondVar changed_;
  AppliedPosition position_ ABSL_GUARDED_BY(mu_);
  std::list<Waiter> waiters_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;

  absl::Mutex handoff_mu_;
  std::list<std::pair<std::function<void(absl::Status)>, absl::Status>> finished_
      ABSL_GUARDED_BY(handoff_mu_);
  bool handoff_stopping_ ABSL_GUARDED_BY(handoff_mu_) = false;
  std::vector<std::thread> handoff_threads_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_CONSISTENCY_GATE_H_
