#include "services/profiles/reseal.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/status_macros.h"
#include "services/profiles/mysql_rows.h"

namespace jobmatch::profiles {
namespace {

constexpr int kBatch = 500;

// One table's ciphertext column, walked in key order.
struct SealedColumn {
  const char* table;
  const char* key;     // the ordered, unique key the walk pages on
  const char* row;     // the column that names the row in its SealContext
  const char* column;  // the ciphertext
  SealContext (*at)(absl::string_view row);
  const char* before_first;  // a key below every key of the table
};

// Re-seals up to kBatch rows after `*after` in one transaction; false once
// the table is done.
absl::StatusOr<bool> ResealBatch(db::Database& db, const DataProtector& protector,
                                 const SealedColumn& c, std::string* after, int64_t* count) {
  bool more = false;
  int64_t resealed = 0;
  std::string last = *after;
  JM_RETURN_IF_ERROR(db.InTransaction([&](sql::Connection& conn) -> absl::Status {
    more = false;
    resealed = 0;
    last = *after;
    sql::PreparedStatement* st =
        db::Prepared(conn, absl::StrCat("SELECT ", c.key, ", ", c.row, ", ", c.column, " FROM ",
                                        c.table, " WHERE ", c.key, " > ? AND ", c.column,
                                        " IS NOT NULL ORDER BY ", c.key, " LIMIT ? FOR UPDATE"));
    st->setString(1, *after);
    st->setInt(2, kBatch);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    std::vector<std::pair<std::string, std::string>> updates;  // key, new ciphertext
    int rows = 0;
    while (rs->next()) {
      ++rows;
      last = rs->getString(1);
      const std::string row = rs->getString(2);
      const std::string sealed = db::ReadBytes(*rs, c.column);
      if (protector.Open(sealed, c.at(row)).ok()) continue;
      absl::StatusOr<std::string> clear = protector.OpenUnbound(sealed);
      if (!clear.ok()) {
        return absl::DataLossError(
            absl::StrCat(c.table, " ", c.key, " ", last, ": ", clear.status().message()));
      }
      updates.emplace_back(last, protector.Seal(*clear, c.at(row)));
    }
    more = rows == kBatch;
    sql::PreparedStatement* up = db::Prepared(
        conn, absl::StrCat("UPDATE ", c.table, " SET ", c.column, " = ? WHERE ", c.key, " = ?"));
    for (auto& [key, sealed] : updates) {
      db::BindBytes(*up, 1, std::move(sealed));
      up->setString(2, key);
      up->executeUpdate();
    }
    resealed = static_cast<int64_t>(updates.size());
    return absl::OkStatus();
  }));
  *after = last;
  *count += resealed;
  return more;
}

}  // namespace

absl::StatusOr<ResealCounts> ResealUnbound(db::Database& db, const DataProtector& protector) {
  ResealCounts counts;
  const SealedColumn profiles{"profiles",     "profile_id", "profile_id",
                              "sensitive_ct", SensitiveAt,  ""};
  const SealedColumn pending{"pending_key_groups", "id", "id_hash", "membership_ct",
                             PendingMembershipAt,  "0"};
  for (const auto& [column, count] :
       {std::make_pair(&profiles, &counts.profiles), std::make_pair(&pending, &counts.pending)}) {
    std::string after = column->before_first;
    for (;;) {
      JM_ASSIGN_OR_RETURN(bool more, ResealBatch(db, protector, *column, &after, count));
      if (!more) break;
    }
  }
  return counts;
}

}  // namespace jobmatch::profiles
