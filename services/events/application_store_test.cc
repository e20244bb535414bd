// The application pipeline's storage against the real MariaDB: every rule
// the store enforces in its transactions (open posts, applicants only, legal
// steps, undoing a hire), what a refused step leaves behind (nothing), retries
// by request id, and the two lists.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <gtest/gtest.h>

#include <future>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/events/testing/events_fixture.h"

namespace jobmatch::events {
namespace {

using testing::EventsSchemas;
using v1::ApplicationStatus;

Submission Of(v1::EventKind kind, const std::string& request_id, const std::string& profile,
              const std::string& post) {
  Submission s;
  s.request_id = request_id;
  s.request_hash = std::hash<std::string>()(absl::StrCat(kind, request_id, profile, post));
  s.event.set_kind(kind);
  s.event.set_profile_id(profile);
  s.event.set_post_id(post);
  return s;
}

Submission Apply(const std::string& id, const std::string& profile, const std::string& post) {
  Submission s = Of(v1::EVENT_KIND_APPLICATION, id, profile, post);
  s.event.mutable_application()->set_channel("app");
  return s;
}

Submission Invite(const std::string& id, const std::string& profile, const std::string& post) {
  Submission s = Of(v1::EVENT_KIND_INTERVIEW_INVITATION, id, profile, post);
  s.event.mutable_interview()->mutable_interview_time()->set_seconds(1800000000);
  s.event.mutable_interview()->set_place("株洲市人力资源市场");
  return s;
}

Submission Answer(const std::string& id, const std::string& profile, const std::string& post,
                  v1::InvitationAnswer answer) {
  Submission s = Of(v1::EVENT_KIND_INVITATION_RESPONSE, id, profile, post);
  s.event.mutable_invitation_response()->set_answer(answer);
  if (answer == v1::INVITATION_ANSWER_RESCHEDULE) {
    s.event.mutable_invitation_response()->mutable_proposed_time()->set_seconds(1800086400);
  }
  return s;
}

Submission Hire(const std::string& id, const std::string& profile, const std::string& post,
                const std::string& on_site = "") {
  Submission s = Of(v1::EVENT_KIND_HIRE, id, profile, post);
  s.event.mutable_hire()->set_on_site_channel(on_site);
  return s;
}

Submission Undo(const std::string& id, const std::string& profile, const std::string& post) {
  Submission s = Of(v1::EVENT_KIND_HIRE_UNDONE, id, profile, post);
  s.event.mutable_hire_undone()->set_reason("recorded by mistake");
  return s;
}

class ApplicationStoreTest : public ::testing::Test {
 protected:
  ApplicationStoreTest()
      : store_(&schemas_.events(), schemas_.postings_schema()),
        capacity_(&schemas_.events(), schemas_.postings_schema()),
        feed_(&schemas_.events()) {}

  ApplicationStatus StatusOf(const std::string& profile, const std::string& post) {
    auto page = store_.ForPerson(profile, 100, 0);
    EXPECT_TRUE(page.ok()) << page.status();
    for (const auto& r : page->items) {
      if (r.post_id() == post) return r.status();
    }
    return v1::APPLICATION_STATUS_UNSPECIFIED;
  }

  int64_t Head() { return *feed_.Head(); }

  // Rows in the postings outbox (post changes the relay will carry).
  std::vector<v1::Event> PostingsOutbox() {
    std::vector<v1::Event> out;
    (void)schemas_.postings().WithConnection([&](sql::Connection& conn) {
      std::unique_ptr<sql::PreparedStatement> st(
          conn.prepareStatement("SELECT event FROM outbox ORDER BY id"));
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
      while (rs->next()) {
        v1::Event e;
        e.ParseFromString(rs->getString(1));
        out.push_back(e);
      }
      return absl::OkStatus();
    });
    return out;
  }

  EventsSchemas schemas_;
  MysqlApplicationStore store_;
  MysqlPostCapacityStore capacity_;
  MysqlFeedStore feed_;
};

TEST_F(ApplicationStoreTest, ApplyOnlyToOpenPostsAndOnce) {
  schemas_.AddPost("open", 2);
  schemas_.AddPost("closed", 2, v1::POST_STATE_CLOSED);
  schemas_.AddPost("filled", 2, v1::POST_STATE_FILLED);
  schemas_.AddPost("pending", 2, v1::POST_STATE_PENDING_REVIEW);
  schemas_.AddPost("paused", 2, v1::POST_STATE_PAUSED);

  auto first = store_.Advance(Apply("a1", "ann", "open"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->event.cursor(), 1);
  EXPECT_EQ(StatusOf("ann", "open"), v1::APPLICATION_STATUS_APPLIED);

  for (const char* post : {"closed", "filled", "pending", "paused"}) {
    auto refused = store_.Advance(Apply(absl::StrCat("a-", post), "ann", post));
    EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << post << ": " << refused.status();
    EXPECT_NE(refused.status().message().find("not open"), absl::string_view::npos);
  }
  EXPECT_TRUE(absl::IsNotFound(store_.Advance(Apply("a-none", "ann", "nowhere")).status()));
  EXPECT_TRUE(absl::IsAlreadyExists(store_.Advance(Apply("a2", "ann", "open")).status()));
  // Refusals write nothing: no event, no row, no request id.
  EXPECT_EQ(Head(), 1);
  EXPECT_EQ(StatusOf("ann", "closed"), v1::APPLICATION_STATUS_UNSPECIFIED);
  EXPECT_FALSE(feed_.LookupRequest("a-closed")->has_value());
}

TEST_F(ApplicationStoreTest, ThePipelineToAHireAndWhatTheListsShow) {
  schemas_.AddPost("p1", 2);
  v1::Post post;
  post.set_title("焊工");
  (void)schemas_.postings().WithConnection([&](sql::Connection& conn) {
    std::unique_ptr<sql::PreparedStatement> st(
        conn.prepareStatement("UPDATE posts SET proto = ? WHERE post_id = 'p1'"));
    st->setString(1, post.SerializeAsString());
    st->executeUpdate();
    return absl::OkStatus();
  });
  ASSERT_TRUE(store_.Advance(Apply("a1", "ann", "p1")).ok());
  ASSERT_TRUE(store_.Advance(Of(v1::EVENT_KIND_APPLICATION_VIEWED, "v1", "ann", "p1")).ok());
  EXPECT_EQ(StatusOf("ann", "p1"), v1::APPLICATION_STATUS_VIEWED);
  ASSERT_TRUE(store_.Advance(Invite("i1", "ann", "p1")).ok());
  EXPECT_EQ(StatusOf("ann", "p1"), v1::APPLICATION_STATUS_INVITED);
  ASSERT_TRUE(store_.Advance(Answer("r1", "ann", "p1", v1::INVITATION_ANSWER_RESCHEDULE)).ok());
  auto page = store_.ForPerson("ann", 10, 0);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].status(), v1::APPLICATION_STATUS_INTERVIEW_RESCHEDULED);
  EXPECT_EQ(page->items[0].proposed_time().seconds(), 1800086400);
  EXPECT_EQ(page->items[0].interview_time().seconds(), 1800000000);
  EXPECT_EQ(page->items[0].interview_place(), "株洲市人力资源市场");
  EXPECT_EQ(page->items[0].post_title(), "焊工");
  EXPECT_EQ(page->items[0].channel(), "app");
  EXPECT_GT(page->items[0].applied_time().seconds(), 0);

  ASSERT_TRUE(store_.Advance(Answer("r2", "ann", "p1", v1::INVITATION_ANSWER_ACCEPT)).ok());
  EXPECT_EQ(StatusOf("ann", "p1"), v1::APPLICATION_STATUS_INTERVIEW_ACCEPTED);
  auto hired = capacity_.Hire(Hire("h1", "ann", "p1"));
  ASSERT_TRUE(hired.ok()) << hired.status();
  EXPECT_EQ(hired->remaining_openings, 1);
  page = store_.ForPerson("ann", 10, 0);
  EXPECT_EQ(page->items[0].status(), v1::APPLICATION_STATUS_HIRED);
  EXPECT_EQ(page->items[0].last_cursor(), hired->event.cursor());
  EXPECT_FALSE(page->items[0].has_proposed_time());  // the accepted answer cleared it
}

TEST_F(ApplicationStoreTest, AnIllegalStepIsRefusedAndWritesNothing) {
  schemas_.AddPost("p1", 2);
  ASSERT_TRUE(store_.Advance(Apply("a1", "ann", "p1")).ok());
  // Answering an invitation that was never sent.
  auto early = store_.Advance(Answer("r0", "ann", "p1", v1::INVITATION_ANSWER_ACCEPT));
  ASSERT_TRUE(absl::IsFailedPrecondition(early.status())) << early.status();
  EXPECT_EQ(early.status().message(),
            "the application of ann to post p1: cannot accept the interview: the application is "
            "APPLIED");
  ASSERT_TRUE(store_.Advance(Of(v1::EVENT_KIND_APPLICATION_WITHDRAWN, "w1", "ann", "p1")).ok());
  const int64_t head = Head();
  EXPECT_TRUE(absl::IsFailedPrecondition(store_.Advance(Invite("i1", "ann", "p1")).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      store_.Advance(Of(v1::EVENT_KIND_APPLICATION_WITHDRAWN, "w2", "ann", "p1")).status()));
  // A withdrawn applicant is not hired, and no opening is taken.
  EXPECT_TRUE(absl::IsFailedPrecondition(capacity_.Hire(Hire("h1", "ann", "p1")).status()));
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 2);
  // Steps on an application that does not exist.
  EXPECT_TRUE(absl::IsFailedPrecondition(store_.Advance(Invite("i2", "bob", "p1")).status()));
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(StatusOf("ann", "p1"), v1::APPLICATION_STATUS_WITHDRAWN);
  EXPECT_FALSE(feed_.LookupRequest("i1")->has_value());
}

// The hire refuses a withdrawn applicant in the words of the pipeline's steps.
TEST_F(ApplicationStoreTest, ARefusedHireNamesTheApplication) {
  schemas_.AddPost("p1", 2);
  ASSERT_TRUE(store_.Advance(Apply("a1", "ann", "p1")).ok());
  ASSERT_TRUE(store_.Advance(Of(v1::EVENT_KIND_APPLICATION_WITHDRAWN, "w1", "ann", "p1")).ok());
  auto refused = capacity_.Hire(Hire("h1", "ann", "p1"));
  ASSERT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  EXPECT_EQ(refused.status().message(),
            "the application of ann to post p1: cannot hire: the application is WITHDRAWN");
}

TEST_F(ApplicationStoreTest, OnlyApplicantsAreHiredUnlessPlacedOnSite) {
  schemas_.AddPost("p1", 3);
  auto stranger = capacity_.Hire(Hire("h1", "zed", "p1"));
  ASSERT_TRUE(absl::IsFailedPrecondition(stranger.status())) << stranger.status();
  EXPECT_NE(stranger.status().message().find("has not applied"), absl::string_view::npos);
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 3);
  EXPECT_EQ(Head(), 0);

  auto on_site = capacity_.Hire(Hire("h2", "zed", "p1", "fair"));
  ASSERT_TRUE(on_site.ok()) << on_site.status();
  EXPECT_EQ(on_site->remaining_openings, 2);
  auto page = store_.ForPerson("zed", 10, 0);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].status(), v1::APPLICATION_STATUS_HIRED);
  EXPECT_EQ(page->items[0].channel(), "fair");

  // Undone, an on-site placement goes back to APPLIED (made on the spot).
  ASSERT_TRUE(store_.UndoHire(Undo("u1", "zed", "p1")).ok());
  EXPECT_EQ(StatusOf("zed", "p1"), v1::APPLICATION_STATUS_APPLIED);
}

TEST_F(ApplicationStoreTest, UndoingAHireReturnsItsOpeningAndReopensAFilledPost) {
  schemas_.AddPost("p1", 1);
  ASSERT_TRUE(store_.Advance(Apply("a1", "ann", "p1")).ok());
  ASSERT_TRUE(store_.Advance(Invite("i1", "ann", "p1")).ok());
  ASSERT_TRUE(capacity_.Hire(Hire("h1", "ann", "p1")).ok());
  EXPECT_EQ(schemas_.PostRow("p1"), std::make_tuple(0, int(v1::POST_STATE_FILLED), int64_t{2}));
  const size_t outbox_before = PostingsOutbox().size();  // the FILLED change

  auto undone = store_.UndoHire(Undo("u1", "ann", "p1"));
  ASSERT_TRUE(undone.ok()) << undone.status();
  EXPECT_EQ(undone->remaining_openings, 1);
  EXPECT_EQ(undone->event.kind(), v1::EVENT_KIND_HIRE_UNDONE);
  EXPECT_EQ(undone->event.hire_undone().reason(), "recorded by mistake");
  EXPECT_EQ(schemas_.PostRow("p1"), std::make_tuple(1, int(v1::POST_STATE_OPEN), int64_t{3}));
  // The post's change travels like the FILLED one did: through the postings outbox.
  std::vector<v1::Event> outbox = PostingsOutbox();
  ASSERT_EQ(outbox.size(), outbox_before + 1);
  EXPECT_EQ(outbox.back().kind(), v1::EVENT_KIND_POST_CHANGED);
  EXPECT_EQ(outbox.back().post_id(), "p1");
  EXPECT_EQ(outbox.back().change().post_state(), v1::POST_STATE_OPEN);
  EXPECT_EQ(outbox.back().change().version(), 3);
  // Back where it was hired from.
  EXPECT_EQ(StatusOf("ann", "p1"), v1::APPLICATION_STATUS_INVITED);

  // A retry answers the same; a second undo has nothing to undo.
  auto retry = store_.UndoHire(Undo("u1", "ann", "p1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->event.cursor(), undone->event.cursor());
  EXPECT_EQ(retry->remaining_openings, 1);
  EXPECT_TRUE(absl::IsFailedPrecondition(store_.UndoHire(Undo("u2", "ann", "p1")).status()));
  EXPECT_EQ(std::get<0>(schemas_.PostRow("p1")), 1);

  // The person may be hired again for it.
  auto again = capacity_.Hire(Hire("h2", "ann", "p1"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->remaining_openings, 0);
}

TEST_F(ApplicationStoreTest, UndoingAHireTakesItOutOfTheCampaignFigures) {
  schemas_.AddPost("p1", 3);
  schemas_.SetPostTargets("p1", 3, {v1::KEY_GROUP_GRADUATE}, {"spring"});
  v1::Event post;
  post.set_kind(v1::EVENT_KIND_POST_CHANGED);
  post.set_post_id("p1");
  post.set_campaign_id("spring");
  post.mutable_change()->set_change_type(v1::CHANGE_TYPE_CREATED);
  schemas_.WriteOutbox(schemas_.postings(), post);
  MysqlRelayStore relay(&schemas_.events(), schemas_.postings_schema());
  ASSERT_TRUE(relay.RelayOnce(schemas_.postings_schema(), 100, absl::Minutes(1)).ok());

  ASSERT_TRUE(store_.Advance(Apply("a1", "ann", "p1")).ok());
  ASSERT_TRUE(capacity_.Hire(Hire("h1", "ann", "p1")).ok());
  auto figures = feed_.CampaignFigures("spring");
  ASSERT_TRUE(figures.ok());
  ASSERT_FALSE(figures->empty());
  EXPECT_EQ((*figures)[0].hires, 1);
  EXPECT_EQ((*figures)[0].people_placed, 1);
  ASSERT_TRUE(store_.UndoHire(Undo("u1", "ann", "p1")).ok());
  figures = feed_.CampaignFigures("spring");
  EXPECT_EQ((*figures)[0].hires, 0);
  EXPECT_EQ((*figures)[0].people_placed, 0);
  EXPECT_EQ((*figures)[0].applications, 1);
}

TEST_F(ApplicationStoreTest, RetriesHaveOneEffect) {
  schemas_.AddPost("p1", 2);
  auto first = store_.Advance(Apply("a1", "ann", "p1"));
  ASSERT_TRUE(first.ok());
  auto retry = store_.Advance(Apply("a1", "ann", "p1"));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->event.cursor(), first->event.cursor());
  Submission other = Invite("a1", "ann", "p1");  // the same id for another request
  EXPECT_TRUE(absl::IsInvalidArgument(store_.Advance(other).status()));
  EXPECT_EQ(Head(), 1);
}

TEST_F(ApplicationStoreTest, ApplicantsByStageInPages) {
  schemas_.AddPost("p1", 5);
  schemas_.AddPost("p2", 5);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store_.Advance(Apply(absl::StrCat("a", i), absl::StrCat("person-", i), "p1")).ok());
  }
  ASSERT_TRUE(store_.Advance(Apply("other", "person-0", "p2")).ok());
  ASSERT_TRUE(store_.Advance(Invite("i1", "person-1", "p1")).ok());
  ASSERT_TRUE(store_.Advance(Invite("i3", "person-3", "p1")).ok());

  auto invited = store_.ForPost("p1", {v1::APPLICATION_STATUS_INVITED}, 10, 0);
  ASSERT_TRUE(invited.ok()) << invited.status();
  ASSERT_EQ(invited->items.size(), 2u);
  EXPECT_EQ(invited->items[0].profile_id(), "person-3");  // newest application first
  EXPECT_EQ(invited->items[1].profile_id(), "person-1");

  std::vector<std::string> seen;
  int64_t before = 0;
  do {
    auto page = store_.ForPost("p1", {}, 2, before);
    ASSERT_TRUE(page.ok());
    EXPECT_LE(page->items.size(), 2u);
    for (const auto& r : page->items) seen.push_back(r.profile_id());
    before = page->next_before_seq;
  } while (before != 0);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"person-4", "person-3", "person-2", "person-1", "person-0"}));
}

// A withdrawal and a hire race on one application: the row lock orders them,
// and exactly one wins; the loser leaves nothing behind.
TEST_F(ApplicationStoreTest, AWithdrawalAndAHireDoNotBothWin) {
  for (int round = 0; round < 8; ++round) {
    const std::string post = absl::StrCat("p", round);
    schemas_.AddPost(post, 2);
    ASSERT_TRUE(store_.Advance(Apply(absl::StrCat("a", round), "ann", post)).ok());
    auto withdraw = std::async(std::launch::async, [&] {
      return store_.Advance(
          Of(v1::EVENT_KIND_APPLICATION_WITHDRAWN, absl::StrCat("w", round), "ann", post));
    });
    auto hire = std::async(std::launch::async, [&] {
      return capacity_.Hire(Hire(absl::StrCat("h", round), "ann", post));
    });
    const bool withdrew = withdraw.get().ok();
    const bool hired = hire.get().ok();
    EXPECT_NE(withdrew, hired) << "round " << round;
    EXPECT_EQ(StatusOf("ann", post),
              hired ? v1::APPLICATION_STATUS_HIRED : v1::APPLICATION_STATUS_WITHDRAWN);
    EXPECT_EQ(std::get<0>(schemas_.PostRow(post)), hired ? 1 : 2);
  }
}

// A live push brings many applications to one post at once: every one lands
// (none is lost to a deadlock between them), and the same person applying
// twice at once is one application and one ALREADY_EXISTS.
TEST_F(ApplicationStoreTest, ApplicationsArrivingTogetherAllLandOncePerPerson) {
  schemas_.AddPost("live", 5);
  constexpr int kCallers = 16, kEach = 8;
  std::vector<std::future<int>> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.push_back(std::async(std::launch::async, [&, c] {
      int ok = 0;
      for (int i = 0; i < kEach; ++i) {
        const std::string person = absl::StrCat("viewer-", c, "-", i);
        absl::StatusOr<Accepted> r = store_.Advance(Apply("a-" + person, person, "live"));
        EXPECT_TRUE(r.ok()) << person << ": " << r.status();
        ok += r.ok();
      }
      return ok;
    }));
  }
  int landed = 0;
  for (auto& f : callers) landed += f.get();
  EXPECT_EQ(landed, kCallers * kEach);

  std::vector<std::future<absl::Status>> twice;
  for (int i = 0; i < 8; ++i) {
    twice.push_back(std::async(std::launch::async, [&, i] {
      return store_.Advance(Apply(absl::StrCat("same-", i), "ann", "live")).status();
    }));
  }
  int applied = 0, refused = 0;
  for (auto& f : twice) {
    const absl::Status st = f.get();
    applied += st.ok();
    refused += absl::IsAlreadyExists(st) || absl::IsFailedPrecondition(st);
  }
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(refused, 7);
  EXPECT_EQ(StatusOf("ann", "live"), v1::APPLICATION_STATUS_APPLIED);
}

// A withdrawn application may be made again (the matcher offers the post
// again once it is withdrawn): it is APPLIED once more, without the old
// interview, a retry of the re-application lands once, and a post no longer
// open refuses it as it refuses a first application.
TEST_F(ApplicationStoreTest, AWithdrawnApplicationMayBeMadeAgainOnce) {
  schemas_.AddPost("p1", 2);
  ASSERT_TRUE(store_.Advance(Apply("a1", "ann", "p1")).ok());
  ASSERT_TRUE(store_.Advance(Invite("i1", "ann", "p1")).ok());
  ASSERT_TRUE(store_.Advance(Of(v1::EVENT_KIND_APPLICATION_WITHDRAWN, "w1", "ann", "p1")).ok());

  auto again = store_.Advance(Apply("a2", "ann", "p1"));
  ASSERT_TRUE(again.ok()) << again.status();
  const int64_t head = Head();
  auto retried = store_.Advance(Apply("a2", "ann", "p1"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->event.cursor(), again->event.cursor());
  EXPECT_EQ(Head(), head) << "a retried re-application landed twice";
  // While it is in play, applying once more is the one-per-post refusal.
  EXPECT_TRUE(absl::IsAlreadyExists(store_.Advance(Apply("a3", "ann", "p1")).status()));

  auto page = store_.ForPerson("ann", 100, 0);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].status(), v1::APPLICATION_STATUS_APPLIED);
  EXPECT_FALSE(page->items[0].has_interview_time()) << "the withdrawn one's interview stayed";
  EXPECT_EQ(page->items[0].interview_place(), "");
  EXPECT_EQ(page->items[0].last_cursor(), again->event.cursor());

  // Withdrawn from a post that has since closed: not again.
  schemas_.AddPost("p2", 1);
  ASSERT_TRUE(store_.Advance(Apply("b1", "ann", "p2")).ok());
  ASSERT_TRUE(store_.Advance(Of(v1::EVENT_KIND_APPLICATION_WITHDRAWN, "w2", "ann", "p2")).ok());
  ASSERT_TRUE(
      schemas_.postings()
          .WithConnection([](sql::Connection& conn) {
            std::unique_ptr<sql::PreparedStatement>(
                conn.prepareStatement(absl::StrCat(
                    "UPDATE posts SET state = ", v1::POST_STATE_CLOSED, " WHERE post_id = 'p2'")))
                ->executeUpdate();
            return absl::OkStatus();
          })
          .ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(store_.Advance(Apply("b2", "ann", "p2")).status()));
  EXPECT_EQ(StatusOf("ann", "p2"), v1::APPLICATION_STATUS_WITHDRAWN);
}

}  // namespace
}  // namespace jobmatch::events
