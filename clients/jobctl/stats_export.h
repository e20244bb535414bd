// The bureau's standard statistics table of a campaign, built from a
// CampaignStats answer and written as CSV or XLSX. The export is only a
// format of the answer: the service has already applied who may see which
// groups and the small-cell suppression, so the file shows exactly that.
#ifndef JOBMATCH_CLIENTS_JOBCTL_STATS_EXPORT_H_
#define JOBMATCH_CLIENTS_JOBCTL_STATS_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "jobmatch/v1/events.pb.h"

namespace jobmatch::jobctl {

// Rows of text; figures are decimal integers, "*" when withheld, "" where a
// figure does not apply (posts, openings and people placed in cells).
struct StatsSheet {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

// What the campaign-wide rows say in the region and period columns.
inline constexpr char kAllRegions[] = "全部";
inline constexpr char kWholeCampaign[] = "全期";
// The withheld mark.
inline constexpr char kWithheld[] = "*";

// The campaign-wide rows (everyone, then each group), then the cells in the
// answer's order. Groups are named by their KeyGroup name ("GRADUATE"),
// everyone as "ALL".
StatsSheet BuildStatsSheet(const v1::CampaignStatsResponse& stats);

// RFC 4180 CSV in UTF-8 with a byte-order mark (so that Excel reads the
// Chinese headers), CRLF line ends.
absl::Status WriteCsv(const StatsSheet& sheet, const std::string& path);
// One worksheet named `sheet_name`; figures as numbers, the rest as text.
absl::Status WriteXlsx(const StatsSheet& sheet, const std::string& sheet_name,
                       const std::string& path);

}  // namespace jobmatch::jobctl

#endif  // JOBMATCH_CLIENTS_JOBCTL_STATS_EXPORT_H_
