#include "services/common/call_deadline.h"

#include <grpcpp/server_context.h>

#include <chrono>

namespace jobmatch {
namespace {

thread_local absl::Time current_deadline = absl::InfiniteFuture();

absl::Time DeadlineOf(const grpc::ServerContextBase& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  // gRPC reports "no deadline" as the clock's far future.
  if (deadline >= std::chrono::system_clock::time_point::max() - std::chrono::hours(24 * 365)) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

}  // namespace

absl::Time CallDeadline() { return current_deadline; }

ScopedCallDeadline::ScopedCallDeadline(absl::Time deadline) : previous_(current_deadline) {
  current_deadline = deadline;
}

ScopedCallDeadline::ScopedCallDeadline(const grpc::ServerContextBase& context)
    : ScopedCallDeadline(DeadlineOf(context)) {}

ScopedCallDeadline::~ScopedCallDeadline() { current_deadline = previous_; }

}  // namespace jobmatch
