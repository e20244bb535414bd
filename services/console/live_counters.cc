#include "services/console/live_counters.h"

namespace jobmatch::console {
namespace {

client::ClientOptions FeedOptions(std::string feed_token) {
  client::ClientOptions options;
  options.identity.bearer_token = std::move(feed_token);
  return options;
}

}  // namespace

LiveCounters::LiveCounters(std::shared_ptr<grpc::Channel> events, std::string feed_token)
    : events_(std::move(events)), runner_(FeedOptions(std::move(feed_token))) {}

live::SessionCounters LiveCounters::Now(const std::string& session_id) {
  live::SessionCounter* follower;
  {
    absl::MutexLock lock(&mu_);
    auto& slot = followers_[session_id];
    if (slot == nullptr) {
      slot = std::make_unique<live::SessionCounter>(events_, &runner_, session_id);
    }
    follower = slot.get();
  }
  return follower->Now();
}

}  // namespace jobmatch::console
