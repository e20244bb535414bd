// What one slow or hostile viewer may hold of the matcher, through a real
// in-process server: a caller past its cap of open WatchMatches streams is
// refused while others are still served, and a viewer that stops reading is
// cut off with a resume cursor while the others keep receiving every push.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <thread>

#include "absl/strings/numbers.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/matcher_service.h"
#include "services/common/grpc_status.h"
#include "services/common/retry_hint.h"
#include "services/common/server.h"

namespace jobmatch::matcher {
namespace {

constexpr GeoPt kZhuzhou{113.13, 27.83};

Seeker Person(const std::string& id) {
  Seeker s;
  s.id = id;
  s.name = "李四";
  s.birth_yyyymmdd = 19950101;
  s.sex = 1;
  s.education = 3;
  s.residence = s.hukou = kZhuzhou;
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
  p.create_time = synthetic::At().now - 86400;
  return p;
}

// A WatchMatches stream read on its own thread (or not read at all until
// `read` is set), keeping the cursors of the pushes it got.
struct Viewer {
  grpc::ClientContext ctx;
  std::thread thread;
  std::atomic<bool> read{true};
  std::atomic<int> pushes{0};
  std::vector<int64_t> cursors;  // the reader thread's until joined
  grpc::Status status;
};

class WatchLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_.UpsertPost(Post("live-1"));
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

  // Opens a stream for `profile_id` as (`role`, `subject`).
  std::unique_ptr<Viewer> Watch(const std::string& role, const std::string& subject,
                                const std::string& profile_id, bool read = true) {
    if (index_.FindSeeker(profile_id) == nullptr) index_.UpsertSeeker(Person(profile_id));
    auto v = std::make_unique<Viewer>();
    v->read = read;
    v->ctx.AddMetadata("jobmatch-role", role);
    v->ctx.AddMetadata("jobmatch-subject", subject);
    v1::WatchMatchesRequest request;
    request.set_profile_id(profile_id);
    Viewer* raw = v.get();
    // Each viewer on a connection of its own, as separate people are: one
    // stalled stream cannot then hold up another's connection window.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    // A small receive window, so that a stream nobody reads backs up soon.
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1024);
    auto stub = v1::MatcherService::NewStub(
        grpc::CreateCustomChannel(host_->target(), grpc::InsecureChannelCredentials(), args));
    raw->thread = std::thread([raw, request, stub = std::move(stub)] {
      auto stream = stub->WatchMatches(&raw->ctx, request);
      while (!raw->read.load()) absl::SleepFor(absl::Milliseconds(5));
      v1::WatchMatchesResponse message;
      while (stream->Read(&message)) {
        if (!message.has_pushed()) continue;
        raw->cursors.push_back(message.cursor());
        ++raw->pushes;
      }
      raw->status = stream->Finish();
    });
    return v;
  }

  bool WaitFor(const std::function<bool()>& done) {
    for (int i = 0; i < 1000; ++i) {
      if (done()) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return done();
  }

  static void Close(Viewer& v) {
    v.ctx.TryCancel();
    v.read = true;
    v.thread.join();
  }

  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
  LivePushHub hub_{&index_, [] { return synthetic::At().now; }, absl::Seconds(30)};
  StreamLimiter streams_{{/*max_streams=*/10, /*max_streams_per_caller=*/3}};
  MatcherService service_{&index_, &hub_, [] { return synthetic::At().now; }, nullptr,
                          WatchLimits{&streams_, /*queue_limit=*/8}};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::MatcherService::Stub> stub_;
};

TEST_F(WatchLimitsTest, CallerPastItsStreamCapIsRefusedWhileOthersAreServed) {
  std::vector<std::unique_ptr<Viewer>> held;
  for (int i = 0; i < 3; ++i) held.push_back(Watch("admin", "bot", "p-" + std::to_string(i)));
  ASSERT_TRUE(WaitFor([&] { return hub_.watcher_count() == 3; }));

  auto refused = Watch("admin", "bot", "p-9");
  refused->thread.join();
  EXPECT_EQ(refused->status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused->status.error_message();
  EXPECT_TRUE(RetryDelayOf(FromGrpcStatus(refused->status)).has_value()) << "a retry hint";
  EXPECT_EQ(hub_.watcher_count(), 3u);

  // Another caller is still served, and gets the push.
  auto other = Watch("jobseeker", "seeker-1", "seeker-1");
  ASSERT_TRUE(WaitFor([&] { return hub_.watcher_count() == 4; }));
  EXPECT_EQ(hub_.Push("live-1", "s-1", 101), 4);
  ASSERT_TRUE(WaitFor([&] { return other->pushes.load() == 1; }));

  // A closed stream gives its slot back: the capped caller may open one again.
  Close(*held[0]);
  ASSERT_TRUE(WaitFor([&] { return streams_.open_streams() == 3; }));
  auto again = Watch("admin", "bot", "p-9");
  ASSERT_TRUE(WaitFor([&] { return hub_.watcher_count() == 4; }));

  for (auto& v : held) {
    if (v->thread.joinable()) Close(*v);
  }
  Close(*other);
  Close(*again);
  ASSERT_TRUE(WaitFor([&] { return streams_.open_streams() == 0; })) << "every slot given back";
}

TEST_F(WatchLimitsTest, ViewerThatStopsReadingIsCutOffWithAResumeCursor) {
  auto fast = Watch("jobseeker", "fast", "fast");
  auto stalled = Watch("jobseeker", "stalled", "stalled", /*read=*/false);
  ASSERT_TRUE(WaitFor([&] { return hub_.watcher_count() == 2; }));

  // Push after push, each once the fast viewer has it: the stalled one's
  // flow-control window fills, then its queue, and it is cut off.
  int64_t cursor = 1000;
  int pushed = 0;
  while (hub_.watcher_count() == 2 && pushed < 50000) {
    hub_.Push("live-1", "s-1", ++cursor);
    ++pushed;
    ASSERT_TRUE(WaitFor([&] { return fast->pushes.load() == pushed; })) << "push " << pushed;
  }
  ASSERT_EQ(hub_.watcher_count(), 1u) << "the stalled viewer was never cut off";

  // The fast viewer goes on receiving.
  ASSERT_EQ(fast->status.error_code(), grpc::StatusCode::OK) << fast->status.error_message();
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(hub_.Push("live-1", "s-1", ++cursor), 1);
    ++pushed;
    ASSERT_TRUE(WaitFor([&] { return fast->pushes.load() == pushed; }));
  }

  // The stalled viewer, reading at last, gets what its stream took, then
  // RESOURCE_EXHAUSTED and the cursor to resume after: it has every push up
  // to that cursor, in order.
  stalled->read = true;
  stalled->thread.join();
  EXPECT_EQ(stalled->status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  const auto trailers = stalled->ctx.GetServerTrailingMetadata();
  auto it = trailers.find(kResumeCursorTrailer);
  ASSERT_NE(it, trailers.end()) << "no resume cursor";
  int64_t resume = 0;
  ASSERT_TRUE(absl::SimpleAtoi(std::string(it->second.data(), it->second.size()), &resume));
  EXPECT_GT(resume, 1000);
  EXPECT_LT(resume, cursor);
  ASSERT_GE(stalled->cursors.size(), static_cast<size_t>(resume - 1000));
  for (int64_t c = 1001; c <= resume; ++c) EXPECT_EQ(stalled->cursors[c - 1001], c);
  EXPECT_LT(stalled->cursors.size(), static_cast<size_t>(pushed)) << "it was cut off";

  Close(*fast);
  ASSERT_TRUE(WaitFor([&] { return streams_.open_streams() == 0; }));
}

}  // namespace
}  // namespace jobmatch::matcher
