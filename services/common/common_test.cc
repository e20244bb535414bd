// Tests of the shared layer: status conversion and database access against the
// real private MariaDB.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/db/bytes.h"
#include "services/common/db/database.h"
#include "services/common/db/migrations.h"
#include "services/common/db/prepared.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/retry_hint.h"
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

int64_t ConnectionId(sql::Connection& c) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT CONNECTION_ID()"));
  rs->next();
  return rs->getInt64(1);
}

TEST_F(DatabaseTest, PoolWaitsNoLongerThanTheCallDeadline) {
  config_.max_connections = 1;
  db::Database db(config_);
  auto held = db.Acquire();
  ASSERT_TRUE(held.ok()) << held.status();
  const int64_t id = ConnectionId(**held);
  {
    // Far below the pool's own 5 s: the caller's deadline decides.
    const ScopedCallDeadline deadline(absl::Now() + absl::Milliseconds(200));
    const absl::Time start = absl::Now();
    auto waited = db.Acquire();
    EXPECT_TRUE(absl::IsUnavailable(waited.status())) << waited.status();
    EXPECT_TRUE(RetryDelayOf(waited.status()).has_value()) << "a retry hint";
    EXPECT_LT(absl::Now() - start, absl::Seconds(3));
    // A deadline already past does not wait at all, nor run a transaction.
    const ScopedCallDeadline past(absl::Now() - absl::Seconds(1));
    bool ran = false;
    EXPECT_TRUE(absl::IsUnavailable(db.InTransaction([&](sql::Connection&) {
      ran = true;
      return absl::OkStatus();
    })));
    EXPECT_FALSE(ran);
  }
  EXPECT_EQ(CallDeadline(), absl::InfiniteFuture()) << "the scope ended";

  // A waiter gets the connection as soon as it is given back: the pool
  // never opened a second one.
  std::thread giver([&] {
    absl::SleepFor(absl::Milliseconds(100));
    auto done = std::move(*held);
  });
  auto next = db.Acquire();
  giver.join();
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(ConnectionId(**next), id);
}

TEST_F(DatabaseTest, PoolWaitIsBoundedWithoutADeadlineToo) {
  config_.max_connections = 1;
  config_.acquire_timeout = absl::Milliseconds(100);
  db::Database db(config_);
  auto held = db.Acquire();
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(absl::IsUnavailable(db.Acquire().status()));
  held->Discard();  // a dropped connection frees its place too
  EXPECT_TRUE(db.Acquire().ok());
}

// Locks row 1 of t on a connection of `other`, in a transaction left open;
// ROLLBACK on the returned connection lets it go.
db::Database::Lease HoldRowLock(db::Database& other) {
  auto locker = other.Acquire();
  EXPECT_TRUE(locker.ok()) << locker.status();
  std::unique_ptr<sql::Statement> st((*locker)->createStatement());
  st->execute("BEGIN");
  std::unique_ptr<sql::ResultSet> held(st->executeQuery("SELECT v FROM t WHERE id = 1 FOR UPDATE"));
  while (held->next()) {
  }
  return std::move(*locker);
}

void Release(db::Database::Lease& locker) {
  std::unique_ptr<sql::Statement> st(locker->createStatement());
  st->execute("ROLLBACK");
}

TEST_F(DatabaseTest, LockWaitRetriesStopAtTheCallDeadline) {
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  // Another connection holds the row's lock throughout.
  db::Database other(config_);
  db::Database::Lease locker = HoldRowLock(other);

  std::atomic<int> attempts{0};
  const int64_t retries_before = db_->Use().lock_retries;
  auto update = [&](sql::Connection& c) {
    ++attempts;
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute("SET SESSION innodb_lock_wait_timeout = 1");
    st->execute("UPDATE t SET v = 'x' WHERE id = 1");
    return absl::OkStatus();
  };
  {
    // Without a deadline the lock-wait timeout would be retried 5 times.
    const ScopedCallDeadline deadline(absl::Now() + absl::Milliseconds(1500));
    absl::Status s = db_->InTransaction(update);
    EXPECT_TRUE(absl::IsAborted(s)) << s;
  }
  EXPECT_LE(attempts.load(), 2);
  EXPECT_EQ(db_->Use().lock_retries - retries_before, attempts.load() - 1) << "counted";
  Release(locker);
}

// A body that turns Connector/C++'s exceptions into statuses itself (as the
// profiles store's transactions do) still has a lock conflict retried; any
// other ABORTED it returns is its answer.
TEST_F(DatabaseTest, ALockConflictReturnedByTheBodyIsRetriedButNoOtherAbort) {
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  db::Database other(config_);
  db::Database::Lease locker = HoldRowLock(other);

  int attempts = 0;
  absl::Status s = db_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ++attempts;
    try {
      std::unique_ptr<sql::Statement> st(c.createStatement());
      st->execute("SET SESSION innodb_lock_wait_timeout = 1");
      st->execute("UPDATE t SET v = 'y' WHERE id = 1");
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      Release(locker);  // the lock goes: a second run gets through
      const absl::Status conflict = db::StatusFromSqlException(e);
      EXPECT_TRUE(db::IsLockConflict(conflict)) << conflict;
      return conflict;
    }
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(attempts, 2);

  attempts = 0;
  s = db_->InTransaction([&](sql::Connection&) {
    ++attempts;
    return absl::AbortedError("version 3 expected, 4 found");
  });
  EXPECT_TRUE(absl::IsAborted(s));
  EXPECT_FALSE(db::IsLockConflict(s));
  EXPECT_EQ(attempts, 1);
}

TEST_F(DatabaseTest, ALostConnectionDropsTheIdleOnesToo) {
  // Four idle connections in the pool, then the server drops them all (as
  // when the database node behind a load balancer dies and another takes
  // over): one call finds its connection gone, and the next one works.
  config_.max_connections = 4;
  db::Database db(config_);
  std::vector<int64_t> ids;
  {
    std::vector<db::Database::Lease> held;
    for (int i = 0; i < 4; ++i) {
      auto lease = db.Acquire();
      ASSERT_TRUE(lease.ok()) << lease.status();
      ids.push_back(ConnectionId(**lease));
      held.push_back(std::move(*lease));
    }
  }
  ASSERT_TRUE(db_->WithConnection([&](sql::Connection& c) {
                   std::unique_ptr<sql::Statement> st(c.createStatement());
                   for (int64_t id : ids) st->execute(absl::StrCat("KILL CONNECTION ", id));
                   return absl::OkStatus();
                 })
                  .ok());
  EXPECT_TRUE(absl::IsUnavailable(db.Ping()));
  EXPECT_TRUE(db.Ping().ok()) << "the other dead connections were dropped with the first";
}

TEST_F(DatabaseTest, ACommitThatFailsIsNotReportedAsDone) {
  // The connection is lost just before COMMIT (as when the database node
  // dies, or a Galera certification conflict refuses the commit): the
  // caller must hear of it, not be told its write was made.
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  db::Database killer(config_);
  absl::Status s = db_->InTransaction([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute("INSERT INTO t VALUES (2, 'lost')");
    const int64_t id = ConnectionId(c);
    return killer.WithConnection([&](sql::Connection& k) {
      std::unique_ptr<sql::Statement> kill(k.createStatement());
      kill->execute(absl::StrCat("KILL CONNECTION ", id));
      return absl::OkStatus();
    });
  });
  EXPECT_TRUE(absl::IsUnavailable(s)) << s;
  EXPECT_EQ(CountRows(), 1) << "nothing was written";
}

// The server's count of `what` (Com_stmt_prepare, Com_stmt_close) for this
// connection's session.
int64_t SessionCount(sql::Connection& c, const std::string& what) {
  std::unique_ptr<sql::Statement> st(c.createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      st->executeQuery(absl::StrCat("SHOW SESSION STATUS LIKE '", what, "'")));
  return rs->next() ? rs->getInt64(2) : -1;
}

// The value of row `id` of t through the statement kept for its text.
std::string ValueOf(sql::Connection& c, int id) {
  sql::PreparedStatement* st = db::Prepared(c, "SELECT v FROM t WHERE id = ?");
  st->setInt(1, id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() ? std::string(rs->getString(1)) : "";
}

TEST_F(DatabaseTest, AStatementIsPreparedOncePerConnectionAndKeptAcrossLeases) {
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  config_.max_connections = 1;  // every lease gets the same connection
  db::Database db(config_);
  ASSERT_TRUE(db.InTransaction([&](sql::Connection& c) {
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  st->execute("INSERT INTO t VALUES (2, '株洲'), (3, '湘潭')");
                  return absl::OkStatus();
                }).ok());
  int64_t prepares_before = -1, id = -1;
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& c) {
                  id = ConnectionId(c);
                  prepares_before = SessionCount(c, "Com_stmt_prepare");
                  EXPECT_EQ(ValueOf(c, 1), "醴陵");
                  EXPECT_EQ(ValueOf(c, 3), "湘潭");
                  EXPECT_EQ(db::Prepared(c, "SELECT v FROM t WHERE id = ?"),
                            db::Prepared(c, "SELECT v FROM t WHERE id = ?"));
                  return absl::OkStatus();
                }).ok());
  ASSERT_TRUE(db.InTransaction([&](sql::Connection& c) {
                  EXPECT_EQ(ConnectionId(c), id);
                  EXPECT_EQ(ValueOf(c, 2), "株洲");
                  EXPECT_EQ(ValueOf(c, 4), "") << "no row 4: the statement's last answer is gone";
                  EXPECT_EQ(SessionCount(c, "Com_stmt_prepare"), prepares_before + 1)
                      << "one prepare for four executions over two leases";
                  return absl::OkStatus();
                }).ok());
}

TEST_F(DatabaseTest, ALostConnectionsStatementsAreNotUsedOnItsSuccessor) {
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  config_.max_connections = 1;
  db::Database db(config_);
  int64_t id = -1;
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& c) {
                  id = ConnectionId(c);
                  EXPECT_EQ(ValueOf(c, 1), "醴陵");
                  return absl::OkStatus();
                }).ok());
  ASSERT_TRUE(db_->WithConnection([&](sql::Connection& k) {
                   std::unique_ptr<sql::Statement> kill(k.createStatement());
                   kill->execute(absl::StrCat("KILL CONNECTION ", id));
                   return absl::OkStatus();
                 })
                  .ok());
  EXPECT_TRUE(absl::IsUnavailable(db.WithConnection([&](sql::Connection& c) {
    ValueOf(c, 1);
    return absl::OkStatus();
  })));
  // The new connection prepares the text again: a statement of the lost one
  // (even were the new connection at the old one's address) would throw.
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& c) {
                  EXPECT_NE(ConnectionId(c), id);
                  const int64_t prepares = SessionCount(c, "Com_stmt_prepare");
                  EXPECT_EQ(ValueOf(c, 1), "醴陵");
                  EXPECT_EQ(SessionCount(c, "Com_stmt_prepare"), prepares + 1);
                  return absl::OkStatus();
                }).ok());
}

TEST_F(DatabaseTest, AConnectionThatPreparedTooManyTextsClosesThemOnRelease) {
  // Texts built from input (a value written in) must not pile up on the
  // server: past kStatementsKeptPerConnection, release closes them all.
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  config_.max_connections = 1;
  db::Database db(config_);
  const int many = db::kStatementsKeptPerConnection + 1;
  int64_t closes_before = -1;
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& c) {
                  closes_before = SessionCount(c, "Com_stmt_close");
                  std::vector<sql::PreparedStatement*> held;
                  for (int i = 0; i < many; ++i) {
                    held.push_back(db::Prepared(c, absl::StrCat("SELECT v FROM t WHERE id = ", i)));
                  }
                  // All still usable within the lease.
                  std::unique_ptr<sql::ResultSet> rs(held[1]->executeQuery());
                  EXPECT_TRUE(rs->next());
                  EXPECT_EQ(rs->getString(1), "醴陵");
                  return absl::OkStatus();
                }).ok());
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& c) {
                  EXPECT_EQ(SessionCount(c, "Com_stmt_close"), closes_before + many);
                  const int64_t prepares = SessionCount(c, "Com_stmt_prepare");
                  EXPECT_EQ(ValueOf(c, 1), "醴陵");
                  EXPECT_EQ(SessionCount(c, "Com_stmt_prepare"), prepares + 1);
                  return absl::OkStatus();
                }).ok());
  // Under the limit a connection's statements stay: nothing closed, nothing
  // prepared again.
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& c) {
                  const int64_t closes = SessionCount(c, "Com_stmt_close");
                  const int64_t prepares = SessionCount(c, "Com_stmt_prepare");
                  EXPECT_EQ(ValueOf(c, 1), "醴陵");
                  EXPECT_EQ(SessionCount(c, "Com_stmt_prepare"), prepares);
                  EXPECT_EQ(SessionCount(c, "Com_stmt_close"), closes);
                  return absl::OkStatus();
                }).ok());
}

TEST_F(DatabaseTest, ConnectionsPassedBetweenThreadsKeepOneStatementPerText) {
  // A service's handler threads share the pool: each connection moves from
  // thread to thread, and the registry of statements is read by all of them
  // while connections come and go. Every answer must come from the statement
  // of its own text, and each text be prepared once per connection. (Run by
  // `deploy/sanitize.sh thread common_test` as well.)
  ASSERT_TRUE(db::ApplyMigrations(*db_, dir_.string()).ok());
  config_.max_connections = 3;
  db::Database db(config_);
  ASSERT_TRUE(db.InTransaction([&](sql::Connection& c) {
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  st->execute("INSERT INTO t VALUES (2, '株洲'), (3, '湘潭'), (4, '浏阳')");
                  return absl::OkStatus();
                }).ok());
  const std::string names[] = {"", "醴陵", "株洲", "湘潭", "浏阳"};
  constexpr int kThreads = 8, kCalls = 100;
  std::atomic<int> wrong{0}, failed{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < kCalls; ++i) {
        const int id = 1 + (k + i) % 4;
        const absl::Status s = db.WithConnection([&](sql::Connection& c) {
          if (ValueOf(c, id) != names[id]) ++wrong;
          // A second text, one of two by thread: the same connection keeps
          // statements of both, and neither answers for the other.
          sql::PreparedStatement* st =
              db::Prepared(c, k % 2 == 0 ? "SELECT CONCAT(v, '/even') FROM t WHERE id = ?"
                                         : "SELECT CONCAT(v, '/odd') FROM t WHERE id = ?");
          st->setInt(1, id);
          std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
          if (!rs->next() || rs->getString(1) != names[id] + (k % 2 == 0 ? "/even" : "/odd")) {
            ++wrong;
          }
          return absl::OkStatus();
        });
        if (!s.ok()) ++failed;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  // All three connections at once: 1,600 executions of three texts made at
  // most three prepares on each.
  std::vector<db::Database::Lease> all;
  for (int i = 0; i < 3; ++i) {
    auto lease = db.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    EXPECT_LE(SessionCount(**lease, "Com_stmt_prepare"), 3) << "connection " << i;
    all.push_back(*std::move(lease));
  }
}

TEST_F(DatabaseTest, BytesBoundToABlobComeBackUnchanged) {
  // Sealed data and serialised events are not text: every byte value, a NUL
  // and invalid UTF-8 among them, must survive BindBytes and ReadBytes.
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string values[] = {all, std::string("\xff\xfe\0\xc3", 4), ""};
  ASSERT_TRUE(db_->WithConnection([&](sql::Connection& c) {
                   std::unique_ptr<sql::Statement> st(c.createStatement());
                   st->execute("CREATE TABLE b (id INT PRIMARY KEY, v BLOB NULL)");
                   sql::PreparedStatement* put = db::Prepared(c, "INSERT INTO b VALUES (?, ?)");
                   for (int i = 0; i < 3; ++i) {
                     put->setInt(1, i);
                     db::BindBytes(*put, 2, values[i]);
                     put->executeUpdate();
                   }
                   st->execute("INSERT INTO b VALUES (3, NULL)");
                   std::unique_ptr<sql::ResultSet> rs(
                       st->executeQuery("SELECT id, v, LENGTH(v) FROM b ORDER BY id"));
                   for (int i = 0; i < 3; ++i) {
                     EXPECT_TRUE(rs->next());
                     EXPECT_EQ(db::ReadBytes(*rs, 2), values[i]) << "row " << i;
                     EXPECT_EQ(db::ReadBytes(*rs, "v"), values[i]) << "row " << i;
                     EXPECT_EQ(rs->getInt(3), static_cast<int>(values[i].size()));
                   }
                   EXPECT_TRUE(rs->next());
                   EXPECT_EQ(db::ReadBytes(*rs, "v"), "") << "NULL reads as empty";
                   return absl::OkStatus();
                 })
                  .ok());
}

TEST(DatabaseUnreachableTest, IsUnavailable) {
  db::DbConfig config;
  config.url = "tcp://127.0.0.1:1";
  db::Database db(config);
  EXPECT_TRUE(absl::IsUnavailable(db.Ping()));
}

}  // namespace
}  // namespace jobmatch
