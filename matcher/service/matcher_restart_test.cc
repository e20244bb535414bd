// A matcher restarted over a large index: the real events service in
// process (MariaDB), the matcher wired as jobmatch-matcher wires it
// (MatcherServer), posts and people from a source of 20,000 each. The
// restarted matcher listens at once and says NOT_SERVING (its RPCs
// UNAVAILABLE with a retry hint) until it has loaded its checkpoint and
// caught up with the feed; the moment it says SERVING it knows every
// application and hire, those made while it was down included (one behind
// a slow re-read of a post), each once.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <future>
#include <map>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/matcher_server.h"
#include "services/common/grpc_status.h"
#include "services/common/retry_hint.h"
#include "services/common/testing/temp_path.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::matcher {
namespace {

constexpr int kPosts = 20000;
constexpr int kPeople = 20000;
constexpr int kNotServing = 2;  // grpc.health.v1 HealthCheckResponse.ServingStatus
constexpr int kServing = 1;

// Generated posts and people, as the postings and profiles services would give them.
class SyntheticSource final : public EntitySource {
 public:
  SyntheticSource() {
    synthetic::Generator gen(11);
    for (int i = 0; i < kPosts; ++i) {
      PostRecord p = gen.Post(i);
      posts_[p.id] = std::move(p);
    }
    for (int i = 0; i < kPeople; ++i) {
      Seeker s = gen.Person(i);
      s.applied.clear();  // what people did comes from the feed alone
      s.hired.clear();
      seekers_[s.id] = std::move(s);
    }
  }
  // Re-reading "post-7" takes long, as a slow postings service would: what
  // comes after it in the feed waits.
  absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string& id) override {
    if (id == "post-7") absl::SleepFor(absl::Milliseconds(400));
    auto it = posts_.find(id);
    if (it == posts_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string& id) override {
    auto it = seekers_.find(id);
    if (it == seekers_.end()) return std::nullopt;
    return it->second;
  }
  absl::Status ForEachCurrent(const std::function<void(PostRecord)>& post,
                              const std::function<void(Seeker)>& seeker) override {
    ++listings;
    for (const auto& [id, p] : posts_) post(p);
    for (const auto& [id, s] : seekers_) seeker(s);
    return absl::OkStatus();
  }
  const PostRecord& post(const std::string& id) const { return posts_.at(id); }
  std::atomic<int> listings{0};

 private:
  std::map<std::string, PostRecord> posts_;
  std::map<std::string, Seeker> seekers_;
};

// grpc.health.v1.Health/Check of the whole server, through a generic stub
// (Debian ships no C++ stubs for the health proto): its status, -1 if the call failed.
int Health(const std::string& target) {
  grpc::GenericStub stub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Slice empty("", 0);
  const grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  if (!done.get_future().get().ok()) return -1;
  grpc::Slice slice;
  if (!response.DumpToSingleSlice(&slice).ok() || slice.size() != 2) return 0;
  return slice.begin()[0] == 0x08 ? slice.begin()[1] : 0;
}

class MatcherRestartTest : public ::testing::Test {
 protected:
  ~MatcherRestartTest() override { std::remove(path_.c_str()); }

  MatcherServerOptions Options() {
    MatcherServerOptions o;
    o.events = grpc::CreateChannel(events_.target(), grpc::InsecureChannelCredentials());
    o.source = &source_;
    o.checkpoint_file = path_;
    o.checkpoint_key = key_;
    o.checkpoint_interval = absl::Hours(1);  // saved on the way out only
    o.now = [] { return synthetic::At().now; };
    return o;
  }

  std::unique_ptr<ServiceHost> Host(MatcherServer& server) {
    HostOptions options;
    options.shutdown_grace = absl::Milliseconds(300);
    server.Serve(&options);
    auto host = ServiceHost::Start(std::move(options));
    EXPECT_TRUE(host.ok()) << host.status();
    return *std::move(host);
  }

  void Apply(const std::string& request_id, const std::string& person, const std::string& post) {
    grpc::ClientContext ctx;
    v1::SubmitApplicationRequest request;
    request.set_request_id(request_id);
    request.set_profile_id(person);
    request.set_post_id(post);
    v1::SubmitApplicationResponse response;
    const grpc::Status s = events_stub_->SubmitApplication(&ctx, request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void Hire(const std::string& request_id, const std::string& person, const std::string& post) {
    grpc::ClientContext ctx;
    v1::RecordHireRequest request;
    request.set_request_id(request_id);
    request.set_profile_id(person);
    request.set_post_id(post);
    request.mutable_hire()->set_on_site_channel("fair");  // placed on site; never applied
    v1::RecordHireResponse response;
    const grpc::Status s = events_stub_->RecordHire(&ctx, request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  events::testing::EventsSchemas schemas_;
  events::testing::EventsServer events_{schemas_, events::testing::TestOptions()};
  std::unique_ptr<v1::EventsService::Stub> events_stub_ = events_.NewStub();
  SyntheticSource source_;
  NoOccupationRelations relations_;
  const DataProtector key_ = DataProtector::Random(KeyUse::kMatcherCheckpoint);
  const std::string path_ = jobmatch::testing::TempPath("restart.checkpoint");
};

TEST_F(MatcherRestartTest, SaysNotServingUntilCaughtUpThenKnowsEveryApplicationAndHire) {
  for (const char* post : {"post-1", "post-2", "post-3", "post-4"}) schemas_.AddPost(post, 3);
  const int applicants_before = source_.post("post-1").applicants;

  // The first run starts from the source, then sees two applications and a hire.
  {
    MatcherServer first(&relations_, Options());
    std::unique_ptr<ServiceHost> host = Host(first);
    first.GetReady();
    for (int i = 0; i < 500 && !first.readiness().ready(); ++i)
      absl::SleepFor(absl::Milliseconds(10));
    ASSERT_TRUE(first.readiness().ready());
    EXPECT_EQ(first.index().post_count(), static_cast<size_t>(kPosts));
    Apply("a-1", "person-1", "post-1");
    Apply("a-2", "person-2", "post-1");
    Hire("h-1", "person-3", "post-2");
    const int64_t head = *events_.feed().Head();
    for (int i = 0; i < 500 && first.index().cursor() < head; ++i) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    ASSERT_EQ(first.index().cursor(), head);
    host->Shutdown();
    first.Stop();  // writes the checkpoint
  }
  ASSERT_EQ(source_.listings.load(), 1);

  // While it is down: another application to the same post, one elsewhere, a
  // post changed (slow to re-read), then a hire.
  Apply("a-3", "person-4", "post-1");
  Apply("a-4", "person-5", "post-3");
  v1::Event changed;
  changed.set_kind(v1::EVENT_KIND_POST_CHANGED);
  changed.set_post_id("post-7");
  schemas_.WriteOutbox(schemas_.postings(), changed);
  ASSERT_EQ(*events_.core().RelayOnce(), 1);
  Hire("h-2", "person-6", "post-4");

  MatcherServer second(&relations_, Options());
  std::unique_ptr<ServiceHost> host = Host(second);
  // Listening, not ready: health NOT_SERVING, calls UNAVAILABLE with a retry hint.
  EXPECT_EQ(Health(host->target()), kNotServing);
  {
    auto stub = v1::MatcherService::NewStub(
        grpc::CreateChannel(host->target(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    v1::RecommendPostsRequest request;
    request.set_profile_id("person-1");
    v1::RecommendPostsResponse response;
    const absl::Status refused = FromGrpcStatus(stub->RecommendPosts(&ctx, request, &response));
    EXPECT_TRUE(absl::IsUnavailable(refused)) << refused;
    ASSERT_TRUE(RetryDelayOf(refused).has_value()) << "no retry hint";
    EXPECT_GT(*RetryDelayOf(refused), absl::ZeroDuration());
  }

  // Getting ready (the checkpoint, then the feed) while health is watched.
  std::thread getting_ready([&second] { second.GetReady(); });
  std::vector<int> seen;
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while ((seen.empty() || seen.back() != kServing) && absl::Now() < give_up) {
    const int status = Health(host->target());
    if (seen.empty() || seen.back() != status) seen.push_back(status);
    if (status != kServing) absl::SleepFor(absl::Milliseconds(2));
  }
  getting_ready.join();
  ASSERT_EQ(seen.back(), kServing);
  for (size_t i = 0; i + 1 < seen.size(); ++i) EXPECT_EQ(seen[i], kNotServing) << "before SERVING";

  // SERVING means caught up: everything is there at once, nothing counted twice.
  const MatchIndex& index = second.index();
  EXPECT_EQ(source_.listings.load(), 1) << "the restart listed everything again";
  EXPECT_EQ(index.post_count(), static_cast<size_t>(kPosts));
  EXPECT_EQ(index.seeker_count(), static_cast<size_t>(kPeople));
  EXPECT_EQ(index.FindPost("post-1")->applicants, applicants_before + 3);
  for (const auto& [person, post] :
       std::vector<std::pair<std::string, std::string>>{{"person-1", "post-1"},
                                                        {"person-2", "post-1"},
                                                        {"person-4", "post-1"},
                                                        {"person-5", "post-3"}}) {
    EXPECT_TRUE(index.FindSeeker(person)->applied.contains(post)) << person << " -> " << post;
  }
  EXPECT_TRUE(index.FindSeeker("person-3")->hired.contains("post-2"));
  EXPECT_TRUE(index.FindSeeker("person-6")->hired.contains("post-4")) << "the hire while down";
  host->Shutdown();
  second.Stop();
}

}  // namespace
}  // namespace jobmatch::matcher
