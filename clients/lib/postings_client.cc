#include "clients/lib/postings_client.h"

#include <utility>

namespace jobmatch::client {

using ::jobmatch::v1::PostingsService;

PostingsClient::PostingsClient(std::shared_ptr<grpc::ChannelInterface> channel,
                               ClientOptions options)
    : stub_(PostingsService::NewStub(std::move(channel))), runner_(std::move(options)) {}

absl::StatusOr<jobmatch::v1::Employer> PostingsClient::CreateEmployer(
    jobmatch::v1::CreateEmployerRequest request, std::string* consistency_token) {
  EnsureRequestId(&request);
  auto response =
      runner_.Unary(stub_.get(), &PostingsService::StubInterface::CreateEmployer, request);
  if (!response.ok()) return response.status();
  if (consistency_token != nullptr) *consistency_token = response->consistency_token();
  return std::move(*response->mutable_employer());
}

absl::StatusOr<jobmatch::v1::ListEmployersResponse> PostingsClient::ListEmployers(
    const jobmatch::v1::ListEmployersRequest& request) {
  return runner_.Unary(stub_.get(), &PostingsService::StubInterface::ListEmployers, request);
}

absl::StatusOr<jobmatch::v1::Campaign> PostingsClient::CreateCampaign(
    jobmatch::v1::CreateCampaignRequest request, std::string* consistency_token) {
  EnsureRequestId(&request);
  auto response =
      runner_.Unary(stub_.get(), &PostingsService::StubInterface::CreateCampaign, request);
  if (!response.ok()) return response.status();
  if (consistency_token != nullptr) *consistency_token = response->consistency_token();
  return std::move(*response->mutable_campaign());
}

absl::StatusOr<jobmatch::v1::Post> PostingsClient::CreatePost(
    jobmatch::v1::CreatePostRequest request, std::string* consistency_token) {
  EnsureRequestId(&request);
  auto response = runner_.Unary(stub_.get(), &PostingsService::StubInterface::CreatePost, request);
  if (!response.ok()) return response.status();
  if (consistency_token != nullptr) *consistency_token = response->consistency_token();
  return std::move(*response->mutable_post());
}

absl::StatusOr<jobmatch::v1::Post> PostingsClient::GetPost(const std::string& post_id) {
  jobmatch::v1::GetPostRequest request;
  request.set_post_id(post_id);
  auto response = runner_.Unary(stub_.get(), &PostingsService::StubInterface::GetPost, request);
  if (!response.ok()) return response.status();
  return std::move(*response->mutable_post());
}

absl::StatusOr<jobmatch::v1::Post> PostingsClient::UpdatePost(
    jobmatch::v1::UpdatePostRequest request, std::string* consistency_token) {
  EnsureRequestId(&request);
  auto response = runner_.Unary(stub_.get(), &PostingsService::StubInterface::UpdatePost, request);
  if (!response.ok()) return response.status();
  if (consistency_token != nullptr) *consistency_token = response->consistency_token();
  return std::move(*response->mutable_post());
}

absl::StatusOr<jobmatch::v1::Post> PostingsClient::ClosePost(jobmatch::v1::ClosePostRequest request,
                                                             std::string* consistency_token) {
  EnsureRequestId(&request);
  auto response = runner_.Unary(stub_.get(), &PostingsService::StubInterface::ClosePost, request);
  if (!response.ok()) return response.status();
  if (consistency_token != nullptr) *consistency_token = response->consistency_token();
  return std::move(*response->mutable_post());
}

absl::StatusOr<jobmatch::v1::ListPostsResponse> PostingsClient::ListPosts(
    const jobmatch::v1::ListPostsRequest& request) {
  return runner_.Unary(stub_.get(), &PostingsService::StubInterface::ListPosts, request);
}

absl::StatusOr<jobmatch::v1::SearchPostsResponse> PostingsClient::SearchPosts(
    const jobmatch::v1::SearchPostsRequest& request) {
  return runner_.Unary(stub_.get(), &PostingsService::StubInterface::SearchPosts, request);
}

absl::StatusOr<jobmatch::v1::ImportPostingsResponse> PostingsClient::ImportPostings(
    jobmatch::v1::ImportHeader header, const std::vector<jobmatch::v1::Post>& posts,
    const std::function<void(size_t)>& on_sent) {
  EnsureRequestId(&header);
  jobmatch::v1::ImportPostingsResponse response;
  absl::Status status = runner_.Run(
      [&](grpc::ClientContext* context) {
        response.Clear();
        auto writer = stub_->ImportPostings(context, &response);
        jobmatch::v1::ImportPostingsRequest message;
        *message.mutable_header() = header;
        bool open = writer->Write(message);
        for (size_t i = 0; open && i < posts.size(); ++i) {
          *message.mutable_post() = posts[i];
          open = writer->Write(message);
          if (open && on_sent) on_sent(i + 1);
        }
        // A failed Write means the stream is broken; Finish says why.
        if (open) writer->WritesDone();
        return writer->Finish();
      },
      nullptr, runner_.options().stream_deadline);
  if (!status.ok()) return status;
  return response;
}

}  // namespace jobmatch::client
