// Follows the events feed over gRPC: subscribes after the index's cursor,
// applies every event (re-reading changed posts and profiles from their
// services), and resubscribes from the last applied cursor after any failure,
// so no event is lost or applied twice out of order.
#ifndef JOBMATCH_MATCHER_SERVICE_FEED_FOLLOWER_H_
#define JOBMATCH_MATCHER_SERVICE_FEED_FOLLOWER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "jobmatch/v1/profiles.grpc.pb.h"
#include "matcher/domain/convert.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/readiness.h"
#include "services/common/metrics/feed_lag.h"

namespace jobmatch::matcher {

// Reads posts (with their campaigns) from the postings service and profiles
// from the profiles service, calling as the `service` role.
class GrpcEntitySource final : public EntitySource {
 public:
  using Clock = std::function<int64_t()>;
  // `czt_cities`: the area of CZT graduate seasons (CztCitiesFrom).
  GrpcEntitySource(std::shared_ptr<grpc::Channel> postings, std::shared_ptr<grpc::Channel> profiles,
                   RegionCentre centre, Clock now, std::vector<std::string> czt_cities = {});

  absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string& post_id) override;
  absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string& profile_id) override;
  void CampaignChanged(const std::string& campaign_id) override;
  // Lists posts on the calling thread and people on another, at once:
  // `post` and `seeker` may run concurrently, each on one thread.
  absl::Status ForEachCurrent(const std::function<void(PostRecord)>& post,
                              const std::function<void(Seeker)>& seeker) override;

 private:
  absl::Status ListPosts(const std::function<void(PostRecord)>& post);
  absl::Status ListPeople(const std::function<void(Seeker)>& seeker);
  absl::StatusOr<v1::Campaign> CampaignOf(const std::string& campaign_id);
  // `post` as the index holds it, with its campaigns (a campaign since
  // deleted is left out).
  absl::StatusOr<PostRecord> RecordOf(const v1::Post& post);

  std::unique_ptr<v1::PostingsService::Stub> postings_;
  std::unique_ptr<v1::ProfilesService::Stub> profiles_;
  RegionCentre centre_;
  Clock now_;
  const std::vector<std::string> czt_cities_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, v1::Campaign> campaigns_ ABSL_GUARDED_BY(mu_);
};

// A new index (cursor 0) given a `snapshot` source starts from it rather
// than from the feed's first event: it notes the feed's head, loads every
// current post and person, replays only the applications and hires up to
// the head (what people did is in the feed alone), and follows from the
// head. Changes racing with the snapshot are applied again after it, which
// re-reads them: harmless. Without a snapshot (UNIMPLEMENTED) the whole feed
// is replayed. Either way only events the feed still keeps are seen, so the
// snapshot is what keeps posts and people older than the retention.
//
// An index that starts with a cursor (loaded from a checkpoint) follows the
// feed from it, listing nothing; if the feed no longer reaches back to it
// (OUT_OF_RANGE), or has not reached it (a feed since reset), the index is
// cleared and starts from the snapshot.
//
// The snapshot's records go into the index at once (MatchIndex::Build).
// `readiness`, if given, is told what is being done and becomes ready once
// the index has reached the feed's head as it was at start: right after the
// snapshot start, or once a loaded checkpoint has caught up.
class FeedFollower {
 public:
  // `applier`, `index`, `snapshot` and `readiness` must outlive the
  // follower; `snapshot` may be null (replay the feed), `readiness` too.
  FeedFollower(std::shared_ptr<grpc::Channel> events, FeedApplier* applier, MatchIndex* index,
               EntitySource* snapshot = nullptr, Readiness* readiness = nullptr);
  ~FeedFollower();  // stops

  void Start();
  void Stop();

 private:
  void Run();
  // One Subscribe stream from the index's cursor, applying what it brings.
  enum class Followed { kStopping, kCursorExpired, kFailed };
  Followed Follow();
  // Starts the index from the snapshot (see above); false if it must be
  // tried again (stopping, or a service unreachable).
  bool StartFromSnapshot();
  // The feed's head: the cursor of the first keepalive of a stream from now.
  absl::StatusOr<int64_t> Head();
  // Makes `ctx` the call Stop() cancels; false (and nothing set) once
  // stopping. EndCall forgets it; false once stopping.
  bool BeginCall(grpc::ClientContext* ctx);
  bool EndCall();
  void Starting(std::string phase);
  // Ready once the cursor has reached `ready_at_` (set once the head is known).
  void MaybeReady();

  std::unique_ptr<v1::EventsService::Stub> events_;
  FeedApplier* applier_;
  MatchIndex* index_;
  EntitySource* snapshot_;
  Readiness* readiness_;
  int64_t ready_at_ = -1;  // the follower thread's own
  std::thread thread_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* current_ ABSL_GUARDED_BY(mu_) = nullptr;
  // The follower's progress (metrics): events applied, keepalives.
  metrics::FeedLag lag_{"matcher"};
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_FEED_FOLLOWER_H_
