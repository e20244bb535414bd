// MakeChannel against real in-process servers on port 0: a TLS server that
// verifies bearer tokens (keys and certificates from deploy/certs.sh, as in
// services/common/auth), and a plaintext development server. A GetPost
// handler answers with the caller it sees, so each test shows which identity
// reached the server.
#include "clients/lib/channel.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "clients/lib/postings_client.h"
#include "clients/lib/token_claims.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/test_certs.h"
#include "services/common/auth/token.h"
#include "services/common/server.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::client {
namespace {

using ::jobmatch::auth::testing::Certs;
using ::jobmatch::auth::testing::OtherCerts;

// GetPost answers post_id = the caller's subject, title = its role.
class WhoAmIPostings final : public jobmatch::v1::PostingsService::Service {
  grpc::Status GetPost(grpc::ServerContext* context, const jobmatch::v1::GetPostRequest*,
                       jobmatch::v1::GetPostResponse* response) override {
    const Caller caller = CallerFromContext(*context);
    response->mutable_post()->set_post_id(caller.subject_id);
    response->mutable_post()->set_title(std::string(RoleName(caller.role)));
    return grpc::Status::OK;
  }
};

// GetPost answers with the raw identity metadata the call carried. (Servers
// stop reading that metadata once any host in the process checks tokens, as
// the TLS host here does, so this one reads it itself.)
class MetadataEchoPostings final : public jobmatch::v1::PostingsService::Service {
  grpc::Status GetPost(grpc::ServerContext* context, const jobmatch::v1::GetPostRequest*,
                       jobmatch::v1::GetPostResponse* response) override {
    const auto& md = context->client_metadata();
    auto value = [&md](const char* key) {
      auto it = md.find(key);
      return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
    };
    response->mutable_post()->set_post_id(value("jobmatch-subject"));
    response->mutable_post()->set_title(value("jobmatch-role"));
    return grpc::Status::OK;
  }
};

std::string TokenFor(Role role, const std::string& subject) {
  Caller caller;
  caller.role = role;
  caller.subject_id = subject;
  auto token = auth::IssueToken(caller, {auth::kAudiencePostings}, absl::Now() + absl::Hours(1),
                                Certs().Read("token.key"), absl::Now());
  EXPECT_TRUE(token.ok()) << token.status();
  return token.ok() ? *token : "";
}

// A loopback TCP relay that holds every new connection for `delay` before
// passing bytes either way: a link (or a peer) slow enough that the TLS
// handshake takes that long, as on a busy machine.
class SlowLink {
 public:
  SlowLink(int target_port, absl::Duration delay) : target_port_(target_port), delay_(delay) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(listener_, 8) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "relay socket: " << strerror(errno);
      return;
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }
  ~SlowLink() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    if (acceptor_.joinable()) acceptor_.join();
    for (std::thread& t : relays_) t.join();
  }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  void Accept() {
    while (!stop_) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      relays_.emplace_back([this, client] { Relay(client); });
    }
  }
  void Relay(int client) {
    const int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(target_port_);
    absl::SleepFor(delay_);
    if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      char buf[16384];
      while (!stop_) {
        if (poll(fds, 2, 100) < 0) break;
        bool closed = false;
        for (int i = 0; i < 2 && !closed; ++i) {
          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
          const ssize_t n = read(fds[i].fd, buf, sizeof(buf));
          closed = n <= 0 || write(fds[1 - i].fd, buf, n) != n;
        }
        if (closed) break;
      }
    }
    close(server);
    close(client);
  }

  const int target_port_;
  const absl::Duration delay_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<std::thread> relays_;  // touched by the acceptor only, then joined
};

// Clears the variables a test sets, so tests do not leak into each other.
class ScopedEnv {
 public:
  ScopedEnv() { Clear(); }
  ~ScopedEnv() { Clear(); }
  void Set(const char* name, const std::string& value) { setenv(name, value.c_str(), 1); }

 private:
  static void Clear() {
    unsetenv("JOBMATCH_CA_FILE");
    unsetenv("JOBMATCH_TOKEN");
    unsetenv("JOBMATCH_TOKEN_FILE");
  }
};

class ChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto authenticator =
        auth::LoadTokenAuthenticator(Certs().File("token.pub"), auth::kAudiencePostings);
    ASSERT_TRUE(authenticator.ok()) << authenticator.status();
    HostOptions tls;
    tls.services = {&tls_postings_};
    tls.plaintext_development = false;
    tls.tls = {Certs().File("server.pem"), Certs().File("server.key"), ""};
    tls.authenticator = *authenticator;
    auto tls_host = ServiceHost::Start(std::move(tls));
    ASSERT_TRUE(tls_host.ok()) << tls_host.status();
    tls_host_ = std::move(*tls_host);

    HostOptions plain;
    plain.services = {&plain_postings_};
    auto plain_host = ServiceHost::Start(std::move(plain));
    ASSERT_TRUE(plain_host.ok()) << plain_host.status();
    plain_host_ = std::move(*plain_host);

    token_file_ = jobmatch::testing::TempPath("channel-test.token");
  }
  void TearDown() override { std::filesystem::remove(token_file_); }

  // GetPost through PostingsClient on `channel` with `identity` as metadata.
  absl::StatusOr<jobmatch::v1::Post> WhoAmI(std::shared_ptr<grpc::Channel> channel,
                                            CallerIdentity identity = {}) {
    ClientOptions options;
    options.retry.max_attempts = 1;
    options.deadline = absl::Seconds(10);
    options.identity = std::move(identity);
    PostingsClient client(std::move(channel), options);
    return client.GetPost("any");
  }

  void WriteTokenFile(const std::string& text) { std::ofstream(token_file_) << text; }

  WhoAmIPostings tls_postings_;
  MetadataEchoPostings plain_postings_;
  std::unique_ptr<ServiceHost> tls_host_;
  std::unique_ptr<ServiceHost> plain_host_;
  std::filesystem::path token_file_;
  ScopedEnv env_;
};

TEST_F(ChannelTest, TlsWithTokenStringReachesTheServerAsTheTokensCaller) {
  ConnectionSettings settings;
  settings.ca_file = Certs().File("ca.pem");
  settings.token = TokenFor(Role::kRecruiter, "r-7");
  auto channel = MakeChannel(tls_host_->target(), settings);
  ASSERT_TRUE(channel.ok()) << channel.status();
  auto post = WhoAmI(*channel);
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->title(), "recruiter");
  EXPECT_EQ(post->post_id(), "r-7");
}

// A connection that takes longer than usual to set up (here 400 ms before the
// server sees the TLS hello) is waited for, within the call's deadline. (The
// channel once shortened gRPC's connect timeout to 100 ms along with its
// reconnect backoff, so a TLS handshake on a busy machine was cut off:
// UNAVAILABLE, "tcp handshaker shutdown".)
TEST_F(ChannelTest, ASlowHandshakeIsWaitedForNotCutOff) {
  SlowLink link(tls_host_->port(), absl::Milliseconds(400));
  ConnectionSettings settings;
  settings.ca_file = Certs().File("ca.pem");
  settings.token = TokenFor(Role::kRecruiter, "r-9");
  auto channel = MakeChannel(link.target(), settings);
  ASSERT_TRUE(channel.ok()) << channel.status();
  auto post = WhoAmI(*channel);
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->post_id(), "r-9");
}

TEST_F(ChannelTest, TokenFileIsReadWithoutItsNewline) {
  WriteTokenFile(TokenFor(Role::kEmployer, "e-3") + "\n");
  ConnectionSettings settings;
  settings.ca_file = Certs().File("ca.pem");
  settings.token_file = token_file_.string();
  auto channel = MakeChannel(tls_host_->target(), settings);
  ASSERT_TRUE(channel.ok()) << channel.status();
  auto post = WhoAmI(*channel);
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->title(), "employer");
  EXPECT_EQ(post->post_id(), "e-3");
}

TEST_F(ChannelTest, EnvironmentFillsWhatTheFlagsLeaveEmpty) {
  WriteTokenFile(TokenFor(Role::kAnalyst, "a-1"));
  env_.Set("JOBMATCH_CA_FILE", Certs().File("ca.pem"));
  env_.Set("JOBMATCH_TOKEN_FILE", token_file_.string());
  const ConnectionSettings settings = FromEnvironment({});
  EXPECT_EQ(settings.ca_file, Certs().File("ca.pem"));
  EXPECT_EQ(settings.token_file, token_file_.string());
  auto channel = MakeChannel(tls_host_->target(), settings);
  ASSERT_TRUE(channel.ok()) << channel.status();
  auto post = WhoAmI(*channel);
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->title(), "analyst");
}

TEST_F(ChannelTest, FlagsWinOverTheEnvironment) {
  env_.Set("JOBMATCH_CA_FILE", "/nonexistent/ca.pem");
  env_.Set("JOBMATCH_TOKEN", "from-environment");
  env_.Set("JOBMATCH_TOKEN_FILE", "/nonexistent/token");
  ConnectionSettings flags;
  flags.ca_file = Certs().File("ca.pem");
  flags.token_file = token_file_.string();
  const ConnectionSettings settings = FromEnvironment(flags);
  EXPECT_EQ(settings.ca_file, Certs().File("ca.pem"));
  EXPECT_EQ(settings.token, "");  // a token file flag is not overridden by JOBMATCH_TOKEN
  EXPECT_EQ(settings.token_file, token_file_.string());

  const ConnectionSettings token_only = FromEnvironment({"", "", ""});
  EXPECT_EQ(token_only.token, "from-environment");
  EXPECT_EQ(token_only.token_file, "");
}

TEST_F(ChannelTest, TlsWithoutTokenIsUnauthenticated) {
  auto channel = MakeChannel(tls_host_->target(), {Certs().File("ca.pem"), "", ""});
  ASSERT_TRUE(channel.ok()) << channel.status();
  EXPECT_EQ(WhoAmI(*channel).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(ChannelTest, AStrangersCaIsNotTrusted) {
  ConnectionSettings settings;
  settings.ca_file = OtherCerts().File("ca.pem");
  settings.token = TokenFor(Role::kAdmin, "admin-1");
  auto channel = MakeChannel(tls_host_->target(), settings);
  ASSERT_TRUE(channel.ok()) << channel.status();
  EXPECT_EQ(WhoAmI(*channel).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(ChannelTest, NoCaIsPlaintextWithIdentityMetadata) {
  auto channel = MakeChannel(plain_host_->target(), {});
  ASSERT_TRUE(channel.ok()) << channel.status();
  CallerIdentity identity;
  identity.role = "admin";
  identity.subject = "staff-9";
  auto post = WhoAmI(*channel, identity);
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->title(), "admin");
  EXPECT_EQ(post->post_id(), "staff-9");
  // A plaintext client cannot talk to the TLS server.
  auto to_tls = MakeChannel(tls_host_->target(), {});
  ASSERT_TRUE(to_tls.ok());
  EXPECT_EQ(WhoAmI(*to_tls, identity).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(ChannelTest, RefusesATokenWithoutTlsAndMissingFiles) {
  EXPECT_EQ(MakeChannel(plain_host_->target(), {"", "some-token", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeChannel(tls_host_->target(), {"/nonexistent/ca.pem", "", ""}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(MakeChannel(tls_host_->target(), {Certs().File("ca.pem"), "", "/nonexistent/t"})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  WriteTokenFile("\n");
  EXPECT_EQ(MakeChannel(tls_host_->target(), {Certs().File("ca.pem"), "", token_file_.string()})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

// jobctl's "yourself" comes from the token's own claims; they read back from
// a token as jobmatch-token issues it.
TEST(TokenClaimsTest, ReadsTheSubjectAndRoleOfAnIssuedToken) {
  auto claims = ReadUnverifiedClaims(TokenFor(Role::kJobseeker, "s-42"));
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "s-42");
  EXPECT_EQ(claims->role, "jobseeker");
  EXPECT_EQ(ReadUnverifiedClaims("not-a-token").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadUnverifiedClaims("a.!!!.c").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadUnverifiedClaims("a.e30.c").status().code(),  // {} names no subject
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobmatch::client
