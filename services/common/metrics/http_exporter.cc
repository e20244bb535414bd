#include "services/common/metrics/http_exporter.h"

#include <httplib.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace jobmatch::metrics {

HttpExporter::HttpExporter() : server_(std::make_unique<httplib::Server>()) {}

absl::StatusOr<std::unique_ptr<HttpExporter>> HttpExporter::Start(const std::string& host, int port,
                                                                  const Registry* registry) {
  std::unique_ptr<HttpExporter> exporter(new HttpExporter());
  // A scrape is small and rare: two threads serve Prometheus and a person
  // with curl without holding memory for more.
  exporter->server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  exporter->server_->Get("/metrics", [registry](const httplib::Request&, httplib::Response& res) {
    res.set_content(registry->Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  exporter->port_ = port == 0 ? exporter->server_->bind_to_any_port(host)
                              : (exporter->server_->bind_to_port(host, port) ? port : -1);
  if (exporter->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat("metrics: cannot listen on ", host, ":", port));
  }
  exporter->thread_ = std::thread([s = exporter->server_.get()] { s->listen_after_bind(); });
  // stop() does nothing to a server not yet running, so the destructor's
  // would hang on one destroyed at once: wait until it runs.
  while (!exporter->server_->is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return exporter;
}

HttpExporter::~HttpExporter() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace jobmatch::metrics
