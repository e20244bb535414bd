// SolveOptimal against exhaustive search on tiny instances, plus hand-made
// reserve cases whose answers are worked out in the comments.
#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "gtest/gtest.h"
#include "matcher/planning/plan_check.h"
#include "matcher/planning/solvers.h"

namespace jobmatch::planning {
namespace {

constexpr Group kGraduate = 1;
constexpr Group k4050 = 3;
constexpr Group kPoverty = 5;

// Most members of `masks` that can be matched to group places `cap`, each
// member taking at most one place of one of its groups.
int MaxFill(const std::vector<uint32_t>& masks, std::vector<int> cap, size_t at = 0) {
  if (at == masks.size()) return 0;
  int best = MaxFill(masks, cap, at + 1);
  for (int g = 1; g <= kMaxGroup; ++g) {
    if ((masks[at] & (1u << g)) && cap[g] > 0) {
      --cap[g];
      best = std::max(best, 1 + MaxFill(masks, cap, at + 1));
      ++cap[g];
    }
  }
  return best;
}

struct Best {
  int fills = -1;
  double score = 0;
};

// Every assignment of people to candidate posts (or none) within openings;
// the lexicographic best (reserve fills, total score).
Best Exhaustive(const PlanInput& in) {
  const int n = static_cast<int>(in.people.size());
  std::vector<std::vector<int>> options(n);
  for (size_t k = 0; k < in.pairs.size(); ++k) options[in.pairs[k].person].push_back(k);
  std::vector<int> chosen(n, -1);
  Best best;
  std::function<void(int)> walk = [&](int i) {
    if (i == n) {
      std::vector<int> count(in.posts.size(), 0);
      std::vector<std::vector<uint32_t>> at(in.posts.size());
      std::vector<uint32_t> placed;
      double score = 0;
      for (int j = 0; j < n; ++j) {
        if (chosen[j] < 0) continue;
        const CandidatePair& pair = in.pairs[chosen[j]];
        if (++count[pair.post] > in.posts[pair.post].openings) return;
        at[pair.post].push_back(GroupMask(in.people[j]));
        placed.push_back(GroupMask(in.people[j]));
        score += pair.score;
      }
      int fills = 0;
      for (size_t p = 0; p < in.posts.size(); ++p) {
        std::vector<int> cap(kMaxGroup + 1, 0);
        for (const Quota& q : in.posts[p].reserves) cap[q.group] = q.places;
        fills += MaxFill(at[p], cap);
      }
      std::vector<int> cap(kMaxGroup + 1, 0);
      for (const Quota& q : in.campaign_reserves) cap[q.group] = q.places;
      fills += MaxFill(placed, cap);
      if (fills > best.fills || (fills == best.fills && score > best.score + 1e-9)) {
        best = {fills, score};
      }
      return;
    }
    chosen[i] = -1;
    walk(i + 1);
    for (int k : options[i]) {
      chosen[i] = k;
      walk(i + 1);
    }
    chosen[i] = -1;
  };
  walk(0);
  return best;
}

int Fills(const Plan& plan) {
  int fills = 0;
  for (const Assignment& a : plan.assignments) {
    fills += (a.post_seat_group != kNoGroup) + (a.campaign_group != kNoGroup);
  }
  return fills;
}

PlanInput RandomTiny(std::mt19937& rng, bool with_floors) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  PlanInput in;
  const int n = uniform(1, 6), m = uniform(1, 3);
  for (int i = 0; i < n; ++i) {
    Person person{"p" + std::to_string(i), "430225100201", {}};
    for (Group g : {kGraduate, k4050, kPoverty}) {
      if (uniform(0, 2) == 0) person.groups.push_back(g);
    }
    in.people.push_back(person);
  }
  for (int p = 0; p < m; ++p) {
    Post post{"j" + std::to_string(p), "e" + std::to_string(p % 2), uniform(0, 3), {}};
    int left = post.openings;
    for (Group g : {k4050, kPoverty}) {
      if (left > 0 && uniform(0, 1) == 0) {
        const int places = uniform(1, left);
        post.reserves.push_back({g, places});
        left -= places;
      }
    }
    in.posts.push_back(post);
  }
  int openings = 0;
  for (const Post& post : in.posts) openings += post.openings;
  if (with_floors && openings > 0) {
    in.campaign_reserves.push_back({kGraduate, std::min(openings, uniform(1, 2))});
    if (openings > 2 && uniform(0, 1) == 0) in.campaign_reserves.push_back({k4050, 1});
  }
  for (int i = 0; i < n; ++i) {
    for (int p = 0; p < m; ++p) {
      // Half-point scores make ties common, which is where mistakes hide.
      if (uniform(0, 2) > 0) in.pairs.push_back({i, p, uniform(1, 20) / 2.0, {}});
    }
  }
  return in;
}

TEST(SolveOptimal, MatchesExhaustiveSearchOnTinyInstances) {
  std::mt19937 rng(20260401);
  for (int round = 0; round < 600; ++round) {
    const PlanInput in = RandomTiny(rng, /*with_floors=*/round % 2 == 1);
    const Best best = Exhaustive(in);
    absl::StatusOr<Plan> plan = SolveOptimal(in);
    ASSERT_TRUE(plan.ok()) << plan.status();
    ASSERT_TRUE(CheckPlan(in, *plan).ok()) << CheckPlan(in, *plan);
    EXPECT_EQ(Fills(*plan), best.fills) << "round " << round;
    EXPECT_NEAR(plan->total_score, best.score, 1e-6) << "round " << round;
  }
}

// One post, two openings, one kept for 4050. The 4050 member scores 1; two
// others score 9 and 8. The seat goes to the group: 9 + 1, not 9 + 8.
TEST(SolveOptimal, ReservedSeatGoesToItsGroupFirst) {
  PlanInput in;
  in.people = {{"a", "v", {k4050}}, {"b", "v", {}}, {"c", "v", {}}};
  in.posts = {{"j", "e", 2, {{k4050, 1}}}};
  in.pairs = {{0, 0, 1, {}}, {1, 0, 9, {}}, {2, 0, 8, {}}};
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->assignments.size(), 2u);
  EXPECT_EQ(plan->assignments[0].pair, 0);
  EXPECT_EQ(plan->assignments[0].post_seat_group, k4050);
  EXPECT_EQ(plan->assignments[1].pair, 1);
  EXPECT_EQ(plan->assignments[1].post_seat_group, kNoGroup);
  EXPECT_DOUBLE_EQ(plan->total_score, 10);
}

// Same post, but the 4050 member is not a candidate: the seat is released and
// the two others fill both openings.
TEST(SolveOptimal, UnfilledReservedSeatIsReleased) {
  PlanInput in;
  in.people = {{"a", "v", {k4050}}, {"b", "v", {}}, {"c", "v", {}}};
  in.posts = {{"j", "e", 2, {{k4050, 1}}}};
  in.pairs = {{1, 0, 9, {}}, {2, 0, 8, {}}};
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->assignments.size(), 2u);
  EXPECT_DOUBLE_EQ(plan->total_score, 17);
}

// A member of the group takes the reserved seat rather than a better open
// post elsewhere only when that raises the fills: here the 4050 member can go
// to the open post (score 5) or the reserving post (score 2), and a non-member
// scores 6 at the reserving post. Fills first: a -> j1 seat, b -> j2.
TEST(SolveOptimal, FillsComeBeforeScore) {
  PlanInput in;
  in.people = {{"a", "v", {k4050}}, {"b", "v", {}}};
  in.posts = {{"j1", "e", 1, {{k4050, 1}}}, {"j2", "e", 1, {}}};
  in.pairs = {{0, 0, 2, {}}, {0, 1, 5, {}}, {1, 0, 6, {}}, {1, 1, 1, {}}};
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->assignments.size(), 2u);
  EXPECT_EQ(plan->assignments[0].pair, 0);
  EXPECT_EQ(plan->assignments[1].pair, 3);
  EXPECT_DOUBLE_EQ(plan->total_score, 3);
}

// A campaign floor of 2 graduates over two posts of one opening each, where
// non-graduates score higher: both openings go to graduates.
TEST(SolveOptimal, CampaignFloorPlacesTheGroup) {
  PlanInput in;
  in.people = {{"g1", "v", {kGraduate}}, {"g2", "v", {kGraduate}}, {"x", "v", {}}};
  in.posts = {{"j1", "e", 1, {}}, {"j2", "e", 1, {}}};
  in.campaign_reserves = {{kGraduate, 2}};
  in.pairs = {{0, 0, 1, {}}, {1, 1, 1, {}}, {2, 0, 9, {}}, {2, 1, 9, {}}};
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->assignments.size(), 2u);
  EXPECT_EQ(plan->assignments[0].campaign_group, kGraduate);
  EXPECT_EQ(plan->assignments[1].campaign_group, kGraduate);
  EXPECT_DOUBLE_EQ(plan->total_score, 2);
}

TEST(SolveOptimal, RejectsBadInputNamingTheFields) {
  PlanInput in;
  in.people = {{"a", "v", {9}}};
  in.posts = {{"j", "e", 1, {{k4050, 2}}}};
  in.pairs = {{0, 0, -1, {}}, {0, 3, 1, {}}};
  absl::StatusOr<Plan> plan = SolveOptimal(in);
  ASSERT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(plan.status().message());
  for (const char* field :
       {"people[0].groups[0]", "posts[0].reserves", "pairs[0].score", "pairs[1].post"}) {
    EXPECT_NE(message.find(field), std::string::npos) << field << " in " << message;
  }
}

}  // namespace
}  // namespace jobmatch::planning
