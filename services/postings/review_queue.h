// The intake review queue, for bureau staff: the posts whose occupation code
// still needs a person (oldest first), one call to confirm or correct a code
// that also teaches the title, and the titles so taught. Which roles may call
// is decided centrally (services/common/auth policy). Knows nothing of gRPC or
// SQL; thread-safe if the store is.
#ifndef JOBMATCH_SERVICES_POSTINGS_REVIEW_QUEUE_H_
#define JOBMATCH_SERVICES_POSTINGS_REVIEW_QUEUE_H_

#include "absl/status/statusor.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/caller.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

class ReviewQueue {
 public:
  // `store` is not owned and must outlive this object.
  explicit ReviewQueue(PostingsStore* store) : store_(*store) {}

  // Live posts needing review, oldest first, in stable keyset pages.
  absl::StatusOr<v1::ListPostsForReviewResponse> ListPostsForReview(
      const v1::ListPostsForReviewRequest& req);
  // Codes the post (method "staff", reviewed by the caller), teaches its
  // normalised title, and codes the other queued posts of that title
  // (method "learned"), all in one transaction. A stale expected_version is
  // ABORTED; a closed or expired post FAILED_PRECONDITION.
  absl::StatusOr<v1::ReviewPostOccupationResponse> ReviewPostOccupation(
      const Caller& caller, const v1::ReviewPostOccupationRequest& req);
  // Lessons, most recently first taught first.
  absl::StatusOr<v1::ListLearnedTitlesResponse> ListLearnedTitles(
      const v1::ListLearnedTitlesRequest& req);

 private:
  PostingsStore& store_;
};

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_REVIEW_QUEUE_H_
