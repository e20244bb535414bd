// Small-cell suppression of campaign statistics. A figure of a sensitive key
// group (LOW_INCOME, DISABLED) between 1 and kMinReportedCount - 1 could
// point at a handful of households, so its row is withheld; and so that a
// withheld row cannot be worked out by subtracting the rows shown from the
// total, a lone withheld row takes a second one with it (complementary
// suppression).
#ifndef JOBMATCH_SERVICES_EVENTS_SMALL_CELLS_H_
#define JOBMATCH_SERVICES_EVENTS_SMALL_CELLS_H_

#include <cstdint>
#include <vector>

#include "services/common/sensitive_groups.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

// The smallest figure reported for a sensitive group; 0 is reported as is.
inline constexpr int64_t kMinReportedCount = 5;

// A row as reported: its figures (all 0 when suppressed) and whether it was.
struct ReportedFigures {
  GroupFigures figures;
  bool suppressed = false;
};

// The rows of one campaign (group 0 the total, as StatsStore gives them), in
// the same order, with:
//  - primary suppression: a sensitive group's row with any figure in
//    [1, kMinReportedCount);
//  - complementary suppression: when exactly one group row is suppressed,
//    the other non-empty group row with the smallest figures is suppressed
//    too, or, if there is none, the total.
// Whole rows are withheld (the figures of a row are counted over the same
// posts and people, so one kept figure would narrow the others). The result
// does not depend on who asks; callers not allowed sensitive groups then drop
// those rows, and what they see is still safe to subtract.
std::vector<ReportedFigures> SuppressSmallCells(const std::vector<GroupFigures>& rows);

// The pieces of the rule above, for the region × period cells (stats_cells.h):
// any figure in [1, kMinReportedCount); the sum of the figures (smaller rows
// are the cheaper complement); and a row's figures zeroed and marked withheld.
bool HasSmallFigure(const GroupFigures& g);
int64_t Size(const GroupFigures& g);
void Withhold(ReportedFigures& row);

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_SMALL_CELLS_H_
