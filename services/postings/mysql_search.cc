// MysqlPostingsStore::IndexSearch: one batch of the search indexer. Posts an
// import queued in post_search_pending get their title and description
// encoded into post_search (migrations 0004, 0005), and leave the queue, in
// one transaction.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status_macros.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/mysql_util.h"
#include "services/postings/search_text.h"

namespace jobmatch::postings {

namespace {

// Inserts or replaces post_search rows (seq, encoded text) with one statement.
// The text is tokens of letters and digits joined by spaces: nothing to escape.
void WriteSearchRows(sql::Connection& conn,
                     const std::vector<std::pair<int64_t, std::string>>& rows) {
  if (rows.empty()) return;
  std::string sql = "INSERT INTO post_search (post_seq, search_text) VALUES ";
  for (size_t i = 0; i < rows.size(); ++i) {
    absl::StrAppend(&sql, i == 0 ? "" : ",", "(", rows[i].first, ",'", rows[i].second, "')");
  }
  sql += " ON DUPLICATE KEY UPDATE search_text = VALUES(search_text)";
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  st->executeUpdate(sql);
}

}  // namespace

absl::StatusOr<int> MysqlPostingsStore::IndexSearch(int limit) {
  int indexed = 0;
  JM_RETURN_IF_ERROR(db_.InTransaction([&](sql::Connection& conn) {
    indexed = 0;
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    // Locked, so an import re-queuing one of these posts waits for this
    // batch and queues it again after; SKIP LOCKED lets replicas share.
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(absl::StrCat(
        "SELECT post_id FROM post_search_pending LIMIT ", limit, " FOR UPDATE SKIP LOCKED")));
    std::vector<std::string> ids;
    while (rs->next()) ids.push_back(Quote(conn, rs->getString(1).asStdString()));
    if (ids.empty()) return absl::OkStatus();
    const std::string in = absl::StrCat("(", absl::StrJoin(ids, ","), ")");
    // A locking read: the posts as last committed, held until the text is in.
    std::vector<std::pair<int64_t, std::string>> rows;
    std::unique_ptr<sql::ResultSet> posts(st->executeQuery(
        absl::StrCat("SELECT seq, proto FROM posts WHERE post_id IN ", in, " LOCK IN SHARE MODE")));
    while (posts->next()) {
      v1::Post p;
      p.ParseFromString(ReadBlob(*posts, "proto"));
      rows.push_back({posts->getInt64(1), SearchDocument(p.title(), p.description())});
    }
    WriteSearchRows(conn, rows);
    st->executeUpdate(absl::StrCat("DELETE FROM post_search_pending WHERE post_id IN ", in));
    indexed = static_cast<int>(ids.size());
    return absl::OkStatus();
  }));
  return indexed;
}

}  // namespace jobmatch::postings
