// jobmatch-profiles: the profiles service binary. Flags become a config; the
// rest is wiring: data key, database, store, domain, service, host.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/common/auth/host_security.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"
#include "services/common/db/migrations.h"
#include "services/common/server.h"
#include "services/profiles/mysql_profile_store.h"
#include "services/profiles/profile_manager.h"
#include "services/profiles/profiles_service.h"
#include "services/profiles/refdata_regions.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "address to serve on (host:port)");
ABSL_FLAG(std::string, db, "tcp://127.0.0.1:33306", "Connector/C++ URL of the database server");
ABSL_FLAG(std::string, db_user, "root", "database user");
ABSL_FLAG(std::string, db_password, "", "database password");
ABSL_FLAG(std::string, db_schema, "jobmatch_profiles", "schema of the profiles service");
ABSL_FLAG(std::string, migrations, "",
          "if set, the folder of this schema's migrations (deploy/migrations/profiles), applied at "
          "start");
ABSL_FLAG(std::string, data_key_file, "",
          "file holding the 32-byte data key in hex; if empty, $JOBMATCH_DATA_KEY is used");
ABSL_FLAG(bool, plaintext_development, false,
          "serve without TLS or authentication (local development only)");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate chain of this server (deploy/certs.sh)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of this server");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "if set, clients must present a certificate from this CA");
ABSL_FLAG(std::string, token_public_key_file, "",
          "PEM public key that verifies callers' bearer tokens ($JOBMATCH_TOKEN_PUBLIC_KEY wins)");

namespace jobmatch::profiles {
namespace {

struct Config {
  std::string listen;
  db::DbConfig db;
  std::string migrations;
  auth::ServerSecurityFlags security;
  std::string data_key_file;
};

int Run(const Config& config) {
  // Security first: a misconfigured server must not start half-way.
  HostOptions options;
  if (absl::Status s = auth::ApplyServerSecurity(config.security, &options); !s.ok()) {
    std::cerr << "jobmatch-profiles: " << s << "\n";
    return 1;
  }
  absl::StatusOr<DataProtector> protector = DataProtector::Load(config.data_key_file);
  if (!protector.ok()) {
    std::cerr << "jobmatch-profiles: " << protector.status() << "\n";
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
  db::Database database(config.db);
  MySqlProfileStore store(&database, *std::move(protector));
  const std::unique_ptr<RegionDirectory> regions = DefaultRegionDirectory();
  ProfileManager manager(&store, regions.get());
  ProfilesService service(&manager);
  options.listen_address = config.listen;
  options.services = {&service};
  options.health_names = {"jobmatch.v1.ProfilesService"};
  options.probe = [&store] { return store.Ping(); };
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
  config.db.password = absl::GetFlag(FLAGS_db_password);
  config.db.schema = absl::GetFlag(FLAGS_db_schema);
  config.migrations = absl::GetFlag(FLAGS_migrations);
  config.data_key_file = absl::GetFlag(FLAGS_data_key_file);
  config.security = {absl::GetFlag(FLAGS_plaintext_development), absl::GetFlag(FLAGS_tls_cert_file),
                     absl::GetFlag(FLAGS_tls_key_file), absl::GetFlag(FLAGS_tls_client_ca_file),
                     absl::GetFlag(FLAGS_token_public_key_file)};
  return jobmatch::profiles::Run(config);
}
