// The expiry sweep against the real MariaDB, with an injected clock: which
// posts expire, their events, idempotence and batching.
#include "services/postings/expiry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/postings/testing/service_fixture.h"

namespace jobmatch::postings::testing {
namespace {

using ::testing::UnorderedElementsAre;

class ExpiryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    employer_id_ = server_.CreateSampleEmployer();
    ASSERT_FALSE(employer_id_.empty());
  }

  // A post valid until `end` (none when InfiniteFuture), created OPEN.
  v1::Post Create(absl::Time end) {
    v1::Post p = SamplePost(employer_id_);
    *p.mutable_validity()->mutable_start_time() = ToProto(t0_ - absl::Hours(24));
    if (end != absl::InfiniteFuture()) *p.mutable_validity()->mutable_end_time() = ToProto(end);
    grpc::ClientContext ctx;
    v1::CreatePostRequest req;
    req.set_request_id(absl::StrCat("post-", ++counter_));
    *req.mutable_post() = p;
    v1::CreatePostResponse resp;
    const grpc::Status s = server_.stub().CreatePost(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.post();
  }
  v1::Post Get(const std::string& post_id) {
    grpc::ClientContext ctx;
    v1::GetPostRequest req;
    req.set_post_id(post_id);
    v1::GetPostResponse resp;
    EXPECT_TRUE(server_.stub().GetPost(&ctx, req, &resp).ok());
    return resp.post();
  }
  int Sweep(absl::Time now, int batch_size = 500) {
    ExpirySweeper sweeper(
        &store_, [now] { return now; }, batch_size);
    absl::StatusOr<int> n = sweeper.SweepOnce();
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  PostingsServer server_;
  MysqlPostingsStore store_{&server_.db()};
  std::string employer_id_;
  const absl::Time t0_ =
      absl::FromCivil(absl::CivilSecond(2026, 6, 1, 9, 0, 0), absl::UTCTimeZone());
  int counter_ = 0;
};

TEST_F(ExpiryTest, ExpiresOpenPostsPastTheirWindowWithOneEventEach) {
  const v1::Post soon = Create(t0_ + absl::Hours(1));
  const v1::Post later = Create(t0_ + absl::Hours(3));
  const v1::Post endless = Create(absl::InfiniteFuture());
  const v1::Post closed = Create(t0_ + absl::Hours(1));
  {
    grpc::ClientContext ctx;
    v1::ClosePostRequest req;
    req.set_request_id("close");
    req.set_post_id(closed.post_id());
    v1::ClosePostResponse resp;
    ASSERT_TRUE(server_.stub().ClosePost(&ctx, req, &resp).ok());
  }
  const int64_t events_before = server_.OutboxCount();

  EXPECT_EQ(Sweep(t0_), 0);
  // The window's end is exclusive: at exactly its end the post has expired.
  EXPECT_EQ(Sweep(t0_ + absl::Hours(1)), 1);
  const v1::Post expired = Get(soon.post_id());
  EXPECT_EQ(expired.state(), v1::POST_STATE_EXPIRED);
  EXPECT_EQ(expired.version(), soon.version() + 1);
  EXPECT_EQ(FromProto(expired.update_time()), t0_ + absl::Hours(1));
  EXPECT_EQ(expired.title(), soon.title());
  EXPECT_EQ(Get(later.post_id()).state(), v1::POST_STATE_OPEN);
  EXPECT_EQ(Get(endless.post_id()).state(), v1::POST_STATE_OPEN);
  EXPECT_EQ(Get(closed.post_id()).state(), v1::POST_STATE_CLOSED);

  const std::vector<v1::Event> events = server_.OutboxEvents();
  ASSERT_EQ(static_cast<int64_t>(events.size()), events_before + 1);
  const v1::Event& e = events.back();
  EXPECT_EQ(e.kind(), v1::EVENT_KIND_POST_CHANGED);
  EXPECT_EQ(e.post_id(), soon.post_id());
  EXPECT_EQ(e.change().change_type(), v1::CHANGE_TYPE_REMOVED);
  EXPECT_EQ(e.change().post_state(), v1::POST_STATE_EXPIRED);
  EXPECT_EQ(e.change().version(), expired.version());

  // Idempotent: the same time again changes nothing and writes no event.
  EXPECT_EQ(Sweep(t0_ + absl::Hours(1)), 0);
  EXPECT_EQ(server_.OutboxCount(), events_before + 1);
  EXPECT_EQ(Get(soon.post_id()).version(), expired.version());

  EXPECT_EQ(Sweep(t0_ + absl::Hours(5)), 1);
  EXPECT_EQ(Get(later.post_id()).state(), v1::POST_STATE_EXPIRED);
  EXPECT_EQ(Get(endless.post_id()).state(), v1::POST_STATE_OPEN);

  // An expired post is final for UpdatePost and gone from the default (OPEN) listing.
  grpc::ClientContext ctx;
  v1::UpdatePostRequest up;
  up.set_request_id("reopen");
  up.mutable_post()->set_post_id(soon.post_id());
  up.mutable_post()->set_state(v1::POST_STATE_OPEN);
  up.mutable_update_mask()->add_paths("state");
  v1::UpdatePostResponse resp;
  EXPECT_EQ(server_.stub().UpdatePost(&ctx, up, &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  grpc::ClientContext lctx;
  v1::ListPostsRequest list;
  v1::ListPostsResponse listed;
  ASSERT_TRUE(server_.stub().ListPosts(&lctx, list, &listed).ok());
  std::vector<std::string> ids;
  for (const auto& p : listed.posts()) ids.push_back(p.post_id());
  EXPECT_THAT(ids, UnorderedElementsAre(endless.post_id()));
}

TEST_F(ExpiryTest, SweepsInBatchesUntilNothingIsLeft) {
  std::vector<std::string> ended;
  for (int i = 0; i < 7; ++i) ended.push_back(Create(t0_ + absl::Minutes(i)).post_id());
  const std::string open = Create(t0_ + absl::Hours(2)).post_id();
  const int64_t events_before = server_.OutboxCount();

  EXPECT_EQ(Sweep(t0_ + absl::Hours(1), /*batch_size=*/3), 7);
  for (const auto& id : ended) EXPECT_EQ(Get(id).state(), v1::POST_STATE_EXPIRED) << id;
  EXPECT_EQ(Get(open).state(), v1::POST_STATE_OPEN);
  EXPECT_EQ(server_.OutboxCount(), events_before + 7);
  EXPECT_EQ(Sweep(t0_ + absl::Hours(1), 3), 0);
  EXPECT_EQ(server_.OutboxCount(), events_before + 7);
}

}  // namespace
}  // namespace jobmatch::postings::testing
