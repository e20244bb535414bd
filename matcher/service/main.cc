// jobmatch-matcher: serves MatcherService from the in-memory index, kept
// current by following the events feed. It serves with TLS and verified
// tokens and calls events, postings and profiles over TLS with its own
// `service` token, unless --plaintext_development (both ways).
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "matcher/service/feed_follower.h"
#include "matcher/service/matcher_server.h"
#include "matcher/service/refdata_adapters.h"
#include "services/common/auth/host_security.h"
#include "services/common/auth/token.h"
#include "services/common/metrics/host_flags.h"
#include "services/common/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50054", "host:port to serve on");
ABSL_FLAG(std::string, events, "127.0.0.1:50053", "events service to follow; empty: no feed");
ABSL_FLAG(std::string, postings, "127.0.0.1:50051", "postings service, to re-read changed posts");
ABSL_FLAG(std::string, profiles, "127.0.0.1:50052",
          "profiles service, to re-read changed profiles");
ABSL_FLAG(int, keepalive_seconds, 15, "keepalive interval of idle WatchMatches streams");
ABSL_FLAG(int64_t, max_streams, 40000,
          "most WatchMatches streams open at once; more are RESOURCE_EXHAUSTED (0: no cap)");
ABSL_FLAG(int64_t, max_streams_per_caller, 1000,
          "most WatchMatches streams one caller (role and subject) holds open (0: no cap)");
ABSL_FLAG(int, watch_queue_limit, 256,
          "messages queued for one viewer before a viewer that fell behind is cut off");
ABSL_FLAG(
    std::string, checkpoint_file, "",
    "where this matcher keeps its index between runs, sealed under the checkpoint key, so a "
    "restart follows the feed from where it stopped; empty: start from the services each time");
ABSL_FLAG(absl::Duration, consistency_wait_limit, absl::Seconds(2),
          "longest a read waits for the writes named by its consistency_tokens");
ABSL_FLAG(int, checkpoint_seconds, 30, "how often the checkpoint is written while the feed moves");
ABSL_FLAG(std::string, checkpoint_key_file, "",
          "file (mode 0600) with the matcher's own 64-hex-digit key sealing the checkpoint "
          "($JOBMATCH_CHECKPOINT_KEY if empty); never the profiles' key");
ABSL_FLAG(bool, plaintext_development, false,
          "serve and call the other services without TLS or tokens (local development only)");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate chain of this server (deploy/certs.sh)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of this server");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "if set, clients must present a certificate from this CA");
ABSL_FLAG(std::string, token_public_key_file, "",
          "PEM public key that verifies callers' bearer tokens ($JOBMATCH_TOKEN_PUBLIC_KEY wins)");
ABSL_FLAG(std::string, token_revocation_file, "",
          "revoked token subjects (jobmatch-token revoke), reloaded when the file changes");
ABSL_FLAG(std::string, ca_file, "",
          "PEM CA that signed the events, postings and profiles servers' certificates");
ABSL_FLAG(std::string, token_file, "",
          "file holding this matcher's `service` token for calling them ($JOBMATCH_TOKEN wins)");

namespace jobmatch::matcher {
namespace {

struct Config {
  std::string listen;
  std::string events;
  std::string postings;
  std::string profiles;
  absl::Duration keepalive;
  StreamLimitOptions stream_limits;
  size_t watch_queue_limit;
  absl::Duration consistency_wait_limit;
  std::string checkpoint_file;
  absl::Duration checkpoint_interval;
  std::string checkpoint_key_file;
  auth::ServerSecurityFlags serving;
  auth::ClientSecurityFlags calling;
};

int Run(const Config& config) {
  // Security first: a misconfigured matcher must not start half-way.
  HostOptions options;
  absl::Status security = auth::ApplyServerSecurity(config.serving, &options);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      auth::LoadClientCredentials(config.calling);
  if (security.ok()) security = credentials.status();
  if (!security.ok()) {
    std::cerr << "jobmatch-matcher: " << security << "\n";
    return 1;
  }
  std::optional<DataProtector> key;
  if (!config.checkpoint_file.empty()) {
    absl::StatusOr<DataProtector> loaded_key =
        DataProtector::Load(KeyUse::kMatcherCheckpoint, config.checkpoint_key_file);
    if (!loaded_key.ok()) {
      std::cerr << "jobmatch-matcher: the checkpoint needs its key: " << loaded_key.status()
                << "\n";
      return 1;
    }
    key = *std::move(loaded_key);
  }
  RefdataRelations relations(&refdata::DefaultOccupations());
  auto channel = [&credentials](const std::string& target) {
    return grpc::CreateChannel(target, *credentials);
  };
  auto now = [] { return static_cast<int64_t>(std::time(nullptr)); };
  GrpcEntitySource source(channel(config.postings), channel(config.profiles),
                          CentresFrom(&refdata::DefaultRegions()), now,
                          CztCitiesFrom(&refdata::DefaultRegions()));
  MatcherServerOptions matcher;
  if (!config.events.empty()) matcher.events = channel(config.events);
  matcher.source = &source;
  matcher.checkpoint_file = config.checkpoint_file;
  matcher.checkpoint_key = std::move(key);
  matcher.checkpoint_interval = config.checkpoint_interval;
  matcher.keepalive = config.keepalive;
  matcher.stream_limits = config.stream_limits;
  matcher.watch_queue_limit = config.watch_queue_limit;
  matcher.consistency_wait_limit = config.consistency_wait_limit;
  matcher.now = now;
  MatcherServer server(&relations, std::move(matcher));

  // The port opens at once; health is NOT_SERVING and every call UNAVAILABLE
  // (with a retry hint) until the index is loaded and has caught up.
  options.listen_address = config.listen;
  server.Serve(&options);
  metrics::ApplyObservabilityFlags(&options);
  const int code = ServeUntilSignalled(std::move(options), [&server] { server.GetReady(); });
  server.Stop();
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
  config.stream_limits.max_streams = absl::GetFlag(FLAGS_max_streams);
  config.stream_limits.max_streams_per_caller = absl::GetFlag(FLAGS_max_streams_per_caller);
  config.watch_queue_limit =
      static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_watch_queue_limit)));
  config.consistency_wait_limit = absl::GetFlag(FLAGS_consistency_wait_limit);
  config.checkpoint_file = absl::GetFlag(FLAGS_checkpoint_file);
  config.checkpoint_interval = absl::Seconds(std::max(1, absl::GetFlag(FLAGS_checkpoint_seconds)));
  config.checkpoint_key_file = absl::GetFlag(FLAGS_checkpoint_key_file);
  const bool plaintext = absl::GetFlag(FLAGS_plaintext_development);
  config.serving = {plaintext,
                    absl::GetFlag(FLAGS_tls_cert_file),
                    absl::GetFlag(FLAGS_tls_key_file),
                    absl::GetFlag(FLAGS_tls_client_ca_file),
                    absl::GetFlag(FLAGS_token_public_key_file),
                    jobmatch::auth::kAudienceMatcher,
                    absl::GetFlag(FLAGS_token_revocation_file)};
  config.calling = {plaintext, absl::GetFlag(FLAGS_ca_file), absl::GetFlag(FLAGS_token_file)};
  return jobmatch::matcher::Run(config);
}
