#include "services/common/testing/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "services/common/db/migrations.h"

namespace jobmatch::testing {

db::DbConfig TestServerConfig() {
  db::DbConfig config;
  if (const char* url = std::getenv("JOBMATCH_TEST_DB_URL")) config.url = url;
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
    std::cerr << "test database unavailable (start it with deploy/db.sh start): " << s << "\n";
    std::abort();
  }
}

TestDatabase::~TestDatabase() {
  db_.reset();
  (void)db::DropSchema(config_, config_.schema);
}

}  // namespace jobmatch::testing
