// Fans live-pushed posts out to the viewers watching (WatchMatches): each
// viewer gets a pushed post only when eligible for it, at once, plus
// keepalives while idle. Transport-free: a viewer is a Sink the gRPC layer
// implements; tests and benchmarks can use their own.
#ifndef JOBMATCH_MATCHER_SERVICE_LIVE_PUSH_H_
#define JOBMATCH_MATCHER_SERVICE_LIVE_PUSH_H_

#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "jobmatch/v1/matcher.pb.h"
#include "matcher/index/match_index.h"

namespace jobmatch::matcher {

// One watching viewer's stream. Send must not block (queue and return) and
// may be called from any thread, but never twice at once for one sink.
// It returns false once the sink wants no more messages (its viewer fell
// too far behind and was cut off, or the stream ended): the hub then stops
// scoring it.
class WatchSink {
 public:
  virtual ~WatchSink() = default;
  virtual bool Send(const v1::WatchMatchesResponse& message) = 0;
};

// What one push reached, for the session's host: counts, never a person.
struct PushAudience {
  std::string post_id;
  int64_t cursor = 0;
  int64_t pushed_at = 0;  // unix seconds
  int watching = 0;       // viewers of the session when it was pushed
  int eligible = 0;       // of them, eligible for the post (each was sent it)
  // The same, judged without LOW_INCOME and DISABLED: what a host may be
  // told, since a post only those groups can take would otherwise say how
  // many of the host's viewers hold them.
  int eligible_public = 0;
};

struct SessionAudience {
  int watching = 0;                  // viewers of the session now
  std::vector<PushAudience> pushes;  // newest first
};

class LivePushHub {
 public:
  // Pushes remembered per session, and sessions remembered (the least
  // recently pushed are forgotten first).
  static constexpr size_t kPushesKept = 50;
  static constexpr size_t kSessionsKept = 2000;

  using Clock = std::function<int64_t()>;  // unix seconds
  // `index` must outlive the hub. Keepalives go to viewers idle for `keepalive`.
  LivePushHub(const MatchIndex* index, Clock now, absl::Duration keepalive);
  ~LivePushHub();

  // Registers a viewer; `session_id` empty means every session. Returns a
  // handle for Remove. The sink must stay valid until Remove returns; once
  // it has returned, no Send is running or will start.
  int64_t Add(std::string profile_id, std::string session_id, WatchSink* sink);
  void Remove(int64_t handle);
  size_t watcher_count() const;

  // A host pushed `post_id` in `session_id` at feed position `cursor`: sends
  // it to every watching viewer eligible for it. Returns how many got it.
  // The hub's lock is held only to copy the list of watchers: scoring and
  // sending run outside it, so Add and Remove (a viewer arriving or
  // leaving) never wait for a push to reach thousands of others.
  int Push(const std::string& post_id, const std::string& session_id, int64_t cursor);

  // The session's viewers now and what its recent pushes reached.
  SessionAudience Audience(const std::string& session_id) const;

 private:
  // Shared by the hub's list and any push or keepalive in progress, so that
  // Remove can take it off the list at once and then wait only for a Send
  // to this one viewer to end.
  struct Watcher {
    Watcher(int64_t id, std::string profile, std::string session, WatchSink* to)
        : handle(id), profile_id(std::move(profile)), session_id(std::move(session)), sink(to) {}
    const int64_t handle;
    const std::string profile_id;
    const std::string session_id;  // empty: every session
    bool Watches(const std::string& session) const {
      return session_id.empty() || session_id == session;
    }
    absl::Mutex mu;
    WatchSink* sink ABSL_GUARDED_BY(mu);  // null once removed or cut off
    absl::Time last_sent ABSL_GUARDED_BY(mu) = absl::Now();
  };
  void KeepaliveLoop();
  // The watchers registered now (for `session_id`, or all when null).
  std::vector<std::shared_ptr<Watcher>> Snapshot(const std::string* session_id) const;
  // Sends under the watcher's own lock; false if it is gone or cut off.
  static bool SendTo(Watcher& w, const v1::WatchMatchesResponse& message, absl::Time now);
  // Drops watchers whose sink refused a message.
  void Forget(const std::vector<int64_t>& handles);

  const MatchIndex* index_;
  Clock now_;
  absl::Duration keepalive_;
  mutable absl::Mutex mu_;
  int64_t next_handle_ ABSL_GUARDED_BY(mu_) = 1;
  absl::flat_hash_map<int64_t, std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  // Remembers a push's audience; its own lock, as Push holds none.
  void Remember(const std::string& session_id, PushAudience audience);

  mutable absl::Mutex audience_mu_;
  struct SessionPushes {
    std::deque<PushAudience> pushes;  // newest first
    int64_t last_cursor = 0;
  };
  absl::flat_hash_map<std::string, SessionPushes> audiences_ ABSL_GUARDED_BY(audience_mu_);
  absl::Notification stop_;
  std::thread keepalive_thread_;
};

// The PostMatch of an eligible pair, with reasons in words the caller may see.
v1::PostMatch ToPostMatch(const PostRecord& post, double score, double distance_km,
                          const std::vector<Reason>& reasons);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_LIVE_PUSH_H_
