// The planning problem on an abstract input, independent of gRPC and SQL:
// people, posts with openings and reserved quotas, campaign-wide reserves and
// the candidate pairs the matcher's eligibility produced. And the plan.
//
// Reserve semantics (the same in every solver and checker):
//  - Post reserve {g, k} on post p: k of p's openings are seats kept for
//    members of group g. A seat is first offered to the group; any seat the
//    group does not fill is released and counts as an open seat, so a post
//    never takes more than its openings and never fewer because of a reserve.
//  - Campaign reserve {g, k}: a floor for the whole campaign: at least k
//    members of g are placed (in any seat, reserved seats included), as far as
//    eligibility and capacity allow. It adds no seats.
//  - A person in several groups uses at most one post seat and counts towards
//    at most one campaign floor.
#ifndef JOBMATCH_MATCHER_PLANNING_PLAN_TYPES_H_
#define JOBMATCH_MATCHER_PLANNING_PLAN_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace jobmatch::planning {

// Scores above this are rejected: the optimal solver works in integer
// thousandths and must keep its reserve bonus far from int64 overflow.
inline constexpr double kMaxScore = 1e4;

// A key group, numbered as jobmatch.v1.KeyGroup (1 = GRADUATE ... 7 = DISABLED);
// 0 means none.
using Group = int;
inline constexpr Group kNoGroup = 0;
inline constexpr Group kMaxGroup = 7;

struct Quota {
  Group group = kNoGroup;
  int places = 0;
};

struct Person {
  std::string id;
  // Village or community (12-digit code) where the person is met.
  std::string region_code;
  std::vector<Group> groups;
};

struct Post {
  std::string id;
  std::string employer_id;
  int openings = 0;
  // At most one quota per group; they never add up past `openings`.
  std::vector<Quota> reserves;
};

// One reason a pair scores as it does, passed through to the plan as is.
struct PairReason {
  int code = 0;  // jobmatch.v1.ReasonCode
  std::string text;
  double contribution = 0;
};

// An eligible (person, post) pair; only these may be assigned.
struct CandidatePair {
  int person = 0;    // index into PlanInput::people
  int post = 0;      // index into PlanInput::posts
  double score = 0;  // > 0; higher is better
  std::vector<PairReason> reasons;
};

// Work wanted by households a recruiter visited that have no profile yet
// (先有需求): nobody to assign, but posts worth bringing to their village.
struct HouseholdDemand {
  // Village or community visited.
  std::string region_code;
  std::string occupation_code;
  // Visits that recorded the wish (> 0).
  int households = 0;
  // Posts (indexes into PlanInput::posts) that fit the wish and reach the village.
  std::vector<int> posts;
};

struct PlanInput {
  std::vector<Person> people;
  std::vector<Post> posts;
  std::vector<Quota> campaign_reserves;
  // At most one pair per (person, post).
  std::vector<CandidatePair> pairs;
  // Demand of unregistered households; the solvers do not read it, the
  // report shows it beside what the plan leaves open.
  std::vector<HouseholdDemand> household_demand;
  // Optional display names of region codes for dockets.
  std::vector<std::pair<std::string, std::string>> region_names;
};

enum class PlanMode { kOptimal, kStable, kGreedy };

struct Assignment {
  int pair = 0;  // index into PlanInput::pairs
  // The group whose post seat it takes, or kNoGroup for an open seat.
  Group post_seat_group = kNoGroup;
  // The group whose campaign floor it counts towards, or kNoGroup.
  Group campaign_group = kNoGroup;
};

struct Plan {
  PlanMode mode = PlanMode::kOptimal;
  // Ordered by (post, person).
  std::vector<Assignment> assignments;
  // Sum of the assigned pairs' scores.
  double total_score = 0;
};

// OK, or INVALID_ARGUMENT naming every offending field ("posts[3].openings",
// "pairs[7].score"). Solvers call it first.
absl::Status ValidatePlanInput(const PlanInput& input);

// The groups a person belongs to, as a bit set (bit g).
inline uint32_t GroupMask(const Person& person) {
  uint32_t mask = 0;
  for (Group g : person.groups) mask |= 1u << g;
  return mask;
}

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_PLAN_TYPES_H_
