#include "services/common/retry_hint.h"

#include <string>

#include "absl/strings/cord.h"
#include "google/rpc/error_details.pb.h"

namespace jobmatch {

namespace {
absl::Status WithRetryInfo(absl::Status status, absl::Duration delay) {
  google::rpc::RetryInfo info;
  const int64_t nanos = absl::ToInt64Nanoseconds(delay);
  info.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  info.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  status.SetPayload(kRetryInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}
}  // namespace

absl::Status UnavailableRetryAfter(absl::string_view message, absl::Duration delay) {
  return WithRetryInfo(absl::UnavailableError(message), delay);
}

absl::Status ResourceExhaustedRetryAfter(absl::string_view message, absl::Duration delay) {
  return WithRetryInfo(absl::ResourceExhaustedError(message), delay);
}

std::optional<absl::Duration> RetryDelayOf(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryInfoTypeUrl);
  google::rpc::RetryInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload))) return std::nullopt;
  return absl::Seconds(info.retry_delay().seconds()) +
         absl::Nanoseconds(info.retry_delay().nanos());
}

}  // namespace jobmatch
