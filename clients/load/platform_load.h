// The requests of the platform-wide load, each sent asynchronously (gRPC's
// callback API) so the open-loop schedule never waits, and recorded with its
// latency from its due time. Requests are made from a fixture of real ids
// (people registered and posts listed before the run) by the call's sequence
// number, so a run is repeatable and no two applications name the same
// (person, post) pair.
#ifndef JOBMATCH_CLIENTS_LOAD_PLATFORM_LOAD_H_
#define JOBMATCH_CLIENTS_LOAD_PLATFORM_LOAD_H_

#include <grpcpp/channel.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/lib/call_runner.h"
#include "clients/load/latency.h"
#include "clients/load/mix.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/postings.grpc.pb.h"

namespace jobmatch::load {

// The ids and words requests are made of.
struct LoadFixture {
  std::vector<std::string> people;      // registered seekers
  std::vector<std::string> posts;       // open posts (reads, views, applications)
  std::vector<std::string> live_posts;  // posts the host pushes (its watchers fit them)
  std::vector<std::string> queries;     // search words
  std::string session_id;               // the live session pushed and watched
  std::string host_id;
};

// Where the calls go and as whom. `app` calls as the city app's backend
// (recommendations, reads, views, applications); `host` as the live host.
struct LoadTargets {
  std::shared_ptr<grpc::ChannelInterface> postings, events, matcher, host_events;
  client::ClientOptions app, host;
};

struct LoadOptions {
  absl::Duration deadline = absl::Seconds(5);  // per call; past it the call counts as failed
  int views_per_call = 10;                     // views in one RecordViews batch
  int recommend_page_size = 20;
  // The first application's pair number: give each run on the same data its
  // own range (a second application of a pair is ALREADY_EXISTS).
  int64_t first_application = 0;
};

// Thread-safe. Must outlive every call it started: WaitIdle before destroying.
class PlatformLoad {
 public:
  PlatformLoad(LoadTargets targets, LoadFixture fixture, LoadOptions options);

  // Starts call `seq` of `kind`, due at `due`, and returns at once; its answer
  // is recorded in `recorder`, which must outlive the call.
  void Issue(CallKind kind, int64_t seq, Clock::time_point due, LatencyRecorder* recorder);

  // Waits until no call is in flight, at most `timeout`; false if some still are.
  bool WaitIdle(absl::Duration timeout);

  // The feed cursor of every answered push and its due time on the wall
  // clock (the watchers stamp arrivals with absl::Now()), for the watchers'
  // arrival latency.
  std::map<int64_t, absl::Time> Pushes() const;
  void ForgetPushes();

  const LoadFixture& fixture() const { return fixture_; }

 private:
  template <typename Request, typename Response>
  struct Call;
  template <typename Request, typename Response, typename Start>
  void Launch(CallKind kind, Clock::time_point due, LatencyRecorder* recorder,
              const client::CallRunner& runner, Request request, Start start);

  LoadTargets targets_;
  LoadFixture fixture_;
  LoadOptions options_;
  client::CallRunner app_, host_;
  std::unique_ptr<v1::PostingsService::Stub> postings_;
  std::unique_ptr<v1::EventsService::Stub> events_, host_events_;
  std::unique_ptr<v1::MatcherService::Stub> matcher_;
  std::atomic<int64_t> applications_{0};

  mutable absl::Mutex mu_;
  int64_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<int64_t, absl::Time> pushes_ ABSL_GUARDED_BY(mu_);
};

// A well-mixed 64-bit hash of `x` (splitmix64's finaliser): picks fixture
// entries from sequence numbers.
uint64_t Mix64(uint64_t x);

}  // namespace jobmatch::load

#endif  // JOBMATCH_CLIENTS_LOAD_PLATFORM_LOAD_H_
