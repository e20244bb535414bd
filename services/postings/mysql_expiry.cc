// MysqlPostingsStore::ExpirePosts: one batch of the expiry sweep. The rows
// are found through posts_by_state_expiry (state, valid_until) and changed
// through the authoritative columns only: readers lay state, version and
// update_time over the stored proto, so it need not be rewritten.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/postings/change_events.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/mysql_util.h"

namespace jobmatch::postings {

absl::StatusOr<int> MysqlPostingsStore::ExpirePosts(absl::Time now, int limit) {
  int moved = 0;
  const int64_t now_micros = ToMicros(now);
  JM_RETURN_IF_ERROR(db_.InTransaction([&](sql::Connection& conn) {
    moved = 0;
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    // SKIP LOCKED: a post being updated (or expired by another replica) is
    // left to the next pass instead of stalling this one.
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(absl::StrCat(
        "SELECT ", internal::kPostColumns, " FROM posts WHERE state = ", v1::POST_STATE_OPEN,
        " AND valid_until <= ", now_micros, " ORDER BY valid_until LIMIT ", limit,
        " FOR UPDATE SKIP LOCKED")));
    std::vector<int64_t> seqs;
    std::vector<v1::Event> events;
    while (rs->next()) {
      v1::Post p = internal::PostFromRow(*rs);
      seqs.push_back(rs->getInt64("seq"));
      p.set_state(v1::POST_STATE_EXPIRED);
      p.set_version(p.version() + 1);
      events.push_back(PostChanged(p, v1::CHANGE_TYPE_UPDATED));
    }
    if (seqs.empty()) return absl::OkStatus();
    st->executeUpdate(absl::StrCat("UPDATE posts SET state = ", v1::POST_STATE_EXPIRED,
                                   ", version = version + 1, update_time = ", now_micros,
                                   " WHERE seq IN (", absl::StrJoin(seqs, ","), ")"));
    WriteOutboxEvents(conn, events);
    moved = static_cast<int>(seqs.size());
    return absl::OkStatus();
  }));
  return moved;
}

}  // namespace jobmatch::postings
