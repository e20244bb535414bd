#include "services/events/notifier_setup.h"

#include "grpcpp/create_channel.h"

namespace jobmatch::events {

absl::Status NotifierSetup::Start(const NotifierConfig& config) {
  if (config.file.empty()) return absl::OkStatus();
  if (!config.matcher.empty()) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        auth::LoadClientCredentials(config.calling);
    if (!credentials.ok()) return credentials.status();
    wishers_ = std::make_unique<MatcherWisherSource>(
        grpc::CreateChannel(config.matcher, *std::move(credentials)));
  }
  gateway_ = std::make_unique<FileNotificationGateway>(config.file);
  notifier_ = std::make_unique<Notifier>(feed_, &store_, wishers_.get(), gateway_.get(),
                                         &directory_, NotifierOptions{});
  notifier_->Start();
  return absl::OkStatus();
}

}  // namespace jobmatch::events
