#include "services/common/db/prepared.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace jobmatch::db {
namespace {

// One connection's statements. Only the thread holding the connection's
// lease touches them, so they need no lock of their own.
using Statements = absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>>;

// Every pooled connection's statements, by connection. The lock guards the
// map, not the statements; lookups share it.
struct Registry {
  absl::Mutex mu;
  absl::flat_hash_map<const sql::Connection*, std::unique_ptr<Statements>> by_connection
      ABSL_GUARDED_BY(mu);
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // never destroyed: pools may outlive main
  return *registry;
}

Statements* StatementsOf(const sql::Connection* conn) {
  Registry& r = TheRegistry();
  absl::ReaderMutexLock lock(&r.mu);
  auto it = r.by_connection.find(conn);
  return it == r.by_connection.end() ? nullptr : it->second.get();
}

// Closes each statement; a connection already lost makes closing throw, and
// the statement is gone either way.
void Close(Statements& statements) {
  for (auto& [text, st] : statements) {
    try {
      st.reset();
    } catch (const sql::SQLException&) {
    }
  }
  statements.clear();
}

}  // namespace

sql::PreparedStatement* Prepared(sql::Connection& conn, const std::string& sql_text) {
  Statements* statements = StatementsOf(&conn);
  if (statements == nullptr) {
    // Only Database opens connections, and it tracks each one; anything else
    // is a programming error that would leak statements on the server.
    std::fprintf(stderr, "db::Prepared: a connection not lent by db::Database\n");
    std::abort();
  }
  std::unique_ptr<sql::PreparedStatement>& st = (*statements)[sql_text];
  if (st == nullptr) {
    try {
      st.reset(conn.prepareStatement(sql_text));
    } catch (...) {
      statements->erase(sql_text);  // no empty slot left behind
      throw;
    }
  }
  return st.get();
}

namespace internal {

void TrackStatements(const sql::Connection* conn) {
  Registry& r = TheRegistry();
  absl::MutexLock lock(&r.mu);
  r.by_connection[conn] = std::make_unique<Statements>();
}

void ForgetStatements(const sql::Connection* conn) {
  std::unique_ptr<Statements> statements;
  {
    Registry& r = TheRegistry();
    absl::MutexLock lock(&r.mu);
    auto it = r.by_connection.find(conn);
    if (it == r.by_connection.end()) return;
    statements = std::move(it->second);
    r.by_connection.erase(it);
  }
  Close(*statements);  // outside the lock: it talks to the server
}

void TrimStatements(const sql::Connection* conn) {
  Statements* statements = StatementsOf(conn);
  if (statements != nullptr && statements->size() > kStatementsKeptPerConnection) {
    Close(*statements);
  }
}

}  // namespace internal
}  // namespace jobmatch::db
