// Whose identity a caller may register and whose profiles they may read:
// jobseekers register only under their own token's profile id and cannot
// learn others' ids; imported statuses attach only to identities staff
// vouch for; GetProfile and ListProfiles answer each role only its own
// records. Through a real in-process server and MariaDB.
#include <gmock/gmock.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/proto_time.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::profiles {
namespace {

using ::testing::HasSubstr;
using testing::MakeId;
using ::testing::Not;
using testing::ProfilesServiceTest;
using ::testing::UnorderedElementsAre;
using testing::ViolationFields;

class IdentityTest : public ProfilesServiceTest {
 protected:
  std::string IdOf(int seq) { return NewPerson("x", seq).profile().sensitive().id_number(); }

  grpc::Status ImportLowIncome(const std::string& request_id, int seq,
                               v1::ImportKeyGroupsResponse* resp) {
    v1::ImportKeyGroupsRequest req;
    req.set_request_id(request_id);
    req.set_source("民政局 2026-03");
    v1::KeyGroupImportRow* row = req.add_rows();
    row->set_id_number(IdOf(seq));
    row->mutable_membership()->set_group(v1::KEY_GROUP_LOW_INCOME);
    row->mutable_membership()->set_low_income_kind(v1::LOW_INCOME_KIND_DIBAO);
    return stub_->ImportKeyGroups(As("admin").get(), req, resp);
  }

  v1::Profile AdminGet(const std::string& profile_id) {
    v1::GetProfileRequest get;
    get.set_profile_id(profile_id);
    v1::GetProfileResponse got;
    grpc::Status s = stub_->GetProfile(As("admin").get(), get, &got);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return got.profile();
  }
};

TEST_F(IdentityTest, AJobseekerRegistersOnlyUnderTheirOwnTokenSubject) {
  v1::RegisterProfileResponse resp;
  ASSERT_TRUE(
      stub_->RegisterProfile(As("jobseeker", "app-u1").get(), NewPerson("s1", 124), &resp).ok());
  EXPECT_EQ(resp.profile().profile_id(), "app-u1");
  EXPECT_EQ(resp.profile().name(), "李秀英");
  // The same token cannot take on a second identity.
  grpc::Status s =
      stub_->RegisterProfile(As("jobseeker", "app-u1").get(), NewPerson("s2", 126), &resp);
  EXPECT_EQ(s.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(Count("profiles"), 1);
  // A retry of the first request is answered again, to its own sender only.
  ASSERT_TRUE(
      stub_->RegisterProfile(As("jobseeker", "app-u1").get(), NewPerson("s1", 124), &resp).ok());
  EXPECT_EQ(resp.profile().profile_id(), "app-u1");
  s = stub_->RegisterProfile(As("jobseeker", "app-u9").get(), NewPerson("s1", 124), &resp);
  EXPECT_THAT(ViolationFields(s), ::testing::ElementsAre("request_id"));
  EXPECT_THAT(s.error_message(), Not(HasSubstr("app-u1")));
  // A token naming no usable id registers nothing.
  s = stub_->RegisterProfile(As("jobseeker", "bad id!").get(), NewPerson("s3", 128), &resp);
  EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("profiles"), 1);
}

TEST_F(IdentityTest, AlreadyExistsIsOpaqueToJobseekersButNotToStaff) {
  const v1::Profile owner = Register("a1", 124);
  v1::RegisterProfileResponse resp;
  grpc::Status s =
      stub_->RegisterProfile(As("jobseeker", "app-squatter").get(), NewPerson("s1", 124), &resp);
  ASSERT_EQ(s.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_THAT(s.error_message(), Not(HasSubstr(owner.profile_id())));
  EXPECT_THAT(s.error_details(), Not(HasSubstr(owner.profile_id())));
  google::rpc::Status details;
  if (!s.error_details().empty()) {
    ASSERT_TRUE(details.ParseFromString(s.error_details()));
    EXPECT_EQ(details.details_size(), 0);
  }
  // Staff still learn which profile it is, to resolve the dispute.
  for (const char* role : {"admin", "recruiter"}) {
    s = stub_->RegisterProfile(As(role, "r1", "430281").get(), NewPerson("a2", 124), &resp);
    ASSERT_EQ(s.error_code(), grpc::ALREADY_EXISTS);
    EXPECT_THAT(s.error_message(), HasSubstr(owner.profile_id()));
    ASSERT_TRUE(details.ParseFromString(s.error_details()));
    ASSERT_EQ(details.details_size(), 1);
    google::rpc::ResourceInfo info;
    ASSERT_TRUE(details.details(0).UnpackTo(&info));
    EXPECT_EQ(info.resource_name(), owner.profile_id());
  }
}

TEST_F(IdentityTest, ImportedStatusesNeverAttachToASelfClaimedIdNumber) {
  // The civil-affairs batch arrives before the person registers...
  v1::ImportKeyGroupsResponse imported;
  ASSERT_TRUE(ImportLowIncome("i1", 124, &imported).ok());
  EXPECT_EQ(imported.pending(), 1);
  // ...and someone claims the ID number from the app.
  v1::RegisterProfileResponse resp;
  ASSERT_TRUE(
      stub_->RegisterProfile(As("jobseeker", "app-u1").get(), NewPerson("s1", 124), &resp).ok());
  EXPECT_FALSE(resp.profile().sensitive().has_low_income());
  EXPECT_FALSE(AdminGet("app-u1").sensitive().has_low_income());
  EXPECT_FALSE(AdminGet("app-u1").identity_verified());
  // A batch arriving after the claim waits too.
  ASSERT_TRUE(ImportLowIncome("i2", 124, &imported).ok());
  EXPECT_EQ(imported.applied(), 0);
  EXPECT_EQ(imported.pending(), 1);
  EXPECT_FALSE(AdminGet("app-u1").sensitive().has_low_income());
  EXPECT_EQ(Count("pending_key_groups"), 2);

  // The claimant cannot vouch for themself.
  v1::UpdateProfileRequest verify;
  verify.set_request_id("v1");
  verify.mutable_profile()->set_profile_id("app-u1");
  verify.mutable_profile()->set_identity_verified(true);
  verify.mutable_update_mask()->add_paths("identity_verified");
  v1::UpdateProfileResponse updated;
  EXPECT_EQ(stub_->UpdateProfile(As("jobseeker", "app-u1").get(), verify, &updated).error_code(),
            grpc::PERMISSION_DENIED);
  // Staff who checked the ID document verify it; the statuses attach then.
  ASSERT_TRUE(stub_->UpdateProfile(As("recruiter", "r1", "430281").get(), verify, &updated).ok());
  EXPECT_TRUE(updated.profile().identity_verified());
  EXPECT_EQ(updated.profile().sensitive().low_income().low_income_kind(),
            v1::LOW_INCOME_KIND_DIBAO);
  EXPECT_EQ(Count("pending_key_groups"), 0);
}

TEST_F(IdentityTest, StaffRegistrationsAreVerifiedAndTakeTheirPendingStatuses) {
  v1::ImportKeyGroupsResponse imported;
  ASSERT_TRUE(ImportLowIncome("i1", 124, &imported).ok());
  v1::RegisterProfileResponse resp;
  ASSERT_TRUE(
      stub_->RegisterProfile(As("recruiter", "r1", "430281").get(), NewPerson("r1", 124), &resp)
          .ok());
  EXPECT_TRUE(resp.profile().identity_verified());
  EXPECT_TRUE(resp.profile().sensitive().has_low_income());
  // A verified profile takes later batches at once.
  ASSERT_TRUE(ImportLowIncome("i2", 124, &imported).ok());
  EXPECT_EQ(imported.applied(), 1);
  // Clients cannot claim verification themselves.
  v1::RegisterProfileRequest req = NewPerson("s1", 126);
  req.mutable_profile()->set_identity_verified(true);
  EXPECT_THAT(ViolationFields(stub_->RegisterProfile(As("jobseeker", "app-u2").get(), req, &resp)),
              ::testing::ElementsAre("profile.identity_verified"));
}

// --- Record scoping: each role x own / other record -------------------------

struct ReadCase {
  const char* name;
  const char* role;
  const char* subject;
  const char* regions;
  bool own_ok;    // the caller's own record: themself, or a person in their regions
  bool other_ok;  // a person elsewhere (another jobseeker, another county)
};

class GetProfileScopeTest : public IdentityTest, public ::testing::WithParamInterface<ReadCase> {};

TEST_P(GetProfileScopeTest, AnswersOnlyOwnRecords) {
  const ReadCase& c = GetParam();
  // "own": lives in 醴陵 (430281); "other": lives and is registered in 攸县 (430223).
  v1::RegisterProfileRequest own_req = NewPerson("own", 124);
  v1::RegisterProfileRequest other_req = NewPerson("other", 126);
  other_req.mutable_profile()->mutable_sensitive()->set_id_number(
      MakeId("430223", 1980, 5, 6, 126));
  other_req.mutable_profile()->set_residence_region_code("430223");
  other_req.mutable_profile()->set_hukou_region_code("430223");
  v1::RegisterProfileResponse own, other;
  if (std::string(c.role) == "jobseeker") {
    ASSERT_TRUE(stub_->RegisterProfile(As("jobseeker", c.subject).get(), own_req, &own).ok());
  } else {
    ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), own_req, &own).ok());
  }
  ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), other_req, &other).ok());

  v1::GetProfileRequest get;
  v1::GetProfileResponse got;
  get.set_profile_id(own.profile().profile_id());
  grpc::Status s = stub_->GetProfile(As(c.role, c.subject, c.regions).get(), get, &got);
  EXPECT_EQ(s.ok(), c.own_ok) << s.error_message();
  if (!c.own_ok) {
    EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
  }
  get.set_profile_id(other.profile().profile_id());
  got.Clear();
  s = stub_->GetProfile(As(c.role, c.subject, c.regions).get(), get, &got);
  EXPECT_EQ(s.ok(), c.other_ok) << s.error_message();
  if (!c.other_ok) {
    EXPECT_EQ(s.error_code(), grpc::PERMISSION_DENIED);
    EXPECT_EQ(got.profile().name(), "");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Roles, GetProfileScopeTest,
    ::testing::Values(ReadCase{"jobseeker", "jobseeker", "app-u1", "", true, false},
                      ReadCase{"recruiter", "recruiter", "r1", "430281", true, false},
                      ReadCase{"recruiter_two_regions", "recruiter", "r1", "430224,430281", true,
                               false},
                      ReadCase{"recruiter_no_regions", "recruiter", "r1", "", false, false},
                      ReadCase{"admin", "admin", "", "", true, true},
                      ReadCase{"service", "service", "matcher", "", true, true},
                      ReadCase{"employer", "employer", "e1", "", false, false},
                      ReadCase{"live_host", "live_host", "h1", "", false, false},
                      ReadCase{"analyst", "analyst", "a1", "", false, false},
                      ReadCase{"anonymous", "", "", "", false, false}),
    [](const auto& test_case) { return std::string(test_case.param.name); });

TEST_F(IdentityTest, RecruitersSeeWhereTheyLiveOrAreRegisteredOnly) {
  // Lives in 醴陵 but registered (户籍) in 攸县: both counties' recruiters see them.
  v1::RegisterProfileRequest migrant = NewPerson("m", 124);
  migrant.mutable_profile()->set_hukou_region_code("430223");
  v1::RegisterProfileResponse m;
  ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), migrant, &m).ok());
  v1::GetProfileRequest get;
  get.set_profile_id(m.profile().profile_id());
  v1::GetProfileResponse got;
  EXPECT_TRUE(stub_->GetProfile(As("recruiter", "r1", "430223").get(), get, &got).ok());
  EXPECT_TRUE(stub_->GetProfile(As("recruiter", "r1", "430281").get(), get, &got).ok());
  EXPECT_EQ(stub_->GetProfile(As("recruiter", "r1", "430202").get(), get, &got).error_code(),
            grpc::PERMISSION_DENIED);
}

TEST_F(IdentityTest, ListProfilesKeepsRecruitersInTheirRegions) {
  const std::vector<std::string> counties = {"430281", "430223", "430224", "430281", "430202"};
  for (size_t i = 0; i < counties.size(); ++i) {
    v1::RegisterProfileRequest req =
        NewPerson("l" + std::to_string(i), 130 + 2 * static_cast<int>(i));
    req.mutable_profile()->mutable_sensitive()->set_id_number(
        MakeId(counties[i], 1980, 5, 6, 130 + 2 * static_cast<int>(i)));
    req.mutable_profile()->set_residence_region_code(counties[i]);
    req.mutable_profile()->set_hukou_region_code(counties[i]);
    v1::RegisterProfileResponse resp;
    ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), req, &resp).ok());
  }
  auto all = [&](const std::string& role, const std::string& regions, const std::string& prefix) {
    v1::ListProfilesRequest req;
    req.set_region_prefix(prefix);
    req.set_page_size(2);
    std::vector<std::string> seen;
    for (int page = 0; page < 10; ++page) {
      v1::ListProfilesResponse resp;
      grpc::Status s = stub_->ListProfiles(As(role, "r1", regions).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& p : resp.profiles()) seen.push_back(p.residence_region_code());
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return seen;
  };
  EXPECT_THAT(all("recruiter", "430281", ""), UnorderedElementsAre("430281", "430281"));
  EXPECT_THAT(all("recruiter", "430281", "43"), UnorderedElementsAre("430281", "430281"));
  EXPECT_THAT(all("recruiter", "430223,430202", ""), UnorderedElementsAre("430223", "430202"));
  EXPECT_THAT(all("recruiter", "430224", "430281"), ::testing::IsEmpty());
  EXPECT_THAT(all("recruiter", "", ""), ::testing::IsEmpty());
  EXPECT_EQ(all("admin", "", "").size(), counties.size());
}

}  // namespace
}  // namespace jobmatch::profiles
