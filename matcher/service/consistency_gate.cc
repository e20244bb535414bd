#include "matcher/service/consistency_gate.h"

#include "absl/strings/str_cat.h"
#include "services/common/retry_hint.h"

namespace jobmatch::matcher {
namespace {

// Most reads parked at once; more are refused at once rather than queued
// without bound behind a stalled feed.
constexpr size_t kMaxWaiters = 10000;
// What a refused read is told to wait before asking again.
constexpr absl::Duration kRetryAfter = absl::Milliseconds(200);
// Threads building the answers of reads that waited: enough that one slow
// answer leaves the others flowing, few enough to stay off the gRPC pool's
// cores.
constexpr int kHandOffThreads = 2;

}  // namespace

void AppliedPosition::Apply(const v1::Event& event) {
  cursor_ = std::max(cursor_, event.cursor());
  if (event.source_schema().empty()) return;
  Source& s = sources_[event.source_schema()];
  s.watermark = std::max(s.watermark, event.source_watermark());
  if (event.source_outbox_id() > s.watermark) s.above.insert(event.source_outbox_id());
  s.above.erase(s.above.begin(), s.above.upper_bound(s.watermark));
}

bool AppliedPosition::Covers(const ConsistencyToken& token, absl::Duration waited) const {
  if (token.kind == ConsistencyToken::Kind::kFeed) return token.position <= cursor_;
  auto it = sources_.find(token.schema);
  if (it == sources_.end()) return waited >= source_grace_;
  return token.position <= it->second.watermark || it->second.above.contains(token.position);
}

ConsistencyGate::ConsistencyGate(absl::Duration wait_limit, absl::Duration source_grace)
    : wait_limit_(wait_limit), source_grace_(source_grace), position_(source_grace) {
  thread_ = std::thread([this] { Run(); });
  for (int i = 0; i < kHandOffThreads; ++i) handoff_threads_.emplace_back([this] { HandOff(); });
}

ConsistencyGate::~ConsistencyGate() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    changed_.Signal();
  }
  thread_.join();
  // Every read the gate finished (the waiting ones UNAVAILABLE) is answered
  // before the hand-off threads end.
  {
    absl::MutexLock lock(&handoff_mu_);
    handoff_stopping_ = true;
  }
  for (std::thread& t : handoff_threads_) t.join();
}

void ConsistencyGate::HandOff() {
  for (;;) {
    std::pair<std::function<void(absl::Status)>, absl::Status> next;
    {
      absl::MutexLock lock(&handoff_mu_);
      handoff_mu_.Await(absl::Condition(this, &ConsistencyGate::HandOffReady));
      if (finished_.empty()) return;  // stopping, and drained
      next = std::move(finished_.front());
      finished_.pop_front();
    }
    next.first(std::move(next.second));
  }
}

void ConsistencyGate::Applied(const v1::Event& event) {
  absl::MutexLock lock(&mu_);
  position_.Apply(event);
  if (!waiters_.empty()) changed_.Signal();
}

void ConsistencyGate::ReachCursor(int64_t cursor) {
  absl::MutexLock lock(&mu_);
  position_.ReachCursor(cursor);
  if (!waiters_.empty()) changed_.Signal();
}

bool ConsistencyGate::CoveredLocked(const std::vector<ConsistencyToken>& tokens,
                                    absl::Duration waited) const {
  for (const ConsistencyToken& t : tokens) {
    if (!position_.Covers(t, waited)) return false;
  }
  return true;
}

void ConsistencyGate::WhenCovered(std::vector<ConsistencyToken> tokens, absl::Time deadline,
                                  std::function<void(absl::Status)> done) {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    if (!CoveredLocked(tokens, absl::ZeroDuration())) {
      if (waiters_.size() < kMaxWaiters && !stopping_) {
        waiters_.push_back({std::move(tokens), now, std::min(deadline, now + wait_limit_),
                            deadline < now + wait_limit_, std::move(done)});
        changed_.Signal();
        return;
      }
      done = [done = std::move(done)](const absl::Status&) {
        done(UnavailableRetryAfter("too many reads waiting for their writes", kRetryAfter));
      };
    }
  }
  done(absl::OkStatus());
}

void ConsistencyGate::Run() {
  absl::MutexLock lock(&mu_);
  for (;;) {
    const absl::Time now = absl::Now();
    std::vector<std::pair<std::function<void(absl::Status)>, absl::Status>> finished;
    absl::Time next = absl::InfiniteFuture();
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      const bool covered = !stopping_ && CoveredLocked(it->tokens, now - it->since);
      if (stopping_ || covered || it->deadline <= now) {
        absl::Status status =
            covered ? absl::OkStatus()
            : !stopping_ && it->callers_deadline
                ? absl::DeadlineExceededError(
                      "the call's deadline passed before the matcher applied the writes named in "
                      "consistency_tokens")
                : UnavailableRetryAfter(
                      absl::StrCat("the matcher has not yet applied the writes named in "
                                   "consistency_tokens (feed cursor ",
                                   position_.cursor(), ")"),
                      kRetryAfter);
        finished.emplace_back(std::move(it->done), std::move(status));
        it = waiters_.erase(it);
      } else {
        // The grace of an unseen source may end first.
        next = std::min({next, it->deadline, it->since + source_grace_});
        ++it;
      }
    }
    if (!finished.empty()) {
      // Answers are built on the hand-off threads, so neither the feed nor
      // the other waiting reads are held up by them.
      absl::MutexLock handoff(&handoff_mu_);
      for (auto& f : finished) finished_.push_back(std::move(f));
      continue;
    }
    if (stopping_) return;
    changed_.WaitWithDeadline(&mu_, next);
  }
}

}  // namespace jobmatch::matcher
