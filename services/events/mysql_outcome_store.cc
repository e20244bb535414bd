#include "services/events/mysql_outcome_store.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "absl/strings/str_cat.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/events/mysql_attribution.h"
#include "services/events/mysql_feed_sql.h"

namespace jobmatch::events {
namespace {

constexpr char kEpoch[] = "'1970-01-01 00:00:00'";

std::string MicrosSql(absl::Time t) {
  return absl::StrCat("TIMESTAMPADD(MICROSECOND, ", absl::ToUnixMicros(t), ", ", kEpoch, ")");
}

// True when `sql` (one row or none) finds a row.
bool Exists(sql::Connection& conn, const std::string& sql, const std::string& profile_id,
            const std::string& post_id) {
  sql::PreparedStatement* st = db::Prepared(conn, sql);
  st->setString(1, profile_id);
  st->setString(2, post_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

}  // namespace

absl::StatusOr<Accepted> MysqlOutcomeStore::RecordOutcome(const Submission& sub) {
  Accepted out;
  const v1::Event& asked = sub.event;
  const bool follow_up = asked.kind() == v1::EVENT_KIND_FOLLOW_UP;
  absl::Status s = db_.InTransaction([&](sql::Connection& conn) -> absl::Status {
    if (auto retried = internal::Retried(conn, sub)) {
      if (!retried->ok()) return retried->status();
      out = **retried;
      return absl::OkStatus();
    }
    const std::string& person = asked.profile_id();
    const std::string& post = asked.post_id();
    // Shared lock on the hire: an undo of the hire (another line of work)
    // cannot slip between this check and the commit.
    if (!Exists(conn, "SELECT 1 FROM hires WHERE profile_id = ? AND post_id = ? LOCK IN SHARE MODE",
                person, post)) {
      return absl::FailedPreconditionError(
          absl::StrCat("profile ", person, " was not hired for post ", post));
    }
    if (follow_up) {
      sql::PreparedStatement* st =
          db::Prepared(conn,
                       "SELECT 1 FROM follow_ups WHERE profile_id = ? AND post_id = ? "
                       "AND visit = ? AND other_visit = ?");
      st->setString(1, person);
      st->setString(2, post);
      st->setInt(3, asked.follow_up().visit());
      st->setString(4, asked.follow_up().other_visit());
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
      if (rs->next()) {
        return absl::AlreadyExistsError(absl::StrCat(
            "the ", v1::FollowUpVisit_Name(asked.follow_up().visit()),
            asked.follow_up().other_visit().empty() ? "" : " ", asked.follow_up().other_visit(),
            " follow-up of profile ", person, " at post ", post, " was already recorded"));
      }
    } else if (Exists(conn, "SELECT 1 FROM separations WHERE profile_id = ? AND post_id = ?",
                      person, post)) {
      return absl::AlreadyExistsError(
          absl::StrCat("profile ", person, " already left post ", post));
    }

    v1::Event event = asked;
    internal::Enrich(conn, {&event});
    internal::AppendToFeed(conn, {&event}, {{sub.request_id, sub.request_hash, -1}});
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    if (follow_up) {
      st->executeUpdate(absl::StrCat(
          "INSERT INTO follow_ups (profile_id, post_id, visit, other_visit, still_employed, seq) "
          "VALUES (",
          internal::Hex(person), ",", internal::Hex(post), ",", event.follow_up().visit(), ",",
          internal::Hex(event.follow_up().other_visit()), ",",
          event.follow_up().still_employed() ? 1 : 0, ",", event.cursor(), ")"));
    } else {
      st->executeUpdate(
          absl::StrCat("INSERT INTO separations (profile_id, post_id, left_at, seq) VALUES (",
                       internal::Hex(person), ",", internal::Hex(post), ",",
                       MicrosSql(FromProto(event.separation().date())), ",", event.cursor(), ")"));
    }
    internal::StatsDelta stats;
    internal::CountEvents(conn, {&event}, stats_key_, &stats);
    stats.Write(conn);
    out = Accepted{std::move(event), 0};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<DueFollowUp>> MysqlOutcomeStore::ListDue(const DueQuery& q) {
  std::vector<DueFollowUp> out;
  // Hires × the two standard visits, without the visits recorded, without
  // hires that ended (a separation is their outcome), and without a 7-day
  // visit once the 30-day one is done.
  std::string sql = absl::StrCat(
      "SELECT h.profile_id, h.post_id, v.visit, "
      "TIMESTAMPDIFF(MICROSECOND, ",
      kEpoch,
      ", h.started_at + INTERVAL v.days DAY) AS due_us, COALESCE(pf.region_code, '') "
      "FROM hires h "
      "JOIN (SELECT 1 AS visit, 7 AS days UNION ALL SELECT 2, 30) v "
      "LEFT JOIN profile_facts pf ON pf.profile_id = h.profile_id "
      // The start alone on the left of each comparison. v.days is a column,
      // so that bound alone reads every hire (EXPLAIN); the bound of the
      // shortest visit (7 days) is a constant, a range of hires_by_start.
      "WHERE h.started_at IS NOT NULL AND h.started_at <= ",
      MicrosSql(q.as_of), " - INTERVAL 7 DAY AND h.started_at <= ", MicrosSql(q.as_of),
      " - INTERVAL v.days DAY",
      " AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.profile_id = h.profile_id "
      "AND f.post_id = h.post_id AND (f.visit = v.visit OR (v.visit = 1 AND f.visit = 2)))"
      " AND NOT EXISTS (SELECT 1 FROM separations s WHERE s.profile_id = h.profile_id "
      "AND s.post_id = h.post_id)");
  if (!q.region_prefixes.empty()) {
    std::string any;
    for (const std::string& prefix : q.region_prefixes) {
      absl::StrAppend(&any, any.empty() ? "" : " OR ", "pf.region_code LIKE CONCAT(",
                      internal::Hex(prefix), ", '%')");
    }
    absl::StrAppend(&sql, " AND (", any, ")");
  }
  if (!q.after.profile_id.empty()) {
    // (due, ...) > (after due, ...) with due = start + days on both sides.
    absl::StrAppend(&sql, " AND (h.started_at, h.profile_id, h.post_id, v.visit) > (",
                    MicrosSql(q.after.due), " - INTERVAL v.days DAY,",
                    internal::Hex(q.after.profile_id), ",", internal::Hex(q.after.post_id), ",",
                    q.after.visit, ")");
  }
  absl::StrAppend(&sql, " ORDER BY due_us, h.profile_id, h.post_id, v.visit LIMIT ", q.limit);
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
    std::set<std::string> posts;
    while (rs->next()) {
      DueFollowUp& d = out.emplace_back();
      d.profile_id = rs->getString(1);
      d.post_id = rs->getString(2);
      d.visit = v1::FollowUpVisit(rs->getInt(3));
      d.due = absl::FromUnixMicros(rs->getInt64(4));
      d.region_code = rs->getString(5);
      posts.insert(d.post_id);
    }
    if (posts.empty()) return absl::OkStatus();
    std::map<std::string, std::vector<std::string>> campaigns;
    rs.reset(st->executeQuery(
        absl::StrCat("SELECT post_id, campaign_id FROM post_counts WHERE post_id IN (",
                     internal::HexList(posts), ") ORDER BY post_id, campaign_id")));
    while (rs->next()) campaigns[rs->getString(1)].push_back(rs->getString(2));
    for (DueFollowUp& d : out) d.campaign_ids = campaigns[d.post_id];
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<CellFigures>> MysqlOutcomeStore::CampaignCells(
    const std::string& campaign_id, v1::StatsRegionLevel level, v1::StatsPeriod period) {
  const std::string region =
      level == v1::STATS_REGION_LEVEL_COUNTY ? "LEFT(region_code, 6)" : "region_code";
  std::string start;
  switch (period) {
    case v1::STATS_PERIOD_WEEK:
      start = "DATE_SUB(day, INTERVAL WEEKDAY(day) DAY)";  // Monday
      break;
    case v1::STATS_PERIOD_MONTH:
      start = "DATE_SUB(day, INTERVAL DAYOFMONTH(day) - 1 DAY)";
      break;
    default:
      start = "day";
  }
  const std::string sql =
      absl::StrCat("SELECT ", region, " AS r, DATE_FORMAT(", start,
                   ", '%Y-%m-%d') AS p, key_group, SUM(views), SUM(applications), SUM(hires), "
                   "SUM(follow_ups), SUM(retained_7d), SUM(retained_30d), SUM(separations) "
                   "FROM campaign_cells WHERE campaign_id = ? GROUP BY r, p, key_group "
                   "ORDER BY r, p, key_group");
  std::vector<CellFigures> out;
  absl::Status s = db_.WithConnection([&](sql::Connection& conn) -> absl::Status {
    sql::PreparedStatement* st = db::Prepared(conn, sql);
    st->setString(1, campaign_id);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    while (rs->next()) {
      CellFigures& c = out.emplace_back();
      c.region_code = rs->getString(1);
      c.period_start = rs->getString(2);
      GroupFigures& g = c.figures;
      g.key_group = rs->getInt(3);
      g.views = rs->getInt64(4);
      g.applications = rs->getInt64(5);
      g.hires = rs->getInt64(6);
      g.follow_ups = rs->getInt64(7);
      g.retained_7d = rs->getInt64(8);
      g.retained_30d = rs->getInt64(9);
      g.separations = rs->getInt64(10);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace jobmatch::events
