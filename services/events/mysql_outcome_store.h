// MysqlOutcomeStore: OutcomeStore on the events schema (follow_ups,
// separations, hires, campaign_cells; deploy/migrations/events/0006_*).
#ifndef JOBMATCH_SERVICES_EVENTS_MYSQL_OUTCOME_STORE_H_
#define JOBMATCH_SERVICES_EVENTS_MYSQL_OUTCOME_STORE_H_

#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"
#include "services/events/outcome_store.h"

namespace jobmatch::events {

// Thread-safe; `db` must outlive it.
class MysqlOutcomeStore final : public OutcomeStore {
 public:
  // `stats_key` as for MysqlFeedStore (mysql_stores.h).
  explicit MysqlOutcomeStore(db::Database* db, const DataProtector* stats_key = nullptr)
      : db_(*db), stats_key_(stats_key) {}

  absl::StatusOr<Accepted> RecordOutcome(const Submission& sub) override;
  absl::StatusOr<std::vector<DueFollowUp>> ListDue(const DueQuery& query) override;
  absl::StatusOr<std::vector<CellFigures>> CampaignCells(const std::string& campaign_id,
                                                         v1::StatsRegionLevel level,
                                                         v1::StatsPeriod period) override;

 private:
  db::Database& db_;
  const DataProtector* const stats_key_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_MYSQL_OUTCOME_STORE_H_
