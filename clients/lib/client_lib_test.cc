// The client library against a real in-process gRPC server on port 0: a
// PostingsService whose answers the test scripts (fail N times, be slow,
// refuse a field), recording what each attempt carried.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/lib/postings_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"

namespace jobmatch::client {
namespace {

using ::testing::SizeIs;

struct Attempt {
  std::string request_id;
  std::string role;
  std::string subject;
  std::string regions;
  std::string authorization;
  absl::Duration deadline_left;
  int posts = 0;  // posts received on an import stream
};

class ScriptedPostings final : public jobmatch::v1::PostingsService::Service {
 public:
  std::atomic<int> unavailable_first{0};  // this many attempts fail UNAVAILABLE
  std::atomic<int> slow_first{0};         // then this many sleep past the deadline
  std::atomic<bool> refuse_salary{false};

  std::vector<Attempt> attempts() {
    absl::MutexLock lock(&mu_);
    return attempts_;
  }

  grpc::Status CreatePost(grpc::ServerContext* context,
                          const jobmatch::v1::CreatePostRequest* request,
                          jobmatch::v1::CreatePostResponse* response) override {
    const int n = Record(context, request->request_id(), 0);
    if (grpc::Status s = Scripted(n); !s.ok()) return s;
    if (refuse_salary) {
      FieldViolations violations;
      violations.Add("post.salary.min_monthly_cny", "must not exceed max_monthly_cny");
      return ToGrpcStatus(violations.ToStatus());
    }
    response->mutable_post()->set_post_id("post-for-" + request->request_id());
    return grpc::Status::OK;
  }

  grpc::Status GetPost(grpc::ServerContext* context, const jobmatch::v1::GetPostRequest* request,
                       jobmatch::v1::GetPostResponse* response) override {
    const int n = Record(context, "", 0);
    if (grpc::Status s = Scripted(n); !s.ok()) return s;
    response->mutable_post()->set_post_id(request->post_id());
    return grpc::Status::OK;
  }

  grpc::Status ImportPostings(grpc::ServerContext* context,
                              grpc::ServerReader<jobmatch::v1::ImportPostingsRequest>* reader,
                              jobmatch::v1::ImportPostingsResponse* response) override {
    jobmatch::v1::ImportPostingsRequest message;
    std::string request_id;
    int posts = 0;
    while (reader->Read(&message)) {
      if (message.has_header()) request_id = message.header().request_id();
      if (message.has_post()) ++posts;
    }
    const int n = Record(context, request_id, posts);
    if (grpc::Status s = Scripted(n); !s.ok()) return s;
    response->set_received(posts);
    response->set_created(posts);
    return grpc::Status::OK;
  }

 private:
  int Record(grpc::ServerContext* context, const std::string& request_id, int posts) {
    Attempt a;
    a.request_id = request_id;
    a.posts = posts;
    const auto& md = context->client_metadata();
    const auto get = [&](const char* key) {
      auto it = md.find(key);
      return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
    };
    a.role = get("jobmatch-role");
    a.subject = get("jobmatch-subject");
    a.regions = get("jobmatch-regions");
    a.authorization = get("authorization");
    a.deadline_left = absl::FromChrono(context->deadline() - std::chrono::system_clock::now());
    absl::MutexLock lock(&mu_);
    attempts_.push_back(a);
    return static_cast<int>(attempts_.size());
  }

  grpc::Status Scripted(int attempt) {
    if (attempt <= unavailable_first) return {grpc::StatusCode::UNAVAILABLE, "restarting"};
    if (attempt <= unavailable_first + slow_first) {
      absl::SleepFor(absl::Seconds(4));  // far past the client's 500 ms deadline
    }
    return grpc::Status::OK;
  }

  absl::Mutex mu_;
  std::vector<Attempt> attempts_ ABSL_GUARDED_BY(mu_);
};

class ClientLibTest : public testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }
  void TearDown() override { server_->Shutdown(); }

  // Deadlines are generous so that a loaded machine does not add attempts.
  PostingsClient Client(int max_attempts = 4, absl::Duration deadline = absl::Seconds(5)) {
    ClientOptions options;
    options.deadline = deadline;
    options.stream_deadline = deadline;
    options.retry.max_attempts = max_attempts;
    options.retry.initial_backoff = absl::Milliseconds(5);
    options.identity.role = "recruiter";
    options.identity.subject = "r-17";
    options.identity.region_prefixes = {"430281", "430223"};
    options.identity.bearer_token = "tok";
    return PostingsClient(grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                                              grpc::InsecureChannelCredentials()),
                          options);
  }

  ScriptedPostings service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(ClientLibTest, RetriesUnavailableWithTheSameRequestIdAndCredentials) {
  service_.unavailable_first = 2;
  auto post = Client().CreatePost({});
  ASSERT_TRUE(post.ok()) << post.status();
  const auto attempts = service_.attempts();
  ASSERT_THAT(attempts, SizeIs(3));
  const std::string id = attempts[0].request_id;
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(post->post_id(), "post-for-" + id);
  for (const Attempt& a : attempts) {
    EXPECT_EQ(a.request_id, id);
    EXPECT_EQ(a.role, "recruiter");
    EXPECT_EQ(a.subject, "r-17");
    EXPECT_EQ(a.regions, "430281,430223");
    EXPECT_EQ(a.authorization, "Bearer tok");
    // The deadline travels as a timeout, rounded up on the wire.
    EXPECT_GT(a.deadline_left, absl::ZeroDuration());
    EXPECT_LE(a.deadline_left, absl::Seconds(5) + absl::Milliseconds(100));
  }
}

TEST_F(ClientLibTest, KeepsTheCallersOwnRequestId) {
  service_.unavailable_first = 1;
  jobmatch::v1::CreatePostRequest request;
  request.set_request_id("my-id-1");
  ASSERT_TRUE(Client().CreatePost(request).ok());
  const auto attempts = service_.attempts();
  ASSERT_THAT(attempts, SizeIs(2));
  EXPECT_EQ(attempts[0].request_id, "my-id-1");
  EXPECT_EQ(attempts[1].request_id, "my-id-1");
}

TEST_F(ClientLibTest, RetriesAfterTheDeadlinePasses) {
  service_.slow_first = 1;
  const absl::Time start = absl::Now();
  auto post = Client(4, absl::Milliseconds(500)).CreatePost({});
  ASSERT_TRUE(post.ok()) << post.status();
  // The client gave up on the slow first attempt rather than waiting for it.
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  const auto attempts = service_.attempts();
  ASSERT_GE(attempts.size(), 2u);
  for (const Attempt& a : attempts) EXPECT_EQ(a.request_id, attempts[0].request_id);
}

TEST_F(ClientLibTest, DoesNotRetryBadInputAndKeepsFieldViolations) {
  service_.refuse_salary = true;
  auto post = Client().CreatePost({});
  ASSERT_EQ(post.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(service_.attempts(), SizeIs(1));
  const google::rpc::BadRequest bad = BadRequestOf(post.status());
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "post.salary.min_monthly_cny");
}

TEST_F(ClientLibTest, GivesUpAfterMaxAttempts) {
  service_.unavailable_first = 100;
  auto post = Client(/*max_attempts=*/3).GetPost("p-1");
  EXPECT_EQ(post.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(service_.attempts(), SizeIs(3));
}

TEST_F(ClientLibTest, ReadsAreRetriedToo) {
  service_.unavailable_first = 1;
  auto post = Client().GetPost("p-9");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->post_id(), "p-9");
  EXPECT_THAT(service_.attempts(), SizeIs(2));
}

TEST_F(ClientLibTest, ImportStreamIsResentWholeWithTheSameRequestId) {
  service_.unavailable_first = 1;
  std::vector<jobmatch::v1::Post> posts(25);
  size_t sent = 0;
  jobmatch::v1::ImportHeader header;
  header.set_source("czt-fair-2026");
  auto response = Client().ImportPostings(header, posts, [&](size_t n) { sent = n; });
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->received(), 25);
  EXPECT_EQ(sent, 25u);
  const auto attempts = service_.attempts();
  ASSERT_THAT(attempts, SizeIs(2));
  EXPECT_EQ(attempts[0].request_id, attempts[1].request_id);
  EXPECT_EQ(attempts[0].request_id.size(), 32u);
  EXPECT_EQ(attempts[0].posts, 25);
  EXPECT_EQ(attempts[1].posts, 25);
}

TEST(ClientLibNoServerTest, UnreachableServerIsUnavailableAfterRetries) {
  ClientOptions options;
  options.deadline = absl::Seconds(2);
  options.retry.max_attempts = 2;
  options.retry.initial_backoff = absl::Milliseconds(1);
  // Port 1 on loopback: nothing listens there, so connecting is refused.
  PostingsClient client(grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()),
                        options);
  EXPECT_EQ(client.GetPost("p").status().code(), absl::StatusCode::kUnavailable);
}

TEST(NewRequestIdTest, IsFreshEachTime) {
  const std::string a = NewRequestId(), b = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace jobmatch::client
