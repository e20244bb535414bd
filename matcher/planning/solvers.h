// The three ways to plan. Each validates its input first (INVALID_ARGUMENT on
// bad input), never assigns a non-candidate pair, never gives a person two
// posts and never gives a post more people than its openings.
#ifndef JOBMATCH_MATCHER_PLANNING_SOLVERS_H_
#define JOBMATCH_MATCHER_PLANNING_SOLVERS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "matcher/planning/plan_types.h"

namespace jobmatch::planning {

// How SolveOptimal narrows the network before pricing the rest (see
// SolveOptimal). Wider first rounds cost more per round but need fewer.
struct PricingOptions {
  // A post's first-round candidates: its best 2 * openings + post_extra, and
  // for each reserve {g, k} its best 2 * k + post_extra members of g.
  int post_extra = 4;
  // And each person's best `per_person` pairs.
  int per_person = 3;
  // Each later round also takes in the left-out pairs whose reduced cost is
  // below this many score points, not only the negative ones: pairs near the
  // edge tend to turn negative a round later, and every round solves anew.
  double margin = 10;
};

// What pricing did: how many flows were solved and how many pairs the last
// one held.
struct PricingStats {
  int rounds = 0;
  int64_t pairs_in_network = 0;
};

// Lexicographic optimum: first the most reserve fills (post seats filled by
// their group plus campaign floors met, see plan_types.h), then the greatest
// total score. Exact (LEMON NetworkSimplex min-cost flow) at a score
// resolution of 0.001.
//
// Most pairs cannot be in the optimum (a post with 5 openings and 200
// candidates), so the flow is first solved on the likely pairs only; every
// left-out pair whose reduced cost under that solution's node potentials is
// negative (or within PricingOptions::margin of it) is then added and the
// flow solved again, until none is negative. The potentials then prove the
// flow optimal over all pairs.
absl::StatusOr<Plan> SolveOptimal(const PlanInput& input, const PricingOptions& pricing = {},
                                  PricingStats* stats = nullptr);

// Person-proposing deferred acceptance. People rank posts by score; posts
// rank people by score, then members of a priority group first, then input
// order, and choose with slot-specific priorities (reserved seats first,
// each taking its group's best applicant or else the best applicant left;
// then open seats). Campaign floors become post seats first (see
// ApportionCampaignReserves). The result has no blocking pair.
absl::StatusOr<Plan> SolveStable(const PlanInput& input);

// Baseline: pairs by descending score, taken while the person is free and
// the post has room. Ignores reserves; for comparison only.
absl::StatusOr<Plan> SolveGreedy(const PlanInput& input);

absl::StatusOr<Plan> Solve(const PlanInput& input, PlanMode mode);

// Sets each assignment's campaign_group so that as many campaign floors as
// possible are met by the plan's people (a maximum matching of placed people
// to floor places). SolveStable and SolveGreedy use it; SolveOptimal reads
// the same from its flow.
void AssignCampaignFloors(const PlanInput& input, Plan& plan);

// Sorts assignments by (post, person) and sets total_score.
void FinishPlan(const PlanInput& input, Plan& plan);

// The key a post ranks applicant `person` by for pair score `score` (lower is
// better): score, then members of any key group first, then input order.
uint64_t RankKey(double score, bool in_priority_group, int person);

// Stable mode's treatment of campaign floors: each floor {g, k} becomes post
// seats for g, given to posts in order of how many members of g are
// candidates there (ties by post order), each post taking at most that many
// and at most its unreserved openings, until k seats are placed or no post
// can take more. Returns the posts with their added reserves.
std::vector<Post> ApportionCampaignReserves(const PlanInput& input);

// Post p's choice among `applicants` (person indices), as SolveStable uses it:
// returns the chosen ones, each with the group of the reserved seat it takes
// (kNoGroup for an open seat). `rank_key[k]` orders applicant k (lower is
// better) and `groups[k]` is its group mask.
struct Chosen {
  int applicant = 0;  // index into the applicants argument
  Group seat_group = kNoGroup;
};
std::vector<Chosen> ChooseForPost(const Post& post, const std::vector<uint64_t>& rank_key,
                                  const std::vector<uint32_t>& groups);

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_SOLVERS_H_
