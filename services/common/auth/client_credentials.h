// Client side of transport security: channels that trust the platform's
// private CA (deploy/certs.sh) and send a bearer token on every call.
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_CLIENT_CREDENTIALS_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_CLIENT_CREDENTIALS_H_

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace jobmatch::auth {

struct ClientTlsFiles {
  std::string ca_file;  // PEM CA that signed the servers' certificates; required
  // For servers that require client certificates (mutual TLS); both or neither.
  std::string cert_file;
  std::string key_file;
};

// TLS channel credentials trusting only `files.ca_file` (not the system
// roots). With a non-empty `bearer_token`, every call also carries
// `authorization: Bearer <token>`. NOT_FOUND for an unreadable file.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsChannelCredentials(
    const ClientTlsFiles& files, const std::string& bearer_token = "");

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_CLIENT_CREDENTIALS_H_
