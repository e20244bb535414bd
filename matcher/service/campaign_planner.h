// Turns the index's current contents into a campaign planning instance
// (matcher/planning): the campaign's open posts, the people in the asked
// regions, every eligible pair with a positive score and its reasons, and the
// reserved places. No gRPC here; the service validates and converts.
#ifndef JOBMATCH_MATCHER_SERVICE_CAMPAIGN_PLANNER_H_
#define JOBMATCH_MATCHER_SERVICE_CAMPAIGN_PLANNER_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "matcher/domain/convert.h"
#include "matcher/domain/model.h"
#include "matcher/index/match_index.h"
#include "matcher/planning/plan_types.h"

namespace jobmatch::matcher {

struct CampaignPlanQuery {
  std::string campaign_id;
  // Posts and people in regions starting with one of these; empty: all.
  std::vector<std::string> region_prefixes;
  // Campaign-wide floors on top of the campaign's own (added per group).
  std::vector<planning::Quota> extra_reserves;
  // When > 0, plan only for the people on the 救助找人 worklist: key-group
  // people with no application or placement in this many days (work_lists.h).
  int worklist_days = 0;
};

// The display name of a region code for a docket ("炎陵县 霞阳镇 山口村"),
// or "" when unknown.
using RegionNamer = std::function<std::string(const std::string& code)>;

class CampaignPlanner {
 public:
  // `index` must outlive the planner. Without `names`, dockets carry codes
  // only. `centres` places the villages of household visits; without it (or
  // for a village it does not know) a post reaches a village of its county.
  explicit CampaignPlanner(const MatchIndex* index, RegionNamer names = nullptr,
                           RegionCentre centres = nullptr)
      : index_(index), names_(std::move(names)), centres_(std::move(centres)) {}

  // True when some post in the index (in any state) belongs to the campaign:
  // the index learns campaigns only through their posts.
  bool KnowsCampaign(const std::string& campaign_id) const;

  // The instance for `query` at time `at`. Posts are the open posts of the
  // campaign with remaining openings; a post's quotas are merged per group
  // and cut so that they never exceed its remaining openings. Campaign floors
  // (its own plus the query's, summed per group) are cut, in group order, to
  // the posts' total openings. People are placed in the docket of their
  // residence (else hukou) region. Reason texts name LOW_INCOME and DISABLED
  // only when `may_see_sensitive`; the groups themselves always drive the
  // plan. Posts and people are in id order. Every docket region is named
  // when the planner has a namer that knows it.
  //
  // Household demand: the index's visits of households with no profile in
  // the last MatchIndex::kHouseholdVisitDays, in the asked regions, counted
  // per village and occupation (a visit once per occupation it names), each
  // with the campaign's posts whose occupation fits it as a person's wish
  // would and that lie within the default travel radius of the village.
  planning::PlanInput Build(const CampaignPlanQuery& query, const QueryTime& at,
                            bool may_see_sensitive) const;

 private:
  void AddHouseholdDemand(const CampaignPlanQuery& query, const QueryTime& at,
                          const std::vector<std::shared_ptr<const PostRecord>>& posts,
                          planning::PlanInput& input) const;

  const MatchIndex* index_;
  RegionNamer names_;
  RegionCentre centres_;
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_CAMPAIGN_PLANNER_H_
