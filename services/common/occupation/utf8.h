// Code-point helpers for the occupation classifier's text handling, over the
// services' one UTF-8 codec (services/common/utf8.h).
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_UTF8_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/common/utf8.h"

namespace jobmatch::occupation::internal {

using ::jobmatch::DecodeUtf8;
using ::jobmatch::EncodeUtf8;

// True for CJK unified ideographs (the base block and extension A).
inline bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

inline bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace jobmatch::occupation::internal

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_UTF8_H_
