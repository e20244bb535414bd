#include "matcher/service/campaign_planner.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/match.h"
#include "matcher/domain/eligibility.h"
#include "matcher/domain/scoring.h"
#include "matcher/service/work_lists.h"

namespace jobmatch::matcher {
namespace {

bool InRegions(const std::string& code, const std::vector<std::string>& prefixes) {
  if (prefixes.empty()) return true;
  for (const std::string& p : prefixes) {
    if (absl::StartsWith(code, p)) return true;
  }
  return false;
}

const CampaignInfo* CampaignOf(const PostRecord& post, const std::string& campaign_id) {
  for (const CampaignInfo& c : post.campaigns) {
    if (c.id == campaign_id) return &c;
  }
  return nullptr;
}

// Positive places summed per valid group, in group order.
std::map<int, int> PerGroup(const std::vector<GroupQuota>& quotas) {
  std::map<int, int> sum;
  for (const GroupQuota& q : quotas) {
    if (q.group > planning::kNoGroup && q.group <= planning::kMaxGroup && q.places > 0) {
      sum[q.group] += q.places;
    }
  }
  return sum;
}

}  // namespace

bool CampaignPlanner::KnowsCampaign(const std::string& campaign_id) const {
  bool known = false;
  index_->ForEachPost([&](const std::shared_ptr<const PostRecord>& post) {
    if (!known && CampaignOf(*post, campaign_id) != nullptr) known = true;
  });
  return known;
}

planning::PlanInput CampaignPlanner::Build(const CampaignPlanQuery& query, const QueryTime& at,
                                           bool may_see_sensitive) const {
  std::vector<std::shared_ptr<const PostRecord>> posts;
  std::vector<GroupQuota> campaign_quotas;
  bool campaign_quotas_seen = false;
  index_->ForEachPost([&](const std::shared_ptr<const PostRecord>& post) {
    const CampaignInfo* campaign = CampaignOf(*post, query.campaign_id);
    if (campaign == nullptr) return;
    // Every post carries the same campaign record; take its quotas once.
    if (!campaign_quotas_seen) {
      for (const CampaignQuota& q : post->campaign_reserves) {
        if (q.campaign_id != query.campaign_id) continue;
        campaign_quotas.push_back(q.quota);
        campaign_quotas_seen = true;
      }
    }
    if (post->state != kPostStateOpen || post->remaining <= 0) return;
    if (!InRegions(post->region_code, query.region_prefixes)) return;
    posts.push_back(post);
  });
  std::vector<std::shared_ptr<const Seeker>> people;
  index_->ForEachSeeker([&](const std::shared_ptr<const Seeker>& s) {
    if (query.worklist_days > 0 && !OnWorklist(*s, query.worklist_days, at.now)) return;
    if (InRegions(s->residence_region, query.region_prefixes) ||
        (!query.region_prefixes.empty() && InRegions(s->hukou_region, query.region_prefixes))) {
      people.push_back(s);
    }
  });
  auto by_id = [](const auto& a, const auto& b) { return a->id < b->id; };
  std::sort(posts.begin(), posts.end(), by_id);
  std::sort(people.begin(), people.end(), by_id);

  planning::PlanInput input;
  std::set<std::string> named;
  for (const auto& s : people) {
    planning::Person p;
    p.id = s->id;
    p.region_code = s->residence_region.empty() ? s->hukou_region : s->residence_region;
    for (int g = 1; g <= kMaxGroup && g <= planning::kMaxGroup; ++g) {
      if ((s->groups & GroupBit(g)) != 0) p.groups.push_back(g);
    }
    if (names_ && !p.region_code.empty() && named.insert(p.region_code).second) {
      std::string name = names_(p.region_code);
      if (!name.empty()) input.region_names.push_back({p.region_code, std::move(name)});
    }
    input.people.push_back(std::move(p));
  }
  for (const auto& post : posts) {
    planning::Post p;
    p.id = post->id;
    p.employer_id = post->employer_id;
    p.openings = post->remaining;
    int left = p.openings;  // quotas never add up past the openings
    for (const auto& [group, places] : PerGroup(post->reserves)) {
      const int kept = std::min(places, left);
      if (kept <= 0) break;
      p.reserves.push_back({group, kept});
      left -= kept;
    }
    input.posts.push_back(std::move(p));
  }
  std::vector<GroupQuota> floors = campaign_quotas;
  for (const planning::Quota& q : query.extra_reserves) floors.push_back({q.group, q.places});
  // Floors are met only as far as capacity allows; the solvers want them cut
  // to the campaign's openings (lower groups first).
  int seats = 0;
  for (const planning::Post& p : input.posts) seats += p.openings;
  for (const auto& [group, places] : PerGroup(floors)) {
    const int kept = std::min(places, seats);
    if (kept <= 0) break;
    input.campaign_reserves.push_back({group, kept});
    seats -= kept;
  }

  // A scan per post: a campaign has a few thousand posts at most, and the
  // cheap eligibility rules refuse most people before any scoring.
  for (size_t j = 0; j < posts.size(); ++j) {
    const PostRecord& post = *posts[j];
    for (size_t i = 0; i < people.size(); ++i) {
      const Seeker& s = *people[i];
      const Distances d = DistancesOf(s, post);
      if (!IsEligible(s, post, at, d)) continue;
      const OccupationFit fit =
          FitOf(s.wanted_occupations, post.occupation_code, index_->relations());
      std::vector<Reason> reasons;
      const double score = Score(s, post, at, d, fit, &reasons, may_see_sensitive);
      if (!(score > 0) || score > planning::kMaxScore) continue;
      planning::CandidatePair pair;
      pair.person = static_cast<int>(i);
      pair.post = static_cast<int>(j);
      pair.score = score;
      for (const Reason& r : reasons) {
        pair.reasons.push_back({static_cast<int>(r.code), r.text, r.contribution});
      }
      input.pairs.push_back(std::move(pair));
    }
  }
  return input;
}

}  // namespace jobmatch::matcher
