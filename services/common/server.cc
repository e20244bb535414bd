#include "services/common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/auth_metadata_processor.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/grpc_status.h"
#include "services/common/metrics/host_observability.h"
#include "services/common/status_macros.h"

namespace jobmatch {
namespace {

// Why an AuthMetadataProcessor rather than a server interceptor: gRPC 1.51's
// experimental interceptors cannot fail a call before its handler runs without
// hijacking it, whereas the processor runs inside the server's auth filter on
// every call (unary and streaming, sync and callback alike), before the
// method is dispatched, and its status goes back to the client as is. It
// only exists on secure server credentials, which ties authentication to TLS.
// The auth context it could write to is shared by all calls of a connection,
// so the verified caller is not stored there: CallerFromContext() re-reads
// the call's own token through the same (caching) authenticator.
// A call it refuses never reaches the interceptor that counts calls, so it
// reports the refusal to the same observer itself.
class AuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  AuthProcessor(std::shared_ptr<const CallAuthenticator> authenticator,
                std::shared_ptr<metrics::RpcObserver> observer)
      : authenticator_(std::move(authenticator)), observer_(std::move(observer)) {}

  // Verification is CPU-only and cached; no need for another thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext* /*context*/,
                       OutputMetadata* /*consumed*/, OutputMetadata* /*response*/) override {
    const absl::string_view method = Find(metadata, ":path");
    grpc::Status status = Check(metadata, method);
    if (!status.ok()) observer_->Refused(method, status.error_code());
    return status;
  }

 private:
  grpc::Status Check(const InputMetadata& metadata, absl::string_view method) const {
    if (authenticator_->IsOpen(method)) return grpc::Status::OK;
    const absl::string_view token = BearerToken(Find(metadata, "authorization"));
    if (token.empty()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "missing credentials: send authorization: Bearer <token>");
    }
    absl::StatusOr<Caller> caller = authenticator_->Authenticate(token);
    if (!caller.ok()) return ToGrpcStatus(caller.status());
    return ToGrpcStatus(authenticator_->Authorize(method, *caller));
  }

  static absl::string_view Find(const InputMetadata& metadata, absl::string_view key) {
    auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
    if (it == metadata.end()) return "";
    return absl::string_view(it->second.data(), it->second.size());
  }

  std::shared_ptr<const CallAuthenticator> authenticator_;
  std::shared_ptr<metrics::RpcObserver> observer_;
};

absl::StatusOr<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The credentials for the listening port, or why the security setup is wrong.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const HostOptions& options, std::shared_ptr<metrics::RpcObserver> observer) {
  if (options.plaintext_development) {
    if (!options.tls.cert_file.empty() || options.authenticator != nullptr) {
      return absl::InvalidArgumentError(
          "plaintext_development excludes TLS files and an authenticator");
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.tls.cert_file.empty() || options.tls.key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs a certificate and a key file");
  }
  if (options.authenticator == nullptr) {
    return absl::InvalidArgumentError("TLS without plaintext_development needs an authenticator");
  }
  grpc::SslServerCredentialsOptions ssl(
      options.tls.client_ca_file.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  JM_ASSIGN_OR_RETURN(pair.cert_chain, ReadPem(options.tls.cert_file));
  JM_ASSIGN_OR_RETURN(pair.private_key, ReadPem(options.tls.key_file));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!options.tls.client_ca_file.empty()) {
    JM_ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(options.tls.client_ca_file));
  }
  std::shared_ptr<grpc::ServerCredentials> creds = grpc::SslServerCredentials(ssl);
  creds->SetAuthMetadataProcessor(
      std::make_shared<AuthProcessor>(options.authenticator, std::move(observer)));
  return creds;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Start(HostOptions options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  JM_ASSIGN_OR_RETURN(
      std::unique_ptr<metrics::HostObservability> observability,
      metrics::HostObservability::Create(options.metrics, options.rpc_log, options.disk_paths));
  JM_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                      ServerCredentials(options, observability->observer()));
  if (options.authenticator != nullptr) InstallProcessAuthenticator(options.authenticator);
  std::unique_ptr<ServiceHost> host(new ServiceHost(std::move(options)));
  host->observability_ = std::move(observability);
  grpc::ServerBuilder builder;
  // Every call's metrics and log line, in one place for every service.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  observers.push_back(metrics::NewInterceptorFactory(host->observability_->observer()));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  builder.AddListeningPort(host->options_.listen_address, credentials, &host->port_);
  for (grpc::Service* service : host->options_.services) builder.RegisterService(service);
  // Long streams (feed subscriptions, live watches) survive idle proxies.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  host->server_ = builder.BuildAndStart();
  if (!host->server_ || host->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", host->options_.listen_address));
  }
  if (host->options_.metrics_port != 0) {
    JM_RETURN_IF_ERROR(
        host->observability_->Serve(host->options_.listen_address, host->options_.metrics_port));
  }
  if (host->options_.probe) {
    // Not serving until the probe first says so: the health service starts
    // out SERVING, and a caller must never see that before the probe has run.
    auto* health = host->server_->GetHealthCheckService();
    health->SetServingStatus(false);
    for (const auto& name : host->options_.health_names) health->SetServingStatus(name, false);
    host->prober_ = std::thread([h = host.get()] { h->ProbeLoop(); });
  }
  return host;
}

ServiceHost::ServiceHost(HostOptions options) : options_(std::move(options)) {}

ServiceHost::~ServiceHost() { Shutdown(); }

int ServiceHost::metrics_port() const { return observability_->port(); }

std::string ServiceHost::target() const { return absl::StrCat("127.0.0.1:", port_); }

void ServiceHost::ProbeLoop() {
  auto* health = server_->GetHealthCheckService();
  bool last = false;
  bool first = true;
  absl::Time failing_since = absl::InfiniteFuture();
  do {
    bool serving = options_.probe().ok();
    if (serving) {
      failing_since = absl::InfiniteFuture();
    } else if (last) {
      // Serving until the failure has lasted the grace.
      const absl::Time now = absl::Now();
      failing_since = std::min(failing_since, now);
      serving = now - failing_since < options_.probe_failure_grace;
    }
    if (first || serving != last) {
      health->SetServingStatus(serving);
      for (const auto& name : options_.health_names) health->SetServingStatus(name, serving);
      last = serving;
      first = false;
    }
  } while (!stopping_.WaitForNotificationWithTimeout(options_.probe_interval));
}

void ServiceHost::Shutdown() {
  if (shut_down_.exchange(true)) return;
  if (!stopping_.HasBeenNotified()) stopping_.Notify();
  if (prober_.joinable()) prober_.join();
  if (server_) {
    server_->GetHealthCheckService()->Shutdown();
    server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.shutdown_grace));
  }
}

void ServiceHost::Wait() {
  if (server_) server_->Wait();
}

int ServeUntilSignalled(HostOptions options) { return ServeUntilSignalled(std::move(options), {}); }

int ServeUntilSignalled(HostOptions options, const std::function<void()>& get_ready) {
  // Block the signals in every thread, then wait for them on one: the
  // gRPC threads never see them, and shutdown runs outside a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  const std::string address = options.listen_address;
  const char* security = options.plaintext_development
                             ? "PLAINTEXT, no authentication: development only"
                             : "TLS, bearer tokens";
  auto host = ServiceHost::Start(std::move(options));
  if (!host.ok()) {
    std::cerr << host.status() << "\n";
    return 1;
  }
  std::cerr << "listening on port " << (*host)->port() << " (" << address << ", " << security
            << ")\n";
  if ((*host)->metrics_port() != 0) {
    std::cerr << "metrics on port " << (*host)->metrics_port() << " (/metrics)\n";
  }
  // Signals are awaited on a thread of their own, so that `get_ready` runs on
  // this one: glibc grows the main thread's heap in large steps, but another
  // thread's arena a page at a time (an mprotect each), which slows a large
  // load by a tenth.
  std::thread waiter([&set, &host] {
    int sig = 0;
    sigwait(&set, &sig);
    std::cerr << "signal " << sig << ": shutting down\n";
    (*host)->Shutdown();
  });
  if (get_ready) get_ready();
  waiter.join();
  (*host)->Wait();
  return 0;
}

}  // namespace jobmatch
