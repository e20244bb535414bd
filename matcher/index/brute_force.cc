#include "matcher/index/brute_force.h"

#include "matcher/domain/eligibility.h"
#include "matcher/index/top_k.h"

namespace jobmatch::matcher {

std::vector<PostHit> BruteForceTopPosts(const MatchIndex& index, const Seeker& s,
                                        const QueryTime& at, const PostFilter& filter, size_t k) {
  TopK<PostHit> top(k);
  index.ForEachPost([&](const std::shared_ptr<const PostRecord>& p) {
    if (!PassesFilter(*p, filter, at.now)) return;
    const Distances d = DistancesOf(s, *p);
    if (!IsEligible(s, *p, at, d)) return;
    const OccupationFit fit = FitOf(s.wanted_occupations, p->occupation_code, index.relations());
    top.Offer({p, Score(s, *p, at, d, fit, nullptr, false), d.nearest()});
  });
  return std::move(top).Take();
}

std::vector<SeekerHit> BruteForceTopSeekers(const MatchIndex& index, const PostRecord& p,
                                            const QueryTime& at, const SeekerFilter& filter,
                                            size_t k) {
  TopK<SeekerHit> top(k);
  index.ForEachSeeker([&](const std::shared_ptr<const Seeker>& s) {
    if (!PassesFilter(*s, filter)) return;
    const Distances d = DistancesOf(*s, p);
    if (!IsEligible(*s, p, at, d)) return;
    const OccupationFit fit = FitOf(s->wanted_occupations, p.occupation_code, index.relations());
    top.Offer({s, Score(*s, p, at, d, fit, nullptr, false), d.nearest()});
  });
  return std::move(top).Take();
}

}  // namespace jobmatch::matcher
