#include "services/postings/credit_code.h"

#include <gtest/gtest.h>

namespace jobmatch::postings {
namespace {

struct Case {
  const char* code;
  bool valid;
};

class CreditCodeTest : public ::testing::TestWithParam<Case> {};

TEST_P(CreditCodeTest, ChecksTheCheckCharacter) {
  EXPECT_EQ(IsValidCreditCode(GetParam().code), GetParam().valid) << GetParam().code;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CreditCodeTest,
    ::testing::Values(Case{"91350100M000100Y43", true},    // published GB 32100 example
                      Case{"91110000600037341L", true},    // letter check character
                      Case{"91350100M000100Y42", false},   // wrong check digit
                      Case{"91110000600037341K", false},   // wrong check letter
                      Case{"91350100M000100Y4", false},    // 17 characters
                      Case{"91350100M000100Y433", false},  // 19 characters
                      Case{"91350100I000100Y43", false},   // I is not in the alphabet
                      Case{"91350100m000100Y43", false},   // lower case
                      Case{"91A50100M000100Y43", false},   // region part must be digits
                      Case{"", false}));

TEST(CreditCodeCheckCharTest, CompletesAnyValidPrefix) {
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  EXPECT_EQ(CreditCodeCheckChar("91110000600037341"), 'L');
  EXPECT_EQ(CreditCodeCheckChar("9135010OM000100Y4"), '\0');  // O is not in the alphabet
  const std::string prefix = "91430200MA4L16XX1";
  EXPECT_TRUE(IsValidCreditCode(prefix + CreditCodeCheckChar(prefix)));
}

}  // namespace
}  // namespace jobmatch::postings
