// Independent checks of a plan against its input, for tests, the CLI and
// anyone who wants to verify a plan. Each returns OK or FAILED_PRECONDITION
// naming the first broken rule.
#ifndef JOBMATCH_MATCHER_PLANNING_PLAN_CHECK_H_
#define JOBMATCH_MATCHER_PLANNING_PLAN_CHECK_H_

#include <optional>

#include "absl/status/status.h"
#include "matcher/planning/plan_types.h"

namespace jobmatch::planning {

// The rules every plan keeps:
//  1. every assignment is a candidate pair (so never an ineligible pair);
//  2. nobody is assigned twice;
//  3. no post gets more people than its openings;
//  4. a post seat kept for g is taken only by a member of g, and no more of
//     them than the post keeps for g (in stable mode, counting the seats the
//     campaign floors were apportioned to);
//  5. a campaign floor counts only members of its group, at most its places.
absl::Status CheckPlan(const PlanInput& input, const Plan& plan);

// Reserved seats are offered to their group first (optimal mode, instances
// without campaign floors): if post p fills fewer of its seats for g than it
// keeps, then no member of g who is a candidate for p is unplaced or sits in
// an open seat (either could take the seat and raise the reserve fills).
absl::Status CheckReservesOfferedFirst(const PlanInput& input, const Plan& plan);

// A pair (person, post) that blocks the plan: the person prefers the post to
// their own (higher score, ties to the earlier post; anything to nothing) and
// the post would choose the person from its people plus them (ChooseForPost
// over the stable mode's posts). nullopt if the plan is stable.
std::optional<int> FindBlockingPair(const PlanInput& input, const Plan& plan);

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_PLAN_CHECK_H_
