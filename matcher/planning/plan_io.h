// Instances and plans as files: reading an instance from CSV, writing one,
// writing a plan report as CSV, and printing it as readable tables.
//
// Instance folder (UTF-8, header row first):
//   people.csv   id,region_code,groups         groups: GRADUATE;GROUP_4050 (or numbers)
//   posts.csv    id,employer_id,openings,reserves   reserves: GROUP_4050:2;POVERTY_LABOR:1
//   pairs.csv    person_id,post_id,score,reasons    reasons: code:contribution:text;...
//   campaign.csv group,places        (optional: campaign floors)
//   regions.csv  code,name           (optional: village and community names)
#ifndef JOBMATCH_MATCHER_PLANNING_PLAN_IO_H_
#define JOBMATCH_MATCHER_PLANNING_PLAN_IO_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matcher/planning/plan_report.h"
#include "matcher/planning/plan_types.h"

namespace jobmatch::planning {

// "GRADUATE" ... "DISABLED"; "" for kNoGroup.
const char* GroupName(Group group);
// 高校毕业生 ... 残疾人.
const char* GroupLabel(Group group);
// A name from GroupName or its number; kNoGroup if neither.
Group ParseGroup(absl::string_view text);

// INVALID_ARGUMENT naming the file, line and field of the first bad value;
// NOT_FOUND if a required file is missing. Does not run ValidatePlanInput.
absl::StatusOr<PlanInput> ReadInstance(const std::string& dir);
absl::Status WriteInstance(const PlanInput& input, const std::string& dir);

// Writes plan_assignments.csv (one row per assignment, by docket) and
// plan_groups.csv (one row per group) into `dir`.
absl::Status WriteReportCsv(const PlanReport& report, const std::string& dir);

// The summary, the group table and up to `max_dockets` dockets as tables.
void PrintReport(const PlanReport& report, int max_dockets, std::ostream& out);

}  // namespace jobmatch::planning

#endif  // JOBMATCH_MATCHER_PLANNING_PLAN_IO_H_
