#include "services/common/metrics/host_flags.h"

#include <string>
#include <vector>

#include "absl/flags/flag.h"

ABSL_FLAG(int, metrics_port, 0,
          "port serving Prometheus metrics (GET /metrics) on the --listen host; 0: none");
ABSL_FLAG(std::string, rpc_log, "",
          "append one JSON line per RPC to this file ('-': standard error; empty: none)");
ABSL_FLAG(std::vector<std::string>, metrics_disk_paths, std::vector<std::string>({"."}),
          "paths whose filesystems' size and free space are exported (for the disk alerts)");

namespace jobmatch::metrics {

void ApplyObservabilityFlags(HostOptions* host) {
  host->metrics_port = absl::GetFlag(FLAGS_metrics_port);
  host->rpc_log = absl::GetFlag(FLAGS_rpc_log);
  host->disk_paths = absl::GetFlag(FLAGS_metrics_disk_paths);
}

}  // namespace jobmatch::metrics
