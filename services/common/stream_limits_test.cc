#include "services/common/stream_limits.h"

#include <vector>

#include "gtest/gtest.h"
#include "services/common/retry_hint.h"

namespace jobmatch {
namespace {

Caller Of(Role role, const std::string& subject) {
  Caller c;
  c.role = role;
  c.subject_id = subject;
  return c;
}

TEST(StreamLimiterTest, CapsEachCallerAndLeavesOthersRoom) {
  StreamLimiter limiter({/*max_streams=*/10, /*max_streams_per_caller=*/2});
  const Caller bot = Of(Role::kJobseeker, "bot");
  std::vector<StreamPermit> held;
  for (int i = 0; i < 2; ++i) {
    auto p = limiter.Admit(bot);
    ASSERT_TRUE(p.ok()) << p.status();
    held.push_back(*std::move(p));
  }
  absl::StatusOr<StreamPermit> third = limiter.Admit(bot);
  EXPECT_TRUE(absl::IsResourceExhausted(third.status())) << third.status();
  EXPECT_EQ(RetryDelayOf(third.status()), absl::Seconds(1));
  EXPECT_TRUE(limiter.Admit(Of(Role::kJobseeker, "someone-else")).ok());
  // The same id under another role is another caller.
  EXPECT_TRUE(limiter.Admit(Of(Role::kEmployer, "bot")).ok());
  EXPECT_EQ(limiter.open_streams_of(bot), 2);
}

TEST(StreamLimiterTest, CapsTheProcess) {
  StreamLimiter limiter({/*max_streams=*/3, /*max_streams_per_caller=*/0});
  std::vector<StreamPermit> held;
  for (int i = 0; i < 3; ++i) {
    auto p = limiter.Admit(Of(Role::kJobseeker, "p-" + std::to_string(i)));
    ASSERT_TRUE(p.ok());
    held.push_back(*std::move(p));
  }
  EXPECT_TRUE(absl::IsResourceExhausted(limiter.Admit(Of(Role::kJobseeker, "p-9")).status()));
  held.pop_back();
  EXPECT_TRUE(limiter.Admit(Of(Role::kJobseeker, "p-9")).ok());
}

TEST(StreamLimiterTest, PermitsGiveTheirSlotBackOnEveryPath) {
  StreamLimiter limiter({/*max_streams=*/1, /*max_streams_per_caller=*/1});
  const Caller a = Of(Role::kLiveHost, "h");
  {
    auto p = limiter.Admit(a);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(limiter.open_streams(), 1);
  }  // destroyed
  EXPECT_EQ(limiter.open_streams(), 0);

  auto p = limiter.Admit(a);
  ASSERT_TRUE(p.ok());
  StreamPermit moved = *std::move(p);  // moving does not release twice
  StreamPermit assigned;
  assigned = std::move(moved);
  EXPECT_EQ(limiter.open_streams(), 1);
  assigned.Release();
  assigned.Release();
  EXPECT_EQ(limiter.open_streams(), 0);
  EXPECT_EQ(limiter.open_streams_of(a), 0);
  EXPECT_TRUE(limiter.Admit(a).ok());
}

}  // namespace
}  // namespace jobmatch
