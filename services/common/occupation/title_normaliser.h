// The one normal form of a job title, used as the key of the title lexicon and
// of titles taught by reviewers: "【急招】株洲·高级电焊工（包吃住）月入8000+"
// and "電焊工" style variants of the same job all become "电焊工".
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_NORMALISER_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_NORMALISER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jobmatch::occupation {

// Folds full-width forms to half-width and ASCII to lower case; drops
// bracketed text that holds pay, benefits, places, shifts or urgency
// (【急招】, （包吃住）, (长白班)) and keeps other bracketed words without their
// brackets; drops pay figures (月入8000+, 5k), place prefixes (株洲·, 醴陵),
// grade and hiring modifiers (高级, 资深, 熟练, 学徒, 储备, 实习, 长期, 急招, 日结,
// 临时, 兼职, ...) as long as at least two characters remain; and finally keeps
// only Han characters, ASCII letters and digits. Pure and thread-safe; the
// result is "" only for a title without such characters.
std::string NormaliseTitle(absl::string_view title);

}  // namespace jobmatch::occupation

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_TITLE_NORMALISER_H_
