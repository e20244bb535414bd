#include "clients/jobctl/stats_export.h"

#include <xlsxwriter.h>

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clients/jobctl/format.h"

namespace jobmatch::jobctl {
namespace {

// Region, period and group come before the figures.
constexpr size_t kFirstFigureColumn = 3;

std::string GroupName(v1::KeyGroup group) {
  if (group == v1::KEY_GROUP_UNSPECIFIED) return "ALL";
  return EnumName(v1::KeyGroup_descriptor(), "KEY_GROUP_", group);
}

std::string Figure(const v1::GroupStats& g, int64_t value) {
  return g.suppressed() ? kWithheld : absl::StrCat(value);
}

// The row of `g` after `region` and `period`; `campaign_wide` rows carry the
// stock figures (posts, openings, people placed) that cells do not.
std::vector<std::string> Row(const std::string& region, const std::string& period,
                             const v1::GroupStats& g, bool campaign_wide) {
  auto stock = [&](int64_t v) { return campaign_wide ? Figure(g, v) : std::string(); };
  return {region,
          period,
          GroupName(g.group()),
          stock(g.posts()),
          stock(g.openings()),
          Figure(g, g.views()),
          Figure(g, g.applications()),
          Figure(g, g.hires()),
          stock(g.people_placed()),
          Figure(g, g.follow_ups()),
          Figure(g, g.retained_7d()),
          Figure(g, g.retained_30d()),
          Figure(g, g.separations())};
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

}  // namespace

StatsSheet BuildStatsSheet(const v1::CampaignStatsResponse& stats) {
  StatsSheet sheet;
  sheet.headers = {"地区", "期间",     "重点群体", "岗位数",  "岗位人数", "浏览", "投递",
                   "录用", "就业人数", "回访",     "7日在岗", "30日在岗", "离职"};
  sheet.rows.push_back(Row(kAllRegions, kWholeCampaign, stats.total(), true));
  for (const v1::GroupStats& g : stats.by_group()) {
    sheet.rows.push_back(Row(kAllRegions, kWholeCampaign, g, true));
  }
  for (const v1::StatsCell& c : stats.cells()) {
    sheet.rows.push_back(Row(c.region_code(), c.period_start(), c.stats(), false));
  }
  return sheet;
}

absl::Status WriteCsv(const StatsSheet& sheet, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  out << "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << CsvField(fields[i]);
    out << "\r\n";
  };
  line(sheet.headers);
  for (const auto& row : sheet.rows) line(row);
  out.close();
  if (!out) return absl::DataLossError(absl::StrCat("writing ", path, " failed"));
  return absl::OkStatus();
}

absl::Status WriteXlsx(const StatsSheet& sheet, const std::string& sheet_name,
                       const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  lxw_worksheet* ws = workbook_add_worksheet(book, sheet_name.c_str());
  if (ws == nullptr) {
    workbook_close(book);
    return absl::InvalidArgumentError(absl::StrCat("bad sheet name \"", sheet_name, "\""));
  }
  for (size_t c = 0; c < sheet.headers.size(); ++c) {
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headers[c].c_str(), nullptr);
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const std::string& text = sheet.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      int64_t number = 0;
      // Figures are numbers; codes (regions, dates) and marks stay text.
      if (c >= kFirstFigureColumn && absl::SimpleAtoi(text, &number)) {
        worksheet_write_number(ws, row, col, static_cast<double>(number), nullptr);
      } else if (!text.empty()) {
        worksheet_write_string(ws, row, col, text.c_str(), nullptr);
      }
    }
  }
  const lxw_error err = workbook_close(book);
  if (err != LXW_NO_ERROR) {
    return absl::DataLossError(absl::StrCat("writing ", path, ": ", lxw_strerror(err)));
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::jobctl
