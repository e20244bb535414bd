// Transport security through a real in-process server on port 0: TLS with the
// private CA from deploy/certs.sh, plaintext and untrusted clients refused,
// mutual TLS, and ServiceHost refusing half-secure setups.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

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
using ::jobmatch::auth::testing::OtherCerts;

class EchoPostings final : public jobmatch::v1::PostingsService::Service {
  grpc::Status GetPost(grpc::ServerContext*, const jobmatch::v1::GetPostRequest* request,
                       jobmatch::v1::GetPostResponse* response) override {
    response->mutable_post()->set_post_id(request->post_id());
    return grpc::Status::OK;
  }
};

std::string AdminToken() {
  Caller admin{Role::kAdmin, "admin-1", {}, {}};
  return IssueToken(admin, {kAudiencePostings}, absl::Now() + absl::Hours(1),
                    Certs().Read("token.key"))
      .value();
}

HostOptions SecureOptions(grpc::Service* service, std::string client_ca = "") {
  HostOptions options;
  options.services = {service};
  options.plaintext_development = false;
  options.tls = {Certs().File("server.pem"), Certs().File("server.key"), std::move(client_ca)};
  options.authenticator =
      LoadTokenAuthenticator(Certs().File("token.pub"), kAudiencePostings).value();
  return options;
}

grpc::Status GetPost(const std::string& target, std::shared_ptr<grpc::ChannelCredentials> creds,
                     std::string* post_id = nullptr) {
  auto stub = jobmatch::v1::PostingsService::NewStub(grpc::CreateChannel(target, creds));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  context.AddMetadata("authorization", "Bearer " + AdminToken());
  jobmatch::v1::GetPostRequest request;
  request.set_post_id("p-123");
  jobmatch::v1::GetPostResponse response;
  grpc::Status s = stub->GetPost(&context, request, &response);
  if (post_id != nullptr) *post_id = response.post().post_id();
  return s;
}

TEST(TlsTest, ClientTrustingThePrivateCaConnects) {
  EchoPostings service;
  auto host = ServiceHost::Start(SecureOptions(&service));
  ASSERT_TRUE(host.ok()) << host.status();
  std::string post_id;
  const grpc::Status s = GetPost(
      (*host)->target(), TlsChannelCredentials({Certs().File("ca.pem"), "", ""}).value(), &post_id);
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  EXPECT_EQ(post_id, "p-123");
  // The certificate also names localhost.
  const std::string by_name = "localhost:" + std::to_string((*host)->port());
  EXPECT_TRUE(
      GetPost(by_name, TlsChannelCredentials({Certs().File("ca.pem"), "", ""}).value()).ok());
}

TEST(TlsTest, PlaintextClientIsRefused) {
  EchoPostings service;
  auto host = ServiceHost::Start(SecureOptions(&service));
  ASSERT_TRUE(host.ok());
  const grpc::Status s = GetPost((*host)->target(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST(TlsTest, ClientNotTrustingTheCaIsRefused) {
  EchoPostings service;
  auto host = ServiceHost::Start(SecureOptions(&service));
  ASSERT_TRUE(host.ok());
  const grpc::Status s = GetPost(
      (*host)->target(), TlsChannelCredentials({OtherCerts().File("ca.pem"), "", ""}).value());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

TEST(TlsTest, MutualTlsRequiresAClientCertificateFromTheCa) {
  EchoPostings service;
  auto host = ServiceHost::Start(SecureOptions(&service, Certs().File("ca.pem")));
  ASSERT_TRUE(host.ok()) << host.status();
  const std::string target = (*host)->target();
  EXPECT_EQ(
      GetPost(target, TlsChannelCredentials({Certs().File("ca.pem"), "", ""}).value()).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(GetPost(target,
                    TlsChannelCredentials({Certs().File("ca.pem"), OtherCerts().File("client.pem"),
                                           OtherCerts().File("client.key")})
                        .value())
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  const grpc::Status ok =
      GetPost(target, TlsChannelCredentials({Certs().File("ca.pem"), Certs().File("client.pem"),
                                             Certs().File("client.key")})
                          .value());
  EXPECT_TRUE(ok.ok()) << ok.error_message();
}

TEST(TlsTest, HalfSecureSetupsAreRefusedAtStart) {
  EchoPostings service;
  HostOptions no_tls = SecureOptions(&service);
  no_tls.tls = {};
  EXPECT_TRUE(absl::IsInvalidArgument(ServiceHost::Start(std::move(no_tls)).status()));

  HostOptions no_auth = SecureOptions(&service);
  no_auth.authenticator = nullptr;
  EXPECT_TRUE(absl::IsInvalidArgument(ServiceHost::Start(std::move(no_auth)).status()));

  HostOptions plaintext_with_tls = SecureOptions(&service);
  plaintext_with_tls.plaintext_development = true;
  EXPECT_TRUE(absl::IsInvalidArgument(ServiceHost::Start(std::move(plaintext_with_tls)).status()));

  HostOptions missing_key = SecureOptions(&service);
  missing_key.tls.key_file = Certs().File("nonexistent.key");
  EXPECT_TRUE(absl::IsNotFound(ServiceHost::Start(std::move(missing_key)).status()));
}

TEST(TlsTest, ClientCredentialsCheckTheirInputs) {
  EXPECT_TRUE(absl::IsInvalidArgument(TlsChannelCredentials({"", "", ""}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      TlsChannelCredentials({Certs().File("ca.pem"), Certs().File("client.pem"), ""}).status()));
  EXPECT_TRUE(absl::IsNotFound(TlsChannelCredentials({"/nonexistent/ca.pem", "", ""}).status()));
}

}  // namespace
}  // namespace jobmatch::auth
