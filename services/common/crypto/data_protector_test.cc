#include "services/common/crypto/data_protector.h"

#include <gtest/gtest.h>

namespace jobmatch {
namespace {

TEST(DataProtectorTest, RoundTripsAndDetectsTampering) {
  const DataProtector p = DataProtector::Random();
  const std::string sealed = p.Encrypt("43021119800506123X");
  EXPECT_EQ(sealed.find("43021119800506123X"), std::string::npos);
  EXPECT_NE(sealed, p.Encrypt("43021119800506123X"));  // fresh nonce each time
  ASSERT_EQ(*p.Decrypt(sealed), "43021119800506123X");
  std::string tampered = sealed;
  tampered[15] ^= 1;
  EXPECT_TRUE(absl::IsDataLoss(p.Decrypt(tampered).status()));
  EXPECT_TRUE(absl::IsDataLoss(DataProtector::Random().Decrypt(sealed).status()));
  EXPECT_TRUE(absl::IsDataLoss(p.Decrypt("short").status()));
  EXPECT_EQ(*p.Decrypt(p.Encrypt("")), "");
}

TEST(DataProtectorTest, KeyedHashIsStablePerKey) {
  const std::string hex(64, 'a');
  const DataProtector a = *DataProtector::FromHex(hex);
  const DataProtector b = *DataProtector::FromHex(" " + hex + "\n");
  EXPECT_EQ(a.KeyedHash("x"), b.KeyedHash("x"));
  EXPECT_EQ(a.KeyedHash("x").size(), 64u);
  EXPECT_NE(a.KeyedHash("x"), a.KeyedHash("y"));
  EXPECT_NE(a.KeyedHash("x"), DataProtector::Random().KeyedHash("x"));
  EXPECT_EQ(*b.Decrypt(a.Encrypt("same key")), "same key");
}

TEST(DataProtectorTest, RejectsBadKeys) {
  EXPECT_FALSE(DataProtector::FromHex("abcd").ok());
  EXPECT_FALSE(DataProtector::FromHex(std::string(64, 'g')).ok());
  EXPECT_TRUE(
      absl::IsFailedPrecondition(DataProtector::Load("/nonexistent/jobmatch/key").status()));
}

}  // namespace
}  // namespace jobmatch
