// The gRPC face of the postings service: turns each call into one domain call
// and the domain's status into a gRPC status. No rules live here.
#ifndef JOBMATCH_SERVICES_POSTINGS_POSTINGS_SERVICE_H_
#define JOBMATCH_SERVICES_POSTINGS_POSTINGS_SERVICE_H_

#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/postings/importer.h"
#include "services/postings/moderation.h"
#include "services/postings/postings.h"
#include "services/postings/review_queue.h"

namespace jobmatch::postings {

// Synchronous handlers: every call blocks on the database, so they run on
// gRPC's thread pool rather than its event loop. Thread-safe.
class PostingsService final : public v1::PostingsService::Service {
 public:
  // `store` is not owned and must outlive the service.
  explicit PostingsService(PostingsStore* store, ImportOptions import_options = {})
      : domain_(store), review_(store), moderation_(store), importer_(store, import_options) {}

  grpc::Status CreateEmployer(grpc::ServerContext*, const v1::CreateEmployerRequest*,
                              v1::CreateEmployerResponse*) override;
  grpc::Status GetEmployer(grpc::ServerContext*, const v1::GetEmployerRequest*,
                           v1::GetEmployerResponse*) override;
  grpc::Status UpdateEmployer(grpc::ServerContext*, const v1::UpdateEmployerRequest*,
                              v1::UpdateEmployerResponse*) override;
  grpc::Status ListEmployers(grpc::ServerContext*, const v1::ListEmployersRequest*,
                             v1::ListEmployersResponse*) override;
  grpc::Status CreateCampaign(grpc::ServerContext*, const v1::CreateCampaignRequest*,
                              v1::CreateCampaignResponse*) override;
  grpc::Status GetCampaign(grpc::ServerContext*, const v1::GetCampaignRequest*,
                           v1::GetCampaignResponse*) override;
  grpc::Status UpdateCampaign(grpc::ServerContext*, const v1::UpdateCampaignRequest*,
                              v1::UpdateCampaignResponse*) override;
  grpc::Status ListCampaigns(grpc::ServerContext*, const v1::ListCampaignsRequest*,
                             v1::ListCampaignsResponse*) override;
  grpc::Status CreatePost(grpc::ServerContext*, const v1::CreatePostRequest*,
                          v1::CreatePostResponse*) override;
  grpc::Status GetPost(grpc::ServerContext*, const v1::GetPostRequest*,
                       v1::GetPostResponse*) override;
  grpc::Status UpdatePost(grpc::ServerContext*, const v1::UpdatePostRequest*,
                          v1::UpdatePostResponse*) override;
  grpc::Status ClosePost(grpc::ServerContext*, const v1::ClosePostRequest*,
                         v1::ClosePostResponse*) override;
  grpc::Status ListPosts(grpc::ServerContext*, const v1::ListPostsRequest*,
                         v1::ListPostsResponse*) override;
  grpc::Status SearchPosts(grpc::ServerContext*, const v1::SearchPostsRequest*,
                           v1::SearchPostsResponse*) override;
  grpc::Status ImportPostings(grpc::ServerContext*,
                              grpc::ServerReader<v1::ImportPostingsRequest>* reader,
                              v1::ImportPostingsResponse*) override;
  grpc::Status ListPostsForReview(grpc::ServerContext*, const v1::ListPostsForReviewRequest*,
                                  v1::ListPostsForReviewResponse*) override;
  grpc::Status ReviewPostOccupation(grpc::ServerContext*, const v1::ReviewPostOccupationRequest*,
                                    v1::ReviewPostOccupationResponse*) override;
  grpc::Status ListLearnedTitles(grpc::ServerContext*, const v1::ListLearnedTitlesRequest*,
                                 v1::ListLearnedTitlesResponse*) override;
  grpc::Status ListPostsForModeration(grpc::ServerContext*,
                                      const v1::ListPostsForModerationRequest*,
                                      v1::ListPostsForModerationResponse*) override;
  grpc::Status ApprovePost(grpc::ServerContext*, const v1::ApprovePostRequest*,
                           v1::ApprovePostResponse*) override;
  grpc::Status RejectPost(grpc::ServerContext*, const v1::RejectPostRequest*,
                          v1::RejectPostResponse*) override;

 private:
  Postings domain_;
  ReviewQueue review_;
  Moderation moderation_;
  Importer importer_;
};

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_POSTINGS_SERVICE_H_
