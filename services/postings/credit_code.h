// The unified social credit code (统一社会信用代码, GB 32100-2015): 18
// characters from a 31-character alphabet (digits and capitals without I, O,
// S, V, Z) whose last character is a weighted MOD 31 check over the first 17.
#ifndef JOBMATCH_SERVICES_POSTINGS_CREDIT_CODE_H_
#define JOBMATCH_SERVICES_POSTINGS_CREDIT_CODE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jobmatch::postings {

// True when `code` has 18 characters of the GB 32100 alphabet, digits where
// the region part (characters 3-8) must be digits, and a matching check
// character. Lower-case letters are not accepted.
bool IsValidCreditCode(absl::string_view code);

// The check character for the first 17 characters of `code`, or '\0' if any of
// them is outside the alphabet. Used by tests and the demo generator.
char CreditCodeCheckChar(absl::string_view first17);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_CREDIT_CODE_H_
