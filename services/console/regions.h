// The region table's places with coordinates (deploy/refdata/regions.csv),
// for the dashboard's map: counties and townships of a city.
#ifndef JOBMATCH_SERVICES_CONSOLE_REGIONS_H_
#define JOBMATCH_SERVICES_CONSOLE_REGIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jobmatch::console {

struct Place {
  std::string code, name, parent_code, level;  // level: county, township, ...
  double lng = 0, lat = 0;
};

// The rows of regions.csv (code,name,short_name,parent_code,level,lng,lat,own_coords).
// NOT_FOUND for an unreadable file, INVALID_ARGUMENT naming the line of a bad row.
absl::StatusOr<std::vector<Place>> LoadPlaces(const std::string& file);

// The counties and townships under `prefix`, as JSON {"places":[{code,name,
// parent_code,level,lng,lat}]}.
std::string PlacesJson(const std::vector<Place>& places, absl::string_view prefix);

}  // namespace jobmatch::console

#endif  // JOBMATCH_SERVICES_CONSOLE_REGIONS_H_
