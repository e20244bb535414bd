#include "services/common/crypto/data_protector.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "services/common/crypto/testing/first_format.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch {
namespace {

constexpr SealContext kRowA{"profiles", "sensitive_ct", "p-1"};

TEST(DataProtectorTest, RoundTripsAndDetectsTampering) {
  const DataProtector p = DataProtector::Random(KeyUse::kProfileFields);
  const std::string sealed = p.Seal("43021119800506123X", kRowA);
  EXPECT_EQ(sealed.find("43021119800506123X"), std::string::npos);
  EXPECT_NE(sealed, p.Seal("43021119800506123X", kRowA));  // fresh nonce each time
  ASSERT_EQ(*p.Open(sealed, kRowA), "43021119800506123X");
  std::string tampered = sealed;
  tampered[19] ^= 1;
  EXPECT_TRUE(absl::IsDataLoss(p.Open(tampered, kRowA).status()));
  EXPECT_TRUE(
      absl::IsDataLoss(DataProtector::Random(KeyUse::kProfileFields).Open(sealed, kRowA).status()));
  EXPECT_TRUE(absl::IsDataLoss(p.Open("short", kRowA).status()));
  EXPECT_TRUE(absl::IsDataLoss(p.Open("JMS1short", kRowA).status()));
  EXPECT_EQ(*p.Open(p.Seal("", kRowA), kRowA), "");
}

// A ciphertext copied into another row, column or table does not open there,
// nor does one whose place is spelt with its parts' boundaries moved.
TEST(DataProtectorTest, CiphertextIsBoundToItsPlace) {
  const DataProtector p = DataProtector::Random(KeyUse::kProfileFields);
  const std::string sealed = p.Seal("13800138000", kRowA);
  for (const SealContext& elsewhere : {
           SealContext{"profiles", "sensitive_ct", "p-2"},
           SealContext{"profiles", "other_ct", "p-1"},
           SealContext{"pending_key_groups", "sensitive_ct", "p-1"},
           SealContext{"profiles", "sensitive_ctp", "-1"},
           SealContext{"", "", ""},
       }) {
    EXPECT_TRUE(absl::IsDataLoss(p.Open(sealed, elsewhere).status()))
        << elsewhere.table << "/" << elsewhere.column << "/" << elsewhere.row;
  }
  EXPECT_EQ(*p.Open(sealed, SealContext{"profiles", "sensitive_ct", "p-1"}), "13800138000");
}

// The first format (nonce || ciphertext || tag, no associated data): what the
// data key sealed before binding. Open refuses it; only OpenUnbound, for the
// re-sealing step, reads it.
TEST(DataProtectorTest, FirstFormatOpensOnlyForResealing) {
  const std::string hex(64, 'b');
  const DataProtector p = *DataProtector::FromHex(KeyUse::kProfileFields, hex);
  const std::string old = testing::FirstFormatSeal(hex, "430211");
  EXPECT_TRUE(absl::IsDataLoss(p.Open(old, kRowA).status()));
  ASSERT_EQ(*p.OpenUnbound(old), "430211");
  EXPECT_TRUE(absl::IsDataLoss(p.OpenUnbound(p.Seal("430211", kRowA)).status()));
}

TEST(DataProtectorTest, KeyedHashIsStablePerKey) {
  const std::string hex(64, 'a');
  const DataProtector a = *DataProtector::FromHex(KeyUse::kProfileFields, hex);
  const DataProtector b = *DataProtector::FromHex(KeyUse::kProfileFields, " " + hex + "\n");
  EXPECT_EQ(a.KeyedHash("x"), b.KeyedHash("x"));
  EXPECT_EQ(a.KeyedHash("x").size(), 64u);
  EXPECT_NE(a.KeyedHash("x"), a.KeyedHash("y"));
  EXPECT_NE(a.KeyedHash("x"), DataProtector::Random(KeyUse::kProfileFields).KeyedHash("x"));
  EXPECT_EQ(*b.Open(a.Seal("same key", kRowA), kRowA), "same key");
}

// Even the same key material given to two uses opens neither's data for the other.
TEST(DataProtectorTest, UsesDeriveSeparateKeys) {
  const std::string hex(64, 'c');
  const DataProtector fields = *DataProtector::FromHex(KeyUse::kProfileFields, hex);
  const DataProtector checkpoint = *DataProtector::FromHex(KeyUse::kMatcherCheckpoint, hex);
  EXPECT_TRUE(absl::IsDataLoss(checkpoint.Open(fields.Seal("x", kRowA), kRowA).status()));
  EXPECT_TRUE(absl::IsDataLoss(fields.Open(checkpoint.Seal("x", kRowA), kRowA).status()));
  EXPECT_NE(fields.KeyedHash("x"), checkpoint.KeyedHash("x"));
}

class KeyLoadTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::remove(path_.c_str());
    unsetenv("JOBMATCH_PROFILES_KEY");
    unsetenv("JOBMATCH_CHECKPOINT_KEY");
    unsetenv("JOBMATCH_STATS_KEY");
  }
  void Write(const std::string& text, mode_t mode) {
    std::ofstream(path_) << text;
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
  }
  const std::string path_ = jobmatch::testing::TempPath("data_protector_test.key");
};

TEST_F(KeyLoadTest, ReadsTheUsesOwnFileOrVariable) {
  const std::string hex(64, 'd');
  Write(hex + "\n", 0600);
  const DataProtector from_file = *DataProtector::Load(KeyUse::kProfileFields, path_);
  EXPECT_EQ(from_file.KeyedHash("x"),
            DataProtector::FromHex(KeyUse::kProfileFields, hex)->KeyedHash("x"));

  setenv("JOBMATCH_CHECKPOINT_KEY", hex.c_str(), 1);
  EXPECT_TRUE(absl::IsFailedPrecondition(DataProtector::Load(KeyUse::kProfileFields, "").status()))
      << "the checkpoint's variable must not serve the profiles";
  const DataProtector from_env = *DataProtector::Load(KeyUse::kMatcherCheckpoint, "");
  EXPECT_EQ(from_env.KeyedHash("x"),
            DataProtector::FromHex(KeyUse::kMatcherCheckpoint, hex)->KeyedHash("x"));
}

TEST_F(KeyLoadTest, AnOptionalKeyIsAbsentOnlyWhenNeitherFileNorVariableIsGiven) {
  unsetenv("JOBMATCH_STATS_KEY");
  EXPECT_FALSE(DataProtector::LoadIfGiven(KeyUse::kStatsGroups, "")->has_value());
  // Given but unusable is an error, not "absent".
  Write(std::string(64, 'e'), 0644);
  EXPECT_TRUE(
      absl::IsFailedPrecondition(DataProtector::LoadIfGiven(KeyUse::kStatsGroups, path_).status()));
  setenv("JOBMATCH_STATS_KEY", "abcd", 1);
  EXPECT_FALSE(DataProtector::LoadIfGiven(KeyUse::kStatsGroups, "").ok());
  const std::string hex(64, 'f');
  setenv("JOBMATCH_STATS_KEY", hex.c_str(), 1);
  const std::optional<DataProtector> key = *DataProtector::LoadIfGiven(KeyUse::kStatsGroups, "");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->KeyedHash("x"), DataProtector::FromHex(KeyUse::kStatsGroups, hex)->KeyedHash("x"));
}

TEST_F(KeyLoadTest, RefusesKeyFilesOthersCanRead) {
  Write(std::string(64, 'e'), 0644);
  EXPECT_TRUE(
      absl::IsFailedPrecondition(DataProtector::Load(KeyUse::kProfileFields, path_).status()));
  Write(std::string(64, 'e'), 0640);
  EXPECT_TRUE(
      absl::IsFailedPrecondition(DataProtector::Load(KeyUse::kProfileFields, path_).status()));
}

TEST(DataProtectorTest, RejectsBadKeys) {
  EXPECT_FALSE(DataProtector::FromHex(KeyUse::kProfileFields, "abcd").ok());
  EXPECT_FALSE(DataProtector::FromHex(KeyUse::kProfileFields, std::string(64, 'g')).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      DataProtector::Load(KeyUse::kProfileFields, "/nonexistent/jobmatch/key").status()));
}

}  // namespace
}  // namespace jobmatch
