// Helpers shared by the solvers: finishing a plan, campaign floors, dispatch.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "matcher/planning/solvers.h"

namespace jobmatch::planning {

void FinishPlan(const PlanInput& input, Plan& plan) {
  std::sort(plan.assignments.begin(), plan.assignments.end(),
            [&](const Assignment& a, const Assignment& b) {
              const CandidatePair& x = input.pairs[a.pair];
              const CandidatePair& y = input.pairs[b.pair];
              return std::tie(x.post, x.person) < std::tie(y.post, y.person);
            });
  plan.total_score = 0;
  for (const Assignment& a : plan.assignments) plan.total_score += input.pairs[a.pair].score;
}

uint64_t RankKey(double score, bool in_priority_group, int person) {
  // Scores are at most kMaxScore = 1e4, so thousandths fit in 24 bits.
  const uint64_t inverted = static_cast<uint64_t>(10'000'000 - std::llround(score * 1000));
  return (inverted << 32) | (static_cast<uint64_t>(in_priority_group ? 0 : 1) << 31) |
         static_cast<uint32_t>(person);
}

void AssignCampaignFloors(const PlanInput& input, Plan& plan) {
  int capacity[kMaxGroup + 1] = {};
  for (const Quota& q : input.campaign_reserves) capacity[q.group] = q.places;
  // members[g]: assignment indices counted towards g's floor.
  std::vector<std::vector<int>> members(kMaxGroup + 1);
  std::vector<uint32_t> mask(plan.assignments.size());
  uint32_t floor_mask = 0;
  for (int g = 1; g <= kMaxGroup; ++g) {
    if (capacity[g] > 0) floor_mask |= 1u << g;
  }
  for (size_t a = 0; a < plan.assignments.size(); ++a) {
    plan.assignments[a].campaign_group = kNoGroup;
    mask[a] = GroupMask(input.people[input.pairs[plan.assignments[a].pair].person]) & floor_mask;
  }
  // Kuhn's augmenting paths with groups as the capacitated side. A set of
  // groups from which no augmenting path exists stays so (augmentations never
  // pass through it), so failures are cached by group set.
  std::vector<char> failed(1u << (kMaxGroup + 1), 0);
  std::vector<char> visited(kMaxGroup + 1);
  auto augment = [&](auto&& self, int a) -> bool {
    for (int g = 1; g <= kMaxGroup; ++g) {
      if (!(mask[a] & (1u << g)) || visited[g]) continue;
      visited[g] = 1;
      if (static_cast<int>(members[g].size()) < capacity[g]) {
        members[g].push_back(a);
        plan.assignments[a].campaign_group = g;
        return true;
      }
      for (size_t k = 0; k < members[g].size(); ++k) {
        const int other = members[g][k];
        if (self(self, other)) {
          members[g][k] = a;
          plan.assignments[a].campaign_group = g;
          // `other` was appended to its new group by the recursive call.
          return true;
        }
      }
    }
    return false;
  };
  for (size_t a = 0; a < plan.assignments.size(); ++a) {
    if (mask[a] == 0 || failed[mask[a]]) continue;
    std::fill(visited.begin(), visited.end(), 0);
    if (!augment(augment, static_cast<int>(a))) failed[mask[a]] = 1;
  }
}

absl::StatusOr<Plan> Solve(const PlanInput& input, PlanMode mode) {
  switch (mode) {
    case PlanMode::kOptimal:
      return SolveOptimal(input);
    case PlanMode::kStable:
      return SolveStable(input);
    case PlanMode::kGreedy:
      return SolveGreedy(input);
  }
  return absl::InvalidArgumentError("mode: unknown");
}

}  // namespace jobmatch::planning
