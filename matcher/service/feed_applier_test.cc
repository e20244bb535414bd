// The feed keeps the index current: changed entities re-read, gone ones
// removed, applications and hires recorded, campaign changes reach their
// posts, and a failed re-read leaves the cursor so the event is retried.
#include "matcher/service/feed_applier.h"

#include <atomic>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "matcher/service/checkpoint.h"
#include "services/common/testing/temp_path.h"

namespace jobmatch::matcher {
namespace {

class MapSource final : public EntitySource {
 public:
  absl::StatusOr<std::optional<PostRecord>> LoadPost(const std::string& id) override {
    if (fail) return absl::UnavailableError("down");
    auto it = posts.find(id);
    if (it == posts.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::optional<Seeker>> LoadSeeker(const std::string& id) override {
    if (fail) return absl::UnavailableError("down");
    auto it = people.find(id);
    if (it == people.end()) return std::nullopt;
    return it->second;
  }
  void CampaignChanged(const std::string& id) override { forgotten.push_back(id); }

  bool fail = false;
  absl::flat_hash_map<std::string, PostRecord> posts;
  absl::flat_hash_map<std::string, Seeker> people;
  std::vector<std::string> forgotten;
};

v1::Event Ev(int64_t cursor, v1::EventKind kind, const std::string& post,
             const std::string& profile) {
  v1::Event e;
  e.set_cursor(cursor);
  e.set_kind(kind);
  e.set_post_id(post);
  e.set_profile_id(profile);
  return e;
}

class FeedApplierTest : public ::testing::Test {
 protected:
  NoOccupationRelations none_;
  MatchIndex index{&none_};
  MapSource source;
  FeedApplier feed{&index, &source, nullptr};
};

TEST_F(FeedApplierTest, KeepsTheIndexCurrent) {
  PostRecord post;
  post.id = "post-1";
  post.occupation_code = "6-18-02-04";
  post.campaigns = {{"c1", "春风行动", 0, 100, 0}};
  source.posts["post-1"] = post;
  Seeker person;
  person.id = "p1";
  source.people["p1"] = person;

  ASSERT_TRUE(feed.Apply(Ev(1, v1::EVENT_KIND_POST_CHANGED, "post-1", "")).ok());
  ASSERT_TRUE(feed.Apply(Ev(2, v1::EVENT_KIND_PROFILE_CHANGED, "", "p1")).ok());
  ASSERT_NE(index.FindPost("post-1"), nullptr);
  ASSERT_NE(index.FindSeeker("p1"), nullptr);

  ASSERT_TRUE(feed.Apply(Ev(3, v1::EVENT_KIND_APPLICATION, "post-1", "p1")).ok());
  ASSERT_TRUE(feed.Apply(Ev(4, v1::EVENT_KIND_HIRE, "post-1", "p1")).ok());
  EXPECT_EQ(index.FindPost("post-1")->applicants, 1);
  EXPECT_TRUE(index.FindSeeker("p1")->applied.contains("post-1"));
  EXPECT_TRUE(index.FindSeeker("p1")->hired.contains("post-1"));

  // A profile edit keeps what the person did.
  source.people["p1"].education = 5;
  ASSERT_TRUE(feed.Apply(Ev(5, v1::EVENT_KIND_PROFILE_CHANGED, "", "p1")).ok());
  EXPECT_EQ(index.FindSeeker("p1")->education, 5);
  EXPECT_TRUE(index.FindSeeker("p1")->applied.contains("post-1"));

  // A campaign change re-reads its posts.
  source.posts["post-1"].campaigns[0].end = 200;
  v1::Event campaign = Ev(6, v1::EVENT_KIND_CAMPAIGN_CHANGED, "", "");
  campaign.set_campaign_id("c1");
  ASSERT_TRUE(feed.Apply(campaign).ok());
  EXPECT_EQ(index.FindPost("post-1")->campaigns[0].end, 200);
  EXPECT_EQ(source.forgotten, std::vector<std::string>{"c1"});

  // The source is down: the event fails and the cursor stays before it.
  source.fail = true;
  EXPECT_FALSE(feed.Apply(Ev(7, v1::EVENT_KIND_POST_CHANGED, "post-1", "")).ok());
  EXPECT_EQ(index.cursor(), 6);

  // Gone entities leave the index.
  source.fail = false;
  source.posts.clear();
  source.people.clear();
  ASSERT_TRUE(feed.Apply(Ev(7, v1::EVENT_KIND_POST_CHANGED, "post-1", "")).ok());
  ASSERT_TRUE(feed.Apply(Ev(8, v1::EVENT_KIND_PROFILE_CHANGED, "", "p1")).ok());
  EXPECT_EQ(index.FindPost("post-1"), nullptr);
  EXPECT_EQ(index.FindSeeker("p1"), nullptr);
  EXPECT_EQ(index.cursor(), 8);
}

// A checkpoint is a snapshot; if one could hold an application without the
// cursor that carried it, the restarted matcher would count it twice.
TEST_F(FeedApplierTest, ASnapshotHoldsEveryApplicationWithItsCursor) {
  PostRecord post;
  post.id = "post-1";
  source.posts["post-1"] = post;
  ASSERT_TRUE(feed.Apply(Ev(1, v1::EVENT_KIND_POST_CHANGED, "post-1", "")).ok());

  constexpr int kApplications = 20000;
  std::atomic<bool> done{false};
  std::thread applier([&] {
    for (int i = 0; i < kApplications; ++i) {
      ASSERT_TRUE(
          feed.Apply(Ev(2 + i, v1::EVENT_KIND_APPLICATION, "post-1", absl::StrCat("p", i))).ok());
    }
    done = true;
  });
  int snapshots = 0, mismatches = 0;
  while (!done) {
    const MatchIndex::Snapshot snap = index.TakeSnapshot();
    ASSERT_EQ(snap.posts.size(), 1u);
    mismatches += snap.posts[0]->applicants != snap.cursor - 1;
    ++snapshots;
  }
  applier.join();
  EXPECT_EQ(mismatches, 0) << "of " << snapshots << " snapshots";
  EXPECT_EQ(index.FindPost("post-1")->applicants, kApplications);
  EXPECT_EQ(index.cursor(), kApplications + 1);
}

// A withdrawal takes the person's "applied" mark back, so the post is theirs
// to be recommended and to apply to again; a re-application sets it again,
// and a checkpoint taken in between holds the cleared mark with its cursor.
TEST_F(FeedApplierTest, AWithdrawalClearsTheAppliedMarkAndAReapplicationSetsIt) {
  PostRecord post;
  post.id = "post-1";
  post.occupation_code = "6-18-02-04";
  source.posts["post-1"] = post;
  Seeker person;
  person.id = "p1";
  source.people["p1"] = person;
  ASSERT_TRUE(feed.Apply(Ev(1, v1::EVENT_KIND_POST_CHANGED, "post-1", "")).ok());
  ASSERT_TRUE(feed.Apply(Ev(2, v1::EVENT_KIND_PROFILE_CHANGED, "", "p1")).ok());
  ASSERT_TRUE(feed.Apply(Ev(3, v1::EVENT_KIND_APPLICATION, "post-1", "p1")).ok());
  ASSERT_TRUE(index.FindSeeker("p1")->applied.contains("post-1"));

  ASSERT_TRUE(feed.Apply(Ev(4, v1::EVENT_KIND_APPLICATION_WITHDRAWN, "post-1", "p1")).ok());
  EXPECT_FALSE(index.FindSeeker("p1")->applied.contains("post-1"));
  EXPECT_EQ(index.FindPost("post-1")->applicants, 0);
  EXPECT_EQ(index.cursor(), 4);

  // Saved and loaded between the withdrawal and the re-application.
  const DataProtector key = DataProtector::Random(KeyUse::kMatcherCheckpoint);
  const std::string path = jobmatch::testing::TempPath("withdrawal.checkpoint");
  ASSERT_TRUE(SaveCheckpoint(index, key, path).ok());
  MatchIndex restarted{&none_};
  ASSERT_TRUE(LoadCheckpoint(path, key, &restarted).ok());
  std::remove(path.c_str());
  EXPECT_EQ(restarted.cursor(), 4);
  EXPECT_FALSE(restarted.FindSeeker("p1")->applied.contains("post-1"));
  EXPECT_EQ(restarted.FindPost("post-1")->applicants, 0);

  FeedApplier after_restart{&restarted, &source, nullptr};
  ASSERT_TRUE(after_restart.Apply(Ev(5, v1::EVENT_KIND_APPLICATION, "post-1", "p1")).ok());
  EXPECT_TRUE(restarted.FindSeeker("p1")->applied.contains("post-1"));
  EXPECT_EQ(restarted.FindPost("post-1")->applicants, 1);
  // A profile edit keeps the re-application, as it keeps the first.
  ASSERT_TRUE(after_restart.Apply(Ev(6, v1::EVENT_KIND_PROFILE_CHANGED, "", "p1")).ok());
  EXPECT_TRUE(restarted.FindSeeker("p1")->applied.contains("post-1"));
}

}  // namespace
}  // namespace jobmatch::matcher
