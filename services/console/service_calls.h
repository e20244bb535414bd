// The platform's RPCs the console's pages may call, each made with the
// signed-in person's own bearer token: the services decide, exactly as for
// any other client, what the role may do and which records it sees. The
// console adds no permission of its own here; it only limits the surface to
// the calls its pages need.
#ifndef JOBMATCH_SERVICES_CONSOLE_SERVICE_CALLS_H_
#define JOBMATCH_SERVICES_CONSOLE_SERVICE_CALLS_H_

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/lib/call_runner.h"

namespace jobmatch::console {

struct ServiceTargets {
  std::string postings, profiles, events, matcher;  // host:port
  std::string ca_file;                              // the platform's CA (TLS)
};

// Thread-safe after construction.
class ServiceCalls {
 public:
  // Channels to the four services (TLS trusting `ca_file`; no token on the
  // channel: each call carries its caller's). NOT_FOUND for an unreadable CA.
  static absl::StatusOr<std::unique_ptr<ServiceCalls>> Connect(const ServiceTargets& targets);

  // Calls RPC `method` (its bare name, "CampaignStats") with the request read
  // from the JSON `body`, as the holder of `bearer_token`; the answer as JSON.
  // NOT_FOUND for a method the console does not offer; INVALID_ARGUMENT
  // naming the field for a bad body; otherwise the service's own status. A
  // mutating request without a request_id gets a fresh one, kept across the
  // call's retries.
  absl::StatusOr<std::string> Call(absl::string_view method, absl::string_view body,
                                   const std::string& bearer_token) const;

  std::shared_ptr<grpc::Channel> events_channel() const { return events_; }

 private:
  using Handler = std::function<absl::StatusOr<std::string>(absl::string_view body,
                                                            const client::CallRunner& runner)>;
  ServiceCalls() = default;
  void AddHandlers();

  std::shared_ptr<grpc::Channel> postings_, profiles_, events_, matcher_;
  absl::flat_hash_map<std::string, Handler> handlers_;
};

}  // namespace jobmatch::console

#endif  // JOBMATCH_SERVICES_CONSOLE_SERVICE_CALLS_H_
