#include "services/common/db/database.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <random>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/call_deadline.h"
#include "services/common/db/prepared.h"
#include "services/common/retry_hint.h"

namespace jobmatch::db {
namespace {

// get_driver_instance() is not thread-safe; a function-local static makes the
// first call happen exactly once.
sql::Driver* Driver() {
  static sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

}  // namespace

void PauseBeforeRetry(int attempt) {
  thread_local std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> micros(1000, 4000 << std::min(attempt, 4));
  absl::SleepFor(std::min(absl::Microseconds(micros(rng)), CallDeadline() - absl::Now()));
}

// Marks a lock conflict's status; never sent to clients (ToGrpcStatus copies
// only the google.rpc details it knows).
constexpr absl::string_view kLockConflictUrl = "type.jobmatch.dev/db.LockConflict";

bool IsLockConflict(const absl::Status& status) {
  return absl::IsAborted(status) && status.GetPayload(kLockConflictUrl).has_value();
}

absl::Status StatusFromSqlException(const sql::SQLException& e) {
  const std::string what = absl::StrCat("database: ", e.what(), " (", e.getErrorCode(), ")");
  switch (e.getErrorCode()) {
    case 1213:    // ER_LOCK_DEADLOCK
    case 1205: {  // ER_LOCK_WAIT_TIMEOUT
      absl::Status s = absl::AbortedError(what);
      s.SetPayload(kLockConflictUrl, absl::Cord());
      return s;
    }
    case 1062:  // ER_DUP_ENTRY
      return absl::AlreadyExistsError(what);
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
      return absl::UnavailableError(what);
    default:
      return absl::InternalError(what);
  }
}

void Database::CloseConnection::operator()(sql::Connection* conn) const {
  internal::ForgetStatements(conn);
  delete conn;
}

Database::Database(DbConfig config) : config_(std::move(config)) { Driver(); }

Database::~Database() = default;

Database::Lease::Lease(Database* db, Connection conn) : db_(db), conn_(std::move(conn)) {}
Database::Lease::Lease(Lease&& other) noexcept : db_(other.db_), conn_(std::move(other.conn_)) {}
Database::Lease::~Lease() {
  if (conn_) db_->Release(std::move(conn_));
}
void Database::Lease::Discard() {
  if (conn_) {
    conn_.reset();
    db_->Forget();
    db_->DropIdle();
  }
}

absl::StatusOr<Database::Connection> Database::Open() {
  try {
    sql::ConnectOptionsMap options;
    options["hostName"] = sql::SQLString(config_.url);
    options["userName"] = sql::SQLString(config_.user);
    options["password"] = sql::SQLString(config_.password);
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    // Never read client files for the server (LOAD DATA LOCAL INFILE): the
    // client library allows it by default, and a server, or a statement
    // built from input, could then make a service send any file it can read.
    options["OPT_LOCAL_INFILE"] = 0;
    Connection conn(Driver()->connect(options));
    internal::TrackStatements(conn.get());
    if (!config_.schema.empty()) conn->setSchema(config_.schema);
    std::unique_ptr<sql::Statement> st(conn->createStatement());
    st->execute("SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
    st->execute("SET time_zone = '+00:00'");
    return conn;
  } catch (const sql::SQLException& e) {
    return absl::UnavailableError(absl::StrCat("cannot connect to ", config_.url, ": ", e.what()));
  }
}

absl::StatusOr<Database::Lease> Database::Acquire() {
  const absl::Time give_up = std::min(absl::Now() + config_.acquire_timeout, CallDeadline());
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < config_.max_connections;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&available), give_up)) {
      ++exhausted_;
      return UnavailableRetryAfter(absl::StrCat("database: all ", config_.max_connections,
                                                " connections stayed busy; try again shortly"),
                                   absl::Seconds(1));
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;  // the slot is ours while we connect, outside the lock
  }
  auto conn = Open();
  if (!conn.ok()) {
    Forget();
    return conn.status();
  }
  return Lease(this, std::move(*conn));
}

Database::PoolUse Database::Use() const {
  absl::MutexLock lock(&mu_);
  return {open_, static_cast<int>(idle_.size()), config_.max_connections, exhausted_,
          lock_retries_.load(std::memory_order_relaxed)};
}

void Database::Forget() {
  absl::MutexLock lock(&mu_);
  --open_;
}

void Database::DropIdle() {
  std::vector<Connection> dropped;
  {
    absl::MutexLock lock(&mu_);
    dropped.swap(idle_);
    open_ -= static_cast<int>(dropped.size());
  }
  // Closed outside the lock: closing a connection whose server has gone may
  // wait on the network.
  for (auto& conn : dropped) {
    try {
      conn.reset();
    } catch (const sql::SQLException&) {
    }
  }
}

void Database::Release(Connection conn) {
  try {
    if (conn->isClosed()) return Forget();
    if (!conn->getAutoCommit()) {
      conn->rollback();
      conn->setAutoCommit(true);
    }
    internal::TrimStatements(conn.get());
  } catch (const sql::SQLException&) {
    return Forget();  // A broken connection is dropped, not pooled.
  }
  absl::MutexLock lock(&mu_);
  idle_.push_back(std::move(conn));
}

absl::Status Database::WithConnection(const std::function<absl::Status(sql::Connection&)>& body) {
  auto lease = Acquire();
  if (!lease.ok()) return lease.status();
  try {
    return body(**lease);
  } catch (const sql::SQLException& e) {
    absl::Status s = StatusFromSqlException(e);
    if (absl::IsUnavailable(s)) lease->Discard();
    return s;
  }
}

absl::Status Database::InTransaction(const std::function<absl::Status(sql::Connection&)>& body) {
  absl::Status status;
  for (int attempt = 0; attempt <= kDeadlockRetries; ++attempt) {
    auto lease = Acquire();
    if (!lease.ok()) return lease.status();
    sql::Connection& conn = **lease;
    try {
      conn.setAutoCommit(false);
      status = body(conn);
      if (status.ok()) {
        // COMMIT as a statement, never Connection::commit(): Connector/C++
        // 1.1's commit() drops the server's answer, so a commit that failed
        // (the connection lost under it, a Galera certification conflict)
        // looked like success, and the caller was told of a write that was
        // never made. A statement throws the error like any other.
        std::unique_ptr<sql::Statement> commit(conn.createStatement());
        commit->execute("COMMIT");
      } else {
        conn.rollback();
      }
      conn.setAutoCommit(true);
    } catch (const sql::SQLException& e) {
      status = StatusFromSqlException(e);
      try {
        conn.rollback();
        conn.setAutoCommit(true);
      } catch (const sql::SQLException&) {
        lease->Discard();
      }
      if (absl::IsUnavailable(status)) lease->Discard();
    }
    // Only the server's verdict on a lock is retried, thrown or returned by
    // `body` (which may turn exceptions into statuses itself); another
    // ABORTED (a version conflict, say) is the caller's answer. A caller
    // whose deadline has passed is not listening for a retry's answer.
    if (!IsLockConflict(status) || CallDeadlinePassed()) return status;
    if (attempt < kDeadlockRetries) {
      lock_retries_.fetch_add(1, std::memory_order_relaxed);
      PauseBeforeRetry(attempt);
    }
  }
  return status;
}

absl::Status Database::Ping() {
  return WithConnection([](sql::Connection& conn) {
    // The result must be read and freed: an unread result left on a pooled
    // connection makes its next statement fail with "commands out of sync".
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT 1"));
    while (rs->next()) {
    }
    return absl::OkStatus();
  });
}

namespace {
absl::Status ServerStatement(const DbConfig& server, const std::string& sql_text) {
  DbConfig no_schema = server;
  no_schema.schema.clear();
  Database db(no_schema);
  return db.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    st->execute(sql_text);
    return absl::OkStatus();
  });
}
}  // namespace

absl::Status CreateSchema(const DbConfig& server, const std::string& schema) {
  return ServerStatement(server,
                         absl::StrCat("CREATE DATABASE IF NOT EXISTS `", schema,
                                      "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
}

absl::Status DropSchema(const DbConfig& server, const std::string& schema) {
  return ServerStatement(server, absl::StrCat("DROP DATABASE IF EXISTS `", schema, "`"));
}

}  // namespace jobmatch::db
