#include "services/common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace jobmatch {

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Start(HostOptions options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::unique_ptr<ServiceHost> host(new ServiceHost(std::move(options)));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(host->options_.listen_address, grpc::InsecureServerCredentials(),
                           &host->port_);
  for (grpc::Service* service : host->options_.services) builder.RegisterService(service);
  // Long streams (feed subscriptions, live watches) survive idle proxies.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  host->server_ = builder.BuildAndStart();
  if (!host->server_ || host->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", host->options_.listen_address));
  }
  if (host->options_.probe) {
    host->prober_ = std::thread([h = host.get()] { h->ProbeLoop(); });
  }
  return host;
}

ServiceHost::~ServiceHost() { Shutdown(); }

std::string ServiceHost::target() const { return absl::StrCat("127.0.0.1:", port_); }

void ServiceHost::ProbeLoop() {
  auto* health = server_->GetHealthCheckService();
  bool last = false;
  bool first = true;
  do {
    const bool serving = options_.probe().ok();
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

int ServeUntilSignalled(HostOptions options) {
  // Block the signals in every thread, then wait for them on this one: the
  // gRPC threads never see them, and shutdown runs outside a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  const std::string address = options.listen_address;
  auto host = ServiceHost::Start(std::move(options));
  if (!host.ok()) {
    std::cerr << host.status() << "\n";
    return 1;
  }
  std::cerr << "listening on port " << (*host)->port() << " (" << address << ")\n";
  int sig = 0;
  sigwait(&set, &sig);
  std::cerr << "signal " << sig << ": shutting down\n";
  (*host)->Shutdown();
  (*host)->Wait();
  return 0;
}

}  // namespace jobmatch
