#include "clients/lib/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/status_macros.h"

namespace jobmatch::client {
namespace {

// Answers such as a campaign plan with its dockets outgrow gRPC's 4 MiB default.
constexpr int kMaxReceiveBytes = 64 << 20;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

}  // namespace

ConnectionSettings FromEnvironment(ConnectionSettings flags) {
  if (flags.ca_file.empty()) flags.ca_file = Env("JOBMATCH_CA_FILE");
  if (flags.token.empty() && flags.token_file.empty()) {
    flags.token = Env("JOBMATCH_TOKEN");
    if (flags.token.empty()) flags.token_file = Env("JOBMATCH_TOKEN_FILE");
  }
  return flags;
}

absl::StatusOr<std::string> BearerToken(const ConnectionSettings& settings) {
  if (!settings.token.empty()) {
    return std::string(absl::StripAsciiWhitespace(settings.token));
  }
  if (settings.token_file.empty()) return std::string();
  std::ifstream in(settings.token_file);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read token file ", settings.token_file));
  std::string line;
  std::getline(in, line);
  std::string token(absl::StripAsciiWhitespace(line));
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("token file ", settings.token_file, " is empty"));
  }
  return token;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& target,
                                                           const ConnectionSettings& settings) {
  JM_ASSIGN_OR_RETURN(const std::string token, BearerToken(settings));
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (settings.ca_file.empty()) {
    if (!token.empty()) {
      return absl::InvalidArgumentError(
          "a bearer token is only sent over TLS: give a CA file (--ca_file or JOBMATCH_CA_FILE)");
    }
    creds = grpc::InsecureChannelCredentials();
  } else {
    JM_ASSIGN_OR_RETURN(creds, auth::TlsChannelCredentials({settings.ca_file, "", ""}, token));
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  // Behind a load balancer a broken connection is mended by reconnecting
  // (to another replica). gRPC's default reconnect backoff (1 s, growing)
  // would fail every retry meanwhile without trying; 100 ms keeps the
  // CallRunner's retries trying new connections.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // Despite its name, gRPC reads this as the least time a connection
  // attempt (TCP, TLS handshake, first SETTINGS) is given, not as a backoff.
  // At 100 ms a TLS handshake on a busy machine was cut off ("tcp handshaker
  // shutdown") and every call failed UNAVAILABLE; 5 s bounds a peer that
  // accepts and then hangs, well within a call's deadline.
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 5000);
  return grpc::CreateCustomChannel(target, creds, args);
}

}  // namespace jobmatch::client
