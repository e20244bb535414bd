#include "services/common/crypto/sealed_groups.h"

#include <gtest/gtest.h>

#include "jobmatch/v1/common.pb.h"

namespace jobmatch {
namespace {

constexpr uint32_t kLowIncome = 1u << v1::KEY_GROUP_LOW_INCOME;
constexpr uint32_t kDisabled = 1u << v1::KEY_GROUP_DISABLED;

TEST(SealedGroupsTest, OpensForThePersonItWasSealedFor) {
  const DataProtector key = DataProtector::Random(KeyUse::kStatsGroups);
  const std::string sealed = SealSensitiveGroups(key, "p-1", kLowIncome | kDisabled);
  EXPECT_EQ(*OpenSensitiveGroups(key, "p-1", sealed), kLowIncome | kDisabled);
  EXPECT_EQ(*OpenSensitiveGroups(key, "p-2", SealSensitiveGroups(key, "p-2", 0)), 0u);
  // Another person's row, or another key (the profiles' own), opens nothing.
  EXPECT_TRUE(absl::IsDataLoss(OpenSensitiveGroups(key, "p-2", sealed).status()));
  const std::string hex(64, 'e');
  const DataProtector stats = *DataProtector::FromHex(KeyUse::kStatsGroups, hex);
  const DataProtector fields = *DataProtector::FromHex(KeyUse::kProfileFields, hex);
  EXPECT_TRUE(absl::IsDataLoss(
      OpenSensitiveGroups(fields, "p-1", SealSensitiveGroups(stats, "p-1", kLowIncome)).status()));
}

TEST(SealedGroupsTest, KeepsOnlySensitiveGroups) {
  EXPECT_EQ(SensitiveGroupBits(), kLowIncome | kDisabled);
  const DataProtector key = DataProtector::Random(KeyUse::kStatsGroups);
  const uint32_t graduate = 1u << v1::KEY_GROUP_GRADUATE;
  EXPECT_EQ(*OpenSensitiveGroups(key, "p-1", SealSensitiveGroups(key, "p-1", graduate | kDisabled)),
            kDisabled);
  // A mask naming other groups, sealed by someone holding the key, is refused.
  const std::string forged = key.Seal("1", SealContext{"profile_facts", "sensitive_ct", "p-1"});
  EXPECT_TRUE(absl::IsDataLoss(OpenSensitiveGroups(key, "p-1", forged).status()));
}

}  // namespace
}  // namespace jobmatch
