// jobctl's application commands run whole (RunJobctl) against an in-process
// events server on the real MariaDB, as a jobseeker and as an employer.
#include <google/protobuf/util/json_util.h>

#include <sstream>

#include "clients/jobctl/cli.h"
#include "clients/jobctl/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;
using ::testing::HasSubstr;

struct Ran {
  int code;
  std::string out;
  std::string err;
};

class ApplicationsCommandTest : public ::testing::Test {
 protected:
  ApplicationsCommandTest() { schemas_.AddPost("p1", 1, v1::POST_STATE_OPEN, "emp-1"); }

  Ran Run(const std::string& role, const std::string& subject, std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"--events", server_.target(), "--role", role, "--subject", subject});
    std::ostringstream out, err;
    const int code = RunJobctl(argv, Output{&out, &err, false});
    return {code, out.str(), err.str()};
  }

  // The steps jobctl has no command for (they have their own clients).
  void Step(const std::string& what) {
    auto stub = server_.NewStub();
    grpc::ClientContext ctx;
    grpc::Status s;
    if (what == "apply") {
      v1::SubmitApplicationRequest r;
      r.set_request_id("a1");
      r.set_profile_id("ann");
      r.set_post_id("p1");
      v1::SubmitApplicationResponse resp;
      s = stub->SubmitApplication(&ctx, r, &resp);
    } else if (what == "invite") {
      v1::InviteInterviewRequest r;
      r.set_request_id("i1");
      r.set_profile_id("ann");
      r.set_post_id("p1");
      r.mutable_interview()->mutable_interview_time()->set_seconds(1800000000);
      v1::InviteInterviewResponse resp;
      s = stub->InviteInterview(&ctx, r, &resp);
    } else {
      v1::RecordHireRequest r;
      r.set_request_id("h1");
      r.set_profile_id("ann");
      r.set_post_id("p1");
      v1::RecordHireResponse resp;
      s = stub->RecordHire(&ctx, r, &resp);
    }
    ASSERT_TRUE(s.ok()) << what << ": " << s.error_message();
  }

  events::testing::EventsSchemas schemas_;
  events::testing::EventsServer server_{schemas_, events::testing::TestOptions()};
};

TEST_F(ApplicationsCommandTest, EachRoleFollowsAndMovesItsApplications) {
  Step("apply");
  Ran listed = Run("employer", "emp-1", {"--json", "applications", "list", "--post", "p1"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  v1::ApplicationRecord record;
  const std::string first_line = listed.out.substr(0, listed.out.find('\n'));
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(first_line, &record).ok()) << listed.out;
  EXPECT_EQ(record.profile_id(), "ann");
  EXPECT_EQ(record.status(), v1::APPLICATION_STATUS_APPLIED);

  Ran viewed =
      Run("employer", "emp-1", {"applications", "view", "--profile", "ann", "--post", "p1"});
  ASSERT_EQ(viewed.code, 0) << viewed.err;
  EXPECT_THAT(viewed.out, HasSubstr("viewed: ann on post p1"));
  Ran other = Run("employer", "emp-2", {"applications", "list", "--post", "p1"});
  EXPECT_EQ(other.code, kExitDenied) << other.err;

  Step("invite");
  Ran answered = Run("jobseeker", "ann",
                     {"applications", "respond", "--post", "p1", "--answer", "reschedule", "--time",
                      "2026-12-10T14:00:00+08:00"});
  ASSERT_EQ(answered.code, 0) << answered.err;
  Ran mine = Run("jobseeker", "ann", {"applications", "mine"});
  ASSERT_EQ(mine.code, 0) << mine.err;
  EXPECT_THAT(mine.out, HasSubstr("INTERVIEW_RESCHEDULED"));
  EXPECT_THAT(mine.out, HasSubstr("2026-12-10 14:00:00"));
  Ran bad_time = Run(
      "jobseeker", "ann",
      {"applications", "respond", "--post", "p1", "--answer", "reschedule", "--time", "tomorrow"});
  EXPECT_EQ(bad_time.code, kExitUsage);

  Ran hostile =
      Run("jobseeker", "bob", {"applications", "withdraw", "--profile", "ann", "--post", "p1"});
  EXPECT_EQ(hostile.code, kExitDenied) << hostile.err;

  Step("hire");
  Ran undone = Run("employer", "emp-1",
                   {"applications", "undo-hire", "--profile", "ann", "--post", "p1", "--reason",
                    "offer withdrawn"});
  ASSERT_EQ(undone.code, 0) << undone.err;
  EXPECT_THAT(undone.out, HasSubstr("openings left 1"));
  Ran withdrawn = Run("jobseeker", "ann", {"applications", "withdraw", "--post", "p1"});
  ASSERT_EQ(withdrawn.code, 0) << withdrawn.err;
  Ran again = Run("jobseeker", "ann", {"applications", "withdraw", "--post", "p1"});
  EXPECT_EQ(again.code, kExitInvalid) << again.err;  // FAILED_PRECONDITION: already withdrawn
  EXPECT_THAT(again.err, HasSubstr("WITHDRAWN"));
}

}  // namespace
}  // namespace jobmatch::jobctl
