// Serves a registry's metrics over HTTP for Prometheus to scrape
// (GET /metrics), on a thread of its own, with Debian's cpp-httplib.
#ifndef JOBMATCH_SERVICES_COMMON_METRICS_HTTP_EXPORTER_H_
#define JOBMATCH_SERVICES_COMMON_METRICS_HTTP_EXPORTER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/common/metrics/registry.h"

namespace httplib {
class Server;
}

namespace jobmatch::metrics {

class HttpExporter {
 public:
  // Listens on `host`:`port` (port 0: a free one) and serves `registry`,
  // which must outlive the exporter. UNAVAILABLE if it cannot listen.
  static absl::StatusOr<std::unique_ptr<HttpExporter>> Start(const std::string& host, int port,
                                                             const Registry* registry);
  ~HttpExporter();  // stops serving

  int port() const { return port_; }

 private:
  HttpExporter();

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace jobmatch::metrics

#endif  // JOBMATCH_SERVICES_COMMON_METRICS_HTTP_EXPORTER_H_
