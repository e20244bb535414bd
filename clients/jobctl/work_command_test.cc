// `jobctl worklist` run whole (parsing, the call, the table, the exit code)
// against a matcher's MatcherWorkService in process on port 0.
#include <grpcpp/grpcpp.h>

#include <sstream>

#include "clients/jobctl/cli.h"
#include "clients/jobctl/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/matcher_work_service.h"
#include "services/common/server.h"

namespace jobmatch::jobctl {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class WorklistCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    matcher::Seeker s;
    s.id = "p-idle";
    s.name = "赵六";
    s.residence_region = s.hukou_region = "430225101201";
    s.groups = matcher::GroupBit(5);  // POVERTY_LABOR
    s.registered = matcher::synthetic::At().now - 45 * 86400;
    s.wanted_occupations = {"4-10-01-06"};
    index_.UpsertSeeker(s);
    HostOptions options;
    options.services = {&service_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(*host);
  }
  void TearDown() override { host_->Shutdown(); }

  int Run(std::vector<std::string> argv, std::string* out, std::string* err) {
    argv.insert(argv.begin(), {"--matcher", host_->target()});
    std::ostringstream o, e;
    const int code = RunJobctl(argv, Output{&o, &e, false});
    *out = o.str();
    *err = e.str();
    return code;
  }

  matcher::NoOccupationRelations relations_;
  matcher::MatchIndex index_{&relations_};
  matcher::MatcherWorkService service_{&index_, /*hub=*/nullptr,
                                       [] { return matcher::synthetic::At().now; }};
  std::unique_ptr<ServiceHost> host_;
};

TEST_F(WorklistCommandTest, PrintsVillagesAndPeopleAndExitsByClass) {
  std::string out, err;
  ASSERT_EQ(Run({"worklist", "--days", "30", "--region", "430225"}, &out, &err), 0) << err;
  EXPECT_THAT(out, HasSubstr("1 people of the key groups with no application or placement in 30"));
  EXPECT_THAT(out, HasSubstr("430225101201"));
  EXPECT_THAT(out, ContainsRegex("p-idle +\\S+ +45 +POVERTY_LABOR +4-10-01-06"));
  EXPECT_THAT(out, HasSubstr("赵*"));  // masked
  EXPECT_THAT(out, HasSubstr("POVERTY_LABOR"));

  // A recruiter without regions is refused (exit 5), bad input names its flag (exit 3).
  EXPECT_EQ(Run({"--role", "recruiter", "--subject", "r-9", "worklist"}, &out, &err), 5);
  EXPECT_EQ(Run({"worklist", "--days", "0"}, &out, &err), 3);
  EXPECT_THAT(err, HasSubstr("days"));
}

}  // namespace
}  // namespace jobmatch::jobctl
