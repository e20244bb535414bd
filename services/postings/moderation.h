// Moderation (审核): posts written by employers are published only once
// bureau staff approve them. This file holds the staff calls (the queue,
// approve, reject) and the rules the other writers share: how a new or
// changed post is screened and whether it must (again) wait for review.
// Which roles may call is decided centrally (services/common/auth policy);
// recruiters act only within their assigned regions. Knows nothing of gRPC
// or SQL; thread-safe if the store is.
#ifndef JOBMATCH_SERVICES_POSTINGS_MODERATION_H_
#define JOBMATCH_SERVICES_POSTINGS_MODERATION_H_

#include "absl/status/statusor.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/caller.h"
#include "services/postings/post_store.h"
#include "services/postings/screening.h"

namespace jobmatch::postings {

class Moderation {
 public:
  // `store` is not owned and must outlive this object.
  explicit Moderation(PostingsStore* store) : store_(*store) {}

  // Posts awaiting review, oldest first, in stable keyset pages; a
  // recruiter's within their regions (PERMISSION_DENIED for a prefix outside).
  absl::StatusOr<v1::ListPostsForModerationResponse> ListPostsForModeration(
      const Caller& caller, const v1::ListPostsForModerationRequest& req);
  // PENDING_REVIEW or REJECTED -> OPEN, recording who and when; its feed
  // event lets the matcher serve it. FAILED_PRECONDITION from other states,
  // ABORTED on a stale expected_version.
  absl::StatusOr<v1::ApprovePostResponse> ApprovePost(const Caller& caller,
                                                      const v1::ApprovePostRequest& req);
  // PENDING_REVIEW, OPEN or PAUSED -> REJECTED with the reason its employer
  // sees. FAILED_PRECONDITION from other states, ABORTED on a stale version.
  absl::StatusOr<v1::RejectPostResponse> RejectPost(const Caller& caller,
                                                    const v1::RejectPostRequest& req);

 private:
  PostingsStore& store_;
};

// Screens `post` and records its flags in post.moderation. The county median
// of its occupation comes from `medians` when given (imports load them once),
// else from the store.
absl::Status ScreenForModeration(PostingsStore& store, const SalaryMedians* medians,
                                 v1::Post& post);
// Key of SalaryMedians.
std::string SalaryMedianKey(absl::string_view occupation_code, absl::string_view county);

// A post created by `caller`: an employer's post that would go live waits
// for review (PENDING_REVIEW); staff and services publish directly
// (NOT_REQUIRED). A draft stays a draft either way.
void SetCreatedModeration(const Caller& caller, v1::Post& post);
// An imported post: from a trusted source it is published (TRUSTED_SOURCE);
// from any other it waits for review like an employer's.
void SetImportedModeration(bool trusted_source, v1::Post& post);
// After an update by `caller` of `before` into `after` (screened): an
// employer's edit of a rejected post submits it again, and an employer's
// post going live without an approval, or gaining a flag its approval did
// not see, waits for review again.
void SettleUpdatedModeration(const Caller& caller, const v1::Post& before, v1::Post& after);

// PENDING_REVIEW or REJECTED.
bool AwaitsModeration(v1::PostState state);

// Whether `caller` may see `post`'s moderation and, while it awaits review or
// was rejected, the post at all: staff and services, and its own employer.
bool MaySeeModeration(const Caller& caller, const v1::Post& post);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_MODERATION_H_
