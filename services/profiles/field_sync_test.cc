// SyncFieldRecords through a real in-process server and MariaDB: replays,
// conflicts between tablets, and bad records inside a good batch.
#include <gmock/gmock.h>

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::profiles {
namespace {

using Result = v1::FieldRecordResult;
using testing::AllAtOnce;
using testing::ProfilesServiceTest;

v1::FieldRecord Header(const std::string& key, const std::string& device) {
  v1::FieldRecord rec;
  rec.set_idempotency_key(key);
  rec.set_device_id(device);
  rec.set_recruiter_id("rc1");
  *rec.mutable_capture_time() = ToProto(absl::FromUnixSeconds(1773000000));
  return rec;
}

v1::FieldRecord Edit(const std::string& key, const std::string& device, const std::string& id,
                     int64_t base, const std::string& path, const v1::Profile& values) {
  v1::FieldRecord rec = Header(key, device);
  rec.set_base_version(base);
  *rec.mutable_edit()->mutable_profile() = values;
  rec.mutable_edit()->mutable_profile()->set_profile_id(id);
  rec.mutable_edit()->mutable_update_mask()->add_paths(path);
  return rec;
}

class FieldSyncTest : public ProfilesServiceTest {
 protected:
  v1::SyncFieldRecordsResponse Sync(const v1::SyncFieldRecordsRequest& req) {
    v1::SyncFieldRecordsResponse resp;
    grpc::Status s = stub_->SyncFieldRecords(As("recruiter", "rc1", "4302").get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }
};

TEST_F(FieldSyncTest, ReplayedThreeTimesHasOneEffect) {
  v1::SyncFieldRecordsRequest req;
  req.set_request_id("batch1");
  v1::FieldRecord reg = Header("k1", "tab-A");
  *reg.mutable_registration() = NewPerson("", 124).profile();
  *req.add_records() = reg;
  v1::FieldRecord visit = Header("k2", "tab-A");
  visit.mutable_visit()->set_region_code("430281001001");
  visit.mutable_visit()->add_wanted_occupation_codes("6-18-02-04");
  visit.mutable_visit()->add_wanted_region_codes("430281");
  *visit.mutable_visit()->mutable_available_from() = ToProto(absl::CivilDay(2026, 4, 1));
  visit.mutable_visit()->set_notes("家中两人想在醴陵就近务工");
  *req.add_records() = visit;

  const v1::SyncFieldRecordsResponse first = Sync(req);
  ASSERT_EQ(first.results_size(), 2);
  EXPECT_EQ(first.results(0).outcome(), Result::OUTCOME_APPLIED);
  EXPECT_EQ(first.results(1).outcome(), Result::OUTCOME_APPLIED);
  const std::string pid = first.results(0).profile_id();
  ASSERT_FALSE(pid.empty());
  for (int replay = 0; replay < 2; ++replay) {
    const v1::SyncFieldRecordsResponse again = Sync(req);
    ASSERT_EQ(again.results_size(), 2);
    EXPECT_EQ(again.results(0).outcome(), Result::OUTCOME_DUPLICATE);
    EXPECT_EQ(again.results(0).profile_id(), pid);
    EXPECT_EQ(again.results(1).outcome(), Result::OUTCOME_DUPLICATE);
  }
  EXPECT_EQ(Count("profiles"), 1);
  EXPECT_EQ(Count("visits"), 1);
  EXPECT_EQ(Count("outbox"), 2);
  const auto visits = Query(
      "SELECT village_code, wanted_occupation_codes, available_from, recruiter_id, device_id FROM "
      "visits");
  EXPECT_THAT(visits[0],
              ::testing::ElementsAre("430281001001", "6-18-02-04", "2026-04-01", "rc1", "tab-A"));
  const std::vector<v1::Event> events = Outbox();
  EXPECT_EQ(events[1].kind(), v1::EVENT_KIND_FIELD_VISIT);
  EXPECT_EQ(events[1].field_visit().village_code(), "430281001001");
}

TEST_F(FieldSyncTest, TwoTabletsEditingTheSameProfile) {
  const v1::Profile p = Register("r1", 124);
  v1::Profile salary;
  salary.set_min_monthly_salary(4000);
  v1::Profile major;
  major.set_major("服装设计");
  v1::SyncFieldRecordsRequest a;
  a.set_request_id("a");
  *a.add_records() = Edit("ka", "tab-A", p.profile_id(), 1, "min_monthly_salary", salary);
  v1::SyncFieldRecordsRequest b;
  b.set_request_id("b");
  *b.add_records() = Edit("kb", "tab-B", p.profile_id(), 1, "major", major);

  const auto ra = Sync(a);
  EXPECT_EQ(ra.results(0).outcome(), Result::OUTCOME_APPLIED);
  EXPECT_EQ(ra.results(0).current_version(), 2);
  const auto rb = Sync(b);
  ASSERT_EQ(rb.results(0).outcome(), Result::OUTCOME_CONFLICT);
  EXPECT_EQ(rb.results(0).current_version(), 2);
  EXPECT_EQ(rb.results(0).current().min_monthly_salary(), 4000);
  EXPECT_EQ(rb.results(0).current().sensitive().phone(), "138****5678");
  // A conflict records nothing, so the same record sent again is judged
  // afresh (a conflict again), not answered as a duplicate.
  const auto again = Sync(b);
  EXPECT_EQ(again.results(0).outcome(), Result::OUTCOME_CONFLICT);
  EXPECT_EQ(Count("field_records"), 1);
  // The recruiter resolves it against the current version: nothing lost.
  b.mutable_records(0)->set_base_version(2);
  b.mutable_records(0)->set_idempotency_key("kb2");
  EXPECT_EQ(Sync(b).results(0).outcome(), Result::OUTCOME_APPLIED);
  v1::GetProfileRequest get;
  get.set_profile_id(p.profile_id());
  v1::GetProfileResponse got;
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_EQ(got.profile().min_monthly_salary(), 4000);
  EXPECT_EQ(got.profile().major(), "服装设计");
  EXPECT_EQ(got.profile().version(), 3);
}

TEST_F(FieldSyncTest, OneBadRecordDoesNotSinkTheBatch) {
  const v1::Profile p = Register("r1", 124);
  v1::SyncFieldRecordsRequest req;
  req.set_request_id("mixed");
  v1::FieldRecord bad = Header("k1", "tab-A");
  *bad.mutable_registration() = NewPerson("", 136).profile();
  bad.mutable_registration()->mutable_sensitive()->set_id_number("430281198005061230");
  *req.add_records() = bad;
  v1::FieldRecord dup = Header("k2", "tab-A");
  *dup.mutable_registration() = NewPerson("", 124).profile();
  *req.add_records() = dup;
  v1::FieldRecord good = Header("k3", "tab-A");
  *good.mutable_registration() = NewPerson("", 148).profile();
  *req.add_records() = good;
  v1::FieldRecord empty = Header("", "tab-A");
  *req.add_records() = empty;
  v1::FieldRecord elsewhere = Header("k5", "tab-A");
  elsewhere.mutable_visit()->set_region_code("110105");
  *req.add_records() = elsewhere;

  const auto resp = Sync(req);
  ASSERT_EQ(resp.results_size(), 5);
  EXPECT_EQ(resp.results(0).outcome(), Result::OUTCOME_INVALID);
  EXPECT_EQ(resp.results(0).violations(0).field(), "registration.sensitive.id_number");
  EXPECT_EQ(resp.results(1).outcome(), Result::OUTCOME_ALREADY_EXISTS);
  EXPECT_EQ(resp.results(1).profile_id(), p.profile_id());
  EXPECT_EQ(resp.results(2).outcome(), Result::OUTCOME_APPLIED);
  EXPECT_EQ(resp.results(3).outcome(), Result::OUTCOME_INVALID);
  EXPECT_EQ(resp.results(4).outcome(), Result::OUTCOME_INVALID);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(resp.results(i).index(), i);
  EXPECT_EQ(Count("profiles"), 2);
  EXPECT_EQ(Count("visits"), 0);

  v1::SyncFieldRecordsResponse denied;
  EXPECT_EQ(stub_->SyncFieldRecords(As("employer", "e").get(), req, &denied).error_code(),
            grpc::PERMISSION_DENIED);
}

// A tablet killed mid-sync and restarted, or a call retried after a timeout,
// sends a batch the server may still be working on: two calls then carry the
// same records at once. Each record takes effect once, and neither call fails
// (a lock on the gap a missing key leaves, taken by both, used to deadlock
// them on every record, in step, until one gave up ABORTED).
TEST_F(FieldSyncTest, TheSameBatchSentByThreeCallsAtOnceHasOneEffectAndNoneFails) {
  constexpr int kCalls = 3, kRounds = 4, kRecords = 24;
  int registrations = 0, visits = 0;
  for (int round = 0; round < kRounds; ++round) {
    v1::SyncFieldRecordsRequest req;
    req.set_request_id(absl::StrCat("batch", round));
    for (int i = 0; i < kRecords; ++i) {
      v1::FieldRecord rec = Header(absl::StrCat("r", round, "-", i), "tab-A");
      if (i % 3 == 2) {
        rec.mutable_visit()->set_region_code("430281001001");
        ++visits;
      } else {
        *rec.mutable_registration() = NewPerson("", 100 + round * kRecords + i).profile();
        ++registrations;
      }
      *req.add_records() = rec;
    }
    std::vector<v1::SyncFieldRecordsResponse> answers(kCalls);
    const std::vector<grpc::Status> statuses = AllAtOnce(kCalls, [&](int c) {
      return stub_->SyncFieldRecords(As("recruiter", "rc1", "4302").get(), req, &answers[c]);
    });
    for (int i = 0; i < kRecords; ++i) {
      int applied = 0, duplicate = 0;
      std::set<std::string> profile_ids;
      for (int c = 0; c < kCalls; ++c) {
        ASSERT_TRUE(statuses[c].ok())
            << "round " << round << ", call " << c << ": " << statuses[c].error_message();
        ASSERT_EQ(answers[c].results_size(), kRecords);
        const Result& r = answers[c].results(i);
        applied += r.outcome() == Result::OUTCOME_APPLIED;
        duplicate += r.outcome() == Result::OUTCOME_DUPLICATE;
        profile_ids.insert(r.profile_id());
      }
      EXPECT_EQ(applied, 1) << "round " << round << ", record " << i;
      EXPECT_EQ(duplicate, kCalls - 1) << "round " << round << ", record " << i;
      EXPECT_EQ(profile_ids.size(), 1u) << "round " << round << ", record " << i;
    }
  }
  EXPECT_EQ(Count("profiles"), registrations);
  EXPECT_EQ(Count("visits"), visits);
  EXPECT_EQ(Count("field_records"), registrations + visits);
  EXPECT_EQ(Count("outbox"), registrations + visits);
}

// A record's header is untrusted text like the rest: it is stored beside the
// visit and shown to staff, so control and bidirectional characters are
// refused, the violation naming the header field, and nothing is stored.
TEST_F(FieldSyncTest, RecordHeadersAreTextCheckedNamingTheField) {
  const auto Visit = [](v1::FieldRecord rec) {
    rec.mutable_visit()->set_region_code("430281001001");
    return rec;
  };
  v1::SyncFieldRecordsRequest req;
  req.set_request_id("headers");
  v1::FieldRecord key = Visit(Header("k1\x01", "tab-A"));
  *req.add_records() = key;
  v1::FieldRecord device = Visit(Header("k2", "tab-A\nforged"));
  *req.add_records() = device;
  v1::FieldRecord recruiter = Visit(Header("k3", "tab-A"));
  recruiter.set_recruiter_id("rc1\xE2\x80\xAE");  // U+202E
  *req.add_records() = recruiter;
  *req.add_records() = Visit(Header("k4", "tab-A"));

  const auto resp = Sync(req);
  ASSERT_EQ(resp.results_size(), 4);
  const char* fields[] = {"idempotency_key", "device_id", "recruiter_id"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(resp.results(i).outcome(), Result::OUTCOME_INVALID) << fields[i];
    ASSERT_EQ(resp.results(i).violations_size(), 1) << fields[i];
    EXPECT_EQ(resp.results(i).violations(0).field(), fields[i]);
  }
  EXPECT_EQ(resp.results(3).outcome(), Result::OUTCOME_APPLIED);
  EXPECT_EQ(Count("visits"), 1);
}

}  // namespace
}  // namespace jobmatch::profiles
