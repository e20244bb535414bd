// Many live-stream viewers at once, the load for the live-push bar: one
// WatchMatches stream per seeker profile, each pushed post's arrival time
// recorded, and a view (and, for a share of viewers, an application) sent
// back to the events service for what arrives, as a viewer tapping would.
#ifndef JOBMATCH_CLIENTS_LIVE_VIEWER_SWARM_H_
#define JOBMATCH_CLIENTS_LIVE_VIEWER_SWARM_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"

namespace jobmatch::live {

// One pushed post reaching one viewer.
struct Arrival {
  int viewer = 0;  // index into the profile list
  int64_t cursor = 0;
  std::string post_id;
  absl::Time at;
};

struct SwarmOptions {
  std::string session_id;  // empty watches every session
  // Share of arrivals answered with a view / an application (channel "live").
  double view_share = 1.0;
  double apply_share = 0.1;
  int reply_threads = 4;  // threads sending views and applications
  int streams_per_channel = 500;
  // False: a hostile swarm whose streams never read (the server must cut
  // them off, not wait for them); Open() then does not wait for messages.
  bool read = true;
  // Identity for every call. With no bearer token (plaintext development
  // servers) each viewer calls as the jobseeker it is; with one, every call
  // carries it (a service token).
  client::ClientOptions client;
};

class ViewerSwarm {
 public:
  // `make_channel` gives a new channel to the matcher (several are used so
  // that thousands of streams spread over connections); `events` is where
  // views and applications go.
  ViewerSwarm(std::vector<std::string> profile_ids,
              std::function<std::shared_ptr<grpc::Channel>()> make_channel,
              std::shared_ptr<grpc::Channel> events, SwarmOptions options);
  ~ViewerSwarm();  // closes every stream and waits for replies sent

  // Opens every stream; returns once each has been accepted by the server
  // (its first message, a keepalive or a push, or its end has arrived), or at `timeout`.
  // Returns how many are open.
  int Open(absl::Duration timeout);
  // Waits until the number of arrivals reaches `count` or `timeout` passes.
  bool WaitForArrivals(size_t count, absl::Duration timeout);
  // Waits until the queued views and applications have been sent.
  void WaitForReplies();

  std::vector<Arrival> arrivals() const;
  int open_streams() const { return open_.load(); }
  int failed_streams() const { return failed_.load(); }
  // Why the first refused stream was refused ("" if none was).
  std::string first_refusal() const;
  int64_t views_sent() const { return views_sent_.load(); }
  int64_t applications_sent() const { return applications_sent_.load(); }
  int64_t reply_errors() const { return reply_errors_.load(); }

  // Whether viewer `viewer` answers the push at `cursor` with a view / an
  // application: a fixed draw per (viewer, push), so runs can be compared.
  bool Views(int viewer, int64_t cursor) const;
  bool Applies(int viewer, int64_t cursor) const;

 private:
  class Stream;
  friend class Stream;
  void Arrived(int viewer, const v1::WatchMatchesResponse& message);
  void Started(bool ok);
  void Refused(const grpc::Status& status);
  void ReplyLoop();

  std::vector<std::string> profile_ids_;
  std::function<std::shared_ptr<grpc::Channel>()> make_channel_;
  SwarmOptions options_;
  client::CallRunner runner_;
  std::unique_ptr<v1::EventsService::Stub> events_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<v1::MatcherService::Stub>> stubs_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::atomic<int> open_{0}, failed_{0}, started_{0};
  std::atomic<int64_t> views_sent_{0}, applications_sent_{0}, reply_errors_{0};

  mutable absl::Mutex mu_;
  std::vector<Arrival> arrivals_ ABSL_GUARDED_BY(mu_);
  std::string first_refusal_ ABSL_GUARDED_BY(mu_);
  std::deque<Arrival> replies_ ABSL_GUARDED_BY(mu_);
  int replying_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> reply_threads_;
};

// The q-quantile (0..1) of `values` (sorted in place), nearest rank; 0 if empty.
double Quantile(std::vector<double>& values, double q);

}  // namespace jobmatch::live

#endif  // JOBMATCH_CLIENTS_LIVE_VIEWER_SWARM_H_
