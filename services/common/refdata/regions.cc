#include "services/common/refdata/regions.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/refdata/csv.h"
#include "services/common/status_macros.h"

#ifndef JOBMATCH_REFDATA_DIR
#define JOBMATCH_REFDATA_DIR "deploy/refdata"
#endif

namespace jobmatch::refdata {
namespace {

using internal::CsvTable;
using internal::ReadCsv;

absl::StatusOr<RegionLevel> LevelFromName(absl::string_view name) {
  if (name == "province") return RegionLevel::kProvince;
  if (name == "city") return RegionLevel::kCity;
  if (name == "county") return RegionLevel::kCounty;
  if (name == "township") return RegionLevel::kTownship;
  if (name == "village") return RegionLevel::kVillage;
  return absl::InvalidArgumentError(absl::StrCat("unknown level '", name, "'"));
}

size_t CodeSize(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince:
      return 2;
    case RegionLevel::kCity:
      return 4;
    case RegionLevel::kCounty:
      return 6;
    case RegionLevel::kTownship:
      return 9;
    case RegionLevel::kVillage:
      return 12;
  }
  return 0;
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Canonical form of a code as people write it: the padded 6- and 12-digit
// forms ("430200", "430202001000") become the short canonical ones ("4302",
// "430202001"). "" if it is not a code at all.
std::string NormalizeCode(absl::string_view code) {
  code = absl::StripAsciiWhitespace(code);
  if (!AllDigits(code)) return "";
  std::string c(code);
  if (c.size() == 12 && absl::EndsWith(c, "000")) c.resize(9);
  if (c.size() == 9 && absl::EndsWith(c, "000")) c.resize(6);
  if (c.size() == 6 && absl::EndsWith(c, "00")) c.resize(4);
  if (c.size() == 4 && absl::EndsWith(c, "00")) c.resize(2);
  return c;
}

absl::Status RowError(const CsvTable& t, size_t row, absl::string_view what) {
  // +2: the header is line 1 and rows count from 0.
  return absl::InvalidArgumentError(absl::StrCat(t.path, ":", row + 2, ": ", what));
}

}  // namespace

std::string RefdataDir() {
  const char* env = std::getenv("JOBMATCH_REFDATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  return JOBMATCH_REFDATA_DIR;
}

absl::StatusOr<RegionTable> RegionTable::Load(const std::string& csv_path) {
  const std::filesystem::path folder = std::filesystem::path(csv_path).parent_path();
  const auto if_exists = [&](const char* name) {
    return std::filesystem::exists(folder / name) ? (folder / name).string() : "";
  };
  return Load(csv_path, if_exists("region_aliases.csv"), if_exists("divisions.csv"));
}

absl::StatusOr<RegionTable> RegionTable::Load(const std::string& csv_path,
                                              const std::string& aliases_csv_path,
                                              const std::string& divisions_csv_path) {
  JM_ASSIGN_OR_RETURN(const CsvTable t, ReadCsv(csv_path));
  JM_ASSIGN_OR_RETURN(const size_t c_code, t.Column("code"));
  JM_ASSIGN_OR_RETURN(const size_t c_name, t.Column("name"));
  JM_ASSIGN_OR_RETURN(const size_t c_short, t.Column("short_name"));
  JM_ASSIGN_OR_RETURN(const size_t c_parent, t.Column("parent_code"));
  JM_ASSIGN_OR_RETURN(const size_t c_level, t.Column("level"));
  JM_ASSIGN_OR_RETURN(const size_t c_lng, t.Column("lng"));
  JM_ASSIGN_OR_RETURN(const size_t c_lat, t.Column("lat"));
  JM_ASSIGN_OR_RETURN(const size_t c_own, t.Column("own_coords"));

  RegionTable table;
  table.regions_.reserve(t.rows.size());
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const std::vector<std::string>& row = t.rows[i];
    Region r;
    r.code = row[c_code];
    r.name = row[c_name];
    r.short_name = row[c_short].empty() ? r.name : row[c_short];
    r.parent_code = row[c_parent];
    absl::StatusOr<RegionLevel> level = LevelFromName(row[c_level]);
    if (!level.ok()) return RowError(t, i, level.status().message());
    r.level = *level;
    if (!AllDigits(r.code) || r.code.size() != CodeSize(r.level)) {
      return RowError(t, i, absl::StrCat("code '", r.code, "' does not fit level ", row[c_level]));
    }
    if (r.name.empty()) return RowError(t, i, "empty name");
    if (!absl::SimpleAtod(row[c_lng], &r.lng) || !absl::SimpleAtod(row[c_lat], &r.lat) ||
        r.lng < 73 || r.lng > 136 || r.lat < 3 || r.lat > 54) {
      return RowError(t, i, "coordinates missing or outside China");
    }
    if (row[c_own] != "0" && row[c_own] != "1") return RowError(t, i, "own_coords must be 0 or 1");
    r.own_coordinates = row[c_own] == "1";
    const bool root = r.level == RegionLevel::kProvince;
    if (root != r.parent_code.empty() || (!root && (r.parent_code.size() >= r.code.size() ||
                                                    !absl::StartsWith(r.code, r.parent_code)))) {
      return RowError(t, i, absl::StrCat("parent '", r.parent_code, "' cannot contain ", r.code));
    }
    table.regions_.push_back(std::move(r));
  }
  std::sort(table.regions_.begin(), table.regions_.end(),
            [](const Region& a, const Region& b) { return a.code < b.code; });
  for (size_t i = 0; i < table.regions_.size(); ++i) {
    if (!table.by_code_.emplace(table.regions_[i].code, i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(csv_path, ": duplicate code ", table.regions_[i].code));
    }
  }
  for (const Region& r : table.regions_) {
    if (!r.parent_code.empty() && !table.by_code_.contains(r.parent_code)) {
      return absl::InvalidArgumentError(
          absl::StrCat(csv_path, ": ", r.code, " has unknown parent ", r.parent_code));
    }
  }
  table.BuildIndexes();
  if (!divisions_csv_path.empty()) JM_RETURN_IF_ERROR(table.LoadDivisions(divisions_csv_path));

  if (aliases_csv_path.empty()) return table;
  JM_ASSIGN_OR_RETURN(const CsvTable a, ReadCsv(aliases_csv_path));
  JM_ASSIGN_OR_RETURN(const size_t a_old, a.Column("old_code"));
  JM_ASSIGN_OR_RETURN(const size_t a_name, a.Column("old_name"));
  JM_ASSIGN_OR_RETURN(const size_t a_code, a.Column("code"));
  for (size_t i = 0; i < a.rows.size(); ++i) {
    const std::vector<std::string>& row = a.rows[i];
    auto it = table.by_code_.find(row[a_code]);
    if (it == table.by_code_.end()) {
      return RowError(a, i, absl::StrCat("alias target ", row[a_code], " unknown"));
    }
    if (!AllDigits(row[a_old])) return RowError(a, i, "old_code must be digits");
    if (row[a_old] != row[a_code]) table.successor_[row[a_old]] = row[a_code];
    const Region& target = table.regions_[it->second];
    if (!row[a_name].empty() && row[a_name] != target.name) {
      table.AddName(row[a_name], static_cast<uint32_t>(it->second), /*full=*/true);
    }
  }
  return table;
}

absl::Status RegionTable::LoadDivisions(const std::string& csv_path) {
  JM_ASSIGN_OR_RETURN(const CsvTable t, ReadCsv(csv_path));
  JM_ASSIGN_OR_RETURN(const size_t c_code, t.Column("code"));
  JM_ASSIGN_OR_RETURN(const size_t c_name, t.Column("name"));
  JM_ASSIGN_OR_RETURN(const size_t c_short, t.Column("short_name"));
  JM_ASSIGN_OR_RETURN(const size_t c_parent, t.Column("parent_code"));
  const std::string& home = regions_.empty() ? std::string() : regions_.front().code;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const std::vector<std::string>& row = t.rows[i];
    Region r;
    r.code = row[c_code];
    r.name = row[c_name];
    r.short_name = row[c_short].empty() ? r.name : row[c_short];
    r.parent_code = row[c_parent];
    switch (r.code.size()) {
      case 2:
        r.level = RegionLevel::kProvince;
        break;
      case 4:
        r.level = RegionLevel::kCity;
        break;
      case 6:
        r.level = RegionLevel::kCounty;
        break;
      default:
        return RowError(t, i, absl::StrCat("code '", r.code, "' is not 2, 4 or 6 digits"));
    }
    if (!AllDigits(r.code) || r.name.empty()) return RowError(t, i, "bad code or empty name");
    if (!home.empty() && absl::StartsWith(r.code, home)) {
      return RowError(t, i, absl::StrCat(r.code, " lies inside the platform's area"));
    }
    const bool root = r.level == RegionLevel::kProvince;
    if (root != r.parent_code.empty() || (!root && (!absl::StartsWith(r.code, r.parent_code) ||
                                                    r.parent_code.size() >= r.code.size() ||
                                                    !outside_by_code_.contains(r.parent_code)))) {
      // Rows come in code order, so a parent is always read before its children.
      return RowError(t, i, absl::StrCat("parent '", r.parent_code, "' cannot contain ", r.code));
    }
    const uint32_t index = static_cast<uint32_t>(regions_.size() + outside_.size());
    if (!outside_by_code_.emplace(r.code, index).second) {
      return RowError(t, i, absl::StrCat("duplicate code ", r.code));
    }
    parent_index_.push_back(root ? -1 : static_cast<int32_t>(outside_by_code_.at(r.parent_code)));
    outside_.push_back(std::move(r));
    const Region& added = outside_.back();
    AddName(added.name, index, /*full=*/true);
    if (added.short_name != added.name) AddName(added.short_name, index, /*full=*/false);
  }
  return absl::OkStatus();
}

const Region* RegionTable::FindDivision(absl::string_view code) const {
  const std::string c = NormalizeCode(code);
  const auto it = outside_by_code_.find(c);
  return it == outside_by_code_.end() ? nullptr : &Node(it->second);
}

void RegionTable::BuildIndexes() {
  parent_index_.assign(regions_.size(), -1);
  children_.assign(regions_.size(), {});
  for (size_t i = 0; i < regions_.size(); ++i) {
    const Region& r = regions_[i];
    if (!r.parent_code.empty()) {
      const size_t p = by_code_.at(r.parent_code);
      parent_index_[i] = static_cast<int32_t>(p);
      children_[p].push_back(static_cast<uint32_t>(i));
    }
    AddName(r.name, static_cast<uint32_t>(i), /*full=*/true);
    if (r.short_name != r.name) AddName(r.short_name, static_cast<uint32_t>(i), /*full=*/false);
  }
}

const Region* RegionTable::FindNormalized(const std::string& code) const {
  std::string c = code;
  // A few hops at most: chains of renames are short.
  for (int hop = 0; hop < 4; ++hop) {
    if (auto it = by_code_.find(c); it != by_code_.end()) return &regions_[it->second];
    if (auto it = successor_.find(c); it != successor_.end()) {
      c = it->second;
      continue;
    }
    // A town or village of a renamed county that the alias table does not list.
    if (c.size() > 6) {
      if (auto it = successor_.find(c.substr(0, 6)); it != successor_.end()) {
        c = it->second + c.substr(6);
        continue;
      }
    }
    return nullptr;
  }
  return nullptr;
}

const Region* RegionTable::Find(absl::string_view code) const {
  const std::string c = NormalizeCode(code);
  return c.empty() ? nullptr : FindNormalized(c);
}

std::string RegionTable::Canonical(absl::string_view code) const {
  const Region* r = Find(code);
  return r == nullptr ? "" : r->code;
}

std::string RegionTable::CountyOf(absl::string_view code) const {
  const Region* r = Find(code);
  if (r == nullptr || r->level < RegionLevel::kCounty) return "";
  while (r->level > RegionLevel::kCounty) r = Parent(*r);
  return r->code;
}

std::vector<const Region*> RegionTable::Children(absl::string_view code) const {
  std::vector<const Region*> out;
  const Region* r = Find(code);
  if (r == nullptr) return out;
  for (uint32_t child : children_[r - regions_.data()]) out.push_back(&regions_[child]);
  return out;
}

const Region* RegionTable::Parent(const Region& region) const {
  const int32_t p = parent_index_[&region - regions_.data()];
  return p < 0 ? nullptr : &regions_[p];
}

bool RegionTable::IsAncestorOrSelf(uint32_t ancestor, uint32_t index) const {
  for (int32_t i = static_cast<int32_t>(index); i >= 0; i = parent_index_[i]) {
    if (static_cast<uint32_t>(i) == ancestor) return true;
  }
  return false;
}

bool RegionTable::IsWithin(absl::string_view code, absl::string_view ancestor) const {
  const Region* r = Find(code);
  const Region* a = Find(ancestor);
  if (r == nullptr || a == nullptr) return false;
  return IsAncestorOrSelf(static_cast<uint32_t>(a - regions_.data()),
                          static_cast<uint32_t>(r - regions_.data()));
}

const RegionTable& DefaultRegions() {
  static const RegionTable* const table = [] {
    const std::string path = RefdataDir() + "/regions.csv";
    absl::StatusOr<RegionTable> t = RegionTable::Load(path);
    if (!t.ok()) {
      std::fprintf(stderr, "cannot load the region table: %s\n", t.status().ToString().c_str());
      std::abort();
    }
    return new RegionTable(std::move(*t));
  }();
  return *table;
}

double DistanceKm(double lng1, double lat1, double lng2, double lat2) {
  constexpr double kEarthRadiusKm = 6371.0088;  // mean radius (IUGG)
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlng = (lng2 - lng1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace jobmatch::refdata
