// Who may work the review queue, through the real postings service behind TLS
// with RS256 tokens checked against the platform's policy table: employers,
// jobseekers and live hosts are refused every review RPC and change nothing;
// a recruiter lists, reviews (and is named as the reviewer) and sees the
// lesson. Its own binary: a process that has checked tokens never trusts
// plain metadata again.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/auth/host_security.h"
#include "services/common/auth/test_certs.h"
#include "services/common/auth/token.h"
#include "services/common/server.h"
#include "services/common/testing/test_database.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/postings_service.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings {
namespace {

using auth::testing::Certs;

std::string Token(Role role, const std::string& subject) {
  Caller caller{role, subject, {}, {}};
  if (role == Role::kRecruiter) caller.region_prefixes = {"430281"};
  if (role == Role::kLiveHost) caller.session_ids = {"live-1"};
  return auth::IssueToken(caller, {auth::kAudiencePostings}, absl::Now() + absl::Hours(1),
                          Certs().Read("token.key"))
      .value();
}

class ReviewAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HostOptions host;
    auth::ServerSecurityFlags flags;
    flags.tls_cert_file = Certs().File("server.pem");
    flags.tls_key_file = Certs().File("server.key");
    flags.token_public_key_file = Certs().File("token.pub");
    flags.audience = auth::kAudiencePostings;
    ASSERT_TRUE(auth::ApplyServerSecurity(flags, &host).ok());
    host.services = {&service_};
    host.shutdown_grace = absl::Milliseconds(300);
    auto started = ServiceHost::Start(std::move(host));
    ASSERT_TRUE(started.ok()) << started.status();
    host_ = *std::move(started);
    stub_ = v1::PostingsService::NewStub(grpc::CreateChannel(
        host_->target(), auth::TlsChannelCredentials({Certs().File("ca.pem"), "", ""}).value()));

    // An employer and one post waiting for review, made by an admin.
    const std::string admin = Token(Role::kAdmin, "admin-1");
    auto ctx = As(admin);
    v1::CreateEmployerRequest ereq;
    ereq.set_request_id("employer");
    *ereq.mutable_employer() = testing::SampleEmployer();
    v1::CreateEmployerResponse eresp;
    ASSERT_TRUE(stub_->CreateEmployer(ctx.get(), ereq, &eresp).ok());
    employer_id_ = eresp.employer().employer_id();
    v1::CreatePostRequest preq;
    preq.set_request_id("post");
    *preq.mutable_post() = testing::SamplePost(employer_id_);
    preq.mutable_post()->set_title("装配工");
    preq.mutable_post()->set_occupation_code("6");
    preq.mutable_post()->mutable_occupation_coding()->set_needs_review(true);
    preq.mutable_post()->mutable_occupation_coding()->set_method("major_group");
    preq.mutable_post()->mutable_occupation_coding()->set_confidence(0.2f);
    v1::CreatePostResponse presp;
    ctx = As(admin);
    ASSERT_TRUE(stub_->CreatePost(ctx.get(), preq, &presp).ok());
    post_ = presp.post();
  }
  void TearDown() override { host_->Shutdown(); }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token);
    return ctx;
  }

  // The three review RPCs as `token`'s caller; their status codes in order.
  std::vector<grpc::StatusCode> CallAll(const std::string& token, const std::string& request_id,
                                        v1::ReviewPostOccupationResponse* reviewed = nullptr,
                                        v1::ListLearnedTitlesResponse* learned = nullptr) {
    std::vector<grpc::StatusCode> out;
    v1::ListPostsForReviewResponse queue;
    out.push_back(stub_->ListPostsForReview(As(token).get(), {}, &queue).error_code());
    v1::ReviewPostOccupationRequest req;
    req.set_request_id(request_id);
    req.set_post_id(post_.post_id());
    req.set_occupation_code("6-20-01-01");
    v1::ReviewPostOccupationResponse resp;
    out.push_back(stub_->ReviewPostOccupation(As(token).get(), req, &resp).error_code());
    if (reviewed != nullptr) *reviewed = resp;
    v1::ListLearnedTitlesResponse titles;
    out.push_back(stub_->ListLearnedTitles(As(token).get(), {}, &titles).error_code());
    if (learned != nullptr) *learned = titles;
    return out;
  }

  jobmatch::testing::TestDatabase database_{"postings"};
  MysqlPostingsStore store_{&database_.db()};
  PostingsService service_{&store_};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::PostingsService::Stub> stub_;
  std::string employer_id_;
  v1::Post post_;
};

TEST_F(ReviewAuthTest, EmployersJobseekersAndLiveHostsAreRefusedAndChangeNothing) {
  const std::vector<grpc::StatusCode> denied(3, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CallAll(Token(Role::kEmployer, employer_id_), "as-employer"), denied);
  EXPECT_EQ(CallAll(Token(Role::kJobseeker, "P1"), "as-seeker"), denied);
  EXPECT_EQ(CallAll(Token(Role::kLiveHost, "host-1"), "as-host"), denied);
  EXPECT_EQ(CallAll(Token(Role::kAnalyst, "analyst-1"), "as-analyst"), denied);

  v1::GetPostRequest get;
  get.set_post_id(post_.post_id());
  v1::GetPostResponse got;
  ASSERT_TRUE(stub_->GetPost(As(Token(Role::kAdmin, "admin-1")).get(), get, &got).ok());
  EXPECT_EQ(got.post().version(), post_.version());
  EXPECT_TRUE(got.post().occupation_coding().needs_review());
}

TEST_F(ReviewAuthTest, ARecruiterWorksTheQueueAndIsNamedAsReviewer) {
  v1::ReviewPostOccupationResponse reviewed;
  v1::ListLearnedTitlesResponse learned;
  const std::vector<grpc::StatusCode> ok(3, grpc::StatusCode::OK);
  EXPECT_EQ(CallAll(Token(Role::kRecruiter, "r-1"), "as-recruiter", &reviewed, &learned), ok);
  EXPECT_EQ(reviewed.post().occupation_coding().reviewed_by(), "r-1");
  EXPECT_EQ(reviewed.post().occupation_code(), "6-20-01-01");
  ASSERT_EQ(learned.titles_size(), 1);
  EXPECT_EQ(learned.titles(0).normalised_title(), "装配工");
  EXPECT_EQ(learned.titles(0).taught_by(), "r-1");
}

}  // namespace
}  // namespace jobmatch::postings
