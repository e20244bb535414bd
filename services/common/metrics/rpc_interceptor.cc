#include "services/common/metrics/rpc_interceptor.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/caller.h"

namespace jobmatch::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;

absl::string_view TypeName(grpc::experimental::ServerRpcInfo::Type type) {
  switch (type) {
    case grpc::experimental::ServerRpcInfo::Type::UNARY:
      return "unary";
    case grpc::experimental::ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case grpc::experimental::ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

// The type of a method refused before dispatch, from its generated
// descriptor ("unary" for a path no linked service has).
absl::string_view TypeOfPath(absl::string_view path) {
  std::string full(path.substr(path.empty() || path[0] != '/' ? 0 : 1));
  if (const size_t slash = full.rfind('/'); slash != std::string::npos) full[slash] = '.';
  const google::protobuf::MethodDescriptor* m =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full);
  if (m == nullptr) return "unary";
  if (m->client_streaming()) return m->server_streaming() ? "bidi_stream" : "client_stream";
  return m->server_streaming() ? "server_stream" : "unary";
}

// The request's `request_id` field, if its message has one.
std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

class RpcInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcInterceptor(RpcObserver* observer, grpc::experimental::ServerRpcInfo* info)
      : observer_(observer),
        info_(info),
        metrics_(observer->Method(info->method(), TypeName(info->type()))),
        start_(std::chrono::steady_clock::now()) {
    metrics_.Started();
  }

  // A call that ends without sending a status (its client went away first)
  // is counted as CANCELLED.
  ~RpcInterceptor() override {
    if (!done_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (observer_->log() != nullptr && request_id_.empty() && !first_message_seen_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      first_message_seen_ = true;
      // The platform's own methods receive protobuf messages, whose Message
      // base is where the handler's object starts. gRPC's built-in health
      // service (grpc.health.v1, asked by balancers every second) receives a
      // raw ByteBuffer instead: only jobmatch methods are read.
      if (void* message = methods->GetRecvMessage();
          message != nullptr && absl::StartsWith(info_->method(), "/jobmatch.")) {
        request_id_ = RequestIdOf(*static_cast<const google::protobuf::Message*>(message));
      }
    }
    if (!done_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    done_ = true;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    metrics_.Handled(code, elapsed.count());
    if (RpcLog* log = observer_->log(); log != nullptr) {
      std::string role;
      if (grpc::ServerContextBase* context = info_->server_context(); context != nullptr) {
        role = std::string(RoleName(CallerFromContext(*context).role));
      }
      log->Write(
          {absl::Now(), info_->method(), code, absl::Seconds(elapsed.count()), role, request_id_});
    }
  }

  RpcObserver* const observer_;
  grpc::experimental::ServerRpcInfo* const info_;
  MethodMetrics& metrics_;
  const std::chrono::steady_clock::time_point start_;
  bool first_message_seen_ = false;
  bool done_ = false;
  std::string request_id_;
};

// Owned by the server, and keeps the observer alive as long as the server
// may make interceptors.
class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(std::shared_ptr<RpcObserver> observer) : observer_(std::move(observer)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcInterceptor(observer_.get(), info);
  }

 private:
  const std::shared_ptr<RpcObserver> observer_;
};

}  // namespace

MethodMetrics::MethodMetrics(Registry* registry, absl::string_view path, absl::string_view type)
    : type_(type) {
  const size_t slash = path.rfind('/');
  service_ = std::string(path.substr(path.empty() || path[0] != '/' ? 0 : 1,
                                     slash == absl::string_view::npos ? 0 : slash - 1));
  method_ = std::string(slash == absl::string_view::npos ? path : path.substr(slash + 1));
  const std::vector<std::string> labels = {"grpc_service", "grpc_method", "grpc_type"};
  started_ =
      &registry->CounterFamily("grpc_server_started_total", "RPCs started on the server.", labels)
           .WithLabels({service_, method_, type_});
  latency_ = &registry
                  ->HistogramFamily("grpc_server_handling_seconds",
                                    "Time from the start of an RPC to its status, in seconds.",
                                    labels, LatencyBuckets())
                  .WithLabels({service_, method_, type_});
  handled_family_ = &registry->CounterFamily(
      "grpc_server_handled_total", "RPCs completed on the server, by status code.",
      {"grpc_service", "grpc_method", "grpc_type", "grpc_code"});
}

Counter& MethodMetrics::HandledCounter(grpc::StatusCode code) {
  const size_t i = static_cast<size_t>(code) < handled_.size() ? static_cast<size_t>(code) : 2;
  Counter* counter = handled_[i].load(std::memory_order_acquire);
  if (counter == nullptr) {
    // The family hands out one counter per label set, so a race here stores
    // the same pointer twice.
    counter = &handled_family_->WithLabels(
        {service_, method_, type_, std::string(StatusCodeName(static_cast<grpc::StatusCode>(i)))});
    handled_[i].store(counter, std::memory_order_release);
  }
  return *counter;
}

void MethodMetrics::Handled(grpc::StatusCode code, double seconds) {
  HandledCounter(code).Increment();
  latency_->Observe(seconds);
}

void MethodMetrics::Refused(grpc::StatusCode code) {
  started_->Increment();
  HandledCounter(code).Increment();
}

RpcObserver::RpcObserver(Registry* registry, std::unique_ptr<RpcLog> log)
    : registry_(registry), log_(std::move(log)) {}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewInterceptorFactory(
    std::shared_ptr<RpcObserver> observer) {
  return std::make_unique<Factory>(std::move(observer));
}

MethodMetrics& RpcObserver::Method(absl::string_view path, absl::string_view type) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = methods_.find(path); it != methods_.end()) return *it->second;
  }
  absl::MutexLock lock(&mu_);
  std::unique_ptr<MethodMetrics>& slot = methods_[path];
  if (!slot) slot = std::make_unique<MethodMetrics>(registry_, path, type);
  return *slot;
}

void RpcObserver::Refused(absl::string_view path, grpc::StatusCode code) {
  Method(path, TypeOfPath(path)).Refused(code);
  if (log_ != nullptr) log_->Write({absl::Now(), path, code, absl::ZeroDuration(), "", ""});
}

}  // namespace jobmatch::metrics
