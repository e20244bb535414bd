// jobmatch-profiles: the profiles service binary. Flags become a config; the
// rest is wiring: data key, database, store, domain, service, host.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/common/auth/host_security.h"
#include "services/common/auth/token.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"
#include "services/common/db/migrations.h"
#include "services/common/db/pool_metrics.h"
#include "services/common/metrics/host_flags.h"
#include "services/common/secret_file.h"
#include "services/common/server.h"
#include "services/profiles/mysql_profile_store.h"
#include "services/profiles/profile_manager.h"
#include "services/profiles/profiles_service.h"
#include "services/profiles/refdata_regions.h"
#include "services/profiles/reseal.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "address to serve on (host:port)");
ABSL_FLAG(std::string, db, "tcp://127.0.0.1:33306", "Connector/C++ URL of the database server");
ABSL_FLAG(std::string, db_user, "jobmatch_profiles",
          "database user: the service's own, with DML on its schema only (deploy/db.sh users)");
ABSL_FLAG(std::string, db_password_file, "",
          "file (mode 0600) holding the database user's password; empty: no password");
ABSL_FLAG(std::string, db_schema, "jobmatch_profiles", "schema of the profiles service");
ABSL_FLAG(std::string, migrations, "",
          "if set, the folder of this schema's migrations (deploy/migrations/profiles), applied at "
          "start; needs a user with DDL on the schema (the service's own user has none: "
          "deploy/db.sh migrate applies them as the administrator)");
ABSL_FLAG(std::string, data_key_file, "",
          "file (mode 0600) holding the profiles' own 32-byte field key in hex; if empty, "
          "$JOBMATCH_PROFILES_KEY is used");
ABSL_FLAG(std::string, stats_key_file, "",
          "file (mode 0600) holding the stats key in hex, shared with the events service only: "
          "seals each person's LOW_INCOME/DISABLED status for the staff statistics; if empty, "
          "$JOBMATCH_STATS_KEY, and without either those statistics count no one in them");
ABSL_FLAG(bool, reseal_unbound, false,
          "one-off: bind every ciphertext sealed before binding to its row, then exit");
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

namespace jobmatch::profiles {
namespace {

struct Config {
  std::string listen;
  db::DbConfig db;
  std::string migrations;
  auth::ServerSecurityFlags security;
  std::string db_password_file;
  std::string data_key_file;
  std::string stats_key_file;
  bool reseal_unbound = false;
};

// Binds the rows sealed before binding to their places, once (reseal.h); no
// server is started.
int Reseal(const db::DbConfig& db_config, const DataProtector& protector) {
  db::Database database(db_config);
  absl::StatusOr<ResealCounts> counts = ResealUnbound(database, protector);
  if (!counts.ok()) {
    std::cerr << "jobmatch-profiles: re-sealing failed: " << counts.status() << "\n";
    return 1;
  }
  std::cout << "jobmatch-profiles: re-sealed " << counts->profiles << " profiles and "
            << counts->pending << " pending statuses, each bound to its row\n";
  return 0;
}

int Run(Config config) {
  absl::StatusOr<DataProtector> protector =
      DataProtector::Load(KeyUse::kProfileFields, config.data_key_file);
  if (!protector.ok()) {
    std::cerr << "jobmatch-profiles: " << protector.status() << "\n";
    return 1;
  }
  if (!config.db_password_file.empty()) {
    absl::StatusOr<std::string> password = ReadSecretFile(config.db_password_file);
    if (!password.ok()) {
      std::cerr << "jobmatch-profiles: " << password.status() << "\n";
      return 1;
    }
    config.db.password = *std::move(password);
  }
  if (config.reseal_unbound) return Reseal(config.db, *protector);
  // Security first: a misconfigured server must not start half-way.
  HostOptions options;
  if (absl::Status s = auth::ApplyServerSecurity(config.security, &options); !s.ok()) {
    std::cerr << "jobmatch-profiles: " << s << "\n";
    return 1;
  }
  if (!config.migrations.empty()) {
    absl::Status s = db::CreateSchema(config.db, config.db.schema);
    db::Database migrator(config.db);
    if (s.ok()) s = db::ApplyMigrations(migrator, config.migrations);
    if (!s.ok()) {
      std::cerr << "jobmatch-profiles: migrations failed: " << s << "\n";
      return 1;
    }
  }
  absl::StatusOr<std::optional<DataProtector>> stats_key =
      DataProtector::LoadIfGiven(KeyUse::kStatsGroups, config.stats_key_file);
  if (!stats_key.ok()) {
    std::cerr << "jobmatch-profiles: stats key: " << stats_key.status() << "\n";
    return 1;
  }
  db::Database database(config.db);
  MySqlProfileStore store(&database, *std::move(protector));
  const std::unique_ptr<RegionDirectory> regions = DefaultRegionDirectory();
  ProfileManager manager(&store, regions.get(), absl::Now, nullptr,
                         stats_key->has_value() ? &**stats_key : nullptr);
  ProfilesService service(&manager);
  options.listen_address = config.listen;
  options.services = {&service};
  options.health_names = {"jobmatch.v1.ProfilesService"};
  options.probe = [&store] { return store.Ping(); };
  options.probe_failure_grace = kDatabaseProbeGrace;
  metrics::ApplyObservabilityFlags(&options);
  const auto pool_metrics = db::ExportPoolMetrics(&database);
  return ServeUntilSignalled(std::move(options));
}

}  // namespace
}  // namespace jobmatch::profiles

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  jobmatch::profiles::Config config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.db.url = absl::GetFlag(FLAGS_db);
  config.db.user = absl::GetFlag(FLAGS_db_user);
  config.db_password_file = absl::GetFlag(FLAGS_db_password_file);
  config.db.schema = absl::GetFlag(FLAGS_db_schema);
  config.migrations = absl::GetFlag(FLAGS_migrations);
  config.data_key_file = absl::GetFlag(FLAGS_data_key_file);
  config.stats_key_file = absl::GetFlag(FLAGS_stats_key_file);
  config.reseal_unbound = absl::GetFlag(FLAGS_reseal_unbound);
  config.security = {
      absl::GetFlag(FLAGS_plaintext_development), absl::GetFlag(FLAGS_tls_cert_file),
      absl::GetFlag(FLAGS_tls_key_file),          absl::GetFlag(FLAGS_tls_client_ca_file),
      absl::GetFlag(FLAGS_token_public_key_file), jobmatch::auth::kAudienceProfiles,
      absl::GetFlag(FLAGS_token_revocation_file)};
  return jobmatch::profiles::Run(config);
}
