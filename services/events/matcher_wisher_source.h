// WisherSource over gRPC: asks the matcher's MatcherWorkService.ListWishers,
// carrying the event's feed cursor as a consistency token so the matcher
// answers only once it has applied the post's change.
#ifndef JOBMATCH_SERVICES_EVENTS_MATCHER_WISHER_SOURCE_H_
#define JOBMATCH_SERVICES_EVENTS_MATCHER_WISHER_SOURCE_H_

#include <memory>

#include "grpcpp/channel.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "services/events/notifier.h"

namespace jobmatch::events {

class MatcherWisherSource final : public WisherSource {
 public:
  // `limit`: most people told about one post (1-1000).
  MatcherWisherSource(std::shared_ptr<grpc::Channel> matcher, int limit = 200)
      : stub_(v1::MatcherWorkService::NewStub(std::move(matcher))), limit_(limit) {}

  absl::StatusOr<Wishers> WishersOf(const std::string& post_id, int64_t cursor) override;

 private:
  std::unique_ptr<v1::MatcherWorkService::Stub> stub_;
  const int limit_;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_MATCHER_WISHER_SOURCE_H_
