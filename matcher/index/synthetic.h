// Generated, reproducible data for the equivalence test and the benchmarks:
// posts and people spread around the 长株潭 cities and Zhuzhou's counties
// (with a thin spread over all Hunan), a made-up classification of 1,500
// detailed occupations in 150 minor groups, skewed popularity, and every
// rule's field exercised (relaxations, campaigns, schedules, sex, validity).
#ifndef JOBMATCH_MATCHER_INDEX_SYNTHETIC_H_
#define JOBMATCH_MATCHER_INDEX_SYNTHETIC_H_

#include <cstdint>
#include <random>
#include <vector>

#include "matcher/domain/model.h"
#include "matcher/domain/scoring.h"

namespace jobmatch::matcher::synthetic {

// The query time every generated record is built around (2026-04-01 CST).
QueryTime At();

// Codes are related when they share a major group and their last two digits
// (a stand-in for the synonym table), never with themselves.
class Relations final : public OccupationRelations {
 public:
  bool Related(absl::string_view a, absl::string_view b) const override;
};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}
  PostRecord Post(int n);  // id "post-<n>"
  Seeker Person(int n);    // id "person-<n>"; may have applied to "post-<m>", m < 1000
  std::mt19937& rng() { return rng_; }

 private:
  GeoPt Place();
  std::string Occupation();
  std::mt19937 rng_;
};

// `p` (the generator's post `n`) with, for `percent` of posts, a campaign of
// the kinds that change matching: a running CZT graduate season over 430211
// (the generator's other region, 430281, lies outside), one whose season has
// ended, or a running village outreach, in turn.
PostRecord WithCampaignKinds(PostRecord p, int n, int percent);

}  // namespace jobmatch::matcher::synthetic

#endif  // JOBMATCH_MATCHER_INDEX_SYNTHETIC_H_
