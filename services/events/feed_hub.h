// Fan-out of the feed to subscribers. One hub thread tails the feed into an
// in-memory window of recent events and feeds every subscription from it, so
// hundreds of subscribers cost one database poll per tick, not one each.
// Subscribers further behind than the window are served pages from the
// database. Each subscription keeps a bounded queue: a slow reader is simply
// served later, from its own position, and never holds up the others.
//
// The hub knows nothing of gRPC: the transport drains a Subscription's queue
// and writes it (events_service.cc).
#ifndef JOBMATCH_SERVICES_EVENTS_FEED_HUB_H_
#define JOBMATCH_SERVICES_EVENTS_FEED_HUB_H_

#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

// The absl::Status payload under which an OUT_OF_RANGE carries the oldest
// cursor still kept (decimal text); the transport sends it as trailing
// metadata "jobmatch-oldest-cursor".
inline constexpr absl::string_view kOldestCursorPayload = "jobmatch/oldest-cursor";

// OUT_OF_RANGE for a reader at `cursor` when the feed keeps only `oldest` on.
absl::Status CursorExpired(int64_t cursor, int64_t oldest);

// One reader's position, filter and outgoing queue. Thread-safe.
class Subscription {
 public:
  // Starts after `cursor`. `request` gives the filter (already validated).
  Subscription(const v1::SubscribeRequest& request, int64_t cursor);

  // --- transport side ---
  // Called by the hub thread, never under a hub lock, when messages or a
  // final status are ready. Set before Register(); may call Pop().
  void SetReadyCallback(std::function<void()> ready) { ready_ = std::move(ready); }
  // The next message to write, or false when the queue is empty.
  bool Pop(v1::SubscribeResponse* out);
  // Non-OK once the stream must end (after Pop() has drained the queue).
  absl::Status FinalStatus();
  // The transport is done with the stream; `release` is run by the hub
  // thread (or the hub's destructor) to free the transport's objects.
  void Close(std::function<void()> release);

  // --- hub side ---
  bool Matches(const v1::Event& event) const;

 private:
  friend class FeedHub;
  absl::Mutex mu_;
  std::deque<v1::SubscribeResponse> queue_ ABSL_GUARDED_BY(mu_);
  absl::Status final_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  std::function<void()> release_ ABSL_GUARDED_BY(mu_);
  std::function<void()> ready_;

  // Hub thread only.
  const std::set<int> kinds_;
  const std::string campaign_id_;
  const std::string region_prefix_;
  int64_t scanned_;  // every event up to here has been queued or filtered out
  absl::Time last_push_;
  bool failed_ = false;
};

struct HubOptions {
  absl::Duration poll_interval = absl::Milliseconds(20);
  absl::Duration keepalive_interval = absl::Seconds(5);
  // Recent events kept in memory.
  size_t window = 20000;
  // Most messages queued per subscription.
  size_t queue_limit = 512;
};

class FeedHub {
 public:
  // `feed` must outlive the hub. Starts tailing from the feed's head.
  FeedHub(FeedReader* feed, HubOptions options);
  // Stops the thread and releases every closed subscription.
  ~FeedHub();
  FeedHub(const FeedHub&) = delete;
  FeedHub& operator=(const FeedHub&) = delete;

  // The subscription for `request` (validated): its start position, or
  // OUT_OF_RANGE when its cursor is older than the feed keeps, or
  // INVALID_ARGUMENT when it is beyond the head. Not yet served.
  absl::StatusOr<std::shared_ptr<Subscription>> Open(const v1::SubscribeRequest& request);
  // Starts serving `sub`.
  void Register(std::shared_ptr<Subscription> sub);
  // Asks for a poll now (after a commit), to cut latency.
  void Wake();

 private:
  void Loop();
  absl::Status Tail();
  // Queues what `sub` should see next; true if it queued anything.
  bool Serve(Subscription& sub, absl::Time now);

  FeedReader& feed_;
  const HubOptions options_;

  absl::Mutex mu_;
  std::vector<std::shared_ptr<Subscription>> pending_ ABSL_GUARDED_BY(mu_);
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  // Hub thread only.
  std::vector<std::shared_ptr<Subscription>> subs_;
  std::deque<v1::Event> window_;
  int64_t head_ = 0;  // last cursor tailed
  bool head_known_ = false;
  std::thread thread_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_FEED_HUB_H_
