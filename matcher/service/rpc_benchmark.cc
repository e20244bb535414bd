// What the matcher's gRPC service adds to the index: top-50 people for a post
// and top-20 posts for a person, asked of the index directly and through
// RecommendSeekers / RecommendPosts on a real server on loopback, in turns,
// on the same questions in one process. The data and sample are
// bench/recommend_bench's (synthetic posts, then people, from one generator;
// every 7919th person, and open posts at every 7919th place), so its
// "matcher over gRPC" figures can be split into index and service.
//
//   build-<you>/matcher/service/matcher_rpc_benchmark
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "grpcpp/grpcpp.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "matcher/index/match_index.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/live_push.h"
#include "matcher/service/matcher_service.h"
#include "services/common/server.h"

namespace jobmatch::matcher {
namespace {

constexpr int kQuestions = 500;

double Micros(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
      .count();
}

void Percentiles(benchmark::State& state, std::vector<double> micros, const std::string& prefix) {
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) {
    return micros[std::min(micros.size() - 1, static_cast<size_t>(q * micros.size()))];
  };
  state.counters[prefix + "p50_us"] = at(0.50);
  state.counters[prefix + "p99_us"] = at(0.99);
}

// The index and a server over it, filled as recommend_bench fills them.
struct Setup {
  explicit Setup(int n) : index(&relations) {
    synthetic::Generator gen(1);
    std::vector<PostRecord> all;
    for (int i = 0; i < n; ++i) all.push_back(gen.Post(i));
    for (long i = 0; static_cast<int>(posts.size()) < kQuestions && i < n; ++i) {
      const PostRecord& p = all[(i * 7919L) % n];
      if (p.state == kPostStateOpen && p.valid_until > synthetic::At().now) posts.push_back(p.id);
    }
    for (PostRecord& p : all) index.UpsertPost(std::move(p));
    std::vector<Seeker> people;
    for (int i = 0; i < n; ++i) people.push_back(gen.Person(i));
    for (int i = 0; i < kQuestions; ++i) persons.push_back(people[(i * 7919L) % n].id);
    for (Seeker& s : people) index.UpsertSeeker(std::move(s));
    hub = std::make_unique<LivePushHub>(
        &index, [] { return synthetic::At().now; }, absl::Milliseconds(100));
    service =
        std::make_unique<MatcherService>(&index, hub.get(), [] { return synthetic::At().now; });
    HostOptions options;
    options.services = {service.get()};
    options.shutdown_grace = absl::Milliseconds(200);
    host = std::move(ServiceHost::Start(std::move(options))).value();
    stub = v1::MatcherService::NewStub(
        grpc::CreateChannel(host->target(), grpc::InsecureChannelCredentials()));
  }
  ~Setup() { host->Shutdown(); }

  static void AsStaff(grpc::ClientContext& ctx) {
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.AddMetadata("jobmatch-subject", "bench");
  }

  synthetic::Relations relations;
  MatchIndex index;
  std::unique_ptr<LivePushHub> hub;
  std::unique_ptr<MatcherService> service;
  std::unique_ptr<ServiceHost> host;
  std::unique_ptr<v1::MatcherService::Stub> stub;
  std::vector<std::string> posts, persons;
};

// Each iteration asks one question (an id of `ids`, in turn) of the index,
// then the same over gRPC; `ask_index(id)` and `ask_rpc(id, ctx)` ask it.
template <typename AskIndex, typename AskRpc>
void InTurns(benchmark::State& state, const std::vector<std::string>& ids, AskIndex ask_index,
             AskRpc ask_rpc) {
  std::vector<double> index_us, rpc_us;
  size_t q = 0;
  for (auto _ : state) {
    const std::string& id = ids[q++ % ids.size()];
    auto start = std::chrono::steady_clock::now();
    ask_index(id);
    index_us.push_back(Micros(start));

    grpc::ClientContext ctx;
    Setup::AsStaff(ctx);
    start = std::chrono::steady_clock::now();
    const grpc::Status status = ask_rpc(id, ctx);
    rpc_us.push_back(Micros(start));
    if (!status.ok()) state.SkipWithError(status.error_message().c_str());
  }
  Percentiles(state, index_us, "index_");
  Percentiles(state, rpc_us, "rpc_");
}

void BM_RecommendSeekers(benchmark::State& state) {
  Setup s(static_cast<int>(state.range(0)));
  InTurns(
      state, s.posts,
      [&](const std::string& id) {
        benchmark::DoNotOptimize(
            s.index.TopSeekers(*s.index.FindPost(id), synthetic::At(), {}, 50));
      },
      [&](const std::string& id, grpc::ClientContext& ctx) {
        v1::RecommendSeekersRequest req;
        req.set_post_id(id);
        req.set_page_size(50);
        v1::RecommendSeekersResponse resp;
        return s.stub->RecommendSeekers(&ctx, req, &resp);
      });
}

void BM_RecommendPosts(benchmark::State& state) {
  Setup s(static_cast<int>(state.range(0)));
  InTurns(
      state, s.persons,
      [&](const std::string& id) {
        benchmark::DoNotOptimize(
            s.index.TopPosts(*s.index.FindSeeker(id), synthetic::At(), {}, 20));
      },
      [&](const std::string& id, grpc::ClientContext& ctx) {
        v1::RecommendPostsRequest req;
        req.set_profile_id(id);
        req.set_page_size(20);
        v1::RecommendPostsResponse resp;
        return s.stub->RecommendPosts(&ctx, req, &resp);
      });
}

BENCHMARK(BM_RecommendSeekers)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(kQuestions)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RecommendPosts)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(kQuestions)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace jobmatch::matcher
BENCHMARK_MAIN();
