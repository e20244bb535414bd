// A throwaway schema on the project's private MariaDB for one test: created
// with a unique name, migrated like production, dropped at the end.
#ifndef JOBMATCH_SERVICES_COMMON_TESTING_TEST_DATABASE_H_
#define JOBMATCH_SERVICES_COMMON_TESTING_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "services/common/db/database.h"

namespace jobmatch::testing {

// The server tests use: $JOBMATCH_TEST_DB_URL, default tcp://127.0.0.1:33306
// (the port deploy/db.sh starts on), as root with the password from
// TestRootPasswordFile(). Aborts when that file is open to other users.
db::DbConfig TestServerConfig();

// Where deploy/db.sh keeps root's password, by the same settings:
// $JOBMATCH_DB_ROOT_PASSWORD_FILE, else root.password in $JOBMATCH_DB_DIR
// (default <repo>/var/db). No file there: root is tried without a password
// (a server started before root had one).
std::string TestRootPasswordFile();

class TestDatabase {
 public:
  // Creates a fresh schema and applies deploy/migrations/<service>. Aborts the
  // test binary with a clear message if the server is not running.
  explicit TestDatabase(const std::string& service);
  ~TestDatabase();

  db::Database& db() { return *db_; }
  const db::DbConfig& config() const { return config_; }
  const std::string& schema() const { return config_.schema; }

 private:
  db::DbConfig config_;
  std::unique_ptr<db::Database> db_;
};

}  // namespace jobmatch::testing

#endif  // JOBMATCH_SERVICES_COMMON_TESTING_TEST_DATABASE_H_
