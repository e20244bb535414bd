// What authentication costs per call. Not run by ctest:
//   cmake --build build-<name> --target auth_benchmark &&
//   build-<name>/services/common/auth_benchmark
// Makes its own keys with deploy/certs.sh in a temporary folder.
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include <fstream>

#include "absl/time/clock.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/auth/test_certs.h"
#include "services/common/auth/token.h"
#include "services/common/server.h"

namespace jobmatch::auth {
namespace {

using ::jobmatch::auth::testing::Certs;

// A revocation file of 10,000 other subjects, as after years of lost
// tablets and departures; made once per process.
const std::string& RevocationFile() {
  static const std::string* const path = [] {
    auto* p = new std::string(Certs().dir + "/auth_benchmark.revoked");
    std::ofstream out(*p);
    for (int i = 0; i < 10000; ++i) out << "r-gone-" << i << "\t1700000000\n";
    return p;
  }();
  return *path;
}

// The authenticator of a service; with the revocation file when `revocation`.
std::shared_ptr<const CallAuthenticator> Authenticator(bool revocation) {
  return LoadTokenAuthenticator(Certs().File("token.pub"), kAudiencePostings,
                                revocation ? RevocationFile() : "")
      .value();
}

std::string RecruiterToken() {
  Caller c{Role::kRecruiter, "r-0042", {"430281", "430224"}, {}};
  return IssueToken(c, {kAudiencePostings}, absl::Now() + absl::Hours(1), Certs().Read("token.key"))
      .value();
}

// A full RS256 check, as on the first call with a token.
void BM_VerifyToken(benchmark::State& state) {
  const TokenVerifier verifier(Certs().Read("token.pub"), kAudiencePostings);
  const std::string token = RecruiterToken();
  for (auto _ : state) benchmark::DoNotOptimize(verifier.Verify(token));
}
BENCHMARK(BM_VerifyToken);

// A repeated token, as on every later call (and in CallerFromContext).
// Arg 0: no revocation file; arg 1: revocations checked on every call (a
// lookup, and a stat of the file at most once a second).
void BM_AuthenticateCached(benchmark::State& state) {
  static std::shared_ptr<const CallAuthenticator> authenticator;
  if (state.thread_index() == 0) authenticator = Authenticator(state.range(0) == 1);
  const std::string token = RecruiterToken();
  for (auto _ : state) benchmark::DoNotOptimize(authenticator->Authenticate(token));
}
BENCHMARK(BM_AuthenticateCached)->Arg(0)->Arg(1)->Threads(1)->Threads(2);

void BM_PolicyCheck(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(AccessPolicy::Default().Check(
        "/jobmatch.v1.ProfilesService/SyncFieldRecords", Role::kRecruiter));
  }
}
BENCHMARK(BM_PolicyCheck);

class WhoAmI final : public jobmatch::v1::PostingsService::Service {
  grpc::Status GetPost(grpc::ServerContext* context, const jobmatch::v1::GetPostRequest*,
                       jobmatch::v1::GetPostResponse* response) override {
    response->mutable_post()->set_post_id(CallerFromContext(*context).subject_id);
    return grpc::Status::OK;
  }
};

// One unary round trip on a warm channel: arg 0 = plaintext development
// server, arg 1 = TLS + token verification + policy + verified caller,
// arg 2 = the same with the revocation file.
void BM_UnaryRoundTrip(benchmark::State& state) {
  const bool secure = state.range(0) >= 1;
  WhoAmI service;
  HostOptions options;
  options.services = {&service};
  std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
  if (secure) {
    options.plaintext_development = false;
    options.tls = {Certs().File("server.pem"), Certs().File("server.key"), ""};
    options.authenticator = Authenticator(state.range(0) == 2);
    creds = TlsChannelCredentials({Certs().File("ca.pem"), "", ""}, RecruiterToken()).value();
  }
  auto host = ServiceHost::Start(std::move(options)).value();
  auto stub = jobmatch::v1::PostingsService::NewStub(grpc::CreateChannel(host->target(), creds));
  for (auto _ : state) {
    grpc::ClientContext context;
    if (!secure) context.AddMetadata("jobmatch-role", "recruiter");
    jobmatch::v1::GetPostResponse response;
    const grpc::Status s = stub->GetPost(&context, {}, &response);
    if (!s.ok()) state.SkipWithError(s.error_message().c_str());
  }
}
BENCHMARK(BM_UnaryRoundTrip)->Arg(0)->Arg(1)->Arg(2)->UseRealTime();

}  // namespace
}  // namespace jobmatch::auth

BENCHMARK_MAIN();
