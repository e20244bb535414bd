// jobmatch-postings: the postings service binary. Flags become a config; the
// rest is wiring: database, store, service, expiry sweep, host.
#include <signal.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/common/auth/host_security.h"
#include "services/common/auth/token.h"
#include "services/common/db/database.h"
#include "services/common/db/migrations.h"
#include "services/common/db/pool_metrics.h"
#include "services/common/metrics/host_flags.h"
#include "services/common/secret_file.h"
#include "services/common/server.h"
#include "services/postings/expiry.h"
#include "services/postings/mysql_postings_store.h"
#include "services/postings/postings_service.h"
#include "services/postings/search_indexer.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "address to serve on (host:port)");
ABSL_FLAG(std::string, db, "tcp://127.0.0.1:33306", "Connector/C++ URL of the database server");
ABSL_FLAG(std::string, db_user, "jobmatch_postings",
          "database user: the service's own, with DML on its schema only (deploy/db.sh users)");
ABSL_FLAG(std::string, db_password_file, "",
          "file (mode 0600) holding the database user's password; empty: no password");
ABSL_FLAG(std::string, db_schema, "jobmatch_postings", "schema of the postings service");
ABSL_FLAG(std::string, migrations, "",
          "if set, the folder of this schema's migrations (deploy/migrations/postings), applied at "
          "start; needs a user with DDL on the schema (the service's own user has none: "
          "deploy/db.sh migrate applies them as the administrator)");
ABSL_FLAG(
    absl::Duration, expiry_interval, absl::Minutes(1),
    "how often OPEN posts past their validity window are moved to EXPIRED; 0 turns the sweep off");
ABSL_FLAG(absl::Duration, search_index_interval, absl::Milliseconds(200),
          "how often the search indexer looks for imported posts to add to full-text search");
ABSL_FLAG(std::vector<std::string>, trusted_import_sources, {},
          "comma-separated import sources (ImportHeader.source) whose posts are published without "
          "review; every other source's posts wait for staff approval (PENDING_REVIEW)");
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

namespace jobmatch::postings {
namespace {

struct Config {
  std::string listen;
  db::DbConfig db;
  std::string migrations;
  auth::ServerSecurityFlags security;
  absl::Duration expiry_interval;
  absl::Duration search_index_interval;
  ImportOptions import;
};

int Run(const Config& config) {
  // Security first: a misconfigured server must not start half-way.
  HostOptions options;
  if (absl::Status s = auth::ApplyServerSecurity(config.security, &options); !s.ok()) {
    std::cerr << "jobmatch-postings: " << s << "\n";
    return 1;
  }
  if (!config.migrations.empty()) {
    absl::Status s = db::CreateSchema(config.db, config.db.schema);
    db::Database migrator(config.db);
    if (s.ok()) s = db::ApplyMigrations(migrator, config.migrations);
    if (!s.ok()) {
      std::cerr << "jobmatch-postings: migrations failed: " << s << "\n";
      return 1;
    }
  }
  db::Database database(config.db);
  MysqlPostingsStore store(&database);
  PostingsService service(&store, config.import);
  // The expiry and search threads start before ServeUntilSignalled blocks SIGTERM and
  // SIGINT; block them now so that it inherits the mask and a signal reaches
  // the graceful shutdown instead of killing the process.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ExpirySweeper sweeper(&store);
  std::unique_ptr<ExpiryThread> expiry;
  if (config.expiry_interval > absl::ZeroDuration()) {
    expiry = std::make_unique<ExpiryThread>(&sweeper, config.expiry_interval);
  }
  SearchIndexer indexer(&store, std::max(config.search_index_interval, absl::Milliseconds(10)));
  options.listen_address = config.listen;
  options.services = {&service};
  options.health_names = {"jobmatch.v1.PostingsService"};
  options.probe = [&database] { return database.Ping(); };
  options.probe_failure_grace = kDatabaseProbeGrace;
  metrics::ApplyObservabilityFlags(&options);
  const auto pool_metrics = db::ExportPoolMetrics(&database);
  return ServeUntilSignalled(std::move(options));
}

}  // namespace
}  // namespace jobmatch::postings

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  jobmatch::postings::Config config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.db.url = absl::GetFlag(FLAGS_db);
  config.db.user = absl::GetFlag(FLAGS_db_user);
  if (const std::string file = absl::GetFlag(FLAGS_db_password_file); !file.empty()) {
    absl::StatusOr<std::string> password = jobmatch::ReadSecretFile(file);
    if (!password.ok()) {
      std::cerr << "jobmatch-postings: " << password.status() << "\n";
      return 1;
    }
    config.db.password = *std::move(password);
  }
  config.db.schema = absl::GetFlag(FLAGS_db_schema);
  config.migrations = absl::GetFlag(FLAGS_migrations);
  config.expiry_interval = absl::GetFlag(FLAGS_expiry_interval);
  config.search_index_interval = absl::GetFlag(FLAGS_search_index_interval);
  for (const std::string& source : absl::GetFlag(FLAGS_trusted_import_sources)) {
    if (!source.empty()) config.import.trusted_sources.insert(source);
  }
  config.security = {
      absl::GetFlag(FLAGS_plaintext_development), absl::GetFlag(FLAGS_tls_cert_file),
      absl::GetFlag(FLAGS_tls_key_file),          absl::GetFlag(FLAGS_tls_client_ca_file),
      absl::GetFlag(FLAGS_token_public_key_file), jobmatch::auth::kAudiencePostings,
      absl::GetFlag(FLAGS_token_revocation_file)};
  return jobmatch::postings::Run(config);
}
