#include "services/common/metrics/rpc_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jobmatch::metrics {

absl::string_view StatusCodeName(grpc::StatusCode code) {
  static constexpr absl::string_view kNames[] = {"OK",
                                                 "CANCELLED",
                                                 "UNKNOWN",
                                                 "INVALID_ARGUMENT",
                                                 "DEADLINE_EXCEEDED",
                                                 "NOT_FOUND",
                                                 "ALREADY_EXISTS",
                                                 "PERMISSION_DENIED",
                                                 "RESOURCE_EXHAUSTED",
                                                 "FAILED_PRECONDITION",
                                                 "ABORTED",
                                                 "OUT_OF_RANGE",
                                                 "UNIMPLEMENTED",
                                                 "INTERNAL",
                                                 "UNAVAILABLE",
                                                 "DATA_LOSS",
                                                 "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i < 17 ? kNames[i] : "UNKNOWN";
}

std::string LoggableRequestId(absl::string_view id) {
  std::string out(id.substr(0, 64));
  for (char& c : out) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != ':' && c != '_' && c != '-') c = '_';
  }
  for (size_t i = 0; i < out.size();) {
    size_t j = i;
    while (j < out.size() && absl::ascii_isdigit(out[j])) ++j;
    if (j - i >= 7) std::fill(out.begin() + i, out.begin() + j, '*');
    i = j == i ? i + 1 : j;
  }
  return out;
}

std::string FormatRpcLogLine(const RpcLogEntry& e) {
  // The method path is the server's own (a registered method), and the other
  // strings are made safe above or are fixed names: nothing needs escaping.
  absl::string_view service = e.method, method = e.method;
  if (const size_t slash = e.method.rfind('/'); slash != absl::string_view::npos) {
    service = e.method.substr(0, slash);
    if (!service.empty() && service.front() == '/') service.remove_prefix(1);
    method = e.method.substr(slash + 1);
  }
  std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", e.time, absl::UTCTimeZone()),
      "\",\"service\":\"", LoggableRequestId(service), "\",\"method\":\"",
      LoggableRequestId(method), "\",\"code\":\"", StatusCodeName(e.code),
      "\",\"duration_ms\":", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(e.duration)));
  if (!e.role.empty()) absl::StrAppend(&line, ",\"role\":\"", LoggableRequestId(e.role), "\"");
  if (!e.request_id.empty()) {
    absl::StrAppend(&line, ",\"request_id\":\"", LoggableRequestId(e.request_id), "\"");
  }
  line += "}\n";
  return line;
}

absl::StatusOr<std::unique_ptr<RpcLog>> RpcLog::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<RpcLog>(new RpcLog(STDERR_FILENO, false));
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    return absl::NotFoundError(
        absl::StrCat("cannot open the RPC log ", path, ": ", std::strerror(errno)));
  }
  return std::unique_ptr<RpcLog>(new RpcLog(fd, true));
}

RpcLog::~RpcLog() {
  if (owned_) ::close(fd_);
}

void RpcLog::Write(const RpcLogEntry& entry) {
  const std::string line = FormatRpcLogLine(entry);
  // A short write of a log line is not worth failing a call for.
  [[maybe_unused]] ssize_t n = ::write(fd_, line.data(), line.size());
}

}  // namespace jobmatch::metrics
