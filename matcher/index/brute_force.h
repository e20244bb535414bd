// The reference the index must equal: score every record, keep the best K.
// Slow on purpose; for tests and for checking the index in production.
#ifndef JOBMATCH_MATCHER_INDEX_BRUTE_FORCE_H_
#define JOBMATCH_MATCHER_INDEX_BRUTE_FORCE_H_

#include <vector>

#include "matcher/index/match_index.h"

namespace jobmatch::matcher {

std::vector<PostHit> BruteForceTopPosts(const MatchIndex& index, const Seeker& seeker,
                                        const QueryTime& at, const PostFilter& filter, size_t k);
std::vector<SeekerHit> BruteForceTopSeekers(const MatchIndex& index, const PostRecord& post,
                                            const QueryTime& at, const SeekerFilter& filter,
                                            size_t k);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_INDEX_BRUTE_FORCE_H_
