#include "services/profiles/masking.h"

#include <gtest/gtest.h>

#include "services/common/proto_time.h"

namespace jobmatch::profiles {
namespace {

TEST(MaskTest, IdNumberAndPhone) {
  EXPECT_EQ(MaskIdNumber("43021119800506123X"), "430211********123X");
  EXPECT_EQ(MaskIdNumber("4302"), "****");
  EXPECT_EQ(MaskIdNumber(""), "");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("1234"), "****");
  EXPECT_EQ(MaskPhone(""), "");
}

v1::Profile Full() {
  v1::Profile p;
  p.set_profile_id("pf1");
  p.set_residence_region_code("430281");
  p.set_sex(v1::SEX_FEMALE);
  *p.mutable_birth_date() = ToProto(absl::CivilDay(1980, 5, 6));
  p.mutable_sensitive()->set_id_number("43028119800506124X");
  p.mutable_sensitive()->set_phone("13812345678");
  p.mutable_sensitive()->mutable_low_income()->set_group(v1::KEY_GROUP_LOW_INCOME);
  p.mutable_sensitive()->mutable_disabled()->set_group(v1::KEY_GROUP_DISABLED);
  v1::KeyGroupMembership* migrant = p.add_key_groups();
  migrant->set_group(v1::KEY_GROUP_RETURNING_MIGRANT);
  v1::KeyGroupMembership* expired = p.add_key_groups();
  expired->set_group(v1::KEY_GROUP_LAID_OFF);
  *expired->mutable_valid_until() = ToProto(absl::CivilDay(2025, 12, 31));
  return p;
}

struct RoleCase {
  std::string name;
  Caller caller;
  bool statuses;
};

class PresentTest : public ::testing::TestWithParam<RoleCase> {};

TEST_P(PresentTest, MasksAndFiltersByRole) {
  const RoleCase& c = GetParam();
  const v1::Profile shown = PresentProfile(Full(), c.caller, absl::CivilDay(2026, 3, 15));
  EXPECT_EQ(shown.sensitive().id_number(), "430281********124X");
  EXPECT_EQ(shown.sensitive().phone(), "138****5678");
  EXPECT_EQ(shown.sensitive().has_low_income(), c.statuses);
  EXPECT_EQ(shown.sensitive().has_disabled(), c.statuses);
  EXPECT_EQ(shown.age(), 45);
  std::vector<int> groups;
  for (const auto& m : shown.key_groups()) groups.push_back(m.group());
  // Returning migrant (stored, in force) and 4050 (derived); not the expired one.
  EXPECT_EQ(groups, (std::vector<int>{v1::KEY_GROUP_RETURNING_MIGRANT, v1::KEY_GROUP_GROUP_4050}));
}

Caller Make(Role role, std::string subject = "", std::vector<std::string> regions = {}) {
  Caller c;
  c.role = role;
  c.subject_id = std::move(subject);
  c.region_prefixes = std::move(regions);
  return c;
}

INSTANTIATE_TEST_SUITE_P(
    Roles, PresentTest,
    ::testing::Values(RoleCase{"anonymous", Make(Role::kAnonymous), false},
                      RoleCase{"employer", Make(Role::kEmployer, "e1"), false},
                      RoleCase{"live_host", Make(Role::kLiveHost, "h1"), false},
                      RoleCase{"analyst", Make(Role::kAnalyst), false},
                      RoleCase{"other_jobseeker", Make(Role::kJobseeker, "pf2"), false},
                      RoleCase{"self", Make(Role::kJobseeker, "pf1"), true},
                      RoleCase{"recruiter_elsewhere", Make(Role::kRecruiter, "r", {"430223"}),
                               false},
                      RoleCase{"recruiter_here", Make(Role::kRecruiter, "r", {"4302"}), true},
                      RoleCase{"admin", Make(Role::kAdmin), true},
                      RoleCase{"service", Make(Role::kService), true}),
    [](const ::testing::TestParamInfo<RoleCase>& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace jobmatch::profiles
