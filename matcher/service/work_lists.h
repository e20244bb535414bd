// Two lists the matcher draws from its index for others to act on: the people
// to tell about a new post (the notifier's "wishers") and the 救助找人
// worklist of key-group people nobody has reached lately. No gRPC here.
#ifndef JOBMATCH_MATCHER_SERVICE_WORK_LISTS_H_
#define JOBMATCH_MATCHER_SERVICE_WORK_LISTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "matcher/domain/model.h"
#include "matcher/index/match_index.h"

namespace jobmatch::matcher {

// True when one of `wanted` names `occupation_code`: equal to it, or a prefix
// of it by whole parts ("6-18" names "6-18-02-04", "6-1" does not).
bool WishNames(const std::vector<std::string>& wanted, const std::string& occupation_code);

// The people eligible for `post` by the matcher's hard rules who want its
// occupation, best score first: of the `considered` best-scored eligible
// people (TopSeekers), those whose wish names it; at most `limit`. None for a
// post without a confirmed occupation or not open.
std::vector<SeekerHit> WishersOf(const MatchIndex& index, const PostRecord& post,
                                 const QueryTime& at, size_t limit, size_t considered = 1000);

// True when `seeker` is on the worklist at `now`: in a key group, and with no
// application or hire in `days` days (idle since registration when there is
// none; an unknown registration counts as long ago).
bool OnWorklist(const Seeker& seeker, int days, int64_t now);

struct WorklistQuery {
  int days = 30;
  // Only people living in regions starting with this ("" any).
  std::string region_prefix;
  // Only people in this group (0: any key group).
  int key_group = 0;
  // Residence prefixes the caller may see (a recruiter's regions); empty: all.
  std::vector<std::string> allowed_prefixes;
};

struct WorklistEntry {
  std::shared_ptr<const Seeker> seeker;
  int idle_days = 0;
};

// Key-group people with no application or hire in `days` days before `now`
// (idle since registration when they have none), grouped by residence
// region code (their village or community), people longest idle first.
// A person registered less than `days` ago is not idle yet. GroupMask bits
// of every key group count, sensitive ones too: recruiters and staff see
// them; the service decides what to show.
std::vector<std::pair<std::string, std::vector<WorklistEntry>>> BuildWorklist(
    const MatchIndex& index, const WorklistQuery& query, int64_t now);

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_WORK_LISTS_H_
