// The region table: Hunan's cities, counties and townships (GB/T 2260 / NBS
// codes) and Zhuzhou's villages, with names, short names, coordinates (own, or
// the county centroid as fallback) and old codes mapped to their successors
// (430221 -> 430212). Loaded from deploy/refdata/regions.csv, which
// deploy/refdata/derive.py builds from shared reference data.
#ifndef JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_
#define JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::refdata {

enum class RegionLevel { kProvince, kCity, kCounty, kTownship, kVillage };

struct Region {
  std::string code;         // canonical code: 2, 4 (city), 6, 9 or 12 digits
  std::string name;         // 醴陵市
  std::string short_name;   // 醴陵
  std::string parent_code;  // canonical code of the parent; empty for the province
  RegionLevel level;
  double lng = 0;           // GCJ-02 degrees
  double lat = 0;
  bool own_coordinates = false;  // false: lng/lat are a fallback (parent's centroid)
};

// Immutable after Load; safe to share between threads.
class RegionTable {
 public:
  // Reads the derived CSV. INVALID_ARGUMENT if a row is malformed.
  // Old codes and names come from region_aliases.csv in the same folder when
  // that file exists.
  static absl::StatusOr<RegionTable> Load(const std::string& csv_path);
  // Same, with the alias table (old_code,old_name,code) named explicitly; an
  // empty `aliases_csv_path` loads no aliases. INVALID_ARGUMENT if an alias
  // points at an unknown code.
  static absl::StatusOr<RegionTable> Load(const std::string& csv_path,
                                          const std::string& aliases_csv_path);

  // The region for `code`, following old codes to their successors; accepts
  // 6-digit city codes ("430200") as well as 4-digit ones. nullptr if unknown.
  const Region* Find(absl::string_view code) const;
  bool IsKnown(absl::string_view code) const { return Find(code) != nullptr; }
  // Canonical code for `code` (after successor mapping), or "" if unknown.
  std::string Canonical(absl::string_view code) const;
  // The county (6-digit) that contains `code`, or "" if unknown or above county level.
  std::string CountyOf(absl::string_view code) const;
  // Every region, in code order.
  const std::vector<Region>& all() const { return regions_; }

  // The direct children of `code` in code order (counties of a city, ...);
  // empty if unknown or a village.
  std::vector<const Region*> Children(absl::string_view code) const;
  // The parent of `region` (which must belong to this table), or nullptr for the province.
  const Region* Parent(const Region& region) const;
  // True when `code` is `ancestor` or lies inside it (both after successor
  // mapping); false if either is unknown.
  bool IsWithin(absl::string_view code, absl::string_view ancestor) const;

  // The most specific canonical code that free region text names, as job
  // boards and forms write it: "长沙-岳麓区" -> "430104", "湖南省 - 株洲市" ->
  // "4302", "株洲县" -> "430212", "醴陵" -> "430281"; a bare code is
  // canonicalised. Names that fit several regions are settled by the other
  // names in the text (the city of an ambiguous town); "" when nothing matches
  // or the text stays ambiguous or contradicts itself. Town short names and
  // village names only refine a region otherwise named (or stand alone), so
  // street names that happen to equal a far-away town's do not derail it.
  std::string ResolveText(absl::string_view text) const;

 private:
  // One way of writing a region's name, for ResolveText.
  struct NameEntry {
    uint32_t index;  // into regions_
    bool full;       // the official (or an old official) name, not a short form
    bool strong;     // may name a region on its own (see ResolveText)
  };
  using Token = std::vector<uint32_t>;  // candidate regions for one name in the text

  const Region* FindNormalized(const std::string& code) const;
  bool IsAncestorOrSelf(uint32_t ancestor, uint32_t index) const;
  void AddName(const std::string& name, uint32_t index, bool full);
  void BuildIndexes();
  // Splits `text` into the region names it contains (longest name first),
  // sorted into tokens that may name a region on their own and those that may
  // only refine one.
  void Tokenize(absl::string_view text, std::vector<Token>* strong,
                std::vector<Token>* weak) const;
  // The deepest region that the most tokens agree on, or -1 when none or tied.
  int64_t Agree(const std::vector<Token>& tokens) const;

  std::vector<Region> regions_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  absl::flat_hash_map<std::string, std::string> successor_;
  std::vector<int32_t> parent_index_;  // -1 for the province
  std::vector<std::vector<uint32_t>> children_;
  absl::flat_hash_map<std::string, std::vector<NameEntry>> by_name_;
  std::vector<size_t> name_sizes_;  // distinct byte lengths of by_name_ keys, longest first
};

// The table from $JOBMATCH_REFDATA_DIR or the checkout's deploy/refdata,
// loaded once on first use. Aborts if it cannot be read (a deployment error).
const RegionTable& DefaultRegions();

// The folder holding the reference tables: $JOBMATCH_REFDATA_DIR when set,
// else the checkout's deploy/refdata as configured at build time.
std::string RefdataDir();

// Great-circle distance in km.
double DistanceKm(double lng1, double lat1, double lng2, double lat2);

}  // namespace jobmatch::refdata

#endif  // JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_
