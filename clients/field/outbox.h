// The field tablet's outbox: every registration, edit and household visit
// captured offline is kept in a local SQLite file until the profiles service
// has answered for it. Each capture is one committed transaction and gets its
// idempotency key at capture time, so however often a record is sent (after a
// crash, a kill, a lost answer) the server applies it once.
//
// A tablet can be lost or copied: each record's contents (ID number, phone,
// notes, the server's answer) are sealed with the tablet's outbox key, bound
// to the row and column; a record the server has synced is deleted (with
// secure_delete, so its pages are zeroed); the files are mode 0600.
#ifndef JOBMATCH_CLIENTS_FIELD_OUTBOX_H_
#define JOBMATCH_CLIENTS_FIELD_OUTBOX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/field/sqlite_db.h"
#include "jobmatch/v1/profiles.pb.h"
#include "services/common/crypto/data_protector.h"

namespace jobmatch::field {

// Where a captured record stands.
enum class EntryState {
  kPending,   // not yet answered by the server (sent or not)
  kSynced,    // applied (now or by an earlier send)
  kConflict,  // an edit made against a stale version; the recruiter resolves it
  kInvalid,   // refused for bad data; see problem
  kExists,    // the registered person was already on file; see profile_id
  kResolved,  // a conflict the recruiter settled (kept the server's, or re-sent theirs)
};

const char* EntryStateName(EntryState state);

struct OutboxEntry {
  int64_t seq = 0;  // capture order
  std::string idempotency_key;
  EntryState state = EntryState::kPending;
  v1::FieldRecord record;
  std::string profile_id;      // as the server answered
  int64_t server_version = 0;  // the profile's version the server answered
  v1::Profile server_profile;  // for conflicts: the profile as it is on the server (masked)
  std::string problem;         // for invalid records: the field violations, one per line
};

struct OutboxCounts {
  int64_t pending = 0, synced = 0, conflict = 0, invalid = 0, exists = 0, resolved = 0;
  int64_t total() const { return pending + synced + conflict + invalid + exists + resolved; }
};

// How a recruiter settles a conflict.
enum class Resolution {
  kKeepServer,  // drop the tablet's edit
  kResendMine,  // apply the tablet's edit on top of the server's current version
};

// Not thread-safe; one per process. Several processes may open the same file
// (SQLite locks it).
class FieldOutbox {
 public:
  // Opens or creates the outbox at `path`, whose contents `key` (of
  // KeyUse::kFieldOutbox) seals and opens. A new outbox takes `device_id`
  // (a random "tab-…" id when empty); an existing one keeps the id it has.
  // An outbox written before sealing is sealed here, its synced rows deleted.
  // Reading a record sealed under another key is DATA_LOSS.
  static absl::StatusOr<std::unique_ptr<FieldOutbox>> Open(const std::string& path,
                                                           DataProtector key,
                                                           const std::string& device_id = "");

  const std::string& device_id() const { return device_id_; }

  // Stores `record` (registration, edit or visit) for sending: gives it a new
  // idempotency key, this tablet's device id and, if unset, the capture time
  // `now`. Returns the key. Committed durably before it returns.
  absl::StatusOr<std::string> Capture(v1::FieldRecord record, absl::Time now = absl::Now());

  // Up to `limit` pending records, oldest first.
  absl::StatusOr<std::vector<OutboxEntry>> Pending(int limit);
  // Every record in `state`, oldest first (none for kSynced: those are deleted).
  absl::StatusOr<std::vector<OutboxEntry>> InState(EntryState state);
  // Synced counts every record ever answered as applied, though none is kept.
  absl::StatusOr<OutboxCounts> Counts();

  // Records the server's answers for a sent batch, all in one transaction:
  // `results[i]` answers the record with key `keys[i]`. Synced records are
  // deleted. Keys no longer pending (answered already) are left as they are.
  absl::Status RecordResults(const std::vector<std::string>& keys,
                             const std::vector<v1::FieldRecordResult>& results, absl::Time now);

  // Settles the conflict of record `key`. kResendMine captures the same edit
  // again with base_version = the server's current version under a key
  // derived from the old one (so resolving twice captures once) and returns
  // it; kKeepServer returns "". FAILED_PRECONDITION unless `key` is in conflict,
  // NOT_FOUND for an unknown key. One transaction.
  absl::StatusOr<std::string> Resolve(const std::string& key, Resolution resolution,
                                      absl::Time now = absl::Now());

  // The newest profile version this tablet has heard of for `profile_id`
  // from the server (0 if none): the base of a new edit.
  absl::StatusOr<int64_t> KnownVersion(const std::string& profile_id);

 private:
  FieldOutbox(std::unique_ptr<SqliteDb> db, DataProtector key, std::string device_id)
      : db_(std::move(db)), key_(std::move(key)), device_id_(std::move(device_id)) {}
  std::string Seal(absl::string_view plain, absl::string_view column, const std::string& key) const;
  absl::StatusOr<std::string> Unseal(absl::string_view sealed, absl::string_view column,
                                     const std::string& key) const;
  // The one-off step for an outbox written before sealing (see Open).
  absl::Status SealClearRows();
  absl::StatusOr<std::vector<OutboxEntry>> Select(const std::string& where, int64_t limit,
                                                  const std::string& arg);
  absl::Status Insert(const v1::FieldRecord& record, absl::Time now);

  std::unique_ptr<SqliteDb> db_;
  DataProtector key_;
  std::string device_id_;
};

}  // namespace jobmatch::field

#endif  // JOBMATCH_CLIENTS_FIELD_OUTBOX_H_
