// What a jobctl command runs with: its parsed invocation, where to write,
// and channels to the services made from the global flags (targets,
// credentials, development identity). Commands are functions of a Session
// so that tests run them against real servers without a process.
#ifndef JOBMATCH_CLIENTS_JOBCTL_SESSION_H_
#define JOBMATCH_CLIENTS_JOBCTL_SESSION_H_

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/jobctl/cli.h"
#include "clients/lib/call_runner.h"
#include "clients/lib/channel.h"

namespace jobmatch::jobctl {

struct Output {
  std::ostream* out;      // answers
  std::ostream* err;      // reports, progress, errors
  bool progress = false;  // draw a progress bar on `err` (a terminal)
};

class Session {
 public:
  // INVALID_ARGUMENT for a bad --deadline.
  static absl::StatusOr<std::unique_ptr<Session>> Create(const Invocation& invocation,
                                                         Output output);

  const Invocation& inv() const { return inv_; }
  std::ostream& out() { return *output_.out; }
  std::ostream& err() { return *output_.err; }
  bool progress() const { return output_.progress; }
  bool json() const { return inv_.Bool("json"); }
  const client::ClientOptions& options() const { return options_; }
  const client::CallRunner& runner() const { return runner_; }
  // --profile, or the caller's own id (a jobseeker acting for themself): the
  // --subject flag, else the sub claim of the bearer token.
  std::string ProfileOrSelf() const { return inv_.Get("profile", options_.identity.subject); }

  // Writes `token` (a mutation's consistency token) to the --consistency_out
  // file, when one was given.
  absl::Status SaveConsistencyToken(const std::string& token);
  // The consistency tokens of --after: comma-separated, or "@FILE" for a
  // file with one per line.
  absl::StatusOr<std::vector<std::string>> AfterTokens() const;

  // The channel to the service named by a global target flag ("postings",
  // "profiles", "events", "matcher"), made once.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(const std::string& service);

  // A stub of `Service` on the channel for `service`.
  template <typename Service>
  absl::StatusOr<std::unique_ptr<typename Service::Stub>> Stub(const std::string& service) {
    auto channel = Channel(service);
    if (!channel.ok()) return channel.status();
    return Service::NewStub(*channel);
  }

 private:
  Session(const Invocation& invocation, Output output, client::ClientOptions options,
          client::ConnectionSettings connection)
      : inv_(invocation),
        output_(output),
        options_(options),
        runner_(std::move(options)),
        connection_(std::move(connection)) {}

  const Invocation& inv_;
  Output output_;
  client::ClientOptions options_;
  client::CallRunner runner_;
  client::ConnectionSettings connection_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

// Runs one jobctl command line (argv without the program name) and returns
// its exit code: the whole program but for the process around it.
int RunJobctl(const std::vector<std::string>& argv, Output output);

}  // namespace jobmatch::jobctl

#endif  // JOBMATCH_CLIENTS_JOBCTL_SESSION_H_
