// Hosting for one jobmatch gRPC service: health checking (grpc.health.v1)
// driven by a readiness probe, server reflection, graceful shutdown, and
// transport security (TLS plus a verified bearer token on every call).
#ifndef JOBMATCH_SERVICES_COMMON_SERVER_H_
#define JOBMATCH_SERVICES_COMMON_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/common/caller.h"
#include "services/common/metrics/registry.h"

namespace jobmatch {
namespace metrics {
class HostObservability;
}

// PEM files for TLS on a listening port (deploy/certs.sh makes them).
struct TlsFiles {
  std::string cert_file;  // server certificate chain
  std::string key_file;   // its private key
  // If set, clients must present a certificate signed by this CA (mutual TLS).
  std::string client_ca_file;
};

// The grace the database-backed services give their database probe
// (HostOptions::probe_failure_grace): longer than a Galera writer's failover
// behind HAProxy (about a second to mark it down, then the next node).
inline constexpr absl::Duration kDatabaseProbeGrace = absl::Seconds(10);

struct HostOptions {
  // "host:port"; port 0 picks a free one (see ServiceHost::port()).
  std::string listen_address = "127.0.0.1:0";
  // Services to serve; not owned, must outlive the host.
  std::vector<grpc::Service*> services;
  // Names reported by health checking besides the overall "" entry.
  std::vector<std::string> health_names;
  // Readiness: health answers NOT_SERVING while this fails (e.g. database down,
  // or an index still loading), from the moment the port opens.
  std::function<absl::Status()> probe;
  absl::Duration probe_interval = absl::Seconds(2);
  // Once serving, the probe must keep failing this long before health says
  // NOT_SERVING (it comes back at the first success). For a probe of a
  // dependency every replica shares, such as the database: when it fails
  // over (a second or two), every replica fails at once, and a balancer
  // taking them all out of rotation would refuse every call meanwhile,
  // though the replicas' own retries would have carried them through. A
  // replica that alone cannot reach it still leaves rotation, this much later.
  absl::Duration probe_failure_grace = absl::ZeroDuration();
  // How long Shutdown() lets in-flight calls finish before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(10);

  // Security. Either plaintext_development (plaintext, no authentication,
  // callers read from plain metadata; for local development and the existing
  // tests only), or TLS with `tls` and an `authenticator` that checks every
  // call's bearer token and the role x method policy before any handler runs
  // (services/common/auth/: MakeTokenAuthenticator). Start() refuses anything
  // in between. Binaries set plaintext_development only from an explicit
  // `--plaintext_development` flag that defaults to false.
  bool plaintext_development = true;
  TlsFiles tls;
  std::shared_ptr<const CallAuthenticator> authenticator;

  // Observability (services/common/metrics/, README "Metrics, alerts and
  // logs"). Every call is counted and timed in `metrics` (the process's
  // registry when null; not owned) whatever the fields below say.
  // metrics_port: serves the registry at http://<listen host>:<port>/metrics;
  // 0: not served.
  int metrics_port = 0;
  // One JSON line per call (metrics/rpc_log.h) appended to this file; "-":
  // standard error; empty: no call log.
  std::string rpc_log;
  metrics::Registry* metrics = nullptr;
  // Filesystems whose size and free space are exported
  // (jobmatch_filesystem_{size,avail}_bytes{path}), for the disk alerts.
  std::vector<std::string> disk_paths;
};

// A started gRPC server. Thread-safe.
class ServiceHost {
 public:
  // Builds and starts the server: UNAVAILABLE if it cannot listen,
  // INVALID_ARGUMENT for an inconsistent security setup, NOT_FOUND for a
  // missing certificate or key file.
  static absl::StatusOr<std::unique_ptr<ServiceHost>> Start(HostOptions options);
  ~ServiceHost();

  int port() const { return port_; }
  // Where the metrics are served; 0 if they are not.
  int metrics_port() const;
  // "127.0.0.1:<port>", for clients in tests.
  std::string target() const;
  // Stops taking calls, lets running ones finish (up to the grace), then returns.
  void Shutdown();
  // Blocks until Shutdown() has finished.
  void Wait();

 private:
  explicit ServiceHost(HostOptions options);
  void ProbeLoop();

  HostOptions options_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  absl::Notification stopping_;
  std::thread prober_;
  std::atomic<bool> shut_down_{false};
  // The call metrics and log, the disk figures, HostOptions::metrics_port.
  std::unique_ptr<metrics::HostObservability> observability_;
};

// Serves until SIGTERM or SIGINT, then shuts down gracefully. Returns the
// process exit code.
int ServeUntilSignalled(HostOptions options);
// The same, running `get_ready` on the calling thread as soon as the port is
// open, for a service that needs long to get ready and says so through its
// probe meanwhile. A signal during `get_ready` shuts the server down at once;
// the call returns once `get_ready` has returned too.
int ServeUntilSignalled(HostOptions options, const std::function<void()>& get_ready);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_SERVER_H_
