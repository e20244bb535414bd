// jobmatch-migrate: creates each service's schema and applies its migrations.
// The migrations root holds one folder per service; folder X becomes schema
// <prefix>X.
#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/common/db/database.h"
#include "services/common/db/migrations.h"
#include "services/common/secret_file.h"

ABSL_FLAG(std::string, db, "tcp://127.0.0.1:33306", "Connector/C++ URL of the server");
ABSL_FLAG(std::string, db_user, "root", "database user");
ABSL_FLAG(std::string, db_password_file, "",
          "file (mode 0600) holding the user's password; deploy/db.sh root-password-file "
          "names root's");
ABSL_FLAG(std::string, migrations, "deploy/migrations", "folder with one sub-folder per schema");
ABSL_FLAG(std::string, schema_prefix, "jobmatch_", "prefix of every schema name");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  jobmatch::db::DbConfig server;
  server.url = absl::GetFlag(FLAGS_db);
  server.user = absl::GetFlag(FLAGS_db_user);
  if (const std::string file = absl::GetFlag(FLAGS_db_password_file); !file.empty()) {
    absl::StatusOr<std::string> password = jobmatch::ReadSecretFile(file);
    if (!password.ok()) {
      std::cerr << "jobmatch-migrate: " << password.status() << "\n";
      return 2;
    }
    server.password = *password;
  }
  int failures = 0;
  for (const auto& entry : std::filesystem::directory_iterator(absl::GetFlag(FLAGS_migrations))) {
    if (!entry.is_directory()) continue;
    jobmatch::db::DbConfig config = server;
    config.schema = absl::GetFlag(FLAGS_schema_prefix) + entry.path().filename().string();
    absl::Status s = jobmatch::db::CreateSchema(server, config.schema);
    if (s.ok()) {
      jobmatch::db::Database db(config);
      s = jobmatch::db::ApplyMigrations(db, entry.path().string());
    }
    std::cout << config.schema << ": " << (s.ok() ? "up to date" : s.ToString()) << "\n";
    if (!s.ok()) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
