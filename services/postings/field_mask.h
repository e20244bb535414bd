// Update masks: checks a FieldMask's paths against a message type and copies
// the masked fields from a request's message onto the stored one.
#ifndef JOBMATCH_SERVICES_POSTINGS_FIELD_MASK_H_
#define JOBMATCH_SERVICES_POSTINGS_FIELD_MASK_H_

#include <string>
#include <vector>

#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "services/common/field_violations.h"

namespace jobmatch::postings {

// Adds a violation at "update_mask" (empty mask) or "update_mask.paths[i]" for
// every path that does not name a field of `descriptor`, or that names (or
// lies under) one of `fixed` (output-only or immutable top-level fields).
void ValidateMask(const google::protobuf::FieldMask& mask,
                  const google::protobuf::Descriptor* descriptor,
                  const std::vector<std::string>& fixed, FieldViolations& v);

// Replaces in `target` every field the (already validated) mask names with
// its value in `source`; repeated and message fields are replaced, not merged.
void ApplyMask(const google::protobuf::FieldMask& mask, const google::protobuf::Message& source,
               google::protobuf::Message& target);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_FIELD_MASK_H_
