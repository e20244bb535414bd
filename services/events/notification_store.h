// Storage of notifications (deploy/migrations/events/0007_notifications.sql):
// what the notifier made of the feed, the delivery queue and its log. The
// MariaDB implementation is MysqlNotificationStore.
#ifndef JOBMATCH_SERVICES_EVENTS_NOTIFICATION_STORE_H_
#define JOBMATCH_SERVICES_EVENTS_NOTIFICATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobmatch/v1/notifications.pb.h"
#include "services/common/db/database.h"

namespace jobmatch::events {

// A notification to make; (profile_id, cause) makes it once.
struct NotificationDraft {
  std::string profile_id;
  std::string cause;  // "post:<id>" or "feed:<cursor>"
  int64_t cause_cursor = 0;
  v1::NotificationKind kind = v1::NOTIFICATION_KIND_UNSPECIFIED;
  std::string post_id;
  std::string text;
};

// A notification claimed for one delivery attempt.
struct DueNotification {
  int64_t id = 0;
  std::string profile_id;
  v1::NotificationKind kind = v1::NOTIFICATION_KIND_UNSPECIFIED;
  std::string text;
  int attempt = 0;  // the number of this attempt (1 for the first)
};

struct NotificationQuery {
  std::string profile_id;  // "" any
  v1::DeliveryState state = v1::DELIVERY_STATE_UNSPECIFIED;
  int64_t before_id = 0;  // keyset: only ids below (0: from the newest)
  int limit = 20;
  bool with_attempts = false;
};

// Thread-safe.
class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  // The feed cursor everything up to which has been made into notifications.
  virtual absl::StatusOr<int64_t> Position() = 0;
  // In one transaction: when the position is still `from`, stores `drafts`
  // (a (profile, cause) already stored is left as it is), marks
  // `seen_posts` as looked at (at cursor `to`) and moves the position to
  // `to`. ABORTED when the position has moved (another replica got there).
  virtual absl::Status Commit(int64_t from, int64_t to,
                              const std::vector<NotificationDraft>& drafts,
                              const std::vector<std::string>& seen_posts) = 0;
  // True when a post was already looked at as new.
  virtual absl::StatusOr<bool> PostSeen(const std::string& post_id) = 0;
  // The post's title from the postings schema ("" when unknown).
  virtual absl::StatusOr<std::string> PostTitle(const std::string& post_id) = 0;
  // Up to `limit` pending notifications due at `now`, oldest first, each
  // leased for `lease` (its next attempt moved past it, so another worker
  // does not take it meanwhile) and counted as one more attempt.
  virtual absl::StatusOr<std::vector<DueNotification>> ClaimDue(absl::Time now, int limit,
                                                                absl::Duration lease) = 0;
  // Logs attempt `attempt` of notification `id`: delivered when `ok`; else
  // pending again at `retry_at`, or FAILED when there is none.
  virtual absl::Status RecordAttempt(int64_t id, int attempt, bool ok, const std::string& error,
                                     std::optional<absl::Time> retry_at) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<v1::Notification>> List(const NotificationQuery& query) = 0;
};

class MysqlNotificationStore final : public NotificationStore {
 public:
  // `db` (the events schema) must outlive the store; titles are read from
  // `postings_schema`.posts.
  MysqlNotificationStore(db::Database* db, std::string postings_schema)
      : db_(*db), postings_(std::move(postings_schema)) {}

  absl::StatusOr<int64_t> Position() override;
  absl::Status Commit(int64_t from, int64_t to, const std::vector<NotificationDraft>& drafts,
                      const std::vector<std::string>& seen_posts) override;
  absl::StatusOr<bool> PostSeen(const std::string& post_id) override;
  absl::StatusOr<std::string> PostTitle(const std::string& post_id) override;
  absl::StatusOr<std::vector<DueNotification>> ClaimDue(absl::Time now, int limit,
                                                        absl::Duration lease) override;
  absl::Status RecordAttempt(int64_t id, int attempt, bool ok, const std::string& error,
                             std::optional<absl::Time> retry_at) override;
  absl::StatusOr<std::vector<v1::Notification>> List(const NotificationQuery& query) override;

 private:
  db::Database& db_;
  const std::string postings_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_NOTIFICATION_STORE_H_
