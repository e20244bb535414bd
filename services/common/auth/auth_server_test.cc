// Authentication and authorization through a real in-process server on port 0
// with TLS, using keys and certificates made for this test process: missing,
// wrongly signed and expired tokens; the full role x RPC matrix; the caller
// the handler sees; open health checks.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <future>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "jobmatch/v1/profiles.grpc.pb.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/auth/test_certs.h"
#include "services/common/auth/token.h"
#include "services/common/server.h"

namespace jobmatch::auth {
namespace {

using ::jobmatch::auth::testing::Certs;
using ::jobmatch::auth::testing::OtherCerts;

constexpr char kGetPost[] = "/jobmatch.v1.PostingsService/GetPost";

// GetPost answers with the caller the handler sees: post_id = subject,
// title = role, employer_id = regions, occupation_code = sessions.
class WhoAmIPostings final : public jobmatch::v1::PostingsService::Service {
  grpc::Status GetPost(grpc::ServerContext* context, const jobmatch::v1::GetPostRequest*,
                       jobmatch::v1::GetPostResponse* response) override {
    const Caller caller = CallerFromContext(*context);

    auto* post = response->mutable_post();
    post->set_post_id(caller.subject_id);
    post->set_title(std::string(RoleName(caller.role)));
    post->set_employer_id(absl::StrJoin(caller.region_prefixes, ","));
    post->set_occupation_code(absl::StrJoin(caller.session_ids, ","));
    return grpc::Status::OK;
  }
};

std::string TokenFor(Role role, absl::Time expires_at = absl::Now() + absl::Hours(1),
                     absl::Time now = absl::Now(),
                     const std::string& key = Certs().Read("token.key")) {
  Caller c;
  c.role = role;
  c.subject_id = absl::StrCat(RoleName(role), "-1");
  if (role == Role::kRecruiter) c.region_prefixes = {"430281"};
  if (role == Role::kLiveHost) c.session_ids = {"live-1"};
  auto token = IssueToken(c, {kAudiencePostings}, expires_at, key, now);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.ok() ? *token : "";
}

std::string Bytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const auto& part : slices)
    bytes.append(reinterpret_cast<const char*>(part.begin()), part.size());
  return bytes;
}

grpc::ByteBuffer EmptyMessage() {
  grpc::Slice slice("");
  return grpc::ByteBuffer(&slice, 1);
}

class AuthServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto authenticator = LoadTokenAuthenticator(Certs().File("token.pub"), kAudiencePostings);
    ASSERT_TRUE(authenticator.ok()) << authenticator.status();
    HostOptions options;
    options.services = {&postings_, &profiles_, &events_, &matcher_};
    options.plaintext_development = false;
    options.tls = {Certs().File("server.pem"), Certs().File("server.key"), ""};
    options.authenticator = *authenticator;
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(*host);
    auto creds = TlsChannelCredentials({Certs().File("ca.pem"), "", ""});
    ASSERT_TRUE(creds.ok()) << creds.status();
    channel_ = grpc::CreateChannel(host_->target(), *creds);
  }

  // Calls `method` with an empty request and the given authorization value
  // ("" sends none); returns the status and, through `reply`, the answer.
  grpc::Status Call(const std::string& method, const std::string& authorization,
                    grpc::ByteBuffer* reply = nullptr,
                    std::vector<std::pair<std::string, std::string>> extra = {}) {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    for (const auto& [k, v] : extra) context.AddMetadata(k, v);
    const grpc::ByteBuffer request = EmptyMessage();
    grpc::ByteBuffer response;
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                   [&done](grpc::Status s) { done.set_value(std::move(s)); });
    grpc::Status status = done.get_future().get();
    if (reply != nullptr) *reply = response;
    return status;
  }

  jobmatch::v1::GetPostResponse WhoAmI(
      const std::string& authorization,
      std::vector<std::pair<std::string, std::string>> extra = {}) {
    grpc::ByteBuffer reply;
    const grpc::Status s = Call(kGetPost, authorization, &reply, std::move(extra));
    EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
    jobmatch::v1::GetPostResponse response;
    if (s.ok()) {
      EXPECT_TRUE(response.ParseFromString(Bytes(reply)));
    }
    return response;
  }

  WhoAmIPostings postings_;
  jobmatch::v1::ProfilesService::Service profiles_;
  jobmatch::v1::EventsService::Service events_;
  jobmatch::v1::MatcherService::Service matcher_;
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(AuthServerTest, MissingTokenIsUnauthenticated) {
  EXPECT_EQ(Call(kGetPost, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(kGetPost, "Basic dXNlcjpwYXNz").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // Claiming a role in plain metadata is no credential.
  EXPECT_EQ(Call(kGetPost, "", nullptr, {{"jobmatch-role", "admin"}}).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthServerTest, BadSignatureIsUnauthenticated) {
  const std::string forged = TokenFor(Role::kAdmin, absl::Now() + absl::Hours(1), absl::Now(),
                                      OtherCerts().Read("token.key"));
  EXPECT_EQ(Call(kGetPost, "Bearer " + forged).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(kGetPost, "Bearer not.a.token").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthServerTest, ExpiredTokenIsUnauthenticated) {
  const absl::Time issued = absl::Now() - absl::Hours(2);
  const std::string expired = TokenFor(Role::kAdmin, issued + absl::Hours(1), issued);
  EXPECT_EQ(Call(kGetPost, "Bearer " + expired).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthServerTest, HealthStaysOpenWithoutToken) {
  grpc::ByteBuffer reply;
  const grpc::Status s = Call("/grpc.health.v1.Health/Check", "", &reply);
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  EXPECT_EQ(Bytes(reply), std::string("\x08\x01", 2));  // HealthCheckResponse{status: SERVING}
}

TEST_F(AuthServerTest, ReflectionStaysOpenWithoutToken) {
  // ServerReflectionRequest{list_services: "*"}, hand-encoded (field 7, bytes).
  grpc::GenericStub stub(channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(std::string("\x3a\x01*", 3));
  const grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                 grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  const grpc::Status s = done.get_future().get();
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  EXPECT_NE(Bytes(response).find("jobmatch.v1.PostingsService"), std::string::npos);
}

TEST_F(AuthServerTest, HandlerSeesTheVerifiedCallerOnly) {
  const auto recruiter = WhoAmI("Bearer " + TokenFor(Role::kRecruiter));
  EXPECT_EQ(recruiter.post().title(), "recruiter");
  EXPECT_EQ(recruiter.post().post_id(), "recruiter-1");
  EXPECT_EQ(recruiter.post().employer_id(), "430281");

  const auto host = WhoAmI("Bearer " + TokenFor(Role::kLiveHost));
  EXPECT_EQ(host.post().title(), "live_host");
  EXPECT_EQ(host.post().occupation_code(), "live-1");

  // Plain identity metadata next to a valid token changes nothing.
  const auto seeker = WhoAmI("Bearer " + TokenFor(Role::kJobseeker),
                             {{"jobmatch-role", "admin"}, {"jobmatch-subject", "someone-else"}});
  EXPECT_EQ(seeker.post().title(), "jobseeker");
  EXPECT_EQ(seeker.post().post_id(), "jobseeker-1");
}

TEST_F(AuthServerTest, ChannelCredentialsCarryTheToken) {
  auto creds = TlsChannelCredentials({Certs().File("ca.pem"), "", ""}, TokenFor(Role::kEmployer));
  ASSERT_TRUE(creds.ok());
  auto stub = jobmatch::v1::PostingsService::NewStub(grpc::CreateChannel(host_->target(), *creds));
  grpc::ClientContext context;
  jobmatch::v1::GetPostRequest request;
  jobmatch::v1::GetPostResponse response;
  const grpc::Status s = stub->GetPost(&context, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.post().title(), "employer");
}

// Every method of the contract for every role: refused ones answer
// PERMISSION_DENIED, allowed ones reach the service (GetPost answers, the
// unimplemented test services answer UNIMPLEMENTED).
TEST_F(AuthServerTest, RoleByRpcMatrixIsEnforcedCentrally) {
  const AccessPolicy& policy = AccessPolicy::Default();
  int allowed = 0, refused = 0;
  for (Role role : {Role::kJobseeker, Role::kEmployer, Role::kRecruiter, Role::kLiveHost,
                    Role::kAnalyst, Role::kAdmin, Role::kService}) {
    const std::string authorization = "Bearer " + TokenFor(role);
    for (const std::string& method : policy.Methods()) {
      const grpc::StatusCode code = Call(method, authorization).error_code();
      if (policy.Allows(method, role)) {
        ++allowed;
        const grpc::StatusCode expected =
            method == kGetPost ? grpc::StatusCode::OK : grpc::StatusCode::UNIMPLEMENTED;
        EXPECT_EQ(code, expected) << RoleName(role) << " " << method;
      } else {
        ++refused;
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED) << RoleName(role) << " " << method;
      }
    }
    EXPECT_EQ(Call("/jobmatch.v1.PostingsService/DropAll", authorization).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_GT(allowed, 50);
  EXPECT_GT(refused, 100);
}

TEST_F(AuthServerTest, MetadataIsNeverTrustedOnceAuthenticationIsOn) {
  // A plaintext development host in the same process as an authenticated one
  // treats claimed identities as anonymous: fail closed.
  WhoAmIPostings dev_postings;
  HostOptions options;
  options.services = {&dev_postings};
  auto dev = ServiceHost::Start(std::move(options));
  ASSERT_TRUE(dev.ok()) << dev.status();
  auto stub = jobmatch::v1::PostingsService::NewStub(
      grpc::CreateChannel((*dev)->target(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("jobmatch-role", "admin");
  context.AddMetadata("jobmatch-subject", "mallory");
  jobmatch::v1::GetPostResponse response;
  ASSERT_TRUE(stub->GetPost(&context, {}, &response).ok());
  EXPECT_EQ(response.post().title(), "anonymous");
  EXPECT_EQ(response.post().post_id(), "");
}

}  // namespace
}  // namespace jobmatch::auth
