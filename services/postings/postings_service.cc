#include "services/postings/postings_service.h"

#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/grpc_status.h"

namespace jobmatch::postings {
namespace {

// Copies a domain answer into the gRPC response, or converts its status.
template <typename T>
grpc::Status Answer(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status PostingsService::CreateEmployer(grpc::ServerContext* ctx,
                                             const v1::CreateEmployerRequest* req,
                                             v1::CreateEmployerResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.CreateEmployer(*req), resp);
}

grpc::Status PostingsService::GetEmployer(grpc::ServerContext* ctx,
                                          const v1::GetEmployerRequest* req,
                                          v1::GetEmployerResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.GetEmployer(*req), resp);
}

grpc::Status PostingsService::UpdateEmployer(grpc::ServerContext* ctx,
                                             const v1::UpdateEmployerRequest* req,
                                             v1::UpdateEmployerResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.UpdateEmployer(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::ListEmployers(grpc::ServerContext* ctx,
                                            const v1::ListEmployersRequest* req,
                                            v1::ListEmployersResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.ListEmployers(*req), resp);
}

grpc::Status PostingsService::CreateCampaign(grpc::ServerContext* ctx,
                                             const v1::CreateCampaignRequest* req,
                                             v1::CreateCampaignResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.CreateCampaign(*req), resp);
}

grpc::Status PostingsService::GetCampaign(grpc::ServerContext* ctx,
                                          const v1::GetCampaignRequest* req,
                                          v1::GetCampaignResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.GetCampaign(*req), resp);
}

grpc::Status PostingsService::UpdateCampaign(grpc::ServerContext* ctx,
                                             const v1::UpdateCampaignRequest* req,
                                             v1::UpdateCampaignResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.UpdateCampaign(*req), resp);
}

grpc::Status PostingsService::ListCampaigns(grpc::ServerContext* ctx,
                                            const v1::ListCampaignsRequest* req,
                                            v1::ListCampaignsResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.ListCampaigns(*req), resp);
}

grpc::Status PostingsService::CreatePost(grpc::ServerContext* ctx, const v1::CreatePostRequest* req,
                                         v1::CreatePostResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.CreatePost(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::GetPost(grpc::ServerContext* ctx, const v1::GetPostRequest* req,
                                      v1::GetPostResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.GetPost(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::UpdatePost(grpc::ServerContext* ctx, const v1::UpdatePostRequest* req,
                                         v1::UpdatePostResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.UpdatePost(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::ClosePost(grpc::ServerContext* ctx, const v1::ClosePostRequest* req,
                                        v1::ClosePostResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.ClosePost(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::ListPosts(grpc::ServerContext* ctx, const v1::ListPostsRequest* req,
                                        v1::ListPostsResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.ListPosts(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::SearchPosts(grpc::ServerContext* ctx,
                                          const v1::SearchPostsRequest* req,
                                          v1::SearchPostsResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(domain_.SearchPosts(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::ImportPostings(grpc::ServerContext* ctx,
                                             grpc::ServerReader<v1::ImportPostingsRequest>* reader,
                                             v1::ImportPostingsResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(importer_.Run([reader](v1::ImportPostingsRequest& m) { return reader->Read(&m); },
                              [ctx] { return ctx->IsCancelled(); }),
                resp);
}

grpc::Status PostingsService::ListPostsForReview(grpc::ServerContext* ctx,
                                                 const v1::ListPostsForReviewRequest* req,
                                                 v1::ListPostsForReviewResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(review_.ListPostsForReview(*req), resp);
}

grpc::Status PostingsService::ReviewPostOccupation(grpc::ServerContext* ctx,
                                                   const v1::ReviewPostOccupationRequest* req,
                                                   v1::ReviewPostOccupationResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(review_.ReviewPostOccupation(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::ListLearnedTitles(grpc::ServerContext* ctx,
                                                const v1::ListLearnedTitlesRequest* req,
                                                v1::ListLearnedTitlesResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(review_.ListLearnedTitles(*req), resp);
}

grpc::Status PostingsService::ListPostsForModeration(grpc::ServerContext* ctx,
                                                     const v1::ListPostsForModerationRequest* req,
                                                     v1::ListPostsForModerationResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(moderation_.ListPostsForModeration(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::ApprovePost(grpc::ServerContext* ctx,
                                          const v1::ApprovePostRequest* req,
                                          v1::ApprovePostResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(moderation_.ApprovePost(CallerFromContext(*ctx), *req), resp);
}

grpc::Status PostingsService::RejectPost(grpc::ServerContext* ctx, const v1::RejectPostRequest* req,
                                         v1::RejectPostResponse* resp) {
  const ScopedCallDeadline deadline(*ctx);
  return Answer(moderation_.RejectPost(CallerFromContext(*ctx), *req), resp);
}

}  // namespace jobmatch::postings
