// PlanReport -> jobmatch.v1.PlanCampaignResponse, for the matcher service.
#ifndef JOBMATCH_MATCHER_PLANNING_PLAN_PROTO_H_
#define JOBMATCH_MATCHER_PLANNING_PLAN_PROTO_H_

#include <string>

#include "jobmatch/v1/matcher.pb.h"
#include "matcher/planning/plan_report.h"

namespace jobmatch::planning {

// Maps every field; GroupPlacement.reserved/reserved_used carry the posts'
// own seats and campaign_reserved/campaign_reserved_used the campaign floor.
jobmatch::v1::PlanCampaignResponse ToProto(const std::string& campaign_id,
                                           const PlanReport& report);

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_PLAN_PROTO_H_
