// ImportKeyGroups, RevealSensitiveData, RecordConsent and EraseProfile, and
// what the tables hold, through a real in-process server and MariaDB.
#include <cppconn/connection.h>
#include <cppconn/statement.h>
#include <gmock/gmock.h>

#include "absl/strings/match.h"
#include "services/common/proto_time.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::profiles {
namespace {

using ::testing::ElementsAre;
using testing::ProfilesServiceTest;
using testing::ViolationFields;

v1::KeyGroupImportRow Row(const std::string& id, v1::KeyGroup group,
                          v1::LowIncomeKind kind = v1::LOW_INCOME_KIND_UNSPECIFIED) {
  v1::KeyGroupImportRow row;
  row.set_id_number(id);
  row.mutable_membership()->set_group(group);
  row.mutable_membership()->set_low_income_kind(kind);
  *row.mutable_membership()->mutable_valid_until() = ToProto(absl::CivilDay(2026, 12, 31));
  return row;
}

TEST_F(ProfilesServiceTest, ImportAppliesKeepsPendingAndReportsBadRows) {
  const v1::Profile p = Register("r1", 124);
  const std::string registered = NewPerson("x", 124).profile().sensitive().id_number();
  const std::string later = NewPerson("x", 136).profile().sensitive().id_number();
  v1::ImportKeyGroupsRequest req;
  req.set_request_id("i1");
  req.set_source("民政局 2026-03");
  *req.add_rows() = Row(registered, v1::KEY_GROUP_LOW_INCOME, v1::LOW_INCOME_KIND_DIBAO);
  *req.add_rows() = Row(later, v1::KEY_GROUP_POVERTY_LABOR);
  *req.add_rows() = Row("123", v1::KEY_GROUP_POVERTY_LABOR);
  *req.add_rows() = Row(registered, v1::KEY_GROUP_LAID_OFF);
  v1::ImportKeyGroupsResponse resp;
  EXPECT_EQ(stub_->ImportKeyGroups(As("recruiter", "r", "43").get(), req, &resp).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->ImportKeyGroups(As("admin").get(), req, &resp).ok());
  EXPECT_EQ(resp.applied(), 1);
  EXPECT_EQ(resp.pending(), 1);
  ASSERT_EQ(resp.errors_size(), 2);
  EXPECT_EQ(resp.errors(0).index(), 2);
  EXPECT_EQ(resp.errors(0).violations(0).field(), "rows[2].id_number");
  EXPECT_EQ(resp.errors(1).index(), 3);
  EXPECT_EQ(resp.errors(1).violations(0).field(), "rows[3].membership.group");
  // Replay: same answer, no second effect.
  const int64_t events = Count("outbox");
  ASSERT_TRUE(stub_->ImportKeyGroups(As("admin").get(), req, &resp).ok());
  EXPECT_EQ(resp.applied(), 1);
  EXPECT_EQ(Count("outbox"), events);
  EXPECT_EQ(Count("pending_key_groups"), 1);

  v1::GetProfileRequest get;
  get.set_profile_id(p.profile_id());
  v1::GetProfileResponse got;
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_EQ(got.profile().sensitive().low_income().low_income_kind(), v1::LOW_INCOME_KIND_DIBAO);
  EXPECT_EQ(got.profile().sensitive().low_income().source(), "民政局 2026-03");
  EXPECT_EQ(got.profile().sensitive().low_income().provenance(), v1::PROVENANCE_IMPORTED);
  got.Clear();
  EXPECT_EQ(stub_->GetProfile(As("employer", "e1").get(), get, &got).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_FALSE(got.profile().sensitive().has_low_income());
  // Expired statuses are not in force.
  SetToday(absl::CivilDay(2027, 1, 1));
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_FALSE(got.profile().sensitive().has_low_income());
  SetToday(absl::CivilDay(2026, 3, 15));

  // The pending row is applied when its person registers.
  const v1::Profile q = Register("r2", 136);
  bool poverty = false;
  for (const auto& m : q.key_groups()) poverty |= m.group() == v1::KEY_GROUP_POVERTY_LABOR;
  EXPECT_TRUE(poverty);
  EXPECT_EQ(Count("pending_key_groups"), 0);
  for (const v1::Event& e : Outbox()) {
    EXPECT_THAT(e.key_groups(), ::testing::Not(::testing::Contains(v1::KEY_GROUP_LOW_INCOME)));
  }
}

TEST_F(ProfilesServiceTest, RevealIsForAllowedCallersAndAudited) {
  const v1::Profile p = Register("r1", 124);
  const std::string id = NewPerson("x", 124).profile().sensitive().id_number();
  v1::RevealSensitiveDataRequest req;
  req.set_profile_id(p.profile_id());
  v1::RevealSensitiveDataResponse resp;
  EXPECT_THAT(ViolationFields(stub_->RevealSensitiveData(As("admin").get(), req, &resp)),
              ElementsAre("reason"));
  req.set_reason("核实身份以办理失业登记");
  for (const char* role : {"", "employer", "live_host", "analyst", "service"}) {
    EXPECT_EQ(stub_->RevealSensitiveData(As(role, "x").get(), req, &resp).error_code(),
              grpc::PERMISSION_DENIED)
        << role;
  }
  EXPECT_EQ(
      stub_->RevealSensitiveData(As("recruiter", "rc", "430223").get(), req, &resp).error_code(),
      grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("audit_log"), 0);
  ASSERT_TRUE(stub_->RevealSensitiveData(As("admin", "staff7").get(), req, &resp).ok());
  EXPECT_EQ(resp.sensitive().id_number(), id);
  EXPECT_EQ(resp.sensitive().phone(), "13812345678");
  ASSERT_TRUE(stub_->RevealSensitiveData(As("jobseeker", p.profile_id()).get(), req, &resp).ok());
  const auto rows = Query(
      "SELECT action, caller_role, caller_subject, profile_id, reason FROM audit_log ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0], ElementsAre("reveal", "admin", "staff7", p.profile_id(), req.reason()));
  // Append-only.
  absl::Status changed = db_.db().WithConnection([](sql::Connection& conn) {
    std::unique_ptr<sql::Statement>(conn.createStatement())->execute("DELETE FROM audit_log");
    return absl::OkStatus();
  });
  EXPECT_FALSE(changed.ok());
  EXPECT_EQ(Count("audit_log"), 2);
}

TEST_F(ProfilesServiceTest, NoClearIdentityAnywhereInTheTables) {
  const v1::Profile p = Register("r1", 124);
  const std::string id = NewPerson("x", 124).profile().sensitive().id_number();
  v1::ImportKeyGroupsRequest imp;
  imp.set_request_id("i1");
  imp.set_source("民政局");
  *imp.add_rows() = Row(NewPerson("x", 136).profile().sensitive().id_number(),
                        v1::KEY_GROUP_LOW_INCOME, v1::LOW_INCOME_KIND_TEKUN);
  v1::ImportKeyGroupsResponse ir;
  ASSERT_TRUE(stub_->ImportKeyGroups(As("admin").get(), imp, &ir).ok());
  const std::vector<std::string> secrets = {id, id.substr(0, 17), "13812345678",
                                            NewPerson("x", 136).profile().sensitive().id_number()};
  const auto columns = Query(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = '" +
      db_.schema() + "'");
  ASSERT_GT(columns.size(), 20u);
  int cells = 0;
  for (const auto& col : columns) {
    for (const auto& row : Query("SELECT `" + col[1] + "` FROM `" + col[0] + "`")) {
      ++cells;
      for (const auto& secret : secrets) {
        EXPECT_FALSE(absl::StrContains(row[0], secret)) << col[0] << "." << col[1];
      }
    }
  }
  EXPECT_GT(cells, 10);
}

TEST_F(ProfilesServiceTest, ConsentIsRecordedWithPurposeAndTime) {
  const v1::Profile p = Register("r1", 124);
  v1::RecordConsentRequest req;
  req.set_request_id("c1");
  req.set_profile_id(p.profile_id());
  req.mutable_consent()->set_purpose("Job Matching");
  v1::RecordConsentResponse resp;
  EXPECT_THAT(ViolationFields(stub_->RecordConsent(As("admin").get(), req, &resp)),
              ElementsAre("consent.purpose"));
  req.mutable_consent()->set_purpose("job_matching");
  req.mutable_consent()->set_granted(true);
  EXPECT_EQ(stub_->RecordConsent(As("employer", "e").get(), req, &resp).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->RecordConsent(As("jobseeker", p.profile_id()).get(), req, &resp).ok());
  ASSERT_TRUE(stub_->RecordConsent(As("jobseeker", p.profile_id()).get(), req, &resp).ok());
  ASSERT_EQ(resp.profile().consents_size(), 1);
  EXPECT_EQ(resp.profile().consents(0).purpose(), "job_matching");
  EXPECT_EQ(resp.profile().consents(0).record_time().seconds(), now_unix_.load());
}

TEST_F(ProfilesServiceTest, ErasureLeavesOnlyAnonymousStatistics) {
  v1::RegisterProfileRequest reg = NewPerson("r1", 124);
  reg.mutable_profile()->mutable_residence_location()->set_lng(113.5);
  reg.mutable_profile()->mutable_residence_location()->set_lat(27.6);
  reg.mutable_profile()->set_major("机械制造");
  v1::RegisterProfileResponse rr;
  ASSERT_TRUE(stub_->RegisterProfile(As("admin").get(), reg, &rr).ok());
  const std::string pid = rr.profile().profile_id();
  v1::EraseProfileRequest req;
  req.set_request_id("e1");
  req.set_profile_id(pid);
  req.set_reason("本人申请删除");
  v1::EraseProfileResponse resp;
  EXPECT_EQ(stub_->EraseProfile(As("recruiter", "rc", "43").get(), req, &resp).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->EraseProfile(As("jobseeker", pid).get(), req, &resp).ok());
  EXPECT_TRUE(resp.profile().erased());
  EXPECT_EQ(resp.profile().name(), "");
  EXPECT_EQ(resp.profile().sensitive().id_number(), "");
  EXPECT_EQ(resp.profile().birth_date().year(), 1980);
  EXPECT_EQ(resp.profile().birth_date().month(), 0);
  EXPECT_EQ(resp.profile().residence_region_code(), "430281");
  EXPECT_EQ(resp.profile().sex(), v1::SEX_FEMALE);
  ASSERT_TRUE(stub_->EraseProfile(As("jobseeker", pid).get(), req, &resp).ok());  // retry

  const auto rows = Query("SELECT id_hash, sensitive_ct, erased, proto FROM profiles");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "NULL");
  EXPECT_EQ(rows[0][1], "NULL");
  EXPECT_EQ(rows[0][2], "1");
  v1::Profile stored;
  ASSERT_TRUE(stored.ParseFromString(rows[0][3]));
  EXPECT_EQ(stored.name(), "");
  EXPECT_EQ(stored.major(), "");
  EXPECT_FALSE(stored.has_residence_location());
  EXPECT_FALSE(stored.has_graduation_date());
  EXPECT_EQ(stored.birth_date().day(), 0);
  ASSERT_EQ(stored.key_groups_size(), 1);  // 4050 at erasure, kept for counts
  EXPECT_EQ(stored.key_groups(0).group(), v1::KEY_GROUP_GROUP_4050);
  EXPECT_EQ(Count("audit_log"), 1);
  const std::vector<v1::Event> events = Outbox();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].change().change_type(), v1::CHANGE_TYPE_REMOVED);

  v1::RevealSensitiveDataRequest reveal;
  reveal.set_profile_id(pid);
  reveal.set_reason("x");
  v1::RevealSensitiveDataResponse rv;
  EXPECT_EQ(stub_->RevealSensitiveData(As("admin").get(), reveal, &rv).error_code(),
            grpc::FAILED_PRECONDITION);
  // The person may register again.
  EXPECT_NE(Register("r2", 124).profile_id(), pid);
}

}  // namespace
}  // namespace jobmatch::profiles
