// The load generator's logic without a network: the mix and its order, the
// open-loop schedule, quantiles, /proc parsing and the sustain verdict. The
// calls themselves are exercised against the real platform by load_smoke.
#include <atomic>
#include <sstream>
#include <thread>

#include "clients/load/latency.h"
#include "clients/load/mix.h"
#include "clients/load/open_loop.h"
#include "clients/load/proc_cpu.h"
#include "clients/load/step_report.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::load {
namespace {

using ::testing::HasSubstr;

TEST(ParseMixTest, ReadsWeightsAndLeavesTheRestAtZero) {
  absl::StatusOr<Mix> mix = ParseMix("recommend=3, get_post=1");
  ASSERT_TRUE(mix.ok()) << mix.status();
  EXPECT_DOUBLE_EQ(mix->Share(CallKind::kRecommendPosts), 0.75);
  EXPECT_DOUBLE_EQ(mix->Share(CallKind::kGetPost), 0.25);
  EXPECT_DOUBLE_EQ(mix->Share(CallKind::kPushLivePost), 0);
  EXPECT_EQ(FormatMix(*mix), "recommend=3,get_post=1");
}

TEST(ParseMixTest, RefusesWhatIsNotAMix) {
  struct Case {
    const char* spec;
    const char* says;
  } cases[] = {
      {"recomend=1", "unknown call \"recomend\""},
      {"views=-1", "views=-1"},
      {"views=lots", "views=lots"},
      {"views", "views"},
      {"views=1,views=2", "twice"},
      {"views=0,apply=0", "every weight is 0"},
      {"", "every weight is 0"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Mix> mix = ParseMix(c.spec);
    ASSERT_FALSE(mix.ok()) << c.spec;
    EXPECT_EQ(mix.status().code(), absl::StatusCode::kInvalidArgument) << c.spec;
    EXPECT_THAT(mix.status().message(), HasSubstr(c.says)) << c.spec;
  }
}

TEST(MixSequenceTest, EveryWindowHoldsEachKindInProportion) {
  const Mix mix = DefaultMix();
  MixSequence seq(mix);
  std::array<int, kCallKinds> counts{};
  for (int n = 1; n <= 2000; ++n) {
    ++counts[static_cast<int>(seq.Next())];
    for (int k = 0; k < kCallKinds; ++k) {
      // Within one call of n × share at every point, not only at the end.
      EXPECT_NEAR(counts[k], n * mix.Share(static_cast<CallKind>(k)), 1.0) << "after " << n;
    }
  }
}

TEST(MixSequenceTest, NeverPicksAKindOfWeightZero) {
  absl::StatusOr<Mix> mix = ParseMix("recommend=0,views=1,apply=1");
  ASSERT_TRUE(mix.ok());
  MixSequence seq(*mix);
  for (int i = 0; i < 100; ++i) {
    const CallKind k = seq.Next();
    EXPECT_TRUE(k == CallKind::kRecordViews || k == CallKind::kSubmitApplication);
  }
}

TEST(OpenLoopTest, KeepsTheScheduleWhenIssuingIsSlow) {
  // 200 calls/s for 0.25 s is 50 calls due 5 ms apart; an issuer taking 8 ms
  // each cannot keep up, yet every call is issued, with its own due time.
  std::vector<Clock::time_point> dues;
  const ScheduleReport report =
      RunOpenLoop(200, absl::Milliseconds(250), [&](int64_t i, Clock::time_point due) {
        EXPECT_EQ(i, static_cast<int64_t>(dues.size()));
        dues.push_back(due);
        std::this_thread::sleep_for(std::chrono::milliseconds(8));
      });
  EXPECT_EQ(report.issued, 50);
  ASSERT_EQ(dues.size(), 50u);
  for (size_t i = 1; i < dues.size(); ++i) {
    const double gap_ms = std::chrono::duration<double, std::milli>(dues[i] - dues[i - 1]).count();
    EXPECT_NEAR(gap_ms, 5.0, 0.01);
  }
  EXPECT_GT(report.late, 40);
  EXPECT_GT(report.max_lag, std::chrono::milliseconds(100));
}

TEST(OpenLoopTest, DoesNotRunAheadOfTheSchedule) {
  const Clock::time_point start = Clock::now();
  std::vector<Clock::time_point> issued;
  RunOpenLoop(100, absl::Milliseconds(100), [&](int64_t, Clock::time_point due) {
    issued.push_back(Clock::now());
    (void)due;
  });
  ASSERT_EQ(issued.size(), 10u);
  EXPECT_GE(issued.back() - start, std::chrono::milliseconds(89));
}

TEST(LatencyRecorderTest, QuantilesOfAnsweredCallsAndFailuresByCode) {
  LatencyRecorder r;
  for (int i = 1; i <= 1000; ++i) {
    r.Sent(CallKind::kGetPost);
    r.Done(CallKind::kGetPost, std::chrono::milliseconds(i), true, "OK", "");
  }
  r.Sent(CallKind::kGetPost);
  r.Done(CallKind::kGetPost, std::chrono::milliseconds(1), false, "DEADLINE_EXCEEDED", "slow");
  const KindSummary s = r.Summary(CallKind::kGetPost);
  EXPECT_EQ(s.sent, 1001);
  EXPECT_EQ(s.ok, 1000);
  EXPECT_EQ(s.failed, 1);
  EXPECT_DOUBLE_EQ(s.p50_ms, 500);
  EXPECT_DOUBLE_EQ(s.p99_ms, 990);
  EXPECT_DOUBLE_EQ(s.p999_ms, 999);
  EXPECT_DOUBLE_EQ(s.max_ms, 1000);
  EXPECT_EQ(s.failures.at("DEADLINE_EXCEEDED"), 1);
  EXPECT_EQ(s.first_failure, "DEADLINE_EXCEEDED: slow");
  EXPECT_EQ(r.TotalSent(), 1001);
  EXPECT_EQ(r.TotalDone(), 1001);
}

TEST(NearestRankTest, SmallSamples) {
  EXPECT_EQ(NearestRank({}, 0.5), 0);
  EXPECT_EQ(NearestRank({7}, 0.999), 7);
  EXPECT_EQ(NearestRank({1, 2, 3, 4}, 0.5), 2);
  EXPECT_EQ(NearestRank({1, 2, 3, 4}, 0.51), 3);
  EXPECT_EQ(NearestRank({1, 2, 3, 4}, 0), 1);
}

TEST(ProcCpuTest, ReadsUserAndSystemTimeAfterTheCommandName) {
  // A command name with a space and a parenthesis; utime 250, stime 50 ticks.
  const std::string stat =
      "4242 (jobmatch (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0";
  absl::StatusOr<double> cpu = CpuSecondsFromStat(stat, 100);
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  EXPECT_DOUBLE_EQ(*cpu, 3.0);
  EXPECT_FALSE(CpuSecondsFromStat("4242 jobmatch S 1", 100).ok());
  EXPECT_FALSE(CpuSecondsFromStat("4242 (x) S 1 2", 100).ok());
}

TEST(ProcCpuTest, ThisProcessHasSpentSomeCpu) {
  volatile double x = 0;
  for (int i = 0; i < 20000000; ++i) x = x + i;
  absl::StatusOr<double> cpu = ProcessCpuSeconds(static_cast<int>(getpid()));
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  EXPECT_GT(*cpu, 0);
  EXPECT_EQ(ProcessCpuSeconds(0).status().code(), absl::StatusCode::kNotFound);
}

TEST(JudgeTest, BreaksOnAnyKindsP99OrFailures) {
  StepResult step;
  step.kinds[0].sent = step.kinds[0].ok = 1000;
  step.kinds[0].p99_ms = 49;
  step.kinds[1].sent = 1000;
  step.kinds[1].ok = 1000;
  step.kinds[1].p99_ms = 12;
  Judge({50, 0.001}, &step);
  EXPECT_TRUE(step.sustained) << step.verdict;

  step.kinds[1].p99_ms = 51;
  Judge({50, 0.001}, &step);
  EXPECT_FALSE(step.sustained);
  EXPECT_THAT(step.verdict, HasSubstr("get_post p99 51.0 ms"));

  step.kinds[1].p99_ms = 12;
  step.kinds[0].failed = 2;
  step.kinds[0].first_failure = "UNAVAILABLE: busy";
  Judge({50, 0.001}, &step);
  EXPECT_FALSE(step.sustained);
  EXPECT_THAT(step.verdict, HasSubstr("recommend 2 of 1000 failed (UNAVAILABLE: busy)"));
}

TEST(AttributionTest, AddsEachKindsServiceCpuByItsShare) {
  // Search alone: 100 calls, 3 s of MariaDB (30 ms a call), 0.5 s of the
  // generator (not a service); views alone: 100 calls, 1 s of events.
  auto step = [](CallKind kind, double db, double events) {
    StepResult s;
    s.rate = 10;
    s.kinds[static_cast<int>(kind)].sent = 100;
    s.cpu = {{"events", events}, {"mariadb", db}, {"load generator", 0.5}};
    return s;
  };
  const std::vector<AttributedKind> rows = {
      {CallKind::kSearchPosts, 0.5, step(CallKind::kSearchPosts, 3, 0)},
      {CallKind::kRecordViews, 0.5, step(CallKind::kRecordViews, 0, 1)},
  };
  std::ostringstream out;
  PrintAttribution(rows, out);
  EXPECT_THAT(out.str(), HasSubstr("| search | 0.00 | 0.00 | 0.000 | 30.000 | 5.000 | 30.000 | "
                                   "50.0% | 15.000 |"));
  // (30 + 10) / 2 = 20 ms per call of the mix: 50 calls/s per core.
  EXPECT_THAT(out.str(), HasSubstr("about 20.00 ms of CPU per call of the mix: 50 calls/s"));
  std::ostringstream tsv;
  WriteAttributionTsv(rows, tsv);
  EXPECT_THAT(tsv.str(), HasSubstr("attrib\t10\tsearch\tmariadb\t30.0000\n"));
}

}  // namespace
}  // namespace jobmatch::load
