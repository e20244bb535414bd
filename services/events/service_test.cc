// Every unary RPC through a real in-process server on port 0, against the
// real MariaDB: answers, idempotent retries and failure paths.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <future>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/events/requests.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using testing::EventsServer;
using testing::TestOptions;

class ServiceTest : public ::testing::Test {
 protected:
  ServiceTest() : server_(schemas_, TestOptions()), stub_(server_.NewStub()) {}

  template <typename Req, typename Resp, typename Method>
  grpc::Status Call(Method method, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return (stub_.get()->*method)(&ctx, req, resp);
  }

  v1::RecordViewRequest ViewReq(const std::string& id) {
    v1::RecordViewRequest r;
    r.set_request_id(id);
    r.set_profile_id("ann");
    r.set_post_id("p1");
    r.mutable_view()->set_channel("app");
    return r;
  }

  v1::RecordHireRequest HireReq(const std::string& id, const std::string& person,
                                const std::string& post) {
    v1::RecordHireRequest r;
    r.set_request_id(id);
    r.set_profile_id(person);
    r.set_post_id(post);
    return r;
  }

  // `person` applies to `post` (hires, invitations and rejections are of applicants).
  void Applied(const std::string& person, const std::string& post) {
    v1::SubmitApplicationRequest r;
    r.set_request_id("apply-" + person + "-" + post);
    r.set_profile_id(person);
    r.set_post_id(post);
    v1::SubmitApplicationResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = stub_->SubmitApplication(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

using Stub = v1::EventsService::Stub;

TEST_F(ServiceTest, RecordViewIsIdempotentByRequestId) {
  v1::RecordViewResponse first, retry;
  ASSERT_TRUE(Call(&Stub::RecordView, ViewReq("v1"), &first).ok());
  EXPECT_EQ(first.event().cursor(), 1);
  EXPECT_EQ(first.event().kind(), v1::EVENT_KIND_VIEW);
  EXPECT_TRUE(first.event().has_time());
  ASSERT_TRUE(Call(&Stub::RecordView, ViewReq("v1"), &retry).ok());
  EXPECT_EQ(retry.event().cursor(), 1);
  EXPECT_EQ(*server_.feed().Head(), 1);

  v1::RecordViewRequest other = ViewReq("v1");
  other.set_post_id("p2");
  grpc::Status reused = Call(&Stub::RecordView, other, &retry);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, JobseekersRecordOnlyForThemselvesAndHostsOnlyInTheirSessions) {
  grpc::ClientContext as_bob;
  as_bob.AddMetadata("jobmatch-role", "jobseeker");
  as_bob.AddMetadata("jobmatch-subject", "bob");
  v1::RecordViewResponse resp;
  EXPECT_EQ(stub_->RecordView(&as_bob, ViewReq("v1"), &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext as_ann;
  as_ann.AddMetadata("jobmatch-role", "jobseeker");
  as_ann.AddMetadata("jobmatch-subject", "ann");
  EXPECT_TRUE(stub_->RecordView(&as_ann, ViewReq("v2"), &resp).ok());

  v1::PushLivePostRequest push;
  push.set_request_id("l1");
  push.set_post_id("p1");
  push.mutable_live_push()->set_host_id("host-1");
  push.mutable_live_push()->set_session_id("s-2");
  v1::PushLivePostResponse pushed;
  grpc::ClientContext host;
  host.AddMetadata("jobmatch-role", "live_host");
  host.AddMetadata("jobmatch-subject", "host-1");
  host.AddMetadata("jobmatch-sessions", "s-1");
  EXPECT_EQ(stub_->PushLivePost(&host, push, &pushed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(*server_.feed().Head(), 1);
}

// The fields named by the BadRequest of a per-item status.
std::set<std::string> ItemFields(const v1::RecordViewResult& result) {
  std::set<std::string> fields;
  for (const auto& any : result.status().details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.insert(v.field());
    }
  }
  return fields;
}

TEST_F(ServiceTest, RecordViewsAnswersEachItemAndRetriesHaveOneEffect) {
  v1::RecordViewsRequest req;
  *req.add_views() = ViewReq("b0");
  req.add_views()->set_request_id("b1");  // no person, no post
  *req.add_views() = ViewReq("b2");
  req.mutable_views(2)->set_post_id("p2");
  *req.add_views() = ViewReq("b0");  // b0 again, for another post
  req.mutable_views(3)->set_post_id("p9");

  v1::RecordViewsResponse first;
  ASSERT_TRUE(Call(&Stub::RecordViews, req, &first).ok());
  ASSERT_EQ(first.results_size(), 4);
  EXPECT_EQ(first.results(0).status().code(), 0);
  EXPECT_EQ(first.results(0).event().post_id(), "p1");
  EXPECT_EQ(first.results(1).status().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ItemFields(first.results(1)),
            (std::set<std::string>{"views[1].profile_id", "views[1].post_id"}));
  EXPECT_FALSE(first.results(1).has_event());
  EXPECT_EQ(first.results(2).status().code(), 0);
  EXPECT_EQ(first.results(2).event().post_id(), "p2");
  EXPECT_EQ(first.results(3).status().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ItemFields(first.results(3)), (std::set<std::string>{"views[3].request_id"}));
  EXPECT_EQ(*server_.feed().Head(), 2);

  // The whole call again, and b0 alone through RecordView: the same events, nothing new.
  v1::RecordViewsResponse again;
  ASSERT_TRUE(Call(&Stub::RecordViews, req, &again).ok());
  EXPECT_EQ(again.results(0).event().cursor(), first.results(0).event().cursor());
  EXPECT_EQ(again.results(2).event().cursor(), first.results(2).event().cursor());
  v1::RecordViewResponse single;
  ASSERT_TRUE(Call(&Stub::RecordView, ViewReq("b0"), &single).ok());
  EXPECT_EQ(single.event().cursor(), first.results(0).event().cursor());
  EXPECT_EQ(*server_.feed().Head(), 2);
}

TEST_F(ServiceTest, RecordViewsRefusesAnEmptyOrOversizedCall) {
  v1::RecordViewsRequest req;
  v1::RecordViewsResponse resp;
  grpc::Status s = Call(&Stub::RecordViews, req, &resp);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(BadRequestOf(FromGrpcStatus(s)).field_violations_size(), 1);
  EXPECT_EQ(BadRequestOf(FromGrpcStatus(s)).field_violations(0).field(), "views");
  for (int i = 0; i <= kMaxViewsPerCall; ++i) *req.add_views() = ViewReq(absl::StrCat("v", i));
  EXPECT_EQ(Call(&Stub::RecordViews, req, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(*server_.feed().Head(), 0);
}

TEST_F(ServiceTest, RecordViewsFromAJobseekerAcceptsOnlyTheirOwn) {
  v1::RecordViewsRequest req;
  *req.add_views() = ViewReq("mine");
  *req.add_views() = ViewReq("theirs");
  req.mutable_views(1)->set_profile_id("bob");
  grpc::ClientContext as_ann;
  as_ann.AddMetadata("jobmatch-role", "jobseeker");
  as_ann.AddMetadata("jobmatch-subject", "ann");
  v1::RecordViewsResponse resp;
  ASSERT_TRUE(stub_->RecordViews(&as_ann, req, &resp).ok());
  EXPECT_EQ(resp.results(0).status().code(), 0);
  EXPECT_EQ(resp.results(1).status().code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(*server_.feed().Head(), 1);
}

TEST_F(ServiceTest, InvalidRequestNamesEveryField) {
  v1::RecordViewRequest bad;
  bad.mutable_view()->set_channel("tv");
  v1::RecordViewResponse resp;
  grpc::Status s = Call(&Stub::RecordView, bad, &resp);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto violations = BadRequestOf(FromGrpcStatus(s)).field_violations();
  std::set<std::string> fields;
  for (const auto& v : violations) fields.insert(v.field());
  EXPECT_EQ(fields, (std::set<std::string>{"request_id", "profile_id", "post_id", "view.channel"}));
  EXPECT_EQ(*server_.feed().Head(), 0);
}

TEST_F(ServiceTest, SecondApplicationIsAlreadyExists) {
  schemas_.AddPost("p1", 1);
  schemas_.AddPost("p2", 1);
  v1::SubmitApplicationRequest req;
  req.set_request_id("a1");
  req.set_profile_id("ann");
  req.set_post_id("p1");
  v1::SubmitApplicationResponse first, retry, second;
  ASSERT_TRUE(Call(&Stub::SubmitApplication, req, &first).ok());
  ASSERT_TRUE(Call(&Stub::SubmitApplication, req, &retry).ok());
  EXPECT_EQ(retry.event().cursor(), first.event().cursor());
  req.set_request_id("a2");
  EXPECT_EQ(Call(&Stub::SubmitApplication, req, &second).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  req.set_post_id("p2");
  EXPECT_TRUE(Call(&Stub::SubmitApplication, req, &second).ok());
}

TEST_F(ServiceTest, EveryOtherBehaviourIsRecorded) {
  schemas_.AddPost("p1", 1);
  Applied("ann", "p1");
  Applied("bob", "p1");
  v1::InviteInterviewRequest invite;
  invite.set_request_id("i1");
  invite.set_profile_id("ann");
  invite.set_post_id("p1");
  invite.mutable_interview()->mutable_interview_time()->set_seconds(1800000000);
  invite.mutable_interview()->set_place("株洲市人力资源市场");
  v1::InviteInterviewResponse invite_resp;
  ASSERT_TRUE(Call(&Stub::InviteInterview, invite, &invite_resp).ok());
  EXPECT_EQ(invite_resp.event().interview().place(), "株洲市人力资源市场");

  v1::RecordRejectionRequest reject;
  reject.set_request_id("j1");
  reject.set_profile_id("bob");
  reject.set_post_id("p1");
  reject.mutable_rejection()->set_reason("经验不足");
  v1::RecordRejectionResponse reject_resp;
  ASSERT_TRUE(Call(&Stub::RecordRejection, reject, &reject_resp).ok());
  EXPECT_EQ(reject_resp.event().kind(), v1::EVENT_KIND_REJECTION);

  v1::PushLivePostRequest push;
  push.set_request_id("l1");
  push.set_post_id("p1");
  push.mutable_live_push()->set_host_id("host-1");
  push.mutable_live_push()->set_session_id("s-1");
  v1::PushLivePostResponse push_resp;
  ASSERT_TRUE(Call(&Stub::PushLivePost, push, &push_resp).ok());
  EXPECT_EQ(push_resp.event().live_push().session_id(), "s-1");
  EXPECT_TRUE(push_resp.event().has_time());

  v1::RecordFairCheckInRequest checkin;
  checkin.set_request_id("f1");
  checkin.set_profile_id("ann");
  checkin.set_campaign_id("spring");
  checkin.mutable_fair_check_in()->set_fair_id("fair-1");
  v1::RecordFairCheckInResponse checkin_resp;
  ASSERT_TRUE(Call(&Stub::RecordFairCheckIn, checkin, &checkin_resp).ok());
  EXPECT_EQ(checkin_resp.event().campaign_id(), "spring");

  v1::RecordFieldVisitRequest visit;
  visit.set_request_id("fv1");
  visit.set_campaign_id("village");
  visit.mutable_field_visit()->set_recruiter_id("r-7");
  visit.mutable_field_visit()->set_village_code("430225101201");
  visit.mutable_field_visit()->add_wanted_occupation_codes("4-10-01-06");
  v1::RecordFieldVisitResponse visit_resp;
  ASSERT_TRUE(Call(&Stub::RecordFieldVisit, visit, &visit_resp).ok());
  EXPECT_EQ(visit_resp.event().region_code(), "430225101201");

  auto all = server_.feed().ReadAfter(0, 100);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 7u);  // two applications, then five events
}

TEST_F(ServiceTest, HireFailurePaths) {
  schemas_.AddPost("p1", 1);
  schemas_.AddPost("closed", 2, /*state=*/5);
  Applied("ann", "p1");
  Applied("bob", "p1");
  v1::RecordHireResponse resp, retry;
  EXPECT_EQ(Call(&Stub::RecordHire, HireReq("h0", "ann", "missing"), &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(&Stub::RecordHire, HireReq("h1", "ann", "closed"), &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Call(&Stub::RecordHire, HireReq("h2", "ann", "p1"), &resp).ok());
  EXPECT_EQ(resp.remaining_openings(), 0);
  ASSERT_TRUE(Call(&Stub::RecordHire, HireReq("h2", "ann", "p1"), &retry).ok());
  EXPECT_EQ(retry.event().cursor(), resp.event().cursor());
  EXPECT_EQ(retry.remaining_openings(), 0);
  EXPECT_EQ(Call(&Stub::RecordHire, HireReq("h3", "bob", "p1"), &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Nothing half-written: two applications and one hire event in the feed,
  // and the failed calls left no request ids.
  EXPECT_EQ(*server_.feed().Head(), 3);
  EXPECT_FALSE(server_.feed().LookupRequest("h3")->has_value());
}

// An employer records interviews, hires and rejections on its own posts
// only; a competitor's post and an unknown one are refused alike, and a
// refused call writes nothing.
TEST_F(ServiceTest, EmployersRecordOnlyOnTheirOwnPosts) {
  schemas_.AddPost("mine", 2, 2, "emp-1");
  schemas_.AddPost("theirs", 2, 2, "emp-2");
  Applied("ann", "mine");
  Applied("bob", "mine");
  Applied("ann", "theirs");
  Applied("bob", "theirs");
  auto as_employer = [](grpc::ClientContext& ctx) {
    ctx.AddMetadata("jobmatch-role", "employer");
    ctx.AddMetadata("jobmatch-subject", "emp-1");
  };
  auto invite = [&](const std::string& request_id, const std::string& post) {
    v1::InviteInterviewRequest req;
    req.set_request_id(request_id);
    req.set_profile_id("ann");
    req.set_post_id(post);
    req.mutable_interview()->mutable_interview_time()->set_seconds(1800000000);
    req.mutable_interview()->set_place("株洲市人力资源市场");
    grpc::ClientContext ctx;
    as_employer(ctx);
    v1::InviteInterviewResponse resp;
    return stub_->InviteInterview(&ctx, req, &resp).error_code();
  };
  auto hire = [&](const std::string& request_id, const std::string& post) {
    grpc::ClientContext ctx;
    as_employer(ctx);
    v1::RecordHireResponse resp;
    return stub_->RecordHire(&ctx, HireReq(request_id, "ann", post), &resp).error_code();
  };
  auto reject = [&](const std::string& request_id, const std::string& post) {
    v1::RecordRejectionRequest req;
    req.set_request_id(request_id);
    req.set_profile_id("bob");
    req.set_post_id(post);
    req.mutable_rejection()->set_reason("经验不足");
    grpc::ClientContext ctx;
    as_employer(ctx);
    v1::RecordRejectionResponse resp;
    return stub_->RecordRejection(&ctx, req, &resp).error_code();
  };

  EXPECT_EQ(invite("i-theirs", "theirs"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(invite("i-unknown", "nowhere"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(hire("h-theirs", "theirs"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(reject("r-theirs", "theirs"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(*server_.feed().Head(), 4);                   // the applications only
  EXPECT_EQ(std::get<0>(schemas_.PostRow("theirs")), 2);  // no opening taken
  EXPECT_FALSE(server_.feed().LookupRequest("h-theirs")->has_value());

  EXPECT_EQ(invite("i-mine", "mine"), grpc::StatusCode::OK);
  EXPECT_EQ(hire("h-mine", "mine"), grpc::StatusCode::OK);
  EXPECT_EQ(reject("r-mine", "mine"), grpc::StatusCode::OK);
  EXPECT_EQ(*server_.feed().Head(), 7);
  EXPECT_EQ(std::get<0>(schemas_.PostRow("mine")), 1);
}

// A recruiter records applications and visits only for people living in
// its assigned regions and villages there; others, and unknown people, are
// refused alike, and nothing is written for them.
TEST_F(ServiceTest, RecruitersRecordOnlyInTheirRegions) {
  schemas_.AddProfile("near", "430225101201");  // 炎陵县
  schemas_.AddProfile("far", "430102001001");   // 长沙市芙蓉区
  schemas_.AddPost("p1", 1);
  auto as_recruiter = [](grpc::ClientContext& ctx) {
    ctx.AddMetadata("jobmatch-role", "recruiter");
    ctx.AddMetadata("jobmatch-subject", "r-7");
    ctx.AddMetadata("jobmatch-regions", "430225");
  };
  auto apply = [&](const std::string& request_id, const std::string& person) {
    v1::SubmitApplicationRequest req;
    req.set_request_id(request_id);
    req.set_profile_id(person);
    req.set_post_id("p1");
    grpc::ClientContext ctx;
    as_recruiter(ctx);
    v1::SubmitApplicationResponse resp;
    return stub_->SubmitApplication(&ctx, req, &resp).error_code();
  };
  auto visit = [&](const std::string& request_id, const std::string& village) {
    v1::RecordFieldVisitRequest req;
    req.set_request_id(request_id);
    req.set_campaign_id("village");
    req.mutable_field_visit()->set_recruiter_id("r-7");
    req.mutable_field_visit()->set_village_code(village);
    req.mutable_field_visit()->add_wanted_occupation_codes("4-10-01-06");
    grpc::ClientContext ctx;
    as_recruiter(ctx);
    v1::RecordFieldVisitResponse resp;
    return stub_->RecordFieldVisit(&ctx, req, &resp).error_code();
  };

  EXPECT_EQ(apply("a-far", "far"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(apply("a-unknown", "nobody"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(visit("v-far", "430102001001"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(*server_.feed().Head(), 0);
  EXPECT_FALSE(server_.feed().LookupRequest("a-far")->has_value());

  EXPECT_EQ(apply("a-near", "near"), grpc::StatusCode::OK);
  EXPECT_EQ(visit("v-near", "430225101201"), grpc::StatusCode::OK);
  EXPECT_EQ(*server_.feed().Head(), 2);
}

// 16 hire calls race for the last opening through the service: exactly one
// wins, the post becomes FILLED, and the feed says so once relayed.
TEST_F(ServiceTest, SixteenConcurrentHiresOnTheLastOpening) {
  schemas_.AddPost("p1", 3);
  Applied("a", "p1");
  Applied("b", "p1");
  for (int i = 0; i < 16; ++i) Applied("p" + std::to_string(i), "p1");
  v1::RecordHireResponse resp;
  ASSERT_TRUE(Call(&Stub::RecordHire, HireReq("h-a", "a", "p1"), &resp).ok());
  ASSERT_TRUE(Call(&Stub::RecordHire, HireReq("h-b", "b", "p1"), &resp).ok());
  EXPECT_EQ(resp.remaining_openings(), 1);

  std::vector<std::future<grpc::Status>> calls;
  for (int i = 0; i < 16; ++i) {
    calls.push_back(std::async(std::launch::async, [this, i] {
      auto stub = server_.NewStub();
      grpc::ClientContext ctx;
      v1::RecordHireResponse r;
      return stub->RecordHire(
          &ctx, HireReq("race-" + std::to_string(i), "p" + std::to_string(i), "p1"), &r);
    }));
  }
  int ok = 0, refused = 0;
  for (auto& c : calls) {
    grpc::Status s = c.get();
    if (s.ok()) ++ok;
    if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) ++refused;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(refused, 15);
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 0);
  EXPECT_EQ(std::get<1>(schemas_.PostRow("p1")), 4);  // FILLED

  ASSERT_TRUE(server_.core().RelayOnce().ok());
  auto all = server_.feed().ReadAfter(0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 22u);  // 18 applications, three hires, then the FILLED change
  EXPECT_EQ(all->back().kind(), v1::EVENT_KIND_POST_CHANGED);
  EXPECT_EQ(all->back().change().post_state(), 4);
  EXPECT_EQ(all->back().change().change_type(), v1::CHANGE_TYPE_REMOVED);
}

TEST_F(ServiceTest, CampaignStatsFromAggregates) {
  schemas_.PublishPost("p1", 4, {v1::KEY_GROUP_GROUP_4050}, {"spring"});
  for (const char* person : {"ann", "bob"}) {
    v1::Event profile;
    profile.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
    profile.set_profile_id(person);
    profile.set_region_code("430202");
    if (std::string(person) == "ann") profile.add_key_groups(v1::KEY_GROUP_GROUP_4050);
    schemas_.WriteOutbox(schemas_.profiles(), profile);
  }
  ASSERT_TRUE(server_.core().RelayOnce().ok());

  v1::RecordViewResponse view;
  ASSERT_TRUE(Call(&Stub::RecordView, ViewReq("v1"), &view).ok());
  EXPECT_EQ(view.event().campaign_id(), "spring");
  v1::SubmitApplicationRequest apply;
  apply.set_request_id("a1");
  apply.set_profile_id("bob");
  apply.set_post_id("p1");
  v1::SubmitApplicationResponse applied;
  ASSERT_TRUE(Call(&Stub::SubmitApplication, apply, &applied).ok());
  v1::RecordHireResponse hired;
  v1::RecordHireRequest placed = HireReq("h1", "ann", "p1");  // placed at a fair, never applied
  placed.mutable_hire()->set_on_site_channel("fair");
  ASSERT_TRUE(Call(&Stub::RecordHire, placed, &hired).ok());

  v1::CampaignStatsRequest req;
  req.set_campaign_id("spring");
  v1::CampaignStatsResponse stats;
  ASSERT_TRUE(Call(&Stub::CampaignStats, req, &stats).ok());
  EXPECT_EQ(stats.total().posts(), 1);
  EXPECT_EQ(stats.total().openings(), 4);
  EXPECT_EQ(stats.total().views(), 1);
  EXPECT_EQ(stats.total().applications(), 1);
  EXPECT_EQ(stats.total().hires(), 1);
  EXPECT_EQ(stats.total().people_placed(), 1);
  ASSERT_EQ(stats.by_group_size(), 1);
  EXPECT_EQ(stats.by_group(0).group(), v1::KEY_GROUP_GROUP_4050);
  EXPECT_EQ(stats.by_group(0).posts(), 1);
  EXPECT_EQ(stats.by_group(0).openings(), 4);
  EXPECT_EQ(stats.by_group(0).views(), 1);
  EXPECT_EQ(stats.by_group(0).applications(), 0);
  EXPECT_EQ(stats.by_group(0).people_placed(), 1);

  req.clear_campaign_id();
  EXPECT_EQ(Call(&Stub::CampaignStats, req, &stats).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Small cells through the real service on MariaDB: the LOW_INCOME row of a
// campaign with one such post is withheld, and so is the smallest other row,
// so that the total minus the rows shown does not give it back.
TEST_F(ServiceTest, CampaignStatsWithholdSmallSensitiveCellsAndTheirComplement) {
  struct PostSpec {
    const char* id;
    int openings;
    std::vector<v1::KeyGroup> groups;
  };
  const std::vector<PostSpec> posts = {
      {"p1", 4, {v1::KEY_GROUP_LOW_INCOME, v1::KEY_GROUP_GROUP_4050}},
      {"p2", 10, {v1::KEY_GROUP_GROUP_4050}},
      {"p3", 20, {v1::KEY_GROUP_GRADUATE}},
  };
  for (const PostSpec& spec : posts) {
    schemas_.PublishPost(spec.id, spec.openings, spec.groups, {"village"});
  }
  ASSERT_TRUE(server_.core().RelayOnce().ok());

  v1::CampaignStatsRequest req;
  req.set_campaign_id("village");
  v1::CampaignStatsResponse stats;
  grpc::ClientContext as_analyst;
  as_analyst.AddMetadata("jobmatch-role", "analyst");
  as_analyst.AddMetadata("jobmatch-subject", "an-1");
  ASSERT_TRUE(stub_->CampaignStats(&as_analyst, req, &stats).ok());
  EXPECT_FALSE(stats.total().suppressed());
  EXPECT_EQ(stats.total().posts(), 3);
  EXPECT_EQ(stats.total().openings(), 34);
  std::map<v1::KeyGroup, v1::GroupStats> by_group;
  for (const v1::GroupStats& g : stats.by_group()) by_group[g.group()] = g;
  ASSERT_EQ(by_group.size(), 3u);
  const v1::GroupStats& low_income = by_group[v1::KEY_GROUP_LOW_INCOME];
  EXPECT_TRUE(low_income.suppressed());
  EXPECT_EQ(low_income.posts(), 0);
  EXPECT_EQ(low_income.openings(), 0);
  // The complement: 4050 (2 posts, 14 openings) is the smallest other row.
  EXPECT_TRUE(by_group[v1::KEY_GROUP_GROUP_4050].suppressed());
  EXPECT_EQ(by_group[v1::KEY_GROUP_GROUP_4050].openings(), 0);
  EXPECT_FALSE(by_group[v1::KEY_GROUP_GRADUATE].suppressed());
  EXPECT_EQ(by_group[v1::KEY_GROUP_GRADUATE].openings(), 20);
  // Nothing shown gives the LOW_INCOME openings (4) by difference.
  EXPECT_NE(stats.total().openings() - by_group[v1::KEY_GROUP_GRADUATE].openings(), 4);
}

}  // namespace
}  // namespace jobmatch::events
