// Applications through the gRPC service into an in-process server on the
// private MariaDB, many calls in flight: each SubmitApplication is one
// transaction of its own (the application pipeline checks the post is open
// and locks the application's row; see application_store.h), run on the
// core's pipeline threads (CoreOptions::hire_threads, 8), where views are
// group-committed. items_per_second counts acknowledged applications, checked
// afterwards against the rows in `applications` (`in_db`).
//
//   build-<you>/services/events/events_bench --benchmark_filter=Applications
#include <benchmark/benchmark.h>
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

constexpr int kPosts = 200;
constexpr int kApplicationsPerIteration = 4000;

int64_t Count(db::Database& db, const std::string& sql) {
  int64_t n = -1;
  (void)db.WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
    if (rs->next()) n = rs->getInt64(1);
    return absl::OkStatus();
  });
  return n;
}

// Arg: calls in flight.
void BM_IngestApplications(benchmark::State& state) {
  const int outstanding = static_cast<int>(state.range(0));
  testing::EventsSchemas schemas;
  for (int p = 0; p < kPosts; ++p) schemas.AddPost(absl::StrCat("post-", p), 10);
  testing::EventsServer server(schemas, testing::TestOptions());
  auto stub = server.NewStub();
  struct Call {
    grpc::ClientContext ctx;
    v1::SubmitApplicationRequest req;
    v1::SubmitApplicationResponse resp;
    absl::Time began;
  };
  absl::Mutex mu;
  int in_flight = 0;
  int64_t next = 0, acknowledged = 0;
  std::vector<double> latencies;
  for (auto _ : state) {
    for (int i = 0; i < kApplicationsPerIteration; ++i) {
      {
        absl::MutexLock lock(&mu);
        auto room = [&] { return in_flight < outstanding; };
        mu.Await(absl::Condition(&room));
        ++in_flight;
      }
      auto* call = new Call;
      const int64_t n = next++;
      call->req.set_request_id(absl::StrCat("apply-", n));
      call->req.set_profile_id(absl::StrCat("person-", n));  // one application each
      call->req.set_post_id(absl::StrCat("post-", n % kPosts));
      call->req.mutable_application()->set_channel("live");
      call->began = absl::Now();
      stub->async()->SubmitApplication(
          &call->ctx, &call->req, &call->resp, [&, call](grpc::Status s) {
            const double ms = absl::ToDoubleMilliseconds(absl::Now() - call->began);
            delete call;
            absl::MutexLock lock(&mu);
            latencies.push_back(ms);
            if (s.ok()) ++acknowledged;
            --in_flight;
          });
    }
    absl::MutexLock lock(&mu);
    auto idle = [&] { return in_flight == 0; };
    mu.Await(absl::Condition(&idle));
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    return latencies.empty() ? 0.0
                             : latencies[std::min(latencies.size() - 1,
                                                  static_cast<size_t>(p * latencies.size()))];
  };
  const int64_t in_db = Count(schemas.events(), "SELECT COUNT(*) FROM applications");
  state.SetItemsProcessed(acknowledged);
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["acked"] = static_cast<double>(acknowledged);
  state.counters["in_db"] = static_cast<double>(in_db);
  if (in_db != acknowledged) state.SkipWithError("applications differ from those acknowledged");
}
BENCHMARK(BM_IngestApplications)
    ->Arg(16)
    ->Arg(128)
    ->MinTime(3.0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace jobmatch::events
