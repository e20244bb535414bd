// The structured log of calls: one JSON object per line per RPC, written by
// the service host's interceptor (rpc_interceptor.h). For example:
//   {"time":"2026-12-05T12:00:00.123Z","service":"jobmatch.v1.PostingsService",
//    "method":"CreatePost","code":"INVALID_ARGUMENT","duration_ms":1.375,
//    "role":"employer","request_id":"c-8f2e"}
// A line never carries personal data or credentials: no request body, no
// caller subject, no peer address, no metadata. The request id is the
// client's own and could hold anything, so it is kept to id characters and
// any run of 7 or more digits (a phone, an ID number) is masked.
#ifndef JOBMATCH_SERVICES_COMMON_METRICS_RPC_LOG_H_
#define JOBMATCH_SERVICES_COMMON_METRICS_RPC_LOG_H_

#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jobmatch::metrics {

struct RpcLogEntry {
  absl::Time time;
  absl::string_view method;  // "/jobmatch.v1.PostingsService/CreatePost"
  grpc::StatusCode code = grpc::StatusCode::OK;
  absl::Duration duration;
  absl::string_view role;        // "" when not known (refused before any handler)
  absl::string_view request_id;  // "" when the request has none
};

// "INVALID_ARGUMENT", ...
absl::string_view StatusCodeName(grpc::StatusCode code);

// `id` as it may be logged: at most 64 characters of letters, digits and
// ".:_-" (anything else becomes '_'), every run of 7+ digits as '*'s.
std::string LoggableRequestId(absl::string_view id);

// One line, with its newline.
std::string FormatRpcLogLine(const RpcLogEntry& entry);

// Where the lines go. Thread-safe: each line is one write(2) to a file opened
// with O_APPEND, so lines of concurrent calls never interleave.
class RpcLog {
 public:
  // "-" for standard error, else a file (created 0640, appended to).
  static absl::StatusOr<std::unique_ptr<RpcLog>> Open(const std::string& path);
  ~RpcLog();
  void Write(const RpcLogEntry& entry);

 private:
  RpcLog(int fd, bool owned) : fd_(fd), owned_(owned) {}
  const int fd_;
  const bool owned_;
};

}  // namespace jobmatch::metrics

#endif  // JOBMATCH_SERVICES_COMMON_METRICS_RPC_LOG_H_
