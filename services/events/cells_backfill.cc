#include "services/events/cells_backfill.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <climits>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"
#include "services/events/mysql_attribution.h"
#include "services/events/mysql_feed_sql.h"

namespace jobmatch::events {
namespace {

using internal::CellFigures;
using Figures = std::array<int64_t, internal::kCellFigureCount>;
// (campaign, key group) -> figures.
using CampaignGroupFigures = std::map<std::pair<std::string, int>, Figures>;

constexpr int kFeedBatch = 2000;
constexpr char kFigureColumns[] =
    "views, applications, hires, follow_ups, retained_7d, retained_30d, separations";

void ReadFigures(sql::ResultSet& rs, int first_column, Figures* out) {
  for (int i = 0; i < internal::kCellFigureCount; ++i) {
    (*out)[i] = rs.getInt64(first_column + i);
  }
}

// Campaigns whose cells do not add up to their rows, per group, either way.
std::set<std::string> OutOfStep(sql::Connection& conn) {
  const std::string sums =
      "SELECT campaign_id, key_group, SUM(views) AS views, SUM(applications) AS applications,"
      " SUM(hires) AS hires, SUM(follow_ups) AS follow_ups, SUM(retained_7d) AS retained_7d,"
      " SUM(retained_30d) AS retained_30d, SUM(separations) AS separations"
      " FROM campaign_cells GROUP BY campaign_id, key_group";
  std::string differs;
  for (const char* c : {"views", "applications", "hires", "follow_ups", "retained_7d",
                        "retained_30d", "separations"}) {
    absl::StrAppend(&differs, differs.empty() ? "" : " OR ", "COALESCE(s.", c,
                    ", 0) <> COALESCE(c.", c, ", 0)");
  }
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  std::set<std::string> out;
  for (const char* join :
       {"campaign_stats s LEFT JOIN (%s) c", "(%s) c LEFT JOIN campaign_stats s"}) {
    std::string from(join);
    from.replace(from.find("%s"), 2, sums);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(absl::StrCat(
        "SELECT DISTINCT COALESCE(s.campaign_id, c.campaign_id) FROM ", from,
        " ON c.campaign_id = s.campaign_id AND c.key_group = s.key_group WHERE ", differs)));
    while (rs->next()) out.insert(rs->getString(1));
  }
  return out;
}

// The campaigns' rows, locked: writers of their events wait until the
// rebuild commits.
CampaignGroupFigures LockRows(sql::Connection& conn, const std::set<std::string>& campaigns) {
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
      absl::StrCat("SELECT campaign_id, key_group, ", kFigureColumns,
                   " FROM campaign_stats WHERE campaign_id IN (", internal::HexList(campaigns),
                   ") ORDER BY campaign_id, key_group FOR UPDATE")));
  CampaignGroupFigures out;
  while (rs->next()) ReadFigures(*rs, 3, &out[{rs->getString(1), rs->getInt(2)}]);
  return out;
}

// Every counted event the feed holds, as cells of `campaigns`. An undone
// hire is taken from the day its hire was counted in, as the live path does.
CellFigures Recount(sql::Connection& conn, const std::set<std::string>& campaigns,
                    int64_t* events_read) {
  CellFigures cells;
  std::map<std::pair<std::string, std::string>, google::protobuf::Timestamp> hired_at;
  int64_t after = 0;
  while (true) {
    sql::PreparedStatement* st =
        db::Prepared(conn, "SELECT seq, event FROM feed WHERE seq > ? ORDER BY seq LIMIT ?");
    st->setInt64(1, after);
    st->setInt(2, kFeedBatch);
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
    std::vector<v1::Event> batch;
    int rows = 0;
    while (rs->next()) {
      ++rows;
      after = rs->getInt64(1);
      ++*events_read;
      v1::Event e;
      if (!e.ParseFromString(db::ReadBytes(*rs, 2))) continue;
      if (internal::StatsDelta::FieldsOf(e).empty()) continue;
      const auto person_post = std::make_pair(e.profile_id(), e.post_id());
      if (e.kind() == v1::EVENT_KIND_HIRE) hired_at[person_post] = e.time();
      if (e.kind() == v1::EVENT_KIND_HIRE_UNDONE) {
        if (auto it = hired_at.find(person_post); it != hired_at.end()) {
          *e.mutable_time() = it->second;
        }
      }
      batch.push_back(std::move(e));
    }
    std::vector<const v1::Event*> pointers;
    for (const v1::Event& e : batch) pointers.push_back(&e);
    if (!pointers.empty()) {
      // Without the stats key: the events this mends came before migration
      // 0006, and people's sealed sensitive groups (0008) after them.
      const internal::Attribution attribution =
          internal::Attribution::Load(conn, pointers, /*stats_key=*/nullptr);
      CellFigures some;
      for (const v1::Event* e : pointers) internal::AddCells(attribution, *e, &some);
      for (auto& [key, figures] : some) {
        if (!campaigns.count(std::get<0>(key))) continue;
        Figures& into = cells[key];
        for (int i = 0; i < internal::kCellFigureCount; ++i) into[i] += figures[i];
      }
    }
    if (rows < kFeedBatch) break;
  }
  return cells;
}

}  // namespace

absl::StatusOr<CellsBackfillReport> BackfillCampaignCells(db::Database& events_db) {
  // Found outside the transaction: its snapshot must start after the lock
  // below (InnoDB takes it at the first plain read), so that the feed it
  // reads holds every event the locked rows count.
  std::set<std::string> suspects;
  absl::Status found = events_db.WithConnection([&](sql::Connection& conn) {
    suspects = OutOfStep(conn);
    return absl::OkStatus();
  });
  if (!found.ok()) return found;
  CellsBackfillReport report;
  if (suspects.empty()) return report;
  absl::Status s = events_db.InTransaction([&](sql::Connection& conn) -> absl::Status {
    report = CellsBackfillReport();
    const CampaignGroupFigures rows = LockRows(conn, suspects);
    // Again under the lock: a campaign may have come into step meanwhile.
    std::set<std::string> campaigns;
    for (const std::string& c : OutOfStep(conn)) {
      if (suspects.count(c)) campaigns.insert(c);
    }
    if (campaigns.empty()) return absl::OkStatus();
    const CellFigures cells = Recount(conn, campaigns, &report.events_read);

    CampaignGroupFigures recounted;
    for (const auto& [key, figures] : cells) {
      Figures& into = recounted[{std::get<0>(key), std::get<1>(key)}];
      for (int i = 0; i < internal::kCellFigureCount; ++i) into[i] += figures[i];
    }
    for (const std::string& campaign : campaigns) {
      // Every group either side has must agree (a group missing is all 0).
      bool adds_up = true;
      auto agree = [&](const CampaignGroupFigures& a, const CampaignGroupFigures& b) {
        const Figures zero{};
        for (auto it = a.lower_bound({campaign, INT_MIN});
             it != a.end() && it->first.first == campaign; ++it) {
          auto other = b.find(it->first);
          if (it->second != (other == b.end() ? zero : other->second)) adds_up = false;
        }
      };
      agree(rows, recounted);
      agree(recounted, rows);
      if (!adds_up) {
        report.unrecoverable.push_back(campaign);
        continue;
      }
      sql::PreparedStatement* clear =
          db::Prepared(conn, "DELETE FROM campaign_cells WHERE campaign_id = ?");
      clear->setString(1, campaign);
      clear->executeUpdate();
      CellFigures mine;
      for (auto it = cells.lower_bound({campaign, INT_MIN, "", ""});
           it != cells.end() && std::get<0>(it->first) == campaign; ++it) {
        mine.insert(*it);
      }
      internal::WriteCells(conn, mine);
      report.rebuilt.push_back(campaign);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return report;
}

}  // namespace jobmatch::events
