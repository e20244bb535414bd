#include "services/common/field_violations.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace jobmatch {

void FieldViolations::Add(absl::string_view field, absl::string_view description) {
  auto* v = request_.add_field_violations();
  v->set_field(prefix_.empty() ? std::string(field) : absl::StrCat(prefix_, ".", field));
  v->set_description(std::string(description));
}

void FieldViolations::Merge(const FieldViolations& other) {
  for (const auto& v : other.request_.field_violations()) Add(v.field(), v.description());
}

absl::Status FieldViolations::ToStatus(absl::string_view message) const {
  if (empty()) return absl::OkStatus();
  std::string text(message);
  for (const auto& v : request_.field_violations()) {
    absl::StrAppend(&text, "; ", v.field(), ": ", v.description());
  }
  absl::Status status = absl::InvalidArgumentError(text);
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(request_.SerializeAsString()));
  return status;
}

google::rpc::BadRequest BadRequestOf(const absl::Status& status) {
  google::rpc::BadRequest out;
  if (auto payload = status.GetPayload(kBadRequestTypeUrl)) {
    out.ParseFromString(std::string(*payload));
  }
  return out;
}

absl::Status InvalidField(absl::string_view field, absl::string_view description) {
  FieldViolations v;
  v.Add(field, description);
  return v.ToStatus();
}

}  // namespace jobmatch
