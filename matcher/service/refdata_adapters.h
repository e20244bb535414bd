// The matcher's view of the shared reference tables: occupation relations
// for scoring and region centres for posts and homes given without a point.
#ifndef JOBMATCH_MATCHER_SERVICE_REFDATA_ADAPTERS_H_
#define JOBMATCH_MATCHER_SERVICE_REFDATA_ADAPTERS_H_

#include "matcher/domain/convert.h"
#include "matcher/domain/scoring.h"
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

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_SERVICE_REFDATA_ADAPTERS_H_
