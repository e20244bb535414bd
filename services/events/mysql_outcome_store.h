// MysqlOutcomeStore: OutcomeStore on the events schema (follow_ups,
// separations, hires, campaign_cells; deploy/migrations/events/0006_*).
#ifndef JOBMATCH_SERVICES_EVENTS_MYSQL_OUTCOME_STORE_H_
#define JOBMATCH_SERVICES_EVENTS_MYSQL_OUTCOME_STORE_H_

#include "services/common/db/database.h"
#include "services/events/outcome_store.h"

namespace jobmatch::events {

// Thread-safe; `db` must outlive it.
class MysqlOutcomeStore final : public OutcomeStore {
 public:
  explicit MysqlOutcomeStore(db::Database* db) : db_(*db) {}

  absl::StatusOr<Accepted> RecordOutcome(const Submission& sub) override;
  absl::StatusOr<std::vector<DueFollowUp>> ListDue(const DueQuery& query) override;
  absl::StatusOr<std::vector<CellFigures>> CampaignCells(const std::string& campaign_id,
                                                         v1::StatsRegionLevel level,
                                                         v1::StatsPeriod period) override;

 private:
  db::Database& db_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_MYSQL_OUTCOME_STORE_H_
