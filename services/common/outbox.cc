#include "services/common/outbox.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <sstream>

namespace jobmatch {

void WriteOutboxEvent(sql::Connection& conn, const v1::Event& event) {
  std::unique_ptr<sql::PreparedStatement> st(
      conn.prepareStatement("INSERT INTO outbox (event) VALUES (?)"));
  std::istringstream blob(event.SerializeAsString());
  st->setBlob(1, &blob);
  st->executeUpdate();
}

int64_t OutboxHead(sql::Connection& conn) {
  std::unique_ptr<sql::PreparedStatement> st(
      conn.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM outbox"));
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() ? rs->getInt64(1) : 0;
}

}  // namespace jobmatch
