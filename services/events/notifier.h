// The notifier: follows the feed from its own durable position and makes
// notifications of what happens — a new post that fits a person's wish
// (asked of the matcher, whose eligibility rules decide), an interview
// invitation, a hire, a rejection — then delivers them through a gateway,
// retrying failures with backoff and logging every attempt.
//
// Exactly once per cause: a notification is keyed by (person, cause), the
// cause being the post ("post:<id>") or the feed event ("feed:<cursor>"),
// and the position moves in the transaction that stores what was made of the
// events before it; reading the feed again (a restart, a second replica)
// makes nothing twice. Delivery is at least once: a crash between the
// gateway's answer and its record sends that one again (the line carries the
// notification id for the gateway to drop a repeat).
#ifndef JOBMATCH_SERVICES_EVENTS_NOTIFIER_H_
#define JOBMATCH_SERVICES_EVENTS_NOTIFIER_H_

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/common/metrics/feed_lag.h"
#include "services/events/event_store.h"
#include "services/events/notification_gateway.h"
#include "services/events/notification_store.h"

namespace jobmatch::events {

// The people who want a post and are eligible for it, and its title.
struct Wishers {
  std::string title;
  std::vector<std::string> profile_ids;
};

// Asks the matcher (MatcherWorkService.ListWishers). Thread-safe.
class WisherSource {
 public:
  virtual ~WisherSource() = default;
  // Once the matcher has applied the feed up to `cursor`.
  virtual absl::StatusOr<Wishers> WishersOf(const std::string& post_id, int64_t cursor) = 0;
};

struct NotifierOptions {
  int batch = 200;                                  // feed events per pass
  absl::Duration poll = absl::Milliseconds(200);    // idle wait between passes
  int max_attempts = 6;                             // then FAILED
  absl::Duration first_backoff = absl::Seconds(2);  // doubled per failed attempt
  absl::Duration max_backoff = absl::Minutes(30);
  absl::Duration lease = absl::Minutes(2);  // a claimed delivery's hold
  int delivery_batch = 50;
};

class Notifier {
 public:
  using Clock = std::function<absl::Time()>;
  // All must outlive the notifier. `wishers` may be null: no new-post
  // notifications (and posts are not marked seen).
  Notifier(FeedReader* feed, NotificationStore* store, WisherSource* wishers,
           NotificationGateway* gateway, RecipientDirectory* directory, NotifierOptions options,
           Clock now = absl::Now);
  ~Notifier();  // Stop()

  // One pass over the feed after the stored position: makes and stores the
  // notifications of up to `batch` events. Returns how many events it took.
  // On an error (the matcher unreachable) what came before the failing
  // event is kept, and the next pass starts at that event.
  absl::StatusOr<int> FollowOnce();
  // One pass of delivery: every due notification (up to delivery_batch)
  // handed to the gateway once. Returns how many were delivered.
  absl::StatusOr<int> DeliverOnce();
  // When attempt `attempt` failed: the time of the next, or none (give up).
  std::optional<absl::Time> RetryAt(int attempt, absl::Time now) const;

  // Background threads running the two passes.
  void Start();
  void Stop();

 private:
  // Drafts for one event; `seen_posts` gets a post looked at as new.
  absl::Status DraftsFor(const v1::Event& event, std::vector<NotificationDraft>* drafts,
                         std::vector<std::string>* seen_posts);
  void Loop(const std::function<absl::StatusOr<int>()>& pass, const char* what);

  FeedReader* feed_;
  NotificationStore* store_;
  WisherSource* wishers_;
  NotificationGateway* gateway_;
  RecipientDirectory* directory_;
  const NotifierOptions options_;
  Clock now_;
  absl::Notification stop_;
  std::vector<std::thread> threads_;
  metrics::FeedLag lag_{"notifier"};  // the feed follower's progress
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_NOTIFIER_H_
