#include "services/profiles/key_groups.h"

#include <gtest/gtest.h>

#include "services/common/proto_time.h"

namespace jobmatch::profiles {
namespace {

using absl::CivilDay;

struct AgeCase {
  std::string name;
  v1::Sex sex;
  CivilDay birth;
  CivilDay today;
  int age;
  bool group_4050;
};

class Group4050Test : public ::testing::TestWithParam<AgeCase> {};

TEST_P(Group4050Test, Case) {
  const AgeCase& c = GetParam();
  EXPECT_EQ(AgeOn(c.birth, c.today), c.age);
  EXPECT_EQ(IsGroup4050(c.sex, c.birth, c.today), c.group_4050);
  v1::Profile p;
  p.set_sex(c.sex);
  *p.mutable_birth_date() = ToProto(c.birth);
  bool derived = false;
  for (const auto& m : DerivedGroups(p, c.today)) {
    if (m.group() == v1::KEY_GROUP_GROUP_4050) {
      derived = true;
      EXPECT_EQ(m.provenance(), v1::PROVENANCE_DERIVED);
    }
  }
  EXPECT_EQ(derived, c.group_4050);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Group4050Test,
    ::testing::Values(AgeCase{"woman_day_before_40", v1::SEX_FEMALE, CivilDay(1986, 3, 15),
                              CivilDay(2026, 3, 14), 39, false},
                      AgeCase{"woman_turns_40_today", v1::SEX_FEMALE, CivilDay(1986, 3, 15),
                              CivilDay(2026, 3, 15), 40, true},
                      AgeCase{"woman_45", v1::SEX_FEMALE, CivilDay(1981, 1, 1),
                              CivilDay(2026, 3, 15), 45, true},
                      AgeCase{"man_40_not_yet", v1::SEX_MALE, CivilDay(1986, 3, 15),
                              CivilDay(2026, 3, 15), 40, false},
                      AgeCase{"man_day_before_50", v1::SEX_MALE, CivilDay(1976, 3, 15),
                              CivilDay(2026, 3, 14), 49, false},
                      AgeCase{"man_turns_50_today", v1::SEX_MALE, CivilDay(1976, 3, 15),
                              CivilDay(2026, 3, 15), 50, true},
                      AgeCase{"unknown_sex", v1::SEX_UNSPECIFIED, CivilDay(1960, 1, 1),
                              CivilDay(2026, 3, 15), 66, false},
                      // Born on 29 February: a year older on 1 March in common years.
                      AgeCase{"leap_born_feb28", v1::SEX_FEMALE, CivilDay(1984, 2, 29),
                              CivilDay(2024 + 1, 2, 28), 40, true},
                      AgeCase{"leap_born_feb28_before", v1::SEX_FEMALE, CivilDay(1986, 2, 29 - 1),
                              CivilDay(2026, 2, 27), 39, false},
                      AgeCase{"leap_born_common_year_feb28", v1::SEX_FEMALE, CivilDay(1988, 2, 29),
                              CivilDay(2028 - 1, 2, 28), 38, false},
                      AgeCase{"leap_born_mar1", v1::SEX_MALE, CivilDay(1976, 2, 29),
                              CivilDay(2026, 3, 1), 50, true},
                      AgeCase{"leap_born_feb28_common", v1::SEX_MALE, CivilDay(1976, 2, 29),
                              CivilDay(2026, 2, 28), 49, false}),
    [](const ::testing::TestParamInfo<AgeCase>& test_case) { return test_case.param.name; });

struct GraduateCase {
  std::string name;
  CivilDay graduation;
  CivilDay today;
  bool graduate;
};

class GraduateTest : public ::testing::TestWithParam<GraduateCase> {};

TEST_P(GraduateTest, Case) {
  const GraduateCase& c = GetParam();
  EXPECT_EQ(IsGraduate(c.graduation, c.today), c.graduate);
  v1::Profile p;
  *p.mutable_graduation_date() = ToProto(c.graduation);
  const auto derived = DerivedGroups(p, c.today);
  ASSERT_EQ(derived.size(), c.graduate ? 1u : 0u);
  if (c.graduate) {
    EXPECT_EQ(derived[0].group(), v1::KEY_GROUP_GRADUATE);
    EXPECT_TRUE(InForce(derived[0], c.today));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, GraduateTest,
    ::testing::Values(
        GraduateCase{"graduating_this_june", CivilDay(2026, 6, 30), CivilDay(2026, 3, 15), true},
        GraduateCase{"graduating_dec31", CivilDay(2026, 12, 31), CivilDay(2026, 3, 15), true},
        GraduateCase{"graduating_next_year", CivilDay(2027, 1, 1), CivilDay(2026, 3, 15), false},
        GraduateCase{"window_ends_today", CivilDay(2024, 6, 30), CivilDay(2026, 6, 30), true},
        GraduateCase{"window_ended_yesterday", CivilDay(2024, 6, 30), CivilDay(2026, 7, 1), false},
        GraduateCase{"graduated_today", CivilDay(2026, 3, 15), CivilDay(2026, 3, 15), true},
        GraduateCase{"three_years_ago", CivilDay(2023, 6, 30), CivilDay(2026, 3, 15), false},
        // Today 29 Feb 2028: two years back is 28 Feb 2026.
        GraduateCase{"leap_today_edge_in", CivilDay(2026, 2, 28), CivilDay(2028, 2, 29), true},
        GraduateCase{"leap_today_edge_out", CivilDay(2026, 2, 27), CivilDay(2028, 2, 29), false}),
    [](const ::testing::TestParamInfo<GraduateCase>& test_case) { return test_case.param.name; });

TEST(KeyGroupRulesTest, EveryGroupHasExactlyOneWayIn) {
  for (int g = v1::KeyGroup_MIN + 1; g <= v1::KeyGroup_MAX; ++g) {
    const KeyGroupRule* rule = RuleFor(static_cast<v1::KeyGroup>(g));
    ASSERT_NE(rule, nullptr) << g;
    EXPECT_EQ(rule->derived + rule->declarable + rule->importable, 1) << g;
  }
  EXPECT_EQ(RuleFor(v1::KEY_GROUP_UNSPECIFIED), nullptr);
  EXPECT_TRUE(IsSensitiveGroup(v1::KEY_GROUP_LOW_INCOME));
  EXPECT_TRUE(IsSensitiveGroup(v1::KEY_GROUP_DISABLED));
  EXPECT_FALSE(IsSensitiveGroup(v1::KEY_GROUP_POVERTY_LABOR));
}

TEST(KeyGroupRulesTest, InForceBoundsAreInclusive) {
  v1::KeyGroupMembership m;
  *m.mutable_valid_from() = ToProto(CivilDay(2026, 1, 1));
  *m.mutable_valid_until() = ToProto(CivilDay(2026, 12, 31));
  EXPECT_FALSE(InForce(m, CivilDay(2025, 12, 31)));
  EXPECT_TRUE(InForce(m, CivilDay(2026, 1, 1)));
  EXPECT_TRUE(InForce(m, CivilDay(2026, 12, 31)));
  EXPECT_FALSE(InForce(m, CivilDay(2027, 1, 1)));
  EXPECT_TRUE(InForce(v1::KeyGroupMembership(), CivilDay(1900, 1, 1)));
}

struct MembershipCase {
  std::string name;
  v1::KeyGroup group;
  v1::Provenance provenance;
  std::string source;
  v1::LowIncomeKind kind;
  bool declare_ok;
  bool import_ok;
};

class MembershipValidationTest : public ::testing::TestWithParam<MembershipCase> {};

TEST_P(MembershipValidationTest, Case) {
  const MembershipCase& c = GetParam();
  v1::KeyGroupMembership m;
  m.set_group(c.group);
  m.set_provenance(c.provenance);
  m.set_source(c.source);
  m.set_low_income_kind(c.kind);
  FieldViolations declared, imported;
  ValidateDeclared(m, "membership", declared);
  ValidateImported(m, "membership", imported);
  EXPECT_EQ(declared.empty(), c.declare_ok);
  EXPECT_EQ(imported.empty(), c.import_ok);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MembershipValidationTest,
    ::testing::Values(
        MembershipCase{"migrant_self", v1::KEY_GROUP_RETURNING_MIGRANT,
                       v1::PROVENANCE_SELF_DECLARED, "", v1::LOW_INCOME_KIND_UNSPECIFIED, true,
                       false},
        MembershipCase{"laid_off_verified", v1::KEY_GROUP_LAID_OFF, v1::PROVENANCE_VERIFIED,
                       "醴陵市人社局", v1::LOW_INCOME_KIND_UNSPECIFIED, true, false},
        MembershipCase{"verified_without_source", v1::KEY_GROUP_DISABLED, v1::PROVENANCE_VERIFIED,
                       "", v1::LOW_INCOME_KIND_UNSPECIFIED, false, false},
        MembershipCase{"declare_4050", v1::KEY_GROUP_GROUP_4050, v1::PROVENANCE_SELF_DECLARED, "",
                       v1::LOW_INCOME_KIND_UNSPECIFIED, false, false},
        MembershipCase{"declare_low_income", v1::KEY_GROUP_LOW_INCOME, v1::PROVENANCE_SELF_DECLARED,
                       "", v1::LOW_INCOME_KIND_DIBAO, false, true},
        MembershipCase{"import_poverty", v1::KEY_GROUP_POVERTY_LABOR, v1::PROVENANCE_UNSPECIFIED,
                       "", v1::LOW_INCOME_KIND_UNSPECIFIED, false, true},
        MembershipCase{"import_low_income_no_kind", v1::KEY_GROUP_LOW_INCOME,
                       v1::PROVENANCE_UNSPECIFIED, "", v1::LOW_INCOME_KIND_UNSPECIFIED, false,
                       false},
        MembershipCase{"import_poverty_with_kind", v1::KEY_GROUP_POVERTY_LABOR,
                       v1::PROVENANCE_UNSPECIFIED, "", v1::LOW_INCOME_KIND_TEKUN, false, false}),
    [](const ::testing::TestParamInfo<MembershipCase>& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace jobmatch::profiles
