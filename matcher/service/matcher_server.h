// The matcher as jobmatch-matcher runs it, wired once for the binary and the
// tests: the index, its readiness, the gRPC service, the checkpoint and the
// events feed. The port opens first (Serve); GetReady then loads the
// checkpoint and starts following the feed, and the readiness turns SERVING
// once the index has caught up (readiness.h).
#ifndef JOBMATCH_MATCHER_SERVICE_MATCHER_SERVER_H_
#define JOBMATCH_MATCHER_SERVICE_MATCHER_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "matcher/index/match_index.h"
#include "matcher/service/checkpoint.h"
#include "matcher/service/consistency_gate.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/feed_follower.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "matcher/service/matcher_work_service.h"
#include "matcher/service/readiness.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/metrics/registry.h"
#include "services/common/server.h"
#include "services/common/stream_limits.h"

namespace jobmatch::matcher {

struct MatcherServerOptions {
  // The events feed to follow; null: none (an index that never changes).
  std::shared_ptr<grpc::Channel> events;
  // Posts and people (the postings and profiles services); not owned.
  EntitySource* source = nullptr;
  // Where the index is kept between runs, sealed under `checkpoint_key`; empty: nowhere.
  std::string checkpoint_file;
  std::optional<DataProtector> checkpoint_key;
  absl::Duration checkpoint_interval = absl::Seconds(30);
  absl::Duration keepalive = absl::Seconds(15);  // of idle WatchMatches streams
  StreamLimitOptions stream_limits;              // caps on open WatchMatches streams
  size_t watch_queue_limit = 256;                // see WatchLimits
  std::function<int64_t()> now;                  // unix seconds
  // How long a read waits for the writes its consistency tokens name.
  absl::Duration consistency_wait_limit = absl::Seconds(2);
  // A read waiting on an outbox not seen in the feed since start counts it
  // applied after this long (consistency_gate.h); below the wait limit.
  absl::Duration consistency_source_grace = absl::Seconds(1);
};

class MatcherServer {
 public:
  // `relations` must outlive the server.
  MatcherServer(const OccupationRelations* relations, MatcherServerOptions options);
  ~MatcherServer();  // Stop()

  // Adds the service, its health name and the readiness probe to `host`.
  void Serve(HostOptions* host);
  // Loads the checkpoint, if any (a missing or unreadable one only costs a
  // start from the services), and starts following the feed. Returns once
  // the follower is started, not once ready.
  void GetReady();
  // Stops following the feed, then writes the last checkpoint.
  void Stop();

  const MatchIndex& index() const { return index_; }
  const Readiness& readiness() const { return readiness_; }

 private:
  const MatcherServerOptions options_;
  MatchIndex index_;
  Readiness readiness_;
  LivePushHub hub_;
  StreamLimiter streams_;
  ConsistencyGate gate_;
  MatcherService service_;
  MatcherWorkService work_service_;
  std::unique_ptr<CheckpointWriter> checkpoints_;
  std::unique_ptr<FeedApplier> applier_;
  std::unique_ptr<FeedFollower> follower_;
  // The index's size and position (metrics); last, so unregistered first.
  std::vector<metrics::CallbackHandle> index_metrics_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_MATCHER_SERVER_H_
