// The follower against the real events service (in process, MariaDB): a new
// index starts from the snapshot of current posts and people plus the
// applications in the feed, without re-reading the entities the feed
// mentions before its head, then follows the feed; without a snapshot it
// replays the feed from its start.
#include "matcher/service/feed_follower.h"

#include <grpcpp/grpcpp.h>

#include <atomic>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "matcher/service/checkpoint.h"
#include "services/common/testing/temp_path.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::matcher {
namespace {

class CountingSource final : public EntitySource {
 public:
  explicit CountingSource(bool has_snapshot) : has_snapshot_(has_snapshot) {}
  absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string& id) override {
    ++loads;
    if (id != "old-post" && id != "new-post") return std::nullopt;
    PostRecord p;
    p.id = id;
    return p;
  }
  absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string& id) override {
    ++loads;
    Seeker s;
    s.id = id;
    return s;
  }
  absl::Status ForEachCurrent(const std::function<void(PostRecord)>& post,
                              const std::function<void(Seeker)>& seeker) override {
    if (!has_snapshot_) return absl::UnimplementedError("no snapshot");
    ++listings;
    PostRecord p;
    p.id = "old-post";
    post(p);
    Seeker s;
    s.id = "ann";
    seeker(s);
    return absl::OkStatus();
  }
  std::atomic<int> loads{0};
  std::atomic<int> listings{0};

 private:
  const bool has_snapshot_;
};

v1::Event Changed(v1::EventKind kind, const std::string& post, const std::string& profile) {
  v1::Event e;
  e.set_kind(kind);
  e.set_post_id(post);
  e.set_profile_id(profile);
  return e;
}

class FeedFollowerTest : public ::testing::Test {
 protected:
  FeedFollowerTest() {
    // Before the matcher starts: a post and a person, and an application.
    schemas_.WriteOutbox(schemas_.postings(), Changed(v1::EVENT_KIND_POST_CHANGED, "old-post", ""));
    schemas_.WriteOutbox(schemas_.profiles(), Changed(v1::EVENT_KIND_PROFILE_CHANGED, "", "ann"));
    EXPECT_EQ(*events_.core().RelayOnce(), 2);
    schemas_.AddPost("old-post", 1);  // open, one opening
    auto stub = events_.NewStub();
    grpc::ClientContext ctx;
    v1::SubmitApplicationRequest apply;
    apply.set_request_id("a-1");
    apply.set_profile_id("ann");
    apply.set_post_id("old-post");
    v1::SubmitApplicationResponse applied;
    EXPECT_TRUE(stub->SubmitApplication(&ctx, apply, &applied).ok());
    EXPECT_EQ(*events_.feed().Head(), 3);
  }

  // Follows the feed until the index's cursor reaches `cursor`.
  bool WaitForCursor(int64_t cursor) {
    for (int i = 0; i < 500 && index_.cursor() < cursor; ++i)
      absl::SleepFor(absl::Milliseconds(10));
    return index_.cursor() >= cursor;
  }

  events::testing::EventsSchemas schemas_;
  events::testing::EventsServer events_{schemas_, events::testing::TestOptions()};
  NoOccupationRelations relations_;
  MatchIndex index_{&relations_};
  std::shared_ptr<grpc::Channel> channel_ =
      grpc::CreateChannel(events_.target(), grpc::InsecureChannelCredentials());
};

TEST_F(FeedFollowerTest, StartsFromTheSnapshotAndTheApplicationsThenFollows) {
  CountingSource source(/*has_snapshot=*/true);
  FeedApplier applier(&index_, &source, nullptr);
  FeedFollower follower(channel_, &applier, &index_, &source);
  follower.Start();
  ASSERT_TRUE(WaitForCursor(3));
  ASSERT_NE(index_.FindPost("old-post"), nullptr);
  ASSERT_NE(index_.FindSeeker("ann"), nullptr);
  EXPECT_TRUE(index_.FindSeeker("ann")->applied.contains("old-post"));
  EXPECT_EQ(index_.FindPost("old-post")->applicants, 1);
  EXPECT_EQ(source.loads.load(), 0) << "entity events before the head were re-read";

  // After the head, the feed is followed as usual.
  schemas_.WriteOutbox(schemas_.postings(), Changed(v1::EVENT_KIND_POST_CHANGED, "new-post", ""));
  ASSERT_EQ(*events_.core().RelayOnce(), 1);
  ASSERT_TRUE(WaitForCursor(4));
  EXPECT_NE(index_.FindPost("new-post"), nullptr);
  EXPECT_EQ(source.loads.load(), 1);
  EXPECT_EQ(index_.FindPost("old-post")->applicants, 1) << "an application counted twice";
  follower.Stop();
}

// A hire and its undoing reach the matcher the same way: the person's hire
// as a feed fact, the post's openings as a post change re-read from the
// source (FILLED when the hire took the last opening, open again when the
// undoing returned it).
TEST_F(FeedFollowerTest, AnUndoneHireFlowsLikeTheHire) {
  CountingSource source(/*has_snapshot=*/true);
  FeedApplier applier(&index_, &source, nullptr);
  FeedFollower follower(channel_, &applier, &index_, &source);
  follower.Start();
  ASSERT_TRUE(WaitForCursor(3));
  auto stub = events_.NewStub();
  {
    grpc::ClientContext ctx;
    v1::RecordHireRequest hire;
    hire.set_request_id("h-1");
    hire.set_profile_id("ann");
    hire.set_post_id("old-post");
    v1::RecordHireResponse hired;
    ASSERT_TRUE(stub->RecordHire(&ctx, hire, &hired).ok());
    EXPECT_EQ(hired.remaining_openings(), 0);
  }
  ASSERT_EQ(*events_.core().RelayOnce(), 1);  // the FILLED post change
  ASSERT_TRUE(WaitForCursor(5));
  EXPECT_TRUE(index_.FindSeeker("ann")->hired.contains("old-post"));
  const int loads_after_hire = source.loads.load();
  EXPECT_EQ(loads_after_hire, 1);

  {
    grpc::ClientContext ctx;
    v1::UndoHireRequest undo;
    undo.set_request_id("u-1");
    undo.set_profile_id("ann");
    undo.set_post_id("old-post");
    undo.mutable_undo()->set_reason("recorded by mistake");
    v1::UndoHireResponse undone;
    ASSERT_TRUE(stub->UndoHire(&ctx, undo, &undone).ok());
    EXPECT_EQ(undone.remaining_openings(), 1);
  }
  ASSERT_EQ(*events_.core().RelayOnce(), 1);  // the post open again
  ASSERT_TRUE(WaitForCursor(7));
  EXPECT_FALSE(index_.FindSeeker("ann")->hired.contains("old-post"));
  EXPECT_EQ(source.loads.load(), loads_after_hire + 1) << "the reopened post was not re-read";
  EXPECT_NE(index_.FindPost("old-post"), nullptr);
  follower.Stop();
}

TEST_F(FeedFollowerTest, WithoutASnapshotReplaysTheFeed) {
  CountingSource source(/*has_snapshot=*/false);
  FeedApplier applier(&index_, &source, nullptr);
  FeedFollower follower(channel_, &applier, &index_, &source);
  follower.Start();
  ASSERT_TRUE(WaitForCursor(3));
  EXPECT_EQ(source.loads.load(), 2);
  ASSERT_NE(index_.FindPost("old-post"), nullptr);
  EXPECT_TRUE(index_.FindSeeker("ann")->applied.contains("old-post"));
  EXPECT_EQ(index_.FindPost("old-post")->applicants, 1);
  follower.Stop();
}

// A restarted matcher loads its checkpoint and follows the feed from there:
// nothing is listed again, and what happened while it was down is applied once.
TEST_F(FeedFollowerTest, ResumesFromItsCheckpointWithoutListing) {
  const DataProtector key = DataProtector::Random(KeyUse::kMatcherCheckpoint);
  const std::string path = jobmatch::testing::TempPath("follower.checkpoint");
  {
    CountingSource source(/*has_snapshot=*/true);
    FeedApplier applier(&index_, &source, nullptr);
    FeedFollower follower(channel_, &applier, &index_, &source);
    follower.Start();
    ASSERT_TRUE(WaitForCursor(3));
    follower.Stop();
    ASSERT_TRUE(SaveCheckpoint(index_, key, path).ok());
  }
  // While it is down: a new post.
  schemas_.WriteOutbox(schemas_.postings(), Changed(v1::EVENT_KIND_POST_CHANGED, "new-post", ""));
  ASSERT_EQ(*events_.core().RelayOnce(), 1);

  MatchIndex restarted(&relations_);
  ASSERT_TRUE(LoadCheckpoint(path, key, &restarted).ok());
  ASSERT_EQ(restarted.cursor(), 3);
  CountingSource source(/*has_snapshot=*/true);
  FeedApplier applier(&restarted, &source, nullptr);
  FeedFollower follower(channel_, &applier, &restarted, &source);
  follower.Start();
  for (int i = 0; i < 500 && restarted.cursor() < 4; ++i) absl::SleepFor(absl::Milliseconds(10));
  follower.Stop();
  EXPECT_EQ(restarted.cursor(), 4);
  EXPECT_EQ(source.listings.load(), 0) << "a restart from a checkpoint listed everything again";
  EXPECT_EQ(source.loads.load(), 1) << "only the new post is read";
  EXPECT_NE(restarted.FindPost("new-post"), nullptr);
  EXPECT_EQ(restarted.FindPost("old-post")->applicants, 1) << "an application counted twice";
  EXPECT_TRUE(restarted.FindSeeker("ann")->applied.contains("old-post"));
  std::remove(path.c_str());
}

// A checkpoint older than the feed keeps cannot be followed on: the matcher
// starts again from the snapshot instead of missing what it cannot see.
TEST_F(FeedFollowerTest, ACheckpointOlderThanTheFeedStartsFromTheSnapshot) {
  PostRecord stale;
  stale.id = "gone-post";  // closed while the matcher was down, long ago
  index_.UpsertPost(stale);
  index_.set_cursor(1);
  absl::SleepFor(absl::Milliseconds(20));
  ASSERT_TRUE(events_.feed().DeleteOlderThan(absl::Now()).ok());
  schemas_.WriteOutbox(schemas_.postings(), Changed(v1::EVENT_KIND_POST_CHANGED, "new-post", ""));
  ASSERT_EQ(*events_.core().RelayOnce(), 1);  // cursor 4, the oldest kept

  CountingSource source(/*has_snapshot=*/true);
  FeedApplier applier(&index_, &source, nullptr);
  FeedFollower follower(channel_, &applier, &index_, &source);
  follower.Start();
  ASSERT_TRUE(WaitForCursor(4));
  follower.Stop();
  EXPECT_EQ(source.listings.load(), 1);
  EXPECT_EQ(index_.FindPost("gone-post"), nullptr) << "the old index was kept";
  EXPECT_NE(index_.FindPost("old-post"), nullptr) << "the snapshot was not loaded";
}

// A checkpoint from a feed since reset (its cursor beyond the head) would
// wait forever for events that are not coming.
TEST_F(FeedFollowerTest, ACheckpointBeyondTheFeedsHeadStartsFromTheSnapshot) {
  PostRecord stale;
  stale.id = "post-of-another-feed";
  index_.UpsertPost(stale);
  index_.set_cursor(200000);
  CountingSource source(/*has_snapshot=*/true);
  FeedApplier applier(&index_, &source, nullptr);
  FeedFollower follower(channel_, &applier, &index_, &source);
  follower.Start();
  for (int i = 0; i < 500 && index_.cursor() != 3; ++i) absl::SleepFor(absl::Milliseconds(10));
  follower.Stop();
  EXPECT_EQ(index_.cursor(), 3);
  EXPECT_EQ(source.listings.load(), 1);
  EXPECT_EQ(index_.FindPost("post-of-another-feed"), nullptr);
  EXPECT_NE(index_.FindPost("old-post"), nullptr);
}

}  // namespace
}  // namespace jobmatch::matcher
