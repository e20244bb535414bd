// UNAVAILABLE with a google.rpc.RetryInfo detail: "not now, ask again after
// this long", for a service that is up but not ready yet (a matcher loading
// its index). Callers (clients/lib) retry UNAVAILABLE with the same request.
#ifndef JOBMATCH_SERVICES_COMMON_RETRY_HINT_H_
#define JOBMATCH_SERVICES_COMMON_RETRY_HINT_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jobmatch {

// The absl::Status payload key under which a serialized RetryInfo travels
// (ToGrpcStatus turns it into a google.rpc.Status detail, and back).
inline constexpr absl::string_view kRetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

// UNAVAILABLE with `message`, asking to retry after `delay`.
absl::Status UnavailableRetryAfter(absl::string_view message, absl::Duration delay);
// RESOURCE_EXHAUSTED with `message` (a cap was reached: too many open
// streams, say), asking to retry after `delay`.
absl::Status ResourceExhaustedRetryAfter(absl::string_view message, absl::Duration delay);

// The delay a status asks for, if it carries a RetryInfo.
std::optional<absl::Duration> RetryDelayOf(const absl::Status& status);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_RETRY_HINT_H_
