// MysqlPostingsStore: the moderation queue and the pay medians screening
// compares posts with.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/db/prepared.h"
#include "services/common/status_macros.h"
#include "services/postings/moderation.h"
#include "services/postings/mysql_postings_store.h"

namespace jobmatch::postings {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

}  // namespace

absl::StatusOr<PostPage> MysqlPostingsStore::ListModerationQueue(const ModerationQuery& q) {
  // state = PENDING_REVIEW is a range of posts_by_state_expiry; the few
  // pending rows are sorted by seq (see migration 0007).
  std::string sql =
      absl::StrCat("SELECT ", internal::kPostColumns,
                   " FROM posts WHERE state = ", v1::POST_STATE_PENDING_REVIEW, " AND seq > ?");
  std::vector<internal::SqlArg> args;
  if (!q.region_prefixes.empty()) {
    std::vector<std::string> likes(q.region_prefixes.size(), "region_code LIKE ?");
    absl::StrAppend(&sql, " AND (", absl::StrJoin(likes, " OR "), ")");
    for (const std::string& p : q.region_prefixes) args.push_back(p + "%");
  }
  if (!q.campaign_id.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM post_campaigns pc WHERE pc.campaign_id = ? AND pc.post_seq = "
        "posts.seq)";
    args.push_back(q.campaign_id);
  }
  if (q.flag_mask != 0) {
    sql += " AND (screening_flags & ?) <> 0";
    args.push_back(static_cast<int64_t>(q.flag_mask));
  }
  sql += " ORDER BY seq LIMIT ?";
  return internal::ReadPostPage(db_, sql, q.after_seq, args, q.limit);
}

absl::StatusOr<SalaryMedians> MysqlPostingsStore::SalaryMediansOf(
    const std::string& occupation_code, const std::string& county, int min_samples) {
  // Medians in C++: MySQL 8 has no MEDIAN. A single pair reads through
  // posts_by_occupation; every pair (an import's snapshot) scans open posts.
  std::string sql = absl::StrCat(
      "SELECT occupation_code, LEFT(region_code, 6), salary_key FROM posts WHERE state = ",
      v1::POST_STATE_OPEN, " AND salary_key > 0");
  const bool one = !occupation_code.empty();
  if (one) sql += " AND occupation_code = ? AND region_code LIKE ?";
  absl::flat_hash_map<std::string, std::vector<int>> pays;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    if (one) {
      st->setString(1, occupation_code);
      st->setString(2, county + "%");
    }
    Rows rs(st->executeQuery());
    while (rs->next()) {
      pays[SalaryMedianKey(rs->getString(1).asStdString(), rs->getString(2).asStdString())]
          .push_back(rs->getInt(3));
    }
    return absl::OkStatus();
  }));
  SalaryMedians out;
  for (auto& [key, v] : pays) {
    if (static_cast<int>(v.size()) < min_samples) continue;
    auto mid = v.begin() + v.size() / 2;
    std::nth_element(v.begin(), mid, v.end());
    out[key] = *mid;
  }
  return out;
}

}  // namespace jobmatch::postings
