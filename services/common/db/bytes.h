// BLOB columns through Connector/C++: the one way the stores bind bytes to a
// statement and read them back.
#ifndef JOBMATCH_SERVICES_COMMON_DB_BYTES_H_
#define JOBMATCH_SERVICES_COMMON_DB_BYTES_H_

#include <string>

namespace sql {
class PreparedStatement;
class ResultSet;
}  // namespace sql

namespace jobmatch::db {

// Binds `bytes` to parameter `index` of `st`, for a BLOB column: sent with
// their length in the execute packet and stored unchanged (the column's
// character set is binary). Not setBlob: a kept statement (db/prepared.h)
// would hold on to its stream after the caller's stream is gone, and each
// streamed value costs a round trip of its own.
void BindBytes(sql::PreparedStatement& st, int index, const std::string& bytes);

// The whole value of a BLOB column of the current row ("" for NULL).
std::string ReadBytes(sql::ResultSet& rs, int column);
std::string ReadBytes(sql::ResultSet& rs, const char* column);

}  // namespace jobmatch::db

#endif  // JOBMATCH_SERVICES_COMMON_DB_BYTES_H_
