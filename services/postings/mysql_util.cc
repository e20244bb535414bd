#include "services/postings/mysql_util.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>

#include <iterator>

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/outbox.h"
#include "services/common/status_macros.h"

namespace jobmatch::postings {

std::string Quote(sql::Connection& conn, const std::string& s, bool null_if_empty) {
  if (s.empty() && null_if_empty) return "NULL";
  auto* mysql = dynamic_cast<sql::mysql::MySQL_Connection*>(&conn);
  return absl::StrCat("'", mysql->escapeString(s).asStdString(), "'");
}

std::string NewId(char prefix) {
  thread_local absl::BitGen gen;
  return absl::StrFormat("%c%016x", prefix, absl::Uniform<uint64_t>(gen));
}

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

void WriteOutboxEvents(sql::Connection& conn, const std::vector<v1::Event>& events) {
  // SQL text with hex literals, not bound blobs: see UpsertPosts.
  constexpr size_t kChunk = 1000;
  for (size_t begin = 0; begin < events.size(); begin += kChunk) {
    const size_t end = std::min(events.size(), begin + kChunk);
    std::string sql = "INSERT INTO outbox (event) VALUES ";
    for (size_t i = begin; i < end; ++i) {
      absl::StrAppend(&sql, i > begin ? "," : "", "(X'",
                      absl::BytesToHexString(events[i].SerializeAsString()), "')");
    }
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    st->executeUpdate(sql);
  }
}

namespace {

// The recorded request, read inside the caller's transaction.
std::optional<std::pair<std::string, RecordedRequest>> SelectRequest(
    sql::Connection& conn, const std::string& request_id) {
  sql::PreparedStatement* st = db::Prepared(
      conn,
      "SELECT method, request_hash, response, outbox_id FROM request_log WHERE request_id = ?");
  st->setString(1, request_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  RecordedRequest rec;
  rec.request_hash = static_cast<uint64_t>(rs->getInt64("request_hash"));
  rec.response = db::ReadBytes(*rs, "response");
  rec.outbox_id = rs->getInt64("outbox_id");
  return std::make_pair(std::string(rs->getString("method")), std::move(rec));
}

}  // namespace

absl::StatusOr<std::string> RunIdempotent(
    db::Database& db, const Idempotency& idem,
    const std::function<absl::StatusOr<std::string>(sql::Connection&)>& body) {
  // Two attempts: a concurrent call with the same id makes our claim fail
  // with a duplicate key once it commits; the second attempt then finds its answer.
  absl::Status status;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string answer;
    int64_t outbox_id = 0;
    bool lost_claim = false;
    status = db.InTransaction([&](sql::Connection& conn) -> absl::Status {
      lost_claim = false;
      if (auto recorded = SelectRequest(conn, idem.request_id)) {
        if (recorded->first != idem.method || recorded->second.request_hash != idem.request_hash) {
          return InvalidField("request_id", "already used for a different request");
        }
        answer = std::move(recorded->second.response);
        outbox_id = recorded->second.outbox_id;
        return absl::OkStatus();
      }
      sql::PreparedStatement* claim =
          db::Prepared(conn,
                       "INSERT INTO request_log (request_id, method, request_hash, "
                       "response) VALUES (?, ?, ?, '')");
      claim->setString(1, idem.request_id);
      claim->setString(2, idem.method);
      claim->setInt64(3, static_cast<int64_t>(idem.request_hash));
      try {
        claim->executeUpdate();
      } catch (const sql::SQLException& e) {
        lost_claim = e.getErrorCode() == 1062;
        throw;
      }
      JM_ASSIGN_OR_RETURN(answer, body(conn));
      // Our own outbox rows and any committed before them: a token naming
      // this id is applied only once the change is.
      outbox_id = jobmatch::OutboxHead(conn);
      sql::PreparedStatement* record = db::Prepared(
          conn, "UPDATE request_log SET response = ?, outbox_id = ? WHERE request_id = ?");
      db::BindBytes(*record, 1, answer);
      record->setInt64(2, outbox_id);
      record->setString(3, idem.request_id);
      record->executeUpdate();
      return absl::OkStatus();
    });
    if (status.ok()) {
      if (idem.outbox_id != nullptr) *idem.outbox_id = outbox_id;
      return answer;
    }
    if (!lost_claim) return status;
  }
  return status;
}

}  // namespace jobmatch::postings
