#include "services/profiles/region_directory.h"

#include <utility>

namespace jobmatch::profiles {

FixedRegionDirectory::FixedRegionDirectory(std::set<std::string> codes) {
  for (const std::string& code : codes) {
    for (size_t len : {2, 4, 6, 9, 12}) {
      if (code.size() >= len) codes_.insert(code.substr(0, len));
    }
  }
}

bool FixedRegionDirectory::IsKnown(absl::string_view code) const {
  return codes_.count(std::string(code)) > 0;
}

std::string FixedRegionDirectory::CountyOf(absl::string_view code) const {
  return std::string(code.substr(0, 6));
}

}  // namespace jobmatch::profiles
