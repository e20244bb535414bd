// Random planning instances for tests, the benchmark and `jobmatch-plan
// --random`. Deterministic for a given seed.
#ifndef JOBMATCH_MATCHER_PLANNING_RANDOM_INSTANCE_H_
#define JOBMATCH_MATCHER_PLANNING_RANDOM_INSTANCE_H_

#include <cstdint>

#include "matcher/planning/plan_types.h"

namespace jobmatch::planning {

struct RandomInstanceOptions {
  int people = 1000;
  int posts = 100;
  // Average candidate posts per person (each person gets 1..2x-1).
  int pairs_per_person = 20;
  // Openings per post are drawn from 1..max_openings.
  int max_openings = 10;
  // Villages the people live in, and employers the posts belong to.
  int villages = 50;
  int employers = 40;
  // Share of posts that keep seats for a group, and of people in each group.
  double reserving_posts = 0.3;
  double group_share = 0.15;
  // Campaign floors as a share of all openings, per floored group (0: none).
  double campaign_floor_share = 0.02;
  // Attach reasons to pairs (the benchmark leaves them out).
  bool reasons = true;
  uint64_t seed = 1;
};

PlanInput RandomInstance(const RandomInstanceOptions& options);

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_RANDOM_INSTANCE_H_
