// Work wanted in a person's own words ("月嫂", "想进厂做普工"), as typed into
// the app's search box or a field tablet, coded into occupation codes by the
// classifier that codes post titles.
#ifndef JOBMATCH_SERVICES_PROFILES_WANTED_WORK_H_
#define JOBMATCH_SERVICES_PROFILES_WANTED_WORK_H_

#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "services/common/field_violations.h"
#include "services/common/occupation/classifier.h"

namespace jobmatch::profiles {

inline constexpr int kMaxWantedTexts = 10;
inline constexpr int kMaxWantedTextLength = 50;  // code points
inline constexpr int kMaxWantedCodes = 20;

// At most kMaxWantedTexts texts, each 1-kMaxWantedTextLength characters
// without control characters. Violations at "<path>" and "<path>[i]".
void CheckWantedTexts(const google::protobuf::RepeatedPtrField<std::string>& texts,
                      const std::string& path, FieldViolations& v);

// Codes each text: one the classifier codes with confidence (no review
// needed) leaves `texts` and its detailed code is appended to `codes`, unless
// already there or `codes` is full (kMaxWantedCodes); the others stay in
// `texts`, in their order, for staff or a later, better-taught classifier.
void CodeWantedTexts(const occupation::OccupationClassifier& classifier,
                     google::protobuf::RepeatedPtrField<std::string>& codes,
                     google::protobuf::RepeatedPtrField<std::string>& texts);

}  // namespace jobmatch::profiles

#endif  // JOBMATCH_SERVICES_PROFILES_WANTED_WORK_H_
