// The production RegionDirectory: the shared region table
// (services/common/refdata/regions.h, deploy/refdata/regions.csv).
#ifndef JOBMATCH_SERVICES_PROFILES_REFDATA_REGIONS_H_
#define JOBMATCH_SERVICES_PROFILES_REFDATA_REGIONS_H_

#include <memory>

#include "services/profiles/region_directory.h"

namespace jobmatch::profiles {

// Backed by refdata::DefaultRegions() (loaded on first use; aborts if the
// table cannot be read). In a build without the region table it falls back
// to accepting well-formed codes of known provinces, and says so on stderr.
std::unique_ptr<RegionDirectory> DefaultRegionDirectory();

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_REFDATA_REGIONS_H_
