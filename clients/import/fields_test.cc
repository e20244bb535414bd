#include "clients/import/fields.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::import {
namespace {

using ::jobmatch::v1::Benefit;
using ::jobmatch::v1::Education;
using ::testing::ElementsAreArray;

struct EducationCase {
  std::string text;
  Education level;
};
class EducationTest : public testing::TestWithParam<EducationCase> {};
TEST_P(EducationTest, MapsToTheContractLevel) {
  auto level = ParseEducation(GetParam().text);
  ASSERT_TRUE(level.ok()) << GetParam().text << ": " << level.status();
  EXPECT_EQ(*level, GetParam().level) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(
    Words, EducationTest,
    testing::Values(EducationCase{"学历不限", jobmatch::v1::EDUCATION_UNSPECIFIED},
                    EducationCase{"不限", jobmatch::v1::EDUCATION_UNSPECIFIED},
                    EducationCase{"", jobmatch::v1::EDUCATION_UNSPECIFIED},
                    EducationCase{"小学", jobmatch::v1::EDUCATION_PRIMARY},
                    EducationCase{"初中及以上", jobmatch::v1::EDUCATION_JUNIOR_HIGH},
                    EducationCase{"初中", jobmatch::v1::EDUCATION_JUNIOR_HIGH},
                    EducationCase{"中专/中技", jobmatch::v1::EDUCATION_SENIOR_HIGH},
                    EducationCase{"中技", jobmatch::v1::EDUCATION_SENIOR_HIGH},
                    EducationCase{"高中", jobmatch::v1::EDUCATION_SENIOR_HIGH},
                    EducationCase{"职高", jobmatch::v1::EDUCATION_SENIOR_HIGH},
                    EducationCase{"技校", jobmatch::v1::EDUCATION_SENIOR_HIGH},
                    EducationCase{"大专", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
                    EducationCase{"大专及以上", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
                    EducationCase{"专科", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
                    EducationCase{"本科", jobmatch::v1::EDUCATION_BACHELOR},
                    EducationCase{"统招本科以上", jobmatch::v1::EDUCATION_BACHELOR},
                    EducationCase{"硕士", jobmatch::v1::EDUCATION_MASTER},
                    EducationCase{"研究生", jobmatch::v1::EDUCATION_MASTER},
                    EducationCase{"博士", jobmatch::v1::EDUCATION_DOCTORATE},
                    EducationCase{"Bachelor", jobmatch::v1::EDUCATION_BACHELOR},
                    // At most a level: no minimum at all.
                    EducationCase{"初中及以下", jobmatch::v1::EDUCATION_UNSPECIFIED},
                    EducationCase{"高中以下", jobmatch::v1::EDUCATION_UNSPECIFIED},
                    EducationCase{"无学历要求", jobmatch::v1::EDUCATION_UNSPECIFIED},
                    EducationCase{"识字即可", jobmatch::v1::EDUCATION_UNSPECIFIED},
                    // The lowest level named is the minimum.
                    EducationCase{"大专/本科", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE},
                    EducationCase{"大专及以上，本科优先", jobmatch::v1::EDUCATION_JUNIOR_COLLEGE}));

TEST(EducationTest, RefusesUnknownWords) {
  EXPECT_EQ(ParseEducation("幼儿园").status().code(), absl::StatusCode::kInvalidArgument);
}

struct ExperienceCase {
  std::string text;
  int years;
  bool graduate;
};
class ExperienceTest : public testing::TestWithParam<ExperienceCase> {};
TEST_P(ExperienceTest, TakesTheLowerEnd) {
  auto e = ParseExperience(GetParam().text);
  ASSERT_TRUE(e.ok()) << GetParam().text << ": " << e.status();
  EXPECT_EQ(e->min_years, GetParam().years) << GetParam().text;
  EXPECT_EQ(e->graduate, GetParam().graduate) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(
    Words, ExperienceTest,
    testing::Values(ExperienceCase{"3-5年", 3, false}, ExperienceCase{"经验不限", 0, false},
                    ExperienceCase{"不限", 0, false}, ExperienceCase{"", 0, false},
                    ExperienceCase{"无经验", 0, false}, ExperienceCase{"应届生", 0, true},
                    ExperienceCase{"应届毕业生", 0, true}, ExperienceCase{"1年以下", 0, false},
                    ExperienceCase{"半年", 0, false}, ExperienceCase{"10年以上", 10, false},
                    ExperienceCase{"2年", 2, false}, ExperienceCase{"１－３年", 1, false},
                    ExperienceCase{"三年以上", 3, false}, ExperienceCase{"十年以上", 10, false},
                    ExperienceCase{"工作经验5年及以上", 5, false},
                    // Internship terms ask no experience.
                    ExperienceCase{"4天/周3个月", 0, false}, ExperienceCase{"4天/周", 0, false},
                    ExperienceCase{"3个月", 0, false}, ExperienceCase{"实习", 0, false},
                    ExperienceCase{"在校/应届", 0, true}, ExperienceCase{"在校生", 0, false},
                    // Words after the years say of what.
                    ExperienceCase{"2年以上相关经验", 2, false},
                    ExperienceCase{"五年以上A2驾龄", 5, false},
                    ExperienceCase{"有相关工作经验者优先", 0, false}));

TEST(ExperienceTest, RefusesUnreadableText) {
  for (const char* text : {"很多", "3-1年", "年", "6个月以上"}) {
    EXPECT_EQ(ParseExperience(text).status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

struct HeadcountCase {
  std::string text;
  int openings;
};
class HeadcountTest : public testing::TestWithParam<HeadcountCase> {};
TEST_P(HeadcountTest, CountsOpenings) {
  auto n = ParseHeadcount(GetParam().text, /*unspecified=*/5);
  ASSERT_TRUE(n.ok()) << GetParam().text << ": " << n.status();
  EXPECT_EQ(*n, GetParam().openings) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(
    Words, HeadcountTest,
    testing::Values(HeadcountCase{"招3人", 3}, HeadcountCase{"20人", 20}, HeadcountCase{"20", 20},
                    HeadcountCase{"不限", 5}, HeadcountCase{"若干", 5}, HeadcountCase{"若干名", 5},
                    HeadcountCase{"", 5}, HeadcountCase{"3-5人", 5}, HeadcountCase{"招聘10名", 10},
                    HeadcountCase{"２０人", 20}, HeadcountCase{"五人", 5}, HeadcountCase{"数名", 5},
                    HeadcountCase{"多人", 5}, HeadcountCase{"20人人", 20},  // a doubled unit
                    HeadcountCase{"10-20人", 20}, HeadcountCase{"10人-20人", 20},
                    HeadcountCase{"10人以上", 10}, HeadcountCase{"急招20名", 20},
                    HeadcountCase{"3人（男女不限）", 3},  // a note
                    HeadcountCase{"男3名 女2名", 5},      // counts add up
                    HeadcountCase{"男女各5人", 10}, HeadcountCase{"40人 长期", 40}));

TEST(HeadcountTest, RefusesZeroAndText) {
  for (const char* text : {"0", "0人", "很多", "-3", "1000000"}) {
    EXPECT_EQ(ParseHeadcount(text, 5).status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

struct BenefitsCase {
  std::string text;
  std::vector<Benefit> benefits;
};
class BenefitsTest : public testing::TestWithParam<BenefitsCase> {};
TEST_P(BenefitsTest, FindsEachOnceInEnumOrder) {
  EXPECT_THAT(ParseBenefits(GetParam().text), ElementsAreArray(GetParam().benefits))
      << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(
    Words, BenefitsTest,
    testing::Values(
        BenefitsCase{"包吃住", {jobmatch::v1::BENEFIT_MEALS, jobmatch::v1::BENEFIT_LODGING}},
        BenefitsCase{"包住", {jobmatch::v1::BENEFIT_LODGING}},
        BenefitsCase{"五险一金",
                     {jobmatch::v1::BENEFIT_SOCIAL_INSURANCE, jobmatch::v1::BENEFIT_HOUSING_FUND}},
        BenefitsCase{"五险", {jobmatch::v1::BENEFIT_SOCIAL_INSURANCE}},
        BenefitsCase{"交通补贴", {jobmatch::v1::BENEFIT_TRANSPORT}},
        BenefitsCase{"年终奖", {jobmatch::v1::BENEFIT_BONUS}},
        BenefitsCase{"13薪", {jobmatch::v1::BENEFIT_BONUS}},
        BenefitsCase{"带薪年假", {jobmatch::v1::BENEFIT_PAID_LEAVE}},
        BenefitsCase{"岗前培训", {jobmatch::v1::BENEFIT_TRAINING}},
        BenefitsCase{"五险一金、包吃住、年终奖、节日福利",
                     {jobmatch::v1::BENEFIT_MEALS, jobmatch::v1::BENEFIT_LODGING,
                      jobmatch::v1::BENEFIT_SOCIAL_INSURANCE, jobmatch::v1::BENEFIT_HOUSING_FUND,
                      jobmatch::v1::BENEFIT_BONUS}},
        BenefitsCase{"不包住，包吃", {jobmatch::v1::BENEFIT_MEALS}},
        BenefitsCase{"节日福利 员工旅游", {}}, BenefitsCase{"", {}}));

struct AgeCase {
  std::string text;
  int min_age;
  int max_age;
};
class AgeTest : public testing::TestWithParam<AgeCase> {};
TEST_P(AgeTest, ReadsTheRange) {
  auto a = ParseAgeRange(GetParam().text);
  ASSERT_TRUE(a.ok()) << GetParam().text << ": " << a.status();
  EXPECT_EQ(a->min_age, GetParam().min_age) << GetParam().text;
  EXPECT_EQ(a->max_age, GetParam().max_age) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Words, AgeTest,
                         testing::Values(AgeCase{"18-45岁", 18, 45}, AgeCase{"45岁以下", 0, 45},
                                         AgeCase{"18岁以上", 18, 0}, AgeCase{"不限", 0, 0},
                                         AgeCase{"", 0, 0}, AgeCase{"20至50周岁", 20, 50}));

TEST(AgeTest, RefusesAgesOutsideTheContract) {
  for (const char* text : {"12-20岁", "18-80岁", "30岁", "老人"}) {
    EXPECT_EQ(ParseAgeRange(text).status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace jobmatch::import
