// Prepared statements kept with their pooled connection. Connector/C++'s
// prepareStatement() asks the server to parse and prepare the text on every
// call, and deleting the statement closes it again: a service answering a
// thousand calls a second spent a fifth of the database's time preparing the
// same few dozen texts. Prepared() prepares a text once per connection and
// hands the same statement back on every later call.
#ifndef JOBMATCH_SERVICES_COMMON_DB_PREPARED_H_
#define JOBMATCH_SERVICES_COMMON_DB_PREPARED_H_

#include <string>

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace jobmatch::db {

// The statement for `sql_text` on `conn`, a connection lent by a Database
// (Acquire, WithConnection, InTransaction). The connection owns it: never
// delete it, set every parameter before each execution, and read or free its
// result set before the same text is asked for again on this connection
// (the two would be one statement). Texts should carry their values as `?`
// parameters, so that one text serves every call; a text with values written
// in is prepared anew for each new value. Throws sql::SQLException like
// prepareStatement().
sql::PreparedStatement* Prepared(sql::Connection& conn, const std::string& sql_text);

// How many statements a connection keeps past the end of a lease: a
// connection that prepared more (texts built from input) forgets them all
// when it goes back to the pool. Each one holds memory on the server, which
// allows max_prepared_stmt_count (16,382) in all; 64 per connection leaves
// room for every replica's pool on one server.
inline constexpr int kStatementsKeptPerConnection = 64;

namespace internal {
// Database's side: a connection's statements live from Track until Forget,
// which must come before the connection is deleted (closing a statement
// talks to its connection). Trim applies kStatementsKeptPerConnection.
void TrackStatements(const sql::Connection* conn);
void ForgetStatements(const sql::Connection* conn);
void TrimStatements(const sql::Connection* conn);
}  // namespace internal

}  // namespace jobmatch::db

#endif  // JOBMATCH_SERVICES_COMMON_DB_PREPARED_H_
