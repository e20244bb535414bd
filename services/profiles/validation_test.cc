#include "services/profiles/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/proto_time.h"
#include "services/profiles/testing/ids.h"

namespace jobmatch::profiles {
namespace {

using ::testing::UnorderedElementsAreArray;

const absl::CivilDay kToday(2026, 3, 15);

v1::Profile Good() {
  v1::Profile p;
  p.set_name("李秀英");
  p.mutable_sensitive()->set_id_number(testing::MakeId("430281", 1980, 5, 6, 124));
  p.mutable_sensitive()->set_phone("13812345678");
  p.set_residence_region_code("430281001001");
  p.set_hukou_region_code("430281");
  return p;
}

std::vector<std::string> Fields(const FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& f : v.proto().field_violations()) out.push_back(f.field());
  return out;
}

struct Case {
  std::string name;
  std::function<void(v1::Profile&)> change;
  std::vector<std::string> fields;
};

class ValidateProfileTest : public ::testing::TestWithParam<Case> {};

TEST_P(ValidateProfileTest, Case) {
  v1::Profile p = Good();
  GetParam().change(p);
  FieldViolations v;
  const FixedRegionDirectory regions = testing::TestRegions();
  ValidateProfileData(p, "profile", kToday, regions, v);
  EXPECT_THAT(Fields(v), UnorderedElementsAreArray(GetParam().fields));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ValidateProfileTest,
    ::testing::Values(
        Case{"good", [](v1::Profile&) {}, {}},
        Case{"sex_agrees", [](v1::Profile& p) { p.set_sex(v1::SEX_FEMALE); }, {}},
        Case{"sex_disagrees", [](v1::Profile& p) { p.set_sex(v1::SEX_MALE); }, {"profile.sex"}},
        Case{"birth_disagrees",
             [](v1::Profile& p) { *p.mutable_birth_date() = ToProto(absl::CivilDay(1980, 5, 7)); },
             {"profile.birth_date"}},
        Case{"no_name", [](v1::Profile& p) { p.clear_name(); }, {"profile.name"}},
        Case{"long_name",
             [](v1::Profile& p) { p.set_name(std::string(51, 'a')); },
             {"profile.name"}},
        Case{"fifty_chinese",
             [](v1::Profile& p) {
               std::string s;
               for (int i = 0; i < 50; ++i) s += "李";
               p.set_name(s);
             },
             {}},
        Case{"no_id",
             [](v1::Profile& p) { p.mutable_sensitive()->clear_id_number(); },
             {"profile.sensitive.id_number"}},
        Case{"bad_phone",
             [](v1::Profile& p) { p.mutable_sensitive()->set_phone("2381234567"); },
             {"profile.sensitive.phone"}},
        Case{"status_smuggled",
             [](v1::Profile& p) {
               p.mutable_sensitive()->mutable_low_income()->set_group(v1::KEY_GROUP_LOW_INCOME);
             },
             {"profile.sensitive"}},
        Case{"unknown_residence",
             [](v1::Profile& p) { p.set_residence_region_code("439999"); },
             {"profile.residence_region_code"}},
        Case{"no_residence",
             [](v1::Profile& p) { p.clear_residence_region_code(); },
             {"profile.residence_region_code"}},
        Case{"bad_point",
             [](v1::Profile& p) { p.mutable_residence_location()->set_lat(91); },
             {"profile.residence_location.lat"}},
        Case{"bad_skill",
             [](v1::Profile& p) {
               v1::Skill* s = p.add_skills();
               s->set_name("焊工");
               s->set_occupation_code("6-18-2-04");
             },
             {"profile.skills[0].occupation_code"}},
        Case{"bad_wanted",
             [](v1::Profile& p) { p.add_wanted_occupation_codes("welder"); },
             {"profile.wanted_occupation_codes[0]"}},
        Case{"negative_salary",
             [](v1::Profile& p) { p.set_min_monthly_salary(-1); },
             {"profile.min_monthly_salary"}},
        Case{"unspecified_schedule",
             [](v1::Profile& p) { p.add_availability(v1::SCHEDULE_UNSPECIFIED); },
             {"profile.availability[0]"}},
        Case{"bad_graduation",
             [](v1::Profile& p) {
               p.mutable_graduation_date()->set_year(2026);
               p.mutable_graduation_date()->set_month(2);
               p.mutable_graduation_date()->set_day(30);
             },
             {"profile.graduation_date"}}),
    [](const ::testing::TestParamInfo<Case>& test_case) { return test_case.param.name; });

TEST(ValidateProfileTest, FillsSexAndBirthFromId) {
  v1::Profile p = Good();
  p.mutable_sensitive()->set_id_number(testing::MakeId("430211", 1976, 2, 29, 13));
  FieldViolations v;
  ValidateProfileData(p, "profile", kToday, testing::TestRegions(), v);
  ASSERT_TRUE(v.empty());
  EXPECT_EQ(p.sex(), v1::SEX_MALE);
  EXPECT_EQ(FromProto(p.birth_date()), absl::CivilDay(1976, 2, 29));
}

TEST(UpdateMaskTest, OnlyUpdatableFields) {
  google::protobuf::FieldMask mask;
  mask.add_paths("name");
  mask.add_paths("sensitive.id_number");
  mask.add_paths("version");
  mask.add_paths("key_groups");
  FieldViolations v;
  ValidateUpdateMask(mask, "update_mask", v);
  EXPECT_THAT(Fields(v), UnorderedElementsAreArray({"update_mask.paths[1]", "update_mask.paths[2]",
                                                    "update_mask.paths[3]"}));
  FieldViolations empty;
  ValidateUpdateMask(google::protobuf::FieldMask(), "update_mask", empty);
  EXPECT_THAT(Fields(empty), UnorderedElementsAreArray({"update_mask"}));
}

TEST(UpdateMaskTest, ReplacesRepeatedFields) {
  v1::Profile stored = Good();
  stored.add_wanted_occupation_codes("6-18-02-04");
  v1::Profile edit;
  edit.add_wanted_occupation_codes("4-10-01-06");
  edit.set_name("ignored");
  google::protobuf::FieldMask mask;
  mask.add_paths("wanted_occupation_codes");
  ApplyUpdateMask(mask, edit, stored);
  ASSERT_EQ(stored.wanted_occupation_codes_size(), 1);
  EXPECT_EQ(stored.wanted_occupation_codes(0), "4-10-01-06");
  EXPECT_EQ(stored.name(), "李秀英");
}

}  // namespace
}  // namespace jobmatch::profiles
