// Trades whose occupation depends on where they are done: a 钣金工 or 喷漆工 in
// a car repair shop (汽修厂, 4S店) is a 汽车维修工 (4-12-01-01), whose work types
// include body, paint, electrics, tyres and car care, though the same words in
// a factory name sheet-metal or coating work; a subject teacher teaches at the
// level of school the title names (初中辅导老师, 高三物理老师).
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_SETTING_RULES_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_SETTING_RULES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jobmatch::occupation {

// The code `code` becomes in the setting that `title` or `description` (as
// written; they are normalised here) names, or `code` itself when neither names a setting that
// changes it. Pure and thread-safe.
std::string CodeInSetting(absl::string_view code, absl::string_view title,
                          absl::string_view description);

}  // namespace jobmatch::occupation

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_SETTING_RULES_H_
