// The database users deploy/db.sh makes, on the real MariaDB: each service
// reaches the rows of its own schema and nothing else (no other schema, no
// DDL, no audit-log tampering, no personal data outside what the events
// service needs), and no connection can make the server read a client's
// file (LOAD DATA LOCAL INFILE), nor a service make the server read its own
// (LOAD DATA INFILE needs FILE, which no service has).
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/common/db/database.h"
#include "services/common/db/migrations.h"
#include "services/common/secret_file.h"
#include "services/common/testing/test_database.h"

namespace jobmatch::db {
namespace {

class ServiceUsersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    admin_ = new DbConfig(jobmatch::testing::TestServerConfig());
    prefix_ = new std::string(absl::StrCat("jmusers_", getpid(), "_"));
    secrets_ = new std::string(absl::StrCat(::testing::TempDir(), "/", *prefix_, "secrets"));
    for (const char* service : {"postings", "profiles", "events"}) {
      DbConfig config = *admin_;
      config.schema = *prefix_ + service;
      absl::Status s = CreateSchema(*admin_, config.schema);
      if (s.ok()) {
        Database db(config);
        s = ApplyMigrations(db, absl::StrCat(JOBMATCH_MIGRATIONS_DIR, "/", service));
      }
      ASSERT_TRUE(s.ok()) << "start the test database (deploy/db.sh start): " << s;
    }
    ASSERT_EQ(DbScript("users"), 0) << "deploy/db.sh users failed";
  }
  static void TearDownTestSuite() {
    DbScript("drop-users");
    for (const char* service : {"postings", "profiles", "events"}) {
      (void)DropSchema(*admin_, *prefix_ + service);
    }
    std::system(absl::StrCat("rm -rf '", *secrets_, "'").c_str());
  }

  // deploy/db.sh against the test server, for this suite's schemas.
  static int DbScript(const std::string& command) {
    const std::string& url = admin_->url;
    const std::string port = url.substr(url.rfind(':') + 1);
    return std::system(absl::StrCat("JOBMATCH_DB_PORT=", port, " JOBMATCH_DB_SCHEMA_PREFIX=",
                                    *prefix_, " JOBMATCH_DB_SECRETS_DIR='", *secrets_, "' ",
                                    JOBMATCH_DB_SCRIPT, " ", command, " >/dev/null")
                           .c_str());
  }

  // A connection pool as `service`'s own user on its own schema, the way the
  // service binary makes it (password from its file).
  static std::unique_ptr<Database> As(const std::string& service) {
    DbConfig config = *admin_;
    config.user = *prefix_ + service;
    config.schema = *prefix_ + service;
    absl::StatusOr<std::string> password =
        ReadSecretFile(absl::StrCat(*secrets_, "/db-", service, ".password"));
    EXPECT_TRUE(password.ok()) << password.status();
    config.password = password.value_or("");
    return std::make_unique<Database>(config);
  }

  // Runs `sql` as `db`'s user; the status says whether the server allowed it.
  static absl::Status Run(Database& db, const std::string& sql) {
    return db.WithConnection([&](sql::Connection& conn) {
      std::unique_ptr<sql::Statement> st(conn.createStatement());
      if (st->execute(sql)) {
        std::unique_ptr<sql::ResultSet> rs(st->getResultSet());
        while (rs->next()) {
        }
      }
      return absl::OkStatus();
    });
  }
  // The server's refusal for lack of a privilege: 1142 (table), 1143
  // (column), 1044 (schema), 1227 (global privilege), 1045 (FILE).
  static void ExpectDenied(Database& db, const std::string& sql) {
    const absl::Status s = Run(db, sql);
    EXPECT_FALSE(s.ok()) << "allowed: " << sql;
    EXPECT_TRUE(
        absl::StrContains(s.message(), "(1142)") || absl::StrContains(s.message(), "(1143)") ||
        absl::StrContains(s.message(), "(1044)") || absl::StrContains(s.message(), "(1227)") ||
        absl::StrContains(s.message(), "(1045)"))
        << sql << ": " << s;
  }
  static std::string Schema(const std::string& service) {
    return absl::StrCat("`", *prefix_, service, "`");
  }

  static DbConfig* admin_;
  static std::string* prefix_;
  static std::string* secrets_;
};

DbConfig* ServiceUsersTest::admin_ = nullptr;
std::string* ServiceUsersTest::prefix_ = nullptr;
std::string* ServiceUsersTest::secrets_ = nullptr;

TEST_F(ServiceUsersTest, PasswordsAreInFilesOnlyTheirOwnerReads) {
  for (const char* service : {"postings", "profiles", "events"}) {
    struct stat st;
    const std::string file = absl::StrCat(*secrets_, "/db-", service, ".password");
    ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << file;
  }
  // Without the password, or with another service's, nobody gets in.
  DbConfig config = *admin_;
  config.user = *prefix_ + "profiles";
  Database no_password(config);
  EXPECT_FALSE(no_password.Ping().ok());
  config.password = *ReadSecretFile(absl::StrCat(*secrets_, "/db-postings.password"));
  Database wrong_password(config);
  EXPECT_FALSE(wrong_password.Ping().ok());
}

TEST_F(ServiceUsersTest, EachServiceWorksOnTheRowsOfItsOwnSchema) {
  auto postings = As("postings");
  EXPECT_TRUE(Run(*postings, "SELECT COUNT(*) FROM posts").ok());
  EXPECT_TRUE(Run(*postings, "INSERT INTO outbox (event) VALUES ('x')").ok());
  EXPECT_TRUE(Run(*postings, "DELETE FROM outbox").ok());
  auto profiles = As("profiles");
  EXPECT_TRUE(Run(*profiles, "SELECT COUNT(*) FROM profiles").ok());
  auto events = As("events");
  EXPECT_TRUE(Run(*events, "SELECT COUNT(*) FROM feed").ok());
}

TEST_F(ServiceUsersTest, NoServiceReadsAnotherServicesSchema) {
  auto postings = As("postings");
  ExpectDenied(*postings, absl::StrCat("SELECT * FROM ", Schema("profiles"), ".profiles"));
  ExpectDenied(*postings, absl::StrCat("SELECT * FROM ", Schema("events"), ".feed"));
  auto profiles = As("profiles");
  ExpectDenied(*profiles, absl::StrCat("SELECT * FROM ", Schema("postings"), ".posts"));
  ExpectDenied(*profiles, absl::StrCat("SELECT * FROM ", Schema("events"), ".feed"));
  ExpectDenied(*profiles, "SELECT * FROM mysql.user");
}

// The events service reads where a person lives and the outboxes, and takes
// openings from posts; it never sees a sealed ID number, its hash, or the
// profiles' other tables, and writes nothing of theirs.
TEST_F(ServiceUsersTest, TheEventsServiceGetsOnlyWhatItUsesOfTheOthers) {
  auto events = As("events");
  const std::string people = Schema("profiles") + ".profiles";
  EXPECT_TRUE(
      Run(*events, "SELECT residence_region_code FROM " + people + " WHERE profile_id = 'p'").ok());
  ExpectDenied(*events, "SELECT sensitive_ct FROM " + people);
  ExpectDenied(*events, "SELECT id_hash FROM " + people);
  ExpectDenied(*events, "SELECT * FROM " + people);
  ExpectDenied(*events, "UPDATE " + people + " SET residence_region_code = '43'");
  ExpectDenied(*events, "SELECT * FROM " + Schema("profiles") + ".audit_log");
  EXPECT_TRUE(Run(*events, "SELECT id, event FROM " + Schema("profiles") + ".outbox").ok());
  ExpectDenied(*events, "DELETE FROM " + Schema("profiles") + ".outbox");
  const std::string posts = Schema("postings") + ".posts";
  EXPECT_TRUE(Run(*events, "UPDATE " + posts +
                               " SET remaining_openings = remaining_openings - 1,"
                               " version = version + 1 WHERE post_id = 'none'")
                  .ok());
  ExpectDenied(*events, "UPDATE " + posts + " SET employer_id = 'e' WHERE post_id = 'none'");
  ExpectDenied(*events, "DELETE FROM " + posts);
  ExpectDenied(*events, "SELECT * FROM " + Schema("postings") + ".employers");
}

// Migrations are the administrator's: a service changes no table, and the
// audit log's append-only triggers stay out of its reach.
TEST_F(ServiceUsersTest, ServicesHaveNoDdl) {
  auto profiles = As("profiles");
  ExpectDenied(*profiles, "CREATE TABLE t (x INT)");
  ExpectDenied(*profiles, "DROP TABLE outbox");
  ExpectDenied(*profiles, "ALTER TABLE profiles ADD COLUMN x INT");
  ExpectDenied(*profiles, "DROP TRIGGER audit_log_no_delete");
  ASSERT_TRUE(Run(*profiles,
                  "INSERT INTO audit_log (action, caller_role, caller_subject, profile_id, reason)"
                  " VALUES ('reveal', 'admin', 'a-1', 'p-1', 'test')")
                  .ok());
  EXPECT_FALSE(Run(*profiles, "DELETE FROM audit_log").ok()) << "the audit log lost a row";
  EXPECT_FALSE(Run(*profiles, "UPDATE audit_log SET reason = 'x'").ok());
  ExpectDenied(*profiles, "GRANT SELECT ON " + Schema("profiles") + ".* TO 'root'@'127.0.0.1'");
  auto postings = As("postings");
  ExpectDenied(*postings, "TRUNCATE TABLE posts");
}

TEST_F(ServiceUsersTest, NoFileIsReadForTheServer) {
  const std::string file = absl::StrCat(*secrets_, "/rows.tsv");
  std::ofstream(file) << "1\tx\n";
  auto postings = As("postings");
  // The server refuses LOCAL INFILE, and the client would not send a file.
  const absl::Status local = Run(
      *postings, absl::StrCat("LOAD DATA LOCAL INFILE '", file, "' INTO TABLE outbox (id, event)"));
  EXPECT_FALSE(local.ok()) << "LOAD DATA LOCAL INFILE was accepted";
  EXPECT_TRUE(absl::StrContains(local.message(), "(1148)") ||
              absl::StrContains(local.message(), "(4166)") ||
              absl::StrContains(local.message(), "(2068)"))
      << local;
  // Nor may a service make the server read one of its own files.
  ExpectDenied(*postings,
               absl::StrCat("LOAD DATA INFILE '", file, "' INTO TABLE outbox (id, event)"));
}

// The server deploy/db.sh starts: no LOCAL INFILE for anyone (the
// administrator too), and every commit flushed to disk before it is
// acknowledged (and the binary log too, whenever one is turned on).
TEST_F(ServiceUsersTest, TheServerRefusesLocalFilesAndFlushesEveryCommit) {
  Database admin(*admin_);
  absl::Status s = admin.WithConnection([](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(
        st->executeQuery("SELECT @@local_infile, @@innodb_flush_log_at_trx_commit, @@sync_binlog"));
    EXPECT_TRUE(rs->next());
    EXPECT_EQ(rs->getInt(1), 0) << "local_infile";
    EXPECT_EQ(rs->getInt(2), 1) << "innodb_flush_log_at_trx_commit";
    EXPECT_EQ(rs->getInt(3), 1) << "sync_binlog";
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
}

// The administrator's account: root has a password, kept by deploy/db.sh in
// a file only its owner may read; without it (or with a wrong one) root is
// refused on every address, and the server listens on loopback only.
TEST_F(ServiceUsersTest, RootNeedsItsPasswordAndTheServerListensOnLoopbackOnly) {
  const std::string file = jobmatch::testing::TestRootPasswordFile();
  struct stat st;
  ASSERT_EQ(::stat(file.c_str(), &st), 0) << "deploy/db.sh start makes " << file;
  EXPECT_EQ(st.st_mode & 0777, 0600u) << file;
  EXPECT_FALSE(admin_->password.empty());

  for (const std::string& url : {admin_->url, std::string("tcp://localhost:") +
                                                  admin_->url.substr(admin_->url.rfind(':') + 1)}) {
    DbConfig config = *admin_;
    config.url = url;
    config.password = "";
    EXPECT_FALSE(Database(config).Ping().ok()) << "root without a password at " << url;
    config.password = "not-" + admin_->password;
    EXPECT_FALSE(Database(config).Ping().ok()) << "root with a wrong password at " << url;
  }
  Database admin(*admin_);
  EXPECT_TRUE(admin.Ping().ok());
  absl::Status s = admin.WithConnection([](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> stmt(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(
        "SELECT @@bind_address, (SELECT COUNT(*) FROM mysql.user WHERE User = '' OR "
        "(authentication_string = '' AND plugin IN ('', 'mysql_native_password') AND "
        "User <> 'mariadb.sys'))"));
    EXPECT_TRUE(rs->next());
    EXPECT_EQ(std::string(rs->getString(1)), "127.0.0.1");
    EXPECT_EQ(rs->getInt(2), 0) << "no anonymous or password-less account";
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
}

}  // namespace
}  // namespace jobmatch::db
