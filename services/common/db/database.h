// Access to one MariaDB/MySQL schema through Connector/C++ 1.1: a small
// connection pool and a transaction runner. Connector/C++ throws; nothing
// thrown by it leaves this layer — callers see absl::Status.
#ifndef JOBMATCH_SERVICES_COMMON_DB_DATABASE_H_
#define JOBMATCH_SERVICES_COMMON_DB_DATABASE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sql {
class Connection;
class SQLException;
}  // namespace sql

namespace jobmatch::db {

struct DbConfig {
  // Connector/C++ URL: "tcp://127.0.0.1:33306" or "unix:///path/mysqld.sock".
  std::string url = "tcp://127.0.0.1:33306";
  std::string user = "root";
  std::string password;
  // Schema every connection uses; must exist (see CreateSchema).
  std::string schema;
  // Most connections open at once, in use or idle. A caller finding all in
  // use waits for one up to `acquire_timeout`, and never past its call's
  // deadline (services/common/call_deadline.h), then gets UNAVAILABLE with
  // a retry hint: a burst of callers queues briefly instead of opening
  // connections without end.
  int max_connections = 16;
  absl::Duration acquire_timeout = absl::Seconds(5);
};

// The status for a Connector/C++ exception: deadlocks and lock timeouts are
// ABORTED (retry the transaction), lost connections UNAVAILABLE, duplicate
// keys ALREADY_EXISTS, everything else INTERNAL.
absl::Status StatusFromSqlException(const sql::SQLException& e);
// Whether `status` is the server's verdict on a lock (a deadlock or a
// lock-wait timeout, from StatusFromSqlException): Database::InTransaction
// runs the transaction again whether its body threw it or returned it. Other
// ABORTED statuses (a version conflict) are answers, not retried.
bool IsLockConflict(const absl::Status& status);

// How many times a deadlocked transaction is run again, and the pause before
// each: short, random and growing with `attempt` (0 first), so that the two
// transactions the server chose between do not meet again in step. Never
// past the call's deadline.
inline constexpr int kDeadlockRetries = 5;
void PauseBeforeRetry(int attempt);

// Thread-safe. Connections are opened lazily and reused, each with the
// statements prepared on it (db/prepared.h).
class Database {
 public:
  // Closes a connection's prepared statements, then the connection.
  struct CloseConnection {
    void operator()(sql::Connection* conn) const;
  };
  using Connection = std::unique_ptr<sql::Connection, CloseConnection>;

  explicit Database(DbConfig config);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A pooled connection, given back on destruction.
  class Lease {
   public:
    Lease(Database* db, Connection conn);
    Lease(Lease&&) noexcept;
    ~Lease();
    sql::Connection& operator*() const { return *conn_; }
    sql::Connection* operator->() const { return conn_.get(); }
    // Drops the connection instead of pooling it (after a connection error),
    // and the idle ones with it: they lead to the same server, which has
    // most likely gone too (a crash, a fail-over behind a load balancer), so
    // the next caller opens a fresh connection instead of finding each dead
    // one in turn.
    void Discard();

   private:
    Database* db_;
    Connection conn_;
  };

  // A connection with autocommit on, or UNAVAILABLE (the server cannot be
  // reached, or no connection came free in time; see DbConfig).
  absl::StatusOr<Lease> Acquire();

  // Runs `body` in one transaction and commits if it returns OK; otherwise
  // rolls back and returns its status. Deadlocks and lock-wait timeouts are
  // retried a few times while the call's deadline allows, so `body` must be
  // safe to run again. Exceptions from Connector/C++ inside `body` are
  // caught here.
  absl::Status InTransaction(const std::function<absl::Status(sql::Connection&)>& body);

  // Runs `body` on a pooled connection without opening a transaction.
  absl::Status WithConnection(const std::function<absl::Status(sql::Connection&)>& body);

  // OK when the server answers a trivial query.
  absl::Status Ping();

  // The pool's state, for its metrics (db/pool_metrics.h).
  struct PoolUse {
    int open = 0;  // connections open (idle, leased, or being opened)
    int idle = 0;
    int max = 0;
    int64_t exhausted = 0;  // Acquire calls that gave up waiting, ever
    // Transactions run again after a deadlock or lock-wait timeout, ever.
    int64_t lock_retries = 0;
  };
  PoolUse Use() const;

  const DbConfig& config() const { return config_; }

 private:
  absl::StatusOr<Connection> Open();
  void Release(Connection conn);
  // A connection that will not come back to the pool (dropped or broken).
  void Forget();
  // Closes every idle connection (see Lease::Discard).
  void DropIdle();

  const DbConfig config_;
  mutable absl::Mutex mu_;
  std::vector<Connection> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // idle, leased, or being opened
  int64_t exhausted_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<int64_t> lock_retries_{0};
};

// Creates `schema` (utf8mb4) if it does not exist, connecting without a schema.
absl::Status CreateSchema(const DbConfig& server, const std::string& schema);
// Drops `schema` if it exists (tests clean up with it).
absl::Status DropSchema(const DbConfig& server, const std::string& schema);

}  // namespace jobmatch::db

#endif  // JOBMATCH_SERVICES_COMMON_DB_DATABASE_H_
