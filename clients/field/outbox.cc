#include "clients/field/outbox.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "clients/lib/call_runner.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace jobmatch::field {
namespace {

using Result = v1::FieldRecordResult;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  record BLOB NOT NULL,
  state TEXT NOT NULL,
  profile_id TEXT NOT NULL DEFAULT '',
  server_version INTEGER NOT NULL DEFAULT 0,
  server_profile BLOB,
  problem TEXT NOT NULL DEFAULT '',
  captured_at INTEGER NOT NULL,
  answered_at INTEGER);
CREATE INDEX IF NOT EXISTS records_by_state ON records(state, seq);
CREATE INDEX IF NOT EXISTS records_by_profile ON records(profile_id);
CREATE TABLE IF NOT EXISTS known_versions(
  profile_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
)sql";

// Where each sealed column of a record is bound (SealContext): a ciphertext
// copied to another row or column of the outbox does not open there.
constexpr absl::string_view kTable = "records";
constexpr absl::string_view kRecordColumn = "record";
constexpr absl::string_view kServerProfileColumn = "server_profile";
constexpr absl::string_view kProblemColumn = "problem";

// outbox_meta rows: whether the rows' contents are sealed (outboxes written
// before sealing hold clear rows until the first Open with a key), and how
// many records were answered as synced and deleted.
constexpr char kSealedMark[] = "sealed_v1";
constexpr char kSyncedCount[] = "synced_count";

constexpr EntryState kStates[] = {EntryState::kPending, EntryState::kSynced, EntryState::kConflict,
                                  EntryState::kInvalid, EntryState::kExists, EntryState::kResolved};

EntryState StateFromName(const std::string& name) {
  for (EntryState s : kStates) {
    if (name == EntryStateName(s)) return s;
  }
  return EntryState::kPending;
}

const char* KindOf(const v1::FieldRecord& record) {
  switch (record.record_case()) {
    case v1::FieldRecord::kRegistration:
      return "registration";
    case v1::FieldRecord::kEdit:
      return "edit";
    case v1::FieldRecord::kVisit:
      return "visit";
    default:
      return "none";
  }
}

// The state a server outcome leaves a record in; pending for an answer that
// settles nothing (an unknown outcome from a newer server).
EntryState StateAfter(Result::Outcome outcome) {
  switch (outcome) {
    case Result::OUTCOME_APPLIED:
    case Result::OUTCOME_DUPLICATE:
      return EntryState::kSynced;
    case Result::OUTCOME_CONFLICT:
      return EntryState::kConflict;
    case Result::OUTCOME_INVALID:
      return EntryState::kInvalid;
    case Result::OUTCOME_ALREADY_EXISTS:
      return EntryState::kExists;
    default:
      return EntryState::kPending;
  }
}

std::string Problem(const Result& result) {
  std::string out;
  for (const auto& v : result.violations()) {
    absl::StrAppend(&out, out.empty() ? "" : "\n", v.field(), ": ", v.description());
  }
  return out;
}

}  // namespace

const char* EntryStateName(EntryState state) {
  switch (state) {
    case EntryState::kPending:
      return "pending";
    case EntryState::kSynced:
      return "synced";
    case EntryState::kConflict:
      return "conflict";
    case EntryState::kInvalid:
      return "invalid";
    case EntryState::kExists:
      return "exists";
    case EntryState::kResolved:
      return "resolved";
  }
  return "pending";
}

absl::StatusOr<std::unique_ptr<FieldOutbox>> FieldOutbox::Open(const std::string& path,
                                                               DataProtector key,
                                                               const std::string& device_id) {
  JM_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(path));
  JM_RETURN_IF_ERROR(db->Exec(kSchema));
  std::string id;
  JM_RETURN_IF_ERROR(db->InTransaction([&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(SqliteStatement get,
                        db->Prepare("SELECT value FROM outbox_meta WHERE name = 'device_id'"));
    JM_ASSIGN_OR_RETURN(bool found, get.Step());
    if (found) {
      id = get.Text(0);
      return absl::OkStatus();
    }
    id = device_id.empty() ? absl::StrCat("tab-", client::NewRequestId().substr(0, 12)) : device_id;
    JM_ASSIGN_OR_RETURN(
        SqliteStatement put,
        db->Prepare("INSERT INTO outbox_meta(name, value) VALUES ('device_id', ?)"));
    return put.Bind(1, id).Run();
  }));
  std::unique_ptr<FieldOutbox> outbox(
      new FieldOutbox(std::move(db), std::move(key), std::move(id)));
  JM_RETURN_IF_ERROR(outbox->SealClearRows());
  return outbox;
}

std::string FieldOutbox::Seal(absl::string_view plain, absl::string_view column,
                              const std::string& key) const {
  return key_.Seal(plain, {kTable, column, key});
}

absl::StatusOr<std::string> FieldOutbox::Unseal(absl::string_view sealed, absl::string_view column,
                                                const std::string& key) const {
  if (sealed.empty()) return std::string();
  absl::StatusOr<std::string> plain = key_.Open(sealed, {kTable, column, key});
  if (!plain.ok()) {
    return absl::DataLossError(
        absl::StrCat("record ", key, " does not open: another tablet's key, or altered"));
  }
  return plain;
}

absl::Status FieldOutbox::SealClearRows() {
  return db_->InTransaction([&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(SqliteStatement mark,
                        db_->Prepare("SELECT 1 FROM outbox_meta WHERE name = ?"));
    JM_ASSIGN_OR_RETURN(bool sealed, mark.Bind(1, kSealedMark).Step());
    if (sealed) return absl::OkStatus();
    // Answered records are not kept any more; the rest are sealed in place
    // (secure_delete overwrites the clear pages they leave).
    JM_RETURN_IF_ERROR(db_->Exec(absl::StrCat(
        "INSERT OR IGNORE INTO known_versions(profile_id, version) SELECT profile_id, "
        "MAX(server_version) FROM records WHERE state != 'pending' AND profile_id != '' "
        "GROUP BY profile_id; "
        "INSERT OR REPLACE INTO outbox_meta(name, value) SELECT '",
        kSyncedCount, "', COUNT(*) FROM records WHERE state = 'synced'; ",
        "DELETE FROM records WHERE state = 'synced';")));
    JM_ASSIGN_OR_RETURN(
        SqliteStatement rows,
        db_->Prepare("SELECT idempotency_key, record, server_profile, problem FROM records"));
    JM_ASSIGN_OR_RETURN(SqliteStatement update,
                        db_->Prepare("UPDATE records SET record = ?, server_profile = ?, "
                                     "problem = ? WHERE idempotency_key = ?"));
    while (true) {
      JM_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
      const std::string key = rows.Text(0);
      update.Reset();
      JM_RETURN_IF_ERROR(update.BindBlob(1, Seal(rows.Text(1), kRecordColumn, key))
                             .BindBlob(2, Seal(rows.Text(2), kServerProfileColumn, key))
                             .BindBlob(3, Seal(rows.Text(3), kProblemColumn, key))
                             .Bind(4, key)
                             .Run());
    }
    JM_ASSIGN_OR_RETURN(SqliteStatement done,
                        db_->Prepare("INSERT INTO outbox_meta(name, value) VALUES (?, '1')"));
    return done.Bind(1, kSealedMark).Run();
  });
}

absl::Status FieldOutbox::Insert(const v1::FieldRecord& record, absl::Time now) {
  JM_ASSIGN_OR_RETURN(SqliteStatement insert,
                      db_->Prepare("INSERT INTO records(idempotency_key, kind, record, state, "
                                   "profile_id, captured_at) VALUES (?, ?, ?, 'pending', ?, ?)"));
  std::string profile_id;
  if (record.has_edit()) profile_id = record.edit().profile().profile_id();
  if (record.has_visit()) profile_id = record.visit().profile_id();
  return insert.Bind(1, record.idempotency_key())
      .Bind(2, KindOf(record))
      .BindBlob(3, Seal(record.SerializeAsString(), kRecordColumn, record.idempotency_key()))
      .Bind(4, profile_id)
      .Bind(5, absl::ToUnixSeconds(now))
      .Run();
}

absl::StatusOr<std::string> FieldOutbox::Capture(v1::FieldRecord record, absl::Time now) {
  if (record.record_case() == v1::FieldRecord::RECORD_NOT_SET) {
    return absl::InvalidArgumentError("a record is a registration, an edit or a visit");
  }
  record.set_idempotency_key(client::NewRequestId());
  record.set_device_id(device_id_);
  if (!record.has_capture_time()) *record.mutable_capture_time() = ToProto(now);
  JM_RETURN_IF_ERROR(db_->InTransaction([&] { return Insert(record, now); }));
  return record.idempotency_key();
}

absl::StatusOr<std::vector<OutboxEntry>> FieldOutbox::Select(const std::string& where,
                                                             int64_t limit,
                                                             const std::string& arg) {
  JM_ASSIGN_OR_RETURN(
      SqliteStatement q,
      db_->Prepare(absl::StrCat("SELECT seq, idempotency_key, state, record, profile_id, "
                                "server_version, server_profile, problem FROM records WHERE ",
                                where, " ORDER BY seq LIMIT ?")));
  q.Bind(1, arg).Bind(2, limit);
  std::vector<OutboxEntry> out;
  while (true) {
    JM_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    OutboxEntry& e = out.emplace_back();
    e.seq = q.Int(0);
    e.idempotency_key = q.Text(1);
    e.state = StateFromName(q.Text(2));
    JM_ASSIGN_OR_RETURN(std::string record, Unseal(q.Text(3), kRecordColumn, e.idempotency_key));
    if (!e.record.ParseFromString(record)) {
      return absl::DataLossError(absl::StrCat("record ", e.seq, " is unreadable"));
    }
    e.profile_id = q.Text(4);
    e.server_version = q.Int(5);
    JM_ASSIGN_OR_RETURN(std::string server_profile,
                        Unseal(q.Text(6), kServerProfileColumn, e.idempotency_key));
    e.server_profile.ParseFromString(server_profile);
    JM_ASSIGN_OR_RETURN(e.problem, Unseal(q.Text(7), kProblemColumn, e.idempotency_key));
  }
  return out;
}

absl::StatusOr<std::vector<OutboxEntry>> FieldOutbox::Pending(int limit) {
  return Select("state = ?", limit, EntryStateName(EntryState::kPending));
}

absl::StatusOr<std::vector<OutboxEntry>> FieldOutbox::InState(EntryState state) {
  return Select("state = ?", -1, EntryStateName(state));
}

absl::StatusOr<OutboxCounts> FieldOutbox::Counts() {
  JM_ASSIGN_OR_RETURN(SqliteStatement q,
                      db_->Prepare("SELECT state, COUNT(*) FROM records GROUP BY state"));
  OutboxCounts counts;
  while (true) {
    JM_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    const int64_t n = q.Int(1);
    switch (StateFromName(q.Text(0))) {
      case EntryState::kPending:
        counts.pending = n;
        break;
      case EntryState::kSynced:
        counts.synced += n;  // none since sealing: synced rows are deleted
        break;
      case EntryState::kConflict:
        counts.conflict = n;
        break;
      case EntryState::kInvalid:
        counts.invalid = n;
        break;
      case EntryState::kExists:
        counts.exists = n;
        break;
      case EntryState::kResolved:
        counts.resolved = n;
        break;
    }
  }
  JM_ASSIGN_OR_RETURN(
      SqliteStatement synced,
      db_->Prepare("SELECT CAST(value AS INTEGER) FROM outbox_meta WHERE name = ?"));
  JM_ASSIGN_OR_RETURN(bool found, synced.Bind(1, kSyncedCount).Step());
  if (found) counts.synced += synced.Int(0);
  return counts;
}

absl::Status FieldOutbox::RecordResults(const std::vector<std::string>& keys,
                                        const std::vector<v1::FieldRecordResult>& results,
                                        absl::Time now) {
  if (keys.size() != results.size()) {
    return absl::InvalidArgumentError("one answer per sent record is required");
  }
  return db_->InTransaction([&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(
        SqliteStatement update,
        db_->Prepare("UPDATE records SET state = ?, profile_id = CASE WHEN ? = '' THEN profile_id "
                     "ELSE ? END, server_version = ?, server_profile = ?, problem = ?, "
                     "answered_at = ? WHERE idempotency_key = ? AND state = 'pending'"));
    // A synced record has done its work: it is deleted (secure_delete zeroes
    // it), and only its count and the profile version it taught are kept.
    JM_ASSIGN_OR_RETURN(
        SqliteStatement remove,
        db_->Prepare("DELETE FROM records WHERE idempotency_key = ? AND state = 'pending'"));
    JM_ASSIGN_OR_RETURN(
        SqliteStatement learn,
        db_->Prepare("INSERT INTO known_versions(profile_id, version) SELECT CASE WHEN ?1 = '' "
                     "THEN profile_id ELSE ?1 END, ?2 FROM records WHERE idempotency_key = ?3 "
                     "AND state = 'pending' AND ?2 > 0 AND (?1 != '' OR profile_id != '') "
                     "ON CONFLICT(profile_id) DO UPDATE SET "
                     "version = MAX(version, excluded.version)"));
    JM_ASSIGN_OR_RETURN(
        SqliteStatement count,
        db_->Prepare(
            "INSERT INTO outbox_meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO "
            "UPDATE SET value = CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER)"));
    int64_t synced = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      const Result& r = results[i];
      const EntryState state = StateAfter(r.outcome());
      if (state == EntryState::kPending) continue;
      learn.Reset();
      JM_RETURN_IF_ERROR(
          learn.Bind(1, r.profile_id()).Bind(2, r.current_version()).Bind(3, keys[i]).Run());
      if (state == EntryState::kSynced) {
        remove.Reset();
        JM_RETURN_IF_ERROR(remove.Bind(1, keys[i]).Run());
        synced += sqlite3_changes(db_->handle());
      } else {
        update.Reset();
        JM_RETURN_IF_ERROR(update.Bind(1, EntryStateName(state))
                               .Bind(2, r.profile_id())
                               .Bind(3, r.profile_id())
                               .Bind(4, r.current_version())
                               .BindBlob(5, r.has_current() ? Seal(r.current().SerializeAsString(),
                                                                   kServerProfileColumn, keys[i])
                                                            : "")
                               .BindBlob(6, Seal(Problem(r), kProblemColumn, keys[i]))
                               .Bind(7, absl::ToUnixSeconds(now))
                               .Bind(8, keys[i])
                               .Run());
      }
    }
    if (synced == 0) return absl::OkStatus();
    return count.Bind(1, kSyncedCount).Bind(2, absl::StrCat(synced)).Run();
  });
}

absl::StatusOr<std::string> FieldOutbox::Resolve(const std::string& key, Resolution resolution,
                                                 absl::Time now) {
  std::string new_key;
  JM_RETURN_IF_ERROR(db_->InTransaction([&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(std::vector<OutboxEntry> found, Select("idempotency_key = ?", 1, key));
    if (found.empty()) return absl::NotFoundError(absl::StrCat("no record ", key));
    const OutboxEntry& e = found[0];
    if (e.state != EntryState::kConflict) {
      return absl::FailedPreconditionError(
          absl::StrCat("record ", key, " is ", EntryStateName(e.state), ", not in conflict"));
    }
    if (resolution == Resolution::kResendMine) {
      v1::FieldRecord again = e.record;
      // Derived, not random: the key names the version it was rebased on.
      new_key = absl::StrCat(key.substr(0, 100), "@v", e.server_version);
      again.set_idempotency_key(new_key);
      again.set_base_version(e.server_version);
      *again.mutable_capture_time() = ToProto(now);
      JM_RETURN_IF_ERROR(Insert(again, now));
    }
    JM_ASSIGN_OR_RETURN(
        SqliteStatement done,
        db_->Prepare("UPDATE records SET state = 'resolved' WHERE idempotency_key = ?"));
    return done.Bind(1, key).Run();
  }));
  return new_key;
}

absl::StatusOr<int64_t> FieldOutbox::KnownVersion(const std::string& profile_id) {
  JM_ASSIGN_OR_RETURN(SqliteStatement q,
                      db_->Prepare("SELECT version FROM known_versions WHERE profile_id = ?"));
  JM_ASSIGN_OR_RETURN(bool row, q.Bind(1, profile_id).Step());
  return row ? q.Int(0) : 0;
}

}  // namespace jobmatch::field
