// The outbox on a real SQLite file: keys made at capture and kept across
// reopening, answers recorded only for pending records, conflicts settled.
#include "clients/field/outbox.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace jobmatch::field {
namespace {

using Result = v1::FieldRecordResult;

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest() {
    char dir[] = "/tmp/field-outbox-XXXXXX";
    dir_ = mkdtemp(dir);
    path_ = dir_ + "/outbox.db";
  }
  ~OutboxTest() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
    rmdir(dir_.c_str());
  }
  std::unique_ptr<FieldOutbox> Open(const std::string& device = "tab-1") {
    auto outbox = FieldOutbox::Open(path_, key_, device);
    EXPECT_TRUE(outbox.ok()) << outbox.status();
    return *std::move(outbox);
  }
  static v1::FieldRecord Visit(const std::string& village) {
    v1::FieldRecord rec;
    rec.set_recruiter_id("rc1");
    rec.mutable_visit()->set_region_code(village);
    return rec;
  }
  static v1::FieldRecord Edit(const std::string& profile_id, int64_t base) {
    v1::FieldRecord rec;
    rec.set_recruiter_id("rc1");
    rec.set_base_version(base);
    rec.mutable_edit()->mutable_profile()->set_profile_id(profile_id);
    rec.mutable_edit()->mutable_profile()->set_major("焊接");
    rec.mutable_edit()->mutable_update_mask()->add_paths("major");
    return rec;
  }
  std::string dir_, path_;
  const DataProtector key_ = DataProtector::Random(KeyUse::kFieldOutbox);
};

TEST_F(OutboxTest, CapturesSurviveReopeningWithTheirKeysAndDevice) {
  std::string k1, k2;
  {
    auto outbox = Open("tab-炎陵-7");
    k1 = *outbox->Capture(Visit("430225100201"));
    k2 = *outbox->Capture(Visit("430225100202"));
    EXPECT_NE(k1, k2);
    EXPECT_EQ(k1.size(), 32u);
  }
  auto outbox = Open("another-id-ignored");
  EXPECT_EQ(outbox->device_id(), "tab-炎陵-7");
  auto pending = outbox->Pending(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].idempotency_key, k1);
  EXPECT_EQ((*pending)[0].record.idempotency_key(), k1);
  EXPECT_EQ((*pending)[0].record.device_id(), "tab-炎陵-7");
  EXPECT_TRUE((*pending)[0].record.has_capture_time());
  EXPECT_EQ((*pending)[1].record.visit().region_code(), "430225100202");
  EXPECT_EQ(outbox->Pending(1)->size(), 1u);
}

TEST_F(OutboxTest, RefusesARecordWithoutContent) {
  auto outbox = Open();
  v1::FieldRecord empty;
  EXPECT_TRUE(absl::IsInvalidArgument(outbox->Capture(empty).status()));
  EXPECT_EQ(outbox->Counts()->total(), 0);
}

TEST_F(OutboxTest, AnswersMoveRecordsOutOfPendingOnce) {
  auto outbox = Open();
  const std::string a = *outbox->Capture(Visit("430281001001"));
  const std::string b = *outbox->Capture(Edit("p-1", 1));
  const std::string c = *outbox->Capture(Visit("bad"));
  std::vector<Result> answers(3);
  answers[0].set_outcome(Result::OUTCOME_APPLIED);
  answers[1].set_outcome(Result::OUTCOME_CONFLICT);
  answers[1].set_profile_id("p-1");
  answers[1].set_current_version(4);
  answers[1].mutable_current()->set_major("服装");
  answers[2].set_outcome(Result::OUTCOME_INVALID);
  auto* v = answers[2].add_violations();
  v->set_field("visit.region_code");
  v->set_description("not a known region code");
  ASSERT_TRUE(outbox->RecordResults({a, b, c}, answers, absl::Now()).ok());

  OutboxCounts counts = *outbox->Counts();
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.synced, 1);
  EXPECT_TRUE(outbox->InState(EntryState::kSynced)->empty()) << "synced records are deleted";
  EXPECT_EQ(counts.conflict, 1);
  EXPECT_EQ(counts.invalid, 1);
  auto conflicts = *outbox->InState(EntryState::kConflict);
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].server_version, 4);
  EXPECT_EQ(conflicts[0].server_profile.major(), "服装");
  EXPECT_EQ((*outbox->InState(EntryState::kInvalid))[0].problem,
            "visit.region_code: not a known region code");
  EXPECT_EQ(*outbox->KnownVersion("p-1"), 4);

  // A late second answer for the same keys changes nothing.
  answers[1].set_outcome(Result::OUTCOME_APPLIED);
  ASSERT_TRUE(outbox->RecordResults({a, b, c}, answers, absl::Now()).ok());
  EXPECT_EQ(outbox->Counts()->conflict, 1);
  EXPECT_EQ(outbox->Counts()->synced, 1);
}

TEST_F(OutboxTest, AVersionLearntFromASyncedRecordOutlivesTheRecord) {
  auto outbox = Open();
  const std::string a = *outbox->Capture(Edit("p-9", 2));
  std::vector<Result> answers(1);
  answers[0].set_outcome(Result::OUTCOME_APPLIED);
  answers[0].set_profile_id("p-9");
  answers[0].set_current_version(3);
  ASSERT_TRUE(outbox->RecordResults({a}, answers, absl::Now()).ok());
  EXPECT_EQ(outbox->Counts()->total(), 1);
  EXPECT_EQ(*outbox->KnownVersion("p-9"), 3);
  EXPECT_EQ(*outbox->KnownVersion("p-unknown"), 0);
}

TEST_F(OutboxTest, ResolvingAConflict) {
  auto outbox = Open();
  const std::string mine = *outbox->Capture(Edit("p-1", 1));
  const std::string dropped = *outbox->Capture(Edit("p-2", 1));
  std::vector<Result> answers(2);
  for (Result& r : answers) {
    r.set_outcome(Result::OUTCOME_CONFLICT);
    r.set_current_version(3);
  }
  ASSERT_TRUE(outbox->RecordResults({mine, dropped}, answers, absl::Now()).ok());

  absl::StatusOr<std::string> resent = outbox->Resolve(mine, Resolution::kResendMine);
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_EQ(*resent, mine + "@v3");
  EXPECT_EQ(*outbox->Resolve(dropped, Resolution::kKeepServer), "");
  // Settled once: resolving again is refused and captures nothing more.
  EXPECT_TRUE(absl::IsFailedPrecondition(outbox->Resolve(mine, Resolution::kResendMine).status()));
  EXPECT_TRUE(absl::IsNotFound(outbox->Resolve("nope", Resolution::kKeepServer).status()));

  auto pending = *outbox->Pending(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].idempotency_key, mine + "@v3");
  EXPECT_EQ(pending[0].record.base_version(), 3);
  EXPECT_EQ(pending[0].record.edit().profile().major(), "焊接");
  EXPECT_EQ(outbox->Counts()->resolved, 2);
}

}  // namespace
}  // namespace jobmatch::field
