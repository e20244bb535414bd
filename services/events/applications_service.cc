// The application pipeline's lists: a jobseeker's own applications and the
// applicants of an employer's own post. Reads only; no request ids. Opening
// a list does not mark anything viewed: a list shows many applications at
// once, reads are retried freely, and "the employer opened it" is a step the
// employer takes on one application (MarkApplicationViewed).
#include <algorithm>

#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/grpc_status.h"
#include "services/common/sensitive_groups.h"
#include "services/common/status_macros.h"
#include "services/events/access_checks.h"
#include "services/events/events_service.h"
#include "services/events/requests.h"

namespace jobmatch::events {
namespace {

// Whose applications the caller may list: a jobseeker their own, a recruiter
// those of people living in their regions (an unknown person answers alike),
// the bureau anyone's; nobody else.
absl::Status MayListPerson(EventsCore& core, const Caller& caller, const std::string& profile_id) {
  switch (caller.role) {
    case Role::kJobseeker:
      return RequireSubject(caller, profile_id, "profile");
    case Role::kRecruiter:
      return RequireResident(core.owners(), caller, profile_id);
    case Role::kAnonymous:  // plaintext development servers only
      return absl::OkStatus();
    default:
      if (ActsForBureau(caller)) return absl::OkStatus();
      return absl::PermissionDeniedError("only the person and the bureau list their applications");
  }
}

// An employer lists the applicants of its own posts only; an unknown post
// answers like another employer's, so that posts cannot be probed.
absl::Status MayListPost(EventsCore& core, const Caller& caller, const std::string& post_id) {
  if (ActsForBureau(caller) || caller.role == Role::kAnonymous) return absl::OkStatus();
  if (caller.role != Role::kEmployer) {
    return absl::PermissionDeniedError("only the post's employer and the bureau list applicants");
  }
  return RequirePostOwner(core.owners(), caller, post_id);
}

}  // namespace

grpc::ServerUnaryReactor* EventsService::ListMyApplications(
    grpc::CallbackServerContext* ctx, const v1::ListMyApplicationsRequest* req,
    v1::ListMyApplicationsResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const ScopedCallDeadline deadline(*ctx);
  const Caller caller = CallerFromContext(*ctx);
  absl::Status s = [&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(PageRequest page, Validate(*req));
    JM_RETURN_IF_ERROR(MayListPerson(core_, caller, req->profile_id()));
    JM_ASSIGN_OR_RETURN(ApplicationPage found, core_.applications().ForPerson(
                                                   req->profile_id(), page.size, page.before_seq));
    for (v1::ApplicationRecord& r : found.items) {
      // What the feed knows of the person is for employers' lists, not theirs.
      r.clear_region_code();
      r.clear_key_groups();
      *resp->add_applications() = std::move(r);
    }
    resp->set_next_page_token(PageToken(found.next_before_seq));
    return absl::OkStatus();
  }();
  reactor->Finish(ToGrpcStatus(s));
  return reactor;
}

grpc::ServerUnaryReactor* EventsService::ListApplicants(grpc::CallbackServerContext* ctx,
                                                        const v1::ListApplicantsRequest* req,
                                                        v1::ListApplicantsResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const ScopedCallDeadline deadline(*ctx);
  const Caller caller = CallerFromContext(*ctx);
  absl::Status s = [&]() -> absl::Status {
    JM_ASSIGN_OR_RETURN(PageRequest page, Validate(*req));
    JM_RETURN_IF_ERROR(MayListPost(core_, caller, req->post_id()));
    std::vector<v1::ApplicationStatus> statuses;
    for (int status : req->statuses()) statuses.push_back(v1::ApplicationStatus(status));
    JM_ASSIGN_OR_RETURN(
        ApplicationPage found,
        core_.applications().ForPost(req->post_id(), statuses, page.size, page.before_seq));
    const bool sensitive = MaySeeSensitiveStatus(caller);
    for (v1::ApplicationRecord& r : found.items) {
      // The feed never learns sensitive statuses; this keeps it so should
      // that ever change: LOW_INCOME and DISABLED never reach an employer.
      if (!sensitive) {
        auto* groups = r.mutable_key_groups();
        groups->erase(std::remove_if(groups->begin(), groups->end(),
                                     [](int g) { return IsSensitiveGroup(g); }),
                      groups->end());
      }
      *resp->add_applicants() = std::move(r);
    }
    resp->set_next_page_token(PageToken(found.next_before_seq));
    return absl::OkStatus();
  }();
  reactor->Finish(ToGrpcStatus(s));
  return reactor;
}

}  // namespace jobmatch::events
