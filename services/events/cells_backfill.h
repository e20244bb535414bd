// Campaign cells for events recorded before migration 0006, rebuilt from the
// feed so that an older campaign's cells add up to its campaign rows.
//
// A campaign is out of step when, for some key group, the sum of its cells
// differs from its campaign_stats row in any figure the cells carry (views,
// applications, hires, follow-ups, retained 7/30 days, separations). Its cells
// are recounted from every event the feed still holds, exactly as the live
// path counts them (mysql_attribution.h), and written only when the recount
// adds up to the rows; otherwise the feed no longer holds all of the
// campaign's events (retention) and its cells are left as they were, since a
// partial rebuild would be no truer. Running it again changes nothing: a
// campaign whose cells add up is not touched.
#ifndef JOBMATCH_SERVICES_EVENTS_CELLS_BACKFILL_H_
#define JOBMATCH_SERVICES_EVENTS_CELLS_BACKFILL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/db/database.h"

namespace jobmatch::events {

struct CellsBackfillReport {
  std::vector<std::string> rebuilt;        // campaigns whose cells now add up
  std::vector<std::string> unrecoverable;  // out of step, and the feed cannot mend them
  int64_t events_read = 0;                 // feed rows read (0 when none was out of step)
};

// Rebuilds the cells of every out-of-step campaign in the events schema
// `events_db` is connected to, in one transaction that holds the campaigns'
// campaign_stats rows, so events arriving meanwhile wait and are counted once,
// after it. UNAVAILABLE/INTERNAL from the database.
absl::StatusOr<CellsBackfillReport> BackfillCampaignCells(db::Database& events_db);

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_CELLS_BACKFILL_H_
