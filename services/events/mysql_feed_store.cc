// MysqlFeedStore: reading the feed, retention, behaviour events, aggregates.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/events/mysql_attribution.h"
#include "services/events/mysql_feed_sql.h"
#include "services/events/mysql_stores.h"

namespace jobmatch::events {
namespace {

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }

absl::StatusOr<v1::Event> ParseEvent(const std::string& bytes) {
  v1::Event e;
  if (!e.ParseFromString(bytes)) return absl::DataLossError("stored event does not parse");
  return e;
}

// Recorded answers of the request ids among `batch`.
std::map<std::string, RecordedRequest> LoadRecorded(sql::Connection& conn,
                                                    const std::set<std::string>& ids) {
  std::map<std::string, RecordedRequest> out;
  if (ids.empty()) return out;
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      st->executeQuery(absl::StrCat("SELECT request_id, request_hash, event, remaining FROM feed "
                                    "WHERE request_id IN (",
                                    internal::HexList(ids), ")")));
  while (rs->next()) out[rs->getString(1)] = internal::ReadRecorded(*rs, 2);
  return out;
}

}  // namespace

absl::StatusOr<std::vector<v1::Event>> MysqlFeedStore::ReadAfter(int64_t after, int limit) {
  std::vector<v1::Event> out;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* st =
        db::Prepared(conn, "SELECT seq, event FROM feed WHERE seq > ? ORDER BY seq LIMIT ?");
    st->setInt64(1, after);
    st->setInt(2, limit);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      const int64_t seq = rs->getInt64(1);
      // Defensive: the sequencer makes holes impossible below a committed
      // row, but a reader must never step over one, so it stops there.
      if (!out.empty() && seq != out.back().cursor() + 1) break;
      auto e = ParseEvent(db::ReadBytes(*rs, 2));
      if (!e.ok()) return e.status();
      out.push_back(std::move(*e));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<v1::Event>> MysqlFeedStore::ReadAfterOfKinds(
    int64_t after, int limit, const std::set<int>& kinds) {
  if (kinds.empty()) return ReadAfter(after, limit);
  std::vector<v1::Event> out;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    // Every cursor still comes back (the hole check below needs them all);
    // the server sends the body of the wanted kinds only.
    sql::PreparedStatement* st = db::Prepared(
        conn, absl::StrCat("SELECT seq, kind, IF(kind IN (", absl::StrJoin(kinds, ","),
                           "), event, NULL) FROM feed WHERE seq > ? ORDER BY seq LIMIT ?"));
    st->setInt64(1, after);
    st->setInt(2, limit);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      const int64_t seq = rs->getInt64(1);
      if (!out.empty() && seq != out.back().cursor() + 1) break;  // as ReadAfter
      if (rs->isNull(3)) {
        v1::Event& skipped = out.emplace_back();
        skipped.set_cursor(seq);
        skipped.set_kind(static_cast<v1::EventKind>(rs->getInt(2)));
        continue;
      }
      auto e = ParseEvent(db::ReadBytes(*rs, 3));
      if (!e.ok()) return e.status();
      out.push_back(std::move(*e));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<int64_t> MysqlFeedStore::Head() {
  int64_t head = 0;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(
        st->executeQuery("SELECT last_cursor FROM feed_head WHERE id = 1"));
    if (rs->next()) head = rs->getInt64(1);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return head;
}

absl::StatusOr<int64_t> MysqlFeedStore::Oldest() {
  int64_t oldest = 0;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(
        st->executeQuery("SELECT COALESCE((SELECT MIN(seq) FROM feed), "
                         "(SELECT last_cursor + 1 FROM feed_head WHERE id = 1))"));
    if (rs->next()) oldest = rs->getInt64(1);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return oldest;
}

absl::StatusOr<int64_t> MysqlFeedStore::DeleteOlderThan(absl::Time cutoff) {
  int64_t deleted = 0;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* last =
        db::Prepared(conn,
                     "SELECT MAX(seq) FROM feed WHERE created_at < "
                     "TIMESTAMPADD(MICROSECOND, ?, '1970-01-01 00:00:00')");
    last->setInt64(1, ToMicros(cutoff));
    std::unique_ptr<sql::ResultSet> rs(last->executeQuery());
    if (!rs->next() || rs->isNull(1)) return absl::OkStatus();
    const int64_t upto = rs->getInt64(1);
    // Deleting by cursor, not by time, keeps what is removed a prefix.
    sql::PreparedStatement* del = db::Prepared(conn, "DELETE FROM feed WHERE seq <= ? LIMIT 10000");
    del->setInt64(1, upto);
    for (int n = del->executeUpdate(); n > 0; n = del->executeUpdate()) deleted += n;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return deleted;
}

absl::StatusOr<std::vector<absl::StatusOr<Accepted>>> MysqlFeedStore::AcceptBatch(
    const std::vector<Submission>& batch) {
  std::vector<absl::StatusOr<Accepted>> results;
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    results.assign(batch.size(), absl::UnknownError("not processed"));
    std::set<std::string> ids;
    for (const auto& sub : batch) ids.insert(sub.request_id);
    const auto recorded = LoadRecorded(conn, ids);

    std::map<std::string, size_t> first_of;  // request id -> first index in this batch
    std::vector<size_t> fresh;
    std::vector<v1::Event> events(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      const Submission& sub = batch[i];
      auto rec = recorded.find(sub.request_id);
      auto first = first_of.find(sub.request_id);
      if (rec != recorded.end() || first != first_of.end()) {
        const uint64_t hash =
            rec != recorded.end() ? rec->second.request_hash : batch[first->second].request_hash;
        if (hash != sub.request_hash) {
          results[i] = InvalidField("request_id", "already used for a different request");
        } else if (rec != recorded.end()) {
          results[i] = rec->second.answer;
        }  // else: answered below with the first one's answer
        continue;
      }
      first_of[sub.request_id] = i;
      events[i] = sub.event;
      fresh.push_back(i);
    }

    std::vector<v1::Event*> to_append;
    for (size_t i : fresh) to_append.push_back(&events[i]);
    std::vector<internal::Origin> origins;
    for (size_t i : fresh) origins.push_back({batch[i].request_id, batch[i].request_hash, -1});
    internal::Enrich(conn, to_append);
    internal::AppendToFeed(conn, to_append, origins);

    std::string pushes;
    for (size_t i : fresh) {
      const v1::Event& e = events[i];
      if (e.kind() != v1::EVENT_KIND_LIVE_PUSH) continue;
      absl::StrAppend(&pushes, pushes.empty() ? "(" : ",(", internal::Hex(e.post_id()), ",",
                      internal::Hex(e.live_push().session_id()), ")");
    }
    if (!pushes.empty()) {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      st->executeUpdate("INSERT IGNORE INTO live_pushes (post_id, session_id) VALUES " + pushes);
    }
    internal::StatsDelta stats;
    std::vector<const v1::Event*> counted;
    for (size_t i : fresh) counted.push_back(&events[i]);
    internal::CountEvents(conn, counted, stats_key_, &stats);
    stats.Write(conn);

    for (size_t i : fresh) results[i] = Accepted{events[i], 0};
    for (size_t i = 0; i < batch.size(); ++i) {
      auto first = first_of.find(batch[i].request_id);
      if (first != first_of.end() && first->second != i &&
          results[i].status().code() == absl::StatusCode::kUnknown) {
        results[i] = results[first->second];
      }
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return results;
}

absl::StatusOr<std::optional<RecordedRequest>> MysqlFeedStore::LookupRequest(
    const std::string& request_id) {
  std::optional<RecordedRequest> out;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) {
    out = internal::Recorded(conn, request_id);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<GroupFigures>> MysqlFeedStore::CampaignFigures(
    const std::string& campaign_id) {
  std::vector<GroupFigures> out;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) {
    sql::PreparedStatement* st = db::Prepared(
        conn,
        "SELECT key_group, posts, openings, views, applications, hires, people_placed, "
        "follow_ups, retained_7d, retained_30d, separations FROM campaign_stats WHERE campaign_id "
        "= ? ORDER BY key_group");
    st->setString(1, campaign_id);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      GroupFigures g;
      g.key_group = rs->getInt(1);
      g.posts = rs->getInt64(2);
      g.openings = rs->getInt64(3);
      g.views = rs->getInt64(4);
      g.applications = rs->getInt64(5);
      g.hires = rs->getInt64(6);
      g.people_placed = rs->getInt64(7);
      g.follow_ups = rs->getInt64(8);
      g.retained_7d = rs->getInt64(9);
      g.retained_30d = rs->getInt64(10);
      g.separations = rs->getInt64(11);
      out.push_back(g);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace jobmatch::events
