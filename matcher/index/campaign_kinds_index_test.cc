// The index stays exact with campaign kinds that reach past its lists
// (domain/campaign_rules.h): CZT graduate seasons that widen a graduate's
// reach, village outreach posts that earn a near-home boost, and campaigns
// narrowed to regions or groups. Both queries against brute force over
// generated data decorated with such campaigns, after churn and after a
// round trip through the checkpoint's image.
#include <random>

#include "gtest/gtest.h"
#include "matcher/domain/campaign_rules.h"
#include "matcher/domain/public_view.h"
#include "matcher/index/brute_force.h"
#include "matcher/index/match_index.h"
#include "matcher/index/synthetic.h"
#include "matcher/index/top_k.h"

namespace jobmatch::matcher {
namespace {

constexpr int kPosts = 6000;
constexpr int kPeople = 6000;
constexpr int kQueries = 600;

CampaignInfo Campaign(const std::string& id, int kind, bool running) {
  CampaignInfo c;
  c.id = id;
  c.name = id;
  c.kind = kind;
  c.start = synthetic::At().now - 86400;
  c.end = running ? synthetic::At().now + 86400 : synthetic::At().now - 1;
  return c;
}

// The generator's posts, one in six in each sort of campaign. The CZT area
// is the generator's 430211 (its other region, 430281, lies outside).
PostRecord Decorated(PostRecord p, int n) {
  switch (n % 6) {
    case 0: {
      CampaignInfo c = Campaign("czt", kCampaignCztGraduateSeason, true);
      c.widened_area = {"430211"};
      p.campaigns.push_back(c);
      break;
    }
    case 1:
      p.campaigns.push_back(Campaign("village", kCampaignVillageOutreach, true));
      break;
    case 2: {
      CampaignInfo c = Campaign("liling", 1, true);
      c.regions = {"430281"};
      p.campaigns.push_back(c);
      break;
    }
    case 3: {
      CampaignInfo c = Campaign("groups", 7, true);
      c.rules = {{"脱贫或毕业生", {}, GroupBit(5) | GroupBit(1)}, {"低收入", {}, GroupBit(6)}};
      p.campaigns.push_back(c);
      break;
    }
    case 4: {  // over: widens and boosts nothing
      CampaignInfo c = Campaign("czt-2025", kCampaignCztGraduateSeason, false);
      c.widened_area = {"430211"};
      p.campaigns = {c, Campaign("village-2025", kCampaignVillageOutreach, false)};
      break;
    }
    default:
      break;
  }
  return p;
}

// BruteForceTopSeekers, in the public view: people without their sensitive
// groups, at whole km.
std::vector<SeekerHit> PublicBruteForce(const MatchIndex& index, const PostRecord& p,
                                        const QueryTime& at, const SeekerFilter& filter, size_t k) {
  TopK<SeekerHit> top(k);
  index.ForEachSeeker([&](const std::shared_ptr<const Seeker>& rec) {
    const Seeker s = WithoutSensitiveGroups(*rec);
    if (!PassesFilter(s, filter)) return;
    const Distances d = WholeKm(DistancesOf(s, p));
    if (!IsEligible(s, p, at, d)) return;
    const OccupationFit fit = FitOf(s.wanted_occupations, p.occupation_code, index.relations());
    top.Offer({rec, Score(s, p, at, d, fit, nullptr, false), d.nearest()});
  });
  return std::move(top).Take();
}

template <typename Hit>
void ExpectSame(const std::vector<Hit>& got, const std::vector<Hit>& want, int query) {
  ASSERT_EQ(got.size(), want.size()) << "query " << query;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].id(), want[i].id()) << "query " << query << " rank " << i;
    ASSERT_EQ(got[i].score, want[i].score) << "query " << query << " rank " << i;
  }
}

class CampaignKindsIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    synthetic::Generator gen(20261205);
    for (int i = 0; i < kPosts; ++i) index_.UpsertPost(Decorated(gen.Post(i), i));
    for (int i = 0; i < kPeople; ++i) index_.UpsertSeeker(gen.Person(i));
    // Churn: posts change campaigns, some go; people go.
    for (int i = 0; i < 400; ++i) index_.UpsertPost(Decorated(gen.Post(i * 7 % kPosts), i + 1));
    for (int i = 0; i < 200; ++i) index_.RemovePost(absl::StrCat("post-", i * 13 % kPosts));
    for (int i = 0; i < 200; ++i) index_.RemoveSeeker(absl::StrCat("person-", i * 11 % kPeople));
  }

  // Returns how many hits lay beyond the person's radius (widened) and how
  // many earned the near-home boost, to show the queries exercised both.
  void ExpectTopPostsExact(const MatchIndex& index, int* widened, int* boosted) {
    synthetic::Generator gen(31);
    std::uniform_int_distribution<int> which(0, kPeople - 1);
    for (int q = 0; q < kQueries; ++q) {
      std::shared_ptr<const Seeker> indexed =
          index.FindSeeker(absl::StrCat("person-", which(gen.rng())));
      Seeker s = (q % 2 == 0 && indexed != nullptr) ? *indexed : gen.Person(100000 + q);
      if (q % 3 == 0) s.groups |= GroupBit(kGroupGraduate);  // more graduates
      PostFilter filter;
      if (q % 10 == 3) filter.campaign_id = "czt";
      const size_t k = q % 4 == 0 ? 50 : 20;
      const auto got = index.TopPosts(s, synthetic::At(), filter, k);
      ExpectSame(got, BruteForceTopPosts(index, s, synthetic::At(), filter, k), q);
      for (const PostHit& h : got) {
        if (!s.relocate && h.distance_km > s.travel_radius_km) ++*widened;
        if (NearHomeBoost(s, *h.post, synthetic::At().now, h.distance_km) > 0) ++*boosted;
      }
    }
  }

  void ExpectTopSeekersExact(const MatchIndex& index, int* widened) {
    synthetic::Generator gen(32);
    std::uniform_int_distribution<int> which(0, kPosts - 1);
    for (int q = 0; q < kQueries; ++q) {
      std::shared_ptr<const PostRecord> indexed =
          index.FindPost(absl::StrCat("post-", which(gen.rng())));
      PostRecord p =
          (q % 2 == 0 && indexed != nullptr) ? *indexed : Decorated(gen.Post(100000 + q), q);
      p.state = kPostStateOpen;
      p.valid_until = synthetic::At().now + 1000;
      SeekerFilter filter;
      filter.public_view = q % 4 == 1;
      if (q % 10 == 3) filter.key_group = kGroupGraduate;
      const size_t k = q % 3 == 0 ? 20 : 50;
      const auto got = index.TopSeekers(p, synthetic::At(), filter, k);
      ExpectSame(got,
                 filter.public_view ? PublicBruteForce(index, p, synthetic::At(), filter, k)
                                    : BruteForceTopSeekers(index, p, synthetic::At(), filter, k),
                 q);
      for (const SeekerHit& h : got) {
        if (!h.seeker->relocate && h.distance_km > h.seeker->travel_radius_km) ++*widened;
      }
    }
  }

  synthetic::Relations relations_;
  MatchIndex index_{&relations_};
};

TEST_F(CampaignKindsIndexTest, TopPostsEqualsBruteForce) {
  int widened = 0, boosted = 0;
  ExpectTopPostsExact(index_, &widened, &boosted);
  EXPECT_GT(widened, 0) << "no query reached a CZT post beyond its radius";
  EXPECT_GT(boosted, 0) << "no query met a boosted village post";
}

TEST_F(CampaignKindsIndexTest, TopSeekersEqualsBruteForce) {
  int widened = 0;
  ExpectTopSeekersExact(index_, &widened);
  EXPECT_GT(widened, 0) << "no CZT post reached a graduate beyond their radius";
}

TEST_F(CampaignKindsIndexTest, AnImageAnswersTheSame) {
  codec::Writer out;
  index_.WriteImage(out);
  const std::string bytes = std::move(out).Take();
  MatchIndex read(&relations_);
  codec::Reader in(bytes);
  ASSERT_TRUE(read.ReadImage(in, nullptr).ok());
  std::shared_ptr<const PostRecord> czt = read.FindPost("post-6");
  ASSERT_NE(czt, nullptr);
  ASSERT_FALSE(czt->campaigns.empty());
  EXPECT_EQ(czt->campaigns.back().kind, kCampaignCztGraduateSeason);
  EXPECT_EQ(czt->campaigns.back().widened_area, std::vector<std::string>{"430211"});
  int widened = 0, boosted = 0;
  ExpectTopPostsExact(read, &widened, &boosted);
  EXPECT_GT(widened, 0);
  EXPECT_GT(boosted, 0);
  widened = 0;
  ExpectTopSeekersExact(read, &widened);
  EXPECT_GT(widened, 0);
}

}  // namespace
}  // namespace jobmatch::matcher
