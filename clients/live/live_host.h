// The live-stream host's side: pushing posts into a live session
// (PushLivePost), and live counters for the session read from the events
// feed (Subscribe): posts pushed, distinct viewers, views and applications
// of the pushed posts.
#ifndef JOBMATCH_CLIENTS_LIVE_LIVE_HOST_H_
#define JOBMATCH_CLIENTS_LIVE_LIVE_HOST_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/events.grpc.pb.h"

namespace jobmatch::live {

// Pushes posts in one session as one host. Thread-safe.
class LiveHost {
 public:
  // `runner` must outlive the host.
  LiveHost(std::shared_ptr<grpc::Channel> events, const client::CallRunner* runner,
           std::string host_id, std::string session_id);

  // Pushes `post_id`; returns the feed event (its cursor identifies the push).
  absl::StatusOr<v1::Event> Push(const std::string& post_id) const;

  const std::string& session_id() const { return session_id_; }

 private:
  std::unique_ptr<v1::EventsService::Stub> stub_;
  const client::CallRunner* runner_;
  std::string host_id_, session_id_;
};

struct SessionCounters {
  int64_t pushes = 0;        // posts pushed in the session
  int64_t viewers = 0;       // distinct people who viewed or applied to a pushed post
  int64_t views = 0;         // views of pushed posts, channel "live"
  int64_t applications = 0;  // applications to pushed posts, channel "live"
  int64_t cursor = 0;        // how far the feed has been read
};

// Follows the feed on its own thread (resubscribing after the last cursor
// read when the stream breaks) and counts what concerns one session.
// Views and applications count once their post has been pushed in the session.
class SessionCounter {
 public:
  // Counts from after `after_cursor` (0: the oldest event the feed keeps).
  // `runner` gives the identity (Subscribe is for staff and services) and
  // must outlive this.
  SessionCounter(std::shared_ptr<grpc::Channel> events, const client::CallRunner* runner,
                 std::string session_id, int64_t after_cursor = 0);
  ~SessionCounter();  // stops following

  SessionCounters Now() const;
  // Blocks until the feed has been read up to `cursor` or `timeout` passes;
  // true if it has.
  bool WaitForCursor(int64_t cursor, absl::Duration timeout) const;

 private:
  void Follow();
  void Count(const v1::Event& event) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::unique_ptr<v1::EventsService::Stub> stub_;
  const client::CallRunner* runner_;
  const std::string session_id_;
  mutable absl::Mutex mu_;
  SessionCounters counters_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> pushed_posts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> viewers_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* current_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::thread thread_;
};

}  // namespace jobmatch::live

#endif  // JOBMATCH_CLIENTS_LIVE_LIVE_HOST_H_
