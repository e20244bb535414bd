// Who is calling, and the few decisions about personal data that follow from
// it. Every service asks these questions here, so one place decides them.
//
// With authentication on (HostOptions::authenticator, see server.h), the
// caller is the one named by the verified bearer token of the call
// (`authorization: Bearer <jwt>`, see services/common/auth/token.h); a call
// without a valid token is anonymous (and never reaches a handler unless its
// method is open). Only on plaintext development servers, in a process where
// no host has authentication on, is the caller read from plain call metadata:
// `jobmatch-role` (one of the role names below) and `jobmatch-subject` (the
// caller's own id: profile id, employer id, recruiter id, host id),
// `jobmatch-regions` (comma-separated region prefixes a recruiter is
// assigned), `jobmatch-sessions` (comma-separated live session ids a host
// runs). A call without them is anonymous.
#ifndef JOBMATCH_SERVICES_COMMON_CALLER_H_
#define JOBMATCH_SERVICES_COMMON_CALLER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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
  // Live sessions a live host runs.
  std::vector<std::string> session_ids;
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

// --- Ownership checks that stay in the services -----------------------------
// The central policy (services/common/auth/policy.h) decides which roles may
// call a method at all; these decide whether the caller may touch a given
// record. Admins and services act for the bureau and pass every check.

// Admin or another jobmatch service.
bool ActsForBureau(const Caller& caller);
// The caller is `subject_id` (a jobseeker's own profile, an employer's own id).
bool IsSubject(const Caller& caller, absl::string_view subject_id);
// Who acted, as a record names them (a reviewer, a moderator): the caller's
// own id, else their role (a service token may carry no subject).
std::string ActorName(const Caller& caller);
// `region_code` lies within one of the caller's assigned region prefixes.
bool CoversRegion(const Caller& caller, absl::string_view region_code);
// The caller is a live host running session `session_id`.
bool HostsSession(const Caller& caller, absl::string_view session_id);

// OK for the bureau or when IsSubject(); else PERMISSION_DENIED naming `what`
// (e.g. "profile", "employer").
absl::Status RequireSubject(const Caller& caller, absl::string_view subject_id,
                            absl::string_view what);
// OK for the bureau or when CoversRegion(); else PERMISSION_DENIED.
absl::Status RequireRegion(const Caller& caller, absl::string_view region_code);
// OK for the bureau or when HostsSession(); else PERMISSION_DENIED.
absl::Status RequireSession(const Caller& caller, absl::string_view session_id);

// --- Authentication seam ----------------------------------------------------
// Verifies credentials and decides access for every call of a server; the
// implementation (signed tokens and the role x method policy) lives in
// services/common/auth/. Implementations must be thread-safe.
class CallAuthenticator {
 public:
  virtual ~CallAuthenticator() = default;
  // The verified caller named by a bearer token, or UNAUTHENTICATED.
  virtual absl::StatusOr<Caller> Authenticate(absl::string_view bearer_token) const = 0;
  // OK if `caller` may call `method` ("/jobmatch.v1.PostingsService/CreatePost"),
  // else PERMISSION_DENIED.
  virtual absl::Status Authorize(absl::string_view method, const Caller& caller) const = 0;
  // Methods anyone may call without credentials (health checks, reflection).
  virtual bool IsOpen(absl::string_view method) const = 0;
};

// Installs the authenticator CallerFromContext() trusts from then on, for the
// whole process (ServiceHost::Start does this when authentication is on). Once
// installed, plain-metadata callers are never trusted again in this process:
// a process serves with one token key.
void InstallProcessAuthenticator(std::shared_ptr<const CallAuthenticator> authenticator);
// The installed authenticator, or null when authentication is off.
std::shared_ptr<const CallAuthenticator> ProcessAuthenticator();

// The bearer token of `authorization` metadata ("Bearer <jwt>"), or "".
absl::string_view BearerToken(absl::string_view authorization);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_CALLER_H_
