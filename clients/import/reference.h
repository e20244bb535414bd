// What the importer needs to know about regions and occupations, behind an
// interface so that the parsing code does not care where the tables live.
#ifndef JOBMATCH_CLIENTS_IMPORT_REFERENCE_H_
#define JOBMATCH_CLIENTS_IMPORT_REFERENCE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/common/occupation/classifier.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::import {

// Implementations must be safe to call from several threads at once.
class Reference {
 public:
  virtual ~Reference() = default;
  // What region text names: the most specific platform region ("株洲·天元区"
  // -> in area, "430211"), a place outside the platform's area ("南京·建邺区"
  // -> outside, "江苏省南京市建邺区"), or unknown (nothing, or more than one,
  // matches). See refdata::RegionTable::ResolvePlace.
  virtual refdata::Place RegionForText(absl::string_view text) const = 0;
  // True when `code` is a detailed (level 4) occupation code ("6-18-02-04").
  virtual bool IsDetailedOccupation(absl::string_view code) const = 0;
  // The occupation a job title (helped by its description) names, with how
  // sure the classifier is: occupation::OccupationClassifier::Classify.
  virtual occupation::Classification ClassifyTitle(absl::string_view title,
                                                   absl::string_view description) const = 0;
};

// The platform's reference tables (refdata::DefaultRegions and
// DefaultOccupations) and occupation::DefaultClassifier, loaded on first use. Lives for the whole
// process.
const Reference& DefaultReference();

}  // namespace jobmatch::import

#endif  // JOBMATCH_CLIENTS_IMPORT_REFERENCE_H_
