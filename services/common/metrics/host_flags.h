// The observability flags every service binary takes, defined once:
// --metrics_port, --rpc_log and --metrics_disk_paths. A main that calls
// ApplyObservabilityFlags links this file and so has the flags; they mean the
// same in every service, unlike the security flags, whose help differs per
// binary and which stay in each main.cc (auth/host_security.h).
#ifndef JOBMATCH_SERVICES_COMMON_METRICS_HOST_FLAGS_H_
#define JOBMATCH_SERVICES_COMMON_METRICS_HOST_FLAGS_H_

#include "services/common/server.h"

namespace jobmatch::metrics {

// Sets host->metrics_port, host->rpc_log and host->disk_paths from the flags.
void ApplyObservabilityFlags(HostOptions* host);

}  // namespace jobmatch::metrics

#endif  // JOBMATCH_SERVICES_COMMON_METRICS_HOST_FLAGS_H_
