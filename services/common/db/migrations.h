// Versioned schema migrations: files named NNNN_description.sql in one folder
// per schema, applied in order once each and recorded in schema_migrations.
#ifndef JOBMATCH_SERVICES_COMMON_DB_MIGRATIONS_H_
#define JOBMATCH_SERVICES_COMMON_DB_MIGRATIONS_H_

#include <string>

#include "absl/status/status.h"
#include "services/common/db/database.h"

namespace jobmatch::db {

// Applies, in version order, every migration in `dir` that `db`'s schema has
// not recorded yet. Statements in a file are separated by a ';' that ends a
// line. Safe to call concurrently with itself only from one process.
absl::Status ApplyMigrations(Database& db, const std::string& dir);

}  // namespace jobmatch::db

#endif  // JOBMATCH_SERVICES_COMMON_DB_MIGRATIONS_H_
