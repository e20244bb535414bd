// Tokens: issue/verify round trip, and every way a token must be refused.
#include "services/common/auth/token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <jwt.h>
#include <stdlib.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/test_certs.h"

namespace jobmatch::auth {
namespace {

using ::jobmatch::auth::testing::Certs;
using ::jobmatch::auth::testing::OtherCerts;
using ::testing::ElementsAre;

Caller Recruiter() {
  Caller c;
  c.role = Role::kRecruiter;
  c.subject_id = "r-0042";
  c.region_prefixes = {"430281", "430224"};
  return c;
}

// Signs arbitrary claims with libjwt directly, to build tokens IssueToken
// refuses to make. iat is now unless `iat` says otherwise (0: none).
std::string SignRaw(jwt_alg_t alg, const std::string& key,
                    const std::vector<std::pair<std::string, std::string>>& grants, long exp,
                    long iat = -1) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  for (const auto& [k, v] : grants) jwt_add_grant(jwt, k.c_str(), v.c_str());
  if (exp != 0) jwt_add_grant_int(jwt, "exp", exp);
  if (iat != 0) jwt_add_grant_int(jwt, "iat", iat < 0 ? absl::ToUnixSeconds(absl::Now()) : iat);
  jwt_set_alg(jwt, alg, reinterpret_cast<const unsigned char*>(key.data()),
              static_cast<int>(key.size()));
  char* s = jwt_encode_str(jwt);
  std::string out = s == nullptr ? "" : s;
  free(s);
  jwt_free(jwt);
  return out;
}

long InAnHour() { return absl::ToUnixSeconds(absl::Now() + absl::Hours(1)); }

TEST(TokenTest, RoundTripCarriesRoleSubjectRegionsSessionsAndExpiry) {
  const absl::Time now = absl::Now();
  const absl::Time exp = absl::FromUnixSeconds(absl::ToUnixSeconds(now + absl::Hours(2)));
  auto token = IssueToken(Recruiter(), {kAudienceProfiles}, exp, Certs().Read("token.key"), now);
  ASSERT_TRUE(token.ok()) << token.status();
  auto verified = TokenVerifier(Certs().Read("token.pub"), kAudienceProfiles).Verify(*token, now);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->caller.role, Role::kRecruiter);
  EXPECT_EQ(verified->caller.subject_id, "r-0042");
  EXPECT_THAT(verified->caller.region_prefixes, ElementsAre("430281", "430224"));
  EXPECT_TRUE(verified->caller.session_ids.empty());
  EXPECT_EQ(verified->expires_at, exp);

  Caller host;
  host.role = Role::kLiveHost;
  host.subject_id = "h-7";
  host.session_ids = {"live-2026-03-01", "live-2026-03-02"};
  auto host_token =
      IssueToken(host, {kAudienceProfiles}, now + absl::Hours(1), Certs().Read("token.key"), now);
  ASSERT_TRUE(host_token.ok());
  auto host_verified =
      TokenVerifier(Certs().Read("token.pub"), kAudienceProfiles).Verify(*host_token, now);
  ASSERT_TRUE(host_verified.ok());
  EXPECT_THAT(host_verified->caller.session_ids, ElementsAre("live-2026-03-01", "live-2026-03-02"));
}

TEST(TokenTest, ExpiredTokenIsRefused) {
  const absl::Time now = absl::Now();
  auto token = IssueToken(Recruiter(), {kAudienceProfiles}, now + absl::Minutes(5),
                          Certs().Read("token.key"), now);
  ASSERT_TRUE(token.ok());
  TokenVerifier verifier(Certs().Read("token.pub"), kAudienceProfiles);
  EXPECT_TRUE(verifier.Verify(*token, now + absl::Minutes(4)).ok());
  const auto late = verifier.Verify(*token, now + absl::Minutes(5));
  EXPECT_TRUE(absl::IsUnauthenticated(late.status())) << late.status();
}

TEST(TokenTest, TokenSignedWithAnotherKeyIsRefused) {
  auto token = IssueToken(Recruiter(), {kAudienceProfiles}, absl::Now() + absl::Hours(1),
                          OtherCerts().Read("token.key"));
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(
      TokenVerifier(Certs().Read("token.pub"), kAudienceProfiles).Verify(*token).status()));
}

TEST(TokenTest, TamperedClaimsAreRefused) {
  auto token = IssueToken(Recruiter(), {kAudienceProfiles}, absl::Now() + absl::Hours(1),
                          Certs().Read("token.key"));
  ASSERT_TRUE(token.ok());
  std::vector<std::string> parts = absl::StrSplit(*token, '.');
  ASSERT_EQ(parts.size(), 3u);
  std::string payload;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &payload));
  const size_t at = payload.find("recruiter");
  ASSERT_NE(at, std::string::npos);
  payload.replace(at, 9, "admin");
  std::string forged_payload;
  absl::WebSafeBase64Escape(payload, &forged_payload);
  const std::string forged = absl::StrCat(parts[0], ".", forged_payload, ".", parts[2]);
  EXPECT_TRUE(absl::IsUnauthenticated(
      TokenVerifier(Certs().Read("token.pub"), kAudienceProfiles).Verify(forged).status()));
}

TEST(TokenTest, AlgorithmNoneIsRefused) {
  const std::string header = absl::WebSafeBase64Escape(R"({"alg":"none","typ":"JWT"})");
  const std::string payload = absl::WebSafeBase64Escape(
      absl::StrCat(R"({"iss":"jobmatch","sub":"x","role":"admin","exp":)", InAnHour(), "}"));
  for (const std::string& token :
       {absl::StrCat(header, ".", payload, "."), absl::StrCat(header, ".", payload)}) {
    EXPECT_TRUE(absl::IsUnauthenticated(
        TokenVerifier(Certs().Read("token.pub"), kAudienceProfiles).Verify(token).status()))
        << token;
  }
}

// The classic key-confusion forgery: HMAC with the (public) verification key as secret.
TEST(TokenTest, Hs256SignedWithThePublicKeyIsRefused) {
  const std::string pub = Certs().Read("token.pub");
  const std::string forged = SignRaw(
      JWT_ALG_HS256, pub, {{"iss", "jobmatch"}, {"sub", "x"}, {"role", "admin"}}, InAnHour());
  ASSERT_FALSE(forged.empty());
  EXPECT_TRUE(
      absl::IsUnauthenticated(TokenVerifier(pub, kAudienceProfiles).Verify(forged).status()));
}

TEST(TokenTest, MissingOrUnknownClaimsAreRefused) {
  const std::string key = Certs().Read("token.key");
  TokenVerifier verifier(Certs().Read("token.pub"), kAudienceProfiles);
  struct Case {
    const char* name;
    std::vector<std::pair<std::string, std::string>> grants;
    long exp;
  };
  const std::pair<std::string, std::string> aud = {"aud", "profiles"};
  const Case cases[] = {
      {"no expiry", {{"iss", "jobmatch"}, {"sub", "x"}, {"role", "admin"}, aud}, 0},
      {"unknown role", {{"iss", "jobmatch"}, {"sub", "x"}, {"role", "root"}, aud}, InAnHour()},
      {"anonymous role",
       {{"iss", "jobmatch"}, {"sub", "x"}, {"role", "anonymous"}, aud},
       InAnHour()},
      {"no subject", {{"iss", "jobmatch"}, {"role", "admin"}, aud}, InAnHour()},
      {"other issuer", {{"iss", "elsewhere"}, {"sub", "x"}, {"role", "admin"}, aud}, InAnHour()},
      {"no audience", {{"iss", "jobmatch"}, {"sub", "x"}, {"role", "admin"}}, InAnHour()},
      {"other audience",
       {{"iss", "jobmatch"}, {"sub", "x"}, {"role", "admin"}, {"aud", "postings"}},
       InAnHour()},
      {"control (aud as a string)",
       {{"iss", "jobmatch"}, {"sub", "x"}, {"role", "admin"}, aud},
       InAnHour()},
  };
  for (const Case& c : cases) {
    const auto result = verifier.Verify(SignRaw(JWT_ALG_RS256, key, c.grants, c.exp));
    if (absl::StartsWith(c.name, "control")) {
      EXPECT_TRUE(result.ok()) << result.status();
    } else {
      EXPECT_TRUE(absl::IsUnauthenticated(result.status())) << c.name;
    }
  }
}

TEST(TokenTest, TheAudienceMustNameThisService) {
  const absl::Time now = absl::Now();
  auto token = IssueToken(Recruiter(), {kAudienceProfiles, kAudienceMatcher}, now + absl::Hours(1),
                          Certs().Read("token.key"), now);
  ASSERT_TRUE(token.ok()) << token.status();
  const std::string pub = Certs().Read("token.pub");
  EXPECT_TRUE(TokenVerifier(pub, kAudienceProfiles).Verify(*token, now).ok());
  EXPECT_TRUE(TokenVerifier(pub, kAudienceMatcher).Verify(*token, now).ok());
  EXPECT_TRUE(
      absl::IsUnauthenticated(TokenVerifier(pub, kAudiencePostings).Verify(*token, now).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(TokenVerifier(pub, "").Verify(*token, now).status()));
}

TEST(TokenTest, LifetimeIsBoundedAndIatRequired) {
  const std::string key = Certs().Read("token.key");
  const absl::Time now = absl::Now();
  // Issuing: at most 24 h, 720 h for the service role.
  EXPECT_TRUE(IssueToken(Recruiter(), {kAudienceProfiles}, now + absl::Hours(24), key, now).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(
      IssueToken(Recruiter(), {kAudienceProfiles}, now + absl::Hours(25), key, now).status()));
  Caller service{Role::kService, "matcher", {}, {}};
  EXPECT_TRUE(IssueToken(service, {kAudienceProfiles}, now + absl::Hours(720), key, now).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(
      IssueToken(service, {kAudienceProfiles}, now + absl::Hours(721), key, now).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      IssueToken(Recruiter(), {}, now + absl::Hours(1), key, now).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      IssueToken(Recruiter(), {"payroll"}, now + absl::Hours(1), key, now).status()));

  // Verifying tokens made elsewhere.
  TokenVerifier verifier(Certs().Read("token.pub"), kAudienceProfiles);
  const std::vector<std::pair<std::string, std::string>> admin = {
      {"iss", "jobmatch"}, {"sub", "x"}, {"role", "admin"}, {"aud", "profiles"}};
  const std::vector<std::pair<std::string, std::string>> matcher = {
      {"iss", "jobmatch"}, {"sub", "m"}, {"role", "service"}, {"aud", "profiles"}};
  const long t = absl::ToUnixSeconds(now);
  const long hour = 3600;
  EXPECT_TRUE(verifier.Verify(SignRaw(JWT_ALG_RS256, key, admin, t + 24 * hour, t), now).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(
      verifier.Verify(SignRaw(JWT_ALG_RS256, key, admin, t + 24 * hour + 1, t), now).status()));
  EXPECT_TRUE(verifier.Verify(SignRaw(JWT_ALG_RS256, key, matcher, t + 720 * hour, t), now).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(
      verifier.Verify(SignRaw(JWT_ALG_RS256, key, matcher, t + 721 * hour, t), now).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      verifier.Verify(SignRaw(JWT_ALG_RS256, key, admin, t + hour, /*iat=*/0), now).status()));
}

TEST(TokenTest, GarbageIsRefused) {
  TokenVerifier verifier(Certs().Read("token.pub"), kAudienceProfiles);
  for (const std::string& token :
       {std::string(""), std::string("abc"), std::string("a.b.c"), std::string(10000, 'a')}) {
    EXPECT_TRUE(absl::IsUnauthenticated(verifier.Verify(token).status())) << token.size();
  }
}

TEST(TokenTest, IssueRefusesIncompleteCallers) {
  const std::string key = Certs().Read("token.key");
  const absl::Time later = absl::Now() + absl::Hours(1);
  Caller anonymous;
  anonymous.subject_id = "x";
  EXPECT_TRUE(
      absl::IsInvalidArgument(IssueToken(anonymous, {kAudienceProfiles}, later, key).status()));
  Caller no_subject = Recruiter();
  no_subject.subject_id.clear();
  EXPECT_TRUE(
      absl::IsInvalidArgument(IssueToken(no_subject, {kAudienceProfiles}, later, key).status()));
  Caller comma = Recruiter();
  comma.region_prefixes = {"4302,4303"};
  EXPECT_TRUE(absl::IsInvalidArgument(IssueToken(comma, {kAudienceProfiles}, later, key).status()));
  const absl::Time now = absl::Now();
  EXPECT_TRUE(absl::IsInvalidArgument(
      IssueToken(Recruiter(), {kAudienceProfiles}, now, key, now).status()));
  EXPECT_FALSE(IssueToken(Recruiter(), {kAudienceProfiles}, later, "not a key").ok());
}

TEST(ReadKeyTest, EnvironmentWinsOverFileAndMissingIsNotFound) {
  const std::string file = Certs().File("token.pub");
  auto from_file = ReadKey(file, "JOBMATCH_TEST_UNSET_KEY_VAR");
  ASSERT_TRUE(from_file.ok());
  EXPECT_EQ(*from_file, Certs().Read("token.pub"));
  setenv("JOBMATCH_TEST_KEY_VAR", "from-env", 1);
  EXPECT_EQ(ReadKey(file, "JOBMATCH_TEST_KEY_VAR").value(), "from-env");
  unsetenv("JOBMATCH_TEST_KEY_VAR");
  EXPECT_TRUE(absl::IsNotFound(ReadKey("/nonexistent/key.pem", "").status()));
  EXPECT_TRUE(absl::IsNotFound(ReadKey("", "JOBMATCH_TEST_UNSET_KEY_VAR").status()));
}

TEST(AuthenticatorTest, LoadsOnlyAPublicKey) {
  EXPECT_TRUE(LoadTokenAuthenticator(Certs().File("token.pub"), kAudienceProfiles).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(
      LoadTokenAuthenticator(Certs().File("token.key"), kAudienceProfiles).status()));
}

TEST(AuthenticatorTest, AuthenticatesRepeatedlyAndAuthorizesByTable) {
  auto auth = LoadTokenAuthenticator(Certs().File("token.pub"), kAudienceProfiles);
  ASSERT_TRUE(auth.ok());
  auto token = IssueToken(Recruiter(), {kAudienceProfiles}, absl::Now() + absl::Hours(1),
                          Certs().Read("token.key"));
  ASSERT_TRUE(token.ok());
  for (int i = 0; i < 3; ++i) {  // the second and third come from the cache
    auto caller = (*auth)->Authenticate(*token);
    ASSERT_TRUE(caller.ok());
    EXPECT_EQ(caller->subject_id, "r-0042");
  }
  EXPECT_TRUE(absl::IsUnauthenticated((*auth)->Authenticate(*token + "x").status()));
  EXPECT_TRUE(
      (*auth)->Authorize("/jobmatch.v1.ProfilesService/SyncFieldRecords", Recruiter()).ok());
  EXPECT_TRUE(absl::IsPermissionDenied(
      (*auth)->Authorize("/jobmatch.v1.EventsService/PushLivePost", Recruiter())));
}

}  // namespace
}  // namespace jobmatch::auth
