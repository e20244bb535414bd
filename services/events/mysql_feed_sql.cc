#include "services/events/mysql_feed_sql.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"

namespace jobmatch::events::internal {

std::string Hex(absl::string_view bytes) {
  if (bytes.empty()) return "''";
  return absl::StrCat("X'", absl::BytesToHexString(bytes), "'");
}

std::string HexList(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) absl::StrAppend(&out, out.empty() ? "" : ",", Hex(item));
  return out;
}

std::string Marks(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) absl::StrAppend(&out, i ? ",?" : "?");
  return out;
}

std::optional<RecordedRequest> Recorded(sql::Connection& conn, const std::string& request_id) {
  sql::PreparedStatement* st =
      db::Prepared(conn, "SELECT request_hash, event, remaining FROM feed WHERE request_id = ?");
  st->setString(1, request_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  if (!rs->next()) return std::nullopt;
  return ReadRecorded(*rs, 1);
}

RecordedRequest ReadRecorded(sql::ResultSet& rs, int first) {
  RecordedRequest rec;
  rec.request_hash = rs.getUInt64(first);
  rec.answer.event.ParseFromString(db::ReadBytes(rs, first + 1));
  rec.answer.remaining_openings = rs.isNull(first + 2) ? 0 : rs.getInt(first + 2);
  return rec;
}

std::optional<absl::StatusOr<Accepted>> Retried(sql::Connection& conn, const Submission& sub) {
  std::optional<RecordedRequest> rec = Recorded(conn, sub.request_id);
  if (!rec.has_value()) return std::nullopt;
  if (rec->request_hash != sub.request_hash) {
    return InvalidField("request_id", "already used for a different request");
  }
  return rec->answer;
}

void AppendToFeed(sql::Connection& conn, const std::vector<v1::Event*>& events,
                  const std::vector<Origin>& origins) {
  if (events.empty()) return;
  // Text statements throughout: a prepared one costs a prepare round trip
  // each time, and this runs while the sequencer row is locked.
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  int64_t cursor = 0;
  {
    std::unique_ptr<sql::ResultSet> rs(
        st->executeQuery("SELECT last_cursor FROM feed_head WHERE id = 1 FOR UPDATE"));
    if (!rs->next()) throw sql::SQLException("feed_head row missing", "HY000", 0);
    cursor = rs->getInt64(1);
  }
  const google::protobuf::Timestamp now = ToProto(absl::Now());

  // One text INSERT per chunk, values as hex literals: for hundreds of rows
  // this is several times faster than a prepared statement with thousands
  // of bound parameters in Connector/C++ 1.1.
  constexpr size_t kRowsPerInsert = 500;
  for (size_t start = 0; start < events.size(); start += kRowsPerInsert) {
    const size_t n = std::min(kRowsPerInsert, events.size() - start);
    std::string sql =
        "INSERT INTO feed (seq, kind, campaign_id, region_code, event, request_id, request_hash,"
        " remaining) VALUES ";
    for (size_t i = 0; i < n; ++i) {
      v1::Event& e = *events[start + i];
      e.set_cursor(++cursor);
      *e.mutable_time() = now;
      absl::StrAppend(&sql, i ? ",(" : "(", e.cursor(), ",", e.kind(), ",", Hex(e.campaign_id()),
                      ",", Hex(e.region_code()), ",", Hex(e.SerializeAsString()));
      if (origins.empty()) {
        absl::StrAppend(&sql, ",NULL,NULL,NULL)");
      } else {
        const Origin& o = origins[start + i];
        absl::StrAppend(&sql, ",", Hex(o.request_id), ",", o.request_hash, ",",
                        o.remaining < 0 ? "NULL" : absl::StrCat(o.remaining), ")");
      }
    }
    st->executeUpdate(sql);
  }
  st->executeUpdate(absl::StrCat("UPDATE feed_head SET last_cursor = ", cursor, " WHERE id = 1"));
}

namespace {

// Rows of `table` keyed by `key` among `ids`: key -> (region, campaign or "", mask).
struct Fact {
  std::string region;
  std::string campaign;
  uint32_t mask = 0;
};

std::map<std::string, Fact> LoadFacts(sql::Connection& conn, const std::set<std::string>& ids,
                                      bool posts) {
  std::map<std::string, Fact> out;
  if (ids.empty()) return out;
  const std::string sql =
      posts ? absl::StrCat(
                  "SELECT post_id, region_code, campaign_id, group_mask FROM post_facts "
                  "WHERE post_id IN (",
                  HexList(ids), ")")
            : absl::StrCat(
                  "SELECT profile_id, region_code, '', group_mask FROM profile_facts "
                  "WHERE profile_id IN (",
                  HexList(ids), ")");
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
  while (rs->next()) {
    out[rs->getString(1)] =
        Fact{rs->getString(2), rs->getString(3), static_cast<uint32_t>(rs->getUInt(4))};
  }
  return out;
}

}  // namespace

void Enrich(sql::Connection& conn, const std::vector<v1::Event*>& events) {
  std::set<std::string> post_ids, profile_ids;
  for (const v1::Event* e : events) {
    if (!e->post_id().empty()) post_ids.insert(e->post_id());
    if (!e->profile_id().empty()) profile_ids.insert(e->profile_id());
  }
  const auto posts = LoadFacts(conn, post_ids, true);
  const auto people = LoadFacts(conn, profile_ids, false);
  for (v1::Event* e : events) {
    if (auto it = posts.find(e->post_id()); it != posts.end()) {
      if (e->campaign_id().empty()) e->set_campaign_id(it->second.campaign);
      if (e->region_code().empty()) e->set_region_code(it->second.region);
    }
    if (auto it = people.find(e->profile_id()); it != people.end()) {
      if (e->region_code().empty()) e->set_region_code(it->second.region);
      if (e->key_groups().empty()) {
        for (int g = v1::KeyGroup_MIN; g <= v1::KeyGroup_MAX; ++g) {
          if (g != 0 && (it->second.mask & (1u << g))) e->add_key_groups(v1::KeyGroup(g));
        }
      }
    }
  }
}

uint32_t GroupMask(const v1::Event& event) {
  uint32_t mask = 0;
  for (int g : event.key_groups()) {
    if (g > 0 && g < 32) mask |= 1u << g;
  }
  return mask;
}

void StatsDelta::Add(const std::string& campaign_id, uint32_t mask, Field field, int64_t n) {
  if (campaign_id.empty() || n == 0) return;
  rows_[{campaign_id, 0}][field] += n;
  for (int g = 1; g < 32; ++g) {
    if (mask & (1u << g)) rows_[{campaign_id, g}][field] += n;
  }
}

std::vector<StatsDelta::Field> StatsDelta::FieldsOf(const v1::Event& event) {
  switch (event.kind()) {
    case v1::EVENT_KIND_VIEW:
      return {kViews};
    case v1::EVENT_KIND_APPLICATION:
      return {kApplications};
    case v1::EVENT_KIND_HIRE:
    case v1::EVENT_KIND_HIRE_UNDONE:  // takes its hire back (SignOf)
      return {kHires};
    case v1::EVENT_KIND_FOLLOW_UP: {
      std::vector<Field> fields = {kFollowUps};
      if (event.follow_up().still_employed()) {
        if (event.follow_up().visit() == v1::FOLLOW_UP_VISIT_DAY_7) fields.push_back(kRetained7d);
        if (event.follow_up().visit() == v1::FOLLOW_UP_VISIT_DAY_30) fields.push_back(kRetained30d);
      }
      return fields;
    }
    case v1::EVENT_KIND_SEPARATION:
      return {kSeparations};
    default:
      return {};
  }
}

int64_t StatsDelta::SignOf(const v1::Event& event) {
  return event.kind() == v1::EVENT_KIND_HIRE_UNDONE ? -1 : 1;
}

void StatsDelta::CountBehaviour(const v1::Event& event, uint32_t mask,
                                const std::vector<std::string>& campaigns) {
  for (Field field : FieldsOf(event)) {
    for (const std::string& campaign : campaigns) Add(campaign, mask, field, SignOf(event));
  }
}

void StatsDelta::Write(sql::Connection& conn) const {
  // Changes that cancel out (a post updated without changing its figures)
  // write nothing.
  std::vector<const decltype(rows_)::value_type*> rows;
  for (const auto& row : rows_) {
    for (int64_t f : row.second) {
      if (f != 0) {
        rows.push_back(&row);
        break;
      }
    }
  }
  if (rows.empty()) return;
  std::string sql =
      "INSERT INTO campaign_stats (campaign_id, key_group, posts, openings, views, applications, "
      "hires, people_placed, follow_ups, retained_7d, retained_30d, separations) VALUES ";
  for (size_t i = 0; i < rows.size(); ++i) {
    absl::StrAppend(&sql, i ? "," : "", "(?,?,?,?,?,?,?,?,?,?,?,?)");
  }
  absl::StrAppend(&sql,
                  " ON DUPLICATE KEY UPDATE posts = posts + VALUES(posts), "
                  "openings = openings + VALUES(openings), views = views + VALUES(views), "
                  "applications = applications + VALUES(applications), "
                  "hires = hires + VALUES(hires), "
                  "people_placed = people_placed + VALUES(people_placed), "
                  "follow_ups = follow_ups + VALUES(follow_ups), "
                  "retained_7d = retained_7d + VALUES(retained_7d), "
                  "retained_30d = retained_30d + VALUES(retained_30d), "
                  "separations = separations + VALUES(separations)");
  sql::PreparedStatement* st = db::Prepared(conn, sql);
  int i = 0;
  for (const auto* row : rows) {
    st->setString(++i, row->first.first);
    st->setInt(++i, row->first.second);
    for (int64_t f : row->second) st->setInt64(++i, f);
  }
  st->executeUpdate();
}

}  // namespace jobmatch::events::internal
