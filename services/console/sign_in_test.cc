#include "services/console/sign_in.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "services/common/field_violations.h"
#include "services/console/sessions.h"

namespace jobmatch::console {
namespace {

std::string ReadCert(const std::string& name) {
  const char* dir = std::getenv("JOBMATCH_TEST_CERTS_DIR");
  std::ifstream in(std::string(dir ? dir : ".") + "/main/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string FirstField(const absl::Status& status) {
  const auto violations = BadRequestOf(status).field_violations();
  return violations.empty() ? "" : violations[0].field();
}

TEST(SignInTest, ADevelopmentTokenVerifiesAsTheRoleAsked) {
  const std::string key = ReadCert("token.key"), pub = ReadCert("token.pub");
  ASSERT_FALSE(key.empty()) << "no test certificates";
  auto token = IssueDevelopmentToken(
      R"({"role":"live_host","subject":"h-1","sessions":["s-1","s-2"]})", key);
  ASSERT_TRUE(token.ok()) << token.status();
  auto verified = VerifyToken(*token, pub);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->caller.role, Role::kLiveHost);
  EXPECT_EQ(verified->caller.subject_id, "h-1");
  EXPECT_EQ(verified->caller.session_ids, (std::vector<std::string>{"s-1", "s-2"}));
}

TEST(SignInTest, DevelopmentSignInNamesEachBadField) {
  const std::string key = ReadCert("token.key");
  struct Case {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"role":"service","subject":"x"})", "role"},
      {R"({"role":"jobseeker","subject":"x"})", "role"},
      {R"({"role":"admin"})", "subject"},
      {R"({"role":"admin","subject":7})", "subject"},
      {R"({"role":"recruiter","subject":"r","regions":["43a"]})", "regions[0]"},
      {R"({"role":"live_host","subject":"h","sessions":["a,b"]})", "sessions[0]"},
      {R"({"role":"admin","subject":"a","extra":1})", "extra"},
  };
  for (const Case& c : cases) {
    auto token = IssueDevelopmentToken(c.body, key);
    ASSERT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument) << c.body;
    EXPECT_EQ(FirstField(token.status()), c.field) << c.body << " => " << token.status();
  }
}

TEST(SignInTest, APastedTokenIsReadAndCheckedWithThePublicKey) {
  EXPECT_EQ(FirstField(ReadPastedToken("{}").status()), "token");
  EXPECT_EQ(FirstField(ReadPastedToken(R"({"token":["x"]})").status()), "token");
  auto token = ReadPastedToken(R"({"token":"eyJhbGciOiJub25lIn0.e30."})");
  ASSERT_TRUE(token.ok());
  // An unsigned token ("alg":"none") is refused.
  EXPECT_EQ(VerifyToken(*token, ReadCert("token.pub")).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(SessionStoreTest, SessionsExpireWithTheirTokenAndCanBeEnded) {
  SessionStore store;
  const absl::Time now = absl::Now();
  Session s = store.Create("tok", Caller{Role::kAdmin, "a", {}, {}}, now + absl::Minutes(5));
  EXPECT_EQ(s.id.size(), 64u);
  EXPECT_NE(s.id, s.csrf_token);
  ASSERT_TRUE(store.Find(s.id, now).has_value());
  EXPECT_FALSE(store.Find(s.id, now + absl::Minutes(6)).has_value());
  Session t = store.Create("tok", Caller{Role::kAdmin, "a", {}, {}}, now + absl::Minutes(5));
  store.Remove(t.id);
  EXPECT_FALSE(store.Find(t.id, now).has_value());
  EXPECT_TRUE(CsrfTokenMatches(t.csrf_token, t.csrf_token));
  EXPECT_FALSE(CsrfTokenMatches(t.csrf_token, ""));
  EXPECT_FALSE(CsrfTokenMatches("", ""));
  EXPECT_FALSE(CsrfTokenMatches(t.csrf_token, s.csrf_token));
}

}  // namespace
}  // namespace jobmatch::console
