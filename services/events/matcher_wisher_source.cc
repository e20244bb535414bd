#include "services/events/matcher_wisher_source.h"

#include <chrono>

#include "grpcpp/client_context.h"
#include "services/common/consistency_token.h"
#include "services/common/grpc_status.h"

namespace jobmatch::events {

absl::StatusOr<Wishers> MatcherWisherSource::WishersOf(const std::string& post_id, int64_t cursor) {
  grpc::ClientContext ctx;
  // Development (plaintext) callers are named by metadata; under TLS the
  // channel's token says who calls and these are ignored.
  ctx.AddMetadata("jobmatch-role", "service");
  ctx.AddMetadata("jobmatch-subject", "notifier");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::ListWishersRequest request;
  request.set_post_id(post_id);
  request.set_limit(limit_);
  request.add_consistency_tokens(FeedToken(cursor));
  v1::ListWishersResponse response;
  const grpc::Status status = stub_->ListWishers(&ctx, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  Wishers out;
  out.title = response.title();
  for (const v1::Wisher& w : response.wishers()) out.profile_ids.push_back(w.profile_id());
  return out;
}

}  // namespace jobmatch::events
