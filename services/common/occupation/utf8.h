// UTF-8 <-> code points for the occupation classifier's text handling. No
// locale, no ICU: job titles need only decoding, folding and re-encoding.
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_UTF8_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jobmatch::occupation::internal {

// The code points of `text`; an invalid byte becomes U+FFFD.
std::u32string DecodeUtf8(absl::string_view text);

// `text` as UTF-8.
std::string EncodeUtf8(std::u32string_view text);

// True for CJK unified ideographs (the base block and extension A).
inline bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

inline bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace jobmatch::occupation::internal

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_UTF8_H_
