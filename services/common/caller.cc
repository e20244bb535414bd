#include "services/common/caller.h"

#include <grpcpp/server_context.h>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace jobmatch {
namespace {

struct RoleNameEntry {
  Role role;
  absl::string_view name;
};
constexpr RoleNameEntry kRoleNames[] = {
    {Role::kAnonymous, "anonymous"}, {Role::kJobseeker, "jobseeker"},
    {Role::kEmployer, "employer"},   {Role::kRecruiter, "recruiter"},
    {Role::kLiveHost, "live_host"},  {Role::kAnalyst, "analyst"},
    {Role::kAdmin, "admin"},         {Role::kService, "service"},
};

std::string Metadata(const grpc::ServerContextBase& context, absl::string_view key) {
  const auto& md = context.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

Role RoleFromName(absl::string_view name) {
  for (const auto& e : kRoleNames) {
    if (e.name == name) return e.role;
  }
  return Role::kAnonymous;
}

absl::string_view RoleName(Role role) {
  for (const auto& e : kRoleNames) {
    if (e.role == role) return e.name;
  }
  return "anonymous";
}

Caller CallerFromContext(const grpc::ServerContextBase& context) {
  Caller caller;
  caller.role = RoleFromName(Metadata(context, "jobmatch-role"));
  caller.subject_id = Metadata(context, "jobmatch-subject");
  for (absl::string_view p :
       absl::StrSplit(Metadata(context, "jobmatch-regions"), ',', absl::SkipEmpty())) {
    caller.region_prefixes.emplace_back(p);
  }
  return caller;
}

bool MaySeeSensitiveStatus(const Caller& caller) {
  switch (caller.role) {
    case Role::kJobseeker:  // only ever about themself; the service checks ownership
    case Role::kRecruiter:
    case Role::kAdmin:
    case Role::kService:
      return true;
    default:
      return false;
  }
}

bool MaySeeClearIdentity(const Caller& caller, absl::string_view profile_id,
                         absl::string_view profile_region) {
  switch (caller.role) {
    case Role::kAdmin:
      return true;
    case Role::kJobseeker:
      return !caller.subject_id.empty() && caller.subject_id == profile_id;
    case Role::kRecruiter:
      for (const auto& prefix : caller.region_prefixes) {
        if (!prefix.empty() && absl::StartsWith(profile_region, prefix)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace jobmatch
