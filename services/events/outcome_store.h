// Storage of the outcomes of hires (follow-up visits and separations), the
// list of follow-ups due, and the campaign cells (key group × region ×
// period) that CampaignStats breaks its figures down by.
#ifndef JOBMATCH_SERVICES_EVENTS_OUTCOME_STORE_H_
#define JOBMATCH_SERVICES_EVENTS_OUTCOME_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobmatch/v1/events.pb.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

// Which follow-ups are due: hires whose 7- or 30-day visit fell due at or
// before `as_of` and was not recorded, of people living in one of
// `region_prefixes` (empty: anywhere), after `after` in (due, person, post,
// visit) order.
struct DueQuery {
  std::vector<std::string> region_prefixes;
  absl::Time as_of;
  int limit = 100;
  // The last row of the previous page; empty profile_id: from the start.
  struct Key {
    absl::Time due;
    std::string profile_id, post_id;
    int visit = 0;
  } after;
};

struct DueFollowUp {
  std::string profile_id, post_id;
  v1::FollowUpVisit visit = v1::FOLLOW_UP_VISIT_UNSPECIFIED;
  absl::Time due;
  std::string region_code;
  std::vector<std::string> campaign_ids;
};

// One key group's figures in one region and period.
struct CellFigures {
  std::string region_code;
  std::string period_start;  // "YYYY-MM-DD"
  GroupFigures figures;
};

// Thread-safe.
class OutcomeStore {
 public:
  virtual ~OutcomeStore() = default;
  // Records a follow-up or separation event in one transaction with its row
  // (follow_ups / separations) and its figures. A request id recorded before
  // answers as then (INVALID_ARGUMENT when the request differs);
  // FAILED_PRECONDITION when the person was not hired for the post;
  // ALREADY_EXISTS for a second follow-up of the same visit or a second
  // separation (or the request id raced with itself: look it up).
  virtual absl::StatusOr<Accepted> RecordOutcome(const Submission& sub) = 0;
  virtual absl::StatusOr<std::vector<DueFollowUp>> ListDue(const DueQuery& query) = 0;
  // Every non-empty cell of `campaign_id` at `level` and `period`, ordered
  // by region, period, group (0 first).
  virtual absl::StatusOr<std::vector<CellFigures>> CampaignCells(const std::string& campaign_id,
                                                                 v1::StatsRegionLevel level,
                                                                 v1::StatsPeriod period) = 0;
};

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_OUTCOME_STORE_H_
