#include "services/events/stats_cells.h"

#include <limits>
#include <map>
#include <utility>

namespace jobmatch::events {
namespace {

// Withholds the smallest non-empty, not yet withheld cell among `members`
// (indexes into `out`), or `fallback` (-1: none) when there is none. True
// when a cell was withheld.
bool WithholdPartner(std::vector<ReportedCell>& out, const std::vector<size_t>& members,
                     int fallback) {
  int best = -1;
  int64_t smallest = std::numeric_limits<int64_t>::max();
  for (size_t i : members) {
    const ReportedFigures& r = out[i].reported;
    const int64_t size = Size(r.figures);
    if (!r.suppressed && size > 0 && size < smallest) {
      smallest = size;
      best = static_cast<int>(i);
    }
  }
  if (best < 0) best = fallback;
  if (best < 0 || out[best].reported.suppressed) return false;
  Withhold(out[best].reported);
  return true;
}

}  // namespace

std::vector<ReportedCell> SuppressCells(const std::vector<CellFigures>& cells) {
  std::vector<ReportedCell> out;
  out.reserve(cells.size());
  // Slice -> (its total's index or -1, its group cells); group -> its cells.
  std::map<std::pair<std::string, std::string>, std::pair<int, std::vector<size_t>>> slices;
  std::map<int, std::vector<size_t>> columns;
  for (const CellFigures& c : cells) {
    const size_t i = out.size();
    ReportedCell& r = out.emplace_back();
    r.region_code = c.region_code;
    r.period_start = c.period_start;
    r.reported.figures = c.figures;
    const int group = c.figures.key_group;
    auto& slice = slices.try_emplace({c.region_code, c.period_start}, -1, std::vector<size_t>{})
                      .first->second;
    if (group == 0) {
      slice.first = static_cast<int>(i);
      continue;
    }
    slice.second.push_back(i);
    columns[group].push_back(i);
    if (IsSensitiveGroup(group) && HasSmallFigure(c.figures)) Withhold(r.reported);
  }
  auto withheld = [&](const std::vector<size_t>& members) {
    int n = 0;
    for (size_t i : members) n += out[i].reported.suppressed ? 1 : 0;
    return n;
  };
  // Each pass only withholds more, so this ends.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [key, slice] : slices) {
      if (withheld(slice.second) == 1) changed |= WithholdPartner(out, slice.second, slice.first);
    }
    for (auto& [group, column] : columns) {
      if (withheld(column) == 1) changed |= WithholdPartner(out, column, -1);
    }
  }
  return out;
}

}  // namespace jobmatch::events
