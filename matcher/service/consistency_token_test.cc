// Consistency tokens: their two forms, what a request may carry, when the
// applied feed covers one, and how the gate answers a waiting read.
#include "services/common/consistency_token.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/notification.h"
#include "matcher/service/consistency_gate.h"
#include "services/common/field_violations.h"
#include "services/common/retry_hint.h"

namespace jobmatch::matcher {
namespace {

TEST(ConsistencyTokenTest, FormatsAndParsesBothForms) {
  EXPECT_EQ(FeedToken(42), "f:42");
  EXPECT_EQ(OutboxToken("jm_profiles", 7), "o:jm_profiles:7");
  absl::StatusOr<ConsistencyToken> f = ParseConsistencyToken("f:42");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->kind, ConsistencyToken::Kind::kFeed);
  EXPECT_EQ(f->position, 42);
  absl::StatusOr<ConsistencyToken> o = ParseConsistencyToken(OutboxToken("jm_profiles", 7));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, ConsistencyToken::Kind::kOutbox);
  EXPECT_EQ(o->schema, "jm_profiles");
  EXPECT_EQ(o->position, 7);
  EXPECT_TRUE(ParseConsistencyToken("f:0").ok());
}

TEST(ConsistencyTokenTest, RefusesMalformedTokens) {
  for (const char* bad : {"", "f:", "f:-1", "f:+3", "f:007", "f:1x", "x:1", "o:7", "o::7",
                          "o:a b:7", "o:s:", "o:s:-2", "f:99999999999999999999", "F:1"}) {
    EXPECT_FALSE(ParseConsistencyToken(bad).ok()) << bad;
  }
}

TEST(ConsistencyTokenTest, NamesEveryBadEntryAndTheLimit) {
  google::protobuf::RepeatedPtrField<std::string> tokens;
  *tokens.Add() = "f:1";
  *tokens.Add() = "nonsense";
  *tokens.Add() = "o:s:2";
  *tokens.Add() = "o:s";
  absl::StatusOr<std::vector<ConsistencyToken>> parsed = ParseConsistencyTokens(tokens);
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  const google::rpc::BadRequest bad = BadRequestOf(parsed.status());
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "consistency_tokens[1]");
  EXPECT_EQ(bad.field_violations(1).field(), "consistency_tokens[3]");

  tokens.Clear();
  for (int i = 0; i < kMaxConsistencyTokens; ++i) *tokens.Add() = FeedToken(i);
  EXPECT_TRUE(ParseConsistencyTokens(tokens).ok());
  *tokens.Add() = "f:1";
  parsed = ParseConsistencyTokens(tokens);
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BadRequestOf(parsed.status()).field_violations(0).field(), "consistency_tokens");
}

ConsistencyToken Outbox(const std::string& schema, int64_t id) {
  return *ParseConsistencyToken(OutboxToken(schema, id));
}

v1::Event Relayed(int64_t cursor, const std::string& schema, int64_t id, int64_t watermark) {
  v1::Event e;
  e.set_cursor(cursor);
  e.set_source_schema(schema);
  e.set_source_outbox_id(id);
  e.set_source_watermark(watermark);
  return e;
}

TEST(AppliedPositionTest, FeedTokensFollowTheCursor) {
  const absl::Duration t0 = absl::ZeroDuration();
  AppliedPosition p(absl::Seconds(1));
  EXPECT_TRUE(p.Covers(*ParseConsistencyToken("f:0"), t0));
  EXPECT_FALSE(p.Covers(*ParseConsistencyToken("f:3"), t0));
  v1::Event e;
  e.set_cursor(3);
  p.Apply(e);
  EXPECT_TRUE(p.Covers(*ParseConsistencyToken("f:3"), t0));
  EXPECT_FALSE(p.Covers(*ParseConsistencyToken("f:4"), t0));
  p.ReachCursor(10);
  EXPECT_TRUE(p.Covers(*ParseConsistencyToken("f:10"), t0));
}

TEST(AppliedPositionTest, OutboxTokensFollowWatermarkAndRowsAheadOfAGap) {
  const absl::Duration t0 = absl::ZeroDuration();
  AppliedPosition p(absl::Seconds(1));
  // Row 5 relayed while 4 was not yet visible: 5 is applied, 4 is not.
  p.Apply(Relayed(1, "pst", 5, 3));
  EXPECT_TRUE(p.Covers(Outbox("pst", 3), t0));
  EXPECT_FALSE(p.Covers(Outbox("pst", 4), t0));
  EXPECT_TRUE(p.Covers(Outbox("pst", 5), t0));
  EXPECT_FALSE(p.Covers(Outbox("pst", 6), t0));
  // Row 4 arrives late and closes the gap.
  p.Apply(Relayed(2, "pst", 4, 5));
  EXPECT_TRUE(p.Covers(Outbox("pst", 4), t0));
  // Another schema's watermark is its own.
  EXPECT_FALSE(p.Covers(Outbox("prf", 1), t0));
  p.Apply(Relayed(3, "prf", 1, 1));
  EXPECT_TRUE(p.Covers(Outbox("prf", 1), t0));
  EXPECT_FALSE(p.Covers(Outbox("prf", 2), t0));
}

TEST(AppliedPositionTest, AnOutboxNeverSeenCountsAsAppliedAfterTheReadWaitedTheGrace) {
  AppliedPosition p(absl::Seconds(1));
  EXPECT_FALSE(p.Covers(Outbox("unrelayed", 9), absl::Milliseconds(999)));
  EXPECT_TRUE(p.Covers(Outbox("unrelayed", 9), absl::Seconds(1)));
  // Once seen, only the feed decides, however long the read has waited.
  p.Apply(Relayed(1, "seen", 1, 1));
  EXPECT_FALSE(p.Covers(Outbox("seen", 9), absl::Hours(1)));
}

TEST(ConsistencyGateTest, AReadOnAnUnseenOutboxIsAnsweredAfterTheGrace) {
  ConsistencyGate gate(absl::Seconds(10), absl::Milliseconds(100));
  absl::Notification done;
  absl::Status result = absl::UnknownError("not called");
  const absl::Time start = absl::Now();
  gate.WhenCovered({Outbox("unrelayed", 3)}, absl::InfiniteFuture(), [&](absl::Status s) {
    result = s;
    done.Notify();
  });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_TRUE(result.ok()) << result;
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(95));
}

TEST(ConsistencyGateTest, AnswersAtOnceWhenCovered) {
  ConsistencyGate gate(absl::Seconds(2), absl::Seconds(1));
  gate.ReachCursor(5);
  bool called = false;
  gate.WhenCovered({*ParseConsistencyToken("f:5")}, absl::InfiniteFuture(), [&](absl::Status s) {
    EXPECT_TRUE(s.ok()) << s;
    called = true;
  });
  EXPECT_TRUE(called);  // inline, on the caller's thread
}

TEST(ConsistencyGateTest, AFeedApplyWakesTheWaitingRead) {
  ConsistencyGate gate(absl::Seconds(10), absl::Seconds(1));
  absl::Notification done;
  absl::Status result = absl::UnknownError("not called");
  gate.WhenCovered({Outbox("prf", 2)}, absl::InfiniteFuture(), [&](absl::Status s) {
    result = s;
    done.Notify();
  });
  EXPECT_FALSE(done.WaitForNotificationWithTimeout(absl::Milliseconds(50)));
  gate.Applied(Relayed(1, "prf", 2, 2));
  // Woken by the apply, far sooner than the 10 s limit.
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(2)));
  EXPECT_TRUE(result.ok()) << result;
}

// At the wait limit: UNAVAILABLE with a retry hint. At the caller's own
// deadline: DEADLINE_EXCEEDED, the code the caller's timer gives too, so the
// answer does not depend on which of the two reaches the caller first.
TEST(ConsistencyGateTest, GivesUpAtTheLimitWithARetryHintOrAtTheCallersDeadlineAsExceeded) {
  ConsistencyGate gate(absl::Milliseconds(200), absl::Seconds(1));
  for (bool own_deadline : {false, true}) {
    absl::Notification done;
    absl::Status result;
    const absl::Time start = absl::Now();
    const absl::Time deadline =
        own_deadline ? start + absl::Milliseconds(50) : absl::InfiniteFuture();
    gate.WhenCovered({*ParseConsistencyToken("f:1000")}, deadline, [&](absl::Status s) {
      result = s;
      done.Notify();
    });
    ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
    const absl::Duration waited = absl::Now() - start;
    EXPECT_EQ(result.code(),
              own_deadline ? absl::StatusCode::kDeadlineExceeded : absl::StatusCode::kUnavailable);
    EXPECT_EQ(RetryDelayOf(result).has_value(), !own_deadline);
    const absl::Duration expected = own_deadline ? absl::Milliseconds(50) : absl::Milliseconds(200);
    EXPECT_GE(waited, expected - absl::Milliseconds(5));
    EXPECT_LT(waited, expected + absl::Seconds(1));
  }
}

TEST(ConsistencyGateTest, ASlowAnswerDoesNotHoldUpTheOtherWaitingReads) {
  // Declared before the gate, so that they outlive its thread: the slow
  // answer may still be waking from release_slow when the test ends.
  absl::Notification slow_started, release_slow, fast_done;
  absl::Status result = absl::UnknownError("not called");
  ConsistencyGate gate(absl::Seconds(10), absl::Seconds(1));
  gate.WhenCovered({*ParseConsistencyToken("f:1")}, absl::InfiniteFuture(), [&](absl::Status) {
    slow_started.Notify();
    // As a long campaign plan would, once its writes are in.
    release_slow.WaitForNotificationWithTimeout(absl::Seconds(10));
  });
  gate.ReachCursor(1);
  ASSERT_TRUE(slow_started.WaitForNotificationWithTimeout(absl::Seconds(5)));
  gate.WhenCovered({*ParseConsistencyToken("f:2")}, absl::InfiniteFuture(), [&](absl::Status s) {
    result = s;
    fast_done.Notify();
  });
  gate.ReachCursor(2);
  // Answered while the first answer is still being built.
  const bool answered = fast_done.WaitForNotificationWithTimeout(absl::Seconds(2));
  release_slow.Notify();
  ASSERT_TRUE(answered);
  EXPECT_TRUE(result.ok()) << result;
}

}  // namespace
}  // namespace jobmatch::matcher
