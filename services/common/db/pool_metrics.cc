#include "services/common/db/pool_metrics.h"

namespace jobmatch::db {

std::vector<metrics::CallbackHandle> ExportPoolMetrics(const Database* db,
                                                       metrics::Registry* registry) {
  if (registry == nullptr) registry = &metrics::DefaultRegistry();
  const std::string& schema = db->config().schema;
  std::vector<metrics::CallbackHandle> out;
  const char* kConnections = "jobmatch_db_pool_connections";
  const char* kConnectionsHelp = "Connections of the database pool, by state.";
  out.push_back(registry->AddCallback(kConnections, kConnectionsHelp,
                                      {{"schema", schema}, {"state", "in_use"}}, [db] {
                                        const Database::PoolUse use = db->Use();
                                        return static_cast<double>(use.open - use.idle);
                                      }));
  out.push_back(registry->AddCallback(kConnections, kConnectionsHelp,
                                      {{"schema", schema}, {"state", "idle"}},
                                      [db] { return static_cast<double>(db->Use().idle); }));
  out.push_back(registry->AddCallback("jobmatch_db_pool_max_connections",
                                      "Most connections the pool opens.", {{"schema", schema}},
                                      [db] { return static_cast<double>(db->Use().max); }));
  out.push_back(registry->AddCallback(
      "jobmatch_db_pool_exhausted_total",
      "Callers that found every pooled connection busy until they gave up.", {{"schema", schema}},
      [db] { return static_cast<double>(db->Use().exhausted); }, /*counter=*/true));
  out.push_back(registry->AddCallback(
      "jobmatch_db_lock_retries_total",
      "Transactions run again after a deadlock or a lock-wait timeout.", {{"schema", schema}},
      [db] { return static_cast<double>(db->Use().lock_retries); }, /*counter=*/true));
  return out;
}

}  // namespace jobmatch::db
