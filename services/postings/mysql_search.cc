// MysqlPostingsStore::IndexSearch: one batch of the search indexer. Posts an
// import queued in post_search_pending get their posts.search_text copied
// into post_search (migration 0004), and leave the queue, in one transaction.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status_macros.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/mysql_util.h"

namespace jobmatch::postings {

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
    st->executeUpdate(absl::StrCat("INSERT INTO post_search (post_seq, search_text) SELECT seq, search_text ",
                                   "FROM posts WHERE post_id IN ", in,
                                   " ON DUPLICATE KEY UPDATE search_text = VALUES(search_text)"));
    st->executeUpdate(absl::StrCat("DELETE FROM post_search_pending WHERE post_id IN ", in));
    indexed = static_cast<int>(ids.size());
    return absl::OkStatus();
  }));
  return indexed;
}

}  // namespace jobmatch::postings
