#include "services/common/caller.h"

#include <grpcpp/server_context.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"

namespace jobmatch {
namespace {

struct RoleNameEntry {
  Role role;
  absl::string_view name;
};
constexpr RoleNameEntry kRoleNames[] = {
    {Role::kAnonymous, "anonymous"}, {Role::kJobseeker, "jobseeker"}, {Role::kEmployer, "employer"},
    {Role::kRecruiter, "recruiter"}, {Role::kLiveHost, "live_host"},  {Role::kAnalyst, "analyst"},
    {Role::kAdmin, "admin"},         {Role::kService, "service"},
};

std::string Metadata(const grpc::ServerContextBase& context, absl::string_view key) {
  const auto& md = context.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

std::vector<std::string> SplitList(absl::string_view list) {
  std::vector<std::string> out;
  for (absl::string_view p : absl::StrSplit(list, ',', absl::SkipEmpty())) out.emplace_back(p);
  return out;
}

struct AuthenticatorSlot {
  absl::Mutex mu;
  std::shared_ptr<const CallAuthenticator> authenticator ABSL_GUARDED_BY(mu);
};

AuthenticatorSlot& Slot() {
  static AuthenticatorSlot* const slot = new AuthenticatorSlot;  // never destroyed
  return *slot;
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
  if (auto authenticator = ProcessAuthenticator()) {
    // Authentication is on: only a verified token names the caller (the
    // server's auth processor has already refused calls with a bad one; this
    // re-check is cheap because verified tokens are cached).
    const std::string authorization = Metadata(context, "authorization");
    const absl::string_view token = BearerToken(authorization);
    if (token.empty()) return Caller();
    absl::StatusOr<Caller> verified = authenticator->Authenticate(token);
    return verified.ok() ? *std::move(verified) : Caller();
  }
  Caller caller;
  caller.role = RoleFromName(Metadata(context, "jobmatch-role"));
  caller.subject_id = Metadata(context, "jobmatch-subject");
  caller.region_prefixes = SplitList(Metadata(context, "jobmatch-regions"));
  caller.session_ids = SplitList(Metadata(context, "jobmatch-sessions"));
  return caller;
}

void InstallProcessAuthenticator(std::shared_ptr<const CallAuthenticator> authenticator) {
  if (authenticator == nullptr) return;  // never switch authentication off again
  AuthenticatorSlot& slot = Slot();
  absl::MutexLock lock(&slot.mu);
  slot.authenticator = std::move(authenticator);
}

std::shared_ptr<const CallAuthenticator> ProcessAuthenticator() {
  AuthenticatorSlot& slot = Slot();
  absl::ReaderMutexLock lock(&slot.mu);
  return slot.authenticator;
}

absl::string_view BearerToken(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(authorization.substr(0, kScheme.size()), kScheme)) {
    return "";
  }
  return absl::StripAsciiWhitespace(authorization.substr(kScheme.size()));
}

bool ActsForBureau(const Caller& caller) {
  return caller.role == Role::kAdmin || caller.role == Role::kService;
}

std::string ActorName(const Caller& caller) {
  return caller.subject_id.empty() ? std::string(RoleName(caller.role)) : caller.subject_id;
}

bool IsSubject(const Caller& caller, absl::string_view subject_id) {
  return !caller.subject_id.empty() && caller.subject_id == subject_id;
}

bool CoversRegion(const Caller& caller, absl::string_view region_code) {
  for (const auto& prefix : caller.region_prefixes) {
    if (!prefix.empty() && absl::StartsWith(region_code, prefix)) return true;
  }
  return false;
}

bool HostsSession(const Caller& caller, absl::string_view session_id) {
  // Sessions named in another role's token run nothing: only hosts host.
  if (caller.role != Role::kLiveHost || session_id.empty()) return false;
  for (const auto& s : caller.session_ids) {
    if (s == session_id) return true;
  }
  return false;
}

absl::Status RequireSubject(const Caller& caller, absl::string_view subject_id,
                            absl::string_view what) {
  if (ActsForBureau(caller) || IsSubject(caller, subject_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("not your ", what));
}

absl::Status RequireRegion(const Caller& caller, absl::string_view region_code) {
  if (ActsForBureau(caller) || CoversRegion(caller, region_code)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("region ", region_code, " is outside your assigned regions"));
}

absl::Status RequireSession(const Caller& caller, absl::string_view session_id) {
  if (ActsForBureau(caller) || HostsSession(caller, session_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("live session ", session_id, " is not yours"));
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
      return CoversRegion(caller, profile_region);
    default:
      return false;
  }
}

}  // namespace jobmatch
