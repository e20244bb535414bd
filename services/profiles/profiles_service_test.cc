// RegisterProfile, GetProfile, UpdateProfile, ListProfiles and
// DeclareKeyGroup through a real in-process server and MariaDB.
#include <gmock/gmock.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/crypto/sealed_groups.h"
#include "services/common/proto_time.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::profiles {
namespace {

using testing::AllAtOnce;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProfilesServiceTest;
using testing::ViolationFields;

std::vector<int> Groups(const v1::Profile& p) {
  std::vector<int> out;
  for (const auto& m : p.key_groups()) out.push_back(m.group());
  return out;
}

TEST_F(ProfilesServiceTest, RegisterDerivesAndMasks) {
  const v1::Profile p = Register("r1", 124);
  EXPECT_THAT(p.profile_id(), HasSubstr("pf"));
  EXPECT_EQ(p.sensitive().id_number(),
            "430281********124" + std::string(1, p.sensitive().id_number().back()));
  EXPECT_EQ(p.sensitive().phone(), "138****5678");
  EXPECT_EQ(p.sex(), v1::SEX_FEMALE);
  EXPECT_EQ(p.age(), 45);
  EXPECT_THAT(Groups(p), ElementsAre(v1::KEY_GROUP_GROUP_4050));
  EXPECT_EQ(p.version(), 1);

  v1::GetProfileRequest get;
  get.set_profile_id(p.profile_id());
  v1::GetProfileResponse got;
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_EQ(got.profile().sensitive().id_number(), p.sensitive().id_number());
  EXPECT_EQ(got.profile().name(), "李秀英");

  get.set_profile_id("pf-nobody");
  EXPECT_EQ(stub_->GetProfile(As("admin").get(), get, &got).error_code(), grpc::NOT_FOUND);
  get.clear_profile_id();
  EXPECT_THAT(ViolationFields(stub_->GetProfile(As("admin").get(), get, &got)),
              ElementsAre("profile_id"));
}

TEST_F(ProfilesServiceTest, DerivedGroupsFollowTheDayOfTheQuestion) {
  v1::RegisterProfileRequest req = NewPerson("r1", 124);
  // Born 6 May 1986: turns 40 on 6 May 2026.
  req.mutable_profile()->mutable_sensitive()->set_id_number(
      testing::MakeId("430281", 1986, 5, 6, 124));
  *req.mutable_profile()->mutable_graduation_date() = ToProto(absl::CivilDay(2024, 6, 30));
  v1::RegisterProfileResponse resp;
  ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), req, &resp).ok());
  EXPECT_THAT(Groups(resp.profile()), ElementsAre(v1::KEY_GROUP_GRADUATE));
  v1::GetProfileRequest get;
  get.set_profile_id(resp.profile().profile_id());
  v1::GetProfileResponse got;
  SetToday(absl::CivilDay(2026, 5, 5));
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_THAT(Groups(got.profile()), ElementsAre(v1::KEY_GROUP_GRADUATE));
  SetToday(absl::CivilDay(2026, 5, 6));
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_THAT(Groups(got.profile()),
              ::testing::UnorderedElementsAre(v1::KEY_GROUP_GRADUATE, v1::KEY_GROUP_GROUP_4050));
  SetToday(absl::CivilDay(2026, 6, 30));  // the graduate window's last day
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_THAT(Groups(got.profile()), Contains(v1::KEY_GROUP_GRADUATE));
  SetToday(absl::CivilDay(2026, 7, 1));
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_THAT(Groups(got.profile()), ElementsAre(v1::KEY_GROUP_GROUP_4050));
}

TEST_F(ProfilesServiceTest, RegisterRejectsBadFieldsAndWritesNothing) {
  v1::RegisterProfileRequest req = NewPerson("", 124);
  std::string id = req.profile().sensitive().id_number();
  id[17] = id[17] == '1' ? '2' : '1';
  req.mutable_profile()->mutable_sensitive()->set_id_number(id);
  req.mutable_profile()->set_residence_region_code("999999");
  req.mutable_profile()->set_sex(v1::SEX_MALE);
  v1::RegisterProfileResponse resp;
  grpc::Status s = stub_->RegisterProfile(As("admin").get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(s),
              ::testing::UnorderedElementsAre("request_id", "profile.sensitive.id_number",
                                              "profile.residence_region_code"));
  req = NewPerson("r2", 124);
  req.mutable_profile()->set_sex(v1::SEX_MALE);
  EXPECT_THAT(ViolationFields(stub_->RegisterProfile(As("admin").get(), req, &resp)),
              ElementsAre("profile.sex"));
  EXPECT_EQ(Count("profiles"), 0);
  EXPECT_EQ(Count("outbox"), 0);
  EXPECT_EQ(Count("request_log"), 0);
}

TEST_F(ProfilesServiceTest, SamePersonTwiceIsAlreadyExistsWithTheExistingId) {
  const v1::Profile first = Register("r1", 124);
  v1::RegisterProfileRequest again = NewPerson("r2", 124);
  again.mutable_profile()->set_name("另一个名字");
  v1::RegisterProfileResponse resp;
  grpc::Status s = stub_->RegisterProfile(As("admin").get(), again, &resp);
  ASSERT_EQ(s.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_THAT(s.error_message(), HasSubstr(first.profile_id()));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_name(), first.profile_id());
  EXPECT_EQ(Count("profiles"), 1);
}

TEST_F(ProfilesServiceTest, RetriedRegistrationHasOneEffect) {
  const v1::Profile a = Register("same", 124);
  const v1::Profile b = Register("same", 124);
  EXPECT_EQ(a.profile_id(), b.profile_id());
  EXPECT_EQ(Count("profiles"), 1);
  EXPECT_EQ(Count("outbox"), 1);
  v1::RegisterProfileResponse resp;
  grpc::Status s = stub_->RegisterProfile(As("admin").get(), NewPerson("same", 136), &resp);
  EXPECT_THAT(ViolationFields(s), ElementsAre("request_id"));
}

// A call retried after a timeout may reach the server while the first is
// still running: both carry one request id at once. Each such call has one
// effect, and every one of them gets the answer (none is refused ABORTED for
// having met the other).
TEST_F(ProfilesServiceTest, ACallRetriedWhileTheFirstStillRunsHasOneEffectAndNoneFails) {
  constexpr int kCalls = 3, kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    const v1::RegisterProfileRequest reg = NewPerson(absl::StrCat("reg", round), 200 + round);
    std::vector<v1::RegisterProfileResponse> registered(kCalls);
    std::vector<grpc::Status> statuses = AllAtOnce(kCalls, [&](int c) {
      return stub_->RegisterProfile(As("admin").get(), reg, &registered[c]);
    });
    std::set<std::string> ids;
    for (int c = 0; c < kCalls; ++c) {
      ASSERT_TRUE(statuses[c].ok()) << "round " << round << ": " << statuses[c].error_message();
      ids.insert(registered[c].profile().profile_id());
    }
    ASSERT_EQ(ids.size(), 1u) << "round " << round;

    v1::UpdateProfileRequest upd;
    upd.set_request_id(absl::StrCat("upd", round));
    upd.mutable_profile()->set_profile_id(*ids.begin());
    upd.mutable_profile()->set_min_monthly_salary(3000 + round);
    upd.mutable_update_mask()->add_paths("min_monthly_salary");
    std::vector<v1::UpdateProfileResponse> updated(kCalls);
    statuses = AllAtOnce(
        kCalls, [&](int c) { return stub_->UpdateProfile(As("admin").get(), upd, &updated[c]); });
    for (int c = 0; c < kCalls; ++c) {
      ASSERT_TRUE(statuses[c].ok()) << "round " << round << ": " << statuses[c].error_message();
      EXPECT_EQ(updated[c].profile().version(), 2) << "round " << round;
    }
  }
  EXPECT_EQ(Count("profiles"), kRounds);
  EXPECT_EQ(Count("request_log"), 2 * kRounds);
  EXPECT_EQ(Count("outbox"), 2 * kRounds);
}

TEST_F(ProfilesServiceTest, RolesThatMayNotRegister) {
  v1::RegisterProfileResponse resp;
  for (const char* role : {"", "employer", "live_host", "analyst"}) {
    EXPECT_EQ(stub_->RegisterProfile(As(role).get(), NewPerson("r1", 124), &resp).error_code(),
              grpc::PERMISSION_DENIED)
        << role;
  }
  EXPECT_EQ(
      stub_->RegisterProfile(As("recruiter", "rc1", "430223").get(), NewPerson("r1", 124), &resp)
          .error_code(),
      grpc::PERMISSION_DENIED);
  EXPECT_TRUE(
      stub_->RegisterProfile(As("recruiter", "rc1", "430281").get(), NewPerson("r1", 124), &resp)
          .ok());
}

TEST_F(ProfilesServiceTest, UpdateWithMaskVersionAndPermissions) {
  const v1::Profile p = Register("r1", 124);
  v1::UpdateProfileRequest req;
  req.set_request_id("u1");
  req.mutable_profile()->set_profile_id(p.profile_id());
  req.mutable_profile()->set_min_monthly_salary(3500);
  req.mutable_profile()->set_name("not applied");
  req.mutable_update_mask()->add_paths("min_monthly_salary");
  req.set_expected_version(1);
  v1::UpdateProfileResponse resp;
  EXPECT_EQ(stub_->UpdateProfile(As("employer", "e1").get(), req, &resp).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->UpdateProfile(As("jobseeker", p.profile_id()).get(), req, &resp).ok());
  EXPECT_EQ(resp.profile().min_monthly_salary(), 3500);
  EXPECT_EQ(resp.profile().name(), "李秀英");
  EXPECT_EQ(resp.profile().version(), 2);
  // Retry: one effect.
  ASSERT_TRUE(stub_->UpdateProfile(As("admin").get(), req, &resp).ok());
  EXPECT_EQ(resp.profile().version(), 2);
  // Stale version.
  req.set_request_id("u2");
  EXPECT_EQ(stub_->UpdateProfile(As("admin").get(), req, &resp).error_code(), grpc::ABORTED);
  // Fields that cannot be updated, and bad values.
  req.set_expected_version(0);
  req.mutable_update_mask()->add_paths("sensitive.id_number");
  EXPECT_THAT(ViolationFields(stub_->UpdateProfile(As("admin").get(), req, &resp)),
              ElementsAre("update_mask.paths[1]"));
  req.mutable_update_mask()->clear_paths();
  req.mutable_update_mask()->add_paths("sensitive.phone");
  req.mutable_profile()->mutable_sensitive()->set_phone("123");
  EXPECT_THAT(ViolationFields(stub_->UpdateProfile(As("admin").get(), req, &resp)),
              ElementsAre("profile.sensitive.phone"));
  EXPECT_EQ(Count("outbox"), 2);
}

TEST_F(ProfilesServiceTest, ListFiltersAndPages) {
  for (int i = 0; i < 5; ++i) Register("r" + std::to_string(i), 120 + i);
  v1::RegisterProfileRequest young = NewPerson("young", 300);
  young.mutable_profile()->mutable_sensitive()->set_id_number(
      testing::MakeId("430211", 2000, 1, 1, 301));
  young.mutable_profile()->set_residence_region_code("430211");
  v1::RegisterProfileResponse r;
  ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), young, &r).ok());

  v1::ListProfilesRequest req;
  req.set_page_size(2);
  std::set<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    v1::ListProfilesResponse resp;
    ASSERT_TRUE(stub_->ListProfiles(As("admin").get(), req, &resp).ok());
    for (const auto& p : resp.profiles()) seen.insert(p.profile_id());
    if (resp.next_page_token().empty()) break;
    req.set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(seen.size(), 6u);

  v1::ListProfilesRequest by_group;
  by_group.set_key_group(v1::KEY_GROUP_GROUP_4050);
  v1::ListProfilesResponse resp;
  ASSERT_TRUE(stub_->ListProfiles(As("admin").get(), by_group, &resp).ok());
  EXPECT_EQ(resp.profiles_size(), 3);  // the three women of 45; the two men are not 50
  v1::ListProfilesRequest by_region;
  by_region.set_region_prefix("430211");
  ASSERT_TRUE(stub_->ListProfiles(As("admin").get(), by_region, &resp).ok());
  ASSERT_EQ(resp.profiles_size(), 1);
  EXPECT_EQ(resp.profiles(0).profile_id(), r.profile().profile_id());

  by_group.set_key_group(v1::KEY_GROUP_LOW_INCOME);
  EXPECT_EQ(stub_->ListProfiles(As("employer").get(), by_group, &resp).error_code(),
            grpc::PERMISSION_DENIED);
  v1::ListProfilesRequest bad;
  bad.set_page_token("x");
  bad.set_region_prefix("43a");
  EXPECT_THAT(ViolationFields(stub_->ListProfiles(As("admin").get(), bad, &resp)),
              ::testing::UnorderedElementsAre("page_token", "region_prefix"));
}

TEST_F(ProfilesServiceTest, DeclaredStatusesAndWhoSeesThem) {
  const v1::Profile p = Register("r1", 124);
  v1::DeclareKeyGroupRequest req;
  req.set_request_id("d1");
  req.set_profile_id(p.profile_id());
  req.mutable_membership()->set_group(v1::KEY_GROUP_RETURNING_MIGRANT);
  req.mutable_membership()->set_provenance(v1::PROVENANCE_SELF_DECLARED);
  v1::DeclareKeyGroupResponse resp;
  ASSERT_TRUE(stub_->DeclareKeyGroup(As("jobseeker", p.profile_id()).get(), req, &resp).ok());
  EXPECT_THAT(Groups(resp.profile()), Contains(v1::KEY_GROUP_RETURNING_MIGRANT));

  req.set_request_id("d2");
  req.mutable_membership()->set_group(v1::KEY_GROUP_DISABLED);
  req.mutable_membership()->set_provenance(v1::PROVENANCE_VERIFIED);
  req.mutable_membership()->set_source("醴陵市残联");
  *req.mutable_membership()->mutable_valid_until() = ToProto(absl::CivilDay(2030, 12, 31));
  EXPECT_EQ(stub_->DeclareKeyGroup(As("jobseeker", p.profile_id()).get(), req, &resp).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->DeclareKeyGroup(As("recruiter", "rc1", "4302").get(), req, &resp).ok());
  EXPECT_EQ(resp.profile().sensitive().disabled().source(), "醴陵市残联");
  EXPECT_THAT(Groups(resp.profile()), Not(Contains(v1::KEY_GROUP_DISABLED)));

  v1::GetProfileRequest get;
  get.set_profile_id(p.profile_id());
  v1::GetProfileResponse got;
  for (const char* role : {"", "employer", "live_host", "analyst"}) {
    got.Clear();
    EXPECT_EQ(stub_->GetProfile(As(role, "e1").get(), get, &got).error_code(),
              grpc::PERMISSION_DENIED)
        << role;
    EXPECT_FALSE(got.profile().sensitive().has_disabled()) << role;
  }
  ASSERT_TRUE(stub_->GetProfile(As("service").get(), get, &got).ok());
  EXPECT_TRUE(got.profile().sensitive().has_disabled());
  ASSERT_TRUE(stub_->GetProfile(As("jobseeker", p.profile_id()).get(), get, &got).ok());
  EXPECT_TRUE(got.profile().sensitive().has_disabled());

  req.set_request_id("d3");
  req.mutable_membership()->set_group(v1::KEY_GROUP_LOW_INCOME);
  EXPECT_THAT(ViolationFields(stub_->DeclareKeyGroup(As("admin").get(), req, &resp)),
              ElementsAre("membership.group"));
  // Events never carry DISABLED in the clear; each carries the person's
  // sensitive groups sealed for the statistics, DISABLED once declared.
  const std::vector<v1::Event> events = Outbox();
  std::vector<uint32_t> sealed;
  for (const v1::Event& e : events) {
    EXPECT_EQ(e.kind(), v1::EVENT_KIND_PROFILE_CHANGED);
    EXPECT_EQ(e.region_code(), "430281001001");
    EXPECT_THAT(e.key_groups(), Not(Contains(v1::KEY_GROUP_DISABLED)));
    absl::StatusOr<uint32_t> mask =
        OpenSensitiveGroups(stats_key_, p.profile_id(), e.sealed_sensitive_groups());
    ASSERT_TRUE(mask.ok()) << mask.status();
    sealed.push_back(*mask);
  }
  EXPECT_THAT(sealed, ElementsAre(0u, 0u, 1u << v1::KEY_GROUP_DISABLED));
  // Sealed for this person's row only.
  EXPECT_FALSE(
      OpenSensitiveGroups(stats_key_, "someone-else", events.back().sealed_sensitive_groups())
          .ok());
}

}  // namespace
}  // namespace jobmatch::profiles
