// The field client's sync against a real in-process profiles service on
// MariaDB: records arrive once, a lost answer is resent and counted once,
// conflicts between two tablets are listed and settled, bad records reported.
#include <gmock/gmock.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <set>

#include "clients/field/field_syncer.h"
#include "clients/field/field_test_records.h"
#include "clients/field/lose_answers.h"
#include "services/profiles/testing/service_fixture.h"

namespace jobmatch::field {
namespace {

using testing::LoseAnswersFactory;
using testing::Registration;
using testing::Visit;

class FieldClientTest : public profiles::testing::ProfilesServiceTest {
 protected:
  FieldClientTest() {
    char dir[] = "/tmp/field-client-XXXXXX";
    dir_ = mkdtemp(dir);
    options_.identity.role = "recruiter";
    options_.identity.subject = "rc1";
    options_.identity.region_prefixes = {"4302"};
    options_.retry.initial_backoff = absl::Milliseconds(1);
  }
  ~FieldClientTest() override {
    for (const std::string& name : opened_) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::remove((name + suffix).c_str());
    }
    rmdir(dir_.c_str());
  }
  std::unique_ptr<FieldOutbox> Tablet(const std::string& device) {
    opened_.push_back(dir_ + "/" + device + ".db");
    auto outbox = FieldOutbox::Open(opened_.back(), key_, device);
    EXPECT_TRUE(outbox.ok()) << outbox.status();
    return *std::move(outbox);
  }
  SyncReport SyncNow(FieldOutbox& outbox, v1::ProfilesService::StubInterface* stub = nullptr,
                     int batch = 10) {
    client::CallRunner runner(options_);
    FieldSyncer syncer(&outbox, stub ? stub : stub_.get(), &runner, batch);
    absl::StatusOr<SyncReport> report = syncer.SyncAll();
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : SyncReport{};
  }

  std::string dir_;
  std::vector<std::string> opened_;
  const DataProtector key_ = DataProtector::Random(KeyUse::kFieldOutbox);
  client::ClientOptions options_;
};

TEST_F(FieldClientTest, CapturedRecordsArriveOnceAndAreMarkedSynced) {
  auto tablet = Tablet("tab-A");
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(tablet->Capture(Registration(i)).ok());
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(tablet->Capture(Visit("走访" + std::to_string(i))).ok());

  const SyncReport first = SyncNow(*tablet);
  EXPECT_EQ(first.batches, 4);
  EXPECT_EQ(first.applied, 32);
  EXPECT_EQ(Count("profiles"), 25);
  EXPECT_EQ(Count("visits"), 7);
  EXPECT_EQ(tablet->Counts()->synced, 32);
  EXPECT_EQ(tablet->Counts()->total(), 32);
  // Synced records leave the tablet; what each registration taught it stays.
  EXPECT_TRUE(tablet->InState(EntryState::kSynced)->empty());
  for (const auto& row : Query("SELECT profile_id FROM profiles")) {
    EXPECT_EQ(*tablet->KnownVersion(row[0]), 1) << row[0];
  }

  const SyncReport again = SyncNow(*tablet);
  EXPECT_EQ(again.batches, 0);
  EXPECT_EQ(Count("profiles"), 25);
}

TEST_F(FieldClientTest, AnAnswerLostAfterTheServerAppliedIsResentAndCountedOnce) {
  auto tablet = Tablet("tab-A");
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(tablet->Capture(Registration(i)).ok());
  ASSERT_TRUE(tablet->Capture(Visit("家中两人想就近务工")).ok());
  std::atomic<int> lose{2};
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<LoseAnswersFactory>(&lose));
  auto losing =
      v1::ProfilesService::NewStub(grpc::experimental::CreateCustomChannelWithInterceptors(
          host_->target(), grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
          std::move(factories)));

  const SyncReport report = SyncNow(*tablet, losing.get(), 4);
  EXPECT_EQ(report.batches, 2);
  // The first batch's answer was lost twice; the third try met records applied already.
  EXPECT_EQ(report.duplicates, 4);
  EXPECT_EQ(report.applied, 3);
  EXPECT_EQ(Count("profiles"), 6);
  EXPECT_EQ(Count("visits"), 1);
  EXPECT_EQ(Count("field_records"), 7);
  EXPECT_EQ(tablet->Counts()->synced, 7);
}

TEST_F(FieldClientTest, UnreachableServerLeavesEverythingPending) {
  auto tablet = Tablet("tab-A");
  ASSERT_TRUE(tablet->Capture(Registration(1)).ok());
  auto nowhere = v1::ProfilesService::NewStub(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
  options_.retry.max_attempts = 2;
  client::CallRunner runner(options_);
  FieldSyncer syncer(tablet.get(), nowhere.get(), &runner);
  EXPECT_TRUE(absl::IsUnavailable(syncer.SyncAll().status()));
  EXPECT_EQ(tablet->Counts()->pending, 1);
  EXPECT_EQ(SyncNow(*tablet).applied, 1);
}

TEST_F(FieldClientTest, TwoTabletsEditTheSamePersonAndTheRecruiterSettlesIt) {
  auto a = Tablet("tab-A");
  auto b = Tablet("tab-B");
  ASSERT_TRUE(a->Capture(Registration(3)).ok());
  SyncNow(*a);
  const auto registered = Query("SELECT profile_id FROM profiles");
  ASSERT_EQ(registered.size(), 1u);
  const std::string pid = registered[0][0];
  auto edit = [&](const std::string& path, int salary, const std::string& major) {
    v1::FieldRecord rec;
    rec.set_recruiter_id("rc1");
    rec.set_base_version(1);
    v1::Profile* p = rec.mutable_edit()->mutable_profile();
    p->set_profile_id(pid);
    p->set_min_monthly_salary(salary);
    p->set_major(major);
    rec.mutable_edit()->mutable_update_mask()->add_paths(path);
    return rec;
  };
  ASSERT_TRUE(a->Capture(edit("min_monthly_salary", 4500, "")).ok());
  const std::string b_key = *b->Capture(edit("major", 0, "服装设计"));
  const std::string b_key2 = *b->Capture(edit("min_monthly_salary", 3000, ""));
  EXPECT_EQ(SyncNow(*a).applied, 1);
  const SyncReport rb = SyncNow(*b);
  EXPECT_EQ(rb.conflicts, 2);

  auto conflicts = *b->InState(EntryState::kConflict);
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[0].server_version, 2);
  EXPECT_EQ(conflicts[0].server_profile.min_monthly_salary(), 4500);
  EXPECT_EQ(conflicts[0].server_profile.sensitive().id_number().find("********"), 6u);

  // Tablet B re-sends its major on top of A's salary and drops its own salary.
  ASSERT_TRUE(b->Resolve(b_key, Resolution::kResendMine).ok());
  ASSERT_TRUE(b->Resolve(b_key2, Resolution::kKeepServer).ok());
  EXPECT_EQ(SyncNow(*b).applied, 1);
  EXPECT_EQ(b->Counts()->conflict, 0);
  EXPECT_EQ(b->Counts()->pending, 0);
  const auto row = Query("SELECT version FROM profiles WHERE profile_id = '" + pid + "'");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0], "3");
  v1::GetProfileRequest get;
  get.set_profile_id(pid);
  v1::GetProfileResponse got;
  ASSERT_TRUE(stub_->GetProfile(As("admin").get(), get, &got).ok());
  EXPECT_EQ(got.profile().min_monthly_salary(), 4500);
  EXPECT_EQ(got.profile().major(), "服装设计");
  EXPECT_EQ(*b->KnownVersion(pid), 3);
}

TEST_F(FieldClientTest, BadRecordsAreReportedWithTheirFieldAndTheRestArrive) {
  auto tablet = Tablet("tab-A");
  v1::FieldRecord bad = Registration(5);
  bad.mutable_registration()->mutable_sensitive()->set_id_number("430281198005061230");
  ASSERT_TRUE(tablet->Capture(bad).ok());
  ASSERT_TRUE(tablet->Capture(Registration(6)).ok());
  ASSERT_TRUE(tablet->Capture(Registration(6)).ok());  // the same person captured twice

  const SyncReport report = SyncNow(*tablet);
  EXPECT_EQ(report.applied, 1);
  EXPECT_EQ(report.invalid, 1);
  EXPECT_EQ(report.already_registered, 1);
  auto invalid = *tablet->InState(EntryState::kInvalid);
  ASSERT_EQ(invalid.size(), 1u);
  EXPECT_THAT(invalid[0].problem, ::testing::StartsWith("registration.sensitive.id_number: "));
  auto exists = *tablet->InState(EntryState::kExists);
  ASSERT_EQ(exists.size(), 1u);
  const auto registered = Query("SELECT profile_id FROM profiles");
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(exists[0].profile_id, registered[0][0]);
  EXPECT_EQ(Count("profiles"), 1);
}

}  // namespace
}  // namespace jobmatch::field
