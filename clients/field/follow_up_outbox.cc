#include "clients/field/follow_up_outbox.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/lib/call_runner.h"
#include "services/common/status_macros.h"

namespace jobmatch::field {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS follow_ups(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL UNIQUE,
  request BLOB NOT NULL,
  state TEXT NOT NULL,
  problem BLOB,
  captured_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS follow_ups_by_state ON follow_ups(state, seq);
)sql";

// Where each sealed column is bound (SealContext), as in outbox.cc.
constexpr absl::string_view kTable = "follow_ups";
constexpr absl::string_view kRequestColumn = "request";
constexpr absl::string_view kProblemColumn = "problem";
constexpr char kRecordedCount[] = "follow_ups_recorded";

}  // namespace

absl::StatusOr<std::unique_ptr<FollowUpOutbox>> FollowUpOutbox::Open(const std::string& path,
                                                                     DataProtector key) {
  JM_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(path));
  JM_RETURN_IF_ERROR(db->Exec(kSchema));
  return std::unique_ptr<FollowUpOutbox>(new FollowUpOutbox(std::move(db), std::move(key)));
}

absl::StatusOr<std::string> FollowUpOutbox::Capture(v1::RecordFollowUpRequest request,
                                                    absl::Time now) {
  if (request.profile_id().empty() || request.post_id().empty() ||
      request.follow_up().visit() == v1::FOLLOW_UP_VISIT_UNSPECIFIED) {
    return absl::InvalidArgumentError("a follow-up names the person, the post and the visit");
  }
  request.set_request_id(client::NewRequestId());
  request.mutable_follow_up()->set_channel("tablet");
  JM_RETURN_IF_ERROR(db_->InTransaction([&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(SqliteStatement insert,
                        db_->Prepare("INSERT INTO follow_ups(request_id, request, state, "
                                     "captured_at) VALUES (?, ?, 'pending', ?)"));
    return insert.Bind(1, request.request_id())
        .BindBlob(2, key_.Seal(request.SerializeAsString(),
                               {kTable, kRequestColumn, request.request_id()}))
        .Bind(3, absl::ToUnixSeconds(now))
        .Run();
  }));
  return request.request_id();
}

absl::StatusOr<std::vector<std::pair<v1::RecordFollowUpRequest, std::string>>>
FollowUpOutbox::Select(const std::string& state, int64_t limit) {
  JM_ASSIGN_OR_RETURN(SqliteStatement q,
                      db_->Prepare("SELECT request_id, request, problem FROM follow_ups "
                                   "WHERE state = ? ORDER BY seq LIMIT ?"));
  q.Bind(1, state).Bind(2, limit);
  std::vector<std::pair<v1::RecordFollowUpRequest, std::string>> out;
  while (true) {
    JM_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    const std::string id = q.Text(0);
    absl::StatusOr<std::string> plain = key_.Open(q.Text(1), {kTable, kRequestColumn, id});
    auto& [request, problem] = out.emplace_back();
    if (!plain.ok() || !request.ParseFromString(*plain)) {
      return absl::DataLossError(
          absl::StrCat("follow-up ", id, " does not open: another tablet's key, or altered"));
    }
    if (const std::string sealed = q.Text(2); !sealed.empty()) {
      absl::StatusOr<std::string> text = key_.Open(sealed, {kTable, kProblemColumn, id});
      if (!text.ok()) return absl::DataLossError(absl::StrCat("follow-up ", id, " is altered"));
      problem = *text;
    }
  }
  return out;
}

absl::StatusOr<std::vector<v1::RecordFollowUpRequest>> FollowUpOutbox::Pending(int limit) {
  JM_ASSIGN_OR_RETURN(auto rows, Select("pending", limit));
  std::vector<v1::RecordFollowUpRequest> out;
  for (auto& [request, problem] : rows) out.push_back(std::move(request));
  return out;
}

absl::StatusOr<std::vector<RefusedFollowUp>> FollowUpOutbox::Refused() {
  JM_ASSIGN_OR_RETURN(auto rows, Select("refused", -1));
  std::vector<RefusedFollowUp> out;
  for (auto& [request, problem] : rows) out.push_back({std::move(request), std::move(problem)});
  return out;
}

absl::StatusOr<FollowUpCounts> FollowUpOutbox::Counts() {
  FollowUpCounts counts;
  JM_ASSIGN_OR_RETURN(SqliteStatement q,
                      db_->Prepare("SELECT state, COUNT(*) FROM follow_ups GROUP BY state"));
  while (true) {
    JM_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    (q.Text(0) == "pending" ? counts.pending : counts.refused) = q.Int(1);
  }
  JM_ASSIGN_OR_RETURN(
      SqliteStatement recorded,
      db_->Prepare("SELECT CAST(value AS INTEGER) FROM outbox_meta WHERE name = ?"));
  JM_ASSIGN_OR_RETURN(bool found, recorded.Bind(1, kRecordedCount).Step());
  if (found) counts.recorded = recorded.Int(0);
  return counts;
}

absl::Status FollowUpOutbox::MarkRecorded(const std::string& request_id) {
  return db_->InTransaction([&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(
        SqliteStatement remove,
        db_->Prepare("DELETE FROM follow_ups WHERE request_id = ? AND state = 'pending'"));
    JM_RETURN_IF_ERROR(remove.Bind(1, request_id).Run());
    if (sqlite3_changes(db_->handle()) == 0) return absl::OkStatus();
    JM_ASSIGN_OR_RETURN(
        SqliteStatement count,
        db_->Prepare("INSERT INTO outbox_meta(name, value) VALUES (?, '1') ON CONFLICT(name) DO "
                     "UPDATE SET value = CAST(value AS INTEGER) + 1"));
    return count.Bind(1, kRecordedCount).Run();
  });
}

absl::Status FollowUpOutbox::MarkRefused(const std::string& request_id,
                                         const std::string& problem) {
  return db_->InTransaction([&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(SqliteStatement update,
                        db_->Prepare("UPDATE follow_ups SET state = 'refused', problem = ? "
                                     "WHERE request_id = ? AND state = 'pending'"));
    return update.BindBlob(1, key_.Seal(problem, {kTable, kProblemColumn, request_id}))
        .Bind(2, request_id)
        .Run();
  });
}

}  // namespace jobmatch::field
