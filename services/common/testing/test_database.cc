#include "services/common/testing/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "services/common/db/migrations.h"
#include "services/common/secret_file.h"

namespace jobmatch::testing {

std::string TestRootPasswordFile() {
  if (const char* file = std::getenv("JOBMATCH_DB_ROOT_PASSWORD_FILE"); file && *file) return file;
  const char* dir = std::getenv("JOBMATCH_DB_DIR");
  return absl::StrCat(dir && *dir ? dir : JOBMATCH_SOURCE_DIR "/var/db", "/root.password");
}

db::DbConfig TestServerConfig() {
  db::DbConfig config;
  if (const char* url = std::getenv("JOBMATCH_TEST_DB_URL")) config.url = url;
  const std::string file = TestRootPasswordFile();
  if (access(file.c_str(), F_OK) == 0) {
    absl::StatusOr<std::string> password = ReadSecretFile(file);
    if (!password.ok()) {
      std::cerr << "test database: " << password.status() << "\n";
      std::abort();
    }
    config.password = *password;
  }
  return config;
}

TestDatabase::TestDatabase(const std::string& service) {
  static std::atomic<int> counter{0};
  config_ = TestServerConfig();
  config_.schema = absl::StrCat("jmtest_", service, "_", getpid(), "_", counter++);
  absl::Status s = db::CreateSchema(config_, config_.schema);
  if (s.ok()) {
    db_ = std::make_unique<db::Database>(config_);
    s = db::ApplyMigrations(*db_, absl::StrCat(JOBMATCH_MIGRATIONS_DIR, "/", service));
  }
  if (!s.ok()) {
    std::cerr << "test database unavailable (start it with deploy/db.sh start, and give its "
                 "JOBMATCH_DB_DIR or JOBMATCH_DB_ROOT_PASSWORD_FILE; root's password file: "
              << TestRootPasswordFile() << "): " << s << "\n";
    std::abort();
  }
}

TestDatabase::~TestDatabase() {
  db_.reset();
  (void)db::DropSchema(config_, config_.schema);
}

}  // namespace jobmatch::testing
