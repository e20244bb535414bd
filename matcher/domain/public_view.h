// A person as an employer or a live host may know them. LOW_INCOME and
// DISABLED may drive priority, but an answer whose eligibility, score,
// reasons or `relaxed` flags moved with them would let an employer tell who
// holds them (compare two otherwise equal candidates, or see someone pass an
// age limit "thanks to" an unnamed group). And an exact distance from three
// posts of one's own places a home on the map. So answers to those callers
// are computed on this view: without the sensitive groups at all, and with
// distances rounded up to whole km (never nearer than the truth).
#ifndef JOBMATCH_MATCHER_DOMAIN_PUBLIC_VIEW_H_
#define JOBMATCH_MATCHER_DOMAIN_PUBLIC_VIEW_H_

#include <cmath>

#include "matcher/domain/eligibility.h"
#include "matcher/domain/model.h"

namespace jobmatch::matcher {

// `seeker` without LOW_INCOME and DISABLED.
inline Seeker WithoutSensitiveGroups(const Seeker& seeker) {
  Seeker out = seeker;
  out.groups &= static_cast<GroupMask>(~kSensitiveGroups);
  return out;
}

// Distance in whole km, rounded up.
inline double WholeKm(double km) { return std::ceil(km); }
inline Distances WholeKm(const Distances& d) { return {WholeKm(d.residence), WholeKm(d.hukou)}; }

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_DOMAIN_PUBLIC_VIEW_H_
