// Small-cell suppression (small_cells.h) carried over to the cells of a
// campaign's breakdown by region and period. A cell table can be added up
// two ways: the group rows of one region and period against that slice's
// total (group 0), and one group's cells across slices against the group's
// campaign-wide row shown beside them. So a withheld cell must not be alone
// in its slice nor in its group's column: the complement rule of
// SuppressSmallCells is applied along both, until neither adds a cell.
#ifndef JOBMATCH_SERVICES_EVENTS_STATS_CELLS_H_
#define JOBMATCH_SERVICES_EVENTS_STATS_CELLS_H_

#include <string>
#include <vector>

#include "services/events/outcome_store.h"
#include "services/events/small_cells.h"

namespace jobmatch::events {

struct ReportedCell {
  std::string region_code;
  std::string period_start;
  ReportedFigures reported;
};

// `cells` as reported, in the same order:
//  - primary: a sensitive group's cell with a figure in [1, kMinReportedCount);
//  - in a slice (region, period) with exactly one withheld group cell, the
//    smallest other non-empty group cell is withheld too, else the slice's total;
//  - in a group's column with exactly one withheld cell, the smallest other
//    non-empty cell of that group is withheld too.
// Like SuppressSmallCells, independent of who asks.
std::vector<ReportedCell> SuppressCells(const std::vector<CellFigures>& cells);

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_STATS_CELLS_H_
