#include "services/common/auth/policy.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jobmatch::auth {

absl::Status AccessPolicy::Check(absl::string_view method, Role role) const {
  auto it = table_.find(method);
  if (it == table_.end()) {
    return absl::PermissionDeniedError(absl::StrCat(method, " is not open to any role"));
  }
  if (!it->second.Contains(role)) {
    return absl::PermissionDeniedError(
        absl::StrCat("role ", RoleName(role), " may not call ", method));
  }
  return absl::OkStatus();
}

std::vector<std::string> AccessPolicy::Methods() const {
  std::vector<std::string> out;
  out.reserve(table_.size());
  for (const auto& [method, roles] : table_) out.push_back(method);
  std::sort(out.begin(), out.end());
  return out;
}

bool AccessPolicy::IsOpen(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.v1.Health/") ||
         absl::StartsWith(method, "/grpc.reflection.v1alpha.ServerReflection/") ||
         absl::StartsWith(method, "/grpc.reflection.v1.ServerReflection/");
}

}  // namespace jobmatch::auth
