// The gRPC face of the matcher: validates requests, checks who may ask what,
// and turns index answers into jobmatch.v1 messages. The matching itself is
// in matcher/domain and matcher/index.
#ifndef JOBMATCH_MATCHER_SERVICE_MATCHER_SERVICE_H_
#define JOBMATCH_MATCHER_SERVICE_MATCHER_SERVICE_H_

#include <functional>

#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/index/match_index.h"
#include "matcher/service/consistency_gate.h"
#include "matcher/service/live_push.h"
#include "matcher/service/readiness.h"
#include "services/common/stream_limits.h"

namespace jobmatch::matcher {

// What one WatchMatches stream may hold.
struct WatchLimits {
  // Caps on open streams (process and per caller); null: none. Not owned.
  StreamLimiter* streams = nullptr;
  // Messages queued for one viewer, unwritten. A viewer that falls this far
  // behind (a slow or stalled reader) is cut off with RESOURCE_EXHAUSTED and
  // the trailer "jobmatch-resume-cursor", the feed cursor of the last
  // message its stream took (it reads the live pushes after it from the
  // events feed, then watches again); nobody else waits for it.
  size_t queue_limit = 256;
};

// Trailing metadata key of a cut-off watcher's resume cursor (see WatchLimits).
inline constexpr char kResumeCursorTrailer[] = "jobmatch-resume-cursor";

class MatcherService final : public v1::MatcherService::CallbackService {
 public:
  using Clock = std::function<int64_t()>;  // unix seconds
  // `index`, `hub` and `readiness` must outlive the service. Until
  // `readiness` says ready, every call is UNAVAILABLE with a retry hint; a
  // null `readiness` is always ready.
  // `gate`, if given, makes reads that carry consistency tokens wait for
  // them (consistency_gate.h); without one, tokens are checked and ignored.
  MatcherService(const MatchIndex* index, LivePushHub* hub, Clock now,
                 const Readiness* readiness = nullptr, WatchLimits watch = {},
                 ConsistencyGate* gate = nullptr)
      : index_(index),
        hub_(hub),
        now_(std::move(now)),
        readiness_(readiness),
        watch_(watch),
        gate_(gate) {}

  grpc::ServerUnaryReactor* RecommendPosts(grpc::CallbackServerContext* context,
                                           const v1::RecommendPostsRequest* request,
                                           v1::RecommendPostsResponse* response) override;
  grpc::ServerUnaryReactor* RecommendSeekers(grpc::CallbackServerContext* context,
                                             const v1::RecommendSeekersRequest* request,
                                             v1::RecommendSeekersResponse* response) override;
  grpc::ServerUnaryReactor* ExplainMatch(grpc::CallbackServerContext* context,
                                         const v1::ExplainMatchRequest* request,
                                         v1::ExplainMatchResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchMatchesResponse>* WatchMatches(
      grpc::CallbackServerContext* context, const v1::WatchMatchesRequest* request) override;
  grpc::ServerUnaryReactor* PlanCampaign(grpc::CallbackServerContext* context,
                                         const v1::PlanCampaignRequest* request,
                                         v1::PlanCampaignResponse* response) override;

 private:
  absl::Status Ready() const;
  // Finishes the call with `answer()` once the index reflects every one of
  // `consistency_tokens` (at once when there are none), or with why not;
  // `request`'s text and `fields` (its field checks) come first, before any
  // wait (AnswerAfterWrites, rpc_common.h).
  grpc::ServerUnaryReactor* AfterWrites(
      grpc::CallbackServerContext* context, const google::protobuf::Message& request,
      const absl::Status& fields,
      const google::protobuf::RepeatedPtrField<std::string>& consistency_tokens,
      std::function<absl::Status()> answer);
  absl::Status RecommendPostsNow(grpc::CallbackServerContext* context,
                                 const v1::RecommendPostsRequest* request,
                                 v1::RecommendPostsResponse* response);
  absl::Status RecommendSeekersNow(grpc::CallbackServerContext* context,
                                   const v1::RecommendSeekersRequest* request,
                                   v1::RecommendSeekersResponse* response);
  absl::Status ExplainMatchNow(grpc::CallbackServerContext* context,
                               const v1::ExplainMatchRequest* request,
                               v1::ExplainMatchResponse* response);
  absl::Status PlanCampaignNow(grpc::CallbackServerContext* context,
                               const v1::PlanCampaignRequest* request,
                               v1::PlanCampaignResponse* response);

  const MatchIndex* index_;
  LivePushHub* hub_;
  Clock now_;
  const Readiness* readiness_;
  const WatchLimits watch_;
  ConsistencyGate* gate_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_MATCHER_SERVICE_H_
