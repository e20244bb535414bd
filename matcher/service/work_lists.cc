#include "matcher/service/work_lists.h"

#include <algorithm>
#include <map>

#include "absl/strings/match.h"

namespace jobmatch::matcher {

bool WishNames(const std::vector<std::string>& wanted, const std::string& occupation_code) {
  for (const std::string& w : wanted) {
    if (w.empty() || !absl::StartsWith(occupation_code, w)) continue;
    if (occupation_code.size() == w.size() || occupation_code[w.size()] == '-') return true;
  }
  return false;
}

std::vector<SeekerHit> WishersOf(const MatchIndex& index, const PostRecord& post,
                                 const QueryTime& at, size_t limit, size_t considered) {
  std::vector<SeekerHit> out;
  // A post awaiting occupation review has none: nobody can be said to want it.
  if (post.occupation_code.empty() || post.state != kPostStateOpen) return out;
  for (SeekerHit& hit : index.TopSeekers(post, at, SeekerFilter{}, considered)) {
    if (out.size() >= limit) break;
    if (WishNames(hit.seeker->wanted_occupations, post.occupation_code)) {
      out.push_back(std::move(hit));
    }
  }
  return out;
}

bool OnWorklist(const Seeker& seeker, int days, int64_t now) {
  constexpr GroupMask kAnyGroup = static_cast<GroupMask>(~GroupBit(0));
  const int64_t since = std::max(seeker.last_active, seeker.registered);
  return (seeker.groups & kAnyGroup) != 0 && since <= now - static_cast<int64_t>(days) * 86400;
}

std::vector<std::pair<std::string, std::vector<WorklistEntry>>> BuildWorklist(
    const MatchIndex& index, const WorklistQuery& query, int64_t now) {
  constexpr int64_t kDay = 86400;
  const GroupMask wanted =
      query.key_group == 0 ? static_cast<GroupMask>(~GroupBit(0)) : GroupBit(query.key_group);
  std::map<std::string, std::vector<WorklistEntry>> by_region;
  index.ForEachSeeker([&](const std::shared_ptr<const Seeker>& s) {
    if ((s->groups & wanted) == 0) return;
    if (!absl::StartsWith(s->residence_region, query.region_prefix)) return;
    if (!query.allowed_prefixes.empty() &&
        std::none_of(
            query.allowed_prefixes.begin(), query.allowed_prefixes.end(),
            [&](const std::string& p) { return absl::StartsWith(s->residence_region, p); })) {
      return;
    }
    if (!OnWorklist(*s, query.days, now)) return;
    const int64_t since = std::max(s->last_active, s->registered);
    const int idle = since == 0 ? query.days : static_cast<int>((now - since) / kDay);
    by_region[s->residence_region].push_back({s, idle});
  });
  std::vector<std::pair<std::string, std::vector<WorklistEntry>>> out;
  for (auto& [region, people] : by_region) {
    std::sort(people.begin(), people.end(), [](const WorklistEntry& a, const WorklistEntry& b) {
      return a.idle_days != b.idle_days ? a.idle_days > b.idle_days : a.seeker->id < b.seeker->id;
    });
    out.emplace_back(region, std::move(people));
  }
  return out;
}

}  // namespace jobmatch::matcher
