// Collects bad-input findings field by field and turns them into one
// INVALID_ARGUMENT status carrying a google.rpc.BadRequest, so that the
// transport layer can hand callers every offending field at once.
#ifndef JOBMATCH_SERVICES_COMMON_FIELD_VIOLATIONS_H_
#define JOBMATCH_SERVICES_COMMON_FIELD_VIOLATIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace jobmatch {

// The absl::Status payload key under which a serialized BadRequest travels.
inline constexpr absl::string_view kBadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";

class FieldViolations {
 public:
  FieldViolations() = default;
  // Every field path added later is prefixed with `prefix` + "." (for nested messages).
  explicit FieldViolations(std::string prefix) : prefix_(std::move(prefix)) {}

  // Records that `field` (a dotted path, e.g. "post.salary.min_monthly_cny") is wrong.
  void Add(absl::string_view field, absl::string_view description);
  // Adds all of `other`'s violations.
  void Merge(const FieldViolations& other);

  bool empty() const { return request_.field_violations().empty(); }
  const google::rpc::BadRequest& proto() const { return request_; }

  // OK when empty; otherwise INVALID_ARGUMENT with `message` and the violations.
  absl::Status ToStatus(absl::string_view message = "invalid request") const;

 private:
  std::string prefix_;
  google::rpc::BadRequest request_;
};

// The violations carried by `status` (empty if none).
google::rpc::BadRequest BadRequestOf(const absl::Status& status);

// A single-field INVALID_ARGUMENT.
absl::Status InvalidField(absl::string_view field, absl::string_view description);

}  // namespace jobmatch

#endif  // JOBMATCH_SERVICES_COMMON_FIELD_VIOLATIONS_H_
