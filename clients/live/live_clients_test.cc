// The live clients against real in-process services: the events service on
// MariaDB and the matcher following its feed over gRPC. A host's push
// reaches the eligible watchers of the session and no one else, viewers'
// views and applications come back through the events service, and the
// host's counters move with them.
#include <gmock/gmock.h>

#include <set>

#include "clients/live/live_host.h"
#include "clients/live/viewer_swarm.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/feed_follower.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "services/common/server.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::live {
namespace {

using matcher::GeoPt;
using matcher::PostRecord;
using matcher::Seeker;

constexpr GeoPt kZhuzhou{113.13, 27.83};
constexpr GeoPt kChangsha{112.98, 28.60};  // ~85 km away

Seeker Person(const std::string& id, int birth, GeoPt home) {
  Seeker s;
  s.id = id;
  s.name = "观众";
  s.birth_yyyymmdd = birth;
  s.sex = 1;
  s.education = 3;
  s.residence = s.hukou = home;
  s.residence_region = "430211";
  s.wanted_occupations = {"6-18-02-04"};
  return s;
}

PostRecord Post(const std::string& id) {
  PostRecord p;
  p.id = id;
  p.employer_id = "emp-1";
  p.title = "焊工";
  p.occupation_code = "6-18-02-04";
  p.region_code = "430211";
  p.point = kZhuzhou;
  p.max_age = 45;
  p.salary_min = 4000;
  p.salary_max = 6000;
  p.create_time = matcher::synthetic::At().now - 86400;
  return p;
}

// Entity changes do not happen in this test; only pushes, views and applications.
class NoSource final : public matcher::EntitySource {
 public:
  absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string&) override {
    return absl::UnavailableError("not in this test");
  }
  absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string&) override {
    return absl::UnavailableError("not in this test");
  }
};

client::ClientOptions As(const std::string& role, const std::string& subject,
                         std::vector<std::string> sessions = {}) {
  client::ClientOptions options;
  options.identity.role = role;
  options.identity.subject = subject;
  options.identity.session_ids = std::move(sessions);
  options.retry.initial_backoff = absl::Milliseconds(5);
  return options;
}

class LiveClientsTest : public ::testing::Test {
 protected:
  LiveClientsTest() {
    schemas_.AddPost("live-1", 20);
    schemas_.AddPost("live-2", 20);
    index_.UpsertPost(Post("live-1"));
    index_.UpsertPost(Post("live-2"));
    HostOptions options;
    options.services = {&service_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    EXPECT_TRUE(host.ok()) << host.status();
    matcher_host_ = *std::move(host);
    events_channel_ = grpc::CreateChannel(events_.target(), grpc::InsecureChannelCredentials());
    follower_ = std::make_unique<matcher::FeedFollower>(events_channel_, &applier_, &index_);
    follower_->Start();
  }
  ~LiveClientsTest() override {
    follower_->Stop();
    matcher_host_->Shutdown();
  }
  std::shared_ptr<grpc::Channel> MatcherChannel() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(matcher_host_->target(), grpc::InsecureChannelCredentials(),
                                     args);
  }

  events::testing::EventsSchemas schemas_;
  events::testing::EventsServer events_{schemas_, events::testing::TestOptions()};
  matcher::NoOccupationRelations relations_;
  matcher::MatchIndex index_{&relations_};
  matcher::LivePushHub hub_{&index_, [] { return matcher::synthetic::At().now; },
                            absl::Milliseconds(100)};
  matcher::MatcherService service_{&index_, &hub_, [] { return matcher::synthetic::At().now; }};
  NoSource source_;
  matcher::FeedApplier applier_{&index_, &source_, &hub_};
  std::unique_ptr<ServiceHost> matcher_host_;
  std::shared_ptr<grpc::Channel> events_channel_;
  std::unique_ptr<matcher::FeedFollower> follower_;
};

TEST_F(LiveClientsTest, APushReachesEligibleWatchersOnlyAndTheCountersMove) {
  constexpr int kViewers = 60;
  std::vector<std::string> ids;
  std::set<int> eligible;
  for (int i = 0; i < kViewers; ++i) {
    ids.push_back("viewer-" + std::to_string(i));
    // Every third is too old for the post, every fifth lives too far away.
    const bool too_old = i % 3 == 0, too_far = i % 5 == 0;
    index_.UpsertSeeker(
        Person(ids.back(), too_old ? 19600101 : 19950101, too_far ? kChangsha : kZhuzhou));
    if (!too_old && !too_far) eligible.insert(i);
  }
  SwarmOptions options;
  options.session_id = "s-1";
  options.view_share = 1.0;
  options.apply_share = 0.5;
  options.streams_per_channel = 25;
  ViewerSwarm swarm(
      ids, [this] { return MatcherChannel(); }, events_channel_, options);
  ASSERT_EQ(swarm.Open(absl::Seconds(10)), kViewers);

  const client::CallRunner staff(As("admin", "staff"));
  SessionCounter counter(events_channel_, &staff, "s-1");
  const client::CallRunner host_calls(As("live_host", "host-1", {"s-1"}));
  LiveHost host(events_channel_, &host_calls, "host-1", "s-1");
  absl::StatusOr<v1::Event> pushed = host.Push("live-1");
  ASSERT_TRUE(pushed.ok()) << pushed.status();
  EXPECT_EQ(pushed->live_push().session_id(), "s-1");

  ASSERT_TRUE(swarm.WaitForArrivals(eligible.size(), absl::Seconds(10)));
  // Give a wrong delivery the time to show up.
  absl::SleepFor(absl::Milliseconds(300));
  std::set<int> reached;
  for (const Arrival& a : swarm.arrivals()) {
    EXPECT_EQ(a.post_id, "live-1");
    EXPECT_EQ(a.cursor, pushed->cursor());
    EXPECT_TRUE(reached.insert(a.viewer).second) << "viewer " << a.viewer << " got it twice";
  }
  EXPECT_EQ(reached, eligible);

  swarm.WaitForReplies();
  EXPECT_EQ(swarm.reply_errors(), 0);
  int expected_applications = 0;
  for (int i : eligible) expected_applications += swarm.Applies(i, pushed->cursor()) ? 1 : 0;
  ASSERT_GT(expected_applications, 0);
  ASSERT_LT(expected_applications, static_cast<int>(eligible.size()));
  EXPECT_EQ(swarm.applications_sent(), expected_applications);

  SessionCounters now;
  for (int i = 0; i < 500; ++i) {
    now = counter.Now();
    if (now.views == static_cast<int64_t>(eligible.size()) &&
        now.applications == expected_applications)
      break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(now.pushes, 1);
  EXPECT_EQ(now.views, static_cast<int64_t>(eligible.size()));
  EXPECT_EQ(now.applications, expected_applications);
  EXPECT_EQ(now.viewers, static_cast<int64_t>(eligible.size()));
}

TEST_F(LiveClientsTest, PushesOfAnotherSessionAreNeitherDeliveredNorCounted) {
  index_.UpsertSeeker(Person("viewer-a", 19950101, kZhuzhou));
  SwarmOptions options;
  options.session_id = "s-1";
  ViewerSwarm swarm(
      {"viewer-a"}, [this] { return MatcherChannel(); }, events_channel_, options);
  ASSERT_EQ(swarm.Open(absl::Seconds(10)), 1);
  const client::CallRunner staff(As("admin", "staff"));
  SessionCounter counter(events_channel_, &staff, "s-1");

  const client::CallRunner other_calls(As("live_host", "host-2", {"s-2"}));
  LiveHost other(events_channel_, &other_calls, "host-2", "s-2");
  absl::StatusOr<v1::Event> elsewhere = other.Push("live-2");
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status();
  // A host cannot push into a session that is not theirs.
  LiveHost intruder(events_channel_, &other_calls, "host-2", "s-1");
  EXPECT_TRUE(absl::IsPermissionDenied(intruder.Push("live-1").status()));

  ASSERT_TRUE(counter.WaitForCursor(elsewhere->cursor(), absl::Seconds(10)));
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_TRUE(swarm.arrivals().empty());
  EXPECT_EQ(counter.Now().pushes, 0);
}

}  // namespace
}  // namespace jobmatch::live
