// A thin layer over the SQLite C API for the field outbox: an open database
// and prepared statements whose errors come back as absl::Status. Not
// thread-safe: one SqliteDb per thread (the CLI has one).
#ifndef JOBMATCH_CLIENTS_FIELD_SQLITE_DB_H_
#define JOBMATCH_CLIENTS_FIELD_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::field {

class SqliteStatement;

class SqliteDb {
 public:
  // Opens (creating if missing) the file at `path` in WAL mode with
  // synchronous=FULL, so a committed transaction survives the process being
  // killed and the machine losing power; with secure_delete on; the file and
  // its -wal and -shm files mode 0600. UNAVAILABLE if it cannot be opened.
  static absl::StatusOr<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements that return no rows.
  absl::Status Exec(absl::string_view sql);
  // A prepared statement; valid while this database is.
  absl::StatusOr<SqliteStatement> Prepare(absl::string_view sql);
  // Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back if it fails.
  absl::Status InTransaction(const std::function<absl::Status()>& body);

  absl::Status Error(absl::string_view what) const;
  sqlite3* handle() { return db_; }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// One prepared statement. Bind parameters are 1-based, columns 0-based.
class SqliteStatement {
 public:
  SqliteStatement(SqliteDb* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt, &sqlite3_finalize) {}

  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, absl::string_view text);
  SqliteStatement& BindBlob(int index, absl::string_view bytes);

  // Steps once: true when a row is ready, false when done; an error status
  // otherwise. Run() steps a statement that returns no rows.
  absl::StatusOr<bool> Step();
  absl::Status Run();
  // Makes the statement ready to bind and run again.
  void Reset();

  int64_t Int(int column) const;
  std::string Text(int column) const;

 private:
  SqliteDb* db_;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt_;
};

}  // namespace jobmatch::field

#endif  // JOBMATCH_CLIENTS_FIELD_SQLITE_DB_H_
