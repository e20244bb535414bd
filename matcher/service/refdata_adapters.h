// The matcher's view of the shared reference tables: occupation relations
// for scoring, region centres for posts and homes given without a point, and
// region names for campaign dockets.
#ifndef JOBMATCH_MATCHER_SERVICE_REFDATA_ADAPTERS_H_
#define JOBMATCH_MATCHER_SERVICE_REFDATA_ADAPTERS_H_

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "matcher/domain/convert.h"
#include "matcher/domain/scoring.h"
#include "matcher/service/campaign_planner.h"
#include "services/common/refdata/occupations.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::matcher {

class RefdataRelations final : public OccupationRelations {
 public:
  // `table` must outlive this.
  explicit RefdataRelations(const refdata::OccupationTable* table) : table_(table) {}
  bool Related(absl::string_view a, absl::string_view b) const override {
    return table_->Related(a, b);
  }

 private:
  const refdata::OccupationTable* table_;
};

// Centres from `regions` (which must outlive the returned function).
inline RegionCentre CentresFrom(const refdata::RegionTable* regions) {
  return [regions](absl::string_view code) -> std::optional<GeoPt> {
    const refdata::Region* r = regions->Find(code);
    if (r == nullptr) return std::nullopt;
    return GeoPt{r->lng, r->lat};
  };
}

// Docket names from `regions` (which must outlive the returned function):
// the county, township and village names below the city, so that a field
// team reads where to go ("炎陵县 霞阳镇 山口村").
inline RegionNamer DocketNamesFrom(const refdata::RegionTable* regions) {
  return [regions](const std::string& code) -> std::string {
    std::vector<std::string> parts;
    for (const refdata::Region* r = regions->Find(code); r != nullptr; r = regions->Parent(*r)) {
      if (r->level == refdata::RegionLevel::kCity || r->level == refdata::RegionLevel::kProvince)
        break;
      parts.insert(parts.begin(), r->name);
    }
    return absl::StrJoin(parts, " ");
  };
}

// The codes of the three cities of 长株潭 (Changsha, Zhuzhou, Xiangtan), as
// the region table has them: the area of a CZT graduate season
// (domain/campaign_rules.h). Fewer than three if the table lacks one.
inline std::vector<std::string> CztCitiesFrom(const refdata::RegionTable* regions) {
  std::vector<std::string> codes;
  for (const refdata::Region& r : regions->all()) {
    if (r.level == refdata::RegionLevel::kCity &&
        (r.name == "长沙市" || r.name == "株洲市" || r.name == "湘潭市")) {
      codes.push_back(r.code);
    }
  }
  return codes;
}

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_REFDATA_ADAPTERS_H_
