// What every jobmatch client needs around a gRPC call: a deadline per
// attempt, the caller's credentials as call metadata, and retries of
// transient failures (UNAVAILABLE, DEADLINE_EXCEEDED) with exponential
// backoff. Retrying is safe because reads have no effect and every mutating
// request carries a request_id that the caller sets once (EnsureRequestId)
// and every attempt resends unchanged: the server answers a repeat with the
// first call's result.
#ifndef JOBMATCH_CLIENTS_LIB_CALL_RUNNER_H_
#define JOBMATCH_CLIENTS_LIB_CALL_RUNNER_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace jobmatch::client {

// Who the calls are made for. Until every server verifies tokens, plaintext
// development servers read the jobmatch-* metadata (services/common/caller.h);
// a bearer token is sent as `authorization: Bearer <token>` when set.
struct CallerIdentity {
  std::string role;                          // "admin", "employer", "recruiter", ...; "" sends none
  std::string subject;                       // the caller's own id
  std::vector<std::string> region_prefixes;  // a recruiter's regions
  std::vector<std::string> session_ids;      // a live host's sessions
  std::string bearer_token;
};

struct RetryPolicy {
  int max_attempts = 4;  // 1 disables retries
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
  double multiplier = 2.0;
};

struct ClientOptions {
  absl::Duration deadline = absl::Seconds(10);  // per attempt of a unary call
  // Per attempt of a whole streaming call (a fair's import of 90,000 posts).
  absl::Duration stream_deadline = absl::Minutes(5);
  RetryPolicy retry;
  CallerIdentity identity;
};

// A fresh request id: 32 random hex characters.
std::string NewRequestId();

// Gives `request` a request id unless it has one; call once before the call
// so that every retry of it carries the same id.
template <typename Request>
void EnsureRequestId(Request* request) {
  if (request->request_id().empty()) request->set_request_id(NewRequestId());
}

// Stateless apart from its options; safe to share between threads.
class CallRunner {
 public:
  explicit CallRunner(ClientOptions options) : options_(std::move(options)) {}

  // Runs `attempt` with a freshly prepared context until it returns OK, a
  // code that is not retried, or max_attempts is reached, sleeping with
  // jittered exponential backoff between attempts. Returns the last status
  // (field violations travel as FromGrpcStatus puts them). `attempts`, when
  // given, receives the number of attempts made. `deadline` replaces
  // options().deadline when non-zero.
  absl::Status Run(const std::function<grpc::Status(grpc::ClientContext*)>& attempt,
                   int* attempts = nullptr, absl::Duration deadline = absl::ZeroDuration()) const;

  // One unary RPC through Run: `method` is a stub member such as
  // &PostingsService::StubInterface::GetPost.
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Unary(Stub* stub,
                                 grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                              Response*),
                                 const Request& request) const {
    Response response;
    absl::Status status = Run([&](grpc::ClientContext* context) {
      response.Clear();
      return (stub->*method)(context, request, &response);
    });
    if (!status.ok()) return status;
    return response;
  }

  // Sets the deadline (`deadline` from now) and metadata of one attempt's context.
  void Prepare(grpc::ClientContext* context, absl::Duration deadline) const;

  // True for the codes worth another attempt.
  static bool IsRetryable(grpc::StatusCode code);

  const ClientOptions& options() const { return options_; }

 private:
  ClientOptions options_;
};

}  // namespace jobmatch::client

#endif  // JOBMATCH_CLIENTS_LIB_CALL_RUNNER_H_
