#include "services/events/access_checks.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace jobmatch::events {

absl::Status RequirePostOwner(OwnershipStore& owners, const Caller& caller,
                              const std::string& post_id) {
  JM_ASSIGN_OR_RETURN(std::optional<std::string> owner, owners.EmployerOf(post_id));
  if (!owner.has_value() || *owner != caller.subject_id) {
    return absl::PermissionDeniedError(absl::StrCat("post ", post_id, " is not yours"));
  }
  return absl::OkStatus();
}

absl::Status RequireResident(OwnershipStore& owners, const Caller& caller,
                             const std::string& profile_id) {
  JM_ASSIGN_OR_RETURN(std::optional<std::string> residence, owners.ResidenceOf(profile_id));
  if (!residence.has_value() || !CoversRegion(caller, *residence)) {
    return absl::PermissionDeniedError(
        absl::StrCat("profile ", profile_id, " lives outside your assigned regions"));
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::events
