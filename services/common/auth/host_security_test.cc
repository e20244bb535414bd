// The security flags of every binary: what they turn into, the refusals that
// name the wrong flag, and a server and client built from them talking over
// TLS with a token read from a file.
#include "services/common/auth/host_security.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/auth/test_certs.h"
#include "services/common/auth/token.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::auth {
namespace {

using ::jobmatch::auth::testing::Certs;

ServerSecurityFlags Secure() {
  ServerSecurityFlags f;
  f.tls_cert_file = Certs().File("server.pem");
  f.tls_key_file = Certs().File("server.key");
  f.token_public_key_file = Certs().File("token.pub");
  f.audience = kAudiencePostings;
  return f;
}

TEST(HostSecurityTest, PlaintextDevelopmentLeavesSecurityOff) {
  HostOptions host;
  ServerSecurityFlags f;
  f.plaintext_development = true;
  ASSERT_TRUE(ApplyServerSecurity(f, &host).ok());
  EXPECT_TRUE(host.plaintext_development);
  EXPECT_EQ(host.authenticator, nullptr);
  EXPECT_TRUE(host.tls.cert_file.empty());
}

TEST(HostSecurityTest, SecureFlagsFillTlsAndAuthenticator) {
  HostOptions host;
  ASSERT_TRUE(ApplyServerSecurity(Secure(), &host).ok());
  EXPECT_FALSE(host.plaintext_development);
  EXPECT_NE(host.authenticator, nullptr);
  EXPECT_EQ(host.tls.cert_file, Certs().File("server.pem"));
  EXPECT_EQ(host.tls.key_file, Certs().File("server.key"));
}

TEST(HostSecurityTest, RefusalsNameTheFlag) {
  struct Case {
    const char* name;
    void (*edit)(ServerSecurityFlags&);
    absl::StatusCode code;
    const char* flag;
  } cases[] = {
      {"no flags at all", [](ServerSecurityFlags& f) { f = {}; },
       absl::StatusCode::kInvalidArgument, "--tls_cert_file"},
      {"no key", [](ServerSecurityFlags& f) { f.tls_key_file.clear(); },
       absl::StatusCode::kInvalidArgument, "--tls_key_file"},
      {"plaintext plus TLS", [](ServerSecurityFlags& f) { f.plaintext_development = true; },
       absl::StatusCode::kInvalidArgument, "--plaintext_development"},
      {"no token key", [](ServerSecurityFlags& f) { f.token_public_key_file.clear(); },
       absl::StatusCode::kNotFound, "--token_public_key_file"},
      {"unreadable token key",
       [](ServerSecurityFlags& f) { f.token_public_key_file = "/nonexistent/token.pub"; },
       absl::StatusCode::kNotFound, "--token_public_key_file"},
      {"private key as token key",
       [](ServerSecurityFlags& f) { f.token_public_key_file = Certs().File("token.key"); },
       absl::StatusCode::kInvalidArgument, "--token_public_key_file"},
  };
  for (const Case& c : cases) {
    ServerSecurityFlags f = Secure();
    c.edit(f);
    HostOptions host;
    const absl::Status s = ApplyServerSecurity(f, &host);
    EXPECT_EQ(s.code(), c.code) << c.name << ": " << s;
    EXPECT_TRUE(absl::StrContains(s.message(), c.flag)) << c.name << ": " << s;
    EXPECT_EQ(host.authenticator, nullptr) << c.name;
  }
}

TEST(HostSecurityTest, ClientFlagsRefusalsNameTheFlag) {
  ASSERT_EQ(getenv(kTokenEnv), nullptr) << "run without $JOBMATCH_TOKEN";
  ClientSecurityFlags no_ca;
  no_ca.token_file = Certs().File("token.pub");
  absl::Status s = LoadClientCredentials(no_ca).status();
  EXPECT_TRUE(absl::IsInvalidArgument(s) && absl::StrContains(s.message(), "--ca_file")) << s;

  ClientSecurityFlags no_token;
  no_token.ca_file = Certs().File("ca.pem");
  s = LoadClientCredentials(no_token).status();
  EXPECT_TRUE(absl::IsNotFound(s) && absl::StrContains(s.message(), "--token_file")) << s;

  ClientSecurityFlags plaintext;
  plaintext.plaintext_development = true;
  EXPECT_TRUE(LoadClientCredentials(plaintext).ok());
}

class EchoPostings final : public jobmatch::v1::PostingsService::Service {
  grpc::Status GetPost(grpc::ServerContext*, const jobmatch::v1::GetPostRequest* request,
                       jobmatch::v1::GetPostResponse* response) override {
    response->mutable_post()->set_post_id(request->post_id());
    return grpc::Status::OK;
  }
};

grpc::Status CallGetPost(const std::string& target,
                         std::shared_ptr<grpc::ChannelCredentials> creds) {
  auto stub = jobmatch::v1::PostingsService::NewStub(grpc::CreateChannel(target, creds));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  jobmatch::v1::GetPostRequest request;
  request.set_post_id("p-1");
  jobmatch::v1::GetPostResponse response;
  return stub->GetPost(&context, request, &response);
}

TEST(HostSecurityTest, ServerAndClientFromFlagsTalkOverTlsWithAToken) {
  EchoPostings service;
  HostOptions host;
  ASSERT_TRUE(ApplyServerSecurity(Secure(), &host).ok());
  host.services = {&service};
  auto server = ServiceHost::Start(std::move(host));
  ASSERT_TRUE(server.ok()) << server.status();

  // The token file as jobmatch-token writes it: one line.
  const std::string token_file = jobmatch::testing::TempPath("host_security_test.token");
  {
    Caller service_caller{Role::kService, "matcher", {}, {}};
    std::ofstream out(token_file);
    out << IssueToken(service_caller, {kAudiencePostings}, absl::Now() + absl::Hours(1),
                      Certs().Read("token.key"))
               .value()
        << "\n";
  }
  ClientSecurityFlags client;
  client.ca_file = Certs().File("ca.pem");
  client.token_file = token_file;
  auto creds = LoadClientCredentials(client);
  ASSERT_TRUE(creds.ok()) << creds.status();
  const grpc::Status ok = CallGetPost((*server)->target(), *creds);
  EXPECT_TRUE(ok.ok()) << ok.error_message();

  // $JOBMATCH_TOKEN wins over the file: a garbage token is refused.
  setenv(kTokenEnv, "not-a-token", 1);
  auto env_creds = LoadClientCredentials(client);
  unsetenv(kTokenEnv);
  ASSERT_TRUE(env_creds.ok());
  EXPECT_EQ(CallGetPost((*server)->target(), *env_creds).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // A plaintext client of the same server is refused.
  ClientSecurityFlags plaintext;
  plaintext.plaintext_development = true;
  EXPECT_EQ(CallGetPost((*server)->target(), LoadClientCredentials(plaintext).value()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  std::remove(token_file.c_str());
}

}  // namespace
}  // namespace jobmatch::auth
