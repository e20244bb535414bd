// Behaviour-event ingest through the gRPC service: RecordView calls from
// many concurrent client calls (callback API, up to `outstanding` in flight)
// into an in-process server on the private MariaDB. A call is answered only
// after its batch has committed, so items_per_second counts events accepted
// and durable.
//
//   build-<you>/services/events/events_bench --benchmark_filter=Ingest
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

void BM_IngestViews(benchmark::State& state) {
  const int outstanding = static_cast<int>(state.range(0));
  constexpr int kPerIteration = 20000;
  testing::EventsSchemas schemas;
  CoreOptions options = testing::TestOptions();
  options.max_batch = 1000;
  options.writers = static_cast<int>(state.range(1));
  testing::EventsServer server(schemas, options);
  auto stub = server.NewStub();
  int64_t next = 0;
  int64_t failures = 0;
  for (auto _ : state) {
    absl::Mutex mu;
    int in_flight = 0;
    int done = 0;
    std::pair<int*, int> limit(&in_flight, outstanding);
    for (int i = 0; i < kPerIteration; ++i) {
      {
        absl::MutexLock lock(&mu);
        mu.Await(absl::Condition(
            +[](std::pair<int*, int>* a) { return *a->first < a->second; },
            &limit));
        ++in_flight;
      }
      struct Call {
        grpc::ClientContext ctx;
        v1::RecordViewRequest req;
        v1::RecordViewResponse resp;
      };
      auto* call = new Call;
      const int64_t n = next++;
      call->req.set_request_id(absl::StrCat("bench-", n));
      call->req.set_profile_id(absl::StrCat("person-", n % 100000));
      call->req.set_post_id(absl::StrCat("post-", n % 5000));
      call->req.mutable_view()->set_channel("app");
      stub->async()->RecordView(&call->ctx, &call->req, &call->resp,
                                [&, call](grpc::Status s) {
                                  absl::MutexLock lock(&mu);
                                  if (!s.ok()) ++failures;
                                  --in_flight;
                                  ++done;
                                  delete call;
                                });
    }
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(+[](int* d) { return *d == kPerIteration; }, &done));
  }
  state.SetItemsProcessed(state.iterations() * kPerIteration);
  state.counters["failures"] = static_cast<double>(failures);
  state.counters["feed_head"] = static_cast<double>(*server.feed().Head());
}
BENCHMARK(BM_IngestViews)->Args({256, 1})->Args({256, 2})->Args({1024, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// The storage layer alone: one AcceptBatch transaction of `batch` views, the
// ceiling the group commit can reach on this machine.
void BM_StoreAcceptBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  testing::EventsSchemas schemas;
  MysqlFeedStore store(&schemas.events());
  int64_t next = 0;
  for (auto _ : state) {
    std::vector<Submission> subs(batch);
    for (auto& sub : subs) {
      const int64_t n = next++;
      sub.request_id = absl::StrCat("bench-", n);
      sub.request_hash = static_cast<uint64_t>(n);
      sub.event.set_kind(v1::EVENT_KIND_VIEW);
      sub.event.set_profile_id(absl::StrCat("person-", n % 100000));
      sub.event.set_post_id(absl::StrCat("post-", n % 5000));
      sub.event.mutable_view()->set_channel("app");
    }
    auto r = store.AcceptBatch(subs);
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_StoreAcceptBatch)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace jobmatch::events
