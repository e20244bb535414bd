// Per-RPC metrics and the structured call log, captured once for every
// service by a gRPC server interceptor that the service host installs
// (services/common/server.cc), so no handler does anything for them.
//
// Metrics (names as go-grpc-prometheus has them, which dashboards know):
//   grpc_server_started_total{grpc_service,grpc_method,grpc_type}
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_type,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method,grpc_type} (histogram)
// Calls refused by authentication before any handler runs are counted too
// (started and handled with their code, no latency).
#ifndef JOBMATCH_SERVICES_COMMON_METRICS_RPC_INTERCEPTOR_H_
#define JOBMATCH_SERVICES_COMMON_METRICS_RPC_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/status.h>

#include <array>
#include <atomic>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/common/metrics/registry.h"
#include "services/common/metrics/rpc_log.h"

namespace jobmatch::metrics {

// The metrics of one method, looked up once per call.
class MethodMetrics {
 public:
  MethodMetrics(Registry* registry, absl::string_view path, absl::string_view type);
  void Started() { started_->Increment(); }
  void Handled(grpc::StatusCode code, double seconds);
  void Refused(grpc::StatusCode code);

 private:
  Counter& HandledCounter(grpc::StatusCode code);

  Family<Counter>* handled_family_;
  std::string service_, method_, type_;
  Counter* started_;
  Histogram* latency_;
  std::array<std::atomic<Counter*>, 17> handled_{};
};

// Thread-safe; must outlive the servers it observes.
class RpcObserver {
 public:
  // `log` may be null: metrics only.
  RpcObserver(Registry* registry, std::unique_ptr<RpcLog> log);

  // A call to `path` refused before dispatch (authentication, the policy).
  void Refused(absl::string_view path, grpc::StatusCode code);

  MethodMetrics& Method(absl::string_view path, absl::string_view type);
  RpcLog* log() { return log_.get(); }

 private:
  Registry* const registry_;
  const std::unique_ptr<RpcLog> log_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodMetrics>> methods_ ABSL_GUARDED_BY(mu_);
};

// For ServerBuilder::experimental().SetInterceptorCreators: observes every
// call of the server with `observer`.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewInterceptorFactory(
    std::shared_ptr<RpcObserver> observer);

}  // namespace jobmatch::metrics

#endif  // JOBMATCH_SERVICES_COMMON_METRICS_RPC_INTERCEPTOR_H_
