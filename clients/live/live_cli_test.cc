// The live clients as an operator runs them: a token given as a flag, where
// `ps` shows it to every user of the machine, is refused (exit 2, saying where
// it goes), and the token files named instead are the ones read.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch::live {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `binary args` with no token in the environment.
Outcome RunClient(const std::string& binary, const std::string& args) {
  unsetenv("JOBMATCH_TOKEN");
  unsetenv("JOBMATCH_TOKEN_FILE");
  unsetenv("JOBMATCH_CA_FILE");
  FILE* pipe = popen((binary + " " + args + " </dev/null 2>&1").c_str(), "r");
  if (pipe == nullptr) return {};
  Outcome out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.output.append(buffer, n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

constexpr char kSecret[] = "eyJhbGciOi.secret.sig";

TEST(LiveCliTest, EveryTokenFlagIsRefusedSayingWhereTheTokenGoes) {
  struct Case {
    const char* binary;
    std::string args;
    const char* hint;
  };
  const std::string s = kSecret;
  const Case cases[] = {
      {JOBMATCH_LIVE_HOST, "--session=s-1 --host_id=h-1 --token=" + s,
       "--token_file FILE or $JOBMATCH_TOKEN"},
      {JOBMATCH_LIVE_HOST, "--session=s-1 --host_id=h-1 --stats_token " + s,
       "--stats_token_file FILE"},
      {JOBMATCH_LIVE_VIEWERS, "--profiles_file=/nonexistent --token=" + s,
       "--token_file FILE or $JOBMATCH_TOKEN"},
      {JOBMATCH_LIVE_VIEWERS, "--profiles_file=/nonexistent -host_token=" + s,
       "--host_token_file FILE"},
      {JOBMATCH_LIVE_VIEWERS, "--profiles_file=/nonexistent --staff_token=" + s,
       "--staff_token_file FILE"},
      {JOBMATCH_FRESHNESS, "--posts=1 --token=" + s, "--token_file FILE or $JOBMATCH_TOKEN"},
  };
  for (const Case& c : cases) {
    const Outcome out = RunClient(c.binary, c.args);
    EXPECT_EQ(out.exit_code, 2) << c.binary << " " << c.args << "\n" << out.output;
    EXPECT_THAT(out.output, HasSubstr(c.hint)) << c.binary << " " << c.args;
    EXPECT_THAT(out.output, Not(HasSubstr(kSecret))) << "the secret is not echoed";
  }
}

// The file flags are read: a missing token file stops the client before any
// call, naming the file.
TEST(LiveCliTest, TokenFilesAreReadFromTheirFlags) {
  const std::string missing = "/nonexistent/jobmatch.token";
  Outcome out =
      RunClient(JOBMATCH_LIVE_HOST, "--session=s-1 --host_id=h-1 --token_file=" + missing);
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_THAT(out.output, HasSubstr("cannot read token file " + missing));
  out = RunClient(JOBMATCH_LIVE_HOST, "--session=s-1 --host_id=h-1 --stats_token_file=" + missing);
  EXPECT_THAT(out.output, HasSubstr("cannot read token file " + missing));
  out = RunClient(JOBMATCH_FRESHNESS, "--posts=1 --token_file=" + missing);
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_THAT(out.output, HasSubstr("cannot read token file " + missing));
}

}  // namespace
}  // namespace jobmatch::live
