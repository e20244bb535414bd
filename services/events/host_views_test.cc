// What live hosts may record and read back, and the shared check of
// untrusted text, through a real in-process server and MariaDB.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <set>

#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using testing::EventsServer;
using testing::TestOptions;

class HostViewsTest : public ::testing::Test {
 protected:
  HostViewsTest() : server_(schemas_, TestOptions()), stub_(server_.NewStub()) {
    // A person the feed knows: her residence and key group enrich her events.
    v1::Event profile;
    profile.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
    profile.set_profile_id("ann");
    profile.set_region_code("430281001001");
    profile.add_key_groups(v1::KEY_GROUP_RETURNING_MIGRANT);
    profile.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
    schemas_.WriteOutbox(schemas_.profiles(), profile);
    EXPECT_TRUE(server_.core().RelayOnce().ok());
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& role) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("jobmatch-role", role);
    ctx->AddMetadata("jobmatch-subject", role == "live_host" ? "host-1" : "staff-1");
    if (role == "live_host") ctx->AddMetadata("jobmatch-sessions", "s-1");
    return ctx;
  }

  static v1::RecordViewRequest View(const std::string& id, const std::string& channel) {
    v1::RecordViewRequest r;
    r.set_request_id(id);
    r.set_profile_id("ann");
    r.set_post_id("p1");
    r.mutable_view()->set_channel(channel);
    return r;
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

TEST_F(HostViewsTest, AHostRecordsLiveViewsOnlyAndLearnsNothingOfTheViewer) {
  v1::PushLivePostRequest push;
  push.set_request_id("push-1");
  push.set_post_id("p1");
  push.mutable_live_push()->set_host_id("host-1");
  push.mutable_live_push()->set_session_id("s-1");
  v1::PushLivePostResponse pushed;
  ASSERT_TRUE(stub_->PushLivePost(As("live_host").get(), push, &pushed).ok());

  v1::RecordViewsRequest req;
  *req.add_views() = View("h1", "live");
  *req.add_views() = View("h2", "app");  // not from its live room
  *req.add_views() = View("h3", "live");
  req.mutable_views(2)->set_post_id("p2");  // never pushed in its sessions
  v1::RecordViewsResponse resp;
  ASSERT_TRUE(stub_->RecordViews(As("live_host").get(), req, &resp).ok());
  ASSERT_EQ(resp.results_size(), 3);
  EXPECT_EQ(resp.results(2).status().code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(*server_.feed().Head(), 3);  // the profile, the push, one view
  ASSERT_EQ(resp.results(0).status().code(), 0);
  const v1::Event& event = resp.results(0).event();
  EXPECT_EQ(event.kind(), v1::EVENT_KIND_VIEW);
  EXPECT_EQ(event.post_id(), "p1");
  EXPECT_EQ(event.region_code(), "");
  EXPECT_EQ(event.key_groups_size(), 0);
  EXPECT_EQ(resp.results(1).status().code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(resp.results(1).has_event());

  // The feed keeps what statistics need; staff still read it back.
  v1::RecordViewsRequest again;
  *again.add_views() = View("h1", "live");
  v1::RecordViewsResponse staff;
  ASSERT_TRUE(stub_->RecordViews(As("admin").get(), again, &staff).ok());
  EXPECT_EQ(staff.results(0).event().cursor(), event.cursor());
  EXPECT_EQ(staff.results(0).event().region_code(), "430281001001");
  EXPECT_EQ(staff.results(0).event().key_groups_size(), 1);
}

TEST_F(HostViewsTest, ControlAndBidiCharactersAreRefusedInEveryRequest) {
  v1::RecordViewsRequest req;
  *req.add_views() = View("t1", "live");
  *req.add_views() = View("t2", "live");
  req.mutable_views(1)->set_post_id("p1\xE2\x80\xAE");
  v1::RecordViewsResponse resp;
  ASSERT_TRUE(stub_->RecordViews(As("admin").get(), req, &resp).ok());
  EXPECT_EQ(resp.results(0).status().code(), 0);
  ASSERT_EQ(resp.results(1).status().code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::set<std::string> fields;
  for (const auto& any : resp.results(1).status().details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.insert(v.field());
    }
  }
  EXPECT_EQ(fields, (std::set<std::string>{"views[1].post_id"}));

  v1::RecordRejectionRequest reject;
  reject.set_request_id("r1");
  reject.set_profile_id("ann");
  reject.set_post_id("p1");
  reject.mutable_rejection()->set_reason("不合适\x1b[2J");
  v1::RecordRejectionResponse rejected;
  grpc::Status s = stub_->RecordRejection(As("admin").get(), reject, &rejected);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::BadRequest bad = BadRequestOf(FromGrpcStatus(s));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "rejection.reason");
  EXPECT_EQ(*server_.feed().Head(), 2);  // the profile and the one good view
}

}  // namespace
}  // namespace jobmatch::events
