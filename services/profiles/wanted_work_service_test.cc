// Wanted work given as text (RegisterProfile, UpdateProfile, field-tablet
// registrations and visits) coded into occupation codes, through a real
// in-process server and MariaDB.
#include <gmock/gmock.h>

#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::profiles {
namespace {

using Result = v1::FieldRecordResult;
using ::testing::ElementsAre;
using testing::ProfilesServiceTest;
using ::testing::UnorderedElementsAre;
using testing::ViolationFields;

v1::Profile Stored(v1::ProfilesService::Stub& stub, std::unique_ptr<grpc::ClientContext> ctx,
                   const std::string& id) {
  v1::GetProfileRequest get;
  get.set_profile_id(id);
  v1::GetProfileResponse got;
  EXPECT_TRUE(stub.GetProfile(ctx.get(), get, &got).ok());
  return got.profile();
}

TEST_F(ProfilesServiceTest, RegisterCodesWantedTextsAfterTheCodesGiven) {
  v1::RegisterProfileRequest req = NewPerson("r1", 124);
  req.mutable_profile()->clear_wanted_occupation_codes();
  req.mutable_profile()->add_wanted_occupation_codes("6-18-02-04");
  for (const char* text : {"月嫂", "电焊工", "想做点轻松的活", "【急招】外卖骑手"}) {
    req.mutable_profile()->add_wanted_occupation_texts(text);
  }
  v1::RegisterProfileResponse resp;
  ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), req, &resp).ok());
  // 电焊工 is the code already given; the vague wish stays as words.
  EXPECT_THAT(resp.profile().wanted_occupation_codes(),
              ElementsAre("6-18-02-04", "4-10-01-06", "4-10-08-01"));
  EXPECT_THAT(resp.profile().wanted_occupation_texts(), ElementsAre("想做点轻松的活"));
  const v1::Profile stored = Stored(*stub_, As("admin"), resp.profile().profile_id());
  EXPECT_THAT(stored.wanted_occupation_codes(),
              ElementsAre("6-18-02-04", "4-10-01-06", "4-10-08-01"));
  EXPECT_THAT(stored.wanted_occupation_texts(), ElementsAre("想做点轻松的活"));
}

TEST_F(ProfilesServiceTest, UpdateCodesWantedTextsNamedInTheMask) {
  const v1::Profile p = Register("r1", 124);
  v1::UpdateProfileRequest req;
  req.set_request_id("u1");
  req.mutable_profile()->set_profile_id(p.profile_id());
  req.mutable_profile()->add_wanted_occupation_texts("育婴师");
  req.mutable_profile()->add_wanted_occupation_texts("不知道");
  req.mutable_update_mask()->add_paths("wanted_occupation_texts");
  v1::UpdateProfileResponse resp;
  ASSERT_TRUE(stub_->UpdateProfile(As("jobseeker", p.profile_id()).get(), req, &resp).ok());
  // After the code the person registered with (家政服务员).
  EXPECT_THAT(resp.profile().wanted_occupation_codes(), ElementsAre("4-10-01-06", "4-10-01-03"));
  EXPECT_THAT(resp.profile().wanted_occupation_texts(), ElementsAre("不知道"));
  EXPECT_EQ(resp.profile().version(), 2);
}

TEST_F(ProfilesServiceTest, WantedTextsAreValidatedAndABadOneWritesNothing) {
  v1::RegisterProfileRequest req = NewPerson("r1", 124);
  req.mutable_profile()->add_wanted_occupation_texts("月嫂");
  req.mutable_profile()->add_wanted_occupation_texts("  ");
  req.mutable_profile()->add_wanted_occupation_texts(std::string(51, 'a'));
  req.mutable_profile()->add_wanted_occupation_texts("保姆\n护工");
  v1::RegisterProfileResponse resp;
  EXPECT_THAT(ViolationFields(stub_->RegisterProfile(As("admin").get(), req, &resp)),
              UnorderedElementsAre("profile.wanted_occupation_texts[1]",
                                   "profile.wanted_occupation_texts[2]",
                                   "profile.wanted_occupation_texts[3]"));
  req.mutable_profile()->clear_wanted_occupation_texts();
  for (int i = 0; i < 11; ++i) req.mutable_profile()->add_wanted_occupation_texts("保姆");
  EXPECT_THAT(ViolationFields(stub_->RegisterProfile(As("admin").get(), req, &resp)),
              ElementsAre("profile.wanted_occupation_texts"));
  EXPECT_EQ(Count("profiles"), 0);
  EXPECT_EQ(Count("outbox"), 0);
}

class WantedWorkFieldTest : public ProfilesServiceTest {
 protected:
  v1::FieldRecord Visit(const std::string& key, std::vector<std::string> texts) {
    v1::FieldRecord rec;
    rec.set_idempotency_key(key);
    rec.set_device_id("tab-A");
    rec.set_recruiter_id("rc1");
    rec.mutable_visit()->set_region_code("430281001001");
    rec.mutable_visit()->add_wanted_occupation_codes("6-18-02-04");
    for (const std::string& t : texts) rec.mutable_visit()->add_wanted_occupation_texts(t);
    return rec;
  }
  v1::SyncFieldRecordsResponse Sync(const v1::SyncFieldRecordsRequest& req) {
    v1::SyncFieldRecordsResponse resp;
    grpc::Status s = stub_->SyncFieldRecords(As("recruiter", "rc1", "4302").get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }
};

TEST_F(WantedWorkFieldTest, VisitsAndTabletRegistrationsCodeTheirTexts) {
  v1::SyncFieldRecordsRequest req;
  req.set_request_id("batch1");
  *req.add_records() = Visit("k1", {"保姆", "随便", "电焊工"});
  v1::FieldRecord reg;
  reg.set_idempotency_key("k2");
  reg.set_device_id("tab-A");
  reg.set_recruiter_id("rc1");
  *reg.mutable_registration() = NewPerson("", 124).profile();
  reg.mutable_registration()->add_wanted_occupation_texts("护工");
  *req.add_records() = reg;
  const v1::SyncFieldRecordsResponse resp = Sync(req);
  ASSERT_EQ(resp.results_size(), 2);
  EXPECT_EQ(resp.results(0).outcome(), Result::OUTCOME_APPLIED);
  EXPECT_EQ(resp.results(1).outcome(), Result::OUTCOME_APPLIED);

  EXPECT_THAT(Query("SELECT wanted_occupation_codes, wanted_occupation_texts FROM visits"),
              ElementsAre(ElementsAre("6-18-02-04,4-10-01-06", "随便")));
  const std::vector<v1::Event> events = Outbox();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_THAT(events[0].field_visit().wanted_occupation_codes(),
              ElementsAre("6-18-02-04", "4-10-01-06"));
  const v1::Profile stored = Stored(*stub_, As("admin"), resp.results(1).profile_id());
  EXPECT_THAT(stored.wanted_occupation_codes(), ElementsAre("4-10-01-06", "4-10-01-05"));
  EXPECT_TRUE(stored.wanted_occupation_texts().empty());
}

TEST_F(WantedWorkFieldTest, AVisitWithABadTextIsRefusedAlone) {
  v1::SyncFieldRecordsRequest req;
  req.set_request_id("batch1");
  *req.add_records() = Visit("k1", {""});
  *req.add_records() = Visit("k2", {"月嫂"});
  const v1::SyncFieldRecordsResponse resp = Sync(req);
  ASSERT_EQ(resp.results_size(), 2);
  EXPECT_EQ(resp.results(0).outcome(), Result::OUTCOME_INVALID);
  ASSERT_EQ(resp.results(0).violations_size(), 1);
  EXPECT_EQ(resp.results(0).violations(0).field(), "visit.wanted_occupation_texts[0]");
  EXPECT_EQ(resp.results(1).outcome(), Result::OUTCOME_APPLIED);
  EXPECT_EQ(Count("visits"), 1);
}

}  // namespace
}  // namespace jobmatch::profiles
