// Follow-up visits (回访) a recruiter records on the tablet, 7 or 30 days
// after a hire, kept in the tablet's outbox file until the events service has
// answered for them (RecordFollowUp). They sit beside the profile records
// (outbox.h) under the same rules: each is one committed transaction with a
// request id made at capture, so however often it is sent the server records
// it once; its contents (who, which post, the reason they left) are sealed
// with the tablet's outbox key, bound to the row and column; an answered one
// is deleted (secure_delete zeroes it) and only counted.
#ifndef JOBMATCH_CLIENTS_FIELD_FOLLOW_UP_OUTBOX_H_
#define JOBMATCH_CLIENTS_FIELD_FOLLOW_UP_OUTBOX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/field/sqlite_db.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/crypto/data_protector.h"

namespace jobmatch::field {

struct RefusedFollowUp {
  v1::RecordFollowUpRequest request;
  std::string problem;  // the server's refusal (code, message, field violations)
};

struct FollowUpCounts {
  int64_t pending = 0;
  int64_t refused = 0;   // kept for the recruiter to see (no such hire, not theirs, bad data)
  int64_t recorded = 0;  // answered and deleted: recorded by this tablet or already on file
};

// Not thread-safe; one per process. Opens the same file as FieldOutbox.
class FollowUpOutbox {
 public:
  // Opens or creates the follow-up table of the outbox at `path`, sealed
  // with `key` (of KeyUse::kFieldOutbox).
  static absl::StatusOr<std::unique_ptr<FollowUpOutbox>> Open(const std::string& path,
                                                              DataProtector key);

  // Stores `request` for sending with a new request id and channel "tablet";
  // returns the id. INVALID_ARGUMENT without a person, post or visit.
  // Committed durably before it returns.
  absl::StatusOr<std::string> Capture(v1::RecordFollowUpRequest request,
                                      absl::Time now = absl::Now());
  // Up to `limit` pending follow-ups, oldest first.
  absl::StatusOr<std::vector<v1::RecordFollowUpRequest>> Pending(int limit);
  // The refused ones, oldest first.
  absl::StatusOr<std::vector<RefusedFollowUp>> Refused();
  absl::StatusOr<FollowUpCounts> Counts();

  // The server recorded it (now or on an earlier send), or another request
  // recorded the same visit: it is deleted and counted. No-op when it is no
  // longer pending.
  absl::Status MarkRecorded(const std::string& request_id);
  // The server refused it for good: kept, with `problem`, out of the sync.
  absl::Status MarkRefused(const std::string& request_id, const std::string& problem);

 private:
  FollowUpOutbox(std::unique_ptr<SqliteDb> db, DataProtector key)
      : db_(std::move(db)), key_(std::move(key)) {}
  absl::StatusOr<std::vector<std::pair<v1::RecordFollowUpRequest, std::string>>> Select(
      const std::string& state, int64_t limit);

  std::unique_ptr<SqliteDb> db_;
  DataProtector key_;
};

}  // namespace jobmatch::field

#endif  // JOBMATCH_CLIENTS_FIELD_FOLLOW_UP_OUTBOX_H_
