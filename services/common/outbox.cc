#include "services/common/outbox.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

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

}  // namespace jobmatch
