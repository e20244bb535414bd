// jobmatch-events: the feed of post and profile changes and of what people
// do, with resumable subscriptions and campaign statistics.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/time/time.h"
#include "services/common/auth/host_security.h"
#include "services/common/auth/token.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"
#include "services/common/db/pool_metrics.h"
#include "services/common/metrics/host_flags.h"
#include "services/common/secret_file.h"
#include "services/common/server.h"
#include "services/common/stream_limits.h"
#include "services/events/events_core.h"
#include "services/events/events_service.h"
#include "services/events/mysql_outcome_store.h"
#include "services/events/mysql_stores.h"
#include "services/events/notifier_setup.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50053", "host:port to serve on");
ABSL_FLAG(std::string, db, "tcp://127.0.0.1:33306", "Connector/C++ URL of the database server");
ABSL_FLAG(std::string, db_user, "jobmatch_events",
          "database user: the service's own (deploy/db.sh users grants it DML on its schema and "
          "only what it reads or takes from the postings and profiles schemas)");
ABSL_FLAG(std::string, db_password_file, "",
          "file (mode 0600) holding the database user's password; empty: no password");
ABSL_FLAG(std::string, schema, "jobmatch_events", "the events service's own schema");
ABSL_FLAG(std::vector<std::string>, source_schemas,
          std::vector<std::string>({"jobmatch_postings", "jobmatch_profiles"}),
          "schemas (on the same server) whose outbox tables are relayed into the feed");
ABSL_FLAG(std::string, postings_schema, "jobmatch_postings",
          "schema holding the posts table that hires take openings from");
ABSL_FLAG(std::string, profiles_schema, "jobmatch_profiles",
          "schema holding the profiles table (where a recruiter's people live)");
ABSL_FLAG(std::string, stats_key_file, "",
          "file (mode 0600) holding the stats key in hex, shared with the profiles service only: "
          "opens people's sealed LOW_INCOME/DISABLED status to count them in staff statistics; "
          "if empty, $JOBMATCH_STATS_KEY, and without either nothing counts in those groups");
ABSL_FLAG(absl::Duration, retention, absl::Hours(24 * 30),
          "how long the feed keeps events (0 keeps them forever)");
ABSL_FLAG(absl::Duration, keepalive, absl::Seconds(5), "keepalive period of idle streams");
ABSL_FLAG(int64_t, max_streams, 40000,
          "most Subscribe streams open at once; more are RESOURCE_EXHAUSTED (0: no cap)");
ABSL_FLAG(int64_t, max_streams_per_caller, 1000,
          "most Subscribe streams one caller (role and subject) holds open (0: no cap)");
ABSL_FLAG(bool, plaintext_development, false,
          "serve without TLS or authentication (local development only)");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate chain of this server (deploy/certs.sh)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of this server");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "if set, clients must present a certificate from this CA");
ABSL_FLAG(std::string, token_public_key_file, "",
          "PEM public key that verifies callers' bearer tokens ($JOBMATCH_TOKEN_PUBLIC_KEY wins)");
ABSL_FLAG(std::string, token_revocation_file, "",
          "revoked token subjects (jobmatch-token revoke), reloaded when the file changes");
ABSL_FLAG(absl::Duration, gap_grace, absl::Minutes(10),
          "how long an outbox id passed over uncommitted is looked for again");

ABSL_FLAG(std::string, notifications_file, "",
          "development notification gateway: append each delivery as a JSON line to this file; "
          "empty: the notifier does not run (ListMyNotifications still answers)");
ABSL_FLAG(std::string, matcher, "",
          "matcher host:port asked for the people a new post fits (empty: no new-post "
          "notifications)");
ABSL_FLAG(std::string, ca_file, "", "PEM CA of the matcher's certificate (calling it over TLS)");
ABSL_FLAG(std::string, token_file, "",
          "bearer token (service role, audience matcher) for calling the matcher");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  using namespace jobmatch;
  // The core starts threads before ServeUntilSignalled blocks SIGTERM/SIGINT;
  // block them here so that those threads inherit the mask and the signal
  // reaches the graceful shutdown instead of killing the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Security first: a misconfigured server must not start half-way.
  HostOptions host;
  const absl::Status security = auth::ApplyServerSecurity(
      {absl::GetFlag(FLAGS_plaintext_development), absl::GetFlag(FLAGS_tls_cert_file),
       absl::GetFlag(FLAGS_tls_key_file), absl::GetFlag(FLAGS_tls_client_ca_file),
       absl::GetFlag(FLAGS_token_public_key_file), auth::kAudienceEvents,
       absl::GetFlag(FLAGS_token_revocation_file)},
      &host);
  if (!security.ok()) {
    std::cerr << "jobmatch-events: " << security << "\n";
    return 1;
  }

  absl::StatusOr<std::optional<DataProtector>> stats_key =
      DataProtector::LoadIfGiven(KeyUse::kStatsGroups, absl::GetFlag(FLAGS_stats_key_file));
  if (!stats_key.ok()) {
    std::cerr << "jobmatch-events: stats key: " << stats_key.status() << "\n";
    return 1;
  }
  const DataProtector* const groups_key = stats_key->has_value() ? &**stats_key : nullptr;

  db::DbConfig config;
  config.url = absl::GetFlag(FLAGS_db);
  config.user = absl::GetFlag(FLAGS_db_user);
  if (const std::string file = absl::GetFlag(FLAGS_db_password_file); !file.empty()) {
    absl::StatusOr<std::string> password = ReadSecretFile(file);
    if (!password.ok()) {
      std::cerr << "jobmatch-events: " << password.status() << "\n";
      return 1;
    }
    config.password = *std::move(password);
  }
  config.schema = absl::GetFlag(FLAGS_schema);
  config.max_connections = 32;
  db::Database database(config);

  events::MysqlFeedStore feed(&database, groups_key);
  events::MysqlPostCapacityStore capacity(&database, absl::GetFlag(FLAGS_postings_schema),
                                          groups_key);
  events::MysqlRelayStore relay(&database, absl::GetFlag(FLAGS_postings_schema));
  events::MysqlOwnershipStore owners(&database, absl::GetFlag(FLAGS_postings_schema),
                                     absl::GetFlag(FLAGS_profiles_schema));
  events::MysqlApplicationStore applications(&database, absl::GetFlag(FLAGS_postings_schema),
                                             groups_key);
  events::CoreOptions options;
  options.source_schemas = absl::GetFlag(FLAGS_source_schemas);
  options.retention = absl::GetFlag(FLAGS_retention);
  options.gap_grace = absl::GetFlag(FLAGS_gap_grace);
  options.hub.keepalive_interval = absl::GetFlag(FLAGS_keepalive);
  events::MysqlOutcomeStore outcomes(&database, groups_key);
  events::EventsCore core(
      {&feed, &feed, &capacity, &relay, &feed, &owners, &applications, &outcomes}, options);
  StreamLimiter streams(
      {absl::GetFlag(FLAGS_max_streams), absl::GetFlag(FLAGS_max_streams_per_caller)});
  events::EventsService service(&core, &streams);

  events::NotifierSetup notifier(&database, &feed, absl::GetFlag(FLAGS_postings_schema));
  if (absl::Status s =
          notifier.Start({absl::GetFlag(FLAGS_notifications_file),
                          absl::GetFlag(FLAGS_matcher),
                          {absl::GetFlag(FLAGS_plaintext_development), absl::GetFlag(FLAGS_ca_file),
                           absl::GetFlag(FLAGS_token_file)}});
      !s.ok()) {
    std::cerr << "jobmatch-events: " << s << "\n";
    return 1;
  }

  host.listen_address = absl::GetFlag(FLAGS_listen);
  host.services = {&service, notifier.service()};
  host.health_names = {"jobmatch.v1.EventsService"};
  host.probe = [&database] { return database.Ping(); };
  host.probe_failure_grace = kDatabaseProbeGrace;
  metrics::ApplyObservabilityFlags(&host);
  const auto pool_metrics = db::ExportPoolMetrics(&database);
  return ServeUntilSignalled(std::move(host));
}
