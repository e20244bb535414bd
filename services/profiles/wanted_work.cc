#include "services/profiles/wanted_work.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/profiles/validation.h"

namespace jobmatch::profiles {

void CheckWantedTexts(const google::protobuf::RepeatedPtrField<std::string>& texts,
                      const std::string& path, FieldViolations& v) {
  if (texts.size() > kMaxWantedTexts) v.Add(path, absl::StrCat("at most ", kMaxWantedTexts));
  for (int i = 0; i < texts.size(); ++i) {
    const std::string& text = texts.Get(i);
    const std::string p = absl::StrCat(path, "[", i, "]");
    const size_t length = TextLength(absl::StripAsciiWhitespace(text));
    // Control characters (line breaks included) are refused by the shared
    // text check every request goes through (services/common/text_checks.h).
    if (length == 0 || length > kMaxWantedTextLength) {
      v.Add(p, absl::StrCat("1-", kMaxWantedTextLength, " characters"));
    }
  }
}

void CodeWantedTexts(const occupation::OccupationClassifier& classifier,
                     google::protobuf::RepeatedPtrField<std::string>& codes,
                     google::protobuf::RepeatedPtrField<std::string>& texts) {
  google::protobuf::RepeatedPtrField<std::string> uncoded;
  for (const std::string& text : texts) {
    const occupation::Classification c = classifier.Classify(text);
    const bool known = std::find(codes.begin(), codes.end(), c.code) != codes.end();
    if (c.needs_review || !classifier.occupations().IsDetailed(c.code) ||
        (!known && codes.size() >= kMaxWantedCodes)) {
      *uncoded.Add() = text;
      continue;
    }
    if (!known) *codes.Add() = c.code;
  }
  texts.Swap(&uncoded);
}

}  // namespace jobmatch::profiles
