#include "services/postings/screening.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobmatch::postings {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::Post PostWith(const std::string& title, const std::string& description) {
  v1::Post p;
  p.set_title(title);
  p.set_description(description);
  p.set_occupation_code("6-18-02-04");
  p.set_region_code("430281");  // 醴陵: class 2, 1740 a month
  p.mutable_salary()->set_min_monthly_cny(4500);
  p.mutable_salary()->set_max_monthly_cny(6000);
  return p;
}

// The rules flagged by screening `post` (with `context`), in order.
std::vector<v1::ScreeningRule> Rules(const v1::Post& post, ScreeningContext context = {}) {
  std::vector<v1::ScreeningRule> out;
  for (const auto& f : ScreenPost(post, context)) out.push_back(f.rule());
  return out;
}

struct TextCase {
  const char* description;
  std::vector<v1::ScreeningRule> want;
};

// Real-style post texts from the city's fairs, each with what it should raise.
TEST(ScreeningTest, TextRules) {
  const TextCase cases[] = {
      // Fees and deposits charged to the applicant.
      {"招聘普工，入职需交押金300元，满三个月退还。", {v1::SCREENING_RULE_FEE}},
      {"岗前培训一周，培训费800元从首月工资扣除。", {v1::SCREENING_RULE_FEE}},
      {"统一着装，服装费自理。", {v1::SCREENING_RULE_FEE}},
      {"体检费自理，包吃住。", {v1::SCREENING_RULE_FEE}},
      {"包吃住，不加班，押金200元。", {v1::SCREENING_RULE_FEE}},
      // ... and the same words taken back.
      {"无需押金，包吃住，月休四天。", {}},
      {"不收取任何押金和费用。", {}},
      {"免费培训，培训费全免，体检费公司报销。", {}},
      {"入职体检费由公司承担。", {}},
      // Sex.
      {"限男性，能吃苦耐劳。", {v1::SCREENING_RULE_SEX}},
      {"包装工，女性优先，手脚麻利。", {v1::SCREENING_RULE_SEX}},
      {"性别：男，年龄不限。", {v1::SCREENING_RULE_SEX}},
      {"不限性别，男女不限，不限男女。", {}},
      {"性别：男女不限。", {}},
      // Household registration.
      {"要求本地户口，有无经验均可。", {v1::SCREENING_RULE_HUKOU}},
      {"户口不限，城镇农村户口均可。", {}},
      // Ethnicity.
      {"限汉族，身体健康。", {v1::SCREENING_RULE_ETHNICITY}},
      {"民族不限，汉族、少数民族均可。", {}},
      // Hepatitis B.
      {"入职体检乙肝两对半须阴性。", {v1::SCREENING_RULE_HEPATITIS_B}},
      {"大三阳勿扰。", {v1::SCREENING_RULE_HEPATITIS_B}},
      {"乙肝携带者亦可，不歧视。", {}},
      // Age limits that shut out older workers.
      {"年龄18-35岁，初中以上学历。", {v1::SCREENING_RULE_AGE}},
      {"35岁以下，有焊工证优先。", {v1::SCREENING_RULE_AGE}},
      {"年龄不超过30周岁。", {v1::SCREENING_RULE_AGE}},
      {"年龄18-55岁，4050人员优先。", {}},
      {"50岁以下身体健康即可。", {}},
      {"不招16岁以下未成年人。", {}},
      {"35岁以上有经验者优先。", {}},
  };
  for (const TextCase& c : cases) {
    EXPECT_EQ(Rules(PostWith("焊工", c.description)), c.want) << c.description;
  }
}

TEST(ScreeningTest, FlagsNameTheFieldAndWords) {
  const auto flags = ScreenPost(PostWith("招普工 限男", "需交押金200元"), {});
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].rule(), v1::SCREENING_RULE_FEE);
  EXPECT_EQ(flags[0].field(), "description");
  EXPECT_EQ(flags[0].matched(), "押金");
  EXPECT_EQ(flags[1].rule(), v1::SCREENING_RULE_SEX);
  EXPECT_EQ(flags[1].field(), "title");
  EXPECT_EQ(flags[1].matched(), "限男");
}

TEST(ScreeningTest, StructuredRequirements) {
  v1::Post p = PostWith("焊工", "持证上岗");
  p.mutable_requirements()->set_max_age(30);
  EXPECT_THAT(Rules(p), ElementsAre(v1::SCREENING_RULE_AGE));
  p.mutable_requirements()->set_max_age(55);
  EXPECT_THAT(Rules(p), IsEmpty());
  p.mutable_requirements()->set_required_sex(v1::SEX_MALE);
  p.mutable_requirements()->set_required_sex_reason("井下作业");
  const auto flags = ScreenPost(p, {});
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].field(), "requirements.required_sex");
}

TEST(ScreeningTest, SalaryLureAgainstTheCountyMedian) {
  v1::Post p = PostWith("焊工", "");
  p.mutable_salary()->set_min_monthly_cny(12000);
  p.mutable_salary()->set_max_monthly_cny(15000);
  // 15000 > 3 × 4500.
  EXPECT_THAT(Rules(p, {4500}), ElementsAre(v1::SCREENING_RULE_SALARY_LURE));
  // Within 3 × 6000, and no median: believable for a welder.
  EXPECT_THAT(Rules(p, {6000}), IsEmpty());
  EXPECT_THAT(Rules(p), IsEmpty());
  // Without data, only the implausible is flagged.
  p.mutable_salary()->set_max_monthly_cny(50000);
  EXPECT_THAT(Rules(p), ElementsAre(v1::SCREENING_RULE_SALARY_LURE));
  p.set_occupation_code("2-02-10-01");  // an engineer: not implausible
  EXPECT_THAT(Rules(p), IsEmpty());
  // Negotiable pay is never flagged.
  p.mutable_salary()->Clear();
  p.mutable_salary()->set_negotiable(true);
  EXPECT_THAT(Rules(p, {1000}), IsEmpty());
}

TEST(ScreeningTest, SalaryBelowTheCountyMinimumWage) {
  v1::Post p = PostWith("保洁员", "");
  p.set_occupation_code("4-10-01-06");
  p.mutable_salary()->set_min_monthly_cny(1600);
  p.mutable_salary()->set_max_monthly_cny(2000);
  p.set_region_code("430281");  // 醴陵: 1740
  EXPECT_THAT(Rules(p), ElementsAre(v1::SCREENING_RULE_SALARY_BELOW_MINIMUM));
  p.set_region_code("430224");  // 茶陵: 1550
  EXPECT_THAT(Rules(p), IsEmpty());
  p.set_region_code("430211001");  // a township of 天元区: 1930
  EXPECT_THAT(Rules(p), ElementsAre(v1::SCREENING_RULE_SALARY_BELOW_MINIMUM));
  // Part-time work has an hourly minimum, not this one.
  p.set_schedule(v1::SCHEDULE_PART_TIME);
  EXPECT_THAT(Rules(p), IsEmpty());
}

TEST(ScreeningTest, MinimumWageClasses) {
  EXPECT_EQ(HunanMinimumWage("430202"), 1930);
  EXPECT_EQ(HunanMinimumWage("430281101"), 1740);
  EXPECT_EQ(HunanMinimumWage("430225"), 1550);
  EXPECT_EQ(CountyOf("430281101201"), "430281");
  EXPECT_EQ(CountyOf("4302"), "");
}

TEST(ScreeningTest, MaskHasABitPerRule) {
  const auto flags = ScreenPost(PostWith("限男", "押金200，35岁以下"), {});
  google::protobuf::RepeatedPtrField<v1::ScreeningFlag> f(flags.begin(), flags.end());
  EXPECT_EQ(ScreeningMask(f), (1 << v1::SCREENING_RULE_FEE) | (1 << v1::SCREENING_RULE_SEX) |
                                  (1 << v1::SCREENING_RULE_AGE));
}

}  // namespace
}  // namespace jobmatch::postings
