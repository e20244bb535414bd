// A client interceptor for the field client's tests: each call reaches the
// server, and the first `lose` answers that came back OK are reported as
// UNAVAILABLE instead, as if lost on the way back. The server has applied
// the batch; the tablet does not know, and must send it again.
#ifndef JOBMATCH_CLIENTS_FIELD_LOSE_ANSWERS_H_
#define JOBMATCH_CLIENTS_FIELD_LOSE_ANSWERS_H_

#include <grpcpp/support/client_interceptor.h>

#include <atomic>

namespace jobmatch::field::testing {

class LoseAnswers final : public grpc::experimental::Interceptor {
 public:
  explicit LoseAnswers(std::atomic<int>* lose) : lose_(lose) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using Hook = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_STATUS)) {
      grpc::Status* status = methods->GetRecvStatus();
      if (status->ok() && lose_->fetch_sub(1) > 0) {
        *status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "answer lost");
      }
    }
    methods->Proceed();
  }

 private:
  std::atomic<int>* lose_;
};

class LoseAnswersFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit LoseAnswersFactory(std::atomic<int>* lose) : lose_(lose) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new LoseAnswers(lose_);
  }

 private:
  std::atomic<int>* lose_;
};

}  // namespace jobmatch::field::testing

#endif  // JOBMATCH_CLIENTS_FIELD_LOSE_ANSWERS_H_
