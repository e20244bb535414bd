// Connector/C++ helpers shared by the MySQL postings store: blobs, generated
// ids, batched outbox writes and the request-id guard.
#ifndef JOBMATCH_SERVICES_POSTINGS_MYSQL_UTIL_H_
#define JOBMATCH_SERVICES_POSTINGS_MYSQL_UTIL_H_

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/db/database.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

// A fresh random id: `prefix` + 16 hex digits.
std::string NewId(char prefix);
// A quoted SQL string literal of `s`, or NULL when empty and `null_if_empty`.
std::string Quote(sql::Connection& conn, const std::string& s, bool null_if_empty = false);

// Microseconds since the Unix epoch, the time unit of every BIGINT time column.
int64_t ToMicros(absl::Time t);
absl::Time FromMicros(int64_t micros);

// Appends `events` to the outbox with multi-row INSERTs. Inside a transaction.
void WriteOutboxEvents(sql::Connection& conn, const std::vector<v1::Event>& events);

// Runs `body` in one transaction guarded by `idem`: a request id seen before
// with the same method and hash returns its recorded answer without running
// `body`; with a different request it is INVALID_ARGUMENT on "request_id";
// otherwise `body` runs and its answer (serialized) is recorded with it.
absl::StatusOr<std::string> RunIdempotent(
    db::Database& db, const Idempotency& idem,
    const std::function<absl::StatusOr<std::string>(sql::Connection&)>& body);

// Parses `bytes` into a T, or INTERNAL.
template <typename T>
absl::StatusOr<T> ParseAs(const absl::StatusOr<std::string>& bytes) {
  if (!bytes.ok()) return bytes.status();
  T out;
  if (!out.ParseFromString(*bytes)) return absl::InternalError("stored record does not parse");
  return out;
}

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_MYSQL_UTIL_H_
