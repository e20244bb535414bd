// Reading the feed for some kinds only (FeedReader::ReadAfterOfKinds), against
// the real MariaDB: every cursor comes back, the wanted kinds whole, the
// others as cursor and kind alone; and a Subscribe filtered by kind that
// starts behind the hub's window (the matcher's replay of applications) gets
// exactly its kinds, then a keepalive at the head; a stream from now is told
// the head at once.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using testing::EventsServer;
using testing::TestOptions;

class FeedKindsTest : public ::testing::Test {
 protected:
  // A hub window of two events: older events are read from the database.
  // Periodic keepalives a minute apart: any keepalive seen sooner was sent
  // because the stream reached the head.
  static CoreOptions SmallWindow() {
    CoreOptions options = TestOptions();
    options.hub.window = 2;
    options.hub.keepalive_interval = absl::Minutes(1);
    return options;
  }
  FeedKindsTest() : server_(schemas_, SmallWindow()), stub_(server_.NewStub()) {}

  void View(const std::string& id, const std::string& post) {
    grpc::ClientContext ctx;
    v1::RecordViewRequest r;
    r.set_request_id(id);
    r.set_profile_id("ann");
    r.set_post_id(post);
    v1::RecordViewResponse resp;
    grpc::Status s = stub_->RecordView(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  void CheckIn(const std::string& id, const std::string& fair) {
    grpc::ClientContext ctx;
    v1::RecordFairCheckInRequest r;
    r.set_request_id(id);
    r.set_profile_id("ann");
    r.set_campaign_id("spring");
    r.mutable_fair_check_in()->set_fair_id(fair);
    v1::RecordFairCheckInResponse resp;
    grpc::Status s = stub_->RecordFairCheckIn(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  // Cursors 1..8: views at 1, 2, 4, 5, 7, 8; check-ins at 3 and 6.
  void WriteMixedFeed() {
    View("v1", "p1");
    View("v2", "p2");
    CheckIn("c1", "f1");
    View("v3", "p3");
    View("v4", "p4");
    CheckIn("c2", "f2");
    View("v5", "p5");
    View("v6", "p6");
  }

  EventsSchemas schemas_;
  EventsServer server_;
  std::unique_ptr<v1::EventsService::Stub> stub_;
};

TEST_F(FeedKindsTest, OtherKindsComeBackAsCursorAndKindAlone) {
  WriteMixedFeed();
  auto page = server_.feed().ReadAfterOfKinds(0, 100, {v1::EVENT_KIND_FAIR_CHECK_IN});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 8u);
  for (size_t i = 0; i < page->size(); ++i) {
    const v1::Event& e = (*page)[i];
    EXPECT_EQ(e.cursor(), static_cast<int64_t>(i + 1));
    if (e.cursor() == 3 || e.cursor() == 6) {
      EXPECT_EQ(e.kind(), v1::EVENT_KIND_FAIR_CHECK_IN);
      EXPECT_EQ(e.campaign_id(), "spring");
      EXPECT_EQ(e.fair_check_in().fair_id(), e.cursor() == 3 ? "f1" : "f2");
    } else {
      EXPECT_EQ(e.kind(), v1::EVENT_KIND_VIEW);
      EXPECT_EQ(e.post_id(), "") << "the body of an unwanted kind was read";
      EXPECT_FALSE(e.has_view());
    }
  }
  // After a cursor and with a limit, as ReadAfter.
  auto tail = server_.feed().ReadAfterOfKinds(5, 2, {v1::EVENT_KIND_FAIR_CHECK_IN});
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].cursor(), 6);
  EXPECT_EQ((*tail)[1].cursor(), 7);
  // No kinds: every event whole.
  auto all = server_.feed().ReadAfterOfKinds(0, 100, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 8u);
  EXPECT_EQ((*all)[0].post_id(), "p1");
}

TEST_F(FeedKindsTest, AFilteredStreamBehindTheWindowGetsItsKindsThenTheHead) {
  WriteMixedFeed();
  v1::SubscribeRequest request;
  request.add_kinds(v1::EVENT_KIND_FAIR_CHECK_IN);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub_->Subscribe(&ctx, request);
  std::vector<int64_t> events;
  int64_t reached = -1;
  v1::SubscribeResponse message;
  while (reached < 8 && stream->Read(&message)) {
    if (message.has_event()) {
      EXPECT_EQ(message.event().fair_check_in().fair_id(), events.empty() ? "f1" : "f2");
      events.push_back(message.event().cursor());
    } else {
      reached = message.keepalive().cursor();
    }
  }
  ctx.TryCancel();
  stream->Finish();
  EXPECT_EQ(events, (std::vector<int64_t>{3, 6}));
  EXPECT_EQ(reached, 8);
}

// How the matcher learns the feed's head before listing: a stream from now
// is told its cursor at once, not a keepalive period later.
TEST_F(FeedKindsTest, AStreamFromNowIsToldTheHeadAtOnce) {
  WriteMixedFeed();
  v1::SubscribeRequest request;
  request.set_from_now(true);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub_->Subscribe(&ctx, request);
  v1::SubscribeResponse first;
  ASSERT_TRUE(stream->Read(&first));
  ASSERT_TRUE(first.has_keepalive());
  EXPECT_EQ(first.keepalive().cursor(), 8);
  ctx.TryCancel();
  stream->Finish();
}

}  // namespace
}  // namespace jobmatch::events
