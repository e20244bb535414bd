// Who is calling, and the few decisions about personal data that follow from
// it. Every service asks these questions here, so one place decides them.
//
// Until authentication lands (signed tokens verified by a shared interceptor),
// the caller is read from plain call metadata: `jobmatch-role` (one of the
// role names below) and `jobmatch-subject` (the caller's own id: profile id,
// employer id, recruiter id, host id), `jobmatch-regions` (comma-separated
// region prefixes a recruiter is assigned). A call without them is anonymous.
#ifndef JOBMATCH_SERVICES_COMMON_CALLER_H_
#define JOBMATCH_SERVICES_COMMON_CALLER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace grpc {
class ServerContextBase;
}

namespace jobmatch {

enum class Role {
  kAnonymous,  // the public: masked data only
  kJobseeker,  // their own profile and applications
  kEmployer,   // their own posts; candidates masked, no sensitive statuses
  kRecruiter,  // field teams: registration and sync within assigned regions
  kLiveHost,   // pushes within their own sessions; no sensitive statuses
  kAnalyst,    // statistics only
  kAdmin,      // bureau staff with full access
  kService,    // another jobmatch service (the matcher reading profiles, say)
};

struct Caller {
  Role role = Role::kAnonymous;
  std::string subject_id;
  std::vector<std::string> region_prefixes;
};

// Role from its metadata name ("employer", "live_host", ...); kAnonymous if unknown.
Role RoleFromName(absl::string_view name);
absl::string_view RoleName(Role role);

// The caller of a server call, from its metadata (see above).
Caller CallerFromContext(const grpc::ServerContextBase& context);

// LOW_INCOME and DISABLED may be shown: never to employers, live hosts,
// analysts (aggregates aside) or the public.
bool MaySeeSensitiveStatus(const Caller& caller);

// The clear ID number and phone of `profile_id` may be revealed (every reveal
// is audited by the caller of this function): admins, the person themself,
// and recruiters for people in their regions (`profile_region` is the
// person's residence code).
bool MaySeeClearIdentity(const Caller& caller, absl::string_view profile_id,
                         absl::string_view profile_region);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_CALLER_H_
