// The notifier against the real MariaDB and a real events service, asking a
// real matcher service (in process, port 0) for the people a new post fits;
// and the NotificationService through a real in-process server.
#include "services/events/notifier.h"

#include <cppconn/connection.h>
#include <cppconn/statement.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "jobmatch/v1/postings.pb.h"
#include "matcher/index/synthetic.h"
#include "matcher/service/matcher_work_service.h"
#include "services/common/auth/policy.h"
#include "services/common/db/database.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/server.h"
#include "services/common/testing/temp_path.h"
#include "services/events/matcher_wisher_source.h"
#include "services/events/notification_service.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using ::testing::ElementsAre;
using testing::EventsSchemas;
using testing::EventsServer;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TestOptions;
using ::testing::UnorderedElementsAre;

void Exec(db::Database& db, const std::string& sql) {
  ASSERT_TRUE(db.WithConnection([&](sql::Connection& c) {
                  std::unique_ptr<sql::Statement> st(c.createStatement());
                  st->execute(sql);
                  return absl::OkStatus();
                }).ok())
      << sql;
}

// Fails the first `failures` deliveries, then writes to the file gateway:
// the environment's fault, injected around the real gateway.
class FlakyGateway final : public NotificationGateway {
 public:
  FlakyGateway(NotificationGateway* real, int failures) : real_(real), failures_(failures) {}
  absl::Status Deliver(const Delivery& d) override {
    ++calls;
    if (failures_ > 0) {
      --failures_;
      return absl::UnavailableError("sms gateway timed out");
    }
    return real_->Deliver(d);
  }
  int calls = 0;

 private:
  NotificationGateway* real_;
  int failures_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class NotifierTest : public ::testing::Test {
 protected:
  NotifierTest()
      : server_(schemas_, TestOptions()),
        stub_(server_.NewStub()),
        store_(&schemas_.events(), schemas_.postings_schema()) {}

  void SetUp() override {
    HostOptions options;
    options.services = {&matcher_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    matcher_host_ = std::move(*host);
    wishers_ = std::make_unique<MatcherWisherSource>(
        grpc::CreateChannel(matcher_host_->target(), grpc::InsecureChannelCredentials()));
    file_ = jobmatch::testing::TempPath(
        absl::StrCat("notifications-",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name(), ".jsonl"));
    std::remove(file_.c_str());
    file_gateway_ = std::make_unique<FileNotificationGateway>(file_);

    // The post's title, as the postings service stores it.
    schemas_.AddPost("p1", 3, 2, "emp-1");
    v1::Post post;
    post.set_title("电焊工 联系13800138000");
    Exec(schemas_.postings(),
         absl::StrCat("UPDATE posts SET proto = X'",
                      absl::BytesToHexString(post.SerializeAsString()), "' WHERE post_id = 'p1'"));
    schemas_.AddProfile("ann", "430281101201");
    schemas_.AddProfile("bob", "430281101201");
  }
  void TearDown() override { matcher_host_->Shutdown(); }

  std::unique_ptr<Notifier> MakeNotifier(NotificationGateway* gateway, WisherSource* wishers) {
    NotifierOptions options;
    options.first_backoff = absl::Seconds(2);
    options.max_attempts = 3;
    return std::make_unique<Notifier>(&server_.feed(), &store_, wishers, gateway, &directory_,
                                      options, [this] { return now_; });
  }

  template <typename Req, typename Resp, typename Method>
  void Record(Method method, const Req& req) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", "admin");
    ctx.AddMetadata("jobmatch-subject", "staff");
    Resp resp;
    grpc::Status s = (stub_.get()->*method)(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void InviteHireReject() {
    // Invitations, hires and rejections are of applicants.
    for (const std::string person : {"ann", "bob"}) {
      v1::SubmitApplicationRequest apply;
      apply.set_request_id("a-" + person);
      apply.set_profile_id(person);
      apply.set_post_id("p1");
      Record<v1::SubmitApplicationRequest, v1::SubmitApplicationResponse>(
          &v1::EventsService::Stub::SubmitApplication, apply);
    }
    v1::InviteInterviewRequest invite;
    invite.set_request_id("i1");
    invite.set_profile_id("ann");
    invite.set_post_id("p1");
    invite.mutable_interview()->set_place("陶瓷园A栋");
    invite.mutable_interview()->mutable_interview_time()->set_seconds(1780000000 + 86400);
    Record<v1::InviteInterviewRequest, v1::InviteInterviewResponse>(
        &v1::EventsService::Stub::InviteInterview, invite);
    v1::RecordHireRequest hire;
    hire.set_request_id("h1");
    hire.set_profile_id("ann");
    hire.set_post_id("p1");
    Record<v1::RecordHireRequest, v1::RecordHireResponse>(&v1::EventsService::Stub::RecordHire,
                                                          hire);
    v1::RecordRejectionRequest reject;
    reject.set_request_id("r1");
    reject.set_profile_id("bob");
    reject.set_post_id("p1");
    reject.mutable_rejection()->set_reason("年龄偏大，低保户");
    Record<v1::RecordRejectionRequest, v1::RecordRejectionResponse>(
        &v1::EventsService::Stub::RecordRejection, reject);
  }

  // A post the matcher knows, open, for welders within reach of 醴陵.
  static matcher::PostRecord WelderPost(const std::string& id) {
    matcher::PostRecord p;
    p.id = id;
    p.employer_id = "emp-1";
    p.title = "电焊工";
    p.occupation_code = "6-18-02-04";
    p.region_code = "430281";
    p.point = {113.50, 27.65};
    p.max_age = 45;
    p.create_time = matcher::synthetic::At().now - 3600;
    return p;
  }
  static matcher::Seeker Person(const std::string& id, int birth, std::vector<std::string> wants) {
    matcher::Seeker s;
    s.id = id;
    s.name = "李四";
    s.birth_yyyymmdd = birth;
    s.sex = 1;
    s.education = 3;
    s.residence = s.hukou = {113.50, 27.66};
    s.residence_region = s.hukou_region = "430281101201";
    s.wanted_occupations = std::move(wants);
    return s;
  }

  // The post's opening as the feed says it: through the postings outbox.
  void PostOpened(const std::string& post_id) {
    v1::Event e;
    e.set_kind(v1::EVENT_KIND_POST_CHANGED);
    e.set_post_id(post_id);
    e.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
    e.mutable_change()->set_post_state(2);
    schemas_.WriteOutbox(schemas_.postings(), e);
    ASSERT_TRUE(server_.core().RelayOnce().ok());
  }

  std::vector<v1::Notification> All() {
    NotificationQuery q;
    q.limit = 100;
    q.with_attempts = true;
    absl::StatusOr<std::vector<v1::Notification>> all = store_.List(q);
    EXPECT_TRUE(all.ok()) << all.status();
    return all.ok() ? *all : std::vector<v1::Notification>{};
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
  MysqlNotificationStore store_;
  AppPushDirectory directory_;
  matcher::NoOccupationRelations relations_;
  matcher::MatchIndex index_{&relations_};
  matcher::MatcherWorkService matcher_{&index_, /*hub=*/nullptr,
                                       [] { return matcher::synthetic::At().now; }};
  std::unique_ptr<ServiceHost> matcher_host_;
  std::unique_ptr<MatcherWisherSource> wishers_;
  std::string file_;
  std::unique_ptr<FileNotificationGateway> file_gateway_;
  // Delivery compares with the rows' own CURRENT_TIMESTAMP: start at the real now.
  absl::Time now_ = absl::Now();
};

TEST_F(NotifierTest, InterviewHireAndRejectionAreEachNotifiedOnceEvenWhenTheFeedIsReadAgain) {
  InviteHireReject();
  auto notifier = MakeNotifier(file_gateway_.get(), wishers_.get());
  ASSERT_EQ(*notifier->FollowOnce(), 5);  // two applications, then three to tell
  EXPECT_EQ(*notifier->FollowOnce(), 0);  // nothing new
  // The position lost (a restored backup, a second replica starting over):
  // the feed read again from the start makes nothing twice.
  Exec(schemas_.events(), "UPDATE notifier_position SET last_cursor = 0");
  ASSERT_EQ(*notifier->FollowOnce(), 5);  // two applications, then three to tell

  const std::vector<v1::Notification> all = All();
  ASSERT_EQ(all.size(), 3u);
  std::vector<std::pair<std::string, v1::NotificationKind>> made;
  for (const v1::Notification& n : all) {
    made.emplace_back(n.profile_id(), n.kind());
    EXPECT_EQ(n.state(), v1::DELIVERY_STATE_PENDING);
    EXPECT_EQ(n.post_id(), "p1");
    // The employer's title named a phone; the rejection's reason named a
    // status: neither reaches the person's phone screen.
    EXPECT_THAT(n.text(), HasSubstr("「电焊工 联系***」"));
    EXPECT_THAT(n.text(), Not(HasSubstr("13800138000")));
    EXPECT_THAT(n.text(), Not(HasSubstr("低保")));
  }
  EXPECT_THAT(
      made, UnorderedElementsAre(std::make_pair("ann", v1::NOTIFICATION_KIND_INTERVIEW_INVITATION),
                                 std::make_pair("ann", v1::NOTIFICATION_KIND_HIRED),
                                 std::make_pair("bob", v1::NOTIFICATION_KIND_REJECTED)));
}

TEST_F(NotifierTest, ANewPostIsNotifiedToTheEligibleWhoWantItByTheMatchersRulesOnce) {
  index_.UpsertPost(WelderPost("p1"));
  index_.UpsertSeeker(Person("ann", 19900101, {"6-18-02-04"}));  // eligible, wants it
  index_.UpsertSeeker(Person("cat", 19900101, {"6-18"}));        // wants its group
  index_.UpsertSeeker(Person("old", 19600101, {"6-18-02-04"}));  // 66: over the age limit
  index_.UpsertSeeker(Person("dan", 19900101, {"4-10-01-06"}));  // eligible, wants other work
  matcher::Seeker far = Person("far", 19900101, {"6-18-02-04"});
  far.residence = far.hukou = {112.98, 28.60};  // Changsha, out of reach
  index_.UpsertSeeker(far);

  PostOpened("p1");
  auto notifier = MakeNotifier(file_gateway_.get(), wishers_.get());
  ASSERT_EQ(*notifier->FollowOnce(), 1);
  std::vector<std::string> told;
  for (const v1::Notification& n : All()) {
    told.push_back(n.profile_id());
    EXPECT_EQ(n.kind(), v1::NOTIFICATION_KIND_NEW_POST);
    EXPECT_EQ(n.text(), "有新岗位符合您的求职意向：「电焊工」。打开App查看详情并申请。");
  }
  EXPECT_THAT(told, UnorderedElementsAre("ann", "cat"));

  // An edit of the open post, and the feed read again: nobody is told twice,
  // and the matcher is not asked again.
  index_.UpsertSeeker(Person("eve", 19900101, {"6-18-02-04"}));
  PostOpened("p1");
  ASSERT_EQ(*notifier->FollowOnce(), 1);
  Exec(schemas_.events(), "UPDATE notifier_position SET last_cursor = 0");
  ASSERT_EQ(*notifier->FollowOnce(), 2);
  EXPECT_EQ(All().size(), 2u);
}

TEST_F(NotifierTest, AMatcherThatCannotAnswerHoldsThePositionAtThePostKeepingWhatCameBefore) {
  // A matcher on a port nobody listens on.
  MatcherWisherSource down(grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
  index_.UpsertPost(WelderPost("p1"));
  index_.UpsertSeeker(Person("ann", 19900101, {"6-18-02-04"}));
  v1::SubmitApplicationRequest apply;
  apply.set_request_id("a1");
  apply.set_profile_id("bob");
  apply.set_post_id("p1");
  Record<v1::SubmitApplicationRequest, v1::SubmitApplicationResponse>(
      &v1::EventsService::Stub::SubmitApplication, apply);
  v1::InviteInterviewRequest invite;
  invite.set_request_id("i1");
  invite.set_profile_id("bob");
  invite.set_post_id("p1");
  invite.mutable_interview()->mutable_interview_time()->set_seconds(1780000000 + 86400);
  Record<v1::InviteInterviewRequest, v1::InviteInterviewResponse>(
      &v1::EventsService::Stub::InviteInterview, invite);
  PostOpened("p1");

  auto failing = MakeNotifier(file_gateway_.get(), &down);
  EXPECT_FALSE(failing->FollowOnce().ok());
  // The application (no notification) and the invitation are kept; the post waits.
  EXPECT_EQ(*store_.Position(), 2);
  ASSERT_EQ(All().size(), 1u);

  auto notifier = MakeNotifier(file_gateway_.get(), wishers_.get());
  ASSERT_EQ(*notifier->FollowOnce(), 1);
  EXPECT_EQ(*store_.Position(), 3);
  EXPECT_EQ(All().size(), 2u);
}

TEST_F(NotifierTest, AFailingGatewayIsRetriedWithBackoffAndEveryAttemptLogged) {
  InviteHireReject();
  FlakyGateway flaky(file_gateway_.get(), 2);
  auto notifier = MakeNotifier(&flaky, nullptr);
  ASSERT_EQ(*notifier->FollowOnce(), 5);  // two applications, then three to tell
  // Only the interview: the other two delivered at once would hide the retries.
  Exec(schemas_.events(), "DELETE FROM notifications WHERE kind <> 2");
  now_ = absl::Now();  // the rows are due from their creation on

  EXPECT_EQ(*notifier->DeliverOnce(), 0);  // attempt 1 fails: again in 2 s
  EXPECT_EQ(*notifier->DeliverOnce(), 0);  // not due yet: no attempt
  EXPECT_EQ(flaky.calls, 1);
  now_ += absl::Seconds(2);
  EXPECT_EQ(*notifier->DeliverOnce(), 0);  // attempt 2 fails: again in 4 s
  now_ += absl::Seconds(3);
  EXPECT_EQ(*notifier->DeliverOnce(), 0);
  EXPECT_EQ(flaky.calls, 2);
  now_ += absl::Seconds(1);
  EXPECT_EQ(*notifier->DeliverOnce(), 1);  // attempt 3 delivers
  EXPECT_EQ(flaky.calls, 3);

  const std::vector<v1::Notification> all = All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].state(), v1::DELIVERY_STATE_DELIVERED);
  EXPECT_EQ(all[0].attempts(), 3);
  ASSERT_EQ(all[0].attempt_log_size(), 3);
  EXPECT_FALSE(all[0].attempt_log(0).ok());
  EXPECT_EQ(all[0].attempt_log(0).error(), "sms gateway timed out");
  EXPECT_TRUE(all[0].attempt_log(2).ok());
  // One JSON line, addressed to the person's app, the text as stored.
  EXPECT_EQ(ReadFile(file_),
            absl::StrCat("{\"notification_id\":\"", all[0].notification_id(),
                         "\",\"channel\":\"app\",\"address\":\"app:ann\",\"text\":\"",
                         all[0].text(), "\"}\n"));
}

TEST_F(NotifierTest, AfterTheLastAttemptANotificationFailsAndIsNotTriedAgain) {
  InviteHireReject();
  FlakyGateway broken(file_gateway_.get(), 1000);
  auto notifier = MakeNotifier(&broken, nullptr);
  ASSERT_EQ(*notifier->FollowOnce(), 5);  // two applications, then three to tell
  now_ = absl::Now();
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(notifier->DeliverOnce().ok());
    now_ += absl::Hours(1);
  }
  EXPECT_EQ(broken.calls, 9);  // 3 notifications x max_attempts 3
  for (const v1::Notification& n : All()) {
    EXPECT_EQ(n.state(), v1::DELIVERY_STATE_FAILED);
    EXPECT_EQ(n.attempt_log_size(), 3);
  }
}

// NotificationService through a real in-process server.
class NotificationServiceTest : public NotifierTest {
 protected:
  void SetUp() override {
    NotifierTest::SetUp();
    HostOptions options;
    options.services = {&service_};
    options.shutdown_grace = absl::Milliseconds(200);
    auto host = ServiceHost::Start(std::move(options));
    ASSERT_TRUE(host.ok()) << host.status();
    host_ = std::move(*host);
    notify_stub_ = v1::NotificationService::NewStub(
        grpc::CreateChannel(host_->target(), grpc::InsecureChannelCredentials()));
    InviteHireReject();
    auto notifier = MakeNotifier(file_gateway_.get(), nullptr);
    ASSERT_EQ(*notifier->FollowOnce(), 5);  // two applications, then three to tell
  }
  void TearDown() override {
    host_->Shutdown();
    NotifierTest::TearDown();
  }

  grpc::Status Mine(const std::string& role, const std::string& subject,
                    const v1::ListMyNotificationsRequest& req,
                    v1::ListMyNotificationsResponse* resp) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("jobmatch-role", role);
    ctx.AddMetadata("jobmatch-subject", subject);
    return notify_stub_->ListMyNotifications(&ctx, req, resp);
  }

  NotificationService service_{&store_};
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::NotificationService::Stub> notify_stub_;
};

TEST_F(NotificationServiceTest, AJobseekerListsTheirOwnNewestFirstInPages) {
  v1::ListMyNotificationsRequest req;
  req.set_profile_id("ann");
  req.set_page_size(1);
  v1::ListMyNotificationsResponse first, second, third;
  ASSERT_TRUE(Mine("jobseeker", "ann", req, &first).ok());
  ASSERT_EQ(first.notifications_size(), 1);
  EXPECT_EQ(first.notifications(0).kind(), v1::NOTIFICATION_KIND_HIRED);
  EXPECT_EQ(first.notifications(0).attempt_log_size(), 0);
  req.set_page_token(first.next_page_token());
  ASSERT_TRUE(Mine("jobseeker", "ann", req, &second).ok());
  ASSERT_EQ(second.notifications_size(), 1);
  EXPECT_EQ(second.notifications(0).kind(), v1::NOTIFICATION_KIND_INTERVIEW_INVITATION);
  req.set_page_token(second.next_page_token());
  ASSERT_TRUE(Mine("jobseeker", "ann", req, &third).ok());
  EXPECT_EQ(third.notifications_size(), 0);
  EXPECT_TRUE(third.next_page_token().empty());
}

TEST_F(NotificationServiceTest, AJobseekerAskingForSomeoneElsesIsRefusedBeforeAnyRead) {
  v1::ListMyNotificationsRequest req;
  req.set_profile_id("bob");
  v1::ListMyNotificationsResponse resp;
  grpc::Status s = Mine("jobseeker", "ann", req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(resp.notifications_size(), 0);
  // An employer is kept out by the platform's policy before the handler.
  const auth::AccessPolicy& policy = auth::AccessPolicy::Default();
  for (const char* method : {"/jobmatch.v1.NotificationService/ListMyNotifications",
                             "/jobmatch.v1.NotificationService/ListNotifications"}) {
    EXPECT_FALSE(policy.Allows(method, Role::kEmployer)) << method;
    EXPECT_FALSE(policy.Allows(method, Role::kLiveHost)) << method;
    EXPECT_FALSE(policy.Allows(method, Role::kRecruiter)) << method;
  }
  EXPECT_TRUE(
      policy.Allows("/jobmatch.v1.NotificationService/ListMyNotifications", Role::kJobseeker));
  EXPECT_FALSE(
      policy.Allows("/jobmatch.v1.NotificationService/ListNotifications", Role::kJobseeker));
}

TEST_F(NotificationServiceTest, BadRequestsNameTheirFields) {
  v1::ListMyNotificationsRequest req;
  req.set_page_size(500);
  req.set_page_token("x");
  v1::ListMyNotificationsResponse resp;
  grpc::Status s = Mine("admin", "staff", req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad = BadRequestOf(FromGrpcStatus(s));
  for (const auto& v : bad.field_violations()) {
    fields.push_back(v.field());
  }
  EXPECT_THAT(fields, UnorderedElementsAre("profile_id", "page_size", "page_token"));

  grpc::ClientContext ctx;
  ctx.AddMetadata("jobmatch-role", "admin");
  v1::ListNotificationsRequest staff;
  staff.set_state(static_cast<v1::DeliveryState>(9));
  v1::ListNotificationsResponse log;
  s = notify_stub_->ListNotifications(&ctx, staff, &log);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(NotificationServiceTest, StaffReadTheDeliveryLogWithAttempts) {
  auto notifier = MakeNotifier(file_gateway_.get(), nullptr);
  now_ = absl::Now();
  ASSERT_EQ(*notifier->DeliverOnce(), 3);
  grpc::ClientContext ctx;
  ctx.AddMetadata("jobmatch-role", "admin");
  ctx.AddMetadata("jobmatch-subject", "staff");
  v1::ListNotificationsRequest req;
  req.set_profile_id("bob");
  v1::ListNotificationsResponse resp;
  ASSERT_TRUE(notify_stub_->ListNotifications(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.notifications_size(), 1);
  EXPECT_EQ(resp.notifications(0).state(), v1::DELIVERY_STATE_DELIVERED);
  ASSERT_EQ(resp.notifications(0).attempt_log_size(), 1);
  EXPECT_TRUE(resp.notifications(0).attempt_log(0).ok());
}

}  // namespace
}  // namespace jobmatch::events
