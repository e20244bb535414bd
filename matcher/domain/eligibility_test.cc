// Table-driven tests: every hard rule and every relaxation, starting from a
// pair that passes everything and changing one thing per row.
#include "matcher/domain/eligibility.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::matcher {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1775000000;  // 2026-04-01 (China)
const QueryTime kAt{kNow, 20260401};

// 株洲 荷塘 and a post about 11 km away.
Seeker BaseSeeker() {
  Seeker s;
  s.id = "p1";
  s.birth_yyyymmdd = 19960501;  // 29 on 2026-04-01
  s.sex = 1;
  s.education = 3;
  s.skills = {{"焊工", "6-18-02-04", 2}};
  s.experience_years = 3;
  s.residence = {113.16, 27.83};
  s.hukou = {113.50, 27.00};
  s.travel_radius_km = 30;
  return s;
}

PostRecord BasePost() {
  PostRecord p;
  p.id = "post1";
  p.occupation_code = "6-18-02-04";
  p.point = {113.27, 27.83};
  p.min_age = 18;
  p.max_age = 45;
  p.min_education = 3;
  p.required_skills = {{"焊工", "6-18-02-04", 2}};
  p.min_experience = 2;
  p.state = kPostStateOpen;
  return p;
}

struct Row {
  std::string name;
  std::function<void(Seeker&, PostRecord&)> change;
  Rule rule;
  bool passed;
  bool relaxed;
  std::string text;  // a substring of the rule's text
  bool may_see_sensitive = true;
};

class EligibilityTest : public ::testing::TestWithParam<Row> {};

TEST_P(EligibilityTest, RuleVerdictAndText) {
  const Row& row = GetParam();
  Seeker s = BaseSeeker();
  PostRecord p = BasePost();
  row.change(s, p);
  const Distances d = DistancesOf(s, p);
  const std::vector<RuleCheck> checks = CheckAllRules(s, p, kAt, d, row.may_see_sensitive);
  ASSERT_EQ(checks.size(), 13u);
  bool all_passed = true;
  for (const RuleCheck& c : checks) {
    all_passed = all_passed && c.passed;
    if (c.rule != row.rule) {
      EXPECT_TRUE(c.passed) << "only the changed rule may fail: " << c.text;
      continue;
    }
    EXPECT_EQ(c.passed, row.passed) << c.text;
    EXPECT_EQ(c.relaxed, row.relaxed) << c.text;
    EXPECT_THAT(c.text, HasSubstr(row.text));
    if (!row.may_see_sensitive) {
      EXPECT_THAT(c.text, ::testing::Not(HasSubstr("低收入")));
      EXPECT_THAT(c.text, ::testing::Not(HasSubstr("残疾")));
    }
  }
  // The fast path agrees with the explanation.
  EXPECT_EQ(IsEligible(s, p, kAt, d), all_passed);
  EXPECT_EQ(all_passed, row.passed);
}

Relaxation Relax(int group) {
  Relaxation r;
  r.group = group;
  return r;
}

const Row kRows[] = {
    {"base_passes", [](Seeker&, PostRecord&) {}, Rule::kAge, true, false, "年龄29岁，要求18-45岁"},
    {"age_over_limit", [](Seeker& s, PostRecord&) { s.birth_yyyymmdd = 19740101; }, Rule::kAge,
     false, false, "年龄52岁，要求18-45岁"},
    {"age_under_minimum", [](Seeker& s, PostRecord&) { s.birth_yyyymmdd = 20100101; }, Rule::kAge,
     false, false, "年龄16岁"},
    {"age_birthday_tomorrow", [](Seeker& s, PostRecord&) { s.birth_yyyymmdd = 19800402; },
     Rule::kAge, true, false, "年龄45岁"},
    {"age_birthday_today", [](Seeker& s, PostRecord&) { s.birth_yyyymmdd = 19800401; }, Rule::kAge,
     false, false, "年龄46岁"},
    {"age_no_upper_limit",
     [](Seeker& s, PostRecord& p) {
       s.birth_yyyymmdd = 19600101;
       p.max_age = 0;
     },
     Rule::kAge, true, false, "要求18岁以上"},
    {"age_unknown_birth", [](Seeker& s, PostRecord&) { s.birth_yyyymmdd = 0; }, Rule::kAge, false,
     false, "出生日期未知"},
    {"age_relaxed_for_4050",
     [](Seeker& s, PostRecord& p) {
       s.birth_yyyymmdd = 19740101;
       s.groups = GroupBit(3);
       Relaxation r = Relax(3);
       r.max_age = 55;
       p.relaxations = {r};
     },
     Rule::kAge, true, true, "该岗位对4050人员放宽年龄至55岁"},
    {"age_relaxation_not_enough",
     [](Seeker& s, PostRecord& p) {
       s.birth_yyyymmdd = 19680101;
       s.groups = GroupBit(3);
       Relaxation r = Relax(3);
       r.max_age = 55;
       p.relaxations = {r};
     },
     Rule::kAge, false, false, "年龄58岁"},
    {"age_relaxation_for_other_group",
     [](Seeker& s, PostRecord& p) {
       s.birth_yyyymmdd = 19740101;
       s.groups = GroupBit(1);
       Relaxation r = Relax(3);
       r.max_age = 55;
       p.relaxations = {r};
     },
     Rule::kAge, false, false, "要求18-45岁"},
    {"age_relaxed_for_disabled_hidden",
     [](Seeker& s, PostRecord& p) {
       s.birth_yyyymmdd = 19740101;
       s.groups = GroupBit(7);
       Relaxation r = Relax(7);
       r.max_age = 55;
       p.relaxations = {r};
     },
     Rule::kAge, true, true, "该岗位对重点群体放宽年龄至55岁", false},
    {"age_relaxed_names_visible_group_first",
     [](Seeker& s, PostRecord& p) {
       s.birth_yyyymmdd = 19740101;
       s.groups = GroupBit(6) | GroupBit(5);
       Relaxation a = Relax(6), b = Relax(5);
       a.max_age = 60;
       b.max_age = 55;
       p.relaxations = {a, b};
     },
     Rule::kAge, true, true, "该岗位对脱贫劳动力放宽年龄至55岁", false},
    {"sex_no_requirement", [](Seeker& s, PostRecord&) { s.sex = 2; }, Rule::kSex, true, false,
     "不限性别"},
    {"sex_lawful_requirement_unmet",
     [](Seeker& s, PostRecord& p) {
       s.sex = 2;
       p.required_sex = 1;
     },
     Rule::kSex, false, false, "该岗位要求男性"},
    {"sex_lawful_requirement_met", [](Seeker&, PostRecord& p) { p.required_sex = 1; }, Rule::kSex,
     true, false, "该岗位要求男性"},
    {"education_too_low", [](Seeker& s, PostRecord&) { s.education = 2; }, Rule::kEducation, false,
     false, "学历初中，要求高中/中专及以上"},
    {"education_unknown_with_requirement", [](Seeker& s, PostRecord&) { s.education = 0; },
     Rule::kEducation, false, false, "要求高中/中专及以上"},
    {"education_not_required",
     [](Seeker& s, PostRecord& p) {
       s.education = 0;
       p.min_education = 0;
     },
     Rule::kEducation, true, false, "学历不限"},
    {"education_waived_for_poverty_labor",
     [](Seeker& s, PostRecord& p) {
       s.education = 1;
       s.groups = GroupBit(5);
       Relaxation r = Relax(5);
       r.waive_education = true;
       p.relaxations = {r};
     },
     Rule::kEducation, true, true, "该岗位对脱贫劳动力不限学历"},
    {"education_lowered_for_returning_migrant",
     [](Seeker& s, PostRecord& p) {
       s.education = 2;
       s.groups = GroupBit(2);
       Relaxation r = Relax(2);
       r.min_education = 2;
       p.relaxations = {r};
     },
     Rule::kEducation, true, true, "该岗位对返乡务工人员放宽学历至初中"},
    {"education_lowered_not_enough",
     [](Seeker& s, PostRecord& p) {
       s.education = 1;
       s.groups = GroupBit(2);
       Relaxation r = Relax(2);
       r.min_education = 2;
       p.relaxations = {r};
     },
     Rule::kEducation, false, false, "要求高中/中专及以上"},
    {"skills_missing", [](Seeker& s, PostRecord&) { s.skills.clear(); }, Rule::kSkills, false,
     false, "缺少：焊工"},
    {"skills_level_too_low", [](Seeker& s, PostRecord&) { s.skills[0].level = 1; }, Rule::kSkills,
     false, false, "缺少：焊工"},
    {"skills_by_occupation_code", [](Seeker& s, PostRecord&) { s.skills[0].name = "电焊工证"; },
     Rule::kSkills, true, false, "1/1"},
    {"skills_waived_for_4050",
     [](Seeker& s, PostRecord& p) {
       s.skills.clear();
       s.groups = GroupBit(3);
       Relaxation r = Relax(3);
       r.waive_skills = true;
       p.relaxations = {r};
     },
     Rule::kSkills, true, true, "该岗位对4050人员免除技能要求"},
    {"experience_short", [](Seeker& s, PostRecord&) { s.experience_years = 1; }, Rule::kExperience,
     false, false, "工作经验1年，要求2年"},
    {"experience_waived_for_graduate",
     [](Seeker& s, PostRecord& p) {
       s.experience_years = 0;
       s.groups = GroupBit(1);
       Relaxation r = Relax(1);
       r.waive_experience = true;
       p.relaxations = {r};
     },
     Rule::kExperience, true, true, "该岗位对高校毕业生免除经验要求"},
    {"distance_near_residence", [](Seeker&, PostRecord&) {}, Rule::kDistance, true, false,
     "距您家11公里，在您可接受的30公里内"},
    {"distance_too_far", [](Seeker& s, PostRecord&) { s.travel_radius_km = 5; }, Rule::kDistance,
     false, false, "超出您可接受的5公里"},
    {"distance_near_hukou_only",
     [](Seeker& s, PostRecord&) {
       s.residence = {112.0, 28.5};
       s.hukou = {113.20, 27.83};
     },
     Rule::kDistance, true, false, "距您户籍地7公里"},
    {"distance_far_but_relocates",
     [](Seeker& s, PostRecord&) {
       s.residence = {110.0, 29.0};
       s.hukou = s.residence;
       s.relocate = true;
     },
     Rule::kDistance, true, false, "您愿意异地就业"},
    {"schedule_mismatch",
     [](Seeker& s, PostRecord& p) {
       s.availability = 1u << 1;
       p.schedule = 2;
     },
     Rule::kSchedule, false, false, "该岗位为兼职"},
    {"schedule_accepted",
     [](Seeker& s, PostRecord& p) {
       s.availability = (1u << 1) | (1u << 2);
       p.schedule = 2;
     },
     Rule::kSchedule, true, false, "符合"},
    {"schedule_any",
     [](Seeker& s, PostRecord& p) {
       s.availability = 0;
       p.schedule = 4;
     },
     Rule::kSchedule, true, false, "季节性工作"},
    {"post_paused", [](Seeker&, PostRecord& p) { p.state = 3; }, Rule::kPostState, false, false,
     "不在招聘"},
    {"post_filled", [](Seeker&, PostRecord& p) { p.state = 4; }, Rule::kPostState, false, false,
     "不在招聘"},
    {"validity_not_started", [](Seeker&, PostRecord& p) { p.valid_from = kNow + 1; },
     Rule::kValidity, false, false, "不在岗位有效期内"},
    {"validity_ended", [](Seeker&, PostRecord& p) { p.valid_until = kNow; }, Rule::kValidity, false,
     false, "不在岗位有效期内"},
    {"validity_inside",
     [](Seeker&, PostRecord& p) {
       p.valid_from = kNow;
       p.valid_until = kNow + 1;
     },
     Rule::kValidity, true, false, "在岗位有效期内"},
    {"campaign_running",
     [](Seeker&, PostRecord& p) {
       p.campaigns = {{"c1", "春风行动", kNow - 10, kNow + 10, 0}};
     },
     Rule::kCampaign, true, false, "正在进行"},
    {"campaign_over",
     [](Seeker&, PostRecord& p) {
       p.campaigns = {{"c1", "春风行动", kNow - 10, kNow - 1, 0}};
     },
     Rule::kCampaign, false, false, "不在进行期间"},
    {"campaign_one_of_two_running",
     [](Seeker&, PostRecord& p) {
       p.campaigns = {{"c1", "a", kNow - 10, kNow - 1, 0}, {"c2", "b", kNow, kNow + 1, 0}};
     },
     Rule::kCampaign, true, false, "正在进行"},
    {"already_applied", [](Seeker& s, PostRecord&) { s.applied.insert("post1"); }, Rule::kApplied,
     false, false, "您已申请过该岗位"},
    {"applied_elsewhere", [](Seeker& s, PostRecord&) { s.applied.insert("post2"); }, Rule::kApplied,
     true, false, "尚未申请"},
    {"already_hired", [](Seeker& s, PostRecord&) { s.hired.insert("post1"); }, Rule::kHired, false,
     false, "您已被该岗位录用"},
};

INSTANTIATE_TEST_SUITE_P(Rules, EligibilityTest, ::testing::ValuesIn(kRows),
                         [](const auto& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace jobmatch::matcher
