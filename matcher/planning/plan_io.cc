#include "matcher/planning/plan_io.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "matcher/planning/csv.h"
#include "services/common/status_macros.h"

namespace jobmatch::planning {
namespace {

constexpr const char* kNames[] = {"",         "GRADUATE",      "RETURNING_MIGRANT", "GROUP_4050",
                                  "LAID_OFF", "POVERTY_LABOR", "LOW_INCOME",        "DISABLED"};
constexpr const char* kLabels[] = {
    "",           "高校毕业生",     "返乡务工人员", "4050人员", "下岗失业人员",
    "脱贫劳动力", "低收入家庭成员", "残疾人"};

// Rows of `dir/name` after the header, each with at least `columns` fields.
absl::StatusOr<std::vector<CsvRow>> ReadTable(const std::string& dir, const std::string& name,
                                              size_t columns) {
  JM_ASSIGN_OR_RETURN(std::string text, ReadFileToString(dir + "/" + name));
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(text);
  if (!rows.ok())
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", rows.status().message()));
  if (!rows->empty()) rows->erase(rows->begin());
  for (size_t r = 0; r < rows->size(); ++r) {
    if ((*rows)[r].size() < columns) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, " line ", r + 2, ": expected ", columns, " fields"));
    }
  }
  return rows;
}

absl::Status Bad(const std::string& file, size_t row, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(file, " line ", row + 2, ": ", what));
}

std::string Quotas(const std::vector<Quota>& quotas) {
  std::vector<std::string> parts;
  for (const Quota& q : quotas) parts.push_back(absl::StrCat(GroupName(q.group), ":", q.places));
  return absl::StrJoin(parts, ";");
}

// Display width, counting CJK and other wide characters as two columns.
size_t Width(absl::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = s[i];
    if ((c & 0xC0) == 0x80) continue;
    width += c >= 0xE0 ? 2 : 1;
  }
  return width;
}

void PrintTable(const std::vector<CsvRow>& rows, std::ostream& out) {
  std::vector<size_t> widths;
  for (const CsvRow& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], Width(row[c]));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line = "  ";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      line += rows[r][c];
      if (c + 1 < rows[r].size()) line += std::string(widths[c] - Width(rows[r][c]) + 2, ' ');
    }
    out << line << "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t w : widths) total += w + 2;
      out << "  " << std::string(total - 2, '-') << "\n";
    }
  }
}

std::string Reasons(const std::vector<PairReason>& reasons) {
  std::vector<std::string> texts;
  for (const PairReason& r : reasons) texts.push_back(r.text);
  return absl::StrJoin(texts, "; ");
}

}  // namespace

const char* GroupName(Group group) {
  return group >= 0 && group <= kMaxGroup ? kNames[group] : "?";
}
const char* GroupLabel(Group group) {
  return group >= 0 && group <= kMaxGroup ? kLabels[group] : "?";
}

Group ParseGroup(absl::string_view text) {
  for (Group g = 1; g <= kMaxGroup; ++g) {
    if (text == kNames[g]) return g;
  }
  int number = 0;
  if (absl::SimpleAtoi(text, &number) && number >= 1 && number <= kMaxGroup) return number;
  return kNoGroup;
}

absl::StatusOr<PlanInput> ReadInstance(const std::string& dir) {
  PlanInput in;
  std::map<std::string, int> person_index, post_index;
  JM_ASSIGN_OR_RETURN(std::vector<CsvRow> people, ReadTable(dir, "people.csv", 3));
  for (size_t r = 0; r < people.size(); ++r) {
    Person person{people[r][0], people[r][1], {}};
    for (absl::string_view g : absl::StrSplit(people[r][2], ';', absl::SkipEmpty())) {
      const Group group = ParseGroup(g);
      if (group == kNoGroup) return Bad("people.csv", r, absl::StrCat("groups: unknown group ", g));
      person.groups.push_back(group);
    }
    if (!person_index.emplace(person.id, r).second) return Bad("people.csv", r, "id: repeated");
    in.people.push_back(std::move(person));
  }
  JM_ASSIGN_OR_RETURN(std::vector<CsvRow> posts, ReadTable(dir, "posts.csv", 4));
  for (size_t r = 0; r < posts.size(); ++r) {
    Post post{posts[r][0], posts[r][1], 0, {}};
    if (!absl::SimpleAtoi(posts[r][2], &post.openings))
      return Bad("posts.csv", r, "openings: not a number");
    for (absl::string_view q : absl::StrSplit(posts[r][3], ';', absl::SkipEmpty())) {
      std::pair<std::string, std::string> parts = absl::StrSplit(q, ':');
      Quota quota{ParseGroup(parts.first), 0};
      if (quota.group == kNoGroup || !absl::SimpleAtoi(parts.second, &quota.places)) {
        return Bad("posts.csv", r, absl::StrCat("reserves: bad quota ", q));
      }
      post.reserves.push_back(quota);
    }
    if (!post_index.emplace(post.id, r).second) return Bad("posts.csv", r, "id: repeated");
    in.posts.push_back(std::move(post));
  }
  JM_ASSIGN_OR_RETURN(std::vector<CsvRow> pairs, ReadTable(dir, "pairs.csv", 3));
  in.pairs.reserve(pairs.size());
  for (size_t r = 0; r < pairs.size(); ++r) {
    CandidatePair pair;
    auto person = person_index.find(pairs[r][0]);
    auto post = post_index.find(pairs[r][1]);
    if (person == person_index.end()) return Bad("pairs.csv", r, "person_id: unknown");
    if (post == post_index.end()) return Bad("pairs.csv", r, "post_id: unknown");
    pair.person = person->second;
    pair.post = post->second;
    if (!absl::SimpleAtod(pairs[r][2], &pair.score))
      return Bad("pairs.csv", r, "score: not a number");
    if (pairs[r].size() > 3) {
      for (absl::string_view item : absl::StrSplit(pairs[r][3], ';', absl::SkipEmpty())) {
        std::vector<std::string> parts = absl::StrSplit(item, absl::MaxSplits(':', 2));
        PairReason reason;
        if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &reason.code) ||
            !absl::SimpleAtod(parts[1], &reason.contribution)) {
          return Bad("pairs.csv", r,
                     absl::StrCat("reasons: expected code:contribution:text, got ", item));
        }
        reason.text = parts[2];
        pair.reasons.push_back(std::move(reason));
      }
    }
    in.pairs.push_back(std::move(pair));
  }
  absl::StatusOr<std::vector<CsvRow>> campaign = ReadTable(dir, "campaign.csv", 2);
  if (campaign.ok()) {
    for (size_t r = 0; r < campaign->size(); ++r) {
      Quota q{ParseGroup((*campaign)[r][0]), 0};
      if (q.group == kNoGroup || !absl::SimpleAtoi((*campaign)[r][1], &q.places)) {
        return Bad("campaign.csv", r, "expected group,places");
      }
      in.campaign_reserves.push_back(q);
    }
  } else if (!absl::IsNotFound(campaign.status())) {
    return campaign.status();
  }
  absl::StatusOr<std::vector<CsvRow>> regions = ReadTable(dir, "regions.csv", 2);
  if (regions.ok()) {
    for (const CsvRow& row : *regions) in.region_names.push_back({row[0], row[1]});
  } else if (!absl::IsNotFound(regions.status())) {
    return regions.status();
  }
  return in;
}

absl::Status WriteInstance(const PlanInput& in, const std::string& dir) {
  std::string text = CsvLine({"id", "region_code", "groups"});
  for (const Person& p : in.people) {
    std::vector<std::string> names;
    for (Group g : p.groups) names.push_back(GroupName(g));
    text += CsvLine({p.id, p.region_code, absl::StrJoin(names, ";")});
  }
  JM_RETURN_IF_ERROR(WriteStringToFile(dir + "/people.csv", text));
  text = CsvLine({"id", "employer_id", "openings", "reserves"});
  for (const Post& p : in.posts) {
    text += CsvLine({p.id, p.employer_id, absl::StrCat(p.openings), Quotas(p.reserves)});
  }
  JM_RETURN_IF_ERROR(WriteStringToFile(dir + "/posts.csv", text));
  text = CsvLine({"person_id", "post_id", "score", "reasons"});
  for (const CandidatePair& pair : in.pairs) {
    std::vector<std::string> reasons;
    for (const PairReason& r : pair.reasons) {
      reasons.push_back(absl::StrCat(r.code, ":", r.contribution, ":", r.text));
    }
    text += CsvLine({in.people[pair.person].id, in.posts[pair.post].id, absl::StrCat(pair.score),
                     absl::StrJoin(reasons, ";")});
  }
  JM_RETURN_IF_ERROR(WriteStringToFile(dir + "/pairs.csv", text));
  text = CsvLine({"group", "places"});
  for (const Quota& q : in.campaign_reserves)
    text += CsvLine({GroupName(q.group), absl::StrCat(q.places)});
  JM_RETURN_IF_ERROR(WriteStringToFile(dir + "/campaign.csv", text));
  text = CsvLine({"code", "name"});
  for (const auto& [code, name] : in.region_names) text += CsvLine({code, name});
  return WriteStringToFile(dir + "/regions.csv", text);
}

absl::Status WriteReportCsv(const PlanReport& report, const std::string& dir) {
  std::string text = CsvLine({"region_code", "region_name", "person_id", "post_id", "employer_id",
                              "score", "reserved_for", "reasons"});
  for (const Docket& d : report.dockets) {
    for (const ReportAssignment& a : d.assignments) {
      text += CsvLine({d.region_code, d.region_name, a.person_id, a.post_id, a.employer_id,
                       absl::StrFormat("%.2f", a.score), GroupName(a.reserved_for),
                       Reasons(a.reasons)});
    }
  }
  JM_RETURN_IF_ERROR(WriteStringToFile(dir + "/plan_assignments.csv", text));
  text = CsvLine({"group", "candidates", "placed", "post_reserved", "post_reserved_used",
                  "campaign_reserved", "campaign_reserved_used", "cutoff_score"});
  for (const GroupReport& g : report.groups) {
    text += CsvLine({GroupName(g.group), absl::StrCat(g.candidates), absl::StrCat(g.placed),
                     absl::StrCat(g.post_reserved), absl::StrCat(g.post_reserved_used),
                     absl::StrCat(g.campaign_reserved), absl::StrCat(g.campaign_reserved_used),
                     absl::StrFormat("%.2f", g.cutoff_score)});
  }
  return WriteStringToFile(dir + "/plan_groups.csv", text);
}

void PrintReport(const PlanReport& report, int max_dockets, std::ostream& out) {
  out << absl::StrFormat("计划 (%s): %d / %d people placed, %d openings, total score %.2f\n\n",
                         ModeName(report.mode), report.people_placed, report.people,
                         report.openings, report.total_score);
  std::vector<CsvRow> rows = {{"重点群体", "group", "candidates", "placed", "post seats", "used",
                               "campaign floor", "met", "cut-off"}};
  for (const GroupReport& g : report.groups) {
    rows.push_back({GroupLabel(g.group), GroupName(g.group), absl::StrCat(g.candidates),
                    absl::StrCat(g.placed), absl::StrCat(g.post_reserved),
                    absl::StrCat(g.post_reserved_used), absl::StrCat(g.campaign_reserved),
                    absl::StrCat(g.campaign_reserved_used),
                    absl::StrFormat("%.2f", g.cutoff_score)});
  }
  PrintTable(rows, out);
  int shown = 0;
  for (const Docket& d : report.dockets) {
    if (shown++ == max_dockets) {
      out << absl::StrFormat("\n... %d more dockets in the CSV\n",
                             report.dockets.size() - max_dockets);
      break;
    }
    out << absl::StrFormat("\n村/社区 %s %s — employers: %s; posts: %s\n", d.region_code,
                           d.region_name, absl::StrJoin(d.employer_ids, " "),
                           absl::StrJoin(d.post_ids, " "));
    rows = {{"person", "post", "employer", "score", "reserved", "reasons"}};
    for (const ReportAssignment& a : d.assignments) {
      rows.push_back({a.person_id, a.post_id, a.employer_id, absl::StrFormat("%.2f", a.score),
                      a.reserved_for == kNoGroup ? "" : GroupLabel(a.reserved_for),
                      Reasons(a.reasons)});
    }
    PrintTable(rows, out);
  }
}

}  // namespace jobmatch::planning
