// The region table: Hunan's cities, counties and townships (GB/T 2260 / NBS
// codes) and Zhuzhou's villages, with names, short names, coordinates (own, or
// the county centroid as fallback) and old codes mapped to their successors
// (430221 -> 430212). Loaded from deploy/refdata/regions.csv, which
// deploy/refdata/derive.py builds from shared reference data.
#ifndef JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_
#define JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_

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
  static absl::StatusOr<RegionTable> Load(const std::string& csv_path);

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

 private:
  std::vector<Region> regions_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  absl::flat_hash_map<std::string, std::string> successor_;
};

// The table from $JOBMATCH_REFDATA_DIR or the checkout's deploy/refdata,
// loaded once on first use. Aborts if it cannot be read (a deployment error).
const RegionTable& DefaultRegions();

// Great-circle distance in km.
double DistanceKm(double lng1, double lat1, double lng2, double lat2);

}  // namespace jobmatch::refdata

#endif  // JOBMATCH_SERVICES_COMMON_REFDATA_REGIONS_H_
