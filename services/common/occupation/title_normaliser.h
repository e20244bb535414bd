// The key under which a job title is learned and looked up: two titles that
// staff would code the same way ("焊工 ", "焊 工", "CNC操作工" / "cnc操作工")
// normalise to the same key, so a lesson taught for one codes the others.
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_NORMALISER_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_NORMALISER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jobmatch::occupation {

// `title` (UTF-8) with ASCII letters folded to lower case and ASCII
// whitespace dropped; other characters are kept as they are. Pure and
// thread-safe; "" for a title of whitespace only.
std::string NormaliseTitle(absl::string_view title);

}  // namespace jobmatch::occupation

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_NORMALISER_H_
