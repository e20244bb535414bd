// MysqlOwnershipStore: whose a post is and where a person lives, read from
// the postings and profiles schemas on the same server.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include "absl/strings/str_cat.h"
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
    std::unique_ptr<sql::PreparedStatement> st(conn.prepareStatement(
        absl::StrCat("SELECT ", column, " FROM ", table, " WHERE ", key_column, " = ?")));
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

}  // namespace jobmatch::events
