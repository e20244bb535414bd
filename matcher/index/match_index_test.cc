// The index against its brute-force reference on 1,000 random queries each
// way over generated data (after updates and removals too), plus the update
// operations themselves.
#include "matcher/index/match_index.h"

#include "gtest/gtest.h"
#include "matcher/index/brute_force.h"
#include "matcher/index/screen.h"
#include "matcher/index/synthetic.h"

namespace jobmatch::matcher {
namespace {

constexpr int kPosts = 8000;
constexpr int kPeople = 8000;
constexpr int kQueries = 1000;

template <typename Hit>
void ExpectSame(const std::vector<Hit>& got, const std::vector<Hit>& want, int query) {
  ASSERT_EQ(got.size(), want.size()) << "query " << query;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].id(), want[i].id()) << "query " << query << " rank " << i;
    ASSERT_EQ(got[i].score, want[i].score) << "query " << query << " rank " << i;
  }
}

class IndexEquivalenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    synthetic::Generator gen(20260401);
    for (int i = 0; i < kPosts; ++i) index_.UpsertPost(gen.Post(i));
    for (int i = 0; i < kPeople; ++i) index_.UpsertSeeker(gen.Person(i));
    // Churn: replace some, remove some, record applications.
    for (int i = 0; i < 500; ++i) index_.UpsertPost(gen.Post(i * 7 % kPosts));
    for (int i = 0; i < 300; ++i) index_.RemovePost(absl::StrCat("post-", i * 13 % kPosts));
    for (int i = 0; i < 300; ++i) index_.RemoveSeeker(absl::StrCat("person-", i * 11 % kPeople));
    for (int i = 0; i < 500; ++i) {
      index_.RecordApplication(absl::StrCat("person-", i * 17 % kPeople),
                               absl::StrCat("post-", i * 5 % kPosts));
    }
  }

  synthetic::Relations relations_;
  MatchIndex index_{&relations_};
};

TEST_F(IndexEquivalenceTest, TopPostsEqualsBruteForce) {
  synthetic::Generator gen(7);
  std::uniform_int_distribution<int> which(0, kPeople - 1);
  int non_empty = 0;
  for (int q = 0; q < kQueries; ++q) {
    // Half the queries are for indexed people, half for people not in the index.
    std::shared_ptr<const Seeker> indexed =
        index_.FindSeeker(absl::StrCat("person-", which(gen.rng())));
    const Seeker s = (q % 2 == 0 && indexed != nullptr) ? *indexed : gen.Person(100000 + q);
    PostFilter filter;
    if (q % 10 == 3) filter.campaign_id = "campaign-1";
    if (q % 10 == 5) filter.region_prefix = "430281";
    if (q % 10 == 7) filter.occupation_prefix = "1-0";
    const size_t k = q % 3 == 0 ? 50 : 20;
    const auto got = index_.TopPosts(s, synthetic::At(), filter, k);
    ExpectSame(got, BruteForceTopPosts(index_, s, synthetic::At(), filter, k), q);
    non_empty += !got.empty();
  }
  EXPECT_GT(non_empty, kQueries / 2) << "the data must give most people something";
}

TEST_F(IndexEquivalenceTest, TopSeekersEqualsBruteForce) {
  synthetic::Generator gen(8);
  std::uniform_int_distribution<int> which(0, kPosts - 1);
  int non_empty = 0;
  for (int q = 0; q < kQueries; ++q) {
    std::shared_ptr<const PostRecord> indexed =
        index_.FindPost(absl::StrCat("post-", which(gen.rng())));
    PostRecord p = (q % 2 == 0 && indexed != nullptr) ? *indexed : gen.Post(100000 + q);
    p.state = kPostStateOpen;
    p.valid_until = synthetic::At().now + 1000;
    SeekerFilter filter;
    if (q % 10 == 3) filter.key_group = 3;
    if (q % 10 == 5) filter.region_prefix = "430281";
    const size_t k = q % 3 == 0 ? 20 : 50;
    const auto got = index_.TopSeekers(p, synthetic::At(), filter, k);
    ExpectSame(got, BruteForceTopSeekers(index_, p, synthetic::At(), filter, k), q);
    non_empty += !got.empty();
  }
  EXPECT_GT(non_empty, kQueries / 2);
}

// The screen may only refuse pairs the full rules refuse, and must refuse
// many of them (including people failing a skill whose need another name
// with the same occupation code meets) to be worth having.
TEST(ScreenTest, RefusesOnlyIneligiblePairs) {
  synthetic::Generator gen(99);
  std::vector<PostRecord> posts;
  std::vector<Seeker> people;
  for (int i = 0; i < 400; ++i) {
    PostRecord p = gen.Post(i);
    p.state = kPostStateOpen;
    p.valid_until = synthetic::At().now + 1000;
    p.campaigns.clear();
    posts.push_back(std::move(p));
    Seeker s = gen.Person(i);
    s.relocate = true;  // distance is not the screen's business
    s.applied.clear();
    s.hired.clear();
    people.push_back(std::move(s));
  }
  int eligible = 0, refused = 0, refused_for_skills = 0;
  for (const PostRecord& p : posts) {
    const PostFloor floor = FloorOf(p);
    PostRecord without_skills = p;
    without_skills.required_skills.clear();
    const PostFloor floor_without_skills = FloorOf(without_skills);
    for (const Seeker& s : people) {
      const PersonFacts facts = FactsOf(s, synthetic::At().today_yyyymmdd);
      const bool may = MayBeEligible(floor, facts);
      const bool is = IsEligible(s, p, synthetic::At(), DistancesOf(s, p));
      ASSERT_TRUE(may || !is) << s.id << " is eligible for " << p.id << " but was screened out";
      eligible += is;
      refused += !may;
      refused_for_skills += !may && MayBeEligible(floor_without_skills, facts);
    }
  }
  EXPECT_GT(eligible, 1000);
  EXPECT_GT(refused, 40000);
  EXPECT_GT(refused_for_skills, 5000);
}

// A cell keeps the loosest floor of each class's posts to refuse a person for
// all of them at once: it must take whoever either floor takes, and still
// refuse people to be worth reading.
TEST(ScreenTest, TheLoosestOfTwoFloorsTakesWhoeverEitherTakes) {
  synthetic::Generator gen(7);
  std::vector<PostFloor> floors;
  std::vector<PersonFacts> people;
  for (int i = 0; i < 300; ++i) {
    floors.push_back(FloorOf(gen.Post(i)));
    people.push_back(FactsOf(gen.Person(i), synthetic::At().today_yyyymmdd));
  }
  int refused = 0;
  for (size_t i = 0; i + 1 < floors.size(); i += 2) {
    const PostFloor& a = floors[i];
    const PostFloor& b = floors[i + 1];
    const PostFloor both = Loosest(a, b);
    for (const PersonFacts& p : people) {
      if (MayBeEligible(a, p) || MayBeEligible(b, p)) {
        ASSERT_TRUE(MayBeEligible(both, p)) << "floors " << i << " and " << i + 1;
      } else {
        refused += !MayBeEligible(both, p);
      }
    }
  }
  EXPECT_GT(refused, 5000);
}

TEST(MatchIndexTest, HouseholdVisitsAreKeptAYearBehindTheNewestWithTheirCursor) {
  NoOccupationRelations none;
  MatchIndex index(&none);
  constexpr int64_t kDay = 86400;
  const int64_t t0 = synthetic::At().now;
  index.RecordHouseholdVisit({"430225100201", {"6-18-02-04"}, t0}, 5);
  index.RecordHouseholdVisit({"430225100202", {"4-10-01-06", "6-18-02-04"}, t0 + 100 * kDay}, 6);
  EXPECT_EQ(index.cursor(), 6);
  ASSERT_EQ(index.HouseholdVisits().size(), 2u);
  EXPECT_EQ(index.HouseholdVisits()[1].occupation_codes,
            (std::vector<std::string>{"4-10-01-06", "6-18-02-04"}));
  // A year and a day after the first: it is forgotten, the second is kept.
  index.RecordHouseholdVisit({"430225100201", {"6-18-02-04"}, t0 + 366 * kDay}, 7);
  std::vector<std::string> kept;
  for (const HouseholdVisit& v : index.HouseholdVisits()) kept.push_back(v.village_code);
  EXPECT_EQ(kept, (std::vector<std::string>{"430225100202", "430225100201"}));
  index.Clear();
  EXPECT_TRUE(index.HouseholdVisits().empty());
}

TEST(MatchIndexTest, UpdatesAreSeenByQueries) {
  NoOccupationRelations none;
  MatchIndex index(&none);
  synthetic::Generator gen(1);
  Seeker s = gen.Person(1);
  s.relocate = true;
  s.availability = 0;
  s.birth_yyyymmdd = 19900101;
  s.education = 5;
  s.applied.clear();
  s.hired.clear();
  PostRecord p;
  p.id = "only";
  p.occupation_code = "6-18-02-04";
  p.point = s.residence;
  index.UpsertSeeker(s);
  index.UpsertPost(p);
  ASSERT_EQ(index.TopPosts(s, synthetic::At(), {}, 5).size(), 1u);
  EXPECT_EQ(index.TopSeekers(p, synthetic::At(), {}, 5).size(), 1u);

  p.state = 4;  // filled
  index.UpsertPost(p);
  EXPECT_EQ(index.post_count(), 1u);
  EXPECT_TRUE(index.TopPosts(s, synthetic::At(), {}, 5).empty());

  p.state = kPostStateOpen;
  index.UpsertPost(p);
  index.RecordApplication(s.id, p.id);
  EXPECT_EQ(index.FindPost("only")->applicants, 1);
  EXPECT_TRUE(index.TopPosts(*index.FindSeeker(s.id), synthetic::At(), {}, 5).empty())
      << "an applied post is no longer offered";

  index.RemovePost("only");
  index.RemoveSeeker(s.id);
  EXPECT_EQ(index.post_count(), 0u);
  EXPECT_EQ(index.seeker_count(), 0u);
  index.set_cursor(42);
  EXPECT_EQ(index.cursor(), 42);
}

TEST(MatchIndexTest, APostNobodyMayTakeHasNoCandidates) {
  // Everyone near the post could take it while its campaign runs; once the
  // campaign is over, or the post's own validity, nobody can.
  NoOccupationRelations none;
  MatchIndex index(&none);
  synthetic::Generator gen(4);
  PostRecord p;
  p.id = "fair-post";
  p.occupation_code = "6-18-02-04";
  p.point = gen.Person(0).residence;
  CampaignInfo fair;
  fair.id = "fair";
  fair.start = synthetic::At().now - 86400 * 30;
  fair.end = synthetic::At().now + 86400;
  p.campaigns = {fair};
  for (int i = 0; i < 200; ++i) {
    Seeker s = gen.Person(i);
    s.residence = s.hukou = p.point;
    s.birth_yyyymmdd = 19900101;
    s.availability = 0;
    s.applied.clear();
    s.hired.clear();
    index.UpsertSeeker(std::move(s));
  }
  EXPECT_EQ(index.TopSeekers(p, synthetic::At(), {}, 50).size(), 50u);

  PostRecord over = p;
  over.campaigns[0].end = synthetic::At().now - 86400;
  EXPECT_TRUE(index.TopSeekers(over, synthetic::At(), {}, 50).empty());
  PostRecord expired = p;
  expired.valid_until = synthetic::At().now;
  EXPECT_TRUE(index.TopSeekers(expired, synthetic::At(), {}, 50).empty());
  PostRecord not_yet = p;
  not_yet.valid_from = synthetic::At().now + 1;
  EXPECT_TRUE(index.TopSeekers(not_yet, synthetic::At(), {}, 50).empty());
}

}  // namespace
}  // namespace jobmatch::matcher
