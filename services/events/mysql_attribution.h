// Which campaigns, residence and day an event counts for in the aggregates,
// and the region × day cells of campaign_cells. Runs inside the caller's
// transaction and throws sql::SQLException like any statement.
#ifndef JOBMATCH_SERVICES_EVENTS_MYSQL_ATTRIBUTION_H_
#define JOBMATCH_SERVICES_EVENTS_MYSQL_ATTRIBUTION_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "jobmatch/v1/events.pb.h"
#include "services/common/crypto/data_protector.h"
#include "services/events/mysql_feed_sql.h"

namespace jobmatch::events::internal {

// What the events schema knows about the posts and people of some events.
class Attribution {
 public:
  // Reads post_counts (the campaigns each post was published in) and
  // profile_facts (residences and, with `stats_key`, sealed sensitive
  // groups) for the posts and people of `events`.
  static Attribution Load(sql::Connection& conn, const std::vector<const v1::Event*>& events,
                          const DataProtector* stats_key);

  // Every campaign `event` counts for: all the campaigns its post is
  // published in, or, for a post the relay has not counted (or no post),
  // the event's own campaign.
  std::vector<std::string> CampaignsOf(const v1::Event& event) const;
  // The person's residence code, else the event's region; "" when neither.
  std::string RegionOf(const v1::Event& event) const;
  // Bit (1 << group) per key group the event counts in: the event's own
  // (never sensitive) and the person's sensitive groups, when known.
  uint32_t GroupsOf(const v1::Event& event) const;

 private:
  std::map<std::string, std::vector<std::string>> campaigns_;
  std::map<std::string, std::string> residences_;
  std::map<std::string, uint32_t> sensitive_;
};

// Adds `events` (in the feed already: their time is set) to `stats` for
// every campaign each counts for, and writes their cells (campaign, group,
// residence, China-time day) to campaign_cells. The caller writes `stats`.
// Without `stats_key`, nothing counts in a sensitive group.
void CountEvents(sql::Connection& conn, const std::vector<const v1::Event*>& events,
                 const DataProtector* stats_key, StatsDelta* stats);
// The same with `attribution` already loaded for (at least) `events`, for a
// caller that reads the campaigns of the same events again.
void CountEvents(sql::Connection& conn, const Attribution& attribution,
                 const std::vector<const v1::Event*>& events, StatsDelta* stats);

// Cell figures by (campaign, key group (0: everyone), residence code, China
// day), in campaign_cells' column order: views, applications, hires,
// follow_ups, retained_7d, retained_30d, separations.
inline constexpr int kCellFigureCount = 7;
using CellFigures = std::map<std::tuple<std::string, int, std::string, std::string>,
                             std::array<int64_t, kCellFigureCount>>;
// Adds what `event` counts in cells (nothing for kinds not counted) for
// every campaign it counts for.
void AddCells(const Attribution& attribution, const v1::Event& event, CellFigures* cells);
// Adds `cells` to campaign_cells.
void WriteCells(sql::Connection& conn, const CellFigures& cells);

// "YYYY-MM-DD" of `event`'s time in China time.
std::string ChinaDay(const v1::Event& event);

}  // namespace jobmatch::events::internal

#endif  // JOBMATCH_SERVICES_EVENTS_MYSQL_ATTRIBUTION_H_
