// MysqlOwnershipStore: whose a post is and where a person lives, read from
// the postings and profiles schemas on the same server, and which posts were
// pushed in which live session (live_pushes, in the events schema).
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "absl/strings/str_cat.h"
#include "services/common/db/prepared.h"
#include "services/events/mysql_stores.h"

namespace jobmatch::events {
namespace {

// One column of the row of `table` whose `key_column` is `key`, if any.
absl::StatusOr<std::optional<std::string>> ReadOne(db::Database& db, const std::string& table,
                                                   const std::string& column,
                                                   const std::string& key_column,
                                                   const std::string& key) {
  std::optional<std::string> value;
  absl::Status s = db.WithConnection([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* st = db::Prepared(
        conn, absl::StrCat("SELECT ", column, " FROM ", table, " WHERE ", key_column, " = ?"));
    st->setString(1, key);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    if (rs->next()) value = rs->getString(1);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return value;
}

}  // namespace

absl::StatusOr<std::optional<std::string>> MysqlOwnershipStore::EmployerOf(
    const std::string& post_id) {
  return ReadOne(db_, absl::StrCat("`", postings_, "`.posts"), "employer_id", "post_id", post_id);
}

absl::StatusOr<std::optional<std::string>> MysqlOwnershipStore::ResidenceOf(
    const std::string& profile_id) {
  return ReadOne(db_, absl::StrCat("`", profiles_, "`.profiles"), "residence_region_code",
                 "profile_id", profile_id);
}

absl::StatusOr<bool> MysqlOwnershipStore::PushedIn(const std::string& post_id,
                                                   const std::vector<std::string>& session_ids) {
  if (session_ids.empty()) return false;
  bool pushed = false;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    std::string sql = "SELECT 1 FROM live_pushes WHERE post_id = ? AND session_id IN (?";
    for (size_t i = 1; i < session_ids.size(); ++i) sql += ",?";
    sql += ") LIMIT 1";
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    st->setString(1, post_id);
    for (size_t i = 0; i < session_ids.size(); ++i) st->setString(i + 2, session_ids[i]);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    pushed = rs->next();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return pushed;
}

}  // namespace jobmatch::events
