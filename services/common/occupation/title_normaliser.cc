#include "services/common/occupation/title_normaliser.h"

#include "absl/strings/ascii.h"

namespace jobmatch::occupation {

std::string NormaliseTitle(absl::string_view title) {
  std::string out;
  out.reserve(title.size());
  // Bytes of multi-byte UTF-8 sequences are never ASCII, so they pass through.
  for (char c : title) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) continue;
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace jobmatch::occupation
