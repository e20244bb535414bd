#include "clients/import/salary.h"

#include <string>

#include "gtest/gtest.h"

namespace jobmatch::import {
namespace {

struct SalaryCase {
  std::string text;
  int min;
  int max;
  bool negotiable;
  bool thirteenth;
};

class SalaryTest : public testing::TestWithParam<SalaryCase> {};

TEST_P(SalaryTest, NormalisesToMonthlyRange) {
  const SalaryCase& c = GetParam();
  auto parsed = ParseSalary(c.text);
  ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.status();
  EXPECT_EQ(parsed->range.min_monthly_cny(), c.min) << c.text;
  EXPECT_EQ(parsed->range.max_monthly_cny(), c.max) << c.text;
  EXPECT_EQ(parsed->range.negotiable(), c.negotiable) << c.text;
  EXPECT_EQ(parsed->thirteenth_month, c.thirteenth) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    EveryForm, SalaryTest,
    testing::Values(
        // Per month, in yuan, 千, 万 and K; a unit written once covers both ends.
        SalaryCase{"3000-5000元/月", 3000, 5000, false, false},
        SalaryCase{"0.6-1万/月", 6000, 10000, false, false},
        SalaryCase{"4.5-6千/月", 4500, 6000, false, false},
        SalaryCase{"8k-12k", 8000, 12000, false, false},
        SalaryCase{"5千-1万", 5000, 10000, false, false},
        SalaryCase{"1.2万/月", 12000, 12000, false, false},
        SalaryCase{"月薪4000-6000", 4000, 6000, false, false},
        // Single values.
        SalaryCase{"3000元/月", 3000, 3000, false, false},
        SalaryCase{"3000", 3000, 3000, false, false},
        // Per year: / 12, rounded half up per end (5833.33 -> 5833, 11666.67 -> 11667).
        SalaryCase{"7-14万/年", 5833, 11667, false, false},
        SalaryCase{"10-15万/年", 8333, 12500, false, false},
        SalaryCase{"年薪12万", 10000, 10000, false, false},
        SalaryCase{"11万/年", 9167, 9167, false, false},
        // Per day: x 21.75 (7177.5 rounds half up to 7178).
        SalaryCase{"300-330元/天", 6525, 7178, false, false},
        SalaryCase{"200元/日", 4350, 4350, false, false},
        // Per hour: x 8 x 21.75 = x 174.
        SalaryCase{"150元/小时", 26100, 26100, false, false},
        SalaryCase{"25元/时", 4350, 4350, false, false},
        // N months of pay a year: x N / 12 (27083.33 -> 27083, 37916.67 -> 37917).
        SalaryCase{"25-35K·13薪", 27083, 37917, false, true},
        SalaryCase{"20-30k*14薪", 23333, 35000, false, true},
        SalaryCase{"15k·12薪", 15000, 15000, false, false},
        // Open-ended: max 0; open below: min 0.
        SalaryCase{"8000以上", 8000, 0, false, false},
        SalaryCase{"8000元/月以上", 8000, 0, false, false},
        SalaryCase{"6000元起", 6000, 0, false, false}, SalaryCase{"8000+", 8000, 0, false, false},
        SalaryCase{"3000以下", 0, 3000, false, false},
        // Negotiable: no range.
        SalaryCase{"面议", 0, 0, true, false}, SalaryCase{"薪资面议", 0, 0, true, false},
        SalaryCase{"", 0, 0, true, false},
        // Full-width digits and separators, 至, notes and additions ignored.
        SalaryCase{"３０００～５０００元／月", 3000, 5000, false, false},
        SalaryCase{"3000至5000", 3000, 5000, false, false},
        SalaryCase{"3000—5000元", 3000, 5000, false, false},
        SalaryCase{" 2000-3000元/月+提成 ", 2000, 3000, false, false},
        SalaryCase{"3000-4500元/月（含加班费）", 3000, 4500, false, false},
        SalaryCase{"￥3500-4500", 3500, 4500, false, false},
        SalaryCase{"3000-5000元/月，可面议", 3000, 5000, false, false},
        SalaryCase{"时薪20元", 3480, 3480, false, false},
        SalaryCase{"日结200元", 4350, 4350, false, false},
        SalaryCase{"保底4000", 4000, 4000, false, false},
        // Words after the amount end it (they go to the benefits, below); a
        // single amount plus commission is open-ended.
        SalaryCase{"4000-6000元/月 包吃住", 4000, 6000, false, false},
        SalaryCase{"底薪3000+提成", 3000, 0, false, false},
        SalaryCase{"综合工资5000-8000", 5000, 8000, false, false},
        SalaryCase{"5000-8000元/月 五险一金 双休", 5000, 8000, false, false},
        SalaryCase{"面议 包吃住", 0, 0, true, false}, SalaryCase{"面谈", 0, 0, true, false},
        // Words before the amount are passed over; 日结 does not undo a rate's period.
        SalaryCase{"计件，平均6000-9000", 6000, 9000, false, false},
        SalaryCase{"20元/小时 日结", 3480, 3480, false, false}));

struct TrailingCase {
  std::string text;
  std::string trailing;
};
class SalaryTrailingTest : public testing::TestWithParam<TrailingCase> {};

TEST_P(SalaryTrailingTest, HandsBackWhatFollowsTheAmount) {
  auto parsed = ParseSalary(GetParam().text);
  ASSERT_TRUE(parsed.ok()) << GetParam().text << ": " << parsed.status();
  EXPECT_EQ(parsed->trailing, GetParam().trailing) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(Words, SalaryTrailingTest,
                         testing::Values(TrailingCase{"4000-6000元/月 包吃住", "包吃住"},
                                         TrailingCase{"底薪3000+提成", "提成"},
                                         TrailingCase{"2000-3000元/月+提成", "提成"},
                                         TrailingCase{"综合工资5000-8000", ""},
                                         TrailingCase{"3000-5000元/月", ""}));

TEST(SalaryTest, KeepsTheSourceTextForDisplay) {
  auto parsed = ParseSalary("  4.5-6千/月 ");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->range.original_text(), "4.5-6千/月");
}

class BadSalaryTest : public testing::TestWithParam<std::string> {};

TEST_P(BadSalaryTest, IsRefusedWithAReason) {
  auto parsed = ParseSalary(GetParam());
  ASSERT_FALSE(parsed.ok()) << GetParam() << " gave " << parsed->range.DebugString();
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(GetParam()), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Unreadable, BadSalaryTest,
                         testing::Values("3-5",           // no unit: 3-5 yuan a month
                                         "5000-3000",     // min above max
                                         "包吃住",        // words but no amount
                                         "abc", "3000-",  // incomplete range
                                         "1-2-3",         // three amounts
                                         "25K·8薪",       // months of pay below 12
                                         "3000以上以下", "3000-5000以上",
                                         "99999999万"));  // absurdly high

}  // namespace
}  // namespace jobmatch::import
