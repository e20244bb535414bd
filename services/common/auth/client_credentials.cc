#include "services/common/auth/client_credentials.h"

#include "absl/strings/str_cat.h"
#include "services/common/auth/token.h"
#include "services/common/status_macros.h"

namespace jobmatch::auth {

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsChannelCredentials(
    const ClientTlsFiles& files, const std::string& bearer_token) {
  if (files.ca_file.empty()) return absl::InvalidArgumentError("a CA file is required");
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError("a client certificate needs its key, and the reverse");
  }
  grpc::SslCredentialsOptions ssl;
  // ReadKey with no environment variable is a plain "read this PEM file".
  JM_ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadKey(files.ca_file, ""));
  if (!files.cert_file.empty()) {
    JM_ASSIGN_OR_RETURN(ssl.pem_cert_chain, ReadKey(files.cert_file, ""));
    JM_ASSIGN_OR_RETURN(ssl.pem_private_key, ReadKey(files.key_file, ""));
  }
  std::shared_ptr<grpc::ChannelCredentials> creds = grpc::SslCredentials(ssl);
  if (bearer_token.empty()) return creds;
  return grpc::CompositeChannelCredentials(creds, grpc::AccessTokenCredentials(bearer_token));
}

}  // namespace jobmatch::auth
