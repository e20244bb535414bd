#include "clients/lib/call_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/grpc_status.h"

namespace jobmatch::client {
namespace {

std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

}  // namespace

std::string NewRequestId() {
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016llx%016llx", static_cast<unsigned long long>(Rng()()),
                static_cast<unsigned long long>(Rng()()));
  return hex;
}

bool CallRunner::IsRetryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED;
}

void CallRunner::Prepare(grpc::ClientContext* context, absl::Duration deadline) const {
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
  const CallerIdentity& id = options_.identity;
  if (!id.role.empty()) context->AddMetadata("jobmatch-role", id.role);
  if (!id.subject.empty()) context->AddMetadata("jobmatch-subject", id.subject);
  if (!id.region_prefixes.empty()) {
    context->AddMetadata("jobmatch-regions", absl::StrJoin(id.region_prefixes, ","));
  }
  if (!id.session_ids.empty()) {
    context->AddMetadata("jobmatch-sessions", absl::StrJoin(id.session_ids, ","));
  }
  if (!id.bearer_token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", id.bearer_token));
  }
}

absl::Status CallRunner::Run(const std::function<grpc::Status(grpc::ClientContext*)>& attempt,
                             int* attempts, absl::Duration deadline) const {
  if (deadline == absl::ZeroDuration()) deadline = options_.deadline;
  const RetryPolicy& retry = options_.retry;
  absl::Duration backoff = retry.initial_backoff;
  grpc::Status status;
  int made = 0;
  while (true) {
    // A context serves one call only; each attempt gets its own.
    grpc::ClientContext context;
    Prepare(&context, deadline);
    status = attempt(&context);
    ++made;
    if (status.ok() || !IsRetryable(status.error_code()) || made >= retry.max_attempts) break;
    // Jitter (50-100% of the backoff) keeps many clients that failed together from retrying
    // together.
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    absl::SleepFor(backoff * jitter(Rng()));
    backoff = std::min(backoff * retry.multiplier, retry.max_backoff);
  }
  if (attempts != nullptr) *attempts = made;
  return FromGrpcStatus(status);
}

}  // namespace jobmatch::client
