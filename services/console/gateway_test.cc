// The gateway over real HTTPS on port 0. The platform's services are not
// running (their address refuses connections), which these checks never
// reach: each is refused, or answered, by the gateway itself.
#include "services/console/gateway.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "services/console/sign_in.h"

namespace jobmatch::console {
namespace {

std::string CertPath(const std::string& name) {
  const char* dir = std::getenv("JOBMATCH_TEST_CERTS_DIR");
  return std::string(dir ? dir : ".") + "/main/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GatewayConfig config;
    config.tls_cert_file = CertPath("server.pem");
    config.tls_key_file = CertPath("server.key");
    config.static_dir = JOBMATCH_CONSOLE_STATIC;
    config.token_public_key = ReadFile(CertPath("token.pub"));
    config.dev_signin_key = ReadFile(CertPath("token.key"));
    ASSERT_FALSE(config.dev_signin_key.empty()) << "no test certificates";
    auto places = LoadPlaces(JOBMATCH_REGIONS_FILE);
    ASSERT_TRUE(places.ok()) << places.status();
    config.places = *places;
    auto calls = ServiceCalls::Connect(
        {"127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", "127.0.0.1:1", CertPath("ca.pem")});
    ASSERT_TRUE(calls.ok()) << calls.status();
    gateway_ = std::make_unique<Gateway>(std::move(config), std::move(*calls), nullptr);
    ASSERT_TRUE(gateway_->Bind().ok());
    server_ = std::thread([this] { gateway_->Serve(); });
    client_ = std::make_unique<httplib::SSLClient>("127.0.0.1", gateway_->port());
    client_->set_ca_cert_path(CertPath("ca.pem").c_str());
    client_->enable_server_certificate_verification(true);
  }
  void TearDown() override {
    if (gateway_) gateway_->Stop();
    if (server_.joinable()) server_.join();
  }

  // Signs in through the development sign-in; returns the cookie header and
  // sets csrf_.
  std::string SignIn(const std::string& body) {
    auto res = client_->Post("/api/session/dev", body, "application/json");
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 200) << res->body;
    const std::string cookie = res->get_header_value("Set-Cookie");
    const size_t at = res->body.find("\"csrf_token\":\"");
    csrf_ = res->body.substr(at + 14, 64);
    return cookie.substr(0, cookie.find(';'));
  }

  httplib::Result Call(const std::string& cookie, const std::string& method,
                       const std::string& body, const std::string& csrf,
                       const std::string& origin = "") {
    httplib::Headers headers{{"Cookie", cookie}};
    if (!csrf.empty()) headers.emplace("X-CSRF-Token", csrf);
    if (!origin.empty()) headers.emplace("Origin", origin);
    return client_->Post(("/api/call/" + method).c_str(), headers, body, "application/json");
  }

  std::unique_ptr<Gateway> gateway_;
  std::thread server_;
  std::unique_ptr<httplib::SSLClient> client_;
  std::string csrf_;
};

TEST_F(GatewayTest, TheSessionCookieIsHttpOnlySecureAndStrict) {
  auto res =
      client_->Post("/api/session/dev", R"({"role":"admin","subject":"a-1"})", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("jm_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  // The token itself never reaches the browser.
  EXPECT_EQ(res->body.find("eyJ"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("\"role\":\"admin\""), std::string::npos) << res->body;
}

TEST_F(GatewayTest, CallsNeedASessionAndItsCsrfToken) {
  auto anonymous = Call("", "CampaignStats", "{}", "");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  const std::string cookie = SignIn(R"({"role":"admin","subject":"a-1"})");
  auto no_csrf = Call(cookie, "CampaignStats", R"({"campaign_id":"c"})", "");
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403) << no_csrf->body;
  auto wrong = Call(cookie, "CampaignStats", R"({"campaign_id":"c"})", std::string(64, 'a'));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403) << wrong->body;
  // With its own token the call passes and reaches the (absent) service.
  const std::string own_csrf = csrf_;
  auto right = Call(cookie, "CampaignStats", R"({"campaign_id":"c"})", own_csrf);
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 503) << right->body;
  // Another session's CSRF token does not serve this one.
  SignIn(R"({"role":"admin","subject":"a-2"})");
  ASSERT_NE(csrf_, own_csrf);
  auto crossed = Call(cookie, "CampaignStats", R"({"campaign_id":"c"})", csrf_);
  ASSERT_TRUE(crossed);
  EXPECT_EQ(crossed->status, 403);
}

TEST_F(GatewayTest, CrossOriginAndNonJsonPostsAreRefused) {
  const std::string cookie = SignIn(R"({"role":"admin","subject":"a-1"})");
  auto evil = Call(cookie, "CampaignStats", "{}", csrf_, "https://evil.example");
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 403) << evil->body;
  httplib::Headers headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf_}};
  auto form = client_->Post("/api/call/CampaignStats", headers, "campaign_id=c",
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 400) << form->body;
  auto login_form = client_->Post("/api/session/dev", "role=admin&subject=x",
                                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(login_form);
  EXPECT_EQ(login_form->status, 400);
}

TEST_F(GatewayTest, BadJsonIsRefusedNamingTheField) {
  const std::string cookie = SignIn(R"({"role":"admin","subject":"a-1"})");
  auto res = Call(cookie, "PlanCampaign", R"({"campaign_id":"c","mode":"PLAN_MODE_BEST"})", csrf_);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find(R"("field":"mode")"), std::string::npos) << res->body;
  auto unknown = Call(cookie, "DropEverything", "{}", csrf_);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404) << unknown->body;
  auto dev = client_->Post("/api/session/dev", R"({"role":"admin"})", "application/json");
  ASSERT_TRUE(dev);
  EXPECT_EQ(dev->status, 400);
  EXPECT_NE(dev->body.find(R"("field":"subject")"), std::string::npos) << dev->body;
}

TEST_F(GatewayTest, AForgedTokenDoesNotSignIn) {
  auto res = client_->Post("/api/session", R"({"token":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."})",
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401) << res->body;
  EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
}

TEST_F(GatewayTest, APastedTokenSignsInAsItsCaller) {
  auto token = IssueDevelopmentToken(R"({"role":"employer","subject":"E-9"})",
                                     ReadFile(CertPath("token.key")));
  ASSERT_TRUE(token.ok());
  auto res = client_->Post("/api/session", "{\"token\":\"" + *token + "\"}", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find(R"("role":"employer")"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find(R"("may_see_sensitive":false)"), std::string::npos) << res->body;
}

TEST_F(GatewayTest, LiveCountersOnlyForTheSessionsHostAndStaff) {
  const std::string host = SignIn(R"({"role":"live_host","subject":"h-1","sessions":["s-1"]})");
  auto other = client_->Get("/api/live/s-2/counters", {{"Cookie", host}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  const std::string employer = SignIn(R"({"role":"employer","subject":"E-1"})");
  auto by_employer = client_->Get("/api/live/s-1/counters", {{"Cookie", employer}});
  ASSERT_TRUE(by_employer);
  EXPECT_EQ(by_employer->status, 403);
  // Its own session passes the guard (and meets the missing feed token here).
  auto own = client_->Get("/api/live/s-1/counters", {{"Cookie", host}});
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 503);
}

TEST_F(GatewayTest, SigningOutEndsTheSession) {
  const std::string cookie = SignIn(R"({"role":"admin","subject":"a-1"})");
  auto who = client_->Get("/api/session", {{"Cookie", cookie}});
  ASSERT_TRUE(who);
  EXPECT_EQ(who->status, 200);
  auto end = client_->Post("/api/session/end", {{"Cookie", cookie}, {"X-CSRF-Token", csrf_}}, "{}",
                           "application/json");
  ASSERT_TRUE(end);
  EXPECT_EQ(end->status, 200);
  auto after = client_->Get("/api/session", {{"Cookie", cookie}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

TEST_F(GatewayTest, PagesCarryTheSecurityHeadersAndRegionsAreChecked) {
  auto page = client_->Get("/index.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  const std::string cookie = SignIn(R"({"role":"analyst","subject":"an-1"})");
  auto bad = client_->Get("/api/regions?prefix=43x", {{"Cookie", cookie}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find(R"("field":"prefix")"), std::string::npos);
  auto zhuzhou = client_->Get("/api/regions?prefix=4302", {{"Cookie", cookie}});
  ASSERT_TRUE(zhuzhou);
  ASSERT_EQ(zhuzhou->status, 200);
  EXPECT_NE(zhuzhou->body.find("炎陵县"), std::string::npos);
  EXPECT_EQ(zhuzhou->body.find("长沙"), std::string::npos);
}

}  // namespace
}  // namespace jobmatch::console
