// LiveAudience through a real in-process server on port 0: a host's console
// learns how many viewers watch its session and how many each push reached,
// for its own sessions only, and never a count that moves with LOW_INCOME
// or DISABLED; bureau staff see the counts as delivered.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/matcher_service.h"
#include "matcher/service/matcher_work_service.h"
#include "matcher/service/testing/unreachable_source.h"
#include "services/common/server.h"
#include "services/common/testing/violation_fields.h"

namespace jobmatch::matcher {
namespace {

using ::testing::ElementsAre;

constexpr GeoPt kZhuzhou{113.13, 27.83};
constexpr int kLowIncome = 6;

Seeker Person(const std::string& id, int birth, GroupMask groups = 0) {
  Seeker s;
  s.id = id;
  s.name = "李四";
  s.birth_yyyymmdd = birth;
  s.sex = 1;
  s.education = 3;
  s.residence = s.hukou = kZhuzhou;
  s.residence_region = "430211";
  s.wanted_occupations = {"6-18-02-04"};
  s.groups = groups;
  return s;
}

// Up to 45, or to 70 for LOW_INCOME (a relaxation bureau staff may set).
PostRecord RelaxedPost(const std::string& id) {
  PostRecord p;
  p.id = id;
  p.employer_id = "emp-1";
  p.title = "保洁员";
  p.occupation_code = "6-18-02-04";
  p.region_code = "430211";
  p.point = kZhuzhou;
  p.max_age = 45;
  Relaxation r;
  r.group = kLowIncome;
  r.max_age = 70;
  p.relaxations.push_back(r);
  p.salary_min = 3000;
  p.salary_max = 4000;
  p.create_time = synthetic::At().now - 3600;
  return p;
}

// A viewer's stream, read on its own thread until cancelled.
struct Viewer {
  grpc::ClientContext ctx;
  std::thread reader;
  std::atomic<int> pushed{0};
};

class LiveAudienceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HostOptions options;
    options.services = {&service_, &work_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(*host);
    auto channel = grpc::CreateChannel(host_->target(), grpc::InsecureChannelCredentials());
    stub_ = v1::MatcherService::NewStub(channel);
    work_stub_ = v1::MatcherWorkService::NewStub(channel);
  }
  void TearDown() override {
    for (auto& v : viewers_) v->ctx.TryCancel();
    for (auto& v : viewers_) v->reader.join();
    host_->Shutdown();
  }

  Viewer* Watch(const std::string& profile_id, const std::string& session_id) {
    auto v = std::make_unique<Viewer>();
    v->ctx.AddMetadata("jobmatch-role", "jobseeker");
    v->ctx.AddMetadata("jobmatch-subject", profile_id);
    v1::WatchMatchesRequest request;
    request.set_profile_id(profile_id);
    request.set_session_id(session_id);
    Viewer* raw = v.get();
    raw->reader = std::thread([this, raw, request] {
      auto stream = stub_->WatchMatches(&raw->ctx, request);
      v1::WatchMatchesResponse message;
      while (stream->Read(&message)) {
        if (message.has_pushed()) ++raw->pushed;
      }
      stream->Finish();
    });
    viewers_.push_back(std::move(v));
    return raw;
  }
  void WaitForWatchers(size_t n) {
    for (int i = 0; i < 3000 && hub_.watcher_count() < n; ++i) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    ASSERT_EQ(hub_.watcher_count(), n);
  }
  void PushThroughFeed(const std::string& post_id, const std::string& session_id, int64_t cursor) {
    v1::Event event;
    event.set_cursor(cursor);
    event.set_kind(v1::EVENT_KIND_LIVE_PUSH);
    event.set_post_id(post_id);
    event.mutable_live_push()->set_session_id(session_id);
    event.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    ASSERT_TRUE(feed_.Apply(event).ok());
  }
  grpc::Status Audience(const std::string& role, const std::string& sessions,
                        const std::string& session_id, v1::LiveAudienceResponse* response) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", role);
    ctx.AddMetadata("jobmatch-subject", role + "-1");
    if (!sessions.empty()) ctx.AddMetadata("jobmatch-sessions", sessions);
    v1::LiveAudienceRequest request;
    request.set_session_id(session_id);
    return work_stub_->LiveAudience(&ctx, request, response);
  }

  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
  LivePushHub hub_{&index_, [] { return synthetic::At().now; }, absl::Milliseconds(100)};
  MatcherService service_{&index_, &hub_, [] { return synthetic::At().now; }};
  MatcherWorkService work_{&index_, &hub_, [] { return synthetic::At().now; }};
  testing::UnreachableSource source_;
  FeedApplier feed_{&index_, &source_, &hub_};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherService::Stub> stub_;
  std::unique_ptr<v1::MatcherWorkService::Stub> work_stub_;
  std::vector<std::unique_ptr<Viewer>> viewers_;
};

TEST_F(LiveAudienceTest, TheHostSeesWhomItsPushReachedButNotThroughASensitiveGroup) {
  index_.UpsertPost(RelaxedPost("live-1"));
  index_.UpsertSeeker(Person("young", 19950101));
  index_.UpsertSeeker(Person("older-low-income", 19600101, GroupBit(kLowIncome)));
  index_.UpsertSeeker(Person("older", 19600101));
  index_.UpsertSeeker(Person("elsewhere", 19950101));
  index_.UpsertSeeker(Person("everywhere", 19950101));
  Watch("young", "s-1");
  Viewer* relaxed = Watch("older-low-income", "s-1");
  Watch("older", "s-1");
  Watch("elsewhere", "s-2");
  Viewer* everywhere = Watch("everywhere", "");  // every session's pushes
  WaitForWatchers(5);

  v1::LiveAudienceResponse before;
  ASSERT_TRUE(Audience("live_host", "s-1", "s-1", &before).ok());
  EXPECT_EQ(before.watching(), 4) << "s-1's three viewers and the one watching every session";
  EXPECT_EQ(before.pushes_size(), 0);

  PushThroughFeed("live-1", "s-1", 77);
  for (int i = 0; i < 500 && (relaxed->pushed == 0 || everywhere->pushed == 0); ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_EQ(relaxed->pushed, 1) << "the relaxation lets the LOW_INCOME viewer take the post";

  // Staff: three viewers got the post (the young one, the relaxed one and
  // the one watching every session), of four watching.
  v1::LiveAudienceResponse staff;
  ASSERT_TRUE(Audience("admin", "", "s-1", &staff).ok());
  ASSERT_EQ(staff.pushes_size(), 1);
  EXPECT_EQ(staff.pushes(0).post_id(), "live-1");
  EXPECT_EQ(staff.pushes(0).cursor(), 77);
  EXPECT_EQ(staff.pushes(0).watching(), 4);
  EXPECT_EQ(staff.pushes(0).eligible_viewers(), 3);
  EXPECT_EQ(staff.pushes(0).pushed_at().seconds(), synthetic::At().now);

  // The host: the one who took it thanks to LOW_INCOME is not counted, so
  // comparing this with the viewers it knows says nothing about them.
  v1::LiveAudienceResponse host;
  ASSERT_TRUE(Audience("live_host", "s-0,s-1", "s-1", &host).ok());
  ASSERT_EQ(host.pushes_size(), 1);
  EXPECT_EQ(host.pushes(0).eligible_viewers(), 2);
  EXPECT_EQ(host.pushes(0).watching(), 4);
  EXPECT_EQ(host.watching(), 4);
}

TEST_F(LiveAudienceTest, AHostCannotReadAnotherHostsSession) {
  index_.UpsertPost(RelaxedPost("live-1"));
  index_.UpsertSeeker(Person("young", 19950101));
  Watch("young", "s-2");
  WaitForWatchers(1);
  PushThroughFeed("live-1", "s-2", 5);

  v1::LiveAudienceResponse response;
  EXPECT_EQ(Audience("live_host", "s-1", "s-2", &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Audience("live_host", "", "s-2", &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Roles that host no session at all: an employer, a viewer.
  EXPECT_EQ(Audience("employer", "s-2", "s-2", &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Audience("jobseeker", "s-2", "s-2", &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(response.pushes_size(), 0);
  ASSERT_TRUE(Audience("live_host", "s-2", "s-2", &response).ok());
  EXPECT_EQ(response.pushes_size(), 1);
}

TEST_F(LiveAudienceTest, TheSessionIdIsRequiredAndBounded) {
  v1::LiveAudienceResponse response;
  grpc::Status s = Audience("admin", "", "", &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(jobmatch::testing::ViolationFields(s), ElementsAre("session_id"));
  s = Audience("admin", "", std::string(41, 's'), &response);
  EXPECT_THAT(jobmatch::testing::ViolationFields(s), ElementsAre("session_id"));
}

TEST_F(LiveAudienceTest, TheNewestPushesAreKeptAndViewersWhoLeaveAreNotCounted) {
  index_.UpsertPost(RelaxedPost("live-1"));
  index_.UpsertSeeker(Person("young", 19950101));
  Viewer* v = Watch("young", "s-1");
  WaitForWatchers(1);
  const int pushes = static_cast<int>(LivePushHub::kPushesKept) + 10;
  for (int i = 1; i <= pushes; ++i) PushThroughFeed("live-1", "s-1", i);

  v1::LiveAudienceResponse response;
  ASSERT_TRUE(Audience("admin", "", "s-1", &response).ok());
  ASSERT_EQ(response.pushes_size(), static_cast<int>(LivePushHub::kPushesKept));
  EXPECT_EQ(response.pushes(0).cursor(), pushes) << "newest first";
  EXPECT_EQ(response.pushes(response.pushes_size() - 1).cursor(), 11);
  EXPECT_EQ(response.watching(), 1);

  v->ctx.TryCancel();
  for (int i = 0; i < 300 && hub_.watcher_count() > 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  ASSERT_TRUE(Audience("admin", "", "s-1", &response).ok());
  EXPECT_EQ(response.watching(), 0);
  EXPECT_EQ(response.pushes(0).watching(), 1) << "what a push reached stays as it was";
}

}  // namespace
}  // namespace jobmatch::matcher
