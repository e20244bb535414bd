#include "services/common/db/bytes.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <istream>
#include <iterator>
#include <memory>

namespace jobmatch::db {
namespace {

std::string ReadAll(std::istream* stream) {
  std::unique_ptr<std::istream> in(stream);
  if (!in) return "";
  return std::string(std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>());
}

}  // namespace

void BindBytes(sql::PreparedStatement& st, int index, const std::string& bytes) {
  st.setString(index, sql::SQLString(bytes));
}

std::string ReadBytes(sql::ResultSet& rs, int column) {
  return ReadAll(rs.getBlob(static_cast<uint32_t>(column)));
}

std::string ReadBytes(sql::ResultSet& rs, const char* column) {
  return ReadAll(rs.getBlob(sql::SQLString(column)));
}

}  // namespace jobmatch::db
