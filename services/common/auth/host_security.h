// Turns a binary's security flags into the security fields of HostOptions,
// and a calling binary's client flags into channel credentials, so that every
// main.cc states the same rule once: TLS plus verified bearer tokens unless
// --plaintext_development is given explicitly. The flags themselves stay in
// each main.cc; these structs are what they become.
#ifndef JOBMATCH_SERVICES_COMMON_AUTH_HOST_SECURITY_H_
#define JOBMATCH_SERVICES_COMMON_AUTH_HOST_SECURITY_H_

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/server.h"

namespace jobmatch::auth {

// The server side: --plaintext_development, --tls_cert_file, --tls_key_file,
// --tls_client_ca_file, --token_public_key_file, --token_revocation_file; and
// the service's own name, which its callers' tokens must carry (aud).
struct ServerSecurityFlags {
  bool plaintext_development = false;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;     // optional: mutual TLS
  std::string token_public_key_file;  // $JOBMATCH_TOKEN_PUBLIC_KEY wins
  std::string audience;               // kAudiencePostings, ... (not a flag)
  std::string token_revocation_file;  // optional: jobmatch-token revoke's file
};

// Sets host->plaintext_development, host->tls and host->authenticator.
// INVALID_ARGUMENT naming the flag when TLS files are missing or are given
// together with --plaintext_development; the token key's own error (NOT_FOUND,
// INVALID_ARGUMENT for a private key) prefixed with the flag's name.
absl::Status ApplyServerSecurity(const ServerSecurityFlags& flags, HostOptions* host);

// Environment variable holding a caller token itself; wins over --token_file.
inline constexpr char kTokenEnv[] = "JOBMATCH_TOKEN";

// The client side of a binary that calls jobmatch services: --ca_file and
// --token_file, or plaintext when developing.
struct ClientSecurityFlags {
  bool plaintext_development = false;
  std::string ca_file;     // the private CA (var/certs/ca.pem)
  std::string token_file;  // a file holding one token (jobmatch-token's output)
};

// Insecure credentials when developing; otherwise TLS trusting `ca_file`
// with the token (from $JOBMATCH_TOKEN, else `token_file`) on every call.
// INVALID_ARGUMENT naming the missing flag; NOT_FOUND for unreadable files.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> LoadClientCredentials(
    const ClientSecurityFlags& flags);

}  // namespace jobmatch::auth

#endif  // JOBMATCH_SERVICES_COMMON_AUTH_HOST_SECURITY_H_
