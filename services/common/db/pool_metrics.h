// A database pool's use as metrics, labelled with the pool's schema:
//   jobmatch_db_pool_connections{schema,state="in_use"|"idle"}
//   jobmatch_db_pool_max_connections{schema}
//   jobmatch_db_pool_exhausted_total{schema}  callers that found every
//       connection busy for too long (UNAVAILABLE)
//   jobmatch_db_lock_retries_total{schema}  transactions run again after a
//       deadlock or lock-wait timeout
#ifndef JOBMATCH_SERVICES_COMMON_DB_POOL_METRICS_H_
#define JOBMATCH_SERVICES_COMMON_DB_POOL_METRICS_H_

#include <vector>

#include "services/common/db/database.h"
#include "services/common/metrics/registry.h"

namespace jobmatch::db {

// Registered in `registry` (the process's when null) until the handles are
// destroyed, which must happen before `db` is.
std::vector<metrics::CallbackHandle> ExportPoolMetrics(const Database* db,
                                                       metrics::Registry* registry = nullptr);

}  // namespace jobmatch::db

#endif  // JOBMATCH_SERVICES_COMMON_DB_POOL_METRICS_H_
