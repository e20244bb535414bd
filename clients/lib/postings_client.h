// The postings service as jobctl and the tests call it: plain values in,
// absl::StatusOr out, with deadlines, credentials and safe retries from
// CallRunner. Mutating calls fill in a request id when the caller left it
// empty (set it yourself to make a retry across processes safe too).
// Mutations hand back the response's consistency token through
// `consistency_token` when given: pass it to a matcher read (consistency_tokens)
// to see the change there.
#ifndef JOBMATCH_CLIENTS_LIB_POSTINGS_CLIENT_H_
#define JOBMATCH_CLIENTS_LIB_POSTINGS_CLIENT_H_

#include <grpcpp/channel.h>

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/postings.grpc.pb.h"

namespace jobmatch::client {

// Thread-safe: the stub and the runner may be shared.
class PostingsClient {
 public:
  PostingsClient(std::shared_ptr<grpc::ChannelInterface> channel, ClientOptions options);

  absl::StatusOr<jobmatch::v1::Employer> CreateEmployer(jobmatch::v1::CreateEmployerRequest request,
                                                        std::string* consistency_token = nullptr);
  absl::StatusOr<jobmatch::v1::ListEmployersResponse> ListEmployers(
      const jobmatch::v1::ListEmployersRequest& request);
  absl::StatusOr<jobmatch::v1::Campaign> CreateCampaign(jobmatch::v1::CreateCampaignRequest request,
                                                        std::string* consistency_token = nullptr);
  absl::StatusOr<jobmatch::v1::Post> CreatePost(jobmatch::v1::CreatePostRequest request,
                                                std::string* consistency_token = nullptr);
  absl::StatusOr<jobmatch::v1::Post> GetPost(const std::string& post_id);
  absl::StatusOr<jobmatch::v1::Post> UpdatePost(jobmatch::v1::UpdatePostRequest request,
                                                std::string* consistency_token = nullptr);
  absl::StatusOr<jobmatch::v1::Post> ClosePost(jobmatch::v1::ClosePostRequest request,
                                               std::string* consistency_token = nullptr);
  absl::StatusOr<jobmatch::v1::ListPostsResponse> ListPosts(
      const jobmatch::v1::ListPostsRequest& request);
  absl::StatusOr<jobmatch::v1::SearchPostsResponse> SearchPosts(
      const jobmatch::v1::SearchPostsRequest& request);

  // Streams `header` then every post. A stream that breaks (UNAVAILABLE,
  // DEADLINE_EXCEEDED) is sent again whole with the same header.request_id;
  // the import is idempotent by (source, external_id), so a repeat changes
  // nothing that the first stream already wrote. `on_sent(n)`, when given,
  // is called after each post is written (for a progress bar).
  absl::StatusOr<jobmatch::v1::ImportPostingsResponse> ImportPostings(
      jobmatch::v1::ImportHeader header, const std::vector<jobmatch::v1::Post>& posts,
      const std::function<void(size_t)>& on_sent = nullptr);

  jobmatch::v1::PostingsService::StubInterface* stub() { return stub_.get(); }
  const CallRunner& runner() const { return runner_; }

 private:
  std::unique_ptr<jobmatch::v1::PostingsService::StubInterface> stub_;
  CallRunner runner_;
};

}  // namespace jobmatch::client

#endif  // JOBMATCH_CLIENTS_LIB_POSTINGS_CLIENT_H_
