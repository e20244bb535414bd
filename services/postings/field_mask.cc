#include "services/postings/field_mask.h"

#include <google/protobuf/util/field_mask_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jobmatch::postings {

using google::protobuf::util::FieldMaskUtil;

void ValidateMask(const google::protobuf::FieldMask& mask,
                  const google::protobuf::Descriptor* descriptor,
                  const std::vector<std::string>& fixed, FieldViolations& v) {
  if (mask.paths_size() == 0) {
    v.Add("update_mask", "required: name the fields to change");
    return;
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    const std::string field = absl::StrCat("update_mask.paths[", i, "]");
    if (!FieldMaskUtil::GetFieldDescriptors(descriptor, path, nullptr)) {
      v.Add(field, absl::StrCat("unknown field ", path, " of ", descriptor->name()));
      continue;
    }
    for (const std::string& f : fixed) {
      if (path == f || absl::StartsWith(path, f + ".")) {
        v.Add(field, absl::StrCat(f, " is output only or cannot be changed"));
      }
    }
  }
}

void ApplyMask(const google::protobuf::FieldMask& mask, const google::protobuf::Message& source,
               google::protobuf::Message& target) {
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(source, mask, options, &target);
}

}  // namespace jobmatch::postings
