// jobmatch-console: the web console's HTTPS gateway for bureau staff and
// live-stream hosts (see gateway.h and the README's "Web console").
//
//   jobmatch-console --listen=127.0.0.1:8443 --tls_cert_file=var/certs/server.pem
//     --tls_key_file=var/certs/server.key --token_public_key_file=var/certs/token.pub
//     --ca_file=var/certs/ca.pem --static_dir=build/services/console/static
//     --regions_file=deploy/refdata/regions.csv [--feed_token_file=F]
//     [--dev_signin_key_file=var/certs/token.key]
#include <signal.h>

#include <iostream>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "clients/lib/channel.h"
#include "services/common/auth/token.h"
#include "services/console/gateway.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:8443", "host:port to serve HTTPS on (port 0: any)");
ABSL_FLAG(std::string, tls_cert_file, "", "the console's certificate (PEM)");
ABSL_FLAG(std::string, tls_key_file, "", "its private key (PEM)");
ABSL_FLAG(std::string, token_public_key_file, "",
          "public key that checks pasted tokens; $JOBMATCH_TOKEN_PUBLIC_KEY wins");
ABSL_FLAG(std::string, dev_signin_key_file, "",
          "token signing key: turns on the development sign-in (never in production)");
ABSL_FLAG(std::string, feed_token_file, "",
          "a staff or service token for the events feed (live counters); empty: no counters");
ABSL_FLAG(std::string, ca_file, "", "CA of the platform's services (TLS)");
ABSL_FLAG(std::string, postings, "127.0.0.1:50051", "postings service");
ABSL_FLAG(std::string, profiles, "127.0.0.1:50052", "profiles service");
ABSL_FLAG(std::string, events, "127.0.0.1:50053", "events service");
ABSL_FLAG(std::string, matcher, "127.0.0.1:50054", "matcher service");
ABSL_FLAG(std::string, static_dir, "", "the built pages");
ABSL_FLAG(std::string, regions_file, "deploy/refdata/regions.csv", "the region table");
ABSL_FLAG(std::string, port_file, "", "write the bound port here once serving (tests)");

namespace jobmatch::console {
namespace {

int Fail(const std::string& what, const absl::Status& status) {
  std::cerr << "jobmatch-console: " << what << ": " << status << "\n";
  return 1;
}

int Run() {
  GatewayConfig config;
  std::pair<std::string, std::string> address =
      absl::StrSplit(absl::GetFlag(FLAGS_listen), absl::MaxSplits(':', 1));
  config.host = address.first;
  if (!absl::SimpleAtoi(address.second, &config.port)) {
    return Fail("--listen", absl::InvalidArgumentError("host:port expected"));
  }
  config.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  config.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  config.static_dir = absl::GetFlag(FLAGS_static_dir);
  if (config.tls_cert_file.empty() || config.tls_key_file.empty() || config.static_dir.empty()) {
    return Fail("flags", absl::InvalidArgumentError(
                             "--tls_cert_file, --tls_key_file and --static_dir are required"));
  }
  auto public_key =
      auth::ReadKey(absl::GetFlag(FLAGS_token_public_key_file), "JOBMATCH_TOKEN_PUBLIC_KEY");
  if (!public_key.ok()) return Fail("token public key", public_key.status());
  config.token_public_key = *public_key;
  if (const std::string file = absl::GetFlag(FLAGS_dev_signin_key_file); !file.empty()) {
    auto key = auth::ReadKey(file, "");
    if (!key.ok()) return Fail("development sign-in key", key.status());
    config.dev_signin_key = *key;
    std::cerr << "jobmatch-console: development sign-in is ON (tokens issued locally)\n";
  }
  auto places = LoadPlaces(absl::GetFlag(FLAGS_regions_file));
  if (!places.ok()) return Fail("region table", places.status());
  config.places = std::move(*places);

  ServiceTargets targets{absl::GetFlag(FLAGS_postings), absl::GetFlag(FLAGS_profiles),
                         absl::GetFlag(FLAGS_events), absl::GetFlag(FLAGS_matcher),
                         absl::GetFlag(FLAGS_ca_file)};
  if (targets.ca_file.empty()) {
    return Fail("--ca_file", absl::InvalidArgumentError(
                                 "the console calls the services over TLS only: give their CA"));
  }
  auto calls = ServiceCalls::Connect(targets);
  if (!calls.ok()) return Fail("service channels", calls.status());
  std::unique_ptr<LiveCounters> live;
  if (const std::string file = absl::GetFlag(FLAGS_feed_token_file); !file.empty()) {
    auto token = client::BearerToken({"", "", file});
    if (!token.ok()) return Fail("feed token", token.status());
    live = std::make_unique<LiveCounters>((*calls)->events_channel(), *token);
  }

  // Signals are waited for on one thread; the server's threads never see them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  Gateway gateway(std::move(config), std::move(*calls), std::move(live));
  if (absl::Status bound = gateway.Bind(); !bound.ok()) return Fail("listen", bound);
  std::thread server([&gateway] { gateway.Serve(); });
  std::cerr << "jobmatch-console: serving https://" << address.first << ":" << gateway.port()
            << "/\n";
  if (const std::string file = absl::GetFlag(FLAGS_port_file); !file.empty()) {
    FILE* out = fopen(file.c_str(), "w");
    if (out != nullptr) {
      fprintf(out, "%d\n", gateway.port());
      fclose(out);
    }
  }
  int sig = 0;
  sigwait(&set, &sig);
  std::cerr << "jobmatch-console: signal " << sig << ": shutting down\n";
  gateway.Stop();
  server.join();
  return 0;
}

}  // namespace
}  // namespace jobmatch::console

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return jobmatch::console::Run();
}
