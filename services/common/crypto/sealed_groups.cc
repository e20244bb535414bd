#include "services/common/crypto/sealed_groups.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace jobmatch {
namespace {

SealContext Where(absl::string_view profile_id) {
  return SealContext{"profile_facts", "sensitive_ct", profile_id};
}

}  // namespace

std::string SealSensitiveGroups(const DataProtector& stats_key, absl::string_view profile_id,
                                uint32_t mask) {
  return stats_key.Seal(absl::StrCat(mask & SensitiveGroupBits()), Where(profile_id));
}

absl::StatusOr<uint32_t> OpenSensitiveGroups(const DataProtector& stats_key,
                                             absl::string_view profile_id,
                                             absl::string_view sealed) {
  absl::StatusOr<std::string> text = stats_key.Open(sealed, Where(profile_id));
  if (!text.ok()) return text.status();
  uint32_t mask = 0;
  if (!absl::SimpleAtoi(*text, &mask) || (mask & ~SensitiveGroupBits()) != 0) {
    return absl::DataLossError("sealed sensitive groups do not hold a mask of sensitive groups");
  }
  return mask;
}

}  // namespace jobmatch
