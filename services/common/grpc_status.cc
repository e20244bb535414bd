#include "services/common/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "google/rpc/status.pb.h"
#include "services/common/field_violations.h"
#include "services/common/retry_hint.h"

namespace jobmatch {
namespace {

// The details that travel as google.rpc.Status details (type URL = payload key).
constexpr absl::string_view kDetailTypeUrls[] = {kBadRequestTypeUrl, kRetryInfoTypeUrl};

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share code values by design.
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  google::rpc::Status details;
  for (absl::string_view url : kDetailTypeUrls) {
    if (auto payload = status.GetPayload(url)) {
      auto* any = details.add_details();
      any->set_type_url(std::string(url));
      any->set_value(std::string(*payload));
    }
  }
  if (details.details().empty()) return grpc::Status(code, message);
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      for (absl::string_view url : kDetailTypeUrls) {
        if (any.type_url() == url) out.SetPayload(url, absl::Cord(any.value()));
      }
    }
  }
  return out;
}

}  // namespace jobmatch
