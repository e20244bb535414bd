// Lag from a committed post change (a row committed into the postings
// outbox) to a subscriber's stream, through the running relay (default
// 20 ms interval) and the subscription hub. Reports p50/p99/max in ms over
// `samples` changes written at random spacing.
//
//   build-<you>/services/events/events_bench --benchmark_filter=Lag
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

void BM_PostChangeToSubscriberLag(benchmark::State& state) {
  const int samples = static_cast<int>(state.range(0));
  testing::EventsSchemas schemas;
  CoreOptions options = testing::TestOptions();
  options.relay_interval = CoreOptions().relay_interval;  // the production default
  options.hub.poll_interval = CoreOptions().hub.poll_interval;
  testing::EventsServer server(schemas, options);
  auto stub = server.NewStub();

  absl::Mutex mu;
  std::map<std::string, absl::Time> received;
  grpc::ClientContext ctx;
  v1::SubscribeRequest req;
  req.set_from_now(true);
  req.add_kinds(v1::EVENT_KIND_POST_CHANGED);
  auto stream = stub->Subscribe(&ctx, req);
  std::thread reader([&] {
    v1::SubscribeResponse msg;
    while (stream->Read(&msg)) {
      if (!msg.has_event()) continue;
      absl::MutexLock lock(&mu);
      received[msg.event().post_id()] = absl::Now();
    }
  });

  std::mt19937 rng(7);
  std::vector<double> lags_ms;
  for (auto _ : state) {
    for (int i = 0; i < samples; ++i) {
      const std::string post = absl::StrCat("post-", state.iterations(), "-", i);
      v1::Event change;
      change.set_kind(v1::EVENT_KIND_POST_CHANGED);
      change.set_post_id(post);
      change.set_campaign_id("spring");
      change.set_region_code("430281");
      change.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
      schemas.WriteOutbox(schemas.postings(), change);
      const absl::Time committed = absl::Now();
      {
        absl::MutexLock lock(&mu);
        auto arrived = [&] { return received.count(post) > 0; };
        mu.AwaitWithTimeout(absl::Condition(&arrived), absl::Seconds(5));
        lags_ms.push_back(
            received.count(post) ? absl::ToDoubleMilliseconds(received[post] - committed) : 5000.0);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 30));
    }
  }
  ctx.TryCancel();
  reader.join();
  std::sort(lags_ms.begin(), lags_ms.end());
  auto pct = [&](double p) {
    return lags_ms[std::min(lags_ms.size() - 1, size_t(p * lags_ms.size()))];
  };
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["max_ms"] = lags_ms.back();
}
BENCHMARK(BM_PostChangeToSubscriberLag)->Arg(300)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace jobmatch::events
