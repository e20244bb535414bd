#include "services/common/testing/violation_fields.h"

#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"

namespace jobmatch::testing {

std::vector<std::string> ViolationFields(const grpc::Status& status) {
  std::vector<std::string> out;
  const google::rpc::BadRequest bad = BadRequestOf(FromGrpcStatus(status));
  for (const auto& v : bad.field_violations()) out.push_back(v.field());
  return out;
}

}  // namespace jobmatch::testing
