// The one UTF-8 codec of the services: strict decoding of untrusted text, and
// code points <-> UTF-8 for the text handling built on it. No locale, no ICU.
#ifndef JOBMATCH_SERVICES_COMMON_UTF8_H_
#define JOBMATCH_SERVICES_COMMON_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jobmatch {

// Decodes the code point at `text[*i]` (which must be < text.size()) into
// `*out` and advances `*i` past it; false, leaving both alone, on invalid
// UTF-8: a bad lead or continuation byte, a truncated or overlong sequence, a
// surrogate, or a value above U+10FFFF.
bool NextCodePoint(absl::string_view text, size_t* i, char32_t* out);

// The code points of `text`; each byte that starts no valid sequence becomes U+FFFD.
std::u32string DecodeUtf8(absl::string_view text);

// `text` as UTF-8.
std::string EncodeUtf8(std::u32string_view text);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_UTF8_H_
