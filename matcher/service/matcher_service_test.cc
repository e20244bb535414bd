// MatcherService through a real in-process server on port 0: validation,
// who may ask what, masking for employers, explanations, and live push to
// many watchers (eligible ones get the post, the others do not).
#include "matcher/service/matcher_service.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/testing/unreachable_source.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/server.h"
#include "services/common/testing/violation_fields.h"

namespace jobmatch::matcher {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

Seeker Person(const std::string& id, int birth, GeoPt home) {
  Seeker s;
  s.id = id;
  s.name = "张三丰";
  s.birth_yyyymmdd = birth;
  s.sex = 1;
  s.education = 3;
  s.residence = s.hukou = home;
  s.residence_region = "430211";
  s.wanted_occupations = {"6-18-02-04"};
  return s;
}

PostRecord Post(const std::string& id, GeoPt at) {
  PostRecord p;
  p.id = id;
  p.employer_id = "emp-1";
  p.title = "焊工";
  p.occupation_code = "6-18-02-04";
  p.region_code = "430211";
  p.point = at;
  p.max_age = 45;
  p.salary_min = 4000;
  p.salary_max = 6000;
  p.create_time = synthetic::At().now - 86400;
  return p;
}

constexpr GeoPt kZhuzhou{113.13, 27.83};
constexpr GeoPt kChangsha{112.98, 28.60};  // ~85 km away

class MatcherServiceTest : public ::testing::Test {
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

  static void As(grpc::ClientContext& ctx, const std::string& role, const std::string& subject,
                 const std::string& regions = "") {
    ctx.AddMetadata("jobmatch-role", role);
    ctx.AddMetadata("jobmatch-subject", subject);
    if (!regions.empty()) ctx.AddMetadata("jobmatch-regions", regions);
  }

  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
  LivePushHub hub_{&index_, [] { return synthetic::At().now; }, absl::Milliseconds(100)};
  MatcherService service_{&index_, &hub_, [] { return synthetic::At().now; }};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherService::Stub> stub_;
};

using ::jobmatch::testing::ViolationFields;

TEST_F(MatcherServiceTest, InvalidRequestsNameEachField) {
  grpc::ClientContext a;
  As(a, "admin", "staff");
  v1::RecommendPostsRequest posts;
  posts.set_page_size(500);
  posts.set_page_token("x");
  v1::RecommendPostsResponse posts_response;
  grpc::Status s = stub_->RecommendPosts(&a, posts, &posts_response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), UnorderedElementsAre("profile_id", "page_size", "page_token"));

  grpc::ClientContext b;
  As(b, "admin", "staff");
  v1::RecommendSeekersRequest seekers;
  seekers.set_page_size(-1);
  seekers.set_key_group(static_cast<v1::KeyGroup>(99));
  v1::RecommendSeekersResponse seekers_response;
  s = stub_->RecommendSeekers(&b, seekers, &seekers_response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s), UnorderedElementsAre("post_id", "page_size", "key_group"));

  grpc::ClientContext c;
  As(c, "admin", "staff");
  v1::ExplainMatchResponse explain;
  s = stub_->ExplainMatch(&c, v1::ExplainMatchRequest(), &explain);
  EXPECT_THAT(ViolationFields(s), UnorderedElementsAre("profile_id", "post_id"));

  grpc::ClientContext d;
  As(d, "admin", "staff");
  v1::RecommendPostsRequest unknown;
  unknown.set_profile_id("nobody");
  EXPECT_EQ(stub_->RecommendPosts(&d, unknown, &posts_response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(MatcherServiceTest, RecommendPostsPagesThroughTheIndexOrder) {
  index_.UpsertSeeker(Person("me", 19900101, kZhuzhou));
  for (int i = 0; i < 30; ++i) {
    index_.UpsertPost(Post("post-" + std::to_string(i), {kZhuzhou.lng + 0.005 * i, kZhuzhou.lat}));
  }
  const auto expected = index_.TopPosts(*index_.FindSeeker("me"), synthetic::At(), {}, 30);
  ASSERT_EQ(expected.size(), 30u);
  std::vector<std::string> got;
  std::string token;
  for (int page = 0; page < 2; ++page) {
    grpc::ClientContext ctx;
    As(ctx, "jobseeker", "me");
    v1::RecommendPostsRequest request;
    request.set_profile_id("me");
    request.set_page_size(15);
    request.set_page_token(token);
    v1::RecommendPostsResponse response;
    ASSERT_TRUE(stub_->RecommendPosts(&ctx, request, &response).ok());
    for (const auto& m : response.matches()) {
      got.push_back(m.post_id());
      EXPECT_FALSE(m.reasons().empty());
    }
    token = response.next_page_token();
  }
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(got[i], expected[i].id());
  grpc::ClientContext other;
  As(other, "jobseeker", "someone-else");
  v1::RecommendPostsRequest request;
  request.set_profile_id("me");
  v1::RecommendPostsResponse response;
  EXPECT_EQ(stub_->RecommendPosts(&other, request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MatcherServiceTest, EmployersSeeMaskedPeopleWithoutSensitiveGroups) {
  Seeker s = Person("p1", 19900101, kZhuzhou);
  s.groups = GroupBit(v1::KEY_GROUP_LOW_INCOME) | GroupBit(v1::KEY_GROUP_GROUP_4050);
  index_.UpsertSeeker(s);
  PostRecord p = Post("post-1", kZhuzhou);
  p.target_groups = GroupBit(v1::KEY_GROUP_LOW_INCOME);
  index_.UpsertPost(p);

  grpc::ClientContext ctx;
  As(ctx, "employer", "emp-1");
  v1::RecommendSeekersRequest request;
  request.set_post_id("post-1");
  v1::RecommendSeekersResponse response;
  ASSERT_TRUE(stub_->RecommendSeekers(&ctx, request, &response).ok());
  ASSERT_EQ(response.matches_size(), 1);
  const v1::SeekerMatch& m = response.matches(0);
  EXPECT_EQ(m.display_name(), "张*");
  EXPECT_THAT(m.key_groups(), UnorderedElementsAre(v1::KEY_GROUP_GROUP_4050));
  for (const auto& r : m.reasons()) EXPECT_THAT(r.text(), Not(HasSubstr("低收入")));
  EXPECT_THAT(m.DebugString(), Not(HasSubstr("张三丰")));

  grpc::ClientContext filtered;
  As(filtered, "employer", "emp-1");
  request.set_key_group(v1::KEY_GROUP_LOW_INCOME);
  EXPECT_EQ(stub_->RecommendSeekers(&filtered, request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  grpc::ClientContext other_employer;
  As(other_employer, "employer", "emp-2");
  request.clear_key_group();
  EXPECT_EQ(stub_->RecommendSeekers(&other_employer, request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  grpc::ClientContext admin;
  As(admin, "admin", "staff");
  response.Clear();
  ASSERT_TRUE(stub_->RecommendSeekers(&admin, request, &response).ok());
  EXPECT_THAT(response.matches(0).key_groups(),
              UnorderedElementsAre(v1::KEY_GROUP_GROUP_4050, v1::KEY_GROUP_LOW_INCOME));
}

TEST_F(MatcherServiceTest, RecruitersWorkWithinTheirAssignedRegions) {
  Seeker here = Person("here", 19900101, kZhuzhou);  // lives in 430211
  Seeker away = Person("away", 19900101, kZhuzhou);
  away.residence_region = away.hukou_region = "430281";
  Seeker returning = Person("returning", 19900101, kZhuzhou);
  returning.residence_region = "440305";  // works in Shenzhen, registered at home
  returning.hukou_region = "430211";
  for (const Seeker& s : {here, away, returning}) index_.UpsertSeeker(s);
  index_.UpsertPost(Post("post-1", kZhuzhou));

  for (const char* id : {"here", "returning", "away"}) {
    SCOPED_TRACE(id);
    const auto expected =
        std::string(id) == "away" ? grpc::StatusCode::PERMISSION_DENIED : grpc::StatusCode::OK;
    grpc::ClientContext posts_ctx;
    As(posts_ctx, "recruiter", "r-1", "430211");
    v1::RecommendPostsRequest posts;
    posts.set_profile_id(id);
    v1::RecommendPostsResponse posts_response;
    EXPECT_EQ(stub_->RecommendPosts(&posts_ctx, posts, &posts_response).error_code(), expected);
    grpc::ClientContext explain_ctx;
    As(explain_ctx, "recruiter", "r-1", "430211");
    v1::ExplainMatchRequest explain;
    explain.set_profile_id(id);
    explain.set_post_id("post-1");
    v1::ExplainMatchResponse explain_response;
    EXPECT_EQ(stub_->ExplainMatch(&explain_ctx, explain, &explain_response).error_code(), expected);
  }

  // Candidates only from within their regions, asked for as a region filter.
  v1::RecommendSeekersRequest seekers;
  seekers.set_post_id("post-1");
  for (const char* prefix : {"", "43", "430281"}) {
    SCOPED_TRACE(prefix);
    grpc::ClientContext ctx;
    As(ctx, "recruiter", "r-1", "430211");
    seekers.set_region_prefix(prefix);
    v1::RecommendSeekersResponse response;
    EXPECT_EQ(stub_->RecommendSeekers(&ctx, seekers, &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(response.matches_size(), 0);
  }
  grpc::ClientContext ctx;
  As(ctx, "recruiter", "r-1", "430211");
  seekers.set_region_prefix("430211");
  v1::RecommendSeekersResponse response;
  ASSERT_TRUE(stub_->RecommendSeekers(&ctx, seekers, &response).ok());
  ASSERT_EQ(response.matches_size(), 1);
  EXPECT_EQ(response.matches(0).profile_id(), "here");
}

TEST_F(MatcherServiceTest, ExplainSaysWhyNotRuleByRule) {
  index_.UpsertSeeker(Person("old", 19740101, kZhuzhou));  // 52
  index_.UpsertPost(Post("post-1", kZhuzhou));
  grpc::ClientContext ctx;
  As(ctx, "jobseeker", "old");
  v1::ExplainMatchRequest request;
  request.set_profile_id("old");
  request.set_post_id("post-1");
  v1::ExplainMatchResponse response;
  ASSERT_TRUE(stub_->ExplainMatch(&ctx, request, &response).ok());
  EXPECT_FALSE(response.eligible());
  EXPECT_EQ(response.checks_size(), 13);
  int failed = 0;
  for (const auto& c : response.checks()) {
    if (c.passed()) continue;
    ++failed;
    EXPECT_EQ(c.rule(), v1::REASON_CODE_AGE);
    EXPECT_EQ(c.text(), "年龄52岁，要求16-45岁");
  }
  EXPECT_EQ(failed, 1);
  EXPECT_TRUE(response.reasons().empty());
}

// A viewer's stream, read on its own thread until cancelled.
struct Viewer {
  grpc::ClientContext ctx;
  std::thread reader;
  std::vector<v1::WatchMatchesResponse> pushed;
  std::atomic<int> messages{0};
};

TEST_F(MatcherServiceTest, LivePushReachesEligibleWatchersOnly) {
  constexpr int kViewers = 120;
  index_.UpsertPost(Post("live-1", kZhuzhou));
  std::vector<std::unique_ptr<Viewer>> viewers;
  std::vector<bool> should_get;
  for (int i = 0; i < kViewers; ++i) {
    const std::string id = "viewer-" + std::to_string(i);
    // Every third is too old, every fifth lives too far, every seventh
    // watches another session.
    const bool too_old = i % 3 == 0, too_far = i % 5 == 0, other_session = i % 7 == 0;
    index_.UpsertSeeker(Person(id, too_old ? 19600101 : 19950101, too_far ? kChangsha : kZhuzhou));
    should_get.push_back(!too_old && !too_far && !other_session);
    auto v = std::make_unique<Viewer>();
    As(v->ctx, "jobseeker", id);
    v1::WatchMatchesRequest request;
    request.set_profile_id(id);
    request.set_session_id(other_session ? "session-2" : "session-1");
    Viewer* raw = v.get();
    raw->reader = std::thread([this, raw, request] {
      auto stream = stub_->WatchMatches(&raw->ctx, request);
      v1::WatchMatchesResponse message;
      while (stream->Read(&message)) {
        if (message.has_pushed()) raw->pushed.push_back(message);
        ++raw->messages;
      }
      stream->Finish();
    });
    viewers.push_back(std::move(v));
  }
  for (int i = 0; i < 3000 && hub_.watcher_count() < kViewers; ++i)
    absl::SleepFor(absl::Milliseconds(10));
  ASSERT_EQ(hub_.watcher_count(), static_cast<size_t>(kViewers));

  // The push arrives as a feed event. One from an hour ago (a restarted
  // matcher catching up) goes to nobody; only the current one is delivered.
  testing::UnreachableSource source;
  FeedApplier feed(&index_, &source, &hub_);
  v1::Event event;
  event.set_cursor(76);
  event.set_kind(v1::EVENT_KIND_LIVE_PUSH);
  event.set_post_id("live-1");
  event.mutable_live_push()->set_session_id("session-1");
  event.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now() - absl::Hours(1)));
  ASSERT_TRUE(feed.Apply(event).ok());
  event.set_cursor(77);
  event.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  ASSERT_TRUE(feed.Apply(event).ok());
  EXPECT_EQ(index_.cursor(), 77);

  // Wait for every viewer to have heard something after the push (a
  // keepalive at least), so a wrong delivery would have shown up.
  std::vector<int> seen_before;
  for (auto& v : viewers) seen_before.push_back(v->messages.load());
  for (int round = 0; round < 300; ++round) {
    bool all = true;
    for (int i = 0; i < kViewers; ++i) all = all && viewers[i]->messages.load() > seen_before[i];
    if (all) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  absl::SleepFor(absl::Milliseconds(100));
  for (auto& v : viewers) v->ctx.TryCancel();
  for (auto& v : viewers) v->reader.join();

  int delivered = 0;
  for (int i = 0; i < kViewers; ++i) {
    if (should_get[i]) {
      ASSERT_EQ(viewers[i]->pushed.size(), 1u) << "viewer " << i;
      const auto& m = viewers[i]->pushed[0];
      EXPECT_EQ(m.pushed().post_id(), "live-1");
      EXPECT_EQ(m.session_id(), "session-1");
      EXPECT_EQ(m.cursor(), 77);
      ++delivered;
    } else {
      EXPECT_TRUE(viewers[i]->pushed.empty()) << "viewer " << i;
    }
  }
  EXPECT_GT(delivered, kViewers / 3);
  for (int i = 0; i < 200 && hub_.watcher_count() > 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(hub_.watcher_count(), 0u) << "closed streams leave the hub";
}

}  // namespace
}  // namespace jobmatch::matcher
