// Connector/C++ helpers of the MySQL profile store: blobs, exception
// guarding, and sealing a profile's protected data into its stored row.
#ifndef JOBMATCH_SERVICES_PROFILES_MYSQL_ROWS_H_
#define JOBMATCH_SERVICES_PROFILES_MYSQL_ROWS_H_

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jobmatch/v1/profiles.pb.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"

namespace jobmatch::profiles {

// Runs `fn`, turning Connector/C++ exceptions into a status. A lock
// conflict's status, returned through the transaction's body, still has
// db::Database::InTransaction run the transaction again (db::IsLockConflict).
template <typename Fn>
auto Guarded(Fn fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const sql::SQLException& e) {
    return db::StatusFromSqlException(e);
  }
}

// The stored form of a profile: the proto without SensitiveData, which is
// sealed separately; no hash or ciphertext once erased.
struct SealedRow {
  std::string proto;
  std::optional<std::string> id_hash;
  std::optional<std::string> sensitive_ct;
};

// Where each ciphertext of the schema lives: its table, column and the key of
// its row (the profile id; for a pending status, the ID number's keyed hash).
SealContext SensitiveAt(absl::string_view profile_id);
SealContext PendingMembershipAt(absl::string_view id_hash);

SealedRow Seal(const v1::Profile& profile, const DataProtector& protector);
// The profile of a row with columns `profile_id`, `proto` and `sensitive_ct`;
// DATA_LOSS when the ciphertext was not sealed for this row.
absl::StatusOr<v1::Profile> Unseal(sql::ResultSet& rs, const DataProtector& protector);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_MYSQL_ROWS_H_
