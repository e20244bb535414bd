#include "services/events/small_cells.h"

#include <limits>

#include "jobmatch/v1/common.pb.h"

namespace jobmatch::events {
namespace {

std::vector<int64_t> Figures(const GroupFigures& g) {
  return {g.posts,         g.openings,   g.views,       g.applications, g.hires,
          g.people_placed, g.follow_ups, g.retained_7d, g.retained_30d, g.separations};
}

}  // namespace

bool HasSmallFigure(const GroupFigures& g) {
  for (int64_t f : Figures(g)) {
    if (f > 0 && f < kMinReportedCount) return true;
  }
  return false;
}

int64_t Size(const GroupFigures& g) {
  int64_t sum = 0;
  for (int64_t f : Figures(g)) sum += f;
  return sum;
}

void Withhold(ReportedFigures& row) {
  const int group = row.figures.key_group;
  row.figures = GroupFigures{};
  row.figures.key_group = group;
  row.suppressed = true;
}

std::vector<ReportedFigures> SuppressSmallCells(const std::vector<GroupFigures>& rows) {
  std::vector<ReportedFigures> out;
  out.reserve(rows.size());
  int suppressed = 0;
  for (const GroupFigures& g : rows) {
    ReportedFigures& r = out.emplace_back();
    r.figures = g;
    if (g.key_group != 0 && IsSensitiveGroup(g.key_group) && HasSmallFigure(g)) {
      Withhold(r);
      ++suppressed;
    }
  }
  if (suppressed != 1) return out;
  // One withheld row = total minus the rows shown (when the groups do not
  // overlap): withhold the smallest other non-empty group row (an empty one
  // would hide nothing), or else the total.
  ReportedFigures* partner = nullptr;
  ReportedFigures* total = nullptr;
  int64_t smallest = std::numeric_limits<int64_t>::max();
  for (ReportedFigures& r : out) {
    if (r.figures.key_group == 0) {
      total = &r;
    } else if (!r.suppressed && Size(r.figures) > 0 && Size(r.figures) < smallest) {
      smallest = Size(r.figures);
      partner = &r;
    }
  }
  if (partner == nullptr) partner = total;
  if (partner != nullptr) Withhold(*partner);
  return out;
}

}  // namespace jobmatch::events
