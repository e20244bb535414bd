// Storage tests against the real MariaDB: feed order under interleaved
// transactions, behaviour batches, hires (16 concurrent on the last opening)
// and retention.
#include <cppconn/connection.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "services/events/mysql_feed_sql.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;

Submission View(const std::string& request_id, const std::string& profile,
                const std::string& post) {
  Submission s;
  s.request_id = request_id;
  s.request_hash = std::hash<std::string>()(request_id + profile + post);
  s.event.set_kind(v1::EVENT_KIND_VIEW);
  s.event.set_profile_id(profile);
  s.event.set_post_id(post);
  return s;
}

Submission Apply(const std::string& request_id, const std::string& profile,
                 const std::string& post) {
  Submission s = View(request_id, profile, post);
  s.event.set_kind(v1::EVENT_KIND_APPLICATION);
  return s;
}

Submission HireOf(const std::string& request_id, const std::string& profile,
                  const std::string& post) {
  Submission s = View(request_id, profile, post);
  s.event.set_kind(v1::EVENT_KIND_HIRE);
  return s;
}

std::vector<int64_t> Cursors(const std::vector<v1::Event>& events) {
  std::vector<int64_t> out;
  for (const auto& e : events) out.push_back(e.cursor());
  return out;
}

// A writer that commits late must not be overtaken: while transaction A holds
// cursor 1 uncommitted, B cannot take cursor 2, and readers see nothing until
// A commits; then they see A's event before B's.
TEST(FeedOrderTest, LateCommitIsNeverSkipped) {
  EventsSchemas schemas;
  MysqlFeedStore store(&schemas.events());
  auto lease = schemas.events().Acquire();
  ASSERT_TRUE(lease.ok());
  sql::Connection& a = **lease;
  a.setAutoCommit(false);
  v1::Event first;
  first.set_kind(v1::EVENT_KIND_LIVE_PUSH);
  first.set_post_id("late");
  internal::AppendToFeed(a, {&first});
  EXPECT_EQ(first.cursor(), 1);

  auto b = std::async(std::launch::async,
                      [&] { return store.AcceptBatch({View("r-b", "p", "early")}); });
  EXPECT_EQ(b.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
      << "a second writer must wait for the first to commit";
  auto seen = store.ReadAfter(0, 10);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->empty());
  EXPECT_EQ(*store.Head(), 0);

  a.commit();
  a.setAutoCommit(true);
  auto accepted = b.get();
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  ASSERT_TRUE((*accepted)[0].ok());
  EXPECT_EQ((*accepted)[0]->event.cursor(), 2);
  seen = store.ReadAfter(0, 10);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(Cursors(*seen), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ((*seen)[0].post_id(), "late");
  EXPECT_EQ((*seen)[1].post_id(), "early");
}

TEST(FeedOrderTest, RolledBackAppendLeavesNoHole) {
  EventsSchemas schemas;
  MysqlFeedStore store(&schemas.events());
  absl::Status s = schemas.events().InTransaction([](sql::Connection& conn) {
    v1::Event e;
    e.set_kind(v1::EVENT_KIND_VIEW);
    internal::AppendToFeed(conn, {&e});
    return absl::AbortedError("changed my mind");
  });
  EXPECT_TRUE(absl::IsAborted(s));
  auto r = store.AcceptBatch({View("r1", "p", "q")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0]->event.cursor(), 1);
}

TEST(BehaviourStoreTest, BatchAnswersEachItem) {
  EventsSchemas schemas;
  MysqlFeedStore store(&schemas.events());
  Submission changed = View("r1", "p1", "post-9");
  changed.request_hash ^= 1;
  auto r = store.AcceptBatch({View("r1", "p1", "post-9"), View("r2", "p1", "post-8"),
                              View("r1", "p1", "post-9"), changed});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 4u);
  ASSERT_TRUE((*r)[0].ok());
  ASSERT_TRUE((*r)[1].ok());
  ASSERT_TRUE((*r)[2].ok());
  EXPECT_EQ((*r)[2]->event.cursor(), (*r)[0]->event.cursor());
  EXPECT_TRUE(absl::IsInvalidArgument((*r)[3].status()));

  // A later batch: the retry answers the recorded event.
  auto again = store.AcceptBatch({View("r1", "p1", "post-9"), View("r4", "p1", "post-9")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0]->event.cursor(), (*r)[0]->event.cursor());
  ASSERT_TRUE((*again)[1].ok());
  EXPECT_EQ(*store.Head(), 3);
}

// Hires are of applicants (application_store_test.cc has the rule itself).
void ApplyAll(EventsSchemas& schemas, const std::string& post,
              const std::vector<std::string>& people) {
  MysqlApplicationStore applications(&schemas.events(), schemas.postings_schema());
  for (const std::string& person : people) {
    auto applied = applications.Advance(Apply("apply-" + person + "-" + post, person, post));
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
}

TEST(CapacityStoreTest, HireTakesOpeningsAndFillsThePost) {
  EventsSchemas schemas;
  schemas.AddPost("post-1", 2);
  ApplyAll(schemas, "post-1", {"a", "b", "c"});
  MysqlPostCapacityStore store(&schemas.events(), schemas.postings_schema());
  auto first = store.Hire(HireOf("h1", "a", "post-1"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->remaining_openings, 1);
  EXPECT_EQ(schemas.PostRow("post-1"), std::make_tuple(1, 2, int64_t{2}));

  EXPECT_TRUE(absl::IsAlreadyExists(store.Hire(HireOf("h2", "a", "post-1")).status()));
  auto retry = store.Hire(HireOf("h1", "a", "post-1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->event.cursor(), first->event.cursor());
  EXPECT_EQ(retry->remaining_openings, 1);

  auto last = store.Hire(HireOf("h3", "b", "post-1"));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->remaining_openings, 0);
  EXPECT_EQ(schemas.PostRow("post-1"), std::make_tuple(0, 4, int64_t{3}));  // FILLED
  EXPECT_TRUE(absl::IsFailedPrecondition(store.Hire(HireOf("h4", "c", "post-1")).status()));
  EXPECT_TRUE(absl::IsNotFound(store.Hire(HireOf("h5", "c", "nope")).status()));
  schemas.AddPost("closed", 3, 5);
  EXPECT_TRUE(absl::IsFailedPrecondition(store.Hire(HireOf("h6", "c", "closed")).status()));
}

TEST(CapacityStoreTest, SixteenConcurrentHiresOnTheLastOpening) {
  EventsSchemas schemas;
  schemas.AddPost("last", 1);
  std::vector<std::string> people;
  for (int i = 0; i < 16; ++i) people.push_back("person-" + std::to_string(i));
  ApplyAll(schemas, "last", people);
  MysqlPostCapacityStore store(&schemas.events(), schemas.postings_schema());
  std::vector<std::future<absl::StatusOr<Accepted>>> calls;
  for (int i = 0; i < 16; ++i) {
    calls.push_back(std::async(std::launch::async, [&, i] {
      return store.Hire(HireOf("h" + std::to_string(i), "person-" + std::to_string(i), "last"));
    }));
  }
  int ok = 0, refused = 0;
  for (auto& c : calls) {
    auto r = c.get();
    if (r.ok()) {
      ++ok;
    } else {
      EXPECT_TRUE(absl::IsFailedPrecondition(r.status())) << r.status();
      ++refused;
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(refused, 15);
  EXPECT_EQ(schemas.PostRow("last"), std::make_tuple(0, 4, int64_t{2}));
  MysqlFeedStore feed(&schemas.events());
  EXPECT_EQ(*feed.Head(), 17);  // 16 applications, one hire
}

TEST(RetentionTest, DeletesAPrefixAndMovesTheOldest) {
  EventsSchemas schemas;
  MysqlFeedStore store(&schemas.events());
  ASSERT_TRUE(store.AcceptBatch({View("r1", "a", "x"), View("r2", "b", "x")}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const absl::Time cutoff = absl::Now();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(store.AcceptBatch({View("r3", "c", "x")}).ok());
  EXPECT_EQ(*store.Oldest(), 1);
  auto gone = store.DeleteOlderThan(cutoff);
  ASSERT_TRUE(gone.ok()) << gone.status();
  EXPECT_EQ(*gone, 2);
  EXPECT_EQ(*store.Oldest(), 3);
  auto rest = store.ReadAfter(0, 10);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(Cursors(*rest), std::vector<int64_t>{3});
  ASSERT_TRUE(store.DeleteOlderThan(absl::Now() + absl::Seconds(1)).ok());
  EXPECT_EQ(*store.Oldest(), 4);  // nothing kept: head + 1
}

}  // namespace
}  // namespace jobmatch::events
