// Storage of profiles behind an interface. Implementations protect personal
// data at rest themselves: callers hand in and get back profiles with clear
// SensitiveData, and never see ciphertexts or hashes.
#ifndef JOBMATCH_SERVICES_PROFILES_PROFILE_STORE_H_
#define JOBMATCH_SERVICES_PROFILES_PROFILE_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "jobmatch/v1/events.pb.h"
#include "jobmatch/v1/profiles.pb.h"

namespace jobmatch::profiles {

// A mutating request already answered.
struct RequestRecord {
  std::string profile_id;
  std::string result;  // method-specific (batch counts), else empty
  // The outbox position the change reached (OutboxPosition), so a retry
  // hands back the first answer's consistency token.
  int64_t outbox_id = 0;
};

// A field record already applied.
struct FieldRecordOutcome {
  int outcome = 0;  // a FieldRecordResult::Outcome
  std::string profile_id;
  int64_t version = 0;
};

// One row of the audit log.
struct AuditEntry {
  std::string action;  // "reveal", "erase"
  std::string caller_role;
  std::string caller_subject;
  std::string profile_id;
  std::string reason;
};

// A household visit from a field tablet.
struct VisitRecord {
  v1::VisitNote note;
  std::string recruiter_id;
  std::string device_id;
  std::optional<google::protobuf::Timestamp> capture_time;
};

// The operations of one transaction: all or nothing. Not thread-safe; used
// only inside ProfileStore::InTransaction.
class ProfileTransaction {
 public:
  virtual ~ProfileTransaction() = default;

  // The stored profile with clear SensitiveData, locked until commit; NOT_FOUND if none.
  virtual absl::StatusOr<v1::Profile> Load(const std::string& profile_id) = 0;
  // The id of the (unerased) profile registered with `id_number`, if any.
  virtual absl::StatusOr<std::optional<std::string>> FindByIdNumber(
      absl::string_view id_number) = 0;
  // Stores a new profile; ALREADY_EXISTS if its ID number is registered.
  virtual absl::Status Insert(const v1::Profile& profile) = 0;
  // Overwrites an existing profile. An erased profile loses its ciphertext and hash.
  virtual absl::Status Save(const v1::Profile& profile) = 0;

  // The earlier answer to (`method`, `request_id`) if any; INVALID_ARGUMENT
  // at "request_id" when that id was used for a different request.
  virtual absl::StatusOr<std::optional<RequestRecord>> FindRequest(
      absl::string_view method, absl::string_view request_id,
      const google::protobuf::Message& request) = 0;
  virtual absl::Status RecordRequest(absl::string_view method, absl::string_view request_id,
                                     const google::protobuf::Message& request,
                                     const RequestRecord& record) = 0;

  // Claims a field record's key for this transaction: nullopt when the key is
  // new, or the outcome recorded for it before. The claim is the key's row,
  // written at once, so a second transaction with the same key (the same batch
  // sent again while the first call still runs) waits here for this one to
  // end and then finds its outcome. Reading first and writing last instead
  // lets both lock the gap a missing key leaves and deadlock each other.
  // A rollback gives the claim back.
  virtual absl::StatusOr<std::optional<FieldRecordOutcome>> ClaimFieldRecord(
      absl::string_view device_id, absl::string_view idempotency_key) = 0;
  // Writes the outcome of the record claimed in this transaction.
  virtual absl::Status RecordFieldRecord(absl::string_view device_id,
                                         absl::string_view idempotency_key,
                                         const FieldRecordOutcome& outcome) = 0;

  // Keeps an imported membership for a person not registered yet.
  virtual absl::Status AddPendingMembership(absl::string_view id_number,
                                            const v1::KeyGroupMembership& m) = 0;
  // Removes and returns the pending memberships for `id_number`, oldest first.
  virtual absl::StatusOr<std::vector<v1::KeyGroupMembership>> TakePendingMemberships(
      absl::string_view id_number) = 0;

  virtual absl::Status AddVisit(const VisitRecord& visit) = 0;
  // Blanks the free-text notes of every visit of `profile_id` (erasure).
  virtual absl::Status EraseVisitNotes(const std::string& profile_id) = 0;
  virtual absl::Status AppendAudit(const AuditEntry& entry) = 0;
  // Writes `event` to the outbox, committed with the rest.
  virtual absl::Status AppendEvent(const v1::Event& event) = 0;
  // The id of the newest outbox row this transaction sees, its own included
  // (0: none): once the matcher has applied it, it has applied this change.
  virtual absl::StatusOr<int64_t> OutboxPosition() = 0;
};

struct ListQuery {
  int64_t after_seq = 0;
  int limit = 50;
  // Residence or registered home starts with this; empty for all.
  std::string region_prefix;
};

struct ListedProfile {
  int64_t seq = 0;
  v1::Profile profile;  // with clear SensitiveData
};

// Thread-safe.
class ProfileStore {
 public:
  virtual ~ProfileStore() = default;
  // Runs `body` in one transaction; commits only if it returns OK. May run
  // `body` again after a deadlock, so `body` must reset what it computes.
  virtual absl::Status InTransaction(
      const std::function<absl::Status(ProfileTransaction&)>& body) = 0;
  // The stored profile with clear SensitiveData; NOT_FOUND if none.
  virtual absl::StatusOr<v1::Profile> Get(const std::string& profile_id) = 0;
  // Unerased profiles in registration order after `query.after_seq`.
  virtual absl::StatusOr<std::vector<ListedProfile>> List(const ListQuery& query) = 0;
  // OK when the storage answers.
  virtual absl::Status Ping() = 0;
  // The schema whose outbox the store writes (consistency tokens name it).
  virtual const std::string& OutboxSchema() const = 0;
  // The id of the newest committed outbox row (0: none).
  virtual absl::StatusOr<int64_t> OutboxHead() = 0;
};

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_PROFILE_STORE_H_
