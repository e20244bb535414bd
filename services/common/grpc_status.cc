#include "services/common/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "google/rpc/status.pb.h"
#include "services/common/field_violations.h"

namespace jobmatch {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share code values by design.
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload) return grpc::Status(code, message);
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  auto* any = details.add_details();
  any->set_type_url(std::string(kBadRequestTypeUrl));
  any->set_value(std::string(*payload));
  return grpc::Status(code, message, details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      if (any.type_url() == kBadRequestTypeUrl) out.SetPayload(kBadRequestTypeUrl, absl::Cord(any.value()));
    }
  }
  return out;
}

}  // namespace jobmatch
