// The one-off step that binds ciphertexts sealed before binding existed
// (DataProtector's first format, valid in any row) to the row they are in.
// Until it has run, the service answers DATA_LOSS for such rows.
#ifndef JOBMATCH_SERVICES_PROFILES_RESEAL_H_
#define JOBMATCH_SERVICES_PROFILES_RESEAL_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/db/database.h"

namespace jobmatch::profiles {

struct ResealCounts {
  int64_t profiles = 0;  // sensitive_ct re-sealed
  int64_t pending = 0;   // pending_key_groups.membership_ct re-sealed
};

// Re-seals, bound to its row, every first-format ciphertext of the profiles
// schema in `db`; rows already bound are left alone, so running it again
// changes nothing. It trusts that each old ciphertext is in its own row (they
// could not be told apart before), so run it once, on the database as it
// was. DATA_LOSS, with nothing of that batch written, when a ciphertext opens
// neither way (another key).
absl::StatusOr<ResealCounts> ResealUnbound(db::Database& db, const DataProtector& protector);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_RESEAL_H_
