// Every matcher request's text goes through the shared check
// (services/common/text_checks.h): a control or bidirectional character in
// any string field is INVALID_ARGUMENT naming that field, through a real
// in-process server, before any lookup or wait; clean text still answers.
#include <grpcpp/grpcpp.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/matcher_service.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/server.h"
#include "services/common/testing/violation_fields.h"

namespace jobmatch::matcher {
namespace {

using ::testing::ElementsAre;

constexpr char kNewline[] = "430211\n";
constexpr char kBidi[] = "p-1\xE2\x80\xAE";  // U+202E RIGHT-TO-LEFT OVERRIDE

class RequestTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seeker s;
    s.id = "p-1";
    s.name = "张三丰";
    s.birth_yyyymmdd = 19950101;
    s.residence = s.hukou = {113.13, 27.83};
    s.residence_region = "430211";
    index_.UpsertSeeker(s);
    PostRecord p;
    p.id = "post-1";
    p.employer_id = "emp-1";
    p.title = "焊工";
    p.region_code = "430211";
    p.point = {113.13, 27.83};
    p.create_time = synthetic::At().now - 86400;
    index_.UpsertPost(p);

    HostOptions options;
    options.services = {&service_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(*host);
    stub_ = v1::MatcherService::NewStub(
        grpc::CreateChannel(host_->target(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { host_->Shutdown(); }

  static void AsStaff(grpc::ClientContext& ctx) {
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.AddMetadata("jobmatch-subject", "staff-1");
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }

  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
  LivePushHub hub_{&index_, [] { return synthetic::At().now; }, absl::Milliseconds(100)};
  MatcherService service_{&index_, &hub_, [] { return synthetic::At().now; }};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherService::Stub> stub_;
};

using ::jobmatch::testing::ViolationFields;

TEST_F(RequestTextTest, RecommendPostsChecksEveryString) {
  v1::RecommendPostsRequest req;
  req.set_profile_id("p-1");
  v1::RecommendPostsResponse resp;
  {
    grpc::ClientContext ctx;
    AsStaff(ctx);
    ASSERT_TRUE(stub_->RecommendPosts(&ctx, req, &resp).ok()) << "clean text answers";
  }
  req.set_region_prefix(kNewline);
  grpc::ClientContext ctx;
  AsStaff(ctx);
  const grpc::Status s = stub_->RecommendPosts(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("region_prefix"));
}

TEST_F(RequestTextTest, RecommendSeekersChecksEveryString) {
  v1::RecommendSeekersRequest req;
  req.set_post_id("post-1");
  req.set_region_prefix("4302\x1b[2J");  // an escape sequence
  v1::RecommendSeekersResponse resp;
  grpc::ClientContext ctx;
  AsStaff(ctx);
  const grpc::Status s = stub_->RecommendSeekers(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("region_prefix"));
}

TEST_F(RequestTextTest, ExplainMatchChecksEveryString) {
  v1::ExplainMatchRequest req;
  req.set_profile_id(kBidi);
  req.set_post_id("post-1");
  v1::ExplainMatchResponse resp;
  grpc::ClientContext ctx;
  AsStaff(ctx);
  const grpc::Status s = stub_->ExplainMatch(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("profile_id"));
}

TEST_F(RequestTextTest, PlanCampaignChecksEveryString) {
  v1::PlanCampaignRequest req;
  req.set_campaign_id("c-1\r\nforged log line");
  v1::PlanCampaignResponse resp;
  grpc::ClientContext ctx;
  AsStaff(ctx);
  const grpc::Status s = stub_->PlanCampaign(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("campaign_id"));
}

TEST_F(RequestTextTest, WatchMatchesIsRefusedBeforeTheStreamOpens) {
  v1::WatchMatchesRequest req;
  req.set_profile_id("p-1");
  req.set_session_id("live\xE2\x81\xA6-1");  // U+2066 LEFT-TO-RIGHT ISOLATE
  grpc::ClientContext ctx;
  AsStaff(ctx);
  auto stream = stub_->WatchMatches(&ctx, req);
  v1::WatchMatchesResponse message;
  EXPECT_FALSE(stream->Read(&message)) << "no keepalive: the stream never opened";
  const grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), ElementsAre("session_id"));
  EXPECT_EQ(hub_.watcher_count(), 0u);
}

}  // namespace
}  // namespace jobmatch::matcher
