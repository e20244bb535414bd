#include "services/profiles/refdata_regions.h"

#include <iostream>
#include <string>

#include "absl/strings/ascii.h"

#ifdef JOBMATCH_HAVE_REFDATA
#include "services/common/refdata/regions.h"
#endif

namespace jobmatch::profiles {
namespace {

#ifdef JOBMATCH_HAVE_REFDATA
class TableDirectory final : public RegionDirectory {
 public:
  explicit TableDirectory(const refdata::RegionTable& table) : table_(table) {}
  bool IsKnown(absl::string_view code) const override { return table_.IsKnown(code); }
  std::string CountyOf(absl::string_view code) const override {
    std::string county = table_.CountyOf(code);
    return county.empty() ? std::string(code.substr(0, 6)) : county;
  }

 private:
  const refdata::RegionTable& table_;
};
#else
class WellFormedDirectory final : public RegionDirectory {
 public:
  bool IsKnown(absl::string_view code) const override {
    const size_t n = code.size();
    if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12) return false;
    for (char c : code) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    }
    return code[0] >= '1' && code[0] <= '8';
  }
  std::string CountyOf(absl::string_view code) const override {
    return std::string(code.substr(0, 6));
  }
};
#endif

}  // namespace

std::unique_ptr<RegionDirectory> DefaultRegionDirectory() {
#ifdef JOBMATCH_HAVE_REFDATA
  return std::make_unique<TableDirectory>(refdata::DefaultRegions());
#else
  std::cerr << "jobmatch-profiles: built without the region table; accepting any "
               "well-formed region code\n";
  return std::make_unique<WellFormedDirectory>();
#endif
}

}  // namespace jobmatch::profiles
