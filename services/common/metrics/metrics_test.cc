// The registry's text format, its thread safety, the feed lag's arithmetic
// and the call log's redaction; no network or database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "services/common/metrics/feed_lag.h"
#include "services/common/metrics/registry.h"
#include "services/common/metrics/rpc_log.h"

namespace jobmatch::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RegistryTest, RendersCountersGaugesAndLabelsInTextFormat) {
  Registry r;
  r.CounterFamily("jobs_total", "Jobs done.", {"kind"}).WithLabels({"a\"b\\c\nd"}).Increment(3);
  r.GaugeFamily("queue_depth", "Items queued.").WithLabels({}).Set(1234567890123);
  const std::string text = r.Render();
  EXPECT_THAT(text, HasSubstr("# HELP jobs_total Jobs done.\n# TYPE jobs_total counter\n"));
  EXPECT_THAT(text, HasSubstr("jobs_total{kind=\"a\\\"b\\\\c\\nd\"} 3\n"));
  // Integers in full, not rounded to six digits.
  EXPECT_THAT(text, HasSubstr("# TYPE queue_depth gauge\nqueue_depth 1234567890123\n"));
}

TEST(RegistryTest, SameNameIsSameFamily) {
  Registry r;
  r.CounterFamily("c_total", "C.", {"x"}).WithLabels({"1"}).Increment();
  r.CounterFamily("c_total", "C.", {"x"}).WithLabels({"1"}).Increment();
  EXPECT_EQ(r.CounterFamily("c_total", "C.", {"x"}).WithLabels({"1"}).value(), 2u);
}

TEST(RegistryTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry r;
  Histogram& h = r.HistogramFamily("lat_seconds", "Latency.", {"m"}, {0.125, 1}).WithLabels({"x"});
  h.Observe(0.0625);
  h.Observe(0.125);  // on the bound: in its bucket (le)
  h.Observe(0.5);
  h.Observe(7);
  const std::string text = r.Render();
  EXPECT_THAT(text, HasSubstr("lat_seconds_bucket{m=\"x\",le=\"0.125\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("lat_seconds_bucket{m=\"x\",le=\"1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("lat_seconds_bucket{m=\"x\",le=\"+Inf\"} 4\n"));
  EXPECT_DOUBLE_EQ(h.sum(), 7.6875);
  EXPECT_THAT(text, HasSubstr("lat_seconds_sum{m=\"x\"} 7.6875\n"));
  EXPECT_THAT(text, HasSubstr("lat_seconds_count{m=\"x\"} 4\n"));
}

TEST(RegistryTest, CallbacksAreReadAtScrapeAndGoWithTheirHandle) {
  Registry r;
  double value = 5;
  {
    CallbackHandle h =
        r.AddCallback("pool_in_use", "In use.", {{"schema", "s"}}, [&value] { return value; });
    value = 7;
    EXPECT_THAT(r.Render(), HasSubstr("pool_in_use{schema=\"s\"} 7\n"));
    CallbackHandle moved = std::move(h);
    EXPECT_THAT(r.Render(), HasSubstr("pool_in_use{schema=\"s\"} 7\n"));
  }
  EXPECT_THAT(r.Render(), Not(HasSubstr("pool_in_use")));
}

TEST(RegistryTest, ConcurrentUpdatesAreAllCounted) {
  Registry r;
  Counter& c = r.CounterFamily("n_total", "N.").WithLabels({});
  Histogram& h = r.HistogramFamily("h_seconds", "H.", {}, {1}).WithLabels({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) {
        c.Increment();
        h.Observe(0.5);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 400000u);
  EXPECT_EQ(h.count(), 400000u);
  EXPECT_DOUBLE_EQ(h.sum(), 200000);
}

TEST(FeedLagTest, BehindSinceStartUntilCaughtUpThenSinceLastCurrent) {
  Registry r;
  absl::Time now = absl::FromUnixSeconds(1000);
  FeedLag lag("matcher", &r, [&now] { return now; });
  now += absl::Seconds(3);
  EXPECT_EQ(lag.Lag(), absl::Seconds(3));  // never caught up: since start

  lag.Progress(10, 15);
  EXPECT_THAT(r.Render(), HasSubstr("jobmatch_feed_lag_events{follower=\"matcher\"} 5\n"));
  lag.CaughtUp(15, now - absl::Seconds(1));
  EXPECT_EQ(lag.Lag(), absl::Seconds(1));
  EXPECT_THAT(r.Render(), HasSubstr("jobmatch_feed_lag_events{follower=\"matcher\"} 0\n"));

  // An event committed long ago and applied now says nothing newer.
  lag.Applied(16, now - absl::Seconds(60));
  EXPECT_EQ(lag.Lag(), absl::Seconds(1));
  EXPECT_THAT(r.Render(),
              HasSubstr("jobmatch_feed_last_event_age_seconds{follower=\"matcher\"} 60\n"));

  // Stuck: no pass ends, the lag grows with the clock.
  now += absl::Seconds(9);
  EXPECT_EQ(lag.Lag(), absl::Seconds(10));
  EXPECT_THAT(r.Render(), HasSubstr("jobmatch_feed_lag_seconds{follower=\"matcher\"} 10\n"));
  EXPECT_THAT(r.Render(), HasSubstr("jobmatch_feed_position{follower=\"matcher\"} 16\n"));
}

TEST(RpcLogTest, RequestIdsKeepIdCharactersAndLoseLongDigitRuns) {
  EXPECT_EQ(LoggableRequestId("c-8f2e:1"), "c-8f2e:1");
  // An ID number, a phone, a card number: digits gone, whatever surrounds them.
  EXPECT_EQ(LoggableRequestId("430211198005061234"), "******************");
  EXPECT_EQ(LoggableRequestId("r-43021119800506123X"), "r-*****************X");
  EXPECT_EQ(LoggableRequestId("tel13812345678"), "tel***********");
  EXPECT_EQ(LoggableRequestId("v123456-x"), "v123456-x");  // six digits stay
  // Nothing that could break the JSON or the line.
  EXPECT_EQ(LoggableRequestId("a\"b\\c\nd e"), "a_b_c_d_e");
  EXPECT_EQ(LoggableRequestId(std::string(100, 'a')).size(), 64u);
}

TEST(RpcLogTest, OneJsonObjectPerLine) {
  const std::string line = FormatRpcLogLine(
      {absl::FromUnixMillis(1764936000123), "/jobmatch.v1.PostingsService/CreatePost",
       grpc::StatusCode::INVALID_ARGUMENT, absl::Microseconds(1375), "employer", "c-1"});
  EXPECT_EQ(line,
            "{\"time\":\"2025-12-05T12:00:00.123Z\",\"service\":\"jobmatch.v1.PostingsService\","
            "\"method\":\"CreatePost\",\"code\":\"INVALID_ARGUMENT\",\"duration_ms\":1.375,"
            "\"role\":\"employer\",\"request_id\":\"c-1\"}\n");
  // No role or request id: the keys are left out.
  EXPECT_EQ(FormatRpcLogLine({absl::FromUnixMillis(0), "/grpc.health.v1.Health/Check",
                              grpc::StatusCode::OK, absl::ZeroDuration(), "", ""}),
            "{\"time\":\"1970-01-01T00:00:00.000Z\",\"service\":\"grpc.health.v1.Health\","
            "\"method\":\"Check\",\"code\":\"OK\",\"duration_ms\":0.000}\n");
}

}  // namespace
}  // namespace jobmatch::metrics
