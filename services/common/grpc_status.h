// The one conversion between absl::Status (inside) and grpc::Status (the edge).
#ifndef JOBMATCH_SERVICES_COMMON_GRPC_STATUS_H_
#define JOBMATCH_SERVICES_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace jobmatch {

// Same code and message; field violations (BadRequest) and retry hints
// (RetryInfo, retry_hint.h) become google.rpc.Status details.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The inverse, for clients and tests: details come back as the payloads that
// BadRequestOf() and RetryDelayOf() read.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_GRPC_STATUS_H_
