// Behaviour-event ingest through the gRPC service into an in-process server
// on the private MariaDB, with many calls in flight (callback API):
//
//   BM_IngestViews        one view per RecordView call
//   BM_IngestViewBatches  many views per RecordViews call, as app backends and
//                         live-stream hosts report them
//
// A call is answered only after its events' batch has committed, so
// items_per_second counts events acknowledged as accepted, hence durable;
// after the run the feed's view rows are counted in the database and must
// equal the acknowledged events (`in_db`), or the run is marked as an error.
// p50_ms / p99_ms are per call. The service runs with its default options
// (CoreOptions: batches of up to 2,000), except for BM_IngestViewBatches's
// writer threads, its third argument: the default 2, and 4.
//
//   build-<you>/services/events/events_bench --benchmark_filter=Ingest
#include <benchmark/benchmark.h>
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

constexpr int kEventsPerIteration = 20000;

v1::RecordViewRequest View(int64_t n) {
  v1::RecordViewRequest req;
  req.set_request_id(absl::StrCat("bench-", n));
  req.set_profile_id(absl::StrCat("person-", n % 100000));
  req.set_post_id(absl::StrCat("post-", n % 5000));
  req.mutable_view()->set_channel("app");
  return req;
}

int64_t ViewsInFeed(db::Database& db) {
  int64_t n = -1;
  (void)db.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        absl::StrCat("SELECT COUNT(*) FROM feed WHERE kind = ", v1::EVENT_KIND_VIEW)));
    if (rs->next()) n = rs->getInt64(1);
    return absl::OkStatus();
  });
  return n;
}

// Keeps up to `outstanding` calls in flight until `calls` have been answered.
// `start(i, finish)` begins call i and must run finish(acknowledged events)
// exactly once when it completes. Returns the per-call latencies in ms.
std::vector<double> Drive(int calls, int outstanding,
                          const std::function<void(int, std::function<void(int)>)>& start,
                          int64_t* acknowledged) {
  absl::Mutex mu;
  int in_flight = 0, done = 0;
  std::vector<double> latencies;
  latencies.reserve(calls);
  for (int i = 0; i < calls; ++i) {
    {
      absl::MutexLock lock(&mu);
      auto room = [&] { return in_flight < outstanding; };
      mu.Await(absl::Condition(&room));
      ++in_flight;
    }
    const absl::Time began = absl::Now();
    start(i, [&, began](int acked) {
      const double ms = absl::ToDoubleMilliseconds(absl::Now() - began);
      absl::MutexLock lock(&mu);
      latencies.push_back(ms);
      *acknowledged += acked;
      --in_flight;
      ++done;
    });
  }
  absl::MutexLock lock(&mu);
  auto all = [&] { return done == calls; };
  mu.Await(absl::Condition(&all));
  return latencies;
}

void Report(benchmark::State& state, std::vector<double> latencies, int64_t acknowledged,
            int64_t in_db) {
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    return latencies.empty() ? 0.0
                             : latencies[std::min(latencies.size() - 1,
                                                  static_cast<size_t>(p * latencies.size()))];
  };
  state.SetItemsProcessed(acknowledged);
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["acked"] = static_cast<double>(acknowledged);
  state.counters["in_db"] = static_cast<double>(in_db);
  if (in_db != acknowledged)
    state.SkipWithError("views in the feed differ from those acknowledged");
}

// Args: calls in flight, writer threads.
void BM_IngestViews(benchmark::State& state) {
  const int outstanding = static_cast<int>(state.range(0));
  testing::EventsSchemas schemas;
  CoreOptions options = testing::TestOptions();
  options.writers = static_cast<int>(state.range(1));
  testing::EventsServer server(schemas, options);
  auto stub = server.NewStub();
  struct Call {
    grpc::ClientContext ctx;
    v1::RecordViewRequest req;
    v1::RecordViewResponse resp;
  };
  int64_t next = 0, acknowledged = 0;
  std::vector<double> latencies;
  for (auto _ : state) {
    auto more = Drive(
        kEventsPerIteration, outstanding,
        [&](int, std::function<void(int)> finish) {
          auto* call = new Call;
          call->req = View(next++);
          stub->async()->RecordView(&call->ctx, &call->req, &call->resp,
                                    [call, finish](grpc::Status s) {
                                      delete call;
                                      finish(s.ok() ? 1 : 0);
                                    });
        },
        &acknowledged);
    latencies.insert(latencies.end(), more.begin(), more.end());
  }
  Report(state, std::move(latencies), acknowledged, ViewsInFeed(schemas.events()));
}
BENCHMARK(BM_IngestViews)
    ->Args({256, 2})
    ->MinTime(3.0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Args: views per call, calls in flight, writer threads.
void BM_IngestViewBatches(benchmark::State& state) {
  const int per_call = static_cast<int>(state.range(0));
  const int outstanding = static_cast<int>(state.range(1));
  testing::EventsSchemas schemas;
  CoreOptions options = testing::TestOptions();
  options.writers = static_cast<int>(state.range(2));
  testing::EventsServer server(schemas, options);
  auto stub = server.NewStub();
  struct Call {
    grpc::ClientContext ctx;
    v1::RecordViewsRequest req;
    v1::RecordViewsResponse resp;
  };
  int64_t next = 0, acknowledged = 0;
  std::vector<double> latencies;
  for (auto _ : state) {
    auto more = Drive(
        kEventsPerIteration / per_call, outstanding,
        [&](int, std::function<void(int)> finish) {
          auto* call = new Call;
          for (int k = 0; k < per_call; ++k) *call->req.add_views() = View(next++);
          stub->async()->RecordViews(&call->ctx, &call->req, &call->resp,
                                     [call, finish](grpc::Status s) {
                                       int acked = 0;
                                       if (s.ok()) {
                                         for (const auto& r : call->resp.results())
                                           acked += r.status().code() == 0;
                                       }
                                       delete call;
                                       finish(acked);
                                     });
        },
        &acknowledged);
    latencies.insert(latencies.end(), more.begin(), more.end());
  }
  Report(state, std::move(latencies), acknowledged, ViewsInFeed(schemas.events()));
}
BENCHMARK(BM_IngestViewBatches)
    ->Args({100, 8, 2})
    ->Args({500, 4, 2})
    ->Args({1000, 4, 2})
    ->Args({100, 8, 4})
    ->Args({500, 4, 4})
    ->Args({1000, 4, 4})
    ->Args({100, 32, 4})
    ->MinTime(3.0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

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
BENCHMARK(BM_StoreAcceptBatch)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace jobmatch::events
