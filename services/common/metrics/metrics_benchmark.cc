// What the call metrics cost. Not run by ctest:
//   build/services/common/metrics_benchmark
// BM_RecordCall: the interceptor's own work per call (find the method's
// metrics, count, time into the histogram), without gRPC.
// BM_UnaryCall/0: a unary call to an in-process server without interceptor;
// /1: with the metrics interceptor the service host installs; /2: with it
// and the JSON call log (written to /dev/null). The difference between them
// is the interceptor's cost per call, gRPC's own allocations included.
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <thread>
#include <vector>

#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/metrics/registry.h"
#include "services/common/metrics/rpc_interceptor.h"
#include "services/common/metrics/rpc_log.h"

namespace jobmatch::metrics {
namespace {

// Answers at once: the benchmark measures the path around the handler.
class EchoPostings final : public v1::PostingsService::Service {
  grpc::Status CreateEmployer(grpc::ServerContext*, const v1::CreateEmployerRequest*,
                              v1::CreateEmployerResponse*) override {
    return grpc::Status::OK;
  }
};

void BM_RecordCall(benchmark::State& state) {
  static Registry registry;
  static auto* observer = new RpcObserver(&registry, nullptr);
  for (auto _ : state) {
    MethodMetrics& m = observer->Method("/jobmatch.v1.PostingsService/CreateEmployer", "unary");
    m.Started();
    m.Handled(grpc::StatusCode::OK, 0.0002);
  }
}
BENCHMARK(BM_RecordCall)->ThreadRange(1, 2);

void BM_UnaryCall(benchmark::State& state) {
  const int mode = static_cast<int>(state.range(0));
  Registry registry;
  std::shared_ptr<RpcObserver> observer;
  if (mode > 0) {
    std::unique_ptr<RpcLog> log;
    if (mode == 2) log = *RpcLog::Open("/dev/null");
    observer = std::make_shared<RpcObserver>(&registry, std::move(log));
  }
  EchoPostings service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  if (observer) {
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
    creators.push_back(NewInterceptorFactory(observer));
    builder.experimental().SetInterceptorCreators(std::move(creators));
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  auto stub = v1::PostingsService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  v1::CreateEmployerRequest request;
  request.set_request_id("bench-request-1");
  v1::CreateEmployerResponse response;
  for (auto _ : state) {
    grpc::ClientContext context;
    context.AddMetadata("jobmatch-role", "admin");
    if (!stub->CreateEmployer(&context, request, &response).ok())
      state.SkipWithError("call failed");
  }
  server->Shutdown();
  state.SetLabel(mode == 0 ? "no interceptor" : mode == 1 ? "metrics" : "metrics + call log");
}
BENCHMARK(BM_UnaryCall)->Arg(0)->Arg(1)->Arg(2)->UseRealTime()->MinTime(3);

}  // namespace
}  // namespace jobmatch::metrics

BENCHMARK_MAIN();
