#include "services/postings/review_queue.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_violations.h"
#include "services/common/status_macros.h"
#include "services/postings/occupation_coding.h"
#include "services/postings/page_token.h"
#include "services/postings/postings.h"
#include "services/postings/validation.h"

namespace jobmatch::postings {
namespace {

constexpr int kDefaultPageSize = 50;

}  // namespace

absl::StatusOr<v1::ListPostsForReviewResponse> ReviewQueue::ListPostsForReview(
    const v1::ListPostsForReviewRequest& req) {
  FieldViolations v;
  ValidateReviewQueueRequest(req, v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::ListPostsForReviewRequest key = req;
  key.clear_page_size();
  key.clear_page_token();
  const uint64_t hash = StableHash(absl::StrCat("review|", key.SerializeAsString()));
  JM_ASSIGN_OR_RETURN(int64_t after, SeqFromPageToken(req.page_token(), hash));
  ReviewQuery query{req.campaign_id(), req.region_prefix(), req.source(), after,
                    req.page_size() == 0 ? kDefaultPageSize : req.page_size()};
  JM_ASSIGN_OR_RETURN(PostPage page, store_.ListReviewQueue(query));
  v1::ListPostsForReviewResponse resp;
  for (auto& p : page.items) *resp.add_posts() = std::move(p);
  resp.set_next_page_token(PageTokenAfter(page.last_seq, hash));
  return resp;
}

absl::StatusOr<v1::ReviewPostOccupationResponse> ReviewQueue::ReviewPostOccupation(
    const Caller& caller, const v1::ReviewPostOccupationRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  ValidateReviewRequest(req, v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  const std::string reviewer = ActorName(caller);
  int64_t outbox_id = 0;
  absl::StatusOr<v1::ReviewPostOccupationResponse> resp = store_.ReviewOccupation(
      IdempotencyOf(req, "ReviewPostOccupation", &outbox_id), req.post_id(),
      [&](v1::Post& p) -> absl::Status {
        if (req.expected_version() != 0 && req.expected_version() != p.version()) {
          return absl::AbortedError(
              absl::StrCat("post is at version ", p.version(), ", not ", req.expected_version()));
        }
        if (p.state() == v1::POST_STATE_CLOSED || p.state() == v1::POST_STATE_EXPIRED) {
          return absl::FailedPreconditionError("a closed or expired post cannot be changed");
        }
        ApplyReview(req.occupation_code(), reviewer, absl::Now(), p);
        return absl::OkStatus();
      },
      reviewer,
      [&](v1::Post& p) {
        ApplyLesson(req.occupation_code(), p);
        return absl::OkStatus();
      });
  if (resp.ok()) resp->set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::ListLearnedTitlesResponse> ReviewQueue::ListLearnedTitles(
    const v1::ListLearnedTitlesRequest& req) {
  FieldViolations v;
  ValidatePageSize(req.page_size(), v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  const uint64_t hash = StableHash("learned_titles");
  JM_ASSIGN_OR_RETURN(int64_t before, SeqFromPageToken(req.page_token(), hash));
  JM_ASSIGN_OR_RETURN(
      auto page,
      store_.ListLearnedTitles(before, req.page_size() == 0 ? kDefaultPageSize : req.page_size()));
  v1::ListLearnedTitlesResponse resp;
  for (auto& t : page.items) *resp.add_titles() = std::move(t);
  resp.set_next_page_token(PageTokenAfter(page.last_seq, hash));
  return resp;
}

}  // namespace jobmatch::postings
