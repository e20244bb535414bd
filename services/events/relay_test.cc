// The outbox relay against the real MariaDB: exactly once, late commits,
// rolled back ids, and the facts and aggregates it keeps.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <gtest/gtest.h>

#include <sstream>

#include "jobmatch/v1/postings.pb.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;

v1::Event PostChange(const std::string& post, const std::string& campaign) {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_POST_CHANGED);
  e.set_post_id(post);
  e.set_campaign_id(campaign);
  e.set_region_code("430281");
  e.add_key_groups(v1::KEY_GROUP_GROUP_4050);
  e.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
  e.mutable_change()->set_version(1);
  return e;
}

v1::Event ProfileChange(const std::string& profile) {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_PROFILE_CHANGED);
  e.set_profile_id(profile);
  e.set_region_code("430202");
  e.add_key_groups(v1::KEY_GROUP_GROUP_4050);
  e.add_key_groups(v1::KEY_GROUP_GRADUATE);
  e.add_key_groups(v1::KEY_GROUP_LOW_INCOME);  // a source's mistake: must not get through
  e.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
  return e;
}

// Inserts `event` into `db`'s outbox on `conn` (inside the caller's transaction).
void InsertOutbox(sql::Connection& conn, const v1::Event& event) {
  std::unique_ptr<sql::PreparedStatement> st(
      conn.prepareStatement("INSERT INTO outbox (event) VALUES (?)"));
  std::istringstream blob(event.SerializeAsString());
  st->setBlob(1, &blob);
  st->executeUpdate();
}

TEST(RelayTest, RelaysEachCommittedRowExactlyOnce) {
  EventsSchemas schemas;
  MysqlFeedStore feed(&schemas.events());
  MysqlRelayStore relay(&schemas.events(), schemas.postings_schema());
  for (int i = 0; i < 3; ++i)
    schemas.WriteOutbox(schemas.postings(), PostChange("p" + std::to_string(i), "c1"));
  schemas.WriteOutbox(schemas.profiles(), ProfileChange("person"));
  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 2, absl::Minutes(1)), 2);
  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 2, absl::Minutes(1)), 1);
  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 2, absl::Minutes(1)), 0);
  EXPECT_EQ(*relay.RelayOnce(schemas.profiles_schema(), 10, absl::Minutes(1)), 1);
  EXPECT_EQ(*relay.RelayOnce(schemas.profiles_schema(), 10, absl::Minutes(1)), 0);
  auto events = feed.ReadAfter(0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[0].post_id(), "p0");
  EXPECT_EQ((*events)[2].post_id(), "p2");
  EXPECT_EQ((*events)[3].profile_id(), "person");
}

// Outbox id 1 commits after id 2 was relayed: it is relayed later, once.
TEST(RelayTest, RowCommittingLateIsRelayedNotSkipped) {
  EventsSchemas schemas;
  MysqlFeedStore feed(&schemas.events());
  MysqlRelayStore relay(&schemas.events(), schemas.postings_schema());
  auto lease = schemas.postings().Acquire();
  ASSERT_TRUE(lease.ok());
  sql::Connection& slow = **lease;
  slow.setAutoCommit(false);
  InsertOutbox(slow, PostChange("slow", "c1"));                       // takes id 1, not committed
  schemas.WriteOutbox(schemas.postings(), PostChange("fast", "c1"));  // id 2, committed

  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 100, absl::Minutes(1)), 1);
  slow.commit();
  slow.setAutoCommit(true);
  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 100, absl::Minutes(1)), 1);
  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 100, absl::Minutes(1)), 0);
  auto events = feed.ReadAfter(0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].post_id(), "fast");
  EXPECT_EQ((*events)[1].post_id(), "slow");
}

TEST(RelayTest, RolledBackIdIsForgottenAfterTheGrace) {
  EventsSchemas schemas;
  MysqlFeedStore feed(&schemas.events());
  MysqlRelayStore relay(&schemas.events(), schemas.postings_schema());
  absl::Status s = schemas.postings().InTransaction([](sql::Connection& conn) {
    InsertOutbox(conn, PostChange("never", "c1"));
    return absl::AbortedError("rolled back");
  });
  ASSERT_TRUE(absl::IsAborted(s));
  schemas.WriteOutbox(schemas.postings(), PostChange("kept", "c1"));
  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 100, absl::Milliseconds(100)), 1);
  absl::SleepFor(absl::Milliseconds(150));
  EXPECT_EQ(*relay.RelayOnce(schemas.postings_schema(), 100, absl::Milliseconds(100)), 0);
  EXPECT_EQ(*feed.Head(), 1);
}

TEST(RelayTest, ChangesFeedFactsAndAggregates) {
  EventsSchemas schemas;
  schemas.AddPost("p1", 5);
  MysqlFeedStore feed(&schemas.events());
  MysqlRelayStore relay(&schemas.events(), schemas.postings_schema());
  schemas.WriteOutbox(schemas.postings(), PostChange("p1", "spring"));
  schemas.WriteOutbox(schemas.postings(), PostChange("p1", "spring"));  // an update: not a new post
  schemas.WriteOutbox(schemas.profiles(), ProfileChange("ann"));
  ASSERT_TRUE(relay.RelayOnce(schemas.postings_schema(), 100, absl::Minutes(1)).ok());
  ASSERT_TRUE(relay.RelayOnce(schemas.profiles_schema(), 100, absl::Minutes(1)).ok());

  Submission view;
  view.request_id = "v1";
  view.event.set_kind(v1::EVENT_KIND_VIEW);
  view.event.set_post_id("p1");
  view.event.set_profile_id("ann");
  auto r = feed.AcceptBatch({view});
  ASSERT_TRUE(r.ok());
  const v1::Event& e = (*r)[0]->event;
  EXPECT_EQ(e.campaign_id(), "spring");
  EXPECT_EQ(e.region_code(), "430281");
  EXPECT_EQ(e.key_groups_size(), 2);

  auto relayed = feed.ReadAfter(0, 10);
  ASSERT_TRUE(relayed.ok());
  EXPECT_EQ(relayed->back().key_groups_size(), 2) << "LOW_INCOME must never enter the feed";

  auto figures = feed.CampaignFigures("spring");
  ASSERT_TRUE(figures.ok());
  ASSERT_GE(figures->size(), 2u);
  EXPECT_EQ((*figures)[0].key_group, 0);
  EXPECT_EQ((*figures)[0].posts, 1);
  EXPECT_EQ((*figures)[0].openings, 5);
  EXPECT_EQ((*figures)[0].views, 1);
}

// A post change as the postings service writes it: ids, state and version;
// campaigns, groups and openings are in the posts row.
v1::Event PostStateChange(const std::string& post, v1::PostState state, int64_t version) {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_POST_CHANGED);
  e.set_post_id(post);
  e.set_region_code("430281");
  const bool live = state == v1::POST_STATE_OPEN || state == v1::POST_STATE_DRAFT;
  e.mutable_change()->set_change_type(version == 1 ? v1::CHANGE_TYPE_CREATED
                                      : live       ? v1::CHANGE_TYPE_UPDATED
                                                   : v1::CHANGE_TYPE_REMOVED);
  e.mutable_change()->set_version(version);
  e.mutable_change()->set_post_state(state);
  return e;
}

// {posts, openings} of `campaign` for `group` (0: everyone); {0, 0} without a row.
std::pair<int64_t, int64_t> PostsAndOpenings(MysqlFeedStore& feed, const std::string& campaign,
                                             int group) {
  auto figures = feed.CampaignFigures(campaign);
  EXPECT_TRUE(figures.ok());
  for (const GroupFigures& g : *figures) {
    if (g.key_group == group) return {g.posts, g.openings};
  }
  return {0, 0};
}

TEST(RelayTest, PostsAndOpeningsPerTargetedGroupFollowUpdatesAndCloses) {
  using P = std::pair<int64_t, int64_t>;
  EventsSchemas schemas;
  MysqlFeedStore feed(&schemas.events());
  MysqlRelayStore relay(&schemas.events(), schemas.postings_schema());
  auto relay_all = [&] {
    ASSERT_TRUE(relay.RelayOnce(schemas.postings_schema(), 100, absl::Minutes(1)).ok());
  };
  constexpr int kTotal = 0, k4050 = v1::KEY_GROUP_GROUP_4050,
                kPoverty = v1::KEY_GROUP_POVERTY_LABOR, kGraduate = v1::KEY_GROUP_GRADUATE;

  // p1 targets 4050 and poverty labour in two campaigns; p2 graduates in one.
  schemas.AddPost("p1", 5);
  schemas.SetPostTargets("p1", 5, {v1::KEY_GROUP_GROUP_4050, v1::KEY_GROUP_POVERTY_LABOR},
                         {"spring", "village"});
  schemas.AddPost("p2", 3);
  schemas.SetPostTargets("p2", 3, {v1::KEY_GROUP_GRADUATE}, {"spring"});
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p1", v1::POST_STATE_OPEN, 1));
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p2", v1::POST_STATE_OPEN, 1));
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kTotal), P(2, 8));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", k4050), P(1, 5));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kPoverty), P(1, 5));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kGraduate), P(1, 3));
  EXPECT_EQ(PostsAndOpenings(feed, "village", kTotal), P(1, 5));
  EXPECT_EQ(PostsAndOpenings(feed, "village", k4050), P(1, 5));
  EXPECT_EQ(PostsAndOpenings(feed, "village", kGraduate), P(0, 0));

  // p1 now targets graduates only, has 7 openings and left the village campaign.
  schemas.SetPostTargets("p1", 7, {v1::KEY_GROUP_GRADUATE}, {"spring"});
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p1", v1::POST_STATE_OPEN, 2));
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kTotal), P(2, 10));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", k4050), P(0, 0));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kPoverty), P(0, 0));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kGraduate), P(2, 10));
  EXPECT_EQ(PostsAndOpenings(feed, "village", kTotal), P(0, 0));
  EXPECT_EQ(PostsAndOpenings(feed, "village", k4050), P(0, 0));

  // Closing a published post keeps it in what the campaign published, once.
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p2", v1::POST_STATE_CLOSED, 2));
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kTotal), P(2, 10));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kGraduate), P(2, 10));

  // A draft counts only once published; a draft closed unpublished never does.
  schemas.AddPost("p3", 4, v1::POST_STATE_DRAFT);
  schemas.SetPostTargets("p3", 4, {v1::KEY_GROUP_GROUP_4050}, {"spring"});
  schemas.AddPost("p4", 9, v1::POST_STATE_DRAFT);
  schemas.SetPostTargets("p4", 9, {v1::KEY_GROUP_GROUP_4050}, {"spring"});
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p3", v1::POST_STATE_DRAFT, 1));
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p4", v1::POST_STATE_DRAFT, 1));
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", k4050), P(0, 0));
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p3", v1::POST_STATE_OPEN, 2));
  schemas.WriteOutbox(schemas.postings(), PostStateChange("p4", v1::POST_STATE_CLOSED, 2));
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", kTotal), P(3, 14));
  EXPECT_EQ(PostsAndOpenings(feed, "spring", k4050), P(1, 4));
}

// A post awaiting moderation counts once approved; one rejected before it was
// ever published never does, and a take-down keeps what was published.
TEST(RelayTest, PostsAwaitingReviewCountOnlyOnceApproved) {
  using P = std::pair<int64_t, int64_t>;
  EventsSchemas schemas;
  MysqlFeedStore feed(&schemas.events());
  MysqlRelayStore relay(&schemas.events(), schemas.postings_schema());
  auto relay_all = [&] {
    ASSERT_TRUE(relay.RelayOnce(schemas.postings_schema(), 100, absl::Minutes(1)).ok());
  };
  for (const char* id : {"approved", "refused", "taken-down"}) {
    schemas.AddPost(id, 2, v1::POST_STATE_PENDING_REVIEW);
    schemas.SetPostTargets(id, 2, {v1::KEY_GROUP_GROUP_4050}, {"spring"});
    schemas.WriteOutbox(schemas.postings(), PostStateChange(id, v1::POST_STATE_PENDING_REVIEW, 1));
  }
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", 0), P(0, 0));
  schemas.WriteOutbox(schemas.postings(), PostStateChange("approved", v1::POST_STATE_OPEN, 2));
  schemas.WriteOutbox(schemas.postings(), PostStateChange("refused", v1::POST_STATE_REJECTED, 2));
  schemas.WriteOutbox(schemas.postings(), PostStateChange("taken-down", v1::POST_STATE_OPEN, 2));
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", 0), P(2, 4));
  schemas.WriteOutbox(schemas.postings(),
                      PostStateChange("taken-down", v1::POST_STATE_REJECTED, 3));
  relay_all();
  EXPECT_EQ(PostsAndOpenings(feed, "spring", 0), P(2, 4));
}

}  // namespace
}  // namespace jobmatch::events
