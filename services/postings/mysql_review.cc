// MysqlPostingsStore: the intake review queue — listing the posts whose
// occupation needs review, a staff review with its lesson, and the lessons.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/db/prepared.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/postings/change_events.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/mysql_util.h"
#include "services/postings/occupation_coding.h"

namespace jobmatch::postings {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

// Posts still worth coding: drafts, posts that may take applications, and
// posts awaiting moderation (most will be published).
constexpr char kLiveStates[] = "(1, 2, 3, 7)";

// A stored post changed by the review: the next version, now. Its stored
// content hash stays the source's, so re-importing an unchanged row leaves
// the review in place.
struct Changed {
  v1::Post post;
  uint64_t content_hash;
};

Changed NextVersion(v1::Post post, const v1::Post& before, uint64_t content_hash,
                    const google::protobuf::Timestamp& now) {
  post.set_post_id(before.post_id());
  post.set_remaining_openings(before.remaining_openings());
  post.set_openings(before.openings());
  post.set_version(before.version() + 1);
  *post.mutable_create_time() = before.create_time();
  *post.mutable_update_time() = now;
  return {std::move(post), content_hash};
}

}  // namespace

absl::StatusOr<PostPage> MysqlPostingsStore::ListReviewQueue(const ReviewQuery& q) {
  // Driven by review_queue's key: only queued posts are read, oldest first.
  std::string sql =
      absl::StrCat("SELECT ", internal::kPostColumns,
                   " FROM review_queue rq STRAIGHT_JOIN posts ON posts.seq = rq.post_seq"
                   " WHERE rq.post_seq > ? AND state IN ",
                   kLiveStates);
  std::vector<internal::SqlArg> args;
  if (!q.campaign_id.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM post_campaigns pc WHERE pc.campaign_id = ? AND pc.post_seq = "
        "posts.seq)";
    args.push_back(q.campaign_id);
  }
  if (!q.region_prefix.empty()) {
    sql += " AND region_code LIKE ?";
    args.push_back(q.region_prefix + "%");
  }
  if (!q.source.empty()) {
    sql += " AND source = ?";
    args.push_back(q.source);
  }
  sql += " ORDER BY rq.post_seq LIMIT ?";
  return internal::ReadPostPage(db_, sql, q.after_seq, args, q.limit);
}

absl::StatusOr<v1::ReviewPostOccupationResponse> MysqlPostingsStore::ReviewOccupation(
    const Idempotency& idem, const std::string& post_id, const Mutation<v1::Post>& review,
    const std::string& taught_by, const Mutation<v1::Post>& resolve) {
  return ParseAs<v1::ReviewPostOccupationResponse>(
      RunIdempotent(db_, idem, [&](sql::Connection& conn) -> absl::StatusOr<std::string> {
        const auto now = ToProto(absl::Now());
        sql::PreparedStatement* st =
            db::Prepared(conn, absl::StrCat("SELECT ", internal::kPostColumns,
                                            " FROM posts WHERE post_id = ? FOR UPDATE"));
        st->setString(1, post_id);
        Rows rs(st->executeQuery());
        if (!rs->next()) return absl::NotFoundError(absl::StrCat("no post ", post_id));
        const v1::Post before = internal::PostFromRow(*rs);
        v1::Post reviewed = before;
        JM_RETURN_IF_ERROR(review(reviewed));
        std::vector<Changed> changed;
        changed.push_back(NextVersion(std::move(reviewed), before,
                                      static_cast<uint64_t>(rs->getInt64("content_hash")), now));
        const v1::Post post = changed.front().post;

        // The lesson: this title now means this code.
        const std::string title = LessonKey(post);
        sql::PreparedStatement* teach = db::Prepared(
            conn,
            "INSERT INTO learned_titles (normalised_title, occupation_code, taught_by, teach_time) "
            "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE occupation_code = "
            "VALUES(occupation_code), "
            "taught_by = VALUES(taught_by), teach_time = VALUES(teach_time)");
        teach->setString(1, title);
        teach->setString(2, post.occupation_code());
        teach->setString(3, taught_by);
        teach->setInt64(4, ToMicros(FromProto(now)));
        teach->executeUpdate();

        // Every other queued post of the title learns it too, in seq order
        // (the same lock order as the queue's readers).
        sql::PreparedStatement* queued = db::Prepared(
            conn,
            absl::StrCat("SELECT ", internal::kPostColumns,
                         " FROM review_queue rq STRAIGHT_JOIN posts ON posts.seq = rq.post_seq"
                         " WHERE rq.review_title = ? AND state IN ",
                         kLiveStates, " AND post_id <> ? ORDER BY rq.post_seq FOR UPDATE"));
        queued->setString(1, title);
        queued->setString(2, post_id);
        Rows qs(queued->executeQuery());
        while (qs->next()) {
          const v1::Post other = internal::PostFromRow(*qs);
          v1::Post resolved = other;
          JM_RETURN_IF_ERROR(resolve(resolved));
          changed.push_back(NextVersion(std::move(resolved), other,
                                        static_cast<uint64_t>(qs->getInt64("content_hash")), now));
        }

        std::vector<internal::PostWrite> writes;
        std::vector<v1::Event> events;
        for (const Changed& c : changed) {
          writes.push_back({&c.post, c.content_hash, false});
          events.push_back(PostChanged(c.post, v1::CHANGE_TYPE_UPDATED));
        }
        internal::UpsertPosts(conn, writes, internal::SearchIndexing::kNow);
        WriteOutboxEvents(conn, events);
        v1::ReviewPostOccupationResponse resp;
        *resp.mutable_post() = post;
        resp.set_also_resolved(static_cast<int>(changed.size()) - 1);
        return resp.SerializeAsString();
      }));
}

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> MysqlPostingsStore::LearnedCodes(
    const std::vector<std::string>& normalised_titles) {
  absl::flat_hash_map<std::string, std::string> out;
  if (normalised_titles.empty()) return out;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    std::vector<std::string> marks(normalised_titles.size(), "?");
    sql::PreparedStatement* st =
        db::Prepared(conn, absl::StrCat("SELECT normalised_title, occupation_code FROM "
                                        "learned_titles WHERE normalised_title IN (",
                                        absl::StrJoin(marks, ","), ")"));
    for (size_t i = 0; i < normalised_titles.size(); ++i)
      st->setString(static_cast<int>(i + 1), normalised_titles[i]);
    Rows rs(st->executeQuery());
    while (rs->next()) out[rs->getString(1).asStdString()] = rs->getString(2).asStdString();
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<Page<v1::LearnedTitle>> MysqlPostingsStore::ListLearnedTitles(int64_t before_seq,
                                                                             int limit) {
  Page<v1::LearnedTitle> page;
  JM_RETURN_IF_ERROR(db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st = db::Prepared(
        conn,
        "SELECT seq, normalised_title, occupation_code, taught_by, teach_time FROM learned_titles "
        "WHERE seq < ? ORDER BY seq DESC LIMIT ?");
    st->setInt64(1, before_seq > 0 ? before_seq : INT64_MAX);
    st->setInt(2, limit + 1);
    Rows rs(st->executeQuery());
    int64_t last = 0;
    while (rs->next()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.last_seq = last;
        break;
      }
      v1::LearnedTitle& t = page.items.emplace_back();
      t.set_normalised_title(rs->getString("normalised_title").asStdString());
      t.set_occupation_code(rs->getString("occupation_code").asStdString());
      t.set_taught_by(rs->getString("taught_by").asStdString());
      *t.mutable_teach_time() = ToProto(FromMicros(rs->getInt64("teach_time")));
      last = rs->getInt64("seq");
    }
    return absl::OkStatus();
  }));
  return page;
}

}  // namespace jobmatch::postings
