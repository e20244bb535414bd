// The limits on tokens, through a real TLS server built from the security
// flags as a service's main.cc builds it (audience postings, a revocation
// file): a token for another service, one living too long and one without
// iat are refused; `jobmatch-token revoke` refuses a subject's tokens within
// about a second, while the subject's tokens issued after the revocation
// still work.
#include <gtest/gtest.h>
#include <jwt.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/auth/host_security.h"
#include "services/common/auth/revocation.h"
#include "services/common/auth/test_certs.h"
#include "services/common/auth/token.h"
#include "services/common/server.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::auth {
namespace {

using ::jobmatch::auth::testing::Certs;

class EchoPostings final : public jobmatch::v1::PostingsService::Service {
  grpc::Status GetPost(grpc::ServerContext*, const jobmatch::v1::GetPostRequest* request,
                       jobmatch::v1::GetPostResponse* response) override {
    response->mutable_post()->set_post_id(request->post_id());
    return grpc::Status::OK;
  }
};

// A token signed with the real key but built by hand, for claims IssueToken
// refuses to make. `iat` 0 leaves the claim out.
std::string SignRaw(const std::string& subject, const std::string& role, long iat, long exp) {
  const std::string key = Certs().Read("token.key");
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grant(jwt, "iss", "jobmatch");
  jwt_add_grant(jwt, "sub", subject.c_str());
  jwt_add_grant(jwt, "role", role.c_str());
  jwt_add_grants_json(jwt, R"({"aud":["postings"]})");
  if (iat != 0) jwt_add_grant_int(jwt, "iat", iat);
  jwt_add_grant_int(jwt, "exp", exp);
  jwt_set_alg(jwt, JWT_ALG_RS256, reinterpret_cast<const unsigned char*>(key.data()),
              static_cast<int>(key.size()));
  char* s = jwt_encode_str(jwt);
  std::string out = s == nullptr ? "" : s;
  std::free(s);
  jwt_free(jwt);
  return out;
}

std::string Issue(const std::string& subject, std::vector<std::string> audiences,
                  absl::Time now = absl::Now()) {
  Caller caller{Role::kRecruiter, subject, {"430281"}, {}};
  auto token = IssueToken(caller, audiences, now + absl::Hours(1), Certs().Read("token.key"), now);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.ok() ? *token : "";
}

class TokenLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    revocations_ = jobmatch::testing::TempPath("token_limits_test.revoked");
    std::ofstream(revocations_).flush();  // empty: nothing revoked yet
    HostOptions host;
    ServerSecurityFlags flags;
    flags.tls_cert_file = Certs().File("server.pem");
    flags.tls_key_file = Certs().File("server.key");
    flags.token_public_key_file = Certs().File("token.pub");
    flags.audience = kAudiencePostings;
    flags.token_revocation_file = revocations_;
    const absl::Status applied = ApplyServerSecurity(flags, &host);
    ASSERT_TRUE(applied.ok()) << applied;
    host.services = {&service_};
    host.shutdown_grace = absl::Milliseconds(200);
    auto started = ServiceHost::Start(std::move(host));
    ASSERT_TRUE(started.ok()) << started.status();
    host_ = *std::move(started);
    stub_ = v1::PostingsService::NewStub(grpc::CreateChannel(
        host_->target(), TlsChannelCredentials({Certs().File("ca.pem"), "", ""}).value()));
  }
  void TearDown() override { std::remove(revocations_.c_str()); }

  grpc::StatusCode Call(const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("authorization", "Bearer " + token);
    v1::GetPostRequest request;
    request.set_post_id("p-1");
    v1::GetPostResponse response;
    return stub_->GetPost(&context, request, &response).error_code();
  }

  // Runs `jobmatch-token revoke` as an operator would; its exit code.
  int Revoke(const std::string& subject, const std::string& issued_before) {
    std::vector<std::string> args = {JOBMATCH_TOKEN_BIN, "revoke",
                                     "--revocation_file=" + revocations_, "--subject=" + subject};
    if (!issued_before.empty()) args.push_back("--issued_before=" + issued_before);
    const pid_t pid = fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      if (freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
      execv(argv[0], argv.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Calls with `token` until the answer is `want` or `limit` has passed;
  // the last answer.
  grpc::StatusCode CallUntil(const std::string& token, grpc::StatusCode want,
                             absl::Duration limit) {
    const absl::Time give_up = absl::Now() + limit;
    grpc::StatusCode got = Call(token);
    while (got != want && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(50));
      got = Call(token);
    }
    return got;
  }

  EchoPostings service_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::PostingsService::Stub> stub_;
  std::string revocations_;
};

TEST_F(TokenLimitsTest, ATokenForAnotherServiceIsRefused) {
  EXPECT_EQ(Call(Issue("r-1", {kAudiencePostings})), grpc::StatusCode::OK);
  EXPECT_EQ(Call(Issue("r-1", {kAudienceProfiles, kAudienceMatcher})),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(Issue("r-1", {kAudienceProfiles, kAudiencePostings})), grpc::StatusCode::OK);
}

TEST_F(TokenLimitsTest, ATokenLivingLongerThanItsRoleAllowsIsRefused) {
  const long now = absl::ToUnixSeconds(absl::Now());
  const long hour = 3600;
  EXPECT_EQ(Call(SignRaw("r-1", "recruiter", now, now + 24 * hour)), grpc::StatusCode::OK);
  EXPECT_EQ(Call(SignRaw("r-1", "recruiter", now, now + 24 * hour + 60)),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(SignRaw("matcher", "service", now, now + 720 * hour)), grpc::StatusCode::OK);
  EXPECT_EQ(Call(SignRaw("matcher", "service", now, now + 721 * hour)),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TokenLimitsTest, ATokenWithoutIssueTimeIsRefused) {
  const long now = absl::ToUnixSeconds(absl::Now());
  EXPECT_EQ(Call(SignRaw("r-1", "recruiter", now, now + 3600)), grpc::StatusCode::OK);
  EXPECT_EQ(Call(SignRaw("r-1", "recruiter", 0, now + 3600)), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TokenLimitsTest, ARevokedSubjectIsRefusedAndItsLaterTokensAccepted) {
  const absl::Time t0 = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  const std::string old_token = Issue("r-lost-tablet", {kAudiencePostings}, t0 - absl::Minutes(2));
  const std::string other = Issue("r-other", {kAudiencePostings}, t0 - absl::Minutes(2));
  ASSERT_EQ(Call(old_token), grpc::StatusCode::OK);  // cached from here on

  const std::string before =
      absl::FormatTime(absl::RFC3339_sec, t0 - absl::Minutes(1), absl::UTCTimeZone());
  ASSERT_EQ(Revoke("r-lost-tablet", before), 0);
  // Picked up without a restart, within about a second (RevocationList).
  EXPECT_EQ(CallUntil(old_token, grpc::StatusCode::UNAUTHENTICATED, absl::Seconds(5)),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(other), grpc::StatusCode::OK);
  // A token issued after --issued_before works.
  EXPECT_EQ(Call(Issue("r-lost-tablet", {kAudiencePostings}, t0)), grpc::StatusCode::OK);

  // Without --issued_before: every token issued until now.
  const std::string fresh = Issue("r-other", {kAudiencePostings});
  ASSERT_EQ(Revoke("r-other", ""), 0);
  EXPECT_EQ(CallUntil(fresh, grpc::StatusCode::UNAUTHENTICATED, absl::Seconds(5)),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CallUntil(other, grpc::StatusCode::UNAUTHENTICATED, absl::Seconds(5)),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TokenLimitsTest, RevokeRefusesBadUsage) {
  EXPECT_EQ(Revoke("", ""), 2);
  EXPECT_EQ(Revoke("has space", ""), 2);
  EXPECT_EQ(Revoke("r-1", "yesterday"), 2);
}

TEST(TokenRevocationFileTest, AServiceDoesNotStartWithAMissingOrBadRevocationFile) {
  HostOptions host;
  ServerSecurityFlags flags;
  flags.tls_cert_file = Certs().File("server.pem");
  flags.tls_key_file = Certs().File("server.key");
  flags.token_public_key_file = Certs().File("token.pub");
  flags.audience = kAudiencePostings;
  flags.token_revocation_file = "/nonexistent/revoked-tokens";
  EXPECT_TRUE(absl::IsFailedPrecondition(ApplyServerSecurity(flags, &host)));
  const std::string bad = jobmatch::testing::TempPath("token_limits_test.bad");
  std::ofstream(bad) << "r-1 not-a-time\n";
  flags.token_revocation_file = bad;
  EXPECT_TRUE(absl::IsInvalidArgument(ApplyServerSecurity(flags, &host)));
  std::remove(bad.c_str());
  flags.token_revocation_file = "";
  flags.audience = "";
  EXPECT_TRUE(absl::IsInvalidArgument(ApplyServerSecurity(flags, &host)));
}

}  // namespace
}  // namespace jobmatch::auth
