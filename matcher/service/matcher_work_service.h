// The matcher's second gRPC face: ListWishers for the notifier (people to tell
// about a new post, by the matcher's own eligibility rules), the 救助找人
// Worklist for recruiters and staff, and LiveAudience for live hosts'
// consoles (counted by the live hub). The lists are built in work_lists.h.
#ifndef JOBMATCH_MATCHER_SERVICE_MATCHER_WORK_SERVICE_H_
#define JOBMATCH_MATCHER_SERVICE_MATCHER_WORK_SERVICE_H_

#include <functional>

#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/index/match_index.h"
#include "matcher/service/consistency_gate.h"
#include "matcher/service/live_push.h"
#include "matcher/service/readiness.h"

namespace jobmatch::matcher {

class MatcherWorkService final : public v1::MatcherWorkService::CallbackService {
 public:
  using Clock = std::function<int64_t()>;  // unix seconds
  // `index` and `hub` must outlive the service (a null hub: no live push
  // here, LiveAudience is UNIMPLEMENTED); `readiness` and `gate` as for
  // MatcherService (null: always ready / tokens checked and not waited for).
  MatcherWorkService(const MatchIndex* index, const LivePushHub* hub, Clock now,
                     const Readiness* readiness = nullptr, ConsistencyGate* gate = nullptr)
      : index_(index), hub_(hub), now_(std::move(now)), readiness_(readiness), gate_(gate) {}

  grpc::ServerUnaryReactor* ListWishers(grpc::CallbackServerContext* context,
                                        const v1::ListWishersRequest* request,
                                        v1::ListWishersResponse* response) override;
  grpc::ServerUnaryReactor* Worklist(grpc::CallbackServerContext* context,
                                     const v1::WorklistRequest* request,
                                     v1::WorklistResponse* response) override;
  grpc::ServerUnaryReactor* LiveAudience(grpc::CallbackServerContext* context,
                                         const v1::LiveAudienceRequest* request,
                                         v1::LiveAudienceResponse* response) override;

 private:
  absl::Status ListWishersNow(const v1::ListWishersRequest& request,
                              v1::ListWishersResponse* response);
  absl::Status WorklistNow(grpc::CallbackServerContext* context, const v1::WorklistRequest& request,
                           v1::WorklistResponse* response);
  absl::Status LiveAudienceNow(grpc::CallbackServerContext* context,
                               const v1::LiveAudienceRequest& request,
                               v1::LiveAudienceResponse* response);

  const MatchIndex* index_;
  const LivePushHub* hub_;
  Clock now_;
  const Readiness* readiness_;
  ConsistencyGate* gate_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_MATCHER_WORK_SERVICE_H_
