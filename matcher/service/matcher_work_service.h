// The matcher's second gRPC face: ListWishers for the notifier (people to tell
// about a new post, by the matcher's own eligibility rules) and the 救助找人
// Worklist for recruiters and staff. The lists are built in work_lists.h.
#ifndef JOBMATCH_MATCHER_SERVICE_MATCHER_WORK_SERVICE_H_
#define JOBMATCH_MATCHER_SERVICE_MATCHER_WORK_SERVICE_H_

#include <functional>

#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/index/match_index.h"
#include "matcher/service/consistency_gate.h"
#include "matcher/service/readiness.h"

namespace jobmatch::matcher {

class MatcherWorkService final : public v1::MatcherWorkService::CallbackService {
 public:
  using Clock = std::function<int64_t()>;  // unix seconds
  // `index` must outlive the service; `readiness` and `gate` as for
  // MatcherService (null: always ready / tokens checked and not waited for).
  MatcherWorkService(const MatchIndex* index, Clock now, const Readiness* readiness = nullptr,
                     ConsistencyGate* gate = nullptr)
      : index_(index), now_(std::move(now)), readiness_(readiness), gate_(gate) {}

  grpc::ServerUnaryReactor* ListWishers(grpc::CallbackServerContext* context,
                                        const v1::ListWishersRequest* request,
                                        v1::ListWishersResponse* response) override;
  grpc::ServerUnaryReactor* Worklist(grpc::CallbackServerContext* context,
                                     const v1::WorklistRequest* request,
                                     v1::WorklistResponse* response) override;

 private:
  absl::Status ListWishersNow(const v1::ListWishersRequest& request,
                              v1::ListWishersResponse* response);
  absl::Status WorklistNow(grpc::CallbackServerContext* context, const v1::WorklistRequest& request,
                           v1::WorklistResponse* response);

  const MatchIndex* index_;
  Clock now_;
  const Readiness* readiness_;
  ConsistencyGate* gate_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_MATCHER_WORK_SERVICE_H_
