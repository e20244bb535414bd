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
  for (const auto& s : people) {
    planning::Person p;
    p.id = s->id;
    p.region_code = s->residence_region.empty() ? s->hukou_region : s->residence_region;
    for (int g = 1; g <= kMaxGroup && g <= planning::kMaxGroup; ++g) {
      if ((s->groups & GroupBit(g)) != 0) p.groups.push_back(g);
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
  AddHouseholdDemand(query, at, posts, input);

  // Names for every docket: people's regions and the villages of household demand.
  std::set<std::string> regions;
  for (const planning::Person& p : input.people) regions.insert(p.region_code);
  for (const planning::HouseholdDemand& d : input.household_demand) regions.insert(d.region_code);
  regions.erase("");
  for (const std::string& code : regions) {
    std::string name = names_ ? names_(code) : "";
    if (!name.empty()) input.region_names.push_back({code, std::move(name)});
  }
  return input;
}

void CampaignPlanner::AddHouseholdDemand(
    const CampaignPlanQuery& query, const QueryTime& at,
    const std::vector<std::shared_ptr<const PostRecord>>& posts, planning::PlanInput& input) const {
  const int64_t since = at.now - int64_t{MatchIndex::kHouseholdVisitDays} * 86400;
  std::map<std::pair<std::string, std::string>, int> households;  // (village, occupation)
  for (const HouseholdVisit& visit : index_->HouseholdVisits()) {
    if (visit.at < since || visit.village_code.empty() ||
        !InRegions(visit.village_code, query.region_prefixes)) {
      continue;
    }
    const std::set<std::string> codes(visit.occupation_codes.begin(), visit.occupation_codes.end());
    for (const std::string& code : codes) {
      if (!code.empty()) ++households[{visit.village_code, code}];
    }
  }
  // A household is met where it lives: posts within the radius a profile
  // gets by default, measured from the village's centre.
  const int reach_km = Seeker().travel_radius_km;
  for (const auto& [key, count] : households) {
    const auto& [village, occupation] = key;
    planning::HouseholdDemand demand;
    demand.region_code = village;
    demand.occupation_code = occupation;
    demand.households = count;
    const std::optional<GeoPt> centre = centres_ ? centres_(village) : std::nullopt;
    for (size_t j = 0; j < posts.size(); ++j) {
      const PostRecord& post = *posts[j];
      if (FitOf({occupation}, post.occupation_code, index_->relations()) == OccupationFit::kNone) {
        continue;
      }
      const bool reaches = centre.has_value()
                               ? SurfaceKm(*centre, post.point) <= reach_km
                               : post.region_code.substr(0, 6) == village.substr(0, 6);
      if (reaches) demand.posts.push_back(static_cast<int>(j));
    }
    input.household_demand.push_back(std::move(demand));
  }
}

}  // namespace jobmatch::matcher
