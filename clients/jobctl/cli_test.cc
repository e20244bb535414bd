// jobctl's command line without a server: parsing, help for every command,
// usage errors (exit 2) and the exit code of each gRPC status class.
#include "clients/jobctl/cli.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "clients/jobctl/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::jobctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Ran {
  int code;
  std::string out;
  std::string err;
};

Ran RunCli(std::vector<std::string> argv) {
  std::ostringstream out, err;
  const int code = RunJobctl(argv, Output{&out, &err, false});
  return {code, out.str(), err.str()};
}

TEST(ParseTest, CommandFlagsAndArguments) {
  auto inv = Parse(
      {"--postings", "10.0.0.1:1", "posts", "close", "p-9", "--reason=filled elsewhere", "--json"});
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_EQ(inv->command->path, "posts close");
  EXPECT_THAT(inv->args, ElementsAre("p-9"));
  EXPECT_EQ(inv->Get("postings"), "10.0.0.1:1");
  EXPECT_EQ(inv->Get("reason"), "filled elsewhere");
  EXPECT_TRUE(inv->Bool("json"));
  EXPECT_FALSE(inv->Bool("all"));
}

TEST(ParseTest, SingleWordCommandsAndLists) {
  auto inv = Parse({"plan", "--campaign", "c-1", "--regions=430225, 430224"});
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_EQ(inv->command->path, "plan");
  EXPECT_THAT(inv->List("regions"), ElementsAre("430225", " 430224"));
}

TEST(ParseTest, NumbersAndDurationsAreChecked) {
  auto inv = Parse({"feed", "tail", "--count=x", "--timeout=30s"});
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_TRUE(IsUsageError(inv->Int("count", 0).status()));
  auto timeout = inv->Duration("timeout", absl::ZeroDuration());
  ASSERT_TRUE(timeout.ok());
  EXPECT_EQ(*timeout, absl::Seconds(30));
  EXPECT_EQ(*inv->Int("limit", 7), 7);
}

TEST(ParseTest, UsageErrors) {
  struct Case {
    std::vector<std::string> argv;
    std::string message;
  };
  const Case cases[] = {
      {{}, "no command given"},
      {{"posts", "frobnicate"}, "unknown command \"posts frobnicate\""},
      {{"posts", "get"}, "usage: jobctl posts get POST_ID"},
      {{"posts", "get", "a", "b"}, "usage: jobctl posts get POST_ID"},
      {{"posts", "list", "extra"}, "takes no arguments"},
      {{"posts", "get", "p", "--nonsense"}, "unknown flag --nonsense"},
      {{"posts", "get", "p", "--campaign=c"}, "jobctl posts get takes no --campaign"},
      {{"recommend", "posts"}, "jobctl recommend posts needs --profile"},
      {{"posts", "get", "p", "--postings"}, "--postings needs a value"},
  };
  for (const Case& c : cases) {
    auto inv = Parse(c.argv);
    ASSERT_FALSE(inv.ok()) << c.message;
    EXPECT_THAT(std::string(inv.status().message()), HasSubstr(c.message));
    const Ran ran = RunCli(c.argv);
    EXPECT_EQ(ran.code, kExitUsage) << c.message;
    EXPECT_THAT(ran.err, HasSubstr(c.message));
  }
}

// A token in the arguments is seen by every user of the machine (ps); jobctl
// refuses it in every spelling, before any call, and says where it goes.
TEST(ParseTest, ATokenFlagIsRefusedSayingWhereTheTokenGoes) {
  const std::vector<std::vector<std::string>> cases = {
      {"--token=eyJhbGciOi.x.y", "posts", "list"},
      {"posts", "list", "--token", "eyJhbGciOi.x.y"},
      {"posts", "get", "p-1", "-token=eyJhbGciOi.x.y"},
  };
  for (const auto& argv : cases) {
    const Ran ran = RunCli(argv);
    EXPECT_EQ(ran.code, kExitUsage) << argv[0];
    EXPECT_THAT(ran.err, HasSubstr("--token_file FILE or $JOBMATCH_TOKEN")) << ran.err;
    EXPECT_THAT(ran.err, Not(HasSubstr("eyJhbGciOi"))) << "the secret is not echoed";
  }
}

TEST(HelpTest, EveryCommandHasHelpNamingItsFlags) {
  for (const CommandSpec& c : Commands()) {
    std::vector<std::string> argv = absl::StrSplit(c.path, ' ');
    argv.push_back("--help");
    const Ran ran = RunCli(argv);
    EXPECT_EQ(ran.code, kExitOk) << c.path;
    EXPECT_THAT(ran.out, HasSubstr("usage: jobctl " + c.path)) << c.path;
    for (const FlagSpec& f : c.flags) EXPECT_THAT(ran.out, HasSubstr("--" + f.name)) << c.path;
  }
}

TEST(HelpTest, OverviewAndGroups) {
  const Ran overview = RunCli({"--help"});
  EXPECT_EQ(overview.code, kExitOk);
  for (const CommandSpec& c : Commands()) EXPECT_THAT(overview.out, HasSubstr(c.path));
  EXPECT_THAT(overview.out, HasSubstr("exit codes"));
  const Ran group = RunCli({"profiles"});
  EXPECT_EQ(group.code, kExitOk);
  EXPECT_THAT(group.out, HasSubstr("profiles import-groups"));
  EXPECT_THAT(group.out, ::testing::Not(HasSubstr("posts create")));
}

TEST(ExitCodeTest, OneCodePerClass) {
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kOk), 0);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kInvalidArgument), 3);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kFailedPrecondition), 3);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kOutOfRange), 3);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kNotFound), 4);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kPermissionDenied), 5);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kUnauthenticated), 5);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kUnavailable), 6);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kDeadlineExceeded), 6);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kAlreadyExists), 7);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kAborted), 7);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kInternal), 1);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kUnknown), 1);
}

TEST(ExitCodeTest, BadFlagValuesFoundByACommandAreUsage) {
  // Parsed fine, refused by the command before any call.
  const Ran ran = RunCli({"profiles", "list", "--group=astronaut", "--profiles=127.0.0.1:1"});
  EXPECT_EQ(ran.code, kExitUsage);
  EXPECT_THAT(ran.err,
              HasSubstr("--group: \"astronaut\" is not one of GRADUATE, RETURNING_MIGRANT"));
}

TEST(ExitCodeTest, UnreachableServiceIsUnavailable) {
  // Nothing listens on port 1; one attempt at a short deadline.
  const Ran ran = RunCli({"posts", "get", "p-1", "--postings=127.0.0.1:1", "--deadline=2s"});
  EXPECT_EQ(ran.code, kExitUnavailable);
  EXPECT_THAT(ran.err, HasSubstr("jobctl: UNAVAILABLE"));
}

TEST(ExitCodeTest, TokenWithoutTlsIsRefusedBeforeAnyCall) {
  const Ran ran = RunCli({"posts", "get", "p-1", "--token_file=/nonexistent/token"});
  EXPECT_EQ(ran.code, kExitNotFound);
  EXPECT_THAT(ran.err, HasSubstr("cannot read token file"));
}

// A token file as jobmatch-token writes one, for a jobseeker "s-42". The
// signature is not checked by jobctl (the services check it), so a dummy one
// serves here.
std::string JobseekerTokenFile() {
  const std::string payload = absl::WebSafeBase64Escape(
      R"({"iss":"jobmatch","sub":"s-42","role":"jobseeker","aud":["events"]})");
  const std::string path = jobmatch::testing::TempPath("jobseeker.token");
  std::ofstream(path) << absl::WebSafeBase64Escape(R"({"alg":"RS256","typ":"JWT"})") << "."
                      << payload << ".c2lnbmF0dXJl\n";
  return path;
}

std::string SelfOf(const std::vector<std::string>& argv) {
  auto inv = Parse(argv);
  EXPECT_TRUE(inv.ok()) << inv.status();
  std::ostringstream out, err;
  auto session = Session::Create(*inv, Output{&out, &err, false});
  EXPECT_TRUE(session.ok()) << session.status();
  return session.ok() ? (*session)->ProfileOrSelf() : "";
}

TEST(TokenSubjectTest, AJobseekerWithATokenIsThemselfWithoutProfile) {
  unsetenv("JOBMATCH_TOKEN");
  unsetenv("JOBMATCH_TOKEN_FILE");
  const std::string token = JobseekerTokenFile();
  EXPECT_EQ(SelfOf({"applications", "mine", "--token_file", token}), "s-42");
  EXPECT_EQ(SelfOf({"notifications", "mine", "--token_file", token}), "s-42");
  // Through the environment as well.
  setenv("JOBMATCH_TOKEN_FILE", token.c_str(), 1);
  EXPECT_EQ(SelfOf({"applications", "mine"}), "s-42");
  unsetenv("JOBMATCH_TOKEN_FILE");
  // Staff acting for someone still name them.
  EXPECT_EQ(SelfOf({"applications", "mine", "--token_file", token, "--profile", "s-7"}), "s-7");
  // No token: --subject, the development identity, as before.
  EXPECT_EQ(SelfOf({"applications", "mine", "--subject", "s-9"}), "s-9");
  EXPECT_EQ(SelfOf({"applications", "mine"}), "");
}

TEST(TokenSubjectTest, NotificationsMineNoLongerNeedsProfile) {
  auto inv = Parse({"notifications", "mine"});
  EXPECT_TRUE(inv.ok()) << inv.status();
}

}  // namespace
}  // namespace jobmatch::jobctl
