#include "matcher/planning/random_instance.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jobmatch::planning {

PlanInput RandomInstance(const RandomInstanceOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  PlanInput in;
  in.people.reserve(o.people);
  for (int v = 0; v < o.villages; ++v) {
    // Villages of 炎陵县 (430225): township 100, village 2xx.
    const std::string code = absl::StrFormat("430225%03d%03d", 100 + v / 20, 201 + v % 20);
    in.region_names.push_back({code, absl::StrCat("炎陵县第", v + 1, "村")});
  }
  for (int i = 0; i < o.people; ++i) {
    Person person;
    person.id = absl::StrFormat("P%07d", i);
    person.region_code = in.region_names[uniform(0, o.villages - 1)].first;
    for (Group g = 1; g <= kMaxGroup; ++g) {
      if (unit(rng) < o.group_share) person.groups.push_back(g);
    }
    in.people.push_back(std::move(person));
  }
  int64_t openings = 0;
  for (int p = 0; p < o.posts; ++p) {
    Post post;
    post.id = absl::StrFormat("J%06d", p);
    post.employer_id = absl::StrFormat("E%04d", uniform(0, o.employers - 1));
    post.openings = uniform(1, o.max_openings);
    openings += post.openings;
    if (unit(rng) < o.reserving_posts) {
      // One or two groups, sharing at most half of the openings.
      int left = std::max(1, post.openings / 2);
      const Group first = uniform(1, kMaxGroup);
      const int places = uniform(1, left);
      post.reserves.push_back({first, places});
      left -= places;
      const Group second = uniform(1, kMaxGroup);
      if (left > 0 && second != first && unit(rng) < 0.5)
        post.reserves.push_back({second, uniform(1, left)});
    }
    in.posts.push_back(std::move(post));
  }
  if (o.campaign_floor_share > 0) {
    for (Group g : {3, 5}) {  // GROUP_4050, POVERTY_LABOR
      const int places = static_cast<int>(std::floor(openings * o.campaign_floor_share));
      if (places > 0) in.campaign_reserves.push_back({g, places});
    }
  }
  // Scores: a person's employability plus the post's appeal plus the fit of
  // the pair, so that people compete for the same attractive posts.
  std::vector<double> appeal(o.posts);
  for (double& a : appeal) a = unit(rng) * 30;
  in.pairs.reserve(static_cast<size_t>(o.people) * o.pairs_per_person);
  absl::flat_hash_set<int> seen;
  for (int i = 0; i < o.people; ++i) {
    const double ability = unit(rng) * 30;
    const int count = std::min(o.posts, uniform(1, 2 * o.pairs_per_person - 1));
    seen.clear();
    while (static_cast<int>(seen.size()) < count) {
      const int p = uniform(0, o.posts - 1);
      if (!seen.insert(p).second) continue;
      CandidatePair pair;
      pair.person = i;
      pair.post = p;
      const double fit = unit(rng) * 40;
      pair.score = std::round((1 + ability + appeal[p] + fit) * 100) / 100;
      if (o.reasons) {
        pair.reasons.push_back({5, absl::StrFormat("距您家%d公里", uniform(1, 40)), fit / 2});
        pair.reasons.push_back({4, absl::StrFormat("技能匹配 %d/4", uniform(1, 4)), fit / 2});
      }
      in.pairs.push_back(std::move(pair));
    }
  }
  return in;
}

}  // namespace jobmatch::planning
