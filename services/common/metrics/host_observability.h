// What the service host (services/common/server.h) adds to every service for
// operations: the call observer its interceptor and authentication report
// to, the disk figures, and the HTTP endpoint Prometheus scrapes.
#ifndef JOBMATCH_SERVICES_COMMON_METRICS_HOST_OBSERVABILITY_H_
#define JOBMATCH_SERVICES_COMMON_METRICS_HOST_OBSERVABILITY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/metrics/http_exporter.h"
#include "services/common/metrics/registry.h"
#include "services/common/metrics/rpc_interceptor.h"

namespace jobmatch::metrics {

class HostObservability {
 public:
  // `registry` (the process's when null) must outlive this. `rpc_log`: see
  // HostOptions::rpc_log; NOT_FOUND if that file cannot be opened.
  static absl::StatusOr<std::unique_ptr<HostObservability>> Create(
      Registry* registry, const std::string& rpc_log, const std::vector<std::string>& disk_paths);

  const std::shared_ptr<RpcObserver>& observer() const { return observer_; }
  // Serves the registry on the host of `listen_address` ("host:port"), at
  // `port`; UNAVAILABLE if it cannot listen.
  absl::Status Serve(const std::string& listen_address, int port);
  // The port serving the metrics, 0 if none.
  int port() const { return exporter_ ? exporter_->port() : 0; }

 private:
  explicit HostObservability(Registry* registry) : registry_(registry) {}

  Registry* const registry_;
  std::shared_ptr<RpcObserver> observer_;
  std::vector<CallbackHandle> disks_;
  std::unique_ptr<HttpExporter> exporter_;
};

// "127.0.0.1" of "127.0.0.1:50051", "::" of "[::]:50051".
std::string HostOf(const std::string& listen_address);

}  // namespace jobmatch::metrics

#endif  // JOBMATCH_SERVICES_COMMON_METRICS_HOST_OBSERVABILITY_H_
