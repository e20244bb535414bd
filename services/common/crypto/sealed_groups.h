// A person's sensitive key groups (LOW_INCOME, DISABLED) as the events
// service counts them in staff statistics. The feed never carries them, so
// the profiles service seals them into its outbox event under the stats key
// (KeyUse::kStatsGroups); the relay stores the sealed bytes as they are in
// profile_facts.sensitive_ct, and the events service opens them only to add
// the person's events to those groups' aggregates. Small cells of those
// groups are withheld (small_cells.h) and only allowed roles see them.
#ifndef JOBMATCH_SERVICES_COMMON_CRYPTO_SEALED_GROUPS_H_
#define JOBMATCH_SERVICES_COMMON_CRYPTO_SEALED_GROUPS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/crypto/data_protector.h"
#include "services/common/sensitive_groups.h"

namespace jobmatch {

// `mask` (only its sensitive bits are kept) sealed for `profile_id`'s row of
// profile_facts; it opens nowhere else.
std::string SealSensitiveGroups(const DataProtector& stats_key, absl::string_view profile_id,
                                uint32_t mask);

// The mask sealed by SealSensitiveGroups for `profile_id`; DATA_LOSS for
// bytes sealed under another key or for another person, or damaged.
absl::StatusOr<uint32_t> OpenSensitiveGroups(const DataProtector& stats_key,
                                             absl::string_view profile_id,
                                             absl::string_view sealed);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_CRYPTO_SEALED_GROUPS_H_
