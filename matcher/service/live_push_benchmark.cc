// Live push fan-out inside the matcher: from a LIVE_PUSH event to the
// pushed post being queued on every eligible viewer's stream, for 5,000
// watching viewers (network writes excluded; the streams' queues stand in).
// Reports p50/p99 over pushes of the time until the last viewer had it.
//
//   build-<you>/matcher/service/matcher_live_push_benchmark
#include <algorithm>
#include <atomic>
#include <chrono>

#include "benchmark/benchmark.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/feed_applier.h"
#include "matcher/service/live_push.h"

namespace jobmatch::matcher {
namespace {

class CountingSink final : public WatchSink {
 public:
  bool Send(const v1::WatchMatchesResponse& message) override {
    if (message.has_pushed()) received.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  std::atomic<int> received{0};
};

class NoSource final : public EntitySource {
 public:
  absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string&) override {
    return std::nullopt;
  }
  absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string&) override {
    return std::nullopt;
  }
};

void BM_LivePushToWatchers(benchmark::State& state) {
  const int viewers = static_cast<int>(state.range(0));
  synthetic::Relations relations;
  MatchIndex index(&relations);
  synthetic::Generator gen(3);
  for (int i = 0; i < 200; ++i) {
    PostRecord p = gen.Post(i);
    p.state = kPostStateOpen;
    p.valid_until = synthetic::At().now + 86400;
    p.campaigns.clear();
    index.UpsertPost(std::move(p));
  }
  LivePushHub hub(
      &index, [] { return synthetic::At().now; }, absl::Hours(1));
  std::vector<std::unique_ptr<CountingSink>> sinks;
  for (int i = 0; i < viewers; ++i) {
    index.UpsertSeeker(gen.Person(i));
    sinks.push_back(std::make_unique<CountingSink>());
    hub.Add("person-" + std::to_string(i), "session-1", sinks.back().get());
  }
  NoSource source;
  FeedApplier feed(&index, &source, &hub);
  std::vector<double> micros;
  int64_t cursor = 0;
  long delivered = 0;
  for (auto _ : state) {
    v1::Event event;
    event.set_cursor(++cursor);
    event.set_kind(v1::EVENT_KIND_LIVE_PUSH);
    event.set_post_id("post-" + std::to_string(cursor % 200));
    event.mutable_live_push()->set_session_id("session-1");
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(feed.Apply(event));
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  for (const auto& s : sinks) delivered += s->received.load();
  std::sort(micros.begin(), micros.end());
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  state.counters["eligible_per_push"] = static_cast<double>(delivered) / micros.size();
}
BENCHMARK(BM_LivePushToWatchers)->Arg(5000)->Iterations(200)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace jobmatch::matcher

BENCHMARK_MAIN();
