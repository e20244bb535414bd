// jobmatch-matcher: serves MatcherService from the in-memory index, kept
// current by following the events feed.
#include <ctime>
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "matcher/index/match_index.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/feed_follower.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "matcher/service/refdata_adapters.h"
#include "services/common/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50054", "host:port to serve on");
ABSL_FLAG(std::string, events, "127.0.0.1:50053", "events service to follow; empty: no feed");
ABSL_FLAG(std::string, postings, "127.0.0.1:50051", "postings service, to re-read changed posts");
ABSL_FLAG(std::string, profiles, "127.0.0.1:50052", "profiles service, to re-read changed profiles");
ABSL_FLAG(int, keepalive_seconds, 15, "keepalive interval of idle WatchMatches streams");

namespace jobmatch::matcher {
namespace {

struct Config {
  std::string listen;
  std::string events;
  std::string postings;
  std::string profiles;
  absl::Duration keepalive;
};

int Run(const Config& config) {
  RefdataRelations relations(&refdata::DefaultOccupations());
  MatchIndex index(&relations);
  auto now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  LivePushHub hub(&index, now, config.keepalive);
  MatcherService service(&index, &hub, now);

  std::unique_ptr<GrpcEntitySource> source;
  std::unique_ptr<FeedApplier> applier;
  std::unique_ptr<FeedFollower> follower;
  if (!config.events.empty()) {
    auto channel = [](const std::string& target) {
      return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
    };
    source = std::make_unique<GrpcEntitySource>(channel(config.postings), channel(config.profiles),
                                                CentresFrom(&refdata::DefaultRegions()), now);
    applier = std::make_unique<FeedApplier>(&index, source.get(), &hub);
    follower = std::make_unique<FeedFollower>(channel(config.events), applier.get(), &index);
    follower->Start();
  } else {
    std::cerr << "jobmatch-matcher: no --events; serving an index that never changes\n";
  }

  HostOptions options;
  options.listen_address = config.listen;
  options.services = {&service};
  options.health_names = {"jobmatch.v1.MatcherService"};
  const int code = ServeUntilSignalled(std::move(options));
  if (follower != nullptr) follower->Stop();
  return code;
}

}  // namespace
}  // namespace jobmatch::matcher

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  jobmatch::matcher::Config config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.events = absl::GetFlag(FLAGS_events);
  config.postings = absl::GetFlag(FLAGS_postings);
  config.profiles = absl::GetFlag(FLAGS_profiles);
  config.keepalive = absl::Seconds(absl::GetFlag(FLAGS_keepalive_seconds));
  return jobmatch::matcher::Run(config);
}
