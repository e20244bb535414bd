// Channels to jobmatch services from a client's connection settings: TLS
// trusting only the platform's CA plus a bearer token on every call, or
// plaintext for development servers. Every client program (jobctl, the field
// and live clients, the demo) makes its channels here, so the flags and
// environment variables mean the same everywhere.
#ifndef JOBMATCH_CLIENTS_LIB_CHANNEL_H_
#define JOBMATCH_CLIENTS_LIB_CHANNEL_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace jobmatch::client {

// How to reach the services, as a program's flags give it. An empty field is
// filled from the environment by FromEnvironment.
struct ConnectionSettings {
  // PEM CA that signed the servers' certificates (deploy/certs.sh makes
  // var/certs/ca.pem). Empty: plaintext, for --plaintext_development servers.
  std::string ca_file;     // env JOBMATCH_CA_FILE
  std::string token;       // a bearer token (jobmatch-token); env JOBMATCH_TOKEN
  std::string token_file;  // a file holding one; env JOBMATCH_TOKEN_FILE
};

// `flags` with every empty field taken from its environment variable (left
// empty when the variable is unset). A token given as a string wins over a
// token file, whichever source each came from, so an explicit flag is never
// overridden by the environment.
ConnectionSettings FromEnvironment(ConnectionSettings flags);

// The bearer token `settings` names: `token`, else the first line of
// `token_file` (surrounding white space dropped), else "". NOT_FOUND for an
// unreadable file, INVALID_ARGUMENT for an empty one.
absl::StatusOr<std::string> BearerToken(const ConnectionSettings& settings);

// A channel to `target` ("host:port") as `settings` say, taken as given (call
// FromEnvironment first for the environment's defaults). With a CA file:
// TLS trusting only that CA, and the bearer token, if any, on every call.
// Without one: plaintext; identity then travels as CallerIdentity metadata
// (call_runner.h), and a token is refused (INVALID_ARGUMENT) rather than
// sent in clear text. NOT_FOUND for an unreadable CA or token file. The
// channel connects lazily: an unreachable server shows on the first call.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& target,
                                                           const ConnectionSettings& settings);

}  // namespace jobmatch::client

#endif  // JOBMATCH_CLIENTS_LIB_CHANNEL_H_
