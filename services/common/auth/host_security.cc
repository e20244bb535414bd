#include "services/common/auth/host_security.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/auth/token.h"
#include "services/common/status_macros.h"

namespace jobmatch::auth {
namespace {

absl::Status Prefixed(const absl::Status& status, absl::string_view what) {
  return absl::Status(status.code(), absl::StrCat(what, ": ", status.message()));
}

}  // namespace

absl::Status ApplyServerSecurity(const ServerSecurityFlags& flags, HostOptions* host) {
  host->plaintext_development = flags.plaintext_development;
  host->tls = {};
  host->authenticator = nullptr;
  if (flags.plaintext_development) {
    // Half-secure setups are refused rather than silently ignored.
    if (!flags.tls_cert_file.empty() || !flags.tls_key_file.empty() ||
        !flags.tls_client_ca_file.empty() || !flags.token_public_key_file.empty() ||
        !flags.token_revocation_file.empty()) {
      return absl::InvalidArgumentError(
          "--plaintext_development cannot be combined with --tls_* or --token_*_file");
    }
    return absl::OkStatus();
  }
  if (flags.tls_cert_file.empty() || flags.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert_file and --tls_key_file are required (deploy/certs.sh makes them), "
        "unless --plaintext_development");
  }
  absl::StatusOr<std::shared_ptr<const CallAuthenticator>> authenticator = LoadTokenAuthenticator(
      flags.token_public_key_file, flags.audience, flags.token_revocation_file);
  if (!authenticator.ok()) {
    return Prefixed(authenticator.status(),
                    absl::StrCat("--token_public_key_file (or $", kPublicKeyEnv,
                                 ") / --token_revocation_file"));
  }
  host->tls = {flags.tls_cert_file, flags.tls_key_file, flags.tls_client_ca_file};
  host->authenticator = *std::move(authenticator);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> LoadClientCredentials(
    const ClientSecurityFlags& flags) {
  if (flags.plaintext_development) return grpc::InsecureChannelCredentials();
  if (flags.ca_file.empty()) {
    return absl::InvalidArgumentError("--ca_file is required unless --plaintext_development");
  }
  absl::StatusOr<std::string> token = ReadKey(flags.token_file, kTokenEnv);
  if (!token.ok()) {
    return Prefixed(token.status(), absl::StrCat("--token_file (or $", kTokenEnv, ")"));
  }
  const std::string bearer(absl::StripAsciiWhitespace(*token));
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> creds =
      TlsChannelCredentials({flags.ca_file, "", ""}, bearer);
  if (!creds.ok()) return Prefixed(creds.status(), "--ca_file");
  return creds;
}

}  // namespace jobmatch::auth
