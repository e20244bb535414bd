#include "services/events/mysql_attribution.h"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <array>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/crypto/sealed_groups.h"
#include "services/common/db/bytes.h"
#include "services/common/proto_time.h"

namespace jobmatch::events::internal {

Attribution Attribution::Load(sql::Connection& conn, const std::vector<const v1::Event*>& events,
                              const DataProtector* stats_key) {
  Attribution out;
  std::set<std::string> posts, people;
  for (const v1::Event* e : events) {
    if (!e->post_id().empty()) posts.insert(e->post_id());
    if (!e->profile_id().empty()) people.insert(e->profile_id());
  }
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  if (!posts.empty()) {
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        absl::StrCat("SELECT post_id, campaign_id FROM post_counts WHERE post_id IN (",
                     HexList(posts), ") ORDER BY post_id, campaign_id")));
    while (rs->next()) out.campaigns_[rs->getString(1)].push_back(rs->getString(2));
  }
  if (!people.empty()) {
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(absl::StrCat(
        "SELECT profile_id, region_code, COALESCE(sensitive_ct, '') FROM profile_facts "
        "WHERE profile_id IN (",
        HexList(people), ")")));
    while (rs->next()) {
      const std::string id = rs->getString(1);
      out.residences_[id] = rs->getString(2);
      const std::string sealed = db::ReadBytes(*rs, 3);
      if (stats_key == nullptr || sealed.empty()) continue;
      // One that does not open (sealed under another stats key) counts the
      // person in no sensitive group rather than failing their event.
      if (absl::StatusOr<uint32_t> mask = OpenSensitiveGroups(*stats_key, id, sealed); mask.ok()) {
        out.sensitive_[id] = *mask;
      }
    }
  }
  return out;
}

std::vector<std::string> Attribution::CampaignsOf(const v1::Event& event) const {
  if (auto it = campaigns_.find(event.post_id()); it != campaigns_.end()) return it->second;
  if (event.campaign_id().empty()) return {};
  return {event.campaign_id()};
}

std::string Attribution::RegionOf(const v1::Event& event) const {
  if (auto it = residences_.find(event.profile_id());
      it != residences_.end() && !it->second.empty()) {
    return it->second;
  }
  return event.region_code();
}

uint32_t Attribution::GroupsOf(const v1::Event& event) const {
  uint32_t mask = GroupMask(event) & ~SensitiveGroupBits();
  if (auto it = sensitive_.find(event.profile_id()); it != sensitive_.end()) mask |= it->second;
  return mask;
}

std::string ChinaDay(const v1::Event& event) {
  return absl::FormatTime("%Y-%m-%d", FromProto(event.time()), ChinaTimeZone());
}

namespace {

// The cell figures, in campaign_cells' column order.
constexpr std::array<StatsDelta::Field, kCellFigureCount> kCellFields = {
    StatsDelta::kViews,      StatsDelta::kApplications, StatsDelta::kHires,
    StatsDelta::kFollowUps,  StatsDelta::kRetained7d,   StatsDelta::kRetained30d,
    StatsDelta::kSeparations};

int CellColumn(StatsDelta::Field field) {
  for (size_t i = 0; i < kCellFields.size(); ++i) {
    if (kCellFields[i] == field) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

void CountEvents(sql::Connection& conn, const std::vector<const v1::Event*>& events,
                 const DataProtector* stats_key, StatsDelta* stats) {
  if (events.empty()) return;
  CountEvents(conn, Attribution::Load(conn, events, stats_key), events, stats);
}

void AddCells(const Attribution& attribution, const v1::Event& event, CellFigures* cells) {
  const std::vector<StatsDelta::Field> fields = StatsDelta::FieldsOf(event);
  if (fields.empty()) return;
  const std::string region = attribution.RegionOf(event);
  const std::string day = ChinaDay(event);
  const uint32_t mask = attribution.GroupsOf(event);
  for (const std::string& campaign : attribution.CampaignsOf(event)) {
    for (int g = 0; g < 32; ++g) {
      if (g != 0 && !(mask & (1u << g))) continue;
      auto& row = (*cells)[{campaign, g, region, day}];
      for (StatsDelta::Field f : fields) row[CellColumn(f)] += StatsDelta::SignOf(event);
    }
  }
}

void WriteCells(sql::Connection& conn, const CellFigures& cells) {
  if (cells.empty()) return;
  std::string sql =
      "INSERT INTO campaign_cells (campaign_id, key_group, region_code, day, views, applications, "
      "hires, follow_ups, retained_7d, retained_30d, separations) VALUES ";
  bool first = true;
  for (const auto& [key, figures] : cells) {
    const auto& [campaign, group, region, day] = key;
    absl::StrAppend(&sql, first ? "(" : ",(", Hex(campaign), ",", group, ",", Hex(region), ",'",
                    day, "'");
    for (int64_t f : figures) absl::StrAppend(&sql, ",", f);
    absl::StrAppend(&sql, ")");
    first = false;
  }
  absl::StrAppend(&sql,
                  " ON DUPLICATE KEY UPDATE views = views + VALUES(views), "
                  "applications = applications + VALUES(applications), "
                  "hires = hires + VALUES(hires), follow_ups = follow_ups + VALUES(follow_ups), "
                  "retained_7d = retained_7d + VALUES(retained_7d), "
                  "retained_30d = retained_30d + VALUES(retained_30d), "
                  "separations = separations + VALUES(separations)");
  std::unique_ptr<sql::Statement> st(conn.createStatement());
  st->executeUpdate(sql);
}

void CountEvents(sql::Connection& conn, const Attribution& attribution,
                 const std::vector<const v1::Event*>& events, StatsDelta* stats) {
  if (events.empty()) return;
  // A map, so rows are written in key order and concurrent writers lock
  // them in the same order.
  CellFigures cells;
  for (const v1::Event* e : events) {
    if (StatsDelta::FieldsOf(*e).empty()) continue;
    stats->CountBehaviour(*e, attribution.GroupsOf(*e), attribution.CampaignsOf(*e));
    AddCells(attribution, *e, &cells);
  }
  WriteCells(conn, cells);
}

}  // namespace jobmatch::events::internal
