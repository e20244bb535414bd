#include "services/common/outbox.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <sstream>

#include "services/common/db/bytes.h"
#include "services/common/db/prepared.h"

namespace jobmatch {

void WriteOutboxEvent(sql::Connection& conn, const v1::Event& event) {
  sql::PreparedStatement* st = db::Prepared(conn, "INSERT INTO outbox (event) VALUES (?)");
  db::BindBytes(*st, 1, event.SerializeAsString());
  st->executeUpdate();
}

int64_t OutboxHead(sql::Connection& conn) {
  sql::PreparedStatement* st = db::Prepared(conn, "SELECT COALESCE(MAX(id), 0) FROM outbox");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next() ? rs->getInt64(1) : 0;
}

}  // namespace jobmatch
