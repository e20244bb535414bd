// The application pipeline through a real in-process server on port 0,
// against the real MariaDB: the whole path as each role sees it, the hostile
// requests each role might try, validation, retries and what employers are
// never shown.
#include <cppconn/connection.h>
#include <cppconn/statement.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <set>

#include "jobmatch/v1/postings.pb.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using testing::EventsServer;
using testing::TestOptions;
using Stub = v1::EventsService::Stub;

struct As {
  std::string role, subject;
};
const As kAnn{"jobseeker", "ann"};
const As kBob{"jobseeker", "bob"};
const As kEmp1{"employer", "emp-1"};
const As kEmp2{"employer", "emp-2"};
const As kAdmin{"admin", "staff-1"};

std::set<std::string> Fields(const grpc::Status& s) {
  std::set<std::string> out;
  const google::rpc::BadRequest bad = BadRequestOf(FromGrpcStatus(s));
  for (const auto& v : bad.field_violations()) out.insert(v.field());
  return out;
}

class ApplicationServiceTest : public ::testing::Test {
 protected:
  ApplicationServiceTest() : server_(schemas_, TestOptions()), stub_(server_.NewStub()) {
    schemas_.AddPost("p1", 1, v1::POST_STATE_OPEN, "emp-1");
    schemas_.AddPost("p2", 3, v1::POST_STATE_OPEN, "emp-2");
  }

  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                    const As& as, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    ctx.AddMetadata("jobmatch-role", as.role);
    ctx.AddMetadata("jobmatch-subject", as.subject);
    return (stub_.get()->*method)(&ctx, req, resp);
  }

  grpc::Status Apply(const As& as, const std::string& id, const std::string& person,
                     const std::string& post) {
    v1::SubmitApplicationRequest req;
    req.set_request_id(id);
    req.set_profile_id(person);
    req.set_post_id(post);
    req.mutable_application()->set_channel("app");
    v1::SubmitApplicationResponse resp;
    return Call(&Stub::SubmitApplication, as, req, &resp);
  }
  grpc::Status Invite(const As& as, const std::string& id, const std::string& person,
                      const std::string& post) {
    v1::InviteInterviewRequest req;
    req.set_request_id(id);
    req.set_profile_id(person);
    req.set_post_id(post);
    req.mutable_interview()->mutable_interview_time()->set_seconds(1800000000);
    req.mutable_interview()->set_place("天元区人力资源市场");
    v1::InviteInterviewResponse resp;
    return Call(&Stub::InviteInterview, as, req, &resp);
  }
  grpc::Status Respond(const As& as, const std::string& id, const std::string& person,
                       const std::string& post, v1::InvitationAnswer answer,
                       v1::RespondToInvitationResponse* resp) {
    v1::RespondToInvitationRequest req;
    req.set_request_id(id);
    req.set_profile_id(person);
    req.set_post_id(post);
    req.mutable_response()->set_answer(answer);
    return Call(&Stub::RespondToInvitation, as, req, resp);
  }
  grpc::Status Withdraw(const As& as, const std::string& id, const std::string& person,
                        const std::string& post, v1::WithdrawApplicationResponse* resp) {
    v1::WithdrawApplicationRequest req;
    req.set_request_id(id);
    req.set_profile_id(person);
    req.set_post_id(post);
    req.mutable_withdrawal()->set_reason("找到了别的工作");
    return Call(&Stub::WithdrawApplication, as, req, resp);
  }
  grpc::Status Hire(const As& as, const std::string& id, const std::string& person,
                    const std::string& post, v1::RecordHireResponse* resp,
                    const std::string& on_site = "") {
    v1::RecordHireRequest req;
    req.set_request_id(id);
    req.set_profile_id(person);
    req.set_post_id(post);
    req.mutable_hire()->set_on_site_channel(on_site);
    return Call(&Stub::RecordHire, as, req, resp);
  }
  grpc::Status Undo(const As& as, const std::string& id, const std::string& person,
                    const std::string& post, v1::UndoHireResponse* resp) {
    v1::UndoHireRequest req;
    req.set_request_id(id);
    req.set_profile_id(person);
    req.set_post_id(post);
    req.mutable_undo()->set_reason("offer withdrawn before the start");
    return Call(&Stub::UndoHire, as, req, resp);
  }
  grpc::Status Applicants(const As& as, const std::string& post,
                          std::vector<v1::ApplicationStatus> statuses,
                          v1::ListApplicantsResponse* resp) {
    v1::ListApplicantsRequest req;
    req.set_post_id(post);
    for (auto s : statuses) req.add_statuses(s);
    return Call(&Stub::ListApplicants, as, req, resp);
  }
  grpc::Status Mine(const As& as, const std::string& person, v1::ListMyApplicationsResponse* resp) {
    v1::ListMyApplicationsRequest req;
    req.set_profile_id(person);
    return Call(&Stub::ListMyApplications, as, req, resp);
  }

  int64_t Head() { return *server_.feed().Head(); }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<Stub> stub_;
};

// apply -> the employer sees it -> views -> invites -> accepted -> hired ->
// undone, each as the role that takes it, each answering a consistency token.
TEST_F(ApplicationServiceTest, TheWholePathAsEachRoleSeesIt) {
  ASSERT_TRUE(Apply(kAnn, "a1", "ann", "p1").ok());
  v1::ListApplicantsResponse applicants;
  ASSERT_TRUE(Applicants(kEmp1, "p1", {}, &applicants).ok());
  ASSERT_EQ(applicants.applicants_size(), 1);
  EXPECT_EQ(applicants.applicants(0).profile_id(), "ann");
  EXPECT_EQ(applicants.applicants(0).status(), v1::APPLICATION_STATUS_APPLIED);

  v1::MarkApplicationViewedRequest view;
  view.set_request_id("v1");
  view.set_profile_id("ann");
  view.set_post_id("p1");
  v1::MarkApplicationViewedResponse viewed;
  ASSERT_TRUE(Call(&Stub::MarkApplicationViewed, kEmp1, view, &viewed).ok());
  EXPECT_EQ(viewed.event().kind(), v1::EVENT_KIND_APPLICATION_VIEWED);
  EXPECT_FALSE(viewed.consistency_token().empty());
  ASSERT_TRUE(Invite(kEmp1, "i1", "ann", "p1").ok());

  v1::RespondToInvitationResponse answered;
  ASSERT_TRUE(Respond(kAnn, "r1", "ann", "p1", v1::INVITATION_ANSWER_ACCEPT, &answered).ok());
  EXPECT_EQ(answered.event().kind(), v1::EVENT_KIND_INVITATION_RESPONSE);
  EXPECT_FALSE(answered.consistency_token().empty());

  ASSERT_TRUE(
      Applicants(kEmp1, "p1", {v1::APPLICATION_STATUS_INTERVIEW_ACCEPTED}, &applicants).ok());
  ASSERT_EQ(applicants.applicants_size(), 1);
  ASSERT_TRUE(Applicants(kEmp1, "p1", {v1::APPLICATION_STATUS_APPLIED}, &applicants).ok());
  EXPECT_EQ(applicants.applicants_size(), 0);

  v1::RecordHireResponse hired;
  ASSERT_TRUE(Hire(kEmp1, "h1", "ann", "p1", &hired).ok());
  EXPECT_EQ(hired.remaining_openings(), 0);
  v1::ListMyApplicationsResponse mine;
  ASSERT_TRUE(Mine(kAnn, "ann", &mine).ok());
  ASSERT_EQ(mine.applications_size(), 1);
  EXPECT_EQ(mine.applications(0).status(), v1::APPLICATION_STATUS_HIRED);
  EXPECT_EQ(mine.applications(0).interview_place(), "天元区人力资源市场");

  v1::UndoHireResponse undone;
  ASSERT_TRUE(Undo(kEmp1, "u1", "ann", "p1", &undone).ok());
  EXPECT_EQ(undone.remaining_openings(), 1);
  EXPECT_EQ(undone.event().kind(), v1::EVENT_KIND_HIRE_UNDONE);
  EXPECT_FALSE(undone.consistency_token().empty());
  EXPECT_EQ(std::get<1>(schemas_.PostRow("p1")), v1::POST_STATE_OPEN);
  ASSERT_TRUE(Mine(kAnn, "ann", &mine).ok());
  EXPECT_EQ(mine.applications(0).status(), v1::APPLICATION_STATUS_INTERVIEW_ACCEPTED);

  // Staff may undo too; a retry has one effect.
  ASSERT_TRUE(Hire(kEmp1, "h2", "ann", "p1", &hired).ok());
  v1::UndoHireResponse by_staff, retry;
  ASSERT_TRUE(Undo(kAdmin, "u2", "ann", "p1", &by_staff).ok());
  ASSERT_TRUE(Undo(kAdmin, "u2", "ann", "p1", &retry).ok());
  EXPECT_EQ(retry.event().cursor(), by_staff.event().cursor());
  EXPECT_EQ(retry.consistency_token(), by_staff.consistency_token());
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 1);
}

// Every hostile request is refused, and none of them writes anything.
TEST_F(ApplicationServiceTest, ScopingAttacksAreDenied) {
  ASSERT_TRUE(Apply(kAnn, "a1", "ann", "p1").ok());
  ASSERT_TRUE(Invite(kEmp1, "i1", "ann", "p1").ok());
  const int64_t head = Head();
  constexpr auto kDenied = grpc::StatusCode::PERMISSION_DENIED;

  // An employer listing the applicants of another employer's post, or of one
  // that does not exist (answered alike).
  v1::ListApplicantsResponse applicants;
  EXPECT_EQ(Applicants(kEmp2, "p1", {}, &applicants).error_code(), kDenied);
  EXPECT_EQ(Applicants(kEmp2, "nowhere", {}, &applicants).error_code(), kDenied);
  // A jobseeker listing applicants, or another person's applications.
  EXPECT_EQ(Applicants(kBob, "p1", {}, &applicants).error_code(), kDenied);
  v1::ListMyApplicationsResponse mine;
  EXPECT_EQ(Mine(kBob, "ann", &mine).error_code(), kDenied);
  EXPECT_EQ(Mine(kEmp1, "ann", &mine).error_code(), kDenied);
  // A jobseeker answering or withdrawing someone else's application.
  v1::RespondToInvitationResponse answered;
  EXPECT_EQ(Respond(kBob, "r1", "ann", "p1", v1::INVITATION_ANSWER_DECLINE, &answered).error_code(),
            kDenied);
  v1::WithdrawApplicationResponse withdrawn;
  EXPECT_EQ(Withdraw(kBob, "w1", "ann", "p1", &withdrawn).error_code(), kDenied);
  // An employer answering for the person, or withdrawing their application.
  EXPECT_EQ(Respond(kEmp1, "r2", "ann", "p1", v1::INVITATION_ANSWER_ACCEPT, &answered).error_code(),
            kDenied);
  EXPECT_EQ(Withdraw(kEmp1, "w2", "ann", "p1", &withdrawn).error_code(), kDenied);
  // A jobseeker hiring themself, or undoing a hire.
  v1::RecordHireResponse hired;
  EXPECT_EQ(Hire(kAnn, "h1", "ann", "p1", &hired).error_code(), kDenied);
  EXPECT_EQ(Hire(kAnn, "h2", "ann", "p1", &hired, "fair").error_code(), kDenied);
  // An employer recording an "on-site placement" to hire someone who never applied.
  EXPECT_EQ(Hire(kEmp1, "h3", "bob", "p1", &hired, "fair").error_code(), kDenied);
  // Another employer hiring, viewing or undoing on a post that is not theirs.
  EXPECT_EQ(Hire(kEmp2, "h4", "ann", "p1", &hired).error_code(), kDenied);
  v1::MarkApplicationViewedRequest view;
  view.set_request_id("v1");
  view.set_profile_id("ann");
  view.set_post_id("p1");
  v1::MarkApplicationViewedResponse viewed;
  EXPECT_EQ(Call(&Stub::MarkApplicationViewed, kEmp2, view, &viewed).error_code(), kDenied);
  EXPECT_EQ(Call(&Stub::MarkApplicationViewed, kAnn, view, &viewed).error_code(), kDenied);

  EXPECT_EQ(Head(), head);
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 1);

  // Then the real hire, and attempts to undo it by others.
  ASSERT_TRUE(Hire(kEmp1, "h5", "ann", "p1", &hired).ok());
  v1::UndoHireResponse undone;
  EXPECT_EQ(Undo(kEmp2, "u1", "ann", "p1", &undone).error_code(), kDenied);
  EXPECT_EQ(Undo(kAnn, "u2", "ann", "p1", &undone).error_code(), kDenied);
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 0);
}

TEST_F(ApplicationServiceTest, IllegalStepsAndClosedPostsAreFailedPrecondition) {
  schemas_.AddPost("closed", 2, v1::POST_STATE_CLOSED, "emp-1");
  grpc::Status closed = Apply(kAnn, "a0", "ann", "closed");
  EXPECT_EQ(closed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Apply(kAnn, "a-none", "ann", "nowhere").error_code(), grpc::StatusCode::NOT_FOUND);

  ASSERT_TRUE(Apply(kAnn, "a1", "ann", "p1").ok());
  v1::RespondToInvitationResponse answered;
  grpc::Status early = Respond(kAnn, "r1", "ann", "p1", v1::INVITATION_ANSWER_ACCEPT, &answered);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(early.error_message().find("the application is APPLIED"), std::string::npos);
  v1::WithdrawApplicationResponse withdrawn, again;
  ASSERT_TRUE(Withdraw(kAnn, "w1", "ann", "p1", &withdrawn).ok());
  ASSERT_TRUE(Withdraw(kAnn, "w1", "ann", "p1", &again).ok());  // a retry
  EXPECT_EQ(again.event().cursor(), withdrawn.event().cursor());
  v1::RecordHireResponse hired;
  EXPECT_EQ(Hire(kEmp1, "h1", "ann", "p1", &hired).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Hire(kEmp1, "h2", "bob", "p1", &hired).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // never applied
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 1);
  v1::UndoHireResponse undone;
  EXPECT_EQ(Undo(kEmp1, "u1", "ann", "p1", &undone).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Staff record an on-site placement of someone who never applied.
  ASSERT_TRUE(Hire(kAdmin, "h3", "cat", "p2", &hired, "fair").ok());
  EXPECT_EQ(hired.remaining_openings(), 2);
}

TEST_F(ApplicationServiceTest, BadRequestsNameTheirFields) {
  v1::RespondToInvitationRequest respond;
  respond.mutable_response()->mutable_proposed_time()->set_seconds(1800000000);
  v1::RespondToInvitationResponse answered;
  grpc::Status s = Call(&Stub::RespondToInvitation, kAnn, respond, &answered);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(s), (std::set<std::string>{"request_id", "profile_id", "post_id",
                                              "response.answer", "response.proposed_time"}));
  respond.set_request_id("r1");
  respond.set_profile_id("ann");
  respond.set_post_id("p1");
  respond.mutable_response()->set_answer(v1::INVITATION_ANSWER_RESCHEDULE);
  respond.mutable_response()->clear_proposed_time();
  s = Call(&Stub::RespondToInvitation, kAnn, respond, &answered);
  EXPECT_EQ(Fields(s), (std::set<std::string>{"response.proposed_time"}));

  v1::UndoHireRequest undo;
  undo.set_request_id("u1");
  undo.set_profile_id("ann");
  undo.set_post_id("p1");
  v1::UndoHireResponse undone;
  s = Call(&Stub::UndoHire, kEmp1, undo, &undone);
  EXPECT_EQ(Fields(s), (std::set<std::string>{"undo.reason"}));

  v1::RecordHireResponse hired;
  s = Hire(kAdmin, "h1", "ann", "p1", &hired, "stadium");
  EXPECT_EQ(Fields(s), (std::set<std::string>{"hire.on_site_channel"}));

  v1::ListApplicantsRequest list;
  list.set_page_size(1000);
  list.set_page_token("abc");
  list.add_statuses(v1::APPLICATION_STATUS_UNSPECIFIED);
  v1::ListApplicantsResponse applicants;
  s = Call(&Stub::ListApplicants, kEmp1, list, &applicants);
  EXPECT_EQ(Fields(s),
            (std::set<std::string>{"post_id", "page_size", "page_token", "statuses[0]"}));
  v1::ListMyApplicationsRequest mine_req;
  v1::ListMyApplicationsResponse mine;
  s = Call(&Stub::ListMyApplications, kAnn, mine_req, &mine);
  EXPECT_EQ(Fields(s), (std::set<std::string>{"profile_id"}));
  EXPECT_EQ(Head(), 0);
}

// Employers never see LOW_INCOME or DISABLED, even should the feed's facts
// about a person ever hold them; staff do.
TEST_F(ApplicationServiceTest, EmployersNeverSeeSensitiveStatuses) {
  ASSERT_TRUE(Apply(kAnn, "a1", "ann", "p1").ok());
  const uint32_t mask = (1u << v1::KEY_GROUP_GROUP_4050) | (1u << v1::KEY_GROUP_LOW_INCOME) |
                        (1u << v1::KEY_GROUP_DISABLED);
  ASSERT_TRUE(schemas_.events()
                  .WithConnection([&](sql::Connection& conn) {
                    std::unique_ptr<sql::Statement> st(conn.createStatement());
                    st->execute(absl::StrCat(
                        "INSERT INTO profile_facts (profile_id, region_code, group_mask)"
                        " VALUES ('ann', '430211', ",
                        mask, ")"));
                    return absl::OkStatus();
                  })
                  .ok());
  v1::ListApplicantsResponse seen;
  ASSERT_TRUE(Applicants(kEmp1, "p1", {}, &seen).ok());
  ASSERT_EQ(seen.applicants_size(), 1);
  EXPECT_EQ(seen.applicants(0).region_code(), "430211");
  ASSERT_EQ(seen.applicants(0).key_groups_size(), 1);
  EXPECT_EQ(seen.applicants(0).key_groups(0), v1::KEY_GROUP_GROUP_4050);
  ASSERT_TRUE(Applicants(kAdmin, "p1", {}, &seen).ok());
  EXPECT_EQ(seen.applicants(0).key_groups_size(), 3);
}

TEST_F(ApplicationServiceTest, ListsPageThroughEverything) {
  for (int i = 0; i < 5; ++i) {
    schemas_.AddPost(absl::StrCat("q", i), 1, v1::POST_STATE_OPEN, "emp-1");
    ASSERT_TRUE(Apply(kAnn, absl::StrCat("a", i), "ann", absl::StrCat("q", i)).ok());
  }
  std::vector<std::string> posts;
  v1::ListMyApplicationsRequest req;
  req.set_profile_id("ann");
  req.set_page_size(2);
  do {
    v1::ListMyApplicationsResponse page;
    ASSERT_TRUE(Call(&Stub::ListMyApplications, kAnn, req, &page).ok());
    for (const auto& a : page.applications()) posts.push_back(a.post_id());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  EXPECT_EQ(posts, (std::vector<std::string>{"q4", "q3", "q2", "q1", "q0"}));
}

}  // namespace
}  // namespace jobmatch::events
