// Tests of the shared layer: status conversion and database access against the
// real private MariaDB.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "services/common/db/database.h"
#include "services/common/db/migrations.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/test_database.h"

namespace jobmatch {
namespace {

TEST(FieldViolationsTest, EmptyIsOk) { EXPECT_TRUE(FieldViolations().ToStatus().ok()); }

TEST(FieldViolationsTest, RoundTripsThroughGrpcStatus) {
  FieldViolations v("post");
  v.Add("openings", "must be at least 1");
  v.Add("salary.min_monthly_cny", "must not be negative");
  const absl::Status s = v.ToStatus();
  ASSERT_TRUE(absl::IsInvalidArgument(s));

  const grpc::Status wire = ToGrpcStatus(s);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const absl::Status back = FromGrpcStatus(wire);
  const google::rpc::BadRequest br = BadRequestOf(back);
  ASSERT_EQ(br.field_violations_size(), 2);
  EXPECT_EQ(br.field_violations(0).field(), "post.openings");
  EXPECT_EQ(br.field_violations(1).field(), "post.salary.min_monthly_cny");
}

TEST(GrpcStatusTest, KeepsCodeWithoutDetails) {
  const grpc::Status wire = ToGrpcStatus(absl::NotFoundError("no such post"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(wire.error_message(), "no such post");
  EXPECT_TRUE(wire.error_details().empty());
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::TestServerConfig();
    config_.schema = absl::StrCat("jmtest_common_", getpid());
    ASSERT_TRUE(db::CreateSchema(config_, config_.schema).ok());
    dir_ = std::filesystem::temp_directory_path() / absl::StrCat("jm_migr_", getpid());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "0001_init.sql")
        << "-- a comment line\nCREATE TABLE IF NOT EXISTS t (\n id INT PRIMARY KEY,\n"
           " v VARCHAR(20) CHARACTER SET utf8mb4);\nINSERT INTO t VALUES (1, '醴陵');\n";
    db_ = std::make_unique<db::Database>(config_);
  }
  void TearDown() override {
    db_.reset();
    (void)db::DropSchema(config_, config_.schema);
    std::filesystem::remove_all(dir_);
  }
  int CountRows() {
    int n = -1;
    EXPECT_TRUE(db_->WithConnection([&](sql::Connection& c) {
                     std::unique_ptr<sql::Statement> st(c.createStatement());
                     std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT COUNT(*) FROM t"));
                     rs->next();
                     n = rs->getInt(1);
                     return absl::OkStatus();
                   })
                    .ok());
    return n;
  }
  db::DbConfig config_;
  std::filesystem::path dir_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(DatabaseTest, MigrationsApplyOnceAndKeepUtf8) {
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());  // second run is a no-op
  EXPECT_EQ(CountRows(), 1);
  std::string v;
  ASSERT_TRUE(db_->WithConnection([&](sql::Connection& c) {
                   std::unique_ptr<sql::Statement> st(c.createStatement());
                   std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT v FROM t"));
                   rs->next();
                   v = rs->getString(1);
                   return absl::OkStatus();
                 })
                  .ok());
  EXPECT_EQ(v, "醴陵");
}

TEST_F(DatabaseTest, FailedTransactionLeavesNothing) {
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  absl::Status s = db_->InTransaction([](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute("INSERT INTO t VALUES (2, 'a')");
    return absl::FailedPreconditionError("refused after writing");
  });
  EXPECT_TRUE(absl::IsFailedPrecondition(s));
  EXPECT_EQ(CountRows(), 1);

  s = db_->InTransaction([](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute("INSERT INTO t VALUES (3, 'b')");
    st->execute("INSERT INTO t VALUES (1, 'duplicate key')");
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsAlreadyExists(s)) << s;
  EXPECT_EQ(CountRows(), 1);
}

TEST(DatabaseUnreachableTest, IsUnavailable) {
  db::DbConfig config;
  config.url = "tcp://127.0.0.1:1";
  db::Database db(config);
  EXPECT_TRUE(absl::IsUnavailable(db.Ping()));
}

}  // namespace
}  // namespace jobmatch
