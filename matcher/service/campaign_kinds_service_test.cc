// Campaign kinds through a real in-process matcher server on port 0, for the
// RPCs whose own tests use no campaign rules: WatchMatches (a pushed post
// reaches only the viewers its campaign is for, and CZT graduates beyond
// their radius) and PlanCampaign (no pair outside the campaign's audience).
// RecommendPosts, RecommendSeekers, ExplainMatch and campaign edits through
// the feed are tested against the real services in
// tests/consistency/campaign_kinds_test.cc.
#include <grpcpp/grpcpp.h>

#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "matcher/domain/campaign_rules.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/matcher_service.h"
#include "matcher/service/testing/unreachable_source.h"
#include "services/common/server.h"

namespace jobmatch::matcher {
namespace {

constexpr GeoPt kLiling{113.50, 27.65};
constexpr GeoPt kChangsha{112.94, 28.23};  // ~85 km from 醴陵

Seeker Person(const std::string& id, const std::string& region, GeoPt home) {
  Seeker s;
  s.id = id;
  s.name = "王五";
  s.birth_yyyymmdd = 19950101;
  s.sex = 1;
  s.education = 5;
  s.residence = s.hukou = home;
  s.residence_region = s.hukou_region = region;
  s.wanted_occupations = {"6-18-02-04"};
  return s;
}

CampaignInfo Running(const std::string& id, int kind) {
  CampaignInfo c;
  c.id = id;
  c.name = id;
  c.kind = kind;
  c.start = synthetic::At().now - 86400;
  c.end = synthetic::At().now + 86400;
  return c;
}

PostRecord Post(const std::string& id, CampaignInfo campaign) {
  PostRecord p;
  p.id = id;
  p.employer_id = "emp-1";
  p.title = "焊工";
  p.occupation_code = "6-18-02-04";
  p.region_code = "430281";
  p.point = kLiling;
  p.openings = p.remaining = 3;
  p.create_time = synthetic::At().now - 86400;
  p.campaigns = {std::move(campaign)};
  return p;
}

class CampaignKindsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
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

  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
  LivePushHub hub_{&index_, [] { return synthetic::At().now; }, absl::Milliseconds(100)};
  MatcherService service_{&index_, &hub_, [] { return synthetic::At().now; }};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherService::Stub> stub_;
};

TEST_F(CampaignKindsServiceTest, LivePushReachesOnlyThoseTheCampaignIsFor) {
  // A live session for 醴陵 residents, and a CZT season's post pushed in it too.
  CampaignInfo live = Running("live", 4);
  live.rules = {{"醴陵本地", {"430281"}, 0}};
  index_.UpsertPost(Post("live-post", live));
  CampaignInfo czt = Running("czt", kCampaignCztGraduateSeason);
  czt.widened_area = {"4301", "4302", "4303"};
  index_.UpsertPost(Post("czt-post", czt));

  Seeker local = Person("local", "430281001", kLiling);
  Seeker neighbour = Person("neighbour", "430223001", kLiling);  // 攸县, as near
  Seeker graduate = Person("graduate", "430104001", kChangsha);
  graduate.groups = GroupBit(kGroupGraduate);
  Seeker far = Person("far", "430104001", kChangsha);  // not a graduate
  for (const Seeker* s : {&local, &neighbour, &graduate, &far}) index_.UpsertSeeker(*s);

  struct Viewer {
    grpc::ClientContext ctx;
    std::thread reader;
    std::set<std::string> pushed;
    std::atomic<int> messages{0};
  };
  const std::vector<std::string> ids = {"local", "neighbour", "graduate", "far"};
  std::vector<std::unique_ptr<Viewer>> viewers;
  for (const std::string& id : ids) {
    auto v = std::make_unique<Viewer>();
    v->ctx.AddMetadata("jobmatch-role", "jobseeker");
    v->ctx.AddMetadata("jobmatch-subject", id);
    v1::WatchMatchesRequest request;
    request.set_profile_id(id);
    Viewer* raw = v.get();
    raw->reader = std::thread([this, raw, request] {
      auto stream = stub_->WatchMatches(&raw->ctx, request);
      v1::WatchMatchesResponse message;
      while (stream->Read(&message)) {
        if (message.has_pushed()) raw->pushed.insert(message.pushed().post_id());
        ++raw->messages;
      }
      stream->Finish();
    });
    viewers.push_back(std::move(v));
  }
  for (int i = 0; i < 500 && hub_.watcher_count() < ids.size(); ++i)
    absl::SleepFor(absl::Milliseconds(10));
  ASSERT_EQ(hub_.watcher_count(), ids.size());

  testing::UnreachableSource source;
  FeedApplier feed(&index_, &source, &hub_);
  int64_t cursor = 10;
  for (const char* post : {"live-post", "czt-post"}) {
    v1::Event event;
    event.set_cursor(++cursor);
    event.set_kind(v1::EVENT_KIND_LIVE_PUSH);
    event.set_post_id(post);
    event.mutable_live_push()->set_session_id("s1");
    event.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    ASSERT_TRUE(feed.Apply(event).ok());
  }
  // Every viewer hears something after the pushes (a keepalive at least).
  std::vector<int> before;
  for (auto& v : viewers) before.push_back(v->messages.load());
  for (int round = 0; round < 300; ++round) {
    bool all = true;
    for (size_t i = 0; i < viewers.size(); ++i) all = all && viewers[i]->messages > before[i];
    if (all) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  absl::SleepFor(absl::Milliseconds(100));
  for (auto& v : viewers) v->ctx.TryCancel();
  for (auto& v : viewers) v->reader.join();

  EXPECT_EQ(viewers[0]->pushed, (std::set<std::string>{"live-post", "czt-post"}));
  EXPECT_EQ(viewers[1]->pushed, (std::set<std::string>{"czt-post"}));  // not a 醴陵 resident
  EXPECT_EQ(viewers[2]->pushed, (std::set<std::string>{"czt-post"}));  // far, but a graduate
  EXPECT_TRUE(viewers[3]->pushed.empty());
}

TEST_F(CampaignKindsServiceTest, APlanPairsOnlyPeopleTheCampaignIsFor) {
  // Village outreach in 醴陵's 来龙门街道 alone (by registered home or residence).
  CampaignInfo village = Running("village", kCampaignVillageOutreach);
  village.regions = {"430281001"};
  index_.UpsertPost(Post("v1", village));
  index_.UpsertPost(Post("v2", village));
  index_.UpsertSeeker(Person("here", "430281001001", kLiling));
  Seeker returned = Person("returned", "430223001001", kLiling);
  returned.hukou_region = "430281001002";  // registered home in the area
  index_.UpsertSeeker(returned);
  index_.UpsertSeeker(Person("there", "430281002001", kLiling));

  v1::PlanCampaignRequest request;
  request.set_campaign_id("village");
  request.add_region_prefixes("4302");
  grpc::ClientContext ctx;
  ctx.AddMetadata("jobmatch-role", "admin");
  ctx.AddMetadata("jobmatch-subject", "staff");
  v1::PlanCampaignResponse response;
  grpc::Status s = stub_->PlanCampaign(&ctx, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::set<std::string> placed;
  for (const v1::PostPlan& post : response.posts()) {
    for (const v1::Assignment& a : post.assignments()) {
      placed.insert(a.profile_id());
      bool boosted = false;
      for (const v1::Reason& r : a.reasons()) {
        boosted = boosted || r.code() == v1::REASON_CODE_NEAR_HOME_CAMPAIGN;
      }
      EXPECT_TRUE(boosted) << a.profile_id() << " lives by the post";
    }
  }
  EXPECT_EQ(placed, (std::set<std::string>{"here", "returned"}));
}

}  // namespace
}  // namespace jobmatch::matcher
