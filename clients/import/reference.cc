// DefaultReference(): the importer's view of the platform's reference tables.
#include "clients/import/reference.h"

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/common/refdata/occupations.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::import {
namespace {

class RefdataReference final : public Reference {
 public:
  RefdataReference()
      : regions_(refdata::DefaultRegions()),
        occupations_(refdata::DefaultOccupations()),
        classifier_(occupation::DefaultClassifier()) {}

  // A fair's rows name few distinct places, so answers are cached.
  refdata::Place RegionForText(absl::string_view text) const override {
    const std::string key(text);
    {
      absl::MutexLock lock(&mu_);
      if (auto it = region_cache_.find(key); it != region_cache_.end()) return it->second;
    }
    refdata::Place place = regions_.ResolvePlace(text);
    absl::MutexLock lock(&mu_);
    region_cache_.emplace(key, place);
    return place;
  }

  bool IsDetailedOccupation(absl::string_view code) const override {
    return occupations_.IsDetailed(code);
  }

  occupation::Classification ClassifyTitle(absl::string_view title,
                                           absl::string_view description) const override {
    return classifier_.Classify(title, description);
  }

 private:
  const refdata::RegionTable& regions_;
  const refdata::OccupationTable& occupations_;
  const occupation::OccupationClassifier& classifier_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, refdata::Place> region_cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

const Reference& DefaultReference() {
  static const auto* reference = new RefdataReference();
  return *reference;
}

}  // namespace jobmatch::import
