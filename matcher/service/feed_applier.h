// Keeps the index current from the events feed: entity changes are re-read
// through an EntitySource (the feed carries ids only), applications and hires
// update the index directly, live pushes fan out through the hub. Knows
// nothing of how events arrive (a Subscribe stream, or a test).
#ifndef JOBMATCH_MATCHER_SERVICE_FEED_APPLIER_H_
#define JOBMATCH_MATCHER_SERVICE_FEED_APPLIER_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "jobmatch/v1/events.pb.h"
#include "matcher/index/match_index.h"
#include "matcher/service/consistency_gate.h"
#include "matcher/service/live_push.h"

namespace jobmatch::matcher {

// Where changed posts and people are re-read from. nullopt: gone (removed,
// erased). Implementations must be thread-safe.
class EntitySource {
 public:
  virtual ~EntitySource() = default;
  virtual absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string& post_id) = 0;
  virtual absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string& profile_id) = 0;
  // A campaign changed: forget anything cached about it.
  virtual void CampaignChanged(const std::string& campaign_id) {}
  // Calls `post` for every current open or paused post and `seeker` for every
  // current person: the snapshot a new index starts from. The two may be
  // called at once from two threads (each from one). UNIMPLEMENTED when
  // the source has none (the index is then built by replaying the feed).
  virtual absl::Status ForEachCurrent(const std::function<void(PostRecord)>& post,
                                      const std::function<void(Seeker)>& seeker) {
    return absl::UnimplementedError("no snapshot");
  }
};

// Adds visit-recorded wanted occupations to `seeker` (visit_wants, and
// wanted_occupations after the person's own); true when a wish was new.
bool AddVisitWants(const std::vector<std::string>& codes, Seeker& seeker);

class FeedApplier {
 public:
  // A live push older than this when applied is not sent: the session it
  // belonged to is over, and a matcher catching up after a restart must not
  // show today's viewers yesterday's pushes.
  static constexpr int64_t kLivePushShelfLifeSeconds = 600;

  // All must outlive the applier; `hub` may be null (no live push), `gate`
  // too (no read waits for its writes). `now` is the hub's clock (unix seconds).
  FeedApplier(
      MatchIndex* index, EntitySource* source, LivePushHub* hub,
      LivePushHub::Clock now = [] { return absl::ToUnixSeconds(absl::Now()); },
      ConsistencyGate* gate = nullptr)
      : index_(index), source_(source), hub_(hub), now_(std::move(now)), gate_(gate) {}

  // Applies one event, in feed order, and records its cursor; then tells the
  // gate. An error (the source unreachable) leaves the cursor before the
  // event so it is retried.
  absl::Status Apply(const v1::Event& event);

  // The index reached its cursor without events (a snapshot or checkpoint).
  void Reached(int64_t cursor) {
    if (gate_ != nullptr) gate_->ReachCursor(cursor);
  }

 private:
  absl::Status ApplyToIndex(const v1::Event& event);

  MatchIndex* index_;
  EntitySource* source_;
  LivePushHub* hub_;
  LivePushHub::Clock now_;
  ConsistencyGate* gate_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_FEED_APPLIER_H_
