#include "matcher/planning/plan_proto.h"

namespace jobmatch::planning {
namespace {

void Fill(const ReportAssignment& from, jobmatch::v1::Assignment& to) {
  to.set_profile_id(from.person_id);
  to.set_post_id(from.post_id);
  to.set_score(from.score);
  to.set_reserved_for(static_cast<jobmatch::v1::KeyGroup>(from.reserved_for));
  for (const PairReason& reason : from.reasons) {
    jobmatch::v1::Reason* r = to.add_reasons();
    r->set_code(static_cast<jobmatch::v1::ReasonCode>(reason.code));
    r->set_text(reason.text);
    r->set_contribution(reason.contribution);
  }
}

}  // namespace

jobmatch::v1::PlanCampaignResponse ToProto(const std::string& campaign_id,
                                           const PlanReport& report) {
  jobmatch::v1::PlanCampaignResponse out;
  out.set_campaign_id(campaign_id);
  switch (report.mode) {
    case PlanMode::kOptimal:
      out.set_mode(jobmatch::v1::PLAN_MODE_OPTIMAL);
      break;
    case PlanMode::kStable:
      out.set_mode(jobmatch::v1::PLAN_MODE_STABLE);
      break;
    case PlanMode::kGreedy:
      out.set_mode(jobmatch::v1::PLAN_MODE_GREEDY);
      break;
  }
  out.set_total_score(report.total_score);
  out.set_people_placed(report.people_placed);
  for (const Docket& docket : report.dockets) {
    jobmatch::v1::Docket* d = out.add_dockets();
    d->set_region_code(docket.region_code);
    d->set_region_name(docket.region_name);
    for (const std::string& id : docket.employer_ids) d->add_employer_ids(id);
    for (const std::string& id : docket.post_ids) d->add_post_ids(id);
    for (const ReportAssignment& a : docket.assignments) Fill(a, *d->add_assignments());
    for (const DemandReport& demand : docket.household_demand) {
      jobmatch::v1::HouseholdDemand* h = d->add_household_demand();
      h->set_occupation_code(demand.occupation_code);
      h->set_households(demand.households);
      for (const std::string& id : demand.post_ids) h->add_post_ids(id);
      h->set_openings_left(demand.openings_left);
    }
  }
  for (const PostReport& post : report.posts) {
    jobmatch::v1::PostPlan* p = out.add_posts();
    p->set_post_id(post.post_id);
    p->set_openings(post.openings);
    for (const ReportAssignment& a : post.assignments) Fill(a, *p->add_assignments());
  }
  for (const GroupReport& group : report.groups) {
    jobmatch::v1::GroupPlacement* g = out.add_groups();
    g->set_group(static_cast<jobmatch::v1::KeyGroup>(group.group));
    g->set_candidates(group.candidates);
    g->set_placed(group.placed);
    g->set_reserved(group.post_reserved);
    g->set_reserved_used(group.post_reserved_used);
    g->set_cutoff_score(group.cutoff_score);
    g->set_campaign_reserved(group.campaign_reserved);
    g->set_campaign_reserved_used(group.campaign_reserved_used);
  }
  return out;
}

}  // namespace jobmatch::planning
