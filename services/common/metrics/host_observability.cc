#include "services/common/metrics/host_observability.h"

#include <sys/statvfs.h>

#include <limits>

namespace jobmatch::metrics {
namespace {

// Bytes of the filesystem holding `path`: its size, or what an unprivileged
// writer (the database, the logs) may still use. NaN when unreadable, which
// no alert takes for full.
double FilesystemBytes(const std::string& path, bool available) {
  struct statvfs fs;
  if (::statvfs(path.c_str(), &fs) != 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(fs.f_frsize) * (available ? fs.f_bavail : fs.f_blocks);
}

}  // namespace

absl::StatusOr<std::unique_ptr<HostObservability>> HostObservability::Create(
    Registry* registry, const std::string& rpc_log, const std::vector<std::string>& disk_paths) {
  if (registry == nullptr) registry = &DefaultRegistry();
  std::unique_ptr<RpcLog> log;
  if (!rpc_log.empty()) {
    absl::StatusOr<std::unique_ptr<RpcLog>> opened = RpcLog::Open(rpc_log);
    if (!opened.ok()) return opened.status();
    log = *std::move(opened);
  }
  std::unique_ptr<HostObservability> out(new HostObservability(registry));
  out->observer_ = std::make_shared<RpcObserver>(registry, std::move(log));
  for (const std::string& path : disk_paths) {
    if (path.empty()) continue;
    out->disks_.push_back(registry->AddCallback(
        "jobmatch_filesystem_size_bytes", "Size of the filesystem holding the path.",
        {{"path", path}}, [path] { return FilesystemBytes(path, false); }));
    out->disks_.push_back(registry->AddCallback(
        "jobmatch_filesystem_avail_bytes",
        "Bytes still free for unprivileged writers on the filesystem holding the path.",
        {{"path", path}}, [path] { return FilesystemBytes(path, true); }));
  }
  return out;
}

absl::Status HostObservability::Serve(const std::string& listen_address, int port) {
  absl::StatusOr<std::unique_ptr<HttpExporter>> exporter =
      HttpExporter::Start(HostOf(listen_address), port, registry_);
  if (!exporter.ok()) return exporter.status();
  exporter_ = *std::move(exporter);
  return absl::OkStatus();
}

std::string HostOf(const std::string& listen_address) {
  std::string host = listen_address.substr(0, listen_address.rfind(':'));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host.empty() ? "0.0.0.0" : host;
}

}  // namespace jobmatch::metrics
