// jobmatch-health: asks a jobmatch service's grpc.health.v1 Check whether it
// is SERVING, over TLS trusting --ca_file (plaintext only with
// --plaintext_development). Health checks are open by policy, so no token is
// needed. Exit 0 once SERVING, 1 if not SERVING by the end of --wait.
//
//   jobmatch-health --target=127.0.0.1:50051 --ca_file=var/certs/ca.pem --wait=20s
//
// Debian ships no C++ stubs for grpc/health/v1/health.proto, and the two
// messages are one field each, so they are encoded by hand on a generic stub.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "services/common/auth/client_credentials.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "host:port of the service");
ABSL_FLAG(std::string, service, "", "health entry to ask about; empty is the whole server");
ABSL_FLAG(std::string, ca_file, "", "PEM CA that signed the server's certificate");
ABSL_FLAG(bool, plaintext_development, false, "ask a plaintext development server");
ABSL_FLAG(absl::Duration, wait, absl::Seconds(0), "keep asking this long until SERVING");

namespace {

constexpr char kCheck[] = "/grpc.health.v1.Health/Check";
constexpr int kServing = 1;  // HealthCheckResponse.ServingStatus.SERVING

// HealthCheckRequest{service = 1}.
grpc::ByteBuffer Request(const std::string& service) {
  std::string bytes;
  if (!service.empty() && service.size() < 128) {
    bytes.push_back('\x0a');
    bytes.push_back(static_cast<char>(service.size()));
    bytes += service;
  }
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// HealthCheckResponse{status = 1}; an absent field is UNKNOWN (0).
int Status(const grpc::ByteBuffer& response) {
  grpc::Slice slice;
  if (!response.DumpToSingleSlice(&slice).ok() || slice.size() < 2) return 0;
  const uint8_t* b = slice.begin();
  return b[0] == 0x08 ? b[1] : 0;
}

// One Check; the serving status, or -1 with `error` set when the call failed.
int CheckOnce(grpc::GenericStub& stub, const std::string& service, std::string* error) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  const grpc::ByteBuffer request = Request(service);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&context, kCheck, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
    status = std::move(s);
    done.Notify();
  });
  done.WaitForNotification();
  if (!status.ok()) {
    *error = absl::StrCat("code ", status.error_code(), ": ", status.error_message());
    return -1;
  }
  return Status(response);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string target = absl::GetFlag(FLAGS_target);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!absl::GetFlag(FLAGS_plaintext_development)) {
    auto tls = jobmatch::auth::TlsChannelCredentials({absl::GetFlag(FLAGS_ca_file), "", ""});
    if (!tls.ok()) {
      std::cerr << "jobmatch-health: --ca_file: " << tls.status() << "\n";
      return 2;
    }
    credentials = *tls;
  }
  grpc::GenericStub stub(grpc::CreateChannel(target, credentials));
  const absl::Time deadline = absl::Now() + absl::GetFlag(FLAGS_wait);
  std::string why;
  while (true) {
    const int status = CheckOnce(stub, absl::GetFlag(FLAGS_service), &why);
    if (status == kServing) {
      std::cout << target << ": SERVING\n";
      return 0;
    }
    if (status >= 0) why = absl::StrCat("status ", status, " (not SERVING)");
    if (absl::Now() >= deadline) break;
    absl::SleepFor(absl::Milliseconds(250));
  }
  std::cerr << target << ": " << why << "\n";
  return 1;
}
