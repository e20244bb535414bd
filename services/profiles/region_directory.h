// The one question the profiles domain asks about places: is this a known
// region code? Behind an interface so that the domain and its tests do not
// depend on how the region table is loaded.
#ifndef JOBMATCH_SERVICES_PROFILES_REGION_DIRECTORY_H_
#define JOBMATCH_SERVICES_PROFILES_REGION_DIRECTORY_H_

#include <set>
#include <string>

#include "absl/strings/string_view.h"

namespace jobmatch::profiles {

// Implementations must be thread-safe.
class RegionDirectory {
 public:
  virtual ~RegionDirectory() = default;
  // True for a known code (current or an old code with a successor).
  virtual bool IsKnown(absl::string_view code) const = 0;
  // The county (6 digits) containing `code`; its first 6 characters if unknown.
  virtual std::string CountyOf(absl::string_view code) const = 0;
};

// A fixed list of codes; every prefix (2, 4 and 6 digits) of a listed code
// is known too. For tests and for tools without the region table.
class FixedRegionDirectory final : public RegionDirectory {
 public:
  explicit FixedRegionDirectory(std::set<std::string> codes);
  bool IsKnown(absl::string_view code) const override;
  std::string CountyOf(absl::string_view code) const override;

 private:
  std::set<std::string> codes_;
};

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_REGION_DIRECTORY_H_
