// What a plan means to the people who carry it out: a docket per village or
// community, who is proposed for each post, and per priority group the
// figures anyone can check. Built from the input and a plan; no gRPC.
#ifndef JOBMATCH_MATCHER_PLANNING_PLAN_REPORT_H_
#define JOBMATCH_MATCHER_PLANNING_PLAN_REPORT_H_

#include <string>
#include <vector>

#include "matcher/planning/plan_types.h"
#include "services/common/sensitive_groups.h"

namespace jobmatch::planning {

struct ReportOptions {
  // LOW_INCOME and DISABLED never leave the platform towards employers or the
  // public, and dockets are shown to employers in the village: unless this is
  // set, no assignment says it uses a seat kept for those groups. The group
  // table (aggregates for bureau staff) always lists them.
  bool show_sensitive_groups = false;
};

struct ReportAssignment {
  std::string person_id;
  std::string post_id;
  std::string employer_id;
  double score = 0;
  // The group whose reserved place (post seat, else campaign floor) it uses.
  Group reserved_for = kNoGroup;
  std::vector<PairReason> reasons;
};

// Unregistered households' wish for one occupation in a village, and the
// posts that fit it, reach the village and still have openings once the plan
// is carried out.
struct DemandReport {
  std::string occupation_code;
  int households = 0;
  std::vector<std::string> post_ids;  // sorted
  int openings_left = 0;              // summed over post_ids
};

struct Docket {
  std::string region_code;
  std::string region_name;
  // Employers and posts to bring: those of the assignments, and those left
  // open that fit the households' demand.
  std::vector<std::string> employer_ids;       // sorted, distinct
  std::vector<std::string> post_ids;           // sorted, distinct
  std::vector<ReportAssignment> assignments;   // by person id
  std::vector<DemandReport> household_demand;  // by occupation code
};

struct PostReport {
  std::string post_id;
  std::string employer_id;
  int openings = 0;
  std::vector<ReportAssignment> assignments;
};

struct GroupReport {
  Group group = kNoGroup;
  // People of the group in the input (their demand is why they are there).
  int candidates = 0;
  int placed = 0;
  // Post seats kept for the group, and how many members took them.
  int post_reserved = 0;
  int post_reserved_used = 0;
  // The campaign floor for the group, and how much of it is met.
  int campaign_reserved = 0;
  int campaign_reserved_used = 0;
  // Lowest score among the group's placements (0 if none placed).
  double cutoff_score = 0;
};

struct PlanReport {
  PlanMode mode = PlanMode::kOptimal;
  double total_score = 0;
  int people = 0;
  int people_placed = 0;
  int openings = 0;
  // A village with household demand and no one assigned has a docket too.
  std::vector<Docket> dockets;      // by region code
  std::vector<PostReport> posts;    // input order
  std::vector<GroupReport> groups;  // by group, groups with people or reserves
};

// Requires a plan made for `input` (CheckPlan passes).
PlanReport BuildReport(const PlanInput& input, const Plan& plan, const ReportOptions& options = {});

const char* ModeName(PlanMode mode);

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_PLAN_REPORT_H_
