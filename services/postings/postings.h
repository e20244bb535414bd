// The postings domain: validates requests, applies update masks and lifecycle
// rules, and asks the store to persist. Knows nothing of gRPC or SQL; every
// method returns the RPC's response or a status (INVALID_ARGUMENT carrying
// field violations for bad input). Thread-safe if the store is.
//
// Which roles may call each method is decided centrally (services/common/auth
// policy); the writes that take a `caller` also refuse an employer acting on
// another employer's record (PERMISSION_DENIED, nothing written).
#ifndef JOBMATCH_SERVICES_POSTINGS_POSTINGS_H_
#define JOBMATCH_SERVICES_POSTINGS_POSTINGS_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/caller.h"
#include "services/postings/page_token.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

class Postings {
 public:
  // `store` is not owned and must outlive this object.
  explicit Postings(PostingsStore* store) : store_(*store) {}

  absl::StatusOr<v1::CreateEmployerResponse> CreateEmployer(const v1::CreateEmployerRequest& req);
  absl::StatusOr<v1::GetEmployerResponse> GetEmployer(const v1::GetEmployerRequest& req);
  absl::StatusOr<v1::UpdateEmployerResponse> UpdateEmployer(const Caller& caller,
                                                            const v1::UpdateEmployerRequest& req);
  absl::StatusOr<v1::ListEmployersResponse> ListEmployers(const v1::ListEmployersRequest& req);

  absl::StatusOr<v1::CreateCampaignResponse> CreateCampaign(const v1::CreateCampaignRequest& req);
  absl::StatusOr<v1::GetCampaignResponse> GetCampaign(const v1::GetCampaignRequest& req);
  absl::StatusOr<v1::UpdateCampaignResponse> UpdateCampaign(const v1::UpdateCampaignRequest& req);
  absl::StatusOr<v1::ListCampaignsResponse> ListCampaigns(const v1::ListCampaignsRequest& req);

  absl::StatusOr<v1::CreatePostResponse> CreatePost(const Caller& caller,
                                                    const v1::CreatePostRequest& req);
  // A post awaiting review or rejected is NOT_FOUND for callers other than
  // staff and its employer; their review (post.moderation) is cleared for others.
  absl::StatusOr<v1::GetPostResponse> GetPost(const Caller& caller, const v1::GetPostRequest& req);
  // Closed and expired posts cannot be updated (FAILED_PRECONDITION); a stale
  // expected_version is ABORTED. state may be set to OPEN or PAUSED only.
  absl::StatusOr<v1::UpdatePostResponse> UpdatePost(const Caller& caller,
                                                    const v1::UpdatePostRequest& req);
  // An employer's edit may send the post (back) to review: see
  // SettleUpdatedModeration. A state change of a post awaiting review or
  // rejected is FAILED_PRECONDITION (staff decide with ApprovePost).
  // FAILED_PRECONDITION if already closed.
  absl::StatusOr<v1::ClosePostResponse> ClosePost(const Caller& caller,
                                                  const v1::ClosePostRequest& req);
  // Listing PENDING_REVIEW or REJECTED posts is PERMISSION_DENIED but for
  // staff, a recruiter's own region_prefix and an employer's own employer_id.
  absl::StatusOr<v1::ListPostsResponse> ListPosts(const Caller& caller,
                                                  const v1::ListPostsRequest& req);
  absl::StatusOr<v1::SearchPostsResponse> SearchPosts(const Caller& caller,
                                                      const v1::SearchPostsRequest& req);

 private:
  // Reads a campaign for CheckNoSensitiveCampaigns (nullopt: no such campaign).
  std::function<absl::StatusOr<std::optional<v1::Campaign>>(const std::string&)> CampaignLookup();
  absl::StatusOr<PostPage> QueryPosts(const v1::PostFilter& filter, const SearchQuery& search,
                                      int page_size, const std::string& page_token,
                                      std::string* next_token);
  PostingsStore& store_;
};

// The store's idempotency key for `req`: its request_id, `method`, and the
// hash of the request with request_id cleared.
// `outbox_id`, if given, receives the change's outbox position (Idempotency).
template <typename Request>
Idempotency IdempotencyOf(const Request& req, const char* method, int64_t* outbox_id = nullptr) {
  Request copy = req;
  copy.clear_request_id();
  return Idempotency{req.request_id(), method, StableHash(copy.SerializeAsString()), outbox_id};
}

// The consistency token of a change that reached `outbox_id` in `store`'s outbox.
std::string ConsistencyTokenOf(const PostingsStore& store, int64_t outbox_id);

// A post as the store should keep it: region code canonical, output-only
// fields cleared. Shared by CreatePost and the importer.
void NormalizePost(v1::Post& post);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_POSTINGS_H_
