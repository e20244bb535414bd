// For tests of any service: what an INVALID_ARGUMENT named.
#ifndef JOBMATCH_SERVICES_COMMON_TESTING_VIOLATION_FIELDS_H_
#define JOBMATCH_SERVICES_COMMON_TESTING_VIOLATION_FIELDS_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

namespace jobmatch::testing {

// The field paths of the BadRequest carried by `status` (none when it has none).
std::vector<std::string> ViolationFields(const grpc::Status& status);

}  // namespace jobmatch::testing

#endif  // JOBMATCH_SERVICES_COMMON_TESTING_VIOLATION_FIELDS_H_
