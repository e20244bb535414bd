#include "matcher/planning/plan_report.h"

#include <algorithm>
#include <map>
#include <set>

namespace jobmatch::planning {

const char* ModeName(PlanMode mode) {
  switch (mode) {
    case PlanMode::kOptimal:
      return "optimal";
    case PlanMode::kStable:
      return "stable";
    case PlanMode::kGreedy:
      return "greedy";
  }
  return "?";
}

PlanReport BuildReport(const PlanInput& input, const Plan& plan, const ReportOptions& options) {
  PlanReport report;
  report.mode = plan.mode;
  report.total_score = plan.total_score;
  report.people = static_cast<int>(input.people.size());
  report.people_placed = static_cast<int>(plan.assignments.size());
  for (const Post& post : input.posts) report.openings += post.openings;

  std::map<std::string, std::string> names(input.region_names.begin(), input.region_names.end());
  std::map<std::string, Docket> dockets;
  std::map<std::string, std::set<std::string>> employers, posts_of_region;
  report.posts.resize(input.posts.size());
  for (size_t p = 0; p < input.posts.size(); ++p) {
    report.posts[p].post_id = input.posts[p].id;
    report.posts[p].employer_id = input.posts[p].employer_id;
    report.posts[p].openings = input.posts[p].openings;
  }

  std::vector<GroupReport> groups(kMaxGroup + 1);
  for (Group g = 0; g <= kMaxGroup; ++g) groups[g].group = g;
  for (const Person& person : input.people) {
    for (Group g : person.groups) ++groups[g].candidates;
  }
  for (const Post& post : input.posts) {
    for (const Quota& q : post.reserves) groups[q.group].post_reserved += q.places;
  }
  for (const Quota& q : input.campaign_reserves) groups[q.group].campaign_reserved = q.places;
  // Stable mode may seat a group beyond the post's own reserve (campaign
  // floors apportioned to seats); only the post's own seats count here.
  std::map<std::pair<int, Group>, int> seat_used;

  for (const Assignment& a : plan.assignments) {
    const CandidatePair& pair = input.pairs[a.pair];
    const Person& person = input.people[pair.person];
    const Post& post = input.posts[pair.post];
    ReportAssignment ra;
    ra.person_id = person.id;
    ra.post_id = post.id;
    ra.employer_id = post.employer_id;
    ra.score = pair.score;
    ra.reserved_for = a.post_seat_group != kNoGroup ? a.post_seat_group : a.campaign_group;
    if (IsSensitiveGroup(ra.reserved_for) && !options.show_sensitive_groups)
      ra.reserved_for = kNoGroup;
    ra.reasons = pair.reasons;
    report.posts[pair.post].assignments.push_back(ra);

    Docket& docket = dockets[person.region_code];
    docket.assignments.push_back(std::move(ra));
    employers[person.region_code].insert(post.employer_id);
    posts_of_region[person.region_code].insert(post.id);

    for (Group g : person.groups) {
      GroupReport& gr = groups[g];
      gr.cutoff_score = gr.placed == 0 ? pair.score : std::min(gr.cutoff_score, pair.score);
      ++gr.placed;
    }
    if (a.post_seat_group != kNoGroup) {
      int kept = 0;
      for (const Quota& q : post.reserves) {
        if (q.group == a.post_seat_group) kept = q.places;
      }
      if (++seat_used[{pair.post, a.post_seat_group}] <= kept)
        ++groups[a.post_seat_group].post_reserved_used;
    }
    if (a.campaign_group != kNoGroup) ++groups[a.campaign_group].campaign_reserved_used;
  }

  // What the plan leaves open goes to the households that asked for its work.
  std::vector<int> left(input.posts.size());
  for (size_t p = 0; p < input.posts.size(); ++p) {
    left[p] = input.posts[p].openings - static_cast<int>(report.posts[p].assignments.size());
  }
  for (const HouseholdDemand& demand : input.household_demand) {
    DemandReport dr;
    dr.occupation_code = demand.occupation_code;
    dr.households = demand.households;
    for (int p : demand.posts) {
      if (left[p] <= 0) continue;
      dr.post_ids.push_back(input.posts[p].id);
      dr.openings_left += left[p];
      employers[demand.region_code].insert(input.posts[p].employer_id);
      posts_of_region[demand.region_code].insert(input.posts[p].id);
    }
    std::sort(dr.post_ids.begin(), dr.post_ids.end());
    dockets[demand.region_code].household_demand.push_back(std::move(dr));
  }

  for (auto& [code, docket] : dockets) {
    docket.region_code = code;
    auto name = names.find(code);
    if (name != names.end()) docket.region_name = name->second;
    docket.employer_ids.assign(employers[code].begin(), employers[code].end());
    docket.post_ids.assign(posts_of_region[code].begin(), posts_of_region[code].end());
    std::sort(docket.assignments.begin(), docket.assignments.end(),
              [](const ReportAssignment& a, const ReportAssignment& b) {
                return a.person_id < b.person_id;
              });
    std::sort(docket.household_demand.begin(), docket.household_demand.end(),
              [](const DemandReport& a, const DemandReport& b) {
                return a.occupation_code < b.occupation_code;
              });
    report.dockets.push_back(std::move(docket));
  }
  for (Group g = 1; g <= kMaxGroup; ++g) {
    const GroupReport& gr = groups[g];
    if (gr.candidates > 0 || gr.post_reserved > 0 || gr.campaign_reserved > 0)
      report.groups.push_back(gr);
  }
  return report;
}

}  // namespace jobmatch::planning
